#!/usr/bin/env python3
# The daemon's resident memory per connection, fresh and after connection churn, seen by
# a Python Pyro5 client (issue 15's last row):
#   PYTHONPATH=$PYRO5_SRC python3 bench_rss.py URI PID [CONNECTIONS] [CHURN_ROUNDS]
# URI is an object with echo() (pyro-echoserver), PID its process. Prints KiB per
# connection: (RSS with CONNECTIONS open - RSS idle) / CONNECTIONS, once on a fresh
# daemon and once after CHURN_ROUNDS rounds of CONNECTIONS connect-call-close cycles
# (measured against the first idle RSS, so memory the churn kept counts too).
import sys
import time

from Pyro5.api import Proxy


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def open_connections(uri, count):
    proxies = []
    for _ in range(count):
        proxy = Proxy(uri)
        proxy.echo("x")
        proxies.append(proxy)
    return proxies


def main():
    uri, pid = sys.argv[1], int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    time.sleep(0.5)
    idle = rss_kib(pid)
    held = open_connections(uri, count)
    fresh = rss_kib(pid)
    for proxy in held:
        proxy._pyroRelease()
    held = None
    for _ in range(rounds):
        for _ in range(count):
            with Proxy(uri) as proxy:
                proxy.echo("x")
    time.sleep(0.5)
    idle_after = rss_kib(pid)
    held = open_connections(uri, count)
    churned = rss_kib(pid)
    print(f"idle RSS {idle} KiB")
    print(f"{count} fresh connections: {(fresh - idle) / count:.1f} KiB per connection")
    print(f"after {rounds} x {count} connect-call-close: idle RSS {idle_after} KiB, "
          f"{count} connections: {(churned - idle) / count:.1f} KiB per connection")


if __name__ == "__main__":
    main()
