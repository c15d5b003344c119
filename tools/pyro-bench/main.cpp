// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-bench: QtPyro's throughput figures, one mode per measurement.
//
//   pyro-bench sync|async|oneway|batch|connect|nslookup [--uri URI] [-s SERIALIZER]
//              [--rounds N] [--seconds S] [--smoke] [--json]
//   pyro-bench transfer SIZE ...     (SIZE in bytes, or 64K, 100M)
//   pyro-bench clients N ...
//   pyro-bench fanout [--subscribers 1,10,100] [--delivery pull,push] [--deliveries N] [--json]
//
// The call modes (callbench.cpp) call echo() on an in-process daemon, or on any URI (a
// pyro-echoserver, Python's Pyro5 echo server), and measure their floors in the same
// run: a raw POSIX socket ping-pong, a QTcpSocket event-loop ping-pong (or raw bulk
// transfers of SIZE), in interleaved rounds.
//
// fanout: a QObject in a daemon thread emits a signal as fast as it can; N subscribers in
// the main thread (each with its own connection) receive every event, pull or push. The
// same run measures a Qt Remote Objects source/replica pair (a property changed as fast as
// it can, N replicas) when the tool was built with Qt RemoteObjects. Events/s is the
// emission rate every subscriber kept up with; deliveries/s = events/s x N.

#include "benchsupport.h"
#include "callbench.h"
#include "pyrodaemon.h"
#include "pyroproxy.h"
#include "pyrosignalsubscription.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLoggingCategory>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>

#ifdef QTPYRO_BENCH_QTRO
#  include <QtRemoteObjects/QRemoteObjectDynamicReplica>
#  include <QtRemoteObjects/QRemoteObjectHost>
#  include <QtRemoteObjects/QRemoteObjectNode>
#endif

#include <cstdio>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

quint16 freeTcpPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

struct Result
{
    QString system;      // "QtPyro pull", "QtPyro push", "Qt Remote Objects"
    int subscribers = 0;
    int events = 0;
    double seconds = 0;
    quint64 missed = 0;
    bool ok = false;
    double eventsPerSecond() const { return seconds > 0 ? events / seconds : 0; }
};

} // namespace

class Sensor : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int value READ value WRITE setValue NOTIFY valueChanged)
public:
    int value() const { return m_value; }
    void setValue(int v)
    {
        if (v == m_value)
            return;
        m_value = v;
        Q_EMIT valueChanged(v);
    }

public Q_SLOTS:
    void burst(int n)
    {
        for (int i = 1; i <= n; ++i)
            setValue(m_value + 1);
    }

Q_SIGNALS:
    void valueChanged(int value);

private:
    int m_value = 0;
};

// Counts a replica's change notifications (connected by signature: a dynamic replica).
class Counter : public QObject
{
    Q_OBJECT
public:
    int count = 0;
public Q_SLOTS:
    void changed() { ++count; }
};

static Result fanoutQtPyro(PyroSignalSubscription::Mode mode, int subscribers, int events)
{
    Result result;
    result.system = mode == PyroSignalSubscription::Mode::Pull ? u"QtPyro pull"_s : u"QtPyro push"_s;
    result.subscribers = subscribers;
    result.events = events;

    ServerThread server;
    PyroConfig config;
    config.setSignalQueue(events + 1);
    PyroDaemon *daemon = server.adopt(new PyroDaemon(config));
    Sensor *sensor = server.make<Sensor>([] { return new Sensor; });
    PyroUri uri;
    server.run([&] {
        daemon->listen(u"127.0.0.1"_s, 0);
        uri = daemon->registerObject(sensor, u"bench.sensor"_s);
    });

    std::vector<std::unique_ptr<PyroProxy>> proxies;
    std::vector<std::unique_ptr<PyroSignalSubscription>> subs;
    for (int i = 0; i < subscribers; ++i) {
        proxies.push_back(std::make_unique<PyroProxy>(uri));
        subs.push_back(std::make_unique<PyroSignalSubscription>(proxies.back().get(), QStringList{u"valueChanged"_s}, mode));
    }
    if (!waitUntil([&] {
            for (const auto &s : subs) {
                if (!s->isActive())
                    return false;
            }
            return true;
        })) {
        return result;
    }
    QElapsedTimer timer;
    timer.start();
    QMetaObject::invokeMethod(sensor, "burst", Qt::QueuedConnection, Q_ARG(int, events));
    result.ok = waitUntil([&] {
        for (const auto &s : subs) {
            if (s->receivedCount() + s->missedCount() < quint64(events))
                return false;
        }
        return true;
    });
    result.seconds = timer.nsecsElapsed() / 1e9;
    for (const auto &s : subs)
        result.missed += s->missedCount();
    subs.clear();
    proxies.clear();
    return result;
}

#ifdef QTPYRO_BENCH_QTRO
static Result fanoutQtRO(int replicas, int events)
{
    Result result;
    result.system = u"Qt Remote Objects"_s;
    result.subscribers = replicas;
    result.events = events;

    ServerThread server;
    const QUrl url(u"tcp://127.0.0.1:%1"_s.arg(freeTcpPort()));
    Sensor *sensor = server.make<Sensor>([] { return new Sensor; });
    server.make<QRemoteObjectHost>([&] {
        auto *host = new QRemoteObjectHost(url);
        host->enableRemoting(sensor, u"BenchSensor"_s);
        return host;
    });

    std::vector<std::unique_ptr<QRemoteObjectNode>> nodes;
    std::vector<std::unique_ptr<QRemoteObjectDynamicReplica>> copies;
    std::vector<std::unique_ptr<Counter>> counters;
    for (int i = 0; i < replicas; ++i) {
        nodes.push_back(std::make_unique<QRemoteObjectNode>());
        nodes.back()->connectToNode(url);
        copies.emplace_back(nodes.back()->acquireDynamic(u"BenchSensor"_s));
        counters.push_back(std::make_unique<Counter>());
    }
    if (!waitUntil([&] {
            for (const auto &c : copies) {
                if (!c->isInitialized())
                    return false;
            }
            return true;
        })) {
        return result;
    }
    for (int i = 0; i < replicas; ++i)
        QObject::connect(copies[i].get(), SIGNAL(valueChanged(int)), counters[i].get(), SLOT(changed()));
    QElapsedTimer timer;
    timer.start();
    QMetaObject::invokeMethod(sensor, "burst", Qt::QueuedConnection, Q_ARG(int, events));
    result.ok = waitUntil([&] {
        for (const auto &c : counters) {
            if (c->count < events)
                return false;
        }
        return true;
    });
    result.seconds = timer.nsecsElapsed() / 1e9;
    copies.clear();
    nodes.clear();
    return result;
}
#endif

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"pyro-bench"_s);
    QLoggingCategory::setFilterRules(u"qtpyro.*.debug=false"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"QtPyro throughput measurements."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(
        u"mode"_s,
        u"What to measure: sync, async, oneway, batch, transfer SIZE, connect, nslookup, clients N, "
        u"fanout (signal fan-out to N subscribers)."_s);
    parser.addPositionalArgument(u"argument"_s, u"transfer: SIZE in bytes (64K, 100M); clients: N."_s,
                                 u"[SIZE|N]"_s);
    const QCommandLineOption json(u"json"_s, u"Print the results as JSON."_s);
    const QCommandLineOption uriOption(
        u"uri"_s, u"Call this object (nslookup: this name server) instead of an in-process one."_s, u"uri"_s);
    const QCommandLineOption serializerOption({u"s"_s, u"serializer"_s},
                                              u"serpent, marshal, json or msgpack (default serpent)."_s,
                                              u"name"_s, u"serpent"_s);
    const QCommandLineOption roundsOption(u"rounds"_s, u"Interleaved rounds (default 3)."_s, u"n"_s, u"3"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"Seconds per figure and round (default 1)."_s,
                                           u"s"_s, u"1"_s);
    const QCommandLineOption smokeOption(
        u"smoke"_s, u"CI mode: one short round, small bursts (unless --rounds/--seconds say otherwise)."_s);
    const QCommandLineOption nameOption(u"name"_s, u"nslookup: the name to look up (default Pyro.NameServer)."_s,
                                        u"name"_s, u"Pyro.NameServer"_s);
    const QCommandLineOption subscribersOption(u"subscribers"_s, u"fanout: subscriber counts (default 1,10,100)."_s,
                                               u"list"_s, u"1,10,100"_s);
    const QCommandLineOption deliveryOption(u"delivery"_s, u"fanout: pull, push or both (default pull,push)."_s,
                                            u"list"_s, u"pull,push"_s);
    const QCommandLineOption deliveriesOption(
        u"deliveries"_s, u"fanout: events x subscribers per run (default 100000; at least 500 events)."_s, u"n"_s,
        u"100000"_s);
    const QCommandLineOption noQtro(u"no-qtro"_s, u"fanout: skip the Qt Remote Objects comparison."_s);
    parser.addOptions({json, uriOption, serializerOption, roundsOption, secondsOption, smokeOption, nameOption,
                       subscribersOption, deliveryOption, deliveriesOption, noQtro});
    parser.process(app);

    const QString mode = parser.positionalArguments().value(0);
    if (callBenchModes().contains(mode)) {
        CallBenchOptions options;
        options.mode = mode;
        options.argument = parser.positionalArguments().value(1);
        options.uri = parser.value(uriOption);
        options.serializer = parser.value(serializerOption);
        options.lookupName = parser.value(nameOption);
        options.json = parser.isSet(json);
        options.smoke = parser.isSet(smokeOption);
        options.rounds = options.smoke && !parser.isSet(roundsOption) ? 1 : parser.value(roundsOption).toInt();
        options.seconds = options.smoke && !parser.isSet(secondsOption) ? 0.05 : parser.value(secondsOption).toDouble();
        if (options.rounds < 1 || options.seconds <= 0) {
            std::fprintf(stderr, "pyro-bench: --rounds must be at least 1 and --seconds above 0\n");
            return 2;
        }
        return runCallBench(options);
    }
    if (mode != u"fanout"_s) {
        std::fprintf(stderr, "pyro-bench: unknown mode '%s' (modes: %s, fanout)\n", qPrintable(mode),
                     qPrintable(callBenchModes().join(u", "_s)));
        return 2;
    }

    QList<Result> results;
    const QStringList deliveries = parser.value(deliveryOption).split(u',', Qt::SkipEmptyParts);
    for (const QString &n : parser.value(subscribersOption).split(u',', Qt::SkipEmptyParts)) {
        const int subscribers = qMax(1, n.toInt());
        const int events = qMax(500, parser.value(deliveriesOption).toInt() / subscribers);
        if (deliveries.contains(u"pull"_s))
            results.append(fanoutQtPyro(PyroSignalSubscription::Mode::Pull, subscribers, events));
        if (deliveries.contains(u"push"_s))
            results.append(fanoutQtPyro(PyroSignalSubscription::Mode::Push, subscribers, events));
#ifdef QTPYRO_BENCH_QTRO
        if (!parser.isSet(noQtro))
            results.append(fanoutQtRO(subscribers, events));
#endif
    }

    if (parser.isSet(json)) {
        QJsonArray rows;
        for (const Result &r : std::as_const(results)) {
            rows.append(QJsonObject{{u"system"_s, r.system}, {u"subscribers"_s, r.subscribers},
                                    {u"events"_s, r.events}, {u"seconds"_s, r.seconds},
                                    {u"events_per_second"_s, r.eventsPerSecond()},
                                    {u"deliveries_per_second"_s, r.eventsPerSecond() * r.subscribers},
                                    {u"missed"_s, double(r.missed)}, {u"ok"_s, r.ok}});
        }
        std::printf("%s\n", QJsonDocument(QJsonObject{{u"mode"_s, mode}, {u"results"_s, rows}})
                                .toJson(QJsonDocument::Indented).constData());
    } else {
        std::printf("%-18s %11s %8s %12s %15s %7s\n", "system", "subscribers", "events", "events/s", "deliveries/s",
                    "missed");
        for (const Result &r : std::as_const(results)) {
            std::printf("%-18s %11d %8d %12.0f %15.0f %7llu%s\n", qPrintable(r.system), r.subscribers, r.events,
                        r.eventsPerSecond(), r.eventsPerSecond() * r.subscribers,
                        static_cast<unsigned long long>(r.missed), r.ok ? "" : "  (timed out)");
        }
    }
    bool ok = true;
    for (const Result &r : std::as_const(results))
        ok = ok && r.ok;
    return ok ? 0 : 1;
}

#include "main.moc"
