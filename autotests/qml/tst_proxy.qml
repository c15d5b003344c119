// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtPyro

// PyroProxy against the in-test QtPyro daemon: metadata, call/then/error, oneway, live
// attributes, attribute writes, polling, remote signals, streams.
Item {
    id: root

    PyroProxy {
        id: thermostat
        uri: testServer.thermostatUri
        property var signalLog: []
        onRemoteSignal: (name, args) => signalLog.push({name: name, args: args})
    }

    Text { id: temperatureLabel; text: "" + thermostat.attrs.temperature }

    SignalSpy { id: repliedSpy; target: thermostat; signalName: "replied" }
    SignalSpy { id: failedSpy; target: thermostat; signalName: "failed" }
    SignalSpy { id: writeFailedSpy; target: thermostat; signalName: "attributeWriteFailed" }

    TestCase {
        name: "PyroProxy"

        function initTestCase() {
            tryCompare(thermostat, "state", PyroProxy.Connected, 20000)
            tryCompare(thermostat, "attributesReady", true, 20000)
            tryCompare(thermostat, "signalsActive", true, 20000)
        }

        function test_metadata() {
            verify(thermostat.methods.indexOf("add") >= 0, thermostat.methods)
            verify(thermostat.attributes.indexOf("target") >= 0, thermostat.attributes)
            verify(thermostat.signals.indexOf("alarm") >= 0, thermostat.signals)
            verify(thermostat.signals.indexOf("targetChanged") >= 0, thermostat.signals)
            compare(thermostat.resolvedUri, testServer.thermostatUri)
        }

        function test_callThen() {
            let sum
            const reply = thermostat.call("add", [1, 2]).then(r => { sum = r; return r * 10 })
            tryVerify(() => sum === 3, 10000)
            tryCompare(reply, "finished", true)
            compare(reply.result, 30)           // what the callback returned
        }

        function test_declarative() {
            const reply = thermostat.call("add", [2.5, 4])
            compare(reply.finished, false)      // never answered synchronously
            tryCompare(reply, "finished", true, 10000)
            compare(reply.succeeded, true)
            compare(reply.result, 6.5)
            compare(Object.keys(reply.error).length, 0)
        }

        function test_error() {
            failedSpy.clear()
            let err
            let resultCalled = false
            thermostat.call("fail", ["boom"]).then(r => { resultCalled = true }, e => { err = e })
            tryVerify(() => err !== undefined, 10000)
            compare(resultCalled, false)
            compare(err.type, "builtins.ValueError")
            compare(err.message, "boom")
            verify(err.traceback.length > 0)
            tryCompare(failedSpy, "count", 1)
            compare(failedSpy.signalArguments[0][0], "fail")
            compare(failedSpy.signalArguments[0][1].type, "builtins.ValueError")
        }

        function test_unknownMethodFails() {
            const reply = thermostat.call("noSuchMethod")
            tryCompare(reply, "finished", true, 10000)
            compare(reply.succeeded, false)
            verify(reply.error.message.length > 0)
        }

        function test_chain() {
            let total
            thermostat.call("add", [1, 2])
                .then(r => thermostat.call("add", [r, 10]))
                .then(r => { total = r })
            tryVerify(() => total === 13, 10000)
        }

        function test_errorRecovered() {
            let value
            thermostat.call("fail", ["x"]).then(null, e => "recovered").then(v => { value = v })
            tryVerify(() => value === "recovered", 10000)
        }

        function test_repliedSignal() {
            repliedSpy.clear()
            thermostat.call("add", [20, 22])
            tryCompare(repliedSpy, "count", 1, 10000)
            compare(repliedSpy.signalArguments[0][0], "add")
            compare(repliedSpy.signalArguments[0][1], 42)
        }

        function test_kwargs() {
            const reply = thermostat.call("add", [], {a: 1, b: 5})
            tryCompare(reply, "finished", true, 10000)
            compare(reply.result, 6)
        }

        function test_liveAttribute() {
            thermostat.call("setTemperature", [25.5])
            tryCompare(thermostat.attrs, "temperature", 25.5, 10000)
            tryCompare(temperatureLabel, "text", "25.5")
            thermostat.oneway("setTemperature", [26])
            tryCompare(thermostat.attrs, "temperature", 26, 10000)
        }

        function test_attributeWriteRoundTrip() {
            thermostat.attrs.target = 23.5
            // The daemon's own value, read after the write (one connection, in order).
            const r = thermostat.readAttribute("target")
            tryCompare(r, "finished", true, 10000)
            compare(r.result, 23.5)
            compare(thermostat.attrs.target, 23.5)
            const reply = thermostat.writeAttribute("target", 19)
            tryCompare(reply, "finished", true, 10000)
            compare(reply.succeeded, true)
            tryCompare(thermostat.attrs, "target", 19, 10000)
        }

        function test_attributeWriteFailure() {
            writeFailedSpy.clear()
            const before = thermostat.attrs.temperature
            thermostat.attrs.temperature = 99       // read-only on the daemon
            tryCompare(writeFailedSpy, "count", 1, 10000)
            compare(writeFailedSpy.signalArguments[0][0], "temperature")
            verify(writeFailedSpy.signalArguments[0][1].message.length > 0)
            compare(thermostat.attrs.temperature, before)   // put back
            const reply = thermostat.writeAttribute("noSuchAttribute", 1)
            tryCompare(reply, "finished", true, 10000)
            compare(reply.succeeded, false)
        }

        function test_remoteSignal() {
            thermostat.signalLog = []
            thermostat.call("raiseAlarm", ["high", 3])
            tryVerify(() => thermostat.signalLog.some(e => e.name === "alarm"), 10000)
            const e = thermostat.signalLog.find(e => e.name === "alarm")
            compare(e.args, ["high", 3])
        }

        function test_stream() {
            const items = []
            const reply = thermostat.call("countdown", [5])
            reply.item.connect(v => items.push(v))
            tryCompare(reply, "finished", true, 10000)
            compare(reply.stream, true)
            compare(reply.succeeded, true)
            compare(items, [5, 4, 3, 2, 1])
            compare(reply.itemCount, 5)
        }

        function test_streamCancel() {
            const reply = thermostat.call("ticks")
            tryVerify(() => reply.itemCount >= 3, 10000)
            reply.cancel()
            tryCompare(reply, "finished", true, 10000)
            compare(reply.cancelled, true)
            const seen = reply.itemCount
            wait(300)
            compare(reply.itemCount, seen)
            // The proxy goes on serving calls.
            const after = thermostat.call("add", [1, 1])
            tryCompare(after, "finished", true, 10000)
            compare(after.result, 2)
        }
    }

    // A plain Pyro5 daemon has no notify metadata: attributes are polled.
    PyroProxy {
        id: polled
        uri: testServer.thermostatUri
        live: false
        subscribeSignals: false
        pollInterval: 100
    }

    TestCase {
        name: "PyroProxyPolling"

        function test_polling() {
            tryCompare(polled, "attributesReady", true, 20000)
            compare(polled.attrs.humidity, 40)
            polled.call("changeHumidity", [55])
            tryCompare(polled.attrs, "humidity", 55, 10000)
            polled.call("changeHumidity", [40])
            tryCompare(polled.attrs, "humidity", 40, 10000)
        }
    }

    PyroProxy { id: broken; uri: "PYRO:nothing@127.0.0.1:1" }

    TestCase {
        name: "PyroProxyErrors"

        function test_connectionError() {
            tryCompare(broken, "state", PyroProxy.Error, 20000)
            verify(broken.error.message.length > 0)
            const reply = broken.call("add", [1, 2])
            tryCompare(reply, "finished", true, 20000)
            compare(reply.succeeded, false)
        }

        function test_invalidUri() {
            const p = Qt.createQmlObject('import QtPyro; PyroProxy { uri: "not a uri" }', root)
            compare(p.state, PyroProxy.Error)
            verify(p.error.message.length > 0)
            p.destroy()
        }
    }
}
