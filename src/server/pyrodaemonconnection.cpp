// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrodaemonconnection_p.h"

#include "pyrodecodeguard_p.h"
#include "pyroserializedblob.h"
#include "pyrosocket_p.h"

#include <QtCore/QRandomGenerator>
#include <QtCore/QScopeGuard>
#include <QtCore/QSocketNotifier>

#include <cstring>
#include <iterator>

#ifdef Q_OS_UNIX
#  include <cerrno>
#  include <fcntl.h>
#  include <sys/socket.h>
#  include <unistd.h>
#endif

using namespace Qt::StringLiterals;
using namespace PyroProtocol;

namespace {
// Bytes Qt may hold for us while a request is in progress (then TCP pushes back).
constexpr qint64 ReadBufferLimit = 4 * 1024 * 1024;
// While more than this waits to go out, no further requests are read: a client that
// never reads its replies cannot make the daemon buffer without bound (MAX_REPLY_BUFFER
// replaces it when set).
constexpr qint64 WriteHighWater = 8 * 1024 * 1024;
// Bytes of an unfinished message that count as progress for COMMTIMEOUT.
constexpr qint64 MinProgressBytes = 1024;
// The largest send buffer a connection keeps between replies.
constexpr qsizetype KeptSendBuffer = 256 * 1024;
// A refused client gets this long to send its CONNECT.
constexpr int DeniedTimeoutMs = 5000;

// A version 4 uuid for replies to requests without a correlation id (Pyro5's uuid4()).
// One per request: QRandomGenerator::global() instead of the system generator, which
// costs a system call each time.
QUuid randomCorrelationId()
{
    quint64 words[2];
    QRandomGenerator::global()->fillRange(words);
    uchar bytes[16];
    std::memcpy(bytes, words, 16);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    return QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char *>(bytes), 16));
}
} // namespace

QUuid PyroDaemonConnection::requestCorrelationId(const PyroMessageHeader &header)
{
    return (header.flags & FlagCorrelationId) && !header.correlationId.isNull() ? header.correlationId
                                                                                 : randomCorrelationId();
}

/*
 * Writes the last replies of a client that half-closed its socket (shutdown(SHUT_WR)
 * after its call, as Pyro5 permits): Qt closes its own socket at the client's EOF, so the
 * bytes go out through a duplicate of the descriptor. Closes the descriptor once
 * everything was written and finish() was called, on a write error, or timeoutMs after
 * the first write if the client does not take the bytes.
 * Owned by the daemon: it outlives the connection it writes for.
 */
class PyroHalfCloseWriter : public QObject
{
public:
    PyroHalfCloseWriter(int fd, int timeoutMs, QObject *parent)
        : QObject(parent), m_fd(fd), m_notifier(fd, QSocketNotifier::Write)
    {
        m_notifier.setEnabled(false);
        connect(&m_notifier, &QSocketNotifier::activated, this, [this] { flush(); });
        m_timeout.setSingleShot(true);
        m_timeout.setInterval(timeoutMs);
        connect(&m_timeout, &QTimer::timeout, this, [this] { done(); });
    }
    ~PyroHalfCloseWriter() override { closeFd(); }
    void write(const QByteArray &bytes)
    {
        if (m_fd < 0)
            return;
        m_buffer.append(bytes);
        if (!m_timeout.isActive())
            m_timeout.start();
        flush();
    }
    void finish()
    {
        m_finishing = true;
        if (m_sent >= m_buffer.size())
            done();
    }

private:
    void flush()
    {
#ifdef Q_OS_UNIX
        while (m_fd >= 0 && m_sent < m_buffer.size()) {
            const ssize_t n = ::send(m_fd, m_buffer.constData() + m_sent, size_t(m_buffer.size() - m_sent),
                                     MSG_NOSIGNAL);
            if (n > 0) {
                m_sent += qsizetype(n);
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                m_notifier.setEnabled(true);
                return;
            }
            done(); // the client is gone altogether
            return;
        }
#endif
        m_buffer.clear();
        m_sent = 0;
        m_notifier.setEnabled(false);
        if (m_finishing)
            done();
    }
    void closeFd()
    {
        m_notifier.setEnabled(false);
#ifdef Q_OS_UNIX
        if (m_fd >= 0)
            ::close(m_fd);
#endif
        m_fd = -1;
    }
    void done()
    {
        if (m_fd < 0)
            return;
        closeFd();
        m_buffer.clear();
        deleteLater();
    }

    int m_fd;
    QSocketNotifier m_notifier;
    QTimer m_timeout;
    QByteArray m_buffer;
    qsizetype m_sent = 0;             // of m_buffer
    bool m_finishing = false;
};

PyroDaemonConnection::PyroDaemonConnection(PyroConnectionHost *host, QIODevice *socket, quint64 id,
                                           const QString &address, quint16 port, bool denied)
    : m_host(host),
      m_socket(PyroSocket::adopt(socket, this)),
      m_info(std::make_shared<PyroConnectionInfo>()),
      m_reader(host->config().maxMessageSize()),
      m_state(denied ? State::Denied : State::Handshake),
      m_denied(denied)
{
    m_info->id = id;
    m_info->address = address;
    m_info->port = port;
    m_info->detailedTraceback = host->config().detailedTraceback();
    Q_ASSERT_X(m_socket, "PyroDaemonConnection", "a QTcpSocket, QSslSocket or QLocalSocket");
    if (m_socket->isTls())
        m_info->peerCertificate = m_socket->peerCertificate();
    m_reader.setAcceptedTypes({MsgConnect});
    const PyroConfig &config = host->config();
    m_onewayCap = config.maxOnewayInFlight();
    m_replyBuffer = config.maxReplyBuffer() > 0 ? config.maxReplyBuffer() : WriteHighWater;

    m_handshakeTimer.setSingleShot(true);
    connect(&m_handshakeTimer, &QTimer::timeout, this, &PyroDaemonConnection::onHandshakeTimeout);
    m_drainTimer.setSingleShot(true);
    connect(&m_drainTimer, &QTimer::timeout, this, &PyroDaemonConnection::onDrainCheck);
    m_idleTimer.setSingleShot(true);
    // COMMTIMEOUT is a promise to the peer: a coarse timer may fire up to 5 % early.
    m_idleTimer.setTimerType(Qt::PreciseTimer);
    const double timeout = config.commTimeout();
    m_commTimeoutMs = timeout > 0 ? std::max(1, int(timeout * 1000)) : 0;
    if (denied)
        m_commTimeoutMs = m_commTimeoutMs ? std::min(m_commTimeoutMs, DeniedTimeoutMs) : DeniedTimeoutMs;
    connect(&m_idleTimer, &QTimer::timeout, this, &PyroDaemonConnection::onIdleTimeout);
}

PyroDaemonConnection::~PyroDaemonConnection()
{
    releaseDescriptor();
}

QString PyroDaemonConnection::peer() const
{
    if (m_socket->transport() != PyroSocket::Transport::Local) {
        const QString host = m_info->address.contains(u':') ? u'[' + m_info->address + u']' : m_info->address;
        return host + u':' + QString::number(m_info->port);
    }
    return m_info->address;
}

void PyroDaemonConnection::start()
{
    m_socket->setReadBufferSize(ReadBufferLimit);
    if (m_host->config().sockNoDelay())
        m_socket->setLowDelay(true);
    connect(m_socket, &PyroSocket::closed, this, &PyroDaemonConnection::onDisconnected);
    connect(m_socket, &PyroSocket::readyRead, this, &PyroDaemonConnection::onReadyRead);
    connect(m_socket, &PyroSocket::bytesWritten, this, &PyroDaemonConnection::onBytesWritten);
    restartIdleTimer();
    const double handshake = m_host->config().handshakeTimeout();
    if (m_state == State::Handshake && handshake > 0)
        m_handshakeTimer.start(std::max(1, int(std::min(handshake, 86400.0) * 1000)));
    if (m_socket->bufferedBytes() > 0)
        onReadyRead();
}

void PyroDaemonConnection::restartIdleTimer()
{
    if (m_commTimeoutMs > 0 && !isClosed())
        m_idleTimer.start(m_commTimeoutMs);
}

qint64 PyroDaemonConnection::pendingWriteBytes() const
{
    return m_socket->pendingBytes();
}

bool PyroDaemonConnection::writeBacklogged() const
{
    return !m_halfClosed && pendingWriteBytes() > m_replyBuffer;
}

bool PyroDaemonConnection::onewayCapped() const
{
    return m_onewayCap > 0 && m_onewayInFlight >= m_onewayCap;
}

void PyroDaemonConnection::checkReplyBacklog()
{
    const double timeout = m_host->config().replyDrainTimeout();
    if (timeout <= 0 || m_drainTimer.isActive() || isClosed() || m_halfClosed)
        return;
    const qint64 pending = pendingWriteBytes();
    if (pending <= m_replyBuffer)
        return;
    m_drainMark = pending;
    m_drainTimer.start(std::max(1, int(std::min(timeout, 86400.0) * 1000)));
}

void PyroDaemonConnection::onDrainCheck()
{
    if (isClosed())
        return;
    const qint64 pending = pendingWriteBytes();
    if (pending <= m_replyBuffer)
        return;
    // A client reading slowly but steadily keeps its connection: it must take at least
    // MAX_REPLY_BUFFER bytes per REPLY_DRAIN_TIMEOUT while more than that waits.
    if (m_drainMark - pending >= m_replyBuffer) {
        m_drainMark = pending;
        m_drainTimer.start();
        return;
    }
    qCWarning(lcPyroDaemon).noquote() << "dropping connection" << id() << "from" << peer() << "-" << pending
                                      << "reply bytes left unread for" << m_drainTimer.interval()
                                      << "ms (MAX_REPLY_BUFFER" << m_replyBuffer << "bytes)";
    close(u"replies not read"_s);
    // The unread replies go now, not after close()'s grace period.
    m_socket->abort();
}

void PyroDaemonConnection::onHandshakeTimeout()
{
    if (isClosed() || m_state != State::Handshake)
        return;
    qCInfo(lcPyroDaemon).noquote() << "dropping connection" << id() << "from" << peer()
                                   << "- no CONNECT completed within" << m_handshakeTimer.interval()
                                   << "ms (HANDSHAKE_TIMEOUT)";
    close(u"handshake timeout"_s);
}

void PyroDaemonConnection::holdDescriptor()
{
#ifdef Q_OS_UNIX
    if (m_heldFd >= 0 || m_socket->isTls()) // a TLS reply cannot be written past Qt's socket
        return;
    const qintptr fd = m_socket->descriptor();
    if (fd >= 0)
        m_heldFd = ::fcntl(int(fd), F_DUPFD_CLOEXEC, 0); // -1 when out of descriptors: no half-close then
#endif
}

void PyroDaemonConnection::releaseDescriptor()
{
#ifdef Q_OS_UNIX
    if (m_heldFd >= 0)
        ::close(m_heldFd);
#endif
    m_heldFd = -1;
}

bool PyroDaemonConnection::enterHalfClosed()
{
    // Only a client waiting for a reply has anything left to receive.
    if (isClosed() || m_halfClosed || !m_busy || m_heldFd < 0)
        return false;
    m_halfClosed = true;
    m_idleTimer.stop();
    m_drainTimer.stop();
    const double drain = m_host->config().replyDrainTimeout();
    m_halfCloseWriter = new PyroHalfCloseWriter(m_heldFd, drain > 0 ? int(std::min(drain, 86400.0) * 1000) : 60000,
                                                m_host->owner());
    m_heldFd = -1;
    qCDebug(lcPyroDaemon) << "connection" << id() << "half-closed by the client: the pending reply still goes out";
    m_host->connectionEvent(this, PyroConnectionHost::Event::HalfClosed);
    return true;
}

void PyroDaemonConnection::finishHalfClosed()
{
    // Requests that arrived before the client's EOF are still answered, like Pyro5 does.
    if (!m_processing)
        processMessages();
    if (!isClosed() && !m_busy)
        close(u"half-closed"_s);
}

void PyroDaemonConnection::onReadyRead()
{
    if (isClosed())
        return;
    // The bytes wait in the socket until the pending reply went out. They do not count
    // as activity: a client that keeps sending but never reads its replies is dropped
    // after COMMTIMEOUT like a silent one.
    if (!mayRead())
        return;
    processMessages();
}

void PyroDaemonConnection::onBytesWritten()
{
    if (isClosed())
        return;
    restartIdleTimer();
    // The backlog is gone: the next one starts a clock (and a progress mark) of its own.
    if (m_drainTimer.isActive() && pendingWriteBytes() <= m_replyBuffer)
        m_drainTimer.stop();
    if (!m_processing && mayRead() && (m_socket->mayHaveUnreadBytes() || m_reader.bufferedBytes() > 0))
        processMessages();
}

void PyroDaemonConnection::processMessages()
{
    if (m_processing)
        return;
    m_processing = true;
    bool progressed = false;
    bool peerClosed = false;
    bool drained = false; // until a read found no more (then the next readyRead says)
    while (!isClosed() && mayRead()) {
        PyroMessage message;
        PyroMessageReader::Status status = m_reader.next(&message);
        if (status == PyroMessageReader::Status::NeedMore && !drained && !peerClosed) {
            peerClosed = !readSocket();
            drained = m_reader.deviceDrained();
            status = m_reader.next(&message);
        }
        if (status == PyroMessageReader::Status::Failed) {
            handleReadFailure(m_reader.error());
            break;
        }
        if (status == PyroMessageReader::Status::NeedMore)
            break;
        progressed = true;
        switch (m_state) {
        case State::Handshake:
            handleConnect(message);
            break;
        case State::Denied:
            handleDenied(message);
            break;
        case State::Ready:
            handleRequest(message);
            break;
        case State::Closed:
            break;
        }
    }
    // COMMTIMEOUT counts from the last real progress: a whole message, or a good chunk
    // of a big one. A client dribbling a message byte by byte (slowloris) does not keep
    // its connection alive that way.
    if (progressed || m_bytesSinceProgress >= MinProgressBytes) {
        m_bytesSinceProgress = 0;
        restartIdleTimer();
    }
    m_processing = false;
    if (peerClosed)
        onDisconnected();
}

// Reads what the socket has into the reader; false when the peer closed its end (an
// unbuffered socket finds that out only by reading; a buffered one signals it).
bool PyroDaemonConnection::readSocket()
{
    if (!m_socket->device()->isOpen())
        return true;
    const qint64 before = m_reader.bufferedBytes();
    const bool open = m_reader.readFrom(m_socket->device());
    m_bytesSinceProgress += std::max<qint64>(0, m_reader.bufferedBytes() - before);
    return open;
}

void PyroDaemonConnection::onIdleTimeout()
{
    if (isClosed())
        return;
    if (m_busy || onewayCapped()) // waiting for our own work is not the client's fault
        return;
    const bool partial = m_reader.isPartial();
    qCInfo(lcPyroDaemon).noquote() << "dropping connection" << id() << "from" << peer() << "after"
                                   << m_commTimeoutMs << "ms without data"
                                   << (partial ? "(stalled inside a message)" : "(idle)");
    close(u"timeout"_s);
}

void PyroDaemonConnection::onDisconnected()
{
    if (isClosed() || m_halfClosed || enterHalfClosed())
        return;
    close();
}

void PyroDaemonConnection::handleReadFailure(const PyroError &error)
{
    qCWarning(lcPyroDaemon).noquote() << "connection" << id() << "from" << peer()
                                      << "closed after a protocol error:" << error.message();
    m_host->protocolError(this, error);
    if (m_state == State::Handshake || m_state == State::Denied) {
        // Pyro5 answers a first message it cannot even read with a marshal CONNECTFAIL, seq 0.
        sendConnectFail(nullptr, 0, QUuid(), error.message());
    }
    close(error.message());
}

void PyroDaemonConnection::close(const QString &reason)
{
    if (isClosed())
        return;
    Q_UNUSED(reason);
    m_state = State::Closed;
    m_idleTimer.stop();
    m_handshakeTimer.stop();
    m_drainTimer.stop();
    releaseDescriptor();
    if (m_halfCloseWriter) {
        m_halfCloseWriter->finish();
        m_halfCloseWriter = nullptr;
    }
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->disconnectFromPeer();
    if (!m_socket->isUnconnected()) {
        // Give the last reply a moment to leave, then cut.
        QTimer::singleShot(2000, m_socket, [s = m_socket] { s->abort(); });
    }
    m_host->connectionEvent(this, PyroConnectionHost::Event::Closed);
    if (!hasPendingWork() && !m_finishedReported) {
        m_finishedReported = true;
        m_host->connectionEvent(this, PyroConnectionHost::Event::Finished);
    }
}

void PyroDaemonConnection::dispose(QObject *owner)
{
    setParent(owner);
    if (m_socket->isUnconnected()) {
        deleteLater();
        return;
    }
    connect(m_socket, &PyroSocket::closed, this, &QObject::deleteLater);
}

void PyroDaemonConnection::onewayFinished()
{
    const bool wasCapped = onewayCapped();
    if (m_onewayInFlight > 0)
        --m_onewayInFlight;
    if (isClosed() && !hasPendingWork() && !m_finishedReported) {
        m_finishedReported = true;
        m_host->connectionEvent(this, PyroConnectionHost::Event::Finished);
        return;
    }
    if (wasCapped && !isClosed() && !m_processing && mayRead()) {
        restartIdleTimer();
        if (m_socket->mayHaveUnreadBytes() || m_reader.bufferedBytes() > 0)
            processMessages();
    }
}

// ---------------------------------------------------------------------------------------
// Sending

bool PyroDaemonConnection::send(PyroMessage &message, const PyroSerializer *serializer, const QVariant *value,
                                const QByteArray *raw, PyroError *error)
{
    const PyroConfig &config = m_host->config();
    const qint64 maxSize = config.maxMessageSize();
    // One buffer per connection, kept between replies (up to a size): a reply that grows
    // to tens of KiB is not reallocated step by step each time. The socket shares it and
    // lets go once it wrote it; if not, writing into it again detaches.
    QByteArray &buffer = m_sendBuffer;
    buffer.resize(0);
    const auto release = qScopeGuard([&buffer] {
        if (buffer.capacity() > KeptSendBuffer)
            buffer = QByteArray();
    });
    const auto payload = [&](QByteArray &out) {
        if (raw) {
            out.append(*raw);
            return true;
        }
        if (!value)
            return true;
        Q_ASSERT(serializer && serializer->id() == message.header.serializerId);
        return serializer->encode(out, *value, m_host->encodeContext(), error);
    };
    if (!message.write(buffer, payload, config.compression(), error, maxSize))
        return false;
    if (m_halfClosed && m_halfCloseWriter) {
        m_halfCloseWriter->write(buffer);
        return true;
    }
    if (isClosed() && m_socket->device()->openMode() == QIODevice::NotOpen)
        return true;
    m_socket->write(buffer);
    checkReplyBacklog();
    return true;
}

void PyroDaemonConnection::sendConnectFail(const PyroSerializer *serializer, quint16 seq,
                                           const QUuid &correlationId, const QString &reason)
{
    const QVariant text(reason);
    PyroError error;
    if (serializer) {
        PyroMessage message(MsgConnectFail, serializer->id(), seq);
        message.setCorrelationId(correlationId);
        message.annotations = m_host->replyAnnotations();
        if (send(message, serializer, &text, nullptr, &error))
            return;
    }
    // No serializer of the client's, or it cannot even say this: marshal always can (as a
    // fallback without the annotations, which may be what failed).
    PyroMessage fallback(MsgConnectFail, SerializerMarshal, seq);
    fallback.setCorrelationId(correlationId);
    if (!serializer)
        fallback.annotations = m_host->replyAnnotations();
    send(fallback, PyroSerializer::byId(SerializerMarshal), &text, nullptr, &error);
}

void PyroDaemonConnection::sendError(const PyroRequestPtr &request, const PyroError &error,
                                     quint16 extraFlags, const QList<PyroMessage::Annotation> &annotations)
{
    PyroMessage message(MsgResult, request->serializerId, request->seq, FlagException | extraFlags);
    message.setCorrelationId(request->correlationId);
    message.annotations = annotations;
    for (const auto &a : m_host->replyAnnotations())
        message.setAnnotation(a.first, a.second);
    const QVariant value = QVariant::fromValue(error);
    PyroError sendError;
    if (send(message, request->serializer, &value, nullptr, &sendError))
        return;
    // Pyro5's fallback when the exception itself does not serialize.
    PyroError replacement(PyroError::Code::PyroError,
                          u"Error serializing exception: %1. Original exception: %2: %3"_s
                              .arg(sendError.message(), error.pythonClass(), error.message()));
    const QVariant tb = error.attributes().value(u"_pyroTraceback"_s);
    replacement.setAttribute(u"_pyroTraceback"_s, tb.isValid() ? tb : PyroValues::none());
    const QVariant fallback = QVariant::fromValue(replacement);
    PyroMessage again(MsgResult, request->serializerId, request->seq, FlagException | extraFlags);
    again.setCorrelationId(request->correlationId);
    again.annotations = message.annotations;
    if (!send(again, request->serializer, &fallback, nullptr, &sendError)) {
        qCWarning(lcPyroDaemon) << "connection" << id() << "cannot send an error reply:" << sendError;
        close();
    }
}

// ---------------------------------------------------------------------------------------
// Requests

void PyroDaemonConnection::sendPong(const PyroMessageHeader &header)
{
    // Nothing is deserialized; any serializer id is fine and comes back unchanged.
    PyroMessage pong(MsgPing, header.serializerId, header.seq);
    pong.setCorrelationId(requestCorrelationId(header));
    pong.annotations = m_host->replyAnnotations();
    static const QByteArray pongPayload("pong");
    PyroError error;
    if (!send(pong, nullptr, nullptr, &pongPayload, &error))
        close();
}

// Pyro5's SerializedBlob: (info, object id, method) in a marshal BLBI annotation; the
// payload stays undecoded for the method.
bool PyroDaemonConnection::decodeBlobCall(const PyroRequestPtr &request, const QByteArray &payload,
                                          PyroCall *call)
{
    QByteArray blbi;
    for (const auto &a : request->annotations) {
        if (a.first == QByteArrayView(AnnotationBlobInfo, 4))
            blbi = a.second;
    }
    PyroError error;
    const PyroSerializer *marshal = PyroSerializer::byId(SerializerMarshal);
    const QVariant info = blbi.isNull() || !marshal
        ? QVariant()
        : PyroDecodeGuard::decode(marshal, blbi, PyroDecodeGuard::options(m_host->config(), blbi.size()), &error);
    const QVariantList parts = info.typeId() == qMetaTypeId<PyroTuple>() ? info.value<PyroTuple>().items()
                                                                          : info.toList();
    if (blbi.isNull() || parts.size() != 3 || parts.at(1).typeId() != QMetaType::QString
        || parts.at(2).typeId() != QMetaType::QString) {
        decodeFailed(request, blbi.isNull() ? PyroError::exception(u"builtins.KeyError"_s, u"'BLBI'"_s)
                                            : PyroError(PyroError::Code::SerializeError,
                                                        u"invalid BLBI annotation"_s));
        return false;
    }
    call->object = parts.at(1).toString();
    call->method = parts.at(2).toString();
    call->args = {QVariant::fromValue(PyroSerializedBlob(parts.at(0), call->object, call->method,
                                                         request->serializerId, payload))};
    call->kwargs = QVariantMap();
    return true;
}

void PyroDaemonConnection::handleRequest(PyroMessage &message)
{
    const PyroMessageHeader &header = message.header;
    if (header.type == MsgPing) {
        sendPong(header);
        return;
    }
    PyroError error;
    // The one look-up of the serializer: the request keeps it for decoding and the reply.
    const PyroSerializer *serializer = PyroSerializer::byId(header.serializerId, &error);
    if (!serializer) {
        qCWarning(lcPyroDaemon).noquote() << "connection" << id() << "from" << peer()
                                          << "closed: request with unknown serializer id" << header.serializerId;
        m_host->protocolError(this, error);
        close();
        return;
    }
    const PyroConfig &config = m_host->config();
    const QByteArray payload = message.uncompressedPayload(&error, config.maxMessageSize(), config.maxInflateRatio());
    if (error.isError()) {
        handleReadFailure(error);
        return;
    }

    auto request = std::make_shared<PyroRequest>();
    request->connectionId = id();
    request->seq = header.seq;
    request->flags = header.flags;
    request->serializerId = serializer->id();
    request->serializer = serializer;
    request->correlationId = requestCorrelationId(header);
    request->annotations = std::move(message.annotations);
    PyroCallContextPrivate::get(&request->context)->connection = m_info;

    PyroCall call;
    if (header.flags & FlagKeepSerialized) {
        if (!decodeBlobCall(request, payload, &call))
            return;
    } else if (!PyroDecodeGuard::decodeCall(serializer, payload, &call,
                                           PyroDecodeGuard::options(config, payload.size()), &error)) {
        decodeFailed(request, error);
        return;
    }
    request->objectId = call.object;
    request->method = call.method;
    if (request->isOneway())
        ++m_onewayInFlight;
    else
        m_busy = true;
    m_host->dispatch(this, request, std::move(call));
    if (m_busy && !isClosed())
        holdDescriptor(); // the reply comes later: keep the socket for a half-closing client
}

void PyroDaemonConnection::decodeFailed(const PyroRequestPtr &request, const PyroError &decodeError)
{
    // What Python raises for a request it cannot decode: a syntax problem is answered
    // and the connection stays (serpent: SyntaxError, others: ValueError); an unknown or
    // refused class is a SerializeError/SecurityError, answered and then the connection closes.
    PyroError error = decodeError;
    bool closeAfter = false;
    if (error.code() == PyroError::Code::SecurityError
        || error.message().startsWith(u"unsupported serialized class"_s)) {
        closeAfter = true;
    } else if (error.code() == PyroError::Code::SerializeError && !error.isRemote()
               && error.pythonClass() == u"Pyro5.errors.SerializeError"_s) {
        // Python's json module decodes recursively: too deep a request is a RecursionError there.
        const bool jsonTooDeep = request->serializerId == SerializerJson
            && decodeError.message().startsWith(u"Object graph nesting too deep"_s);
        error = PyroError::exception(jsonTooDeep ? u"builtins.RecursionError"_s
                                     : request->serializerId == SerializerSerpent ? u"builtins.SyntaxError"_s
                                                                                  : u"builtins.ValueError"_s,
                                     decodeError.message());
    }
    PyroInvoker::addTraceback(&error, u"PyroSerializer::decodeCall"_s);
    if (request->isOneway()) {
        qCDebug(lcPyroDaemon) << "oneway request with undecodable payload:" << decodeError;
    } else {
        sendError(request, error);
    }
    if (closeAfter)
        close();
}

void PyroDaemonConnection::sendReply(const PyroRequestPtr &request, const PyroInvokeResult &result)
{
    if (result.isError()) {
        sendError(request, result.error);
        if (result.error.is(PyroError::Code::CommunicationError)
            || result.error.is(PyroError::Code::SecurityError) || result.closeConnection) {
            close();
        }
        return;
    }
    if (result.value.typeId() == qMetaTypeId<PyroGenerator>() && !request->isBatch()) {
        // Pyro5's stream start: an exception result for old clients, flagged for new ones.
        PyroError marker(PyroError::Code::ProtocolError, u"result of call is an iterator"_s);
        marker.setAttribute(u"_pyroTraceback"_s, PyroValues::none());
        QList<PyroMessage::Annotation> annotations;
        if (m_host->config().iterStreaming()) {
            PyroError error;
            const QString streamId = m_host->openStream(this, result.value.value<PyroGenerator>(), request, &error);
            if (streamId.isEmpty()) {
                PyroInvoker::addTraceback(&error, request->where());
                sendError(request, error);
                return;
            }
            annotations.append({QByteArray(AnnotationStream, 4), streamId.toLatin1()});
        }
        sendError(request, marker, FlagItemStreamResult, annotations);
        return;
    }
    PyroMessage message(MsgResult, request->serializerId, request->seq, request->isBatch() ? FlagBatch : 0);
    message.setCorrelationId(request->correlationId);
    message.annotations = PyroCallContextPrivate::get(&request->context)->responseAnnotations;
    for (const auto &a : m_host->replyAnnotations())
        message.setAnnotation(a.first, a.second);
    PyroError error;
    if (!send(message, request->serializer, &result.value, nullptr, &error)) {
        // Pyro5 answers a result it cannot serialize with the SerializeError, then drops
        // the connection.
        if (!error.is(PyroError::Code::ProtocolError) && error.code() != PyroError::Code::SerializeError)
            error = PyroError(PyroError::Code::SerializeError, error.message());
        PyroInvoker::addTraceback(&error, request->where());
        sendError(request, error);
        close();
    }
}

void PyroDaemonConnection::finishRequest(const PyroRequestPtr &request, const PyroInvokeResult &result)
{
    m_busy = false;
    if (!m_halfClosed)
        releaseDescriptor();
    if (!isClosed())
        sendReply(request, result);
    if (m_halfClosed && !isClosed()) {
        finishHalfClosed();
        return;
    }
    if (isClosed()) {
        if (!hasPendingWork() && !m_finishedReported) {
            m_finishedReported = true;
            m_host->connectionEvent(this, PyroConnectionHost::Event::Finished);
        }
        return;
    }
    restartIdleTimer();
    if (!m_processing)
        processMessages();
}
