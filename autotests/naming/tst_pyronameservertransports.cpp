// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroNameServer and PyroNameServerProxy over each transport (tcp, unix, ssl:
// PyroTransportTestBase): register, lookup with metadata, list, remove, and a
// PYRONAME: proxy resolved through the name server.

#include "pyrotestcalls.h"
#include "pyrotransporttestbase.h"

#include "pyroclassmapping_p.h"
#include "pyrodaemon.h"
#include "pyronameserver.h"
#include "pyronameserverproxy.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
using PyroTest::callAndWait;
using Metadata = PyroNameServerProxy::Metadata;
using RegisterMode = PyroNameServerProxy::RegisterMode;

class Thing : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QString name() { return u"thing"_s; }
};

class tst_PyroNameServerTransports : public PyroTransportTestBase
{
    Q_OBJECT
private Q_SLOTS:
    void registry();
    void pyronameProxy();

private:
    static PyroResult wait(PyroCallReply *reply)
    {
        std::unique_ptr<PyroCallReply> owned(reply);
        QSignalSpy finished(reply, &PyroCallReply::finished);
        if (!finished.wait(20000))
            return PyroResult(PyroError(PyroError::Code::Timeout, u"test: no reply"_s));
        return reply->result();
    }
};

void tst_PyroNameServerTransports::registry()
{
    PyroNameServer ns(serverConfig());
    QVERIFY(start(ns));
    PyroNameServerProxy proxy(ns.uri(), clientConfig());
    const PyroUri thing(u"PYRO:thing@127.0.0.1:4000"_s);
    QVERIFY(!wait(proxy.registerName(u"t.thing"_s, thing, RegisterMode::Safe, {u"tag:x"_s})).isError());
    const PyroError taken = wait(proxy.registerName(u"t.thing"_s, thing, RegisterMode::Safe)).error();
    QCOMPARE(taken.code(), PyroError::Code::NamingError);
    QCOMPARE(wait(proxy.lookup(u"t.thing"_s)).value().value<PyroUri>(), thing);
    const QVariantList withMeta = PyroClassMapping::listItems(wait(proxy.lookup(u"t.thing"_s, Metadata::Included)).value());
    QCOMPARE(withMeta.size(), 2);
    QCOMPARE(PyroClassMapping::listItems(withMeta.at(1)), QVariantList{u"tag:x"_s});
    QCOMPARE(wait(proxy.list(u"t."_s)).value().toMap().keys(), QStringList{u"t.thing"_s});
    QCOMPARE(wait(proxy.remove(u"t.thing"_s)).value(), QVariant(1LL));
    QVERIFY(wait(proxy.list(u"t."_s)).value().toMap().isEmpty());
}

void tst_PyroNameServerTransports::pyronameProxy()
{
    PyroNameServer ns(serverConfig());
    QVERIFY(start(ns));
    // The object on the name server's own daemon (same transport).
    Thing thing;
    const PyroUri uri = ns.daemon()->registerObject(&thing, u"thing"_s);
    PyroNameServerProxy registrar(ns.uri(), clientConfig());
    QVERIFY(!wait(registrar.registerName(u"t.thing"_s, uri)).isError());

    const QString location = ns.uri().isUnixSocket() ? u"./u:"_s + ns.uri().socketPath() : ns.uri().host();
    const PyroUri byName = PyroUri::forName(u"t.thing"_s, location, ns.uri().port());
    PyroProxy proxy(byName, clientConfig());
    QSignalSpy uriChanged(&proxy, &PyroProxy::uriChanged);
    QCOMPARE(callAndWait(proxy, u"name"_s).value(), QVariant(u"thing"_s));
    QCOMPARE(proxy.resolvedUri(), uri);
    proxy.bind(); // connected already: the PYRONAME: uri is replaced by the PYRO: one
    QTRY_COMPARE(uriChanged.size(), 1);
    QCOMPARE(proxy.uri(), uri);
}

QTEST_MAIN(tst_PyroNameServerTransports)
#include "tst_pyronameservertransports.moc"
