# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# The real Python Pyro5 client against a QtPyro daemon's ValueHost (the typed slots of
# autotests/values/valuehost.h):
#   python3 values_client.py URI SERIALIZER HAVE_COLOR
# Passes the Python forms of the Qt value types into the typed slots and checks what
# comes back; prints one RESULTS line for tst_pyrovaluesinterop.

import datetime
import sys
import uuid

import serpent
from Pyro5.api import Proxy, SerializerBase

from interop_checks import check, report

uri, serializer_name, have_color = sys.argv[1], sys.argv[2], sys.argv[3] == "1"


class Reading:
    def __init__(self, sensor, celsius, position):
        self.sensor, self.celsius, self.position = sensor, celsius, position


def reading_to_dict(r):
    return {"__class__": "sensors.Reading", "sensor": r.sensor, "celsius": r.celsius, "position": r.position}


def dict_to_reading(classname, d):
    return Reading(d["sensor"], d["celsius"], d["position"])


SerializerBase.register_class_to_dict(Reading, reading_to_dict)
SerializerBase.register_dict_to_class("sensors.Reading", dict_to_reading)


def proxy():
    p = Proxy(uri)
    p._pyroSerializer = serializer_name
    p._pyroTimeout = 20
    return p


def expect(got, want):
    if type(got) is not type(want) or got != want:
        return "got %r (%s), expected %r (%s)" % (got, type(got).__name__, want, type(want).__name__)
    return None


@check("point from dict")
def _():
    return expect(proxy().point({"x": 1, "y": -2}), {"x": 1, "y": -2})


@check("point from tuple")
def _():
    return expect(proxy().point((3, 4)), {"x": 3, "y": 4})


@check("pointF")
def _():
    return expect(proxy().pointF({"x": 1.5, "y": 2}), {"x": 1.5, "y": 2.0})


@check("size")
def _():
    return expect(proxy().size({"width": 640, "height": 480}), {"width": 640, "height": 480})


@check("sizeF")
def _():
    return expect(proxy().sizeF([0.5, 0.25]), {"width": 0.5, "height": 0.25})


@check("rect")
def _():
    return expect(proxy().rect({"x": 1, "y": 2, "width": 30, "height": 40}),
                  {"x": 1, "y": 2, "width": 30, "height": 40})


@check("rectF")
def _():
    return expect(proxy().rectF((0.5, 1, 2, 3.5)), {"x": 0.5, "y": 1.0, "width": 2.0, "height": 3.5})


@check("point refuses a str")
def _():
    try:
        proxy().point("nonsense")
    except TypeError as e:
        return None if "QPoint" in str(e) or "point" in str(e) else "message: %s" % e
    return "no TypeError"


if have_color:
    @check("color")
    def _():
        return expect(proxy().color("#123456"), "#123456")

    @check("color by name")
    def _():
        return expect(proxy().color("red"), "#ff0000")


@check("url")
def _():
    return expect(proxy().url("https://example.org/a?b=c"), "https://example.org/a?b=c")


@check("uuid object")
def _():
    u = uuid.UUID("12345678-1234-5678-1234-567812345678")
    return expect(proxy().uuid(u), str(u))


@check("datetime utc")
def _():
    dt = datetime.datetime(2024, 2, 29, 13, 14, 15, 250000, tzinfo=datetime.timezone.utc)
    # Pyro5's marshal and msgpack cannot send an aware datetime: pass its text there.
    arg = dt if serializer_name in ("serpent", "json") else dt.isoformat()
    got = proxy().dateTime(arg)
    if datetime.datetime.fromisoformat(got) != dt:
        return "got %r" % got
    return expect(got, "2024-02-29T13:14:15.250000+00:00")


@check("datetime +02:00")
def _():
    tz = datetime.timezone(datetime.timedelta(hours=2))
    dt = datetime.datetime(2024, 2, 29, 13, 14, 15, tzinfo=tz)
    arg = dt if serializer_name in ("serpent", "json") else dt.isoformat()
    return expect(proxy().dateTime(arg), "2024-02-29T13:14:15+02:00")


@check("datetime naive")
def _():
    dt = datetime.datetime(2024, 2, 29, 13, 14, 15, 500000)
    if serializer_name == "msgpack":
        return expect(proxy().dateTime(dt), dt)  # Pyro5's datetime ext both ways
    arg = dt if serializer_name != "marshal" else dt.isoformat()
    return expect(proxy().dateTime(arg), "2024-02-29T13:14:15.500000")


@check("bytes")
def _():
    data = b"\x00\x01\xfe\xff"
    if serializer_name == "json":
        return None  # Pyro5's json cannot send bytes
    got = proxy().bytes(data)
    if serializer_name == "serpent":
        got = serpent.tobytes(got)
    return expect(got, data)


@check("gadget as a registered class")
def _():
    got = proxy().reading(Reading("cellar", 12.5, {"x": 5, "y": 6}))
    if not isinstance(got, Reading):
        return "got %r" % (got,)
    return expect((got.sensor, got.celsius, got.position), ("cellar", 12.5, {"x": 5, "y": 6}))


@check("gadget result")
def _():
    got = proxy().makeReading()
    if not isinstance(got, Reading):
        return "got %r" % (got,)
    return expect((got.sensor, got.celsius, got.position), ("attic", 21.5, {"x": 3, "y": 4}))


@check("gadget from a plain dict")
def _():
    return expect(proxy().span({"from": 2, "to": 5}), {"from": 2, "to": 5})


@check("gadget refuses an unknown key")
def _():
    try:
        proxy().span({"until": 5})
    except TypeError:
        return None
    return "no TypeError"


report()
