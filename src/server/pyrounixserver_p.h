// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QTimer>

#include <deque>

class QLocalSocket;
class QSocketNotifier;

/*
 * The daemon's Unix domain socket listener (instead of QLocalServer, which closes itself
 * and deletes its socket file when accept() fails once, e.g. when the process is out of
 * file descriptors). Used in its owner's thread: listen(), then newConnection() and
 * nextPendingConnection() like QLocalServer. A failing accept() is logged, accepting
 * pauses briefly and resumes by itself. listen() takes over only a stale socket file
 * (nobody accepts on it); a live server's socket or any other file there makes it fail
 * with "Address already in use".
 */
class PyroUnixServer : public QObject
{
    Q_OBJECT
    // For PyroLocalListeners (protocol floor), which cannot name this class.
    Q_PROPERTY(QString listeningPath READ listeningPath CONSTANT)
public:
    explicit PyroUnixServer(QObject *parent = nullptr);
    ~PyroUnixServer() override;

    bool listen(const QString &path);
    // Stops listening and removes the socket file this server made.
    void close();
    bool isListening() const { return m_fd >= 0; }
    QString errorString() const { return m_error; }
    QString fullServerName() const { return m_path; }
    QString listeningPath() const { return isListening() ? m_path : QString(); }
    bool hasPendingConnections() const { return !m_pending.empty(); }
    // An accepted connection (the caller takes it over), or nullptr.
    QLocalSocket *nextPendingConnection();

Q_SIGNALS:
    void newConnection();

private:
    void acceptMore();

    int m_fd = -1;
    QString m_path;
    QString m_error;
    QSocketNotifier *m_notifier = nullptr;
    std::deque<QLocalSocket *> m_pending;
    QTimer m_backoff;
    bool m_failing = false;     // the last accept() failed for lack of resources (logged once)
};
