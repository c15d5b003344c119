// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
import QtQuick
import QtTest
import QtPyro

// A remote call that takes 2 s must not stall the GUI thread: timers keep firing and an
// animation keeps moving while it is in flight.
Item {
    id: root
    width: 200; height: 200

    PyroProxy { id: slow; uri: testServer.slowUri }

    Rectangle {
        id: box
        width: 10; height: 10
        NumberAnimation on x { id: anim; from: 0; to: 1000; duration: 4000; running: false; loops: Animation.Infinite }
    }

    Timer {
        id: ticker
        interval: 20; repeat: true
        property int ticks: 0
        property double last: 0
        property double maxGap: 0
        onTriggered: {
            const now = Date.now()
            if (last > 0)
                maxGap = Math.max(maxGap, now - last)
            last = now
            ++ticks
        }
    }

    TestCase {
        name: "Responsiveness"
        when: windowShown

        function test_slowCallDoesNotStall() {
            tryCompare(slow, "state", PyroProxy.Connected, 20000)
            ticker.ticks = 0; ticker.last = 0; ticker.maxGap = 0
            const started = Date.now()
            const reply = slow.call("slowEcho", ["late", 2000])
            compare(reply.finished, false)
            // call() returned at once.
            verify(Date.now() - started < 500, "call() took " + (Date.now() - started) + " ms")
            ticker.start()
            anim.start()
            const x0 = box.x
            tryCompare(reply, "finished", true, 30000)
            const elapsed = Date.now() - started
            ticker.stop()
            anim.stop()
            compare(reply.result, "late")
            verify(elapsed >= 1900, "the call took " + elapsed + " ms")
            // 2 s at 20 ms is ~100 ticks; allow a heavily loaded machine 5x slack.
            verify(ticker.ticks >= 20, "only " + ticker.ticks + " timer ticks in " + elapsed + " ms")
            verify(ticker.maxGap < 1000, "the event loop stalled for " + ticker.maxGap + " ms")
            verify(box.x !== x0, "the animation did not move")
        }
    }
}
