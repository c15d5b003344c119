// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import QtPyro

ApplicationWindow {
    id: window
    required property string nsHost
    required property int nsPort
    // Set by --screenshot: press "Calibrate" so the picture shows a call in flight.
    property bool demo: false

    width: 980
    height: 600
    visible: true
    title: "QtPyro · QML thermostat"
    Material.theme: Material.Dark
    Material.accent: Material.DeepOrange

    // ---- the remote thermostat (a C++ QtPyro server or a Python Pyro5 one) ----
    PyroProxy {
        id: thermostat
        uri: "PYRONAME:example.thermostat@" + window.nsHost + ":" + window.nsPort
        pollInterval: 1000      // for a Python daemon; a QtPyro daemon pushes changes live
    }
    readonly property bool connected: thermostat.state === PyroProxy.Connected
    readonly property real temperature: thermostat.attrs.temperature ?? 0
    readonly property real target: thermostat.attrs.target ?? 20
    // One line for --screenshot's report (and the example's test).
    readonly property string status: connected
        ? (thermostat.attrs.room ?? "?") + ", " + temperature.toFixed(1) + " °C, " + names.count + " names, "
          + panel.received + " panel calls"
        : "not connected: " + (thermostat.error.message ?? "")

    // ---- what this app serves itself ----
    PyroDaemon {
        id: daemon
        host: "127.0.0.1"
        nsHost: window.nsHost
        nsPort: window.nsPort
        PyroObject { id: served; objectId: "example.qml.panel"; target: panel; name: "example.qml.panel"; metadata: ["qml", "panel"] }
    }
    // Says hello to our own panel, over the network like any other client would.
    PyroProxy {
        uri: served.uri
        subscribeSignals: false
        onStateChanged: if (state === PyroProxy.Connected) call("showMessage", ["hello from a PyroProxy"])
    }

    header: ToolBar {
        Material.background: "#262a33"
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            Label { text: "QtPyro"; font.pixelSize: 20; font.bold: true; color: Material.accent }
            Label { text: "QML thermostat"; font.pixelSize: 20; opacity: 0.8 }
            Item { Layout.fillWidth: true }
            Rectangle { width: 10; height: 10; radius: 5; color: window.connected ? "#66bb6a" : "#ef5350" }
            Label {
                text: window.connected ? thermostat.resolvedUri
                      : thermostat.error.message ? thermostat.error.message : "connecting…"
                opacity: 0.8
                elide: Text.ElideMiddle
                Layout.maximumWidth: 520
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 16

        // ---- the thermostat ----
        Pane {
            Layout.fillHeight: true
            Layout.preferredWidth: 420
            Material.elevation: 4
            ColumnLayout {
                anchors.fill: parent
                spacing: 12
                Label { text: thermostat.attrs.room ?? "…"; font.pixelSize: 22; Layout.alignment: Qt.AlignHCenter }
                Dial {
                    id: dial
                    Layout.alignment: Qt.AlignHCenter
                    Layout.preferredWidth: 300
                    Layout.preferredHeight: 300
                    from: 10; to: 30; stepSize: 0.5
                    snapMode: Dial.SnapAlways
                    enabled: window.connected
                    value: window.target                          // live from the daemon
                    onMoved: thermostat.attrs.target = value      // sends set-attribute
                    ColumnLayout {
                        anchors.centerIn: parent
                        spacing: 0
                        Label {
                            text: window.temperature.toFixed(1) + " °C"
                            font.pixelSize: 46
                            font.weight: Font.Light
                            Layout.alignment: Qt.AlignHCenter
                        }
                        Label {
                            text: "target " + window.target.toFixed(1) + " °C"
                            opacity: 0.7
                            font.pixelSize: 16
                            Layout.alignment: Qt.AlignHCenter
                        }
                        Label {
                            text: thermostat.attrs.heating ? "● heating" : "○ idle"
                            color: thermostat.attrs.heating ? Material.accent : Material.foreground
                            opacity: thermostat.attrs.heating ? 1 : 0.5
                            font.pixelSize: 14
                            Layout.alignment: Qt.AlignHCenter
                            Layout.topMargin: 6
                        }
                    }
                }
                RowLayout {
                    Layout.alignment: Qt.AlignHCenter
                    spacing: 12
                    Button {
                        id: calibrate
                        property var reply: null
                        readonly property bool busy: reply !== null && !reply.finished
                        text: "Calibrate sensor"
                        enabled: window.connected && !busy
                        highlighted: true
                        onClicked: reply = thermostat.call("calibrate")     // 2 s; the UI keeps going
                    }
                    BusyIndicator { running: calibrate.busy; implicitWidth: 40; implicitHeight: 40 }
                    Timer {
                        interval: 4500
                        running: window.demo && window.connected
                        onTriggered: calibrate.clicked()
                    }
                }
                Label {
                    Layout.alignment: Qt.AlignHCenter
                    opacity: 0.7
                    text: calibrate.reply === null ? "calibration takes two seconds"
                          : calibrate.busy ? "calibrating…"
                          : calibrate.reply.succeeded ? calibrate.reply.result
                          : "failed: " + calibrate.reply.error.message
                }
                Item { Layout.fillHeight: true }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 16

            // ---- the name server's registrations ----
            Pane {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Material.elevation: 4
                ColumnLayout {
                    anchors.fill: parent
                    RowLayout {
                        Label { text: "Name server"; font.pixelSize: 18; Layout.fillWidth: true }
                        Label { text: names.count + " names"; opacity: 0.6 }
                        ToolButton { text: "↻"; onClicked: names.refresh() }
                    }
                    ListView {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        clip: true
                        spacing: 2
                        model: PyroNameServerModel {
                            id: names
                            host: window.nsHost
                            port: window.nsPort
                            refreshInterval: 2000
                        }
                        delegate: ItemDelegate {
                            required property string name
                            required property string uri
                            required property var metadata
                            width: ListView.view.width
                            contentItem: ColumnLayout {
                                spacing: 2
                                RowLayout {
                                    Label { text: name; font.bold: true; Layout.fillWidth: true; elide: Text.ElideRight }
                                    Repeater {
                                        model: metadata
                                        delegate: Label {
                                            required property string modelData
                                            text: modelData
                                            font.pixelSize: 11
                                            leftPadding: 6; rightPadding: 6; topPadding: 1; bottomPadding: 1
                                            background: Rectangle { radius: 8; color: Material.accent; opacity: 0.35 }
                                        }
                                    }
                                }
                                Label { text: uri; opacity: 0.55; font.pixelSize: 12; elide: Text.ElideMiddle; Layout.fillWidth: true }
                            }
                        }
                    }
                }
            }

            // ---- a panel this app serves (PyroDaemon + PyroObject) ----
            Pane {
                id: panel
                Layout.fillWidth: true
                Layout.preferredHeight: 170
                Material.elevation: 4
                property string message: "—"
                property int received: 0
                signal messageShown(string text)
                // Callable by any Pyro5 client: pyro-call PYRONAME:example.qml.panel showMessage "'hi'"
                function showMessage(text) {
                    message = text
                    received++
                    messageShown(text)
                    return "shown"
                }
                ColumnLayout {
                    anchors.fill: parent
                    spacing: 6
                    RowLayout {
                        Label { text: "Served by this app"; font.pixelSize: 18; Layout.fillWidth: true }
                        Label { text: panel.received + " calls"; opacity: 0.6 }
                    }
                    Label { text: served.uri || "not listening"; opacity: 0.55; font.pixelSize: 12; elide: Text.ElideMiddle; Layout.fillWidth: true }
                    Label {
                        text: "“" + panel.message + "”"
                        font.pixelSize: 20
                        color: Material.accent
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                    }
                    Label {
                        text: "pyro-call PYRONAME:example.qml.panel showMessage \"'hi'\""
                        font.family: "monospace"
                        font.pixelSize: 12
                        opacity: 0.6
                    }
                }
            }
        }
    }
}
