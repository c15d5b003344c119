// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroconnection_p.h"
#include "pyrolocator.h"
#include "pyronameserverproxy.h"

#include <QtCore/QList>
#include <QtCore/QMetaObject>
#include <QtCore/QTimer>

#include <functional>
#include <memory>
#include <vector>

class QUdpSocket;

class PyroLocatorPrivate
{
public:
    enum class Phase { Idle, Direct, Broadcast, Done };

    explicit PyroLocatorPrivate(PyroLocator *q, const PyroConfig &config);
    ~PyroLocatorPrivate();

    void start(const QString &host, int port, bool broadcast);
    void nextStep();
    void startDirect(const PyroUri &uri);
    void directSucceeded();
    void directFailed();
    void startBroadcast();
    void sendBroadcastRound();
    void readDatagrams();
    void checkRoundTimeout();
    void finish(const PyroUri &uri, const PyroError &error);
    bool driveOnce(QDeadlineTimer deadline);
    void discardProxy();

    PyroLocator *q;
    PyroConfig config;
    Phase phase = Phase::Idle;
    bool finished = false;
    PyroUri result;
    PyroError error;
    // Why a direct attempt failed, when that is worth telling (TLS, certificates): Pyro5's
    // "Failed to locate the nameserver" alone would hide a configuration problem.
    QString securityReason;
    std::unique_ptr<PyroNameServerProxy> proxy; // the attempt in progress, then the result
    std::vector<std::unique_ptr<PyroNameServerProxy>> discarded; // failed attempts (not deleted inside their own signal handlers)
    QList<QMetaObject::Connection> watch;

    // The plan: direct candidates first, then broadcast, then the fallback candidates.
    QList<PyroUri> direct;
    bool broadcastPlanned = false;
    QList<PyroUri> fallback;
    bool explicitHost = false;

    QUdpSocket *udp = nullptr;
    int round = 0;
    int broadcastPort = 0;
    QDeadlineTimer roundDeadline;
    QTimer roundTimer;

    std::function<void()> onFinished; // internal users (the resolver): called directly
};

/*
 * Resolves a PYRONAME:/PYROMETA: URI into a PYRO: URI: locate the name server, then
 * lookup(name, 0.0) or yplookup(tags, None, False) as Pyro5's resolve() does (with the
 * NS_LOOKUP_DELAY retry loop). Async with a direct completion callback, or blocking
 * through waitForFinished().
 */
class PyroResolver
{
public:
    PyroResolver(const PyroUri &uri, const PyroConfig &config);
    ~PyroResolver();

    void start();
    bool isFinished() const { return m_finished; }
    bool waitForFinished(QDeadlineTimer deadline);
    PyroUri result() const { return m_result; }
    PyroError error() const { return m_error; }
    std::function<void()> onFinished;

private:
    void located();
    void lookup();
    void lookedUp(PyroClientResult &&raw);
    void finish(const PyroUri &uri, const PyroError &error);

    PyroUri m_uri;
    PyroConfig m_config;
    std::unique_ptr<PyroLocator> m_locator;
    std::unique_ptr<PyroNameServerProxy> m_ns;
    PyroClientRequestPtr m_request;
    QDeadlineTimer m_delayWindow;
    QDeadlineTimer m_retryAt = QDeadlineTimer(QDeadlineTimer::Forever);
    bool m_retryPending = false;
    QTimer m_retryTimer;
    bool m_finished = false;
    PyroUri m_result;
    PyroError m_error;
};
