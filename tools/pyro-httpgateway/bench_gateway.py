# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# Requests per second that keep-alive HTTP clients get from HTTP gateways calling echo:
#   python3 bench_gateway.py SECONDS CLIENTS URL [URL...]
# e.g. URL = http://127.0.0.1:8080/pyro/test.echoserver/echo?message=hello
# Each client is a thread with one HTTP/1.1 connection, kept open as long as the server
# allows (Pyro5's gateway closes it after every answer: then it connects again). Run it
# against pyro-httpgateway and Pyro5's gateway in front of the same echo server; see
# docs/benchmarks.md.

import http.client
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


def run(url, seconds, clients):
    counts = [0] * clients
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(url, deadline, counts, i)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - start)


seconds = float(sys.argv[1])
clients = int(sys.argv[2])
for url in sys.argv[3:]:
    run(url, min(1.0, seconds), clients)  # warm up: connections, pools, caches
    print("%8.0f requests/s  %d client(s)  %s" % (run(url, seconds, clients), clients, url), flush=True)
