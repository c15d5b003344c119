// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrodaemon.h"

#include <QtCore/QEventLoop>
#include <QtCore/QThread>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

/*
 * A PyroDaemon on 127.0.0.1 in a thread of its own, serving the objects given (owned
 * here, moved to that thread): for tests whose client side blocks (PyroProxy::call())
 * in the test's thread, which a daemon of the same thread could never answer.
 *
 * The thread is a std::thread running a QEventLoop (Qt adopts it), joined on
 * destruction: unlike QThread::wait(), join() also waits for the thread's thread-local
 * destructors (OpenSSL's per-thread state, which the daemon's QSslConfiguration makes),
 * so a leak checker at process exit never sees them half done.
 */
class PyroServerThread
{
public:
    // Registers each object under its objectName().
    explicit PyroServerThread(std::initializer_list<QObject *> objects)
    {
        QThread *thread = nullptr;
        m_thread = std::thread([this, &thread] {
            QEventLoop loop;
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_loop = &loop;
                thread = QThread::currentThread();
            }
            m_started.notify_all();
            loop.exec();
        });
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_started.wait(lock, [&thread] { return thread != nullptr; });
        }
        m_context.moveToThread(thread);
        for (QObject *object : objects) {
            m_objects.emplace_back(object);
            object->moveToThread(thread);
        }
        // Made, used and destroyed in the server thread (its sockets belong there).
        QMetaObject::invokeMethod(&m_context, [this] {
            m_daemon = std::make_unique<PyroDaemon>();
            if (!m_daemon->listen(QStringLiteral("127.0.0.1"), 0))
                return;
            for (const auto &object : m_objects)
                m_uris.append(m_daemon->registerObject(object.get(), object->objectName()));
        }, Qt::BlockingQueuedConnection);
    }
    ~PyroServerThread()
    {
        QMetaObject::invokeMethod(&m_context, [this] {
            m_daemon.reset();
            m_objects.clear();
            m_loop->quit();
        }, Qt::BlockingQueuedConnection);
        m_thread.join();
    }
    PyroServerThread(const PyroServerThread &) = delete;
    PyroServerThread &operator=(const PyroServerThread &) = delete;

    // The URI of the i-th object (invalid when the daemon could not listen).
    PyroUri uri(int i = 0) const { return m_uris.value(i); }
    PyroDaemon *daemon() { return m_daemon.get(); }

private:
    std::mutex m_mutex;
    std::condition_variable m_started;
    QEventLoop *m_loop = nullptr;
    std::thread m_thread;
    QObject m_context;   // runs the set-up and tear-down in the server thread
    std::unique_ptr<PyroDaemon> m_daemon;
    std::vector<std::unique_ptr<QObject>> m_objects;
    QList<PyroUri> m_uris;
};
