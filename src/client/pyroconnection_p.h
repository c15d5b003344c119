// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroconfig.h"
#include "pyrodeadline_p.h"
#include "pyroerror.h"
#include "pyromessagereader_p.h"
#include "pyroserializer.h"
#include "pyrouri.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QTimer>
#include <QtCore/QUuid>
#include <QtNetwork/QSslConfiguration>

#include <deque>
#include <set>
#include <vector>
#include <functional>
#include <memory>
#include <optional>

class PyroResolver;
class PyroSocket;

// What one request produced, before the proxy turns it into a PyroResult.
struct PyroClientResult
{
    PyroError error;
    QVariant value;
    QHash<QByteArray, QByteArray> annotations;
    QString streamId; // set for an ITEMSTREAMRESULT reply
    bool batch = false;
};

// One request waiting in (or travelling through) a connection's queue.
struct PyroClientRequest
{
    enum class Kind : quint8 { Invoke, Ping };
    // What the proxy checks against the metadata before anything is sent.
    enum class Check : quint8 { None, Method, GetAttr, SetAttr };
    enum class Stage : quint8 { Queued, Sent, Done };
    // Sent as oneway when the metadata says so, always, or never.
    enum class Oneway : quint8 { FromMetadata, Force, Never };

    Kind kind = Kind::Invoke;
    Check check = Check::None;
    Stage stage = Stage::Queued;
    Oneway oneway = Oneway::FromMetadata;
    QString objectId;  // empty: the connection's object
    QString method;
    QVariantList args;
    bool argsAsList = false;
    QVariant kwargs = QVariantMap();
    quint16 extraFlags = 0; // BATCH, ONEWAY of a oneway batch
    QHash<QByteArray, QByteArray> annotations;
    QUuid correlationId;    // captured from the calling thread when the request was made
    QVariant blobInfo;      // valid: a Pyro5 SerializedBlob call (KEEPSERIALIZED)
    int timeout = 0;        // ms per attempt; 0 = none
    QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever);
    int retriesLeft = 0;
    bool sentOneway = false;
    quint16 seq = 0;
    quint8 serializerId = 0;
    // Called exactly once with the outcome. Must not emit user-visible signals directly
    // (replies queue theirs), because it may run inside the connection's socket handlers.
    std::function<void(PyroClientResult &&)> done;
};
using PyroClientRequestPtr = std::shared_ptr<PyroClientRequest>;

/*
 * The connection of one proxy: socket (TCP, Unix or TLS), message framing, the CONNECT
 * handshake with metadata, the request queue (one request in flight, as Pyro5 does),
 * sequence numbers, timeouts, retries and reconnects, and PYRONAME/PYROMETA resolution
 * before every connect.
 *
 * Everything is driven by the socket's signals when an event loop runs; the blocking
 * entry points (waitForRequest, waitForConnected) drive the very same state machine with
 * the socket's waitFor... functions, never with a nested event loop. The object lives
 * for the whole life of its proxy; sockets come and go.
 */
class PyroConnection : public QObject
{
    Q_OBJECT
public:
    enum class State { Unconnected, Resolving, Connecting, Handshaking, Connected };

    // What the connection needs of its proxy's settings: the proxy owns them and hands
    // over a copy whenever one changes.
    struct Settings
    {
        PyroConfig config;
        QString serializer;          // name
        int connectTimeout = 0;      // ms; 0 = DefaultConnectTimeout
        int callTimeout = 0;         // ms; 0 = none
        bool compression = false;
        QVariant handshake = QStringLiteral("hello");
        std::function<PyroError(const QVariant &)> handshakeValidator;
        QHash<QByteArray, QByteArray> annotations;
        QUuid correlationId;
        std::optional<QSslConfiguration> ssl;
        // How call arguments are encoded (built once by the proxy: it knows how a proxy
        // passed as an argument travels).
        PyroEncodeContext encodeContext;
    };
    static constexpr int DefaultConnectTimeout = 30000;
    static constexpr int ReconnectInterval = 2000;

    explicit PyroConnection(const PyroUri &uri, QObject *parent = nullptr);
    ~PyroConnection() override;

    const Settings &settings() const { return m_settings; }
    void setSettings(const Settings &settings) { m_settings = settings; }

    PyroUri uri() const { return m_uri; }
    void setUri(const PyroUri &uri) { m_uri = uri; }
    PyroUri resolvedUri() const { return m_resolvedUri; }
    State state() const { return m_state; }
    quint16 sequence() const { return m_seq; }

    // Metadata (from CONNECTOK, get_metadata, or preset from an object reference).
    bool hasMetadata() const { return m_hasMetadata; }
    QStringList methods() const { return m_methods; }
    QStringList onewayMethods() const { return m_oneway; }
    QStringList attributes() const { return m_attrs; }
    void setMetadata(const QStringList &methods, const QStringList &oneway, const QStringList &attrs);
    QVariant handshakeResponse() const { return m_handshakeResponse; }
    QHash<QByteArray, QByteArray> handshakeAnnotations() const { return m_handshakeAnnotations; }
    // Replace uri() by the resolved PYRO: URI after the next successful connect.
    void setBindRequested(bool on) { m_bindRequested = on; }

    // Queues a request (its done() may be called right away for local failures, and
    // is when the calling thread is not the connection's).
    void submit(const PyroClientRequestPtr &request);
    // A PyroError when the calling thread does not own the connection (no error otherwise).
    PyroError wrongThreadError() const;
    // Connects if not connected; tries: attempts 2 s apart (reconnect semantics when
    // failWithReconnectText is set: the final error is "failed to reconnect").
    void connectToDaemon(int tries = 1, bool reconnectSemantics = false);
    // Closes the socket; every pending request fails with why.
    void release(const PyroError &why);
    // Closes the socket (an in-flight call fails, and may be retried) and connects again,
    // tries attempts 2 s apart; the final failure is ConnectionClosed "failed to reconnect".
    void reconnect(int tries);
    // Drops a request: a queued one is removed, an in-flight one's reply will be ignored.
    void abort(const PyroClientRequestPtr &request, const PyroError &why);
    // Sends close_stream for a stream (oneway) if the connection is up.
    void closeStream(const QString &streamId);

    // Blocking drivers (no event loop): return true when the condition was reached.
    bool waitForRequest(const PyroClientRequestPtr &request, QDeadlineTimer deadline);
    bool waitForConnected(QDeadlineTimer deadline);

    // "('127.0.0.1', 9090)" or the socket path: how Pyro5 names a connect location.
    static QString locationText(const PyroUri &uri);

Q_SIGNALS:
    void stateChanged(PyroConnection::State state);
    void errorOccurred(const PyroError &error);

private:
    // A blocking wait on a daemon of the calling thread could never end: fail every
    // request with a clear error and close the socket (true when that happened).
    bool failIfServedByThisThread();
    PyroError localCheckError(const PyroClientRequest &request) const;
    // The text of a local check's error, built only when the check failed.
    QString remoteObjectText() const;
    static QVariant unknownRemoteException(const PyroSerializer *serializer,
                                           const QByteArray &payload);
    void pump();
    void enqueue(const PyroClientRequestPtr &request, bool front);
    void dequeued(const PyroClientRequestPtr &request);
    void startAttempt();
    void openSocket();
    void onSocketConnected();
    void onReadyRead();
    // Reads what arrived and handles every whole message; false when the peer closed
    // the stream meanwhile (and the socket is still ours).
    bool drainSocket();
    void onSocketClosed();
    void handleMessage(PyroMessage &&message);
    void handleHandshakeReply(PyroMessage &&message);
    void handleReply(PyroMessage &&message);
    bool processMetadata(const QVariant &meta, PyroError *error);
    void sendNext();
    bool writeRequest(const PyroClientRequestPtr &request, PyroError *error);
    void connectFailed(const PyroError &error);
    void connectionLost(const PyroError &error);
    void finishRequest(const PyroClientRequestPtr &request, PyroClientResult &&result);
    void failRequest(const PyroClientRequestPtr &request, const PyroError &error);
    bool maybeRetry(const PyroClientRequestPtr &request, const PyroError &error);
    void failQueued(const PyroError &error);
    void closeSocket();
    void clearGraveyard();
    void setState(State state);
    void checkTimeouts();
    void rearmTimer();
    QDeadlineTimer nextInternalDeadline() const;
    bool driveOnce(QDeadlineTimer deadline);
    PyroError localCheck(const PyroClientRequest &request) const;
    bool socketIsOpen() const;
    qint64 bytesToWrite() const;
    void onResolved();
    bool writeMessage(QByteArray &bytes, PyroError *error);
    bool addBlobInfo(const PyroClientRequestPtr &request, const PyroCall &call,
                     QHash<QByteArray, QByteArray> *annotations, PyroError *error);
    QList<PyroMessage::Annotation> annotationList(const QHash<QByteArray, QByteArray> &extra) const;

    PyroUri m_uri;
    PyroUri m_resolvedUri;
    State m_state = State::Unconnected;
    quint16 m_seq = 0;

    Settings m_settings;
    PyroSocket *m_socket = nullptr;
    PyroMessageReader m_reader;
    QByteArray m_writeBuffer; // reused for every message
    const PyroSerializer *m_serializer = nullptr;

    std::deque<PyroClientRequestPtr> m_queue;
    std::multiset<qint64> m_queueDeadlines; // of the queued requests that have one
    PyroClientRequestPtr m_inFlight;

    bool m_hasMetadata = false;
    QStringList m_methods, m_oneway, m_attrs;
    QVariant m_handshakeResponse;
    QHash<QByteArray, QByteArray> m_handshakeAnnotations;
    bool m_bindRequested = false;

    // Connect attempts.
    bool m_connectRequested = false;
    int m_attemptsLeft = 0;
    bool m_reconnectSemantics = false;
    QDeadlineTimer m_connectDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
    QDeadlineTimer m_retryAt = QDeadlineTimer(QDeadlineTimer::Forever);
    bool m_retryPending = false;
    std::unique_ptr<PyroResolver> m_resolver;
    QUuid m_connectCorrelationId;

    // Sockets and resolvers are never deleted inside their own callbacks; they wait here
    // for a safe point (a timer slot, the start of a blocking wait, the destructor).
    QList<QPointer<PyroSocket>> m_deadSockets;
    std::vector<std::unique_ptr<PyroResolver>> m_deadResolvers;

    QTimer *m_timer = nullptr;
    bool m_destroying = false;
};

// Small helpers shared by the connection's source files.
namespace PyroClientDetail {
// Milliseconds left (-1: forever), the earlier of two deadlines, a wait bound for waitFor...
using PyroDeadline::earlier;
using PyroDeadline::msecsLeft;
using PyroDeadline::waitMs;
QHash<QByteArray, QByteArray> annotationHash(const QList<PyroMessage::Annotation> &list);
} // namespace PyroClientDetail

// Pyro5's item stream terminator.
inline bool pyroIsStopIteration(const PyroError &error)
{
    return error.isRemote() && error.remoteType() == QLatin1StringView("builtins.StopIteration");
}
