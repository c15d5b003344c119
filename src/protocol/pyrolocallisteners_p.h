// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "qtpyro_export.h"

class QIODevice;
class QObject;

/*
 * The listening sockets of the daemons in this process. A blocking call asks whether its
 * connected socket leads to a listener owned by the calling thread: such a daemon could
 * never answer (its thread is the one waiting), so the call fails at once instead of
 * hanging.
 */
namespace PyroLocalListeners {

// A listening QTcpServer (QSslServer), QLocalServer, or any QObject with a QString
// listeningPath property (a Unix socket path); forgotten when it is destroyed.
QTPYRO_PRIVATE_EXPORT void add(QObject *server);

// True when socket (a connected QAbstractSocket or QLocalSocket) is connected to a
// listener that lives in the calling thread.
QTPYRO_PRIVATE_EXPORT bool isServedByCurrentThread(const QIODevice *socket);

} // namespace PyroLocalListeners
