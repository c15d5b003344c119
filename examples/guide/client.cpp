// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The client side of the user guide (docs/guide.md quotes the parts between the
// //! [name] markers; tst_guidesnippets checks that the quotes are unchanged).
// Run: example-guide-client [URI] against example-guide-server.

//! [includes]
#include <QtPyro/PyroBatch>
#include <QtPyro/PyroLocator>
#include <QtPyro/PyroNameServerProxy>
#include <QtPyro/PyroProxy>
#include <QtPyro/PyroSslConfig>
#include <QtPyro/PyroStream>
//! [includes]

#include <QtCore/QCoreApplication>
#include <QtCore/QThread>
#include <QtNetwork/QSslConfiguration>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

static void asyncCall(PyroProxy *proxy)
{
//! [async]
    PyroCallReply *reply = proxy->asyncCall(u"setTarget"_s, {21.5});
    QObject::connect(reply, &PyroCallReply::finished, proxy, [reply] {
        if (reply->isError())
            qWarning() << reply->error();   // PyroError: code(), message(), remoteType()...
        else
            qDebug() << "done:" << reply->value();
        reply->deleteLater();               // the caller owns the reply
    });
//! [async]
}

static void futureCall(PyroProxy *proxy)
{
//! [future]
    proxy->futureCall(u"build"_s, {2026})
        .then(proxy, [](const QVariant &report) { qDebug() << report; })
        .onFailed(proxy, [](const PyroException &e) { qWarning() << e.error(); });
//! [future]
}

static void blockingInAWorkerThread(const PyroUri &uri)
{
//! [thread]
    // One proxy per thread: create it in the thread that uses it.
    QThread *worker = QThread::create([uri] {
        PyroProxy proxy(uri);                      // lives in this worker thread
        const PyroResult result = proxy.call(u"query"_s, {u"2026"_s});   // blocks this thread only
        if (result.isError())
            qWarning() << result.error();
        else
            qDebug() << result.value();
    });
    QObject::connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
//! [thread]
}

static void handOver(PyroProxy *proxy, QThread *worker)
{
//! [movetothread]
    proxy->setParent(nullptr);
    proxy->moveToThread(worker);   // called in the proxy's current thread; from now on only
                                   // worker may use it
//! [movetothread]
}

static void errors(PyroProxy *proxy)
{
//! [errors]
    const PyroResult result = proxy->call(u"setTarget"_s, {99});
    if (result.isError()) {
        const PyroError &error = result.error();
        if (error.code() == PyroError::Code::RemoteException)          // raised by the object
            qWarning() << error.remoteType() << error.message()       // "builtins.ValueError" ...
                       << error.remoteTraceback().join(QString());    // the remote traceback
        else if (error.is(PyroError::Code::CommunicationError))      // also Timeout, ConnectionClosed
            qWarning() << "network trouble:" << error.message();
    }
//! [errors]
}

static void streams(PyroProxy *proxy)
{
//! [stream]
    PyroCallReply *reply = proxy->asyncCall(u"readings"_s, {10});
    QObject::connect(reply, &PyroCallReply::finished, proxy, [reply] {
        if (PyroStream *stream = reply->takeStream()) {
            QObject::connect(stream, &PyroStream::itemReceived, stream,
                             [](const QVariant &item) { qDebug() << item; });
            QObject::connect(stream, &PyroStream::finished, stream, &QObject::deleteLater);
            stream->fetchAll();
        }
        reply->deleteLater();
    });
//! [stream]
}

static void options(PyroProxy *proxy)
{
//! [options]
    // Per-call settings: a value type with chainable setters.
    const PyroCallOptions options = PyroCallOptions()
            .setTimeout(2s)                                  // instead of proxy->callTimeout()
            .setAnnotation("XTRC", "on")                     // added to the proxy's annotations
            .setOneway(PyroCallOptions::Oneway::Never);      // wait even for a @oneway method
    PyroCallReply *reply = proxy->asyncCall(u"setTarget"_s, {21.5}, {}, options);
//! [options]
    QObject::connect(reply, &PyroCallReply::finished, reply, &QObject::deleteLater);
}

static void attributes(PyroProxy *proxy)
{
//! [attributes]
    // Remote attributes (Q_PROPERTYs, Python properties) are remote calls: the async forms
    // return a reply, readAttribute()/writeAttribute() block like call().
    PyroCallReply *reply = proxy->asyncReadAttribute(u"target"_s);
    QObject::connect(reply, &PyroCallReply::finished, proxy, [reply] {
        qDebug() << "target:" << reply->value();
        reply->deleteLater();
    });
    const PyroResult written = proxy->writeAttribute(u"target"_s, 19.5);   // blocks
//! [attributes]
    Q_UNUSED(written);
}

static void blockingStream(PyroProxy *proxy)
{
//! [blockingstream]
    // Only a reply hands out a stream; waitForFinished() and next() make it blocking.
    std::unique_ptr<PyroCallReply> reply(proxy->asyncCall(u"readings"_s, {3}));
    reply->waitForFinished();
    if (std::unique_ptr<PyroStream> stream{reply->takeStream()}) {
        PyroError error;
        while (std::optional<QVariant> item = stream->next(&error))
            qDebug() << *item;
    }
//! [blockingstream]
}

static void nameServer()
{
//! [naming]
    PyroError error;
    const PyroUri nsUri = PyroLocator::locateNameServer(&error);   // NS_HOST, then broadcast
    PyroNameServerProxy ns(nsUri);
    std::unique_ptr<PyroCallReply> r(ns.lookup(u"house.thermostat"_s,
                                               PyroNameServerProxy::Metadata::Included));
    r->waitForFinished();
    qDebug() << r->value();   // (PyroUri, {metadata tags})
//! [naming]
}

static void batch(PyroProxy *proxy)
{
//! [batch]
    PyroBatch batch(proxy);
    batch.add(u"setTarget"_s, {19.0});
    batch.add(u"setMode"_s, {u"Heat"_s});
    const QList<PyroResult> results = batch.execute();   // one request, results in order
//! [batch]
    Q_UNUSED(results);
}

static void tls(PyroProxy *proxy)
{
//! [tls]
    PyroConfig config = PyroConfig::global();
    config.setSsl(true);
    config.setSslCaCerts(u"certs/ca.pem"_s);        // PYRO_SSL_CACERTS
    PyroError error;
    QSslConfiguration tls = PyroSslConfig::clientConfiguration(config, &error);
    if (error.isError())
        qWarning() << error;                        // SecurityError naming the item and file
    else
        proxy->setSslConfiguration(tls);
//! [tls]
}

static PyroConfig configuration()
{
//! [config]
    PyroConfig config = PyroConfig::global();       // Pyro5's defaults + PYRO_* variables
    config.setSerializer(u"msgpack"_s);             // PYRO_SERIALIZER
    config.setCommTimeout(5.0);                     // PYRO_COMMTIMEOUT, seconds
    config.setMaxRetries(2);                        // PYRO_MAX_RETRIES
    PyroConfig::setGlobal(config);                  // for every proxy and daemon made after
//! [config]
    return config;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const PyroUri uri(argc > 1 ? QString::fromLocal8Bit(argv[1]) : u"PYRO:house.thermostat@127.0.0.1:9999"_s);
    if (argc > 2) { // compiled, not run: the other snippets need their own servers
        configuration();
        auto *proxy = new PyroProxy(uri);
        futureCall(proxy);
        blockingInAWorkerThread(uri);
        errors(proxy);
        streams(proxy);
        options(proxy);
        attributes(proxy);
        blockingStream(proxy);
        nameServer();
        batch(proxy);
        tls(proxy);
        QThread worker;
        handOver(proxy, &worker);
    }
    PyroProxy proxy(uri);
    asyncCall(&proxy);
    QObject::connect(&proxy, &PyroProxy::finished, &app, &QCoreApplication::quit);
    return app.exec();
}
