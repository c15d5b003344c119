// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtPyro

// PyroNameServerModel against the in-test name server: rows, roles, filters, refresh.
Item {
    id: root

    function names(model) {
        const out = []
        for (let i = 0; i < model.count; ++i)
            out.push(model.get(i).name)
        return out
    }

    PyroNameServerModel {
        id: all
        host: testServer.nsHost
        port: testServer.nsPort
    }
    PyroNameServerModel {
        id: byPrefix
        host: testServer.nsHost
        port: testServer.nsPort
        prefix: "qmltest.house."
    }
    PyroNameServerModel {
        id: byRegex
        host: testServer.nsHost
        port: testServer.nsPort
        regex: "qmltest\\.house\\.(kitchen|hall)"
    }
    PyroNameServerModel {
        id: byMetadataAll
        host: testServer.nsHost
        port: testServer.nsPort
        metadataAll: ["sensor", "warm"]
    }
    PyroNameServerModel {
        id: byMetadataAny
        host: testServer.nsHost
        port: testServer.nsPort
        metadataAny: ["warm", "lamp"]
        prefix: "qmltest."
    }
    PyroNameServerModel {
        id: periodic
        host: testServer.nsHost
        port: testServer.nsPort
        prefix: "qmltest.periodic."
        refreshInterval: 100
    }
    PyroNameServerModel {
        id: byBroadcast      // no host: located by broadcast (tst_qml.cpp points it at the test's)
        prefix: "qmltest.house."
    }
    PyroNameServerModel {
        id: nowhere
        host: "127.0.0.1"
        port: 1
        broadcast: false
    }

    ListView {
        id: view
        width: 200; height: 400
        model: byPrefix
        delegate: Text { required property string name; required property string uri; text: name + " " + uri }
    }

    TestCase {
        name: "PyroNameServerModel"

        function initTestCase() {
            verify(testServer.registerName("qmltest.house.kitchen", testServer.thermostatUri, ["sensor", "warm"]))
            verify(testServer.registerName("qmltest.house.hall", testServer.thermostatUri, ["sensor"]))
            verify(testServer.registerName("qmltest.house.attic", testServer.thermostatUri, ["lamp"]))
            verify(testServer.registerName("qmltest.garden", testServer.thermostatUri, []))
            for (const m of [all, byPrefix, byRegex, byMetadataAll, byMetadataAny]) {
                m.refresh()
                tryCompare(m, "status", PyroNameServerModel.Ready, 20000)
            }
        }

        function test_rowsAndRoles() {
            tryVerify(() => names(all).indexOf("qmltest.garden") >= 0, 10000)
            verify(names(all).indexOf("Pyro.NameServer") >= 0, names(all))
            const kitchen = byPrefix.get(byPrefix.count - 1)
            compare(kitchen.name, "qmltest.house.kitchen")
            compare(kitchen.uri, testServer.thermostatUri)
            compare(kitchen.metadata, ["sensor", "warm"])
            compare(view.count, 3)
        }

        function test_prefix() {
            tryCompare(byPrefix, "count", 3, 10000)
            compare(names(byPrefix), ["qmltest.house.attic", "qmltest.house.hall", "qmltest.house.kitchen"])
        }

        function test_regex() {
            tryCompare(byRegex, "count", 2, 10000)
            compare(names(byRegex), ["qmltest.house.hall", "qmltest.house.kitchen"])
        }

        function test_metadataAll() {
            tryCompare(byMetadataAll, "count", 1, 10000)
            compare(names(byMetadataAll), ["qmltest.house.kitchen"])
        }

        function test_metadataAny() {
            tryCompare(byMetadataAny, "count", 2, 10000)
            compare(names(byMetadataAny), ["qmltest.house.attic", "qmltest.house.kitchen"])
        }

        function test_filterChange() {
            byPrefix.prefix = "qmltest.garden"
            tryCompare(byPrefix, "count", 1, 10000)
            compare(byPrefix.get(0).name, "qmltest.garden")
            byPrefix.prefix = "qmltest.house."
            tryCompare(byPrefix, "count", 3, 10000)
        }

        function test_refreshAfterRegisterAndRemove() {
            verify(testServer.registerName("qmltest.house.cellar", testServer.thermostatUri, []))
            byPrefix.refresh()
            tryCompare(byPrefix, "count", 4, 10000)
            compare(byPrefix.get(1).name, "qmltest.house.cellar")
            verify(testServer.removeName("qmltest.house.cellar"))
            byPrefix.refresh()
            tryCompare(byPrefix, "count", 3, 10000)
            verify(names(byPrefix).indexOf("qmltest.house.cellar") < 0)
        }

        function test_refreshInterval() {
            tryCompare(periodic, "status", PyroNameServerModel.Ready, 20000)
            compare(periodic.count, 0)
            verify(testServer.registerName("qmltest.periodic.one", testServer.thermostatUri, []))
            tryCompare(periodic, "count", 1, 10000)       // no refresh() call: the interval did it
            verify(testServer.removeName("qmltest.periodic.one"))
            tryCompare(periodic, "count", 0, 10000)
        }

        function test_locatedByBroadcast() {
            tryCompare(byBroadcast, "status", PyroNameServerModel.Ready, 30000)
            byBroadcast.refresh()
            tryCompare(byBroadcast, "count", 3, 10000)
            compare(byBroadcast.nameServerUri, "PYRO:Pyro.NameServer@127.0.0.1:" + testServer.nsPort)
        }

        function test_noNameServer() {
            tryCompare(nowhere, "status", PyroNameServerModel.Error, 30000)
            verify(nowhere.errorString.length > 0)
            compare(nowhere.count, 0)
        }
    }
}
