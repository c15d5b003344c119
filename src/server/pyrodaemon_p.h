// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrodaemon.h"
#include "pyrocallcontext.h"
#include "pyroconnectionhost_p.h"
#include "pyrogenerator.h"
#include "pyroinvoker_p.h"
#include "pyromessage_p.h"
#include "pyrorequest_p.h"
#include "pyroserializer.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMutex>
#include <QtCore/QPointer>
#include <QtCore/QSet>
#include <QtCore/QTimer>
#include <QtNetwork/QSslConfiguration>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

class PyroDaemonConnection;
class PyroUnixServer;
class QSslServer;
class QIODevice;

/*
 * Hands work to the daemon's thread from any thread, safely also after the daemon is
 * gone (then the work is dropped).
 */
class PyroDaemonLink
{
public:
    explicit PyroDaemonLink(QObject *receiver) : m_receiver(receiver) { }
    bool post(std::function<void()> fn)
    {
        QMutexLocker locker(&m_mutex);
        if (!m_receiver)
            return false;
        return QMetaObject::invokeMethod(m_receiver, std::move(fn), Qt::QueuedConnection);
    }
    void detach()
    {
        QMutexLocker locker(&m_mutex);
        m_receiver = nullptr;
    }

private:
    QMutex m_mutex;
    QObject *m_receiver;
};

/*
 * The built-in object "Pyro.Daemon" (Pyro5's DaemonObject). Slot names are Pyro5's.
 */
class PyroDaemonObject : public QObject
{
    Q_OBJECT
public:
    explicit PyroDaemonObject(PyroDaemonPrivate *daemon) : m_daemon(daemon) { }

public Q_SLOTS:
    void ping() { }
    QStringList registered() const;
    QString info() const;
    QVariant get_metadata(const QString &objectId);
    QVariant get_next_stream_item(const QString &streamId);
    void close_stream(const QString &streamId);

private:
    PyroDaemonPrivate *m_daemon;
};

// The daemon as its connections see it: forwards to PyroDaemonPrivate (pyrodaemon.cpp).
class PyroDaemonHost final : public PyroConnectionHost
{
public:
    explicit PyroDaemonHost(PyroDaemonPrivate *daemon) : d(daemon) { }

    const PyroConfig &config() const override;
    PyroEncodeContext encodeContext() const override;
    const QList<PyroMessage::Annotation> &replyAnnotations() const override;
    QObject *owner() const override;
    QVariant handshakeResponse(const QVariant &handshake, PyroCallContext &context) override;
    QVariant objectMetadata(const QString &objectId) const override;
    void dispatch(PyroDaemonConnection *connection, const PyroRequestPtr &request, PyroCall &&call) override;
    QString openStream(PyroDaemonConnection *connection, const PyroGenerator &generator,
                       const PyroRequestPtr &request, PyroError *error) override;
    void connectionEvent(PyroDaemonConnection *connection, Event event) override;
    void protocolError(PyroDaemonConnection *connection, const PyroError &error) override;

private:
    PyroDaemonPrivate *d;
};

class PyroDaemonPrivate
{
public:
    struct Registration
    {
        QString id;
        QPointer<QObject> object;               // a registered instance
        const QMetaObject *type = nullptr;      // or a type made by a factory
        PyroDaemon::Factory factory;
        PyroDaemon::InstanceMode mode = PyroDaemon::InstanceMode::Session;
        QObject *single = nullptr;              // the Single instance, owned
        bool isFactory() const { return type != nullptr; }
    };

    struct Stream
    {
        quint64 connectionId = 0;               // 0 while lingering without a connection
        qint64 created = 0;                     // ms on the daemon's clock
        qint64 lingerSince = 0;                 // ms, 0 while attached
        PyroGenerator generator;
        QPointer<QObject> target;               // where next() runs (object's thread / pool)
        bool hasTarget = false;
        bool pool = false;
        bool busy = false;
        QString address;                        // the client's (lingering ones count for it)
        QString where;
        std::shared_ptr<QObject> ownedInstance; // a percall instance the stream came from
    };

    PyroDaemonPrivate(PyroDaemon *q, const PyroConfig &config);
    ~PyroDaemonPrivate();

    // transport
    bool listenTcp(const QHostAddress &address, quint16 port, const QString &locationHost);
    void adoptServer(QTcpServer *server);
#if QT_CONFIG(ssl)
    void watchSslServer(QSslServer *server);
#endif
    void acceptTcp();
    void acceptLocal();
    bool canAccept() const;
    void scheduleAccept();
    void watchAcceptErrors(QTcpServer *server);
    void addConnection(QIODevice *socket, const QString &address, quint16 port);
    QString bindLocation() const;
    QString uriLocation() const;

    // objects
    static QString daemonObjectId() { return QString::fromLatin1(PyroProtocol::DaemonObjectId); }
    bool isRegistered(const QString &id) const { return id == QLatin1StringView(PyroProtocol::DaemonObjectId) || registry.contains(id) || builtins.contains(id); }
    const PyroClassInfo *classInfoFor(const QString &objectId) const;
    // PyroInvoker::classInfo() of the object's class, remembering the last one asked for
    // (a daemon mostly serves one class after the other): no lock, no look-up.
    const PyroClassInfo *classInfoOf(const QObject *object)
    {
        const QMetaObject *mo = object->metaObject();
        if (mo != lastMetaObject) {
            lastClassInfo = &PyroInvoker::classInfo(mo);
            lastMetaObject = mo;
        }
        return lastClassInfo;
    }
    // The class's metadata plus what the metadata extensions add.
    QVariant metadataFor(const PyroClassInfo *cls) const;
    QObject *instanceFor(Registration &reg, PyroDaemonConnection *connection, PyroError *error,
                         QObject **percall);
    QVariant autoproxy(const QVariant &value) const;
    PyroEncodeContext encodeContext() const;

    // requests
    void dispatch(PyroDaemonConnection *connection, const PyroRequestPtr &request, PyroCall &&call);
    using Job = std::function<PyroInvokeResult()>;
    void execute(const PyroRequestPtr &request, QObject *target, bool pool, Job job);
    int slowCallThreshold();
    void republish();
    void warnIfSlow(const PyroClassInfo &cls, const QString &member, qint64 msecs);
    // Runs work on the pool, taking turns between connections once every thread is busy.
    void startPooled(quint64 connectionId, std::function<void()> work);
    void pooledWorkDone();
    void complete(const PyroRequestPtr &request, PyroInvokeResult result);
    PyroInvokeResult runBatch(QObject *target, const PyroClassInfo &cls, const QVariantList &calls);
    void connectionClosed(PyroDaemonConnection *connection);
    void connectionFinished(PyroDaemonConnection *connection);

    // streams
    QString addStream(quint64 connectionId, const PyroGenerator &generator,
                      const PyroRequestPtr &request, PyroError *error);
    void housekeeping();
    QHash<QString, Stream>::iterator eraseStream(QHash<QString, Stream>::iterator it);
    void attachStream(Stream &stream, const QString &id, quint64 connectionId, const QString &address);
    void forgetLingering(const QString &address);
    void clearStreams();
    qint64 now() const { return clock.elapsed(); }

    PyroDaemon *q;
    PyroDaemonHost host{this};
    PyroConfig config;
    std::shared_ptr<PyroDaemonLink> link;
    QElapsedTimer clock;

    QTcpServer *tcpServer = nullptr;
    bool ownsTcpServer = false;
    PyroUnixServer *localServer = nullptr;
    std::optional<QSslConfiguration> sslConfiguration; // set by setSslConfiguration()
    QString locationHost;               // as the caller asked for it
    quint16 boundPort = 0;
    QString socketPath;
    QString natHost;
    quint16 natPort = 0;
    bool natSet = false;
    QString errorString;

    QHash<QString, Registration> registry;
    QStringList registrationOrder;
    QHash<const QObject *, QString> idsByObject;
    PyroDaemonObject *daemonObject = nullptr;   // child of q
    QHash<QString, QPointer<QObject>> builtins; // addBuiltinObject()
    QList<PyroDaemon::MetadataExtension> metadataExtensions;
    QHash<QByteArray, QByteArray> responseAnnotationHash;
    QList<PyroMessage::Annotation> responseAnnotations;
    PyroDaemon::HandshakeValidator handshakeValidator;
    QThreadPool *pool = nullptr;
    int slowCallWarning = -1;           // ms; -1 = not set yet (environment or default)
    QSet<QString> slowCallsWarned;      // "Class.method", warned once each

    QHash<quint64, PyroDaemonConnection *> connections;  // counted towards maxConnections
    QHash<quint64, PyroDaemonConnection *> allConnections;
    int deniedOpen = 0;                 // refused connections not closed yet
    bool acceptScheduled = false;
    quint64 nextConnectionId = 1;

    QHash<QString, Stream> streams;
    // Streams by connection (attached ones), and the number lingering per client address,
    // for MAX_STREAMS_PER_CLIENT without walking every stream.
    QHash<quint64, QSet<QString>> streamsByConnection;
    QHash<QString, int> lingeringByAddress;
    // Pool work waiting for a thread, per connection, and the connections' turns.
    QHash<quint64, std::deque<std::function<void()>>> pooledWaiting;
    std::deque<quint64> pooledTurns;
    int pooledRunning = 0;
    // Requests whose reply a PyroDelayedReply will send (its sender only holds a weak
    // reference, so a dropped handle cannot keep a request alive in a cycle).
    QHash<PyroRequest *, PyroRequestPtr> pendingRequests;
    QTimer *housekeepingTimer = nullptr;        // child of q
    const QMetaObject *lastMetaObject = nullptr; // see classInfoOf()
    const PyroClassInfo *lastClassInfo = nullptr;
};
