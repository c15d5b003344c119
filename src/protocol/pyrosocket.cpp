// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrosocket_p.h"

#include <QtCore/QLoggingCategory>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpSocket>

#include <utility>

#ifdef Q_OS_UNIX
#  include <cerrno>
#  include <sys/socket.h>
#endif

Q_LOGGING_CATEGORY(lcPyroSocket, "qtpyro.socket", QtWarningMsg)

namespace {
// Messages up to this size are sent with one send() of our own when nothing is queued.
// A bigger one is handed to Qt as a whole: QIODevice keeps a large QByteArray as a
// shared chunk instead of copying the part the kernel does not take right away.
constexpr qsizetype DirectWriteLimit = 64 * 1024;
} // namespace

/*
    \class PyroSocket
    Created by a PyroConnection (connectToHost(), connectToPath()) or a
    PyroDaemonConnection (adopt()) and used only from its thread. Failures arrive as
    closed(); errorString(), remoteClosed() and tlsFailure() say why.
*/
PyroSocket::PyroSocket(QIODevice *device, Transport transport, QObject *parent)
    : QObject(parent), m_device(device), m_transport(transport)
{
    m_device->setParent(this);
    m_tcp = qobject_cast<QTcpSocket *>(device);
    m_local = qobject_cast<QLocalSocket *>(device);
    wire();
}

PyroSocket::~PyroSocket() = default;

PyroSocket *PyroSocket::forHost(const QString &host, quint16 port,
                                QAbstractSocket::NetworkLayerProtocol protocol,
                                const std::optional<QSslConfiguration> &tls, QObject *parent)
{
    if (tls) {
        auto *ssl = new QSslSocket;
        ssl->setSslConfiguration(*tls);
        auto *socket = new PyroSocket(ssl, Transport::Tls, parent);
        socket->m_open = [ssl, host, port, protocol] {
            ssl->connectToHostEncrypted(host, port, QIODevice::ReadWrite, protocol);
        };
        return socket;
    }
    auto *tcp = new QTcpSocket;
    auto *socket = new PyroSocket(tcp, Transport::Tcp, parent);
    // Unbuffered: reads go straight from the kernel into the caller's buffer (no FIONREAD,
    // no copy through Qt's read buffer), and a write goes straight out when nothing waits.
    socket->m_open = [tcp, host, port, protocol] {
        tcp->connectToHost(host, port, QIODevice::ReadWrite | QIODevice::Unbuffered, protocol);
    };
    return socket;
}

PyroSocket *PyroSocket::forPath(const QString &path, QObject *parent)
{
    auto *local = new QLocalSocket;
    auto *socket = new PyroSocket(local, Transport::Local, parent);
    socket->m_open = [local, path] { local->connectToServer(path); };
    return socket;
}

void PyroSocket::open()
{
    if (auto open = std::exchange(m_open, nullptr))
        open();
}

PyroSocket *PyroSocket::adopt(QIODevice *accepted, QObject *parent)
{
    if (qobject_cast<QSslSocket *>(accepted))
        return new PyroSocket(accepted, Transport::Tls, parent);
    // Stays buffered: QAbstractSocket::setSocketDescriptor() keeps an accepted socket
    // buffered whatever the open mode says (only connectToHost() honours Unbuffered).
    if (qobject_cast<QTcpSocket *>(accepted))
        return new PyroSocket(accepted, Transport::Tcp, parent);
    if (qobject_cast<QLocalSocket *>(accepted))
        return new PyroSocket(accepted, Transport::Local, parent);
    return nullptr;
}

void PyroSocket::wire()
{
    connect(m_device, &QIODevice::readyRead, this, &PyroSocket::readyRead);
    connect(m_device, &QIODevice::bytesWritten, this, &PyroSocket::bytesWritten);
    if (m_local) {
        connect(m_local, &QLocalSocket::connected, this, &PyroSocket::connected);
        connect(m_local, &QLocalSocket::disconnected, this, &PyroSocket::closed);
        connect(m_local, &QLocalSocket::errorOccurred, this, [this](QLocalSocket::LocalSocketError e) {
            if (e != QLocalSocket::SocketTimeoutError)
                Q_EMIT closed();
        });
        return;
    }
    if (auto *ssl = qobject_cast<QSslSocket *>(m_tcp)) {
        connect(ssl, &QSslSocket::encrypted, this, &PyroSocket::connected);
        connect(ssl, &QSslSocket::encryptedBytesWritten, this, &PyroSocket::bytesWritten);
        // Why a handshake failed, for the error the caller gets ("certificate has expired",
        // "host name did not match", ...).
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            QStringList texts;
            for (const QSslError &e : errors)
                texts.append(e.errorString());
            m_tlsErrors = texts.join(QStringLiteral("; "));
        });
    } else {
        connect(m_tcp, &QTcpSocket::connected, this, &PyroSocket::connected);
    }
    connect(m_tcp, &QAbstractSocket::disconnected, this, &PyroSocket::closed);
    connect(m_tcp, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        // A blocking wait reports its own expiry as an error; that is no failure.
        if (e == QAbstractSocket::SocketTimeoutError)
            return;
        if (e != QAbstractSocket::RemoteHostClosedError)
            qCDebug(lcPyroSocket) << "socket error:" << m_tcp->errorString();
        Q_EMIT closed();
    });
}

bool PyroSocket::isConnected() const
{
    if (m_tcp)
        return m_tcp->state() == QAbstractSocket::ConnectedState;
    return m_local->state() == QLocalSocket::ConnectedState;
}

bool PyroSocket::isUnconnected() const
{
    if (m_tcp)
        return m_tcp->state() == QAbstractSocket::UnconnectedState;
    return m_local->state() == QLocalSocket::UnconnectedState;
}

qintptr PyroSocket::descriptor() const
{
    return m_tcp ? m_tcp->socketDescriptor() : m_local->socketDescriptor();
}

void PyroSocket::setLowDelay(bool on)
{
    if (m_tcp)
        m_tcp->setSocketOption(QAbstractSocket::LowDelayOption, on ? 1 : 0);
}

void PyroSocket::setKeepAlive(bool on)
{
    if (m_tcp)
        m_tcp->setSocketOption(QAbstractSocket::KeepAliveOption, on ? 1 : 0);
}

void PyroSocket::setReadBufferSize(qint64 size)
{
    if (m_tcp)
        m_tcp->setReadBufferSize(size);
    else
        m_local->setReadBufferSize(size);
}

bool PyroSocket::write(const QByteArray &bytes)
{
    if (!m_device->isOpen())
        return false;
    qsizetype sent = 0;
#ifdef Q_OS_UNIX
    if (m_transport != Transport::Tls && bytes.size() <= DirectWriteLimit && m_device->bytesToWrite() == 0
        && isConnected()) {
        const qintptr fd = descriptor();
        while (fd >= 0 && sent < bytes.size()) {
            const ssize_t n = ::send(int(fd), bytes.constData() + sent, size_t(bytes.size() - sent),
                                     MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                sent += qsizetype(n);
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            // EAGAIN: the rest waits in Qt's queue; an error: Qt's own write finds it.
            break;
        }
        if (sent == bytes.size())
            return true;
    }
#endif
    const qint64 rest = bytes.size() - sent;
    const qint64 queued = sent ? m_device->write(bytes.constData() + sent, rest) : m_device->write(bytes);
    if (queued != rest)
        return false;
    // Starting now instead of on the next event loop pass saves a round of latency.
    flush();
    return true;
}

qint64 PyroSocket::pendingBytes() const
{
    qint64 pending = m_device->bytesToWrite();
    // A TLS socket encrypts what we write at once and queues the ciphertext below
    // bytesToWrite(); that queue is what grows when the peer stops reading.
    if (auto *ssl = qobject_cast<QSslSocket *>(m_tcp))
        pending += ssl->encryptedBytesToWrite();
    return pending;
}

qint64 PyroSocket::bytesToWrite() const
{
    return m_device->bytesToWrite();
}

qint64 PyroSocket::bufferedBytes() const
{
    if (m_device->openMode() & QIODevice::Unbuffered)
        return 0;
    return m_device->bytesAvailable();
}

bool PyroSocket::mayHaveUnreadBytes() const
{
    if (m_device->openMode() & QIODevice::Unbuffered)
        return isConnected();
    return m_device->bytesAvailable() > 0;
}

void PyroSocket::flush()
{
    if (m_tcp)
        m_tcp->flush();
    else
        m_local->flush();
}

QString PyroSocket::errorString() const
{
    return m_device->errorString();
}

bool PyroSocket::remoteClosed() const
{
    if (m_tcp)
        return m_tcp->error() == QAbstractSocket::RemoteHostClosedError;
    return m_local->error() == QLocalSocket::PeerClosedError;
}

bool PyroSocket::tlsFailure() const
{
    if (m_transport != Transport::Tls)
        return false;
    const QAbstractSocket::SocketError e = m_tcp->error();
    return e == QAbstractSocket::SslHandshakeFailedError || e == QAbstractSocket::SslInternalError
            || e == QAbstractSocket::SslInvalidUserDataError;
}

QSslCertificate PyroSocket::peerCertificate() const
{
    if (auto *ssl = qobject_cast<QSslSocket *>(m_tcp))
        return ssl->peerCertificate();
    return QSslCertificate();
}

bool PyroSocket::waitForConnected(int ms)
{
    if (auto *ssl = qobject_cast<QSslSocket *>(m_tcp))
        return ssl->waitForEncrypted(ms);
    if (m_tcp)
        return m_tcp->waitForConnected(ms);
    return m_local->waitForConnected(ms);
}

bool PyroSocket::waitForReadyRead(int ms)
{
    return m_device->waitForReadyRead(ms);
}

bool PyroSocket::waitForBytesWritten(int ms)
{
    return m_device->waitForBytesWritten(ms);
}

void PyroSocket::abort()
{
    if (m_tcp)
        m_tcp->abort();
    else
        m_local->abort();
}

void PyroSocket::disconnectFromPeer()
{
    if (m_tcp)
        m_tcp->disconnectFromHost();
    else
        m_local->disconnectFromServer();
}
