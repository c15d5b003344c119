// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Pieces the pyro-bench modes share: an event-loop wait and a thread that owns objects.

#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QObject>
#include <QtCore/QThread>

#include <functional>
#include <memory>
#include <vector>

// Runs the event loop until done() holds or the deadline passes; false on timeout.
inline bool waitUntil(const std::function<bool()> &done, int timeoutMs = 120000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

// A thread running an event loop that owns the objects made in it.
class ServerThread
{
public:
    ServerThread()
    {
        m_context->moveToThread(&m_thread);
        m_thread.start();
    }
    ~ServerThread()
    {
        run([this] {
            while (!m_objects.empty())
                m_objects.pop_back(); // the last made goes first
        });
        m_thread.quit();
        m_thread.wait();
    }
    void run(const std::function<void()> &fn)
    {
        QMetaObject::invokeMethod(m_context.get(), fn, Qt::BlockingQueuedConnection);
    }
    template<typename T>
    T *make(const std::function<T *()> &factory)
    {
        T *object = nullptr;
        run([&] {
            object = factory();
            m_objects.emplace_back(object);
        });
        return object;
    }

    // Takes an object made in the calling thread (it must have no parent). A PyroDaemon is
    // made this way: its constructor touches OpenSSL (a default QSslConfiguration), whose
    // per-thread state LeakSanitizer sometimes reports as leaked after a worker thread ends.
    template<typename T>
    T *adopt(T *object)
    {
        object->moveToThread(&m_thread);
        run([&] { m_objects.emplace_back(object); });
        return object;
    }

private:
    QThread m_thread;
    std::unique_ptr<QObject> m_context = std::make_unique<QObject>();
    std::vector<std::unique_ptr<QObject>> m_objects;
};
