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
Q_LOGGING_CATEGORY(lcPyroSlowCall, "qtpyro.daemon.slowcall", QtWarningMsg)

namespace {

// Clients being refused (at maxConnections) at once; more wait to be accepted.
constexpr int MaxDeniedConnections = 64;
// After accept() failed (out of file descriptors...), accepting resumes this much later.
constexpr int AcceptBackoffMs = 100;

QString daemonId()
{
    return QString::fromLatin1(DaemonObjectId);
}

QString hostForLocation(const QString &host)
{
    return host.contains(u':') ? u'[' + host + u']' : host;
}

QString peerAddressText(const QHostAddress &address)
{
    // IPv4 clients of a dual-stack socket show up as ::ffff:a.b.c.d; Python shows a.b.c.d.
    bool ok = false;
    const quint32 v4 = address.toIPv4Address(&ok);
    if (ok && address.protocol() == QAbstractSocket::IPv6Protocol)
        return QHostAddress(v4).toString();
    return address.toString();
}

} // namespace

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

QString PyroDaemonPrivate::bindLocation() const
{
    if (localServer)
        return u"./u:"_s + socketPath;
    if (!tcpServer)
        return QString();
    QString host = locationHost;
    if (host.isEmpty())
        host = tcpServer->serverAddress().toString();
    return hostForLocation(host) + u':' + QString::number(tcpServer->serverPort());
}

QString PyroDaemonPrivate::uriLocation() const
{
    QString host = natSet ? natHost : config.natHost();
    if (host.isEmpty() || localServer)
        return bindLocation();
    quint16 port = natSet ? natPort : quint16(config.natPort());
    if (port == 0 && tcpServer)
        port = tcpServer->serverPort();
    return hostForLocation(host) + u':' + QString::number(port);
}

bool PyroDaemonPrivate::listenTcp(const QHostAddress &address, quint16 port, const QString &host)
{
    if (tcpServer && ownsTcpServer)
        delete tcpServer;
    tcpServer = nullptr;
    // No QSslConfiguration (nor certificate) is made without TLS: the first one loads Qt's
    // TLS backend, whose OpenSSL per-thread state would stay behind in a thread that ends.
    const bool useTls = sslConfiguration.has_value() || config.ssl();
#if QT_CONFIG(ssl)
    if (useTls) {
        // Without setSslConfiguration(), SSL=true: the certificate and key come from the
        // SSL_* items, like Pyro5's daemon.
        PyroError error;
        const QSslConfiguration tls = sslConfiguration ? *sslConfiguration
                                                       : PyroSslConfig::serverConfiguration(config, &error);
        if (error.isError()) {
            errorString = error.message();
            return false;
        }
        auto *ssl = new QSslServer(q);
        ssl->setSslConfiguration(tls);
        // QSslServer counts clients still in their TLS handshake as pending connections and
        // stops accepting at the limit (default 30): that many silent clients would keep
        // everyone else out until their handshakes time out.
        ssl->setMaxPendingConnections(std::max(1024, config.maxConnections()));
        watchSslServer(ssl);
        tcpServer = ssl;
    }
#else
    if (useTls) {
        errorString = u"TLS is not available in this build of Qt"_s;
        return false;
    }
#endif
    if (!tcpServer)
        tcpServer = new QTcpServer(q);
    ownsTcpServer = true;
    // Pyro5 listens with a backlog of 100; a burst of a few hundred clients would then
    // have SYNs dropped and retried a second later. The kernel caps this at somaxconn.
    tcpServer->setListenBacklogSize(1024);
    if (!tcpServer->listen(address, port)) {
        errorString = tcpServer->errorString();
        delete tcpServer;
        tcpServer = nullptr;
        return false;
    }
    locationHost = host;
    PyroLocalListeners::add(tcpServer);
    republish();
    QObject::connect(tcpServer, &QTcpServer::pendingConnectionAvailable, q, [this] { acceptTcp(); });
    watchAcceptErrors(tcpServer);
    return true;
}

void PyroDaemonPrivate::watchAcceptErrors(QTcpServer *server)
{
    // QTcpServer pauses accepting when accept() fails for any but a temporary reason (out
    // of file descriptors: EMFILE) and resumes only when its queue is drained by
    // nextPendingConnection() -- an empty queue means never. Resume, after a pause while
    // descriptors are short, and say so once per episode. (Qt's socket engine keeps the
    // first error it ever saw, so after one EMFILE even a harmless EAGAIN comes here.)
    auto failing = std::make_shared<bool>(false);
    QObject::connect(server, &QTcpServer::acceptError, q, [server, failing](QAbstractSocket::SocketError) {
        bool exhausted = false;
#ifdef Q_OS_UNIX
        const int probe = ::fcntl(int(server->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        exhausted = probe < 0 && (errno == EMFILE || errno == ENFILE);
        if (probe >= 0)
            ::close(probe);
#endif
        if (!exhausted) {
            QMetaObject::invokeMethod(server, [server] { server->resumeAccepting(); }, Qt::QueuedConnection);
            return;
        }
        if (!*failing) {
            qCWarning(lcPyroDaemon).noquote() << "cannot accept connections on port" << server->serverPort()
                                              << "- out of file descriptors - retrying every" << AcceptBackoffMs << "ms";
        }
        *failing = true;
        QTimer::singleShot(AcceptBackoffMs, server, [server] { server->resumeAccepting(); });
    });
    QObject::connect(server, &QTcpServer::pendingConnectionAvailable, q, [server, failing] {
        if (*failing) {
            *failing = false;
            qCInfo(lcPyroDaemon).noquote() << "accepting connections on port" << server->serverPort() << "again";
        }
    });
}

void PyroDaemonPrivate::adoptServer(QTcpServer *server)
{
    if (tcpServer && ownsTcpServer)
        delete tcpServer;
    tcpServer = server;
    ownsTcpServer = false;
    if (server) {
        PyroLocalListeners::add(server);
#if QT_CONFIG(ssl)
        if (auto *ssl = qobject_cast<QSslServer *>(server))
            watchSslServer(ssl);
#endif
        QObject::connect(server, &QTcpServer::pendingConnectionAvailable, q, [this] { acceptTcp(); });
        watchAcceptErrors(server);
        QObject::connect(server, &QObject::destroyed, q, [this, server] {
            if (tcpServer == server)
                tcpServer = nullptr;
        });
        if (server->hasPendingConnections())
            QMetaObject::invokeMethod(q, [this] { acceptTcp(); }, Qt::QueuedConnection);
    }
}

#if QT_CONFIG(ssl)
void PyroDaemonPrivate::watchSslServer(QSslServer *server)
{
    // A client whose handshake fails (no or an unacceptable certificate, a plain-TCP
    // client, a stalled handshake) never becomes a connection: QSslServer drops it. Say
    // why in the log, once per client, and let the TLS alert reach the client so that
    // its side can tell why too.
    const double timeout = config.commTimeout();
    if (timeout > 0)
        server->setHandshakeTimeout(std::max(1, int(timeout * 1000)));
    static const char PeerProperty[] = "_qtpyro_peer";
    QObject::connect(server, &QSslServer::startedEncryptionHandshake, q, [](QSslSocket *socket) {
        // Kept now: once the handshake failed the socket may not know its peer any more.
        socket->setProperty(PeerProperty, peerAddressText(socket->peerAddress()) + u':'
                                              + QString::number(socket->peerPort()));
    });
    auto refused = [](QSslSocket *socket, const QString &why) {
        if (socket->property("_qtpyro_refused").toBool())
            return; // sslErrors and errorOccurred both report the same failure
        socket->setProperty("_qtpyro_refused", true);
        QString peer = socket->property(PeerProperty).toString();
        if (peer.isEmpty() && !socket->peerAddress().isNull())
            peer = peerAddressText(socket->peerAddress()) + u':' + QString::number(socket->peerPort());
        qCInfo(lcPyroDaemon).noquote() << "TLS client" << (peer.isEmpty() ? u"(peer unknown)"_s : peer)
                                       << "refused:" << why;
    };
    QObject::connect(server, &QSslServer::sslErrors, q, [refused](QSslSocket *socket, const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &e : errors)
            texts.append(e.errorString());
        refused(socket, texts.join(u"; "_s));
    });
    QObject::connect(server, &QSslServer::errorOccurred, q, [refused](QSslSocket *socket, QAbstractSocket::SocketError e) {
        switch (e) {
        case QAbstractSocket::RemoteHostClosedError:
            refused(socket, u"closed during the TLS handshake"_s);
            break;
        case QAbstractSocket::SocketTimeoutError:
            refused(socket, u"TLS handshake not completed in time"_s);
            break;
        default:
            refused(socket, socket->errorString());
            break;
        }
        if (!socket->property("_qtpyro_flushed").toBool()) {
            // The alert OpenSSL made for the client (once: flushing may report an error).
            socket->setProperty("_qtpyro_flushed", true);
            socket->flush();
        }
    });
}
#endif

bool PyroDaemonPrivate::canAccept() const
{
    // At maxConnections a new client is still accepted, to be told so (CONNECTFAIL), but
    // only so many at once: the rest wait in QTcpServer's pending queue and the listen
    // backlog (QTcpServer stops accepting while its queue is full) until a refusal went
    // out or a served client left. No client is dropped unanswered.
    const int limit = config.maxConnections();
    return limit <= 0 || connections.size() < limit || deniedOpen < MaxDeniedConnections;
}

void PyroDaemonPrivate::scheduleAccept()
{
    if (acceptScheduled)
        return;
    const bool tcpWaiting = tcpServer && tcpServer->hasPendingConnections();
    const bool localWaiting = localServer && localServer->hasPendingConnections();
    if (!tcpWaiting && !localWaiting)
        return;
    acceptScheduled = true;
    QMetaObject::invokeMethod(q, [this] {
        acceptScheduled = false;
        acceptTcp();
        acceptLocal();
    }, Qt::QueuedConnection);
}

void PyroDaemonPrivate::acceptTcp()
{
    if (!tcpServer)
        return;
    while (canAccept()) {
        QTcpSocket *socket = tcpServer->nextPendingConnection();
        if (!socket)
            break;
        addConnection(socket, peerAddressText(socket->peerAddress()), socket->peerPort());
    }
}

void PyroDaemonPrivate::acceptLocal()
{
    if (!localServer)
        return;
    while (canAccept()) {
        QLocalSocket *socket = localServer->nextPendingConnection();
        if (!socket)
            break;
        addConnection(socket, socketPath, 0);
    }
}

void PyroDaemonPrivate::addConnection(QIODevice *socket, const QString &address, quint16 port)
{
    const int limit = config.maxConnections();
    const bool denied = limit > 0 && connections.size() >= limit;
    const quint64 id = nextConnectionId++;
    auto *connection = new PyroDaemonConnection(this, socket, id, address, port, denied);
    allConnections.insert(id, connection);
    if (denied) {
        ++deniedOpen;
        qCInfo(lcPyroDaemon) << "refusing connection from" << address << "- maxConnections" << limit << "reached";
    } else {
        connections.insert(id, connection);
    }
    connection->start();
}

const PyroClassInfo *PyroDaemonPrivate::classInfoFor(const QString &objectId) const
{
    if (objectId == daemonId())
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
    // The proxy's class dict itself: a replacement is not mapped again by every serializer.
    PyroDict dict;
    dict.append(u"__class__"_s, u"Pyro5.client.Proxy"_s);
    dict.append(u"state"_s, q->proxyFor(id).toState());
    return QVariant::fromValue(dict);
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

namespace {
// What one request runs, prepared in the daemon's thread and run where the object wants.
struct CallSpec
{
    enum Kind { Call, GetAttr, SetAttr, Batch } kind = Call;
    QObject *target = nullptr;
    const PyroClassInfo *cls = nullptr;
    const PyroExposedMethod *method = nullptr;
    QString attribute;
    QVariantList args;
    QVariant kwargs;
};
} // namespace

static PyroInvokeResult runSpec(PyroDaemonPrivate *d, const CallSpec &spec, PyroRequest *request)
{
    PyroCallContextPrivate::Scope scope(request->context.get());
    PyroThreadContext::Scope correlation(request->correlationId);
    switch (spec.kind) {
    case CallSpec::Call:
        return PyroInvoker::call(spec.target, *spec.cls, *spec.method, spec.args, spec.kwargs);
    case CallSpec::GetAttr:
        return PyroInvoker::getAttribute(spec.target, *spec.cls, spec.attribute);
    case CallSpec::SetAttr:
        return PyroInvoker::setAttribute(spec.target, *spec.cls, spec.attribute, spec.args.value(1));
    case CallSpec::Batch:
        return d->runBatch(spec.target, *spec.cls, spec.args);
    }
    return PyroInvokeResult();
}

// The sender behind PyroCallContext::setDelayedReply(), made only when a method asks.
static PyroDelayedReply::Sender makeDelayedSender(PyroCallContextPrivate *cd)
{
    PyroDaemonPrivate *d = cd->daemon;
    std::weak_ptr<PyroRequest> weak = cd->request;
    std::shared_ptr<PyroDaemonLink> link = d->link;
    return [d, link, weak](const QVariant &value, const PyroError &error) {
        link->post([d, weak, value, error] {
            const PyroRequestPtr r = weak.lock();
            if (!r)
                return;
            PyroInvokeResult result;
            result.value = value.isValid() ? value : PyroValues::none();
            result.error = error;
            if (error.isError())
                PyroInvoker::addTraceback(&result.error, r->where());
            d->complete(r, std::move(result));
        });
    };
}

void PyroDaemonPrivate::dispatch(PyroDaemonConnection *connection, const PyroRequestPtr &request,
                                 PyroCall &&call)
{
    PyroError error;
    QObject *target = nullptr;
    QObject *percall = nullptr;
    if (call.object == daemonId()) {
        target = daemonObject;
    } else {
        const auto it = registry.find(call.object);
        if (it != registry.end())
            target = instanceFor(*it, connection, &error, &percall);
        else if (!(target = builtins.value(call.object)))
            error = PyroError(PyroError::Code::DaemonError, u"unknown object"_s);
    }
    if (!target) {
        PyroInvoker::addTraceback(&error, QString());
        complete(request, PyroInvokeResult::fromError(error));
        return;
    }
    request->percallInstance = percall;
    request->target = target;
    CallSpec spec;
    spec.target = target;
    spec.cls = &PyroInvoker::classInfo(target->metaObject());
    request->cls = spec.cls;
    request->member = call.method;
    request->pool = spec.cls->pool;
    const QString &name = call.method;
    auto fail = [&](PyroError e) {
        PyroInvoker::addTraceback(&e, QString());
        complete(request, PyroInvokeResult::fromError(e));
    };

    if (request->isBatch()) {
        spec.kind = CallSpec::Batch;
    } else if (name == QLatin1StringView(MethodGetAttr) || name == QLatin1StringView(MethodSetAttr)) {
        const bool set = name == QLatin1StringView(MethodSetAttr);
        if (call.args.size() != (set ? 2 : 1) || call.args.at(0).typeId() != QMetaType::QString) {
            fail(PyroError::exception(u"builtins.TypeError"_s,
                                      u"%1 expects %2"_s.arg(name, set ? u"(name, value)"_s : u"(name,)"_s)));
            return;
        }
        spec.kind = set ? CallSpec::SetAttr : CallSpec::GetAttr;
        spec.attribute = call.args.at(0).toString();
        request->member = spec.attribute;
    } else {
        PyroError e = PyroInvoker::resolve(*spec.cls, name);
        if (e.isError()) {
            fail(std::move(e));
            return;
        }
        spec.method = spec.cls->method(name);
        spec.kwargs = std::move(call.kwargs);
    }
    spec.args = std::move(call.args);

    if (!request->isOneway() && !request->isBatch()) {
        auto *cd = PyroCallContextPrivate::get(request->context.get());
        cd->daemon = this;
        cd->request = request;
        cd->senderFactory = &makeDelayedSender;
    }

    // Pyro.Daemon works on the daemon's own state: always here.
    if (target == daemonObject) {
        complete(request, runSpec(this, spec, request.get()));
        return;
    }
    if (!spec.cls->pool && target->thread() == QThread::currentThread()) {
        // The common case: straight through, nothing queued, nothing allocated for it.
        QElapsedTimer held;
        held.start();
        PyroInvokeResult result = runSpec(this, spec, request.get());
        warnIfSlow(*spec.cls, request->member, held.elapsed());
        complete(request, std::move(result));
        return;
    }
    execute(request, target, spec.cls->pool,
            [this, spec = std::move(spec), request]() { return runSpec(this, spec, request.get()); });
}

int PyroDaemonPrivate::slowCallThreshold()
{
    if (slowCallWarning < 0) {
        bool ok = false;
        const int fromEnv = qEnvironmentVariableIntValue("QTPYRO_SLOW_CALL_WARNING_MS", &ok);
        slowCallWarning = ok && fromEnv >= 0 ? fromEnv : 500;
    }
    return slowCallWarning;
}

// The daemon serves every connection from one thread (Qt's thread affinity, unlike Pyro5's
// thread per connection): a slot that blocks stalls every client. Say so, once per method.
void PyroDaemonPrivate::warnIfSlow(const PyroClassInfo &cls, const QString &member, qint64 msecs)
{
    const int threshold = slowCallThreshold();
    if (threshold <= 0 || msecs < threshold || !lcPyroSlowCall().isWarningEnabled())
        return;
    const QString name = cls.className + u'.' + member;
    if (slowCallsWarned.contains(name))
        return;
    slowCallsWarned.insert(name);
    qCWarning(lcPyroSlowCall).noquote()
            << u"%1 held the daemon's thread for %2 ms (threshold %3 ms); every other client waited "
               u"meanwhile. Mark the class Q_CLASSINFO(\"pyro.threading\", \"pool\"), return a "
               u"QFuture, use a delayed reply (PyroCallContext::setDelayedReply()), or move the object "
               u"to another thread (see docs/guide.md, Threading)."_s.arg(name).arg(msecs).arg(threshold);
}

void PyroDaemonPrivate::execute(const PyroRequestPtr &request, QObject *target, bool usePool, Job job)
{
    // The result travels back to the daemon's thread; if the job never runs (its object
    // was deleted with the call still queued) the client gets an error instead of silence.
    struct Guard
    {
        std::shared_ptr<PyroDaemonLink> link;
        std::function<void(PyroInvokeResult)> done;
        bool ran = false;
        ~Guard()
        {
            if (!ran) {
                link->post([d = std::move(done)] {
                    d(PyroInvokeResult::fromError(PyroError(PyroError::Code::DaemonError,
                                                            u"the object was deleted before it could be called"_s)));
                });
            }
        }
    };
    auto guard = std::make_shared<Guard>();
    guard->link = link;
    guard->done = [this, request](PyroInvokeResult result) { complete(request, std::move(result)); };
    auto run = [guard, job = std::move(job)]() {
        guard->ran = true;
        PyroInvokeResult result = job();
        guard->link->post([d = guard->done, result = std::move(result)]() mutable { d(std::move(result)); });
    };
    if (usePool)
        startPooled(request->connectionId, std::move(run));
    else
        QMetaObject::invokeMethod(target, std::move(run), Qt::QueuedConnection);
}

void PyroDaemonPrivate::startPooled(quint64 connectionId, std::function<void()> work)
{
    // Handed to the pool only while it has an idle thread; the rest waits here, one queue
    // per connection, and free threads go to the connections in turn. A connection with
    // many calls in flight (oneway ones, up to MAX_ONEWAY_IN_FLIGHT) then cannot make
    // another one's call wait behind all of them.
    if (pooledRunning >= std::max(1, pool->maxThreadCount())) {
        auto &queue = pooledWaiting[connectionId];
        if (queue.empty())
            pooledTurns.push_back(connectionId);
        queue.push_back(std::move(work));
        return;
    }
    ++pooledRunning;
    pool->start([work = std::move(work), link = link, this] {
        work();
        link->post([this] { pooledWorkDone(); });
    });
}

void PyroDaemonPrivate::pooledWorkDone()
{
    --pooledRunning;
    while (pooledRunning < std::max(1, pool->maxThreadCount()) && !pooledTurns.empty()) {
        const quint64 connectionId = pooledTurns.front();
        pooledTurns.pop_front();
        const auto it = pooledWaiting.find(connectionId);
        if (it == pooledWaiting.end() || it->empty())
            continue;
        std::function<void()> work = std::move(it->front());
        it->pop_front();
        if (it->empty())
            pooledWaiting.erase(it);
        else
            pooledTurns.push_back(connectionId);
        startPooled(connectionId, std::move(work));
    }
}

void PyroDaemonPrivate::complete(const PyroRequestPtr &request, PyroInvokeResult result)
{
    if (request->finished)
        return;
    if (result.hasFuture) {
        const QFuture<void> future = result.future();
        if (!future.isFinished()) {
            auto *watcher = new QFutureWatcher<void>(q);
            QObject::connect(watcher, &QFutureWatcherBase::finished, q,
                             [this, request, pending = result, watcher] {
                                 watcher->deleteLater();
                                 complete(request, PyroInvoker::futureOutcome(pending, request->where()));
                             });
            watcher->setFuture(future);
            return;
        }
        result = PyroInvoker::futureOutcome(result, request->where());
    }
    if (result.delayed) {
        // The PyroDelayedReply completes it; until then the daemon keeps the request.
        pendingRequests.insert(request.get(), request);
        return;
    }
    request->finished = true;
    pendingRequests.remove(request.get());
    if (request->percallInstance) {
        request->percallInstance->deleteLater();
        request->percallInstance = nullptr;
    }
    PyroDaemonConnection *connection = allConnections.value(request->connectionId);
    if (request->isOneway()) {
        if (result.isError())
            qCDebug(lcPyroDaemon) << "oneway call" << request->where() << "failed:" << result.error;
        if (connection)
            connection->onewayFinished();
        return;
    }
    if (connection)
        connection->finishRequest(request, result);
}

PyroInvokeResult PyroDaemonPrivate::runBatch(QObject *target, const PyroClassInfo &cls,
                                             const QVariantList &calls)
{
    QVariantList results;
    results.reserve(calls.size());
    PyroCallContext *context = PyroCallContext::current();
    for (const QVariant &entry : calls) {
        const QVariantList triple = PyroClassMapping::listItems(entry);
        if (triple.size() != 3 || triple.at(0).typeId() != QMetaType::QString) {
            PyroError e = PyroError::exception(u"builtins.TypeError"_s,
                                               u"a batch entry must be (method, args, kwargs)"_s);
            PyroInvoker::addTraceback(&e, QString());
            return PyroInvokeResult::fromError(e);
        }
        const QString name = triple.at(0).toString();
        PyroError e = PyroInvoker::resolve(cls, name);
        if (e.isError()) {
            // Pyro5: a method that cannot be found fails the whole batch.
            PyroInvoker::addTraceback(&e, QString());
            return PyroInvokeResult::fromError(e);
        }
        if (context)
            PyroCallContextPrivate::get(context)->resetCallState();
        auto where = [&] { return cls.className + u"::"_s + name; };
        PyroInvokeResult r = PyroInvoker::call(target, cls, *cls.method(name),
                                               PyroClassMapping::listItems(triple.at(1)), triple.at(2));
        if (r.hasFuture) {
            if (r.future().isFinished()) {
                r = PyroInvoker::futureOutcome(r, where());
            } else {
                r = PyroInvokeResult::fromError(PyroError::exception(
                    u"builtins.RuntimeError"_s, u"a method returning an unfinished QFuture cannot be part of a batch"_s));
                PyroInvoker::addTraceback(&r.error, where());
            }
        }
        if (r.isError()) {
            results.append(QVariant::fromValue(PyroExceptionWrapper(r.error)));
            break; // Pyro5 stops at the first failure
        }
        results.append(r.value);
    }
    PyroInvokeResult result;
    result.value = results;
    return result;
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

QString PyroDaemonPrivate::addStream(quint64 connectionId, const PyroGenerator &generator,
                                     const PyroRequestPtr &request, PyroError *error)
{
    const int limit = config.maxStreamsPerClient();
    const PyroDaemonConnection *connection = allConnections.value(connectionId);
    const QString address = connection ? connection->info()->address : QString();
    if (limit > 0) {
        // The connection's streams and those its address left lingering (closed
        // connections' streams, waiting to be taken over): reconnecting does not get a
        // client more streams, while another client still has its own allowance.
        const auto open = streamsByConnection.constFind(connectionId);
        const qsizetype count = (open != streamsByConnection.cend() ? open->size() : 0)
            + lingeringByAddress.value(address);
        if (count >= limit) {
            *error = PyroError(PyroError::Code::PyroError,
                               u"too many open item streams for this client (maximum %1)"_s.arg(limit));
            return QString();
        }
    }
    Stream stream;
    stream.created = now();
    stream.generator = generator;
    stream.target = request->target;
    stream.hasTarget = !request->target.isNull() && request->target != daemonObject;
    stream.pool = request->pool;
    stream.where = request->where();
    // A percall instance must live as long as its stream: it goes away with the stream.
    if (request->percallInstance) {
        stream.ownedInstance = std::shared_ptr<QObject>(request->percallInstance,
                                                        [](QObject *obj) { obj->deleteLater(); });
        request->percallInstance = nullptr;
    }
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    attachStream(*streams.insert(id, stream), id, connectionId, address);
    if (!housekeepingTimer->isActive()) {
        double seconds = 2.0;
        if (config.iterStreamLifetime() > 0)
            seconds = std::min(seconds, config.iterStreamLifetime() / 2);
        if (config.iterStreamLinger() > 0)
            seconds = std::min(seconds, config.iterStreamLinger() / 2);
        housekeepingTimer->start(std::clamp(int(seconds * 1000), 50, 2000));
    }
    return id;
}

void PyroDaemonPrivate::housekeeping()
{
    const qint64 t = now();
    const qint64 lifetime = qint64(config.iterStreamLifetime() * 1000);
    const qint64 linger = qint64(config.iterStreamLinger() * 1000);
    for (auto it = streams.begin(); it != streams.end();) {
        const bool expired = lifetime > 0 && t - it->created > lifetime;
        const bool lingeredOut = it->lingerSince && linger > 0 && t - it->lingerSince > linger;
        const bool orphaned = it->hasTarget && it->target.isNull(); // its object is gone
        if (((expired || lingeredOut) && !it->busy) || orphaned)
            it = eraseStream(it);
        else
            ++it;
    }
    if (streams.isEmpty())
        housekeepingTimer->stop();
}

QHash<QString, PyroDaemonPrivate::Stream>::iterator
PyroDaemonPrivate::eraseStream(QHash<QString, Stream>::iterator it)
{
    if (it->connectionId) {
        const auto attached = streamsByConnection.find(it->connectionId);
        if (attached != streamsByConnection.end()) {
            attached->remove(it.key());
            if (attached->isEmpty())
                streamsByConnection.erase(attached);
        }
    } else {
        forgetLingering(it->address);
    }
    return streams.erase(it);
}

void PyroDaemonPrivate::forgetLingering(const QString &address)
{
    const auto counted = lingeringByAddress.find(address);
    if (counted != lingeringByAddress.end() && --*counted <= 0)
        lingeringByAddress.erase(counted);
}

void PyroDaemonPrivate::attachStream(Stream &stream, const QString &id, quint64 connectionId,
                                     const QString &address)
{
    // New, or a lingering stream taken over by a client that reconnected.
    if (stream.lingerSince)
        forgetLingering(stream.address);
    stream.connectionId = connectionId;
    stream.lingerSince = 0;
    stream.address = address;
    streamsByConnection[connectionId].insert(id);
}

void PyroDaemonPrivate::clearStreams()
{
    streams.clear();
    streamsByConnection.clear();
    lingeringByAddress.clear();
}

// ---------------------------------------------------------------------------------------
// Pyro.Daemon

QStringList PyroDaemonObject::registered() const
{
    return QStringList{daemonId()} + m_daemon->registrationOrder;
}

QString PyroDaemonObject::info() const
{
    QString nat = m_daemon->natSet ? m_daemon->natHost : m_daemon->config.natHost();
    const QString location = m_daemon->bindLocation();
    const QString natLocation = nat.isEmpty() ? u"None"_s : m_daemon->uriLocation();
    return u"Pyro.Daemon bound on %1, NAT %2, %3 objects registered. Servertype: <QtPyro daemon on %1; %4 connections>"_s
        .arg(location, natLocation)
        .arg(m_daemon->registrationOrder.size() + 1)
        .arg(m_daemon->connections.size());
}

QVariant PyroDaemonObject::get_metadata(const QString &objectId)
{
    const PyroClassInfo *cls = m_daemon->classInfoFor(objectId);
    if (!cls) {
        PyroCallContext::current()->setError(PyroError(PyroError::Code::DaemonError, u"unknown object"_s));
        return QVariant();
    }
    return m_daemon->metadataFor(cls);
}

namespace {
// Runs one step of a generator; the end of the stream is Python's StopIteration.
PyroInvokeResult nextItem(const PyroGenerator &generator, const QString &where)
{
    return PyroInvoker::guarded([&] {
        PyroInvokeResult r;
        const std::optional<QVariant> item = generator.next();
        PyroCallContext *context = PyroCallContext::current();
        if (context && context->error().isError()) {
            r.error = context->error();
            PyroInvoker::addTraceback(&r.error, where);
        } else if (!item) {
            r.error = PyroError::exception(u"builtins.StopIteration"_s, QVariantList());
            PyroInvoker::addTraceback(&r.error, u"Pyro.Daemon::get_next_stream_item"_s);
        } else {
            r.value = item->isValid() ? *item : PyroValues::none();
        }
        return r;
    }, where);
}
} // namespace

QVariant PyroDaemonObject::get_next_stream_item(const QString &streamId)
{
    PyroCallContext *context = PyroCallContext::current();
    auto it = m_daemon->streams.find(streamId);
    if (it == m_daemon->streams.end() || (it->hasTarget && !it->target)) {
        if (it != m_daemon->streams.end())
            m_daemon->eraseStream(it);
        context->setError(PyroError(PyroError::Code::PyroError, u"item stream terminated"_s));
        return QVariant();
    }
    if (it->connectionId == 0) {
        // A client that reconnected takes its lingering stream over.
        const PyroDaemonConnection *connection = m_daemon->allConnections.value(context->connectionId());
        m_daemon->attachStream(*it, streamId, context->connectionId(),
                               connection ? connection->info()->address : QString());
    }
    if (it->busy) {
        context->setError(PyroError(PyroError::Code::PyroError, u"item stream is busy"_s));
        return QVariant();
    }
    const PyroGenerator generator = it->generator;
    const QString where = it->where;
    auto *cd = PyroCallContextPrivate::get(context);
    // Inside a batch or a oneway call there is no delayed reply: the item must be made
    // now, in order (Pyro5 gives a batch of three calls items 1, 2, 3). A pool object may
    // run on any thread, so this one will do.
    const bool canDelay = cd->senderFactory != nullptr;
    const bool direct = !it->hasTarget || (!it->pool && it->target->thread() == QThread::currentThread())
        || (it->pool && !canDelay);
    if (!direct && !canDelay && (cd->flags & FlagBatch)) {
        context->setError(PyroError(PyroError::Code::PyroError,
                                    u"the item stream of an object in another thread cannot be read in a batch"_s));
        return QVariant();
    }
    PyroDaemonPrivate *d = m_daemon;
    auto finish = [d, streamId](const PyroInvokeResult &r) {
        auto s = d->streams.find(streamId);
        if (s != d->streams.end()) {
            s->busy = false;
            if (r.isError())
                d->eraseStream(s); // the end, or the generator failed: Pyro5 forgets it
        }
    };
    if (direct) {
        const PyroInvokeResult r = nextItem(generator, where);
        finish(r);
        if (r.isError()) {
            context->setError(r.error);
            return QVariant();
        }
        return r.value;
    }
    it->busy = true;
    PyroDelayedReply reply = context->setDelayedReply();
    // The request of this call (kept alive by the reply handle's sender and the job).
    auto snapshot = std::make_shared<PyroCallContext>();
    auto *sd = PyroCallContextPrivate::get(snapshot.get());
    sd->connection = cd->connection;
    sd->objectId = cd->objectId;
    sd->method = cd->method;
    sd->seq = cd->seq;
    sd->flags = cd->flags;
    sd->serializerId = cd->serializerId;
    sd->correlationId = cd->correlationId;
    sd->annotations = cd->annotations;
    const QUuid correlation = cd->correlationId;
    auto job = [generator, where, snapshot, correlation] {
        PyroCallContextPrivate::Scope scope(snapshot.get());
        PyroThreadContext::Scope corr(correlation);
        return nextItem(generator, where);
    };
    auto deliver = [finish, reply](const PyroInvokeResult &r) mutable {
        finish(r);
        if (r.isError())
            reply.sendError(r.error);
        else
            reply.send(r.value);
    };
    QObject *target = it->target;
    const bool pool = it->pool;
    auto link = d->link;
    auto run = [job, deliver, link]() mutable {
        PyroInvokeResult r = job();
        link->post([deliver, r]() mutable { deliver(r); });
    };
    if (pool)
        d->startPooled(context->connectionId(), std::move(run));
    else
        QMetaObject::invokeMethod(target, std::move(run), Qt::QueuedConnection);
    return QVariant();
}

void PyroDaemonObject::close_stream(const QString &streamId)
{
    auto it = m_daemon->streams.find(streamId);
    if (it != m_daemon->streams.end() && !it->busy)
        m_daemon->eraseStream(it);
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

/*!
    \class PyroDaemon
    Serves registered QObjects to Pyro5 clients. Lives in one thread (its event loop
    carries every connection); call it from that thread only. Failures to listen report
    through the return value and errorString(); connection trouble through
    protocolErrorOccurred() and the "qtpyro.daemon" logging category; call trouble goes
    back to the client as a Python exception.
*/
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

/*! Applies to connections accepted from now on (and to replies of all). */
void PyroDaemon::setConfig(const PyroConfig &config)
{
    d->config = config;
    d->pool->setMaxThreadCount(std::max(1, config.threadPoolSize()));
}

/*!
    Listens on TCP. \a host is an address ("127.0.0.1", "::1"), a host name (resolved,
    IPv4 preferred unless PREFER_IP_VERSION is 6) or empty for all IPv4 interfaces. The
    URIs the daemon makes carry \a host exactly as given, like Pyro5's.
*/
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

/*!
    Listens on a Unix domain socket at \a socketPath (relative paths are relative to the
    working directory, as in Pyro5). A stale socket file there (one nobody accepts
    connections on any more) is replaced; a socket another server listens on, or any other
    file, is left alone and listening fails with "Address already in use" (Pyro5 fails on
    every existing file).
*/
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

/*!
    Serves the connections \a server accepts (a QTcpServer, or a QSslServer whose
    connections arrive after their TLS handshake). \a locationHost is the host put into
    URIs (default: the server's address). The daemon does not take ownership.
*/
void PyroDaemon::setServer(QTcpServer *server, const QString &locationHost)
{
    d->adoptServer(server);
    d->locationHost = locationHost;
    d->republish();
}

/*!
    Used by the next listen(): the daemon then accepts TLS connections (QSslServer) set up
    with \a configuration instead of the SSL_* items of its config. A null configuration
    goes back to the config (TLS when SSL is set). The peer certificate of a client is
    available in PyroCallContext::peerCertificate(), in calls and in the handshake validator.
*/
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

/*! Stops listening and closes every connection; registrations stay. */
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
    return QStringList{daemonId()} + d->registrationOrder;
}

QObject *PyroDaemon::object(const QString &objectId) const
{
    if (objectId == daemonId())
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

/*!
    The time a call may hold the daemon's thread before "qtpyro.daemon.slowcall" warns
    (once per method). Only calls that run in the daemon's thread are timed: pool objects,
    QFuture results and objects in other threads do not hold it.
*/
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
