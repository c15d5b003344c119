// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrocallcontext.h"
#include "pyromessage_p.h"

#include <QtCore/QMutex>
#include <QtCore/QVariantHash>

#include <optional>

class PyroDaemonPrivate;
struct PyroRequest;

// What every request of one connection shares, also with calls running in other threads.
struct QTPYRO_PRIVATE_EXPORT PyroConnectionInfo
{
    quint64 id = 0;
    QString address;
    quint16 port = 0;
    std::optional<QSslCertificate> peerCertificate; // TLS connections only (see PyroDaemonPrivate::listenTcp)
    bool detailedTraceback = false; // the daemon's DETAILED_TRACEBACK

    mutable QMutex mutex; // guards data: calls of one connection may run in several threads
    QVariantHash data;
};

class QTPYRO_PRIVATE_EXPORT PyroCallContextPrivate
{
public:
    static PyroCallContextPrivate *get(PyroCallContext *context) { return context->d.get(); }
    static const PyroCallContextPrivate *get(const PyroCallContext *context) { return context->d.get(); }
    // A context outside a request (a stream item produced in another thread).
    static std::shared_ptr<PyroCallContext> create() { return std::shared_ptr<PyroCallContext>(new PyroCallContext); }

    // Makes context the current() one of this thread for the lifetime of the scope.
    class Scope
    {
    public:
        explicit Scope(PyroCallContext *context);
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;

    private:
        PyroCallContext *m_previous;
    };

    // Clears what one call of a batch left behind (error, delayed flag) before the next.
    void resetCallState()
    {
        if (error.isError())
            error = PyroError();
        delayed = false;
    }

    std::shared_ptr<PyroConnectionInfo> connection;
    // The request this context belongs to (its header fields, annotations): it owns the
    // context, or outlives it. Null for a context made outside the daemon.
    PyroRequest *request = nullptr;
    QList<PyroMessage::Annotation> responseAnnotations;
    PyroError error;
    bool delayed = false;
    // Set by the daemon when the call may answer later: delayReply() makes the
    // sender of its handle from these (only then, to keep ordinary calls cheap).
    PyroDelayedReply::Sender (*senderFactory)(PyroCallContextPrivate *) = nullptr;
    PyroDaemonPrivate *daemon = nullptr;
};
