// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Where plugins are searched: QTPYRO_PLUGIN_PATH, then qt6/plugins/pyro next to libQtPyro
// (the build tree's plugin folder only because the build tree's library sits next to it),
// then pyro/ below Qt's library paths. No build-tree path is compiled into the library, so
// an installed program can never load code from a build tree.

#include "pyroplugins_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_PyroPluginDirs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void ownFolderIsNextToTheLibrary();
    void order_data();
    void order();
    void noBuildTreePathInTheLibrary();

private:
    QByteArray m_pluginPath;
};

void tst_PyroPluginDirs::init()
{
    m_pluginPath = qgetenv("QTPYRO_PLUGIN_PATH");
}

void tst_PyroPluginDirs::cleanup()
{
    qputenv("QTPYRO_PLUGIN_PATH", m_pluginPath);
    qunsetenv("QTPYRO_IGNORE_BUILD_PLUGINS");
}

void tst_PyroPluginDirs::ownFolderIsNextToTheLibrary()
{
    const QString own = PyroPlugins::ownPluginDirectory();
    QVERIFY2(own.endsWith(u"/qt6/plugins/pyro"_s), qPrintable(own));
    // In the build tree that is where the plugins are built to.
    QCOMPARE(QFileInfo(own).canonicalFilePath(), QFileInfo(QStringLiteral(QTPYRO_BUILD_PLUGIN_DIR)).canonicalFilePath());
    QVERIFY(QFileInfo::exists(QDir(own).absoluteFilePath(u"../../../libQtPyro.so"_s)));
}

void tst_PyroPluginDirs::order_data()
{
    QTest::addColumn<QString>("pluginPath");
    QTest::addColumn<bool>("ignoreOwn");
    QTest::newRow("plain") << QString() << false;
    QTest::newRow("QTPYRO_PLUGIN_PATH first") << u"/opt/a:/opt/b"_s << false;
    QTest::newRow("own folder hidden") << u"/opt/a"_s << true;
}

void tst_PyroPluginDirs::order()
{
    QFETCH(QString, pluginPath);
    QFETCH(bool, ignoreOwn);
    qputenv("QTPYRO_PLUGIN_PATH", pluginPath.toLocal8Bit());
    if (ignoreOwn)
        qputenv("QTPYRO_IGNORE_BUILD_PLUGINS", "1");

    QStringList expected = pluginPath.split(u':', Qt::SkipEmptyParts);
    if (!ignoreOwn)
        expected.append(PyroPlugins::ownPluginDirectory());
    for (const QString &path : QCoreApplication::libraryPaths())
        expected.append(path + u"/pyro"_s);
    expected.removeDuplicates();
    QCOMPARE(PyroPlugins::searchDirectories(), expected);

    QString searched;
    QVERIFY(!PyroPlugins::load("org.qtpyro.NoSuchInterface", [](const QJsonObject &) { return true; }, &searched));
    QCOMPARE(searched, expected.join(u", "_s));
}

void tst_PyroPluginDirs::noBuildTreePathInTheLibrary()
{
    QFile library(QDir(PyroPlugins::ownPluginDirectory()).absoluteFilePath(u"../../../libQtPyro.so"_s));
    QVERIFY2(library.open(QIODevice::ReadOnly), qPrintable(library.fileName()));
    const QByteArray bytes = library.readAll();
    QVERIFY(!bytes.isEmpty());
    QVERIFY2(!bytes.contains(QByteArrayLiteral(QTPYRO_BUILD_PLUGIN_DIR)), QTPYRO_BUILD_PLUGIN_DIR);
    // The old location (build/plugins/pyro) is gone as well.
    QVERIFY(!bytes.contains(QByteArrayLiteral(QTPYRO_BUILD_ROOT "/plugins/pyro")));
}

QTEST_GUILESS_MAIN(tst_PyroPluginDirs)
#include "tst_pyroplugindirs.moc"
