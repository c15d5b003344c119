// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrolocallisteners_p.h"

#include <QtCore/QFileInfo>
#include <QtCore/QList>
#include <QtCore/QMutex>
#include <QtCore/QThread>
#include <QtNetwork/QAbstractSocket>
#include <QtNetwork/QLocalServer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QNetworkInterface>
#include <QtNetwork/QTcpServer>

namespace PyroLocalListeners {

namespace {
// Raw pointers: an entry is removed (under the mutex, directly in ~QObject) before its
// object is gone, so a reader holding the mutex never sees a dangling one. Objects of
// other threads are only asked for thread().
struct Registry
{
    QMutex mutex;
    QList<QObject *> servers;
};
Registry &registry()
{
    static Registry r;
    return r;
}

bool isOwnAddress(const QHostAddress &address)
{
    return address.isLoopback() || QNetworkInterface::allAddresses().contains(address);
}

bool tcpMatches(const QTcpServer *server, const QAbstractSocket *socket)
{
    if (!server->isListening() || server->serverPort() != socket->peerPort())
        return false;
    const QHostAddress listening = server->serverAddress();
    QHostAddress peer = socket->peerAddress();
    bool ok = false;
    const QHostAddress v4(peer.toIPv4Address(&ok));
    if (ok)
        peer = v4; // ::ffff:127.0.0.1 from a dual-stack socket
    if (listening == QHostAddress::Any || listening == QHostAddress::AnyIPv4
        || listening == QHostAddress::AnyIPv6)
        return isOwnAddress(peer);
    return listening.isEqual(peer, QHostAddress::TolerantConversion);
}
} // namespace

void add(QObject *server)
{
    Registry &r = registry();
    {
        QMutexLocker lock(&r.mutex);
        if (r.servers.contains(server))
            return;
        r.servers.append(server);
    }
    QObject::connect(server, &QObject::destroyed, [server] {
        Registry &r = registry();
        QMutexLocker lock(&r.mutex);
        r.servers.removeAll(server);
    });
}

bool isServedByCurrentThread(const QIODevice *socket)
{
    if (!socket)
        return false;
    const auto *tcp = qobject_cast<const QAbstractSocket *>(socket);
    const auto *local = qobject_cast<const QLocalSocket *>(socket);
    if ((tcp && tcp->state() != QAbstractSocket::ConnectedState)
        || (local && local->state() != QLocalSocket::ConnectedState))
        return false;
    Registry &r = registry();
    QMutexLocker lock(&r.mutex);
    QThread *const current = QThread::currentThread();
    for (QObject *server : std::as_const(r.servers)) {
        // Only objects of this thread are looked at closer: those cannot change meanwhile.
        if (server->thread() != current)
            continue;
        if (const auto *tcpServer = qobject_cast<const QTcpServer *>(server); tcpServer && tcp) {
            if (tcpMatches(tcpServer, tcp))
                return true;
        } else if (local) {
            // A QLocalServer, or the daemon's own Unix listener, which tells its path
            // (empty when not listening) through its listeningPath property.
            QString path;
            if (const auto *localServer = qobject_cast<const QLocalServer *>(server))
                path = localServer->isListening() ? localServer->fullServerName() : QString();
            else
                path = server->property("listeningPath").toString();
            if (!path.isEmpty()
                && QFileInfo(path).absoluteFilePath()
                        == QFileInfo(local->fullServerName()).absoluteFilePath())
                return true;
        }
    }
    return false;
}

} // namespace PyroLocalListeners
