// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The PyroCallReply contract: finished() exactly once, always queued, whatever happens
// to the call; replies may be deleted early; async calls never block the event loop.

#include "fakedaemon.h"

#include "pyrocallreply.h"
#include "pyroproxy.h"
#include "pyrostream.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;

class tst_PyroCallReply : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void finishedOnce_data();
    void finishedOnce();
    void deletedEarly_data();
    void deletedEarly();
    void proxyDestroyed();
    void abort();
    void immediateFailureIsQueued_data();
    void immediateFailureIsQueued();
    void eventLoopKeepsRunning();
    void future();
    void autoDelete();
    void waitForFinished();

private:
    PyroUri uri(const QString &object = u"obj"_s) const
    {
        return PyroUri::forTcp(object, u"127.0.0.1"_s, m_daemon->port());
    }
    // No further emission may come after the first one: give queued events every chance.
    static void settle()
    {
        for (int i = 0; i < 10; ++i)
            QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    std::unique_ptr<FakeDaemon> m_daemon;
};

void tst_PyroCallReply::init()
{
    m_daemon = std::make_unique<FakeDaemon>();
    QVERIFY(m_daemon->listenTcp());
}

void tst_PyroCallReply::cleanup()
{
    m_daemon.reset();
}

void tst_PyroCallReply::finishedOnce_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<int>("timeout");
    QTest::addColumn<int>("expectedCode");
    QTest::addColumn<QString>("expectedMessage");
    using C = PyroError::Code;
    QTest::newRow("success") << u"echo"_s << -1 << int(C::NoError) << QString();
    QTest::newRow("remote error") << u"error"_s << -1 << int(C::RemoteException) << u"boom"_s;
    QTest::newRow("timeout") << u"silent"_s << 200 << int(C::Timeout) << u"receiving: timeout"_s;
    QTest::newRow("connection loss") << u"drop"_s << -1 << int(C::ConnectionClosed) << u"connection closed by the peer (receiving: not enough data)"_s;
    QTest::newRow("unknown method (local)") << u"nosuch"_s << -1 << int(C::RemoteException)
                                            << u"remote object 'PYRO:obj@127.0.0.1:%1' has no exposed attribute or method 'nosuch'"_s;
    QTest::newRow("stream") << u"generator"_s << -1 << int(C::NoError) << QString();
}

void tst_PyroCallReply::finishedOnce()
{
    QFETCH(QString, method);
    QFETCH(int, timeout);
    QFETCH(int, expectedCode);
    QFETCH(QString, expectedMessage);

    PyroProxy proxy(uri());
    QSignalSpy proxySpy(&proxy, &PyroProxy::finished);
    PyroCallOptions options; // -1: the proxy's timeout
    if (timeout >= 0)
        options.setTimeout(std::chrono::milliseconds(timeout));
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(method, {u"payload"_s}, {}, options));
    QSignalSpy spy(reply.get(), &PyroCallReply::finished);
    QCOMPARE(spy.count(), 0); // never from inside asyncCall()
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
    QVERIFY(reply->isFinished());
    QCOMPARE(proxySpy.count(), 1);
    QCOMPARE(proxySpy.first().first().value<PyroCallReply *>(), reply.get());
    QCOMPARE(int(reply->error().code()), expectedCode);
    if (!expectedMessage.isEmpty())
        QCOMPARE(reply->error().message(), expectedMessage.contains(u"%1"_s) ? expectedMessage.arg(m_daemon->port())
                                                                              : expectedMessage);
    if (method == u"echo")
        QCOMPARE(reply->value(), QVariant(u"payload"_s));
    if (method == u"generator")
        QVERIFY(reply->isStream());
    if (method == u"error") {
        QVERIFY(reply->error().isRemote());
        QCOMPARE(reply->error().remoteType(), u"builtins.ValueError"_s);
    }
    settle();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(proxySpy.count(), 1);

    // The proxy is still usable afterwards (reconnecting if the call broke the connection).
    std::unique_ptr<PyroCallReply> next(proxy.asyncCall(u"echo"_s, {2}));
    QSignalSpy nextSpy(next.get(), &PyroCallReply::finished);
    QTRY_COMPARE(nextSpy.count(), 1);
    QCOMPARE(next->value(), QVariant(2LL));
}

void tst_PyroCallReply::deletedEarly_data()
{
    QTest::addColumn<QString>("method");
    QTest::newRow("in flight") << u"slow"_s;
    QTest::newRow("stream") << u"generator"_s;
}

void tst_PyroCallReply::deletedEarly()
{
    QFETCH(QString, method);
    PyroProxy proxy(uri());
    QSignalSpy proxySpy(&proxy, &PyroProxy::finished);
    m_daemon->slowMs = 100;
    delete proxy.asyncCall(method);
    // The call still completes on the wire; its answer is dropped without a crash.
    std::unique_ptr<PyroCallReply> next(proxy.asyncCall(u"echo"_s, {u"after"_s}));
    QSignalSpy spy(next.get(), &PyroCallReply::finished);
    QTRY_COMPARE(spy.count(), 1);
    QCOMPARE(next->value(), QVariant(u"after"_s));
    QCOMPARE(m_daemon->invokes(method), 1);
    QCOMPARE(proxySpy.count(), 1); // only the surviving reply
    if (method == u"generator") {
        // A stream nobody will read is closed on the daemon.
        QTRY_COMPARE(m_daemon->closedStreams.size(), 1);
    }
}

void tst_PyroCallReply::proxyDestroyed()
{
    auto proxy = std::make_unique<PyroProxy>(uri());
    std::unique_ptr<PyroCallReply> inFlight(proxy->asyncCall(u"slow"_s));
    std::unique_ptr<PyroCallReply> queued(proxy->asyncCall(u"echo"_s, {1}));
    QSignalSpy spy1(inFlight.get(), &PyroCallReply::finished);
    QSignalSpy spy2(queued.get(), &PyroCallReply::finished);
    QTRY_COMPARE(m_daemon->invokes(u"slow"_s), 1);
    proxy.reset();
    QCOMPARE(spy1.count(), 0);
    QTRY_COMPARE(spy1.count(), 1);
    QTRY_COMPARE(spy2.count(), 1);
    QCOMPARE(inFlight->error().code(), PyroError::Code::ConnectionClosed);
    QCOMPARE(queued->error().code(), PyroError::Code::ConnectionClosed);
    QVERIFY(!inFlight->waitForFinished(QDeadlineTimer(10)) || inFlight->isFinished());
    settle();
    QCOMPARE(spy1.count(), 1);
    QCOMPARE(spy2.count(), 1);
}

void tst_PyroCallReply::abort()
{
    PyroProxy proxy(uri());
    std::unique_ptr<PyroCallReply> inFlight(proxy.asyncCall(u"slow"_s));
    std::unique_ptr<PyroCallReply> queued(proxy.asyncCall(u"echo"_s, {1}));
    QSignalSpy spy1(inFlight.get(), &PyroCallReply::finished);
    QSignalSpy spy2(queued.get(), &PyroCallReply::finished);
    QTRY_COMPARE(m_daemon->invokes(u"slow"_s), 1);
    inFlight->abort();
    queued->abort();
    inFlight->abort(); // harmless
    QCOMPARE(spy1.count(), 0);
    QTRY_COMPARE(spy1.count(), 1);
    QTRY_COMPARE(spy2.count(), 1);
    QCOMPARE(inFlight->error().message(), u"call aborted"_s);
    QCOMPARE(queued->error().message(), u"call aborted"_s);
    // The aborted queued call never went out; the late answer of the other is dropped.
    std::unique_ptr<PyroCallReply> next(proxy.asyncCall(u"echo"_s, {3}));
    QSignalSpy spy3(next.get(), &PyroCallReply::finished);
    QTRY_COMPARE(spy3.count(), 1);
    QCOMPARE(next->value(), QVariant(3LL));
    QCOMPARE(m_daemon->invokes(u"echo"_s), 1);
    settle();
    QCOMPARE(spy1.count(), 1);
    QCOMPARE(spy2.count(), 1);
}

void tst_PyroCallReply::immediateFailureIsQueued_data()
{
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<int>("code");
    QTest::newRow("invalid uri") << u"nonsense"_s << u"serpent"_s << int(PyroError::Code::PyroError);
    QTest::newRow("refused") << u"PYRO:obj@127.0.0.1:1"_s << u"serpent"_s << int(PyroError::Code::CommunicationError);
    QTest::newRow("unknown serializer") << QString() << u"pickle"_s << int(PyroError::Code::SerializeError);
}

void tst_PyroCallReply::immediateFailureIsQueued()
{
    QFETCH(QString, uri);
    QFETCH(QString, serializer);
    QFETCH(int, code);
    PyroProxy proxy(uri.isEmpty() ? this->uri() : PyroUri(uri));
    proxy.setSerializer(serializer);
    QSignalSpy errors(&proxy, &PyroProxy::errorOccurred);
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"echo"_s, {1}));
    QSignalSpy spy(reply.get(), &PyroCallReply::finished);
    QCOMPARE(spy.count(), 0);
    QTRY_COMPARE(spy.count(), 1);
    QCOMPARE(int(reply->error().code()), code);
    QVERIFY(!errors.isEmpty()); // connection trouble is reported on the proxy too
    settle();
    QCOMPARE(spy.count(), 1);
}

void tst_PyroCallReply::eventLoopKeepsRunning()
{
    // A GUI-thread async call: a timer keeps firing while a slow call is in flight.
    m_daemon->slowMs = 600;
    PyroProxy proxy(uri());
    int ticks = 0;
    QTimer timer;
    timer.setInterval(10);
    connect(&timer, &QTimer::timeout, this, [&ticks] { ++ticks; });
    timer.start();
    QElapsedTimer clock;
    clock.start();
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"slow"_s));
    QVERIFY(clock.elapsed() < 100);
    QSignalSpy spy(reply.get(), &PyroCallReply::finished);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
    QCOMPARE(reply->value(), QVariant(u"slow done"_s));
    QVERIFY2(ticks >= 20, qPrintable(u"only %1 timer ticks during a 600 ms call"_s.arg(ticks)));
}

void tst_PyroCallReply::future()
{
    PyroProxy proxy(uri());
    QFuture<QVariant> ok = proxy.futureCall(u"echo"_s, {u"x"_s});
    QFuture<QVariant> bad = proxy.futureCall(u"error"_s);
    QTRY_VERIFY(ok.isFinished());
    QTRY_VERIFY(bad.isFinished());
    QCOMPARE(ok.result(), QVariant(u"x"_s));
    bool thrown = false;
    try {
        bad.waitForFinished();
        bad.result();
    } catch (const PyroException &e) {
        thrown = true;
        QCOMPARE(e.error().remoteType(), u"builtins.ValueError"_s);
    }
    QVERIFY(thrown);

    // Asked for after the call finished.
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"echo"_s, {5}));
    QTRY_VERIFY(reply->isFinished());
    QFuture<QVariant> late = reply->future();
    QVERIFY(late.isFinished());
    QCOMPARE(late.result(), QVariant(5LL));
}

void tst_PyroCallReply::autoDelete()
{
    PyroProxy proxy(uri());
    proxy.setAutoDeleteReplies(true);
    QPointer<PyroCallReply> reply = proxy.asyncCall(u"echo"_s, {1});
    QSignalSpy spy(reply.data(), &PyroCallReply::finished);
    QTRY_COMPARE(spy.count(), 1);
    QTRY_VERIFY(reply.isNull());
}

void tst_PyroCallReply::waitForFinished()
{
    PyroProxy proxy(uri());
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"echo"_s, {7}));
    QSignalSpy spy(reply.get(), &PyroCallReply::finished);
    // The daemon lives in this thread: it cannot answer while we block, so the wait
    // runs into its deadline (and returns).
    QVERIFY(!reply->waitForFinished(QDeadlineTimer(100)));
    QTRY_COMPARE(spy.count(), 1);
    QVERIFY(reply->waitForFinished(QDeadlineTimer(0)));
    QCOMPARE(reply->value(), QVariant(7LL));
}

QTEST_GUILESS_MAIN(tst_PyroCallReply)
#include "tst_pyrocallreply.moc"
