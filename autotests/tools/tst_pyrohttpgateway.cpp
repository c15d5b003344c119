// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-httpgateway's routes, status codes, headers and limits, through a real HTTP
// client (QNetworkAccessManager, and a raw socket for what a client library would not
// send), against a name server and a daemon in this process.

#include "pyrohttpgateway.h"

#include "pyrocallcontext.h"
#include "pyrodaemon.h"
#include "pyrogenerator.h"
#include "pyronameserver.h"
#include "pyrosslconfig.h"
#include "pyrostorage.h"
#include "pyrotesthttp.h"
#include "pyrotestprocess.h"

#include <QtCore/QFile>
#include <QtCore/QTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QUuid>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class GatewayTarget : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int counter READ counter)
    Q_CLASSINFO("pyro.oneway", "record")
public:
    int counter() const { return 42; }
    QString stored;
    QString recorded;

public Q_SLOTS:
    QVariant echo(const QVariant &message) { return message; }
    QVariantList pair(const QVariant &first, const QVariant &second) { return {first, second}; }
    void store(const QString &text) { stored = text; }
    QString big(int size) { return QString(size, u'x'); }
    void record(const QString &text) { recorded = text; }
    void fail() { throw PyroException(u"builtins.ValueError"_s, u"the target failed"_s); }
    QString correlation() const
    {
        return PyroCallContext::current()->correlationId().toString(QUuid::WithoutBraces);
    }
    PyroGenerator endless()
    {
        return PyroGenerator([i = 0]() mutable -> std::optional<QVariant> {
            return QVariant(i++);
        });
    }
    PyroGenerator count(int n)
    {
        return PyroGenerator([i = 0, n]() mutable -> std::optional<QVariant> {
            if (i == n)
                return std::nullopt;
            return QVariant(i++);
        });
    }
};

struct HttpResult : PyroTestHttpAnswer
{
    QJsonValue json() const
    {
        QJsonParseError e;
        const QJsonDocument doc = QJsonDocument::fromJson("[" + body + "]", &e);
        return e.error == QJsonParseError::NoError ? doc.array().at(0) : QJsonValue(QJsonValue::Undefined);
    }
};

using Headers = PyroTestHeaders;
Q_DECLARE_METATYPE(Headers)

class tst_PyroHttpGateway : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void routes_data();
    void routes();
    void postJsonTypes_data();
    void postJsonTypes();
    void oneway_data();
    void oneway();
    void correlationId();
    void gatewayKey_data();
    void gatewayKey();
    void expose_data();
    void expose();
    void cors();
    void streamedGenerator_data();
    void streamedGenerator();
    void endlessGenerator();
    void pooledConnections();
    void brokenConnectionReplaced();
    void lookupCached();
    void nameServerUnreachable();
    void keepAliveAndPipelining();
    void hostileRequests_data();
    void hostileRequests();
    void slowClientTimesOut();
    void hugeBodyRefused();
    void connectionLimit();
    void clientNotReading();
    void https();
    void commandLine();
    void commandLineErrors_data();
    void commandLineErrors();

private:
    HttpResult request(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                       const Headers &headers = {}, const QString &scheme = u"http"_s);
    QByteArray rawExchange(const QByteArray &data, bool waitForClose = true);
    void makeGateway(const PyroHttpGatewaySettings &settings, const HttpLimits &limits = HttpLimits());

    PyroNameServer m_ns;
    PyroDaemon m_daemon;
    GatewayTarget m_target;
    GatewayTarget m_hidden;
    std::unique_ptr<PyroHttpGateway> m_gateway;
    QNetworkAccessManager m_nam;
};

void tst_PyroHttpGateway::initTestCase()
{
    m_ns.setBroadcastEnabled(false);
    QVERIFY2(m_ns.start(u"127.0.0.1"_s, 0), qPrintable(m_ns.error().toString()));
    QVERIFY(m_daemon.listen(u"127.0.0.1"_s, 0));
    const PyroUri target = m_daemon.registerObject(&m_target, u"http.target"_s);
    const PyroUri hidden = m_daemon.registerObject(&m_hidden, u"hidden.target"_s);
    PyroError error;
    QVERIFY(m_ns.storage()->store(u"http.target"_s, {target.toString(), {}}, PyroStorage::StoreMode::Replace, &error));
    QVERIFY(m_ns.storage()->store(u"hidden.target"_s, {hidden.toString(), {}}, PyroStorage::StoreMode::Replace, &error));
}

void tst_PyroHttpGateway::makeGateway(const PyroHttpGatewaySettings &base, const HttpLimits &limits)
{
    m_gateway.reset();
    PyroHttpGatewaySettings settings = base;
    if (settings.nsHost.isEmpty()) {
        settings.nsHost = u"127.0.0.1"_s;
        settings.nsPort = m_ns.uri().port();
    }
    m_gateway = std::make_unique<PyroHttpGateway>(PyroConfig::global());
    m_gateway->setSettings(settings);
    m_gateway->httpServer()->setLimits(limits);
    QVERIFY(m_gateway->listen(QHostAddress::LocalHost, 0));
}

void tst_PyroHttpGateway::init()
{
    makeGateway({});
    m_nam.clearConnectionCache();
}

void tst_PyroHttpGateway::cleanup()
{
    m_nam.clearConnectionCache();
    m_gateway.reset();
}

HttpResult tst_PyroHttpGateway::request(const QByteArray &verb, const QString &path, const QByteArray &body,
                                        const Headers &headers, const QString &scheme)
{
    HttpResult result;
    static_cast<PyroTestHttpAnswer &>(result) = pyroTestHttp(
            m_nam, verb, QUrl(u"%1://127.0.0.1:%2%3"_s.arg(scheme).arg(m_gateway->port()).arg(path)), headers, body);
    return result;
}

// Sends data on a fresh connection and returns everything received until the gateway
// closes it (or, without waitForClose, until a complete response head and body came).
QByteArray tst_PyroHttpGateway::rawExchange(const QByteArray &data, bool waitForClose)
{
    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
    socket.connectToHost(QHostAddress::LocalHost, m_gateway->port());
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 10000))
        return "(no connection)";
    socket.write(data);
    if (waitForClose)
        (void)QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, 30000);
    else
        (void)QTest::qWaitFor([&] { return received.contains("\r\n\r\n"); }, 30000);
    received += socket.readAll();
    return received;
}

void tst_PyroHttpGateway::routes_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("expected"); // JSON to compare, or "~text" the body contains

    const Headers json{{"Content-Type", "application/json"}};
    QTest::newRow("root redirects") << QByteArray("GET") << u"/"_s << QByteArray() << Headers() << 302 << QByteArray("~");
    QTest::newRow("home page") << QByteArray("GET") << u"/pyro/"_s << QByteArray() << Headers() << 200
                               << QByteArray("~http.target");
    QTest::newRow("unknown path") << QByteArray("GET") << u"/elsewhere"_s << QByteArray() << Headers() << 404
                                  << QByteArray("~Error 404: Not Found");
    QTest::newRow("name without method") << QByteArray("GET") << u"/pyro/http.target"_s << QByteArray() << Headers()
                                         << 404 << QByteArray("~Not Found");
    QTest::newRow("options") << QByteArray("OPTIONS") << u"/pyro/http.target/echo"_s << QByteArray() << Headers()
                             << 200 << QByteArray("~200 OK");
    QTest::newRow("put") << QByteArray("PUT") << u"/pyro/http.target/echo"_s << QByteArray("x") << Headers() << 405
                         << QByteArray("~Error 405: Method Not Allowed");
    QTest::newRow("delete") << QByteArray("DELETE") << u"/pyro/http.target/echo"_s << QByteArray() << Headers()
                            << 405 << QByteArray("~Method Not Allowed");
    QTest::newRow("echo by query") << QByteArray("GET") << u"/pyro/http.target/echo?message=hi"_s << QByteArray()
                                   << Headers() << 200 << QByteArray(R"("hi")");
    QTest::newRow("plus is a space") << QByteArray("GET") << u"/pyro/http.target/echo?message=a+b%21"_s
                                     << QByteArray() << Headers() << 200 << QByteArray(R"("a b!")");
    QTest::newRow("repeated parameter") << QByteArray("GET") << u"/pyro/http.target/echo?message=a&message=b"_s
                                        << QByteArray() << Headers() << 200 << QByteArray(R"(["a", "b"])");
    QTest::newRow("POST with query") << QByteArray("POST") << u"/pyro/http.target/echo?message=posted"_s
                                     << QByteArray() << Headers() << 200 << QByteArray(R"("posted")");
    QTest::newRow("meta") << QByteArray("GET") << u"/pyro/http.target/$meta"_s << QByteArray() << Headers() << 200
                          << QByteArray("~\"counter\"");
    QTest::newRow("attribute") << QByteArray("GET") << u"/pyro/http.target/counter"_s << QByteArray() << Headers()
                               << 200 << QByteArray("42");
    QTest::newRow("attribute with parameters") << QByteArray("GET") << u"/pyro/http.target/counter?x=1"_s
                                               << QByteArray() << Headers() << 500
                                               << QByteArray("~builtins.AssertionError");
    QTest::newRow("method returning None") << QByteArray("GET") << u"/pyro/http.target/store?text=kept"_s
                                           << QByteArray() << Headers() << 200 << QByteArray("null");
    QTest::newRow("remote exception") << QByteArray("GET") << u"/pyro/http.target/fail"_s << QByteArray() << Headers()
                                      << 500 << QByteArray("~\"builtins.ValueError\"");
    QTest::newRow("unknown method") << QByteArray("GET") << u"/pyro/http.target/nothing"_s << QByteArray()
                                    << Headers() << 500 << QByteArray("~builtins.AttributeError");
    QTest::newRow("unknown name") << QByteArray("GET") << u"/pyro/http.nothing/echo?message=x"_s << QByteArray()
                                  << Headers() << 500 << QByteArray("~Pyro5.errors.NamingError");
    QTest::newRow("not exposed") << QByteArray("GET") << u"/pyro/hidden.target/echo?message=x"_s << QByteArray()
                                 << Headers() << 403
                                 << QByteArray("~403 Forbidden - access to the requested object has been denied");
    QTest::newRow("odd method name") << QByteArray("GET") << u"/pyro/http.target/ec%22ho"_s << QByteArray()
                                     << Headers() << 400 << QByteArray("~invalid method name");
    QTest::newRow("bad correlation id") << QByteArray("GET") << u"/pyro/http.target/echo?message=x"_s << QByteArray()
                                        << Headers{{"X-Pyro-Correlation-Id", "not-a-uuid"}} << 400
                                        << QByteArray("~UUID");
    QTest::newRow("generator as array") << QByteArray("POST") << u"/pyro/http.target/count"_s
                                        << QByteArray(R"({"n": 3})") << json << 200 << QByteArray("[0, 1, 2]");
    QTest::newRow("empty generator") << QByteArray("POST") << u"/pyro/http.target/count"_s << QByteArray("[0]")
                                     << json << 200 << QByteArray("[]");
    QTest::newRow("POST positional") << QByteArray("POST") << u"/pyro/http.target/pair"_s
                                     << QByteArray(R"([1, "two"])") << json << 200 << QByteArray(R"([1, "two"])");
    QTest::newRow("POST keywords") << QByteArray("POST") << u"/pyro/http.target/pair"_s
                                   << QByteArray(R"({"second": 2, "first": [1]})") << json << 200
                                   << QByteArray(R"([[1], 2])");
    QTest::newRow("POST $args and keywords") << QByteArray("POST") << u"/pyro/http.target/pair"_s
                                             << QByteArray(R"({"$args": [true], "second": null})") << json << 200
                                             << QByteArray("[true, null]");
    QTest::newRow("POST query and body") << QByteArray("POST") << u"/pyro/http.target/pair?first=q"_s
                                         << QByteArray(R"({"second": 2.5})") << json << 200
                                         << QByteArray(R"(["q", 2.5])");
    QTest::newRow("POST form") << QByteArray("POST") << u"/pyro/http.target/echo"_s << QByteArray("message=a+form")
                               << Headers{{"Content-Type", "application/x-www-form-urlencoded"}} << 200
                               << QByteArray(R"("a form")");
    QTest::newRow("POST bad JSON") << QByteArray("POST") << u"/pyro/http.target/echo"_s << QByteArray("[1,")
                                   << json << 400 << QByteArray("~not valid JSON");
    QTest::newRow("POST JSON scalar") << QByteArray("POST") << u"/pyro/http.target/echo"_s << QByteArray("12")
                                      << json << 400 << QByteArray("~must be an array");
    QTest::newRow("POST $args not a list") << QByteArray("POST") << u"/pyro/http.target/echo"_s
                                           << QByteArray(R"({"$args": 1})") << json << 400 << QByteArray("~$args");
    QTest::newRow("POST other type") << QByteArray("POST") << u"/pyro/http.target/echo"_s << QByteArray("hello")
                                     << Headers{{"Content-Type", "text/plain"}} << 415
                                     << QByteArray("~application/json");
    // $signals: tst_pyrohttpgatewaysse
}

void tst_PyroHttpGateway::routes()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(Headers, headers);
    QFETCH(int, status);
    QFETCH(QByteArray, expected);

    const HttpResult result = request(verb, path, body, headers);
    QVERIFY2(result.status == status, qPrintable(u"status %1: %2"_s.arg(result.status).arg(QString::fromUtf8(result.body))));
    if (expected.startsWith('~')) {
        QVERIFY2(result.body.contains(expected.mid(1)), result.body.constData());
    } else {
        const QJsonValue want = QJsonDocument::fromJson("[" + expected + "]").array().at(0);
        QCOMPARE(result.json(), want);
    }
    if (status == 302)
        QCOMPARE(result.headers.value("location"), QByteArray("/pyro/"));
    if (status >= 400 && status != 500)
        QVERIFY(result.headers.value("content-type").startsWith("text/plain"));
    if (status == 500) {
        // the Pyro5 exception dict
        const QJsonObject error = result.json().toObject();
        QCOMPARE(error.value(u"__exception__"_s), QJsonValue(true));
        QVERIFY(error.contains(u"args"_s));
        QVERIFY(error.contains(u"attributes"_s));
        QCOMPARE(result.headers.value("content-type"), QByteArray("application/json; charset=utf-8"));
        QVERIFY(!result.headers.contains("x-pyro-correlation-id"));
    }
    if (status == 200 && path.contains(u"/http.target/"_s) && verb != "OPTIONS") {
        QCOMPARE(result.headers.value("content-type"), QByteArray("application/json; charset=utf-8"));
        QVERIFY(!QUuid::fromString(QLatin1StringView(result.headers.value("x-pyro-correlation-id"))).isNull());
    }
    if (path == u"/pyro/"_s) {
        QVERIFY(result.headers.value("content-type").startsWith("text/html"));
        QVERIFY2(!result.body.contains("hidden.target"), "the home page lists only exposed names");
    }
    if (path.contains(u"/store?"_s))
        QCOMPARE(m_target.stored, u"kept"_s);
}

void tst_PyroHttpGateway::postJsonTypes_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("null") << QByteArray("null");
    QTest::newRow("true") << QByteArray("true");
    QTest::newRow("false") << QByteArray("false");
    QTest::newRow("int") << QByteArray("123");
    QTest::newRow("negative int") << QByteArray("-9007199254740993");
    QTest::newRow("big int") << QByteArray("1180591620717411303424");
    QTest::newRow("float") << QByteArray("2.5");
    QTest::newRow("float exponent") << QByteArray("1e-300");
    QTest::newRow("string") << QByteArray(R"("text")");
    QTest::newRow("unicode string") << QByteArray(R"("\u00e9t\u00e9 \ud83d\ude00")");
    QTest::newRow("empty string") << QByteArray(R"("")");
    QTest::newRow("empty array") << QByteArray("[]");
    QTest::newRow("array of all") << QByteArray(R"([null, true, 1, 1.5, "s", [], {}])");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("nested object") << QByteArray(R"({"a": {"b": [1, {"c": null}]}, "z": "last"})");
}

void tst_PyroHttpGateway::postJsonTypes()
{
    QFETCH(QByteArray, value);
    for (const QByteArray &body : {"[" + value + "]", R"({"message": )" + value + "}"}) {
        const HttpResult result = request("POST", u"/pyro/http.target/echo"_s, body,
                                          {{"Content-Type", "application/json"}});
        QVERIFY2(result.status == 200, result.body.constData());
        // compared as text too: doubles would hide a lost big int
        const QJsonValue want = QJsonDocument::fromJson("[" + value + "]").array().at(0);
        QCOMPARE(result.json(), want);
        if (value.startsWith("1180591620717411303424") || value.startsWith("-9007199254740993"))
            QCOMPARE(result.body, value);
    }
}

void tst_PyroHttpGateway::oneway_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("header");
    QTest::newRow("oneway by header") << u"/pyro/http.target/store?text=by-header"_s << true;
    QTest::newRow("oneway method") << u"/pyro/http.target/record?text=by-metadata"_s << false;
}

void tst_PyroHttpGateway::oneway()
{
    QFETCH(QString, path);
    QFETCH(bool, header);
    m_target.stored.clear();
    m_target.recorded.clear();
    const HttpResult result = request("GET", path, {}, header ? Headers{{"X-Pyro-Options", "oneway"}} : Headers());
    QCOMPARE(result.status, 200);
    QCOMPARE(result.body, QByteArray());
    QCOMPARE(result.headers.value("content-type"), QByteArray("application/json; charset=utf-8"));
    QVERIFY(result.headers.contains("x-pyro-correlation-id"));
    if (header)
        QTRY_COMPARE(m_target.stored, u"by-header"_s);
    else
        QTRY_COMPARE(m_target.recorded, u"by-metadata"_s);
}

void tst_PyroHttpGateway::correlationId()
{
    const QByteArray id = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const HttpResult result = request("GET", u"/pyro/http.target/correlation"_s, {}, {{"X-Pyro-Correlation-Id", id}});
    QCOMPARE(result.status, 200);
    QCOMPARE(result.headers.value("x-pyro-correlation-id"), id);
    QCOMPARE(result.json().toString().toUtf8(), id); // the daemon saw it too
    // without one the gateway makes a new one per request
    const HttpResult a = request("GET", u"/pyro/http.target/correlation"_s);
    const HttpResult b = request("GET", u"/pyro/http.target/correlation"_s);
    QCOMPARE(a.json().toString().toUtf8(), a.headers.value("x-pyro-correlation-id"));
    QVERIFY(a.headers.value("x-pyro-correlation-id") != b.headers.value("x-pyro-correlation-id"));
}

void tst_PyroHttpGateway::gatewayKey_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("status");
    QTest::newRow("no key") << u"/pyro/http.target/echo?message=x"_s << Headers() << 403;
    QTest::newRow("wrong header") << u"/pyro/http.target/echo?message=x"_s
                                  << Headers{{"X-Pyro-Gateway-Key", "s3cre"}} << 403;
    QTest::newRow("longer key") << u"/pyro/http.target/echo?message=x"_s
                                << Headers{{"X-Pyro-Gateway-Key", "s3cret!"}} << 403;
    QTest::newRow("right header") << u"/pyro/http.target/echo?message=x"_s
                                  << Headers{{"X-Pyro-Gateway-Key", "s3cret"}} << 200;
    QTest::newRow("right $key") << u"/pyro/http.target/echo?message=x&$key=s3cret"_s << Headers() << 200;
    QTest::newRow("wrong $key") << u"/pyro/http.target/echo?message=x&%24key=nope"_s << Headers() << 403;
    QTest::newRow("key checked before expose") << u"/pyro/hidden.target/echo?message=x"_s << Headers() << 403;
    QTest::newRow("home page needs none") << u"/pyro/"_s << Headers() << 200;
}

void tst_PyroHttpGateway::gatewayKey()
{
    QFETCH(QString, path);
    QFETCH(Headers, headers);
    QFETCH(int, status);
    PyroHttpGatewaySettings settings;
    settings.gatewayKey = "s3cret";
    makeGateway(settings);
    const HttpResult result = request("GET", path, {}, headers);
    QVERIFY2(result.status == status, result.body.constData());
    if (status == 403 && !path.contains(u"hidden"_s))
        QCOMPARE(result.body, QByteArray("403 Forbidden - incorrect gateway api key"));
    if (status == 200 && path.contains(u"echo"_s))
        QCOMPARE(result.body, QByteArray(R"("x")")); // $key is not passed on as an argument
}

void tst_PyroHttpGateway::expose_data()
{
    QTest::addColumn<QString>("expose");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("status");
    QTest::newRow("everything") << QString() << u"hidden.target"_s << 200;
    QTest::newRow("matched from the start") << u"hidden"_s << u"hidden.target"_s << 200;
    QTest::newRow("not matched") << u"hidden"_s << u"http.target"_s << 403;
    QTest::newRow("not searched") << u"target"_s << u"http.target"_s << 403;
    QTest::newRow("alternatives") << u"nope|http\\."_s << u"http.target"_s << 200;
}

void tst_PyroHttpGateway::expose()
{
    QFETCH(QString, expose);
    QFETCH(QString, name);
    QFETCH(int, status);
    PyroHttpGatewaySettings settings;
    settings.expose = expose;
    makeGateway(settings);
    const HttpResult result = request("GET", u"/pyro/%1/echo?message=x"_s.arg(name));
    QVERIFY2(result.status == status, result.body.constData());
    const HttpResult home = request("GET", u"/pyro/"_s);
    QCOMPARE(home.body.contains(name.toUtf8()), status == 200);
}

void tst_PyroHttpGateway::cors()
{
    HttpResult result = request("OPTIONS", u"/pyro/http.target/echo"_s);
    QCOMPARE(result.headers.value("access-control-allow-origin"), QByteArray("*"));
    QVERIFY(result.headers.value("access-control-allow-methods").contains("POST"));
    QVERIFY(result.headers.value("access-control-allow-headers").contains("X-Pyro-Gateway-Key"));
    result = request("GET", u"/pyro/http.target/fail"_s);
    QCOMPARE(result.headers.value("access-control-allow-origin"), QByteArray("*"));

    PyroHttpGatewaySettings settings;
    settings.cors = "https://example.org";
    makeGateway(settings);
    result = request("GET", u"/pyro/http.target/echo?message=x"_s);
    QCOMPARE(result.headers.value("access-control-allow-origin"), QByteArray("https://example.org"));
    settings.cors.clear();
    makeGateway(settings);
    result = request("GET", u"/pyro/http.target/echo?message=x"_s);
    QCOMPARE(result.status, 200);
    QVERIFY(!result.headers.contains("access-control-allow-origin"));
}

void tst_PyroHttpGateway::streamedGenerator_data()
{
    QTest::addColumn<QByteArray>("accept");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QByteArray>("type");
    QTest::newRow("ndjson") << QByteArray("application/x-ndjson") << QByteArray("0\n1\n2\n")
                            << QByteArray("application/x-ndjson");
    QTest::newRow("event stream") << QByteArray("text/event-stream") << QByteArray("data: 0\n\ndata: 1\n\ndata: 2\n\n")
                                  << QByteArray("text/event-stream");
}

void tst_PyroHttpGateway::streamedGenerator()
{
    QFETCH(QByteArray, accept);
    QFETCH(QByteArray, expected);
    QFETCH(QByteArray, type);
    const HttpResult result = request("POST", u"/pyro/http.target/count"_s, "[3]",
                                      {{"Accept", accept}, {"Content-Type", "application/json"}});
    QCOMPARE(result.status, 200);
    QCOMPARE(result.body, expected);
    QCOMPARE(result.headers.value("content-type"), type);
    // chunked on the wire
    const QByteArray raw = rawExchange("POST /pyro/http.target/count HTTP/1.1\r\nHost: x\r\nAccept: " + accept
                                       + "\r\nContent-Length: 3\r\nConnection: close\r\n\r\n[2]");
    QVERIFY2(raw.contains("Transfer-Encoding: chunked"), raw.constData());
    QVERIFY2(raw.endsWith("0\r\n\r\n"), raw.constData());
}

void tst_PyroHttpGateway::endlessGenerator()
{
    // collected: ends at the response limit with 502
    PyroHttpGatewaySettings settings;
    settings.maxResponseBytes = 20000;
    makeGateway(settings);
    const HttpResult collected = request("GET", u"/pyro/http.target/endless"_s);
    QCOMPARE(collected.status, 502);
    QTRY_COMPARE(m_daemon.streamCount(), 0);

    // streamed: runs until the client goes away, then the remote iterator is closed
    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
    socket.connectToHost(QHostAddress::LocalHost, m_gateway->port());
    QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);
    socket.write("GET /pyro/http.target/endless HTTP/1.1\r\nAccept: application/x-ndjson\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(received.contains("\n100\n"), 30000);
    QCOMPARE(m_daemon.streamCount(), 1);
    socket.abort();
    QTRY_COMPARE_WITH_TIMEOUT(m_daemon.streamCount(), 0, 20000);
    QCOMPARE(request("GET", u"/pyro/http.target/echo?message=after"_s).status, 200);
}

void tst_PyroHttpGateway::pooledConnections()
{
    PyroHttpGatewaySettings settings;
    settings.poolSize = 3;
    makeGateway(settings);
    QTRY_COMPARE_WITH_TIMEOUT(m_daemon.connectionCount(), 0, 20000); // the earlier gateways' are gone
    const int before = 0;
    for (int i = 0; i < 5; ++i)
        QCOMPARE(request("GET", u"/pyro/http.target/echo?message=x"_s).status, 200);
    QCOMPARE(m_daemon.connectionCount(), before + 1); // one connection, reused

    // concurrent requests share a bounded pool and all succeed
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 12; ++i) {
        QNetworkRequest req(QUrl(u"http://127.0.0.1:%1/pyro/http.target/echo?message=m%2"_s.arg(m_gateway->port()).arg(i)));
        replies.append(m_nam.get(req));
    }
    for (QNetworkReply *reply : std::as_const(replies)) {
        if (!reply->isFinished())
            QSignalSpy(reply, &QNetworkReply::finished).wait(30000);
    }
    for (int i = 0; i < replies.size(); ++i) {
        QCOMPARE(replies[i]->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(replies[i]->readAll(), u"\"m%1\""_s.arg(i).toUtf8());
        replies[i]->deleteLater();
    }
    QVERIFY(m_daemon.connectionCount() <= before + settings.poolSize);
}

void tst_PyroHttpGateway::brokenConnectionReplaced()
{
    PyroDaemon daemon;
    GatewayTarget target;
    QVERIFY(daemon.listen(u"127.0.0.1"_s, 0));
    const quint16 port = daemon.port();
    const PyroUri uri = daemon.registerObject(&target, u"http.volatile"_s);
    QVERIFY(m_ns.storage()->store(u"http.volatile"_s, {uri.toString(), {}}, PyroStorage::StoreMode::Replace));
    QCOMPARE(request("GET", u"/pyro/http.volatile/echo?message=1"_s).status, 200);
    QCOMPARE(daemon.connectionCount(), 1);

    daemon.close(); // the pooled connection breaks
    QVERIFY(daemon.listen(u"127.0.0.1"_s, port));
    const HttpResult result = request("GET", u"/pyro/http.volatile/echo?message=2"_s);
    QVERIFY2(result.status == 200, result.body.constData());
    QCOMPARE(result.body, QByteArray(R"("2")"));
    QCOMPARE(daemon.connectionCount(), 1);
    m_ns.storage()->remove(u"http.volatile"_s);
}

void tst_PyroHttpGateway::lookupCached()
{
    PyroHttpGatewaySettings settings;
    settings.lookupCacheMs = 60000;
    makeGateway(settings);
    QCOMPARE(request("GET", u"/pyro/http.target/echo?message=x"_s).status, 200);
    // the name is gone from the name server, but the cached URI still serves
    PyroStorageEntry entry;
    QVERIFY(m_ns.storage()->lookup(u"http.target"_s, &entry));
    QVERIFY(m_ns.storage()->remove(u"http.target"_s));
    const HttpResult cached = request("GET", u"/pyro/http.target/echo?message=y"_s);
    QVERIFY(m_ns.storage()->store(u"http.target"_s, entry, PyroStorage::StoreMode::Replace));
    QCOMPARE(cached.status, 200);

    settings.lookupCacheMs = 0; // no cache: every request asks
    makeGateway(settings);
    QVERIFY(m_ns.storage()->remove(u"http.target"_s));
    const HttpResult uncached = request("GET", u"/pyro/http.target/echo?message=y"_s);
    QVERIFY(m_ns.storage()->store(u"http.target"_s, entry, PyroStorage::StoreMode::Replace));
    QCOMPARE(uncached.status, 500);
    QVERIFY(uncached.body.contains("NamingError"));
}

void tst_PyroHttpGateway::nameServerUnreachable()
{
    const quint16 port = freeTcpPort(); // nothing answers there
    PyroHttpGatewaySettings settings;
    settings.nsHost = u"127.0.0.1"_s;
    settings.nsPort = port;
    makeGateway(settings);
    const HttpResult result = request("GET", u"/pyro/http.target/echo?message=x"_s);
    QCOMPARE(result.status, 500);
    const QJsonObject error = result.json().toObject();
    QCOMPARE(error.value(u"__exception__"_s), QJsonValue(true));
    QVERIFY2(error.value(u"__class__"_s).toString().startsWith(u"Pyro5.errors."_s), result.body.constData());
    const HttpResult home = request("GET", u"/pyro/"_s);
    QCOMPARE(home.status, 500);
    // the gateway keeps serving what does not need the name server
    QCOMPARE(request("GET", u"/elsewhere"_s).status, 404);
}

void tst_PyroHttpGateway::keepAliveAndPipelining()
{
    const QByteArray one = "GET /pyro/http.target/echo?message=one HTTP/1.1\r\nHost: x\r\n\r\n";
    const QByteArray two = "POST /pyro/http.target/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 7\r\n\r\n[\"two\"]";
    const QByteArray three = "GET /pyro/http.target/echo?message=three HTTP/1.1\r\nConnection: close\r\n\r\n";
    const QByteArray raw = rawExchange(one + two + three);
    const qsizetype a = raw.indexOf("\"one\"");
    const qsizetype b = raw.indexOf("\"two\"");
    const qsizetype c = raw.indexOf("\"three\"");
    QVERIFY2(a > 0 && b > a && c > b, raw.constData());
    QCOMPARE(raw.count("HTTP/1.1 200 OK"), 3);
    // HTTP/1.0 closes after the answer unless asked to keep alive
    const QByteArray old = rawExchange("GET /pyro/http.target/echo?message=old HTTP/1.0\r\n\r\n");
    QVERIFY2(old.contains("\"old\"") && old.contains("Connection: close"), old.constData());
}

void tst_PyroHttpGateway::hostileRequests_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("status");
    QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15) << QByteArray("400");
    QTest::newRow("no version") << QByteArray("GET /pyro/\r\n\r\n") << QByteArray("400");
    QTest::newRow("HTTP/2.0") << QByteArray("GET /pyro/ HTTP/2.0\r\n\r\n") << QByteArray("505");
    QTest::newRow("header without colon") << QByteArray("GET /pyro/ HTTP/1.1\r\nHost x\r\n\r\n") << QByteArray("400");
    QTest::newRow("space before colon") << QByteArray("GET /pyro/ HTTP/1.1\r\nHost : x\r\n\r\n") << QByteArray("400");
    QTest::newRow("folded header") << QByteArray("GET /pyro/ HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << QByteArray("400");
    QTest::newRow("control character") << QByteArray("GET /pyro/ HTTP/1.1\r\nA: b\x01\r\n\r\n") << QByteArray("400");
    QTest::newRow("relative target") << QByteArray("GET pyro HTTP/1.1\r\n\r\n") << QByteArray("400");
    QTest::newRow("bad content length") << QByteArray("POST /pyro/a/b HTTP/1.1\r\nContent-Length: -1\r\n\r\n")
                                        << QByteArray("400");
    QTest::newRow("two content lengths") << QByteArray("POST /pyro/a/b HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
                                         << QByteArray("400");
    QTest::newRow("chunked request") << QByteArray("POST /pyro/a/b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n")
                                     << QByteArray("501");
    QTest::newRow("head too large") << "GET /pyro/ HTTP/1.1\r\nX: " + QByteArray(64 * 1024, 'a') + "\r\n\r\n"
                                    << QByteArray("431");
    QByteArray many = "GET /pyro/ HTTP/1.1\r\n";
    for (int i = 0; i < 200; ++i)
        many += "X-" + QByteArray::number(i) + ": y\r\n";
    QTest::newRow("too many headers") << many + "\r\n" << QByteArray("431");
    QTest::newRow("declared huge body") << QByteArray("POST /pyro/http.target/echo HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n")
                                        << QByteArray("413");
    QTest::newRow("odd method token") << QByteArray("G(T /pyro/ HTTP/1.1\r\n\r\n") << QByteArray("400");
}

void tst_PyroHttpGateway::hostileRequests()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, status);
    HttpLimits limits;
    limits.lingerMs = 200;
    makeGateway({}, limits);
    const QByteArray raw = rawExchange(data);
    QVERIFY2(raw.startsWith("HTTP/1.1 " + status), raw.left(200).constData());
    QVERIFY(raw.contains("Connection: close"));
    // and the gateway goes on serving
    QCOMPARE(request("GET", u"/pyro/http.target/echo?message=after"_s).body, QByteArray(R"("after")"));
}

void tst_PyroHttpGateway::slowClientTimesOut()
{
    HttpLimits limits;
    limits.requestTimeoutMs = 400;
    limits.idleTimeoutMs = 400;
    makeGateway({}, limits);

    // a client dribbling its head byte by byte gets 408 when the request's time is up,
    // however often it sends a byte
    QTcpSocket slow;
    QByteArray received;
    connect(&slow, &QTcpSocket::readyRead, &slow, [&] { received += slow.readAll(); });
    slow.connectToHost(QHostAddress::LocalHost, m_gateway->port());
    QTRY_COMPARE(slow.state(), QAbstractSocket::ConnectedState);
    QTimer dribble;
    const QByteArray text = "GET /pyro/http.target/echo?message=x HTTP/1.1\r\nX-Slow: ";
    int sent = 0;
    connect(&dribble, &QTimer::timeout, &slow, [&] { slow.write(text.mid(sent++ % text.size(), 1)); });
    dribble.start(50);

    // meanwhile others are served
    QCOMPARE(request("GET", u"/pyro/http.target/echo?message=other"_s).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(slow.state(), QAbstractSocket::UnconnectedState, 20000);
    dribble.stop();
    QVERIFY2(received.startsWith("HTTP/1.1 408"), received.constData());

    // an idle keep-alive connection is closed after idleTimeoutMs
    QTcpSocket idle;
    idle.connectToHost(QHostAddress::LocalHost, m_gateway->port());
    QTRY_COMPARE(idle.state(), QAbstractSocket::ConnectedState);
    QTRY_COMPARE_WITH_TIMEOUT(idle.state(), QAbstractSocket::UnconnectedState, 20000);
    QCOMPARE(m_gateway->httpServer()->connectionCount(), 0);
}

void tst_PyroHttpGateway::hugeBodyRefused()
{
    HttpLimits limits;
    limits.maxBodyBytes = 64 * 1024;
    makeGateway({}, limits);
    const QByteArray big = "[\"" + QByteArray(200 * 1024, 'x') + "\"]";
    const HttpResult refused = request("POST", u"/pyro/http.target/echo"_s, big, {{"Content-Type", "application/json"}});
    QCOMPARE(refused.status, 413);
    const QByteArray fits = "[\"" + QByteArray(60 * 1024, 'x') + "\"]";
    const HttpResult served = request("POST", u"/pyro/http.target/echo"_s, fits, {{"Content-Type", "application/json"}});
    QCOMPARE(served.status, 200);
    QCOMPARE(served.body.size(), fits.size() - 2);
}

void tst_PyroHttpGateway::connectionLimit()
{
    HttpLimits limits;
    limits.maxConnections = 2;
    makeGateway({}, limits);
    QTcpSocket first, second;
    for (QTcpSocket *socket : {&first, &second})
        socket->connectToHost(QHostAddress::LocalHost, m_gateway->port());
    QTRY_COMPARE(m_gateway->httpServer()->connectionCount(), 2);
    const QByteArray refused = rawExchange("GET /pyro/http.target/echo?message=x HTTP/1.1\r\n\r\n");
    QVERIFY2(refused.startsWith("HTTP/1.1 503"), refused.constData());
    first.abort();
    QTRY_COMPARE(m_gateway->httpServer()->connectionCount(), 1);
    const QByteArray served = rawExchange("GET /pyro/http.target/echo?message=x HTTP/1.1\r\nConnection: close\r\n\r\n");
    QVERIFY2(served.startsWith("HTTP/1.1 200"), served.constData());
}

// A client that sends a request and never reads the (large) answer is dropped after
// writeTimeoutMs without progress; the gateway goes on serving.
void tst_PyroHttpGateway::clientNotReading()
{
    HttpLimits limits;
    limits.writeTimeoutMs = 500;
    makeGateway({}, limits);
    QTcpSocket stalled;
    stalled.setReadBufferSize(1); // Qt stops taking data from the kernel
    stalled.connectToHost(QHostAddress::LocalHost, m_gateway->port());
    QTRY_COMPARE(stalled.state(), QAbstractSocket::ConnectedState);
    stalled.write("POST /pyro/http.target/big HTTP/1.1\r\nContent-Type: application/json\r\n"
                  "Content-Length: 10\r\n\r\n[40000000]");
    QTRY_COMPARE(m_gateway->httpServer()->connectionCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_gateway->httpServer()->connectionCount(), 0, 60000);
    QCOMPARE(request("GET", u"/pyro/http.target/echo?message=after"_s).status, 200);
}

void tst_PyroHttpGateway::https()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QFile certFile(QStringLiteral(QTPYRO_TEST_DATA "/certs/server.pem"));
    QVERIFY(certFile.open(QIODevice::ReadOnly));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(QSslCertificate::fromData(certFile.readAll()));
    tls.setPrivateKey(PyroSslConfig::loadPrivateKey(QStringLiteral(QTPYRO_TEST_DATA "/certs/server.key"), {}, u"key"_s));
    QVERIFY(!tls.privateKey().isNull());

    m_gateway.reset();
    m_gateway = std::make_unique<PyroHttpGateway>(PyroConfig::global());
    PyroHttpGatewaySettings settings;
    settings.nsHost = u"127.0.0.1"_s;
    settings.nsPort = m_ns.uri().port();
    m_gateway->setSettings(settings);
    m_gateway->httpServer()->setSslConfiguration(tls);
    QVERIFY(m_gateway->listen(QHostAddress::LocalHost, 0));
    const HttpResult result = request("GET", u"/pyro/http.target/echo?message=secure"_s, {}, {}, u"https"_s);
    QVERIFY2(result.status == 200, qPrintable(QString::number(result.error)));
    QCOMPARE(result.body, QByteArray(R"("secure")"));
}

// The tool itself, with the name server found from PYRO_NS_HOST/PYRO_NS_PORT (our tools
// in their own processes: the in-process name server could not answer while the test
// waits for the banner).
void tst_PyroHttpGateway::commandLine()
{
    PyroTestProcess ns;
    ns.setEnvironment(toolEnvironment());
    const QString nsUri = ns.start(PyroTestProcess::tool(u"pyro-ns"_s),
                                   {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s},
                                   QRegularExpression(u"URI = (PYRO:\\S+)"_s));
    QVERIFY2(!nsUri.isEmpty(), qPrintable(ns.errorString()));
    QProcessEnvironment env = toolEnvironment();
    env.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    env.insert(u"PYRO_NS_PORT"_s, nsUri.section(u':', -1));
    PyroTestProcess echo;
    echo.setEnvironment(env);
    QVERIFY2(!echo.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-H"_s, u"127.0.0.1"_s, u"-n"_s}).isEmpty(),
             qPrintable(echo.errorString()));
    PyroTestProcess gateway;
    gateway.setEnvironment(env);
    const QString port = gateway.start(PyroTestProcess::tool(u"pyro-httpgateway"_s),
                                       {u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-e"_s, u"test\\."_s,
                                        u"-g"_s, u"k"_s, u"-c"_s, u""_s},
                                       QRegularExpression(u"running on http://127\\.0\\.0\\.1:(\\d+)/pyro/"_s));
    QVERIFY2(!port.isEmpty(), qPrintable(gateway.errorString()));
    QVERIFY2(gateway.output().contains(u"Connected to name server at:  "_s + nsUri), qPrintable(gateway.output()));
    QVERIFY(gateway.output().contains(u"Exposing objects with names matching:  test\\."_s));

    QNetworkRequest req(QUrl(u"http://127.0.0.1:%1/pyro/test.echoserver/echo?message=tool&$key=k"_s.arg(port)));
    QNetworkReply *reply = m_nam.get(req);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(30000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->readAll(), QByteArray(R"("tool")"));
    QVERIFY(!reply->hasRawHeader("Access-Control-Allow-Origin")); // -c ""
    reply->deleteLater();
}

void tst_PyroHttpGateway::commandLineErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("port") << QStringList{u"-p"_s, u"http"_s} << u"-p/--port"_s;
    QTest::newRow("expose") << QStringList{u"-e"_s, u"(unclosed"_s} << u"-e/--expose"_s;
    QTest::newRow("timeout") << QStringList{u"-t"_s, u"soon"_s} << u"-t/--timeout"_s;
    QTest::newRow("pool") << QStringList{u"--pool"_s, u"0"_s} << u"--pool"_s;
    QTest::newRow("https half") << QStringList{u"--https-cert"_s, u"x.pem"_s} << u"--https-key"_s;
    QTest::newRow("positional") << QStringList{u"extra"_s} << u"unrecognized"_s;
}

void tst_PyroHttpGateway::commandLineErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"pyro-httpgateway"_s), arguments, toolEnvironment());
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(tst_PyroHttpGateway)
#include "tst_pyrohttpgateway.moc"
