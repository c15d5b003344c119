// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "qtpyro_export.h"

#include <QtCore/QObject>
#include <QtNetwork/QAbstractSocket>
#include <QtNetwork/QSslConfiguration>

#include <functional>
#include <optional>

class QLocalSocket;
class QTcpSocket;
class QSslSocket;

/*
 * The byte stream under one Pyro connection, client or daemon side, whichever Qt class
 * carries it: QTcpSocket, QSslSocket (TLS) or QLocalSocket (Unix domain socket). Like the
 * IoDevice backends of Qt Remote Objects, it gives the connection classes one set of
 * calls and one set of signals instead of a branch per socket class.
 *
 * Lives in the connection's thread and is owned by it (a QObject child); the Qt socket
 * is its child.
 *
 * Speed: write() hands a small message straight to the kernel when nothing is queued
 * (plain TCP and Unix sockets): one send() per message, no write notifier switched on and
 * off, no Qt write buffer ever allocated. A client's plain TCP socket is unbuffered, so
 * reading needs no FIONREAD and the bytes go straight into the message reader's buffer.
 */
class QTPYRO_PRIVATE_EXPORT PyroSocket : public QObject
{
    Q_OBJECT
public:
    enum class Transport { Tcp, Tls, Local };

    // Client side: a socket for host:port (TLS when tls is set) or a Unix socket path.
    // Connect to its signals, then call open(): connected() (TLS: once encrypted) or
    // closed() may come from inside open() already.
    static PyroSocket *forHost(const QString &host, quint16 port,
                               QAbstractSocket::NetworkLayerProtocol protocol,
                               const std::optional<QSslConfiguration> &tls, QObject *parent);
    static PyroSocket *forPath(const QString &path, QObject *parent);
    void open();
    // Daemon side: takes an accepted QTcpSocket, QSslSocket or QLocalSocket (and its
    // ownership); nullptr for any other device.
    static PyroSocket *adopt(QIODevice *accepted, QObject *parent);
    ~PyroSocket() override;

    Transport transport() const { return m_transport; }
    bool isTls() const { return m_transport == Transport::Tls; }
    QIODevice *device() const { return m_device; }
    bool isConnected() const;
    // Unconnected: never connected, or closed (by either side).
    bool isUnconnected() const;
    qintptr descriptor() const;

    // Socket options (TCP only; no-ops for a Unix socket).
    void setLowDelay(bool on);
    void setKeepAlive(bool on);
    // Bound on what Qt buffers for reading (a buffered socket only).
    void setReadBufferSize(qint64 size);

    // Sends bytes (all of them, what the kernel does not take now is queued) and starts
    // sending at once. False when the socket cannot take them (closed).
    bool write(const QByteArray &bytes);
    // Bytes written but not yet handed to the kernel, TLS ciphertext included: what grows
    // when the peer stops reading.
    qint64 pendingBytes() const;
    qint64 bytesToWrite() const;
    // Bytes Qt already holds for reading (no system call).
    qint64 bufferedBytes() const;
    void flush();

    QString errorString() const;
    // The peer closed the connection (rather than a local error).
    bool remoteClosed() const;
    // The TLS handshake failed; tlsErrors() says why when the certificate was the reason.
    bool tlsFailure() const;
    QString tlsErrors() const { return m_tlsErrors; }
    QSslCertificate peerCertificate() const;

    // Blocking waits for the blocking drivers (no event loop); ms < 0: no limit.
    bool waitForConnected(int ms);
    bool waitForReadyRead(int ms);
    bool waitForBytesWritten(int ms);

    // Closes now; queued bytes are dropped.
    void abort();
    // Closes once the queued bytes went out.
    void disconnectFromPeer();

Q_SIGNALS:
    void connected();
    void readyRead();
    // Queued bytes (TLS: ciphertext) went out. Not for bytes write() sent directly.
    void bytesWritten();
    // Disconnected, or an error other than a blocking wait's timeout; may come twice.
    void closed();

private:
    PyroSocket(QIODevice *device, Transport transport, QObject *parent);
    void wire();

    QIODevice *m_device;
    QTcpSocket *m_tcp = nullptr;   // also set for TLS
    QLocalSocket *m_local = nullptr;
    Transport m_transport;
    QString m_tlsErrors;
    std::function<void()> m_open;
};
