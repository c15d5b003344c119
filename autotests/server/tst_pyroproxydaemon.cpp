// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// QtPyro's proxy against QtPyro's daemon over the rows of a transport matrix (tcp, unix,
// ssl: TLS set up through Pyro5's SSL_* config items, the test certificates of
// autotests/data/certs):
// calls in every serializer, errors, oneway, attributes, streams, batches, metadata,
// autoproxy and callbacks (the client passes an object of its own daemon and the server
// calls it back, carrying the original correlation id). The daemon runs in a thread of
// its own so the test can use the proxy's blocking call().

#include "pyrotransporttestbase.h"
#include "pyrobatch.h"
#include "pyrocallcontext.h"
#include "pyrocallreply.h"
#include "pyrodaemon.h"
#include "pyrogenerator.h"
#include "pyroproxy.h"
#include "pyroresult.h"
#include "pyroserializer.h"
#include "pyrostream.h"
#include "pyrovalues.h"

#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class Calculator : public QObject
{
    Q_OBJECT
    Q_PROPERTY(double memory READ memory WRITE setMemory)
    Q_CLASSINFO("pyro.oneway", "remember")
public:
    explicit Calculator(PyroDaemon *daemon) : m_daemon(daemon) { }
    double memory() const { return m_memory; }
    void setMemory(double m) { m_memory = m; }

public Q_SLOTS:
    QVariant echo(const QVariant &v) { return v; }
    double add(double a, double b) { return a + b; }
    double divide(double a, double b)
    {
        if (b == 0)
            throw PyroException(u"builtins.ZeroDivisionError"_s, u"float division by zero"_s);
        return a / b;
    }
    void remember(double v) { m_memory = v; }
    PyroGenerator range(int n)
    {
        return PyroGenerator([i = 0, n]() mutable -> std::optional<QVariant> {
            if (i >= n)
                return std::nullopt;
            return QVariant(i++);
        });
    }
    QObject *twin()
    {
        if (!m_twin) {
            m_twin = new Calculator(m_daemon);
            m_twin->setParent(this);
            m_twin->setMemory(99);
            m_daemon->registerObject(m_twin, u"calc.twin"_s);
        }
        return m_twin;
    }
    // Calls the client back asynchronously and answers when the callback did.
    QString callBack(const PyroObjectRef &handler, const QString &message)
    {
        PyroDelayedReply reply = PyroCallContext::current()->delayReply();
        auto *proxy = new PyroProxy(handler, this);
        PyroCallReply *call = proxy->asyncCall(u"notify"_s, {message});
        connect(call, &PyroCallReply::finished, this, [call, proxy, reply]() mutable {
            if (call->error().isError())
                reply.sendError(call->error());
            else
                reply.send(call->result().value());
            call->deleteLater();
            proxy->deleteLater();
        });
        return QString();
    }

private:
    PyroDaemon *m_daemon;
    Calculator *m_twin = nullptr;
    double m_memory = 0;
};

class Handler : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QString notify(const QString &message)
    {
        return u"%1 (correlation %2)"_s.arg(message,
                                             PyroCallContext::current()->correlationId().toString(QUuid::WithoutBraces));
    }
};

// A daemon with a Calculator, living in a thread of its own.
class DaemonHost
{
public:
    bool start(bool useUnix, const QString &socketPath, const PyroConfig &config)
    {
        m_thread.start();
        m_context.moveToThread(&m_thread);
        bool ok = false;
        QMetaObject::invokeMethod(&m_context, [&] {
            m_daemon = new PyroDaemon(config);
            ok = useUnix ? m_daemon->listenUnix(socketPath) : m_daemon->listen(u"127.0.0.1"_s, 0);
            m_calculator = new Calculator(m_daemon);
            m_uri = m_daemon->registerObject(m_calculator, u"calc"_s);
            if (!ok)
                qWarning() << "listen failed:" << m_daemon->errorString();
        }, Qt::BlockingQueuedConnection);
        return ok;
    }
    ~DaemonHost()
    {
        if (m_thread.isRunning()) {
            QMetaObject::invokeMethod(&m_context, [this] {
                delete m_daemon;
                delete m_calculator;
            }, Qt::BlockingQueuedConnection);
            m_thread.quit();
            m_thread.wait();
        }
    }
    PyroUri uri() const { return m_uri; }

private:
    QThread m_thread;
    QObject m_context;
    PyroDaemon *m_daemon = nullptr;
    Calculator *m_calculator = nullptr;
    PyroUri m_uri;
};

// Every test once per transport (tcp, unix, ssl: PyroTransportTestBase).
class tst_PyroProxyDaemon : public PyroTransportTestBase
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void calls_data();
    void calls();
    void errors();
    void onewayAndAttributes();
    void streams();
    void batch();
    void autoproxy();
    void callback();

private:
    std::unique_ptr<DaemonHost> m_host;
    QTemporaryDir m_dir;
    PyroConfig m_originalGlobal;
};

void tst_PyroProxyDaemon::initTestCase()
{
    m_originalGlobal = PyroConfig::global();
}

void tst_PyroProxyDaemon::init()
{
    // Every proxy of the test (also those the daemon makes for callbacks) starts from the
    // global config, so the row's config goes there: for ssl what PYRO_SSL=1 and the
    // PYRO_SSL_* variables give (one config serves both sides, as in Pyro5).
    const PyroConfig config = serverConfig();
    PyroConfig::setGlobal(config);
    m_host = std::make_unique<DaemonHost>();
    QVERIFY(m_host->start(transport() == Transport::Unix, m_dir.filePath(u"calc.sock"_s), config));
    QVERIFY(m_host->uri().isValid());
}

void tst_PyroProxyDaemon::cleanup()
{
    m_host.reset();
    PyroConfig::setGlobal(m_originalGlobal);
}

void tst_PyroProxyDaemon::calls_data()
{
    QTest::addColumn<QString>("serializer");
    for (const QString &s : {u"serpent"_s, u"marshal"_s, u"json"_s, u"msgpack"_s})
        QTest::newRow(qPrintable(s)) << s;
}

void tst_PyroProxyDaemon::calls()
{
    QFETCH(QString, serializer);
    if (!PyroSerializer::byName(serializer))
        QSKIP("serializer plugin not available");
    PyroProxy proxy(m_host->uri());
    proxy.setSerializer(serializer);
    PyroResult r = proxy.call(u"add"_s, {1.5, 2});
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    QCOMPARE(r.value(), QVariant(3.5));
    const QVariantMap value{{u"list"_s, QVariantList{1, u"two"_s, PyroValues::none()}}, {u"nested"_s, QVariantMap{{u"x"_s, true}}}};
    r = proxy.call(u"echo"_s, {value});
    QVERIFY2(PyroValues::equals(r.value(), value), qPrintable(QDebug::toString(r.value())));
    QCOMPARE(proxy.call(u"add"_s, {}, {{u"a"_s, 1}, {u"b"_s, 2}}).value(), QVariant(3.0)); // by keyword
    QVERIFY2(proxy.methods().contains(u"divide"_s), qPrintable(proxy.methods().join(u',')));
    QCOMPARE(proxy.onewayMethods(), QStringList{u"remember"_s});
    QCOMPARE(proxy.attributes(), QStringList{u"memory"_s});
}

void tst_PyroProxyDaemon::errors()
{
    PyroProxy proxy(m_host->uri());
    PyroResult r = proxy.call(u"divide"_s, {1, 0});
    QVERIFY(r.isError());
    QCOMPARE(r.error().remoteType(), u"builtins.ZeroDivisionError"_s);
    QCOMPARE(r.error().message(), u"float division by zero"_s);
    QVERIFY(r.error().remoteTraceback().join(QString()).contains(u"Calculator::divide"_s));
    r = proxy.call(u"add"_s, {u"one"_s, 2});
    QCOMPARE(r.error().remoteType(), u"builtins.TypeError"_s);
    QCOMPARE(proxy.call(u"add"_s, {1, 2}).value(), QVariant(3.0)); // still connected
}

void tst_PyroProxyDaemon::onewayAndAttributes()
{
    PyroProxy proxy(m_host->uri());
    proxy.callOneway(u"remember"_s, {42});
    QTRY_COMPARE(proxy.readAttribute(u"memory"_s).value(), QVariant(42.0));
    QVERIFY(!proxy.writeAttribute(u"memory"_s, 7.5).isError());
    QCOMPARE(proxy.readAttribute(u"memory"_s).value(), QVariant(7.5));
}

void tst_PyroProxyDaemon::streams()
{
    PyroProxy proxy(m_host->uri());
    std::unique_ptr<PyroCallReply> r(proxy.asyncCall(u"range"_s, {4}));
    QVERIFY(r->waitForFinished(QDeadlineTimer(10000)));
    QVERIFY2(r->isStream(), qPrintable(r->error().toString()));
    PyroStream *stream = r->takeStream();
    QVERIFY(stream);
    PyroError error;
    QCOMPARE(stream->takeAll(&error, QDeadlineTimer(10000)), (QVariantList{0, 1, 2, 3}));
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    delete stream;
}

void tst_PyroProxyDaemon::batch()
{
    PyroProxy proxy(m_host->uri());
    PyroBatch batch(&proxy);
    batch.add(u"add"_s, {1, 1});
    batch.add(u"divide"_s, {1, 0});
    batch.add(u"add"_s, {2, 2});
    const QList<PyroResult> results = batch.execute(QDeadlineTimer(10000));
    QCOMPARE(results.size(), 2); // Pyro5 stops at the first failure
    QCOMPARE(results.at(0).value(), QVariant(2.0));
    QCOMPARE(results.at(1).error().remoteType(), u"builtins.ZeroDivisionError"_s);
}

void tst_PyroProxyDaemon::autoproxy()
{
    PyroProxy proxy(m_host->uri());
    const PyroResult r = proxy.call(u"twin"_s);
    QVERIFY2(r.value().canConvert<PyroObjectRef>(), qPrintable(QDebug::toString(r.value())));
    const PyroObjectRef ref = r.value().value<PyroObjectRef>();
    QCOMPARE(ref.uri().object(), u"calc.twin"_s);
    PyroProxy twin(ref);
    QCOMPARE(twin.readAttribute(u"memory"_s).value(), QVariant(99.0));
}

void tst_PyroProxyDaemon::callback()
{
    // The client's own daemon in this thread, so the proxy call must not block it.
    QFETCH_GLOBAL(QString, transport);
    PyroDaemon clientDaemon{PyroConfig::global()};
    QVERIFY(transport == u"unix"_s ? clientDaemon.listenUnix(m_dir.filePath(u"client.sock"_s))
                                   : clientDaemon.listen(u"127.0.0.1"_s, 0));
    Handler handler;
    clientDaemon.registerObject(&handler, u"handler"_s);

    PyroProxy proxy(m_host->uri());
    const QUuid correlation = QUuid::createUuid();
    proxy.setCorrelationId(correlation);
    PyroCallReply *reply = proxy.asyncCall(u"callBack"_s, {QVariant::fromValue(clientDaemon.proxyFor(&handler)), u"ping"_s});
    QSignalSpy finished(reply, &PyroCallReply::finished);
    QVERIFY(finished.wait(10000));
    QVERIFY2(!reply->error().isError(), qPrintable(reply->error().toString()));
    QCOMPARE(reply->result().value().toString(),
             u"ping (correlation %1)"_s.arg(correlation.toString(QUuid::WithoutBraces)));
    reply->deleteLater();
}

QTEST_MAIN(tst_PyroProxyDaemon)
#include "tst_pyroproxydaemon.moc"
