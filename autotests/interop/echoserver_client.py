# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# The real Python Pyro5 client against a (QtPyro) echo server:
#   python3 echoserver_client.py URI SERIALIZER
# Runs every check with that serializer and prints one line
#   RESULTS {"check name": {"ok": true|false, "detail": "..."}, ...}
# for tst_pyroechoserverinterop to turn into test rows.

import datetime
import math
import sys
import threading
import time
import uuid

import Pyro5.errors
from Pyro5 import serializers
from Pyro5.api import BatchProxy, Proxy
from Pyro5.callcontext import current_context

from interop_checks import check, report

uri, serializer_name = sys.argv[1], sys.argv[2]
serializer = serializers.serializers[serializer_name]


def proxy():
    p = Proxy(uri)
    p._pyroSerializer = serializer_name
    p._pyroTimeout = 20
    return p


def identical(a, b):
    """Equal and of the same Python types, recursively (floats by bits, nan == nan)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, complex):
        return identical(a.real, b.real) and identical(a.imag, b.imag)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        if len(a) != len(b):
            return False
        for k, v in a.items():
            match = [k2 for k2 in b if identical(k, k2)]
            if not match or not identical(v, b[match[0]]):
                return False
        return True
    if isinstance(a, (set, frozenset)):
        return len(a) == len(b) and all(any(identical(x, y) for y in b) for x in a)
    return a == b


VALUES = [
    ("none", None), ("true", True), ("false", False),
    ("int 0", 0), ("int -1", -1), ("int 2**31", 2**31), ("int max64", 2**63 - 1), ("int min64", -2**63),
    ("int 2**64", 2**64), ("int -2**70", -2**70), ("int 10**40", 10**40),
    ("float", 1.5), ("float tiny", 5e-324), ("float -0.0", -0.0), ("float 1e16", 1e16),
    ("nan", float("nan")), ("inf", float("inf")), ("-inf", float("-inf")),
    ("complex", 1.5 - 2j),
    ("str empty", ""), ("str unicode", "héllo wörld €"), ("str astral", "😀 𝄞"),
    ("str quotes", "it's \"quoted\" \\ back\nslash\ttab\x00nul"), ("str long", "x" * 100000),
    ("bytes", b"\x00\x01\xfe\xff"), ("bytes empty", b""),
    ("list", [1, "a", None, True, 2.5]), ("list empty", []), ("tuple", (1, "two", (3,))), ("tuple empty", ()),
    ("set", {1, 2, 3}), ("set empty", set()), ("frozenset", frozenset({"a", "b"})),
    ("dict str keys", {"a": 1, "b": [1, {"c": None}]}), ("dict empty", {}),
    ("dict int keys", {1: "one", 2: "two"}), ("dict mixed keys", {1: "one", "two": 2, (3, 4): "tuple"}),
    ("dict bool/float keys", {True: "t", 2.5: "f"}),
    ("nested", {"l": [[[[]]]], "d": {"d": {"d": {}}}, "t": ((1,),)}),
    ("datetime", datetime.datetime(2024, 2, 3, 4, 5, 6, 789000)),
    ("date", datetime.date(2024, 2, 3)),
    ("uuid", uuid.UUID("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9")),
    ("uri", Pyro5.core.URI("PYRO:some.object@localhost:9999")),
    ("uri unix", Pyro5.core.URI("PYRO:obj@./u:/tmp/pyro.sock")),
    ("exception", ValueError("as a value", 42)),
]


def roundtrip(value):
    """What this serializer itself keeps of value (Pyro5's own dumps + loads)."""
    return serializer.loads(serializer.dumps(value))


p = proxy()

for name, value in VALUES:
    try:
        expected = roundtrip(value)
    except Exception:
        continue  # this serializer cannot carry the value at all

    @check("echo " + name)
    def _():
        got = p.echo(value)
        if isinstance(expected, BaseException):
            ok = type(got) is type(expected) and got.args == expected.args
        else:
            ok = identical(got, expected)
        return True if ok else "sent %r, expected %r, got %r" % (value, expected, got)


@check("nan() and inf()")
def _():
    n, i = p.nan(), p.inf()
    return math.isnan(n) and i == float("inf") or "got %r %r" % (n, i)


@check("__dunder__ is exposed")
def _():
    return p.__dunder__() == "should be allowed (dunder)"


@check("error() raises ValueError with a remote traceback")
def _():
    try:
        p.error()
    except ValueError as x:
        tb = "".join(Pyro5.errors.get_pyro_traceback())
        if str(x) != "this is the generated error from echoserver echo() method":
            return "message %r" % str(x)
        if "EchoServer::error" not in tb or "Remote traceback" not in tb:
            return "traceback: " + tb
        return True
    return "no exception"


@check("error_with_text()")
def _():
    try:
        p.error_with_text()
    except ValueError as x:
        return str(x) == "the message of the error" or repr(x)
    return "no exception"


@check("private method refused")
def _():
    try:
        p._pyroInvoke("_private", (), {})
    except AttributeError as x:
        return str(x) == "attempt to access private attribute '_private'" or str(x)
    return "no exception"


@check("unknown method refused")
def _():
    try:
        p._pyroInvoke("no_such_method", (), {})
    except AttributeError as x:
        return str(x) == "'EchoServer' object has no attribute 'no_such_method'" or str(x)
    return "no exception"


@check("wrong argument count gives TypeError")
def _():
    try:
        p.echo()
    except TypeError as x:
        return "missing 1 required positional argument" in str(x) or str(x)
    return "no exception"


@check("connection survives errors")
def _():
    return p.echo("still here") == "still here"


@check("oneway calls return at once")
def _():
    t = time.time()
    r1 = p.oneway_echo("fire and forget")
    r2 = p.oneway_slow()
    r3 = p.echo("after oneway")
    elapsed = time.time() - t
    return (r1 is None and r2 is None and r3 == "after oneway" and elapsed < 2.0) or \
        "results %r %r %r in %.2fs" % (r1, r2, r3, elapsed)


@check("generator streams its items")
def _():
    return list(p.generator()) == ["one", "two", "three"]


@check("generator closed early")
def _():
    it = p.generator()
    first = next(it)
    it.close()
    return first == "one" and p.echo(1) == 1


@check("metadata")
def _():
    q = proxy()
    q._pyroBind()
    methods = {"echo", "error", "error_with_text", "oneway_echo", "slow", "generator", "nan", "inf",
               "oneway_slow", "shutdown", "__dunder__"}
    if q._pyroMethods != methods:
        return "methods %r" % sorted(q._pyroMethods)
    if q._pyroOneway != {"oneway_echo", "oneway_slow"}:
        return "oneway %r" % sorted(q._pyroOneway)
    if q._pyroAttrs != {"verbose"}:
        return "attrs %r" % sorted(q._pyroAttrs)
    q._pyroRelease()
    return True


@check("daemon object")
def _():
    d = Proxy("PYRO:Pyro.Daemon@" + uri.split("@", 1)[1])
    d._pyroSerializer = serializer_name
    reg = d.registered()
    meta = d.get_metadata("test.echoserver")
    info = d.info()
    d.ping()
    if reg != ["Pyro.Daemon", "test.echoserver"]:
        return "registered %r" % reg
    if set(meta["methods"]) != set(p._pyroMethods) or set(meta["attrs"]) != {"verbose"}:
        return "metadata %r" % meta
    try:
        d.get_metadata("no.such.object")
        return "no DaemonError"
    except Pyro5.errors.DaemonError as x:
        if str(x) != "unknown object":
            return str(x)
    return info.startswith("Pyro.Daemon bound on ") or info


@check("unknown object refused at the handshake")
def _():
    q = Proxy("PYRO:no.such.object@" + uri.split("@", 1)[1])
    q._pyroSerializer = serializer_name
    try:
        q._pyroBind()
    except Pyro5.errors.CommunicationError as x:
        return "rejected: unknown object" in str(x) or str(x)
    return "connected"


@check("ping message")
def _():
    q = proxy()
    q._pyroBind()
    Pyro5.protocol.SendingMessage.ping(q._pyroConnection)
    return q.echo("after ping") == "after ping"


@check("correlation id and annotations travel")
def _():
    current_context.correlation_id = uuid.uuid4()
    current_context.annotations = {"XCLT": b"client annotation"}
    try:
        return p.echo("annotated") == "annotated"
    finally:
        current_context.correlation_id = None
        current_context.annotations = {}


if serializer_name != "marshal":  # Python's marshal client cannot send kwargs=None
    @check("attribute get/set")
    def _():
        if p.verbose is not False:
            return "verbose %r" % p.verbose
        p.verbose = True
        on = p.verbose
        p.verbose = False
        return on is True and p.verbose is False or "verbose after set %r" % on

    @check("batch stops at the first error")
    def _():
        b = BatchProxy(p)
        b.echo(1)
        b.echo("two")
        b.error()
        b.echo(4)
        results_iter = b()
        got = [next(results_iter), next(results_iter)]
        try:
            next(results_iter)
            return "no error at position 3"
        except ValueError as x:
            if str(x) != "this is the generated error from echoserver echo() method":
                return str(x)
        return got == [1, "two"] or repr(got)

    @check("oneway batch")
    def _():
        b = BatchProxy(p)
        b.echo(5)
        b.oneway_echo(6)
        return b(oneway=True) is None and p.echo(7) == 7

if serializer_name == "serpent":
    @check("slow() does not block another client")
    def _():
        slow_result = []
        other = proxy()
        t = threading.Thread(target=lambda: slow_result.append(proxy().slow()))
        start = time.time()
        t.start()
        time.sleep(0.3)
        quick = [other.echo(i) for i in range(10)]
        quick_time = time.time() - start
        t.join(20)
        total = time.time() - start
        return (quick == list(range(10)) and quick_time < 2.0 and slow_result == ["Finally, an answer!"]
                and total >= 4.5) or "quick %.2fs, slow %r after %.2fs" % (quick_time, slow_result, total)

report()
