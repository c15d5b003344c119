// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroliveproperties.h"

#include "pyrocallreply.h"
#include "pyroproxy.h"
#include "pyrosignalsubscription.h"
#include "pyrosignalsubscription_p.h"
#include "pyrovalues.h"

#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

using namespace Qt::StringLiterals;

class PyroLivePropertiesPrivate
{
public:
    PyroLiveProperties *q;
    QPointer<PyroProxy> proxy;
    PyroProxy *daemonProxy = nullptr;   // Pyro.Daemon, for get_metadata()
    PyroProxy *reader = nullptr;        // the object, for attribute reads off the caller's queue
    PyroSignalSubscription *subscription = nullptr;
    QHash<QString, QStringList> attributesBySignal;
    QStringList names;
    QVariantMap values;
    int pendingReads = 0;
    bool ready = false;

    void fetchMetadata();
    void readAll();
    void read(const QString &name);
    void store(const QString &name, const QVariant &value);
    void fail(const PyroError &error);
};

void PyroLivePropertiesPrivate::fetchMetadata()
{
    const QString objectId = pyroRemoteObjectId(proxy);
    if (objectId.isEmpty() || !pyroSiblingUri(proxy, objectId).isValid()) {
        QObject::connect(proxy, &PyroProxy::stateChanged, q, [this](PyroProxy::State s) {
            if (s == PyroProxy::State::Connected && !daemonProxy)
                fetchMetadata();
        }, Qt::SingleShotConnection);
        proxy->bind();
        return;
    }
    daemonProxy = pyroSiblingProxy(proxy, u"Pyro.Daemon"_s, q);
    reader = pyroSiblingProxy(proxy, objectId, q);
    PyroCallReply *reply = daemonProxy->asyncCall(u"get_metadata"_s, {objectId});
    reply->setParent(q); // not left behind when q goes first
    QObject::connect(reply, &PyroCallReply::finished, q, [this, reply] {
        reply->deleteLater();
        if (reply->error().isError()) {
            fail(reply->error());
            return;
        }
        const QVariant meta = reply->result().value();
        const QVariant notify = meta.metaType() == QMetaType::fromType<PyroDict>()
            ? meta.value<PyroDict>().value(u"notify"_s)
            : meta.toMap().value(u"notify"_s);
        const QVariantMap map = notify.metaType() == QMetaType::fromType<PyroDict>()
            ? notify.value<PyroDict>().toVariantMap() : notify.toMap();
        QStringList signalNames;
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            names.append(it.key());
            const QString signal = it.value().toString();
            if (!attributesBySignal.contains(signal))
                signalNames.append(signal);
            attributesBySignal[signal].append(it.key());
        }
        if (signalNames.isEmpty()) {
            ready = true;
            Q_EMIT q->readyChanged(true);
            return;
        }
        subscription = new PyroSignalSubscription(proxy, signalNames, PyroSignalSubscription::Mode::Pull, q);
        QObject::connect(subscription, &PyroSignalSubscription::activeChanged, q, [this](bool active) {
            if (active)
                readAll(); // first time and after a reconnect
        });
        QObject::connect(subscription, &PyroSignalSubscription::errorOccurred, q, &PyroLiveProperties::errorOccurred);
        QObject::connect(subscription, &PyroSignalSubscription::eventsMissed, q, [this] { readAll(); });
        QObject::connect(subscription, &PyroSignalSubscription::signalEmitted, q,
                         [this](const QString &signal, const QVariantList &args) {
                             for (const QString &name : attributesBySignal.value(signal)) {
                                 if (args.size() == 1)
                                     store(name, args.constFirst());
                                 else
                                     read(name);
                             }
                         });
    });
}

void PyroLivePropertiesPrivate::readAll()
{
    for (const QString &name : std::as_const(names))
        read(name);
}

void PyroLivePropertiesPrivate::read(const QString &name)
{
    ++pendingReads;
    PyroCallReply *reply = reader->asyncReadAttribute(name);
    reply->setParent(q);
    QObject::connect(reply, &PyroCallReply::finished, q, [this, reply, name] {
        reply->deleteLater();
        --pendingReads;
        if (reply->error().isError())
            fail(reply->error());
        else
            store(name, reply->result().value());
        if (pendingReads == 0 && !ready) {
            ready = true;
            Q_EMIT q->readyChanged(true);
        }
    });
}

void PyroLivePropertiesPrivate::store(const QString &name, const QVariant &value)
{
    const auto it = values.constFind(name);
    if (it != values.cend() && PyroValues::identical(*it, value))
        return;
    values.insert(name, value);
    Q_EMIT q->propertyChanged(name, value);
}

void PyroLivePropertiesPrivate::fail(const PyroError &error)
{
    Q_EMIT q->errorOccurred(error);
}

PyroLiveProperties::PyroLiveProperties(PyroProxy *proxy, QObject *parent)
    : QObject(parent), d(new PyroLivePropertiesPrivate)
{
    d->q = this;
    d->proxy = proxy;
    QMetaObject::invokeMethod(this, [this] { d->fetchMetadata(); }, Qt::QueuedConnection);
}

PyroLiveProperties::~PyroLiveProperties() = default;

bool PyroLiveProperties::isReady() const { return d->ready; }
QStringList PyroLiveProperties::names() const { return d->names; }
QVariant PyroLiveProperties::value(const QString &name) const { return d->values.value(name); }
QVariantMap PyroLiveProperties::values() const { return d->values; }
