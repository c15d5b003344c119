#!/usr/bin/env python3
# Writes the hand-made hostile inputs (hand-*) into autotests/data/fuzz/<target>/, where
# tst_pyrofuzzregressions replays them next to whatever the fuzzers found. Rerun after
# changing this file; the outputs are committed so the test needs no Python.
import os
import struct
import zlib

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "fuzz")
DEEP = 100000
GB4 = 0xFFFFFFFF


def write(target, name, data):
    folder = os.path.join(root, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    with open(os.path.join(folder, "hand-" + name), "wb") as f:
        f.write(data)


# ---- message reader: control byte (0x00 whole, 0x47 in pieces through a QIODevice) + stream
def header(mtype=4, ser=1, flags=0, seq=1, data_size=0, ann_size=0, tag=b"PYRO", version=502, magic=0x4DC5):
    return (tag + struct.pack(">HBBHHII", version, mtype, ser, flags, seq, data_size, ann_size)
            + b"\0" * 16 + struct.pack(">HH", 0, magic))


def message(payload, mtype=4, flags=0, annotations=b""):
    return header(mtype=mtype, flags=flags, data_size=len(payload), ann_size=len(annotations)) + annotations + payload


for control, suffix in ((b"\x00", ""), (b"\x47", "-pieces")):
    m = lambda name, stream: write("messagereader", name + suffix, control + stream)
    m("data-size-4gb", header(data_size=GB4, ann_size=GB4) + b"x" * 64)
    m("data-size-just-under-limit-truncated", header(data_size=(1 << 30) - 100, ann_size=0) + b"x" * 1000)
    m("truncated-header", header()[:23])
    m("truncated-body", header(data_size=100) + b"y" * 50)
    m("truncated-annotation", header(data_size=0, ann_size=20) + b"CORR\0\0\0\x10" + b"z" * 4)
    m("annotation-length-overrun", message(b"", annotations=b"CORR\xff\xff\xff\xf0abcd"))
    m("annotation-length-4gb", message(b"", annotations=b"CORR\xff\xff\xff\xff"))
    m("bad-tag", b"PYRX" + header()[4:])
    m("bad-version", header(version=501))
    m("bad-magic", header(magic=0x1234))
    m("garbage", bytes(range(256)) * 4)
    m("zlib-corrupt", message(b"x\x9c\xff\xff\xff\xff garbage", flags=0x0002))
    m("zlib-truncated", message(zlib.compress(b"a" * 100000, 4)[:40], flags=0x0002))
    m("zlib-bomb-16mb", message(zlib.compress(b"\0" * (16 << 20), 9), flags=0x0002))
    m("valid-then-garbage", message(b"# serpent utf-8 python3.2\nNone") + b"GARBAGE" * 10)
    m("unknown-type-255", message(b"", mtype=255))
    m("many-small-messages", message(b"") * 2000)

# ---- serpent
SER = "# serpent utf-8 python3.2\n"
write("serpent", "deep-list", SER + "[" * DEEP)
write("serpent", "deep-tuple", SER + "(" * DEEP)
write("serpent", "deep-dict", SER + "{1:" * DEEP)
write("serpent", "deep-set", SER + "{" * DEEP)
write("serpent", "deep-unary-minus", SER + "-" * DEEP + "1")
write("serpent", "deep-class-dict", SER + "{'__class__':'x','a':" * 300 + "1" + "}" * 300)
write("serpent", "bigint-100k-digits", SER + "1" * DEEP)
write("serpent", "float-100k-digits", SER + "1" * DEEP + ".5e-99999")
write("serpent", "complex-huge", SER + "(" + "9" * 5000 + "e999999+1e999999j)")
write("serpent", "unterminated-string", SER + "'abc")
write("serpent", "unterminated-triple", SER + "'''abc''")
write("serpent", "bad-escapes", SER + "['\\x4', '\\u12', '\\U0011ffff', '\\N{', '\\N{NOPE}', b'\\777']")
write("serpent", "lone-surrogates", SER + "'\\ud800' 'x'")
write("serpent", "invalid-utf8", SER.encode() + b"'\xff\xfe\xc0\x80'")
write("serpent", "header-only", SER)
write("serpent", "empty", "")
write("serpent", "call-wrong-shapes", SER + "('obj', 5, [1], {1: 2})")
write("serpent", "bytes-dict-bad-base64", SER + "{'data':'!!!!','encoding':'base64'}")
write("serpent", "uri-class-bad-state", SER + "{'__class__':'Pyro5.core.URI','state':('PYRO',None,None,1,'x')}")
write("serpent", "exception-class-dict", SER + "{'__class__':'builtins.ValueError','__exception__':True,'args':(1,)*1000,'attributes':{'_pyroTraceback':[None]*10}}")

# ---- json
write("json", "deep-list", "[" * DEEP)
write("json", "deep-object", '{"a":' * DEEP)
write("json", "bigint-100k-digits", "1" * DEEP)
write("json", "float-100k-digits", "0." + "1" * DEEP + "e-99999")
write("json", "exponent-huge", "1e99999999999999999999")
write("json", "unterminated-string", '"abc')
write("json", "lone-surrogates", '["\\ud800", "\\udc00\\ud800", "\\u12"]')
write("json", "invalid-utf8", b'"\xff\xfe\xc0\x80"')
write("json", "nan-infinity", "[NaN, Infinity, -Infinity, -NaN, Infinityx]")
write("json", "empty", "")
write("json", "call-wrong-types", '{"object": 1, "method": [], "params": {}, "kwargs": 5}')
write("json", "call-missing-keys", '{"object": "x"}')
write("json", "class-dict-deep", '{"__class__":"Pyro5.core.URI","state":' * 500 + "1" + "}" * 500)
write("json", "exception-class-dict", '{"__class__":"builtins.ValueError","__exception__":true,"args":[1],"attributes":{"_pyroTraceback":7}}')

# ---- marshal (CPython marshal version 4 codes)
def mlist(n):
    return b"[" + struct.pack("<I", n)


write("marshal", "deep-list", mlist(1) * DEEP + b"N")
write("marshal", "deep-small-tuple", b")\x01" * DEEP + b"N")
write("marshal", "deep-dict", b"{N" * DEEP)
write("marshal", "list-4g-items", mlist(GB4) + b"N" * 16)
write("marshal", "list-2g-items", mlist(0x7FFFFFFF) + b"N")
write("marshal", "bytes-4g", b"s" + struct.pack("<I", GB4) + b"abc")
write("marshal", "str-2g", b"u" + struct.pack("<i", 0x7FFFFFFF) + b"abc")
write("marshal", "str-negative-length", b"u" + struct.pack("<i", -5) + b"abc")
write("marshal", "long-4g-digits", b"l" + struct.pack("<i", 0x7FFFFFFF) + b"\x01\x00")
write("marshal", "long-negative-min", b"l" + struct.pack("<i", -0x80000000) + b"\x01\x00")
write("marshal", "long-100k-digits", b"l" + struct.pack("<i", 20000) + b"\xff\x7f" * 20000)
write("marshal", "long-bad-digit", b"l" + struct.pack("<i", 1) + b"\xff\xff")
write("marshal", "ref-out-of-range", b"[\x02\x00\x00\x00r\x05\x00\x00\x00N")
write("marshal", "ref-self", b"\xdb\x01\x00\x00\x00r\x00\x00\x00\x00")
write("marshal", "ref-flag-everywhere", b"\xdb\x01\x00\x00\x00" * 1000 + b"\xce")
write("marshal", "truncated-float", b"g\x00\x00\x00")
write("marshal", "unknown-code", b"\x7f\x01\x02")
write("marshal", "set-of-lists", b"<\x01\x00\x00\x00[\x00\x00\x00\x00")
write("marshal", "empty", b"")

# ---- msgpack
write("msgpack", "deep-array", b"\x91" * DEEP + b"\xc0")
write("msgpack", "deep-map", b"\x81\xc0" * DEEP + b"\xc0")
write("msgpack", "array32-4g", b"\xdd\xff\xff\xff\xff" + b"\xc0" * 16)
write("msgpack", "map32-4g", b"\xdf\xff\xff\xff\xff" + b"\xc0" * 16)
write("msgpack", "bin32-4g", b"\xc6\xff\xff\xff\xff" + b"x" * 16)
write("msgpack", "str32-4g", b"\xdb\xff\xff\xff\xff" + b"x" * 16)
write("msgpack", "ext32-4g", b"\xc9\xff\xff\xff\xff\x31" + b"x" * 16)
write("msgpack", "bigint-ext-100k-digits", b"\xc9" + struct.pack(">I", DEEP) + b"\x31" + b"1" * DEEP)
write("msgpack", "bigint-ext-garbage", b"\xc7\x05\x31-12a3")
write("msgpack", "complex-ext-short", b"\xd4\x30\x00")
write("msgpack", "datetime-ext-garbage", b"\xc7\x08\x32notadate")
write("msgpack", "date-ext-out-of-range", b"\xc7\x0a\x3399999-99-99")
write("msgpack", "timestamp-ext-huge", b"\xd7\xff" + b"\xff" * 8)
write("msgpack", "invalid-utf8-str", b"\xa4\xff\xfe\xc0\x80")
write("msgpack", "reserved-byte", b"\xc1")
write("msgpack", "truncated-array", b"\x93\x01\x02")
write("msgpack", "map-with-array-keys", b"\x81\x91\x01\x02")
write("msgpack", "empty", b"")
write("msgpack", "call-wrong-shapes", b"\x94\x01\xc0\x81\x01\x02\x90")

# ---- uri (UTF-8 text)
write("uri", "long-object", "PYRO:" + "o" * DEEP + "@host:1")
write("uri", "ipv6-endless", "PYRO:obj@[" + ":" * DEEP)
write("uri", "port-100k-digits", "PYRO:obj@host:" + "9" * DEEP)
write("uri", "port-unicode-digits", "PYRO:obj@host:\uff11\u0663\u0e51")
write("uri", "port-underscores", "PYRO:obj@host:1_2__3")
write("uri", "meta-100k-tags", "PYROMETA:" + ",".join(str(i % 5000) for i in range(20000)) + "@h")
write("uri", "invalid-utf8", b"PYRO:\xff\xfe@host:1")
write("uri", "nul-bytes", b"PYRO:o\0bj@ho\0st:1\0")
write("uri", "unix-socket-colon", "PYRO:obj@./u:/tmp/a:b")
write("uri", "empty-host", "PYRONAME:x@:")
write("uri", "only-protocol", "PYRO:")
write("uri", "empty", "")
