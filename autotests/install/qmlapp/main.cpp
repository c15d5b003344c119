// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Serves a QML object with a PyroDaemon and calls it through a PyroProxy, all in QML;
// prints "OK <result>" on success. No Qt Quick needed: QtQml alone.
#include <QtCore/QCoreApplication>
#include <QtCore/QTimer>
#include <QtQml/QQmlComponent>
#include <QtQml/QQmlEngine>

#include <cstdio>

static const char qml[] = R"(
import QtQml
import QtPyro

QtObject {
    id: root
    property QtObject greeter: QtObject {
        function greet(name) { return "hello " + name }
    }
    property PyroDaemon daemon: PyroDaemon {
        host: "127.0.0.1"
        PyroObject { id: served; objectId: "app.greeter"; target: root.greeter }
    }
    property PyroProxy proxy: PyroProxy {
        uri: served.uri
        onStateChanged: if (state === PyroProxy.Connected)
            call("greet", ["qml"]).then(r => { console.info("OK " + r); Qt.exit(0) },
                                        e => { console.info("FAIL " + e.message); Qt.exit(1) })
        onErrorChanged: if (error.message) { console.info("FAIL " + error.message); Qt.exit(1) }
    }
}
)";

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(QTPYRO_QML_IMPORT_PATH));
    QObject::connect(&engine, &QQmlEngine::exit, &app, &QCoreApplication::exit);
    QQmlComponent component(&engine);
    component.setData(qml, QUrl(QStringLiteral("inline.qml")));
    QObject *root = component.create();
    if (!root) {
        std::fprintf(stderr, "FAIL %s\n", qPrintable(component.errorString()));
        return 1;
    }
    QTimer::singleShot(60000, &app, [] { std::fprintf(stderr, "FAIL timeout\n"); QCoreApplication::exit(2); });
    const int rc = app.exec();
    delete root;
    return rc;
}
