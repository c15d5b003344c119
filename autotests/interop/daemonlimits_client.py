# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# Behaviours Pyro5 defines that tst_pyrodaemonlimits checks on QtPyro's daemon, run with
# the real Pyro5 on both ends:
#   python3 daemonlimits_client.py HOST PORT [UNIXSOCKET]   against pyro-limitsserver
#   python3 daemonlimits_client.py --pyro5                  against a Pyro5 daemon made here
# The server has "limits.main" with slow(ms) (answers after ms) and "limits.pool" with
# count(n) (an item stream 1..n). With UNIXSOCKET (where a server listens), a Pyro5 daemon
# is also asked to listen there. Prints RESULTS ... (interop_checks.py).

import socket
import sys
import tempfile
import threading
import time

import Pyro5.api
from Pyro5 import protocol, serializers

from interop_checks import check, report

serpent = serializers.serializers["serpent"]


def start_pyro5():
    """A Pyro5 daemon with the same two objects as pyro-limitsserver."""

    @Pyro5.api.expose
    class Main:
        def slow(self, ms):
            time.sleep(ms / 1000.0)
            return "slow answer"

    @Pyro5.api.expose
    class Pool:
        def count(self, n):
            return (i for i in range(1, n + 1))

    daemon = Pyro5.api.Daemon(host="127.0.0.1")
    daemon.register(Main(), "limits.main")
    daemon.register(Pool(), "limits.pool")
    threading.Thread(target=daemon.requestLoop, daemon=True).start()
    return daemon.locationStr.rsplit(":", 1)


if sys.argv[1] == "--pyro5":
    host, port = start_pyro5()
    unix_path = None
else:
    host, port = sys.argv[1], sys.argv[2]
    unix_path = sys.argv[3] if len(sys.argv) > 3 else None
port = int(port)


@check("half-closed client gets its reply")
def half_close():
    s = socket.create_connection((host, port), timeout=20)
    data = serpent.dumps({"handshake": "hello", "object": "limits.main"})
    s.sendall(protocol.SendingMessage(protocol.MSG_CONNECT, 0, 0, serpent.serializer_id, data).data)
    if protocol.recv_stub(s).type != protocol.MSG_CONNECTOK:
        return "CONNECT refused"
    data = serpent.dumpsCall("limits.main", "slow", (1500,), {})
    s.sendall(protocol.SendingMessage(protocol.MSG_INVOKE, 0, 7, serpent.serializer_id, data).data)
    s.shutdown(socket.SHUT_WR)
    reply = protocol.recv_stub(s)
    value = serpent.loads(reply.data)
    if reply.seq != 7 or value != "slow answer":
        return "reply %r (seq %d)" % (value, reply.seq)
    if s.recv(1) != b"":
        return "connection not closed after the reply"


def daemon_proxy():
    return Pyro5.api.Proxy("PYRO:Pyro.Daemon@%s:%d" % (host, port))


@check("stream items in a batch")
def batch():
    stream = Pyro5.api.Proxy("PYRO:limits.pool@%s:%d" % (host, port)).count(3)
    b = Pyro5.api.BatchProxy(daemon_proxy())
    for _ in range(3):
        b.get_next_stream_item(stream.streamId)
    items = list(b())
    if items != [1, 2, 3]:
        return "batch gave %r" % (items,)


@check("stream item taken by a oneway call")
def oneway():
    stream = Pyro5.api.Proxy("PYRO:limits.pool@%s:%d" % (host, port)).count(3)
    d = daemon_proxy()
    d._pyroBind()
    d._pyroOneway.add("get_next_stream_item")
    d.get_next_stream_item(stream.streamId)
    d._pyroOneway.discard("get_next_stream_item")
    item = d.get_next_stream_item(stream.streamId)
    if item != 2:
        return "next item %r" % (item,)


if unix_path:
    @check("listening on a live server's socket fails")
    def unix_in_use():
        try:
            Pyro5.api.Daemon(unixsocket=unix_path)
            return "Pyro5's daemon took the socket over"
        except OSError as e:
            if "Address already in use" not in str(e):
                return "unexpected error: %s" % e
        p = Pyro5.api.Proxy("PYRO:limits.main@./u:" + unix_path)
        p.slow(0)  # the server there still answers

report()
