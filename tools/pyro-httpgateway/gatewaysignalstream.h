// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "httpserver.h"

#include "pyroerror.h"
#include "pyrouri.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>

#include <deque>

class PyroConfig;
class PyroProxy;
class PyroSignalSubscription;
class QTimer;

/*
 * One Server-Sent Events stream of $signals: a pull PyroSignalSubscription (its own Pyro
 * connection) whose events are written to one HTTP connection as
 *
 *   event: <signal>\nid: <seq>\ndata: <JSON array of the arguments>\n\n
 *
 * seq is the subscription's sequence number (from 1; a gap counts the lost events),
 * lost events come as "event: missed" with data {"count": n}, and a comment every
 * keepAliveMs keeps proxies from closing an idle stream.
 *
 * subscribe() reports ready() once the daemon has the subscription (then begin() writes
 * the 200 head, so every later emission reaches the client) or failed(error). The object
 * deletes itself when the HTTP connection closes or the subscription breaks afterwards.
 *
 * A client that does not read: while more than backlogBytes wait in the socket, events
 * queue here, at most queueBytes of them; beyond that the oldest are dropped and reported
 * as a gap once the client reads again (and the HTTP write timeout closes a client that
 * reads nothing at all).
 */
class GatewaySignalStream : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        int keepAliveMs = 15000;
        qint64 backlogBytes = 64 * 1024;
        qint64 queueBytes = 1024 * 1024;
    };

    GatewaySignalStream(HttpConnection *connection, const Limits &limits, QObject *parent = nullptr);
    ~GatewaySignalStream() override;

    // Subscribes (names empty: every exposed signal of the object) with a proxy of uri.
    void subscribe(const PyroUri &uri, const PyroConfig &config, const QStringList &names);
    // After ready(): answers 200 text/event-stream with these extra headers and streams.
    void begin(const HttpHeaders &headers);

    quint64 droppedCount() const { return m_dropped; }

Q_SIGNALS:
    void ready();
    void failed(const PyroError &error);
    // Events just dropped because the client did not read.
    void eventsDropped(quint64 count);

private:
    enum class Kind { Event, Missed };
    struct Frame
    {
        QByteArray data;
        Kind kind;
        qint64 count; // events the frame stands for (Event 1, Missed n)
    };

    void onSignal(const QString &signal, const QVariantList &args);
    void onMissed(qint64 count);
    void onError(const PyroError &error);
    void enqueue(Frame frame);
    void flush();
    void writeGap();
    void finish();

    QPointer<HttpConnection> m_connection;
    Limits m_limits;
    PyroProxy *m_proxy = nullptr;
    PyroSignalSubscription *m_subscription = nullptr;
    QTimer *m_keepAlive = nullptr;
    std::deque<Frame> m_queue;
    qint64 m_queuedBytes = 0;
    qint64 m_gap = 0;        // events dropped here, not yet reported
    quint64 m_seq = 0;
    quint64 m_dropped = 0;
    bool m_streaming = false;
    bool m_failed = false;
};
