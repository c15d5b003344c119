// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QUuid>
#include <QtCore/QVariant>
#include <QtNetwork/QSslCertificate>

#include <exception>
#include <functional>
#include <memory>

class PyroCallContextPrivate;
class PyroDelayedReply;

/*
 * Thrown out of a slot (or a PyroGenerator) to fail the call with a chosen Python
 * exception; the daemon catches it and the client raises that class:
 *
 *   double Thermostat::setTarget(double t)
 *   {
 *       if (t > 30)
 *           throw PyroException(u"builtins.ValueError"_s, u"too hot"_s);
 *       ...
 *   }
 *
 * Any other C++ exception leaving a slot becomes a builtins.RuntimeError (or a fitting
 * builtin class for the std exceptions) with a remote traceback naming the slot.
 */
class QTPYRO_EXPORT PyroException : public std::exception
{
public:
    explicit PyroException(const PyroError &error);
    PyroException(const QString &pythonClass, const QString &message);
    ~PyroException() override;
    PyroException(const PyroException &other);
    PyroException &operator=(const PyroException &other);

    const PyroError &error() const noexcept { return m_error; }
    const char *what() const noexcept override;

private:
    PyroError m_error;
    QByteArray m_what;
};

/*
 * What a daemon knows about the request being handled (Pyro5's current_context), like
 * QDBusContext. Inside a method the daemon invokes:
 *
 *   void Thermostat::setTarget(double t) {
 *       PyroCallContext *ctx = PyroCallContext::current();
 *       qDebug() << "from" << ctx->clientAddress() << ctx->annotations();
 *       ctx->setResponseAnnotation("XRSP", "ok");
 *   }
 *
 * current() is valid only while the daemon is invoking the method in that thread (and in
 * the daemon's handshake validator); null elsewhere. The context belongs to the request:
 * do not keep the pointer.
 *
 * Failing with a Python exception without throwing:
 *
 *   PyroCallContext::current()->setError(PyroError::exception(u"builtins.KeyError"_s, key));
 *
 * Delayed replies (the slot returns at once, the reply goes out later, from any thread):
 *
 *   PyroDelayedReply reply = PyroCallContext::current()->setDelayedReply();
 *   QTimer::singleShot(1000, this, [reply]() mutable { reply.send(42); });
 */
class QTPYRO_EXPORT PyroCallContext
{
public:
    PyroCallContext();
    ~PyroCallContext();
    PyroCallContext(const PyroCallContext &) = delete;
    PyroCallContext &operator=(const PyroCallContext &) = delete;

    static PyroCallContext *current();

    quint64 connectionId() const;
    QString clientAddress() const;   // "127.0.0.1", "::1", or the daemon's socket path
    quint16 clientPort() const;      // 0 for Unix sockets
    QSslCertificate peerCertificate() const;
    QString objectId() const;
    QString method() const;
    quint16 seq() const;
    quint16 flags() const;
    bool isOneway() const;
    quint8 serializerId() const;
    QUuid correlationId() const;
    QHash<QByteArray, QByteArray> annotations() const;
    // Sent with this call's RESULT (not with exception results, as in Pyro5).
    void setResponseAnnotation(const QByteArray &id, const QByteArray &value);
    QHash<QByteArray, QByteArray> responseAnnotations() const;

    // Per-connection storage for application state (e.g. the user a handshake authenticated).
    QVariant connectionData(const QString &key) const;
    void setConnectionData(const QString &key, const QVariant &value);

    // Fails the call with this error (a Python exception class and message, see
    // PyroError::exception()); the method's return value is then ignored.
    void setError(const PyroError &error);
    PyroError error() const;

    // Take over the reply: the method's return value is ignored and the reply goes out
    // when the returned handle's send()/sendError() is called (from any thread). If every
    // copy of the handle is dropped without sending, the client gets an error.
    PyroDelayedReply setDelayedReply();
    bool isDelayedReply() const;

private:
    friend class PyroCallContextPrivate;
    std::unique_ptr<PyroCallContextPrivate> const d;
};

// The handle of a delayed reply (copyable; the first send wins).
class QTPYRO_EXPORT PyroDelayedReply
{
public:
    using Sender = std::function<void(const QVariant &value, const PyroError &error)>;

    PyroDelayedReply();
    explicit PyroDelayedReply(Sender sender);
    bool isValid() const;
    void send(const QVariant &value = QVariant());
    void sendError(const PyroError &error);

private:
    std::shared_ptr<struct PyroDelayedReplyState> m_state;
};
