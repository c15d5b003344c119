// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroqmlproxy.h"

#include "pyroqmlreply.h"
#include "pyroqmlvalues_p.h"

#include <QtPyro/PyroConfig>
#include <QtPyro/PyroLiveProperties>
#include <QtPyro/PyroProxy>
#include <QtPyro/PyroSignalSubscription>
#include <QtPyro/PyroValues>

#include <QtQml/QQmlEngine>

using namespace Qt::StringLiterals;

namespace {

QVariantMap dictToMap(const QVariant &value)
{
    if (value.metaType() == QMetaType::fromType<PyroDict>())
        return value.value<PyroDict>().toVariantMap();
    return value.toMap();
}

QVariantList argumentList(const QJSValue &args)
{
    if (args.isUndefined() || args.isNull())
        return {};
    const QVariant converted = PyroQmlValues::fromJs(args);
    if (args.isArray())
        return converted.toList();
    return {converted};   // one argument need not be wrapped in an array
}

QVariantMap keywordMap(const QJSValue &kwargs)
{
    if (kwargs.isUndefined() || kwargs.isNull())
        return {};
    return PyroQmlValues::fromJs(kwargs).toMap();
}

} // namespace

PyroQmlAttributes::PyroQmlAttributes(PyroQmlProxy *proxy)
    : QQmlPropertyMap(this, proxy), m_proxy(proxy)
{
}

QVariant PyroQmlAttributes::updateValue(const QString &key, const QVariant &input)
{
    // Shown at once; put back if the daemon refuses it (attributeWriteFailed()).
    m_proxy->sendAttribute(key, PyroQmlValues::fromVariant(input), value(key), nullptr);
    return input;
}

PyroQmlProxy::PyroQmlProxy(QObject *parent)
    : QObject(parent), m_attrs(new PyroQmlAttributes(this))
{
    m_pollTimer.setInterval(0);
    connect(&m_pollTimer, &QTimer::timeout, this, &PyroQmlProxy::poll);
}

PyroQmlProxy::~PyroQmlProxy()
{
    // The subscription and the live cache must go before the proxy they use.
    delete m_subscription;
    delete m_liveProperties;
}

void PyroQmlProxy::componentComplete()
{
    m_complete = true;
    rebuild();
}

void PyroQmlProxy::setUri(const QString &uri)
{
    if (m_uri == uri)
        return;
    m_uri = uri;
    Q_EMIT uriChanged();
    rebuild();
}

void PyroQmlProxy::setSerializer(const QString &name)
{
    if (m_serializer == name)
        return;
    m_serializer = name;
    Q_EMIT serializerChanged();
    rebuild();
}

void PyroQmlProxy::setCallTimeout(int msecs)
{
    if (m_callTimeout == msecs)
        return;
    m_callTimeout = msecs;
    Q_EMIT callTimeoutChanged();
    if (m_proxy && msecs >= 0)
        m_proxy->setCallTimeout(msecs);
}

void PyroQmlProxy::setSsl(bool on)
{
    if (m_ssl == on)
        return;
    m_ssl = on;
    Q_EMIT sslChanged();
    rebuild();
}

void PyroQmlProxy::setSslCaCerts(const QString &path)
{
    if (m_sslCaCerts == path)
        return;
    m_sslCaCerts = path;
    Q_EMIT sslChanged();
    rebuild();
}

void PyroQmlProxy::setSslClientCert(const QString &path)
{
    if (m_sslClientCert == path)
        return;
    m_sslClientCert = path;
    Q_EMIT sslChanged();
    rebuild();
}

void PyroQmlProxy::setSslClientKey(const QString &path)
{
    if (m_sslClientKey == path)
        return;
    m_sslClientKey = path;
    Q_EMIT sslChanged();
    rebuild();
}

void PyroQmlProxy::setLive(bool on)
{
    if (m_live == on)
        return;
    m_live = on;
    Q_EMIT liveChanged();
    rebuild();
}

void PyroQmlProxy::setPollInterval(int msecs)
{
    if (m_pollTimer.interval() == msecs)
        return;
    m_pollTimer.setInterval(qMax(0, msecs));
    Q_EMIT pollIntervalChanged();
    if (msecs > 0 && m_state == Connected)
        m_pollTimer.start();
    else
        m_pollTimer.stop();
}

void PyroQmlProxy::setSubscribeSignals(bool on)
{
    if (m_subscribeSignals == on)
        return;
    m_subscribeSignals = on;
    Q_EMIT subscribeSignalsChanged();
    updateSubscriptions();
}

QString PyroQmlProxy::resolvedUri() const
{
    return m_proxy && m_proxy->resolvedUri().isValid() ? m_proxy->resolvedUri().toString() : QString();
}

QVariant PyroQmlProxy::objectRef() const
{
    return m_proxy ? QVariant::fromValue(m_proxy->toObjectRef()) : QVariant();
}

void PyroQmlProxy::rebuild()
{
    if (!m_complete)
        return;
    ++m_generation;
    m_pollTimer.stop();
    if (m_subscription) {
        delete m_subscription;
        m_subscription = nullptr;
        Q_EMIT signalsActiveChanged();
    }
    delete m_liveProperties;
    m_liveProperties = nullptr;
    delete m_daemonProxy;
    m_daemonProxy = nullptr;
    delete m_proxy;
    m_proxy = nullptr;
    m_pendingReads.clear();
    m_liveNames.clear();
    if (!m_methods.isEmpty() || !m_attributes.isEmpty() || !m_signals.isEmpty()) {
        m_methods.clear();
        m_attributes.clear();
        m_signals.clear();
        Q_EMIT metadataChanged();
    }
    if (m_attributesReady) {
        m_attributesReady = false;
        Q_EMIT attributesReadyChanged();
    }
    setError({});
    if (m_uri.isEmpty()) {
        setState(Unconnected);
        return;
    }
    const PyroUri uri(m_uri);
    if (!uri.isValid()) {
        setError(PyroQmlValues::errorToMap(uri.error()));
        setState(Error);
        return;
    }
    PyroConfig config = PyroConfig::global();
    if (m_ssl) {
        config.setSsl(true);
        if (!m_sslCaCerts.isEmpty())
            config.setSslCaCerts(m_sslCaCerts);
        if (!m_sslClientCert.isEmpty())
            config.setSslClientCert(m_sslClientCert);
        if (!m_sslClientKey.isEmpty())
            config.setSslClientKey(m_sslClientKey);
    }
    m_proxy = new PyroProxy(uri, config, this);
    if (!m_serializer.isEmpty())
        m_proxy->setSerializer(m_serializer);
    if (m_callTimeout >= 0)
        m_proxy->setCallTimeout(m_callTimeout);
    connect(m_proxy, &PyroProxy::stateChanged, this, [this](PyroProxy::State s) {
        switch (s) {
        case PyroProxy::State::Connected:
            setError({});
            setState(Connected);
            onConnected();
            break;
        case PyroProxy::State::Connecting:
            setState(Connecting);
            break;
        case PyroProxy::State::Unconnected:
            m_pollTimer.stop();
            setState(m_error.isEmpty() ? Unconnected : Error);
            break;
        }
    });
    connect(m_proxy, &PyroProxy::errorOccurred, this, [this](const PyroError &error) {
        setError(PyroQmlValues::errorToMap(error));
        if (m_proxy->state() != PyroProxy::State::Connected)
            setState(Error);
    });
    setState(Connecting);
    m_proxy->bind();
}

void PyroQmlProxy::reconnect()
{
    rebuild();
}

void PyroQmlProxy::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

void PyroQmlProxy::setError(const QVariantMap &error)
{
    if (m_error == error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

void PyroQmlProxy::onConnected()
{
    const QStringList methods = m_proxy->methods();
    const QStringList attributes = m_proxy->attributes();
    if (methods != m_methods || attributes != m_attributes) {
        m_methods = methods;
        m_attributes = attributes;
        Q_EMIT metadataChanged();
    }
    if (m_pollTimer.interval() > 0)
        m_pollTimer.start();
    if (m_daemonProxy)      // a reconnect: read the values again
        readAttributes(m_attributes, false);
    else
        fetchMetadata();
}

// Signals and notify signals are extra keys of the daemon's get_metadata() (QtPyro
// daemons; a Python daemon has none): asked of the daemon's Pyro.Daemon object.
void PyroQmlProxy::fetchMetadata()
{
    const PyroUri resolved = m_proxy->resolvedUri();
    const QString daemonId = u"Pyro.Daemon"_s;
    const PyroUri daemonUri = resolved.isUnixSocket()
        ? PyroUri::forUnixSocket(daemonId, resolved.socketPath())
        : PyroUri::forTcp(daemonId, resolved.host(), resolved.port());
    m_daemonProxy = new PyroProxy(daemonUri, m_proxy->config(), this);
    m_daemonProxy->setSerializer(m_proxy->serializer());
    PyroCallReply *reply = m_daemonProxy->asyncCall(u"get_metadata"_s, {resolved.object()});
    reply->setParent(this);
    const int generation = m_generation;
    connect(reply, &PyroCallReply::finished, this, [this, reply, generation] {
        reply->deleteLater();
        if (generation != m_generation)
            return;
        const QVariantMap meta = reply->isError() ? QVariantMap() : dictToMap(reply->value());
        const QStringList signalNames = dictToMap(meta.value(u"signals"_s)).keys();
        const QVariantMap notify = dictToMap(meta.value(u"notify"_s));
        if (signalNames != m_signals) {
            m_signals = signalNames;
            Q_EMIT metadataChanged();
        }
        updateSubscriptions();
        QStringList toRead = m_attributes;
        if (m_live && !notify.isEmpty()) {
            m_liveNames = notify.keys();
            m_liveProperties = new PyroLiveProperties(m_proxy, this);
            connect(m_liveProperties, &PyroLiveProperties::propertyChanged, this,
                    &PyroQmlProxy::setAttribute);
            for (const QString &name : std::as_const(m_liveNames))
                toRead.removeAll(name);
            connect(m_liveProperties, &PyroLiveProperties::readyChanged, this, [this](bool ready) {
                if (ready && m_pendingReads.isEmpty() && !m_attributesReady) {
                    m_attributesReady = true;
                    Q_EMIT attributesReadyChanged();
                }
            });
            connect(m_liveProperties, &PyroLiveProperties::errorOccurred, this,
                    [this](const PyroError &error) { setError(PyroQmlValues::errorToMap(error)); });
        }
        readAttributes(toRead, true);
    });
}

bool PyroQmlProxy::signalsActive() const
{
    return m_subscription && m_subscription->isActive();
}

void PyroQmlProxy::updateSubscriptions()
{
    const bool wanted = m_subscribeSignals && m_proxy && !m_signals.isEmpty();
    const bool wasActive = signalsActive();
    if (!wanted) {
        delete m_subscription;
        m_subscription = nullptr;
        if (wasActive)
            Q_EMIT signalsActiveChanged();
        return;
    }
    if (m_subscription && m_subscription->signalNames() == m_signals)
        return;
    delete m_subscription;
    if (wasActive)
        Q_EMIT signalsActiveChanged();
    m_subscription = new PyroSignalSubscription(m_proxy, m_signals, PyroSignalSubscription::Mode::Pull, this);
    connect(m_subscription, &PyroSignalSubscription::signalEmitted, this,
            [this](const QString &name, const QVariantList &args) {
                Q_EMIT remoteSignal(name, PyroQmlValues::toJs(qjsEngine(this), args));
            });
    connect(m_subscription, &PyroSignalSubscription::activeChanged, this, &PyroQmlProxy::signalsActiveChanged);
    connect(m_subscription, &PyroSignalSubscription::eventsMissed, this,
            [this](qint64 count) { Q_EMIT signalsMissed(int(qMin(count, qint64(INT_MAX)))); });
}

void PyroQmlProxy::readAttributes(const QStringList &names, bool initial)
{
    if (!m_proxy)
        return;
    const int generation = m_generation;
    for (const QString &name : names) {
        if (m_pendingReads.contains(name))
            continue;
        m_pendingReads.insert(name);
        PyroCallReply *reply = m_proxy->asyncReadAttribute(name);
        reply->setParent(this);
        connect(reply, &PyroCallReply::finished, this, [this, reply, name, generation] {
            reply->deleteLater();
            if (generation != m_generation)
                return;
            m_pendingReads.remove(name);
            if (!reply->isError())
                setAttribute(name, reply->value());
            const bool liveReady = !m_liveProperties || m_liveProperties->isReady();
            if (m_pendingReads.isEmpty() && liveReady && !m_attributesReady) {
                m_attributesReady = true;
                Q_EMIT attributesReadyChanged();
            }
        });
    }
    if (initial && names.isEmpty() && !m_liveProperties && !m_attributesReady) {
        m_attributesReady = true;
        Q_EMIT attributesReadyChanged();
    }
}

void PyroQmlProxy::refreshAttributes()
{
    readAttributes(m_attributes, false);
}

void PyroQmlProxy::poll()
{
    // One round at a time: a slow daemon is not flooded with reads.
    if (!m_proxy || !m_pendingReads.isEmpty())
        return;
    QStringList names = m_attributes;
    for (const QString &name : std::as_const(m_liveNames))
        names.removeAll(name);
    readAttributes(names, false);
}

void PyroQmlProxy::setAttribute(const QString &name, const QVariant &value)
{
    const QJSValue js = PyroQmlValues::toJs(qjsEngine(this), value);
    m_attrs->insert(name, QVariant::fromValue(js));
    Q_EMIT attributeChanged(name, js);
}

PyroQmlReply *PyroQmlProxy::newReply(const QString &method)
{
    auto *reply = new PyroQmlReply(method, this);
    QQmlEngine::setContextForObject(reply, qmlContext(this));
    connect(reply, &PyroQmlReply::done, this, [this, method](const QJSValue &result, const QVariantMap &error) {
        if (error.isEmpty())
            Q_EMIT replied(method, result);
        else
            Q_EMIT failed(method, error);
    });
    return reply;
}

static void failLater(PyroQmlReply *reply, const QString &message)
{
    const QVariantMap error{{u"message"_s, message}, {u"type"_s, u"Pyro5.errors.CommunicationError"_s},
                            {u"traceback"_s, QString()}, {u"code"_s, u"CommunicationError"_s}};
    QMetaObject::invokeMethod(reply, [reply, error] { reply->finish(QJSValue(), error); },
                              Qt::QueuedConnection);
}

PyroQmlReply *PyroQmlProxy::call(const QString &method, const QJSValue &args, const QJSValue &kwargs)
{
    PyroQmlReply *reply = newReply(method);
    if (!m_proxy) {
        failLater(reply, u"PyroProxy has no valid uri"_s);
        return reply;
    }
    reply->watch(m_proxy->asyncCall(method, argumentList(args), keywordMap(kwargs)));
    return reply;
}

void PyroQmlProxy::oneway(const QString &method, const QJSValue &args, const QJSValue &kwargs)
{
    if (!m_proxy) {
        Q_EMIT failed(method, {{u"message"_s, u"PyroProxy has no valid uri"_s},
                               {u"type"_s, u"Pyro5.errors.CommunicationError"_s}});
        return;
    }
    m_proxy->callOneway(method, argumentList(args), keywordMap(kwargs));
}

PyroQmlReply *PyroQmlProxy::readAttribute(const QString &name)
{
    PyroQmlReply *reply = newReply(name);
    if (!m_proxy) {
        failLater(reply, u"PyroProxy has no valid uri"_s);
        return reply;
    }
    PyroCallReply *r = m_proxy->asyncReadAttribute(name);
    connect(r, &PyroCallReply::finished, this, [this, r, name] {
        if (!r->isError())
            setAttribute(name, r->value());
    });
    reply->watch(r);
    return reply;
}

PyroQmlReply *PyroQmlProxy::writeAttribute(const QString &name, const QJSValue &value)
{
    PyroQmlReply *reply = newReply(name);
    const QVariant previous = m_attrs->value(name);
    m_attrs->insert(name, QVariant::fromValue(value));
    sendAttribute(name, PyroQmlValues::fromJs(value), previous, reply);
    return reply;
}

void PyroQmlProxy::sendAttribute(const QString &name, const QVariant &value, const QVariant &previous,
                                 PyroQmlReply *qmlReply)
{
    auto fail = [this, name, previous, qmlReply](const QVariantMap &error) {
        m_attrs->insert(name, previous);
        Q_EMIT attributeWriteFailed(name, error);
        if (qmlReply)
            qmlReply->finish(QJSValue(), error);
    };
    if (!m_proxy) {
        const QVariantMap error{{u"message"_s, u"PyroProxy has no valid uri"_s},
                                {u"type"_s, u"Pyro5.errors.CommunicationError"_s}};
        QMetaObject::invokeMethod(this, [fail, error] { fail(error); }, Qt::QueuedConnection);
        return;
    }
    PyroCallReply *reply = m_proxy->asyncWriteAttribute(name, value);
    reply->setParent(qmlReply ? static_cast<QObject *>(qmlReply) : this);
    const int generation = m_generation;
    connect(reply, &PyroCallReply::finished, this, [this, reply, fail, generation, qmlReply] {
        reply->deleteLater();
        if (generation != m_generation)
            return;
        if (reply->isError()) {
            fail(PyroQmlValues::errorToMap(reply->error()));
            return;
        }
        if (qmlReply)
            qmlReply->finish(QJSValue(), {});
    });
}
