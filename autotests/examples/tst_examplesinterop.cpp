// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Each example's Python side, unchanged, against its C++ side: the Python client with
// the C++ server and the C++ client with the Python server, checked against the same
// expected output as tst_examples. Python with Python runs too, to show that the
// expectations are those of the Python side itself. Also: the name server route
// (pyro-ns and Python's name server) and Python clients writing to the Qt Widgets
// window's message board. Needs PYRO5_SRC (a Pyro5 source tree); skipped without it.

#include "examplecases.h"

#include <QtCore/QFileInfo>

using namespace Qt::StringLiterals;

class tst_ExamplesInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void combinations_data();
    void combinations();
    void byName_data();
    void byName();
    void qtwidgetsMessageBoard();
};

void tst_ExamplesInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set to a Pyro5 source tree");
}

void tst_ExamplesInterop::combinations_data()
{
    QTest::addColumn<QString>("tag");
    QTest::addColumn<bool>("pythonServer");
    QTest::addColumn<bool>("pythonClient");
    for (const Examples::Case &c : Examples::cases()) {
        if (c.pythonClient) {
            QTest::addRow("%s/python-client,cpp-server", qPrintable(c.tag)) << c.tag << false << true;
            QTest::addRow("%s/python-client,python-server", qPrintable(c.tag)) << c.tag << true << true;
        }
        if (c.pythonServer)
            QTest::addRow("%s/cpp-client,python-server", qPrintable(c.tag)) << c.tag << true << false;
    }
}

void tst_ExamplesInterop::combinations()
{
    QFETCH(QString, tag);
    QFETCH(bool, pythonServer);
    QFETCH(bool, pythonClient);
    const Examples::Case c = Examples::find(tag);
    Examples::run(c, pythonServer ? Examples::pythonServer(c) : Examples::cppServer(c),
                  pythonClient ? Examples::pythonClient(c) : Examples::cppClient(c));
}

void tst_ExamplesInterop::byName_data()
{
    QTest::addColumn<bool>("pythonNameServer");
    QTest::addColumn<bool>("pythonServer");
    QTest::addColumn<bool>("pythonClient");
    QTest::newRow("python-ns/cpp-server,python-client") << true << false << true;
    QTest::newRow("python-ns/python-server,cpp-client") << true << true << false;
    QTest::newRow("pyro-ns/cpp-server,python-client") << false << false << true;
    QTest::newRow("pyro-ns/python-server,cpp-client") << false << true << false;
}

void tst_ExamplesInterop::byName()
{
    QFETCH(bool, pythonNameServer);
    QFETCH(bool, pythonServer);
    QFETCH(bool, pythonClient);
    if (!pythonNameServer && !QFileInfo::exists(PyroTestProcess::tool(u"pyro-ns"_s)))
        QSKIP("pyro-ns is not built");
    const Examples::Case c = Examples::greetingByName();
    Examples::runWithNameServer(pythonNameServer ? Examples::pythonNameServer() : Examples::pyroNs(), c,
                                pythonServer ? Examples::pythonServer(c) : Examples::cppServer(c),
                                pythonClient ? Examples::pythonClient(c) : Examples::cppClient(c));
}

void tst_ExamplesInterop::qtwidgetsMessageBoard()
{
    if (!Examples::haveQtWidgetsExample())
        QSKIP("the qtwidgets example is not built (no Qt6::Widgets)");
    // The window serves a message board in its own event loop; Python's client.py writes
    // to it while the window's self-test runs a slow call. The self-test waits for the
    // seven messages (its own plus client.py's six) before it passes.
    const Examples::Case c = Examples::find(u"qtwidgets"_s);
    PyroTestProcess calculator;
    calculator.setEnvironment(Examples::cppEnvironment());
    const QString uri = calculator.start(PyroTestProcess::tool(u"example-qtwidgets-server"_s),
                                         {u"-H"_s, u"127.0.0.1"_s}, QRegularExpression(Examples::defaultUriPattern));
    QVERIFY2(!uri.isEmpty(), qPrintable(calculator.errorString()));

    PyroTestProcess window;
    window.setEnvironment(Examples::cppEnvironment());
    const QString board = window.start(PyroTestProcess::tool(u"example-qtwidgets"_s),
                                       {uri, u"--self-test"_s, u"--seconds"_s, u"1.5"_s, u"--wait-messages"_s, u"6"_s},
                                       QRegularExpression(u"board uri = (PYRO:\\S+)"_s));
    QVERIFY2(!board.isEmpty(), qPrintable(window.errorString()));

    const PyroToolRun run = runTool(PyroTestProcess::python(),
                                    {Examples::examplesDir() + u"/qtwidgets/client.py"_s, board, u"--count"_s, u"5"_s,
                                     u"--pause"_s, u"0.05"_s},
                                    PyroTestProcess::pythonEnvironment(), {}, 60000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(run.out.contains(u"the board now shows "_s), qPrintable(run.out));
    QCOMPARE(window.waitForExit(30000), 0);
    const QString output = window.output();
    QVERIFY2(output.contains(u"self-test: the message board got 7 messages"_s), qPrintable(output));
    QVERIFY2(output.contains(u"self-test passed"_s), qPrintable(output));
}

QTEST_MAIN(tst_ExamplesInterop)
#include "tst_examplesinterop.moc"
