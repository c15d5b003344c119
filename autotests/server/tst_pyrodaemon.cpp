// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroDaemon behaviour over real loopback connections, with raw clients: transports,
// threading (a slow call never holds up other clients), ordering, oneway, delayed and
// QFuture replies, call context, autoproxy, item streams and their lifetimes,
// COMMTIMEOUT, stalled clients, connection limits, protocol errors and registration.

#include "daemontesthelpers.h"

#include "pyrocallcontext.h"
#include "pyroexceptionwrapper.h"
#include "pyrodaemon.h"
#include "pyrogenerator.h"
#include "pyroobjectref.h"
#include "pyrothreadcontext_p.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <QtConcurrent/QtConcurrent>
#include <QtCore/QElapsedTimer>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <atomic>
#include <stdexcept>
#include <thread>

using namespace Qt::StringLiterals;
using namespace PyroProtocol;

namespace {
constexpr quint8 Serpent = SerializerSerpent;
}

// Heavy work on the daemon's pool: the class must be thread-safe.
class PoolWorker : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("pyro.threading", "pool")
public Q_SLOTS:
    QString slow(int ms)
    {
        QThread::msleep(ms);
        return u"slow done"_s;
    }
    bool inDaemonThread() { return QThread::currentThread() == qApp->thread(); }
    PyroGenerator numbers(int n)
    {
        return PyroGenerator([i = 0, n]() mutable -> std::optional<QVariant> {
            if (i >= n)
                return std::nullopt;
            return QVariant(i++);
        });
    }
};

// Lives in a thread of its own.
class ThreadWorker : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QString slow(int ms)
    {
        QThread::msleep(ms);
        return u"thread done"_s;
    }
    bool inOwnThread() { return QThread::currentThread() == thread() && thread() != qApp->thread(); }
};

class Service : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int value READ value WRITE setValue)
public:
    explicit Service(PyroDaemon *daemon = nullptr) : m_daemon(daemon) { }
    int value() const { return m_value; }
    void setValue(int v) { m_value = v; }
    std::atomic<int> fired{0};

public Q_SLOTS:
    QVariant echo(const QVariant &v) { return v; }
    QFuture<QString> slowFuture(int ms)
    {
        return QtConcurrent::run([ms] {
            QThread::msleep(ms);
            return u"future done"_s;
        });
    }
    QFuture<int> failingFuture()
    {
        return QtConcurrent::run([]() -> int { throw std::overflow_error("too big"); });
    }
    QString delayed(int ms, const QString &value)
    {
        PyroDelayedReply reply = PyroCallContext::current()->delayReply();
        QTimer::singleShot(ms, this, [reply, value]() mutable { reply.send(value); });
        return u"not this"_s;
    }
    QString delayedFromThread(int ms)
    {
        PyroDelayedReply reply = PyroCallContext::current()->delayReply();
        std::thread([reply, ms]() mutable {
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
            reply.send(u"from a thread"_s);
        }).detach();
        return QString();
    }
    void dropDelayed() { PyroCallContext::current()->delayReply(); }
    void fire(int) { ++fired; }
    void fail() { throw std::runtime_error("boom"); }
    QVariantMap context()
    {
        PyroCallContext *c = PyroCallContext::current();
        QVariantMap annotations;
        const auto a = c->annotations();
        for (auto it = a.cbegin(); it != a.cend(); ++it)
            annotations.insert(QString::fromLatin1(it.key()), QString::fromLatin1(it.value()));
        c->setResponseAnnotation("XOUT", "out");
        return {{u"address"_s, c->clientAddress()},
                {u"port"_s, c->clientPort()},
                {u"connection"_s, c->connectionId()},
                {u"correlation"_s, c->correlationId().toString(QUuid::WithoutBraces)},
                {u"threadCorrelation"_s, PyroThreadContext::correlationId().toString(QUuid::WithoutBraces)},
                {u"annotations"_s, annotations},
                {u"object"_s, c->objectId()},
                {u"method"_s, c->method()}};
    }
    void remember(const QString &v) { PyroCallContext::current()->setConnectionData(u"memo"_s, v); }
    QVariant recall() { return PyroCallContext::current()->connectionData(u"memo"_s); }
    QObject *child()
    {
        if (!m_child) {
            m_child = new Service(m_daemon);
            m_child->setParent(this);
            m_daemon->registerObject(m_child, u"svc.child"_s);
        }
        return m_child;
    }
    QObject *stranger() { return &m_stranger; }
    PyroGenerator count(int n)
    {
        return PyroGenerator([i = 0, n]() mutable -> std::optional<QVariant> {
            if (n >= 0 && i >= n)
                return std::nullopt;
            return QVariant(i++);
        });
    }
    PyroGenerator failingStream()
    {
        return PyroGenerator([i = 0]() mutable -> std::optional<QVariant> {
            if (i++ == 1)
                throw PyroException(u"builtins.ValueError"_s, u"stream broke"_s);
            return QVariant(i);
        });
    }
    QString big(int n) { return QString(n, u'x'); }

private:
    PyroDaemon *m_daemon;
    Service *m_child = nullptr;
    QObject m_stranger;
    int m_value = 1;
};

class Counted : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("pyro.instance_mode", "percall")
public:
    Counted() { ++alive; }
    ~Counted() override { --alive; }
    static inline int alive = 0;
public Q_SLOTS:
    int incr() { return ++m_count; }

private:
    int m_count = 0;
};

class tst_PyroDaemon : public QObject
{
    Q_OBJECT
private:
    struct Setup
    {
        std::unique_ptr<PyroDaemon> daemon;
        std::unique_ptr<Service> service;
        std::unique_ptr<PoolWorker> pool;
        std::unique_ptr<ThreadWorker> threadWorker;
    };

    std::unique_ptr<Setup> start(const PyroConfig &config = PyroConfig())
    {
        auto s = std::make_unique<Setup>();
        s->daemon = std::make_unique<PyroDaemon>(config);
        if (!s->daemon->listen(u"127.0.0.1"_s, 0))
            return nullptr;
        s->service = std::make_unique<Service>(s->daemon.get());
        s->pool = std::make_unique<PoolWorker>();
        s->threadWorker = std::make_unique<ThreadWorker>();
        s->threadWorker->moveToThread(&m_workerThread);
        s->daemon->registerObject(s->service.get(), u"svc"_s);
        s->daemon->registerObject(s->pool.get(), u"pool"_s);
        s->daemon->registerObject(s->threadWorker.get(), u"thread"_s);
        return s;
    }

    static bool connectTo(RawClient &client, PyroDaemon *daemon, const QString &object = u"svc"_s)
    {
        return client.connectTcp(daemon->port()) && client.connectObject(Serpent, object);
    }

    QThread m_workerThread;

private Q_SLOTS:
    void initTestCase()
    {
        m_workerThread.setObjectName(u"worker"_s);
        m_workerThread.start();
    }
    void cleanupTestCase()
    {
        m_workerThread.quit();
        m_workerThread.wait();
    }

    void transports_data();
    void transports();
    void natLocation();
    void slowCallDoesNotBlockOtherClients_data();
    void slowCallDoesNotBlockOtherClients();
    void threadAffinity();
    void repliesStayInOrder();
    void onewayNeverDelaysTheNextCall();
    void delayedReplies();
    void futureReplies();
    void exceptionsKeepServing();
    void undecodableRequests_data();
    void undecodableRequests();
    void callContext();
    void connectionData();
    void autoproxy();
    void streams();
    void streamLingerAndReattach();
    void streamCleanupAndLimits();
    void commTimeout();
    void stalledClientsDoNotBlockNewOnes();
    void maxConnections();
    void protocolErrorClosesOnlyThatConnection();
    void clientSignals();
    void instanceModes();
    void registration();
    void compression();
    void pingAndDaemonObject();
    void handshakeValidator();
};

void tst_PyroDaemon::transports_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("tcp") << u"tcp"_s;
    QTest::newRow("tcp-ipv6") << u"tcp6"_s;
    QTest::newRow("unix") << u"unix"_s;
    QTest::newRow("own server") << u"server"_s;
}

void tst_PyroDaemon::transports()
{
    QFETCH(QString, transport);
    PyroDaemon daemon{PyroConfig()};
    Service service(&daemon);
    QTemporaryDir dir;
    QTcpServer server;
    RawClient client;
    if (transport == u"tcp"_s) {
        QVERIFY(daemon.listen(u"localhost"_s, 0));
        QCOMPARE(daemon.location(), u"localhost:%1"_s.arg(daemon.port())); // the host as asked
        QVERIFY(client.connectTcp(daemon.port()));
    } else if (transport == u"tcp6"_s) {
        if (!daemon.listen(u"::1"_s, 0))
            QSKIP("no IPv6 loopback here");
        QCOMPARE(daemon.location(), u"[::1]:%1"_s.arg(daemon.port()));
        QVERIFY(client.connectTcp(daemon.port(), u"::1"_s));
    } else if (transport == u"unix"_s) {
        const QString path = dir.filePath(u"pyro.sock"_s);
        QVERIFY2(daemon.listenUnix(path), qPrintable(daemon.errorString()));
        QCOMPARE(daemon.location(), u"./u:"_s + path);
        QVERIFY(client.connectUnix(path));
    } else {
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        daemon.setServer(&server, u"myhost"_s);
        QCOMPARE(daemon.location(), u"myhost:%1"_s.arg(server.serverPort()));
        QVERIFY(client.connectTcp(server.serverPort()));
    }
    const PyroUri uri = daemon.registerObject(&service, u"svc"_s);
    QVERIFY(uri.isValid());
    QCOMPARE(uri.location(), daemon.location());
    QVERIFY(client.connectObject(Serpent, u"svc"_s));
    QCOMPARE(client.call(Serpent, 1, u"svc"_s, u"echo"_s, {u"over "_s + transport}), QVariant(u"over "_s + transport));
}

void tst_PyroDaemon::natLocation()
{
    PyroDaemon daemon{PyroConfig()};
    QVERIFY(daemon.listen(u"127.0.0.1"_s, 0));
    Service service;
    daemon.setNat(u"example.org"_s, 4444);
    QCOMPARE(daemon.registerObject(&service, u"svc"_s).toString(), u"PYRO:svc@example.org:4444"_s);
    daemon.setNat(u"example.org"_s); // NATPORT 0: the bound port
    QCOMPARE(daemon.uriFor(u"svc"_s).toString(), u"PYRO:svc@example.org:%1"_s.arg(daemon.port()));
    QCOMPARE(daemon.location(), u"127.0.0.1:%1"_s.arg(daemon.port()));

    PyroConfig config;
    config.setNatHost(u"nat.example"_s);
    config.setNatPort(5555);
    PyroDaemon configured(config);
    QVERIFY(configured.listen(u"127.0.0.1"_s, 0));
    QCOMPARE(configured.uriFor(u"x"_s).toString(), u"PYRO:x@nat.example:5555"_s);
}

void tst_PyroDaemon::slowCallDoesNotBlockOtherClients_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("expected");
    QTest::newRow("pool object") << u"pool"_s << u"slow"_s << u"slow done"_s;
    QTest::newRow("object in another thread") << u"thread"_s << u"slow"_s << u"thread done"_s;
    QTest::newRow("QFuture") << u"svc"_s << u"slowFuture"_s << u"future done"_s;
    QTest::newRow("delayed reply") << u"svc"_s << u"delayedFromThread"_s << u"from a thread"_s;
}

void tst_PyroDaemon::slowCallDoesNotBlockOtherClients()
{
    QFETCH(QString, object);
    QFETCH(QString, method);
    QFETCH(QString, expected);
    auto s = start();
    QVERIFY(s);
    RawClient slowClient, other;
    QVERIFY(connectTo(slowClient, s->daemon.get(), object));
    QVERIFY(connectTo(other, s->daemon.get()));

    QElapsedTimer timer;
    timer.start();
    QVERIFY(slowClient.invoke(Serpent, 1, object, method, {2000}));
    // While that call takes 2 s, the other client is served at once, repeatedly.
    for (int i = 0; i < 5; ++i)
        QCOMPARE(other.call(Serpent, quint16(i + 1), u"svc"_s, u"echo"_s, {i}), QVariant(qlonglong(i)));
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));

    PyroMessage reply;
    QVERIFY(slowClient.receive(&reply, 10000));
    QVERIFY(timer.elapsed() >= 1900);
    QCOMPARE(reply.header.seq, quint16(1));
    QCOMPARE(RawClient::decode(reply), QVariant(expected));
}

void tst_PyroDaemon::threadAffinity()
{
    auto s = start();
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get(), u"thread"_s));
    QCOMPARE(client.call(Serpent, 1, u"thread"_s, u"inOwnThread"_s), QVariant(true));
    QCOMPARE(client.call(Serpent, 2, u"pool"_s, u"inDaemonThread"_s), QVariant(false));
}

void tst_PyroDaemon::repliesStayInOrder()
{
    auto s = start();
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get()));
    // Pipelined on one connection: the second call waits for the (later) first reply.
    QVERIFY(client.invoke(Serpent, 1, u"svc"_s, u"delayed"_s, {300, u"first"_s}));
    QVERIFY(client.invoke(Serpent, 2, u"svc"_s, u"echo"_s, {u"second"_s}));
    QVERIFY(client.invoke(Serpent, 3, u"pool"_s, u"slow"_s, {100}));
    QVERIFY(client.invoke(Serpent, 4, u"svc"_s, u"echo"_s, {u"fourth"_s}));
    const QVariantList expected{u"first"_s, u"second"_s, u"slow done"_s, u"fourth"_s};
    for (int i = 0; i < 4; ++i) {
        PyroMessage reply;
        QVERIFY(client.receive(&reply));
        QCOMPARE(reply.header.seq, quint16(i + 1));
        QCOMPARE(RawClient::decode(reply), expected.at(i));
    }
}

void tst_PyroDaemon::onewayNeverDelaysTheNextCall()
{
    auto s = start();
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get()));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(client.invoke(Serpent, 1, u"pool"_s, u"slow"_s, {1500}, QVariantMap(), FlagOneway));
    QVERIFY(client.invoke(Serpent, 2, u"svc"_s, u"fire"_s, {1}, QVariantMap(), FlagOneway));
    QCOMPARE(client.call(Serpent, 3, u"svc"_s, u"echo"_s, {u"next"_s}), QVariant(u"next"_s));
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(s->service->fired.load(), 1);
    // A oneway call to something that does not exist is not answered either.
    QVERIFY(client.invoke(Serpent, 4, u"nope"_s, u"x"_s, {}, QVariantMap(), FlagOneway));
    QCOMPARE(client.call(Serpent, 5, u"svc"_s, u"echo"_s, {5}), QVariant(qlonglong(5)));
}

void tst_PyroDaemon::delayedReplies()
{
    auto s = start();
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get()));
    QCOMPARE(client.call(Serpent, 1, u"svc"_s, u"delayed"_s, {50, u"later"_s}), QVariant(u"later"_s));
    const QVariant dropped = client.call(Serpent, 2, u"svc"_s, u"dropDelayed"_s);
    QCOMPARE(dropped.value<PyroError>().pythonClass(), u"Pyro5.errors.PyroError"_s);
    QCOMPARE(dropped.value<PyroError>().message(), u"the delayed reply was dropped without being sent"_s);
    QCOMPARE(client.call(Serpent, 3, u"svc"_s, u"echo"_s, {3}), QVariant(qlonglong(3)));
}

void tst_PyroDaemon::futureReplies()
{
    auto s = start();
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get()));
    QCOMPARE(client.call(Serpent, 1, u"svc"_s, u"slowFuture"_s, {10}), QVariant(u"future done"_s));
    const PyroError error = client.call(Serpent, 2, u"svc"_s, u"failingFuture"_s).value<PyroError>();
    QCOMPARE(error.pythonClass(), u"builtins.OverflowError"_s);
    QCOMPARE(error.message(), u"too big"_s);
}

void tst_PyroDaemon::exceptionsKeepServing()
{
    auto s = start();
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get()));
    PyroMessage reply;
    const QVariant result = client.call(Serpent, 1, u"svc"_s, u"fail"_s, {}, QVariantMap(), &reply);
    QVERIFY(reply.flags() & FlagException);
    const PyroError error = result.value<PyroError>();
    QCOMPARE(error.pythonClass(), u"builtins.RuntimeError"_s);
    QCOMPARE(error.message(), u"boom"_s);
    QVERIFY(error.remoteTraceback().join(QString()).contains(u"in Service::fail\n"_s));
    // Python's texts for the usual mistakes, and the connection stays.
    QCOMPARE(client.call(Serpent, 2, u"svc"_s, u"_secret"_s).value<PyroError>().message(),
             u"attempt to access private attribute '_secret'"_s);
    QCOMPARE(client.call(Serpent, 3, u"svc"_s, u"echo"_s, {}, PyroValues::none()).value<PyroError>().pythonClass(),
             u"builtins.TypeError"_s);
    QCOMPARE(client.call(Serpent, 4, u"svc"_s, u"echo"_s, {1, 2}).value<PyroError>().message(),
             u"Service.echo() takes 1 positional argument but 2 were given"_s);
    QCOMPARE(client.call(Serpent, 5, u"nope"_s, u"echo"_s).value<PyroError>().pythonClass(),
             u"Pyro5.errors.DaemonError"_s);
    QCOMPARE(client.call(Serpent, 6, u"svc"_s, u"echo"_s, {u"still here"_s}), QVariant(u"still here"_s));
}

void tst_PyroDaemon::undecodableRequests_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("pythonClass");
    QTest::addColumn<bool>("closes");
    QTest::newRow("syntax error: answered, stays open") << QByteArray("# serpent utf-8 python3.2\n((garbage")
                                                        << u"builtins.SyntaxError"_s << false;
    QTest::newRow("unknown class: answered, then closed")
        << QByteArray("# serpent utf-8 python3.2\n('svc','echo',({'__class__':'foo.Bar','x':1},),{})")
        << u"Pyro5.errors.SerializeError"_s << true;
    QTest::newRow("refused class: answered, then closed")
        << QByteArray("# serpent utf-8 python3.2\n('svc','echo',({'__class__':'__main__.Evil'},),{})")
        << u"Pyro5.errors.SecurityError"_s << true;
}

void tst_PyroDaemon::undecodableRequests()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, pythonClass);
    QFETCH(bool, closes);
    auto s = start();
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get()));
    PyroMessage request(MsgInvoke, Serpent, 9);
    request.payload = payload;
    QVERIFY(client.sendMessage(request));
    PyroMessage reply;
    QVERIFY(client.receive(&reply));
    QCOMPARE(reply.header.seq, quint16(9));
    QVERIFY(reply.flags() & FlagException);
    QCOMPARE(RawClient::decode(reply).value<PyroError>().pythonClass(), pythonClass);
    if (closes) {
        QVERIFY(client.waitClosed());
    } else {
        QCOMPARE(client.call(Serpent, 10, u"svc"_s, u"echo"_s, {1}), QVariant(qlonglong(1)));
    }
}

void tst_PyroDaemon::callContext()
{
    auto s = start();
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get()));
    const QUuid correlation = QUuid::createUuid();
    PyroMessage request(MsgInvoke, Serpent, 1);
    request.setCorrelationId(correlation);
    request.setAnnotation("XCLT", "hi");
    PyroCall call{u"svc"_s, u"context"_s, {}, false, QVariantMap()};
    QVERIFY(PyroSerializer::byId(Serpent)->encodeCall(request.payload, call, PyroEncodeContext(), nullptr));
    QVERIFY(client.sendMessage(request));
    PyroMessage reply;
    QVERIFY(client.receive(&reply));
    QCOMPARE(reply.header.correlationId, correlation);
    QCOMPARE(reply.annotation("XOUT"), QByteArray("out"));
    const QVariantMap c = RawClient::decode(reply).toMap();
    QCOMPARE(c.value(u"address"_s).toString(), u"127.0.0.1"_s);
    QCOMPARE(c.value(u"port"_s).toInt(), int(client.tcp()->localPort()));
    QCOMPARE(c.value(u"correlation"_s).toString(), correlation.toString(QUuid::WithoutBraces));
    // Calls the method makes (callbacks) carry the request's correlation id.
    QCOMPARE(c.value(u"threadCorrelation"_s).toString(), correlation.toString(QUuid::WithoutBraces));
    QCOMPARE(c.value(u"annotations"_s).toMap(), (QVariantMap{{u"XCLT"_s, u"hi"_s}}));
    QCOMPARE(c.value(u"object"_s).toString(), u"svc"_s);
    QCOMPARE(c.value(u"method"_s).toString(), u"context"_s);
    // Without one from the client, every reply still gets a fresh random id.
    PyroMessage plain;
    client.call(Serpent, 2, u"svc"_s, u"echo"_s, {1}, QVariantMap(), &plain);
    QVERIFY(plain.flags() & FlagCorrelationId);
    QVERIFY(!plain.header.correlationId.isNull());
    QVERIFY(plain.header.correlationId != correlation);
}

void tst_PyroDaemon::connectionData()
{
    auto s = start();
    QVERIFY(s);
    RawClient a, b;
    QVERIFY(connectTo(a, s->daemon.get()));
    QVERIFY(connectTo(b, s->daemon.get()));
    a.call(Serpent, 1, u"svc"_s, u"remember"_s, {u"a's"_s});
    QCOMPARE(a.call(Serpent, 2, u"svc"_s, u"recall"_s), QVariant(u"a's"_s));
    QVERIFY(PyroValues::isNone(b.call(Serpent, 1, u"svc"_s, u"recall"_s)));
}

void tst_PyroDaemon::autoproxy()
{
    auto s = start();
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get()));
    for (quint8 serializer : {quint8(SerializerSerpent), quint8(SerializerJson), quint8(SerializerMarshal)}) {
        const QVariant result = client.call(serializer, 1, u"svc"_s, u"child"_s);
        QCOMPARE(result.typeId(), qMetaTypeId<PyroObjectRef>());
        const PyroObjectRef ref = result.value<PyroObjectRef>();
        QCOMPARE(ref.uri(), s->daemon->uriFor(u"svc.child"_s));
        QVERIFY(ref.methods().contains(u"echo"_s));
        QCOMPARE(ref.attributes(), QStringList{u"value"_s});
    }
    // An object the daemon does not know cannot travel: SerializeError, then the
    // connection closes (as Pyro5 does).
    PyroMessage reply;
    const QVariant result = client.call(Serpent, 2, u"svc"_s, u"stranger"_s, {}, QVariantMap(), &reply);
    QCOMPARE(result.value<PyroError>().pythonClass(), u"Pyro5.errors.SerializeError"_s);
    QVERIFY(client.waitClosed());
}

void tst_PyroDaemon::streams()
{
    auto s = start();
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get()));
    quint16 seq = 0;
    auto open = [&](const QString &object, const QString &method, const QVariantList &args) {
        PyroMessage reply;
        client.call(Serpent, ++seq, object, method, args, QVariantMap(), &reply);
        return QString::fromLatin1(reply.annotation("STRM"));
    };
    auto next = [&](const QString &id) {
        return client.call(Serpent, ++seq, u"Pyro.Daemon"_s, u"get_next_stream_item"_s, {id});
    };
    for (const QString &object : {u"svc"_s, u"pool"_s}) {
        const QString id = open(object, object == u"svc"_s ? u"count"_s : u"numbers"_s, {2});
        QCOMPARE(id.size(), 36);
        QCOMPARE(next(id), QVariant(qlonglong(0)));
        QCOMPARE(next(id), QVariant(qlonglong(1)));
        const PyroError end = next(id).value<PyroError>();
        QCOMPARE(end.pythonClass(), u"builtins.StopIteration"_s);
        QVERIFY(end.remoteArgs().isEmpty());
        QCOMPARE(next(id).value<PyroError>().message(), u"item stream terminated"_s);
    }
    QCOMPARE(s->daemon->streamCount(), 0);
    // A generator that fails ends its stream with that exception.
    const QString failing = open(u"svc"_s, u"failingStream"_s, {});
    QCOMPARE(next(failing), QVariant(1));
    QCOMPARE(next(failing).value<PyroError>().message(), u"stream broke"_s);
    QCOMPARE(s->daemon->streamCount(), 0);
    // close_stream (oneway) forgets it.
    const QString infinite = open(u"svc"_s, u"count"_s, {-1});
    QCOMPARE(s->daemon->streamCount(), 1);
    QVERIFY(client.invoke(Serpent, ++seq, u"Pyro.Daemon"_s, u"close_stream"_s, {infinite}, QVariantMap(), FlagOneway));
    QTRY_COMPARE(s->daemon->streamCount(), 0);
    // Batches: results in order, stop at the first failure (wrapped), never stream.
    auto entry = [](const QString &method, const QVariantList &args) {
        return QVariant::fromValue(PyroTuple{method, QVariant::fromValue(PyroTuple(args)), QVariantMap()});
    };
    const QVariantList calls{entry(u"echo"_s, {1}), entry(u"fail"_s, {}), entry(u"echo"_s, {4})};
    QVERIFY(client.invoke(Serpent, ++seq, u"svc"_s, u"<batch>"_s, calls, PyroValues::none(), FlagBatch));
    PyroMessage batchReply;
    QVERIFY(client.receive(&batchReply));
    QCOMPARE(batchReply.flags(), quint16(FlagBatch | FlagCorrelationId));
    const QVariantList list = RawClient::decode(batchReply).toList();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0), QVariant(qlonglong(1)));
    QCOMPARE(list.at(1).value<PyroExceptionWrapper>().error().pythonClass(), u"builtins.RuntimeError"_s);
    // A oneway batch is not answered; the next call is.
    QVERIFY(client.invoke(Serpent, ++seq, u"svc"_s, u"<batch>"_s, {entry(u"fire"_s, {1})}, PyroValues::none(),
                          FlagBatch | FlagOneway));
    PyroMessage after;
    QCOMPARE(client.call(Serpent, ++seq, u"svc"_s, u"echo"_s, {u"after"_s}, QVariantMap(), &after), QVariant(u"after"_s));
    QCOMPARE(after.header.seq, seq);
    QCOMPARE(s->service->fired.load(), 1);
    // A batch entry naming a private method fails the whole batch.
    QVERIFY(client.invoke(Serpent, ++seq, u"svc"_s, u"<batch>"_s, {entry(u"echo"_s, {1}), entry(u"_x"_s, {})},
                          PyroValues::none(), FlagBatch));
    QVERIFY(client.receive(&batchReply));
    QCOMPARE(RawClient::decode(batchReply).value<PyroError>().message(), u"attempt to access private attribute '_x'"_s);
    QCOMPARE(s->daemon->streamCount(), 0);
}

void tst_PyroDaemon::streamLingerAndReattach()
{
    PyroConfig config;
    config.setIterStreamLinger(0.6);
    auto s = start(config);
    QVERIFY(s);
    QString id;
    {
        RawClient first;
        QVERIFY(connectTo(first, s->daemon.get()));
        PyroMessage reply;
        first.call(Serpent, 1, u"svc"_s, u"count"_s, {-1}, QVariantMap(), &reply);
        id = QString::fromLatin1(reply.annotation("STRM"));
        QCOMPARE(first.call(Serpent, 2, u"Pyro.Daemon"_s, u"get_next_stream_item"_s, {id}), QVariant(qlonglong(0)));
        first.abort();
    }
    QTRY_COMPARE(s->daemon->connectionCount(), 0);
    QCOMPARE(s->daemon->streamCount(), 1); // lingering
    // A reconnecting client picks it up where it was.
    RawClient second;
    QVERIFY(connectTo(second, s->daemon.get()));
    QCOMPARE(second.call(Serpent, 3, u"Pyro.Daemon"_s, u"get_next_stream_item"_s, {id}), QVariant(qlonglong(1)));
    second.abort();
    QTRY_COMPARE(s->daemon->connectionCount(), 0);
    // Not picked up in time: gone.
    QTRY_COMPARE_WITH_TIMEOUT(s->daemon->streamCount(), 0, 5000);
    RawClient third;
    QVERIFY(connectTo(third, s->daemon.get()));
    QCOMPARE(third.call(Serpent, 4, u"Pyro.Daemon"_s, u"get_next_stream_item"_s, {id}).value<PyroError>().message(),
             u"item stream terminated"_s);
}

void tst_PyroDaemon::streamCleanupAndLimits()
{
    PyroConfig config;
    config.setIterStreamLinger(0);
    config.setMaxStreamsPerClient(2);
    config.setIterStreamLifetime(0.4);
    auto s = start(config);
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get()));
    PyroMessage reply;
    client.call(Serpent, 1, u"svc"_s, u"count"_s, {-1}, QVariantMap(), &reply);
    client.call(Serpent, 2, u"svc"_s, u"count"_s, {-1}, QVariantMap(), &reply);
    QCOMPARE(s->daemon->streamCount(), 2);
    // The cap per client.
    const PyroError capped = client.call(Serpent, 3, u"svc"_s, u"count"_s, {-1}).value<PyroError>();
    QCOMPARE(capped.pythonClass(), u"Pyro5.errors.PyroError"_s);
    QVERIFY(capped.message().contains(u"too many open item streams"_s));
    // ITER_STREAM_LIFETIME: they expire.
    QTRY_COMPARE_WITH_TIMEOUT(s->daemon->streamCount(), 0, 5000);
    client.call(Serpent, 4, u"svc"_s, u"count"_s, {-1}, QVariantMap(), &reply);
    QCOMPARE(s->daemon->streamCount(), 1);
    // Linger 0: a disconnect removes them at once.
    client.abort();
    QTRY_COMPARE(s->daemon->streamCount(), 0);

    // ITER_STREAMING off: the marker comes without a stream id.
    PyroConfig off;
    off.setIterStreaming(false);
    auto t = start(off);
    RawClient c2;
    QVERIFY(connectTo(c2, t->daemon.get()));
    c2.call(Serpent, 1, u"svc"_s, u"count"_s, {3}, QVariantMap(), &reply);
    QVERIFY(reply.flags() & FlagItemStreamResult);
    QVERIFY(reply.annotation("STRM").isNull());
    QCOMPARE(t->daemon->streamCount(), 0);
}

void tst_PyroDaemon::commTimeout()
{
    PyroConfig config;
    config.setCommTimeout(0.5);
    auto s = start(config);
    QVERIFY(s);
    // Idle after the handshake: dropped.
    RawClient idle;
    QVERIFY(connectTo(idle, s->daemon.get()));
    // Stalled halfway through a message: dropped.
    RawClient stalled;
    QVERIFY(stalled.connectTcp(s->daemon->port()));
    stalled.send(QByteArray("PYRO\x01\xf6\x01\x01", 8));
    // Waiting for a slow reply of ours is not stalling.
    RawClient waiting;
    QVERIFY(connectTo(waiting, s->daemon.get()));
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(waiting.call(Serpent, 1, u"svc"_s, u"delayed"_s, {1200, u"patience"_s}), QVariant(u"patience"_s));
    QVERIFY(timer.elapsed() >= 1100);
    QVERIFY(idle.waitClosed(3000));
    QVERIFY(stalled.waitClosed(3000));
}

void tst_PyroDaemon::stalledClientsDoNotBlockNewOnes()
{
    auto s = start();
    QVERIFY(s);
    std::vector<std::unique_ptr<RawClient>> stalled;
    for (int i = 0; i < 40; ++i) {
        auto c = std::make_unique<RawClient>();
        QVERIFY(c->connectTcp(s->daemon->port()));
        c->send(QByteArray("PYRO\x01\xf6\x01", 7)); // and never the rest
        stalled.push_back(std::move(c));
    }
    QElapsedTimer timer;
    timer.start();
    RawClient fresh;
    QVERIFY(connectTo(fresh, s->daemon.get()));
    QCOMPARE(fresh.call(Serpent, 1, u"svc"_s, u"echo"_s, {u"served"_s}), QVariant(u"served"_s));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(s->daemon->connectionCount(), 41);
}

void tst_PyroDaemon::maxConnections()
{
    PyroConfig config;
    config.setMaxConnections(2);
    auto s = start(config);
    QVERIFY(s);
    RawClient a, b, c;
    QVERIFY(connectTo(a, s->daemon.get()));
    QVERIFY(connectTo(b, s->daemon.get()));
    QVERIFY(c.connectTcp(s->daemon->port()));
    PyroDict data;
    data.append(u"handshake"_s, u"hello"_s);
    data.append(u"object"_s, u"svc"_s);
    PyroMessage connect(MsgConnect, SerializerJson, 7);
    QVERIFY(PyroSerializer::byId(SerializerJson)->encode(connect.payload, QVariant::fromValue(data), {}, nullptr));
    QVERIFY(c.sendMessage(connect));
    PyroMessage refusal;
    QVERIFY(c.receive(&refusal));
    QCOMPARE(refusal.type(), quint8(MsgConnectFail));
    QCOMPARE(refusal.header.serializerId, quint8(SerializerMarshal)); // always marshal, as Pyro5
    QCOMPARE(refusal.header.seq, quint16(7));
    QCOMPARE(RawClient::decode(refusal), QVariant(u"no free workers, increase server threadpool size"_s));
    QVERIFY(c.waitClosed());
    // A freed slot is taken again.
    a.abort();
    QTRY_COMPARE(s->daemon->connectionCount(), 1);
    RawClient d;
    QVERIFY(connectTo(d, s->daemon.get()));
}

void tst_PyroDaemon::protocolErrorClosesOnlyThatConnection()
{
    auto s = start();
    QVERIFY(s);
    QSignalSpy errors(s->daemon.get(), &PyroDaemon::protocolErrorOccurred);
    RawClient good, bad;
    QVERIFY(connectTo(good, s->daemon.get()));
    QVERIFY(connectTo(bad, s->daemon.get()));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"closed after a protocol error: invalid data"_s));
    bad.send(QByteArray(40, 'x'));
    QVERIFY(bad.waitClosed());
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).at(1).value<PyroError>().message(), u"invalid data"_s);
    QCOMPARE(good.call(Serpent, 1, u"svc"_s, u"echo"_s, {u"fine"_s}), QVariant(u"fine"_s));
}

void tst_PyroDaemon::clientSignals()
{
    auto s = start();
    QVERIFY(s);
    QSignalSpy connected(s->daemon.get(), &PyroDaemon::clientConnected);
    QSignalSpy disconnected(s->daemon.get(), &PyroDaemon::clientDisconnected);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get()));
    QCOMPARE(connected.size(), 1);
    const quint64 id = connected.at(0).at(0).toULongLong();
    QCOMPARE(connected.at(0).at(1).toString(), u"127.0.0.1:%1"_s.arg(client.tcp()->localPort()));
    client.abort();
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.at(0).at(0).toULongLong(), id);
}

void tst_PyroDaemon::instanceModes()
{
    auto s = start();
    QVERIFY(s);
    s->daemon->registerType<Counted>(u"percall"_s); // Q_CLASSINFO("pyro.instance_mode", "percall")
    s->daemon->registerType<Counted>(u"session"_s, PyroDaemon::InstanceMode::Session);
    s->daemon->registerType<Counted>(u"single"_s, PyroDaemon::InstanceMode::Single);
    QCOMPARE(Counted::alive, 0);
    RawClient a, b;
    QVERIFY(connectTo(a, s->daemon.get(), u"session"_s)); // metadata without an instance
    QCOMPARE(Counted::alive, 0);
    QVERIFY(connectTo(b, s->daemon.get(), u"session"_s));
    QVariantList got;
    quint16 seq = 0;
    for (const QString &id : {u"single"_s, u"session"_s, u"percall"_s}) {
        for (RawClient *c : {&a, &b}) {
            for (int i = 0; i < 2; ++i)
                got.append(c->call(Serpent, ++seq, id, u"incr"_s));
        }
    }
    QCOMPARE(got, (QVariantList{1, 2, 3, 4, 1, 2, 1, 2, 1, 1, 1, 1}));
    QTRY_COMPARE(Counted::alive, 3); // one single + two sessions; percall ones are gone
    a.abort();
    QTRY_COMPARE(Counted::alive, 2);  // a's session instance went with its connection
}

void tst_PyroDaemon::registration()
{
    PyroDaemon daemon{PyroConfig()};
    QVERIFY(daemon.listen(u"127.0.0.1"_s, 0));
    Service a, b;
    const PyroUri generated = daemon.registerObject(&a);
    QVERIFY(QRegularExpression(u"^obj_[0-9a-f]{32}$"_s).match(generated.object()).hasMatch());
    QCOMPARE(daemon.objectId(&a), generated.object());
    QVERIFY(!daemon.registerObject(&a, u"again"_s).isValid()); // one id per object
    QVERIFY(!daemon.registerObject(&b, generated.object()).isValid());
    QVERIFY(!daemon.errorString().isEmpty());
    QVERIFY(!daemon.registerObject(&b, u"Pyro.Daemon"_s).isValid());
    QVERIFY(!daemon.unregisterObject(u"Pyro.Daemon"_s));
    {
        Service temporary;
        daemon.registerObject(&temporary, u"temp"_s);
        QVERIFY(daemon.registeredIds().contains(u"temp"_s));
    }
    QVERIFY(!daemon.registeredIds().contains(u"temp"_s)); // deleted: unregistered
    QVERIFY(daemon.unregisterObject(&a));
    QCOMPARE(daemon.registeredIds(), QStringList{u"Pyro.Daemon"_s});
    QCOMPARE(daemon.proxyFor(u"nope"_s).isValid(), false);
}

void tst_PyroDaemon::compression()
{
    for (bool on : {false, true}) {
        PyroConfig config;
        config.setCompression(on);
        auto s = start(config);
        RawClient client;
        QVERIFY(connectTo(client, s->daemon.get()));
        PyroMessage reply;
        QCOMPARE(client.call(Serpent, 1, u"svc"_s, u"big"_s, {500}, QVariantMap(), &reply), QVariant(QString(500, u'x')));
        QCOMPARE(bool(reply.flags() & FlagCompressed), on);
        client.call(Serpent, 2, u"svc"_s, u"big"_s, {5}, QVariantMap(), &reply);
        QVERIFY(!(reply.flags() & FlagCompressed)); // short payloads never
    }
}

void tst_PyroDaemon::pingAndDaemonObject()
{
    auto s = start();
    QVERIFY(s);
    RawClient client;
    QVERIFY(connectTo(client, s->daemon.get(), u"Pyro.Daemon"_s));
    QVERIFY(client.sendMessage(PyroMessage(MsgPing, 42, 0)));
    PyroMessage pong;
    QVERIFY(client.receive(&pong));
    QCOMPARE(pong.type(), quint8(MsgPing));
    QCOMPARE(pong.header.serializerId, quint8(42));
    QCOMPARE(pong.payload, QByteArray("pong"));
    QCOMPARE(client.call(Serpent, 1, u"Pyro.Daemon"_s, u"registered"_s),
             QVariant(QVariantList{u"Pyro.Daemon"_s, u"svc"_s, u"pool"_s, u"thread"_s}));
    const PyroError unknown = client.call(Serpent, 2, u"Pyro.Daemon"_s, u"get_metadata"_s, {u"nope"_s}).value<PyroError>();
    QCOMPARE(unknown.pythonClass(), u"Pyro5.errors.DaemonError"_s);
    QCOMPARE(unknown.message(), u"unknown object"_s);
    const QVariantMap meta = client.call(Serpent, 3, u"Pyro.Daemon"_s, u"get_metadata"_s, {u"svc"_s}).toMap();
    QVERIFY(meta.value(u"methods"_s).value<PyroSet>().contains(u"echo"_s));
    QCOMPARE(meta.value(u"attrs"_s).value<PyroSet>(), PyroSet({u"value"_s}));
    QVERIFY(client.call(Serpent, 4, u"Pyro.Daemon"_s, u"info"_s).toString()
                .startsWith(u"Pyro.Daemon bound on 127.0.0.1:%1, NAT None, 4 objects registered."_s.arg(s->daemon->port())));
    QVERIFY(PyroValues::isNone(client.call(Serpent, 5, u"Pyro.Daemon"_s, u"ping"_s)));
    // Remote attributes.
    QCOMPARE(client.call(Serpent, 6, u"svc"_s, u"__getattr__"_s, {u"value"_s}, PyroValues::none()), QVariant(1));
    QVERIFY(PyroValues::isNone(client.call(Serpent, 7, u"svc"_s, u"__setattr__"_s, {u"value"_s, 5}, PyroValues::none())));
    QCOMPARE(s->service->value(), 5);
}

void tst_PyroDaemon::handshakeValidator()
{
    auto s = start();
    QVERIFY(s);
    s->daemon->setHandshakeValidator([](const QVariant &handshake, PyroCallContext &context) -> QVariant {
        if (handshake.toString() != u"let me in"_s) {
            context.setError(PyroError::exception(u"builtins.PermissionError"_s, u"go away"_s));
            return QVariant();
        }
        context.setConnectionData(u"memo"_s, u"from handshake"_s);
        return u"welcome %1"_s.arg(context.clientAddress());
    });
    RawClient refused;
    QVERIFY(refused.connectTcp(s->daemon->port()));
    QVERIFY(!refused.connectObject(Serpent, u"svc"_s, u"hello"_s));
    QVERIFY(refused.waitClosed());

    RawClient accepted;
    QVERIFY(accepted.connectTcp(s->daemon->port()));
    PyroDict data;
    data.append(u"handshake"_s, u"let me in"_s);
    data.append(u"object"_s, u"svc"_s);
    PyroMessage connect(MsgConnect, Serpent, 0);
    QVERIFY(PyroSerializer::byId(Serpent)->encode(connect.payload, QVariant::fromValue(data), {}, nullptr));
    QVERIFY(accepted.sendMessage(connect));
    PyroMessage ok;
    QVERIFY(accepted.receive(&ok));
    QCOMPARE(ok.type(), quint8(MsgConnectOk));
    QCOMPARE(RawClient::decode(ok).toMap().value(u"handshake"_s).toString(), u"welcome 127.0.0.1"_s);
    QCOMPARE(accepted.call(Serpent, 1, u"svc"_s, u"recall"_s), QVariant(u"from handshake"_s));
}

QTEST_MAIN(tst_PyroDaemon)
#include "tst_pyrodaemon.moc"
