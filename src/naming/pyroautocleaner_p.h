// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QTimer>

class PyroStorage;

namespace PyroNaming {

/*
 * The name server's NS_AUTOCLEAN (Pyro5's AutoCleaner): every interval it tries a plain
 * connect to the location of each registered PYRO: URI and removes the names that have
 * been unreachable for the grace time (20 s).
 *
 *   AutoCleaner::Timing timing;
 *   if (!AutoCleaner::timingFromConfig(config.nsAutoClean(), config.commTimeout(),
 *                                      AutoCleaner::MinimumIntervalMs, &timing, &error))
 *       return fail(error);            // NS_AUTOCLEAN between 0 and 3 s
 *   if (timing.intervalMs > 0)
 *       cleaner = std::make_unique<AutoCleaner>(storage, timing);   // rounds start by themselves
 *
 * Everything runs on the owner thread's event loop, asynchronously: a round lists the
 * storage once, then keeps at most maxInFlight probes (QTcpSocket / QLocalSocket, each
 * with a timeout) open at a time, so the name server keeps answering during a round
 * however many locations are dead. A location several names share is probed once per
 * round. The storage must outlive the cleaner.
 */
class QTPYRO_PRIVATE_EXPORT AutoCleaner : public QObject
{
    Q_OBJECT
public:
    // Pyro5's limits: NS_AUTOCLEAN below 3 s is refused; 20 s unreachable means gone.
    static constexpr int MinimumIntervalMs = 3000;
    static constexpr int DefaultGraceMs = 20000;
    // Pyro5's COMMTIMEOUT-or-5-seconds connect timeout.
    static constexpr int DefaultProbeTimeoutMs = 5000;
    // Enough to get through a large registry of dead locations in a few timeouts, few
    // enough never to matter for file descriptors.
    static constexpr int DefaultMaxInFlight = 32;

    struct Timing
    {
        int intervalMs = 0;          // 0: autoclean is off
        int graceMs = DefaultGraceMs;
        int probeTimeoutMs = DefaultProbeTimeoutMs;
        int maxInFlight = DefaultMaxInFlight;
    };

    // NS_AUTOCLEAN and COMMTIMEOUT of config as a Timing. Not above 0 (or NaN): off.
    // Below minimumIntervalMs: false and a PyroError (Pyro5 refuses to start then too).
    static bool timingFromConfig(double autoCleanSeconds, double commTimeoutSeconds,
                                 int minimumIntervalMs, Timing *timing, PyroError *error);

    AutoCleaner(PyroStorage *storage, const Timing &timing, QObject *parent = nullptr);
    ~AutoCleaner() override;

    Timing timing() const { return m_timing; }

    // For logs and tests.
    bool isRoundRunning() const { return m_roundRunning; }
    int roundsCompleted() const { return m_rounds; }
    int probesInFlight() const { return int(m_inFlight.size()); }
    int peakProbesInFlight() const { return m_peakInFlight; }
    int unreachableCount() const { return int(m_unreachable.size()); }
    bool isUnreachable(const QString &name) const { return m_unreachable.contains(name); }

Q_SIGNALS:
    // A name was removed from the storage (after the log line).
    void removed(const QString &name, const QString &uri);
    void roundFinished();

private:
    struct Target
    {
        bool local = false;      // Unix socket (path) or TCP (host, port)
        QString host;
        quint16 port = 0;
        QString path;
        QStringList names;       // the names registered at this location
    };
    struct Unreachable
    {
        QString uri;
        qint64 sinceMs = 0;      // on m_clock
    };

    void startRound();
    void pump();
    void launch(const Target &target);
    void probeDone(QObject *socket, bool reachable);
    void record(const QString &name, bool reachable);
    void removeName(const QString &name, const QString &uri, qint64 unreachableMs);
    void finishRound();

    PyroStorage *m_storage;
    Timing m_timing;
    QTimer m_timer;
    QElapsedTimer m_clock;

    // The round in progress.
    bool m_roundRunning = false;
    bool m_pumping = false;
    QList<Target> m_queue;
    qsizetype m_next = 0;
    QHash<QString, QString> m_roundUris;      // name -> the URI probed this round
    QHash<QObject *, Target> m_inFlight;      // socket -> what it probes

    QHash<QString, Unreachable> m_unreachable;
    int m_rounds = 0;
    int m_peakInFlight = 0;
};

} // namespace PyroNaming
