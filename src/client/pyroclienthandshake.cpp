// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroconnection_p.h"

#include "pyroclassmapping_p.h"
#include "pyrodecodeguard_p.h"
#include "pyrolocator_p.h"
#include "pyroprotocol_p.h"
#include "pyroserializerutils.h"
#include "pyrosocket_p.h"
#include "pyrosslconfig.h"
#include "pyrothreadcontext_p.h"

#include <QtCore/QDir>
#include <QtNetwork/QHostAddress>

#include <algorithm>
#include <utility>

// Resolving, the socket, the CONNECT handshake and the metadata of a PyroConnection.

using namespace Qt::StringLiterals;
using namespace PyroProtocol;
using namespace PyroClientDetail;

namespace {

using Code = PyroError::Code;

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

} // namespace

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
    m_connectDeadline = QDeadlineTimer(m_settings.connectTimeout > 0 ? m_settings.connectTimeout
                                                                        : DefaultConnectTimeout);
    m_connectCorrelationId = m_settings.correlationId;
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
    m_resolver = std::make_unique<PyroResolver>(m_uri, m_settings.config);
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
    m_serializer = PyroSerializer::byName(m_settings.serializer, &error);
    if (!m_serializer) {
        setState(State::Connecting);
        connectFailed(error);
        return;
    }
    closeSocket();
    m_reader = PyroMessageReader(m_settings.config.maxMessageSize());
    m_reader.setAcceptedTypes({MsgConnectOk, MsgConnectFail});
    setState(State::Connecting);
    rearmTimer();

    PyroSocket *socket = nullptr;
    if (m_resolvedUri.isUnixSocket()) {
        // Pyro5 takes a relative socket path relative to the working directory, whereas
        // QLocalSocket would look for it in the temp directory.
        QString path = m_resolvedUri.socketPath();
        if (QDir::isRelativePath(path))
            path = QDir::current().absoluteFilePath(path);
        socket = PyroSocket::forPath(path, this);
    } else {
        std::optional<QSslConfiguration> tls = m_settings.ssl;
        if (!tls && m_settings.config.ssl()) {
            // SSL=true: Pyro5's client context from the SSL_* items.
            tls = PyroSslConfig::clientConfiguration(m_settings.config, &error);
            if (error.isError()) {
                connectFailed(error);
                return;
            }
        }
        QAbstractSocket::NetworkLayerProtocol protocol = QAbstractSocket::AnyIPProtocol;
        if (m_settings.config.preferIpVersion() == 4)
            protocol = QAbstractSocket::IPv4Protocol;
        else if (m_settings.config.preferIpVersion() == 6)
            protocol = QAbstractSocket::IPv6Protocol;
        if (!QHostAddress(m_resolvedUri.host()).isNull())
            protocol = QAbstractSocket::AnyIPProtocol; // a literal address decides for itself
        socket = PyroSocket::forHost(m_resolvedUri.host(), quint16(m_resolvedUri.port()), protocol, tls, this);
    }
    m_socket = socket;
    connect(socket, &PyroSocket::connected, this, &PyroConnection::onSocketConnected);
    connect(socket, &PyroSocket::readyRead, this, &PyroConnection::onReadyRead);
    connect(socket, &PyroSocket::closed, this, [this, socket] {
        if (socket == m_socket)
            onSocketClosed();
    });
    socket->open(); // may report a failure right away
}

void PyroConnection::onSocketConnected()
{
    if (m_state != State::Connecting || !m_socket)
        return;
    m_socket->setKeepAlive(true);
    if (m_settings.config.sockNoDelay())
        m_socket->setLowDelay(true);
    setState(State::Handshaking);
    if (!m_socket)
        return;

    // CONNECT carries the current sequence number (not 0 after a reconnect) and the
    // handshake dict in Pyro5's key order.
    PyroDict data;
    data.append(u"handshake"_s, m_settings.handshake);
    data.append(u"object"_s, m_resolvedUri.object());
    PyroMessage message(MsgConnect, m_serializer->id(), m_seq);
    message.setCorrelationId(m_connectCorrelationId);
    message.annotations = annotationList({});
    PyroError error;
    const auto encode = [&](QByteArray &out) {
        return m_serializer->encode(out, QVariant::fromValue(data), m_settings.encodeContext, &error);
    };
    m_writeBuffer.resize(0);
    if (!message.write(m_writeBuffer, encode, m_settings.compression, &error, m_settings.config.maxMessageSize())) {
        connectFailed(error);
        return;
    }
    if (!m_socket->write(m_writeBuffer))
        connectFailed(PyroError(Code::ConnectionClosed, u"sending: connection lost"_s));
    rearmTimer();
}

void PyroConnection::onReadyRead()
{
    if (!drainSocket())
        onSocketClosed();
}

bool PyroConnection::drainSocket()
{
    PyroSocket *socket = m_socket;
    if (!socket)
        return true;
    const bool open = m_reader.readFrom(socket->device());
    PyroMessage message;
    while (m_socket == socket) {
        const PyroMessageReader::Status status = m_reader.next(&message);
        if (status == PyroMessageReader::Status::MessageReady) {
            handleMessage(std::move(message));
            continue;
        }
        if (status == PyroMessageReader::Status::Failed)
            connectionLost(m_reader.error());
        break;
    }
    return open || m_socket != socket;
}

void PyroConnection::onSocketClosed()
{
    if (!m_socket)
        return;
    QString why = m_socket->errorString();
    // A TLS failure: the certificate problems QSslSocket found, or the alert the daemon
    // sent (with TLS 1.3 a daemon refuses a client certificate only after our side of
    // the handshake finished, so this can also happen while Handshaking).
    const bool tls = m_socket->isTls();
    const bool tlsFailure = m_socket->tlsFailure();
    const QString tlsErrors = m_socket->tlsErrors();
    if (tlsFailure && !tlsErrors.isEmpty() && !why.contains(tlsErrors))
        why = tlsErrors;
    switch (m_state) {
    case State::Connecting:
        // Pyro5: CommunicationError("cannot connect to ('host', port): <reason>")
        connectFailed(PyroError(Code::CommunicationError,
                                u"cannot connect to %1: %2%3"_s.arg(locationText(m_resolvedUri),
                                                                    tlsFailure ? u"TLS handshake failed: "_s : QString(),
                                                                    why)));
        break;
    case State::Handshaking:
        if (tls) {
            drainSocket(); // a CONNECTFAIL may still be buffered
            if (!m_socket)
                break;
            // With TLS 1.3 the daemon checks our certificate after our side of the TLS
            // handshake is done; a refusal then shows up as the TLS connection closing
            // before any answer to CONNECT (Qt does not tell the alert apart).
            if (tlsFailure || m_socket->remoteClosed()) {
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
        drainSocket();
        if (!m_socket)
            break;
        // Pyro5 says only "receiving: not enough data"; say who closed, and what the
        // usual reasons are when it happens before the daemon answered CONNECT.
        QString text = u"connection closed by the peer (receiving: not enough data)"_s;
        if (handshaking && !tls)
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
    const QByteArray payload = message.uncompressedPayload(&error, m_settings.config.maxMessageSize(),
                                                           m_settings.config.maxInflateRatio());
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
                                        PyroDecodeGuard::options(m_settings.config, payload.size()), &error);
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
    const QVariant meta = PyroSerializerUtils::dictValue(value, u"meta"_s, &haveMeta);
    if (!processMetadata(meta, &error)) {
        connectFailed(error);
        return;
    }
    const QVariant response = PyroSerializerUtils::dictValue(value, u"handshake"_s);
    m_handshakeAnnotations = annotationHash(message.annotations);
    if (m_settings.handshakeValidator) {
        const PyroError refused = m_settings.handshakeValidator(response);
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
        request->oneway = PyroClientRequest::Oneway::Never;
        request->timeout = m_settings.callTimeout;
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
    const QStringList methods = names(PyroSerializerUtils::dictValue(meta, u"methods"_s), &ok1);
    const QStringList oneway = names(PyroSerializerUtils::dictValue(meta, u"oneway"_s), &ok2);
    const QStringList attrs = names(PyroSerializerUtils::dictValue(meta, u"attrs"_s), &ok3);
    if (!ok1 || !ok2 || !ok3) {
        *error = PyroError(Code::ProtocolError, u"invalid metadata from the daemon"_s);
        return false;
    }
    if (methods.isEmpty() && attrs.isEmpty()) {
        *error = PyroError(Code::PyroError,
                           u"remote object '%1' doesn't expose any methods or attributes. "
                           "Did you forget setting @expose on them?"_s.arg(remoteObjectText()));
        return false;
    }
    m_methods = methods;
    m_oneway = oneway;
    m_attrs = attrs;
    m_hasMetadata = true;
    return true;
}