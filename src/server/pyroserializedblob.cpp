// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroserializedblob.h"

#include "pyrodecodeguard_p.h"
#include "pyroserializer.h"

#include <QtCore/QDebug>

class PyroSerializedBlobData : public QSharedData
{
public:
    QVariant info;
    QString objectId;
    QString method;
    quint8 serializerId = 0;
    QByteArray payload;
};

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
PyroSerializedBlob::PyroSerializedBlob(PyroSerializedBlob &&other) noexcept = default;
PyroSerializedBlob &PyroSerializedBlob::operator=(const PyroSerializedBlob &other) = default;
PyroSerializedBlob &PyroSerializedBlob::operator=(PyroSerializedBlob &&other) noexcept = default;
PyroSerializedBlob::~PyroSerializedBlob() = default;

bool PyroSerializedBlob::isValid() const { return d->serializerId != 0; }
QVariant PyroSerializedBlob::info() const { return d->info; }
QString PyroSerializedBlob::objectId() const { return d->objectId; }
QString PyroSerializedBlob::method() const { return d->method; }
quint8 PyroSerializedBlob::serializerId() const { return d->serializerId; }
QByteArray PyroSerializedBlob::payload() const { return d->payload; }

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

QDebug operator<<(QDebug debug, const PyroSerializedBlob &blob)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "PyroSerializedBlob(" << blob.objectId() << '.' << blob.method()
                    << ", serializer " << blob.serializerId() << ", " << blob.payload().size()
                    << " bytes, info " << blob.info() << ')';
    return debug;
}
