// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrogenerator.h"
#include "pyroserializedblob.h"
#include "pyroserializer.h"
#include "pyrodecodeguard_p.h"

#include <QtCore/QMutex>

using namespace Qt::StringLiterals;

// ---------------------------------------------------------------------------------------
// PyroGenerator

/*!
    \class PyroGenerator
    Return one from a slot to stream items to the client; see the header for the pattern.
    The function is called by the daemon only, one item at a time, never concurrently.
*/
PyroGenerator::PyroGenerator(NextFunction next)
    : m_next(next ? std::make_shared<NextFunction>(std::move(next)) : nullptr)
{
}

PyroGenerator PyroGenerator::fromList(const QVariantList &items)
{
    return PyroGenerator([items, i = qsizetype(0)]() mutable -> std::optional<QVariant> {
        if (i >= items.size())
            return std::nullopt;
        return items.at(i++);
    });
}

std::optional<QVariant> PyroGenerator::next() const
{
    if (!m_next)
        return std::nullopt;
    return (*m_next)();
}

// ---------------------------------------------------------------------------------------
// PyroSerializedBlob

class PyroSerializedBlobData : public QSharedData
{
public:
    QVariant info;
    QString objectId;
    QString method;
    quint8 serializerId = 0;
    QByteArray payload;
};

/*!
    \class PyroSerializedBlob
    What a slot receives for a call sent with Pyro5's SerializedBlob (KEEPSERIALIZED).
    Made by the daemon; deserialized() decodes lazily, in the caller's thread.
*/
PyroSerializedBlob::PyroSerializedBlob() : d(new PyroSerializedBlobData) { }

PyroSerializedBlob::PyroSerializedBlob(const QVariant &info, const QString &objectId,
                                       const QString &method, quint8 serializerId,
                                       const QByteArray &payload)
    : d(new PyroSerializedBlobData)
{
    d->info = info;
    d->objectId = objectId;
    d->method = method;
    d->serializerId = serializerId;
    d->payload = payload;
}

PyroSerializedBlob::PyroSerializedBlob(const PyroSerializedBlob &other) = default;
PyroSerializedBlob &PyroSerializedBlob::operator=(const PyroSerializedBlob &other) = default;
PyroSerializedBlob::~PyroSerializedBlob() = default;

bool PyroSerializedBlob::isValid() const { return d->serializerId != 0; }
QVariant PyroSerializedBlob::info() const { return d->info; }
QString PyroSerializedBlob::objectId() const { return d->objectId; }
QString PyroSerializedBlob::method() const { return d->method; }
quint8 PyroSerializedBlob::serializerId() const { return d->serializerId; }
QByteArray PyroSerializedBlob::payload() const { return d->payload; }

/*!
    The positional arguments carried in the payload (the third element of the call),
    as Pyro5's SerializedBlob.deserialized() returns them. (Pyro5 returns the key
    "params" for json payloads, a bug; this returns the arguments for every serializer.)
*/
QVariant PyroSerializedBlob::deserialized(PyroError *error) const
{
    PyroError localError;
    const PyroSerializer *serializer = PyroSerializer::byId(d->serializerId, &localError);
    if (!serializer) {
        if (error)
            *error = localError;
        return QVariant();
    }
    PyroCall call;
    if (!PyroDecodeGuard::decodeCall(serializer, d->payload, &call,
                                     PyroDecodeGuard::options(PyroConfig::global(), d->payload.size()),
                                     &localError)) {
        if (error)
            *error = localError;
        return QVariant();
    }
    if (call.argsAsList)
        return call.args;
    return QVariant::fromValue(PyroTuple(call.args));
}

bool operator==(const PyroSerializedBlob &a, const PyroSerializedBlob &b)
{
    return a.d == b.d
        || (a.d->serializerId == b.d->serializerId && a.d->payload == b.d->payload
            && a.d->objectId == b.d->objectId && a.d->method == b.d->method
            && a.d->info == b.d->info);
}
