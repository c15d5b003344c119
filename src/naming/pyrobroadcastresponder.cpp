// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrobroadcastresponder_p.h"

#include "pyroprotocol_p.h"

#include <QtCore/QLoggingCategory>
#include <QtNetwork/QUdpSocket>

#include <cstring>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPyroBroadcast, "qtpyro.naming.broadcast", QtWarningMsg)

/*
    \class PyroBroadcastResponder
    The name server's discovery responder (PROTOCOL.md §9.3). Create it in the thread whose
    event loop should answer, setNameServerUri(), then bind(). answered() is emitted after
    each reply; bind() reports failure through its return value and \a error.
*/
PyroBroadcastResponder::PyroBroadcastResponder(QObject *parent)
    : QObject(parent)
{
}

PyroBroadcastResponder::~PyroBroadcastResponder() = default;

void PyroBroadcastResponder::setNameServerUri(const PyroUri &uri)
{
    m_uri = uri;
    m_replies.clear();
}

PyroUri PyroBroadcastResponder::nameServerUri() const
{
    return m_uri;
}

bool PyroBroadcastResponder::bind(const QString &host, quint16 port, bool reuse, PyroError *error)
{
    close();
    QHostAddress address(QHostAddress::AnyIPv4);
    if (!host.isEmpty()) {
        QString h = host;
        if (h.startsWith(u'[') && h.endsWith(u']'))
            h = h.mid(1, h.size() - 2);
        if (h.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
            address = QHostAddress(QHostAddress::LocalHost);
        else if (!address.setAddress(h)) {
            if (error)
                *error = PyroError(PyroError::Code::CommunicationError,
                                   u"cannot bind the broadcast responder: '%1' is not an IP address"_s.arg(host));
            return false;
        }
    }
    m_socket = new QUdpSocket(this);
    // SO_REUSEADDR lets a restarted name server take its port back at once and, as with
    // Pyro5, lets several responders share one port.
    const QAbstractSocket::BindMode mode = reuse
        ? QAbstractSocket::ShareAddress | QAbstractSocket::ReuseAddressHint
        : QAbstractSocket::DontShareAddress;
    if (!m_socket->bind(address, port, mode)) {
        if (error)
            *error = PyroError(PyroError::Code::CommunicationError,
                               u"cannot bind the broadcast responder to %1:%2: %3"_s
                                   .arg(address.toString()).arg(port).arg(m_socket->errorString()));
        delete m_socket;
        m_socket = nullptr;
        return false;
    }
    m_host = host;
    connect(m_socket, &QUdpSocket::readyRead, this, &PyroBroadcastResponder::readPending);
    qCDebug(lcPyroBroadcast) << "broadcast responder on" << location();
    return true;
}

void PyroBroadcastResponder::close()
{
    if (!m_socket)
        return;
    m_socket->close();
    delete m_socket;
    m_socket = nullptr;
}

bool PyroBroadcastResponder::isBound() const
{
    return m_socket != nullptr;
}

quint16 PyroBroadcastResponder::port() const
{
    return m_socket ? m_socket->localPort() : 0;
}

QString PyroBroadcastResponder::location() const
{
    if (!m_socket)
        return QString();
    QString host = m_host.isEmpty() ? m_socket->localAddress().toString() : m_host;
    if (host.contains(u':') && !host.startsWith(u'['))
        host = u'[' + host + u']';
    return host + u':' + QString::number(m_socket->localPort());
}

QHostAddress PyroBroadcastResponder::interfaceAddressFor(const QHostAddress &peer)
{
    // A connected UDP socket sends nothing; the kernel just picks the route and so the
    // source address (what Pyro5's get_interface() does).
    QUdpSocket probe;
    probe.connectToHost(peer, 9);
    if (probe.state() != QAbstractSocket::ConnectedState && !probe.waitForConnected(200))
        return QHostAddress();
    return probe.localAddress();
}

QByteArray PyroBroadcastResponder::replyFor(const PyroUri &uri, const QHostAddress &requester)
{
    if (uri.host() == u"0.0.0.0"_s && !uri.isUnixSocket()) {
        QHostAddress local = interfaceAddressFor(requester);
        if (local.protocol() == QAbstractSocket::IPv6Protocol) {
            bool ok = false;
            const QHostAddress v4(local.toIPv4Address(&ok));
            if (ok)
                local = v4;
        }
        if (!local.isNull())
            return PyroUri::forTcp(uri.object(), local.toString(), uri.port()).toString().toLatin1();
    }
    return uri.toString().toLatin1();
}

void PyroBroadcastResponder::readPending()
{
    static constexpr QByteArrayView request(PyroProtocol::BroadcastRequest);
    // A bounded batch: with more queued, the read notifier fires again on the next turn,
    // after the name server's TCP clients had theirs.
    for (int i = 0; i < MaxDatagramsPerTurn && m_socket && m_socket->hasPendingDatagrams(); ++i) {
        // Pyro5 reads 100 bytes at most; a longer datagram cannot be the request anyway.
        char buffer[PyroProtocol::BroadcastReadBuffer];
        QHostAddress sender;
        quint16 senderPort = 0;
        const qint64 size = m_socket->readDatagram(buffer, sizeof buffer, &sender, &senderPort);
        if (size != request.size() || std::memcmp(buffer, request.data(), size_t(size)) != 0)
            continue;
        if (!m_uri.isValid() || senderPort == 0)
            continue;
        if (!admit(sender, senderPort)) {
            qCDebug(lcPyroBroadcast) << "rate limit: not answering" << sender.toString() << senderPort;
            continue;
        }
        const QByteArray reply = cachedReplyFor(sender);
        qCDebug(lcPyroBroadcast) << "answering" << sender.toString() << senderPort << "with" << reply;
        m_socket->writeDatagram(reply, sender, senderPort);
        Q_EMIT answered(sender, senderPort);
    }
}

// A token bucket per sender: SenderBurst answers at once, then SenderRatePerSecond.
bool PyroBroadcastResponder::admit(const QHostAddress &sender, quint16 port)
{
    if (!m_clock.isValid())
        m_clock.start();
    const qint64 now = m_clock.elapsed();
    if (m_buckets.size() >= MaxTrackedSenders) {
        // Forget the senders whose bucket has refilled: they are answered as new ones.
        for (auto it = m_buckets.begin(); it != m_buckets.end();) {
            if (it->tokens + (now - it->lastMs) * SenderRatePerSecond / 1000.0 >= SenderBurst)
                it = m_buckets.erase(it);
            else
                ++it;
        }
        if (m_buckets.size() >= MaxTrackedSenders)
            return false;   // that many senders flooding at once: answer none of the new ones
    }
    const auto key = qMakePair(sender, port);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{SenderBurst, now});
    it->tokens = std::min(SenderBurst, it->tokens + (now - it->lastMs) * SenderRatePerSecond / 1000.0);
    it->lastMs = now;
    if (it->tokens < 1)
        return false;
    it->tokens -= 1;
    return true;
}

QByteArray PyroBroadcastResponder::cachedReplyFor(const QHostAddress &requester)
{
    const auto it = m_replies.constFind(requester);
    if (it != m_replies.cend())
        return *it;
    if (m_replies.size() >= 256)
        m_replies.clear();
    const QByteArray reply = replyFor(m_uri, requester);
    m_replies.insert(requester, reply);
    return reply;
}
