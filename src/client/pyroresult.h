// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

#include <QtCore/QHash>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QVariant>

class PyroResultData;

/*
 * The outcome of one remote call: a value or an error, plus the response annotations.
 * Returned by the blocking PyroProxy::call() and by PyroCallReply::result().
 *
 *   PyroResult r = proxy.call(u"echo"_s, {42});
 *   if (r.isError()) qWarning() << r.error(); else qDebug() << r.value();
 *
 * A value type: copies are independent (implicitly shared). A method that returns an
 * iterator/generator gives a stream result: isStream() is true and streamId() names the
 * remote iterator; the PyroStream that pulls its items is handed out by
 * PyroCallReply::takeStream().
 */
class QTPYRO_EXPORT PyroResult
{
    Q_GADGET
    Q_PROPERTY(QVariant value READ value CONSTANT)
    Q_PROPERTY(PyroError error READ error CONSTANT)
    Q_PROPERTY(bool isError READ isError CONSTANT)
public:
    PyroResult();
    explicit PyroResult(const QVariant &value);
    explicit PyroResult(const PyroError &error);
    PyroResult(const PyroResult &other);
    PyroResult(PyroResult &&other) noexcept;
    PyroResult &operator=(const PyroResult &other);
    PyroResult &operator=(PyroResult &&other) noexcept;
    ~PyroResult();
    void swap(PyroResult &other) noexcept { d.swap(other.d); }

    bool isError() const;
    PyroError error() const;
    QVariant value() const;
    // Annotations the daemon sent with the reply (4-character id -> bytes).
    QHash<QByteArray, QByteArray> annotations() const;
    void setAnnotations(const QHash<QByteArray, QByteArray> &annotations);

    bool isStream() const;
    QString streamId() const;

    friend QTPYRO_EXPORT bool operator==(const PyroResult &a, const PyroResult &b);
    friend bool operator!=(const PyroResult &a, const PyroResult &b) { return !(a == b); }

private:
    friend class PyroCallReplyPrivate;
    static PyroResult forStream(const QString &streamId);
    QSharedDataPointer<PyroResultData> d;
};

QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroResult &result);

Q_DECLARE_SHARED(PyroResult)
Q_DECLARE_METATYPE(PyroResult)
