// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// The examples as the tests run them: one table for every combination of sides (C++ or
// Python server, C++ or Python client), since each example's two sides print the same
// lines. tst_examples runs C++ with C++ (no Python needed); tst_examplesinterop swaps in
// the Python side of the same folder.

#include "pyrotestprocess.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

namespace Examples {

using namespace Qt::StringLiterals;

struct Case
{
    QString tag;             // the row name
    QString folder;          // examples/<folder>, also the executables' middle name
    QStringList serverArgs;  // {SOCKET}: a socket path in a temporary directory
    QString uriPattern;      // the server line to wait for; group 1 is the URI
    QStringList clientArgs;  // {URI}: the URI the server printed; {LOCATION}: its host:port
    QStringList clientOutput;// each must appear in the client's output
    QStringList serverOutput;// each must appear in the server's output (after the client ran)
    QString cppClient;       // executable of the C++ client (default example-<folder>-client)
    bool pythonClient = true;// false: the folder's client.py is not a client of this server
    bool pythonServer = true;// false: the folder has no server.py (a C++-only server)
};

inline QString examplesDir()
{
    return QStringLiteral(QTPYRO_EXAMPLES_DIR);
}

inline const QString defaultUriPattern = u"uri = (PYRO:\\S+)"_s;

inline QList<Case> cases()
{
    const QStringList tcp{u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s};
    QList<Case> list;
    list.append({u"greeting"_s, u"greeting"_s, tcp, defaultUriPattern,
                 {u"{URI}"_s, u"Alice"_s},
                 {u"Hello, Alice. Your lucky number today is "_s}, {}});
    list.append({u"warehouse"_s, u"warehouse"_s, tcp, defaultUriPattern,
                 {u"{URI}"_s, u"--visit"_s, u"Janet:hammer:bike"_s, u"--visit"_s, u"Henry::unicorn"_s},
                 {u"This is Janet.\nThe warehouse contains: ['chair', 'bike', 'flashlight', 'laptop', 'couch']\n"_s,
                  u"Janet stores the hammer.\n"
                  "The warehouse contains: ['chair', 'bike', 'flashlight', 'laptop', 'couch', 'hammer']\n"
                  "Janet takes the bike.\nThank you, come again!\nThis is Henry."_s,
                  u"Henry could not take the unicorn: there is no unicorn in the warehouse\nThank you, come again!"_s},
                 {u"Janet stored the hammer."_s, u"Janet took the bike."_s}});
    list.append({u"attributes"_s, u"attributes"_s, tcp, defaultUriPattern, {u"{URI}"_s},
                 {u"p.prop_value= 42\nadding 500 to p.prop_value\np.prop_value= 542\n"_s,
                  u"actual remote value: 542 (via p.getValue() remote method call)\nthe attribute was changed remotely"_s,
                  u"calling p.__dunder__(): 'yep'\nlen(p): 200\n"_s,
                  u"exposed methods: ['__dunder__', '__len__', 'getValue']\n"
                  "exposed attributes: ['prop_sub', 'prop_value']\n"_s,
                  u"4 of 4 unexposed attributes refused"_s,
                  u"value gotten from p.prop_sub= {'name': 'value'} (should be unchanged!)\nthe remote dict is unchanged"_s},
                 {}});
    list.append({u"callback"_s, u"callback"_s, tcp, defaultUriPattern,
                 {u"{URI}"_s, u"--workers"_s, u"3"_s, u"--max-work"_s, u"1"_s},
                 {u"callback: worker 1 reports work is done!"_s, u"callback: worker 2 reports work is done!"_s,
                  u"callback: worker 3 reports work is done!"_s, u"done!"_s},
                 {u"server: adding worker 3"_s, u"Worker 3 created"_s, u"Worker 1 busy..."_s,
                  u"Worker 2 done. Informing callback client."_s}});
    list.append({u"instancemode"_s, u"instancemode"_s, tcp, defaultUriPattern, {u"{LOCATION}"_s},
                 {u"percall: 9 calls, 9 different instances"_s, u"session: 6 calls, 2 different instances"_s,
                  u"single: 9 calls, 1 different instances"_s},
                 {u"created SingleInstance instance #"_s, u"SessionInstance.msg: hello2"_s,
                  u"PercallInstance.msg: hello3"_s}});
    list.append({u"batchedcalls"_s, u"batchedcalls"_s, tcp, defaultUriPattern,
                 {u"{URI}"_s, u"--loops"_s, u"200"_s},
                 {u"Normal remote calls...\ntotal 14400 (correct)\n"_s,
                  u"processing the results...\ntotal 14400 (correct)\n"_s,
                  u"executing batch, there will be no result values."_s,
                  u"100//3 = 33\n100//2 = 50\n100//1 = 100\nA divide by zero error occurred during the batch! (expected)\n"_s,
                  u"ZeroDivisionError: integer division or modulo by zero"_s},
                 {u"beginning normal calls\nend of normal calls\nbeginning batch #1\nend of batch #1\nbeginning batch #2"_s}});
    list.append({u"exceptions"_s, u"exceptions"_s, tcp, defaultUriPattern, {u"{URI}"_s},
                 {u"0.2222222222222222\nDIVIDE BY ZERO: division by zero\nVALUERROR: this value is not acceptable\n"
                  "ValueError('this value is not acceptable'), this value is not acceptable\nANOTHER ERROR: a runtime error in "_s,
                  u"oneway call simply succeeded\nUNSERIALIZABLE ERROR: "_s,
                  u"CAUGHT ERROR  >>> "_s, u"IndexError"_s, u"<<<<<<< end of Pyro traceback\nall errors arrived as expected"_s},
                 {}});
    list.append({u"streaming"_s, u"streaming"_s, tcp, defaultUriPattern,
                 {u"{URI}"_s, u"--interval"_s, u"0.05"_s},
                 {u"normal list:\n[1, 2, 3, 4, 5, 6, 7, 8, 9]\n"_s, u"via iterator:\n[1, 2, 3, 4, 5, 6, 7, 8, 9]\n"_s,
                  u"via generator:\n[1, 2, 3, 4, 5, 6, 7, 8, 9]\n"_s,
                  u"fibonacci, first 20:\n[0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181]\n"_s,
                  u"property iterator:\n[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"_s,
                  u"property generator:\n[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n"_s,
                  u"slow generator:\n1\n2\n3\n4\n5\n6\n7\n8\n9\nend of the slow generator"_s},
                 {}});
    // The first URI the server prints has an id the daemon made up; the second a chosen one.
    list.append({u"nonameserver"_s, u"nonameserver"_s, tcp, u"uri = (PYRO:obj_[0-9a-f]{32}@\\S+)"_s, {u"{URI}"_s},
                 {u"Getting some quotes...\nA program that has not been tested does not work.\n"
                  "Simple things should be simple, complex things should be possible."_s},
                 {u"QuoteGen is ready, not using the Name Server."_s}});
    list.append({u"nonameserver-named"_s, u"nonameserver"_s, tcp, u"uri = (PYRO:example\\.quotegen@\\S+)"_s, {u"{URI}"_s},
                 {u"Getting some quotes...\nA program that has not been tested does not work.\n"_s}, {}});
    list.append({u"unixdomainsock"_s, u"unixdomainsock"_s, {u"{SOCKET}"_s}, u"uri = (PYRO:example\\.unixsock@\\./u:\\S+)"_s,
                 {u"{URI}"_s}, {u"Response was: Roger!"_s}, {u"Message received: Hello there!"_s}});
    // Remote signals: Python has no server side for them; the Python subscribers
    // (push_subscriber.py, pull_subscriber.py) are run by tst_pyrosignalsinterop.
    const QStringList sensorArgs = tcp + QStringList{u"--interval"_s, u"300"_s};
    list.append({u"signals-pull"_s, u"signals"_s, sensorArgs, defaultUriPattern, {u"{URI}"_s},
                 {u"temperature: 2"_s, u"live temperature property: 2"_s}, {}, QString(), false, false});
    list.append({u"signals-push"_s, u"signals"_s, sensorArgs, defaultUriPattern, {u"{URI}"_s, u"--push"_s},
                 {u"temperature: 2"_s, u"live temperature property: 2"_s}, {}, QString(), false, false});
#ifdef QTPYRO_HAVE_QTWIDGETS_EXAMPLE
    // The window is the C++ client of the calculator; client.py writes to the window's own
    // message board instead (see tst_examplesinterop::qtwidgetsMessageBoard).
    list.append({u"qtwidgets"_s, u"qtwidgets"_s, tcp, defaultUriPattern,
                 {u"{URI}"_s, u"--self-test"_s, u"--seconds"_s, u"1.5"_s},
                 {u"self-test: quick reply 5"_s, u"arrived while the slow call was running"_s, u"self-test passed"_s},
                 {u"slow_square(7): thinking for 1.5 s"_s, u"add(2, 3)"_s, u"slow_square(7): done"_s},
                 u"example-qtwidgets"_s, false});
#endif
    return list;
}

inline bool haveQtWidgetsExample()
{
#ifdef QTPYRO_HAVE_QTWIDGETS_EXAMPLE
    return true;
#else
    return false;
#endif
}

inline Case find(const QString &tag)
{
    for (const Case &c : cases()) {
        if (c.tag == tag)
            return c;
    }
    return Case();
}

// One side of an example: a program with its arguments and environment.
struct Side
{
    QString program;
    QStringList arguments;
    QProcessEnvironment environment;
};

// QtPyro's programs get no PYRO_* settings from the caller's environment.
inline QProcessEnvironment cppEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(u"PYRO_"_s))
            env.remove(key);
    }
    env.insert(u"PYRO_BROADCAST_ADDRS"_s, u"127.0.0.1"_s);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    return env;
}

inline Side cppServer(const Case &c)
{
    return {PyroTestProcess::tool(u"example-%1-server"_s.arg(c.folder)), c.serverArgs, cppEnvironment()};
}

inline Side cppClient(const Case &c)
{
    const QString program = c.cppClient.isEmpty() ? u"example-%1-client"_s.arg(c.folder) : c.cppClient;
    return {PyroTestProcess::tool(program), c.clientArgs, cppEnvironment()};
}

inline Side pythonSide(const Case &c, const QString &script, const QStringList &arguments)
{
    return {PyroTestProcess::python(), QStringList{examplesDir() + u'/' + c.folder + u'/' + script} + arguments,
            PyroTestProcess::pythonEnvironment()};
}

inline Side pythonServer(const Case &c)
{
    return pythonSide(c, u"server.py"_s, c.serverArgs);
}

inline Side pythonClient(const Case &c)
{
    return pythonSide(c, u"client.py"_s, c.clientArgs);
}

inline QStringList substituted(QStringList arguments, const QHash<QString, QString> &values)
{
    for (QString &argument : arguments) {
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            argument.replace(it.key(), it.value());
    }
    return arguments;
}

// Starts the server, runs the client against it, and checks both outputs. Fails the
// current test (QVERIFY) on any difference.
inline void run(const Case &c, Side server, Side client)
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QHash<QString, QString> values{{u"{SOCKET}"_s, dir.filePath(u"example.sock"_s)}};

    PyroTestProcess serverProcess;
    serverProcess.setEnvironment(server.environment);
    serverProcess.setWorkingDirectory(dir.path());
    const QString uri = serverProcess.start(server.program, substituted(server.arguments, values),
                                            QRegularExpression(c.uriPattern));
    QVERIFY2(!uri.isEmpty(), qPrintable(serverProcess.errorString()));
    values.insert(u"{URI}"_s, uri);
    values.insert(u"{LOCATION}"_s, uri.section(u'@', 1));

    const PyroToolRun run = runTool(client.program, substituted(client.arguments, values), client.environment, {}, 60000);
    const QString output = run.out + run.err;
    QVERIFY2(run.exitCode == 0, qPrintable(u"client exit code %1; output:\n%2\nserver output:\n%3"_s
                                               .arg(run.exitCode).arg(output, serverProcess.output())));
    for (const QString &expected : c.clientOutput) {
        QVERIFY2(run.out.contains(expected),
                 qPrintable(u"client output lacks:\n%1\n--- client output:\n%2"_s.arg(expected, output)));
    }
    for (const QString &expected : c.serverOutput) {
        // The server may print its last lines a moment after the client got its reply.
        QTRY_VERIFY2_WITH_TIMEOUT(serverProcess.output().contains(expected),
                                  qPrintable(u"server output lacks:\n%1\n--- server output:\n%2"_s
                                                 .arg(expected, serverProcess.output())), 10000);
    }
}

} // namespace Examples

namespace Examples {

// The greeting example found through a name server: the server registers with -n and
// the client asks for PYRONAME:example.greeting. nameServer is pyro-ns or Python's.
inline Case greetingByName()
{
    Case c = find(u"greeting"_s);
    c.tag = u"greeting-by-name"_s;
    c.serverArgs << u"-n"_s;
    c.uriPattern = u"(name = example\\.greeting)"_s;
    c.clientArgs = {u"PYRONAME:example.greeting"_s, u"Alice"_s};
    return c;
}

inline void runWithNameServer(const Side &nameServer, const Case &c, Side server, Side client)
{
    PyroTestProcess ns;
    ns.setEnvironment(nameServer.environment);
    const QString nsUri = ns.start(nameServer.program, nameServer.arguments, QRegularExpression(u"URI = (PYRO:\\S+)"_s));
    QVERIFY2(!nsUri.isEmpty(), qPrintable(ns.errorString()));
    const QString port = nsUri.section(u':', -1);
    for (Side *side : {&server, &client}) {
        side->environment.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
        side->environment.insert(u"PYRO_NS_PORT"_s, port);
    }
    run(c, server, client);
}

inline Side pyroNs()
{
    return {PyroTestProcess::tool(u"pyro-ns"_s), {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s}, cppEnvironment()};
}

inline Side pythonNameServer()
{
    return {PyroTestProcess::python(),
            {u"-m"_s, u"Pyro5.nameserver"_s, u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s},
            PyroTestProcess::pythonEnvironment()};
}

} // namespace Examples
