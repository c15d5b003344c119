# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# The thermostat of the QML example as a plain Python Pyro5 server:
#
#   python3 -m Pyro5.nameserver &
#   python3 server.py
#   qml-thermostat --ns localhost:9090
#
# A Python daemon has no remote signals, so the QML app polls its attributes
# (PyroProxy.pollInterval) instead of receiving them live.
import threading
import time

import Pyro5.api


@Pyro5.api.expose
class Thermostat:
    def __init__(self):
        self._target = 21.5
        self._temperature = 19.2
        self._heating = False
        self._lock = threading.Lock()
        threading.Thread(target=self._run, daemon=True).start()

    @property
    def room(self):
        return "Living room (Python)"

    @property
    def target(self):
        return self._target

    @target.setter
    def target(self, value):
        with self._lock:
            self._target = round(min(30.0, max(10.0, float(value))) * 2) / 2

    @property
    def temperature(self):
        return self._temperature

    @property
    def heating(self):
        return self._heating

    def calibrate(self):
        time.sleep(2)
        return "sensor calibrated at %.1f °C" % self._temperature

    def _run(self):
        while True:
            time.sleep(0.5)
            with self._lock:
                diff = self._target - self._temperature
                self._heating = diff > 0.05
                if abs(diff) > 0.05:
                    self._temperature = round(self._temperature + max(-0.1, min(0.1, diff)), 2)


def main():
    daemon = Pyro5.api.Daemon()
    uri = daemon.register(Thermostat(), "example.thermostat")
    with Pyro5.api.locate_ns() as ns:
        ns.register("example.thermostat", uri)
    print("thermostat uri:", uri)
    daemon.requestLoop()


if __name__ == "__main__":
    main()
