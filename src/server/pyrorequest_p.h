// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrocallcontext.h"
#include "pyrocallcontext_p.h"
#include "pyroinvoker_p.h"
#include "pyromessage_p.h"
#include "pyroprotocol_p.h"

#include <QtCore/QPointer>
#include <QtCore/QUuid>

#include <memory>

class PyroSerializer;

/*
 * One request on its way through the daemon, from decoding to its reply: what the
 * connection read (the header fields, annotations, the serializer looked up once), what
 * the dispatcher made of it, and the PyroCallContext the invoked method sees, which reads
 * the same fields. Made and answered in the daemon's thread; the method may run in
 * another one, which then only reads it.
 */
struct PyroRequest : std::enable_shared_from_this<PyroRequest>
{
    PyroRequest() { PyroCallContextPrivate::get(&context)->request = this; }
    PyroRequest(const PyroRequest &) = delete;
    PyroRequest &operator=(const PyroRequest &) = delete;

    // What the client sent.
    quint64 connectionId = 0;
    quint16 seq = 0;
    quint16 flags = 0;
    quint8 serializerId = 0;
    const PyroSerializer *serializer = nullptr; // null only for a failed handshake
    QUuid correlationId;
    QString objectId;
    QString method;
    QList<PyroMessage::Annotation> annotations;

    // What the dispatcher made of it.
    const PyroClassInfo *cls = nullptr;
    QString member;                     // the method or attribute called
    PyroCallContext context;            // current() while the method runs
    QPointer<QObject> target;
    bool pool = false;                  // runs on the daemon's thread pool
    QObject *percallInstance = nullptr; // made for this call only; deleted after it
    bool finished = false;

    bool isOneway() const { return flags & PyroProtocol::FlagOneway; }
    bool isBatch() const { return flags & PyroProtocol::FlagBatch; }
    // "Class::method", for tracebacks (built only when needed).
    QString where() const { return cls ? cls->className + QStringLiteral("::") + member : member; }
};
using PyroRequestPtr = std::shared_ptr<PyroRequest>;
