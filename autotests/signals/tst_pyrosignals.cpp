// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Remote signals, C++ to C++: the daemon's Pyro.Signals object and metadata keys, and
// PyroSignalSubscription, pull and push. Daemon, proxies and subscriptions share the
// test's thread (async APIs only), except where a worker thread emits.

#include "pyrocallreply.h"
#include "pyrodaemon.h"
#include "pyroproxy.h"
#include "pyroresult.h"
#include "pyroserializer.h"
#include "pyrosignalhub_p.h"
#include "pyrosignalsubscription.h"
#include "pyrostream.h"
#include "pyrovalues.h"

#include <QtCore/QFile>
#include <QtCore/QThread>
#include <QtNetwork/QTcpServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <cmath>

using namespace Qt::StringLiterals;

class Sensor : public QObject
{
    Q_OBJECT
    Q_PROPERTY(double temperature READ temperature WRITE setTemperature NOTIFY temperatureChanged)
    Q_PROPERTY(QString label READ label CONSTANT)
    Q_CLASSINFO("pyro.exclude", "secretChanged")
public:
    double temperature() const { return m_temperature; }
    void setTemperature(double t)
    {
        if (t == m_temperature)
            return;
        m_temperature = t;
        Q_EMIT temperatureChanged(t);
    }
    QString label() const { return u"kitchen"_s; }

public Q_SLOTS:
    QVariant echo(const QVariant &value) { return value; }
    void count(int n)
    {
        for (int i = 0; i < n; ++i)
            Q_EMIT counted(i);
    }

Q_SIGNALS:
    void temperatureChanged(double temperature);
    void counted(int n);
    void valueEmitted(const QVariant &value);
    void typed(const QString &name, qlonglong number, bool flag, const QStringList &words);
    void objectEmitted(QObject *object);
    void payload(const QByteArray &data, int n);
    void secretChanged();
    void _hidden();

private:
    double m_temperature = 20.0;
};

// A push subscriber's callback object (Pyro5's callback pattern).
class Listener : public QObject
{
    Q_OBJECT
public:
    struct Event
    {
        QString signal;
        QVariantList args;
        quint64 seq;
    };
    QList<Event> events;

public Q_SLOTS:
    void emitted(const QString &signal, const QVariant &args, const QVariant &seq)
    {
        events.append({signal, args.metaType() == QMetaType::fromType<PyroTuple>() ? args.value<PyroTuple>().items()
                                                                                   : args.toList(),
                       seq.toULongLong()});
    }
};

namespace {

// Waits for an async call and gives its result (the daemon runs in this thread).
PyroResult await(PyroCallReply *reply, int timeout = 30000)
{
    QSignalSpy spy(reply, &PyroCallReply::finished);
    if (!reply->isFinished() && !spy.wait(timeout))
        return PyroResult(PyroError(PyroError::Code::Timeout, u"no reply"_s));
    const PyroResult r = reply->result();
    reply->deleteLater();
    return r;
}

// Appends the first argument of every event sub delivers to list.
void collectInts(PyroSignalSubscription *sub, QList<int> *list)
{
    QObject::connect(sub, &PyroSignalSubscription::emitted, sub,
                     [list](const QVariantList &args) { list->append(args.value(0).toInt()); });
}

qint64 rssKiB()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QVariant metaValue(const QVariant &meta, const QString &key)
{
    return meta.metaType() == QMetaType::fromType<PyroDict>() ? meta.value<PyroDict>().value(key)
                                                              : meta.toMap().value(key);
}

QStringList keysOf(const QVariant &dict)
{
    if (dict.metaType() == QMetaType::fromType<PyroDict>()) {
        QStringList keys;
        for (const auto &e : dict.value<PyroDict>().entries())
            keys.append(e.first.toString());
        keys.sort();
        return keys;
    }
    return dict.toMap().keys();
}

} // namespace

class tst_PyroSignals : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PyroDaemon> daemon;
    Sensor *sensor = nullptr;
    PyroUri sensorUri;

    void startDaemon(int queueLimit = 1000, quint16 port = 0)
    {
        PyroConfig config;
        config.setSignalQueue(queueLimit);
        daemon = std::make_unique<PyroDaemon>(config);
        QVERIFY2(daemon->listen(u"127.0.0.1"_s, port), qPrintable(daemon->errorString()));
        if (!sensor)
            sensor = new Sensor;
        sensorUri = daemon->registerObject(sensor, u"sensor"_s);
        QVERIFY(sensorUri.isValid());
    }
    PyroSignalHub *hub() const { return PyroSignalHub::of(daemon.get()); }
    PyroUri uriOf(const QString &id) const { return PyroUri::forTcp(id, u"127.0.0.1"_s, daemon->port()); }

private Q_SLOTS:
    void init()
    {
        sensor = nullptr;
        startDaemon();
    }
    void cleanup()
    {
        daemon.reset();
        delete sensor;
        sensor = nullptr;
    }

    void installedOnEveryDaemon()
    {
        QVERIFY(hub());
        QCOMPARE(hub()->queueLimit(), 1000);
        // Built in, not registered: a client listing the daemon's objects sees no difference.
        QVERIFY(!daemon->registeredIds().contains(u"Pyro.Signals"_s));
        QVERIFY(!daemon->registerObject(new QObject(sensor), u"Pyro.Signals"_s).isValid());
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
        if (!PyroSerializer::byName(serializer))
            QSKIP("serializer plugin not available");
        PyroProxy pyroDaemon(uriOf(u"Pyro.Daemon"_s));
        pyroDaemon.setSerializer(serializer);
        const PyroResult r = await(pyroDaemon.asyncCall(u"get_metadata"_s, {u"sensor"_s}));
        QVERIFY2(!r.isError(), qPrintable(r.error().message()));
        const QVariant meta = r.value();
        QCOMPARE(keysOf(metaValue(meta, u"signals"_s)),
                 (QStringList{u"counted"_s, u"objectEmitted"_s, u"payload"_s, u"temperatureChanged"_s,
                              u"typed"_s, u"valueEmitted"_s}));
        QCOMPARE(metaValue(metaValue(meta, u"signals"_s), u"typed"_s).toStringList(),
                 (QStringList{u"name"_s, u"number"_s, u"flag"_s, u"words"_s}));
        QCOMPARE(keysOf(metaValue(meta, u"notify"_s)), QStringList{u"temperature"_s});
        QCOMPARE(metaValue(metaValue(meta, u"notify"_s), u"temperature"_s).toString(), u"temperatureChanged"_s);
        // What Pyro5's proxy reads is still there and unchanged.
        PyroProxy proxy(sensorUri);
        proxy.setSerializer(serializer);
        QVERIFY(!await(proxy.asyncCall(u"echo"_s, {1})).isError());
        QVERIFY(proxy.methods().contains(u"echo"_s));
        QCOMPARE(proxy.attributes(), (QStringList{u"label"_s, u"temperature"_s}));
    }

    void refused_data()
    {
        QTest::addColumn<QString>("signal");
        QTest::addColumn<QString>("message");
        QTest::newRow("QObject::destroyed") << u"destroyed"_s << u"not exposed"_s;
        QTest::newRow("QObject::objectNameChanged") << u"objectNameChanged"_s << u"not exposed"_s;
        QTest::newRow("pyro.exclude") << u"secretChanged"_s << u"not exposed"_s;
        QTest::newRow("private name") << u"_hidden"_s << u"not exposed"_s;
        QTest::newRow("a method") << u"echo"_s << u"has no signal"_s;
        QTest::newRow("unknown") << u"nothing"_s << u"has no signal"_s;
    }
    void refused()
    {
        QFETCH(QString, signal);
        QFETCH(QString, message);
        PyroProxy signalsProxy(uriOf(u"Pyro.Signals"_s));
        PyroResult r = await(signalsProxy.asyncCall(u"events"_s, {u"sensor"_s, QStringList{signal}}));
        QVERIFY(r.isError());
        QCOMPARE(r.error().remoteType(), u"builtins.AttributeError"_s);
        QVERIFY2(r.error().message().contains(message), qPrintable(r.error().message()));
        r = await(signalsProxy.asyncCall(u"subscribe"_s, {u"sensor"_s, signal, uriOf(u"nobody"_s).toString()}));
        QVERIFY(r.isError());
        QCOMPARE(r.error().remoteType(), u"builtins.AttributeError"_s);
        QCOMPARE(hub()->subscriberCount(), 0);
        r = await(signalsProxy.asyncCall(u"events"_s, {u"nosuchobject"_s, u"counted"_s}));
        QVERIFY(r.isError());
    }

    void order_data()
    {
        QTest::addColumn<PyroSignalSubscription::Mode>("mode");
        QTest::newRow("pull") << PyroSignalSubscription::Mode::Pull;
        QTest::newRow("push") << PyroSignalSubscription::Mode::Push;
    }
    void order()
    {
        QFETCH(PyroSignalSubscription::Mode, mode);
        const int n = 10000;
        startDaemon(n);
        PyroProxy proxy(sensorUri);
        PyroSignalSubscription sub(&proxy, {u"counted"_s}, mode);
        QList<int> received;
        collectInts(&sub, &received);
        QSignalSpy missed(&sub, &PyroSignalSubscription::eventsMissed);
        QTRY_VERIFY_WITH_TIMEOUT(sub.isActive(), 30000);
        sensor->count(n);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), n, 60000);
        for (int i = 0; i < n; ++i)
            QCOMPARE(received.at(i), i);
        QCOMPARE(missed.size(), 0);
        QCOMPARE(sub.missedCount(), 0u);
        QCOMPARE(hub()->droppedCount(), 0u);
    }

    void valueTypes_data()
    {
        QTest::addColumn<QString>("serializer");
        QTest::addColumn<QVariant>("value");
        const QList<std::pair<const char *, QVariant>> values = {
            {"None", PyroValues::none()},
            {"bool", QVariant(true)},
            {"int", QVariant(42)},
            {"int64 min", QVariant(std::numeric_limits<qlonglong>::min())},
            {"big int", QVariant::fromValue(PyroBigInt::fromString(u"1180591620717411303424"))},
            {"float", QVariant(1.5)},
            {"-0.0", QVariant(-0.0)},
            {"inf", QVariant(std::numeric_limits<double>::infinity())},
            {"str", QVariant(u"t\u00e9mp\u00e9rature \U0001F321"_s)},
            {"bytes", QVariant(QByteArray("\x00\x01\xff", 3))},
            {"list", QVariant(QVariantList{1, u"a"_s, 2.5})},
            {"tuple", QVariant::fromValue(PyroTuple{1, 2})},
            {"dict", QVariant(QVariantMap{{u"a"_s, 1}, {u"b"_s, QVariantList{true}}})},
            {"int keys", QVariant::fromValue(PyroDict{{1, u"one"_s}, {2, u"two"_s}})},
            {"set", QVariant::fromValue(PyroSet{1, 2, 3})},
            {"nested", QVariant(QVariantList{QVariantMap{{u"x"_s, QVariant::fromValue(PyroTuple{PyroValues::none()})}}})},
        };
        for (const QString &s : {u"serpent"_s, u"json"_s, u"marshal"_s, u"msgpack"_s}) {
            for (const auto &[tag, value] : values)
                QTest::newRow(qPrintable(s + u' ' + QLatin1StringView(tag))) << s << value;
        }
    }
    void valueTypes()
    {
        QFETCH(QString, serializer);
        QFETCH(QVariant, value);
        if (!PyroSerializer::byName(serializer))
            QSKIP("serializer plugin not available");
        PyroProxy proxy(sensorUri);
        proxy.setSerializer(serializer);
        // The value as this serializer gives a return value back: a signal argument must
        // arrive the same.
        const PyroResult echoed = await(proxy.asyncCall(u"echo"_s, {value}));
        if (echoed.isError())
            QSKIP(qPrintable(u"not a value of this serializer: "_s + echoed.error().message()));
        PyroSignalSubscription sub(&proxy, {u"valueEmitted"_s, u"typed"_s, u"objectEmitted"_s},
                                   PyroSignalSubscription::Mode::Pull);
        QSignalSpy spy(&sub, &PyroSignalSubscription::signalEmitted);
        connect(&sub, &PyroSignalSubscription::errorOccurred, this, [](const PyroError &e) { qWarning() << "subscription:" << e; });
        QTRY_VERIFY_WITH_TIMEOUT(sub.isActive(), 30000);
        Q_EMIT sensor->valueEmitted(value);
        Q_EMIT sensor->typed(u"n\u00e4me"_s, Q_INT64_C(1) << 40, true, QStringList{u"a"_s, u"b"_s});
        Q_EMIT sensor->objectEmitted(sensor);
        Q_EMIT sensor->objectEmitted(nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 4, 30000);
        QCOMPARE(spy.at(0).at(0).toString(), u"valueEmitted"_s);
        const QVariant got = spy.at(0).at(1).toList().value(0);
        QVERIFY2(PyroValues::identical(got, echoed.value()),
                 qPrintable(PyroValues::pythonRepr(got) + u" != "_s + PyroValues::pythonRepr(echoed.value())));
        const QVariantList typed = spy.at(1).at(1).toList();
        QCOMPARE(typed.size(), 4);
        QCOMPARE(typed.at(0).toString(), u"n\u00e4me"_s);
        QCOMPARE(typed.at(1).toLongLong(), Q_INT64_C(1) << 40);
        QCOMPARE(typed.at(2).toBool(), true);
        QCOMPARE(PyroSignalSubscription::convertArgument(typed.at(3), QMetaType::fromType<QStringList>()).toStringList(),
                 (QStringList{u"a"_s, u"b"_s}));
        // A registered QObject arrives as a proxy of it (autoproxy), null as None.
        const QVariant object = spy.at(2).at(1).toList().value(0);
        QVERIFY2(object.canConvert<PyroObjectRef>(), object.metaType().name());
        QCOMPARE(object.value<PyroObjectRef>().uri().object(), u"sensor"_s);
        QVERIFY(PyroValues::isNone(spy.at(3).at(1).toList().value(0)));
    }

    void slotConversion()
    {
        PyroProxy proxy(sensorUri);
        struct Receiver : QObject
        {
            double temperature = 0;
            int calls = 0;
            void onTemperature(double t)
            {
                temperature = t;
                ++calls;
            }
        } receiver;
        PyroSignalSubscription *sub = PyroSignals::connect(&proxy, u"temperatureChanged"_s, &receiver,
                                                           &Receiver::onTemperature);
        QCOMPARE(sub->parent(), &proxy);
        QTRY_VERIFY_WITH_TIMEOUT(sub->isActive(), 30000);
        sensor->setTemperature(21.5);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.calls, 1, 30000);
        QCOMPARE(receiver.temperature, 21.5);
        // An int from the wire still reaches a double parameter.
        Q_EMIT sensor->temperatureChanged(23);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.calls, 2, 30000);
        QCOMPARE(receiver.temperature, 23.0);
    }

    void unsubscribe()
    {
        PyroDaemon callbacks;
        QVERIFY(callbacks.listen(u"127.0.0.1"_s, 0));
        Listener listener;
        const PyroUri listenerUri = callbacks.registerObject(&listener, u"listener"_s);
        PyroProxy signalsProxy(uriOf(u"Pyro.Signals"_s));
        PyroResult r = await(signalsProxy.asyncCall(u"subscribe"_s, {u"sensor"_s, u"counted"_s,
                                                                      QVariant::fromValue(callbacks.proxyFor(&listener))}));
        QVERIFY2(!r.isError(), qPrintable(r.error().message()));
        const QString id = r.value().toString();
        QVERIFY(id.startsWith(u"sub_"_s));
        r = await(signalsProxy.asyncCall(u"subscriptions"_s));
        QCOMPARE(r.value().toList().size(), 1);
        const QVariantMap entry = r.value().toList().at(0).toMap();
        QCOMPARE(entry.value(u"id"_s).toString(), id);
        QCOMPARE(entry.value(u"mode"_s).toString(), u"push"_s);
        QCOMPARE(entry.value(u"object_id"_s).toString(), u"sensor"_s);

        sensor->count(3);
        QTRY_COMPARE_WITH_TIMEOUT(listener.events.size(), 3, 30000);
        QCOMPARE(listener.events.at(2).seq, 3u);
        QCOMPARE(listener.events.at(2).args, QVariantList{2});

        r = await(signalsProxy.asyncCall(u"unsubscribe"_s, {id}));
        QCOMPARE(r.value().toBool(), true);
        QCOMPARE(hub()->subscriberCount(), 0);
        r = await(signalsProxy.asyncCall(u"unsubscribe"_s, {id}));
        QCOMPARE(r.value().toBool(), false);
        sensor->count(3);
        // Round trip through the sensor's daemon and the listener's: nothing more came.
        QVERIFY(!await(PyroProxy(listenerUri).ping()).isError());
        QCOMPARE(listener.events.size(), 3);

        // A subscription object ends its remote subscription when deleted.
        PyroProxy proxy(sensorUri);
        for (auto mode : {PyroSignalSubscription::Mode::Pull, PyroSignalSubscription::Mode::Push}) {
            auto *sub = new PyroSignalSubscription(&proxy, {u"counted"_s}, mode);
            QTRY_VERIFY_WITH_TIMEOUT(sub->isActive(), 30000);
            QCOMPARE(hub()->subscriberCount(), 1);
            delete sub;
            QTRY_COMPARE_WITH_TIMEOUT(hub()->subscriberCount(), 0, 30000);
        }
    }

    void subscriberGone_data()
    {
        QTest::addColumn<bool>("push");
        QTest::newRow("pull: connection closed") << false;
        QTest::newRow("push: callback daemon gone") << true;
    }
    void subscriberGone()
    {
        QFETCH(bool, push);
        hub()->setGracePeriod(300);
        if (push) {
            auto callbacks = std::make_unique<PyroDaemon>();
            QVERIFY(callbacks->listen(u"127.0.0.1"_s, 0));
            Listener listener;
            callbacks->registerObject(&listener, u"listener"_s);
            PyroProxy signalsProxy(uriOf(u"Pyro.Signals"_s));
            const PyroResult r = await(signalsProxy.asyncCall(
                u"subscribe"_s, {u"sensor"_s, u"counted"_s, QVariant::fromValue(callbacks->proxyFor(&listener))}));
            QVERIFY(!r.isError());
            sensor->count(1);
            QTRY_COMPARE_WITH_TIMEOUT(listener.events.size(), 1, 30000);
            callbacks.reset();
            // The next deliveries fail; after the grace period the subscription is gone.
            for (int i = 0; i < 200 && hub()->subscriberCount() > 0; ++i) {
                sensor->count(70);
                QTest::qWait(50);
            }
            QCOMPARE(hub()->subscriberCount(), 0);
        } else {
            auto proxy = std::make_unique<PyroProxy>(uriOf(u"Pyro.Signals"_s));
            const PyroResult r = await(proxy->asyncCall(u"events"_s, {u"sensor"_s, u"counted"_s}));
            QVERIFY(!r.isError());
            QCOMPARE(hub()->subscriberCount(), 1);
            proxy.reset();
            QTRY_COMPARE_WITH_TIMEOUT(hub()->subscriberCount(), 0, 30000);
        }
        // The daemon goes on serving.
        QCOMPARE(await(PyroProxy(sensorUri).asyncCall(u"echo"_s, {7})).value().toInt(), 7);
    }

    void daemonRestart_data() { order_data(); }
    void daemonRestart()
    {
        QFETCH(PyroSignalSubscription::Mode, mode);
        const quint16 port = daemon->port();
        PyroProxy proxy(sensorUri);
        PyroSignalSubscription sub(&proxy, {u"counted"_s}, mode);
        sub.setRetryInterval(100);
        QList<int> received;
        collectInts(&sub, &received);
        QSignalSpy missed(&sub, &PyroSignalSubscription::eventsMissed);
        QSignalSpy active(&sub, &PyroSignalSubscription::activeChanged);
        QTRY_VERIFY_WITH_TIMEOUT(sub.isActive(), 30000);
        sensor->count(5);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 5, 30000);

        daemon.reset();
        QTRY_VERIFY_WITH_TIMEOUT(!sub.isActive(), 30000);
        startDaemon(1000, port);
        QTRY_VERIFY_WITH_TIMEOUT(sub.isActive(), 30000);
        QCOMPARE(missed.size(), 1);
        QCOMPARE(missed.at(0).at(0).toLongLong(), -1);
        sensor->count(5);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 10, 30000);
        QCOMPARE(received.mid(5), (QList<int>{0, 1, 2, 3, 4}));
        QCOMPARE(missed.size(), 1);
    }

    void workerThread_data() { order_data(); }
    void workerThread()
    {
        QFETCH(PyroSignalSubscription::Mode, mode);
        const int n = 2000;
        startDaemon(n);
        PyroProxy proxy(sensorUri);
        PyroSignalSubscription sub(&proxy, {u"counted"_s}, mode);
        QList<int> received;
        collectInts(&sub, &received);
        QTRY_VERIFY_WITH_TIMEOUT(sub.isActive(), 30000);
        QThread worker;
        worker.start();
        sensor->moveToThread(&worker);
        // Emitted in the worker: delivered in order.
        QMetaObject::invokeMethod(sensor, [s = sensor, n] { s->count(n); }, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), n, 60000);
        for (int i = 0; i < n; ++i)
            QCOMPARE(received.at(i), i);
        QMetaObject::invokeMethod(sensor, [s = sensor] { s->moveToThread(QCoreApplication::instance()->thread()); },
                                  Qt::BlockingQueuedConnection);
        worker.quit();
        worker.wait();
    }

    void slowSubscriber()
    {
        const int limit = 100;
        startDaemon(limit);
        // A pull subscriber that never asks for an item...
        PyroProxy slow(uriOf(u"Pyro.Signals"_s));
        PyroCallReply *reply = slow.asyncCall(u"events"_s, {u"sensor"_s, u"payload"_s});
        QVERIFY(!await(reply).isError());
        std::unique_ptr<PyroStream> slowStream(reply->takeStream());
        QVERIFY(slowStream);
        // ... and one that keeps up.
        PyroProxy proxy(sensorUri);
        PyroSignalSubscription fast(&proxy, u"payload"_s);
        QTRY_VERIFY_WITH_TIMEOUT(fast.isActive(), 30000);

        const QByteArray data(16 * 1024, 'x');
        const qint64 rssBefore = rssKiB();
        const int rounds = 200, perRound = 50; // 10,000 events, 160 MB if all were kept
        for (int round = 0; round < rounds; ++round) {
            for (int i = 0; i < perRound; ++i)
                Q_EMIT sensor->payload(data, round * perRound + i);
            QTRY_COMPARE_WITH_TIMEOUT(fast.receivedCount(), quint64((round + 1) * perRound), 30000);
        }
        const qint64 rssAfter = rssKiB();
        QCOMPARE(fast.missedCount(), 0u);
        QCOMPARE(hub()->queuedCount(), qsizetype(limit));
        QCOMPARE(hub()->droppedCount(), quint64(rounds * perRound - limit));
        Q_UNUSED(rssAfter);
#ifndef __SANITIZE_ADDRESS__ // ASan's quarantine keeps freed memory resident
        if (rssBefore > 0)
            QVERIFY2(rssAfter - rssBefore < 64 * 1024, qPrintable(u"RSS grew by %1 KiB"_s.arg(rssAfter - rssBefore)));
#endif
        // The slow one sees the gap: its next event is the oldest kept one.
        QSignalSpy items(slowStream.get(), &PyroStream::itemReceived);
        slowStream->fetchNext();
        QTRY_COMPARE_WITH_TIMEOUT(items.size(), 1, 30000);
        const QVariant item = items.at(0).at(0);
        const QVariantList parts = item.metaType() == QMetaType::fromType<PyroTuple>() ? item.value<PyroTuple>().items()
                                                                                      : item.toList();
        QCOMPARE(parts.value(2).toULongLong(), quint64(rounds * perRound - limit + 1));
    }

    void slowPushSubscriber()
    {
        const int limit = 100;
        startDaemon(limit);
        hub()->setGracePeriod(600000); // stays subscribed for the whole test
        // A "callback daemon" that accepts connections and never answers or reads.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        PyroProxy signalsProxy(uriOf(u"Pyro.Signals"_s));
        const PyroResult r = await(signalsProxy.asyncCall(
            u"subscribe"_s, {u"sensor"_s, u"payload"_s, PyroUri::forTcp(u"listener"_s, u"127.0.0.1"_s, silent.serverPort()).toString()}));
        QVERIFY2(!r.isError(), qPrintable(r.error().message()));
        PyroProxy proxy(sensorUri);
        PyroSignalSubscription fast(&proxy, u"payload"_s);
        QTRY_VERIFY_WITH_TIMEOUT(fast.isActive(), 30000);

        const QByteArray data(16 * 1024, 'x');
        const int rounds = 100, perRound = 50;
        for (int round = 0; round < rounds; ++round) {
            for (int i = 0; i < perRound; ++i)
                Q_EMIT sensor->payload(data, round * perRound + i);
            QTRY_COMPARE_WITH_TIMEOUT(fast.receivedCount(), quint64((round + 1) * perRound), 30000);
        }
        // The stuck subscriber holds at most its queue (plus one flow-control window in
        // its proxy); the other got everything, and the daemon still answers.
        QCOMPARE(fast.missedCount(), 0u);
        QCOMPARE(hub()->queuedCount(), qsizetype(limit));
        QVERIFY(hub()->droppedCount() >= quint64(rounds * perRound - limit - hub()->pushWindow()));
        QCOMPARE(await(proxy.asyncCall(u"echo"_s, {5})).value().toInt(), 5);
    }

    void thousandSubscribers()
    {
        const int subscribers = 1000, listeners = 10, events = 5;
        PyroDaemon callbacks;
        QVERIFY(callbacks.listen(u"127.0.0.1"_s, 0));
        Listener listener[listeners];
        for (int i = 0; i < listeners; ++i)
            callbacks.registerObject(&listener[i], u"listener%1"_s.arg(i));
        PyroProxy signalsProxy(uriOf(u"Pyro.Signals"_s));
        QList<PyroCallReply *> replies;
        for (int i = 0; i < subscribers; ++i)
            replies.append(signalsProxy.asyncCall(u"subscribe"_s, {u"sensor"_s, u"counted"_s,
                                                                   QVariant::fromValue(callbacks.proxyFor(&listener[i % listeners]))}));
        for (PyroCallReply *r : std::as_const(replies))
            QVERIFY(!await(r).isError());
        // Some pull subscribers too.
        PyroProxy proxy(sensorUri);
        PyroSignalSubscription pull(&proxy, u"counted"_s);
        QTRY_VERIFY_WITH_TIMEOUT(pull.isActive(), 30000);
        QCOMPARE(hub()->subscriberCount(), subscribers + 1);
        sensor->count(events);
        for (int i = 0; i < listeners; ++i)
            QTRY_COMPARE_WITH_TIMEOUT(listener[i].events.size(), subscribers / listeners * events, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(pull.receivedCount(), quint64(events), 30000);
        QCOMPARE(hub()->droppedCount(), 0u);
    }
};

QTEST_GUILESS_MAIN(tst_PyroSignals)
#include "tst_pyrosignals.moc"
