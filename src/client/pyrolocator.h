// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroconfig.h"
#include "pyroerror.h"
#include "pyrouri.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QObject>

#include <memory>

class PyroLocatorPrivate;
class PyroNameServerProxy;

/*
 * Finds a name server the way Pyro5's locate_ns() does: an explicit host (and port);
 * else NS_HOST when it is a loopback name or address; else UDP broadcast "GET_NSURI" to
 * each BROADCAST_ADDRS at NS_BCPORT (3 rounds, 0.7 s each); else NS_HOST:NS_PORT directly.
 * Failure: NamingError "Failed to locate the nameserver".
 *
 *   auto *locator = new PyroLocator(this);
 *   connect(locator, &PyroLocator::finished, this, [locator] {
 *       if (!locator->error().isError()) use(locator->nameServerUri());
 *       locator->deleteLater();
 *   });
 *   locator->locate();
 *
 * or blocking: PyroUri ns = PyroLocator::locateNameServer(&error);
 */
class QTPYRO_EXPORT PyroLocator : public QObject
{
    Q_OBJECT
public:
    // Whether a search may ask by UDP broadcast (Pyro5's locate_ns(broadcast=...)).
    enum class Broadcast { Enabled, Disabled };
    Q_ENUM(Broadcast)

    explicit PyroLocator(QObject *parent = nullptr);
    PyroLocator(const PyroConfig &config, QObject *parent = nullptr);
    ~PyroLocator() override;

    // host empty: search as described above; port 0: NS_PORT (or NS_BCPORT for broadcast).
    void locate(const QString &host = QString(), quint16 port = 0,
                Broadcast broadcast = Broadcast::Enabled);
    bool isFinished() const;
    // Blocks without an event loop (worker threads, tools).
    bool waitForFinished(QDeadlineTimer deadline = QDeadlineTimer(10000));
    PyroUri nameServerUri() const;
    PyroError error() const;
    // The name server proxy the search found (connected when found by a direct
    // connection, unconnected when found by broadcast), once; caller-owned.
    PyroNameServerProxy *takeNameServer();

    // Blocking convenience for tools and worker threads.
    static PyroUri locateNameServer(PyroError *error = nullptr, const QString &host = QString(),
                                    quint16 port = 0, Broadcast broadcast = Broadcast::Enabled,
                                    const PyroConfig &config = PyroConfig::global());

    // Resolves PYRONAME:/PYROMETA: to a PYRO: URI through the name server (blocking).
    static PyroUri resolve(const PyroUri &uri, PyroError *error = nullptr,
                           const PyroConfig &config = PyroConfig::global(),
                           QDeadlineTimer deadline = QDeadlineTimer(30000));

Q_SIGNALS:
    // Once per locate(), queued; only the locator emits it.
    void finished(QPrivateSignal);

private:
    friend class PyroLocatorPrivate;
    friend class PyroResolver;
    std::unique_ptr<PyroLocatorPrivate> const d;
};
