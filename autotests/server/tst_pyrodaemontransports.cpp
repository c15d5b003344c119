// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroDaemon over each transport (tcp, unix, ssl: PyroTransportTestBase): what the call
// context tells about the client, connections counted and closed, oneway calls, delayed
// replies and errors. The daemon lives in the test's thread; calls go async.

#include "pyrotestcalls.h"
#include "pyrotransporttestbase.h"

#include "pyrocallcontext.h"
#include "pyrodaemon.h"
#include "pyroproxy.h"

#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using PyroTest::callAndWait;

class Peer : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QVariantMap whoAmI()
    {
        const PyroCallContext *context = PyroCallContext::current();
        return {{u"address"_s, context->clientAddress()},
                {u"port"_s, int(context->clientPort())},
                {u"certificate"_s, !context->peerCertificate().isNull()}};
    }
    PYRO_ONEWAY void remember(int value) { remembered = value; }
    int later(int value)
    {
        PyroDelayedReply reply = PyroCallContext::current()->delayReply();
        QTimer::singleShot(10, this, [reply, value]() mutable { reply.send(value * 2); });
        return 0;
    }
    void fail() { throw PyroException(u"builtins.KeyError"_s, u"nope"_s); }

public:
    int remembered = 0;
};

class tst_PyroDaemonTransports : public PyroTransportTestBase
{
    Q_OBJECT
private Q_SLOTS:
    void callContext();
    void onewayDelayedAndErrors();
    void connectionsCountedAndClosed();
};

void tst_PyroDaemonTransports::callContext()
{
    PyroDaemon daemon(serverConfig());
    QVERIFY(listen(daemon));
    Peer peer;
    PyroProxy proxy(daemon.registerObject(&peer, u"peer"_s), clientConfig());
    const PyroResult r = callAndWait(proxy, u"whoAmI"_s);
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    const QVariantMap who = r.value().toMap();
    if (transport() == Transport::Unix) {
        QCOMPARE(who.value(u"address"_s).toString(), daemon.location().mid(4)); // the socket path
        QCOMPARE(who.value(u"port"_s).toInt(), 0);
    } else {
        QVERIFY2(who.value(u"address"_s).toString() == u"127.0.0.1"_s || who.value(u"address"_s).toString() == u"::1"_s,
                 qPrintable(who.value(u"address"_s).toString()));
        QVERIFY(who.value(u"port"_s).toInt() > 0);
    }
    // No client certificate in any row (one-way TLS).
    QCOMPARE(who.value(u"certificate"_s).toBool(), false);
}

void tst_PyroDaemonTransports::onewayDelayedAndErrors()
{
    PyroDaemon daemon(serverConfig());
    QVERIFY(listen(daemon));
    Peer peer;
    PyroProxy proxy(daemon.registerObject(&peer, u"peer"_s), clientConfig());
    proxy.callOneway(u"remember"_s, {7});
    QTRY_COMPARE(peer.remembered, 7);
    QCOMPARE(callAndWait(proxy, u"later"_s, {21}).value(), QVariant(42LL));
    const PyroError error = callAndWait(proxy, u"fail"_s).error();
    QCOMPARE(error.remoteType(), u"builtins.KeyError"_s);
    QCOMPARE(error.message(), u"nope"_s);
}

void tst_PyroDaemonTransports::connectionsCountedAndClosed()
{
    PyroDaemon daemon(serverConfig());
    QVERIFY(listen(daemon));
    Peer peer;
    const PyroUri uri = daemon.registerObject(&peer, u"peer"_s);
    PyroProxy a(uri, clientConfig());
    PyroProxy b(uri, clientConfig());
    QVERIFY(!callAndWait(a, u"whoAmI"_s).isError());
    QVERIFY(!callAndWait(b, u"whoAmI"_s).isError());
    QTRY_COMPARE(daemon.connectionCount(), 2);
    a.release();
    QTRY_COMPARE(daemon.connectionCount(), 1);
    // The released proxy connects again on its next call.
    QVERIFY(!callAndWait(a, u"whoAmI"_s).isError());
    QTRY_COMPARE(daemon.connectionCount(), 2);
}

QTEST_MAIN(tst_PyroDaemonTransports)
#include "tst_pyrodaemontransports.moc"
