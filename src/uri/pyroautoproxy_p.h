// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroobjectref.h"

class QObject;

/*
 * The objects registered with the daemons of this process, as the object references a
 * proxy sends when one of them is a call argument (Pyro5's autoproxy of a registered
 * object, e.g. `server.addworker(handler)`). Daemons keep their entries current; proxies
 * of any thread look them up.
 */
namespace PyroAutoproxy {

QTPYRO_PRIVATE_EXPORT void publish(const QObject *object, const void *daemon, const PyroObjectRef &ref);
QTPYRO_PRIVATE_EXPORT void withdraw(const QObject *object, const void *daemon);
QTPYRO_PRIVATE_EXPORT void withdrawAll(const void *daemon);
// An invalid reference when the object is registered with no daemon.
QTPYRO_PRIVATE_EXPORT PyroObjectRef lookup(const QObject *object);

} // namespace PyroAutoproxy
