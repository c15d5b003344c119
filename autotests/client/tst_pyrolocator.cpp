// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroLocator (locate_ns) and PYRONAME/PYROMETA resolution. Loopback only: broadcasts
// go to 127.0.0.1 (never 255.255.255.255).

#include "fakedaemon.h"
#include "pyrotestprocess.h"
#include "pyroreplaypeer.h"

#include "pyrocallreply.h"
#include "pyrolocator.h"
#include "pyronameserverproxy.h"
#include "pyroproxy.h"
#include "pyrotestvectors.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtNetwork/QNetworkDatagram>
#include <QtNetwork/QUdpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Code = PyroError::Code;

namespace {

// A configuration that can only find what the test sets up.
PyroConfig isolatedConfig(quint16 nsPort, quint16 bcPort)
{
    PyroConfig config = PyroConfig::global();
    config.setNsHost(u"127.0.0.1"_s);
    config.setNsPort(nsPort);
    config.setNsBroadcastPort(bcPort);
    config.setBroadcastAddresses({u"127.0.0.1"_s});
    config.setPreferIpVersion(0);
    return config;
}

} // namespace

class tst_PyroLocator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void broadcastTranscript();
    void nothingFound();
    void explicitHost();
    void loopbackNsHost();
    void resolve();
    void pyronameProxyBinds();
    void pyronameAsync();
    void pyrometa();
    void lookupDelay();
};

void tst_PyroLocator::broadcastTranscript()
{
    // vectors: broadcast_locate. The direct attempt at NS_HOST:NS_PORT fails, the UDP
    // request is answered with the name server's URI, then ping() on it.
    QJsonObject session;
    for (const QJsonValue &v : PyroTestVectors::loadManifest(u"transcripts.json"_s).value(u"sessions"_s).toArray()) {
        if (v.toObject().value(u"name"_s) == u"broadcast_locate"_s)
            session = v.toObject();
    }
    QVERIFY(!session.isEmpty());
    const QJsonArray udp = session.value(u"udp"_s).toArray();
    const QByteArray request = PyroTestVectors::readVectorFile(udp.at(0).toObject().value(u"file"_s).toString());

    ReplayPeer peer(session);
    QVERIFY(peer.start());
    QUdpSocket responder;
    QVERIFY(responder.bind(QHostAddress::LocalHost, 0));
    QByteArray seen;
    connect(&responder, &QUdpSocket::readyRead, this, [&] {
        while (responder.hasPendingDatagrams()) {
            const QNetworkDatagram d = responder.receiveDatagram();
            seen = d.data();
            // The recorded answer, with our name server's address.
            const QByteArray answer = u"PYRO:Pyro.NameServer@127.0.0.1:%1"_s.arg(peer.port(u"ns"_s)).toLatin1();
            responder.writeDatagram(answer, d.senderAddress(), quint16(d.senderPort()));
        }
    });

    PyroLocator locator(isolatedConfig(freeTcpPort(), responder.localPort()));
    QSignalSpy finished(&locator, &PyroLocator::finished);
    locator.locate();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QCOMPARE(seen, request);
    QVERIFY2(!locator.error().isError(), qPrintable(locator.error().toString()));
    QCOMPARE(locator.nameServerUri().toString(), u"PYRO:Pyro.NameServer@127.0.0.1:%1"_s.arg(peer.port(u"ns"_s)));
    std::unique_ptr<PyroNameServerProxy> ns(locator.takeNameServer());
    QVERIFY(ns);
    QCOMPARE(ns->proxy()->state(), PyroProxy::State::Unconnected); // found by broadcast: not connected yet
    std::unique_ptr<PyroCallReply> ping(ns->ping());
    QVERIFY(ping->waitForFinished(QDeadlineTimer(10000)));
    QVERIFY2(!ping->isError(), qPrintable(ping->error().toString()));
    ns.reset();
    QVERIFY2(peer.problems().isEmpty(), qPrintable(peer.problems().join(u'\n')));
    QVERIFY2(peer.unreceived().isEmpty(), qPrintable(peer.unreceived().join(u", "_s)));
}

void tst_PyroLocator::nothingFound()
{
    QUdpSocket silent; // receives the broadcasts, never answers
    QVERIFY(silent.bind(QHostAddress::LocalHost, 0));
    int requests = 0;
    connect(&silent, &QUdpSocket::readyRead, this, [&] {
        while (silent.hasPendingDatagrams()) {
            silent.receiveDatagram();
            ++requests;
        }
    });
    PyroLocator locator(isolatedConfig(freeTcpPort(), silent.localPort()));
    QSignalSpy finished(&locator, &PyroLocator::finished);
    QElapsedTimer clock;
    clock.start();
    locator.locate();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
    // Three rounds of 0.7 s each before the last direct attempt.
    QVERIFY(clock.elapsed() >= 2000);
    QCOMPARE(requests, 3);
    QCOMPARE(locator.error().code(), Code::NamingError);
    QCOMPARE(locator.error().message(), u"Failed to locate the nameserver"_s);
    QVERIFY(!locator.takeNameServer());

    // Blocking, no broadcast.
    PyroError error;
    const PyroUri uri = PyroLocator::locateNameServer(&error, QString(), 0, PyroLocator::Broadcast::Disabled,
                                                      isolatedConfig(freeTcpPort(), silent.localPort()));
    QVERIFY(!uri.isValid());
    QCOMPARE(error.code(), Code::NamingError);
}

void tst_PyroLocator::explicitHost()
{
    FakeDaemon daemon;
    QVERIFY(daemon.listenTcp());
    PyroLocator locator;
    locator.locate(u"127.0.0.1"_s, daemon.port());
    QTRY_VERIFY(locator.isFinished());
    QVERIFY(!locator.error().isError());
    QCOMPARE(locator.nameServerUri().object(), u"Pyro.NameServer"_s);
    std::unique_ptr<PyroNameServerProxy> ns(locator.takeNameServer());
    QCOMPARE(ns->proxy()->state(), PyroProxy::State::Connected);
    QCOMPARE(daemon.received.first().connectData.toMap().value(u"object"_s), QVariant(u"Pyro.NameServer"_s));

    // An explicit host that does not answer: no broadcast, straight to the error.
    QElapsedTimer clock;
    clock.start();
    PyroLocator failing;
    failing.locate(u"127.0.0.1"_s, freeTcpPort());
    QTRY_VERIFY(failing.isFinished());
    QCOMPARE(failing.error().message(), u"Failed to locate the nameserver"_s);
    QVERIFY(clock.elapsed() < 2000);

    // Unix socket name servers are addressed as ./u:path.
    QCOMPARE(PyroNameServerProxy::uriFor(u"./u:/tmp/ns.sock"_s).toString(), u"PYRO:Pyro.NameServer@./u:/tmp/ns.sock"_s);
    QCOMPARE(PyroNameServerProxy::uriFor(u"::1"_s, 9999).toString(), u"PYRO:Pyro.NameServer@[::1]:9999"_s);
}

void tst_PyroLocator::loopbackNsHost()
{
    // NS_HOST on loopback: tried directly first, no broadcast needed.
    FakeDaemon daemon;
    QVERIFY(daemon.listenTcp());
    PyroConfig config = isolatedConfig(daemon.port(), 9); // broadcasts would go nowhere
    PyroLocator locator(config);
    QElapsedTimer clock;
    clock.start();
    locator.locate();
    QTRY_VERIFY(locator.isFinished());
    QVERIFY2(!locator.error().isError(), qPrintable(locator.error().toString()));
    QVERIFY(clock.elapsed() < 700);
    QCOMPARE(locator.nameServerUri().port(), int(daemon.port()));
}

void tst_PyroLocator::resolve()
{
    PyroError error;
    const PyroUri direct(u"PYRO:obj@127.0.0.1:1"_s);
    QCOMPARE(PyroLocator::resolve(direct, &error), direct);
    QVERIFY(!error.isError());
    QVERIFY(!PyroLocator::resolve(PyroUri(u"nonsense"_s), &error).isValid());
    QVERIFY(error.isError());

    // Blocking resolution needs the name server on another thread.
    ThreadedFakeDaemon ns;
    QVERIFY(ns.run([&ns] { return ns->listenTcp(); }));
    const quint16 port = ns.run([&ns] { return ns->port(); });
    const PyroUri target = PyroUri::forTcp(u"obj"_s, u"127.0.0.1"_s, port);
    ns.run([&ns, target] { ns->lookupResult = QVariant::fromValue(target); });
    const PyroUri resolved = PyroLocator::resolve(PyroUri::forName(u"my.obj"_s, u"127.0.0.1"_s, port), &error);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(resolved, target);
    // Pyro5's resolve(): lookup(name, 0.0), positional.
    const auto calls = ns.run([&ns] { return ns->ofType(PyroProtocol::MsgInvoke); });
    QCOMPARE(calls.last().call.method, u"lookup"_s);
    QCOMPARE(calls.last().call.args, (QVariantList{u"my.obj"_s, 0.0}));

    ns.run([&ns] { ns->lookupFailures = 1; });
    PyroLocator::resolve(PyroUri::forName(u"missing"_s, u"127.0.0.1"_s, port), &error);
    QCOMPARE(error.code(), Code::NamingError);
    QCOMPARE(error.message(), u"unknown name: missing"_s);
}

void tst_PyroLocator::pyronameProxyBinds()
{
    ThreadedFakeDaemon daemon; // name server and object in one
    QVERIFY(daemon.run([&daemon] { return daemon->listenTcp(); }));
    const quint16 port = daemon.run([&daemon] { return daemon->port(); });
    const PyroUri target = PyroUri::forTcp(u"obj"_s, u"127.0.0.1"_s, port);
    daemon.run([&daemon, target] { daemon->lookupResult = QVariant::fromValue(target); });

    const PyroUri name = PyroUri::forName(u"my.obj"_s, u"127.0.0.1"_s, port);
    PyroProxy proxy(name);
    QCOMPARE(proxy.call(u"echo"_s, {1}).value(), QVariant(1LL));
    QCOMPARE(proxy.uri(), name); // a call does not replace the URI...
    QCOMPARE(proxy.resolvedUri(), target);
    // ...bind() does (Pyro5's _pyroBind()).
    proxy.release();
    proxy.bind();
    QVERIFY(proxy.waitForConnected(QDeadlineTimer(10000)));
    QCOMPARE(proxy.uri(), target);
    // Every (re)connect of a PYRONAME proxy asked the name server: 2 NS connections so far.
    const auto connects = daemon.run([&daemon] { return daemon->ofType(PyroProtocol::MsgConnect); });
    int nsConnects = 0;
    for (const auto &c : connects)
        nsConnects += c.connectData.toMap().value(u"object"_s) == QVariant(u"Pyro.NameServer"_s);
    QCOMPARE(nsConnects, 2);
}

void tst_PyroLocator::pyronameAsync()
{
    // The whole chain (locate, lookup, connect, call) driven by the event loop.
    FakeDaemon daemon;
    QVERIFY(daemon.listenTcp());
    daemon.lookupResult = QVariant::fromValue(PyroUri::forTcp(u"obj"_s, u"127.0.0.1"_s, daemon.port()));
    PyroProxy proxy(PyroUri::forName(u"my.obj"_s, u"127.0.0.1"_s, daemon.port()));
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"echo"_s, {u"async"_s}));
    QSignalSpy spy(reply.get(), &PyroCallReply::finished);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
    QVERIFY2(!reply->isError(), qPrintable(reply->error().toString()));
    QCOMPARE(reply->value(), QVariant(u"async"_s));

    // A name the server does not know fails the call with its NamingError.
    daemon.lookupFailures = 1;
    proxy.release();
    std::unique_ptr<PyroCallReply> failed(proxy.asyncCall(u"echo"_s, {1}));
    QSignalSpy spy2(failed.get(), &PyroCallReply::finished);
    QTRY_COMPARE_WITH_TIMEOUT(spy2.count(), 1, 10000);
    QCOMPARE(failed->error().code(), Code::NamingError);
}

void tst_PyroLocator::pyrometa()
{
    ThreadedFakeDaemon ns;
    QVERIFY(ns.run([&ns] { return ns->listenTcp(); }));
    const quint16 port = ns.run([&ns] { return ns->port(); });
    PyroError error;
    PyroLocator::resolve(PyroUri::forMetadata({u"tag:b"_s}, u"127.0.0.1"_s, port), &error);
    QCOMPARE(error.code(), Code::NamingError);
    QCOMPARE(error.message(), u"no registrations available with desired metadata properties {'tag:b'}"_s);
    const auto calls = ns.run([&ns] { return ns->ofType(PyroProtocol::MsgInvoke); });
    // yplookup(tags, None, False), positional, tags as a set.
    QCOMPARE(calls.last().call.method, u"yplookup"_s);
    QCOMPARE(calls.last().call.args.size(), 3);
    QCOMPARE(calls.last().call.args.at(0).value<PyroSet>(), PyroSet{u"tag:b"_s});
    QVERIFY(PyroValues::isNone(calls.last().call.args.at(1)));
    QCOMPARE(calls.last().call.args.at(2), QVariant(false));

    ns.run([&ns] { ns->yplookupResult = QVariantMap{{u"a"_s, u"PYRO:a@127.0.0.1:1"_s}}; });
    const PyroUri uri = PyroLocator::resolve(PyroUri::forMetadata({u"tag:b"_s}, u"127.0.0.1"_s, port), &error);
    QVERIFY(!error.isError());
    QCOMPARE(uri.toString(), u"PYRO:a@127.0.0.1:1"_s);
}

void tst_PyroLocator::lookupDelay()
{
    // NS_LOOKUP_DELAY: the name may appear a little later; lookups are repeated meanwhile.
    ThreadedFakeDaemon ns;
    QVERIFY(ns.run([&ns] { return ns->listenTcp(); }));
    const quint16 port = ns.run([&ns] { return ns->port(); });
    ns.run([&ns, port] {
        ns->lookupFailures = 2;
        ns->lookupResult = QVariant::fromValue(PyroUri::forTcp(u"obj"_s, u"127.0.0.1"_s, port));
    });
    PyroConfig config = PyroConfig::global();
    config.setNsLookupDelay(3.0);
    PyroError error;
    const PyroUri uri = PyroLocator::resolve(PyroUri::forName(u"late"_s, u"127.0.0.1"_s, port), &error, config);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(uri.object(), u"obj"_s);
    QCOMPARE(ns.run([&ns] { return ns->invokes(u"lookup"_s); }), 3);
}

QTEST_GUILESS_MAIN(tst_PyroLocator)
#include "tst_pyrolocator.moc"
