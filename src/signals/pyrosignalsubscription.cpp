// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrosignalsubscription.h"
#include "pyrosignalsubscription_p.h"

#include "pyrocallreply.h"
#include "pyrodaemon.h"
#include "pyroinvoker_p.h"
#include "pyrostream.h"
#include "pyrovalues.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QThread>
#include <QtCore/QTimer>

using namespace Qt::StringLiterals;

namespace {

thread_local QPointer<PyroDaemon> t_callbackDaemon;
thread_local bool t_callbackDaemonOwned = false;

QVariantList itemsOf(const QVariant &value)
{
    if (value.metaType() == QMetaType::fromType<PyroTuple>())
        return value.value<PyroTuple>().items();
    return value.toList();
}

} // namespace

// ---------------------------------------------------------------------------------------
// helpers shared with PyroLiveProperties

PyroUri pyroSiblingUri(const PyroProxy *proxy, const QString &objectId)
{
    PyroUri uri = proxy->resolvedUri();
    if (!uri.isValid() || uri.protocol() != PyroUri::Protocol::Pyro)
        uri = proxy->uri();
    if (!uri.isValid() || uri.protocol() != PyroUri::Protocol::Pyro)
        return PyroUri();
    return uri.isUnixSocket() ? PyroUri::forUnixSocket(objectId, uri.socketPath())
                              : PyroUri::forTcp(objectId, uri.host(), uri.port());
}

PyroProxy *pyroSiblingProxy(const PyroProxy *proxy, const QString &objectId, QObject *parent)
{
    auto *sibling = new PyroProxy(pyroSiblingUri(proxy, objectId), proxy->config(), parent);
    sibling->setSerializer(proxy->serializer());
    sibling->setHandshake(proxy->handshake());
    return sibling;
}

QString pyroRemoteObjectId(const PyroProxy *proxy)
{
    const PyroUri uri = proxy->resolvedUri().isValid() ? proxy->resolvedUri() : proxy->uri();
    return uri.protocol() == PyroUri::Protocol::Pyro ? uri.object() : QString();
}

// ---------------------------------------------------------------------------------------
// PyroSignalCallback: the object a push subscription's daemon calls

PyroSignalCallback::PyroSignalCallback(PyroSignalSubscriptionPrivate *d) : m_d(d) { }

void PyroSignalCallback::emitted(const QString &signal, const QVariant &args, const QVariant &seq)
{
    if (m_d)
        m_d->handleEvent(signal, args, seq.toULongLong());
}

// ---------------------------------------------------------------------------------------
// PyroSignalSubscriptionPrivate

PyroSignalSubscriptionPrivate::PyroSignalSubscriptionPrivate(PyroSignalSubscription *q, PyroProxy *proxy,
                                                             const QStringList &names,
                                                             PyroSignalSubscription::Mode mode)
    : q(q), proxy(proxy), signalNames(names), mode(mode)
{
}

void PyroSignalSubscriptionPrivate::start()
{
    ++generation;
    if (!proxy)
        return;
    objectId = pyroRemoteObjectId(proxy);
    if (objectId.isEmpty() || !pyroSiblingUri(proxy, objectId).isValid()) {
        // PYRONAME/PYROMETA: wait until the proxy has resolved it.
        if (!waitingForProxy) {
            waitingForProxy = true;
            QObject::connect(proxy, &PyroProxy::stateChanged, q, [this](PyroProxy::State s) {
                if (s == PyroProxy::State::Connected && waitingForProxy && !active) {
                    waitingForProxy = false;
                    start();
                }
            });
            QObject::connect(proxy, &PyroProxy::errorOccurred, q, [this](const PyroError &e) {
                if (waitingForProxy)
                    lost(e);
            });
        }
        proxy->bind();
        return;
    }
    signalsProxy = pyroSiblingProxy(proxy, u"Pyro.Signals"_s, q);
    const int gen = generation;
    QObject::connect(signalsProxy, &PyroProxy::errorOccurred, q, [this, gen](const PyroError &e) {
        if (gen == generation)
            lost(e);
    });
    if (mode == PyroSignalSubscription::Mode::Pull)
        startPull(gen);
    else
        startPush(gen);
}

void PyroSignalSubscriptionPrivate::whenDone(PyroCallReply *reply, int gen,
                                             std::function<void(PyroCallReply *)> then)
{
    reply->setParent(q); // not left behind when the subscription goes first
    QObject::connect(reply, &PyroCallReply::finished, q, [this, reply, gen, then = std::move(then)] {
        reply->deleteLater();
        if (gen != generation)
            return; // an earlier attempt's
        if (reply->error().isError())
            lost(reply->error());
        else
            then(reply);
    });
}

void PyroSignalSubscriptionPrivate::startPull(int gen)
{
    // Batch mode: each item carries every event queued meanwhile (fewer round trips).
    PyroCallReply *reply = signalsProxy->asyncCall(u"events"_s, {objectId, signalNames, true});
    whenDone(reply, gen, [this, gen](PyroCallReply *reply) {
        stream = reply->takeStream();
        if (!stream) {
            lost(PyroError(PyroError::Code::ProtocolError, u"Pyro.Signals.events() gave no stream"_s));
            return;
        }
        stream->setParent(q);
        QObject::connect(stream, &PyroStream::itemReceived, q, [this, gen](const QVariant &item) {
            if (gen != generation)
                return;
            for (const QVariant &event : itemsOf(item)) {
                if (gen != generation)
                    return; // a slot deleted or restarted the subscription
                const QVariantList parts = itemsOf(event);
                handleEvent(parts.value(0).toString(), parts.value(1), parts.value(2).toULongLong());
            }
        });
        QObject::connect(stream, &PyroStream::finished, q, [this, gen] {
            if (gen != generation)
                return;
            const PyroError e = stream->error();
            lost(e.isError() ? e : PyroError(PyroError::Code::ConnectionClosed, u"the daemon ended the subscription"_s));
        });
        stream->fetchAll();
        subscribed();
    });
}

PyroDaemon *PyroSignalSubscriptionPrivate::ensureCallbackDaemon()
{
    if (t_callbackDaemon)
        return t_callbackDaemon;
    auto *daemon = new PyroDaemon;
    const bool v6 = proxy && pyroSiblingUri(proxy, objectId).host().contains(u':');
    if (!daemon->listen(v6 ? u"::1"_s : u"127.0.0.1"_s, 0)) {
        error = PyroError(PyroError::Code::CommunicationError,
                          u"cannot listen for signal callbacks: "_s + daemon->errorString());
        delete daemon;
        return nullptr;
    }
    if (QCoreApplication::instance() && QThread::currentThread() == QCoreApplication::instance()->thread())
        daemon->setParent(QCoreApplication::instance());
    t_callbackDaemon = daemon;
    t_callbackDaemonOwned = true;
    return daemon;
}

void PyroSignalSubscriptionPrivate::startPush(int gen)
{
    PyroDaemon *daemon = ensureCallbackDaemon();
    if (!daemon) {
        lost(error);
        return;
    }
    if (!callback) {
        callback = new PyroSignalCallback(this);
        callback->setParent(q);
    }
    if (daemon->objectId(callback).isEmpty())
        daemon->registerObject(callback);
    const QVariant ref = QVariant::fromValue(daemon->proxyFor(callback));
    auto pending = std::make_shared<int>(int(signalNames.size()));
    subscriptionIds.clear();
    for (const QString &name : std::as_const(signalNames)) {
        PyroCallReply *reply = signalsProxy->asyncCall(u"subscribe"_s, {objectId, name, ref});
        whenDone(reply, gen, [this, gen, pending](PyroCallReply *reply) {
            subscriptionIds.append(reply->result().value().toString());
            if (--*pending == 0) {
                // A dropped connection to the daemon means a restart may follow: subscribe again.
                QObject::connect(signalsProxy, &PyroProxy::stateChanged, q, [this, gen](PyroProxy::State s) {
                    if (gen == generation && s == PyroProxy::State::Unconnected)
                        lost(PyroError(PyroError::Code::ConnectionClosed, u"connection to the daemon lost"_s));
                });
                subscribed();
            }
        });
    }
}

void PyroSignalSubscriptionPrivate::subscribed()
{
    error = PyroError();
    lastSeq.clear();
    const bool again = wasActive;
    wasActive = true;
    setActive(true);
    if (again) {
        Q_EMIT q->eventsMissed(-1);
    }
}

void PyroSignalSubscriptionPrivate::setActive(bool on)
{
    if (active == on)
        return;
    active = on;
    Q_EMIT q->activeChanged(on);
}

void PyroSignalSubscriptionPrivate::lost(const PyroError &e)
{
    if (retryTimer && retryTimer->isActive())
        return;
    error = e;
    teardown(false);
    setActive(false);
    Q_EMIT q->errorOccurred(e);
    if (!retryTimer) {
        retryTimer = new QTimer(q);
        retryTimer->setSingleShot(true);
        QObject::connect(retryTimer, &QTimer::timeout, q, [this] { start(); });
    }
    retryTimer->start(retryMs);
}

void PyroSignalSubscriptionPrivate::teardown(bool unsubscribe)
{
    ++generation;
    if (stream) {
        stream->disconnect(q);
        stream->deleteLater();
        stream = nullptr;
    }
    if (signalsProxy) {
        signalsProxy->disconnect(q);
        if (unsubscribe && mode == PyroSignalSubscription::Mode::Push
            && signalsProxy->state() == PyroProxy::State::Connected) {
            // Let the oneway calls go out before the connection closes.
            for (const QString &id : std::as_const(subscriptionIds))
                signalsProxy->callOneway(u"unsubscribe"_s, {id});
            // (Parented to the callback daemon, so it is not lost if that goes first.)
            signalsProxy->setParent(t_callbackDaemon.data());
            QTimer::singleShot(2000, signalsProxy, &QObject::deleteLater);
        } else {
            // Closing the connection ends a pull subscription on the daemon.
            signalsProxy->deleteLater();
        }
        signalsProxy = nullptr;
    }
    subscriptionIds.clear();
}

void PyroSignalSubscriptionPrivate::handleEvent(const QString &signal, const QVariant &args, quint64 seq)
{
    const QString key = mode == PyroSignalSubscription::Mode::Push ? signal : QString();
    const quint64 last = lastSeq.value(key);
    lastSeq.insert(key, seq);
    if (last && seq > last + 1) {
        missed += seq - last - 1;
        Q_EMIT q->eventsMissed(qint64(seq - last - 1));
    }
    ++received;
    const QVariantList list = itemsOf(args);
    Q_EMIT q->signalEmitted(signal, list);
    Q_EMIT q->emitted(list);
}

// ---------------------------------------------------------------------------------------
// PyroSignalSubscription

PyroSignalSubscription::PyroSignalSubscription(PyroProxy *proxy, const QString &signal, QObject *parent)
    : PyroSignalSubscription(proxy, QStringList{signal}, Mode::Pull, parent)
{
}

PyroSignalSubscription::PyroSignalSubscription(PyroProxy *proxy, const QStringList &signalNames, Mode mode,
                                               QObject *parent)
    : QObject(parent), d(new PyroSignalSubscriptionPrivate(this, proxy, signalNames, mode))
{
    // Queued: the caller connects to our signals first.
    QMetaObject::invokeMethod(this, [this] { if (!d->active && !d->signalsProxy) d->start(); },
                              Qt::QueuedConnection);
}

PyroSignalSubscription::~PyroSignalSubscription()
{
    d->teardown(true);
    if (d->callback) {
        d->callback->m_d = nullptr;
        if (t_callbackDaemon)
            t_callbackDaemon->unregisterObject(d->callback);
    }
}

PyroProxy *PyroSignalSubscription::proxy() const { return d->proxy; }
QStringList PyroSignalSubscription::signalNames() const { return d->signalNames; }
PyroSignalSubscription::Mode PyroSignalSubscription::mode() const { return d->mode; }
bool PyroSignalSubscription::isActive() const { return d->active; }
quint64 PyroSignalSubscription::receivedCount() const { return d->received; }
quint64 PyroSignalSubscription::missedCount() const { return d->missed; }
PyroError PyroSignalSubscription::error() const { return d->error; }
int PyroSignalSubscription::retryInterval() const { return d->retryMs; }
void PyroSignalSubscription::setRetryInterval(int msecs) { d->retryMs = qMax(1, msecs); }

void PyroSignalSubscription::setCallbackDaemon(PyroDaemon *daemon)
{
    if (t_callbackDaemonOwned && t_callbackDaemon && t_callbackDaemon != daemon)
        t_callbackDaemon->deleteLater();
    t_callbackDaemon = daemon;
    t_callbackDaemonOwned = false;
}

PyroDaemon *PyroSignalSubscription::callbackDaemon()
{
    return t_callbackDaemon;
}

QVariant PyroSignalSubscription::convertArgument(const QVariant &value, QMetaType type)
{
    if (type == QMetaType::fromType<QVariant>())
        return value;
    if (type == QMetaType::fromType<QVariantList>())
        return itemsOf(value);
    QVariant out;
    if (PyroInvoker::convert(value, type, &out))
        return out;
    return QVariant(type);
}
