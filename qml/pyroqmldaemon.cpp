// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroqmldaemon.h"

#include <QtPyro/PyroDaemon>
#include <QtPyro/PyroLocator>
#include <QtPyro/PyroNameServerProxy>

using namespace Qt::StringLiterals;

PyroQmlObject::PyroQmlObject(QObject *parent)
    : QObject(parent)
{
}

PyroQmlObject::~PyroQmlObject()
{
    withdraw();
}

void PyroQmlObject::setObjectId(const QString &id)
{
    if (m_objectId == id)
        return;
    m_objectId = id;
    Q_EMIT objectIdChanged();
    publish();
}

void PyroQmlObject::setTarget(QObject *target)
{
    if (m_target == target)
        return;
    m_target = target;
    Q_EMIT targetChanged();
    publish();
}

void PyroQmlObject::setName(const QString &name)
{
    if (m_name == name)
        return;
    m_name = name;
    Q_EMIT registrationChanged();
    publish();
}

void PyroQmlObject::setMetadata(const QStringList &tags)
{
    if (m_metadata == tags)
        return;
    m_metadata = tags;
    Q_EMIT registrationChanged();
    publish();
}

void PyroQmlObject::attach(PyroQmlDaemon *daemon)
{
    m_daemon = daemon;
    publish();
}

void PyroQmlObject::setRegistered(bool on)
{
    if (m_registered == on)
        return;
    m_registered = on;
    Q_EMIT registeredChanged();
}

void PyroQmlObject::publish()
{
    withdraw();
    if (!m_daemon || !m_daemon->isComplete() || !m_daemon->isListening() || !m_target)
        return;
    const PyroUri uri = m_daemon->daemon()->registerObject(m_target, m_objectId);
    if (!uri.isValid()) {
        qWarning("PyroObject: could not register %s", qPrintable(m_objectId));
        return;
    }
    m_served = m_target;
    m_servedId = uri.object();
    m_uri = uri.toString();
    Q_EMIT uriChanged();
    if (!m_name.isEmpty()) {
        m_registeredName = m_name;
        m_daemon->registerName(this, m_name, m_uri, m_metadata);
    }
}

void PyroQmlObject::withdraw()
{
    if (m_daemon && m_served && !m_servedId.isEmpty())
        m_daemon->daemon()->unregisterObject(m_servedId);
    if (m_daemon && !m_registeredName.isEmpty())
        m_daemon->removeName(m_registeredName);
    m_registeredName.clear();
    m_served = nullptr;
    m_servedId.clear();
    setRegistered(false);
    if (!m_uri.isEmpty()) {
        m_uri.clear();
        Q_EMIT uriChanged();
    }
}

PyroQmlDaemon::PyroQmlDaemon(QObject *parent)
    : QObject(parent), m_daemon(new PyroDaemon(this))
{
}

PyroQmlDaemon::~PyroQmlDaemon()
{
    for (PyroQmlObject *object : std::as_const(m_objects))
        object->withdraw();
}

void PyroQmlDaemon::componentComplete()
{
    m_complete = true;
    if (!m_daemon->listen(m_host, quint16(m_port))) {
        m_errorString = m_daemon->errorString();
        Q_EMIT errorStringChanged();
        qWarning("PyroDaemon: cannot listen on %s:%d: %s", qPrintable(m_host), m_port,
                 qPrintable(m_errorString));
        return;
    }
    Q_EMIT listeningChanged();
    Q_EMIT portChanged();
    for (PyroQmlObject *object : std::as_const(m_objects))
        object->publish();
}

void PyroQmlDaemon::setHost(const QString &host)
{
    if (m_host == host)
        return;
    if (m_complete)
        qWarning("PyroDaemon: host is fixed once the daemon listens");
    m_host = host;
    Q_EMIT hostChanged();
}

int PyroQmlDaemon::port() const
{
    return m_daemon->isListening() ? m_daemon->port() : m_port;
}

void PyroQmlDaemon::setPort(int port)
{
    if (m_port == port)
        return;
    if (m_complete)
        qWarning("PyroDaemon: port is fixed once the daemon listens");
    m_port = port;
    Q_EMIT portChanged();
}

bool PyroQmlDaemon::isListening() const
{
    return m_daemon->isListening();
}

QString PyroQmlDaemon::location() const
{
    return m_daemon->isListening() ? m_daemon->location() : QString();
}

void PyroQmlDaemon::setNsHost(const QString &host)
{
    if (m_nsHost == host)
        return;
    m_nsHost = host;
    delete m_ns;
    m_ns = nullptr;
    Q_EMIT nameServerChanged();
}

void PyroQmlDaemon::setNsPort(int port)
{
    if (m_nsPort == port)
        return;
    m_nsPort = port;
    delete m_ns;
    m_ns = nullptr;
    Q_EMIT nameServerChanged();
}

void PyroQmlDaemon::withNameServer(std::function<void(PyroNameServerProxy *)> f)
{
    if (m_ns) {
        f(m_ns);
        return;
    }
    m_waitingForNs.append(std::move(f));
    if (m_locating)
        return;
    m_locating = true;
    auto *locator = new PyroLocator(this);
    connect(locator, &PyroLocator::finished, this, [this, locator] {
        locator->deleteLater();
        m_locating = false;
        const QList<std::function<void(PyroNameServerProxy *)>> waiting = std::exchange(m_waitingForNs, {});
        if (locator->error().isError()) {
            qWarning("PyroDaemon: no name server: %s", qPrintable(locator->error().message()));
            return;
        }
        m_ns = locator->takeNameServer();
        if (!m_ns)
            m_ns = new PyroNameServerProxy(locator->nameServerUri());
        m_ns->setParent(this);
        for (const auto &f : waiting)
            f(m_ns);
    });
    locator->locate(m_nsHost, m_nsPort,
                    m_nsHost.isEmpty() ? PyroLocator::Broadcast::Enabled : PyroLocator::Broadcast::Disabled);
}

void PyroQmlDaemon::registerName(PyroQmlObject *object, const QString &name, const QString &uri,
                                 const QStringList &metadata)
{
    QPointer<PyroQmlObject> guard(object);
    withNameServer([this, guard, name, uri, metadata](PyroNameServerProxy *ns) {
        PyroCallReply *reply = ns->registerName(name, PyroUri(uri), PyroNameServerProxy::RegisterMode::Replace, metadata);
        reply->setParent(this);
        connect(reply, &PyroCallReply::finished, this, [reply, guard, name] {
            reply->deleteLater();
            if (reply->isError())
                qWarning("PyroObject: registering %s failed: %s", qPrintable(name),
                         qPrintable(reply->error().message()));
            else if (guard)
                guard->setRegistered(true);
        });
    });
}

void PyroQmlDaemon::removeName(const QString &name)
{
    if (m_ns)
        m_ns->proxy()->callOneway(u"remove"_s, {name});
}

QQmlListProperty<PyroQmlObject> PyroQmlDaemon::objects()
{
    return QQmlListProperty<PyroQmlObject>(this, nullptr, &appendObject, &objectCount, &objectAt, nullptr);
}

void PyroQmlDaemon::appendObject(QQmlListProperty<PyroQmlObject> *list, PyroQmlObject *object)
{
    auto *self = static_cast<PyroQmlDaemon *>(list->object);
    self->m_objects.append(object);
    connect(object, &QObject::destroyed, self, [self, object] { self->m_objects.removeAll(object); });
    object->attach(self);
}

qsizetype PyroQmlDaemon::objectCount(QQmlListProperty<PyroQmlObject> *list)
{
    return static_cast<PyroQmlDaemon *>(list->object)->m_objects.size();
}

PyroQmlObject *PyroQmlDaemon::objectAt(QQmlListProperty<PyroQmlObject> *list, qsizetype index)
{
    return static_cast<PyroQmlDaemon *>(list->object)->m_objects.value(index);
}
