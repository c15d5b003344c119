// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-call and pyro-nsc against the real Python Pyro5 echo server and name server:
// every pyro-call feature (literals in and out, streams, exceptions and exit codes,
// oneway, timeouts, PYRONAME with -n/-p and PYRO_* variables, Unix sockets) and every
// nsc command, with pyro-nsc's output compared to Python's own nsc where they can be.
// Needs PYRO5_SRC (a Pyro5 source tree); skipped without it.

#include "pyrotestprocess.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QTcpServer>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {
} // namespace

class tst_PyroToolsInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void callLiterals_data();
    void callLiterals();
    void callOutputIsPythonLiteral();
    void callStream();
    void callRemoteException();
    void callOneway();
    void callTimeout();
    void callPyroName();
    void callEnvironment();
    void callFailures_data();
    void callFailures();
    void callUnixSocket();
    void nsc_data();
    void nsc();
    void nscSameAsPython_data();
    void nscSameAsPython();
    void nscFailures();
    void nscRemoveMatching();
    void nscVerboseAndUnixSocket();

private:
    PyroToolRun call(const QStringList &args, const QProcessEnvironment &env = toolEnvironment())
    {
        return runTool(PyroTestProcess::tool(u"pyro-call"_s), args, env);
    }
    PyroToolRun nsc(const QStringList &args, const QByteArray &input = {})
    {
        return runTool(PyroTestProcess::tool(u"pyro-nsc"_s),
                       QStringList{u"-n"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(m_nsPort)} + args,
                       toolEnvironment(), input);
    }
    PyroToolRun pythonNsc(const QStringList &args)
    {
        return runTool(PyroTestProcess::python(),
                       QStringList{u"-m"_s, u"Pyro5.nsc"_s, u"-n"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(m_nsPort)} + args,
                       PyroTestProcess::pythonEnvironment());
    }

    PyroTestProcess m_nameServer;
    PyroTestProcess m_echoServer;
    PyroTestProcess m_unixEchoServer;
    PyroTestProcess m_unixNameServer;
    QTemporaryDir m_dir;
    QString m_echoUri;
    QString m_unixEchoUri;
    int m_nsPort = 0;
};

void tst_PyroToolsInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set: no Python Pyro5 to test against");
    QVERIFY(QFileInfo::exists(PyroTestProcess::tool(u"pyro-call"_s)));
    QVERIFY(QFileInfo::exists(PyroTestProcess::tool(u"pyro-nsc"_s)));
    QVERIFY(m_dir.isValid());
    m_nameServer.setEnvironment(PyroTestProcess::pythonEnvironment());
    const QString nsUri = m_nameServer.start(PyroTestProcess::python(),
                                             {u"-m"_s, u"Pyro5.nameserver"_s, u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s},
                                             QRegularExpression(u"URI = (PYRO:\\S+)"_s));
    QVERIFY2(!nsUri.isEmpty(), qPrintable(m_nameServer.errorString()));
    m_nsPort = nsUri.section(u':', -1).toInt();
    QProcessEnvironment env = PyroTestProcess::pythonEnvironment();
    env.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    env.insert(u"PYRO_NS_PORT"_s, QString::number(m_nsPort));
    m_echoServer.setEnvironment(env);
    m_echoUri = m_echoServer.start(PyroTestProcess::python(),
                                   {u"-m"_s, u"Pyro5.utils.echoserver"_s, u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-n"_s},
                                   QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!m_echoUri.isEmpty(), qPrintable(m_echoServer.errorString()));
    m_unixEchoServer.setEnvironment(PyroTestProcess::pythonEnvironment());
    m_unixEchoUri = m_unixEchoServer.start(PyroTestProcess::python(),
                                           {u"-m"_s, u"Pyro5.utils.echoserver"_s, u"-u"_s, m_dir.filePath(u"echo.sock"_s)},
                                           QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!m_unixEchoUri.isEmpty(), qPrintable(m_unixEchoServer.errorString()));
}

void tst_PyroToolsInterop::callLiterals_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("output");
    for (const QString &s : {u"serpent"_s, u"marshal"_s, u"json"_s, u"msgpack"_s}) {
        const bool tuples = s == u"serpent" || s == u"marshal";
        QTest::addRow("%s/dict", qPrintable(s))
                << s << QStringList{u"{'a': (1, 2), 'b': [None, True, 1.5, -0.0], 'c': 12345678901234567890123}"_s}
                << (tuples ? u"{'a':(1,2),'b':[None,True,1.5,-0.0],'c':12345678901234567890123}"_s
                           : u"{'a':[1,2],'b':[None,True,1.5,-0.0],'c':12345678901234567890123}"_s);
        QTest::addRow("%s/str", qPrintable(s)) << s << QStringList{u"\"it's \\u00e9\""_s} << u"\"it's \u00e9\""_s;
        QTest::addRow("%s/int", qPrintable(s)) << s << QStringList{u"-5"_s} << u"-5"_s;
        QTest::addRow("%s/inf", qPrintable(s)) << s << QStringList{u"[1e999, -1e999]"_s} << u"[inf,-inf]"_s;
        QTest::addRow("%s/None", qPrintable(s)) << s << QStringList{u"None"_s} << u"None"_s;
        if (s == u"marshal" || s == u"msgpack")
            QTest::addRow("%s/bytes", qPrintable(s)) << s << QStringList{u"b'\\x00\\xffraw'"_s} << u"b'\\x00\\xffraw'"_s;
    }
}

void tst_PyroToolsInterop::callLiterals()
{
    QFETCH(QString, serializer);
    QFETCH(QStringList, args);
    QFETCH(QString, output);
    const PyroToolRun run = call(QStringList{u"-s"_s, serializer, m_echoUri, u"echo"_s} + args);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, output + u'\n');
}

void tst_PyroToolsInterop::callOutputIsPythonLiteral()
{
    // Python reads what pyro-call prints (nan and inf as the names Python's repr uses).
    const PyroToolRun nan = call({m_echoUri, u"nan"_s});
    QCOMPARE(nan.out, u"nan\n"_s);
    const PyroToolRun inf = call({m_echoUri, u"inf"_s});
    QCOMPARE(inf.out, u"inf\n"_s);
    const QString literal = u"{'k': [1, 2.5, 'x', None, (True, False)], 2: {3}}"_s;
    const PyroToolRun echoed = call({m_echoUri, u"echo"_s, literal});
    QCOMPARE(echoed.exitCode, 0);
    const PyroToolRun check = runTool(PyroTestProcess::python(),
                                      {u"-c"_s, u"import ast,sys; a=ast.literal_eval(sys.argv[1]); b=ast.literal_eval(sys.argv[2]); "
                                                "print(a == b)"_s,
                                       echoed.out.trimmed(), literal},
                                      PyroTestProcess::pythonEnvironment());
    QCOMPARE(check.out.trimmed(), u"True"_s);
}

void tst_PyroToolsInterop::callStream()
{
    const PyroToolRun run = call({m_echoUri, u"generator"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, u"'one'\n'two'\n'three'\n"_s);
}

void tst_PyroToolsInterop::callRemoteException()
{
    const PyroToolRun run = call({m_echoUri, u"error"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(u"builtins.ValueError: this is the generated error from echoserver echo() method\n"_s),
             qPrintable(run.err));
    QVERIFY(run.err.contains(u" +--- This exception occurred remotely (Pyro) - Remote traceback:\n"_s));
    QVERIFY(run.err.contains(u" | Traceback (most recent call last):\n"_s));
    QVERIFY(run.err.contains(u" | ValueError: this is the generated error from echoserver echo() method\n"_s));
    // A remote TypeError (wrong arguments) the same way.
    QCOMPARE(call({m_echoUri, u"echo"_s}).exitCode, 1);
}

void tst_PyroToolsInterop::callOneway()
{
    QElapsedTimer clock;
    clock.start();
    const PyroToolRun run = call({u"--oneway"_s, m_echoUri, u"slow"_s}); // slow() takes 5 s
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.isEmpty());
    QVERIFY(clock.elapsed() < 4000);
}

void tst_PyroToolsInterop::callTimeout()
{
    const PyroToolRun run = call({u"--timeout"_s, u"0.5"_s, m_echoUri, u"slow"_s});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(u"Pyro5.errors.TimeoutError"_s), qPrintable(run.err));
}

void tst_PyroToolsInterop::callPyroName()
{
    const PyroToolRun run = call({u"-n"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(m_nsPort),
                                  u"PYRONAME:test.echoserver"_s, u"echo"_s, u"42"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, u"42\n"_s);
    const PyroToolRun located = call({u"PYRONAME:test.echoserver@127.0.0.1:%1"_s.arg(m_nsPort), u"echo"_s, u"'x'"_s});
    QCOMPARE(located.out, u"'x'\n"_s);
}

void tst_PyroToolsInterop::callEnvironment()
{
    // PYRO_* variables apply: the name server location and the serializer.
    QProcessEnvironment env = toolEnvironment();
    env.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    env.insert(u"PYRO_NS_PORT"_s, QString::number(m_nsPort));
    env.insert(u"PYRO_SERIALIZER"_s, u"json"_s);
    const PyroToolRun run = call({u"PYRONAME:test.echoserver"_s, u"echo"_s, u"(1, 2)"_s}, env);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, u"[1,2]\n"_s); // json has no tuples
    env.insert(u"PYRO_NO_SUCH_ITEM"_s, u"1"_s);
    QCOMPARE(call({m_echoUri, u"echo"_s, u"1"_s}, env).exitCode, 2);
}

void tst_PyroToolsInterop::callFailures_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("exitCode"); // 1: the object's exception (as Python prints it); 2: ours
    QTest::newRow("not a literal") << QStringList{u"@ECHO"_s, u"echo"_s, u"hello"_s} << u"not a Python literal"_s << 2;
    QTest::newRow("unknown method") << QStringList{u"@ECHO"_s, u"nosuch"_s} << u"no exposed attribute or method 'nosuch'"_s << 1;
    QTest::newRow("unreachable") << QStringList{u"PYRO:x@127.0.0.1:@CLOSED"_s, u"echo"_s} << u"cannot connect to"_s << 2;
    QTest::newRow("bad uri") << QStringList{u"nonsense"_s, u"echo"_s} << u"invalid URI"_s << 2;
    QTest::newRow("unknown name") << QStringList{u"PYRONAME:no.such@127.0.0.1:@NS"_s, u"echo"_s} << u"unknown name: no.such"_s << 2;
    QTest::newRow("bad serializer") << QStringList{u"-s"_s, u"pickle"_s, u"@ECHO"_s, u"echo"_s} << u"pickle"_s << 2;
    QTest::newRow("missing method") << QStringList{u"@ECHO"_s} << u"usage"_s << 2;
}

void tst_PyroToolsInterop::callFailures()
{
    QFETCH(QStringList, args);
    QFETCH(QString, reason);
    QFETCH(int, exitCode);
    for (QString &a : args)
        a.replace(u"@ECHO"_s, m_echoUri).replace(u"@CLOSED"_s, QString::number(freeTcpPort()))
                .replace(u"@NS"_s, QString::number(m_nsPort));
    const PyroToolRun run = call(args);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(reason), qPrintable(run.err));
    // One line of reason (plugin loading chatter aside).
    QStringList lines = run.err.trimmed().split(u'\n');
    lines.removeIf([](const QString &l) { return l.startsWith(u"qtpyro."_s); });
    QCOMPARE(lines.size(), 1);
}

void tst_PyroToolsInterop::callUnixSocket()
{
    const PyroToolRun run = call({m_unixEchoUri, u"echo"_s, u"'unix'"_s});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, u"'unix'\n"_s);
}

void tst_PyroToolsInterop::nsc_data()
{
    // Commands that change the name server, in order, with nsc's exact output.
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("output");
    QTest::newRow("ping") << QStringList{u"ping"_s} << 0 << u"Name server ping ok.\n"_s;
    QTest::newRow("register") << QStringList{u"register"_s, u"tools.a"_s, u"PYRO:a@127.0.0.1:1111"_s} << 0
                              << u"Registered tools.a\n"_s;
    QTest::newRow("register b") << QStringList{u"register"_s, u"tools.b"_s, u"PYRO:b@127.0.0.1:2222"_s} << 0
                                << u"Registered tools.b\n"_s;
    QTest::newRow("register existing") << QStringList{u"register"_s, u"tools.a"_s, u"PYRO:other@127.0.0.1:1"_s} << 1
                                       << u"Error: NamingError - name already registered: tools.a\n"_s;
    QTest::newRow("setmeta") << QStringList{u"setmeta"_s, u"tools.a"_s, u"tag:x"_s, u"tag:y"_s} << 0 << u"Metadata updated\n"_s;
    QTest::newRow("setmeta b") << QStringList{u"setmeta"_s, u"tools.b"_s, u"tag:y"_s} << 0 << u"Metadata updated\n"_s;
    QTest::newRow("lookup") << QStringList{u"lookup"_s, u"tools.a"_s} << 0
                            << u"PYRO:a@127.0.0.1:1111\nmetadata: {'tag:x', 'tag:y'}\n"_s;
    QTest::newRow("yplookup_all") << QStringList{u"yplookup_all"_s, u"tag:x"_s} << 0
                                  << u"--------START LIST  - searched by metadata\ntools.a --> PYRO:a@127.0.0.1:1111\n"
                                     "    metadata: {'tag:x', 'tag:y'}\n--------END LIST  - searched by metadata\n"_s;
    QTest::newRow("listmeta_any") << QStringList{u"listmeta_any"_s, u"tag:x"_s, u"tag:nope"_s} << 0
                                  << u"--------START LIST  - searched by metadata\ntools.a --> PYRO:a@127.0.0.1:1111\n"
                                     "    metadata: {'tag:x', 'tag:y'}\n--------END LIST  - searched by metadata\n"_s;
    QTest::newRow("listmatching") << QStringList{u"listmatching"_s, u"tools\\.b"_s} << 0
                                  << u"--------START LIST - regex 'tools\\.b'\ntools.b --> PYRO:b@127.0.0.1:2222\n"
                                     "    metadata: {'tag:y'}\n--------END LIST - regex 'tools\\.b'\n"_s;
    QTest::newRow("setmeta clear") << QStringList{u"setmeta"_s, u"tools.b"_s} << 0 << u"Metadata cleared\n"_s;
    QTest::newRow("list prefix") << QStringList{u"list"_s, u"tools."_s} << 0
                                 << u"--------START LIST - prefix 'tools.'\ntools.a --> PYRO:a@127.0.0.1:1111\n"
                                    "    metadata: {'tag:x', 'tag:y'}\ntools.b --> PYRO:b@127.0.0.1:2222\n"
                                    "--------END LIST - prefix 'tools.'\n"_s;
    QTest::newRow("remove") << QStringList{u"remove"_s, u"tools.b"_s} << 0 << u"Removed tools.b\n"_s;
    QTest::newRow("remove again") << QStringList{u"remove"_s, u"tools.b"_s} << 0 << u"Nothing removed\n"_s;
    QTest::newRow("lookup unknown") << QStringList{u"lookup"_s, u"tools.b"_s} << 1
                                    << u"Error: NamingError - unknown name: tools.b\n"_s;
}

void tst_PyroToolsInterop::nsc()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, output);
    const PyroToolRun run = nsc(args);
    QCOMPARE(run.exitCode, exitCode);
    QCOMPARE(normalizedMetadata(run.out), normalizedMetadata(output));
}

void tst_PyroToolsInterop::nscSameAsPython_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("ping") << QStringList{u"ping"_s};
    QTest::newRow("list") << QStringList{u"list"_s};
    QTest::newRow("list prefix") << QStringList{u"list"_s, u"tools."_s};
    QTest::newRow("listmatching") << QStringList{u"listmatching"_s, u".*echo.*"_s};
    QTest::newRow("lookup") << QStringList{u"lookup"_s, u"test.echoserver"_s};
    QTest::newRow("lookup with metadata") << QStringList{u"lookup"_s, u"Pyro.NameServer"_s};
    QTest::newRow("yplookup_all") << QStringList{u"yplookup_all"_s, u"class:Pyro5.nameserver.NameServer"_s};
    QTest::newRow("yplookup_any") << QStringList{u"yplookup_any"_s, u"tag:x"_s, u"nope"_s};
    QTest::newRow("remove nothing") << QStringList{u"remove"_s, u"no.such.name"_s};
}

void tst_PyroToolsInterop::nscSameAsPython()
{
    QFETCH(QStringList, args);
    const PyroToolRun ours = nsc(args);
    const PyroToolRun theirs = pythonNsc(args);
    QCOMPARE(ours.exitCode, 0);
    QCOMPARE(theirs.exitCode, 0);
    QCOMPARE(normalizedMetadata(ours.out), normalizedMetadata(theirs.out));
}

void tst_PyroToolsInterop::nscFailures()
{
    const PyroToolRun unreachable = runTool(PyroTestProcess::tool(u"pyro-nsc"_s),
                                            {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(freeTcpPort()), u"ping"_s},
                                            toolEnvironment());
    QCOMPARE(unreachable.exitCode, 1);
    QCOMPARE(unreachable.out, u"Error: Failed to locate the nameserver\n"_s);
    const PyroToolRun badCommand = nsc({u"frobnicate"_s});
    QVERIFY(badCommand.exitCode != 0);
    QVERIFY(badCommand.err.contains(u"invalid choice"_s));
    const PyroToolRun missingArgument = nsc({u"lookup"_s});
    QCOMPARE(missingArgument.exitCode, 1);
    QVERIFY(missingArgument.err.contains(u"requires one argument: name"_s));
    const PyroToolRun register1 = nsc({u"register"_s, u"only.name"_s});
    QCOMPARE(register1.exitCode, 1);
    QVERIFY(register1.err.contains(u"requires two arguments: name uri"_s));
}

void tst_PyroToolsInterop::nscRemoveMatching()
{
    QCOMPARE(nsc({u"register"_s, u"rm.one"_s, u"PYRO:x@127.0.0.1:1"_s}).exitCode, 0);
    QCOMPARE(nsc({u"register"_s, u"rm.two"_s, u"PYRO:y@127.0.0.1:1"_s}).exitCode, 0);
    const QString prompt = u"Potentially removing lots of items from the Name server. Are you sure (y/n)?"_s;
    const PyroToolRun no = nsc({u"removematching"_s, u"rm\\..*"_s}, "n\n");
    QCOMPARE(no.exitCode, 0);
    QCOMPARE(no.out, prompt);
    const PyroToolRun yes = nsc({u"removematching"_s, u"rm\\..*"_s}, "y\n");
    QCOMPARE(yes.exitCode, 0);
    QCOMPARE(yes.out, prompt + u"2 items removed.\n"_s);
    QCOMPARE(nsc({u"lookup"_s, u"rm.one"_s}).exitCode, 1);
}

void tst_PyroToolsInterop::nscVerboseAndUnixSocket()
{
    const PyroToolRun verbose = nsc({u"-v"_s, u"ping"_s});
    QCOMPARE(verbose.exitCode, 0);
    QCOMPARE(verbose.out, u"Locating name server...\nName server found: PYRO:Pyro.NameServer@127.0.0.1:%1\n"
                          "Name server ping ok.\nDone.\n"_s.arg(m_nsPort));

    const QString socket = m_dir.filePath(u"ns.sock"_s);
    m_unixNameServer.setEnvironment(PyroTestProcess::pythonEnvironment());
    const QString uri = m_unixNameServer.start(PyroTestProcess::python(), {u"-m"_s, u"Pyro5.nameserver"_s, u"-u"_s, socket},
                                               QRegularExpression(u"URI = (PYRO:\\S+)"_s));
    QVERIFY2(!uri.isEmpty(), qPrintable(m_unixNameServer.errorString()));
    const PyroToolRun ping = runTool(PyroTestProcess::tool(u"pyro-nsc"_s), {u"-u"_s, socket, u"ping"_s}, toolEnvironment());
    QVERIFY2(ping.exitCode == 0, qPrintable(ping.err + ping.out));
    QCOMPARE(ping.out, u"Name server ping ok.\n"_s);
    const PyroToolRun list = runTool(PyroTestProcess::tool(u"pyro-nsc"_s), {u"-u"_s, socket, u"list"_s}, toolEnvironment());
    QVERIFY(list.out.contains(u"Pyro.NameServer --> PYRO:Pyro.NameServer@./u:"_s + socket));
}

QTEST_GUILESS_MAIN(tst_PyroToolsInterop)
#include "tst_pyrotoolsinterop.moc"
