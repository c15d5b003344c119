// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Every example's C++ server with its C++ client, started as a user would (QProcess, a
// free loopback port or a socket in a temporary directory), checking what both print.
// The Qt Widgets window runs offscreen in its --self-test mode: the clock must keep
// ticking through a slow asynchronous call and a quick call must overtake it. No Python
// needed; tst_examplesinterop swaps in the Python sides.

#include "examplecases.h"

#include <QtCore/QFileInfo>

using namespace Qt::StringLiterals;

class tst_Examples : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cppServerCppClient_data();
    void cppServerCppClient();
    void qtwidgetsFailsWithoutServer();
    void byNameThroughPyroNs();
};

void tst_Examples::cppServerCppClient_data()
{
    QTest::addColumn<QString>("tag");
    for (const Examples::Case &c : Examples::cases())
        QTest::newRow(qPrintable(c.tag)) << c.tag;
}

void tst_Examples::cppServerCppClient()
{
    QFETCH(QString, tag);
    const Examples::Case c = Examples::find(tag);
    Examples::run(c, Examples::cppServer(c), Examples::cppClient(c));
}

void tst_Examples::qtwidgetsFailsWithoutServer()
{
    if (!Examples::haveQtWidgetsExample())
        QSKIP("the qtwidgets example is not built (no Qt6::Widgets)");
    // The self-test must be able to fail: with nobody serving the calculator the slow
    // call fails at once and the window reports it.
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"example-qtwidgets"_s),
                                    {u"PYRO:example.calculator@127.0.0.1:1"_s, u"--self-test"_s, u"--seconds"_s, u"0.5"_s},
                                    Examples::cppEnvironment(), {}, 60000);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains(u"self-test FAILED: no correct slow reply"_s), qPrintable(run.out + run.err));
}

void tst_Examples::byNameThroughPyroNs()
{
    if (!QFileInfo::exists(PyroTestProcess::tool(u"pyro-ns"_s)))
        QSKIP("pyro-ns is not built");
    const Examples::Case c = Examples::greetingByName();
    Examples::runWithNameServer(Examples::pyroNs(), c, Examples::cppServer(c), Examples::cppClient(c));
}

QTEST_MAIN(tst_Examples)
#include "tst_examples.moc"
