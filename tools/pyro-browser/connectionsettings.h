// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroconfig.h"
#include "pyrouri.h"

#include <QtCore/QList>
#include <QtCore/QString>

class QSettings;

namespace PyroBrowser {

// What one browser tab connects to, and how.
struct ConnectionSettings
{
    enum class Kind { Broadcast, HostPort, UnixSocket, DaemonUri };

    Kind kind = Kind::HostPort;
    QString host = QStringLiteral("localhost");
    int port = 9090;                 // the name server port, or the broadcast port
    QString socketPath;              // Kind::UnixSocket
    QString uri;                     // Kind::DaemonUri: PYRO:obj@location (any object there)
    QString serializer = QStringLiteral("serpent");
    bool ssl = false;
    QString caCerts;                 // file or directory
    QString clientCert;
    QString clientKey;

    // "localhost:9090", "broadcast", "./u:/tmp/ns.sock", "PYRO:obj@host:port"
    QString title() const;
    // The name server's (or the daemon's Pyro.Daemon) URI; invalid for Broadcast.
    PyroUri targetUri() const;
    // The Pyro.Daemon of the daemon a Kind::DaemonUri connection names.
    PyroUri daemonUri() const;
    PyroConfig config() const;

    void save(QSettings &settings) const;
    static ConnectionSettings load(QSettings &settings);
    // A stable key: equal for the same target (the recent list keeps one entry per key).
    QString key() const;

    friend bool operator==(const ConnectionSettings &a, const ConnectionSettings &b) { return a.key() == b.key(); }
};

// The recent connections, newest first, in QSettings ("recent/..."), at most max.
QList<ConnectionSettings> recentConnections();
void rememberConnection(const ConnectionSettings &settings, int max = 10);

} // namespace PyroBrowser
