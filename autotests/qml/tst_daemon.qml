// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtPyro

// A QML application serving its own object (PyroDaemon + PyroObject), called from QML,
// from C++ and from an unmodified Python Pyro5 client.
Item {
    id: root

    Item {
        id: panel
        property string title: "hello"
        property int clicks: 0
        signal poked(string who)
        function greet(name) { return "hi " + name }
        function press(times) { clicks += times; poked("press"); return clicks }
        function describe(value) { return typeof value + ":" + JSON.stringify(value) }
    }

    PyroDaemon {
        id: daemon
        host: "127.0.0.1"
        nsHost: testServer.nsHost
        nsPort: testServer.nsPort
        PyroObject { id: served; objectId: "ui.panel"; target: panel; name: "qmltest.ui.panel"; metadata: ["panel"] }
    }

    PyroProxy {
        id: client
        uri: served.uri
        property var log: []
        onRemoteSignal: (name, args) => log.push(name + ":" + args[0])
    }

    PyroNameServerModel {
        id: registered
        host: testServer.nsHost
        port: testServer.nsPort
        prefix: "qmltest.ui."
    }

    TestCase {
        name: "PyroDaemon"

        function initTestCase() {
            verify(daemon.listening, daemon.errorString)
            verify(served.uri.startsWith("PYRO:ui.panel@127.0.0.1:"), served.uri)
            tryCompare(client, "state", PyroProxy.Connected, 20000)
            tryCompare(client, "attributesReady", true, 20000)
        }

        function test_metadata() {
            verify(client.methods.indexOf("greet") >= 0, client.methods)
            verify(client.methods.indexOf("press") >= 0, client.methods)
            verify(client.attributes.indexOf("title") >= 0, client.attributes)
            verify(client.signals.indexOf("poked") >= 0, client.signals)
            // Nothing of QQuickItem's or QObject's own.
            verify(client.methods.indexOf("deleteLater") < 0)
            verify(client.attributes.indexOf("width") < 0, client.attributes)
        }

        function test_callFromQml() {
            const r = client.call("greet", ["qml"])
            tryCompare(r, "finished", true, 10000)
            compare(r.result, "hi qml")
        }

        function test_propertiesLive() {
            tryCompare(client.attrs, "title", "hello", 10000)
            panel.title = "changed here"
            tryCompare(client.attrs, "title", "changed here", 10000)
            client.attrs.title = "changed remotely"
            tryCompare(panel, "title", "changed remotely", 10000)
        }

        function test_signals() {
            tryCompare(client, "signalsActive", true, 20000)
            client.log = []
            const r = client.call("press", [2])
            tryCompare(r, "finished", true, 10000)
            verify(r.result >= 2)
            tryVerify(() => client.log.indexOf("poked:press") >= 0, 10000)
        }

        function test_calledFromCpp() {
            const op = testServer.cppCall(served.uri, "greet", ["c++"])
            tryCompare(op, "finished", true, 10000)
            compare(op.error, "")
            compare(op.value, "hi c++")
        }

        function test_calledFromPython() {
            if (!testServer.pythonAvailable)
                skip("PYRO5_SRC is not set: no Python Pyro5 to test against")
            const op = testServer.pythonCall(served.uri, "greet", "('python',)")
            tryCompare(op, "finished", true, 60000)
            compare(op.error, "")
            compare(op.value, "'hi python'")
            const op2 = testServer.pythonCall(served.uri, "describe", "([1, 'a', None],)")
            tryCompare(op2, "finished", true, 60000)
            compare(op2.value, "'object:[1,\"a\",null]'")
        }

        function test_nameServerRegistration() {
            tryCompare(served, "registered", true, 20000)
            tryVerify(() => { registered.refresh(); return registered.count === 1 }, 10000)
            compare(registered.get(0).uri, served.uri)
            compare(registered.get(0).metadata, ["panel"])
            // Via PYRONAME, like any other client would.
            const byName = Qt.createQmlObject('import QtPyro; PyroProxy { }', root)
            byName.uri = "PYRONAME:qmltest.ui.panel@" + testServer.nsHost + ":" + testServer.nsPort
            tryCompare(byName, "state", PyroProxy.Connected, 20000)
            const r = byName.call("greet", ["name"])
            tryCompare(r, "finished", true, 10000)
            compare(r.result, "hi name")
            byName.destroy()
            // And by its metadata (PYROMETA).
            const byMeta = Qt.createQmlObject('import QtPyro; PyroProxy { }', root)
            byMeta.uri = "PYROMETA:panel@" + testServer.nsHost + ":" + testServer.nsPort
            tryCompare(byMeta, "state", PyroProxy.Connected, 20000)
            compare(byMeta.resolvedUri, served.uri)
            byMeta.destroy()
        }

        function test_withdrawn() {
            const d = Qt.createQmlObject('import QtPyro; PyroDaemon { host: "127.0.0.1"; PyroObject { objectId: "tmp"; target: panel } }', root)
            const uri = d.objects[0].uri
            verify(uri.length > 0)
            d.objects[0].target = null
            compare(d.objects[0].uri, "")
            d.destroy()
        }
    }
}
