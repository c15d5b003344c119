# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# Calls per second a Python Pyro5 client loop gets from an echo server:
#   PYTHONPATH=$PYRO5_SRC python3 bench_echo.py URI [SECONDS] [SERIALIZER...]
# Run it against pyro-echoserver and against Pyro5's own echoserver
# (python3 -m Pyro5.utils.echoserver) to compare the daemons; see docs/benchmarks.md.

import sys
import time

from Pyro5.api import Proxy

uri = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 3.0
names = sys.argv[3:] or ["serpent", "marshal", "json", "msgpack"]
payloads = {"small": "hello", "medium": {"ints": list(range(100)), "text": "x" * 1000}}

for name in names:
    p = Proxy(uri)
    p._pyroSerializer = name
    p._pyroBind()
    for label, value in payloads.items():
        for _ in range(200):  # warm up
            p.echo(value)
        calls = 0
        cpu0, t0 = time.process_time(), time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            p.echo(value)
            calls += 1
        wall = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
        print("%-8s %-7s %8.0f calls/s   client CPU %5.1f us/call" % (name, label, calls / wall, cpu / calls * 1e6),
              flush=True)
    p._pyroRelease()
