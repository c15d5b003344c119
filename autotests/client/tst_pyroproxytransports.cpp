// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroProxy's connection behaviour over each transport (tcp, unix, ssl:
// PyroTransportTestBase), against a QtPyro daemon in the test's thread: connect on first
// use, state changes, ping, calls queued in order, per-call timeouts, release and
// reconnect, a daemon that goes away.

#include "pyrotestcalls.h"
#include "pyrotransporttestbase.h"

#include "pyrocallcontext.h"
#include "pyrodaemon.h"
#include "pyroproxy.h"

#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using PyroTest::callAndWait;
using Code = PyroError::Code;

class Target : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    int echo(int value) { return value; }
    int slow(int value)
    {
        PyroDelayedReply reply = PyroCallContext::current()->delayReply();
        QTimer::singleShot(2000, this, [reply, value]() mutable { reply.send(value); });
        return 0;
    }
};

class tst_PyroProxyTransports : public PyroTransportTestBase
{
    Q_OBJECT
private Q_SLOTS:
    void connectsOnFirstUse();
    void callsInOrder();
    void perCallTimeout();
    void releaseAndReconnect();
    void daemonGone();
};

void tst_PyroProxyTransports::connectsOnFirstUse()
{
    PyroDaemon daemon(serverConfig());
    QVERIFY(listen(daemon));
    Target target;
    PyroProxy proxy(daemon.registerObject(&target, u"target"_s), clientConfig());
    QSignalSpy states(&proxy, &PyroProxy::stateChanged);
    QCOMPARE(proxy.state(), PyroProxy::State::Unconnected);
    std::unique_ptr<PyroCallReply> ping(proxy.ping());
    QSignalSpy finished(ping.get(), &PyroCallReply::finished);
    QVERIFY(finished.wait(20000));
    QVERIFY2(!ping->isError(), qPrintable(ping->error().toString()));
    QCOMPARE(proxy.state(), PyroProxy::State::Connected);
    QCOMPARE(states.first().first().value<PyroProxy::State>(), PyroProxy::State::Connecting);
    QCOMPARE(states.last().first().value<PyroProxy::State>(), PyroProxy::State::Connected);
    QVERIFY(proxy.methods().contains(u"echo"_s));
}

void tst_PyroProxyTransports::callsInOrder()
{
    PyroDaemon daemon(serverConfig());
    QVERIFY(listen(daemon));
    Target target;
    PyroProxy proxy(daemon.registerObject(&target, u"target"_s), clientConfig());
    std::vector<std::unique_ptr<PyroCallReply>> replies;
    QList<int> order;
    for (int i = 0; i < 20; ++i) {
        replies.emplace_back(proxy.asyncCall(u"echo"_s, {i}));
        PyroCallReply *reply = replies.back().get();
        connect(reply, &PyroCallReply::finished, this, [reply, &order] { order.append(reply->value().toInt()); });
    }
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 20, 20000);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(order.at(i), i);
}

void tst_PyroProxyTransports::perCallTimeout()
{
    PyroDaemon daemon(serverConfig());
    QVERIFY(listen(daemon));
    Target target;
    PyroProxy proxy(daemon.registerObject(&target, u"target"_s), clientConfig());
    QCOMPARE(callAndWait(proxy, u"echo"_s, {1}).value(), QVariant(1LL)); // connected
    std::unique_ptr<PyroCallReply> reply(
            proxy.asyncCall(u"slow"_s, {2}, {}, PyroCallOptions().setTimeout(200ms)));
    QSignalSpy finished(reply.get(), &PyroCallReply::finished);
    QVERIFY(finished.wait(20000));
    QCOMPARE(reply->error().code(), Code::Timeout);
    // A timeout closes the connection (Pyro5); the next call connects again.
    QCOMPARE(callAndWait(proxy, u"echo"_s, {3}).value(), QVariant(3LL));
}

void tst_PyroProxyTransports::releaseAndReconnect()
{
    PyroDaemon daemon(serverConfig());
    QVERIFY(listen(daemon));
    Target target;
    PyroProxy proxy(daemon.registerObject(&target, u"target"_s), clientConfig());
    QCOMPARE(callAndWait(proxy, u"echo"_s, {1}).value(), QVariant(1LL));
    proxy.release();
    QCOMPARE(proxy.state(), PyroProxy::State::Unconnected);
    QCOMPARE(callAndWait(proxy, u"echo"_s, {2}).value(), QVariant(2LL));
    QSignalSpy states(&proxy, &PyroProxy::stateChanged);
    proxy.reconnect();
    QTRY_COMPARE_WITH_TIMEOUT(proxy.state(), PyroProxy::State::Connected, 20000);
    QCOMPARE(callAndWait(proxy, u"echo"_s, {3}).value(), QVariant(3LL));
}

void tst_PyroProxyTransports::daemonGone()
{
    auto daemon = std::make_unique<PyroDaemon>(serverConfig());
    QVERIFY(listen(*daemon));
    Target target;
    PyroProxy proxy(daemon->registerObject(&target, u"target"_s), clientConfig());
    QCOMPARE(callAndWait(proxy, u"echo"_s, {1}).value(), QVariant(1LL));
    QSignalSpy errors(&proxy, &PyroProxy::errorOccurred);
    daemon.reset();
    QTRY_COMPARE_WITH_TIMEOUT(proxy.state(), PyroProxy::State::Unconnected, 20000);
    const PyroError error = callAndWait(proxy, u"echo"_s, {2}).error();
    QVERIFY2(error.is(Code::CommunicationError), qPrintable(error.toString()));
}

QTEST_MAIN(tst_PyroProxyTransports)
#include "tst_pyroproxytransports.moc"
