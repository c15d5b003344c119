# Copyright (C) 2026 The QtPyro Authors
# SPDX-License-Identifier: MIT
#
# The real Python Pyro5 client against a (QtPyro) name server, pyro-ns:
#   python3 nameserver_client.py NS_URI SERIALIZER
# with PYRO_NS_HOST=127.0.0.1, PYRO_NS_PORT=<a closed port>, PYRO_NS_BCPORT=<pyro-ns's
# broadcast port> and PYRO_BROADCAST_ADDRS=127.0.0.1 in the environment, so locate_ns()
# has to find it by broadcast. Runs every check with that serializer and prints one line
#   RESULTS {"check name": {"ok": true|false, "detail": "..."}, ...}
# for tst_pyronameserverinterop to turn into test rows.

import sys
import threading

import Pyro5.api
import Pyro5.core
import Pyro5.errors
import Pyro5.nameserver
from Pyro5 import config

from interop_checks import check, report

ns_uri, serializer = sys.argv[1], sys.argv[2]
config.SERIALIZER = serializer
config.COMMTIMEOUT = 20
HAS_SETS = serializer in ("serpent", "marshal")


def expect_error(cls, message, fn, *args, **kwargs):
    try:
        result = fn(*args, **kwargs)
    except cls as x:
        if message is not None and not str(x).startswith(message):
            return "message %r, expected %r" % (str(x), message)
        if not getattr(x, "_pyroTraceback", None):
            return "no remote traceback"
        return None
    except Exception as x:
        return "raised %r, expected %s" % (x, cls.__name__)
    return "no error, got %r" % (result,)


def as_set(value):
    # json and msgpack carry sets as lists; serpent writes an empty set as () (no literal)
    if serializer == "serpent" and value == ():
        return set()
    if HAS_SETS:
        if not isinstance(value, (set, frozenset)):
            raise AssertionError("expected a set, got %r" % (value,))
    elif not isinstance(value, list):
        raise AssertionError("expected a list, got %r" % (value,))
    return set(value)


def ns():
    proxy = Pyro5.api.locate_ns("127.0.0.1", Pyro5.core.URI(ns_uri).port)
    proxy._pyroSerializer = serializer
    return proxy


# A Python object for PYRONAME/PYROMETA proxies to reach.
class Thing(object):
    @Pyro5.api.expose
    def whoami(self):
        return "thing"


daemon = Pyro5.api.Daemon(host="127.0.0.1")
thing_uri = daemon.register(Thing(), "interop.thing")
threading.Thread(target=daemon.requestLoop, daemon=True).start()
prefix = "interop.%s." % serializer


@check("locate_ns by broadcast")
def _():
    located = Pyro5.api.locate_ns()
    if str(located._pyroUri) != ns_uri:
        return "located %s" % located._pyroUri
    located._pyroSerializer = serializer
    located.ping()


@check("locate_ns direct")
def _():
    located = ns()
    if str(located._pyroUri) != ns_uri:
        return "located %s" % located._pyroUri
    if located.ping() is not None:
        return "ping result"


@check("metadata of the proxy")
def _():
    p = ns()
    p._pyroBind()
    if p._pyroMethods != {"count", "list", "lookup", "ping", "register", "remove", "set_metadata", "yplookup"}:
        return repr(p._pyroMethods)
    if p._pyroOneway or p._pyroAttrs:
        return repr((p._pyroOneway, p._pyroAttrs))


@check("register and lookup")
def _():
    p = ns()
    before = p.count()
    p.register(prefix + "str", "PYRO:obj@127.0.0.1:5001")
    p.register(prefix + "uri", Pyro5.core.URI("PYRO:obj@127.0.0.1:5002"))
    if p.count() != before + 2:
        return "count %d" % p.count()
    u = p.lookup(prefix + "str")
    if not isinstance(u, Pyro5.core.URI) or str(u) != "PYRO:obj@127.0.0.1:5001":
        return "lookup %r" % (u,)
    if str(p.lookup(prefix + "uri")) != "PYRO:obj@127.0.0.1:5002":
        return "lookup uri"


@check("register metadata keyword, safe skipped")
def _():
    p = ns()
    p.register(prefix + "meta", "PYRO:meta@127.0.0.1:5003", metadata={"class:thing", "tag:x"})
    u, meta = p.lookup(prefix + "meta", return_metadata=True)
    if str(u) != "PYRO:meta@127.0.0.1:5003" or as_set(meta) != {"class:thing", "tag:x"}:
        return repr((u, meta))


@check("lookup with a falsy float (resolve)")
def _():
    u = ns().lookup(prefix + "meta", 0.0)
    if not isinstance(u, Pyro5.core.URI):
        return repr(u)


@check("register safe refuses an existing name")
def _():
    p = ns()
    p.register(prefix + "safe", "PYRO:a@127.0.0.1:1", safe=True)
    outcome = expect_error(Pyro5.errors.NamingError, "name already registered: " + prefix + "safe",
                           p.register, prefix + "safe", "PYRO:b@127.0.0.1:2", safe=True)
    if outcome:
        return outcome
    if str(p.lookup(prefix + "safe")) != "PYRO:a@127.0.0.1:1":
        return "replaced"
    p.register(prefix + "safe", "PYRO:b@127.0.0.1:2")
    if str(p.lookup(prefix + "safe")) != "PYRO:b@127.0.0.1:2":
        return "not replaced without safe"


@check("register argument errors")
def _():
    p = ns()
    for outcome in (
        expect_error(TypeError, "only URIs or strings can be registered", p.register, "x", 42),
        expect_error(TypeError, "name must be a str", p.register, 42, "PYRO:x@127.0.0.1:1"),
        expect_error(TypeError, "metadata should not be a str", p.register, "x", "PYRO:x@127.0.0.1:1", metadata="tag"),
        expect_error(Pyro5.errors.PyroError, "invalid uri", p.register, "x", "not a uri"),
        expect_error(TypeError, None, p.register, "x"),
    ):
        if outcome:
            return outcome


@check("lookup unknown name")
def _():
    return expect_error(Pyro5.errors.NamingError, "unknown name: no.such.name", ns().lookup, "no.such.name")


@check("list")
def _():
    p = ns()
    everything = p.list()
    if everything.get("Pyro.NameServer") != ns_uri:
        return repr(everything)
    if not all(isinstance(v, str) for v in everything.values()):
        return "uri strings"
    mine = p.list(prefix=prefix)
    if set(mine) != {prefix + n for n in ("str", "uri", "meta", "safe")}:
        return repr(mine)
    by_regex = p.list(regex=r"interop\.%s\.(str|uri)" % serializer)
    if set(by_regex) != {prefix + "str", prefix + "uri"}:
        return repr(by_regex)
    if p.list(regex="str"):
        return "regex must match from the start"
    with_meta = p.list(prefix=prefix, return_metadata=True)
    uri, meta = with_meta[prefix + "meta"]
    if uri != "PYRO:meta@127.0.0.1:5003" or as_set(meta) != {"class:thing", "tag:x"}:
        return repr(with_meta)
    uri, meta = with_meta[prefix + "str"]
    if as_set(meta) != set():
        return repr(meta)
    # Pyro5's own name server cannot send this one with json/msgpack (a frozenset).
    full = p.list(return_metadata=True)
    if as_set(full["Pyro.NameServer"][1]) != {"class:Pyro5.nameserver.NameServer"}:
        return repr(full["Pyro.NameServer"])


@check("list errors")
def _():
    p = ns()
    return (expect_error(ValueError, "you can only filter on one thing at a time", p.list, prefix="a", regex="b")
            or expect_error(Pyro5.errors.NamingError, "invalid regex", p.list, regex="(unclosed"))


@check("yplookup")
def _():
    p = ns()
    found = p.yplookup(meta_all=["tag:x"])
    if set(found) != {prefix + "meta"} or as_set(found[prefix + "meta"][1]) != {"class:thing", "tag:x"}:
        return repr(found)
    found = p.yplookup(meta_any={"tag:x", "nope"}, return_metadata=False)
    if found != {prefix + "meta": "PYRO:meta@127.0.0.1:5003"}:
        return repr(found)
    if p.yplookup() != {}:
        return "no filter"
    own = p.yplookup(meta_all=["class:Pyro5.nameserver.NameServer"])
    if list(own) != ["Pyro.NameServer"]:
        return repr(own)
    return (expect_error(ValueError, "you can't use meta_all or meta_any at the same time", p.yplookup, ["a"], ["b"])
            or expect_error(TypeError, "metadata_all should not be a str", p.yplookup, meta_all="tag:x"))


@check("yplookup helper with retry (Pyro5.nameserver.yplookup)")
def _():
    found = Pyro5.nameserver.yplookup(ns(), meta_all={"tag:x"}, return_metadata=False)
    if found != {prefix + "meta": "PYRO:meta@127.0.0.1:5003"}:
        return repr(found)


@check("set_metadata")
def _():
    p = ns()
    p.set_metadata(prefix + "str", {"tag:y"})
    if as_set(p.lookup(prefix + "str", return_metadata=True)[1]) != {"tag:y"}:
        return "set"
    p.set_metadata(prefix + "str", None)
    if as_set(p.lookup(prefix + "str", return_metadata=True)[1]) != set():
        return "clear"
    return (expect_error(Pyro5.errors.NamingError, "unknown name: nope", p.set_metadata, "nope", [])
            or expect_error(TypeError, "metadata should not be a str", p.set_metadata, prefix + "str", "x"))


@check("PYRONAME proxy")
def _():
    p = ns()
    p.register(prefix + "thing", thing_uri, metadata={"kind:thing-" + serializer})
    with Pyro5.api.Proxy("PYRONAME:%sthing" % prefix) as thing:
        thing._pyroSerializer = serializer
        if thing.whoami() != "thing":
            return "call"
    located = Pyro5.core.URI(ns_uri)
    with Pyro5.api.Proxy("PYRONAME:%sthing@%s:%d" % (prefix, located.host, located.port)) as thing:
        thing._pyroSerializer = serializer
        if thing.whoami() != "thing":
            return "call with ns location"


@check("PYROMETA proxy and resolve")
def _():
    resolved = Pyro5.core.resolve("PYROMETA:kind:thing-" + serializer)
    if str(resolved) != str(thing_uri):
        return repr(resolved)
    with Pyro5.api.Proxy("PYROMETA:kind:thing-" + serializer) as thing:
        thing._pyroSerializer = serializer
        if thing.whoami() != "thing":
            return "call"
    return expect_error(Pyro5.errors.NamingError, None, Pyro5.core.resolve, "PYRONAME:no.such.thing")


@check("remove")
def _():
    p = ns()
    if p.remove(prefix + "uri") != 1 or p.remove(prefix + "uri") != 0:
        return "by name"
    if p.remove("Pyro.NameServer") != 0:
        return "own entry removed"
    if p.remove(regex=r"interop\.%s\.s" % serializer) != 2:  # str, safe
        return "by regex"
    if p.remove(prefix="Pyro") != 0:
        return "own entry by prefix"
    n = p.remove(prefix=prefix)
    if n != 2:  # meta, thing
        return "by prefix: %d" % n
    if p.list(prefix=prefix):
        return "left over"
    if p.lookup("Pyro.NameServer") is None:
        return "own entry"
    return expect_error(Pyro5.errors.NamingError, "invalid regex", p.remove, regex="[")


report()
daemon.shutdown()
