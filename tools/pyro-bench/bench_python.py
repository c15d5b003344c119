# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# The Python-client rows of pyro-bench's table: a Python Pyro5 client loop against two
# echo servers (ours first, then Pyro5's), sync calls and batches, interleaved rounds:
#   PYTHONPATH=$PYRO5_SRC python3 bench_python.py [--seconds S] [--rounds N] [--batch N]
#       [-s SERIALIZER ...] [--json] URI_A URI_B
# --transfer SIZE (bytes, or 64K, 100M) instead measures echo(bytes of SIZE) in MiB/s.
# Prints each figure's median calls/s (min-max) per server and the median of the
# per-round ratios A/B. See docs/benchmarks.md.

import argparse
import json
import statistics
import time

import serpent

from Pyro5.api import BatchProxy, Proxy

VALUE = "twenty-nine characters, echo!"  # the same 29-character string pyro-bench sends


def sync_rate(proxy, seconds):
    calls = 0
    t0 = time.perf_counter()
    while True:
        proxy.echo(VALUE)
        calls += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return calls / elapsed


def batch_rate(proxy, seconds, size):
    calls = 0
    t0 = time.perf_counter()
    while True:
        batch = BatchProxy(proxy)
        for _ in range(size):
            batch.echo(VALUE)
        results = list(batch())
        assert len(results) == size
        calls += size
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return calls / elapsed


def transfer_rate(proxy, seconds, size):
    data = b"x" * size
    calls = 0
    t0 = time.perf_counter()
    while True:
        result = proxy.echo(data)
        if isinstance(result, dict):  # serpent sends bytes as a base64 dict
            result = serpent.tobytes(result)
        assert len(result) == size
        calls += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return calls * size / 2**20 / elapsed


def parse_size(text):
    factor = {"K": 2**10, "M": 2**20}.get(text[-1:].upper(), 1)
    return int(text[:-1] if factor > 1 else text) * factor


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.0, help="seconds per figure and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=1000, help="calls per batch")
    parser.add_argument("-s", "--serializer", action="append", help="serializer(s), default serpent and msgpack")
    parser.add_argument("--transfer", type=parse_size, metavar="SIZE", help="measure echo(bytes) in MiB/s instead")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("uris", nargs=2, metavar="URI")
    args = parser.parse_args()

    rows = []
    for name in args.serializer or ["serpent", "msgpack"]:
        proxies = []
        for uri in args.uris:
            p = Proxy(uri)
            p._pyroSerializer = name
            p._pyroBind()
            for _ in range(100):  # warm up
                p.echo(VALUE)
            proxies.append(p)
        figures = ("transfer",) if args.transfer else ("sync", "batch")
        if name == "marshal":
            # Pyro5's own batch call fails in its marshal serializer (dumpsCall gets
            # kwargs=None), whichever daemon answers.
            figures = tuple(f for f in figures if f != "batch")
        for figure in figures:
            samples = [[], []]
            for _ in range(args.rounds):
                for i, p in enumerate(proxies):
                    if figure == "transfer":
                        samples[i].append(transfer_rate(p, args.seconds, args.transfer))
                    elif figure == "sync":
                        samples[i].append(sync_rate(p, args.seconds))
                    else:
                        samples[i].append(batch_rate(p, args.seconds, args.batch))
            ratios = [a / b for a, b in zip(*samples)]
            rows.append({"serializer": name, "figure": figure,
                         "a": {"median": statistics.median(samples[0]), "min": min(samples[0]), "max": max(samples[0])},
                         "b": {"median": statistics.median(samples[1]), "min": min(samples[1]), "max": max(samples[1])},
                         "ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios)})
        for p in proxies:
            p._pyroRelease()

    if args.json:
        print(json.dumps({"uris": args.uris, "rounds": args.rounds, "seconds": args.seconds,
                          "batch": args.batch, "rows": rows}, indent=2))
        return
    print("A = %s\nB = %s" % tuple(args.uris))
    print("%-8s %-6s %26s %26s %18s" % ("serial.", "figure", "A per s (min-max)", "B per s (min-max)", "A/B (min-max)"))
    for r in rows:
        a, b = r["a"], r["b"]
        print("%-8s %-6s %8.0f (%7.0f-%7.0f) %8.0f (%7.0f-%7.0f) %6.2f (%.2f-%.2f)" % (
            r["serializer"], r["figure"], a["median"], a["min"], a["max"], b["median"], b["min"], b["max"],
            r["ratio"], r["ratio_min"], r["ratio_max"]), flush=True)


if __name__ == "__main__":
    main()
