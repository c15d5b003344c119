// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrocallcontext.h"
#include "pyrodaemon.h"
#include "pyrogenerator.h"
#include "pyroobjectref.h"

#include <QtCore/QHash>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMetaMethod>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QSet>
#include <QtCore/QStringList>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

class PyroDaemonLink;
class PyroProxy;
class PyroSignalHub;
class PyroSignalRelay;

Q_DECLARE_LOGGING_CATEGORY(lcPyroSignals)

/*
 * The signals a class offers to remote subscribers, worked out once per QMetaObject with
 * the exposure rules of methods (DESIGN.md "Exposure"): the signals of the class and its
 * bases down to, not including, Qt's own classes (never QObject's destroyed or
 * objectNameChanged), minus private names and "pyro.exclude", under their "pyro.names"
 * names. notify maps each exposed attribute to its exposed NOTIFY signal.
 */
struct QTPYRO_PRIVATE_EXPORT PyroSignalInfo
{
    struct Signal
    {
        QString name;
        QMetaMethod method;
        QStringList parameterNames;
    };
    QHash<QString, Signal> signalsByName;
    QHash<QString, QString> notify;     // attribute -> signal
    QSet<QString> unexposed;            // signals the class has but does not offer

    static const PyroSignalInfo &of(const QMetaObject *metaObject);
    // The metadata keys ("signals", "notify") for get_metadata(); none for no signals.
    void addMetadata(PyroDict *metadata) const;
};

/*
 * The built-in object "Pyro.Signals" of every daemon. Names and signatures are meant for
 * Python callers (see docs/signals.md).
 */
class PyroSignalsObject : public QObject
{
    Q_OBJECT
public:
    explicit PyroSignalsObject(PyroSignalHub *hub) : m_hub(hub) { }

public Q_SLOTS:
    QString subscribe(const QString &object_id, const QString &signal, const QVariant &callback);
    PyroGenerator events(const QString &object_id, const QVariant &signal_names = QVariant(), bool batch = false);
    bool unsubscribe(const QString &subscription_id);
    QVariantList subscriptions() const;

private:
    PyroSignalHub *m_hub;
};

/*
 * The remote-signal hub of one daemon (its child, in its thread): relays the signals of
 * registered objects to subscribers, push (oneway calls to a callback object) or pull
 * (an item stream). Installed on every daemon by a PyroDaemon extension.
 */
class QTPYRO_PRIVATE_EXPORT PyroSignalHub : public QObject
{
    Q_OBJECT
public:
    explicit PyroSignalHub(PyroDaemon *daemon);
    ~PyroSignalHub() override;

    static PyroSignalHub *of(const PyroDaemon *daemon);

    QString subscribe(quint64 connectionId, const QString &objectId, const QString &signal,
                      const PyroUri &callback, const QString &serializer, PyroError *error);
    PyroGenerator events(quint64 connectionId, const QString &objectId, const QStringList &signalNames,
                         bool batch, PyroError *error);
    bool unsubscribe(const QString &id);
    QVariantList subscriptions(quint64 connectionId) const;

    int subscriberCount() const { return int(m_subscribers.size()); }
    int queueLimit() const { return m_queueLimit; }
    void setQueueLimit(int events) { m_queueLimit = qMax(1, events); }
    // How long a push subscriber's callback may keep failing before it is unsubscribed.
    int gracePeriod() const { return m_graceMs; }
    void setGracePeriod(int msecs) { m_graceMs = qMax(0, msecs); }
    // Oneway deliveries in a row before one waits for its reply (flow control).
    int pushWindow() const { return m_window; }
    void setPushWindow(int calls) { m_window = qMax(1, calls); }
    // Events dropped so far (all subscribers), for tests and monitoring.
    quint64 droppedCount() const { return m_dropped; }
    qsizetype queuedCount() const;

    // From a relay, in the hub's thread.
    void deliver(const QObject *sender, int signalIndex, QVariantList args);

private:
    struct PushTarget;
    struct Subscriber
    {
        QString id;
        quint64 connectionId = 0;
        QString objectId;
        QPointer<QObject> object;
        QStringList signalNames;
        QList<int> signalIndexes;
        std::deque<QVariant> queue;         // (signal, args, seq) tuples
        quint64 seq = 0;
        quint64 dropped = 0;
        std::optional<PyroDelayedReply> waiting; // pull: a next() waiting for an event
        bool batch = false;                 // pull: each item is a list of the queued events
        PushTarget *target = nullptr;       // push
        bool ended = false;
    };
    struct PushTarget
    {
        QString key;
        PyroProxy *proxy = nullptr;
        QList<Subscriber *> subscribers;
        int unacked = 0;
        bool awaitingAck = false;
        qint64 failingSince = -1;
        bool retryScheduled = false;
        int next = 0;                       // round robin over subscribers
    };
    using RelayKey = std::pair<const QObject *, int>;

    Subscriber *addSubscriber(quint64 connectionId, const QString &objectId,
                              const QStringList &signalNames, PyroError *error);
    void enqueue(Subscriber *sub, const QString &signal, const QVariantList &args);
    std::optional<QVariant> nextFor(const QString &id, bool *ended);
    void pump(PushTarget *target);
    void pushFailed(PushTarget *target, const PyroError &error);
    void whenAnswered(PushTarget *target, class PyroCallReply *reply,
                      std::function<void(PushTarget *, const PyroError &)> then);
    void retryPush(PushTarget *target);
    void removeSubscriber(Subscriber *sub);
    void removeTarget(PushTarget *target);
    void connectionClosed(quint64 connectionId);
    void connectionHalfClosed(quint64 connectionId);
    QList<Subscriber *> pullSubscribersOf(quint64 connectionId) const;
    void objectDestroyed(const QObject *object);
    QVariant argumentValue(const QVariant &value) const;

    PyroDaemon *m_daemon;
    PyroSignalsObject *m_object;
    std::shared_ptr<PyroDaemonLink> m_link;
    QHash<QString, Subscriber *> m_subscribers;
    QHash<RelayKey, PyroSignalRelay *> m_relays;
    QHash<RelayKey, QList<Subscriber *>> m_bySignal;
    QHash<QString, PushTarget *> m_targets;
    int m_queueLimit = 1000;
    int m_graceMs = 5000;
    int m_window = 64;
    quint64 m_dropped = 0;
    quint64 m_nextId = 1;
};
