// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtPyro

// PyroProxy's TLS settings against a daemon that requires a client certificate
// (autotests/data/certs), and callTimeout.
Item {
    id: root

    PyroProxy {
        id: tls
        uri: testServer.tlsUri
        ssl: true
        sslCaCerts: testServer.certDir + "/ca.pem"
        sslClientCert: testServer.certDir + "/client.pem"
        sslClientKey: testServer.certDir + "/client.key"
    }
    PyroProxy {
        id: noClientCert
        uri: testServer.tlsUri
        ssl: true
        sslCaCerts: testServer.certDir + "/ca.pem"
    }
    PyroProxy {
        id: plain            // TLS daemon, no TLS on this side
        uri: testServer.tlsUri
        callTimeout: 3000
    }
    PyroProxy {
        id: impatient
        uri: testServer.slowUri
        callTimeout: 300
    }

    TestCase {
        name: "PyroProxyTls"

        function test_tlsCall() {
            verify(testServer.tlsUri.length > 0, "the TLS daemon did not start")
            tryCompare(tls, "state", PyroProxy.Connected, 20000)
            const r = tls.call("add", [40, 2])
            tryCompare(r, "finished", true, 10000)
            compare(r.result, 42)
            tryCompare(tls, "attributesReady", true, 10000)
            verify(tls.attrs.target !== undefined)
        }

        function test_tlsRefusedWithoutClientCertificate() {
            const r = noClientCert.call("add", [1, 1])
            tryCompare(r, "finished", true, 20000)
            compare(r.succeeded, false)
            tryCompare(noClientCert, "state", PyroProxy.Error, 20000)
        }

        function test_plainToTlsFails() {
            const r = plain.call("add", [1, 1])
            tryCompare(r, "finished", true, 20000)
            compare(r.succeeded, false)
        }

        function test_callTimeout() {
            const r = impatient.call("slowEcho", ["x", 3000])
            tryCompare(r, "finished", true, 20000)
            compare(r.succeeded, false)
            compare(r.error.code, "Timeout")
        }
    }
}
