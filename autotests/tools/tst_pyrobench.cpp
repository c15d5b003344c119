// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-bench's smoke test: every call mode runs (one tiny round, small bursts) and its
// --json output parses and has the keys scripts read. No timing is ever checked.

#include "pyrotestprocess.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_PyroBench : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modes_data();
    void modes();
    void againstEchoServer();
    void badCommandLines_data();
    void badCommandLines();

private:
    static void verifyReport(const PyroToolRun &run, const QString &mode, const QStringList &expectedFigures);
};

void tst_PyroBench::verifyReport(const PyroToolRun &run, const QString &mode, const QStringList &expectedFigures)
{
    QVERIFY2(run.exitCode == 0, qPrintable(u"exit %1: %2"_s.arg(run.exitCode).arg(run.err)));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(run.out.toUtf8(), &error);
    QVERIFY2(doc.isObject(), qPrintable(error.errorString() + u'\n' + run.out));
    const QJsonObject report = doc.object();
    QCOMPARE(report.value(u"mode"_s).toString(), mode);
    for (const QString &key : {u"serializer"_s, u"target"_s, u"event_dispatcher"_s, u"load_average"_s})
        QVERIFY2(report.value(key).isString(), qPrintable(key));
    for (const QString &key : {u"message_bytes"_s, u"rounds"_s, u"seconds"_s})
        QVERIFY2(report.value(key).isDouble(), qPrintable(key));
    const QJsonArray figures = report.value(u"figures"_s).toArray();
    QStringList names;
    for (const QJsonValue &value : figures) {
        const QJsonObject figure = value.toObject();
        names.append(figure.value(u"name"_s).toString());
        QVERIFY(figure.value(u"unit"_s).isString());
        for (const QString &key : {u"median"_s, u"min"_s, u"max"_s})
            QVERIFY2(figure.value(key).isDouble(), qPrintable(key));
        QCOMPARE(figure.value(u"samples"_s).toArray().size(), report.value(u"rounds"_s).toInt());
        QVERIFY(figure.contains(u"floor"_s));
        if (figure.value(u"floor"_s).isString()) {
            QVERIFY(figure.value(u"ratio"_s).isDouble());
            QVERIFY(figure.value(u"ratio_min"_s).isDouble());
            QVERIFY(figure.value(u"ratio_max"_s).isDouble());
        }
    }
    QCOMPARE(names, expectedFigures);
    // the measured figure is compared with one of the floors of the same run
    QVERIFY(expectedFigures.contains(figures.first().toObject().value(u"floor"_s).toString()));
}

void tst_PyroBench::modes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("figures");
    const QStringList pingPong{u"raw_pingpong"_s, u"qt_pingpong"_s};
    for (const QString &mode : {u"sync"_s, u"async"_s, u"oneway"_s, u"batch"_s, u"connect"_s, u"nslookup"_s})
        QTest::newRow(qPrintable(mode)) << QStringList{mode} << QStringList{mode} + pingPong;
    QTest::newRow("transfer 64K") << QStringList{u"transfer"_s, u"64K"_s}
                                  << QStringList{u"transfer"_s, u"raw_bulk"_s, u"qt_bulk"_s};
    QTest::newRow("clients 3") << QStringList{u"clients"_s, u"3"_s} << QStringList{u"clients"_s} + pingPong;
    QTest::newRow("sync json serializer, 2 rounds")
        << QStringList{u"sync"_s, u"-s"_s, u"json"_s, u"--rounds"_s, u"2"_s, u"--seconds"_s, u"0.02"_s}
        << QStringList{u"sync"_s} + pingPong;
}

void tst_PyroBench::modes()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, figures);
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"pyro-bench"_s),
                                    arguments + QStringList{u"--smoke"_s, u"--json"_s}, toolEnvironment(), {}, 60000);
    verifyReport(run, arguments.first(), figures);
}

// --uri: the calls go to another process (here our echo server).
void tst_PyroBench::againstEchoServer()
{
    PyroTestProcess server;
    server.setEnvironment(toolEnvironment());
    const QString uri = server.start(PyroTestProcess::tool(u"pyro-echoserver"_s),
                                     {u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s},
                                     QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!uri.isEmpty(), qPrintable(server.errorString()));
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"pyro-bench"_s),
                                    {u"batch"_s, u"--uri"_s, uri, u"--smoke"_s, u"--json"_s}, toolEnvironment(), {},
                                    60000);
    verifyReport(run, u"batch"_s, {u"batch"_s, u"raw_pingpong"_s, u"qt_pingpong"_s});
    QCOMPARE(QJsonDocument::fromJson(run.out.toUtf8()).object().value(u"target"_s).toString(), uri);
}

void tst_PyroBench::badCommandLines_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("unknown mode") << QStringList{u"nosuchmode"_s};
    QTest::newRow("transfer without size") << QStringList{u"transfer"_s};
    QTest::newRow("clients without N") << QStringList{u"clients"_s};
    QTest::newRow("unknown serializer") << QStringList{u"sync"_s, u"-s"_s, u"pickle"_s};
    QTest::newRow("bad uri") << QStringList{u"sync"_s, u"--uri"_s, u"nonsense"_s};
    QTest::newRow("zero rounds") << QStringList{u"sync"_s, u"--rounds"_s, u"0"_s};
}

void tst_PyroBench::badCommandLines()
{
    QFETCH(QStringList, arguments);
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"pyro-bench"_s), arguments + QStringList{u"--smoke"_s},
                                    toolEnvironment(), {}, 60000);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(u"pyro-bench: "_s), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(tst_PyroBench)
#include "tst_pyrobench.moc"
