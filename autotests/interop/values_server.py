# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# A Python Pyro5 object for QtPyro's typed calls (tst_pyrovaluesinterop):
#   python3 values_server.py
# prints "uri: PYRO:..." and serves until stopped. Its results are the Python values a
# C++ caller converts to Qt types; describe() tells what a C++ argument became here.

import datetime
import uuid

from Pyro5.api import Daemon, SerializerBase, expose


class Reading:
    def __init__(self, sensor, celsius, position):
        self.sensor, self.celsius, self.position = sensor, celsius, position

    def __repr__(self):
        return "Reading(%r, %r, %r)" % (self.sensor, self.celsius, self.position)


SerializerBase.register_class_to_dict(
    Reading, lambda r: {"__class__": "sensors.Reading", "sensor": r.sensor, "celsius": r.celsius,
                        "position": r.position})
SerializerBase.register_dict_to_class(
    "sensors.Reading", lambda name, d: Reading(d["sensor"], d["celsius"], d["position"]))


@expose
class Values:
    def aware(self):
        return datetime.datetime(2024, 2, 29, 13, 14, 15, 250000, tzinfo=datetime.timezone.utc)

    def naive(self):
        return datetime.datetime(2024, 2, 29, 13, 14, 15, 500000)

    def identifier(self):
        return uuid.UUID("12345678-1234-5678-1234-567812345678")

    def data(self):
        return b"\x00\x01\xfe\xff"

    def point(self):
        return {"x": 1, "y": 2}

    def rect(self):
        return (1, 2, 3, 4)

    def reading(self):
        return Reading("garden", 8.25, {"x": 7, "y": 8})

    def add(self, a, b):
        return a + b

    def describe(self, value):
        return "%s:%r" % (type(value).__name__, value)


with Daemon(host="127.0.0.1") as daemon:
    print("uri: %s" % daemon.register(Values(), "values"), flush=True)
    daemon.requestLoop()
