# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# The real Python Pyro5 client against pyro-echoserver, for what must stay exact:
#   python3 fidelity_client.py URI
# strs with surrogate code points echoed in every serializer (serpent and marshal carry
# them, json and msgpack refuse them in Python already), and slow() taking its full 5 s.
# Prints one line RESULTS {...} (see interop_checks.py).

import sys
import threading
import time

import Pyro5.errors
from Pyro5.api import Proxy

from interop_checks import check, report

uri = sys.argv[1]

SURROGATE_VALUES = [
    "\ud83d\ude00",
    "a\ud83d\ude00b",
    "\udc80\ud83d\ude00\ud800",
    "\U0001F600\ud83d\ude00",
    ["\ud83d\ude00", {"\udbff\udfff": ("\ud800\udc00",)}, {"\ud83d\ude00"}],
]


def proxy(serializer, timeout=None):
    p = Proxy(uri)
    p._pyroSerializer = serializer
    if timeout is not None:
        p._pyroTimeout = timeout
    return p


def same(a, b):
    # type, length and code points, all the way down
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, set):
        return a == b and all(any(same(x, y) for y in b) for x in a)
    if isinstance(a, dict):
        return len(a) == len(b) and all(k in b and same(v, b[k]) for k, v in a.items())
    return a == b and (not isinstance(a, str) or len(a) == len(b))


for name in ("serpent", "marshal"):
    @check("surrogates echoed exactly with " + name)
    def _():
        with proxy(name) as p:
            for value in SURROGATE_VALUES:
                back = p.echo(value)
                if not same(back, value):
                    return "sent %s, got %s" % (ascii(value), ascii(back))


for name in ("json", "msgpack"):
    @check("surrogates refused by Python's own " + name + " encoder")
    def _():
        with proxy(name) as p:
            try:
                back = p.echo("\ud83d\ude00")
            except (UnicodeEncodeError, Pyro5.errors.SerializeError):
                return None
            return "Python sent it after all, and got back %s" % ascii(back)


@check("slow() takes 5 s; a 4.9 s timeout times out")
def _():
    outcome = {}

    def patient():
        with proxy("serpent") as p:
            p._pyroBind()
            start = time.monotonic()
            outcome["answer"] = p.slow()
            outcome["patient"] = time.monotonic() - start

    def hasty():
        with proxy("serpent", timeout=4.9) as p:
            p._pyroBind()
            start = time.monotonic()
            try:
                outcome["hasty answer"] = p.slow()
            except Pyro5.errors.TimeoutError:
                outcome["timeout"] = True
            outcome["hasty"] = time.monotonic() - start

    threads = [threading.Thread(target=patient), threading.Thread(target=hasty)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    if outcome.get("patient", 0) < 5.0:
        return "slow() answered after %s s" % outcome.get("patient")
    if not outcome.get("timeout"):
        return "the 4.9 s client got %r after %s s" % (outcome.get("hasty answer"), outcome.get("hasty"))


report()
