// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Remote signals with the real Python Pyro5 (QSKIP without PYRO5_SRC): an unmodified
// Pyro5 client subscribes to example-signals-server by callback and by pull (the example's
// own Python subscribers), reads the metadata with its signal keys through
// _pyroGetMetadata(), and one that ignores signals works as before, in every serializer.
// The same behaviour without Python: tst_pyrosignals.

#include "pyrotestprocess.h"

#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

QString exampleScript(const QString &name)
{
    return QStringLiteral(QTPYRO_EXAMPLES_DIR) + u"/signals/"_s + name;
}

// The lines "temperatureChanged: 21.5 (event 4)" in output: their event numbers.
QList<int> eventNumbers(const QString &output)
{
    QList<int> seqs;
    static const QRegularExpression line(u"temperatureChanged: \\d+\\.\\d \\(event (\\d+)\\)"_s);
    for (auto it = line.globalMatch(output); it.hasNext();)
        seqs.append(it.next().captured(1).toInt());
    return seqs;
}

const char *metadataCheck = R"(
import sys
import Pyro5.api
uri = Pyro5.api.URI(sys.argv[1])
with Pyro5.api.Proxy(uri) as sensor:
    meta = sensor._pyroGetMetadata()
    assert sensor._pyroAttrs == {"temperature"}, sensor._pyroAttrs
    assert "measure" in sensor._pyroMethods, sensor._pyroMethods
    if Pyro5.config.SERIALIZER != "marshal":      # Pyro5's marshal cannot send __getattr__ calls
        assert 19.9 < sensor.temperature < 25, sensor.temperature
    sensor.measure()
with Pyro5.api.Proxy("PYRO:Pyro.Daemon@" + uri.location) as daemon:
    m = daemon.get_metadata(uri.object)
    assert dict(m["notify"]) == {"temperature": "temperatureChanged"}, m
    assert list(m["signals"]["temperatureChanged"]) == ["temperature"], m
    assert "Pyro.Signals" not in daemon.registered(), daemon.registered()
print("METADATA OK", flush=True)
)";

// Pull in batch mode (each item a list of events), keyword argument and all.
const char *batchCheck = R"(
import sys
import Pyro5.api
uri = Pyro5.api.URI(sys.argv[1])
seqs = []
with Pyro5.api.Proxy("PYRO:Pyro.Signals@" + uri.location) as signals:
    for batch in signals.events(uri.object, "temperatureChanged", batch=True):
        seqs += [seq for signal, args, seq in batch]
        subs = signals.subscriptions()          # between two items the connection is free
        assert len(subs) == 1 and subs[0]["mode"] == "pull", subs
        if len(seqs) >= 6:
            break
assert seqs[:6] == [1, 2, 3, 4, 5, 6], seqs
print("BATCH OK", flush=True)
)";

} // namespace

class tst_PyroSignalsInterop : public QObject
{
    Q_OBJECT

private:
    PyroTestProcess server;
    QString uri;

    // Runs a Python check against the server in this serializer; it prints okLine when it holds.
    void runCheck(const char *code, const QString &serializer, const QString &okLine)
    {
        PyroTestProcess client;
        QProcessEnvironment env = PyroTestProcess::pythonEnvironment();
        env.insert(u"PYRO_SERIALIZER"_s, serializer);
        client.setEnvironment(env);
        const QString ok = client.start(PyroTestProcess::python(), {u"-c"_s, QString::fromUtf8(code), uri},
                                        QRegularExpression(u'(' + okLine + u')'), 30000);
        QVERIFY2(!ok.isEmpty(), qPrintable(client.errorString()));
        QCOMPARE(client.waitForExit(30000), 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (PyroTestProcess::pyro5Source().isEmpty())
            QSKIP("PYRO5_SRC is not set: no Python Pyro5 to test against");
        server.setEnvironment(toolEnvironment());
        uri = server.start(PyroTestProcess::tool(u"example-signals-server"_s),
                           {u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"--interval"_s, u"20"_s},
                           QRegularExpression(u"uri = (PYRO:\\S+)"_s));
        QVERIFY2(!uri.isEmpty(), qPrintable(server.errorString()));
    }

    void subscribers_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("serializer");
        QTest::addColumn<QString>("lastLine");
        for (const QString &s : {u"serpent"_s, u"json"_s, u"marshal"_s, u"msgpack"_s}) {
            QTest::newRow(qPrintable(u"push "_s + s)) << u"push_subscriber.py"_s << s << u"unsubscribed"_s;
            QTest::newRow(qPrintable(u"pull "_s + s)) << u"pull_subscriber.py"_s << s << u"done"_s;
        }
    }
    void subscribers()
    {
        QFETCH(QString, script);
        QFETCH(QString, serializer);
        QFETCH(QString, lastLine);
        PyroTestProcess client;
        QProcessEnvironment env = PyroTestProcess::pythonEnvironment();
        env.insert(u"PYRO_SERIALIZER"_s, serializer);
        client.setEnvironment(env);
        client.start(PyroTestProcess::python(), {exampleScript(script), uri, u"8"_s},
                     QRegularExpression(lastLine), 60000);
        QCOMPARE(client.waitForExit(30000), 0);
        const QString output = client.output();
        const QList<int> seqs = eventNumbers(output);
        QVERIFY2(seqs == (QList<int>{1, 2, 3, 4, 5, 6, 7, 8}), qPrintable(output));
    }

    void batchPull_data() { metadata_data(); }
    void batchPull()
    {
        QFETCH(QString, serializer);
        runCheck(batchCheck, serializer, u"BATCH OK"_s);
    }

    void metadata_data()
    {
        QTest::addColumn<QString>("serializer");
        for (const QString &s : {u"serpent"_s, u"json"_s, u"marshal"_s, u"msgpack"_s})
            QTest::newRow(qPrintable(s)) << s;
    }
    void metadata()
    {
        QFETCH(QString, serializer);
        runCheck(metadataCheck, serializer, u"METADATA OK"_s);
    }
};

QTEST_GUILESS_MAIN(tst_PyroSignalsInterop)
#include "tst_pyrosignalsinterop.moc"
