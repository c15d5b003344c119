// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrosignalhub_p.h"

#include "pyrodaemon_p.h"
#include "pyroinvoker_p.h"
#include "pyroproxy.h"
#include "pyroserializer.h"
#include "pyrovalues.h"

#include <QtCore/QDateTime>
#include <QtCore/QMutex>
#include <QtCore/QThread>
#include <QtCore/QTimer>

#include <unordered_map>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPyroSignals, "qtpyro.signals", QtInfoMsg)

namespace {

const QString signalsObjectId = u"Pyro.Signals"_s;
// The method a push subscriber's callback object offers: emitted(signal, args, seq).
const QString callbackMethod = u"emitted"_s;
// Events in one item of a batch-mode events() stream at the most.
constexpr int MaxBatch = 512;

PyroSignalInfo *buildSignalInfo(const QMetaObject *mo)
{
    auto *info = new PyroSignalInfo;
    const QSet<QString> excluded = PyroInvoker::classInfoNames(mo, "pyro.exclude");
    const QHash<QString, QString> renames = PyroInvoker::exposedNames(mo);
    for (const QMetaObject *level = mo; level; level = level->superClass()) {
        const bool qtLevel = PyroInvoker::isQtClass(level);
        for (int i = level->methodOffset(); i < level->methodCount(); ++i) {
            const QMetaMethod m = level->method(i);
            if (m.methodType() != QMetaMethod::Signal)
                continue;
            const QString cppName = QString::fromLatin1(m.name());
            const QString name = qtLevel ? cppName : renames.value(cppName, cppName);
            if (qtLevel || m.access() != QMetaMethod::Public || excluded.contains(cppName)
                || excluded.contains(name) || PyroInvoker::isPrivateName(name)) {
                info->unexposed.insert(name);
                continue;
            }
            // A signal with default arguments is listed once per arity: keep the longest;
            // a subclass's signal hides a base class's of the same name.
            const auto it = info->signalsByName.constFind(name);
            if (it != info->signalsByName.cend()
                && (it->method.enclosingMetaObject() != level || it->method.parameterCount() >= m.parameterCount()))
                continue;
            PyroSignalInfo::Signal s;
            s.name = name;
            s.method = m;
            for (const QByteArray &p : m.parameterNames())
                s.parameterNames.append(QString::fromLatin1(p));
            info->signalsByName.insert(name, s);
        }
    }
    const PyroClassInfo &cls = PyroInvoker::classInfo(mo);
    for (auto it = cls.properties.cbegin(); it != cls.properties.cend(); ++it) {
        if (!it->hasNotifySignal())
            continue;
        const QMetaMethod notify = it->notifySignal();
        const QString cppName = QString::fromLatin1(notify.name());
        const QString name = renames.value(cppName, cppName);
        const auto s = info->signalsByName.constFind(name);
        if (s != info->signalsByName.cend() && s->method.methodIndex() == notify.methodIndex())
            info->notify.insert(it.key(), name);
    }
    return info;
}

} // namespace

const PyroSignalInfo &PyroSignalInfo::of(const QMetaObject *metaObject)
{
    // One entry per class for the life of the process; the cache owns them.
    static QMutex mutex;
    static std::unordered_map<const QMetaObject *, std::unique_ptr<PyroSignalInfo>> cache;
    QMutexLocker locker(&mutex);
    std::unique_ptr<PyroSignalInfo> &info = cache[metaObject];
    if (!info)
        info.reset(buildSignalInfo(metaObject));
    return *info;
}

void PyroSignalInfo::addMetadata(PyroDict *metadata) const
{
    if (signalsByName.isEmpty())
        return;
    QVariantMap signalMap;
    for (auto it = signalsByName.cbegin(); it != signalsByName.cend(); ++it)
        signalMap.insert(it.key(), it->parameterNames);
    metadata->append(u"signals"_s, signalMap);
    if (!notify.isEmpty()) {
        QVariantMap notifyMap;
        for (auto it = notify.cbegin(); it != notify.cend(); ++it)
            notifyMap.insert(it.key(), it.value());
        metadata->append(u"notify"_s, notifyMap);
    }
}

/*
 * Connected to one signal of one object (direct connection): copies the arguments in the
 * emitting thread and hands them to the hub's thread, in the order of emission. Not
 * moc'ed: the connection targets a method index past QObject's, which qt_metacall takes.
 */
class PyroSignalRelay : public QObject
{
public:
    PyroSignalRelay(PyroSignalHub *hub, std::shared_ptr<PyroDaemonLink> link, const QObject *sender,
                    const QMetaMethod &signal)
        : m_hub(hub), m_link(std::move(link)), m_sender(sender), m_index(signal.methodIndex())
    {
        for (int i = 0; i < signal.parameterCount(); ++i)
            m_types.append(signal.parameterMetaType(i));
    }

    void setConnected(bool on)
    {
        if (on == bool(m_connection))
            return;
        if (on)
            m_connection = QMetaObject::connect(m_sender, m_index, this, QObject::staticMetaObject.methodCount(),
                                                Qt::DirectConnection);
        else
            QObject::disconnect(std::exchange(m_connection, {}));
    }

    int qt_metacall(QMetaObject::Call call, int id, void **argv) override
    {
        id = QObject::qt_metacall(call, id, argv);
        if (id < 0 || call != QMetaObject::InvokeMetaMethod)
            return id;
        if (id == 0) {
            QVariantList args;
            args.reserve(m_types.size());
            for (qsizetype i = 0; i < m_types.size(); ++i) {
                const QMetaType type = m_types.at(i);
                if (type == QMetaType::fromType<QVariant>())
                    args.append(*static_cast<const QVariant *>(argv[i + 1]));
                else
                    args.append(type.isValid() ? QVariant(type, argv[i + 1]) : QVariant());
            }
            if (QThread::currentThread() == m_hub->thread()) {
                m_hub->deliver(m_sender, m_index, std::move(args));
            } else {
                PyroSignalHub *hub = m_hub;
                m_link->post([hub, sender = m_sender, index = m_index, args = std::move(args)]() mutable {
                    hub->deliver(sender, index, std::move(args));
                });
            }
        }
        return -1;
    }

private:
    PyroSignalHub *m_hub;
    std::shared_ptr<PyroDaemonLink> m_link;
    const QObject *m_sender;
    int m_index;
    QList<QMetaType> m_types;
    QMetaObject::Connection m_connection;
};

// ---------------------------------------------------------------------------------------
// Pyro.Signals

QString PyroSignalsObject::subscribe(const QString &object_id, const QString &signal, const QVariant &callback)
{
    PyroCallContext *context = PyroCallContext::current();
    PyroUri uri;
    if (callback.canConvert<PyroObjectRef>() && callback.metaType() == QMetaType::fromType<PyroObjectRef>())
        uri = callback.value<PyroObjectRef>().uri();
    else if (callback.metaType() == QMetaType::fromType<PyroUri>())
        uri = callback.value<PyroUri>();
    else if (callback.typeId() == QMetaType::QString)
        uri = PyroUri(callback.toString());
    if (!uri.isValid() || uri.protocol() != PyroUri::Protocol::Pyro) {
        context->setError(PyroError::exception(u"builtins.TypeError"_s,
                                               u"callback must be a proxy or a PYRO: uri of the subscriber's object"_s));
        return QString();
    }
    const PyroSerializer *serializer = PyroSerializer::byId(context->serializerId());
    PyroError error;
    const QString id = m_hub->subscribe(context->connectionId(), object_id, signal, uri,
                                        serializer ? serializer->name() : QString(), &error);
    if (error.isError())
        context->setError(error);
    return id;
}

PyroGenerator PyroSignalsObject::events(const QString &object_id, const QVariant &signal_names, bool batch)
{
    PyroCallContext *context = PyroCallContext::current();
    QStringList names;
    if (signal_names.typeId() == QMetaType::QString) {
        names.append(signal_names.toString());
    } else if (signal_names.isValid() && !PyroValues::isNone(signal_names)) {
        const QVariantList list = signal_names.metaType() == QMetaType::fromType<PyroTuple>()
            ? signal_names.value<PyroTuple>().items()
            : signal_names.metaType() == QMetaType::fromType<PyroSet>() ? signal_names.value<PyroSet>().items()
                                                                       : signal_names.toList();
        for (const QVariant &v : list)
            names.append(v.toString());
    }
    PyroError error;
    PyroGenerator generator = m_hub->events(context->connectionId(), object_id, names, batch, &error);
    if (error.isError())
        context->setError(error);
    return generator;
}

bool PyroSignalsObject::unsubscribe(const QString &subscription_id)
{
    return m_hub->unsubscribe(subscription_id);
}

QVariantList PyroSignalsObject::subscriptions() const
{
    return m_hub->subscriptions(PyroCallContext::current()->connectionId());
}

// ---------------------------------------------------------------------------------------
// PyroSignalHub

/*
    \class PyroSignalHub
    One per daemon, made by the PyroDaemon extension below: serves "Pyro.Signals" and adds
    the "signals"/"notify" metadata keys. Lives in the daemon's thread; emissions from other
    threads reach it queued, in order. See docs/signals.md for the delivery rules.
*/
PyroSignalHub::PyroSignalHub(PyroDaemon *daemon)
    : QObject(daemon), m_daemon(daemon), m_object(new PyroSignalsObject(this)),
      m_link(std::make_shared<PyroDaemonLink>(this))
{
    setObjectName(u"qtpyro_signal_hub"_s);
    m_object->setParent(this);
    m_queueLimit = qMax(1, daemon->config().signalQueue());
    daemon->addBuiltinObject(signalsObjectId, m_object);
    daemon->addMetadataExtension([](const QMetaObject *type, PyroDict *metadata) {
        PyroSignalInfo::of(type).addMetadata(metadata);
    });
    connect(daemon, &PyroDaemon::clientDisconnected, this, &PyroSignalHub::connectionClosed);
    connect(daemon, &PyroDaemon::clientHalfClosed, this, &PyroSignalHub::connectionHalfClosed);
}

PyroSignalHub::~PyroSignalHub()
{
    m_link->detach();
    for (PyroSignalRelay *relay : std::as_const(m_relays))
        relay->setConnected(false);
    qDeleteAll(m_subscribers);
    for (PushTarget *target : std::as_const(m_targets))
        delete target; // the proxies are children
}

PyroSignalHub *PyroSignalHub::of(const PyroDaemon *daemon)
{
    return daemon->findChild<PyroSignalHub *>(u"qtpyro_signal_hub"_s, Qt::FindDirectChildrenOnly);
}

qsizetype PyroSignalHub::queuedCount() const
{
    qsizetype n = 0;
    for (const Subscriber *sub : m_subscribers)
        n += qsizetype(sub->queue.size());
    return n;
}

PyroSignalHub::Subscriber *PyroSignalHub::addSubscriber(quint64 connectionId, const QString &objectId,
                                                        const QStringList &signalNames, PyroError *error)
{
    QObject *object = m_daemon->object(objectId);
    if (!object) {
        *error = PyroError(PyroError::Code::DaemonError,
                           m_daemon->registeredIds().contains(objectId)
                               ? u"signals of objects a factory makes cannot be subscribed to"_s
                               : u"unknown object"_s);
        return nullptr;
    }
    const PyroSignalInfo &info = PyroSignalInfo::of(object->metaObject());
    QStringList names = signalNames;
    if (names.isEmpty()) {
        names = info.signalsByName.keys();
        names.sort();
        if (names.isEmpty()) {
            *error = PyroError::exception(u"builtins.AttributeError"_s,
                                          u"remote object '%1' has no exposed signals"_s.arg(objectId));
            return nullptr;
        }
    }
    QList<int> indexes;
    for (const QString &name : std::as_const(names)) {
        const auto it = info.signalsByName.constFind(name);
        if (it == info.signalsByName.cend()) {
            *error = PyroError::exception(u"builtins.AttributeError"_s,
                                          info.unexposed.contains(name)
                                              ? u"signal '%1' of remote object '%2' is not exposed"_s.arg(name, objectId)
                                              : u"remote object '%2' has no signal '%1'"_s.arg(name, objectId));
            return nullptr;
        }
        indexes.append(it->method.methodIndex());
    }

    auto *sub = new Subscriber;
    sub->id = u"sub_%1"_s.arg(m_nextId++);
    sub->connectionId = connectionId;
    sub->objectId = objectId;
    sub->object = object;
    sub->signalNames = names;
    sub->signalIndexes = indexes;
    m_subscribers.insert(sub->id, sub);
    for (qsizetype i = 0; i < names.size(); ++i) {
        const RelayKey key(object, indexes.at(i));
        PyroSignalRelay *&relay = m_relays[key];
        if (!relay) {
            relay = new PyroSignalRelay(this, m_link, object, info.signalsByName.value(names.at(i)).method);
            relay->setParent(this);
            // The relay outlives its connection (an emission in another thread may still
            // be inside it); it goes with the object.
            connect(object, &QObject::destroyed, this, [this, object] { objectDestroyed(object); });
        }
        relay->setConnected(true);
        m_bySignal[key].append(sub);
    }
    return sub;
}

QString PyroSignalHub::subscribe(quint64 connectionId, const QString &objectId, const QString &signal,
                                 const PyroUri &callback, const QString &serializer, PyroError *error)
{
    Subscriber *sub = addSubscriber(connectionId, objectId, QStringList{signal}, error);
    if (!sub)
        return QString();
    // Subscriptions to one callback object share its proxy (one connection).
    const QString key = callback.toString() + u'|' + serializer;
    PushTarget *&target = m_targets[key];
    if (!target) {
        target = new PushTarget;
        target->key = key;
        target->proxy = new PyroProxy(callback, m_daemon->config(), this);
        if (!serializer.isEmpty())
            target->proxy->setSerializer(serializer);
        PushTarget *t = target;
        connect(target->proxy, &PyroProxy::errorOccurred, this, [this, t](const PyroError &e) { pushFailed(t, e); });
    }
    sub->target = target;
    target->subscribers.append(sub);
    qCDebug(lcPyroSignals) << "push subscription" << sub->id << objectId << signal << "->" << callback;
    return sub->id;
}

PyroGenerator PyroSignalHub::events(quint64 connectionId, const QString &objectId, const QStringList &signalNames,
                                    bool batch, PyroError *error)
{
    Subscriber *sub = addSubscriber(connectionId, objectId, signalNames, error);
    if (!sub)
        return PyroGenerator();
    sub->batch = batch;
    qCDebug(lcPyroSignals) << "pull subscription" << sub->id << objectId << sub->signalNames;
    // Ends the subscription when the daemon forgets the stream (closed, lifetime, linger).
    struct StreamGuard
    {
        QPointer<PyroSignalHub> hub;
        QString id;
        ~StreamGuard()
        {
            if (hub)
                QMetaObject::invokeMethod(hub, [hub = hub, id = id] { if (hub) hub->unsubscribe(id); },
                                          Qt::QueuedConnection);
        }
    };
    auto guard = std::make_shared<StreamGuard>();
    guard->hub = this;
    guard->id = sub->id;
    return PyroGenerator([guard]() -> std::optional<QVariant> {
        bool ended = false;
        std::optional<QVariant> item = guard->hub ? guard->hub->nextFor(guard->id, &ended) : std::nullopt;
        if (ended)
            return std::nullopt;
        return item ? item : QVariant(); // no event yet: a delayed reply carries it later
    });
}

std::optional<QVariant> PyroSignalHub::nextFor(const QString &id, bool *ended)
{
    Subscriber *sub = m_subscribers.value(id);
    if (!sub || sub->ended) {
        *ended = true;
        return std::nullopt;
    }
    if (!sub->queue.empty() && sub->batch) {
        // What queued up while the subscriber's last item travelled, in one item.
        QVariantList items;
        const qsizetype n = qMin(qsizetype(sub->queue.size()), qsizetype(MaxBatch));
        items.reserve(n);
        for (qsizetype i = 0; i < n; ++i) {
            items.append(std::move(sub->queue.front()));
            sub->queue.pop_front();
        }
        return QVariant(items);
    }
    if (!sub->queue.empty()) {
        QVariant item = std::move(sub->queue.front());
        sub->queue.pop_front();
        return item;
    }
    PyroCallContext *context = PyroCallContext::current();
    if (!context) {
        *ended = true;
        return std::nullopt;
    }
    sub->waiting = context->delayReply();
    return std::nullopt;
}

bool PyroSignalHub::unsubscribe(const QString &id)
{
    Subscriber *sub = m_subscribers.value(id);
    if (!sub)
        return false;
    removeSubscriber(sub);
    return true;
}

QVariantList PyroSignalHub::subscriptions(quint64 connectionId) const
{
    QVariantList list;
    for (const Subscriber *sub : m_subscribers) {
        if (sub->connectionId != connectionId)
            continue;
        QVariantMap entry;
        entry.insert(u"id"_s, sub->id);
        entry.insert(u"object_id"_s, sub->objectId);
        entry.insert(u"signals"_s, sub->signalNames);
        entry.insert(u"mode"_s, sub->target ? u"push"_s : u"pull"_s);
        entry.insert(u"seq"_s, sub->seq);
        entry.insert(u"dropped"_s, sub->dropped);
        entry.insert(u"queued"_s, qulonglong(sub->queue.size()));
        list.append(entry);
    }
    std::sort(list.begin(), list.end(), [](const QVariant &a, const QVariant &b) {
        return a.toMap().value(u"id"_s).toString().mid(4).toULongLong()
             < b.toMap().value(u"id"_s).toString().mid(4).toULongLong();
    });
    return list;
}

QVariant PyroSignalHub::argumentValue(const QVariant &value) const
{
    const QMetaType type = value.metaType();
    if (type.flags() & QMetaType::PointerToQObject) {
        const QObject *obj = *static_cast<QObject *const *>(value.constData());
        const PyroObjectRef ref = obj ? m_daemon->proxyFor(obj) : PyroObjectRef();
        return ref.uri().isValid() ? QVariant::fromValue(ref) : PyroValues::none();
    }
    if (type.flags() & QMetaType::IsEnumeration)
        return value.toLongLong();
    return value.isValid() ? value : PyroValues::none();
}

void PyroSignalHub::deliver(const QObject *sender, int signalIndex, QVariantList args)
{
    const auto it = m_bySignal.constFind(RelayKey(sender, signalIndex));
    if (it == m_bySignal.cend() || it->isEmpty())
        return;
    for (QVariant &arg : args)
        arg = argumentValue(arg);
    const QList<Subscriber *> subscribers = *it;
    const Subscriber *first = subscribers.constFirst();
    const qsizetype slot = first->signalIndexes.indexOf(signalIndex);
    const QString name = first->signalNames.value(slot);
    for (Subscriber *sub : subscribers)
        enqueue(sub, name, args);
}

void PyroSignalHub::enqueue(Subscriber *sub, const QString &signal, const QVariantList &args)
{
    QVariant item = QVariant::fromValue(PyroTuple{signal, QVariant::fromValue(PyroTuple(args)), ++sub->seq});
    if (sub->waiting) {
        PyroDelayedReply reply = std::move(*sub->waiting);
        sub->waiting.reset();
        reply.send(sub->batch ? QVariant(QVariantList{item}) : item);
        return;
    }
    sub->queue.push_back(std::move(item));
    if (qsizetype(sub->queue.size()) > m_queueLimit) {
        // The oldest goes: the subscriber sees the gap in the seq numbers.
        sub->queue.pop_front();
        ++sub->dropped;
        ++m_dropped;
    }
    if (sub->target)
        pump(sub->target);
}

void PyroSignalHub::pump(PushTarget *target)
{
    if (target->awaitingAck || target->failingSince >= 0)
        return;
    const qsizetype n = target->subscribers.size();
    bool sent = true;
    while (sent && !target->awaitingAck) {
        sent = false;
        for (qsizetype k = 0; k < n && !target->awaitingAck; ++k) {
            Subscriber *sub = target->subscribers.at((target->next + k) % n);
            if (sub->queue.empty())
                continue;
            const PyroTuple item = sub->queue.front().value<PyroTuple>();
            sub->queue.pop_front();
            sent = true;
            if (++target->unacked < m_window) {
                target->proxy->callOneway(callbackMethod, item.items());
                continue;
            }
            // Every window-th delivery waits for its reply: a subscriber that does not
            // keep up stops the pushing and its queue (bounded) takes the rest.
            target->awaitingAck = true;
            target->next = int((target->next + k + 1) % n);
            PyroCallReply *reply = target->proxy->asyncCall(
                    callbackMethod, item.items(), {}, PyroCallOptions().setOneway(PyroCallOptions::Oneway::Never));
            whenAnswered(target, reply, [this](PushTarget *t, const PyroError &error) {
                if (error.code() == PyroError::Code::DaemonError) {
                    // The callback object is gone from its daemon: so is the subscriber.
                    removeTarget(t);
                    return;
                }
                if (error.isError() && error.code() != PyroError::Code::RemoteException) {
                    pushFailed(t, error);
                    return;
                }
                t->awaitingAck = false;
                t->unacked = 0;
                pump(t);
            });
        }
    }
}

void PyroSignalHub::whenAnswered(PushTarget *target, PyroCallReply *reply,
                                 std::function<void(PushTarget *, const PyroError &)> then)
{
    const QString key = target->key;
    reply->setParent(target->proxy); // not left behind when the hub goes first
    connect(reply, &PyroCallReply::finished, this, [this, reply, key, then = std::move(then)] {
        reply->deleteLater();
        if (PushTarget *t = m_targets.value(key)) // not unsubscribed meanwhile
            then(t, reply->error());
    });
}

void PyroSignalHub::pushFailed(PushTarget *target, const PyroError &error)
{
    if (target->failingSince < 0) {
        qCInfo(lcPyroSignals) << "delivery to" << target->proxy->uri() << "failed:" << error.message();
        target->failingSince = QDateTime::currentMSecsSinceEpoch();
    }
    target->awaitingAck = false;
    target->unacked = 0;
    if (target->retryScheduled)
        return;
    target->retryScheduled = true;
    const QString key = target->key;
    QTimer::singleShot(qBound(10, m_graceMs / 5, 1000), this, [this, key] {
        if (PushTarget *t = m_targets.value(key))
            retryPush(t);
    });
}

void PyroSignalHub::retryPush(PushTarget *target)
{
    target->retryScheduled = false;
    if (QDateTime::currentMSecsSinceEpoch() - target->failingSince >= m_graceMs) {
        qCInfo(lcPyroSignals) << "unsubscribing" << target->subscribers.size()
                              << "subscription(s) of the unreachable callback" << target->proxy->uri();
        removeTarget(target);
        return;
    }
    whenAnswered(target, target->proxy->ping(), [this](PushTarget *t, const PyroError &error) {
        if (error.isError()) {
            pushFailed(t, error);
            return;
        }
        t->failingSince = -1;
        pump(t);
    });
}

void PyroSignalHub::removeSubscriber(Subscriber *sub)
{
    m_subscribers.remove(sub->id);
    for (int index : std::as_const(sub->signalIndexes)) {
        const RelayKey key(sub->object.data(), index);
        auto it = m_bySignal.find(key);
        if (it == m_bySignal.end())
            continue;
        it->removeAll(sub);
        if (it->isEmpty()) {
            m_bySignal.erase(it);
            if (PyroSignalRelay *relay = m_relays.value(key))
                relay->setConnected(false);
        }
    }
    if (sub->waiting) {
        // A pull subscriber waiting for an event: its stream ends.
        PyroDelayedReply reply = std::move(*sub->waiting);
        sub->waiting.reset();
        reply.sendError(PyroError::exception(u"builtins.StopIteration"_s, QVariantList()));
    }
    if (PushTarget *target = sub->target) {
        target->subscribers.removeAll(sub);
        if (target->subscribers.isEmpty()) {
            m_targets.remove(target->key);
            target->proxy->deleteLater();
            delete target;
        }
    }
    qCDebug(lcPyroSignals) << "subscription" << sub->id << "ended";
    delete sub;
}

void PyroSignalHub::removeTarget(PushTarget *target)
{
    const QList<Subscriber *> subscribers = target->subscribers;
    for (Subscriber *sub : subscribers)
        removeSubscriber(sub); // the last one deletes the target
}

QList<PyroSignalHub::Subscriber *> PyroSignalHub::pullSubscribersOf(quint64 connectionId) const
{
    QList<Subscriber *> subscribers;
    for (Subscriber *sub : std::as_const(m_subscribers)) {
        if (!sub->target && sub->connectionId == connectionId)
            subscribers.append(sub);
    }
    return subscribers;
}

void PyroSignalHub::connectionClosed(quint64 connectionId)
{
    for (Subscriber *sub : pullSubscribersOf(connectionId)) {
        sub->waiting.reset(); // nobody to answer
        removeSubscriber(sub);
    }
}

// A pull subscriber whose client stopped sending can never ask for another item: its
// stream ends (the waiting item request gets StopIteration, which lets the connection close).
void PyroSignalHub::connectionHalfClosed(quint64 connectionId)
{
    for (Subscriber *sub : pullSubscribersOf(connectionId))
        removeSubscriber(sub);
}

void PyroSignalHub::objectDestroyed(const QObject *object)
{
    QList<Subscriber *> gone;
    for (Subscriber *sub : std::as_const(m_subscribers)) {
        if (sub->object.isNull() || sub->object.data() == object)
            gone.append(sub);
    }
    for (Subscriber *sub : std::as_const(gone)) {
        const QList<int> indexes = sub->signalIndexes;
        sub->signalIndexes.clear();
        for (int index : indexes) {
            const RelayKey key(object, index);
            m_bySignal.remove(key);
        }
        removeSubscriber(sub);
    }
    for (auto it = m_relays.begin(); it != m_relays.end();) {
        if (it.key().first == object) {
            delete it.value();
            it = m_relays.erase(it);
        } else {
            ++it;
        }
    }
    m_bySignal.removeIf([object](const auto &it) { return it.key().first == object; });
}

// Every daemon gets its hub (the daemon itself knows nothing of signals).
static void installSignalHub()
{
    PyroDaemon::registerExtension([](PyroDaemon *daemon) { new PyroSignalHub(daemon); });
}
Q_CONSTRUCTOR_FUNCTION(installSignalHub)
