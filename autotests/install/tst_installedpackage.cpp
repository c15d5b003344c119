// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The installed package as a user gets it: `cmake --install` into a temporary prefix, the
// prefix then moved elsewhere (nothing may point back into it or into the build tree),
// the installed tools run msgpack calls and the sql storage plugin, and an application
// outside the tree is configured with find_package(QtPyro REQUIRED COMPONENTS Core) and
// nothing but CMAKE_PREFIX_PATH, built and run. No QTPYRO_PLUGIN_PATH anywhere: the
// plugins must be found next to the installed library, never in the build tree.

#include "pyrotestprocess.h"

#include "pyrouri.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_InstalledPackage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void installedFiles_data();
    void installedFiles();
    void installedToolsUseInstalledPlugins();
    void outOfTreeApplication();
    void outOfTreeQmlApplication();
    void missingPluginNamesTheInstallFolder();

private:
    QString prefixPath(const QString &relative) const { return m_prefix + u'/' + relative; }
    // Our tools and the app, as a user runs them: no plugin path, no library path.
    QProcessEnvironment userEnvironment() const;
    // Runs a build step (cmake) to completion; fails the test with its output otherwise.
    bool runStep(const QString &program, const QStringList &arguments, int timeoutMs, QString *output);
    // Configures (against the moved prefix) and builds an application outside the tree.
    bool buildApplication(const QString &source, const QString &buildDir);
    // What a program can reach at run time: an ELF file without its debug sections (their
    // DW_AT_comp_dir names the build directory, as in any build with debug info, and is
    // only read by a debugger). In a sanitizer build only its dynamic section (RUNPATH,
    // NEEDED): ASan and UBSan keep each instrumented file's path for their reports, and
    // GCC 12 applies no prefix map to those.
    QByteArray loadableContents(const QString &path, QString *error);

    QTemporaryDir m_tmp;
    QString m_prefix;
    QString m_buildRoot;
};

void tst_InstalledPackage::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_buildRoot = QDir(QStringLiteral(QTPYRO_BUILD_ROOT)).canonicalPath();
    const QString stage = m_tmp.filePath(u"stage"_s);
    QString output;
    QVERIFY(runStep(QStringLiteral(QTPYRO_CMAKE_COMMAND),
                    {u"--install"_s, m_buildRoot, u"--prefix"_s, stage}, 120000, &output));
    // A prefix must work wherever it ends up: move it away from where it was installed to.
    m_prefix = m_tmp.filePath(u"moved/prefix"_s);
    QVERIFY(QDir().mkpath(m_tmp.filePath(u"moved"_s)));
    QVERIFY(QDir().rename(stage, m_prefix));
    m_prefix = QDir(m_prefix).canonicalPath();
}

QProcessEnvironment tst_InstalledPackage::userEnvironment() const
{
    QProcessEnvironment env = toolEnvironment();
    for (const QString &name : {u"QTPYRO_PLUGIN_PATH"_s, u"QTPYRO_IGNORE_BUILD_PLUGINS"_s, u"LD_LIBRARY_PATH"_s,
                                u"QT_PLUGIN_PATH"_s})
        env.remove(name);
    // Say which plugin files are loaded.
    env.insert(u"QT_LOGGING_RULES"_s, u"qtpyro.plugins.debug=true"_s);
    return env;
}

bool tst_InstalledPackage::runStep(const QString &program, const QStringList &arguments, int timeoutMs,
                                   QString *output)
{
    const PyroToolRun run = runTool(program, arguments, QProcessEnvironment::systemEnvironment(), {}, timeoutMs);
    *output = run.out + run.err;
    if (run.exitCode != 0) {
        qWarning().noquote() << program << arguments.join(u' ') << "failed:\n" << *output;
        return false;
    }
    return true;
}

QByteArray tst_InstalledPackage::loadableContents(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + u": "_s + file.errorString();
        return {};
    }
    QByteArray contents = file.readAll();
    if (!contents.startsWith("\x7f" "ELF"))
        return contents;
#ifdef QTPYRO_TEST_SANITIZE
    const QStringList tool = {u"readelf"_s, u"-d"_s, path};
#else
    const QString stripped = m_tmp.filePath(u"stripped-"_s + QFileInfo(path).fileName());
    const QStringList tool = {u"objcopy"_s, u"--strip-debug"_s, path, stripped};
#endif
    const QString program = QStandardPaths::findExecutable(tool.first());
    if (program.isEmpty()) {
        *error = tool.first() + u" (binutils) not found"_s;
        return {};
    }
    QString output;
    if (!runStep(program, tool.mid(1), 60000, &output)) {
        *error = output;
        return {};
    }
#ifdef QTPYRO_TEST_SANITIZE
    return output.toUtf8();
#else
    QFile strippedFile(stripped);
    if (!strippedFile.open(QIODevice::ReadOnly)) {
        *error = stripped + u": "_s + strippedFile.errorString();
        return {};
    }
    return strippedFile.readAll();
#endif
}

void tst_InstalledPackage::installedFiles_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("tool pyro-call") << u"bin/pyro-call"_s;
    QTest::newRow("tool pyro-ns") << u"bin/pyro-ns"_s;
    QTest::newRow("tool pyro-nsc") << u"bin/pyro-nsc"_s;
    QTest::newRow("tool pyro-echoserver") << u"bin/pyro-echoserver"_s;
    QTest::newRow("tool pyro-browser") << u"bin/pyro-browser"_s;
    QTest::newRow("demo") << u"bin/pyro-demo"_s;
    QTest::newRow("library") << u"lib/libQtPyro.so"_s;
    QTest::newRow("msgpack plugin") << u"lib/qt6/plugins/pyro/libqtpyro_msgpack.so"_s;
    QTest::newRow("sql plugin") << u"lib/qt6/plugins/pyro/libqtpyro_sqlstorage.so"_s;
    QTest::newRow("package config") << u"lib/cmake/QtPyro/QtPyroConfig.cmake"_s;
    QTest::newRow("lower-case header") << u"include/QtPyro/pyroproxy.h"_s;
    QTest::newRow("CamelCase header") << u"include/QtPyro/PyroProxy"_s;
    QTest::newRow("class in another's header") << u"include/QtPyro/PyroCallOptions"_s;
    QTest::newRow("namespace header") << u"include/QtPyro/PyroValues"_s;
    QTest::newRow("umbrella header") << u"include/QtPyro/QtPyro"_s;
#ifdef QTPYRO_QML_APP_SOURCE
    QTest::newRow("qml library") << u"lib/libQtPyroQml.so"_s;
    QTest::newRow("qml plugin") << u"lib/qt6/qml/QtPyro/libQtPyroQmlplugin.so"_s;
    QTest::newRow("qmldir") << u"lib/qt6/qml/QtPyro/qmldir"_s;
    QTest::newRow("qmltypes") << u"lib/qt6/qml/QtPyro/QtPyroQml.qmltypes"_s;
#endif
}

void tst_InstalledPackage::installedFiles()
{
    QFETCH(QString, path);
    // As good as a removed build tree: no installed file names it (no compiled-in plugin
    // folder, no build RPATH), so nothing installed can reach it.
    QString error;
    const QByteArray contents = loadableContents(prefixPath(path), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const qsizetype at = contents.indexOf(m_buildRoot.toUtf8() + '/');
    // Say where, so a failure on another machine can be read from its log alone.
    QVERIFY2(at < 0, qPrintable(path + u" names the build tree at byte %1: "_s.arg(at)
                                + QString::fromLatin1(contents.mid(at, 160).replace('\0', ' '))));
}

void tst_InstalledPackage::installedToolsUseInstalledPlugins()
{
    const QProcessEnvironment env = userEnvironment();
    const QString pluginDir = prefixPath(u"lib/qt6/plugins/pyro/"_s);

    PyroTestProcess ns;
    ns.setEnvironment(env);
    const QString nsUri = ns.start(prefixPath(u"bin/pyro-ns"_s),
                                   {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s, u"-s"_s,
                                    u"sql:"_s + m_tmp.filePath(u"names.sqlite"_s)},
                                   QRegularExpression(u"URI = (PYRO:\\S+)"_s));
    QVERIFY2(!nsUri.isEmpty(), qPrintable(ns.errorString()));
    QVERIFY2(ns.output().contains(u"loaded plugin"_s) && ns.output().contains(pluginDir + u"libqtpyro_sqlstorage.so"_s),
             qPrintable(ns.output()));
    const QString port = QString::number(PyroUri(nsUri).port());

    QProcessEnvironment echoEnv = env;
    echoEnv.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    echoEnv.insert(u"PYRO_NS_PORT"_s, port);
    PyroTestProcess echo;
    echo.setEnvironment(echoEnv);
    const QString echoUri = echo.start(prefixPath(u"bin/pyro-echoserver"_s), {u"-n"_s, u"-v"_s, u"-H"_s, u"127.0.0.1"_s},
                                       QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!echoUri.isEmpty(), qPrintable(echo.errorString()));

    const PyroToolRun call = runTool(prefixPath(u"bin/pyro-call"_s),
                                     {u"-s"_s, u"msgpack"_s, u"-n"_s, u"127.0.0.1"_s, u"-p"_s, port,
                                      u"PYRONAME:test.echoserver"_s, u"echo"_s, u"{'a': [1, 2], 'b': b'\\x00'}"_s},
                                     env);
    QVERIFY2(call.exitCode == 0, qPrintable(call.err));
    QCOMPARE(call.out, u"{'a':[1,2],'b':b'\\x00'}\n"_s); // pyro-call's compact form
    QVERIFY2(call.err.contains(pluginDir + u"libqtpyro_msgpack.so"_s), qPrintable(call.err));
    QVERIFY2(!call.err.contains(m_buildRoot), qPrintable(call.err));

    // The sql storage holds the registration.
    const PyroToolRun list = runTool(prefixPath(u"bin/pyro-nsc"_s),
                                     {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, port, u"list"_s}, env);
    QVERIFY2(list.exitCode == 0, qPrintable(list.err));
    QVERIFY2(list.out.contains(u"test.echoserver"_s), qPrintable(list.out));
}

bool tst_InstalledPackage::buildApplication(const QString &source, const QString &buildDir)
{
    QStringList configure{u"-S"_s, source, u"-B"_s, buildDir,
                          u"-G"_s, QStringLiteral(QTPYRO_CMAKE_GENERATOR),
                          u"-DCMAKE_BUILD_TYPE=Debug"_s,
                          u"-DCMAKE_PREFIX_PATH="_s + m_prefix,
                          u"-DCMAKE_CXX_COMPILER="_s + QStringLiteral(QTPYRO_CXX_COMPILER)};
    if (!QStringLiteral(QTPYRO_CXX_LAUNCHER).isEmpty())
        configure << u"-DCMAKE_CXX_COMPILER_LAUNCHER="_s + QStringLiteral(QTPYRO_CXX_LAUNCHER);
#ifdef QTPYRO_TEST_SANITIZE
    // An ASan-instrumented libQtPyro needs the runtime loaded first: the app is built so too.
    configure << u"-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined"_s
              << u"-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined"_s;
#endif
    QString output;
    return runStep(QStringLiteral(QTPYRO_CMAKE_COMMAND), configure, 120000, &output)
        && runStep(QStringLiteral(QTPYRO_CMAKE_COMMAND), {u"--build"_s, buildDir}, 180000, &output);
}

void tst_InstalledPackage::outOfTreeApplication()
{
    const QString buildDir = m_tmp.filePath(u"app-build"_s);
    QVERIFY(buildApplication(QStringLiteral(QTPYRO_APP_SOURCE), buildDir));

    const QString app = buildDir + u"/installedapp"_s;
    const PyroToolRun run = runTool(app, {m_tmp.filePath(u"app.sqlite"_s)}, userEnvironment(), {}, 60000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QCOMPARE(run.out, u"OK [1, 'two', 3.5] obj\n"_s);
    QVERIFY2(run.err.contains(prefixPath(u"lib/qt6/plugins/pyro/libqtpyro_msgpack.so"_s)), qPrintable(run.err));
    QVERIFY2(run.err.contains(prefixPath(u"lib/qt6/plugins/pyro/libqtpyro_sqlstorage.so"_s)), qPrintable(run.err));
    QVERIFY2(!run.err.contains(m_buildRoot), qPrintable(run.err));
}

// `import QtPyro` from a fresh application that knows nothing but the moved prefix.
void tst_InstalledPackage::outOfTreeQmlApplication()
{
#ifndef QTPYRO_QML_APP_SOURCE
    QSKIP("QtPyro was built without its QML module");
#else
    const QString buildDir = m_tmp.filePath(u"qmlapp-build"_s);
    QVERIFY(buildApplication(QStringLiteral(QTPYRO_QML_APP_SOURCE), buildDir));

    QProcessEnvironment env = userEnvironment();
    env.insert(u"QT_LOGGING_RULES"_s, u"qt.qml.import.debug=true"_s);   // which module files are loaded
    for (const QString &name : {u"QML_IMPORT_PATH"_s, u"QML2_IMPORT_PATH"_s})
        env.remove(name);
    const PyroToolRun run = runTool(buildDir + u"/installedqmlapp"_s, {}, env, {}, 60000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.err.contains(u"OK hello qml"_s), qPrintable(run.err));
    QVERIFY2(run.err.contains(prefixPath(u"lib/qt6/qml/QtPyro"_s)), qPrintable(run.err));
    QVERIFY2(!run.err.contains(m_buildRoot + u'/'), qPrintable(run.err));
#endif
}

void tst_InstalledPackage::missingPluginNamesTheInstallFolder()
{
    // Last: takes the msgpack plugin away from the prefix.
    QVERIFY(QFile::remove(prefixPath(u"lib/qt6/plugins/pyro/libqtpyro_msgpack.so"_s)));
    QProcessEnvironment env = userEnvironment();
    env.remove(u"QT_LOGGING_RULES"_s);
    const PyroToolRun call = runTool(prefixPath(u"bin/pyro-call"_s),
                                     {u"-s"_s, u"msgpack"_s, u"PYRO:obj@127.0.0.1:%1"_s.arg(freeTcpPort()), u"echo"_s},
                                     env);
    QVERIFY(call.exitCode != 0);
    QVERIFY2(call.err.contains(u"serializer msgpack (id 4) is not available: plugin not found in"_s), qPrintable(call.err));
    QVERIFY2(call.err.contains(prefixPath(u"lib/qt6/plugins/pyro"_s)), qPrintable(call.err));
    QVERIFY2(!call.err.contains(m_buildRoot), qPrintable(call.err));
}

QTEST_GUILESS_MAIN(tst_InstalledPackage)
#include "tst_installedpackage.moc"
