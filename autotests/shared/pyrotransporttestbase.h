// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroconfig.h"

#include <QtCore/QObject>
#include <QtCore/QTemporaryDir>

class PyroDaemon;
class PyroNameServer;

/*
 * The base of tests that run every test function once per transport, like qtgrpc's
 * GrpcClientTestBase: initTestCase_data() gives the global rows "tcp" (127.0.0.1),
 * "unix" (a socket in a temporary folder) and "ssl" (TLS on localhost with the test
 * certificates; only where Qt has a TLS backend).
 *
 *   class tst_Foo : public PyroTransportTestBase
 *   {
 *       Q_OBJECT
 *   private Q_SLOTS:
 *       void call()
 *       {
 *           PyroDaemon daemon(serverConfig());
 *           QVERIFY(listen(daemon));
 *           PyroProxy proxy(daemon.registerObject(&object, u"obj"_s), clientConfig());
 *           ...
 *       }
 *   };
 */
class PyroTransportTestBase : public QObject
{
    Q_OBJECT
public:
    enum class Transport { Tcp, Unix, Ssl };

protected:
    // The row's transport (inside a test function).
    Transport transport() const;
    // Configs for the row's daemons and proxies (TLS items for "ssl").
    PyroConfig serverConfig() const;
    PyroConfig clientConfig() const;
    // Listens on the row's transport (port 0, or a new socket path).
    bool listen(PyroDaemon &daemon);
    bool start(PyroNameServer &nameServer);

private Q_SLOTS:
    void initTestCase_data() const;

private:
    QString nextSocketPath();

    QTemporaryDir m_dir;
    int m_sockets = 0;
};
