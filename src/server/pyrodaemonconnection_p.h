// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrocallcontext_p.h"
#include "pyroconnectionhost_p.h"
#include "pyromessagereader_p.h"
#include "pyrorequest_p.h"

#include <QtCore/QObject>
#include <QtCore/QTimer>

class PyroSocket;

/*
 * One accepted connection of a daemon, in the daemon's thread: framing (a
 * PyroMessageReader), the CONNECT handshake, and strictly ordered request handling. A
 * request whose reply comes later (object in another thread, pool, QFuture, delayed
 * reply) holds back the next ones of this connection only; oneway requests hold back
 * nothing until MAX_ONEWAY_IN_FLIGHT of them run (then reading pauses until one ends).
 * COMMTIMEOUT drops a client that stays silent, stalls halfway through a message (or
 * dribbles it), or stops reading our replies, that long while no reply of ours is
 * pending; HANDSHAKE_TIMEOUT drops one that has not completed CONNECT in time (also with
 * COMMTIMEOUT 0), and REPLY_DRAIN_TIMEOUT one that leaves more than MAX_REPLY_BUFFER
 * reply bytes unread. A client that half-closes its socket after a call still gets the
 * pending reply (TCP and Unix sockets; see PyroHalfCloseWriter).
 */
class PyroDaemonConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Handshake, Ready, Denied, Closed };

    PyroDaemonConnection(PyroConnectionHost *host, QIODevice *socket, quint64 id,
                         const QString &address, quint16 port, bool denied);
    ~PyroDaemonConnection() override;

    quint64 id() const { return m_info->id; }
    const std::shared_ptr<PyroConnectionInfo> &info() const { return m_info; }
    QString peer() const;
    State state() const { return m_state; }
    bool isClosed() const { return m_state == State::Closed; }
    // True once the handshake succeeded (clientConnected was emitted).
    bool wasConnected() const { return m_connected; }
    // True for a connection accepted only to be refused (maxConnections).
    bool wasDenied() const { return m_denied; }

    void start();
    // Stops handling requests and closes the socket (after what was written so far).
    void close(const QString &reason = QString());
    // The reply of an ordered request (or nothing for oneway ones): sends it and goes on
    // with the next request. Called in the daemon's thread.
    void finishRequest(const PyroRequestPtr &request, const PyroInvokeResult &result);
    // Goes away once the socket has sent what was written (last replies, CONNECTFAIL);
    // until then it belongs to owner.
    void dispose(QObject *owner);
    // A oneway request finished (its result is dropped).
    void onewayFinished();
    bool hasPendingWork() const { return m_busy || m_onewayInFlight > 0; }
    int onewayInFlight() const { return m_onewayInFlight; }

    QHash<QString, QObject *> sessionInstances;

private:
    void onReadyRead();
    void onDisconnected();
    void onIdleTimeout();
    void onHandshakeTimeout();
    void onDrainCheck();
    void checkReplyBacklog();
    bool onewayCapped() const;
    bool mayRead() const { return !m_busy && !onewayCapped() && !writeBacklogged(); }
    void holdDescriptor();
    void releaseDescriptor();
    bool enterHalfClosed();
    void finishHalfClosed();
    void onBytesWritten();
    void processMessages();
    void handleConnect(PyroMessage &message);
    void handleDenied(PyroMessage &message);
    void refuseSerializer(const PyroMessage &message, const QUuid &correlationId, const PyroError &error);
    void handleRequest(PyroMessage &message);
    void sendPong(const PyroMessageHeader &header);
    bool decodeBlobCall(const PyroRequestPtr &request, const QByteArray &payload, PyroCall *call);
    void handleReadFailure(const PyroError &error);
    void decodeFailed(const PyroRequestPtr &request, const PyroError &error);
    void sendReply(const PyroRequestPtr &request, const PyroInvokeResult &result);

    // Encodes value with serializer (or sends raw as the payload) and writes the message.
    bool send(PyroMessage &message, const PyroSerializer *serializer, const QVariant *value,
              const QByteArray *raw, PyroError *error);
    // In the client's serializer where it has one, else in marshal, which every client reads.
    void sendConnectFail(const PyroSerializer *serializer, quint16 seq, const QUuid &correlationId,
                         const QString &reason);
    void sendError(const PyroRequestPtr &request, const PyroError &error, quint16 extraFlags = 0,
                   const QList<PyroMessage::Annotation> &annotations = {});
    void restartIdleTimer();
    bool writeBacklogged() const;
    qint64 pendingWriteBytes() const;

    PyroConnectionHost *m_host;
    PyroSocket *m_socket;
    std::shared_ptr<PyroConnectionInfo> m_info;
    PyroMessageReader m_reader;
    State m_state;
    bool m_busy = false;              // an ordered request awaits its reply
    bool m_processing = false;        // inside processMessages()
    int m_onewayInFlight = 0;
    bool m_finishedReported = false;
    bool m_connected = false;
    bool m_denied = false;
    QTimer m_idleTimer;
    int m_commTimeoutMs = 0;
    QTimer m_handshakeTimer;
    QTimer m_drainTimer;
    qint64 m_drainMark = 0;           // unsent bytes when the drain clock last started
    qint64 m_replyBuffer = 0;         // MAX_REPLY_BUFFER (or the built-in high water)
    int m_onewayCap = 0;
    // A duplicate of the socket descriptor while a reply is pending: Qt closes its own at
    // the peer's EOF, and a half-closed client still gets its reply through this one.
    int m_heldFd = -1;
    bool m_halfClosed = false;
    class PyroHalfCloseWriter *m_halfCloseWriter = nullptr;
    qint64 m_bytesSinceProgress = 0; // received since COMMTIMEOUT was last restarted
    QByteArray m_sendBuffer;          // see send()
};
