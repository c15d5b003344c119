// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrodaemon.h"
#include "pyrodaemon_p.h"
#include "pyrodaemonconnection_p.h"
#include "pyrounixserver_p.h"

#include "pyrocallcontext_p.h"
#include "pyrothreadcontext_p.h"
#include "pyroautoproxy_p.h"
#include "pyrolocallisteners_p.h"
#include "pyroclassmapping_p.h"
#include "pyrosslconfig.h"

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFutureWatcher>
#include <QtCore/QThread>
#include <QtCore/QThreadPool>
#include <QtNetwork/QHostInfo>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#if QT_CONFIG(ssl)
#  include <QtNetwork/QSslServer>
#  include <QtNetwork/QSslSocket>
#endif

#ifdef Q_OS_UNIX
#  include <cerrno>
#  include <fcntl.h>
#  include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using namespace PyroProtocol;

Q_LOGGING_CATEGORY(lcPyroDaemon, "qtpyro.daemon")

// ---------------------------------------------------------------------------------------
// PyroDaemonPrivate

PyroDaemonPrivate::PyroDaemonPrivate(PyroDaemon *daemon, const PyroConfig &cfg)
    : q(daemon), config(cfg), link(std::make_shared<PyroDaemonLink>(daemon))
{
    clock.start();
    // Children of the daemon, so that moving the daemon to another thread moves them too.
    daemonObject = new PyroDaemonObject(this);
    daemonObject->setParent(q);
    housekeepingTimer = new QTimer(q);
    housekeepingTimer->setTimerType(Qt::PreciseTimer); // stream lifetime and lingering are contract
    pool = new QThreadPool(q);
    pool->setMaxThreadCount(std::max(1, config.threadPoolSize()));
    QObject::connect(housekeepingTimer, &QTimer::timeout, q, [this] { housekeeping(); });
}

PyroDaemonPrivate::~PyroDaemonPrivate() = default;

const PyroClassInfo *PyroDaemonPrivate::classInfoFor(const QString &objectId) const
{
    if (objectId == PyroDaemonPrivate::daemonObjectId())
        return &PyroInvoker::classInfo(daemonObject->metaObject());
    const auto it = registry.constFind(objectId);
    if (it == registry.cend()) {
        const QObject *builtin = builtins.value(objectId);
        return builtin ? &PyroInvoker::classInfo(builtin->metaObject()) : nullptr;
    }
    if (it->isFactory())
        return &PyroInvoker::classInfo(it->type);
    if (!it->object)
        return nullptr;
    return &PyroInvoker::classInfo(it->object->metaObject());
}

QVariant PyroDaemonPrivate::metadataFor(const PyroClassInfo *cls) const
{
    if (metadataExtensions.isEmpty())
        return cls->metadata;
    PyroDict meta = cls->metadata.value<PyroDict>();
    for (const PyroDaemon::MetadataExtension &extend : metadataExtensions)
        extend(cls->metaObject, &meta);
    return QVariant::fromValue(meta);
}

QObject *PyroDaemonPrivate::instanceFor(Registration &reg, PyroDaemonConnection *connection,
                                        PyroError *error, QObject **percall)
{
    if (!reg.isFactory()) {
        if (!reg.object)
            *error = PyroError(PyroError::Code::DaemonError, u"unknown object"_s);
        return reg.object.data();
    }
    auto create = [&]() -> QObject * {
        QObject *obj = nullptr;
        try {
            obj = reg.factory ? reg.factory() : nullptr;
        } catch (...) {
            *error = PyroInvoker::currentExceptionError(u"instance creator"_s);
            return nullptr;
        }
        if (!obj) {
            *error = PyroError(PyroError::Code::DaemonError,
                               u"could not create an instance of %1"_s.arg(QString::fromLatin1(reg.type->className())));
            return nullptr;
        }
        if (!obj->metaObject()->inherits(reg.type)) {
            delete obj;
            *error = PyroError::exception(u"builtins.TypeError"_s,
                                          u"instance creator returned object of different type"_s);
            return nullptr;
        }
        idsByObject.insert(obj, reg.id);
        QObject::connect(obj, &QObject::destroyed, q, [this, obj] { idsByObject.remove(obj); });
        return obj;
    };
    switch (reg.mode) {
    case PyroDaemon::InstanceMode::Single:
        if (!reg.single)
            reg.single = create();
        return reg.single;
    case PyroDaemon::InstanceMode::Session: {
        QObject *obj = connection->sessionInstances.value(reg.id);
        if (!obj) {
            obj = create();
            if (obj)
                connection->sessionInstances.insert(reg.id, obj);
        }
        return obj;
    }
    case PyroDaemon::InstanceMode::PerCall:
        *percall = create();
        return *percall;
    }
    return nullptr;
}

QVariant PyroDaemonPrivate::autoproxy(const QVariant &value) const
{
    if (!(value.metaType().flags() & QMetaType::PointerToQObject))
        return QVariant();
    const QObject *obj = *static_cast<QObject *const *>(value.constData());
    if (!obj)
        return PyroValues::none();
    const QString id = idsByObject.value(obj);
    if (id.isEmpty())
        return QVariant(); // not ours: "don't know how to serialize"
    // The serializers map the reference on to Pyro5's proxy dict.
    return QVariant::fromValue(q->proxyFor(id));
}

// The location changed: the references proxies send for our registered objects, too.
void PyroDaemonPrivate::republish()
{
    for (const Registration &reg : std::as_const(registry)) {
        if (reg.object)
            PyroAutoproxy::publish(reg.object.data(), q, q->proxyFor(reg.id));
    }
}

PyroEncodeContext PyroDaemonPrivate::encodeContext() const
{
    PyroEncodeContext context;
    context.serpentBytesRepr = config.serpentBytesRepr();
    if (!idsByObject.isEmpty())
        context.replace = [this](const QVariant &value) { return autoproxy(value); };
    return context;
}

void PyroDaemonPrivate::connectionClosed(PyroDaemonConnection *connection)
{
    const quint64 id = connection->id();
    const bool counted = connections.remove(id);
    if (connection->wasDenied())
        --deniedOpen;
    scheduleAccept();
    const double linger = config.iterStreamLinger();
    const QSet<QString> attached = streamsByConnection.take(id);
    for (const QString &streamId : attached) {
        const auto it = streams.find(streamId);
        if (it == streams.end())
            continue;
        if (linger > 0) {
            // Counted for the client's address now: reconnecting does not free its quota.
            it->connectionId = 0;
            it->lingerSince = std::max<qint64>(1, now());
            ++lingeringByAddress[it->address];
        } else {
            eraseStream(it);
        }
    }
    if (counted && connection->wasConnected())
        Q_EMIT q->clientDisconnected(id);
}

void PyroDaemonPrivate::connectionFinished(PyroDaemonConnection *connection)
{
    for (QObject *obj : std::as_const(connection->sessionInstances))
        obj->deleteLater();
    connection->sessionInstances.clear();
    allConnections.remove(connection->id());
    connection->dispose(q);
}

// ---------------------------------------------------------------------------------------
// PyroDaemonHost: what connections see of the daemon

const PyroConfig &PyroDaemonHost::config() const
{
    return d->config;
}

PyroEncodeContext PyroDaemonHost::encodeContext() const
{
    return d->encodeContext();
}

const QList<PyroMessage::Annotation> &PyroDaemonHost::replyAnnotations() const
{
    return d->responseAnnotations;
}

QObject *PyroDaemonHost::owner() const
{
    return d->q;
}

QVariant PyroDaemonHost::handshakeResponse(const QVariant &handshake, PyroCallContext &context)
{
    if (!d->handshakeValidator)
        return u"hello"_s;
    auto *cd = PyroCallContextPrivate::get(&context);
    QVariant response;
    {
        PyroCallContextPrivate::Scope scope(&context);
        try {
            response = d->handshakeValidator(handshake, context);
        } catch (...) {
            cd->error = PyroInvoker::currentExceptionError(u"validateHandshake"_s);
        }
    }
    if (response.typeId() == qMetaTypeId<PyroError>() && response.value<PyroError>().isError())
        cd->error = response.value<PyroError>();
    return response.isValid() ? response : PyroValues::none();
}

QVariant PyroDaemonHost::objectMetadata(const QString &objectId) const
{
    const PyroClassInfo *cls = d->classInfoFor(objectId);
    return cls ? d->metadataFor(cls) : QVariant();
}

void PyroDaemonHost::dispatch(PyroDaemonConnection *connection, const PyroRequestPtr &request, PyroCall &&call)
{
    d->dispatch(connection, request, std::move(call));
}

QString PyroDaemonHost::openStream(PyroDaemonConnection *connection, const PyroGenerator &generator,
                                   const PyroRequestPtr &request, PyroError *error)
{
    return d->addStream(connection->id(), generator, request, error);
}

void PyroDaemonHost::connectionEvent(PyroDaemonConnection *connection, Event event)
{
    switch (event) {
    case Event::Connected:
        Q_EMIT d->q->clientConnected(connection->id(), connection->peer());
        break;
    case Event::HalfClosed:
        Q_EMIT d->q->clientHalfClosed(connection->id());
        break;
    case Event::Closed:
        d->connectionClosed(connection);
        break;
    case Event::Finished:
        d->connectionFinished(connection);
        break;
    }
}

void PyroDaemonHost::protocolError(PyroDaemonConnection *connection, const PyroError &error)
{
    Q_EMIT d->q->protocolErrorOccurred(connection->id(), error);
}

// ---------------------------------------------------------------------------------------
// PyroDaemon

namespace {
struct ExtensionList
{
    QMutex mutex;
    QList<PyroDaemon::Extension> extensions;
};
ExtensionList &daemonExtensions()
{
    static ExtensionList list;
    return list;
}
} // namespace

PyroDaemon::PyroDaemon(QObject *parent) : PyroDaemon(PyroConfig::global(), parent) { }

PyroDaemon::PyroDaemon(const PyroConfig &config, QObject *parent)
    : QObject(parent), d(new PyroDaemonPrivate(this, config))
{
    QList<Extension> extensions;
    {
        ExtensionList &list = daemonExtensions();
        QMutexLocker locker(&list.mutex);
        extensions = list.extensions;
    }
    for (const Extension &install : std::as_const(extensions))
        install(this);
}

PyroDaemon::~PyroDaemon()
{
    PyroAutoproxy::withdrawAll(this);
    d->link->detach();
    d->housekeepingTimer->stop();
    const auto connections = d->allConnections;
    d->allConnections.clear();
    d->connections.clear();
    for (PyroDaemonConnection *connection : connections) {
        for (QObject *obj : std::as_const(connection->sessionInstances))
            delete obj;
        connection->sessionInstances.clear();
        delete connection;
    }
    d->clearStreams();
    d->pendingRequests.clear();
    d->pool->waitForDone();
    for (auto &reg : d->registry)
        delete reg.single;
    d->registry.clear();
    if (d->localServer)
        d->localServer->close();
}

PyroConfig PyroDaemon::config() const
{
    return d->config;
}

void PyroDaemon::setConfig(const PyroConfig &config)
{
    d->config = config;
    d->pool->setMaxThreadCount(std::max(1, config.threadPoolSize()));
}

bool PyroDaemon::listen(const QString &host, quint16 port)
{
    QString h = host;
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    QHostAddress address;
    if (h.isEmpty()) {
        address = QHostAddress::AnyIPv4;
        return d->listenTcp(address, port, u"0.0.0.0"_s);
    }
    if (!address.setAddress(h)) {
        if (h.compare(u"localhost"_s, Qt::CaseInsensitive) == 0 && d->config.preferIpVersion() != 6) {
            address = QHostAddress(QHostAddress::LocalHost);
        } else {
            const QHostInfo info = QHostInfo::fromName(h);
            const QList<QHostAddress> addresses = info.addresses();
            if (addresses.isEmpty()) {
                d->errorString = u"cannot resolve %1: %2"_s.arg(h, info.errorString());
                return false;
            }
            const auto preferred = d->config.preferIpVersion() == 6 ? QAbstractSocket::IPv6Protocol
                                                                     : QAbstractSocket::IPv4Protocol;
            address = addresses.first();
            for (const QHostAddress &a : addresses) {
                if (a.protocol() == preferred) {
                    address = a;
                    break;
                }
            }
        }
    }
    return d->listenTcp(address, port, h);
}

bool PyroDaemon::listen(const QHostAddress &address, quint16 port)
{
    return d->listenTcp(address, port, address.toString());
}

bool PyroDaemon::listenUnix(const QString &socketPath)
{
    delete d->localServer;
    d->localServer = new PyroUnixServer(this);
    const QString full = QDir::current().absoluteFilePath(socketPath);
    if (!d->localServer->listen(full)) {
        d->errorString = d->localServer->errorString();
        delete d->localServer;
        d->localServer = nullptr;
        return false;
    }
    d->socketPath = socketPath;
    PyroLocalListeners::add(d->localServer);
    d->republish();
    connect(d->localServer, &PyroUnixServer::newConnection, this, [this] { d->acceptLocal(); });
    return true;
}

void PyroDaemon::setServer(QTcpServer *server, const QString &locationHost)
{
    d->adoptServer(server);
    d->locationHost = locationHost;
    d->republish();
}

void PyroDaemon::setSslConfiguration(const QSslConfiguration &configuration)
{
    if (configuration.isNull())
        d->sslConfiguration.reset();
    else
        d->sslConfiguration = configuration;
}

bool PyroDaemon::isListening() const
{
    return (d->tcpServer && d->tcpServer->isListening()) || (d->localServer && d->localServer->isListening());
}

PyroError PyroDaemon::error() const
{
    return d->errorString.isEmpty() ? PyroError() : PyroError(PyroError::Code::DaemonError, d->errorString);
}

QString PyroDaemon::errorString() const
{
    return d->errorString;
}

QString PyroDaemon::location() const
{
    return d->bindLocation();
}

QString PyroDaemon::host() const
{
    if (d->localServer || !d->tcpServer)
        return QString();
    return d->locationHost.isEmpty() ? d->tcpServer->serverAddress().toString() : d->locationHost;
}

quint16 PyroDaemon::port() const
{
    return d->tcpServer && !d->localServer ? d->tcpServer->serverPort() : 0;
}

QString PyroDaemon::socketPath() const
{
    return d->localServer ? d->socketPath : QString();
}

void PyroDaemon::setNat(const QString &host, quint16 port)
{
    d->natHost = host;
    d->natPort = port;
    d->natSet = !host.isEmpty();
    d->republish();
}

QString PyroDaemon::natLocation() const
{
    const QString nat = d->natSet ? d->natHost : d->config.natHost();
    return nat.isEmpty() ? QString() : d->uriLocation();
}

void PyroDaemon::close()
{
    if (d->tcpServer) {
        d->tcpServer->close();
        if (d->ownsTcpServer)
            d->tcpServer->deleteLater();
        d->tcpServer = nullptr;
    }
    if (d->localServer) {
        d->localServer->close();
        d->localServer->deleteLater();
        d->localServer = nullptr;
    }
    const auto connections = d->allConnections;
    for (PyroDaemonConnection *connection : connections)
        connection->close();
    d->clearStreams();
}

PyroUri PyroDaemon::registerObject(QObject *obj, const QString &objectId)
{
    if (!obj) {
        d->errorString = u"cannot register a null object"_s;
        return PyroUri();
    }
    const QString id = objectId.isEmpty() ? u"obj_"_s + QUuid::createUuid().toString(QUuid::Id128) : objectId;
    if (d->isRegistered(id)) {
        d->errorString = u"an object or class is already registered with that id"_s;
        return PyroUri();
    }
    for (const auto &reg : std::as_const(d->registry)) {
        if (reg.object == obj) {
            d->errorString = u"object or class already has a Pyro id"_s;
            return PyroUri();
        }
    }
    PyroDaemonPrivate::Registration reg;
    reg.id = id;
    reg.object = obj;
    d->registry.insert(id, reg);
    d->registrationOrder.append(id);
    d->idsByObject.insert(obj, id);
    PyroAutoproxy::publish(obj, this, proxyFor(id));
    connect(obj, &QObject::destroyed, this, [this, obj, id] {
        PyroAutoproxy::withdraw(obj, this);
        const auto it = d->registry.constFind(id);
        if (it != d->registry.cend() && !it->isFactory() && (it->object == obj || it->object.isNull())) {
            d->registry.remove(id);
            d->registrationOrder.removeOne(id);
        }
        if (d->idsByObject.value(obj) == id)
            d->idsByObject.remove(obj);
    });
    return uriFor(id);
}

PyroUri PyroDaemon::registerFactory(const QString &objectId, const QMetaObject *type, Factory factory)
{
    InstanceMode mode = InstanceMode::Session;
    if (type) {
        switch (PyroInvoker::classInfo(type).instanceMode) {
        case PyroClassInfo::Single: mode = InstanceMode::Single; break;
        case PyroClassInfo::PerCall: mode = InstanceMode::PerCall; break;
        default: break;
        }
    }
    return registerFactory(objectId, type, std::move(factory), mode);
}

PyroUri PyroDaemon::registerFactory(const QString &objectId, const QMetaObject *type, Factory factory,
                                    InstanceMode mode)
{
    if (!type || !factory) {
        d->errorString = u"a factory registration needs a type and a factory"_s;
        return PyroUri();
    }
    const QString id = objectId.isEmpty() ? u"obj_"_s + QUuid::createUuid().toString(QUuid::Id128) : objectId;
    if (d->isRegistered(id)) {
        d->errorString = u"an object or class is already registered with that id"_s;
        return PyroUri();
    }
    PyroDaemonPrivate::Registration reg;
    reg.id = id;
    reg.type = type;
    reg.factory = std::move(factory);
    reg.mode = mode;
    d->registry.insert(id, reg);
    d->registrationOrder.append(id);
    return uriFor(id);
}

bool PyroDaemon::unregisterObject(const QString &objectId)
{
    const auto it = d->registry.find(objectId);
    if (it == d->registry.end())
        return false;
    if (it->object) {
        d->idsByObject.remove(it->object.data());
        PyroAutoproxy::withdraw(it->object.data(), this);
    }
    if (it->single) {
        d->idsByObject.remove(it->single);
        it->single->deleteLater();
    }
    d->registry.erase(it);
    d->registrationOrder.removeOne(objectId);
    return true;
}

bool PyroDaemon::unregisterObject(QObject *obj)
{
    const QString id = objectId(obj);
    return !id.isEmpty() && unregisterObject(id);
}

QStringList PyroDaemon::registeredIds() const
{
    return QStringList{PyroDaemonPrivate::daemonObjectId()} + d->registrationOrder;
}

QObject *PyroDaemon::object(const QString &objectId) const
{
    if (objectId == PyroDaemonPrivate::daemonObjectId())
        return d->daemonObject;
    const auto it = d->registry.constFind(objectId);
    if (it == d->registry.cend())
        return nullptr;
    return it->isFactory() ? it->single : it->object.data();
}

QString PyroDaemon::objectId(const QObject *obj) const
{
    return d->idsByObject.value(obj);
}

PyroUri PyroDaemon::uriFor(const QString &objectId) const
{
    if (d->localServer)
        return PyroUri::forUnixSocket(objectId, d->socketPath);
    return PyroUri(u"PYRO:"_s + objectId + u'@' + d->uriLocation());
}

PyroUri PyroDaemon::uriFor(const QObject *obj) const
{
    const QString id = objectId(obj);
    return id.isEmpty() ? PyroUri() : uriFor(id);
}

PyroObjectRef PyroDaemon::proxyFor(const QString &objectId) const
{
    const PyroClassInfo *cls = d->classInfoFor(objectId);
    if (!cls)
        return PyroObjectRef();
    PyroObjectRef ref(uriFor(objectId));
    ref.setMethods(cls->methodNames);
    ref.setOnewayMethods(cls->onewayNames);
    ref.setAttributes(cls->attributeNames);
    return ref;
}

PyroObjectRef PyroDaemon::proxyFor(const QObject *obj) const
{
    const QString id = objectId(obj);
    return id.isEmpty() ? PyroObjectRef() : proxyFor(id);
}

void PyroDaemon::setHandshakeValidator(HandshakeValidator validator)
{
    d->handshakeValidator = std::move(validator);
}

void PyroDaemon::setResponseAnnotations(const QHash<QByteArray, QByteArray> &annotations)
{
    d->responseAnnotationHash = annotations;
    d->responseAnnotations.clear();
    for (auto it = annotations.cbegin(); it != annotations.cend(); ++it)
        d->responseAnnotations.append({it.key(), it.value()});
}

int PyroDaemon::slowCallWarning() const
{
    return d->slowCallThreshold();
}

void PyroDaemon::setSlowCallWarning(int msecs)
{
    d->slowCallWarning = std::max(0, msecs);
    d->slowCallsWarned.clear();
}

QThreadPool *PyroDaemon::threadPool() const
{
    return d->pool;
}

bool PyroDaemon::addBuiltinObject(const QString &objectId, QObject *object)
{
    if (!object || objectId.isEmpty() || d->isRegistered(objectId))
        return false;
    d->builtins.insert(objectId, object);
    return true;
}

void PyroDaemon::addMetadataExtension(MetadataExtension extension)
{
    d->metadataExtensions.append(std::move(extension));
}


void PyroDaemon::registerExtension(Extension extension)
{
    ExtensionList &list = daemonExtensions();
    QMutexLocker locker(&list.mutex);
    list.extensions.append(std::move(extension));
}

int PyroDaemon::connectionCount() const
{
    return d->connections.size();
}

int PyroDaemon::streamCount() const
{
    return d->streams.size();
}
