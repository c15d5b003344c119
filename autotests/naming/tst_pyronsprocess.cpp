// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-ns as a process: its output (the URI line at once), broadcast discovery on
// loopback (and -x), Unix sockets, NAT, option errors, sql:FILE registrations surviving
// SIGTERM and a restart, every pyro-nsc command against it, pyro-echoserver -n/-N, and
// two pyro-ns on one throw-away PostgreSQL registry. Discovery only ever goes to
// 127.0.0.1 on non-default ports. No Python needed.

#include "pyrolocator.h"
#include "pyronameserverproxy.h"
#include "pyrocallreply.h"
#include "pyrostorage.h"
#include "pyrotestpostgres.h"
#include "pyrotestprocess.h"

#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QUdpSocket>
#include <QtTest/QTest>

#include <csignal>
#include <sys/types.h>

using namespace Qt::StringLiterals;

namespace {

const QRegularExpression uriLine(u"URI = (PYRO:\\S+)"_s);

} // namespace

class tst_PyroNsProcess : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void output();
    void broadcastDiscovery();
    void noBroadcast();
    void unixSocket();
    void nat();
    void optionErrors_data();
    void optionErrors();
    void sqlSurvivesSigterm();
    void nsc_data();
    void nsc();
    void nscRemoveMatching();
    void echoServerNaming();
    void echoServerEmbeddedNameServer();
    void postgresSharedRegistry();

private:
    PyroToolRun nscRun(quint16 port, const QStringList &args, const QByteArray &input = {},
                       const QProcessEnvironment &env = toolEnvironment())
    {
        return runTool(PyroTestProcess::tool(u"pyro-nsc"_s),
                       QStringList{u"-n"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(port)} + args, env, input);
    }
    QString startNs(PyroTestProcess *process, const QStringList &args,
                    const QProcessEnvironment &env = toolEnvironment())
    {
        process->setEnvironment(env);
        return process->start(PyroTestProcess::tool(u"pyro-ns"_s), args, uriLine);
    }

    QTemporaryDir m_dir;
    PyroTestProcess m_shared;   // one pyro-ns for the nsc rows
    quint16 m_sharedPort = 0;
};

void tst_PyroNsProcess::initTestCase()
{
    QVERIFY(QFileInfo::exists(PyroTestProcess::tool(u"pyro-ns"_s)));
    QVERIFY(QFileInfo::exists(PyroTestProcess::tool(u"pyro-nsc"_s)));
    QVERIFY(m_dir.isValid());
    const QString uri = startNs(&m_shared, {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s});
    QVERIFY2(!uri.isEmpty(), qPrintable(m_shared.errorString()));
    m_sharedPort = quint16(PyroUri(uri).port());
}

void tst_PyroNsProcess::output()
{
    // Pyro5's lines, in Pyro5's order, printed (and flushed) before any client comes.
    const quint16 bcport = freeUdpPort();
    PyroTestProcess ns;
    const QString uri = startNs(&ns, {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"--bcport"_s, QString::number(bcport)});
    QVERIFY2(!uri.isEmpty(), qPrintable(ns.errorString()));
    const PyroUri parsed(uri);
    QCOMPARE(parsed.object(), u"Pyro.NameServer"_s);
    QCOMPARE(parsed.host(), u"127.0.0.1"_s);
    const QString expected = u"Broadcast server running on 0.0.0.0:%1\nNS running on 127.0.0.1:%2 (127.0.0.1)\nURI = %3\n"_s
                                 .arg(bcport).arg(parsed.port()).arg(uri);
    QCOMPARE(ns.output(), expected);
    // SIGTERM: a clean stop.
    ns.process()->terminate();
    QCOMPARE(ns.waitForExit(10000), 0);
    QCOMPARE(ns.output(), expected + u"NS shut down.\n"_s);
}

void tst_PyroNsProcess::broadcastDiscovery()
{
    // Bound to loopback and found by a broadcast to 127.0.0.1 (Pyro5's launcher would not
    // even start its responder here).
    const quint16 bcport = freeUdpPort();
    PyroTestProcess ns;
    const QString uri = startNs(&ns, {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"--bcport"_s, QString::number(bcport)});
    QVERIFY2(!uri.isEmpty(), qPrintable(ns.errorString()));

    PyroConfig config;
    config.setNsHost(u"127.0.0.1"_s);
    config.setNsPort(freeTcpPort()); // the direct attempt fails
    config.setNsBroadcastPort(bcport);
    config.setBroadcastAddresses({u"127.0.0.1"_s});
    PyroError error;
    QCOMPARE(PyroLocator::locateNameServer(&error, QString(), 0, PyroLocator::Broadcast::Enabled, config).toString(), uri);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));

    // pyro-nsc without a host: its -p is the broadcast port.
    QProcessEnvironment env = toolEnvironment();
    env.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    env.insert(u"PYRO_NS_PORT"_s, QString::number(freeTcpPort()));
    const PyroToolRun viaPort = runTool(PyroTestProcess::tool(u"pyro-nsc"_s),
                                        {u"-v"_s, u"-p"_s, QString::number(bcport), u"ping"_s}, env);
    QCOMPARE(viaPort.exitCode, 0);
    QCOMPARE(viaPort.out, u"Locating name server...\nName server found: %1\nName server ping ok.\nDone.\n"_s.arg(uri));
    env.insert(u"PYRO_NS_BCPORT"_s, QString::number(bcport));
    const PyroToolRun viaEnv = runTool(PyroTestProcess::tool(u"pyro-nsc"_s), {u"ping"_s}, env);
    QCOMPARE(viaEnv.exitCode, 0);
    QCOMPARE(viaEnv.out, u"Name server ping ok.\n"_s);
}

void tst_PyroNsProcess::noBroadcast()
{
    const quint16 bcport = freeUdpPort();
    PyroTestProcess ns;
    const QString uri = startNs(&ns, {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s,
                                      u"--bcport"_s, QString::number(bcport)});
    QVERIFY2(!uri.isEmpty(), qPrintable(ns.errorString()));
    QVERIFY(!ns.output().contains(u"Broadcast"_s));
    // Nothing answers on the broadcast port.
    QUdpSocket client;
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    client.writeDatagram("GET_NSURI", QHostAddress::LocalHost, bcport);
    QTest::qWait(300);
    QVERIFY(!client.hasPendingDatagrams());
    QProcessEnvironment env = toolEnvironment();
    env.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    env.insert(u"PYRO_NS_PORT"_s, QString::number(freeTcpPort()));
    env.insert(u"PYRO_NS_BCPORT"_s, QString::number(bcport));
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"pyro-nsc"_s), {u"ping"_s}, env);
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, u"Error: Failed to locate the nameserver\n"_s);
}

void tst_PyroNsProcess::unixSocket()
{
    const QString path = m_dir.filePath(u"ns.sock"_s);
    PyroTestProcess ns;
    const QString uri = startNs(&ns, {u"-u"_s, path});
    QVERIFY2(!uri.isEmpty(), qPrintable(ns.errorString()));
    QCOMPARE(uri, u"PYRO:Pyro.NameServer@./u:"_s + path);
    QVERIFY(ns.output().startsWith(u"NS running on ./u:%1 (Unix domain socket)\n"_s.arg(path)));
    const PyroToolRun list = runTool(PyroTestProcess::tool(u"pyro-nsc"_s), {u"-u"_s, path, u"list"_s}, toolEnvironment());
    QCOMPARE(list.exitCode, 0);
    QCOMPARE(normalizedMetadata(list.out), u"--------START LIST \nPyro.NameServer --> %1\n    metadata: {'class:Pyro5.nameserver.NameServer'}\n"
                                   "--------END LIST \n"_s.arg(uri));
}

void tst_PyroNsProcess::nat()
{
    PyroTestProcess ns;
    ns.setEnvironment(toolEnvironment());
    const QString external = ns.start(PyroTestProcess::tool(u"pyro-ns"_s),
                                      {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s, u"--nathost"_s,
                                       u"ns.example.org"_s, u"--natport"_s, u"5555"_s},
                                      QRegularExpression(u"external URI = (PYRO:\\S+)"_s));
    QCOMPARE(external, u"PYRO:Pyro.NameServer@ns.example.org:5555"_s);
    const QRegularExpressionMatch internal = QRegularExpression(u"internal URI = PYRO:Pyro.NameServer@127.0.0.1:(\\d+)\n"_s)
                                                 .match(ns.output());
    QVERIFY2(internal.hasMatch(), qPrintable(ns.output()));
    // What it registered is what clients outside use (as Pyro5 does).
    const PyroToolRun lookup = nscRun(quint16(internal.captured(1).toUInt()), {u"lookup"_s, u"Pyro.NameServer"_s});
    QCOMPARE(lookup.out.section(u'\n', 0, 0), external);
}

void tst_PyroNsProcess::optionErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("error");
    QTest::newRow("bad port") << QStringList{u"-p"_s, u"x"_s} << 2 << u"argument -p/--port: invalid int value: 'x'"_s;
    QTest::newRow("bad bcport") << QStringList{u"--bcport"_s, u"70000"_s} << 2 << u"argument --bcport"_s;
    QTest::newRow("unknown storage") << QStringList{u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s, u"-s"_s, u"cloud:x"_s}
                                     << 1 << u"cloud"_s;
    QTest::newRow("sql without file") << QStringList{u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s, u"-s"_s, u"sql:"_s}
                                      << 1 << u"invalid storage type 'sql:'"_s;
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << 1 << u"frobnicate"_s;
}

void tst_PyroNsProcess::optionErrors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, error);
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"pyro-ns"_s), args, toolEnvironment());
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(error), qPrintable(run.err));
    QVERIFY(!run.out.contains(u"URI ="_s));
}

void tst_PyroNsProcess::sqlSurvivesSigterm()
{
    if (!PyroStorage::create(u"sql:"_s + m_dir.filePath(u"probe.sqlite"_s)))
        QSKIP("sql storage plugin not available");
    const QString spec = u"sql:"_s + m_dir.filePath(u"names.sqlite"_s);
    const QStringList args{u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s, u"-s"_s, spec};
    quint16 port = 0;
    {
        PyroTestProcess ns;
        const QString uri = startNs(&ns, args);
        QVERIFY2(!uri.isEmpty(), qPrintable(ns.errorString()));
        port = quint16(PyroUri(uri).port());
        QVERIFY(!ns.output().contains(u"Persistent store"_s));
        QCOMPARE(nscRun(port, {u"register"_s, u"kept.one"_s, u"PYRO:one@127.0.0.1:1"_s}).exitCode, 0);
        QCOMPARE(nscRun(port, {u"register"_s, u"kept.two"_s, u"PYRO:two@127.0.0.1:2"_s}).exitCode, 0);
        QCOMPARE(nscRun(port, {u"setmeta"_s, u"kept.two"_s, u"tag:x"_s}).exitCode, 0);
        ns.process()->terminate(); // SIGTERM
        QCOMPARE(ns.waitForExit(10000), 0);
        QVERIFY(ns.output().endsWith(u"NS shut down.\n"_s));
    }
    PyroTestProcess again;
    const QString uri = startNs(&again, args);
    QVERIFY2(!uri.isEmpty(), qPrintable(again.errorString()));
    QVERIFY2(again.output().contains(u"Persistent store contains 3 existing registrations.\n"_s), qPrintable(again.output()));
    const quint16 newPort = quint16(PyroUri(uri).port());
    const PyroToolRun list = nscRun(newPort, {u"list"_s, u"kept."_s});
    QCOMPARE(normalizedMetadata(list.out), u"--------START LIST - prefix 'kept.'\nkept.one --> PYRO:one@127.0.0.1:1\n"
                                   "kept.two --> PYRO:two@127.0.0.1:2\n    metadata: {'tag:x'}\n"
                                   "--------END LIST - prefix 'kept.'\n"_s);
    // The own entry names the new process.
    QCOMPARE(nscRun(newPort, {u"lookup"_s, u"Pyro.NameServer"_s}).out.section(u'\n', 0, 0), uri);
    // SIGINT stops it cleanly too.
    ::kill(pid_t(again.process()->processId()), SIGINT);
    QCOMPARE(again.waitForExit(10000), 0);
    QVERIFY(again.output().endsWith(u"NS shut down.\n"_s));
}

void tst_PyroNsProcess::nsc_data()
{
    // In order, against one pyro-ns, with Pyro5 nsc's exact output.
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("output");
    QTest::newRow("ping") << QStringList{u"ping"_s} << 0 << u"Name server ping ok.\n"_s;
    QTest::newRow("list empty") << QStringList{u"list"_s} << 0
                                << u"--------START LIST \nPyro.NameServer --> @NS\n"
                                   "    metadata: {'class:Pyro5.nameserver.NameServer'}\n--------END LIST \n"_s;
    QTest::newRow("register") << QStringList{u"register"_s, u"tools.a"_s, u"PYRO:a@127.0.0.1:1111"_s} << 0
                              << u"Registered tools.a\n"_s;
    QTest::newRow("register b") << QStringList{u"register"_s, u"tools.b"_s, u"PYRO:b@127.0.0.1:2222"_s} << 0
                                << u"Registered tools.b\n"_s;
    QTest::newRow("register existing") << QStringList{u"register"_s, u"tools.a"_s, u"PYRO:other@127.0.0.1:1"_s} << 1
                                       << u"Error: NamingError - name already registered: tools.a\n"_s;
    QTest::newRow("register bad uri") << QStringList{u"register"_s, u"tools.c"_s, u"nonsense"_s} << 1
                                      << u"Error: PyroError - invalid uri\n"_s;
    QTest::newRow("setmeta") << QStringList{u"setmeta"_s, u"tools.a"_s, u"tag:x"_s, u"tag:y"_s} << 0 << u"Metadata updated\n"_s;
    QTest::newRow("setmeta b") << QStringList{u"setmeta"_s, u"tools.b"_s, u"tag:y"_s} << 0 << u"Metadata updated\n"_s;
    QTest::newRow("setmeta unknown") << QStringList{u"setmeta"_s, u"tools.z"_s, u"tag:y"_s} << 1
                                     << u"Error: NamingError - unknown name: tools.z\n"_s;
    QTest::newRow("lookup") << QStringList{u"lookup"_s, u"tools.a"_s} << 0
                            << u"PYRO:a@127.0.0.1:1111\nmetadata: {'tag:x', 'tag:y'}\n"_s;
    QTest::newRow("yplookup_all") << QStringList{u"yplookup_all"_s, u"tag:x"_s} << 0
                                  << u"--------START LIST  - searched by metadata\ntools.a --> PYRO:a@127.0.0.1:1111\n"
                                     "    metadata: {'tag:x', 'tag:y'}\n--------END LIST  - searched by metadata\n"_s;
    QTest::newRow("yplookup_any") << QStringList{u"yplookup_any"_s, u"tag:y"_s, u"tag:nope"_s} << 0
                                  << u"--------START LIST  - searched by metadata\ntools.a --> PYRO:a@127.0.0.1:1111\n"
                                     "    metadata: {'tag:x', 'tag:y'}\ntools.b --> PYRO:b@127.0.0.1:2222\n"
                                     "    metadata: {'tag:y'}\n--------END LIST  - searched by metadata\n"_s;
    QTest::newRow("listmatching") << QStringList{u"listmatching"_s, u"tools\\.b"_s} << 0
                                  << u"--------START LIST - regex 'tools\\.b'\ntools.b --> PYRO:b@127.0.0.1:2222\n"
                                     "    metadata: {'tag:y'}\n--------END LIST - regex 'tools\\.b'\n"_s;
    QTest::newRow("listmatching from start") << QStringList{u"listmatching"_s, u"b"_s} << 0
                                             << u"--------START LIST - regex 'b'\n--------END LIST - regex 'b'\n"_s;
    QTest::newRow("listmatching invalid") << QStringList{u"listmatching"_s, u"("_s} << 1
                                          << u"Error: NamingError - invalid regex: "_s;
    QTest::newRow("setmeta clear") << QStringList{u"setmeta"_s, u"tools.b"_s} << 0 << u"Metadata cleared\n"_s;
    QTest::newRow("list prefix") << QStringList{u"list"_s, u"tools."_s} << 0
                                 << u"--------START LIST - prefix 'tools.'\ntools.a --> PYRO:a@127.0.0.1:1111\n"
                                    "    metadata: {'tag:x', 'tag:y'}\ntools.b --> PYRO:b@127.0.0.1:2222\n"
                                    "--------END LIST - prefix 'tools.'\n"_s;
    QTest::newRow("lookup own") << QStringList{u"lookup"_s, u"Pyro.NameServer"_s} << 0
                                << u"@NS\nmetadata: {'class:Pyro5.nameserver.NameServer'}\n"_s;
    QTest::newRow("remove") << QStringList{u"remove"_s, u"tools.b"_s} << 0 << u"Removed tools.b\n"_s;
    QTest::newRow("remove again") << QStringList{u"remove"_s, u"tools.b"_s} << 0 << u"Nothing removed\n"_s;
    QTest::newRow("remove own") << QStringList{u"remove"_s, u"Pyro.NameServer"_s} << 0 << u"Nothing removed\n"_s;
    QTest::newRow("lookup unknown") << QStringList{u"lookup"_s, u"tools.b"_s} << 1
                                    << u"Error: NamingError - unknown name: tools.b\n"_s;
}

void tst_PyroNsProcess::nsc()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, output);
    const QString nsUri = u"PYRO:Pyro.NameServer@127.0.0.1:%1"_s.arg(m_sharedPort);
    output.replace(u"@NS"_s, nsUri);
    const PyroToolRun run = nscRun(m_sharedPort, args);
    QCOMPARE(run.exitCode, exitCode);
    if (output.endsWith(u": "_s))
        QVERIFY2(run.out.startsWith(output), qPrintable(run.out));
    else
        QCOMPARE(normalizedMetadata(run.out), normalizedMetadata(output));
}

void tst_PyroNsProcess::nscRemoveMatching()
{
    QCOMPARE(nscRun(m_sharedPort, {u"register"_s, u"rm.one"_s, u"PYRO:x@127.0.0.1:1"_s}).exitCode, 0);
    QCOMPARE(nscRun(m_sharedPort, {u"register"_s, u"rm.two"_s, u"PYRO:y@127.0.0.1:1"_s}).exitCode, 0);
    const QString prompt = u"Potentially removing lots of items from the Name server. Are you sure (y/n)?"_s;
    const PyroToolRun no = nscRun(m_sharedPort, {u"removematching"_s, u"rm\\..*"_s}, "n\n");
    QCOMPARE(no.exitCode, 0);
    QCOMPARE(no.out, prompt);
    const PyroToolRun yes = nscRun(m_sharedPort, {u"removematching"_s, u"rm\\..*"_s}, "y\n");
    QCOMPARE(yes.exitCode, 0);
    QCOMPARE(yes.out, prompt + u"2 items removed.\n"_s);
    // Never the name server itself.
    const PyroToolRun all = nscRun(m_sharedPort, {u"removematching"_s, u".*"_s}, "y\n");
    QCOMPARE(all.exitCode, 0);
    QCOMPARE(nscRun(m_sharedPort, {u"lookup"_s, u"Pyro.NameServer"_s}).exitCode, 0);
    QCOMPARE(nscRun(m_sharedPort, {u"lookup"_s, u"rm.one"_s}).exitCode, 1);
}

void tst_PyroNsProcess::echoServerNaming()
{
    // pyro-echoserver -n registers with a pyro-ns it locates through NS_HOST/NS_PORT.
    PyroTestProcess ns;
    const QString nsUri = startNs(&ns, {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s});
    QVERIFY2(!nsUri.isEmpty(), qPrintable(ns.errorString()));
    const quint16 port = quint16(PyroUri(nsUri).port());
    QProcessEnvironment env = toolEnvironment();
    env.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    env.insert(u"PYRO_NS_PORT"_s, QString::number(port));
    PyroTestProcess echo;
    echo.setEnvironment(env);
    const QString echoUri = echo.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-n"_s, u"-v"_s, u"-H"_s, u"127.0.0.1"_s},
                                       QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!echoUri.isEmpty(), qPrintable(echo.errorString()));
    QVERIFY2(echo.output().contains(u"using name server at "_s + nsUri), qPrintable(echo.output()));
    QCOMPARE(nscRun(port, {u"lookup"_s, u"test.echoserver"_s}).out, echoUri + u'\n');
    const PyroToolRun call = runTool(PyroTestProcess::tool(u"pyro-call"_s),
                                     {u"PYRONAME:test.echoserver@127.0.0.1:%1"_s.arg(port), u"echo"_s, u"'named'"_s}, env);
    if (QFileInfo::exists(PyroTestProcess::tool(u"pyro-call"_s))) {
        QVERIFY2(call.exitCode == 0, qPrintable(call.err));
        QCOMPARE(call.out, u"'named'\n"_s);
    }
    // Without a name server to find it gives up with Pyro5's error.
    ns.stop();
    PyroTestProcess orphan;
    env.insert(u"PYRO_NS_BCPORT"_s, QString::number(freeUdpPort()));
    orphan.setEnvironment(env);
    orphan.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-n"_s, u"-H"_s, u"127.0.0.1"_s},
                 QRegularExpression(u"(Failed to locate the nameserver)"_s));
    QCOMPARE(orphan.waitForExit(20000), 1);
    QVERIFY2(orphan.output().contains(u"Failed to locate the nameserver"_s), qPrintable(orphan.output()));
}

void tst_PyroNsProcess::echoServerEmbeddedNameServer()
{
    const quint16 nsPort = freeTcpPort();
    const quint16 bcport = freeUdpPort();
    QProcessEnvironment env = toolEnvironment();
    env.insert(u"PYRO_NS_PORT"_s, QString::number(nsPort));
    env.insert(u"PYRO_NS_BCPORT"_s, QString::number(bcport));
    PyroTestProcess echo;
    echo.setEnvironment(env);
    const QString echoUri = echo.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-N"_s, u"-v"_s, u"-H"_s, u"127.0.0.1"_s},
                                       QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!echoUri.isEmpty(), qPrintable(echo.errorString()));
    const QString out = echo.output();
    QVERIFY2(out.contains(u"using name server at PYRO:Pyro.NameServer@127.0.0.1:%1\n"_s.arg(nsPort)), qPrintable(out));
    QVERIFY2(out.contains(u"broadcast server running at 0.0.0.0:%1\n"_s.arg(bcport)), qPrintable(out));
    QCOMPARE(nscRun(nsPort, {u"lookup"_s, u"test.echoserver"_s}).out, echoUri + u'\n');
    // Found by broadcast too.
    QProcessEnvironment bcEnv = toolEnvironment();
    bcEnv.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    bcEnv.insert(u"PYRO_NS_PORT"_s, QString::number(freeTcpPort()));
    bcEnv.insert(u"PYRO_NS_BCPORT"_s, QString::number(bcport));
    const PyroToolRun list = runTool(PyroTestProcess::tool(u"pyro-nsc"_s), {u"list"_s, u"test."_s}, bcEnv);
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.out.contains(u"test.echoserver --> "_s + echoUri), qPrintable(list.out));
}

void tst_PyroNsProcess::postgresSharedRegistry()
{
    // Two pyro-ns on one PostgreSQL database: each sees what the other registers, and
    // the registrations outlive both.
    if (const QString why = PostgresCluster::unavailableReason(); !why.isEmpty())
        QSKIP(qPrintable(why));
    if (!PyroStorage::create(u"sql:"_s + m_dir.filePath(u"probe.sqlite"_s)))
        QSKIP("sql storage plugin not available");
    PostgresCluster pg;
    const QString failure = pg.start();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    const QStringList args{u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s, u"-s"_s, pg.spec()};

    PyroTestProcess first, second;
    const QString uri1 = startNs(&first, args);
    QVERIFY2(!uri1.isEmpty(), qPrintable(first.errorString()));
    const QString uri2 = startNs(&second, args);
    QVERIFY2(!uri2.isEmpty(), qPrintable(second.errorString()));
    QVERIFY2(!second.output().contains(u"Persistent store"_s), qPrintable(second.output())); // only Pyro.NameServer
    const quint16 port1 = quint16(PyroUri(uri1).port()), port2 = quint16(PyroUri(uri2).port());

    QCOMPARE(nscRun(port1, {u"register"_s, u"pg.one"_s, u"PYRO:one@127.0.0.1:1"_s}).exitCode, 0);
    QCOMPARE(nscRun(port2, {u"register"_s, u"pg.two"_s, u"PYRO:two@127.0.0.1:2"_s}).exitCode, 0);
    QCOMPARE(nscRun(port2, {u"setmeta"_s, u"pg.one"_s, u"tag:pg"_s}).exitCode, 0);
    QCOMPARE(nscRun(port2, {u"lookup"_s, u"pg.one"_s}).out, u"PYRO:one@127.0.0.1:1\nmetadata: {'tag:pg'}\n"_s);
    QCOMPARE(nscRun(port1, {u"lookup"_s, u"pg.two"_s}).out, u"PYRO:two@127.0.0.1:2\n"_s);
    const QString expectedList = u"--------START LIST - prefix 'pg.'\npg.one --> PYRO:one@127.0.0.1:1\n"
                                 "    metadata: {'tag:pg'}\npg.two --> PYRO:two@127.0.0.1:2\n--------END LIST - prefix 'pg.'\n"_s;
    QCOMPARE(nscRun(port1, {u"list"_s, u"pg."_s}).out, expectedList);
    QCOMPARE(nscRun(port2, {u"list"_s, u"pg."_s}).out, expectedList);
    // Safe registration is decided once, by the database.
    QCOMPARE(nscRun(port1, {u"register"_s, u"pg.two"_s, u"PYRO:x@127.0.0.1:3"_s}).out,
             u"Error: NamingError - name already registered: pg.two\n"_s);
    // Each names itself as Pyro.NameServer.
    QCOMPARE(nscRun(port1, {u"lookup"_s, u"Pyro.NameServer"_s}).out.section(u'\n', 0, 0), uri1);
    QCOMPARE(nscRun(port2, {u"lookup"_s, u"Pyro.NameServer"_s}).out.section(u'\n', 0, 0), uri2);

    // Both stop; a third finds everything.
    first.process()->terminate();
    second.process()->terminate();
    QCOMPARE(first.waitForExit(10000), 0);
    QCOMPARE(second.waitForExit(10000), 0);
    PyroTestProcess third;
    const QString uri3 = startNs(&third, args);
    QVERIFY2(!uri3.isEmpty(), qPrintable(third.errorString()));
    QVERIFY2(third.output().contains(u"Persistent store contains 3 existing registrations."_s), qPrintable(third.output()));
    QCOMPARE(nscRun(quint16(PyroUri(uri3).port()), {u"list"_s, u"pg."_s}).out, expectedList);
    third.stop();
}

QTEST_GUILESS_MAIN(tst_PyroNsProcess)
#include "tst_pyronsprocess.moc"
