// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroconnection_p.h"

#include "pyroautoproxy_p.h"
#include "pyroclassmapping_p.h"
#include "pyrolocallisteners_p.h"
#include "pyrodecodeguard_p.h"
#include "pyrolocator_p.h"
#include "pyroprotocol_p.h"
#include "pyroproxy_p.h"
#include "pyrothreadcontext_p.h"
#include "pyrosslconfig.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMap>
#include <QtCore/QThread>
#include <QtCore/QtEndian>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpSocket>

#include <algorithm>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;
using namespace PyroProtocol;

Q_LOGGING_CATEGORY(lcPyroConnection, "qtpyro.client.connection", QtWarningMsg)

namespace {

using Code = PyroError::Code;

QVariant dictGet(const QVariant &dict, const QString &key, bool *found = nullptr)
{
    if (found)
        *found = false;
    if (dict.typeId() == QMetaType::QVariantMap) {
        const QVariantMap map = dict.toMap();
        const auto it = map.constFind(key);
        if (it == map.cend())
            return QVariant();
        if (found)
            *found = true;
        return *it;
    }
    if (dict.typeId() == qMetaTypeId<PyroDict>()) {
        const PyroDict d = dict.value<PyroDict>();
        for (const PyroDict::Entry &e : d.entries()) {
            if (e.first.typeId() == QMetaType::QString && e.first.toString() == key) {
                if (found)
                    *found = true;
                return e.second;
            }
        }
    }
    return QVariant();
}

bool isDict(const QVariant &value)
{
    return value.typeId() == QMetaType::QVariantMap || value.typeId() == qMetaTypeId<PyroDict>();
}

QStringList names(const QVariant &collection, bool *ok)
{
    *ok = true;
    QStringList out;
    if (PyroValues::isNone(collection))
        return out;
    for (const QVariant &item : PyroClassMapping::listItems(collection)) {
        if (item.typeId() != QMetaType::QString) {
            *ok = false;
            return {};
        }
        out.append(item.toString());
    }
    return out;
}

// Annotation chunks in a stable order (by id): the receiver keeps a map anyway.
QList<PyroMessage::Annotation> annotationList(const QHash<QByteArray, QByteArray> &base,
                                              const QHash<QByteArray, QByteArray> &extra)
{
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

QHash<QByteArray, QByteArray> annotationHash(const QList<PyroMessage::Annotation> &list)
{
    QHash<QByteArray, QByteArray> out;
    for (const auto &a : list)
        out.insert(a.first, a.second);
    return out;
}

PyroEncodeContext encodeContext(const PyroConfig &config)
{
    PyroEncodeContext context;
    context.serpentBytesRepr = config.serpentBytesRepr();
    // A proxy passed as an argument travels as its object reference (Pyro5 pickles
    // proxies the same way), so the receiver can call it.
    context.replace = [](const QVariant &value) -> QVariant {
        if (value.metaType().flags().testFlag(QMetaType::PointerToQObject)) {
            QObject *object = value.value<QObject *>();
            PyroObjectRef ref;
            if (auto *proxy = qobject_cast<PyroProxy *>(object))
                ref = proxy->toObjectRef();
            else if (object)
                ref = PyroAutoproxy::lookup(object); // registered with a daemon: Pyro5's autoproxy
            if (ref.isValid()) {
                // Handed over as the class dict itself, which every serializer writes.
                PyroDict dict;
                dict.append(QStringLiteral("__class__"), QStringLiteral("Pyro5.client.Proxy"));
                dict.append(QStringLiteral("state"), ref.toState());
                return QVariant::fromValue(dict);
            }
        }
        return QVariant();
    };
    return context;
}

qint64 msecsLeft(QDeadlineTimer deadline)
{
    if (deadline.isForever())
        return -1;
    return std::max<qint64>(0, deadline.remainingTime());
}

QDeadlineTimer earlier(QDeadlineTimer a, QDeadlineTimer b)
{
    if (a.isForever())
        return b;
    if (b.isForever())
        return a;
    return a.deadlineNSecs() <= b.deadlineNSecs() ? a : b;
}

int waitMs(QDeadlineTimer deadline)
{
    const qint64 ms = msecsLeft(deadline);
    if (ms < 0)
        return -1;
    return int(std::min<qint64>(ms, std::numeric_limits<int>::max()));
}

} // namespace

/*!
    \class PyroConnection
    \internal
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

bool PyroConnection::failIfServedByThisThread()
{
    if (!PyroLocalListeners::isServedByCurrentThread(m_device))
        return false;
    const PyroError error(Code::CommunicationError,
                          u"blocking call to %1, a daemon that lives in the calling thread: it cannot "
                          u"answer while this thread waits (use asyncCall(), or run the daemon or the "
                          u"caller in another thread)"_s.arg(m_uri.toString()));
    if (!m_destroying)
        Q_EMIT errorOccurred(error);
    release(error);
    return true;
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
        error.setRemote(true);
    return error;
}

PyroError PyroConnection::localCheckError(const PyroClientRequest &request) const
{
    if (!m_hasMetadata || request.check == PyroClientRequest::Check::None)
        return PyroError();
    const QString uri = m_uri.toString();
    switch (request.check) {
    case PyroClientRequest::Check::None:
        break;
    case PyroClientRequest::Check::Method:
        if (!m_methods.contains(request.method))
            return PyroError::exception(
                    u"builtins.AttributeError"_s,
                    u"remote object '%1' has no exposed attribute or method '%2'"_s.arg(uri, request.method));
        break;
    case PyroClientRequest::Check::GetAttr: {
        const QString name = request.args.value(0).toString();
        if (!m_attrs.contains(name)) {
            const QString text = m_methods.contains(name)
                    ? u"remote object '%1' has no exposed attribute '%2'"_s
                    : u"remote object '%1' has no exposed attribute or method '%2'"_s;
            return PyroError::exception(u"builtins.AttributeError"_s, text.arg(uri, name));
        }
        break;
    }
    case PyroClientRequest::Check::SetAttr: {
        const QString name = request.args.value(0).toString();
        if (!m_attrs.contains(name))
            return PyroError::exception(u"builtins.AttributeError"_s,
                                        u"remote object '%1' has no exposed attribute '%2'"_s.arg(uri, name));
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
        QIODevice *device = m_device;
        if (!writeRequest(request, &error)) {
            if (m_device != device)
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
    QByteArray buffer;
    const qint64 maxSize = options.config.maxMessageSize();
    if (request->kind == PyroClientRequest::Kind::Ping) {
        // Pyro5 pings with seq 0 and serializer id 42 and leaves the counter alone.
        PyroMessage message(MsgPing, SerializerPing, 0);
        message.setCorrelationId(request->correlationId);
        message.payload = QByteArrayLiteral("ping");
        buffer = message.toBytes(error, maxSize);
        if (buffer.isNull())
            return false;
        request->seq = 0;
        request->serializerId = SerializerPing;
        m_reader.setAcceptedTypes({MsgPing});
    } else {
        quint16 flags = request->extraFlags;
        switch (request->oneway) {
        case PyroCallOptions::Oneway::Force:
            flags |= FlagOneway;
            break;
        case PyroCallOptions::Oneway::FromMetadata:
            if (m_oneway.contains(request->method))
                flags |= FlagOneway;
            break;
        case PyroCallOptions::Oneway::Never:
            break;
        }
        PyroCall call;
        call.object = request->objectId.isEmpty() ? m_resolvedUri.object() : request->objectId;
        call.method = request->method;
        call.args = request->args;
        call.argsAsList = request->argsAsList;
        call.kwargs = request->kwargs;

        QHash<QByteArray, QByteArray> extra = request->annotations;
        if (request->blobInfo.isValid()) {
            // Pyro5's SerializedBlob: the daemon reads object and method from BLBI
            // (always marshal) and hands the undecoded payload to the method.
            const bool hasKwargs = (call.kwargs.typeId() == QMetaType::QVariantMap && !call.kwargs.toMap().isEmpty())
                    || (call.kwargs.typeId() == qMetaTypeId<PyroDict>() && !call.kwargs.value<PyroDict>().isEmpty());
            if (hasKwargs) {
                *error = PyroError(Code::SerializeError,
                                   u"if SerializedBlob is used, it must be the only argument"_s);
                return false;
            }
            const PyroSerializer *marshal = PyroSerializer::byId(SerializerMarshal, error);
            if (!marshal)
                return false;
            QByteArray info;
            if (!marshal->encode(info, QVariant::fromValue(PyroTuple{request->blobInfo, call.object, call.method}),
                                 PyroEncodeContext(), error))
                return false;
            extra.insert(QByteArrayLiteral("BLBI"), info);
            flags |= FlagKeepSerialized;
        }

        PyroMessage message(MsgInvoke, m_serializer->id(), 0, flags);
        message.setCorrelationId(request->correlationId);
        message.annotations = annotationList(options.annotations, extra);
        if (!message.writeHead(buffer, 0, error, maxSize))
            return false;
        if (!m_serializer->encodeCall(buffer, call, encodeContext(options.config), error))
            return false;
        if (!PyroMessage::finishMessage(buffer, 0, options.compression, error, maxSize))
            return false;
        // Like Pyro5, a call that cannot be encoded does not use up a sequence number.
        m_seq = quint16(m_seq + 1);
        qToBigEndian<quint16>(m_seq, buffer.data() + Offset::Seq);
        request->seq = m_seq;
        request->serializerId = m_serializer->id();
        request->sentOneway = flags & FlagOneway;
        if (!request->sentOneway)
            m_reader.setAcceptedTypes({MsgResult});
    }
    if (!m_device || m_device->write(buffer) != buffer.size()) {
        const PyroError lost(Code::ConnectionClosed, u"sending: connection lost"_s);
        *error = lost;
        connectionLost(lost);
        return false;
    }
    return true;
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

// ---- connecting -------------------------------------------------------------------------

void PyroConnection::connectToDaemon(int tries, bool reconnectSemantics)
{
    m_connectRequested = true;
    m_attemptsLeft = std::max(1, tries);
    m_reconnectSemantics = reconnectSemantics;
    if (m_state == State::Unconnected)
        startAttempt();
    else if (m_state == State::Connected && m_bindRequested) {
        m_uri = m_resolvedUri;
        m_bindRequested = false;
        m_connectRequested = false;
    }
}

void PyroConnection::reconnect(int tries)
{
    closeSocket();
    PyroClientRequestPtr inFlight = std::move(m_inFlight);
    m_inFlight.reset();
    m_retryPending = false;
    setState(State::Unconnected);
    if (inFlight)
        failRequest(inFlight, PyroError(Code::ConnectionClosed, u"connection closed for reconnect"_s));
    connectToDaemon(tries, true);
}

void PyroConnection::startAttempt()
{
    m_retryPending = false;
    m_connectDeadline = QDeadlineTimer(options.connectTimeout > 0 ? options.connectTimeout
                                                                  : DefaultConnectTimeout);
    m_connectCorrelationId = options.correlationId;
    if (m_connectCorrelationId.isNull() && !m_queue.empty())
        m_connectCorrelationId = m_queue.front()->correlationId;
    if (m_connectCorrelationId.isNull())
        m_connectCorrelationId = PyroThreadContext::correlationId();

    if (!m_uri.isValid()) {
        setState(State::Connecting);
        connectFailed(m_uri.error().isError() ? m_uri.error()
                                              : PyroError(Code::PyroError, u"invalid uri"_s));
        return;
    }
    if (m_uri.protocol() == PyroUri::Protocol::Pyro) {
        m_resolvedUri = m_uri;
        openSocket();
        return;
    }
    // PYRONAME / PYROMETA: ask the name server before every connect, as Pyro5 does.
    setState(State::Resolving);
    if (m_resolver)
        m_deadResolvers.push_back(std::move(m_resolver));
    m_resolver = std::make_unique<PyroResolver>(m_uri, options.config);
    m_resolver->onFinished = [this] { onResolved(); };
    m_resolver->start();
    rearmTimer();
}

void PyroConnection::onResolved()
{
    if (m_state != State::Resolving || !m_resolver)
        return;
    if (m_resolver->error().isError()) {
        connectFailed(m_resolver->error());
        return;
    }
    m_resolvedUri = m_resolver->result();
    openSocket();
}

void PyroConnection::openSocket()
{
    PyroError error;
    m_serializer = PyroSerializer::byName(options.serializer, &error);
    if (!m_serializer) {
        setState(State::Connecting);
        connectFailed(error);
        return;
    }
    closeSocket();
    m_reader = PyroMessageReader(options.config.maxMessageSize());
    m_reader.setAcceptedTypes({MsgConnectOk, MsgConnectFail});
    setState(State::Connecting);
    rearmTimer();

    if (m_resolvedUri.isUnixSocket()) {
        // Pyro5 takes a relative socket path relative to the working directory, whereas
        // QLocalSocket would look for it in the temp directory.
        QString path = m_resolvedUri.socketPath();
        if (QDir::isRelativePath(path))
            path = QDir::current().absoluteFilePath(path);
        auto *socket = new QLocalSocket(this);
        m_local = socket;
        m_device = socket;
        connect(socket, &QLocalSocket::connected, this, &PyroConnection::onSocketConnected);
        connect(socket, &QLocalSocket::readyRead, this, &PyroConnection::onReadyRead);
        connect(socket, &QLocalSocket::disconnected, this, &PyroConnection::onSocketClosed);
        connect(socket, &QLocalSocket::errorOccurred, this, [this, socket](QLocalSocket::LocalSocketError e) {
            if (e != QLocalSocket::SocketTimeoutError && socket == m_local)
                onSocketClosed();
        });
        socket->connectToServer(path); // may report a failure right away
        return;
    }

    const bool useSsl = options.ssl.has_value() || options.config.ssl();
    QTcpSocket *socket = nullptr;
    if (useSsl) {
        QSslConfiguration conf;
        if (options.ssl) {
            conf = *options.ssl;
        } else {
            // SSL=true: Pyro5's client context from the SSL_* items.
            conf = PyroSslConfig::clientConfiguration(options.config, &error);
            if (error.isError()) {
                connectFailed(error);
                return;
            }
        }
        auto *ssl = new QSslSocket(this);
        ssl->setSslConfiguration(conf);
        connect(ssl, &QSslSocket::encrypted, this, &PyroConnection::onSocketConnected);
        // Why a handshake failed, for the error the caller gets ("certificate has
        // expired", "host name did not match", ...).
        connect(ssl, &QSslSocket::sslErrors, this, [this, ssl](const QList<QSslError> &errors) {
            if (ssl != m_tcp)
                return;
            QStringList texts;
            for (const QSslError &e : errors)
                texts.append(e.errorString());
            m_tlsErrors = texts.join(u"; "_s);
        });
        socket = ssl;
    } else {
        socket = new QTcpSocket(this);
        connect(socket, &QTcpSocket::connected, this, &PyroConnection::onSocketConnected);
    }
    m_tcp = socket;
    m_device = socket;
    m_ssl = useSsl;
    connect(socket, &QTcpSocket::readyRead, this, &PyroConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &PyroConnection::onSocketClosed);
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket](QAbstractSocket::SocketError e) {
        // The blocking waits report their own expiry as an error; that is not a failure.
        if (e != QAbstractSocket::SocketTimeoutError && socket == m_tcp)
            onSocketClosed();
    });
    QAbstractSocket::NetworkLayerProtocol protocol = QAbstractSocket::AnyIPProtocol;
    if (options.config.preferIpVersion() == 4)
        protocol = QAbstractSocket::IPv4Protocol;
    else if (options.config.preferIpVersion() == 6)
        protocol = QAbstractSocket::IPv6Protocol;
    const QHostAddress literal(m_resolvedUri.host());
    if (!literal.isNull())
        protocol = QAbstractSocket::AnyIPProtocol; // a literal address decides for itself
    const quint16 port = quint16(m_resolvedUri.port());
    if (useSsl)
        static_cast<QSslSocket *>(socket)->connectToHostEncrypted(m_resolvedUri.host(), port,
                                                                   QIODevice::ReadWrite, protocol);
    else
        socket->connectToHost(m_resolvedUri.host(), port, QIODevice::ReadWrite, protocol);
}

void PyroConnection::onSocketConnected()
{
    if (m_state != State::Connecting || !m_device)
        return;
    if (m_tcp) {
        m_tcp->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
        if (options.config.sockNoDelay())
            m_tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    }
    setState(State::Handshaking);
    if (!m_device)
        return;

    // CONNECT carries the current sequence number (not 0 after a reconnect) and the
    // handshake dict in Pyro5's key order.
    PyroDict data;
    data.append(u"handshake"_s, options.handshake);
    data.append(u"object"_s, m_resolvedUri.object());
    PyroMessage message(MsgConnect, m_serializer->id(), m_seq);
    message.setCorrelationId(m_connectCorrelationId);
    message.annotations = annotationList(options.annotations, {});
    QByteArray buffer;
    PyroError error;
    const qint64 maxSize = options.config.maxMessageSize();
    if (!message.writeHead(buffer, 0, &error, maxSize)
        || !m_serializer->encode(buffer, QVariant::fromValue(data), encodeContext(options.config), &error)
        || !PyroMessage::finishMessage(buffer, 0, options.compression, &error, maxSize)) {
        connectFailed(error);
        return;
    }
    if (m_device->write(buffer) != buffer.size())
        connectFailed(PyroError(Code::ConnectionClosed, u"sending: connection lost"_s));
    rearmTimer();
}

void PyroConnection::onReadyRead()
{
    QIODevice *device = m_device;
    if (!device)
        return;
    m_reader.readFrom(device);
    PyroMessage message;
    while (m_device == device) {
        const PyroMessageReader::Status status = m_reader.next(&message);
        if (status == PyroMessageReader::Status::MessageReady) {
            handleMessage(std::move(message));
            continue;
        }
        if (status == PyroMessageReader::Status::Failed)
            connectionLost(m_reader.error());
        break;
    }
}

void PyroConnection::onSocketClosed()
{
    if (!m_device)
        return;
    QString why;
    if (m_tcp)
        why = m_tcp->errorString();
    else if (m_local)
        why = m_local->errorString();
    // A TLS failure: the certificate problems QSslSocket found, or the alert the daemon
    // sent (with TLS 1.3 a daemon refuses a client certificate only after our side of
    // the handshake finished, so this can also happen while Handshaking).
    const bool tlsFailure = m_ssl && m_tcp
        && (m_tcp->error() == QAbstractSocket::SslHandshakeFailedError
            || m_tcp->error() == QAbstractSocket::SslInternalError
            || m_tcp->error() == QAbstractSocket::SslInvalidUserDataError);
    if (tlsFailure && !m_tlsErrors.isEmpty() && !why.contains(m_tlsErrors))
        why = m_tlsErrors;
    m_tlsErrors.clear();
    switch (m_state) {
    case State::Connecting: {
        // Pyro5: CommunicationError("cannot connect to ('host', port): <reason>")
        connectFailed(PyroError(Code::CommunicationError,
                                u"cannot connect to %1: %2%3"_s.arg(locationText(m_resolvedUri),
                                                                    tlsFailure ? u"TLS handshake failed: "_s : QString(),
                                                                    why)));
        break;
    }
    case State::Handshaking:
        if (m_ssl) {
            onReadyRead(); // a CONNECTFAIL may still be buffered
            if (!m_device)
                break;
            // With TLS 1.3 the daemon checks our certificate after our side of the TLS
            // handshake is done; a refusal then shows up as the TLS connection closing
            // before any answer to CONNECT (Qt does not tell the alert apart).
            if (tlsFailure || (m_tcp && m_tcp->error() == QAbstractSocket::RemoteHostClosedError)) {
                connectFailed(PyroError(Code::CommunicationError,
                                        u"connection to %1 rejected during the TLS handshake: %2%3"_s.arg(
                                            locationText(m_resolvedUri), why,
                                            tlsFailure ? QString()
                                                       : u" (does the daemon require a client certificate "
                                                         "that this one does not satisfy?)"_s)));
                break;
            }
        }
        Q_FALLTHROUGH();
    case State::Connected: {
        // Read what is still buffered first: a reply may have arrived with the close.
        const bool handshaking = m_state == State::Handshaking;
        onReadyRead();
        if (!m_device)
            break;
        // Pyro5 says only "receiving: not enough data"; say who closed, and what the
        // usual reasons are when it happens before the daemon answered CONNECT.
        QString text = u"connection closed by the peer (receiving: not enough data)"_s;
        if (handshaking && !m_ssl)
            text += u" before it answered the handshake: does the daemon expect TLS (PYRO_SSL=1), "
                    u"or is it not a Pyro5 daemon?"_s;
        connectionLost(PyroError(Code::ConnectionClosed, text));
        break;
    }
    default:
        closeSocket();
        break;
    }
}

void PyroConnection::handleMessage(PyroMessage &&message)
{
    if (m_state == State::Handshaking)
        handleHandshakeReply(std::move(message));
    else if (m_state == State::Connected)
        handleReply(std::move(message));
}

void PyroConnection::handleHandshakeReply(PyroMessage &&message)
{
    PyroError error;
    const QByteArray payload = message.uncompressedPayload(&error, options.config.maxMessageSize(),
                                                           options.config.maxInflateRatio());
    if (error.isError()) {
        connectFailed(error);
        return;
    }
    // Decoded with the serializer the reply names: a refusal may come in marshal.
    QVariant value = u"?"_s;
    if (!payload.isEmpty()) {
        const PyroSerializer *serializer = PyroSerializer::byId(message.header.serializerId, &error);
        if (!serializer) {
            connectFailed(PyroError(Code::SerializeError, error.message()));
            return;
        }
        value = PyroDecodeGuard::decode(serializer, payload,
                                        PyroDecodeGuard::options(options.config, payload.size()), &error);
        if (error.isError()) {
            connectFailed(error);
            return;
        }
    }
    if (message.type() == MsgConnectFail) {
        const QString reason = value.typeId() == QMetaType::QString ? value.toString()
                                                                     : PyroValues::pythonTypeName(value);
        connectFailed(PyroError(Code::CommunicationError,
                                u"connection to %1 rejected: %2"_s.arg(locationText(m_resolvedUri), reason)));
        return;
    }
    if (!isDict(value)) {
        connectFailed(PyroError(Code::ProtocolError, u"invalid handshake response from the daemon"_s));
        return;
    }
    bool haveMeta = false;
    const QVariant meta = dictGet(value, u"meta"_s, &haveMeta);
    if (!processMetadata(meta, &error)) {
        connectFailed(error);
        return;
    }
    const QVariant response = dictGet(value, u"handshake"_s);
    m_handshakeAnnotations = annotationHash(message.annotations);
    if (options.handshakeValidator) {
        const PyroError refused = options.handshakeValidator(response);
        if (refused.isError()) {
            connectFailed(refused);
            return;
        }
    }
    m_handshakeResponse = response;
    if (m_bindRequested) {
        m_uri = m_resolvedUri;
        m_bindRequested = false;
    }
    m_attemptsLeft = 0;
    m_connectRequested = false;
    m_reconnectSemantics = false;
    m_reader.setAcceptedTypes({MsgResult, MsgPing});
    if (!m_hasMetadata) {
        // No metadata in CONNECTOK: fetch it with get_metadata before anything else.
        auto request = std::make_shared<PyroClientRequest>();
        request->objectId = QString::fromLatin1(DaemonObjectId);
        request->method = QString::fromLatin1(DaemonMethodGetMetadata);
        request->args = {m_resolvedUri.object()};
        request->argsAsList = true;
        request->oneway = PyroCallOptions::Oneway::Never;
        request->timeout = options.callTimeout;
        QPointer<PyroConnection> self(this);
        request->done = [self](PyroClientResult &&raw) {
            if (!self || raw.error.isError())
                return;
            PyroError e;
            if (!self->processMetadata(raw.value, &e))
                Q_EMIT self->errorOccurred(e);
        };
        enqueue(request, true);
    }
    setState(State::Connected);
    pump();
}

bool PyroConnection::processMetadata(const QVariant &meta, PyroError *error)
{
    if (PyroValues::isNone(meta) || !isDict(meta))
        return true; // nothing sent; get_metadata will ask
    bool ok1 = false, ok2 = false, ok3 = false;
    const QStringList methods = names(dictGet(meta, u"methods"_s), &ok1);
    const QStringList oneway = names(dictGet(meta, u"oneway"_s), &ok2);
    const QStringList attrs = names(dictGet(meta, u"attrs"_s), &ok3);
    if (!ok1 || !ok2 || !ok3) {
        *error = PyroError(Code::ProtocolError, u"invalid metadata from the daemon"_s);
        return false;
    }
    if (methods.isEmpty() && attrs.isEmpty()) {
        *error = PyroError(Code::PyroError,
                           u"remote object '%1' doesn't expose any methods or attributes. "
                           "Did you forget setting @expose on them?"_s.arg(m_uri.toString()));
        return false;
    }
    m_methods = methods;
    m_oneway = oneway;
    m_attrs = attrs;
    m_hasMetadata = true;
    return true;
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
    const QByteArray payload = message.uncompressedPayload(&error, options.config.maxMessageSize(),
                                                           options.config.maxInflateRatio());
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
                                        PyroDecodeGuard::options(options.config, payload.size()), &error);
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
    request->oneway = PyroCallOptions::Oneway::Force;
    request->correlationId = options.correlationId;
    submit(request);
}

void PyroConnection::closeSocket()
{
    if (!m_device)
        return;
    QIODevice *device = m_device;
    m_device = nullptr;
    disconnect(device, nullptr, this, nullptr);
    if (m_tcp) {
        m_tcp->flush(); // what was written still reaches the daemon, as with a plain close()
        m_tcp->abort();
    } else if (m_local) {
        m_local->flush();
        m_local->abort();
    }
    m_tcp = nullptr;
    m_local = nullptr;
    m_ssl = false;
    m_tlsErrors.clear();
    m_reader.reset();
    // Never deleted right away: we may be inside one of its signals.
    device->deleteLater();
    m_deadSockets.append(QPointer<QIODevice>(device));
}

void PyroConnection::clearGraveyard()
{
    const auto sockets = std::exchange(m_deadSockets, {});
    for (const QPointer<QIODevice> &socket : sockets)
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

// ---- blocking drivers -------------------------------------------------------------------

bool PyroConnection::socketIsOpen() const
{
    if (m_tcp)
        return m_tcp->state() == QAbstractSocket::ConnectedState;
    if (m_local)
        return m_local->state() == QLocalSocket::ConnectedState;
    return false;
}

qint64 PyroConnection::bytesToWrite() const
{
    return m_device ? m_device->bytesToWrite() : 0;
}

// One blocking step: waits on whatever the state machine is waiting for, at most until
// deadline (or an internal deadline). Returns false when there is nothing to wait for.
bool PyroConnection::driveOnce(QDeadlineTimer deadline)
{
    pump();
    const QDeadlineTimer step = earlier(deadline, nextInternalDeadline());
    const int ms = waitMs(step);
    bool progress = true;
    switch (m_state) {
    case State::Unconnected:
        progress = false;
        break;
    case State::Resolving:
        if (m_resolver)
            m_resolver->waitForFinished(step);
        break;
    case State::Connecting:
        if (m_retryPending) {
            if (ms != 0)
                QThread::msleep(ulong(ms < 0 ? msecsLeft(m_retryAt) : std::min<qint64>(ms, msecsLeft(m_retryAt))));
        } else if (m_tcp) {
            QTcpSocket *socket = m_tcp;
            const bool ok = m_ssl ? static_cast<QSslSocket *>(socket)->waitForEncrypted(ms)
                                  : socket->waitForConnected(ms);
            if (!ok && socket == m_tcp && socket->state() == QAbstractSocket::UnconnectedState)
                onSocketClosed();
        } else if (m_local) {
            QLocalSocket *socket = m_local;
            if (!socket->waitForConnected(ms) && socket == m_local
                && socket->state() == QLocalSocket::UnconnectedState)
                onSocketClosed();
        }
        break;
    case State::Handshaking:
    case State::Connected: {
        const bool expectReply = m_state == State::Handshaking || m_inFlight;
        if (!expectReply && bytesToWrite() == 0) {
            progress = false;
            break;
        }
        QIODevice *device = m_device;
        if (!device) {
            progress = false;
            break;
        }
        if (expectReply) {
            // The wait also flushes what is still to be written.
            device->waitForReadyRead(ms);
        } else {
            device->waitForBytesWritten(ms);
        }
        if (device == m_device && !socketIsOpen())
            onSocketClosed();
        break;
    }
    }
    checkTimeouts();
    return progress;
}

bool PyroConnection::waitForRequest(const PyroClientRequestPtr &request, QDeadlineTimer deadline)
{
    if (wrongThreadError().isError())
        return request->stage == PyroClientRequest::Stage::Done;
    clearGraveyard();
    while (request->stage != PyroClientRequest::Stage::Done) {
        if (deadline.hasExpired())
            return false;
        if (failIfServedByThisThread())
            break;
        if (!driveOnce(deadline) && request->stage != PyroClientRequest::Stage::Done) {
            // Nothing to wait on although the request is pending: only possible when it
            // is not in this connection's queue any more.
            const bool queued = std::find(m_queue.begin(), m_queue.end(), request) != m_queue.end();
            if (!queued && m_inFlight != request)
                return false;
        }
    }
    if (request->sentOneway) {
        // A oneway call is done once written; make sure the bytes really left.
        while (m_device && bytesToWrite() > 0 && !deadline.hasExpired()) {
            if (!m_device->waitForBytesWritten(waitMs(deadline)))
                break;
        }
    }
    rearmTimer();
    return true;
}

bool PyroConnection::waitForConnected(QDeadlineTimer deadline)
{
    if (wrongThreadError().isError())
        return false;
    clearGraveyard();
    if (m_state == State::Unconnected)
        connectToDaemon(1);
    while (m_state != State::Connected) {
        if (m_state == State::Unconnected || deadline.hasExpired())
            break;
        if (failIfServedByThisThread())
            break;
        driveOnce(deadline);
    }
    rearmTimer();
    return m_state == State::Connected;
}
