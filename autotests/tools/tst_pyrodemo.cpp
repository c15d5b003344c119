// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// `./run demo` must keep working: run pyro-demo and check what it shows.

#include "pyrotestprocess.h"

#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_PyroDemo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runs_data();
    void runs();

private:
    PyroToolRun m_run;
    bool m_ran = false;
};

void tst_PyroDemo::runs_data()
{
    QTest::addColumn<QString>("expected");
    QTest::newRow("serpent round trip") << u"decoded back: the same Python value, every type kept"_s;
    QTest::newRow("golden message") << u"re-encoded: byte-identical"_s;
    QTest::newRow("name server list") << u"'demo.thermostat': ('PYRO:demo.thermostat@127.0.0.1:"_s;
    QTest::newRow("PYRONAME resolved") << u"the name server said: PYRO:demo.thermostat@127.0.0.1:"_s;
    QTest::newRow("metadata") << u"oneway: log; attributes: target"_s;
    QTest::newRow("remote error") << u"builtins.ValueError: target 99 is outside 5..30 degrees"_s;
    QTest::newRow("stream end") << u"(end of stream)"_s;
    QTest::newRow("slow call") << u"-> 'sensor calibrated'"_s;
    QTest::newRow("json proxy") << u"serializer id 3"_s;
}

void tst_PyroDemo::runs()
{
    QFETCH(QString, expected);
    if (!m_ran) {
        m_run = runTool(PyroTestProcess::tool(u"pyro-demo"_s), {});
        m_ran = true;
    }
    QCOMPARE(m_run.exitCode, 0);
    QVERIFY2(m_run.out.contains(expected), qPrintable(m_run.out + m_run.err));
}

QTEST_GUILESS_MAIN(tst_PyroDemo)
#include "tst_pyrodemo.moc"
