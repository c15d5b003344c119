// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-httpgateway's $signals route: remote signals as Server-Sent Events, read by a real
// HTTP client (QNetworkAccessManager, incrementally; a raw socket for a client that stops
// reading), from a daemon and name server in this process.

#include "pyrohttpgateway.h"

#include "pyrodaemon.h"
#include "pyronameserver.h"
#include "pyrosignalhub_p.h"
#include "pyrostorage.h"
#include "pyrotesthttp.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class SignalSource : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("pyro.exclude", "secret")
public:
    using QObject::QObject;

Q_SIGNALS:
    void ticked(int n, const QString &label);
    void alarm(const QVariantMap &info);
    void secret();

public Q_SLOTS:
    QString ping() { return u"pong"_s; }
};

class Quiet : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QString ping() { return u"pong"_s; }
};

struct SseEvent
{
    QByteArray event;
    QByteArray id;
    QByteArray data;
    QString text() const { return QString::fromUtf8(event + u' ' + id + u' ' + data); }
};

// Splits a text/event-stream into events and comment lines.
struct SseParser
{
    QByteArray buffer;
    QList<SseEvent> events;
    int comments = 0;

    void feed(const QByteArray &data)
    {
        buffer += data;
        qsizetype end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
            const QByteArray block = buffer.left(end);
            buffer.remove(0, end + 2);
            SseEvent event;
            bool any = false;
            for (const QByteArray &line : block.split('\n')) {
                if (line.startsWith(':')) {
                    ++comments;
                    continue;
                }
                const qsizetype colon = line.indexOf(':');
                const QByteArray field = line.left(colon);
                const QByteArray value = line.mid(colon + 1).trimmed();
                any = true;
                if (field == "event")
                    event.event = value;
                else if (field == "id")
                    event.id = value;
                else if (field == "data")
                    event.data = value;
            }
            if (any)
                events.append(event);
        }
    }
    // Events of signals (not "missed") and the sum of the missed counts.
    int signalEvents() const
    {
        return int(std::count_if(events.begin(), events.end(), [](const SseEvent &e) { return e.event != "missed"; }));
    }
    qint64 missedCount() const
    {
        qint64 n = 0;
        for (const SseEvent &e : events)
            if (e.event == "missed")
                n += QJsonDocument::fromJson(e.data).object().value(u"count"_s).toInteger();
        return n;
    }
};

// An EventSource of sorts: a GET that stays open, parsed as it arrives.
class SseClient : public QObject
{
    Q_OBJECT
public:
    SseClient(QNetworkAccessManager &nam, const QUrl &url)
    {
        QNetworkRequest request(url);
        request.setRawHeader("Accept", "text/event-stream");
        reply = nam.get(request);
        connect(reply, &QNetworkReply::readyRead, this, [this] {
            if (status() == 200)
                parser.feed(reply->readAll());
        });
    }
    ~SseClient() override
    {
        if (reply) {
            reply->abort();
            reply->deleteLater();
        }
    }
    int status() const { return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(); }
    bool waitForHead() { return QTest::qWaitFor([this] { return status() != 0 || reply->isFinished(); }, 30000); }
    void close()
    {
        reply->abort();
        reply->deleteLater();
        reply = nullptr;
    }

    QNetworkReply *reply;
    SseParser parser;
};

class tst_PyroHttpGatewaySse : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void delivery_data();
    void delivery();
    void refused_data();
    void refused();
    void keyInQuery();
    void disconnectEndsSubscription();
    void othersServedMeanwhile();
    void streamLimit();
    void keepAlive();
    void daemonGapReported();
    void clientNotReading();

private:
    void makeGateway(const PyroHttpGatewaySettings &settings = {});
    QUrl url(const QString &path) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_gateway->port()).arg(path));
    }
    PyroSignalHub *hub() const { return PyroSignalHub::of(&m_daemon); }

    PyroNameServer m_ns;
    PyroDaemon m_daemon;
    SignalSource m_source;
    SignalSource m_hidden;
    Quiet m_quiet;
    std::unique_ptr<PyroHttpGateway> m_gateway;
    QNetworkAccessManager m_nam;
};

void tst_PyroHttpGatewaySse::initTestCase()
{
    m_ns.setBroadcastEnabled(false);
    QVERIFY2(m_ns.start(u"127.0.0.1"_s, 0), qPrintable(m_ns.error().toString()));
    QVERIFY(m_daemon.listen(u"127.0.0.1"_s, 0));
    PyroError error;
    const QList<std::pair<QObject *, QString>> objects{
        {&m_source, u"http.sensor"_s}, {&m_hidden, u"hidden.sensor"_s}, {&m_quiet, u"http.quiet"_s}};
    for (const auto &[object, name] : objects) {
        const PyroUri uri = m_daemon.registerObject(object, name);
        QVERIFY(m_ns.storage()->store(name, {uri.toString(), {}}, PyroStorage::StoreMode::Replace, &error));
    }
}

void tst_PyroHttpGatewaySse::makeGateway(const PyroHttpGatewaySettings &base)
{
    m_gateway.reset();
    PyroHttpGatewaySettings settings = base;
    settings.nsHost = u"127.0.0.1"_s;
    settings.nsPort = m_ns.uri().port();
    m_gateway = std::make_unique<PyroHttpGateway>(PyroConfig::global());
    m_gateway->setSettings(settings);
    QVERIFY(m_gateway->listen(QHostAddress::LocalHost, 0));
}

void tst_PyroHttpGatewaySse::init()
{
    makeGateway();
    m_nam.clearConnectionCache();
}

void tst_PyroHttpGatewaySse::cleanup()
{
    m_nam.clearConnectionCache();
    m_gateway.reset();
    // Every subscription ends with the gateway's connections.
    QTRY_COMPARE_WITH_TIMEOUT(hub()->subscriberCount(), 0, 30000);
}

void tst_PyroHttpGatewaySse::delivery_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected"); // "event id data"

    const QString t1 = uR"(ticked 1 [1, "one"])"_s;
    QTest::newRow("one name") << u"?names=ticked"_s
                              << QStringList{t1, uR"(ticked 2 [2, "two"])"_s};
    QTest::newRow("two names, comma") << u"?names=ticked,alarm"_s
                                      << QStringList{t1, uR"(alarm 2 [{"level": 3}])"_s, uR"(ticked 3 [2, "two"])"_s};
    QTest::newRow("two names, repeated") << u"?names=alarm&names=ticked"_s
                                         << QStringList{t1, uR"(alarm 2 [{"level": 3}])"_s, uR"(ticked 3 [2, "two"])"_s};
    QTest::newRow("all (no names)") << QString()
                                    << QStringList{t1, uR"(alarm 2 [{"level": 3}])"_s, uR"(ticked 3 [2, "two"])"_s};
    QTest::newRow("only alarm") << u"?names=alarm"_s << QStringList{uR"(alarm 1 [{"level": 3}])"_s};
}

// Events arrive in order, with the JSON arguments and the subscription's sequence numbers.
void tst_PyroHttpGatewaySse::delivery()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);

    SseClient client(m_nam, url(u"/pyro/http.sensor/$signals"_s + query));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 200);
    QVERIFY(client.reply->rawHeader("Content-Type").startsWith("text/event-stream"));
    QCOMPARE(client.reply->rawHeader("Access-Control-Allow-Origin"), QByteArray("*"));
    // The head comes once the daemon has the subscription: nothing emitted from now is lost.
    QCOMPARE(hub()->subscriberCount(), 1);

    Q_EMIT m_source.ticked(1, u"one"_s);
    Q_EMIT m_source.alarm({{u"level"_s, 3}});
    Q_EMIT m_hidden.ticked(99, u"elsewhere"_s);
    Q_EMIT m_source.secret();
    Q_EMIT m_source.ticked(2, u"two"_s);
    QTRY_COMPARE_WITH_TIMEOUT(client.parser.events.size(), expected.size(), 30000);
    QStringList got;
    for (const SseEvent &e : std::as_const(client.parser.events))
        got.append(e.text());
    QCOMPARE(got, expected);
    QVERIFY(!client.reply->isFinished());
}

void tst_PyroHttpGatewaySse::refused_data()
{
    QTest::addColumn<QByteArray>("key");   // configured gateway key
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body"); // what the body contains

    const QString s = u"/pyro/http.sensor/$signals"_s;
    QTest::newRow("unknown signal") << QByteArray() << QByteArray("GET") << s + u"?names=nothing"_s << 404
                                    << QByteArray(R"("builtins.AttributeError")");
    QTest::newRow("one of two unknown") << QByteArray() << QByteArray("GET") << s + u"?names=ticked,nothing"_s
                                        << 404 << QByteArray("has no signal 'nothing'");
    QTest::newRow("excluded signal") << QByteArray() << QByteArray("GET") << s + u"?names=secret"_s << 404
                                     << QByteArray("not exposed");
    QTest::newRow("Qt's own signal") << QByteArray() << QByteArray("GET") << s + u"?names=destroyed"_s << 404
                                     << QByteArray("builtins.AttributeError");
    QTest::newRow("object without signals") << QByteArray() << QByteArray("GET") << u"/pyro/http.quiet/$signals"_s
                                            << 404 << QByteArray("has no exposed signals");
    QTest::newRow("odd signal name") << QByteArray() << QByteArray("GET") << s + u"?names=tick-ed"_s << 400
                                     << QByteArray("invalid signal name");
    QTest::newRow("POST") << QByteArray() << QByteArray("POST") << s << 405 << QByteArray("Method Not Allowed");
    QTest::newRow("unknown name") << QByteArray() << QByteArray("GET") << u"/pyro/http.nothing/$signals"_s << 500
                                  << QByteArray("Pyro5.errors.NamingError");
    QTest::newRow("not exposed") << QByteArray() << QByteArray("GET") << u"/pyro/hidden.sensor/$signals"_s << 403
                                 << QByteArray("access to the requested object has been denied");
    QTest::newRow("no key") << QByteArray("secret") << QByteArray("GET") << s << 403
                            << QByteArray("incorrect gateway api key");
    QTest::newRow("wrong key") << QByteArray("secret") << QByteArray("GET") << s + u"?$key=guess"_s << 403
                               << QByteArray("incorrect gateway api key");
}

// Refusals answer at once, as the other routes do, and leave no subscription behind.
void tst_PyroHttpGatewaySse::refused()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QByteArray, body);

    PyroHttpGatewaySettings settings;
    settings.gatewayKey = key;
    makeGateway(settings);
    const PyroTestHttpAnswer answer = pyroTestHttp(m_nam, verb, url(path));
    QCOMPARE(answer.status, status);
    QVERIFY2(answer.body.contains(body), answer.body.constData());
    if (status == 404)
        QVERIFY(answer.headers.value("content-type").startsWith("application/json"));
    QTRY_COMPARE_WITH_TIMEOUT(m_gateway->signalStreamCount(), 0, 10000);
    QCOMPARE(hub()->subscriberCount(), 0);
}

// EventSource cannot send headers: the key comes as $key.
void tst_PyroHttpGatewaySse::keyInQuery()
{
    PyroHttpGatewaySettings settings;
    settings.gatewayKey = "secret";
    makeGateway(settings);
    SseClient client(m_nam, url(u"/pyro/http.sensor/$signals?names=ticked&$key=secret"_s));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 200);
    Q_EMIT m_source.ticked(7, u"keyed"_s);
    QTRY_COMPARE_WITH_TIMEOUT(client.parser.events.size(), 1, 30000);
    QCOMPARE(client.parser.events.first().data, QByteArray(R"([7, "keyed"])"));
}

void tst_PyroHttpGatewaySse::disconnectEndsSubscription()
{
    SseClient client(m_nam, url(u"/pyro/http.sensor/$signals"_s));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 200);
    QCOMPARE(hub()->subscriberCount(), 1);
    QCOMPARE(m_gateway->signalStreamCount(), 1);
    client.close();
    QTRY_COMPARE_WITH_TIMEOUT(m_gateway->signalStreamCount(), 0, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(hub()->subscriberCount(), 0, 30000);
    // Emitting with nobody listening is harmless.
    Q_EMIT m_source.ticked(1, u"nobody"_s);
    QCOMPARE(hub()->queuedCount(), 0);
}

void tst_PyroHttpGatewaySse::othersServedMeanwhile()
{
    SseClient first(m_nam, url(u"/pyro/http.sensor/$signals?names=ticked"_s));
    SseClient second(m_nam, url(u"/pyro/http.sensor/$signals?names=alarm"_s));
    QVERIFY(first.waitForHead());
    QVERIFY(second.waitForHead());
    QCOMPARE(first.status(), 200);
    QCOMPARE(second.status(), 200);
    QCOMPARE(hub()->subscriberCount(), 2);
    for (int i = 0; i < 3; ++i) {
        const PyroTestHttpAnswer answer = pyroTestHttp(m_nam, "GET", url(u"/pyro/http.sensor/ping"_s));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body, QByteArray(R"("pong")"));
    }
    Q_EMIT m_source.alarm({{u"level"_s, 1}});
    Q_EMIT m_source.ticked(5, u"five"_s);
    QTRY_COMPARE_WITH_TIMEOUT(first.parser.events.size(), 1, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(second.parser.events.size(), 1, 30000);
    QCOMPARE(first.parser.events.first().event, QByteArray("ticked"));
    QCOMPARE(second.parser.events.first().event, QByteArray("alarm"));
}

void tst_PyroHttpGatewaySse::streamLimit()
{
    PyroHttpGatewaySettings settings;
    settings.maxSignalStreams = 1;
    makeGateway(settings);
    auto first = std::make_unique<SseClient>(m_nam, url(u"/pyro/http.sensor/$signals"_s));
    QVERIFY(first->waitForHead());
    QCOMPARE(first->status(), 200);
    const PyroTestHttpAnswer refused = pyroTestHttp(m_nam, "GET", url(u"/pyro/http.sensor/$signals"_s));
    QCOMPARE(refused.status, 503);
    QVERIFY(refused.body.contains("too many signal streams"));
    first.reset();
    QTRY_COMPARE_WITH_TIMEOUT(m_gateway->signalStreamCount(), 0, 30000);
    SseClient again(m_nam, url(u"/pyro/http.sensor/$signals"_s));
    QVERIFY(again.waitForHead());
    QCOMPARE(again.status(), 200);
}

void tst_PyroHttpGatewaySse::keepAlive()
{
    PyroHttpGatewaySettings settings;
    settings.signalKeepAliveMs = 100;
    makeGateway(settings);
    SseClient client(m_nam, url(u"/pyro/http.sensor/$signals"_s));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 200);
    QTRY_VERIFY_WITH_TIMEOUT(client.parser.comments >= 2, 30000);
    QVERIFY(client.parser.events.isEmpty());
}

// The daemon's queue for the gateway overflows: the gap comes as a "missed" event and the
// ids go on with the daemon's sequence numbers.
void tst_PyroHttpGatewaySse::daemonGapReported()
{
    const int limit = hub()->queueLimit();
    hub()->setQueueLimit(2);
    auto restore = qScopeGuard([&] { hub()->setQueueLimit(limit); });
    SseClient client(m_nam, url(u"/pyro/http.sensor/$signals?names=ticked"_s));
    QVERIFY(client.waitForHead());
    QCOMPARE(client.status(), 200);
    constexpr int Count = 20;
    for (int i = 1; i <= Count; ++i)
        Q_EMIT m_source.ticked(i, u"burst"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!client.parser.events.isEmpty() && client.parser.events.last().id == "20", 30000);
    const SseParser &p = client.parser;
    QVERIFY(p.missedCount() > 0);
    QCOMPARE(p.signalEvents() + p.missedCount(), Count);
    qint64 lastId = 0;
    for (const SseEvent &e : p.events) {
        if (e.event == "missed")
            continue;
        const qint64 id = e.id.toLongLong();
        QVERIFY(id > lastId);
        lastId = id;
        // the id is the emission's own number here
        QCOMPARE(QJsonDocument::fromJson(e.data).array().at(0).toInteger(), id);
    }
}

// A client that stops reading: the gateway holds a bounded queue, drops the oldest events
// and reports the gap once the client reads again; nothing else is held up meanwhile.
void tst_PyroHttpGatewaySse::clientNotReading()
{
    PyroHttpGatewaySettings settings;
    settings.signalQueueBytes = 256 * 1024;
    makeGateway(settings);

    QTcpSocket socket;
    SseParser parser;
    QByteArray head;
    socket.setReadBufferSize(16 * 1024);
    socket.connectToHost(QHostAddress::LocalHost, m_gateway->port());
    QVERIFY(socket.waitForConnected(10000));
    socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 8 * 1024);
    // HTTP/1.0: the body is the event stream itself (no chunks), ended by closing.
    socket.write("GET /pyro/http.sensor/$signals?names=ticked HTTP/1.0\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT((head += socket.readAll()).contains("\r\n\r\n"), 30000);
    QVERIFY2(head.startsWith("HTTP/1.1 200"), head.constData());
    parser.feed(head.mid(head.indexOf("\r\n\r\n") + 4));

    // ~13 MB of events, far more than the socket buffers take.
    constexpr int Count = 200;
    const QString payload(64 * 1024, u'x');
    for (int i = 1; i <= Count; ++i)
        Q_EMIT m_source.ticked(i, payload);
    QTRY_VERIFY_WITH_TIMEOUT(m_gateway->signalEventsDropped() > 0, 30000);
    // Meanwhile the gateway answers others.
    const PyroTestHttpAnswer other = pyroTestHttp(m_nam, "GET", url(u"/pyro/http.sensor/ping"_s));
    QCOMPARE(other.status, 200);

    socket.setReadBufferSize(0);
    connect(&socket, &QTcpSocket::readyRead, &socket, [&] { parser.feed(socket.readAll()); });
    parser.feed(socket.readAll());
    QTRY_VERIFY_WITH_TIMEOUT(!parser.events.isEmpty() && parser.events.last().id == "200", 60000);
    QVERIFY(parser.missedCount() > 0);
    QCOMPARE(parser.signalEvents() + parser.missedCount(), Count);
    QCOMPARE(quint64(parser.missedCount()), m_gateway->signalEventsDropped());
    qint64 lastId = 0;
    for (const SseEvent &e : std::as_const(parser.events)) {
        if (e.event == "missed")
            continue;
        QVERIFY(e.id.toLongLong() > lastId);
        lastId = e.id.toLongLong();
    }
    QCOMPARE(hub()->subscriberCount(), 1);
    socket.abort();
    QTRY_COMPARE_WITH_TIMEOUT(hub()->subscriberCount(), 0, 30000);
}

QTEST_GUILESS_MAIN(tst_PyroHttpGatewaySse)
#include "tst_pyrohttpgatewaysse.moc"
