// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"
#include "pyrouri.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtNetwork/QHostAddress>

class QUdpSocket;

/*
 * The UDP side of name server discovery (Pyro5's BroadcastServer): a datagram holding
 * exactly "GET_NSURI" is answered, to its sender, with the name server's URI as
 * ISO-8859-1 text; anything else is ignored. A URI host of 0.0.0.0 is replaced by the
 * address of the local interface that routes to the requester.
 *
 *   PyroBroadcastResponder responder;
 *   responder.setNameServerUri(ns.internalUri());
 *   if (!responder.bind(QString(), 9091, true, &error)) ...
 *
 * Lives in (and answers from) the thread that owns it; needs its event loop. A flood
 * cannot starve that thread: each event-loop turn reads at most MaxDatagramsPerTurn
 * datagrams (the socket notifier fires again on the next turn while more are queued), and
 * each sender (address and port) is answered at most SenderBurst times at once and
 * SenderRatePerSecond times a second after that; the rest is dropped unanswered.
 */
class QTPYRO_PRIVATE_EXPORT PyroBroadcastResponder : public QObject
{
    Q_OBJECT
public:
    explicit PyroBroadcastResponder(QObject *parent = nullptr);
    ~PyroBroadcastResponder() override;

    void setNameServerUri(const PyroUri &uri);
    PyroUri nameServerUri() const;

    // host empty: all IPv4 interfaces; port 0: a free port. reuse: SO_REUSEADDR
    // (Pyro5's SOCK_REUSE). False with a CommunicationError when the bind fails.
    bool bind(const QString &host, quint16 port, bool reuse, PyroError *error = nullptr);
    void close();
    bool isBound() const;
    quint16 port() const;
    // Pyro5's locationStr: "<bchost or bound address>:<port>".
    QString location() const;

    // What is sent back to requester (exposed for tests).
    static QByteArray replyFor(const PyroUri &uri, const QHostAddress &requester);
    // The local address a datagram to peer leaves from (null when there is no route).
    static QHostAddress interfaceAddressFor(const QHostAddress &peer);

    static constexpr int MaxDatagramsPerTurn = 32;
    static constexpr double SenderBurst = 16;
    static constexpr double SenderRatePerSecond = 8;
    static constexpr int MaxTrackedSenders = 4096;

Q_SIGNALS:
    void answered(const QHostAddress &requester, quint16 port);

private:
    void readPending();
    bool admit(const QHostAddress &sender, quint16 port);
    QByteArray cachedReplyFor(const QHostAddress &requester);

    struct Bucket
    {
        double tokens = SenderBurst;
        qint64 lastMs = 0;
    };
    QElapsedTimer m_clock;
    QHash<QPair<QHostAddress, quint16>, Bucket> m_buckets;
    QHash<QHostAddress, QByteArray> m_replies;   // per requester: the route lookup is a syscall or three

    QUdpSocket *m_socket = nullptr;
    PyroUri m_uri;
    QString m_host;
};
