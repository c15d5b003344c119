// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Pyro5's `server.addworker(handler)`: an object registered with a daemon, passed as a
// call argument, reaches the other side as a proxy for it (autoproxy), whichever daemon
// it is registered with; one registered nowhere fails with an error that says what to do.

#include "pyroserverthread.h"
#include "pyrowatchdog.h"

#include "pyroproxy.h"

#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Server side: calls the worker it is handed back, from the server's thread.
class Registry : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QString addWorker(const PyroObjectRef &worker)
    {
        PyroProxy proxy(worker.uri());
        const PyroResult name = proxy.call(u"name"_s);
        return name.isError() ? name.error().toString() : name.value().toString();
    }
};

class Worker : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QString name() const { return objectName(); }
};

} // namespace

class tst_PyroAutoproxyArgument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup() { m_server.reset(); }
    void argument_data();
    void argument();

private:
    std::unique_ptr<PyroServerThread> m_server;
};

void tst_PyroAutoproxyArgument::init()
{
    auto *registry = new Registry;
    registry->setObjectName(u"registry"_s);
    m_server = std::make_unique<PyroServerThread>(std::initializer_list<QObject *>{registry});
    QVERIFY(m_server->uri().isValid());
}

void tst_PyroAutoproxyArgument::argument_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QString>("how");
    for (const QString &serializer : {u"serpent"_s, u"json"_s, u"marshal"_s, u"msgpack"_s}) {
        for (const QString &how : {u"typed pointer"_s, u"QObject pointer"_s, u"registered before listen"_s,
                                   u"unregistered"_s, u"never registered"_s})
            QTest::addRow("%s, %s", qPrintable(serializer), qPrintable(how)) << serializer << how;
    }
}

void tst_PyroAutoproxyArgument::argument()
{
    QFETCH(QString, serializer);
    QFETCH(QString, how);
    PyroWatchdog watchdog("autoproxy argument", 60);

    // The caller's own daemon, in the caller's thread: the call is asynchronous so this
    // thread can serve the call back.
    Worker worker;
    worker.setObjectName(u"worker-"_s + serializer);
    PyroDaemon callbacks;
    if (how == u"registered before listen") {
        callbacks.registerObject(&worker);
        QVERIFY(callbacks.listen(u"127.0.0.1"_s, 0));
    } else {
        QVERIFY(callbacks.listen(u"127.0.0.1"_s, 0));
        if (how != u"never registered")
            callbacks.registerObject(&worker);
        if (how == u"unregistered")
            QVERIFY(callbacks.unregisterObject(&worker));
    }

    PyroProxy registry(m_server->uri());
    registry.setSerializer(serializer);
    const QVariant argument = how == u"QObject pointer" ? QVariant::fromValue(static_cast<QObject *>(&worker))
                                                        : QVariant::fromValue(&worker);
    std::unique_ptr<PyroCallReply> reply(registry.asyncCall(u"addWorker"_s, {argument}));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
    if (how == u"unregistered" || how == u"never registered") {
        QCOMPARE(reply->error().code(), PyroError::Code::SerializeError);
        QVERIFY2(reply->error().message().contains(u"registerObject(object)"_s), qPrintable(reply->error().message()));
        return;
    }
    QVERIFY2(!reply->error().isError(), qPrintable(reply->error().toString()));
    QCOMPARE(reply->value().toString(), worker.objectName());
}

QTEST_GUILESS_MAIN(tst_PyroAutoproxyArgument)
#include "tst_pyroautoproxyargument.moc"
