// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The robustness suite: pyro-echoserver (QtPyro's daemon in its own process) attacked
// over raw sockets, and faults around it.
//
//  - hostileInput: one row per attack (garbage, wrong tag/version/magic, truncated frames
//    followed by a close, absurd lengths, unknown serializer ids and message types,
//    malformed and deeply nested payloads in every serializer, zlib bombs, calls to
//    unexposed or private members, attribute traversal). Each gets the answer Pyro5 would
//    give, or that one connection is closed with a ProtocolError in the daemon's log; a
//    client connected all along and a fresh client are served right after every attack.
//  - noLeaks: the whole attack batch many times; the daemon's file descriptors return to
//    their baseline and its memory does not grow with the repetitions.
//  - limits: a declared 1 GB body allocates nothing; MAX_MESSAGE_SIZE both ways;
//    COMMTIMEOUT drops idle, half-sent and dribbling (slowloris) clients; the cap on
//    simultaneous connections refuses cleanly; the cap on streams per client.
//  - manyConnections: 500 clients at once, all served (or all refused beyond the cap)
//    while the daemon stays responsive.
//  - faults: a client killed mid-call, a daemon killed mid-call (ConnectionClosed, then
//    reconnect() after a restart on the same port), a peer that stops reading a large
//    reply, a name server killed and restarted on its sql storage.
//  - TLS: the echo server, the name server and the tools over TLS, and attacks on the
//    TLS port.
//
// Everything is awaited on signals or printed lines with bounded deadlines.

#include "pyrotestcalls.h"
#include "robustnesshelpers.h"

#include "pyrocallreply.h"
#include "pyroconfig.h"
#include "pyrodaemon.h"
#include "pyrogenerator.h"
#include "pyronameserverproxy.h"
#include "pyroproxy.h"
#include "pyroresult.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <sys/resource.h>

#include <vector>

using namespace Qt::StringLiterals;
using PyroTest::callAndWait;
using namespace Robustness;
using namespace PyroProtocol;

namespace {

constexpr qint64 ServerMaxMessageSize = 16 * 1024 * 1024;

// Under AddressSanitizer freed memory sits in a quarantine and every allocation has
// redzones, so VmRSS says nothing about leaks (LeakSanitizer checks those instead):
// memory is then reported, not asserted. Descriptors are checked all the same.
constexpr bool MemoryIsMeasurable = !UnderAddressSanitizer;
#define QVERIFY_MEMORY(cond, message) \
    do { \
        if (MemoryIsMeasurable) \
            QVERIFY2(cond, message); \
        else if (!(cond)) \
            qInfo("not asserted under AddressSanitizer: %s", message); \
    } while (false)

// What an attack must lead to.
enum class Expect {
    ErrorReply,   // a RESULT with an exception (class and text checked)
    ConnectFail,  // a CONNECTFAIL whose reason contains the text, then the daemon closes
    ServerCloses, // the daemon closes this connection (and logs why)
    ClientCloses, // we close after sending (truncated frames): nothing to see but survival
    Reply,        // a normal reply (the allowed cases next to the refused ones)
    NoReply,      // oneway: nothing comes back and the connection stays usable
};

struct Attack
{
    QString name;
    QString serializer;   // empty: sent before any handshake; else after CONNECT in it
    QByteArray bytes;
    Expect expect;
    QString errorClass;   // ErrorReply: the Python class
    QString text;         // piece of the error message / refusal / log line
    bool keepsConnection = false; // ErrorReply/Reply/NoReply: the connection stays usable
};

const PyroSerializer *serializer(const QString &name)
{
    return PyroSerializer::byName(name);
}

QByteArray withByte(QByteArray bytes, int offset, char value)
{
    bytes[offset] = value;
    return bytes;
}

QByteArray withU16(QByteArray bytes, int offset, quint16 value)
{
    bytes[offset] = char(value >> 8);
    bytes[offset + 1] = char(value & 0xff);
    return bytes;
}

QByteArray withU32(QByteArray bytes, int offset, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        bytes[offset + i] = char(value >> (24 - 8 * i));
    return bytes;
}

// A payload nested depth levels deep in each serializer's own syntax.
QByteArray deepPayload(const QString &s, int depth)
{
    if (s == u"serpent"_s || s == u"json"_s)
        return QByteArray(depth, '[') + QByteArray(depth, ']');
    if (s == u"marshal"_s) {
        QByteArray out;
        for (int i = 0; i < depth; ++i)
            out += QByteArray("[\x01\x00\x00\x00", 5);
        return out + 'N';
    }
    return QByteArray(depth, '\x91') + '\xc0'; // msgpack fixarray of 1
}

QByteArray garbagePayload(const QString &s)
{
    if (s == u"serpent"_s)
        return "('test.echoserver', 'echo', (1, 2"; // unterminated
    if (s == u"json"_s)
        return "{\"object\": \"test.echoserver\", \"method\": ";
    if (s == u"marshal"_s)
        return QByteArray("\xff\xfe\x00garbage", 10);
    return QByteArray("\xc1\xc1\xc1", 3); // msgpack's never-used byte
}

// What a deserialization failure of a request is answered with (Pyro5: serpent raises
// SyntaxError-like errors from ast, the others ValueError-like ones).
QString decodeErrorClass(const QString &s)
{
    return s == u"serpent"_s ? u"builtins.SyntaxError"_s : u"builtins.ValueError"_s;
}

std::vector<Attack> buildAttacks()
{
    std::vector<Attack> attacks;
    const PyroSerializer *serpent = serializer(u"serpent"_s);
    const QByteArray connect = message(MsgConnect, SerializerSerpent, 0, connectPayload(serpent));
    auto add = [&](const QString &name, const QString &ser, const QByteArray &bytes, Expect expect,
                   const QString &errorClass = QString(), const QString &text = QString(), bool keeps = false) {
        attacks.push_back({name, ser, bytes, expect, errorClass, text, keeps});
    };

    // ---- before the handshake ----
    QByteArray http = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    http += QByteArray(64 - http.size(), ' ');
    add(u"garbage: http request"_s, {}, http, Expect::ConnectFail, {}, u"invalid data"_s);
    add(u"garbage: binary"_s, {}, QByteArray(64, '\xab'), Expect::ConnectFail, {}, u"invalid data"_s);
    add(u"garbage: 5 bytes then close"_s, {}, "PYRO\x01", Expect::ClientCloses);
    add(u"wrong tag"_s, {}, withByte(connect, 3, 'X'), Expect::ConnectFail, {}, u"invalid data"_s);
    add(u"wrong version"_s, {}, withU16(connect, 4, 501), Expect::ConnectFail, {}, u"invalid protocol version: 501"_s);
    add(u"wrong magic"_s, {}, withU16(connect, 38, 0x1234), Expect::ConnectFail, {}, u"invalid message or protocol version"_s);
    add(u"truncated header then close"_s, {}, connect.left(25), Expect::ClientCloses);
    add(u"truncated body then close"_s, {}, connect.left(connect.size() - 3), Expect::ClientCloses);
    add(u"absurd length: 4 GB body"_s, {}, withU32(connect, Offset::DataSize, 0xffffffffu), Expect::ConnectFail, {},
        u"message too large"_s);
    add(u"absurd length: annotation beyond its area"_s, {},
        [] {
            QByteArray m = message(MsgConnect, SerializerSerpent, 0, connectPayload(serializer(u"serpent"_s)),
                                   0, {{QByteArray("XTRA"), QByteArray("abcd")}});
            return withU32(m, HeaderSize + 4, 0x7fffffff); // the chunk's own length
        }(),
        Expect::ConnectFail, {}, u"annotation"_s);
    // Pyro5 closes without a word; we refuse in marshal and say why.
    add(u"unknown serializer id in CONNECT"_s, {}, withByte(connect, Offset::SerializerId, 99), Expect::ConnectFail, {},
        u"the daemon does not have the serializer the client asked for (id 99)"_s);
    add(u"unknown message type"_s, {}, withByte(connect, Offset::Type, 99), Expect::ConnectFail, {},
        u"invalid msg type 99 received"_s);
    add(u"INVOKE before CONNECT"_s, {}, message(MsgInvoke, SerializerSerpent, 0, callPayload(serpent, u"echo"_s, {1})),
        Expect::ConnectFail, {}, u"invalid msg type 4 received"_s);
    add(u"CONNECT to unknown object"_s, {}, message(MsgConnect, SerializerSerpent, 0, connectPayload(serpent, u"no.such"_s)),
        Expect::ConnectFail, {}, u"unknown object"_s);
    add(u"CONNECT data not a dict"_s, {}, message(MsgConnect, SerializerSerpent, 0, "42"), Expect::ConnectFail, {},
        u"handshake data must be a dict"_s);
    add(u"CONNECT payload malformed"_s, {}, message(MsgConnect, SerializerSerpent, 0, "{'handshake': "),
        Expect::ConnectFail);
    add(u"CONNECT compressed garbage"_s, {}, message(MsgConnect, SerializerSerpent, 0, "not zlib at all", FlagCompressed),
        Expect::ConnectFail);

    // ---- after the handshake, in every serializer ----
    for (const QString &s : {u"serpent"_s, u"marshal"_s, u"json"_s, u"msgpack"_s}) {
        const PyroSerializer *ser = serializer(s);
        if (!ser)
            continue; // msgpack is a plugin
        const quint8 id = quint8(ser->id());
        add(s + u": malformed payload"_s, s, message(MsgInvoke, id, 1, garbagePayload(s)), Expect::ErrorReply,
            decodeErrorClass(s), QString(), true);
        add(s + u": 100000-deep nesting"_s, s, message(MsgInvoke, id, 1, deepPayload(s, 100000)), Expect::ErrorReply,
            s == u"json"_s ? u"builtins.RecursionError"_s : decodeErrorClass(s), QString(), true);
        add(s + u": not a call"_s, s, message(MsgInvoke, id, 1, encode(ser, 42)), Expect::ErrorReply, QString(),
            QString(), true);
        add(s + u": unknown member"_s, s, message(MsgInvoke, id, 1, callPayload(ser, u"nonexistent"_s, {})),
            Expect::ErrorReply, u"builtins.AttributeError"_s, u"nonexistent"_s, true);
        add(s + u": normal echo"_s, s, message(MsgInvoke, id, 1, callPayload(ser, u"echo"_s, {u"ok"_s})), Expect::Reply,
            {}, u"ok"_s, true);
    }

    // ---- protocol violations after the handshake ----
    const QByteArray echo = message(MsgInvoke, SerializerSerpent, 1, callPayload(serpent, u"echo"_s, {1}));
    add(u"INVOKE with unknown serializer id"_s, u"serpent"_s, withByte(echo, Offset::SerializerId, 99),
        Expect::ServerCloses, {}, u"unknown serializer id"_s);
    add(u"unknown message type after CONNECT"_s, u"serpent"_s, withByte(echo, Offset::Type, 99), Expect::ServerCloses,
        {}, u"invalid msg type 99 received"_s);
    add(u"RESULT sent to the daemon"_s, u"serpent"_s, withByte(echo, Offset::Type, MsgResult), Expect::ServerCloses,
        {}, u"invalid msg type 5 received"_s);
    add(u"second CONNECT"_s, u"serpent"_s, connect, Expect::ServerCloses, {}, u"invalid msg type 1 received"_s);
    add(u"wrong magic in the second message"_s, u"serpent"_s, withU16(echo, Offset::Magic, 0), Expect::ServerCloses,
        {}, u"invalid message or protocol version"_s);
    add(u"4 GB body in the second message"_s, u"serpent"_s, withU32(echo, Offset::DataSize, 0xfffffff0u),
        Expect::ServerCloses, {}, u"message too large"_s);
    add(u"corrupt zlib payload"_s, u"serpent"_s, message(MsgInvoke, SerializerSerpent, 1, "corrupt!!", FlagCompressed),
        Expect::ServerCloses, {}, u"protocol error"_s);
    add(u"zlib bomb beyond MAX_MESSAGE_SIZE"_s, u"serpent"_s,
        message(MsgInvoke, SerializerSerpent, 1, PyroCompression::compress(QByteArray(ServerMaxMessageSize * 2, ' ')),
                FlagCompressed),
        Expect::ServerCloses, {}, u"protocol error"_s);
    add(u"serpent: 100000-digit int"_s, u"serpent"_s,
        message(MsgInvoke, SerializerSerpent, 1, "('test.echoserver', 'echo', (" + QByteArray(100000, '7') + ",), {})"),
        Expect::ErrorReply, u"builtins.SyntaxError"_s, QString(), true);
    add(u"serpent: unknown class dict"_s, u"serpent"_s,
        message(MsgInvoke, SerializerSerpent, 1,
                "('test.echoserver', 'echo', ({'__class__': 'os.system', 'args': ('true',)},), {})"),
        Expect::ErrorReply, u"Pyro5.errors.SerializeError"_s, u"unsupported serialized class"_s, false);
    add(u"call on unknown object"_s, u"serpent"_s,
        message(MsgInvoke, SerializerSerpent, 1, callPayload(serpent, u"echo"_s, {1}, u"no.such.object"_s)),
        Expect::ErrorReply, u"Pyro5.errors.DaemonError"_s, u"unknown object"_s, true);
    add(u"oneway call to a private member"_s, u"serpent"_s,
        message(MsgInvoke, SerializerSerpent, 1, callPayload(serpent, u"_private"_s, {}), FlagOneway),
        Expect::NoReply, {}, {}, true);

    // ---- members that must stay out of reach ----
    const QStringList refused{u"_private"_s, u"__private"_s, u"deleteLater"_s, u"objectName"_s,
                              u"setObjectName"_s, u"destroyed"_s, u"shutdownRequested"_s, u"setVerbose"_s,
                              u"__class__"_s, u"__init__"_s, u"__dict__"_s, u"__getattribute__"_s, u"__del__"_s,
                              u"echo.__globals__"_s, u"a.b"_s, u".."_s, u"metaObject"_s, u"staticMetaObject"_s,
                              u"qt_metacall"_s, u"event"_s};
    for (const QString &method : refused) {
        add(u"member %1"_s.arg(method), u"serpent"_s,
            message(MsgInvoke, SerializerSerpent, 1, callPayload(serpent, method, {})), Expect::ErrorReply,
            u"builtins.AttributeError"_s, QString(), true);
    }
    for (const QString &attr : {u"__class__"_s, u"echo"_s, u"verbose.__class__"_s, u"_private"_s, u"__dict__"_s,
                                u"objectName"_s}) {
        add(u"__getattr__ %1"_s.arg(attr), u"serpent"_s,
            message(MsgInvoke, SerializerSerpent, 1,
                    callPayload(serpent, QString::fromLatin1(MethodGetAttr), {attr}, u"test.echoserver"_s, PyroValues::none())),
            Expect::ErrorReply, u"builtins.AttributeError"_s, QString(), true);
    }
    for (const QString &attr : {u"__class__"_s, u"echo"_s, u"nonexistent"_s, u"objectName"_s}) {
        add(u"__setattr__ %1"_s.arg(attr), u"serpent"_s,
            message(MsgInvoke, SerializerSerpent, 1,
                    callPayload(serpent, QString::fromLatin1(MethodSetAttr), {attr, 1}, u"test.echoserver"_s, PyroValues::none())),
            Expect::ErrorReply, u"builtins.AttributeError"_s, QString(), true);
    }
    // The allowed neighbours of the refused ones.
    add(u"dunder method allowed"_s, u"serpent"_s,
        message(MsgInvoke, SerializerSerpent, 1, callPayload(serpent, u"__dunder__"_s, {})), Expect::Reply, {},
        u"should be allowed (dunder)"_s, true);
    add(u"__getattr__ of an exposed attribute"_s, u"serpent"_s,
        message(MsgInvoke, SerializerSerpent, 1,
                callPayload(serpent, QString::fromLatin1(MethodGetAttr), {u"verbose"_s}, u"test.echoserver"_s, PyroValues::none())),
        Expect::Reply, {}, u"false"_s, true);
    return attacks;
}

const std::vector<Attack> &attacks()
{
    static const std::vector<Attack> list = buildAttacks();
    return list;
}

struct Outcome
{
    bool ok = false;
    QString failure; // why not, for the test message
};

// Runs one attack on a fresh raw connection and checks what came back.
Outcome runAttack(const Attack &a, quint16 port)
{
    Outcome out;
    auto fail = [&](const QString &why) {
        out.failure = why;
        return out;
    };
    RawClient client(std::numeric_limits<quint32>::max());
    if (!client.connectTo(port))
        return fail(u"cannot connect"_s);
    quint8 serId = SerializerSerpent;
    if (!a.serializer.isEmpty()) {
        const PyroSerializer *s = serializer(a.serializer);
        serId = quint8(s->id());
        if (!client.handshake(s))
            return fail(u"handshake failed"_s);
    }
    client.send(a.bytes);
    switch (a.expect) {
    case Expect::ClientCloses:
        client.close();
        out.ok = true;
        return out;
    case Expect::ServerCloses:
        if (const auto m = client.next())
            return fail(u"got a message of type %1 instead of a close"_s.arg(m->type()));
        if (!client.waitClosed())
            return fail(u"the daemon did not close the connection"_s);
        out.ok = true;
        return out;
    case Expect::ConnectFail: {
        const auto m = client.next();
        if (!m || m->type() != MsgConnectFail)
            return fail(m ? u"got message type %1, not CONNECTFAIL"_s.arg(m->type()) : u"no CONNECTFAIL"_s);
        const QString reason = RawClient::decode(*m).toString();
        if (!reason.contains(a.text))
            return fail(u"refusal reason '%1' lacks '%2'"_s.arg(reason, a.text));
        if (!client.waitClosed())
            return fail(u"not closed after CONNECTFAIL"_s);
        out.ok = true;
        return out;
    }
    case Expect::NoReply:
        break;
    case Expect::ErrorReply:
    case Expect::Reply: {
        const auto m = client.next();
        if (!m || m->type() != MsgResult)
            return fail(m ? u"got message type %1, not RESULT"_s.arg(m->type()) : u"no reply (closed: %1)"_s.arg(client.isClosed()));
        const QVariant value = RawClient::decode(*m);
        if (a.expect == Expect::ErrorReply) {
            if (!(m->flags() & FlagException))
                return fail(u"a normal result where an error was due: %1"_s.arg(QDebug::toString(value)));
            const PyroError error = value.value<PyroError>();
            if (!a.errorClass.isEmpty() && error.pythonClass() != a.errorClass)
                return fail(u"error class %1 (%2), expected %3"_s.arg(error.pythonClass(), error.message(), a.errorClass));
            if (!error.isError() || !error.message().contains(a.text))
                return fail(u"error '%1' lacks '%2'"_s.arg(error.toString(), a.text));
        } else {
            if (m->flags() & FlagException)
                return fail(u"an error where a result was due: %1"_s.arg(value.value<PyroError>().toString()));
            const QString text = value.typeId() == QMetaType::Bool ? (value.toBool() ? u"true"_s : u"false"_s)
                                                                    : value.toString();
            if (text != a.text)
                return fail(u"result %1, expected %2"_s.arg(QDebug::toString(value), a.text));
        }
        break;
    }
    }
    if (a.keepsConnection) {
        // Still usable: a normal call on the same connection.
        client.send(message(MsgInvoke, serId, 7, callPayload(serializer(a.serializer.isEmpty() ? u"serpent"_s : a.serializer),
                                                               u"echo"_s, {u"still here"_s})));
        const auto m = client.next();
        if (!m || m->type() != MsgResult || (m->flags() & FlagException) || m->header.seq != 7)
            return fail(u"the connection is not usable after the attack"_s);
        if (RawClient::decode(*m).toString() != u"still here"_s)
            return fail(u"wrong echo after the attack"_s);
    } else if (a.expect == Expect::ErrorReply) {
        if (!client.waitClosed())
            return fail(u"the daemon kept a connection Pyro5 would close"_s);
    }
    client.close();
    out.ok = true;
    return out;
}

// A fresh client's normal call.
bool freshCallWorks(const PyroUri &uri, const PyroConfig &config = PyroConfig(), QString *why = nullptr)
{
    PyroProxy proxy(uri, config);
    const PyroResult r = callAndWait(proxy, u"echo"_s, {u"fresh"_s});
    if (why)
        *why = r.isError() ? r.error().toString() : QString();
    return !r.isError() && r.value().toString() == u"fresh"_s;
}

} // namespace

Q_DECLARE_METATYPE(Attack)

class BlobServer : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QByteArray blob(int size) { return QByteArray(size, 'q'); }
};

class tst_PyroRobustness : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void hostileInput_data();
    void hostileInput();
    void noLeaks();
    void declaredHugeBodyAllocatesNothing();
    void messageSizeLimitsBothWays();
    void commTimeoutDropsSlowClients();
    void connectionCap();
    void streamCap();
    void manyConnections_data();
    void manyConnections();
    void clientKilledMidCall();
    void daemonKilledMidCall();
    void peerStopsReading();
    void nameServerRestartKeepsRegistry();
    void tlsEchoServerAndTools();
    void tlsNameServerAndTools();

private:
    EchoServerProcess m_server;
    std::unique_ptr<PyroProxy> m_bystander;
    QTemporaryDir m_dir;
};

void tst_PyroRobustness::initTestCase()
{
    // 500 connections and their peers need more than the usual 1024 descriptors; the
    // servers started from here inherit the limit.
    rlimit limit{};
    QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
    if (limit.rlim_cur < 4096 && limit.rlim_max > limit.rlim_cur) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 8192);
        QCOMPARE(setrlimit(RLIMIT_NOFILE, &limit), 0);
    }
    QVERIFY2(m_server.start({{u"PYRO_MAX_MESSAGE_SIZE"_s, QString::number(ServerMaxMessageSize)}}),
             qPrintable(m_server.errorString()));
    m_bystander = std::make_unique<PyroProxy>(m_server.uri(), PyroConfig());
    const PyroResult r = m_bystander->call(u"echo"_s, {u"hello"_s});
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
}

void tst_PyroRobustness::cleanupTestCase()
{
    m_bystander.reset();
    m_server.stop();
}

void tst_PyroRobustness::hostileInput_data()
{
    QTest::addColumn<Attack>("attack");
    for (const Attack &a : attacks())
        QTest::newRow(qPrintable(a.name)) << a;
}

void tst_PyroRobustness::hostileInput()
{
    QFETCH(Attack, attack);
    // QTPYRO_ROBUSTNESS_PORT: attack another daemon there (e.g. Python's echo server,
    // python -m Pyro5.utils.echoserver) to compare its answers with the expectations.
    if (const int other = qEnvironmentVariableIntValue("QTPYRO_ROBUSTNESS_PORT")) {
        const Outcome o = runAttack(attack, quint16(other));
        QVERIFY2(o.ok, qPrintable(o.failure));
        return;
    }
    const qsizetype logBefore = m_server.output().size();
    const Outcome outcome = runAttack(attack, m_server.port());
    QVERIFY2(outcome.ok, qPrintable(outcome.failure));
    if (attack.expect == Expect::ServerCloses) {
        // Logged by the daemon, naming the problem.
        QVERIFY2(waitUntil([&] { return m_server.output().mid(logBefore).contains(attack.text); }, 5000),
                 qPrintable(m_server.output().mid(logBefore)));
    }
    // Everyone else is still served: the client connected all along, and a new one.
    const PyroResult r = m_bystander->call(u"echo"_s, {attack.name});
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    QCOMPARE(r.value().toString(), attack.name);
    QString why;
    QVERIFY2(freshCallWorks(m_server.uri(), PyroConfig(), &why), qPrintable(why));
    QVERIFY(m_server.isRunning());
}

void tst_PyroRobustness::noLeaks()
{
    const quint16 port = m_server.port();
    auto batch = [&] {
        for (const Attack &a : attacks()) {
            const Outcome o = runAttack(a, port);
            if (!o.ok) {
                qWarning().noquote() << a.name << o.failure;
                return false;
            }
        }
        return freshCallWorks(m_server.uri());
    };
    // Warm up: the first rounds fill caches (class info, allocator pools) for good.
    for (int i = 0; i < 2; ++i)
        QVERIFY(batch());
    const int fdBaseline = m_server.fdCount();
    QVERIFY(fdBaseline > 0);
    // Closed connections linger briefly (a daemon-side close waits for the last bytes).
    auto fdsSettled = [&] { return waitUntil([&] { return m_server.fdCount() <= fdBaseline; }, 10000); };
    QVERIFY2(fdsSettled(), qPrintable(u"fds %1 > %2"_s.arg(m_server.fdCount()).arg(fdBaseline)));
    const qint64 rss0 = m_server.rssKb();
    constexpr int Rounds = 12;
    QList<qint64> rss;
    for (int round = 0; round < Rounds; ++round) {
        QVERIFY(batch());
        QVERIFY2(fdsSettled(), qPrintable(u"round %1: fds %2 > baseline %3"_s.arg(round).arg(m_server.fdCount()).arg(fdBaseline)));
        rss.append(m_server.rssKb());
    }
    const qint64 growthFirstHalf = rss.at(Rounds / 2 - 1) - rss0;
    const qint64 growthSecondHalf = rss.last() - rss.at(Rounds / 2 - 1);
    qInfo("fd baseline %d; VmRSS %lld KiB after warm-up, then per round: %s", fdBaseline, rss0,
          qPrintable(QDebug::toString(rss)));
    // With one arena and a fixed mmap threshold the allocator reuses what was freed: warm,
    // VmRSS stays flat (measured: within 124 KiB, no trend). A leak of 1 KiB per attack (each
    // is one connection) would add about 6 KiB x the ~90 attacks per half, some 500 KiB,
    // and fail here; a leaked socket fails the descriptor check above anyway.
    QVERIFY_MEMORY(growthSecondHalf < 384,
                   qPrintable(u"VmRSS grew %1 KiB over the last %2 rounds (%3 KiB over the first)"_s
                                  .arg(growthSecondHalf).arg(Rounds / 2).arg(growthFirstHalf)));
    QVERIFY_MEMORY(rss.last() - rss0 < 1024, qPrintable(u"VmRSS grew %1 KiB in total"_s.arg(rss.last() - rss0)));
}

void tst_PyroRobustness::declaredHugeBodyAllocatesNothing()
{
    // 1000 MiB declared (under the 1 GiB default MAX_MESSAGE_SIZE), a few bytes sent.
    EchoServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    const qint64 before = server.rssKb();
    RawClient client;
    QVERIFY(client.connectTo(server.port()));
    QVERIFY(client.handshake(serializer(u"serpent"_s)));
    QByteArray head = message(MsgInvoke, SerializerSerpent, 1, callPayload(serializer(u"serpent"_s), u"echo"_s, {1}));
    head = withU32(head, Offset::DataSize, 1000u * 1024 * 1024);
    client.send(head + QByteArray(64 * 1024, 'x'));
    // Round trips on another connection: the daemon has read our bytes by then.
    PyroProxy other(server.uri(), PyroConfig());
    for (int i = 0; i < 3; ++i)
        QVERIFY(!callAndWait(other, u"echo"_s, {i}).isError());
    const qint64 during = server.rssKb();
    qInfo("VmRSS %lld KiB before, %lld KiB with a 1000 MiB body announced", before, during);
    QVERIFY_MEMORY(during - before < 16 * 1024, qPrintable(u"grew %1 KiB"_s.arg(during - before)));
    client.close();

    // The proxy side: a daemon announcing 4 GB, and one announcing 1000 MiB that never come.
    for (const quint32 size : {0xffffffffu, 1000u * 1024 * 1024}) {
        QTcpServer fake;
        QVERIFY(fake.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&fake, &QTcpServer::newConnection, &fake, [&fake, size] {
            QTcpSocket *s = fake.nextPendingConnection();
            QObject::connect(s, &QTcpSocket::readyRead, s, [s, size] {
                s->readAll();
                QByteArray reply = message(MsgConnectOk, SerializerSerpent, 0, "{}");
                s->write(withU32(reply, Offset::DataSize, size).left(HeaderSize) + QByteArray(4096, 'y'));
            });
        });
        PyroProxy proxy(PyroUri(u"PYRO:thing@127.0.0.1:%1"_s.arg(fake.serverPort())), PyroConfig());
        proxy.setConnectTimeout(1500);
        auto ownRss = [] { QFile f(u"/proc/self/status"_s); f.open(QIODevice::ReadOnly);
                           for (const QByteArray &l : f.readAll().split('\n'))
                               if (l.startsWith("VmRSS:")) return l.mid(6).trimmed().split(' ').value(0).toLongLong();
                           return qint64(-1); };
        const qint64 mine = ownRss();
        const PyroResult r = callAndWait(proxy, u"echo"_s, {1});
        QVERIFY(r.isError());
        if (size == 0xffffffffu)
            QVERIFY2(r.error().message().contains(u"message too large"_s), qPrintable(r.error().toString()));
        else
            QVERIFY2(r.error().is(PyroError::Code::CommunicationError), qPrintable(r.error().toString()));
        QVERIFY_MEMORY(ownRss() - mine < 16 * 1024, qPrintable(u"proxy side grew %1 KiB"_s.arg(ownRss() - mine)));
    }
}

void tst_PyroRobustness::messageSizeLimitsBothWays()
{
    // The daemon: requests beyond its MAX_MESSAGE_SIZE close that connection; replies
    // beyond it are refused with an error. The proxy: its own limit on what it sends and
    // accepts.
    PyroConfig small;
    small.setMaxMessageSize(64 * 1024);
    const QByteArray big(100 * 1024, 'b');

    // Our proxy refuses to send a message beyond its limit, before anything goes out.
    PyroProxy limited(m_server.uri(), small);
    limited.setSerializer(u"marshal"_s);
    PyroResult r = callAndWait(limited, u"echo"_s, {big});
    QVERIFY(r.isError());
    QVERIFY2(r.error().message().contains(u"message too large"_s), qPrintable(r.error().toString()));
    QCOMPARE(callAndWait(limited, u"echo"_s, {u"small"_s}).value().toString(), u"small"_s);

    // A reply beyond the proxy's limit: the daemon (16 MiB limit) sends it, the proxy drops it.
    PyroConfig receiving;
    receiving.setMaxMessageSize(64 * 1024);
    PyroProxy receiver(m_server.uri(), receiving);
    receiver.setSerializer(u"marshal"_s);
    // Sent below the proxy's limit (compressed), echoed above it (the daemon does not compress).
    receiver.setCompression(true);
    r = callAndWait(receiver, u"echo"_s, {QByteArray(200 * 1024, 'z')});
    QVERIFY(r.isError());
    QVERIFY2(r.error().message().contains(u"message too large"_s), qPrintable(r.error().toString()));

    // A daemon's reply beyond its own limit: an error reply instead (then the connection
    // closes, as in Pyro5), and the daemon goes on.
    {
        PyroDaemon daemon(small);
        QVERIFY(daemon.listen(u"127.0.0.1"_s, 0));
        BlobServer blobs;
        const PyroUri uri = daemon.registerObject(&blobs, u"blobs"_s);
        PyroProxy proxy(uri, PyroConfig());
        proxy.setSerializer(u"marshal"_s);
        r = callAndWait(proxy, u"blob"_s, {1000});
        QCOMPARE(r.value().toByteArray().size(), 1000);
        r = callAndWait(proxy, u"blob"_s, {100 * 1024});
        QVERIFY(r.isError());
        QVERIFY2(r.error().message().contains(u"message too large"_s), qPrintable(r.error().toString()));
        PyroProxy again(uri, PyroConfig());
        again.setSerializer(u"marshal"_s);
        QCOMPARE(callAndWait(again, u"blob"_s, {10}).value().toByteArray(), QByteArray(10, 'q'));
    }

    // The daemon side with a small limit: a request beyond it is a protocol error for
    // that connection.
    EchoServerProcess server;
    QVERIFY2(server.start({{u"PYRO_MAX_MESSAGE_SIZE"_s, u"65536"_s}}), qPrintable(server.errorString()));
    PyroConfig generous;
    PyroProxy sender(server.uri(), generous);
    sender.setSerializer(u"marshal"_s);
    r = callAndWait(sender, u"echo"_s, {big});
    QVERIFY(r.isError());
    QVERIFY2(r.error().is(PyroError::Code::CommunicationError), qPrintable(r.error().toString()));
    QVERIFY(waitUntil([&] { return server.output().contains(u"message too large"_s); }, 5000));
    QVERIFY(freshCallWorks(server.uri()));
}

void tst_PyroRobustness::commTimeoutDropsSlowClients()
{
    EchoServerProcess server;
    QVERIFY2(server.start({{u"PYRO_COMMTIMEOUT"_s, u"1.0"_s}}), qPrintable(server.errorString()));
    const int fdBaseline = server.fdCount();
    const PyroSerializer *serpent = serializer(u"serpent"_s);
    const QByteArray connect = message(MsgConnect, SerializerSerpent, 0, connectPayload(serpent));

    struct Slow
    {
        QString name;
        std::unique_ptr<RawClient> client;
        QElapsedTimer since;
        qint64 droppedAfter = -1;
    };
    std::vector<Slow> slow;
    for (const QString &name : {u"idle"_s, u"half header"_s, u"half body"_s, u"dribble"_s, u"idle after handshake"_s}) {
        Slow s{name, std::make_unique<RawClient>(), {}, -1};
        QVERIFY(s.client->connectTo(server.port()));
        s.since.start();
        slow.push_back(std::move(s));
    }
    slow[1].client->send(connect.left(20));
    slow[2].client->send(connect.left(connect.size() - 10));
    QVERIFY(slow[4].client->handshake(serpent));
    slow[4].since.restart();
    // The dribbler sends a byte every 100 ms: always something new, never a message (a
    // 1 MB body announced), never enough to count as progress.
    QByteArray endless = withU32(connect, Offset::DataSize, 1024 * 1024);
    int dribbled = 0;
    QTimer drip;
    QObject::connect(&drip, &QTimer::timeout, &drip, [&] {
        if (dribbled < endless.size() && !slow[3].client->isClosed())
            slow[3].client->send(endless.mid(dribbled++, 1));
    });
    drip.start(100);

    // Meanwhile a normal client keeps calling.
    PyroProxy normal(server.uri(), PyroConfig());
    int normalCalls = 0;
    const bool allDropped = waitUntil([&] {
        for (Slow &s : slow) {
            if (s.droppedAfter < 0 && s.client->isClosed())
                s.droppedAfter = s.since.elapsed();
        }
        if (!callAndWait(normal, u"echo"_s, {normalCalls}).isError())
            ++normalCalls;
        return std::all_of(slow.begin(), slow.end(), [](const Slow &s) { return s.droppedAfter >= 0; });
    }, 8000);
    drip.stop();
    QStringList report;
    for (const Slow &s : slow)
        report.append(u"%1: %2 ms"_s.arg(s.name).arg(s.droppedAfter));
    qInfo("COMMTIMEOUT=1.0: %s; %d normal calls meanwhile", qPrintable(report.join(u", "_s)), normalCalls);
    QVERIFY2(allDropped, qPrintable(report.join(u", "_s)));
    for (const Slow &s : slow)
        QVERIFY2(s.droppedAfter >= 800 && s.droppedAfter < 4000, qPrintable(report.join(u", "_s))); // coarse timers: +-5%
    QVERIFY(dribbled > 5);
    QVERIFY(normalCalls > 5);
    QVERIFY(server.output().contains(u"stalled inside a message"_s));
    QVERIFY(waitUntil([&] { return server.fdCount() <= fdBaseline + 1; }, 5000)); // + the normal proxy
}

void tst_PyroRobustness::connectionCap()
{
    EchoServerProcess server;
    QVERIFY2(server.start({{u"QTPYRO_MAX_CONNECTIONS"_s, u"3"_s}}), qPrintable(server.errorString()));
    std::vector<std::unique_ptr<PyroProxy>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<PyroProxy>(server.uri(), PyroConfig()));
        QVERIFY(!callAndWait(*held.back(), u"echo"_s, {i}).isError());
    }
    PyroProxy fourth(server.uri(), PyroConfig());
    const PyroResult r = callAndWait(fourth, u"echo"_s, {4});
    QCOMPARE(r.error().code(), PyroError::Code::CommunicationError);
    QVERIFY2(r.error().message().contains(u"rejected: no free workers"_s), qPrintable(r.error().toString()));
    // The ones in are still served; one leaving makes room.
    QVERIFY(!callAndWait(*held.front(), u"echo"_s, {0}).isError());
    held.front()->release();
    QVERIFY(waitUntil([&] { QString w; return freshCallWorks(server.uri(), PyroConfig(), &w); }, 10000));
}

void tst_PyroRobustness::streamCap()
{
    // Items streams opened and never consumed, beyond MAX_STREAMS_PER_CLIENT.
    EchoServerProcess server;
    QVERIFY2(server.start({{u"QTPYRO_MAX_STREAMS_PER_CLIENT"_s, u"4"_s}}), qPrintable(server.errorString()));
    RawClient client;
    QVERIFY(client.connectTo(server.port()));
    const PyroSerializer *serpent = serializer(u"serpent"_s);
    QVERIFY(client.handshake(serpent));
    for (int i = 0; i < 6; ++i) {
        client.send(message(MsgInvoke, SerializerSerpent, quint16(i + 1), callPayload(serpent, u"generator"_s, {})));
        const auto m = client.next();
        QVERIFY(m);
        if (i < 4) {
            QVERIFY(m->flags() & FlagItemStreamResult);
            QVERIFY(!m->annotation("STRM").isEmpty());
        } else {
            QVERIFY(!(m->flags() & FlagItemStreamResult));
            const PyroError e = RawClient::decode(*m).value<PyroError>();
            QVERIFY2(e.message().contains(u"too many open item streams"_s), qPrintable(e.toString()));
        }
    }
    // Another client has its own allowance.
    PyroProxy other(server.uri(), PyroConfig());
    const PyroResult r = callAndWait(other, u"generator"_s);
    QVERIFY2(r.isStream(), qPrintable(r.error().toString()));
}

void tst_PyroRobustness::manyConnections_data()
{
    QTest::addColumn<int>("maxConnections"); // 0: the default (1000)
    QTest::addColumn<int>("clients");
    QTest::newRow("500 clients, all served") << 0 << 500;
    QTest::newRow("500 clients, cap 100") << 100 << 500;
}

void tst_PyroRobustness::manyConnections()
{
    QFETCH(int, maxConnections);
    QFETCH(int, clients);
    EchoServerProcess server;
    QMap<QString, QString> env;
    if (maxConnections > 0)
        env.insert(u"QTPYRO_MAX_CONNECTIONS"_s, QString::number(maxConnections));
    QVERIFY2(server.start(env), qPrintable(server.errorString()));
    const int fdBaseline = server.fdCount();
    const PyroSerializer *serpent = serializer(u"serpent"_s);

    enum class State { Connecting, Handshaking, Calling, Served, Refused, Dropped };
    struct Client
    {
        QTcpSocket socket;
        PyroMessageReader reader;
        State state = State::Connecting;
    };
    // The daemon must stay responsive meanwhile: a client connected before the flood
    // (holding one of the slots) keeps calling.
    PyroProxy probe(server.uri(), PyroConfig());
    QVERIFY(!callAndWait(probe, u"echo"_s, {-1}).isError());

    std::vector<std::unique_ptr<Client>> all;
    all.reserve(clients);
    int served = 0, refused = 0, dropped = 0;
    auto finished = [&] { return served + refused + dropped == clients; };
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < clients; ++i) {
        auto c = std::make_unique<Client>();
        Client *cp = c.get();
        QObject::connect(&cp->socket, &QTcpSocket::connected, &cp->socket, [cp, serpent] {
            cp->state = State::Handshaking;
            cp->socket.write(message(MsgConnect, SerializerSerpent, 0, connectPayload(serpent)));
        });
        QObject::connect(&cp->socket, &QTcpSocket::readyRead, &cp->socket, [cp, i, serpent, &served, &refused, &dropped] {
            cp->reader.readFrom(&cp->socket);
            PyroMessage m;
            while (cp->reader.next(&m) == PyroMessageReader::Status::MessageReady) {
                if (cp->state == State::Handshaking && m.type() == MsgConnectOk) {
                    cp->state = State::Calling;
                    cp->socket.write(message(MsgInvoke, SerializerSerpent, 1, callPayload(serpent, u"echo"_s, {i})));
                } else if (cp->state == State::Handshaking && m.type() == MsgConnectFail) {
                    cp->state = State::Refused;
                    ++refused;
                } else if (cp->state == State::Calling && m.type() == MsgResult
                           && RawClient::decode(m).toLongLong() == i) {
                    cp->state = State::Served; // and stays connected, holding its slot
                    ++served;
                } else {
                    cp->state = State::Dropped;
                    ++dropped;
                }
            }
        });
        QObject::connect(&cp->socket, &QTcpSocket::errorOccurred, &cp->socket, [cp, &dropped] {
            if (cp->state == State::Connecting || cp->state == State::Handshaking || cp->state == State::Calling) {
                cp->state = State::Dropped;
                ++dropped;
            }
        });
        all.push_back(std::move(c));
    }
    // All at once.
    for (auto &c : all)
        c->socket.connectToHost(QHostAddress::LocalHost, server.port());

    int probeCalls = 0;
    qint64 probeWorstMs = 0;
    const bool done = waitUntil([&] {
        QElapsedTimer t;
        t.start();
        if (!callAndWait(probe, u"echo"_s, {probeCalls}, 10000).isError())
            ++probeCalls;
        probeWorstMs = std::max(probeWorstMs, t.elapsed());
        return finished();
    }, 60000);
    const qint64 elapsed = timer.elapsed();
    qInfo("%d clients (cap %d): %d served, %d refused with CONNECTFAIL, %d dropped, in %lld ms; "
          "%d probe calls meanwhile, slowest %lld ms; daemon fds %d (baseline %d), VmRSS %lld KiB",
          clients, maxConnections ? maxConnections : 1000, served, refused, dropped, elapsed, probeCalls,
          probeWorstMs, server.fdCount(), fdBaseline, server.rssKb());
    QVERIFY2(done, qPrintable(u"%1 served, %2 refused, %3 dropped"_s.arg(served).arg(refused).arg(dropped)));
    QCOMPARE(dropped, 0);
    if (maxConnections == 0) {
        QCOMPARE(served, clients);
    } else {
        QCOMPARE(served, maxConnections - 1); // the probe holds one slot
        QCOMPARE(refused, clients - served);
    }
    QVERIFY(probeCalls > 0);
    all.clear();
    QVERIFY(waitUntil([&] { return server.fdCount() <= fdBaseline + 1; }, 10000));
    QVERIFY(freshCallWorks(server.uri()));
}

void tst_PyroRobustness::clientKilledMidCall()
{
    EchoServerProcess server;
    QVERIFY2(server.start({}, {u"-v"_s}), qPrintable(server.errorString()));
    const int fdBaseline = server.fdCount();
    // pyro-call as the client, killed while its slow() call is running in the daemon.
    QProcess caller;
    caller.start(PyroTestProcess::tool(u"pyro-call"_s), {server.uri().toString(), u"slow"_s});
    QVERIFY(caller.waitForStarted(10000));
    QVERIFY2(waitUntil([&] { return server.output().contains(u"slow: waiting a bit..."_s); }, 10000),
             qPrintable(server.output()));
    caller.kill();
    QVERIFY(caller.waitForFinished(5000));
    QCOMPARE(caller.exitStatus(), QProcess::CrashExit);
    // Served meanwhile, and after the orphaned reply went nowhere.
    QVERIFY(freshCallWorks(server.uri()));
    QVERIFY(waitUntil([&] { return server.output().contains(u"slow: returning result"_s); }, 10000));
    QVERIFY(freshCallWorks(server.uri()));
    QVERIFY(waitUntil([&] { return server.fdCount() <= fdBaseline; }, 5000));
    QVERIFY(server.isRunning());
}

void tst_PyroRobustness::daemonKilledMidCall()
{
    const quint16 port = freePort();
    EchoServerProcess server;
    QVERIFY2(server.start({}, {u"-v"_s}, port), qPrintable(server.errorString()));
    PyroProxy proxy(server.uri(), PyroConfig());
    QVERIFY(!callAndWait(proxy, u"echo"_s, {1}).isError());
    PyroCallReply *reply = proxy.asyncCall(u"slow"_s);
    QSignalSpy finished(reply, &PyroCallReply::finished);
    QVERIFY(waitUntil([&] { return server.output().contains(u"slow: waiting a bit..."_s); }, 10000));
    server.kill();
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->error().code(), PyroError::Code::ConnectionClosed);
    delete reply;

    // Same port again: reconnect() picks it up.
    EchoServerProcess restarted;
    QVERIFY2(restarted.start({}, {}, port), qPrintable(restarted.errorString()));
    QCOMPARE(restarted.port(), port);
    proxy.reconnect();
    QVERIFY(proxy.waitForConnected(QDeadlineTimer(10000)));
    const PyroResult r = callAndWait(proxy, u"echo"_s, {u"again"_s});
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    QCOMPARE(r.value().toString(), u"again"_s);
}

void tst_PyroRobustness::peerStopsReading()
{
    EchoServerProcess server;
    QVERIFY2(server.start({{u"PYRO_COMMTIMEOUT"_s, u"1.5"_s}}), qPrintable(server.errorString()));
    const int fdBaseline = server.fdCount();
    const qint64 rssBefore = server.rssKb();
    const PyroSerializer *marshal = serializer(u"marshal"_s);

    RawClient reader;
    QVERIFY(reader.connectTo(server.port()));
    QVERIFY(reader.handshake(marshal));
    // Stop reading: Qt keeps at most this much for us, then TCP pushes back.
    reader.socket().setReadBufferSize(64 * 1024);
    const QByteArray request = message(MsgInvoke, SerializerMarshal, 1,
                                       callPayload(marshal, u"echo"_s, {QByteArray(4 * 1024 * 1024, 'r')}));
    constexpr int Requests = 20; // 80 MB of replies if the daemon buffered them all
    for (int i = 0; i < Requests; ++i)
        reader.socket().write(request);

    // Others are served while the replies pile up (bounded).
    qint64 peak = 0;
    for (int i = 0; i < 5; ++i) {
        QVERIFY(freshCallWorks(server.uri()));
        peak = std::max(peak, server.rssKb());
    }
    // The daemon gives up on the non-reader after COMMTIMEOUT without progress.
    QVERIFY2(waitUntil([&] {
        peak = std::max(peak, server.rssKb());
        return server.output().contains(u"dropping connection"_s);
    }, 15000), qPrintable(server.output()));
    qInfo("peer not reading %d x 4 MiB echo replies: daemon VmRSS %lld KiB before, peak %lld KiB",
          Requests, rssBefore, peak);
    QVERIFY_MEMORY(peak - rssBefore < 48 * 1024, qPrintable(u"grew %1 KiB"_s.arg(peak - rssBefore)));
    QVERIFY(freshCallWorks(server.uri()));
    reader.close();
    QVERIFY(waitUntil([&] { return server.fdCount() <= fdBaseline; }, 10000));
}

void tst_PyroRobustness::nameServerRestartKeepsRegistry()
{
    QVERIFY(m_dir.isValid());
    const QString db = m_dir.filePath(u"ns-restart.sqlite"_s);
    const quint16 port = freePort();
    const QStringList args{u"-n"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(port), u"-x"_s, u"-s"_s, u"sql:"_s + db};
    const QRegularExpression uriLine(u"URI = (PYRO:\\S+)"_s);
    EchoServerProcess ns;
    QVERIFY2(ns.startTool(u"pyro-ns"_s, args, uriLine), qPrintable(ns.errorString()));

    PyroNameServerProxy proxy(ns.uri(), PyroConfig());
    auto wait = [](PyroCallReply *reply) {
        std::unique_ptr<PyroCallReply> owned(reply);
        QSignalSpy finished(reply, &PyroCallReply::finished);
        if (!reply->isFinished() && !finished.wait(10000))
            return PyroResult(PyroError(PyroError::Code::Timeout, u"no reply"_s));
        return reply->result();
    };
    const PyroUri a(u"PYRO:a@127.0.0.1:1111"_s);
    const PyroUri b(u"PYRO:b@127.0.0.1:2222"_s);
    QVERIFY(!wait(proxy.registerName(u"robust.a"_s, a)).isError());
    QVERIFY(!wait(proxy.registerName(u"robust.b"_s, b, PyroNameServerProxy::RegisterMode::Replace, {u"colour:blue"_s})).isError());

    // A crash, not a clean shutdown: what was registered must already be on disk.
    ns.kill();
    const PyroResult during = wait(proxy.lookup(u"robust.a"_s));
    QVERIFY(during.isError());
    QVERIFY2(during.error().is(PyroError::Code::CommunicationError), qPrintable(during.error().toString()));

    EchoServerProcess restarted;
    QVERIFY2(restarted.startTool(u"pyro-ns"_s, args, uriLine), qPrintable(restarted.errorString()));
    proxy.proxy()->reconnect();
    QVERIFY(proxy.proxy()->waitForConnected(QDeadlineTimer(10000)));
    PyroResult r = wait(proxy.lookup(u"robust.a"_s));
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    QCOMPARE(r.value().value<PyroUri>(), a);
    r = wait(proxy.lookupByMetadata({u"colour:blue"_s}));
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    QVERIFY2(QDebug::toString(r.value()).contains(u"robust.b"_s), qPrintable(QDebug::toString(r.value())));
    r = wait(proxy.count());
    QCOMPARE(r.value().toLongLong(), 3); // + the name server itself
}

void tst_PyroRobustness::tlsEchoServerAndTools()
{
    const QString certs = QStringLiteral(QTPYRO_TEST_DATA) + u"/certs/"_s;
    EchoServerProcess server;
    QVERIFY2(server.start({{u"PYRO_SSL"_s, u"1"_s},
                           {u"PYRO_SSL_SERVERCERT"_s, certs + u"server.pem"_s},
                           {u"PYRO_SSL_SERVERKEY"_s, certs + u"server.key"_s},
                           {u"PYRO_SSL_CACERTS"_s, certs + u"ca.pem"_s},
                           {u"PYRO_SSL_REQUIRECLIENTCERT"_s, u"1"_s},
                           {u"PYRO_COMMTIMEOUT"_s, u"2"_s}}),
             qPrintable(server.errorString()));
    const int fdBaseline = server.fdCount();

    // pyro-call over TLS with a client certificate from PYRO_SSL_* variables.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PYRO_SSL"_s, u"1"_s);
    env.insert(u"PYRO_SSL_CACERTS"_s, certs + u"ca.pem"_s);
    QProcessEnvironment withCert = env;
    withCert.insert(u"PYRO_SSL_CLIENTCERT"_s, certs + u"client.pem"_s);
    withCert.insert(u"PYRO_SSL_CLIENTKEY"_s, certs + u"client-encrypted.key"_s);
    withCert.insert(u"PYRO_SSL_CLIENTKEYPASSWD"_s, u"clientpass"_s);
    const PyroToolRun ok = runTool(PyroTestProcess::tool(u"pyro-call"_s),
                                   {server.uri().toString(), u"echo"_s, u"[1, 'tls']"_s}, withCert);
    QCOMPARE(ok.exitCode, 0);
    QCOMPARE(ok.out, u"[1,'tls']\n"_s);
    const PyroToolRun refused = runTool(PyroTestProcess::tool(u"pyro-call"_s), {server.uri().toString(), u"echo"_s, u"1"_s}, env);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(u"rejected during the TLS handshake"_s), qPrintable(refused.err));

    // Attacks on the TLS port: plain Pyro5, garbage, a stalled handshake. None reaches the
    // daemon's Pyro layer; all are gone after the handshake timeout.
    const QByteArray connect = message(MsgConnect, SerializerSerpent, 0, connectPayload(serializer(u"serpent"_s)));
    std::vector<std::unique_ptr<RawClient>> attackers;
    for (const QByteArray &bytes : {connect, QByteArray(300, '\x16'), QByteArray()}) {
        attackers.push_back(std::make_unique<RawClient>());
        QVERIFY(attackers.back()->connectTo(server.port()));
        if (!bytes.isEmpty())
            attackers.back()->send(bytes);
    }
    for (auto &a : attackers)
        QVERIFY(a->waitClosed(8000));
    QVERIFY(server.output().contains(u"TLS client"_s));
    QVERIFY(!server.output().contains(u"protocol error"_s));

    // And the daemon serves a good TLS client as before.
    const PyroConfig config = PyroConfig::fromEnvironment(withCert);
    QVERIFY(config.ssl());
    PyroProxy proxy(server.uri(), config);
    QCOMPARE(callAndWait(proxy, u"echo"_s, {u"after"_s}).value().toString(), u"after"_s);
    proxy.release();
    QVERIFY(waitUntil([&] { return server.fdCount() <= fdBaseline; }, 10000));
}

void tst_PyroRobustness::tlsNameServerAndTools()
{
    // pyro-ns over TLS (two-way), found and used by pyro-nsc and by pyro-echoserver -n,
    // all configured by PYRO_SSL_* only.
    const QString certs = QStringLiteral(QTPYRO_TEST_DATA) + u"/certs/"_s;
    const QMap<QString, QString> serverTls{{u"PYRO_SSL"_s, u"1"_s},
                                           {u"PYRO_SSL_SERVERCERT"_s, certs + u"server.pem"_s},
                                           {u"PYRO_SSL_SERVERKEY"_s, certs + u"server.key"_s},
                                           {u"PYRO_SSL_CACERTS"_s, certs + u"ca.pem"_s},
                                           {u"PYRO_SSL_REQUIRECLIENTCERT"_s, u"1"_s}};
    EchoServerProcess ns;
    QVERIFY2(ns.startTool(u"pyro-ns"_s, {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s},
                          QRegularExpression(u"URI = (PYRO:\\S+)"_s), serverTls),
             qPrintable(ns.errorString()));
    const QString nsPort = QString::number(ns.uri().port());

    QMap<QString, QString> clientTls{{u"PYRO_SSL"_s, u"1"_s},
                                     {u"PYRO_SSL_CACERTS"_s, certs + u"cadir"_s},
                                     {u"PYRO_SSL_CLIENTCERT"_s, certs + u"client.pem"_s},
                                     {u"PYRO_SSL_CLIENTKEY"_s, certs + u"client.key"_s},
                                     {u"PYRO_NS_HOST"_s, u"127.0.0.1"_s},
                                     {u"PYRO_NS_PORT"_s, nsPort}};
    // The echo server (itself TLS) registers with the TLS name server (-n).
    QMap<QString, QString> echoEnv = serverTls;
    echoEnv.insert(u"PYRO_SSL_CLIENTCERT"_s, certs + u"client2.pem"_s);
    echoEnv.insert(u"PYRO_SSL_CLIENTKEY"_s, certs + u"client2.key"_s);
    echoEnv.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    echoEnv.insert(u"PYRO_NS_PORT"_s, nsPort);
    EchoServerProcess echo;
    QVERIFY2(echo.start(echoEnv, {u"-n"_s}), qPrintable(echo.errorString()));

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = clientTls.cbegin(); it != clientTls.cend(); ++it)
        env.insert(it.key(), it.value());
    const PyroToolRun list = runTool(PyroTestProcess::tool(u"pyro-nsc"_s), {u"list"_s}, env);
    QVERIFY2(list.exitCode == 0, qPrintable(list.out + list.err));
    QVERIFY2(list.out.contains(u"test.echoserver --> "_s + echo.uri().toString()), qPrintable(list.out));
    // PYRONAME resolution through the TLS name server, then a TLS call.
    const PyroToolRun call = runTool(PyroTestProcess::tool(u"pyro-call"_s), {u"PYRONAME:test.echoserver"_s, u"echo"_s, u"'via ns'"_s}, env);
    QVERIFY2(call.exitCode == 0, qPrintable(call.out + call.err));
    QCOMPARE(call.out, u"'via ns'\n"_s);
    // Without a client certificate the name server refuses, and says so.
    env.remove(u"PYRO_SSL_CLIENTCERT"_s);
    env.remove(u"PYRO_SSL_CLIENTKEY"_s);
    const PyroToolRun refused = runTool(PyroTestProcess::tool(u"pyro-nsc"_s), {u"list"_s}, env);
    QVERIFY(refused.exitCode != 0);
    QVERIFY2((refused.out + refused.err).contains(u"TLS"_s), qPrintable(refused.out + refused.err));
}

QTEST_MAIN(tst_PyroRobustness)
#include "tst_pyrorobustness.moc"
