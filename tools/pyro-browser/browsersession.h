// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "connectionsettings.h"
#include "pyrocallreply.h"

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>

#include <functional>

class PyroNameServerProxy;
class PyroProxy;

namespace PyroBrowser {

class CallHistoryModel;
class LogModel;
class RegistryModel;

/*
 * One tab's connection: the name server (located by broadcast, host:port or Unix socket)
 * or, for a direct daemon URI, that daemon's Pyro.Daemon; the registry model it fills;
 * proxies made with the tab's settings (serializer, TLS). Every request is asynchronous
 * and goes through request(), which logs it with its round-trip time. Lives in the GUI
 * thread.
 */
class BrowserSession : public QObject
{
    Q_OBJECT
public:
    enum class State { Unconnected, Locating, Connected, Failed };
    Q_ENUM(State)

    BrowserSession(const ConnectionSettings &settings, LogModel *log, QObject *parent = nullptr);
    ~BrowserSession() override;

    ConnectionSettings settings() const { return m_settings; }
    bool hasNameServer() const { return m_settings.kind != ConnectionSettings::Kind::DaemonUri; }
    State state() const { return m_state; }
    QString stateText() const { return m_stateText; }
    RegistryModel *registry() const { return m_registry; }
    LogModel *log() const { return m_log; }
    PyroNameServerProxy *nameServer() const { return m_nameServer; }
    PyroUri nameServerUri() const;

    // Locates / connects, then refreshes.
    void start();
    void refresh();
    bool isRefreshing() const { return m_refreshing; }
    // Asks each registration's daemon whether it knows the object (Pyro.Daemon.get_metadata).
    void checkReachability();

    // A proxy made with this connection's settings (serializer: empty = the connection's).
    PyroProxy *createProxy(const PyroUri &uri, const QString &serializer = QString(), QObject *parent = nullptr) const;
    // The calls made to the object at uri while this tab is open (kept across selections).
    CallHistoryModel *history(const PyroUri &uri);
    // The Pyro.Daemon of the daemon serving uri (one proxy per location, kept).
    PyroProxy *daemonFor(const PyroUri &uri);

    // Sends the request through reply, logs it under target and what, and calls done
    // with the finished reply (deleted afterwards). Returns reply.
    PyroCallReply *request(PyroCallReply *reply, const QString &target, const QString &what,
                           std::function<void(PyroCallReply *reply, double milliseconds)> done = {});

    // Name-server maintenance (each refreshes afterwards; failures in the log and failed()).
    void registerName(const QString &name, const QString &uri, const QStringList &metadata, bool safe);
    void removeName(const QString &name);
    void setMetadata(const QString &name, const QStringList &metadata);
    void pingNameServer();

    static QString summary(PyroCallReply *reply);

Q_SIGNALS:
    void stateChanged(BrowserSession::State state);
    void refreshed();
    void failed(const QString &message);
    void maintenanceDone(const QString &what, bool ok);

private:
    void setState(State state, const QString &text);
    void useNameServer(PyroNameServerProxy *ns);
    void listed(PyroCallReply *reply);

    ConnectionSettings m_settings;
    LogModel *m_log;
    RegistryModel *m_registry;
    PyroNameServerProxy *m_nameServer = nullptr;
    PyroProxy *m_daemon = nullptr;     // DaemonUri connections: its Pyro.Daemon
    QHash<QString, PyroProxy *> m_daemons;
    QHash<QString, CallHistoryModel *> m_histories;
    State m_state = State::Unconnected;
    QString m_stateText;
    bool m_refreshing = false;
    bool m_listMetadata = true;
};

} // namespace PyroBrowser
