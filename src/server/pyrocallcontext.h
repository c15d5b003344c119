// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrodelayedreply.h"
#include "pyroerror.h"
#include "pyroexception.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QUuid>
#include <QtCore/QVariant>
#include <QtNetwork/QSslCertificate>

#include <functional>
#include <memory>

class PyroCallContextPrivate;
struct PyroRequest;

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
 *   PyroDelayedReply reply = PyroCallContext::current()->delayReply();
 *   QTimer::singleShot(1000, this, [reply]() mutable { reply.send(42); });
 */
class QTPYRO_EXPORT PyroCallContext
{
public:
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
    // Sent with this call's RESULT (not with exception results, as in Pyro5). id must be
    // 4 ASCII characters (any other makes the reply fail to send); a repeated id replaces
    // the value.
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
    // copy of the handle is dropped without sending, the client gets an error. Returns
    // an invalid handle (and changes nothing) where a call cannot answer later: oneway
    // calls have no reply, and the calls of a batch answer together.
    PyroDelayedReply delayReply();
    // The former name of delayReply().
    PyroDelayedReply setDelayedReply() { return delayReply(); }
    bool isDelayedReply() const;

private:
    // Only the daemon makes contexts: each request has one.
    PyroCallContext();
    friend struct PyroRequest;
    friend class PyroCallContextPrivate;
    std::unique_ptr<PyroCallContextPrivate> const d;
};
