// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// A Qt Quick thermostat panel on a remote thermostat (QtPyro's QML module, `import QtPyro`).
//
//   qml-thermostat                       # everything in one: starts a name server and the
//                                        # C++ thermostat in a worker thread, then the UI
//   qml-thermostat --ns HOST:PORT        # use that name server's example.thermostat
//                                        # (example-qml-thermostat-server or server.py)
//   qml-thermostat --screenshot FILE     # save the window after a few seconds and quit

#include "thermostat.h"

#include <pyrodaemon.h>
#include <pyronameserver.h>
#include <pyrostorage.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QDir>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtGui/QGuiApplication>
#include <QtGui/QImage>
#include <QtQml/QQmlApplicationEngine>
#include <QtQuick/QQuickWindow>
#include <QtQuickControls2/QQuickStyle>

#include <memory>

using namespace Qt::StringLiterals;

// The name server and the thermostat of the one-command mode, in a thread of their own:
// what a separate server process would be.
class EmbeddedServers
{
public:
    EmbeddedServers()
    {
        m_thread.start();
        m_context.moveToThread(&m_thread);
        QMetaObject::invokeMethod(&m_context, [this] {
            m_ns = std::make_unique<PyroNameServer>();
            m_ns->setBroadcastEnabled(false);
            if (!m_ns->start(u"127.0.0.1"_s, 0))
                return;
            m_daemon = std::make_unique<PyroDaemon>();
            if (!m_daemon->listen(u"127.0.0.1"_s, 0))
                return;
            m_thermostat = std::make_unique<Thermostat>();
            const PyroUri uri = m_daemon->registerObject(m_thermostat.get(), u"example.thermostat"_s);
            // The name server is served by this very thread: store the entry directly
            // (a blocking call to it from here could never be answered).
            PyroStorageEntry entry;
            entry.uri = uri.toString();
            entry.metadata = {u"thermostat"_s};
            m_ns->storage()->store(u"example.thermostat"_s, entry);
            m_nsPort = m_ns->uri().port();
        }, Qt::BlockingQueuedConnection);
    }
    ~EmbeddedServers()
    {
        QMetaObject::invokeMethod(&m_context, [this] {
            m_daemon.reset();
            m_thermostat.reset();
            m_ns.reset();
        }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    int nsPort() const { return m_nsPort; }
    PyroUri thermostatUri() const { return m_daemon ? m_daemon->uriFor(u"example.thermostat"_s) : PyroUri(); }

private:
    QThread m_thread;
    QObject m_context;
    std::unique_ptr<PyroNameServer> m_ns;
    std::unique_ptr<PyroDaemon> m_daemon;
    std::unique_ptr<Thermostat> m_thermostat;
    int m_nsPort = 0;
};

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    app.setApplicationName(u"qml-thermostat"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"A Qt Quick panel for a remote thermostat (import QtPyro)."_s);
    parser.addHelpOption();
    const QCommandLineOption nsOption(u"ns"_s, u"Use this name server (HOST:PORT) instead of starting one."_s,
                                      u"host:port"_s);
    const QCommandLineOption shotOption(u"screenshot"_s, u"Save the window to FILE after a few seconds, then quit."_s,
                                        u"file"_s);
    parser.addOption(nsOption);
    parser.addOption(shotOption);
    parser.process(app);

    std::unique_ptr<EmbeddedServers> servers;
    QString nsHost = u"127.0.0.1"_s;
    int nsPort = 0;
    if (parser.isSet(nsOption)) {
        const QString ns = parser.value(nsOption);
        const int colon = ns.lastIndexOf(u':');
        nsHost = colon > 0 ? ns.left(colon) : ns;
        nsPort = colon > 0 ? ns.mid(colon + 1).toInt() : 9090;
    } else {
        servers = std::make_unique<EmbeddedServers>();
        nsPort = servers->nsPort();
        if (nsPort == 0) {
            qCritical("could not start the embedded servers");
            return 1;
        }
    }

    QQuickStyle::setStyle(u"Material"_s);
    QQmlApplicationEngine engine;
    // `import QtPyro`: next to the program in the build tree (build/qml) and installed (lib/qt6/qml).
    const QString appDir = QCoreApplication::applicationDirPath();
    engine.addImportPath(appDir + u"/../qml"_s);
    engine.addImportPath(appDir + u"/../lib/qt6/qml"_s);
    engine.setInitialProperties({{u"nsHost"_s, nsHost}, {u"nsPort"_s, nsPort},
                                 {u"demo"_s, parser.isSet(shotOption)}});
    engine.load(QUrl(u"qrc:/QmlThermostat/Main.qml"_s));
    if (engine.rootObjects().isEmpty())
        return 1;

    if (parser.isSet(shotOption)) {
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
        const QString file = parser.value(shotOption);
        QTimer::singleShot(6000, &app, [window, file] {
            const bool ok = window && window->grabWindow().save(file);
            qInfo("status: %s", qPrintable(window->property("status").toString()));
            qInfo("%s %s", ok ? "saved" : "could not save", qPrintable(file));
            QCoreApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
