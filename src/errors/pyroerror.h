// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrovalues.h"

#include <QtCore/QObject>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

class PyroErrorData;

/*
 * An error: local trouble (connection, protocol, serialization...) or an exception
 * raised on the other side. Mirrors Pyro5's exception classes and its wire form, the
 * exception dict {'__class__', '__exception__', 'args', 'attributes'}.
 */
class QTPYRO_EXPORT PyroError
{
    Q_GADGET
    Q_PROPERTY(Code code READ code CONSTANT)
    Q_PROPERTY(QString message READ message CONSTANT)
    Q_PROPERTY(QString remoteType READ remoteType CONSTANT)
    Q_PROPERTY(bool isError READ isError CONSTANT)
public:
    // Pyro5's error classes (Pyro5.errors.*) plus RemoteException for every other
    // exception raised remotely (builtins.ValueError, mymodule.MyError...).
    enum class Code {
        NoError,
        PyroError,
        CommunicationError,
        ConnectionClosed,
        Timeout,
        ProtocolError,
        MessageTooLarge,
        SerializeError,
        NamingError,
        DaemonError,
        SecurityError,
        RemoteException,
    };
    Q_ENUM(Code)

    PyroError();
    PyroError(Code code, const QString &message);
    PyroError(const PyroError &other);
    PyroError(PyroError &&other) noexcept;
    PyroError &operator=(const PyroError &other);
    PyroError &operator=(PyroError &&other) noexcept;
    ~PyroError();
    void swap(PyroError &other) noexcept { d.swap(other.d); }

    // An exception to send to a Python peer, e.g. exception(u"builtins.ValueError"_s, u"bad input"_s).
    static PyroError exception(const QString &pythonClass, const QString &message);
    static PyroError exception(const QString &pythonClass, const QVariantList &args);

    [[nodiscard]] bool isError() const noexcept;
    [[nodiscard]] Code code() const noexcept;
    // True when the code is this one or one of its subclasses in Pyro5's hierarchy
    // (a Timeout is a CommunicationError, a SerializeError a ProtocolError...).
    [[nodiscard]] bool is(Code code) const noexcept;
    [[nodiscard]] QString message() const;

    // The Python class on the wire: remoteType() for remote errors, "Pyro5.errors.<Name>"
    // for local ones ("builtins.StopIteration" etc. for those made with exception()).
    [[nodiscard]] QString pythonClass() const;
    // Remote side only (empty for local errors).
    [[nodiscard]] bool isRemote() const noexcept;
    [[nodiscard]] QString remoteType() const;
    [[nodiscard]] QVariantList remoteArgs() const;
    [[nodiscard]] QStringList remoteTraceback() const;
    // The exception's instance attributes as sent, in order, including "_pyroTraceback".
    [[nodiscard]] PyroDict attributes() const;

    // An instance attribute the Python peer sees on the exception (e.g. errno on an
    // OSError): the one thing a server author adds to an error after making it.
    void setAttribute(const QString &name, const QVariant &value);

    // The Pyro5 exception dict, keys in Pyro5's order.
    [[nodiscard]] PyroDict toExceptionDict() const;
    // From a decoded exception dict (with "__class__" and "__exception__"); an error of
    // code SerializeError describes what was wrong with the dict.
    static PyroError fromExceptionDict(const QVariant &dict);

    // "Pyro5.errors.NamingError" -> NamingError; anything else -> RemoteException.
    static Code codeForPythonClass(const QString &pythonClass);
    static QString pythonClassForCode(Code code);

    [[nodiscard]] QString toString() const;

    friend QTPYRO_EXPORT bool operator==(const PyroError &a, const PyroError &b);
    friend bool operator!=(const PyroError &a, const PyroError &b) { return !(a == b); }

private:
    // What the library fills in while decoding or raising (PyroErrorEditor).
    void setRemote(bool remote);
    void setArgs(const QVariantList &args);
    void setTraceback(const QStringList &lines);
    void setAttributes(const PyroDict &attributes);
    friend class PyroErrorEditor;

    QSharedDataPointer<PyroErrorData> d;
};

QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroError &error);

Q_DECLARE_SHARED(PyroError)
Q_DECLARE_METATYPE(PyroError)
