// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The Qt Quick Test suite of `import QtPyro`: every tst_*.qml of this folder runs against
// the servers of testserver.h (QML context property `testServer`).
#include "testserver.h"

#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtQuickTest/quicktest.h>

class Setup : public QObject
{
    Q_OBJECT
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
