// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The Qt Quick Test suite of `import QtPyro`: every tst_*.qml of this folder runs against
// the servers of testserver.h (QML context property `testServer`).
#include "testserver.h"

#include "pyrotestprocess.h"

#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtQuickTest/quicktest.h>

class Setup : public QObject
{
    Q_OBJECT
public:
    Setup()
    {
        // Before anything reads the configuration: a name server located by broadcast is
        // the test's (on a free UDP port, loopback only); NS_HOST is no loopback name, or
        // locating would try it directly instead of broadcasting.
        qputenv("PYRO_NS_BCPORT", QByteArray::number(freeUdpPort()));
        qputenv("PYRO_NS_HOST", "ns-by-broadcast.invalid");
        qputenv("PYRO_BROADCAST_ADDRS", "127.0.0.1");
    }

public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral(QTPYRO_QML_BUILD_DIR));
        if (!m_server)
            m_server = new TestServer(this);
        engine->rootContext()->setContextProperty(QStringLiteral("testServer"), m_server);
    }
    void cleanupTestCase()
    {
        delete m_server;
        m_server = nullptr;
    }

private:
    TestServer *m_server = nullptr;
};

QUICK_TEST_MAIN_WITH_SETUP(qml, Setup)

#include "tst_qml.moc"
