// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroautocleaner_p.h"

#include "pyroprotocol_p.h"
#include "pyrostorage.h"
#include "pyrouri.h"

#include <QtCore/QDir>
#include <QtCore/QLoggingCategory>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpSocket>
#if QT_CONFIG(networkproxy)
#  include <QtNetwork/QNetworkProxy>
#endif

#include <climits>
#include <cmath>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcPyroNameServer)

namespace PyroNaming {

namespace {

int milliseconds(double seconds)
{
    const double ms = std::ceil(seconds * 1000.0);
    if (!(ms < double(INT_MAX)))   // also infinity: "practically never"
        return INT_MAX;
    return std::max(1, int(ms));
}

} // namespace

bool AutoCleaner::timingFromConfig(double autoCleanSeconds, double commTimeoutSeconds,
                                   int minimumIntervalMs, Timing *timing, PyroError *error)
{
    *timing = Timing();
    // Pyro5 only cleans for "NS_AUTOCLEAN > 0", so a negative value is off, as NaN is.
    if (!(autoCleanSeconds > 0))
        return true;
    if (autoCleanSeconds * 1000.0 < double(minimumIntervalMs)) {
        if (error) {
            *error = PyroError(PyroError::Code::PyroError,
                               u"NS_AUTOCLEAN must be 0 (off) or at least %1 seconds, not %2"_s
                                   .arg(QString::number(minimumIntervalMs / 1000.0),
                                        QString::number(autoCleanSeconds)));
        }
        return false;
    }
    timing->intervalMs = milliseconds(autoCleanSeconds);
    if (commTimeoutSeconds > 0)
        timing->probeTimeoutMs = milliseconds(commTimeoutSeconds);
    return true;
}

/*
    \class PyroNaming::AutoCleaner
    \brief NS_AUTOCLEAN: \c{AutoCleaner cleaner(storage, timing);} and the rounds run.

    The first round starts one interval after construction, each later one an interval
    after the previous round finished (as Pyro5 measures from the end of a round), so
    rounds never overlap. Removals are logged (qtpyro.naming, info) and emitted as
    removed(). Lives in, and works on the event loop of, the thread that creates it.

    Differences from Pyro5's thread, on purpose:
    \list
    \li Only PYRO: URIs are probed. A PYRONAME:/PYROMETA: entry is an alias resolved
        through a name server, and without a host it has no location at all (Pyro5's
        cleaner stops for good on such an entry, or on a Unix socket URI).
    \li Unix socket URIs are probed by connecting to the socket.
    \li The grace time belongs to a name and the URI it had: a name registered again with
        another URI starts afresh, a name that went away is forgotten, and a name is only
        removed while it still holds the URI that was found unreachable.
    \endlist
*/
AutoCleaner::AutoCleaner(PyroStorage *storage, const Timing &timing, QObject *parent)
    : QObject(parent), m_storage(storage), m_timing(timing)
{
    m_timing.maxInFlight = std::max(1, m_timing.maxInFlight);
    m_timing.graceMs = std::max(0, m_timing.graceMs);
    m_timing.probeTimeoutMs = std::max(1, m_timing.probeTimeoutMs);
    m_clock.start();
    m_timer.setSingleShot(true);
    // The interval is configured (NS_AUTOCLEAN): a coarse timer could start a round up to 5 % early.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &AutoCleaner::startRound);
    if (m_timing.intervalMs > 0)
        m_timer.start(m_timing.intervalMs);
}

AutoCleaner::~AutoCleaner()
{
    // The sockets must not report back into a half-destroyed cleaner while they close.
    const QList<QObject *> sockets = m_inFlight.keys();
    m_inFlight.clear();
    for (QObject *socket : sockets) {
        disconnect(socket, nullptr, this, nullptr);
        delete socket;
    }
}

void AutoCleaner::startRound()
{
    PyroStorageEntries entries;
    PyroError error;
    if (!m_storage->list(PyroStorageFilter::all(), PyroStorage::Detail::UriOnly, &entries, &error)) {
        qCWarning(lcPyroNameServer) << "autoclean: cannot list the registrations:" << error.message();
        finishRound();
        return;
    }

    const QString ownName = QString::fromLatin1(PyroProtocol::NameServerObjectId);
    const QString daemonName = QString::fromLatin1(PyroProtocol::DaemonObjectId);
    QHash<QString, qsizetype> targetIndex;   // location key -> index in m_queue
    m_queue.clear();
    m_next = 0;
    m_roundUris.clear();
    for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
        const QString &name = it.key();
        if (name == ownName || name == daemonName)
            continue;
        PyroError parseError;
        const PyroUri uri = PyroUri::fromString(it->uri, &parseError);
        if (!uri.isValid() || uri.protocol() != PyroUri::Protocol::Pyro)
            continue;
        Target target;
        QString key;
        if (uri.isUnixSocket()) {
            target.local = true;
            // As the client connects: relative to the working directory.
            target.path = QDir::isRelativePath(uri.socketPath())
                              ? QDir::current().absoluteFilePath(uri.socketPath())
                              : uri.socketPath();
            key = u"unix:"_s + target.path;
        } else {
            if (uri.host().isEmpty() || uri.port() < 0 || uri.port() > 65535)
                continue;
            target.host = uri.host();
            target.port = quint16(uri.port());
            key = u"tcp:"_s + target.host.toLower() + u'|' + QString::number(target.port);
        }
        m_roundUris.insert(name, it->uri);
        const auto found = targetIndex.constFind(key);
        if (found != targetIndex.cend()) {
            m_queue[*found].names.append(name);
        } else {
            target.names.append(name);
            targetIndex.insert(key, m_queue.size());
            m_queue.append(std::move(target));
        }
    }
    // Whatever is gone, or now points elsewhere, starts from scratch next time.
    for (auto it = m_unreachable.begin(); it != m_unreachable.end();) {
        if (m_roundUris.value(it.key()) != it->uri)
            it = m_unreachable.erase(it);
        else
            ++it;
    }
    qCDebug(lcPyroNameServer) << "autoclean: probing" << m_queue.size() << "locations of"
                              << m_roundUris.size() << "names";
    m_roundRunning = true;
    pump();
}

// Keeps up to maxInFlight probes going; ends the round when the last one is done. A probe
// may finish inside launch() (some failures are reported at once), which calls back
// here: m_pumping keeps that from nesting.
void AutoCleaner::pump()
{
    if (m_pumping || !m_roundRunning)
        return;
    m_pumping = true;
    while (m_inFlight.size() < m_timing.maxInFlight && m_next < m_queue.size())
        launch(m_queue.at(m_next++));
    m_pumping = false;
    if (m_inFlight.isEmpty() && m_next >= m_queue.size())
        finishRound();
}

void AutoCleaner::launch(const Target &target)
{
    QObject *socket = nullptr;
    if (target.local) {
        auto *local = new QLocalSocket(this);
        socket = local;
        m_inFlight.insert(socket, target);
        connect(local, &QLocalSocket::connected, this, [this, socket] { probeDone(socket, true); });
        connect(local, &QLocalSocket::errorOccurred, this, [this, socket] { probeDone(socket, false); });
    } else {
        auto *tcp = new QTcpSocket(this);
        socket = tcp;
#if QT_CONFIG(networkproxy)
        tcp->setProxy(QNetworkProxy::NoProxy);   // a plain connect, like Pyro5's
#endif
        m_inFlight.insert(socket, target);
        connect(tcp, &QTcpSocket::connected, this, [this, socket] { probeDone(socket, true); });
        connect(tcp, &QTcpSocket::errorOccurred, this, [this, socket] { probeDone(socket, false); });
    }
    m_peakInFlight = std::max(m_peakInFlight, int(m_inFlight.size()));
    // Bound to the socket: gone with it when the probe ended otherwise.
    QTimer::singleShot(m_timing.probeTimeoutMs, Qt::PreciseTimer, socket,
                       [this, socket] { probeDone(socket, false); });
    if (target.local)
        static_cast<QLocalSocket *>(socket)->connectToServer(target.path);
    else
        static_cast<QTcpSocket *>(socket)->connectToHost(target.host, target.port);
}

void AutoCleaner::probeDone(QObject *socket, bool reachable)
{
    const auto it = m_inFlight.find(socket);
    if (it == m_inFlight.end())
        return;   // reported already (an error after the timeout, say)
    const Target target = it.value();
    m_inFlight.erase(it);
    disconnect(socket, nullptr, this, nullptr);
    // Not deleted here: we may be inside one of its signals.
    if (auto *local = qobject_cast<QLocalSocket *>(socket))
        local->abort();
    else if (auto *tcp = qobject_cast<QTcpSocket *>(socket))
        tcp->abort();
    socket->deleteLater();

    for (const QString &name : target.names)
        record(name, reachable);
    pump();
}

void AutoCleaner::record(const QString &name, bool reachable)
{
    if (reachable) {
        m_unreachable.remove(name);
        return;
    }
    const QString uri = m_roundUris.value(name);
    const qint64 now = m_clock.elapsed();
    auto it = m_unreachable.find(name);
    if (it == m_unreachable.end() || it->uri != uri)
        it = m_unreachable.insert(name, {uri, now});
    const qint64 unreachableMs = now - it->sinceMs;
    if (unreachableMs >= m_timing.graceMs) {
        m_unreachable.erase(it);
        removeName(name, uri, unreachableMs);
    }
}

void AutoCleaner::removeName(const QString &name, const QString &uri, qint64 unreachableMs)
{
    // Someone may have registered the name again (here or, with a shared storage, at
    // another name server) since the round listed it.
    PyroStorageEntry current;
    if (!m_storage->lookup(name, &current) || current.uri != uri)
        return;
    PyroError error;
    const int removedCount = m_storage->remove(name, &error);
    if (removedCount < 0) {
        qCWarning(lcPyroNameServer) << "autoclean: cannot remove" << name << ":" << error.message();
        return;
    }
    if (removedCount == 0)
        return;
    qCInfo(lcPyroNameServer).noquote()
        << u"autoclean: removed %1 (%2): unreachable for %3 s"_s.arg(name, uri,
                                                                     QString::number(unreachableMs / 1000.0, 'f', 1));
    Q_EMIT removed(name, uri);
}

void AutoCleaner::finishRound()
{
    m_roundRunning = false;
    m_queue.clear();
    m_next = 0;
    m_roundUris.clear();
    ++m_rounds;
    if (!m_unreachable.isEmpty())
        qCDebug(lcPyroNameServer) << "autoclean:" << m_unreachable.size() << "names unreachable";
    if (m_timing.intervalMs > 0)
        m_timer.start(m_timing.intervalMs);
    Q_EMIT roundFinished();
}

} // namespace PyroNaming
