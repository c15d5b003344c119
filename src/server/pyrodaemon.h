// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroconfig.h"
#include "pyroerror.h"
#include "pyroobjectref.h"
#include "pyrouri.h"

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtNetwork/QHostAddress>

#include <functional>
#include <memory>

class PyroDaemonPrivate;
class PyroCallContext;
class PyroDict;
class QTcpServer;
class QSslConfiguration;
class QThreadPool;

/*
 * Method tags and class info a QObject uses to shape what a daemon exposes:
 *
 *   class Thermostat : public QObject {
 *       Q_OBJECT
 *       Q_CLASSINFO("pyro.oneway", "reset,log")        // oneway methods (or tag them PYRO_ONEWAY)
 *       Q_CLASSINFO("pyro.exclude", "internalHelper")  // never exposed
 *       Q_CLASSINFO("pyro.threading", "pool")          // invoke on the daemon's pool (thread-safe class)
 *       Q_CLASSINFO("pyro.callback", "notify")         // Pyro5's @callback: an error also closes the connection
 *       Q_CLASSINFO("pyro.instance_mode", "percall")   // for registerType(): single, session or percall
 *       Q_CLASSINFO("pyro.names", "registerName=register,setTarget=set_target")
 *                                       // exposed under these names instead (C++ keywords, snake_case)
 *       Q_PROPERTY(double target READ target WRITE setTarget)   // a remote attribute
 *   public Q_SLOTS:
 *       double temperature() const;
 *       PYRO_ONEWAY void log(const QString &line);
 *       // Python-style variadics: a trailing QVariantList parameter named "args" takes the
 *       // extra positional arguments, a trailing QVariantMap named "kwargs" the extra
 *       // keyword arguments (def configure(name, *args, **kwargs)).
 *       QVariant configure(const QString &name, const QVariantList &args, const QVariantMap &kwargs);
 *       // Keyword arguments bind by parameter name. Default arguments make parameters
 *       // optional; an optional QVariant parameter a caller skips while passing a later
 *       // one by keyword (register(name, uri, metadata=...)) arrives as an invalid
 *       // QVariant, meaning "not given" (an explicit None arrives as PyroValues::none()).
 *       void registerName(const QString &name, const QVariant &uri,
 *                         const QVariant &safe = false, const QVariant &metadata = QVariant());
 *   };
 *
 * Names follow Pyro5's rule: a name starting with '_' is private, except dunder names
 * like __len__ (Pyro5 exposes those too). "pyro.names" pairs are cppName=exposedName,
 * comma-separated; the renamed member is reachable only under its exposed name, and the
 * other class infos accept either name. A subclass's pair overrides a base class's.
 */
#ifndef Q_MOC_RUN
#  define PYRO_ONEWAY
#endif

/*
 * A Pyro5 daemon: serves registered QObjects to Pyro5 clients (Python's or QtPyro's)
 * over TCP (IPv4/IPv6), a Unix socket, or TLS. Exposed are the public slots, Q_INVOKABLE
 * methods and Q_PROPERTYs of the object's own classes (never QObject's or another Qt
 * class's, never private names, see above).
 *
 *   PyroDaemon daemon;                          // PyroConfig::global(): defaults + PYRO_* environment
 *   daemon.listen(QHostAddress::LocalHost, 9999);
 *   PyroUri uri = daemon.registerObject(&thermostat, u"house.thermostat"_s);
 *
 * The daemon multiplexes all connections on its thread's event loop. A call to an object
 * in the daemon's thread runs directly; one living in another thread runs there (queued;
 * the daemon never blocks on it; that thread needs a running event loop);
 * "pyro.threading"="pool" objects run on the daemon's thread pool; a method returning
 * QFuture<T> replies when the future finishes. Replies on one connection keep the order
 * of its requests; oneway calls are not waited for. Slots fail with a Python exception by
 * throwing PyroException or calling PyroCallContext::setError(); any other C++ exception
 * becomes a builtins.RuntimeError (or a fitting builtin class) with a remote traceback.
 *
 * Use a daemon from its own thread only. A failed listen() or registration reports
 * through its return value and error(); a dropped connection through
 * protocolErrorOccurred() and the "qtpyro.daemon" logging category.
 *
 * Limits from the config: MAX_MESSAGE_SIZE (both ways; a bigger request closes that
 * connection), COMMTIMEOUT (a client silent, stalled or dribbling inside a message, or
 * not reading its replies, is dropped after that long; also the TLS handshake timeout),
 * MAX_CONNECTIONS (further clients are refused with CONNECTFAIL, as Pyro5 does when its
 * pool is full) and MAX_STREAMS_PER_CLIENT; the deserializers' nesting limits apply.
 * QtPyro's own: MAX_ONEWAY_IN_FLIGHT, HANDSHAKE_TIMEOUT, MAX_REPLY_BUFFER and
 * REPLY_DRAIN_TIMEOUT (docs/security.md).
 */
class QTPYRO_EXPORT PyroDaemon : public QObject
{
    Q_OBJECT
public:
    enum class InstanceMode { Single, Session, PerCall };
    Q_ENUM(InstanceMode)

    explicit PyroDaemon(QObject *parent = nullptr);
    explicit PyroDaemon(const PyroConfig &config, QObject *parent = nullptr);
    ~PyroDaemon() override;

    PyroConfig config() const;
    // For the connections accepted from now on (and the replies of all of them).
    void setConfig(const PyroConfig &config);

    // ---- transport ----
    // host: an address ("127.0.0.1", "::1"), a host name (resolved, IPv4 preferred unless
    // PREFER_IP_VERSION is 6) or empty for all IPv4 interfaces; port 0 picks a free one. The
    // URIs the daemon makes carry host exactly as given (or NATHOST/NATPORT when set).
    bool listen(const QString &host = QStringLiteral("localhost"), quint16 port = 0);
    bool listen(const QHostAddress &address, quint16 port = 0);
    // socketPath relative to the working directory, as in Pyro5. A stale socket file there
    // (nobody accepts on it) is replaced; a live socket or any other file is left alone and
    // listening fails with "Address already in use" (Pyro5 fails on every existing file).
    bool listenUnix(const QString &socketPath);
    // Serve the connections of a server the caller set up (QTcpServer or QSslServer,
    // listening already or later); locationHost is the host put into URIs (default: the
    // server's address). The daemon does not take ownership. (A QSslServer
    // counts handshakes in progress against its maxPendingConnections, 30 by default:
    // the daemon's own TLS server raises that to 1024.)
    void setServer(QTcpServer *server, const QString &locationHost = QString());
    // TLS for the next listen(), instead of what the config's SSL_* items give (SSL=true
    // makes listen() use TLS by itself; see PyroSslConfig). A null configuration goes back
    // to the config. Clients whose TLS handshake fails never reach the daemon; the peer
    // certificate of the others is in PyroCallContext::peerCertificate(), in calls and in
    // the handshake validator.
    void setSslConfiguration(const QSslConfiguration &configuration);
    bool isListening() const;
    // Why the last listen() or registration failed, as a DaemonError (no error when none
    // failed yet); errorString() is its message.
    PyroError error() const;
    QString errorString() const;
    // "host:port", "[ipv6]:port" or "./u:path" of the bound socket.
    QString location() const;
    QString host() const;
    quint16 port() const;
    QString socketPath() const;
    // NATHOST/NATPORT: the location put in URIs instead of the bound one (port 0 = the
    // bound port). The config's NATHOST/NATPORT apply when this is not called.
    void setNat(const QString &host, quint16 port = 0);
    QString natLocation() const;
    // Stops listening and closes every connection; the registrations stay.
    void close();

    // ---- objects ----
    // Registers obj (not owned) under objectId, or under a generated "obj_<32 hex>" id.
    // Returns its URI; an invalid URI (and errorString) when the id or the object is
    // registered already. An object deleted while registered unregisters itself.
    PyroUri registerObject(QObject *obj, const QString &objectId = QString());
    // Instances of type made on demand by factory (called in the daemon's thread; the
    // daemon owns what it returns), one per daemon (Single), per connection (Session) or
    // per call (PerCall), like Pyro5's instance modes. Without a mode, the class's
    // Q_CLASSINFO("pyro.instance_mode", "single|session|percall") decides (default session).
    using Factory = std::function<QObject *()>;
    PyroUri registerFactory(const QString &objectId, const QMetaObject *type, Factory factory);
    PyroUri registerFactory(const QString &objectId, const QMetaObject *type, Factory factory,
                            InstanceMode mode);
    template<typename T>
    PyroUri registerType(const QString &objectId)
    {
        return registerFactory(objectId, &T::staticMetaObject, [] { return new T; });
    }
    template<typename T>
    PyroUri registerType(const QString &objectId, InstanceMode mode)
    {
        return registerFactory(objectId, &T::staticMetaObject, [] { return new T; }, mode);
    }
    bool unregisterObject(const QString &objectId);
    bool unregisterObject(QObject *obj);
    QStringList registeredIds() const;
    QObject *object(const QString &objectId) const;
    QString objectId(const QObject *obj) const;
    PyroUri uriFor(const QString &objectId) const;
    PyroUri uriFor(const QObject *obj) const;
    // What a proxy for this registered object carries (URI + metadata), for autoproxy.
    PyroObjectRef proxyFor(const QString &objectId) const;
    PyroObjectRef proxyFor(const QObject *obj) const;

    // ---- hooks ----
    // Checks a client's handshake data; return the response to send (default "hello"),
    // or a PyroError to refuse the connection (its message becomes the CONNECTFAIL reason).
    // The context gives the client address, its certificate (TLS) and a connection id.
    using HandshakeValidator = std::function<QVariant(const QVariant &handshake, PyroCallContext &context)>;
    void setHandshakeValidator(HandshakeValidator validator);
    // Annotations the daemon adds to every reply (Pyro5's Daemon.annotations()).
    void setResponseAnnotations(const QHash<QByteArray, QByteArray> &annotations);
    // The pool for "pyro.threading"="pool" objects and QtConcurrent work of the caller.
    QThreadPool *threadPool() const;
    // A call that holds the daemon's thread longer than this (every other client waits
    // meanwhile) logs a warning in the category "qtpyro.daemon.slowcall", once per method.
    // Default 500 ms, or QTPYRO_SLOW_CALL_WARNING_MS from the environment; 0 = never.
    // Pool objects, objects in other threads and QFuture results do not hold the thread
    // and are not timed.
    int slowCallWarning() const;
    void setSlowCallWarning(int msecs);

    // ---- extensions (what the floors above the daemon, e.g. remote signals, plug in) ----
    // Serves object (not owned; it must live in the daemon's thread) under objectId beside
    // Pyro.Daemon: callable like a registered object, but not in registeredIds(). False
    // when the id is taken.
    bool addBuiltinObject(const QString &objectId, QObject *object);
    // Adds keys to the metadata of every object's class (get_metadata() and the
    // handshake's). Pyro5 clients ignore keys they do not know.
    using MetadataExtension = std::function<void(const QMetaObject *type, PyroDict *metadata)>;
    void addMetadataExtension(MetadataExtension extension);
    // Called by every PyroDaemon's constructor (in the order registered; process-wide, any
    // thread). QtPyro's remote signals install themselves on every daemon this way.
    using Extension = std::function<void(PyroDaemon *daemon)>;
    static void registerExtension(Extension extension);

    int connectionCount() const;
    int streamCount() const;

Q_SIGNALS:
    void clientConnected(quint64 connectionId, const QString &peer);
    void clientDisconnected(quint64 connectionId);
    // The client closed its sending side (EOF) while a reply was pending: the connection
    // stays only to deliver the replies already asked for, then closes. Work that would
    // wait for more requests from it (e.g. a long-polled stream item) should end now.
    void clientHalfClosed(quint64 connectionId);
    // A connection was dropped for bad input (logged as a ProtocolError too).
    void protocolErrorOccurred(quint64 connectionId, const PyroError &error);

private:
    std::unique_ptr<PyroDaemonPrivate> const d;
};
