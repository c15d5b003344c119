// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

#include <QtCore/QByteArray>
#include <QtCore/QMetaType>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QVariant>

class PyroSerializedBlobData;

/*
 * The undecoded arguments of a call a client sent with Pyro5's SerializedBlob
 * (FLAGS_KEEPSERIALIZED): a gateway or dispatcher can forward them without decoding.
 * A slot that takes one receives it as its only argument:
 *
 *   QVariant Gateway::forward(const PyroSerializedBlob &blob)
 *   {
 *       qDebug() << blob.info() << blob.objectId() << blob.method();
 *       return blob.deserialized();            // the arguments (Pyro5's blob.deserialized())
 *   }
 */
class QTPYRO_EXPORT PyroSerializedBlob
{
public:
    PyroSerializedBlob();
    PyroSerializedBlob(const QVariant &info, const QString &objectId, const QString &method,
                       quint8 serializerId, const QByteArray &payload);
    PyroSerializedBlob(const PyroSerializedBlob &other);
    PyroSerializedBlob(PyroSerializedBlob &&other) noexcept;
    PyroSerializedBlob &operator=(const PyroSerializedBlob &other);
    PyroSerializedBlob &operator=(PyroSerializedBlob &&other) noexcept;
    ~PyroSerializedBlob();
    void swap(PyroSerializedBlob &other) noexcept { d.swap(other.d); }

    bool isValid() const;
    QVariant info() const;
    QString objectId() const;
    QString method() const;
    quint8 serializerId() const;
    // The call payload as received (uncompressed), in the serializer's format.
    QByteArray payload() const;
    // Decodes the payload and returns the positional arguments it carries, for every
    // serializer (Pyro5's own returns the "params" key for json); an invalid QVariant
    // (and error) when it does not decode.
    QVariant deserialized(PyroError *error = nullptr) const;

    friend QTPYRO_EXPORT bool operator==(const PyroSerializedBlob &a, const PyroSerializedBlob &b);
    friend bool operator!=(const PyroSerializedBlob &a, const PyroSerializedBlob &b) { return !(a == b); }

private:
    QSharedDataPointer<PyroSerializedBlobData> d;
};

QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroSerializedBlob &blob);

Q_DECLARE_SHARED(PyroSerializedBlob)
Q_DECLARE_METATYPE(PyroSerializedBlob)
