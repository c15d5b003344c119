// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// The CONNECT handshake of a daemon connection: the serializer the client chose, its
// handshake data and the validator, the object it connects to and that object's metadata.
#include "pyrodaemonconnection_p.h"

#include "pyrodecodeguard_p.h"
#include "pyroserializerid.h"
#include "pyrovalues_p.h"

using namespace Qt::StringLiterals;
using namespace PyroProtocol;

void PyroDaemonConnection::handleDenied(PyroMessage &message)
{
    // Pyro5 reads the CONNECT, then refuses in marshal with the request's seq.
    sendConnectFail(nullptr, message.header.seq, QUuid(),
                    u"no free workers, increase server threadpool size"_s);
    close(u"denied"_s);
}

namespace {
// A value of the client's handshake dict (a QVariantMap or a PyroDict).
bool handshakeValue(const QVariant &data, const QString &key, QVariant *out)
{
    if (data.typeId() == QMetaType::QVariantMap) {
        const QVariantMap *map = static_cast<const QVariantMap *>(data.constData());
        const auto it = map->constFind(key);
        if (it == map->cend())
            return false;
        *out = it.value();
        return true;
    }
    if (data.typeId() == qMetaTypeId<PyroDict>()) {
        const PyroDict *dict = static_cast<const PyroDict *>(data.constData());
        if (!dict->contains(key))
            return false;
        *out = dict->value(key);
        return true;
    }
    return false;
}
} // namespace

void PyroDaemonConnection::refuseSerializer(const PyroMessage &message, const QUuid &correlationId,
                                            const PyroError &error)
{
    // Pyro5 just closes here (it cannot answer in a serializer it does not have); we say
    // why in marshal, which every client can read, so the client does not see a bare
    // "connection closed". No plugin paths: they are none of a client's business.
    const quint8 id = message.header.serializerId;
    const QString name = PyroSerializerIds::name(id);
    const QString reason = u"the daemon does not have the serializer the client asked for (id %1%2)"_s
            .arg(id).arg(name.isEmpty() ? QString() : u", "_s + name);
    qCWarning(lcPyroDaemon).noquote() << "connection" << this->id() << "from" << peer()
                                      << "refused: CONNECT with unknown serializer id" << id;
    m_host->protocolError(this, error);
    sendConnectFail(nullptr, message.header.seq, correlationId, reason);
    close(reason);
}

void PyroDaemonConnection::handleConnect(PyroMessage &message)
{
    const PyroConfig &config = m_host->config();
    PyroRequest request; // what the handshake validator's context reads
    request.connectionId = id();
    request.seq = message.header.seq;
    request.flags = message.flags();
    request.correlationId = requestCorrelationId(message.header);
    PyroError error;
    const QByteArray payload = message.uncompressedPayload(&error, config.maxMessageSize(), config.maxInflateRatio());
    if (error.isError()) {
        handleReadFailure(error);
        return;
    }
    request.serializer = PyroSerializer::byId(message.header.serializerId, &error);
    if (!request.serializer) {
        refuseSerializer(message, request.correlationId, error);
        return;
    }
    request.serializerId = request.serializer->id();
    const QVariant data = PyroDecodeGuard::decode(request.serializer, payload,
                                                  PyroDecodeGuard::options(config, payload.size()), &error);
    auto fail = [&](const QString &reason) {
        qCDebug(lcPyroDaemon).noquote() << "connection" << id() << "handshake failed:" << reason;
        sendConnectFail(request.serializer, request.seq, request.correlationId, reason);
        close(reason);
    };
    if (!data.isValid()) {
        fail(error.message());
        return;
    }
    if (data.typeId() != QMetaType::QVariantMap && data.typeId() != qMetaTypeId<PyroDict>()) {
        fail(u"handshake data must be a dict, not %1"_s.arg(PyroValues::pythonTypeName(data)));
        return;
    }
    QVariant handshake, object;
    if (!handshakeValue(data, u"handshake"_s, &handshake)) {
        fail(u"'handshake'"_s); // Python's KeyError text
        return;
    }
    request.annotations = message.annotations;
    auto *cd = PyroCallContextPrivate::get(&request.context);
    cd->connection = m_info;
    const QVariant response = m_host->handshakeResponse(handshake, request.context);
    if (cd->error.isError()) {
        fail(cd->error.message());
        return;
    }
    if (!handshakeValue(data, u"object"_s, &object)) {
        fail(u"'object'"_s);
        return;
    }
    const QVariant meta = object.typeId() == QMetaType::QString ? m_host->objectMetadata(object.toString()) : QVariant();
    if (!meta.isValid()) {
        fail(u"unknown object"_s);
        return;
    }
    PyroDict reply;
    reply.append(u"handshake"_s, response);
    reply.append(u"meta"_s, meta);
    PyroMessage ok(MsgConnectOk, request.serializerId, request.seq);
    ok.setCorrelationId(request.correlationId);
    ok.annotations = cd->responseAnnotations;
    for (const auto &a : m_host->replyAnnotations())
        ok.setAnnotation(a.first, a.second);
    const QVariant value = QVariant::fromValue(reply);
    if (!send(ok, request.serializer, &value, nullptr, &error)) {
        fail(error.message());
        return;
    }
    m_state = State::Ready;
    m_handshakeTimer.stop();
    m_connected = true;
    m_reader.setAcceptedTypes({MsgInvoke, MsgPing});
    m_host->connectionEvent(this, PyroConnectionHost::Event::Connected);
}

