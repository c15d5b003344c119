// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroProxy in the situations the recordings do not show: misbehaving daemons, timeouts,
// retries and reconnects, Unix sockets, correlation ids from the thread context,
// annotations, streams pulled asynchronously, proxies as arguments, worker threads.

#include "fakedaemon.h"

#include "pyrobatch.h"
#include "pyrocallreply.h"
#include "pyroproxy.h"
#include "pyrostream.h"
#include "pyrothreadcontext_p.h"

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Code = PyroError::Code;

class tst_PyroProxyBehaviour : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void sequenceMismatch();
    void serializerMismatch();
    void remoteCommunicationErrorCloses();
    void retries_data();
    void retries();
    void callTimeout();
    void queuedCallTimeout();
    void manyQueuedCalls();
    void reconnectFails();
    void reconnectKeepsQueue();
    void unixSocket();
    void ipv6();
    void correlationId();
    void annotations();
    void metadataFetchedWhenMissing();
    void attributes();
    void oneway();
    void streams();
    void ping();
    void proxyAsArgument();
    void connectFailInMarshal();
    void releaseFailsPending();
    void stateChanges();
    void workerThread();
    void batchAsync();

private:
    PyroUri uri(const QString &object = u"obj"_s)
    {
        const quint16 port = m_daemon->run([this] { return (*m_daemon)->port(); });
        return PyroUri::forTcp(object, u"127.0.0.1"_s, port);
    }
    std::unique_ptr<ThreadedFakeDaemon> m_daemon;
};

void tst_PyroProxyBehaviour::init()
{
    m_daemon = std::make_unique<ThreadedFakeDaemon>();
    QVERIFY(m_daemon->run([this] { return (*m_daemon)->listenTcp(); }));
}

void tst_PyroProxyBehaviour::cleanup()
{
    m_daemon.reset();
}

void tst_PyroProxyBehaviour::sequenceMismatch()
{
    PyroProxy proxy(uri());
    QCOMPARE(proxy.call(u"echo"_s, {1}).value(), QVariant(1LL)); // seq 1
    const PyroResult bad = proxy.call(u"wrongseq"_s);              // seq 2, answered with 9
    QCOMPARE(bad.error().code(), Code::ProtocolError);
    QCOMPARE(bad.error().message(), u"invoke: reply sequence out of sync, got 9 expected 2"_s);
    QCOMPARE(proxy.state(), PyroProxy::State::Unconnected);
    QCOMPARE(proxy.call(u"echo"_s, {3}).value(), QVariant(3LL));
    // The new connection's CONNECT carries the current sequence number.
    const auto connects = m_daemon->run([this] { return (*m_daemon)->ofType(PyroProtocol::MsgConnect); });
    QCOMPARE(connects.size(), 2);
    QCOMPARE(connects.at(0).header.seq, quint16(0));
    QCOMPARE(connects.at(1).header.seq, quint16(2));
    const auto invokes = m_daemon->run([this] { return (*m_daemon)->ofType(PyroProtocol::MsgInvoke); });
    QCOMPARE(invokes.last().header.seq, quint16(3));
}

void tst_PyroProxyBehaviour::serializerMismatch()
{
    PyroProxy proxy(uri());
    const PyroResult bad = proxy.call(u"wrongser"_s);
    QCOMPARE(bad.error().code(), Code::SerializeError);
    QCOMPARE(bad.error().message(), u"invalid serializer in response: 3"_s);
    QCOMPARE(proxy.state(), PyroProxy::State::Unconnected);
}

void tst_PyroProxyBehaviour::remoteCommunicationErrorCloses()
{
    PyroProxy proxy(uri());
    const PyroResult r = proxy.call(u"commerror"_s);
    QVERIFY(r.error().isRemote());
    QCOMPARE(r.error().code(), Code::SerializeError);
    QCOMPARE(r.error().message(), u"remote serialize trouble"_s);
    // Pyro5 drops the connection after any CommunicationError, remote ones too.
    QCOMPARE(proxy.state(), PyroProxy::State::Unconnected);
    QCOMPARE(proxy.call(u"echo"_s, {1}).value(), QVariant(1LL));
    QCOMPARE(m_daemon->run([this] { return (*m_daemon)->connections; }), 2);
}

void tst_PyroProxyBehaviour::retries_data()
{
    QTest::addColumn<int>("maxRetries");
    QTest::newRow("MAX_RETRIES=0") << 0;
    QTest::newRow("MAX_RETRIES=1") << 1;
}

void tst_PyroProxyBehaviour::retries()
{
    QFETCH(int, maxRetries);
    PyroProxy proxy(uri());
    proxy.setMaxRetries(maxRetries);
    const PyroResult r = proxy.call(u"flaky"_s, {u"x"_s}); // the first attempt loses its connection
    if (maxRetries == 0) {
        QCOMPARE(r.error().code(), Code::ConnectionClosed);
        QCOMPARE(m_daemon->run([this] { return (*m_daemon)->invokes(u"flaky"_s); }), 1);
    } else {
        QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
        QCOMPARE(r.value(), QVariant(u"x"_s));
        QCOMPARE(m_daemon->run([this] { return (*m_daemon)->invokes(u"flaky"_s); }), 2);
        QCOMPARE(m_daemon->run([this] { return (*m_daemon)->connections; }), 2);
    }
}

void tst_PyroProxyBehaviour::callTimeout()
{
    PyroProxy proxy(uri());
    proxy.setCallTimeout(300);
    QElapsedTimer clock;
    clock.start();
    const PyroResult r = proxy.call(u"silent"_s);
    QCOMPARE(r.error().code(), Code::Timeout);
    QCOMPARE(r.error().message(), u"receiving: timeout"_s);
    QVERIFY(clock.elapsed() >= 290);
    QVERIFY(clock.elapsed() < 5000);
    QCOMPARE(proxy.state(), PyroProxy::State::Unconnected); // a timeout closes (Pyro5)
    // A per-call timeout overrides the proxy's.
    const auto patient = PyroCallOptions().setTimeoutPolicy(PyroCallOptions::TimeoutPolicy::NoTimeout);
    QCOMPARE(proxy.call(u"echo"_s, {1}, {}, patient).value(), QVariant(1LL));
}

void tst_PyroProxyBehaviour::queuedCallTimeout()
{
    // A call that waits too long behind another one fails without being sent; the
    // connection and the call in flight are not affected.
    PyroProxy proxy(uri());
    std::unique_ptr<PyroCallReply> slow(proxy.asyncCall(u"slow"_s));
    const auto options = PyroCallOptions().setTimeout(std::chrono::milliseconds(100));
    std::unique_ptr<PyroCallReply> queued(proxy.asyncCall(u"echo"_s, {1}, {}, options));
    QVERIFY(queued->waitForFinished(QDeadlineTimer(5000)));
    QCOMPARE(queued->error().code(), Code::Timeout);
    QVERIFY(!slow->isFinished());
    QVERIFY(slow->waitForFinished(QDeadlineTimer(5000)));
    QCOMPARE(slow->value(), QVariant(u"slow done"_s));
    QCOMPARE(m_daemon->run([this] { return (*m_daemon)->invokes(u"echo"_s); }), 0);
}

void tst_PyroProxyBehaviour::manyQueuedCalls()
{
    // Thousands of queued async calls (with timeouts) go through in order, quickly.
    PyroProxy proxy(uri());
    proxy.setCallTimeout(30000);
    std::vector<std::unique_ptr<PyroCallReply>> replies;
    QElapsedTimer clock;
    clock.start();
    const int n = 3000;
    for (int i = 0; i < n; ++i)
        replies.emplace_back(proxy.asyncCall(u"echo"_s, {i}));
    QVERIFY(replies.back()->waitForFinished(QDeadlineTimer(30000)));
    for (int i = 0; i < n; ++i)
        QCOMPARE(replies.at(i)->value(), QVariant(qlonglong(i)));
    qInfo("%d queued calls in %lld ms", n, clock.elapsed());
}

void tst_PyroProxyBehaviour::reconnectFails()
{
    const PyroUri target = uri();
    m_daemon->run([this] { (*m_daemon)->closeServer(); });
    PyroProxy proxy(target);
    QSignalSpy errors(&proxy, &PyroProxy::errorOccurred);
    QElapsedTimer clock;
    clock.start();
    proxy.reconnect(2);
    QVERIFY(!proxy.waitForConnected(QDeadlineTimer(10000)));
    QVERIFY(clock.elapsed() >= 1900); // two attempts, 2 s apart
    QCOMPARE(errors.count(), 1);
    const PyroError e = errors.first().first().value<PyroError>();
    QCOMPARE(e.code(), Code::ConnectionClosed);
    QCOMPARE(e.message(), u"failed to reconnect"_s);
}

void tst_PyroProxyBehaviour::reconnectKeepsQueue()
{
    PyroProxy proxy(uri());
    QVERIFY(proxy.call(u"echo"_s, {1}).value() == QVariant(1LL));
    proxy.reconnect();
    std::unique_ptr<PyroCallReply> queued(proxy.asyncCall(u"echo"_s, {2}));
    QVERIFY(queued->waitForFinished(QDeadlineTimer(10000)));
    QCOMPARE(queued->value(), QVariant(2LL));
    QCOMPARE(m_daemon->run([this] { return (*m_daemon)->connections; }), 2);
}

void tst_PyroProxyBehaviour::unixSocket()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString old = QDir::currentPath();
    QDir::setCurrent(dir.path());
    // Relative: Pyro5 resolves it against the working directory.
    const QString name = u"qtpyro-%1.sock"_s.arg(QCoreApplication::applicationPid());
    QVERIFY(m_daemon->run([this, path = dir.filePath(name)] { return (*m_daemon)->listenLocal(path); }));
    {
        PyroProxy proxy(PyroUri(u"PYRO:obj@./u:"_s + name));
        QVERIFY(proxy.uri().isUnixSocket());
        const PyroResult r = proxy.call(u"echo"_s, {u"over a unix socket"_s});
        QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
        QCOMPARE(r.value(), QVariant(u"over a unix socket"_s));
    }
    QDir::setCurrent(old);
}

void tst_PyroProxyBehaviour::ipv6()
{
    ThreadedFakeDaemon daemon;
    if (!daemon.run([&daemon] { return daemon->listenTcp(QHostAddress(QHostAddress::LocalHostIPv6)); }))
        QSKIP("no IPv6 loopback here");
    const quint16 port = daemon.run([&daemon] { return daemon->port(); });
    const PyroUri uri(u"PYRO:obj@[::1]:%1"_s.arg(port));
    QCOMPARE(uri.host(), u"::1"_s);
    PyroProxy proxy(uri);
    const PyroResult r = proxy.call(u"echo"_s, {u"v6"_s});
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    QCOMPARE(r.value(), QVariant(u"v6"_s));
}

void tst_PyroProxyBehaviour::correlationId()
{
    const QUuid id = QUuid::createUuid();
    PyroProxy proxy(uri());
    {
        // Inside a daemon-invoked method the thread carries the request's id.
        PyroThreadContext::Scope scope(id);
        const PyroResult r = proxy.call(u"corrid"_s);
        QCOMPARE(r.value().toString(), id.toString(QUuid::WithoutBraces));
    }
    const auto connects = m_daemon->run([this] { return (*m_daemon)->ofType(PyroProtocol::MsgConnect); });
    QCOMPARE(connects.first().header.correlationId, id);
    QVERIFY(connects.first().header.flags & PyroProtocol::FlagCorrelationId);
    // Outside the scope: none.
    QCOMPARE(proxy.call(u"corrid"_s).value().toString(), QUuid().toString(QUuid::WithoutBraces));
    // The proxy's own setting, and a per-call one, win.
    const QUuid own = QUuid::createUuid();
    proxy.setCorrelationId(own);
    QCOMPARE(proxy.call(u"corrid"_s).value().toString(), own.toString(QUuid::WithoutBraces));
    const auto options = PyroCallOptions().setCorrelationId(id);
    QCOMPARE(proxy.call(u"corrid"_s, {}, {}, options).value().toString(), id.toString(QUuid::WithoutBraces));
}

void tst_PyroProxyBehaviour::annotations()
{
    PyroProxy proxy(uri());
    proxy.setAnnotations({{"XPRX", "proxy-wide"}});
    const auto options = PyroCallOptions().setAnnotation("XCLL", QByteArray("\x00\x01", 2));
    const PyroResult r = proxy.call(u"annotated"_s, {}, {}, options);
    const QVariantMap seen = r.value().toMap();
    QCOMPARE(seen.value(u"XPRX"_s).toString(), QString::fromLatin1(QByteArray("proxy-wide").toHex()));
    QCOMPARE(seen.value(u"XCLL"_s).toString(), u"0001"_s);
    QCOMPARE(r.annotations().value("XRSP"), QByteArray("response"));
    // Proxy annotations go with CONNECT too, never with PING.
    const auto connects = m_daemon->run([this] { return (*m_daemon)->ofType(PyroProtocol::MsgConnect); });
    QCOMPARE(connects.first().annotations.size(), 1);
    std::unique_ptr<PyroCallReply> ping(proxy.ping());
    QVERIFY(ping->waitForFinished(QDeadlineTimer(5000)));
    const auto pings = m_daemon->run([this] { return (*m_daemon)->ofType(PyroProtocol::MsgPing); });
    QVERIFY(pings.first().annotations.isEmpty());
    // A bad annotation id fails the call locally.
    const auto bad = PyroCallOptions().setAnnotation("TOOLONG", "x");
    QCOMPARE(proxy.call(u"echo"_s, {1}, {}, bad).error().message(),
             u"annotation identifier must be 4 ascii characters"_s);
    QCOMPARE(proxy.call(u"echo"_s, {1}).value(), QVariant(1LL));
}

void tst_PyroProxyBehaviour::metadataFetchedWhenMissing()
{
    m_daemon->run([this] { (*m_daemon)->sendMetadata = false; });
    PyroProxy proxy(uri());
    QCOMPARE(proxy.call(u"echo"_s, {1}).value(), QVariant(1LL));
    QVERIFY(proxy.methods().contains(u"echo"_s));
    QCOMPARE(m_daemon->run([this] { return (*m_daemon)->invokes(u"get_metadata"_s); }), 1);
    QCOMPARE(proxy.call(u"nosuch"_s).error().pythonClass(), u"builtins.AttributeError"_s);
}

void tst_PyroProxyBehaviour::attributes()
{
    PyroProxy proxy(uri());
    QCOMPARE(proxy.readAttribute(u"value"_s).value(), QVariant(42LL));
    QVERIFY(!proxy.writeAttribute(u"value"_s, 5).isError());
    QCOMPARE(proxy.readAttribute(u"value"_s).value(), QVariant(5LL));
    const int invokes = m_daemon->run([this] { return int((*m_daemon)->ofType(PyroProtocol::MsgInvoke).size()); });
    // Unknown names fail locally, with Pyro5's texts, without traffic.
    const QString where = proxy.uri().toString();
    QCOMPARE(proxy.readAttribute(u"nosuch"_s).error().message(),
             u"remote object '%1' has no exposed attribute or method 'nosuch'"_s.arg(where));
    QCOMPARE(proxy.readAttribute(u"echo"_s).error().message(),
             u"remote object '%1' has no exposed attribute 'echo'"_s.arg(where));
    QCOMPARE(proxy.writeAttribute(u"nosuch"_s, 1).error().message(),
             u"remote object '%1' has no exposed attribute 'nosuch'"_s.arg(where));
    QCOMPARE(proxy.call(u"nosuch"_s).error().message(),
             u"remote object '%1' has no exposed attribute or method 'nosuch'"_s.arg(where));
    QCOMPARE(m_daemon->run([this] { return int((*m_daemon)->ofType(PyroProtocol::MsgInvoke).size()); }), invokes);
    // kwargs are None for attribute access.
    const auto calls = m_daemon->run([this] { return (*m_daemon)->ofType(PyroProtocol::MsgInvoke); });
    QVERIFY(PyroValues::isNone(calls.first().call.kwargs));
}

void tst_PyroProxyBehaviour::oneway()
{
    PyroProxy proxy(uri());
    QVERIFY(proxy.waitForConnected(QDeadlineTimer(5000)));
    QElapsedTimer clock;
    clock.start();
    const PyroResult r = proxy.call(u"fire"_s, {1}); // oneway per metadata
    QVERIFY(!r.isError());
    QVERIFY(PyroValues::isNone(r.value()));
    proxy.callOneway(u"slow"_s); // forced oneway: nothing comes back, nothing waits
    QCOMPARE(proxy.call(u"echo"_s, {2}).value(), QVariant(2LL));
    QVERIFY(clock.elapsed() < m_daemon->run([this] { return (*m_daemon)->slowMs; }));
    const auto calls = m_daemon->run([this] { return (*m_daemon)->ofType(PyroProtocol::MsgInvoke); });
    QCOMPARE(calls.size(), 3);
    QVERIFY(calls.at(0).header.flags & PyroProtocol::FlagOneway);
    QVERIFY(calls.at(1).header.flags & PyroProtocol::FlagOneway);
    QVERIFY(!(calls.at(2).header.flags & PyroProtocol::FlagOneway));
    // Oneway calls use up sequence numbers.
    QCOMPARE(calls.at(0).header.seq, quint16(1));
    QCOMPARE(calls.at(2).header.seq, quint16(3));
    // Never: a @oneway method called normally waits for its (here: error) answer.
    const auto normal = PyroCallOptions().setOneway(PyroCallOptions::Oneway::Never);
    QVERIFY(proxy.call(u"fire"_s, {1}, {}, normal).isError());
}

void tst_PyroProxyBehaviour::streams()
{
    PyroProxy proxy(uri());
    // Async: fetchAll() emits every item, then finished().
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"generator"_s));
    QVERIFY(reply->waitForFinished(QDeadlineTimer(5000)));
    std::unique_ptr<PyroStream> stream(reply->takeStream());
    QVERIFY(stream);
    QVERIFY(!reply->takeStream()); // handed out once
    QSignalSpy items(stream.get(), &PyroStream::itemReceived);
    QSignalSpy done(stream.get(), &PyroStream::finished);
    stream->fetchAll();
    QTRY_COMPARE(done.count(), 1);
    QCOMPARE(items.count(), 3);
    QCOMPARE(items.at(2).first(), QVariant(u"three"_s));
    QVERIFY(!stream->error().isError());
    QVERIFY(stream->isFinished());
    QCOMPARE(m_daemon->run([this] { return int((*m_daemon)->closedStreams.size()); }), 0);

    // Blocking, dropped early: close_stream goes out (oneway).
    std::unique_ptr<PyroCallReply> blocking(proxy.asyncCall(u"generator"_s));
    QVERIFY(blocking->waitForFinished(QDeadlineTimer(5000)));
    std::unique_ptr<PyroStream> partial(blocking->takeStream());
    QCOMPARE(partial->next().value_or(QVariant()), QVariant(u"one"_s));
    const QString id = partial->streamId();
    partial.reset();
    QCOMPARE(proxy.call(u"echo"_s, {1}).value(), QVariant(1LL)); // after the close went out
    QCOMPARE(m_daemon->run([this] { return (*m_daemon)->closedStreams; }), QStringList{id});

    // A stream result nobody can take (blocking call()) is closed as well.
    QVERIFY(proxy.call(u"generator"_s).isStream());
    QCOMPARE(proxy.call(u"echo"_s, {2}).value(), QVariant(2LL));
    QCOMPARE(m_daemon->run([this] { return int((*m_daemon)->closedStreams.size()); }), 2);
}

void tst_PyroProxyBehaviour::ping()
{
    PyroProxy proxy(uri());
    std::unique_ptr<PyroCallReply> reply(proxy.ping());
    QVERIFY(reply->waitForFinished(QDeadlineTimer(5000)));
    QVERIFY(!reply->isError());
    QCOMPARE(proxy.call(u"echo"_s, {1}).value(), QVariant(1LL));
    const auto pings = m_daemon->run([this] { return (*m_daemon)->ofType(PyroProtocol::MsgPing); });
    QCOMPARE(pings.size(), 1);
    QCOMPARE(pings.first().header.seq, quint16(0));
    QCOMPARE(pings.first().header.serializerId, quint8(42));
    // PING does not use up a sequence number.
    const auto calls = m_daemon->run([this] { return (*m_daemon)->ofType(PyroProtocol::MsgInvoke); });
    QCOMPARE(calls.last().header.seq, quint16(1));
}

void tst_PyroProxyBehaviour::proxyAsArgument()
{
    PyroProxy proxy(uri());
    PyroProxy other(uri(u"other"_s));
    other.setHandshake(u"hi"_s);
    const PyroResult r = proxy.call(u"echo"_s, {QVariant::fromValue<QObject *>(&other)});
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    // It travels as Pyro5's Proxy class dict and comes back as an object reference...
    QCOMPARE(r.value().typeId(), qMetaTypeId<PyroObjectRef>());
    const PyroObjectRef ref = r.value().value<PyroObjectRef>();
    QCOMPARE(ref.uri(), other.uri());
    QCOMPARE(ref.handshake(), QVariant(u"hi"_s));
    // ...which is a usable proxy again.
    PyroProxy again(ref);
    QCOMPARE(again.uri(), other.uri());
    QCOMPARE(again.handshake(), QVariant(u"hi"_s));
    QCOMPARE(proxy.call(u"echo"_s, {QVariant::fromValue(proxy.toObjectRef())}).value().value<PyroObjectRef>().uri(),
             proxy.uri());
}

void tst_PyroProxyBehaviour::connectFailInMarshal()
{
    m_daemon->run([this] { (*m_daemon)->refuseWith = u"no free workers, increase server threadpool size"_s; });
    PyroProxy proxy(uri());
    proxy.setSerializer(u"json"_s);
    const PyroResult r = proxy.call(u"echo"_s, {1});
    QCOMPARE(r.error().code(), Code::CommunicationError);
    QCOMPARE(r.error().message(), u"connection to ('127.0.0.1', %1) rejected: no free workers, increase server threadpool size"_s
                                          .arg(proxy.uri().port()));
}

void tst_PyroProxyBehaviour::releaseFailsPending()
{
    PyroProxy proxy(uri());
    std::unique_ptr<PyroCallReply> a(proxy.asyncCall(u"silent"_s));
    std::unique_ptr<PyroCallReply> b(proxy.asyncCall(u"echo"_s, {1}));
    QTRY_COMPARE(m_daemon->run([this] { return (*m_daemon)->invokes(u"silent"_s); }), 1);
    proxy.release();
    QVERIFY(a->isFinished());
    QVERIFY(b->isFinished());
    QCOMPARE(a->error().message(), u"connection released"_s);
    QCOMPARE(b->error().message(), u"connection released"_s);
    QCOMPARE(proxy.state(), PyroProxy::State::Unconnected);
    QCOMPARE(proxy.call(u"echo"_s, {2}).value(), QVariant(2LL));
}

void tst_PyroProxyBehaviour::stateChanges()
{
    PyroProxy proxy(uri());
    QSignalSpy spy(&proxy, &PyroProxy::stateChanged);
    proxy.bind();
    QVERIFY(proxy.waitForConnected(QDeadlineTimer(5000)));
    proxy.release();
    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.at(0).first().value<PyroProxy::State>(), PyroProxy::State::Connecting);
    QCOMPARE(spy.at(1).first().value<PyroProxy::State>(), PyroProxy::State::Connected);
    QCOMPARE(spy.at(2).first().value<PyroProxy::State>(), PyroProxy::State::Unconnected);
}

void tst_PyroProxyBehaviour::workerThread()
{
    // Blocking calls from a worker thread that has no event loop at all.
    const PyroUri target = uri();
    QVariantList results;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        PyroProxy proxy(target);
        for (int i = 0; i < 20; ++i)
            results.append(proxy.call(u"echo"_s, {i}).value());
        std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"generator"_s));
        reply->waitForFinished();
        std::unique_ptr<PyroStream> stream(reply->takeStream());
        results.append(QVariant(stream->takeAll()));
    }));
    worker->start();
    QVERIFY(worker->wait(20000));
    QCOMPARE(results.size(), 21);
    QCOMPARE(results.at(19), QVariant(19LL));
    QCOMPARE(results.at(20).toList().size(), 3);
}

void tst_PyroProxyBehaviour::batchAsync()
{
    PyroProxy proxy(uri());
    PyroBatch batch(&proxy);
    batch.add(u"echo"_s, {1});
    batch.add(u"echo"_s, {u"two"_s});
    QCOMPARE(batch.size(), 2);
    std::unique_ptr<PyroCallReply> reply(batch.send());
    QCOMPARE(batch.size(), 0);
    QVERIFY(reply->waitForFinished(QDeadlineTimer(5000)));
    // The fake daemon does not know batches: the whole request fails remotely.
    QVERIFY(reply->isError());
    const auto calls = m_daemon->run([this] { return (*m_daemon)->ofType(PyroProtocol::MsgInvoke); });
    QCOMPARE(calls.last().call.method, u"<batch>"_s);
    QVERIFY(calls.last().header.flags & PyroProtocol::FlagBatch);
    QVERIFY(PyroValues::isNone(calls.last().call.kwargs));
    QCOMPARE(calls.last().call.args.size(), 2);
}

QTEST_GUILESS_MAIN(tst_PyroProxyBehaviour)
#include "tst_pyroproxybehaviour.moc"
