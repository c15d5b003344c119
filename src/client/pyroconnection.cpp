// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroconnection_p.h"

#include "pyrodecodeguard_p.h"
#include "pyroerror_p.h"
#include "pyrolocator_p.h"
#include "pyroprotocol_p.h"
#include "pyrosocket_p.h"

#include <QtCore/QLoggingCategory>
#include <QtCore/QMap>
#include <QtCore/QThread>

#include <algorithm>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;
using namespace PyroProtocol;
using namespace PyroClientDetail;

Q_LOGGING_CATEGORY(lcPyroConnection, "qtpyro.client.connection", QtWarningMsg)

/*
    The connection's code is in three files: this one (queue, sending, replies,
    failures, timeouts), pyroclienthandshake.cpp (resolving, the socket, CONNECT and the
    metadata) and pyroconnectiondrivers.cpp (the blocking drivers).
*/

namespace {

using Code = PyroError::Code;

// A write buffer grown beyond this for one big message is not kept for the next ones.
constexpr qsizetype KeepWriteBuffer = 64 * 1024;

} // namespace

QHash<QByteArray, QByteArray> PyroClientDetail::annotationHash(const QList<PyroMessage::Annotation> &list)
{
    QHash<QByteArray, QByteArray> out;
    for (const auto &a : list)
        out.insert(a.first, a.second);
    return out;
}

// Annotation chunks in a stable order (by id): the receiver keeps a map anyway.
QList<PyroMessage::Annotation> PyroConnection::annotationList(const QHash<QByteArray, QByteArray> &extra) const
{
    const QHash<QByteArray, QByteArray> &base = m_settings.annotations;
    if (base.isEmpty() && extra.isEmpty())
        return {};
    QMap<QByteArray, QByteArray> sorted;
    for (auto it = base.cbegin(); it != base.cend(); ++it)
        sorted.insert(it.key(), it.value());
    for (auto it = extra.cbegin(); it != extra.cend(); ++it)
        sorted.insert(it.key(), it.value());
    QList<PyroMessage::Annotation> out;
    out.reserve(sorted.size());
    for (auto it = sorted.cbegin(); it != sorted.cend(); ++it)
        out.append({it.key(), it.value()});
    return out;
}

/*
    \class PyroConnection
    Owned by a PyroProxy (its child) and used only from the proxy's thread.
*/
PyroConnection::PyroConnection(const PyroUri &uri, QObject *parent)
    : QObject(parent), m_uri(uri), m_resolvedUri(uri), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, [this] {
        clearGraveyard();
        checkTimeouts();
        pump();
        rearmTimer();
    });
}

PyroConnection::~PyroConnection()
{
    m_destroying = true;
    release(PyroError(Code::ConnectionClosed, u"proxy destroyed"_s));
    clearGraveyard();
}

void PyroConnection::setMetadata(const QStringList &methods, const QStringList &oneway,
                                 const QStringList &attrs)
{
    m_methods = methods;
    m_oneway = oneway;
    m_attrs = attrs;
    m_hasMetadata = !methods.isEmpty() || !attrs.isEmpty();
}

QString PyroConnection::locationText(const PyroUri &uri)
{
    if (uri.isUnixSocket())
        return uri.socketPath();
    return u"('%1', %2)"_s.arg(uri.host()).arg(uri.port());
}

// ---- queue ------------------------------------------------------------------------------

PyroError PyroConnection::wrongThreadError() const
{
    if (QThread::currentThread() == thread())
        return PyroError();
    // Pyro5 raises the same at once; here the socket would be used from two threads.
    return PyroError(Code::PyroError,
                     u"the calling thread is not the owner of this proxy, create a new proxy in this "
                     u"thread or transfer ownership (one proxy per thread; hand one over with "
                     u"moveToThread() from the thread it lives in)"_s);
}

void PyroConnection::submit(const PyroClientRequestPtr &request)
{
    if (const PyroError error = wrongThreadError(); error.isError()) {
        // Nothing of the connection is touched: it belongs to another thread.
        PyroClientResult raw;
        raw.error = error;
        finishRequest(request, std::move(raw));
        return;
    }
    if (request->timeout > 0)
        request->deadline = QDeadlineTimer(request->timeout);
    request->stage = PyroClientRequest::Stage::Queued;
    // With metadata at hand an unknown name fails at once, without any traffic.
    const PyroError local = localCheck(*request);
    if (local.isError()) {
        PyroClientResult raw;
        raw.error = local;
        finishRequest(request, std::move(raw));
        return;
    }
    enqueue(request, false);
    pump();
    rearmTimer();
}

void PyroConnection::pump()
{
    if (m_destroying)
        return;
    if (m_state == State::Unconnected) {
        if (!m_queue.empty() || m_connectRequested) {
            if (m_attemptsLeft <= 0)
                m_attemptsLeft = 1;
            startAttempt();
        }
        return;
    }
    if (m_state == State::Connected && !m_inFlight)
        sendNext();
}

PyroError PyroConnection::localCheck(const PyroClientRequest &request) const
{
    // The proxy answers for the remote object from its metadata: the error looks like the
    // AttributeError the daemon would have sent (remoteType() "builtins.AttributeError").
    PyroError error = localCheckError(request);
    if (error.isError())
        PyroErrorEditor::setRemote(error, true);
    return error;
}

QString PyroConnection::remoteObjectText() const
{
    return m_uri.toString();
}

PyroError PyroConnection::localCheckError(const PyroClientRequest &request) const
{
    if (!m_hasMetadata)
        return PyroError();
    // The texts name the URI, which is built only when a check fails.
    switch (request.check) {
    case PyroClientRequest::Check::None:
        break;
    case PyroClientRequest::Check::Method:
        if (!m_methods.contains(request.method))
            return PyroError::exception(u"builtins.AttributeError"_s,
                                        u"remote object '%1' has no exposed attribute or method '%2'"_s.arg(
                                                remoteObjectText(), request.method));
        break;
    case PyroClientRequest::Check::GetAttr: {
        const QString name = request.args.value(0).toString();
        if (!m_attrs.contains(name)) {
            const QString text = m_methods.contains(name)
                    ? u"remote object '%1' has no exposed attribute '%2'"_s
                    : u"remote object '%1' has no exposed attribute or method '%2'"_s;
            return PyroError::exception(u"builtins.AttributeError"_s, text.arg(remoteObjectText(), name));
        }
        break;
    }
    case PyroClientRequest::Check::SetAttr: {
        const QString name = request.args.value(0).toString();
        if (!m_attrs.contains(name))
            return PyroError::exception(u"builtins.AttributeError"_s,
                                        u"remote object '%1' has no exposed attribute '%2'"_s.arg(
                                                remoteObjectText(), name));
        break;
    }
    }
    return PyroError();
}

void PyroConnection::sendNext()
{
    while (m_state == State::Connected && !m_inFlight && !m_queue.empty()) {
        PyroClientRequestPtr request = m_queue.front();
        m_queue.pop_front();
        dequeued(request);
        if (request->stage == PyroClientRequest::Stage::Done)
            continue;
        const PyroError local = localCheck(*request);
        if (local.isError()) {
            PyroClientResult raw;
            raw.error = local;
            finishRequest(request, std::move(raw));
            continue;
        }
        PyroError error;
        PyroSocket *socket = m_socket;
        if (!writeRequest(request, &error)) {
            if (m_socket != socket)
                return; // the connection went down meanwhile
            PyroClientResult raw;
            raw.error = error;
            finishRequest(request, std::move(raw));
            continue;
        }
        if (request->sentOneway) {
            // Nothing comes back for a oneway call, and it must not hold up the next one.
            PyroClientResult raw;
            raw.value = PyroValues::none();
            finishRequest(request, std::move(raw));
            continue;
        }
        request->stage = PyroClientRequest::Stage::Sent;
        m_inFlight = request;
    }
    rearmTimer();
}

bool PyroConnection::writeRequest(const PyroClientRequestPtr &request, PyroError *error)
{
    const qint64 maxSize = m_settings.config.maxMessageSize();
    m_writeBuffer.resize(0);
    if (request->kind == PyroClientRequest::Kind::Ping) {
        // Pyro5 pings with seq 0 and serializer id 42 and leaves the counter alone.
        PyroMessage message(MsgPing, SerializerPing, 0);
        message.setCorrelationId(request->correlationId);
        const auto ping = [](QByteArray &out) {
            out.append("ping", 4);
            return true;
        };
        if (!message.write(m_writeBuffer, ping, false, error, maxSize))
            return false;
        request->seq = 0;
        request->serializerId = SerializerPing;
        m_reader.setAcceptedTypes({MsgPing});
        return writeMessage(m_writeBuffer, error);
    }
    quint16 flags = request->extraFlags;
    switch (request->oneway) {
    case PyroClientRequest::Oneway::Force:
        flags |= FlagOneway;
        break;
    case PyroClientRequest::Oneway::FromMetadata:
        if (m_oneway.contains(request->method))
            flags |= FlagOneway;
        break;
    case PyroClientRequest::Oneway::Never:
        break;
    }
    PyroCall call;
    call.object = request->objectId.isEmpty() ? m_resolvedUri.object() : request->objectId;
    call.method = request->method;
    call.args = request->args;
    call.argsAsList = request->argsAsList;
    call.kwargs = request->kwargs;

    // Like Pyro5, a call that cannot be encoded does not use up a sequence number.
    const quint16 seq = quint16(m_seq + 1);
    PyroMessage message(MsgInvoke, m_serializer->id(), seq, flags);
    message.setCorrelationId(request->correlationId);
    if (request->blobInfo.isValid()) {
        QHash<QByteArray, QByteArray> extra = request->annotations;
        if (!addBlobInfo(request, call, &extra, error))
            return false;
        message.header.flags |= FlagKeepSerialized;
        message.annotations = annotationList(extra);
    } else {
        message.annotations = annotationList(request->annotations);
    }
    const auto encode = [&](QByteArray &out) {
        return m_serializer->encodeCall(out, call, m_settings.encodeContext, error);
    };
    if (!message.write(m_writeBuffer, encode, m_settings.compression, error, maxSize))
        return false;
    m_seq = seq;
    request->seq = seq;
    request->serializerId = m_serializer->id();
    request->sentOneway = flags & FlagOneway;
    if (!request->sentOneway)
        m_reader.setAcceptedTypes({MsgResult});
    return writeMessage(m_writeBuffer, error);
}

// Pyro5's SerializedBlob: the daemon reads object and method from BLBI (always marshal)
// and hands the undecoded payload to the method.
bool PyroConnection::addBlobInfo(const PyroClientRequestPtr &request, const PyroCall &call,
                                 QHash<QByteArray, QByteArray> *annotations, PyroError *error)
{
    const bool hasKwargs = (call.kwargs.typeId() == QMetaType::QVariantMap && !call.kwargs.toMap().isEmpty())
            || (call.kwargs.typeId() == qMetaTypeId<PyroDict>() && !call.kwargs.value<PyroDict>().isEmpty());
    if (hasKwargs) {
        *error = PyroError(Code::SerializeError, u"if SerializedBlob is used, it must be the only argument"_s);
        return false;
    }
    const PyroSerializer *marshal = PyroSerializer::byId(SerializerMarshal, error);
    if (!marshal)
        return false;
    QByteArray info;
    if (!marshal->encode(info, QVariant::fromValue(PyroTuple{request->blobInfo, call.object, call.method}),
                         PyroEncodeContext(), error))
        return false;
    annotations->insert(QByteArray(AnnotationBlobInfo, 4), info);
    return true;
}

bool PyroConnection::writeMessage(QByteArray &bytes, PyroError *error)
{
    const bool written = m_socket && m_socket->write(bytes);
    // A buffer grown for one big message is not kept (and a queued one is Qt's now).
    if (bytes.capacity() > KeepWriteBuffer)
        bytes = QByteArray();
    if (written)
        return true;
    const PyroError lost(Code::ConnectionClosed, u"sending: connection lost"_s);
    if (error)
        *error = lost;
    connectionLost(lost);
    return false;
}

void PyroConnection::enqueue(const PyroClientRequestPtr &request, bool front)
{
    if (front)
        m_queue.push_front(request);
    else
        m_queue.push_back(request);
    if (!request->deadline.isForever())
        m_queueDeadlines.insert(request->deadline.deadlineNSecs());
}

void PyroConnection::dequeued(const PyroClientRequestPtr &request)
{
    if (request->deadline.isForever())
        return;
    const auto it = m_queueDeadlines.find(request->deadline.deadlineNSecs());
    if (it != m_queueDeadlines.end())
        m_queueDeadlines.erase(it);
}


void PyroConnection::handleReply(PyroMessage &&message)
{
    PyroClientRequestPtr request = std::move(m_inFlight);
    m_inFlight.reset();
    if (!request) {
        connectionLost(PyroError(Code::ProtocolError,
                                 u"unexpected message from the daemon (type %1)"_s.arg(message.type())));
        return;
    }
    PyroClientResult raw;
    raw.annotations = annotationHash(message.annotations);
    if (request->kind == PyroClientRequest::Kind::Ping) {
        raw.value = PyroValues::none();
        finishRequest(request, std::move(raw));
        pump();
        return;
    }

    // Any trouble with the reply itself closes the connection, so that a late reply can
    // never be taken for the answer to the next call (Pyro5 does the same).
    auto communicationError = [&](const PyroError &error) {
        closeSocket();
        setState(State::Unconnected);
        failRequest(request, error);
        pump();
    };
    if (message.header.seq != request->seq) {
        communicationError(PyroError(Code::ProtocolError,
                                     u"invoke: reply sequence out of sync, got %1 expected %2"_s
                                             .arg(message.header.seq)
                                             .arg(request->seq)));
        return;
    }
    if (message.header.serializerId != request->serializerId) {
        communicationError(PyroError(Code::SerializeError,
                                     u"invalid serializer in response: %1"_s.arg(message.header.serializerId)));
        return;
    }
    // A stream start looks like an exception for old clients: check the flag first.
    if (message.hasFlag(FlagItemStreamResult)) {
        const QByteArray id = message.annotation(QByteArrayView(AnnotationStream, 4));
        if (id.isEmpty()) {
            communicationError(PyroError(Code::ProtocolError,
                                         u"result of call is an iterator, but the server is not "
                                         "configured to allow streaming"_s));
            return;
        }
        raw.streamId = QString::fromLatin1(id);
        finishRequest(request, std::move(raw));
        pump();
        return;
    }
    PyroError error;
    const QByteArray payload = message.uncompressedPayload(&error, m_settings.config.maxMessageSize(),
                                                           m_settings.config.maxInflateRatio());
    if (error.isError()) {
        communicationError(error);
        return;
    }
    const PyroSerializer *serializer = PyroSerializer::byId(message.header.serializerId, &error);
    if (!serializer) {
        communicationError(PyroError(Code::SerializeError, error.message()));
        return;
    }
    const QVariant value = PyroDecodeGuard::decode(serializer, payload,
                                        PyroDecodeGuard::options(m_settings.config, payload.size()), &error);
    if (error.isError()) {
        // The connection is renewed as Pyro5 does after a SerializeError; the caller gets
        // the remote exception itself when only its class was unknown.
        const QVariant unknown = message.hasFlag(FlagException)
                ? unknownRemoteException(serializer, payload) : QVariant();
        communicationError(unknown.isValid() ? unknown.value<PyroError>() : error);
        return;
    }
    if (message.hasFlag(FlagException)) {
        PyroError remote = value.typeId() == qMetaTypeId<PyroError>()
                ? value.value<PyroError>()
                : PyroError(Code::ProtocolError, u"invalid exception result from the daemon"_s);
        if (remote.is(Code::CommunicationError)) {
            // Pyro5 drops the connection after any CommunicationError, remote ones included.
            communicationError(remote);
            return;
        }
        raw.error = remote;
    } else {
        raw.value = value;
        raw.batch = message.hasFlag(FlagBatch);
    }
    finishRequest(request, std::move(raw));
    pump();
}

/*
    A Python client cannot rebuild an exception class it does not know (mymodule.MyError)
    and fails with a SerializeError. A C++ client has nothing to rebuild: it keeps the
    class name, arguments and traceback as a remote PyroError.
*/
QVariant PyroConnection::unknownRemoteException(const PyroSerializer *serializer,
                                                const QByteArray &payload)
{
    PyroDecodeOptions raw;
    raw.mapClassDicts = false;
    PyroError rawError;
    const QVariant dict = PyroDecodeGuard::decode(
        serializer, payload, PyroDecodeGuard::options(PyroConfig::global(), payload.size(), raw), &rawError);
    if (rawError.isError())
        return QVariant();
    const PyroError remote = PyroError::fromExceptionDict(dict);
    if (!remote.isRemote())
        return QVariant();
    return QVariant::fromValue(remote);
}

// ---- failures -----------------------------------------------------------------------------

void PyroConnection::connectFailed(const PyroError &error)
{
    closeSocket();
    if (m_attemptsLeft > 1) {
        --m_attemptsLeft;
        m_retryPending = true;
        m_retryAt = QDeadlineTimer(ReconnectInterval);
        setState(State::Connecting);
        rearmTimer();
        return;
    }
    m_attemptsLeft = 0;
    m_connectRequested = false;
    m_bindRequested = false;
    m_retryPending = false;
    const PyroError final = m_reconnectSemantics
            ? PyroError(Code::ConnectionClosed, u"failed to reconnect"_s)
            : error;
    m_reconnectSemantics = false;
    qCDebug(lcPyroConnection) << "connect failed:" << final;
    setState(State::Unconnected);
    if (!m_destroying)
        Q_EMIT errorOccurred(final);
    failQueued(final);
    pump();
    rearmTimer();
}

void PyroConnection::connectionLost(const PyroError &error)
{
    if (m_state == State::Resolving || m_state == State::Connecting || m_state == State::Handshaking) {
        connectFailed(error);
        return;
    }
    closeSocket();
    PyroClientRequestPtr inFlight = std::move(m_inFlight);
    m_inFlight.reset();
    setState(State::Unconnected);
    if (!m_destroying)
        Q_EMIT errorOccurred(error);
    if (inFlight)
        failRequest(inFlight, error);
    pump();
    rearmTimer();
}

bool PyroConnection::maybeRetry(const PyroClientRequestPtr &request, const PyroError &error)
{
    if (request->stage == PyroClientRequest::Stage::Done || request->retriesLeft <= 0
        || request->kind != PyroClientRequest::Kind::Invoke || m_destroying)
        return false;
    if (error.code() != Code::ConnectionClosed && error.code() != Code::Timeout)
        return false;
    --request->retriesLeft;
    request->stage = PyroClientRequest::Stage::Queued;
    if (request->timeout > 0)
        request->deadline = QDeadlineTimer(request->timeout);
    enqueue(request, true);
    return true;
}

void PyroConnection::failRequest(const PyroClientRequestPtr &request, const PyroError &error)
{
    if (maybeRetry(request, error))
        return;
    PyroClientResult raw;
    raw.error = error;
    finishRequest(request, std::move(raw));
}

void PyroConnection::finishRequest(const PyroClientRequestPtr &request, PyroClientResult &&result)
{
    if (request->stage == PyroClientRequest::Stage::Done) {
        // Dropped (aborted) before its answer came: a stream it opened must not linger.
        if (!result.streamId.isEmpty())
            closeStream(result.streamId);
        return;
    }
    request->stage = PyroClientRequest::Stage::Done;
    auto done = std::move(request->done);
    request->done = nullptr;
    if (done)
        done(std::move(result));
}

void PyroConnection::failQueued(const PyroError &error)
{
    std::deque<PyroClientRequestPtr> queue;
    queue.swap(m_queue);
    m_queueDeadlines.clear();
    for (const PyroClientRequestPtr &request : queue) {
        PyroClientResult raw;
        raw.error = error;
        finishRequest(request, std::move(raw));
    }
}

void PyroConnection::release(const PyroError &why)
{
    m_attemptsLeft = 0;
    m_connectRequested = false;
    m_retryPending = false;
    m_reconnectSemantics = false;
    if (m_resolver) {
        m_resolver->onFinished = nullptr;
        m_deadResolvers.push_back(std::move(m_resolver));
    }
    closeSocket();
    PyroClientRequestPtr inFlight = std::move(m_inFlight);
    m_inFlight.reset();
    std::deque<PyroClientRequestPtr> queue;
    queue.swap(m_queue);
    m_queueDeadlines.clear();
    setState(State::Unconnected);
    auto fail = [&why, this](const PyroClientRequestPtr &request) {
        PyroClientResult raw;
        raw.error = why;
        finishRequest(request, std::move(raw));
    };
    if (inFlight)
        fail(inFlight);
    for (const PyroClientRequestPtr &request : queue)
        fail(request);
    if (!m_destroying)
        rearmTimer();
}

void PyroConnection::abort(const PyroClientRequestPtr &request, const PyroError &why)
{
    if (request->stage == PyroClientRequest::Stage::Done)
        return;
    const auto it = std::find(m_queue.begin(), m_queue.end(), request);
    if (it != m_queue.end()) {
        m_queue.erase(it);
        dequeued(request);
    }
    // An in-flight request stays in its slot; its answer is dropped when it comes.
    PyroClientResult raw;
    raw.error = why;
    finishRequest(request, std::move(raw));
}

void PyroConnection::closeStream(const QString &streamId)
{
    if (m_state != State::Connected || m_destroying)
        return;
    auto request = std::make_shared<PyroClientRequest>();
    request->objectId = QString::fromLatin1(DaemonObjectId);
    request->method = QString::fromLatin1(DaemonMethodCloseStream);
    request->args = {streamId};
    request->argsAsList = true;
    request->oneway = PyroClientRequest::Oneway::Force;
    request->correlationId = m_settings.correlationId;
    submit(request);
}

void PyroConnection::closeSocket()
{
    if (!m_socket)
        return;
    PyroSocket *socket = std::exchange(m_socket, nullptr);
    disconnect(socket, nullptr, this, nullptr);
    socket->flush(); // what was written still reaches the daemon, as with a plain close()
    socket->abort();
    m_reader.reset();
    m_writeBuffer = QByteArray();
    // Never deleted right away: we may be inside one of its signals.
    socket->deleteLater();
    m_deadSockets.append(QPointer<PyroSocket>(socket));
}

void PyroConnection::clearGraveyard()
{
    const auto sockets = std::exchange(m_deadSockets, {});
    for (const QPointer<PyroSocket> &socket : sockets)
        delete socket.data();
    m_deadResolvers.clear();
}

void PyroConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (!m_destroying)
        Q_EMIT stateChanged(state);
}

// ---- timeouts -----------------------------------------------------------------------------

QDeadlineTimer PyroConnection::nextInternalDeadline() const
{
    QDeadlineTimer next(QDeadlineTimer::Forever);
    if (m_retryPending)
        next = earlier(next, m_retryAt);
    else if (m_state == State::Resolving || m_state == State::Connecting || m_state == State::Handshaking)
        next = earlier(next, m_connectDeadline);
    if (m_inFlight)
        next = earlier(next, m_inFlight->deadline);
    if (!m_queueDeadlines.empty()) {
        QDeadlineTimer queued;
        queued.setPreciseDeadline(0, *m_queueDeadlines.begin());
        next = earlier(next, queued);
    }
    return next;
}

void PyroConnection::rearmTimer()
{
    if (m_destroying)
        return;
    const QDeadlineTimer next = nextInternalDeadline();
    if (next.isForever()) {
        m_timer->stop();
        return;
    }
    m_timer->start(int(std::min<qint64>(msecsLeft(next) + 1, std::numeric_limits<int>::max())));
}

void PyroConnection::checkTimeouts()
{
    if (m_retryPending && m_retryAt.hasExpired()) {
        m_retryPending = false;
        startAttempt();
    }
    if (!m_retryPending && m_connectDeadline.hasExpired()
        && (m_state == State::Resolving || m_state == State::Connecting || m_state == State::Handshaking)) {
        if (m_state == State::Handshaking)
            connectFailed(PyroError(Code::Timeout, u"receiving: timeout"_s));
        else if (m_state == State::Resolving)
            connectFailed(PyroError(Code::Timeout, u"name server lookup timed out"_s));
        else
            connectFailed(PyroError(Code::CommunicationError,
                                    u"cannot connect to %1: timed out"_s.arg(locationText(m_resolvedUri))));
    }
    if (m_inFlight && m_inFlight->deadline.hasExpired()) {
        // Pyro5: a TimeoutError closes the connection (a late reply must not be
        // mistaken for the next one).
        PyroClientRequestPtr request = std::move(m_inFlight);
        m_inFlight.reset();
        closeSocket();
        setState(State::Unconnected);
        failRequest(request, PyroError(Code::Timeout, u"receiving: timeout"_s));
    }
    std::deque<PyroClientRequestPtr> expired;
    if (!m_queueDeadlines.empty() && *m_queueDeadlines.begin() <= QDeadlineTimer::current().deadlineNSecs()) {
        for (auto it = m_queue.begin(); it != m_queue.end();) {
            if ((*it)->deadline.hasExpired()) {
                dequeued(*it);
                expired.push_back(*it);
                it = m_queue.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const PyroClientRequestPtr &request : expired) {
        PyroClientResult raw;
        raw.error = PyroError(Code::Timeout, u"timeout: the call could not be sent in time"_s);
        finishRequest(request, std::move(raw));
    }
}
