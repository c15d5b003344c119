# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# Requests per second that keep-alive HTTP clients get from HTTP gateways calling echo:
#   python3 bench_gateway.py SECONDS CLIENTS URL [URL...]
# e.g. URL = http://127.0.0.1:8080/pyro/test.echoserver/echo?message=hello
# A URL ending in #pid=PID also reports the CPU time (user + system, from /proc) that the
# process PID (the gateway) spent per request during the run.
# Each client is a thread with one HTTP/1.1 connection, kept open as long as the server
# allows (Pyro5's gateway closes it after every answer: then it connects again). Run it
# against pyro-httpgateway and Pyro5's gateway in front of the same echo server; see
# docs/benchmarks.md.

import http.client
import os
import sys
import threading
import time
import urllib.parse


def client(url, deadline, counts, index):
    parts = urllib.parse.urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    conn = None
    done = 0
    while time.perf_counter() < deadline:
        if conn is None:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        conn.request("GET", target, headers={"Accept": "application/json"})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit("%s: status %d %r" % (url, response.status, body[:200]))
        done += 1
        if response.will_close:
            conn.close()
            conn = None
    counts[index] = done


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / ticks, int(fields[12]) / ticks  # utime, stime


def run(url, seconds, clients):
    counts = [0] * clients
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(url, deadline, counts, i)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts), time.perf_counter() - start


seconds = float(sys.argv[1])
clients = int(sys.argv[2])
for arg in sys.argv[3:]:
    url, _, fragment = arg.partition("#")
    pid = int(fragment[4:]) if fragment.startswith("pid=") else None
    run(url, min(1.0, seconds), clients)  # warm up: connections, pools, caches
    before = cpu_seconds(pid) if pid else None
    requests, wall = run(url, seconds, clients)
    line = "%8.0f requests/s  %d client(s)  %s" % (requests / wall, clients, url)
    if pid:
        after = cpu_seconds(pid)
        line += "  gateway CPU/request: %.0f us user + %.0f us sys" % (
            (after[0] - before[0]) / requests * 1e6, (after[1] - before[1]) / requests * 1e6)
    print(line, flush=True)
