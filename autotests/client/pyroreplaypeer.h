// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QMutex>
#include <QtCore/QSet>
#include <QtCore/QStringList>
#include <QtCore/QThread>

#include <memory>

class ReplayWorker;

/*
 * A fake Pyro5 daemon (and name server) for client tests: it replays one recorded
 * session of vectors/transcripts.json. For every target of the session (echo, ns,
 * handshake) it listens on 127.0.0.1 (port 0), hands each accepted connection the next
 * recorded connection of that target, checks every message the client sends against the
 * recorded c2s bytes (volatile ranges masked; when the bytes differ, the decoded header,
 * annotations and payload must still be equal - sets and dict order free) and answers
 * with the recorded s2c messages that followed it. It runs in its own thread, so the
 * client under test may use its blocking API.
 */
class ReplayPeer
{
public:
    explicit ReplayPeer(const QJsonObject &session);
    ~ReplayPeer();

    // s2c messages of these steps get the recorded relay addresses replaced by ours
    // (needed where the client connects to an address it received). Call before start().
    void patchAddressesOfStep(int step);
    bool start();

    quint16 port(const QString &target) const { return m_ports.value(target); }
    QString host() const { return QStringLiteral("127.0.0.1"); }
    // Port the recording used for a target (relay port in the manifest).
    static int recordedPort(const QString &target);

    // Mismatches, unexpected messages or connections (empty when all went as recorded).
    QStringList problems() const;
    // Recorded c2s messages not received yet, as "conn#n (step s)" with their steps.
    QList<int> unreceivedSteps() const;
    QStringList unreceived() const;
    int messagesChecked() const;
    // Of those, the ones equal to the recording byte for byte.
    int messagesIdentical() const;

private:
    QJsonObject m_session;
    QSet<int> m_patchSteps;
    QHash<QString, quint16> m_ports;
    QThread m_thread;
    ReplayWorker *m_worker = nullptr;
};
