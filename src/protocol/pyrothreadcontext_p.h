// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "qtpyro_export.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QUuid>

/*
 * What the outgoing messages of the current thread carry besides the call itself
 * (Pyro5's thread-local current_context on the sending side): a correlation id and
 * annotations. A daemon sets them while it handles a request, so that calls a method
 * makes (callbacks, calls to other daemons) carry the request's correlation id, as
 * Pyro5 does. Proxies read them when they build a message (their own settings win).
 */
namespace PyroThreadContext {

QTPYRO_PRIVATE_EXPORT QUuid correlationId();
QTPYRO_PRIVATE_EXPORT void setCorrelationId(const QUuid &id);

// Sets the thread's correlation id for the lifetime of the scope.
class QTPYRO_PRIVATE_EXPORT Scope
{
public:
    explicit Scope(const QUuid &id);
    ~Scope();
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

private:
    QUuid m_previous;
};

} // namespace PyroThreadContext
