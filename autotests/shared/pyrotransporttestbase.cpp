// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrotransporttestbase.h"

#include "pyrodaemon.h"
#include "pyronameserver.h"

#include <QtNetwork/QSslSocket>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

QString certPath(const QString &name)
{
    return QStringLiteral(QTPYRO_TEST_DATA) + u"/certs/"_s + name;
}

// TLS peers use the name the test certificates are made for.
QString hostFor(PyroTransportTestBase::Transport transport)
{
    return transport == PyroTransportTestBase::Transport::Ssl ? u"localhost"_s : u"127.0.0.1"_s;
}

} // namespace

void PyroTransportTestBase::initTestCase_data() const
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("tcp") << u"tcp"_s;
    QTest::newRow("unix") << u"unix"_s;
    if (QSslSocket::supportsSsl())
        QTest::newRow("ssl") << u"ssl"_s;
}

PyroTransportTestBase::Transport PyroTransportTestBase::transport() const
{
    QFETCH_GLOBAL(QString, transport);
    if (transport == u"unix")
        return Transport::Unix;
    if (transport == u"ssl")
        return Transport::Ssl;
    return Transport::Tcp;
}

PyroConfig PyroTransportTestBase::serverConfig() const
{
    PyroConfig config;
    if (transport() == Transport::Ssl) {
        config.setSsl(true);
        config.setSslServerCert(certPath(u"server.pem"_s));
        config.setSslServerKey(certPath(u"server.key"_s));
        config.setSslCaCerts(certPath(u"ca.pem"_s));
    }
    return config;
}

PyroConfig PyroTransportTestBase::clientConfig() const
{
    PyroConfig config;
    if (transport() == Transport::Ssl) {
        config.setSsl(true);
        config.setSslCaCerts(certPath(u"ca.pem"_s));
    }
    return config;
}

QString PyroTransportTestBase::nextSocketPath()
{
    return m_dir.filePath(u"s%1"_s.arg(++m_sockets));
}

bool PyroTransportTestBase::listen(PyroDaemon &daemon)
{
    const bool ok = transport() == Transport::Unix ? daemon.listenUnix(nextSocketPath())
                                                   : daemon.listen(hostFor(transport()), 0);
    if (!ok)
        qWarning() << "cannot listen:" << daemon.error();
    return ok;
}

bool PyroTransportTestBase::start(PyroNameServer &nameServer)
{
    nameServer.setBroadcastEnabled(false);
    const bool ok = transport() == Transport::Unix ? nameServer.startUnix(nextSocketPath())
                                                   : nameServer.start(hostFor(transport()), 0);
    if (!ok)
        qWarning() << "cannot start the name server:" << nameServer.error();
    return ok;
}
