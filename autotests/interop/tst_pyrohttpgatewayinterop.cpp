// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-httpgateway next to Pyro5's own gateway (Pyro5.utils.httpgateway), both started
// with the same options in front of the Python name server and echo server: every
// request gets the same status code and the same body (JSON compared as values) from
// both. Needs PYRO5_SRC (a Pyro5 source tree); skipped without it.

#include "pyrotesthttp.h"
#include "pyrotestprocess.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QUuid>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

using Headers = PyroTestHeaders;
Q_DECLARE_METATYPE(Headers)

namespace {

// JSON as a comparable value: lists that Pyro5 fills from a set ($meta) are sorted.
QJsonValue normalized(const QJsonValue &value)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            QJsonValue v = normalized(it.value());
            if ((it.key() == u"methods" || it.key() == u"attributes") && v.isArray()) {
                QStringList names;
                for (const QJsonValue &n : v.toArray())
                    names.append(n.toString());
                names.sort();
                v = QJsonArray::fromStringList(names);
            }
            it.value() = v;
        }
        return object;
    }
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &v : value.toArray())
            array.append(normalized(v));
        return array;
    }
    return value;
}

} // namespace

class tst_PyroHttpGatewayInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sameAnswers_data();
    void sameAnswers();
    void correlationIdRoundTrip();
    void homePageScriptCall();

private:
    PyroTestHttpAnswer ask(quint16 port, const QByteArray &verb, const QString &path, const Headers &headers = {},
               const QByteArray &body = {});
    QString startGateway(PyroTestProcess &process, const QString &program, const QStringList &prefix);

    PyroTestProcess m_nameServer;
    PyroTestProcess m_echoServer;
    PyroTestProcess m_pyroGateway;
    PyroTestProcess m_ourGateway;
    QProcessEnvironment m_env;
    quint16 m_pyroPort = 0;
    quint16 m_ourPort = 0;
    QNetworkAccessManager m_nam;
};

QString tst_PyroHttpGatewayInterop::startGateway(PyroTestProcess &process, const QString &program,
                                                 const QStringList &prefix)
{
    process.setEnvironment(m_env);
    return process.start(program,
                         prefix + QStringList{u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-e"_s, u"test\\.|Pyro\\."_s,
                                              u"-g"_s, u"secret"_s},
                         QRegularExpression(u"running on http://127\\.0\\.0\\.1:(\\d+)/pyro/"_s));
}

void tst_PyroHttpGatewayInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set: no Python Pyro5 to test against");
    m_nameServer.setEnvironment(PyroTestProcess::pythonEnvironment());
    const QString nsUri = m_nameServer.start(PyroTestProcess::python(),
                                             {u"-m"_s, u"Pyro5.nameserver"_s, u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s},
                                             QRegularExpression(u"URI = (PYRO:\\S+)"_s));
    QVERIFY2(!nsUri.isEmpty(), qPrintable(m_nameServer.errorString()));
    m_env = PyroTestProcess::pythonEnvironment();
    m_env.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    m_env.insert(u"PYRO_NS_PORT"_s, nsUri.section(u':', -1));
    m_echoServer.setEnvironment(m_env);
    const QString echoUri = m_echoServer.start(PyroTestProcess::python(),
                                               {u"-m"_s, u"Pyro5.utils.echoserver"_s, u"-H"_s, u"127.0.0.1"_s, u"-n"_s},
                                               QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!echoUri.isEmpty(), qPrintable(m_echoServer.errorString()));

    const QString pyroPort = startGateway(m_pyroGateway, PyroTestProcess::python(), {u"-m"_s, u"Pyro5.utils.httpgateway"_s});
    QVERIFY2(!pyroPort.isEmpty(), qPrintable(m_pyroGateway.errorString()));
    const QString ourPort = startGateway(m_ourGateway, PyroTestProcess::tool(u"pyro-httpgateway"_s), {});
    QVERIFY2(!ourPort.isEmpty(), qPrintable(m_ourGateway.errorString()));
    m_pyroPort = quint16(pyroPort.toUInt());
    m_ourPort = quint16(ourPort.toUInt());
}

PyroTestHttpAnswer tst_PyroHttpGatewayInterop::ask(quint16 port, const QByteArray &verb, const QString &path,
                                                   const Headers &headers, const QByteArray &body)
{
    return pyroTestHttp(m_nam, verb, QUrl(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path)), headers, body);
}

void tst_PyroHttpGatewayInterop::sameAnswers_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("status");

    const Headers key{{"X-Pyro-Gateway-Key", "secret"}};
    const QString echo = u"/pyro/test.echoserver/"_s;
    QTest::newRow("root") << QByteArray("GET") << u"/"_s << Headers() << 302;
    QTest::newRow("unknown path") << QByteArray("GET") << u"/elsewhere"_s << Headers() << 404;
    QTest::newRow("name only") << QByteArray("GET") << u"/pyro/test.echoserver?$key=secret"_s << Headers() << 404;
    QTest::newRow("options") << QByteArray("OPTIONS") << echo + u"echo"_s << Headers() << 200;
    QTest::newRow("put") << QByteArray("PUT") << echo + u"echo"_s << key << 405;
    QTest::newRow("no key") << QByteArray("GET") << echo + u"echo?message=x"_s << Headers() << 403;
    QTest::newRow("wrong key") << QByteArray("GET") << echo + u"echo?message=x&$key=nope"_s << Headers() << 403;
    QTest::newRow("not exposed") << QByteArray("GET") << u"/pyro/other.thing/echo?message=x"_s << key << 403;
    QTest::newRow("echo, key in query") << QByteArray("GET") << echo + u"echo?message=hi&$key=secret"_s << Headers() << 200;
    QTest::newRow("echo, key in header") << QByteArray("GET") << echo + u"echo?message=hi"_s << key << 200;
    QTest::newRow("echo, POST") << QByteArray("POST") << echo + u"echo?message=hi"_s << key << 200;
    QTest::newRow("form encoding") << QByteArray("GET") << echo + u"echo?message=a+b%21%C3%A9"_s << key << 200;
    QTest::newRow("repeated parameter") << QByteArray("GET") << echo + u"echo?message=a&message=b"_s << key << 200;
    QTest::newRow("empty parameter dropped") << QByteArray("GET") << echo + u"echo?message="_s << key << 500;
    QTest::newRow("meta") << QByteArray("GET") << echo + u"$meta"_s << key << 200;
    QTest::newRow("attribute") << QByteArray("GET") << echo + u"verbose"_s << key << 200;
    QTest::newRow("attribute with parameter") << QByteArray("GET") << echo + u"verbose?x=1"_s << key << 500;
    QTest::newRow("remote error") << QByteArray("GET") << echo + u"error"_s << key << 500;
    QTest::newRow("remote error with text") << QByteArray("GET") << echo + u"error_with_text"_s << key << 500;
    QTest::newRow("missing argument") << QByteArray("GET") << echo + u"echo"_s << key << 500;
    QTest::newRow("unexpected argument") << QByteArray("GET") << echo + u"echo?message=a&other=b"_s << key << 500;
    QTest::newRow("unknown method") << QByteArray("GET") << echo + u"nothing"_s << key << 500;
    QTest::newRow("unknown name") << QByteArray("GET") << u"/pyro/test.nothing/echo?message=x"_s << key << 500;
    QTest::newRow("oneway method") << QByteArray("GET") << echo + u"oneway_echo?message=x"_s << key << 200;
    QTest::newRow("oneway header") << QByteArray("GET") << echo + u"echo?message=x"_s
                                   << Headers{{"X-Pyro-Gateway-Key", "secret"}, {"X-Pyro-Options", "oneway"}} << 200;
    QTest::newRow("nan") << QByteArray("GET") << echo + u"nan"_s << key << 200;
    QTest::newRow("inf") << QByteArray("GET") << echo + u"inf"_s << key << 200;
    QTest::newRow("dunder") << QByteArray("GET") << echo + u"__dunder__"_s << key << 200;
    QTest::newRow("ns ping") << QByteArray("GET") << u"/pyro/Pyro.NameServer/ping"_s << key << 200;
    QTest::newRow("ns lookup") << QByteArray("GET") << u"/pyro/Pyro.NameServer/lookup?name=test.echoserver"_s << key << 200;
    QTest::newRow("ns list") << QByteArray("GET") << u"/pyro/Pyro.NameServer/list?prefix=test."_s << key << 200;
    QTest::newRow("ns count") << QByteArray("GET") << u"/pyro/Pyro.NameServer/count"_s << key << 200;
    QTest::newRow("ns meta") << QByteArray("GET") << u"/pyro/Pyro.NameServer/$meta"_s << key << 200;
    QTest::newRow("ns lookup unknown") << QByteArray("GET") << u"/pyro/Pyro.NameServer/lookup?name=nothing"_s << key << 500;
}

void tst_PyroHttpGatewayInterop::sameAnswers()
{
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(Headers, headers);
    QFETCH(int, status);

    const PyroTestHttpAnswer theirs = ask(m_pyroPort, verb, path, headers);
    const PyroTestHttpAnswer ours = ask(m_ourPort, verb, path, headers);
    QCOMPARE(theirs.status, status);
    QCOMPARE(ours.status, theirs.status);
    QCOMPARE(ours.headers.value("content-type"), theirs.headers.value("content-type"));
    QCOMPARE(ours.headers.value("location"), theirs.headers.value("location"));
    QCOMPARE(ours.headers.contains("x-pyro-correlation-id"), theirs.headers.contains("x-pyro-correlation-id"));
    QCOMPARE(ours.headers.value("access-control-allow-origin"), theirs.headers.value("access-control-allow-origin"));

    QJsonParseError error;
    const QJsonDocument theirJson = QJsonDocument::fromJson("[" + theirs.body + "]", &error);
    if (error.error != QJsonParseError::NoError || theirs.body.isEmpty()) {
        QCOMPARE(ours.body, theirs.body); // text, empty, or JSON that QJsonDocument refuses (NaN)
        return;
    }
    const QJsonDocument ourJson = QJsonDocument::fromJson("[" + ours.body + "]");
    QCOMPARE(normalized(ourJson.array()), normalized(theirJson.array()));
}

void tst_PyroHttpGatewayInterop::correlationIdRoundTrip()
{
    const QByteArray id = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    const Headers headers{{"X-Pyro-Gateway-Key", "secret"}, {"X-Pyro-Correlation-Id", id}};
    const PyroTestHttpAnswer theirs = ask(m_pyroPort, "GET", u"/pyro/test.echoserver/echo?message=c"_s, headers);
    const PyroTestHttpAnswer ours = ask(m_ourPort, "GET", u"/pyro/test.echoserver/echo?message=c"_s, headers);
    QCOMPARE(theirs.headers.value("x-pyro-correlation-id"), id);
    QCOMPARE(ours.headers.value("x-pyro-correlation-id"), id);
    QCOMPARE(ours.body, theirs.body);
}

// The script on Pyro5's home page: fetch(name + "/" + method + "?" + URLSearchParams),
// relative to /pyro/, with Accept and Content-Type application/json. The same request
// works against ours (the echo example of that page; expose and key as configured here).
void tst_PyroHttpGatewayInterop::homePageScriptCall()
{
    const QUrl page(u"http://127.0.0.1:%1/pyro/"_s.arg(m_ourPort));
    const QUrl call = page.resolved(QUrl(u"test.echoserver/echo?message=Hi+there%2C+browser+script%21&%24key=secret"_s));
    QCOMPARE(call.path(), u"/pyro/test.echoserver/echo"_s);
    const Headers headers{{"Accept", "application/json"}, {"Content-Type", "application/json"}};
    const QString path = call.path() + u'?' + call.query(QUrl::FullyEncoded);
    const PyroTestHttpAnswer ours = ask(m_ourPort, "GET", path, headers);
    const PyroTestHttpAnswer theirs = ask(m_pyroPort, "GET", path, headers);
    QCOMPARE(ours.status, 200);
    QCOMPARE(ours.body, QByteArray(R"("Hi there, browser script!")"));
    QCOMPARE(ours.body, theirs.body);
    // and each home page lists the echo server
    QVERIFY(ask(m_ourPort, "GET", u"/pyro/"_s).body.contains("test.echoserver"));
    QVERIFY(ask(m_pyroPort, "GET", u"/pyro/"_s).body.contains("test.echoserver"));
}

QTEST_GUILESS_MAIN(tst_PyroHttpGatewayInterop)
#include "tst_pyrohttpgatewayinterop.moc"
