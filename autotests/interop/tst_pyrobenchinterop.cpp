// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-bench against Python's Pyro5 echo server (--uri), and bench_python.py (the
// Python-client rows of docs/benchmarks.md) against ours and Pyro5's: both run and print
// JSON with the expected keys; never a timing. Needs PYRO5_SRC; the Python-free
// counterpart is tst_pyrobench (pyro-bench --uri against pyro-echoserver).

#include "pyrotestprocess.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_PyroBenchInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pyroBenchAgainstPyro5_data();
    void pyroBenchAgainstPyro5();
    void pythonHarness();

private:
    PyroTestProcess m_pyro5Echo;
    PyroTestProcess m_ourEcho;
    QString m_pyro5Uri;
    QString m_ourUri;
};

void tst_PyroBenchInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set: no Python Pyro5 to test against");
    const QRegularExpression uriLine(u"echo uri: (PYRO:\\S+)"_s);
    m_pyro5Echo.setEnvironment(PyroTestProcess::pythonEnvironment());
    m_pyro5Uri = m_pyro5Echo.start(PyroTestProcess::python(),
                                   {u"-m"_s, u"Pyro5.utils.echoserver"_s, u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s},
                                   uriLine);
    QVERIFY2(!m_pyro5Uri.isEmpty(), qPrintable(m_pyro5Echo.errorString()));
    m_ourEcho.setEnvironment(toolEnvironment());
    m_ourUri = m_ourEcho.start(PyroTestProcess::tool(u"pyro-echoserver"_s),
                               {u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s}, uriLine);
    QVERIFY2(!m_ourUri.isEmpty(), qPrintable(m_ourEcho.errorString()));
}

void tst_PyroBenchInterop::pyroBenchAgainstPyro5_data()
{
    QTest::addColumn<QStringList>("arguments");
    for (const QString &serializer : {u"serpent"_s, u"msgpack"_s}) {
        for (const QStringList &mode : {QStringList{u"sync"_s}, QStringList{u"async"_s}, QStringList{u"oneway"_s},
                                        QStringList{u"batch"_s}, QStringList{u"transfer"_s, u"64K"_s},
                                        QStringList{u"connect"_s}, QStringList{u"clients"_s, u"2"_s}}) {
            QTest::addRow("%s %s", qPrintable(mode.join(u' ')), qPrintable(serializer))
                << mode + QStringList{u"-s"_s, serializer};
        }
    }
}

void tst_PyroBenchInterop::pyroBenchAgainstPyro5()
{
    QFETCH(QStringList, arguments);
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"pyro-bench"_s),
                                    arguments + QStringList{u"--uri"_s, m_pyro5Uri, u"--smoke"_s, u"--json"_s},
                                    toolEnvironment(), {}, 120000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(report.value(u"mode"_s).toString(), arguments.first());
    QCOMPARE(report.value(u"target"_s).toString(), m_pyro5Uri);
    const QJsonArray figures = report.value(u"figures"_s).toArray();
    QCOMPARE(figures.size(), 3);
    QCOMPARE(figures.first().toObject().value(u"name"_s).toString(), arguments.first());
    QVERIFY(figures.first().toObject().value(u"ratio"_s).isDouble());
}

void tst_PyroBenchInterop::pythonHarness()
{
    const QString script = QStringLiteral(QTPYRO_SOURCE_DIR "/tools/pyro-bench/bench_python.py");
    for (const QStringList &extra : {QStringList{}, QStringList{u"--transfer"_s, u"16K"_s}}) {
        const PyroToolRun run = runTool(PyroTestProcess::python(),
                                        QStringList{script, u"--seconds"_s, u"0.05"_s, u"--rounds"_s, u"1"_s,
                                                    u"--batch"_s, u"10"_s, u"--json"_s}
                                            + extra + QStringList{m_ourUri, m_pyro5Uri},
                                        PyroTestProcess::pythonEnvironment(), {}, 120000);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonArray rows = QJsonDocument::fromJson(run.out.toUtf8()).object().value(u"rows"_s).toArray();
        QCOMPARE(rows.size(), extra.isEmpty() ? 4 : 2); // serpent and msgpack; sync and batch, or transfer
        for (const QJsonValue &row : rows) {
            for (const QString &key : {u"a"_s, u"b"_s})
                QVERIFY(row.toObject().value(key).toObject().value(u"median"_s).toDouble() > 0);
            QVERIFY(row.toObject().value(u"ratio"_s).isDouble());
        }
    }
}

QTEST_GUILESS_MAIN(tst_PyroBenchInterop)
#include "tst_pyrobenchinterop.moc"
