// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrosignalsubscription.h"

#include <QtCore/QHash>
#include <QtCore/QPointer>

#include <functional>

class PyroCallReply;
class PyroStream;
class QTimer;

// The URI of another object (Pyro.Signals, Pyro.Daemon) on the daemon of proxy's object;
// invalid while a PYRONAME is unresolved.
PyroUri pyroSiblingUri(const PyroProxy *proxy, const QString &objectId);
// A proxy for it, with proxy's config, serializer and handshake.
PyroProxy *pyroSiblingProxy(const PyroProxy *proxy, const QString &objectId, QObject *parent);
// The object id of proxy's object (empty while a PYRONAME is unresolved).
QString pyroRemoteObjectId(const PyroProxy *proxy);

class PyroSignalSubscriptionPrivate;

// What a push subscription's daemon calls: emitted(signal, args, seq), as Pyro.Signals does.
class PyroSignalCallback : public QObject
{
    Q_OBJECT
public:
    explicit PyroSignalCallback(PyroSignalSubscriptionPrivate *d);
    PyroSignalSubscriptionPrivate *m_d;

public Q_SLOTS:
    void emitted(const QString &signal, const QVariant &args, const QVariant &seq);
};

class PyroSignalSubscriptionPrivate
{
public:
    PyroSignalSubscriptionPrivate(PyroSignalSubscription *q, PyroProxy *proxy, const QStringList &signalNames,
                                  PyroSignalSubscription::Mode mode);

    void start();
    // then(reply) when reply succeeds and belongs to the current attempt; lost() on failure.
    void whenDone(PyroCallReply *reply, int generation, std::function<void(PyroCallReply *)> then);
    void startPull(int generation);
    void startPush(int generation);
    PyroDaemon *ensureCallbackDaemon();
    void subscribed();
    void setActive(bool on);
    void lost(const PyroError &error);
    void teardown(bool unsubscribe);
    void handleEvent(const QString &signal, const QVariant &args, quint64 seq);

    PyroSignalSubscription *q;
    QPointer<PyroProxy> proxy;
    QStringList signalNames;
    PyroSignalSubscription::Mode mode;
    QString objectId;
    PyroProxy *signalsProxy = nullptr;     // our own connection to Pyro.Signals
    PyroStream *stream = nullptr;          // pull
    PyroSignalCallback *callback = nullptr; // push
    QStringList subscriptionIds;           // push
    QHash<QString, quint64> lastSeq;       // per subscription (push: per signal)
    QTimer *retryTimer = nullptr;
    int retryMs = 1000;
    int generation = 0;                    // replies of an earlier attempt are ignored
    bool active = false;
    bool wasActive = false;
    bool waitingForProxy = false;
    quint64 received = 0;
    quint64 missed = 0;
    PyroError error;
};
