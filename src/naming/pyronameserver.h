// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroconfig.h"
#include "pyroerror.h"
#include "pyrouri.h"

#include <QtCore/QObject>
#include <QtCore/QString>

#include <memory>
#include <optional>

class QHostAddress;
class PyroDaemon;
class PyroStorage;
class PyroNameServerPrivate;

/*
 * A Pyro5 name server (the object "Pyro.NameServer" with Pyro5's whole API: ping, count,
 * lookup, register, remove, list, yplookup, set_metadata), hosted by a PyroDaemon, with
 * Pyro5's UDP broadcast responder next to it. Python clients (locate_ns(), Pyro5.nsc,
 * PYRONAME: proxies) and PyroNameServerProxy use it as they use Pyro5's own.
 *
 *   PyroNameServer ns;                        // PyroConfig::global(), memory storage
 *   ns.setStorageSpec(u"sql:names.sqlite"_s);  // optional: persistent (or sql:postgresql://...)
 *   if (!ns.start(u"localhost"_s, 9090))
 *       qFatal() << ns.error();
 *   qDebug() << ns.uri();                     // PYRO:Pyro.NameServer@localhost:9090
 *
 * start() makes its own daemon; start(daemon) puts the name server on a daemon the caller
 * already has (which then serves both). Everything lives in the thread that owns this
 * object (the daemon's thread, for start(daemon)); the calls run there, directly, so a
 * slow SQL server slows the name server down.
 *
 * It registers itself as Pyro.NameServer (metadata class:Pyro5.nameserver.NameServer), an
 * entry that cannot be removed. Name servers sharing one SQL storage share every other
 * name; each names itself to its own clients.
 */
class QTPYRO_EXPORT PyroNameServer : public QObject
{
    Q_OBJECT
public:
    explicit PyroNameServer(QObject *parent = nullptr);
    explicit PyroNameServer(const PyroConfig &config, QObject *parent = nullptr);
    ~PyroNameServer() override;

    PyroConfig config() const;

    // ---- before start() ----
    // "memory" (default), "sql:FILE", "sql:postgresql://..." (see PyroStorage::create()).
    void setStorageSpec(const QString &spec);
    QString storageSpec() const;
    // The broadcast responder (Pyro5's -x turns it off). It answers on host:port, by
    // default NS_BCHOST (all interfaces) and NS_BCPORT (9091, no port given); port 0
    // picks a free one.
    // Unlike Pyro5's launcher it also runs when the name server is bound to a loopback
    // address; never for a Unix socket or an IPv6 address (Pyro5's rule).
    void setBroadcastEnabled(bool enabled);
    bool isBroadcastEnabled() const;
    void setBroadcastAddress(const QString &host, std::optional<quint16> port = std::nullopt);
    // NATHOST/NATPORT for the name server's own daemon (the URI it registers and prints).
    void setNat(const QString &host, quint16 port = 0);

    // ---- running ----
    // Opens the storage, listens on host:port (empty host: HOST of the config; no port:
    // NS_PORT; 0: free), registers itself and starts the broadcast responder. When any of
    // it fails: false, error() says why, and nothing is left running.
    bool start(const QString &host = QString(), std::optional<quint16> port = std::nullopt);
    // The same on a Unix domain socket (no broadcast responder, as in Pyro5).
    bool startUnix(const QString &socketPath);
    // Hosts the name server on a daemon the caller owns and has set listening, in this
    // object's thread. The daemon's NAT settings apply, not setNat(); stop() leaves the
    // daemon running.
    bool start(PyroDaemon *daemon);
    // Unregisters, closes the responder, the own daemon and the storage. The storage keeps
    // the registrations a persistent backend holds (including Pyro.NameServer, as Pyro5).
    void stop();
    bool isRunning() const;
    // Why start() failed (NamingError for the storage, CommunicationError for sockets).
    PyroError error() const;

    PyroUri uri() const;           // what clients use (NAT applied); what it registers
    PyroUri internalUri() const;   // the bound location (what the responder answers)
    PyroDaemon *daemon() const;
    PyroStorage *storage() const;  // direct, typed access to the registrations
    bool isBroadcasting() const;
    QString broadcastLocation() const;   // "0.0.0.0:9091" (Pyro5's "Broadcast server running on")
    quint16 broadcastPort() const;       // the bound port
    // The address the daemon is bound to (a host name resolved as the daemon did); null
    // for a Unix socket or when not running.
    QHostAddress boundAddress() const;

Q_SIGNALS:
    // A broadcast discovery request was answered (for logs and tests).
    void broadcastAnswered(const QString &requester);
    // NS_AUTOCLEAN removed a name whose location stopped answering.
    void autoCleaned(const QString &name, const PyroUri &uri);

private:
    friend class PyroNameServerPrivate;
    std::unique_ptr<PyroNameServerPrivate> const d;
};
