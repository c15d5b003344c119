// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The real Python Pyro5 client against pyro-echoserver (QtPyro's daemon), in all four
// serializers: every value type echoed back exactly as the serializer itself keeps it,
// exception classes with remote tracebacks, oneway, generators, attributes, batches,
// metadata, the daemon object; plus name server registration (-n), a Unix socket, and
// shutdown(). Needs PYRO5_SRC (a Pyro5 source tree); skipped without it.

#include "pyropythonchecks.h"
#include "pyrotestprocess.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {
const QStringList serializers{u"serpent"_s, u"marshal"_s, u"json"_s, u"msgpack"_s};

QProcessEnvironment pythonEnv()
{
    QProcessEnvironment env = PyroTestProcess::pythonEnvironment();
    env.insert(u"TZ"_s, u"UTC"_s);
    return env;
}

QProcessEnvironment toolEnv()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(u"PYRO_"_s))
            env.remove(key);
    }
    env.insert(u"TZ"_s, u"UTC"_s);
    return env;
}

QString script()
{
    return QStringLiteral(QTPYRO_INTEROP_DIR) + u"/echoserver_client.py"_s;
}
} // namespace

class tst_PyroEchoServerInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pythonClient_data();
    void pythonClient();
    void nameServerRegistration();
    void unixSocket();
    void compression();
    void shutdownExitsCleanly();

private:
    PyroTestProcess m_server;
    QString m_uri;
    PyroPythonChecks m_checks;
};

void tst_PyroEchoServerInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set to a Pyro5 source tree");
    m_server.setEnvironment(toolEnv());
    m_uri = m_server.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s},
                           QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!m_uri.isEmpty(), qPrintable(m_server.errorString()));
    QVERIFY(m_uri.startsWith(u"PYRO:test.echoserver@127.0.0.1:"_s));

    for (const QString &serializer : serializers)
        m_checks.run(serializer, {script(), m_uri, serializer}, pythonEnv());
}

void tst_PyroEchoServerInterop::pythonClient_data()
{
    m_checks.addRows();
}

void tst_PyroEchoServerInterop::pythonClient()
{
    QFETCH(QString, serializer);
    QFETCH(QString, check);
    m_checks.verify(serializer, check);
}

void tst_PyroEchoServerInterop::nameServerRegistration()
{
    PyroTestProcess ns;
    ns.setEnvironment(pythonEnv());
    const QString nsUri = ns.start(PyroTestProcess::python(), {u"-m"_s, u"Pyro5.nameserver"_s, u"-n"_s, u"127.0.0.1"_s,
                                                               u"-p"_s, u"0"_s, u"-x"_s},
                                   QRegularExpression(u"URI = (PYRO:\\S+)"_s));
    QVERIFY2(!nsUri.isEmpty(), qPrintable(ns.errorString()));
    const QString port = nsUri.section(u':', -1);

    QProcessEnvironment env = toolEnv();
    env.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    env.insert(u"PYRO_NS_PORT"_s, port);
    PyroTestProcess server;
    server.setEnvironment(env);
    const QString uri = server.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-n"_s, u"-v"_s, u"-H"_s, u"127.0.0.1"_s},
                                     QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!uri.isEmpty(), qPrintable(server.errorString()));
    QVERIFY2(server.output().contains(u"using name server at PYRO:Pyro.NameServer@127.0.0.1:"_s + port), qPrintable(server.output()));

    QProcessEnvironment penv = pythonEnv();
    penv.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    penv.insert(u"PYRO_NS_PORT"_s, port);
    const PyroToolRun run = runTool(PyroTestProcess::python(),
                                    {u"-c"_s, u"from Pyro5.api import Proxy\n"
                                              u"p = Proxy('PYRONAME:test.echoserver')\n"
                                              u"print(p.echo('via the name server'))\n"_s},
                                    penv, {}, 30000);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), u"via the name server"_s);
}

void tst_PyroEchoServerInterop::unixSocket()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"echo.sock"_s);
    PyroTestProcess server;
    server.setEnvironment(toolEnv());
    const QString uri = server.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-u"_s, path},
                                     QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QCOMPARE(uri, u"PYRO:test.echoserver@./u:"_s + path);
    const PyroToolRun run = runTool(PyroTestProcess::python(),
                                    {u"-c"_s, u"import sys\nfrom Pyro5.api import Proxy\n"
                                              u"print(Proxy(sys.argv[1]).echo(['over', 'a', 'unix socket']))\n"_s, uri},
                                    pythonEnv(), {}, 30000);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), u"['over', 'a', 'unix socket']"_s);
}

void tst_PyroEchoServerInterop::compression()
{
    QProcessEnvironment env = toolEnv();
    env.insert(u"PYRO_COMPRESSION"_s, u"true"_s);
    PyroTestProcess server;
    server.setEnvironment(env);
    const QString uri = server.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-H"_s, u"127.0.0.1"_s},
                                     QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!uri.isEmpty(), qPrintable(server.errorString()));
    QProcessEnvironment penv = pythonEnv();
    penv.insert(u"PYRO_COMPRESSION"_s, u"true"_s);
    const PyroToolRun run = runTool(PyroTestProcess::python(),
                                    {u"-c"_s, u"import sys\nfrom Pyro5.api import Proxy\n"
                                              u"v = {'text': 'abc' * 10000, 'n': list(range(1000))}\n"
                                              u"print(Proxy(sys.argv[1]).echo(v) == v)\n"_s, uri},
                                    penv, {}, 30000);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), u"True"_s);
}

void tst_PyroEchoServerInterop::shutdownExitsCleanly()
{
    const PyroToolRun run = runTool(PyroTestProcess::python(),
                                    {u"-c"_s, u"import sys\nfrom Pyro5.api import Proxy\n"
                                              u"print(Proxy(sys.argv[1]).shutdown())\n"_s, m_uri},
                                    pythonEnv(), {}, 30000);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), u"None"_s);
    QCOMPARE(m_server.waitForExit(5000), 0);
}

QTEST_MAIN(tst_PyroEchoServerInterop)
#include "tst_pyroechoserverinterop.moc"
