// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrodaemon.h"

#include <QtCore/QThread>

#include <memory>
#include <vector>

/*
 * A PyroDaemon on 127.0.0.1 in a thread of its own, serving the objects given (owned
 * here, moved to that thread): for tests whose client side blocks (PyroProxy::call())
 * in the test's thread, which a daemon of the same thread could never answer.
 * (A daemon without TLS leaves no per-thread state behind, so a plain QThread does:
 * see tst_pyronotlsthread.)
 */
class PyroServerThread
{
public:
    // Registers each object under its objectName().
    explicit PyroServerThread(std::initializer_list<QObject *> objects)
    {
        m_thread.start();
        m_context.moveToThread(&m_thread);
        for (QObject *object : objects) {
            m_objects.emplace_back(object);
            object->moveToThread(&m_thread);
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
        }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    PyroServerThread(const PyroServerThread &) = delete;
    PyroServerThread &operator=(const PyroServerThread &) = delete;

    // The URI of the i-th object (invalid when the daemon could not listen).
    PyroUri uri(int i = 0) const { return m_uris.value(i); }
    PyroDaemon *daemon() { return m_daemon.get(); }

private:
    QThread m_thread;
    QObject m_context;   // runs the set-up and tear-down in the server thread
    std::unique_ptr<PyroDaemon> m_daemon;
    std::vector<std::unique_ptr<QObject>> m_objects;
    QList<PyroUri> m_uris;
};
