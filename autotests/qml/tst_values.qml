// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtPyro

// The JS <-> Python value mapping of docs/qml.md, in all four serializers: what JS gets for
// each value a Python peer sends (Thermostat.sample), and what Python gets for each JS
// value (Thermostat.pythonType/pythonRepr see what arrived, as a Python daemon would).
Item {
    id: root

    Repeater {
        id: proxies
        model: testServer.serializers
        delegate: Item {
            required property string modelData
            property alias proxy: p
            PyroProxy { id: p; uri: testServer.thermostatUri; serializer: modelData; subscribeSignals: false; live: false }
        }
    }

    function proxy(serializer) {
        for (let i = 0; i < proxies.count; ++i)
            if (proxies.itemAt(i).modelData === serializer)
                return proxies.itemAt(i).proxy
        return null
    }

    function bytesOf(buffer) { return Array.from(new Uint8Array(buffer)) }
    function buffer(list) { return new Uint8Array(list).buffer }

    TestCase {
        name: "Values"

        function callSync(p, method, args) {
            const r = p.call(method, args)
            tryCompare(r, "finished", true, 10000)
            return r
        }


        function initTestCase() {
            for (const s of testServer.serializers)
                tryCompare(proxy(s), "state", PyroProxy.Connected, 20000)
        }

        // ---- Python -> JS ----
        function test_fromPython_data() {
            const rows = []
            const kinds = {
                none: (v, s) => v === null,
                bool: (v, s) => v === true,
                int: (v, s) => v === 42,
                int53: (v, s) => v === "9007199254740993",
                bigint: (v, s) => v === "123456789012345678901234567890",
                float: (v, s) => v === 2.5,
                nan: (v, s) => typeof v === "number" && isNaN(v),
                inf: (v, s) => v === Infinity,
                negInf: (v, s) => v === -Infinity,
                complex: (v, s) => s === "json" ? "error" : v.real === 1.5 && v.imag === -2,
                str: (v, s) => v === "grüße",
                bytes: (v, s) => s === "json" ? "error" : (v instanceof ArrayBuffer && bytesOf(v).join() === "0,1,255"),
                list: (v, s) => JSON.stringify(v) === '[1,"two",3.5]',
                tuple: (v, s) => Array.isArray(v) && JSON.stringify(v) === "[1,2]",
                set: (v, s) => (s === "json" || s === "msgpack")
                    ? JSON.stringify(v) === "[1,2]"
                    : v instanceof Set && v.size === 2 && v.has(1) && v.has(2),
                dict: (v, s) => JSON.stringify(v) === '{"a":1,"b":[true]}',
                dictIntKeys: (v, s) => s === "msgpack" ? "error"
                    : s === "json" ? JSON.stringify(v) === '{"1":"one","2":"two"}'
                    : v instanceof Map && v.get(1) === "one" && v.get(2) === "two",
                // An aware datetime travels as ISO text in every serializer (msgpack's
                // timestamp is for naive ones only); new Date(text) reads it.
                datetime: (v, s) => typeof v === "string" && new Date(v).getTime() === Date.UTC(2024, 1, 29, 13, 14, 15),
            }
            for (const s of testServer.serializers)
                for (const k in kinds)
                    rows.push({tag: s + ":" + k, serializer: s, kind: k, check: kinds[k]})
            return rows
        }

        function test_fromPython(data) {
            const r = callSync(proxy(data.serializer), "sample", [data.kind])
            const expected = data.check(r.result, data.serializer)
            if (expected === "error") {
                compare(r.succeeded, false, "expected a serialization error")
                return
            }
            verify(r.succeeded, JSON.stringify(r.error))
            verify(expected === true, "got " + r.result + " (" + typeof r.result + ")")
        }

        // ---- JS -> Python ----
        function test_toPython_data() {
            const rows = []
            const values = [
                {tag: "null", value: () => null, type: "NoneType", repr: "None"},
                {tag: "undefined", value: () => undefined, type: "NoneType", repr: "None"},
                {tag: "true", value: () => true, type: "bool", repr: "True"},
                {tag: "int", value: () => 42, type: "int", repr: "42"},
                {tag: "negative int", value: () => -7, type: "int", repr: "-7"},
                {tag: "2^53", value: () => 9007199254740992, type: "float", repr: "9007199254740992.0"},
                {tag: "float", value: () => 2.5, type: "float", repr: "2.5"},
                {tag: "integral float", value: () => 2.0, type: "int", repr: "2"},
                {tag: "-0", value: () => -0, type: "float", repr: "-0.0"},
                {tag: "NaN", value: () => NaN, type: "float", repr: "nan"},
                {tag: "Infinity", value: () => Infinity, type: "float", repr: "inf"},
                {tag: "string", value: () => "grüße", type: "str", repr: "'grüße'"},
                {tag: "array", value: () => [1, "a", null], type: "list", repr: "[1, 'a', None]"},
                {tag: "object", value: () => ({a: 1, b: [true]}), type: "dict", repr: "{'a': 1, 'b': [True]}"},
                {tag: "Map int keys", value: () => new Map([[1, "one"]]), type: "dict", repr: "{1: 'one'}",
                    json: {repr: "{'1': 'one'}"}, msgpack: {error: true}},
                {tag: "Map str keys", value: () => new Map([["k", 1]]), type: "dict", repr: "{'k': 1}"},
                {tag: "Set", value: () => new Set([3]), type: "set", repr: "{3}",
                    json: {type: "list", repr: "[3]"}, msgpack: {type: "list", repr: "[3]"}},
                {tag: "ArrayBuffer", value: () => buffer([0, 1, 255]), type: "bytes", repr: "b'\\x00\\x01\\xff'",
                    serpent: {type: "dict", repr: "{'data': 'AAH/', 'encoding': 'base64'}"}, json: {error: true}},
                {tag: "Date", value: () => new Date(Date.UTC(2024, 1, 29, 13, 14, 15)), type: "str",
                    repr: "'2024-02-29T13:14:15+00:00'"},
            ]
            for (const s of testServer.serializers)
                for (const v of values) {
                    const o = v[s] || {}
                    rows.push({tag: s + ":" + v.tag, serializer: s, value: v.value,
                               type: o.type || v.type, repr: o.repr || (o.type ? "" : v.repr), error: !!o.error})
                }
            return rows
        }

        function test_toPython(data) {
            const p = proxy(data.serializer)
            const t = callSync(p, "pythonType", [data.value()])
            if (data.error) {
                compare(t.succeeded, false, "expected a serialization error, got " + t.result)
                return
            }
            verify(t.succeeded, JSON.stringify(t.error))
            compare(t.result, data.type)
            if (data.repr !== "") {
                const r = callSync(p, "pythonRepr", [data.value()])
                compare(r.result, data.repr)
            }
        }

        // ---- JS -> Python -> JS ----
        function test_roundTrip_data() {
            const rows = []
            const values = [
                {tag: "null", value: null},
                {tag: "bool", value: false},
                {tag: "int", value: 123456789},
                {tag: "float", value: 0.1},
                {tag: "string", value: "ünïcode ☃"},
                // (object keys come back sorted: a str-keyed dict is a QVariantMap on the way)
                {tag: "nested", value: {empty: {}, list: [1, [2, {x: "y"}]], none: null}},
            ]
            for (const s of testServer.serializers)
                for (const v of values)
                    rows.push({tag: s + ":" + v.tag, serializer: s, value: v.value})
            return rows
        }

        function test_roundTrip(data) {
            const r = callSync(proxy(data.serializer), "echo", [data.value])
            verify(r.succeeded, JSON.stringify(r.error))
            compare(JSON.stringify(r.result), JSON.stringify(data.value))
        }

        function test_bytesRoundTrip() {
            for (const s of ["serpent", "marshal", "msgpack"]) {
                const r = callSync(proxy(s), "echo", [buffer([0, 128, 255])])
                verify(r.result instanceof ArrayBuffer, s)
                compare(bytesOf(r.result), [0, 128, 255], s)
            }
        }

        function test_proxyAsArgument() {
            // A PyroProxy element goes as the proxy it stands for (Pyro5's callback pattern).
            const other = proxy("json")
            for (const s of testServer.serializers) {
                const t = callSync(proxy(s), "pythonType", [other])
                verify(t.succeeded, JSON.stringify(t.error))
                compare(t.result, "PyroObjectRef")     // what a received Pyro5 proxy decodes to
                const e = callSync(proxy(s), "echo", [other])
                compare(e.result, testServer.thermostatUri)
            }
        }

        function test_setAndMapRoundTrip() {
            for (const s of ["serpent", "marshal"]) {
                const set = callSync(proxy(s), "echo", [new Set(["a", "b"])]).result
                verify(set instanceof Set, s)
                verify(set.has("a") && set.has("b"), s)
                const map = callSync(proxy(s), "echo", [new Map([[1, "x"], [2.5, "y"]])]).result
                verify(map instanceof Map, s)
                compare(map.get(1), "x", s)
                compare(map.get(2.5), "y", s)
            }
        }
    }
}
