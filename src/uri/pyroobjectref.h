// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrouri.h"

#include <QtCore/QSharedDataPointer>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

class PyroObjectRefData;

/*
 * What a Pyro5 proxy travels as (the Pyro5.client.Proxy class dict): the object's URI
 * plus the metadata, handshake and serializer the sender's proxy had. Returned when a
 * remote call answers with a proxy (autoproxy, callbacks); turn it into a PyroProxy
 * with PyroProxy(ref).
 */
class QTPYRO_EXPORT PyroObjectRef
{
    Q_GADGET
    Q_PROPERTY(PyroUri uri READ uri CONSTANT)
    Q_PROPERTY(QStringList methods READ methods CONSTANT)
    Q_PROPERTY(QStringList onewayMethods READ onewayMethods CONSTANT)
    Q_PROPERTY(QStringList attributes READ attributes CONSTANT)
public:
    PyroObjectRef();
    explicit PyroObjectRef(const PyroUri &uri);
    PyroObjectRef(const PyroObjectRef &other);
    PyroObjectRef(PyroObjectRef &&other) noexcept;
    PyroObjectRef &operator=(const PyroObjectRef &other);
    PyroObjectRef &operator=(PyroObjectRef &&other) noexcept;
    ~PyroObjectRef();
    void swap(PyroObjectRef &other) noexcept { d.swap(other.d); }

    bool isValid() const;
    PyroUri uri() const;
    QStringList methods() const;
    QStringList onewayMethods() const;
    QStringList attributes() const;
    QVariant handshake() const;  // default "hello"
    QString serializer() const;  // empty: the receiver's default

    void setUri(const PyroUri &uri);
    void setMethods(const QStringList &methods);
    void setOnewayMethods(const QStringList &methods);
    void setAttributes(const QStringList &attributes);
    void setHandshake(const QVariant &handshake);
    void setSerializer(const QString &serializer);

    // Pyro5's proxy state tuple (uri, oneway, methods, attrs, handshake, serializer).
    QVariant toState() const;
    static PyroObjectRef fromState(const QVariantList &state, PyroError *error = nullptr);

    friend QTPYRO_EXPORT bool operator==(const PyroObjectRef &a, const PyroObjectRef &b);
    friend bool operator!=(const PyroObjectRef &a, const PyroObjectRef &b) { return !(a == b); }

private:
    QSharedDataPointer<PyroObjectRefData> d;
};

QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroObjectRef &ref);

Q_DECLARE_SHARED(PyroObjectRef)
Q_DECLARE_METATYPE(PyroObjectRef)
