// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroProxy against the real Python Pyro5: the stock echo server and name server
// (python3 -m Pyro5.utils.echoserver / Pyro5.nameserver), in all four serializers.
// Values round trip, exceptions with type/message/traceback, oneway, generator streams,
// attributes, batches, PYRONAME/PYROMETA resolution, the name server API, Unix sockets,
// compression, timeouts. Needs PYRO5_SRC (a Pyro5 source tree); skipped without it.

#include "pyrotestprocess.h"

#include "pyrobatch.h"
#include "pyrocallreply.h"
#include "pyrolocator.h"
#include "pyronameserverproxy.h"
#include "pyroproxy.h"
#include "pyroserializer.h"
#include "pyrostream.h"
#include "pyrovalues.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;
using Code = PyroError::Code;

namespace {

const QStringList serializers{u"serpent"_s, u"marshal"_s, u"json"_s, u"msgpack"_s};

void addSerializerRows()
{
    QTest::addColumn<QString>("serializer");
    for (const QString &s : serializers)
        QTest::newRow(qPrintable(s)) << s;
}

QVariant tuple(QVariantList items)
{
    return QVariant::fromValue(PyroTuple(std::move(items)));
}

QVariant set(QVariantList items)
{
    return QVariant::fromValue(PyroSet(std::move(items)));
}

} // namespace

class tst_PyroClientInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void roundTrip_data();
    void roundTrip();
    void exceptions_data() { addSerializerRows(); }
    void exceptions();
    void oneway_data() { addSerializerRows(); }
    void oneway();
    void streams_data() { addSerializerRows(); }
    void streams();
    void attributes_data() { addSerializerRows(); }
    void attributes();
    void batch_data() { addSerializerRows(); }
    void batch();
    void asyncCalls_data() { addSerializerRows(); }
    void asyncCalls();
    void ping();
    void autoproxyArgument_data() { addSerializerRows(); }
    void autoproxyArgument();
    void pyroname_data() { addSerializerRows(); }
    void pyroname();
    void nameServerApi_data() { addSerializerRows(); }
    void nameServerApi();
    void unixSocket();
    void compression_data() { addSerializerRows(); }
    void compression();
    void timeoutAndReconnect();
    void daemonObject();

private:
    PyroProxy *echo(const QString &serializer)
    {
        m_proxy = std::make_unique<PyroProxy>(PyroUri(m_echoUri), m_config);
        m_proxy->setSerializer(serializer);
        return m_proxy.get();
    }
    bool haveSerializer(const QString &name)
    {
        PyroError error;
        return PyroSerializer::byName(name, &error);
    }

    PyroTestProcess m_nameServer;
    PyroTestProcess m_echoServer;
    PyroTestProcess m_unixEchoServer;
    QTemporaryDir m_dir;
    QString m_echoUri;
    QString m_unixEchoUri;
    int m_nsPort = 0;
    PyroConfig m_config;
    std::unique_ptr<PyroProxy> m_proxy;
};

void tst_PyroClientInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set: no Python Pyro5 to test against");
    QVERIFY(m_dir.isValid());
    m_nameServer.setEnvironment(PyroTestProcess::pythonEnvironment());
    const QString nsUri = m_nameServer.start(PyroTestProcess::python(),
                                             {u"-m"_s, u"Pyro5.nameserver"_s, u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s},
                                             QRegularExpression(u"URI = (PYRO:\\S+)"_s));
    QVERIFY2(!nsUri.isEmpty(), qPrintable(m_nameServer.errorString()));
    m_nsPort = PyroUri(nsUri).port();

    // The echo server registers itself ("-n") with our name server.
    QProcessEnvironment env = PyroTestProcess::pythonEnvironment();
    env.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    env.insert(u"PYRO_NS_PORT"_s, QString::number(m_nsPort));
    m_echoServer.setEnvironment(env);
    m_echoUri = m_echoServer.start(PyroTestProcess::python(),
                                   {u"-m"_s, u"Pyro5.utils.echoserver"_s, u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s,
                                    u"-n"_s},
                                   QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!m_echoUri.isEmpty(), qPrintable(m_echoServer.errorString()));

    m_unixEchoServer.setEnvironment(PyroTestProcess::pythonEnvironment());
    m_unixEchoUri = m_unixEchoServer.start(PyroTestProcess::python(),
                                           {u"-m"_s, u"Pyro5.utils.echoserver"_s, u"-u"_s, m_dir.filePath(u"echo.sock"_s)},
                                           QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!m_unixEchoUri.isEmpty(), qPrintable(m_unixEchoServer.errorString()));

    m_config = PyroConfig::global();
    m_config.setNsHost(u"127.0.0.1"_s);
    m_config.setNsPort(m_nsPort);
    m_config.setBroadcastAddresses({u"127.0.0.1"_s});
}

void tst_PyroClientInterop::init()
{
    if (QTest::currentDataTag() && !haveSerializer(QString::fromLatin1(QTest::currentDataTag()))
        && serializers.contains(QString::fromLatin1(QTest::currentDataTag())))
        QSKIP("serializer not available");
}

void tst_PyroClientInterop::roundTrip_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected"); // what comes back (invalid: the value itself)

    const double nan = std::nan("");
    const double inf = HUGE_VAL;
    const QVariant bigInt = QVariant::fromValue(PyroBigInt::fromString(u"-1180591620717411303424"));
    struct Row
    {
        const char *name;
        QVariant value;
    };
    const QList<Row> common{
            {"None", PyroValues::none()},
            {"True", true},
            {"False", false},
            {"int 0", 0LL},
            {"int -1", -1LL},
            {"int 2**63-1", std::numeric_limits<qlonglong>::max()},
            {"int -2**63", std::numeric_limits<qlonglong>::min()},
            {"big int", bigInt},
            {"float 1.5", 1.5},
            {"float -0.0", -0.0},
            {"float 1e300", 1e300},
            {"float nan", nan},
            {"float inf", inf},
            {"float -inf", -inf},
            {"str", u"h\u00e9llo \U0001F600 'quoted' \"double\" \\ \n"_s},
            {"empty str", QString(u""_s)},
            {"list", QVariantList{1LL, u"a"_s, PyroValues::none(), QVariantList{}}},
            {"dict", QVariantMap{{u"a"_s, 1LL}, {u"b"_s, QVariantList{true, 2.5}}, {u"nested"_s, QVariantMap{{u"x"_s, u"y"_s}}}}},
    };
    for (const QString &s : serializers) {
        for (const Row &row : common)
            QTest::addRow("%s/%s", qPrintable(s), row.name) << s << row.value << QVariant();
        const bool keepsTuples = s == u"serpent" || s == u"marshal";
        // Tuples and sets: kept where the format has them, lists elsewhere.
        QTest::addRow("%s/tuple", qPrintable(s))
                << s << tuple({1LL, tuple({2LL})}) << (keepsTuples ? QVariant() : QVariant(QVariantList{1LL, QVariantList{2LL}}));
        QTest::addRow("%s/empty tuple", qPrintable(s))
                << s << tuple({}) << (keepsTuples ? QVariant() : QVariant(QVariantList{}));
        QTest::addRow("%s/set", qPrintable(s))
                << s << set({1LL, 2LL}) << (keepsTuples ? QVariant() : QVariant(QVariantList{1LL, 2LL}));
        if (s == u"marshal" || s == u"msgpack")
            QTest::addRow("%s/bytes", qPrintable(s)) << s << QVariant(QByteArray("\x00\xff raw", 6)) << QVariant();
        if (s == u"serpent") {
            // Pyro5's serpent sends bytes as a base64 dict (and so gives them back).
            QTest::addRow("serpent/bytes") << s << QVariant(QByteArray("\x00\xff", 2))
                                           << QVariant(QVariantMap{{u"data"_s, u"AP8="_s}, {u"encoding"_s, u"base64"_s}});
        }
        if (keepsTuples) {
            PyroDict nonStringKeys;
            nonStringKeys.append(1LL, u"one"_s);
            nonStringKeys.append(tuple({1LL, 2LL}), u"pair"_s);
            QTest::addRow("%s/dict with non-str keys", qPrintable(s)) << s << QVariant::fromValue(nonStringKeys) << QVariant();
        }
    }
}

void tst_PyroClientInterop::roundTrip()
{
    QFETCH(QString, serializer);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    if (!haveSerializer(serializer))
        QSKIP("serializer not available");
    const PyroResult r = echo(serializer)->call(u"echo"_s, {value});
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    const QVariant want = expected.isValid() ? expected : value;
    QVERIFY2(PyroValues::identical(r.value(), want),
             qPrintable(u"got "_s + QDebug::toString(r.value()) + u", expected "_s + QDebug::toString(want)));
}

void tst_PyroClientInterop::exceptions()
{
    QFETCH(QString, serializer);
    PyroProxy *p = echo(serializer);
    const PyroResult r = p->call(u"error"_s);
    QVERIFY(r.isError());
    const PyroError e = r.error();
    QVERIFY(e.isRemote());
    QCOMPARE(e.code(), Code::RemoteException);
    QCOMPARE(e.remoteType(), u"builtins.ValueError"_s);
    QCOMPARE(e.message(), u"this is the generated error from echoserver echo() method"_s);
    QCOMPARE(e.remoteArgs(), QVariantList{u"this is the generated error from echoserver echo() method"_s});
    const QStringList tb = e.remoteTraceback();
    QVERIFY(!tb.isEmpty());
    QCOMPARE(tb.first(), u"Traceback (most recent call last):\n"_s);
    QVERIFY(tb.last().startsWith(u"ValueError: this is the generated error"_s));
    QCOMPARE(p->call(u"error_with_text"_s).error().message(), u"the message of the error"_s);
    // The connection stays usable after a user exception.
    QCOMPARE(p->state(), PyroProxy::State::Connected);
    // Local: unknown method, without traffic.
    QCOMPARE(p->call(u"nosuch"_s).error().pythonClass(), u"builtins.AttributeError"_s);
    // Remote: wrong argument count (TypeError from Python).
    const PyroError typeError = p->call(u"echo"_s, {1, 2, 3}).error();
    QCOMPARE(typeError.remoteType(), u"builtins.TypeError"_s);
}

void tst_PyroClientInterop::oneway()
{
    QFETCH(QString, serializer);
    PyroProxy *p = echo(serializer);
    QVERIFY(p->waitForConnected(QDeadlineTimer(10000)));
    QVERIFY(p->onewayMethods().contains(u"oneway_slow"_s));
    QElapsedTimer clock;
    clock.start();
    // oneway_slow sleeps 5 s in the daemon; neither the call nor the next one waits.
    QVERIFY(!p->call(u"oneway_slow"_s).isError());
    QVERIFY(!p->call(u"oneway_echo"_s, {u"x"_s}).isError());
    QCOMPARE(p->call(u"echo"_s, {u"next"_s}).value(), QVariant(u"next"_s));
    QVERIFY2(clock.elapsed() < 2500, qPrintable(QString::number(clock.elapsed())));
}

void tst_PyroClientInterop::streams()
{
    QFETCH(QString, serializer);
    PyroProxy *p = echo(serializer);
    std::unique_ptr<PyroCallReply> r(p->asyncCall(u"generator"_s));
    QVERIFY(r->waitForFinished(QDeadlineTimer(10000)));
    QVERIFY(r->isStream());
    std::unique_ptr<PyroStream> stream(r->takeStream());
    PyroError error;
    QCOMPARE(stream->takeAll(&error), (QVariantList{u"one"_s, u"two"_s, u"three"_s}));
    QVERIFY(!error.isError());

    // Async, closed early, then the proxy goes on.
    std::unique_ptr<PyroCallReply> reply(p->asyncCall(u"generator"_s));
    QVERIFY(reply->waitForFinished(QDeadlineTimer(10000)));
    std::unique_ptr<PyroStream> async(reply->takeStream());
    QSignalSpy items(async.get(), &PyroStream::itemReceived);
    async->fetchNext();
    QTRY_COMPARE(items.count(), 1);
    QCOMPARE(items.first().first(), QVariant(u"one"_s));
    async->close();
    QCOMPARE(p->call(u"echo"_s, {1}).value(), QVariant(1LL));
}

void tst_PyroClientInterop::attributes()
{
    QFETCH(QString, serializer);
    PyroProxy *p = echo(serializer);
    QCOMPARE(p->readAttribute(u"verbose"_s).value(), QVariant(false));
    QVERIFY(!p->writeAttribute(u"verbose"_s, true).isError());
    QCOMPARE(p->readAttribute(u"verbose"_s).value(), QVariant(true));
    QVERIFY(!p->writeAttribute(u"verbose"_s, false).isError());
    QCOMPARE(p->readAttribute(u"nosuch"_s).error().pythonClass(), u"builtins.AttributeError"_s);
}

void tst_PyroClientInterop::batch()
{
    QFETCH(QString, serializer);
    PyroProxy *p = echo(serializer);
    PyroBatch batch(p);
    batch.add(u"echo"_s, {1});
    batch.add(u"echo"_s, {u"two"_s});
    batch.add(u"error"_s);
    batch.add(u"echo"_s, {4});
    const QList<PyroResult> results = batch.execute(QDeadlineTimer(10000));
    if (serializer == u"marshal") {
        // Pyro5's daemon cannot marshal the exception wrapper in the results: the whole
        // batch fails (Python marshal clients cannot send batches at all).
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.first().error().remoteType(), u"builtins.ValueError"_s);
        QCOMPARE(results.first().error().message(), u"unmarshallable object"_s);
        batch.add(u"echo"_s, {1});
        batch.add(u"echo"_s, {u"two"_s});
        const QList<PyroResult> fine = batch.execute(QDeadlineTimer(10000));
        QCOMPARE(fine.size(), 2);
        QCOMPARE(fine.at(1).value(), QVariant(u"two"_s));
    } else {
        QCOMPARE(results.size(), 3); // stops at the failed call
        QCOMPARE(results.at(0).value(), QVariant(1LL));
        QCOMPARE(results.at(1).value(), QVariant(u"two"_s));
        QCOMPARE(results.at(2).error().remoteType(), u"builtins.ValueError"_s);
    }
    // Oneway batch: nothing comes back.
    batch.add(u"echo"_s, {5});
    std::unique_ptr<PyroCallReply> reply(batch.send(PyroBatch::Mode::Oneway));
    QVERIFY(reply->waitForFinished(QDeadlineTimer(10000)));
    QVERIFY(!reply->isError());
    QCOMPARE(p->call(u"echo"_s, {6}).value(), QVariant(6LL));
}

void tst_PyroClientInterop::asyncCalls()
{
    // Queued calls on one connection, answered in order, all through the event loop.
    QFETCH(QString, serializer);
    PyroProxy *p = echo(serializer);
    QSignalSpy finished(p, &PyroProxy::finished);
    std::vector<std::unique_ptr<PyroCallReply>> replies;
    for (int i = 0; i < 10; ++i)
        replies.emplace_back(p->asyncCall(u"echo"_s, {i}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 10, 10000);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(replies.at(i)->value(), QVariant(qlonglong(i)));
    QFuture<QVariant> future = p->futureCall(u"echo"_s, {u"future"_s});
    QTRY_VERIFY(future.isFinished());
    QCOMPARE(future.result(), QVariant(u"future"_s));
}

void tst_PyroClientInterop::ping()
{
    PyroProxy *p = echo(u"serpent"_s);
    std::unique_ptr<PyroCallReply> reply(p->ping()); // MSG_PING, serializer id 42
    QVERIFY(reply->waitForFinished(QDeadlineTimer(10000)));
    QVERIFY2(!reply->isError(), qPrintable(reply->error().toString()));
    QCOMPARE(p->call(u"echo"_s, {1}).value(), QVariant(1LL));
}

void tst_PyroClientInterop::autoproxyArgument()
{
    QFETCH(QString, serializer);
    PyroProxy *p = echo(serializer);
    QVERIFY(p->waitForConnected(QDeadlineTimer(10000)));
    // A proxy passed as an argument becomes a Python Proxy and comes back as one.
    const PyroResult r = p->call(u"echo"_s, {QVariant::fromValue<QObject *>(p)});
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    QCOMPARE(r.value().typeId(), qMetaTypeId<PyroObjectRef>());
    PyroProxy back(r.value().value<PyroObjectRef>());
    back.setSerializer(serializer);
    QCOMPARE(back.uri(), p->uri());
    QCOMPARE(back.call(u"echo"_s, {u"via the returned proxy"_s}).value(), QVariant(u"via the returned proxy"_s));
    // A URI too.
    const PyroResult u = p->call(u"echo"_s, {QVariant::fromValue(p->uri())});
    QCOMPARE(u.value().value<PyroUri>(), p->uri());
}

void tst_PyroClientInterop::pyroname()
{
    QFETCH(QString, serializer);
    // With the name server's location in the URI...
    PyroProxy named(PyroUri::forName(u"test.echoserver"_s, u"127.0.0.1"_s, m_nsPort), m_config);
    named.setSerializer(serializer);
    QCOMPARE(named.call(u"echo"_s, {u"by name"_s}).value(), QVariant(u"by name"_s));
    QCOMPARE(named.resolvedUri().toString(), m_echoUri);
    // ...and found through NS_HOST/NS_PORT.
    PyroProxy located(PyroUri(u"PYRONAME:test.echoserver"_s), m_config);
    located.setSerializer(serializer);
    located.bind();
    QVERIFY(located.waitForConnected(QDeadlineTimer(10000)));
    QCOMPARE(located.uri().toString(), m_echoUri);

    // PYROMETA: register the echo server with a tag first.
    PyroNameServerProxy ns(PyroNameServerProxy::uriFor(u"127.0.0.1"_s, m_nsPort, m_config), m_config);
    const QString name = u"interop.meta."_s + serializer;
    std::unique_ptr<PyroCallReply> reg(ns.registerName(name, PyroUri(m_echoUri), PyroNameServerProxy::RegisterMode::Replace, {u"tag:"_s + serializer}));
    QVERIFY(reg->waitForFinished(QDeadlineTimer(10000)));
    QVERIFY2(!reg->isError(), qPrintable(reg->error().toString()));
    PyroProxy meta(PyroUri(u"PYROMETA:tag:%1@127.0.0.1:%2"_s.arg(serializer).arg(m_nsPort)), m_config);
    meta.setSerializer(serializer);
    QCOMPARE(meta.call(u"echo"_s, {u"by metadata"_s}).value(), QVariant(u"by metadata"_s));
    std::unique_ptr<PyroCallReply>(ns.remove(name))->waitForFinished(QDeadlineTimer(10000));

    PyroProxy unknown(PyroUri::forName(u"no.such.name"_s, u"127.0.0.1"_s, m_nsPort), m_config);
    const PyroError e = unknown.call(u"echo"_s, {1}).error();
    QCOMPARE(e.code(), Code::NamingError);
    QCOMPARE(e.message(), u"unknown name: no.such.name"_s);
}

void tst_PyroClientInterop::nameServerApi()
{
    QFETCH(QString, serializer);
    PyroLocator locator(m_config);
    locator.locate(u"127.0.0.1"_s, m_nsPort);
    QVERIFY(locator.waitForFinished(QDeadlineTimer(10000)));
    QVERIFY2(!locator.error().isError(), qPrintable(locator.error().toString()));
    std::unique_ptr<PyroNameServerProxy> ns(locator.takeNameServer());
    ns->proxy()->setSerializer(serializer);
    ns->proxy()->reconnect(); // with this serializer
    QVERIFY(ns->proxy()->waitForConnected(QDeadlineTimer(10000)));
    auto run = [](PyroCallReply *call) {
        std::unique_ptr<PyroCallReply> reply(call);
        reply->waitForFinished(QDeadlineTimer(10000));
        return reply->result();
    };
    const QString prefix = u"api."_s + serializer + u'.';
    QVERIFY(!run(ns->ping()).isError());
    const qlonglong before = run(ns->count()).value().toLongLong();
    QVERIFY(before >= 2); // the NS itself and the echo server
    QVERIFY(!run(ns->registerName(prefix + u"a"_s, PyroUri(m_echoUri), PyroNameServerProxy::RegisterMode::Replace, {u"tag:a"_s, u"tag:both"_s})).isError());
    QVERIFY(!run(ns->registerName(prefix + u"b"_s, PyroUri(u"PYRO:b@127.0.0.1:1"_s), PyroNameServerProxy::RegisterMode::Safe, {u"tag:both"_s})).isError());
    const PyroError again = run(ns->registerName(prefix + u"b"_s, PyroUri(u"PYRO:b@127.0.0.1:1"_s), PyroNameServerProxy::RegisterMode::Safe)).error();
    QCOMPARE(again.code(), Code::NamingError);
    QCOMPARE(again.message(), u"name already registered: "_s + prefix + u"b"_s);
    QCOMPARE(run(ns->count()).value().toLongLong(), before + 2);

    QCOMPARE(run(ns->lookup(prefix + u"a"_s)).value().value<PyroUri>().toString(), m_echoUri);
    const PyroResult withMeta = run(ns->lookup(prefix + u"a"_s, PyroNameServerProxy::Metadata::Included));
    if (serializer == u"marshal") {
        // Pyro5 cannot marshal the (URI, set) tuple.
        QCOMPARE(withMeta.error().remoteType(), u"builtins.ValueError"_s);
    } else {
        const QVariantList pair = withMeta.value().typeId() == qMetaTypeId<PyroTuple>()
                ? withMeta.value().value<PyroTuple>().items()
                : withMeta.value().toList();
        QCOMPARE(pair.value(0).value<PyroUri>().toString(), m_echoUri);
        QStringList tags;
        for (const QVariant &t : serializer == u"serpent" ? pair.value(1).value<PyroSet>().items() : pair.value(1).toList())
            tags.append(t.toString());
        tags.sort();
        QCOMPARE(tags, (QStringList{u"tag:a"_s, u"tag:both"_s}));
    }
    QCOMPARE(run(ns->lookup(u"no.such"_s)).error().message(), u"unknown name: no.such"_s);

    const QVariantMap listed = run(ns->list(prefix)).value().toMap();
    QCOMPARE(listed.keys(), (QStringList{prefix + u"a"_s, prefix + u"b"_s}));
    QCOMPARE(listed.value(prefix + u"a"_s).toString(), m_echoUri);
    QCOMPARE(run(ns->list({}, QRegularExpression::escape(prefix) + u"b"_s)).value().toMap().keys(), QStringList{prefix + u"b"_s});
    const QVariantMap withMetadata = run(ns->list(prefix, {}, PyroNameServerProxy::Metadata::Included)).value().toMap();
    QCOMPARE(withMetadata.size(), 2);

    QCOMPARE(run(ns->lookupByMetadata({u"tag:a"_s})).value().toMap().keys(), QStringList{prefix + u"a"_s});
    QCOMPARE(run(ns->lookupByMetadata({u"tag:both"_s}, {}, PyroNameServerProxy::Metadata::Excluded)).value().toMap().value(prefix + u"b"_s).toString(),
             u"PYRO:b@127.0.0.1:1"_s);
    QCOMPARE(run(ns->lookupByMetadata({}, {u"tag:a"_s, u"nope"_s})).value().toMap().keys(), QStringList{prefix + u"a"_s});
    QVERIFY(!run(ns->setMetadata(prefix + u"b"_s, {u"tag:new"_s})).isError());
    QCOMPARE(run(ns->lookupByMetadata({u"tag:new"_s}, {}, PyroNameServerProxy::Metadata::Excluded)).value().toMap().keys(), QStringList{prefix + u"b"_s});

    QCOMPARE(run(ns->remove(prefix + u"a"_s)).value(), QVariant(1LL));
    QCOMPARE(run(ns->remove(prefix + u"a"_s)).value(), QVariant(0LL));
    QVERIFY(!run(ns->registerName(prefix + u"c"_s, PyroUri(u"PYRO:c@127.0.0.1:1"_s), PyroNameServerProxy::RegisterMode::Replace, {u"x"_s})).isError());
    QCOMPARE(run(ns->removeByRegex(QRegularExpression::escape(prefix) + u"c"_s)).value(), QVariant(1LL));
    QCOMPARE(run(ns->removeByPrefix(prefix)).value(), QVariant(1LL));
    QCOMPARE(run(ns->count()).value().toLongLong(), before);
}

void tst_PyroClientInterop::unixSocket()
{
    PyroProxy p{PyroUri(m_unixEchoUri)};
    QVERIFY(p.uri().isUnixSocket());
    QCOMPARE(p.call(u"echo"_s, {u"over ./u:"_s}).value(), QVariant(u"over ./u:"_s));
}

void tst_PyroClientInterop::compression()
{
    QFETCH(QString, serializer);
    PyroProxy *p = echo(serializer);
    p->setCompression(true);
    const QString big = u"compress me "_s.repeated(500);
    QCOMPARE(p->call(u"echo"_s, {big}).value(), QVariant(big));
}

void tst_PyroClientInterop::timeoutAndReconnect()
{
    PyroProxy *p = echo(u"serpent"_s);
    p->setCallTimeout(500);
    const PyroResult slow = p->call(u"slow"_s); // sleeps 5 s
    QCOMPARE(slow.error().code(), Code::Timeout);
    QCOMPARE(p->state(), PyroProxy::State::Unconnected);
    // The next call reconnects (CONNECT with the current sequence number). The echo
    // server is single-threaded (multiplex): it answers once slow() is over.
    p->setCallTimeout(0);
    QCOMPARE(p->call(u"echo"_s, {u"again"_s}).value(), QVariant(u"again"_s));
    p->reconnect();
    QVERIFY(p->waitForConnected(QDeadlineTimer(10000)));
    QCOMPARE(p->call(u"echo"_s, {u"after reconnect"_s}).value(), QVariant(u"after reconnect"_s));
}

void tst_PyroClientInterop::daemonObject()
{
    PyroUri uri(m_echoUri);
    PyroProxy daemon(PyroUri::forTcp(u"Pyro.Daemon"_s, uri.host(), uri.port()));
    QVERIFY(!daemon.call(u"ping"_s).isError());
    QVERIFY(daemon.call(u"registered"_s).value().toStringList().contains(u"test.echoserver"_s));
    const QVariantMap meta = daemon.call(u"get_metadata"_s, {u"test.echoserver"_s}).value().toMap();
    QVERIFY(meta.value(u"methods"_s).value<PyroSet>().contains(u"echo"_s));
}

QTEST_GUILESS_MAIN(tst_PyroClientInterop)
#include "tst_pyroclientinterop.moc"
