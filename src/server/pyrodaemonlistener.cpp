// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// The daemon's listener: listening on TCP (optionally TLS) or a Unix socket, accepting
// clients within maxConnections, and the location its URIs name.
#include "pyrodaemon.h"
#include "pyrodaemon_p.h"
#include "pyrodaemonconnection_p.h"
#include "pyrounixserver_p.h"

#include "pyrolocallisteners_p.h"
#include "pyrosslconfig.h"

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

namespace {

// Clients being refused (at maxConnections) at once; more wait to be accepted.
constexpr int MaxDeniedConnections = 64;
// After accept() failed (out of file descriptors...), accepting resumes this much later.
constexpr int AcceptBackoffMs = 100;

QString peerAddressText(const QHostAddress &address)
{
    // IPv4 clients of a dual-stack socket show up as ::ffff:a.b.c.d; Python shows a.b.c.d.
    bool ok = false;
    const quint32 v4 = address.toIPv4Address(&ok);
    if (ok && address.protocol() == QAbstractSocket::IPv6Protocol)
        return QHostAddress(v4).toString();
    return address.toString();
}

QString hostForLocation(const QString &host)
{
    return host.contains(u':') ? u'[' + host + u']' : host;
}

} // namespace

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
    auto *connection = new PyroDaemonConnection(&host, socket, id, address, port, denied);
    allConnections.insert(id, connection);
    if (denied) {
        ++deniedOpen;
        qCInfo(lcPyroDaemon) << "refusing connection from" << address << "- maxConnections" << limit << "reached";
    } else {
        connections.insert(id, connection);
    }
    connection->start();
}
