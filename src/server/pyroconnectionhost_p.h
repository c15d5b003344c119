// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroconfig.h"
#include "pyrogenerator.h"
#include "pyromessage_p.h"
#include "pyrorequest_p.h"
#include "pyroserializer.h"

#include <QtCore/QLoggingCategory>

class PyroDaemonConnection;

Q_DECLARE_LOGGING_CATEGORY(lcPyroDaemon) // defined in pyrodaemon.cpp

/*
 * What a PyroDaemonConnection needs from the daemon that accepted it, and the only way
 * it reaches back: the settings, what every reply carries, the objects a client may
 * connect to, handing a decoded request on, and telling the daemon what happened (the
 * daemon, not the connection, emits PyroDaemon's signals). All in the daemon's thread.
 */
class PyroConnectionHost
{
public:
    enum class Event {
        Connected,  // the handshake succeeded
        HalfClosed, // the client shut its sending side down; the pending reply still goes out
        Closed,     // no more requests are read
        Finished,   // closed, and nothing of it runs any more: it may be disposed of
    };

    virtual ~PyroConnectionHost() = default;

    virtual const PyroConfig &config() const = 0;
    // How replies are encoded (autoproxy replacement, serpent's bytes form).
    virtual PyroEncodeContext encodeContext() const = 0;
    // The daemon's response annotations, added to every reply.
    virtual const QList<PyroMessage::Annotation> &replyAnnotations() const = 0;
    // The parent of what may outlive a connection (the writer of a half-closed client's
    // last reply).
    virtual QObject *owner() const = 0;

    // CONNECT: the response to the client's handshake data ("hello", or the validator's);
    // a refusal sets the error of context.
    virtual QVariant handshakeResponse(const QVariant &handshake, PyroCallContext &context) = 0;
    // The metadata of an object a client may connect to; invalid for an unknown one.
    virtual QVariant objectMetadata(const QString &objectId) const = 0;
    // Runs a decoded request; its result comes back through finishRequest() (or
    // onewayFinished()) of the connection, now or later.
    virtual void dispatch(PyroDaemonConnection *connection, const PyroRequestPtr &request,
                          PyroCall &&call) = 0;
    // Keeps a generator result as an item stream: its id, or empty with *error set.
    virtual QString openStream(PyroDaemonConnection *connection, const PyroGenerator &generator,
                               const PyroRequestPtr &request, PyroError *error) = 0;

    virtual void connectionEvent(PyroDaemonConnection *connection, Event event) = 0;
    // A client sent what cannot be read; the connection closes.
    virtual void protocolError(PyroDaemonConnection *connection, const PyroError &error) = 0;
};
