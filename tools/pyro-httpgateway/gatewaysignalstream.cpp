// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "gatewaysignalstream.h"

#include "pyroconfig.h"
#include "pyroproxy.h"
#include "pyroserializer.h"
#include "pyrosignalsubscription.h"

#include <QtCore/QLoggingCategory>
#include <QtCore/QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcGateway)

using namespace Qt::StringLiterals;

namespace {

QByteArray toJson(const QVariant &value)
{
    static const PyroSerializer *json = PyroSerializer::byName(u"json");
    QByteArray out;
    PyroError error;
    if (!json->encode(out, value, {}, &error)) {
        out.clear();
        json->encode(out, QVariant::fromValue(error.toExceptionDict()), {}, &error);
    }
    return out;
}

QByteArray missedFrame(qint64 count)
{
    return "event: missed\ndata: {\"count\": " + (count < 0 ? QByteArray("null") : QByteArray::number(count))
           + "}\n\n";
}

} // namespace

GatewaySignalStream::GatewaySignalStream(HttpConnection *connection, const Limits &limits, QObject *parent)
    : QObject(parent), m_connection(connection), m_limits(limits)
{
    // The client leaving ends the subscription (deleting it closes its Pyro connection).
    connect(connection, &HttpConnection::closed, this, &GatewaySignalStream::finish);
    connect(connection, &HttpConnection::drained, this, &GatewaySignalStream::flush);
}

GatewaySignalStream::~GatewaySignalStream()
{
    delete m_subscription; // before the proxy it refers to
}

void GatewaySignalStream::subscribe(const PyroUri &uri, const PyroConfig &config, const QStringList &names)
{
    m_proxy = new PyroProxy(uri, config, this);
    m_proxy->setSerializer(u"json"_s); // the arguments arrive as JSON can carry them
    m_subscription = new PyroSignalSubscription(m_proxy, names, PyroSignalSubscription::Mode::Pull, this);
    connect(m_subscription, &PyroSignalSubscription::activeChanged, this, [this](bool active) {
        if (active && !m_streaming && !m_failed)
            Q_EMIT ready();
    });
    connect(m_subscription, &PyroSignalSubscription::signalEmitted, this, &GatewaySignalStream::onSignal);
    connect(m_subscription, &PyroSignalSubscription::eventsMissed, this, &GatewaySignalStream::onMissed);
    connect(m_subscription, &PyroSignalSubscription::errorOccurred, this, &GatewaySignalStream::onError);
}

void GatewaySignalStream::begin(const HttpHeaders &headers)
{
    if (!m_connection || m_streaming)
        return;
    m_streaming = true;
    m_connection->beginChunked(200, HttpHeaders{{"Content-Type", "text/event-stream; charset=utf-8"},
                                                {"Cache-Control", "no-cache"},
                                                {"X-Accel-Buffering", "no"}}
                                        + headers);
    m_keepAlive = new QTimer(this);
    connect(m_keepAlive, &QTimer::timeout, this, [this] {
        // Only on a line with nothing unsent: a write restarts the HTTP write timeout,
        // which must still close a client that reads nothing.
        if (m_queue.empty() && m_connection && m_connection->pendingBytes() == 0)
            m_connection->writeChunk(": keep-alive\n\n");
    });
    m_keepAlive->start(m_limits.keepAliveMs);
}

void GatewaySignalStream::onSignal(const QString &signal, const QVariantList &args)
{
    ++m_seq;
    enqueue({"event: " + signal.toUtf8() + "\nid: " + QByteArray::number(m_seq) + "\ndata: "
                 + toJson(QVariant(args)) + "\n\n",
             Kind::Event, 1});
}

void GatewaySignalStream::onMissed(qint64 count)
{
    if (count > 0)
        m_seq += quint64(count); // the next event's id stays the daemon's sequence number
    enqueue({missedFrame(count), Kind::Missed, count});
}

void GatewaySignalStream::onError(const PyroError &error)
{
    if (m_failed)
        return;
    m_failed = true;
    if (!m_streaming) {
        Q_EMIT failed(error);
    } else {
        // The daemon went away or ended the subscription: end the stream; a browser's
        // EventSource connects again and gets a fresh subscription (or the error).
        qCDebug(lcGateway) << "signal stream ended:" << error.message();
        if (m_connection)
            m_connection->endChunked();
    }
    finish();
}

void GatewaySignalStream::enqueue(Frame frame)
{
    if (!m_connection || !m_streaming)
        return;
    if (m_queue.empty() && m_gap == 0 && m_connection->pendingBytes() < m_limits.backlogBytes) {
        m_connection->writeChunk(frame.data);
        return;
    }
    m_queuedBytes += frame.data.size();
    m_queue.push_back(std::move(frame));
    quint64 dropped = 0;
    while (m_queuedBytes > m_limits.queueBytes && m_queue.size() > 1) {
        const Frame &oldest = m_queue.front();
        m_queuedBytes -= oldest.data.size();
        // (a gap of unknown size stays of unknown size)
        m_gap = (oldest.count < 0 || m_gap < 0) ? -1 : m_gap + oldest.count;
        if (oldest.kind == Kind::Event)
            ++dropped;
        m_queue.pop_front();
    }
    if (dropped) {
        m_dropped += dropped;
        Q_EMIT eventsDropped(dropped);
    }
}

void GatewaySignalStream::writeGap()
{
    if (m_gap != 0) {
        m_connection->writeChunk(missedFrame(m_gap));
        m_gap = 0;
    }
}

// The client read what waited in the socket: the gap first, then what queued meanwhile.
void GatewaySignalStream::flush()
{
    if (!m_connection || !m_streaming)
        return;
    writeGap();
    while (!m_queue.empty() && m_connection->pendingBytes() < m_limits.backlogBytes) {
        m_queuedBytes -= m_queue.front().data.size();
        m_connection->writeChunk(m_queue.front().data);
        m_queue.pop_front();
    }
}

void GatewaySignalStream::finish()
{
    if (m_keepAlive)
        m_keepAlive->stop();
    m_queue.clear();
    m_queuedBytes = 0;
    deleteLater();
}
