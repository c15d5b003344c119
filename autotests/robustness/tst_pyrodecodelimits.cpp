// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The decoding side of the hardening against single hostile packets: memory-exhausting
// compressed payloads (answered, the daemon keeps serving under a memory limit), the
// inflate ratio and decoded-item budgets, hash collisions in dict keys and sets, and big
// based integer literals. Each attack goes to a real pyro-echoserver, and a fresh client
// must be served promptly afterwards.

#include "robustnesshelpers.h"

#include "pyroconfig.h"
#include "pyroerror.h"
#include "pyrocallreply.h"
#include "pyroproxy.h"
#include "pyroprotocol_p.h"
#include "pyrovalues.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QtEndian>
#include <QtCore/QProcessEnvironment>
#include <QtNetwork/QTcpServer>
#include <QtTest/QtTest>

#include <sys/resource.h>

#include <cmath>
#include <limits>

#if defined(__SANITIZE_ADDRESS__)
#define QTPYRO_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QTPYRO_TEST_ASAN 1
#endif
#endif

// Sanitizer builds (unoptimized, instrumented) run the decoders 10-20 times slower; the
// absolute time bounds scale with it, the scaling checks do not.
#ifdef QTPYRO_TEST_ASAN
constexpr int SlowBuildFactor = 12;
#else
constexpr int SlowBuildFactor = 1;
#endif

using namespace Qt::StringLiterals;
using namespace PyroProtocol;
using namespace Robustness;

class tst_PyroDecodeLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void configItems();
    void inflateAllowance();
    void hashSpreadsComplexAndNan();
    void itemBudget_data();
    void itemBudget();
    void compressedBomb_data();
    void compressedBomb();
    void proxyReplyBomb();
    void hashCollisions_data();
    void hashCollisions();
    void bigIntLiterals_data();
    void bigIntLiterals();
    void bigIntDecodeIsLinear_data();
    void bigIntDecodeIsLinear();
    void marshalLongReferencesShareConversion();

private:
    static bool handshake(RawClient &client, bool nameServer)
    {
        const QString object = nameServer ? u"Pyro.NameServer"_s : u"test.echoserver"_s;
        client.send(message(MsgConnect, SerializerSerpent, 0, connectPayload(serpent(), object)));
        const auto reply = client.next();
        return reply && reply->type() == MsgConnectOk;
    }
    // A fresh client: CONNECT, echo, answered within a few seconds.
    static bool freshClientServed(quint16 port);
    // Sends an echo call to a fresh pyro-echoserver: answered without an exception within
    // boundMs, and a fresh client served right after.
    static void timedEcho(const PyroSerializer *s, const QByteArray &payload, qint64 boundMs);
    // A serpent list of `literals` based int literals of `digitsPerLiteral` digits each
    // ('b', 'o' or 'x'), all below the 4300-decimal-digit limit.
    static QByteArray basedLiterals(char letter, int digitsPerLiteral, int literals);
    // Best of a few in-process decodes, in ms (the minimum filters out load spikes).
    static double bestDecodeMs(const PyroSerializer *s, const QByteArray &bytes, int *items);
    static const PyroSerializer *serpent() { return PyroSerializer::byName(u"serpent"); }
    static const PyroSerializer *marshal() { return PyroSerializer::byName(u"marshal"); }
};

void tst_PyroDecodeLimits::initTestCase()
{
    QVERIFY(serpent());
    QVERIFY(marshal());
}

bool tst_PyroDecodeLimits::freshClientServed(quint16 port)
{
    RawClient client;
    if (!client.connectTo(port) || !client.handshake(serpent()))
        return false;
    client.send(message(MsgInvoke, SerializerSerpent, 1, callPayload(serpent(), u"echo"_s, {42})));
    const auto reply = client.next(10000);
    return reply && reply->type() == MsgResult && !(reply->flags() & FlagException)
        && RawClient::decode(*reply) == QVariant(qlonglong(42));
}

void tst_PyroDecodeLimits::configItems()
{
    const PyroConfig defaults;
    QCOMPARE(defaults.maxInflateRatio(), 16);
    QCOMPARE(defaults.maxDecodeItemsPerByte(), 1);
    QProcessEnvironment env;
    env.insert(u"QTPYRO_MAX_INFLATE_RATIO"_s, u"4"_s);
    env.insert(u"QTPYRO_MAX_DECODE_ITEMS_PER_BYTE"_s, u"many"_s);
    QStringList errors;
    const PyroConfig config = PyroConfig::fromEnvironment(env, &errors);
    QCOMPARE(config.maxInflateRatio(), 4);
    QCOMPARE(config.maxDecodeItemsPerByte(), 1);
    QCOMPARE(errors, QStringList{u"invalid QtPyro environment config value: QTPYRO_MAX_DECODE_ITEMS_PER_BYTE=many"_s});
}

void tst_PyroDecodeLimits::inflateAllowance()
{
    QCOMPARE(PyroMessage::inflateAllowance(16, 100), PyroMessage::MinInflateAllowance);
    QCOMPARE(PyroMessage::inflateAllowance(16, 1 << 20), qint64(16) << 20);
    QVERIFY(PyroMessage::inflateAllowance(0, 1 << 20) > qint64(1) << 40);
    // Exactly at the allowance inflates; one byte more is refused with "too large".
    const QByteArray packed = PyroCompression::compress(QByteArray(PyroMessage::MinInflateAllowance, 'a'));
    PyroMessage message(MsgInvoke, SerializerSerpent, 1, FlagCompressed);
    message.payload = packed;
    PyroError error;
    QCOMPARE(message.uncompressedPayload(&error, PyroProtocol::DefaultMaxMessageSize, 16).size(),
             PyroMessage::MinInflateAllowance);
    QVERIFY(!error.isError());
    message.payload = PyroCompression::compress(QByteArray(PyroMessage::MinInflateAllowance + 1, 'a'));
    QVERIFY(message.uncompressedPayload(&error, PyroProtocol::DefaultMaxMessageSize, 16).isEmpty());
    QVERIFY2(error.message().contains(u"too large"_s), qPrintable(error.message()));
}

void tst_PyroDecodeLimits::hashSpreadsComplexAndNan()
{
    // complex(x, x) all hashed to 0 with a xor combine; NaNs all shared one hash.
    QSet<size_t> complexHashes, nanHashes;
    for (int i = 0; i < 1000; ++i) {
        complexHashes.insert(PyroValues::hash(QVariant::fromValue(PyroComplex(i + 0.5, i + 0.5))));
        nanHashes.insert(PyroValues::hash(std::numeric_limits<double>::quiet_NaN()));
    }
    QVERIFY(complexHashes.size() > 990);
    QVERIFY(nanHashes.size() > 990);
    // Still consistent with equals(): 1 == 1.0 == True == complex(1, 0).
    QCOMPARE(PyroValues::hash(1), PyroValues::hash(1.0));
    QCOMPARE(PyroValues::hash(1), PyroValues::hash(true));
    QCOMPARE(PyroValues::hash(1), PyroValues::hash(QVariant::fromValue(PyroComplex(1, 0))));
    // NaN keys stay apart, like Python's (NaN != NaN); a tuple of NaN too.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QList<PyroDict::Entry> pairs{{nan, 1}, {nan, 2}, {1, 3}, {1.0, 4}};
    QCOMPARE(PyroDict::fromPairs(std::move(pairs)).size(), 3);
    // Keys Python could not hash (here URIs, which all hash by their type) still cost a
    // bounded number of comparisons each: 20 000 of them took seconds when every lookup
    // walked the whole bucket.
    QList<PyroDict::Entry> uris;
    for (int i = 0; i < 20000; ++i)
        uris.append({QVariant::fromValue(PyroUri(u"PYRO:obj%1@localhost:%2"_s.arg(i).arg(1 + i % 60000))), i});
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(PyroDict::fromPairs(std::move(uris)).size(), 20000);
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
}

void tst_PyroDecodeLimits::itemBudget_data()
{
    QTest::addColumn<QString>("serializer");
    for (const char *name : {"serpent", "json", "marshal", "msgpack"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void tst_PyroDecodeLimits::itemBudget()
{
    QFETCH(QString, serializer);
    PyroError error;
    const PyroSerializer *s = PyroSerializer::byName(serializer, &error);
    if (!s)
        QSKIP(qPrintable(error.message()));
    QVariantList list;
    for (int i = 0; i < 5000; ++i)
        list.append(QVariantMap{{u"k"_s, QVariantList{i, i}}});
    const QByteArray bytes = encode(s, list);
    QVERIFY(!bytes.isEmpty());

    PyroDecodeOptions options;
    // Per element: 1 (the dict in the list) + 2 (its key and value) + 2 (the inner list's items).
    options.maxItems = 25000;
    QVERIFY2(s->decode(bytes, options, &error).isValid(), qPrintable(error.message()));
    options.maxItems = 24999;
    QVERIFY(!s->decode(bytes, options, &error).isValid());
    QCOMPARE(error.pythonClass(), u"builtins.MemoryError"_s);
    QVERIFY2(error.message().contains(u"24999"_s), qPrintable(error.message()));
}

// The bomb: a zlib-compressed serpent call (or, for the proxy, a reply value) whose
// argument is a list of empty lists, 128 MiB inflated; made once per kind.
constexpr qsizetype BombSize = qsizetype(128) * 1024 * 1024;
enum class BombKind { EchoCall, NameServerLookup, ReplyValue };
static QByteArray bombPayload(BombKind kind)
{
    static QHash<int, QByteArray> made;
    QByteArray &packed = made[int(kind)];
    if (!packed.isEmpty())
        return packed;
    QByteArray text(kind == BombKind::EchoCall ? "# serpent utf-8 python3.2\n('test.echoserver','echo',(["
                    : kind == BombKind::NameServerLookup ? "# serpent utf-8 python3.2\n('Pyro.NameServer','lookup',(["
                                                         : "# serpent utf-8 python3.2\n[");
    text.reserve(BombSize + 64);
    while (text.size() < BombSize)
        text.append("[],[],[],[],[],[],[],[],", 24);
    text.append(kind == BombKind::ReplyValue ? "]" : "],),{})");
    packed = PyroCompression::compress(text);
    return packed;
}

void tst_PyroDecodeLimits::compressedBomb_data()
{
    QTest::addColumn<QString>("inflateRatio");
    QTest::addColumn<bool>("connect");
    QTest::addColumn<bool>("expectMemoryError");
    QTest::addColumn<bool>("nameServer");
    // With MAX_INFLATE_RATIO off the payload inflates and the decoder runs out of memory:
    // Pyro5's MemoryError reply (call) or CONNECTFAIL (handshake), the process lives on.
    QTest::newRow("call, ratio off: MemoryError") << u"0"_s << false << true << false;
    QTest::newRow("CONNECT, ratio off: CONNECTFAIL") << u"0"_s << true << true << false;
    QTest::newRow("pyro-ns lookup, ratio off: MemoryError") << u"0"_s << false << true << true;
    // With the default ratio the bomb is refused before it inflates: the connection closes.
    QTest::newRow("call, default ratio: refused") << QString() << false << false << false;
}

void tst_PyroDecodeLimits::compressedBomb()
{
#ifdef QTPYRO_TEST_ASAN
    QSKIP("RLIMIT_AS cannot be used under AddressSanitizer");
#else
    QFETCH(QString, inflateRatio);
    QFETCH(bool, connect);
    QFETCH(bool, expectMemoryError);
    QFETCH(bool, nameServer);

    // 1 GiB of address space: the payload inflates (128 MiB), decoding it would take
    // about 30 times that.
    constexpr rlim_t Limit = rlim_t(1024) * 1024 * 1024;
    EchoServerProcess server;
    server.setChildProcessModifier([] {
        const rlimit limit{Limit, Limit};
        ::setrlimit(RLIMIT_AS, &limit);
    });
    QMap<QString, QString> env;
    if (!inflateRatio.isNull())
        env.insert(u"QTPYRO_MAX_INFLATE_RATIO"_s, inflateRatio);
    if (nameServer) {
        const QStringList args{u"-n"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(freePort()), u"-x"_s};
        QVERIFY2(server.startTool(u"pyro-ns"_s, args, QRegularExpression(u"URI = (PYRO:\\S+)"_s), env),
                 qPrintable(server.errorString()));
    } else {
        QVERIFY2(server.start(env), qPrintable(server.errorString()));
    }

    const QByteArray packed = bombPayload(nameServer ? BombKind::NameServerLookup : BombKind::EchoCall);
    QVERIFY(!packed.isEmpty());
    QVERIFY(packed.size() < 1024 * 1024);

    RawClient attacker;
    QVERIFY(attacker.connectTo(server.port()));
    if (connect) {
        attacker.send(message(MsgConnect, SerializerSerpent, 0, packed, FlagCompressed));
    } else {
        QVERIFY(handshake(attacker, nameServer));
        attacker.send(message(MsgInvoke, SerializerSerpent, 1, packed, FlagCompressed));
    }
    const auto reply = attacker.next(60000);
    if (expectMemoryError) {
        QVERIFY2(reply, "no answer to the bomb");
        if (connect) {
            QCOMPARE(reply->type(), MsgConnectFail);
        } else {
            QCOMPARE(reply->type(), MsgResult);
            QVERIFY(reply->flags() & FlagException);
            const PyroError error = RawClient::decode(*reply).value<PyroError>();
            QCOMPARE(error.pythonClass(), u"builtins.MemoryError"_s);
            // The connection stays usable, as with Pyro5.
            attacker.send(message(MsgInvoke, SerializerSerpent, 2,
                                  nameServer ? callPayload(serpent(), u"ping"_s, {}, u"Pyro.NameServer"_s)
                                             : callPayload(serpent(), u"echo"_s, {7})));
            const auto next = attacker.next(10000);
            QVERIFY(next && !(next->flags() & FlagException));
        }
    } else {
        QVERIFY(!reply);
        QVERIFY(attacker.waitClosed());
    }
    QVERIFY(server.isRunning());
    if (nameServer) {
        RawClient fresh;
        QVERIFY(fresh.connectTo(server.port()));
        QVERIFY(handshake(fresh, true));
        fresh.send(message(MsgInvoke, SerializerSerpent, 1,
                           callPayload(serpent(), u"ping"_s, {}, u"Pyro.NameServer"_s)));
        const auto pong = fresh.next(10000);
        QVERIFY(pong && !(pong->flags() & FlagException));
    } else {
        QVERIFY(freshClientServed(server.port()));
    }
    const qint64 rssKb = server.rssKb();
    qInfo("daemon RSS after the bomb: %lld KiB", rssKb);
    QVERIFY2(rssKb < 512 * 1024, qPrintable(QString::number(rssKb)));
    server.stop();
#endif
}

// Our proxy decoding a reply that exhausts its memory: the call fails with MemoryError,
// the program goes on.
void tst_PyroDecodeLimits::proxyReplyBomb()
{
#ifdef QTPYRO_TEST_ASAN
    QSKIP("RLIMIT_AS cannot be used under AddressSanitizer");
#else
    const QByteArray packed = bombPayload(BombKind::ReplyValue);
    QVERIFY(!packed.isEmpty());

    // A fake daemon: CONNECTOK, then the bomb as the result of any call.
    const QVariantMap meta{{u"methods"_s, QVariantList{u"anything"_s}}, {u"oneway"_s, QVariantList()},
                           {u"attrs"_s, QVariantList()}};
    const QVariantMap handshake{{u"handshake"_s, u"hello"_s}, {u"meta"_s, meta}};
    QTcpServer fake;
    QVERIFY(fake.listen(QHostAddress::LocalHost, 0));
    PyroMessageReader reader;
    QTcpSocket *peer = nullptr;
    connect(&fake, &QTcpServer::newConnection, this, [&] {
        peer = fake.nextPendingConnection();
        connect(peer, &QTcpSocket::readyRead, this, [&] {
            reader.readFrom(peer);
            PyroMessage m;
            while (reader.next(&m) == PyroMessageReader::Status::MessageReady) {
                if (m.type() == MsgConnect)
                    peer->write(message(MsgConnectOk, SerializerSerpent, m.header.seq, encode(serpent(), handshake)));
                else
                    peer->write(message(MsgResult, SerializerSerpent, m.header.seq, packed, FlagCompressed));
            }
        });
    });
    PyroConfig config;
    config.setMaxInflateRatio(0);
    PyroProxy proxy(PyroUri(u"PYRO:bomb@127.0.0.1:%1"_s.arg(fake.serverPort())), config);

    // Address space for the inflated 128 MiB, not for decoding it.
    rlimit saved{};
    QVERIFY(::getrlimit(RLIMIT_AS, &saved) == 0);
    QFile status(u"/proc/self/status"_s);
    QVERIFY(status.open(QIODevice::ReadOnly));
    rlim_t current = 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmSize:"))
            current = rlim_t(line.mid(7).trimmed().split(' ').value(0).toLongLong()) * 1024;
    }
    QVERIFY(current > 0);
    const rlimit limited{std::min<rlim_t>(current + rlim_t(512) * 1024 * 1024, saved.rlim_max), saved.rlim_max};
    QVERIFY(::setrlimit(RLIMIT_AS, &limited) == 0);
    PyroCallReply *reply = proxy.asyncCall(u"anything"_s);
    QSignalSpy finished(reply, &PyroCallReply::finished);
    const bool done = finished.wait(60000) || finished.count() == 1;
    ::setrlimit(RLIMIT_AS, &saved);
    QVERIFY(done);
    QVERIFY2(reply->error().pythonClass() == u"builtins.MemoryError"_s, qPrintable(reply->error().message()));
    delete reply;
#endif
}

void tst_PyroDecodeLimits::hashCollisions_data()
{
    QTest::addColumn<QVariant>("argument");
    constexpr int Count = 50000;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    PyroDict complexKeys, nanKeys;
    QVariantList complexItems, nanTupleItems;
    for (int i = 0; i < Count; ++i) {
        complexKeys.append(QVariant::fromValue(PyroComplex(i + 1, i + 1)), QVariant());
        nanKeys.append(nan, i);
        complexItems.append(QVariant::fromValue(PyroComplex(i + 1, i + 1)));
        nanTupleItems.append(QVariant::fromValue(PyroTuple{nan, i % 7}));
    }
    QTest::newRow("dict with complex(x, x) keys") << QVariant::fromValue(complexKeys);
    QTest::newRow("dict with NaN keys") << QVariant::fromValue(nanKeys);
    QTest::newRow("set of complex(x, x)") << QVariant::fromValue(PyroSet(complexItems));
    QTest::newRow("set of (NaN, n) tuples") << QVariant::fromValue(PyroSet(nanTupleItems));
}

void tst_PyroDecodeLimits::hashCollisions()
{
    QFETCH(QVariant, argument);
    const QByteArray payload = callPayload(marshal(), u"echo"_s, {argument});
    QVERIFY(!payload.isEmpty());
    // Milliseconds in Python; the quadratic buckets took about a minute. Generous for load.
    timedEcho(marshal(), payload, 5000);
}

void tst_PyroDecodeLimits::timedEcho(const PyroSerializer *s, const QByteArray &payload, qint64 boundMs)
{
    EchoServerProcess server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    RawClient attacker;
    QVERIFY(attacker.connectTo(server.port()));
    QVERIFY(attacker.handshake(s));
    QElapsedTimer timer;
    timer.start();
    attacker.send(message(MsgInvoke, quint8(s->id()), 1, payload));
    const auto reply = attacker.next(120000);
    const qint64 elapsed = timer.elapsed();
    qInfo("%lld bytes answered in %lld ms", qlonglong(payload.size()), elapsed);
    QVERIFY(reply);
    QVERIFY2(!(reply->flags() & FlagException), qPrintable(RawClient::decode(*reply).value<PyroError>().message()));
    QVERIFY2(elapsed < boundMs, qPrintable(QString::number(elapsed)));
    QVERIFY(freshClientServed(server.port()));
    server.stop();
}

QByteArray tst_PyroDecodeLimits::basedLiterals(char letter, int digitsPerLiteral, int literals)
{
    const char top = letter == 'b' ? '1' : letter == 'o' ? '7' : 'f';
    QByteArray list("[");
    for (int i = 0; i < literals; ++i) {
        list.append('0').append(letter).append(QByteArray(digitsPerLiteral - 1, top));
        list.append(char('1' + i % 7 % (letter == 'b' ? 1 : 7))).append(',');
    }
    return list.append(']');
}

double tst_PyroDecodeLimits::bestDecodeMs(const PyroSerializer *s, const QByteArray &bytes, int *items)
{
    double best = std::numeric_limits<double>::infinity();
    for (int round = 0; round < 3; ++round) {
        QElapsedTimer timer;
        timer.start();
        PyroError error;
        const QVariant value = s->deserialize(bytes, &error);
        best = qMin(best, timer.nsecsElapsed() / 1e6);
        if (error.isError())
            qWarning("%s", qPrintable(error.message()));
        *items = int(value.toList().size());
    }
    return best;
}

void tst_PyroDecodeLimits::bigIntLiterals_data()
{
    QTest::addColumn<char>("letter");
    QTest::addColumn<int>("digitsPerLiteral");
    QTest::addColumn<int>("literals");
    // Literals just under the 4300-decimal-digit limit (14,000 bits), a few MB of them;
    // the daemon decodes them and answers briefly (oneway_echo returns a short text).
    QTest::newRow("binary") << 'b' << 14000 << 2000;
    QTest::newRow("octal") << 'o' << 4666 << 3000;
    QTest::newRow("hex") << 'x' << 3500 << 4000;
}

void tst_PyroDecodeLimits::bigIntLiterals()
{
    QFETCH(char, letter);
    QFETCH(int, digitsPerLiteral);
    QFETCH(int, literals);
    QByteArray payload("# serpent utf-8 python3.2\n('test.echoserver','oneway_echo',(");
    payload.append(basedLiterals(letter, digitsPerLiteral, literals)).append(",),{})");
    // The magnitudes stay binary (linear to build). With a conversion to decimal per
    // literal (quadratic in its length) these took 1.4 s (binary), 2.2 s (octal) and
    // 3.1 s (hex) on an idle machine; now 0.15-0.3 s.
    timedEcho(serpent(), payload, 1000 * SlowBuildFactor);
}

void tst_PyroDecodeLimits::bigIntDecodeIsLinear_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<char>("letter");
    QTest::addColumn<int>("digitsPerLiteral");
    QTest::newRow("serpent hex") << u"serpent"_s << 'x' << 3500;
    QTest::newRow("serpent octal") << u"serpent"_s << 'o' << 4666;
    QTest::newRow("serpent binary") << u"serpent"_s << 'b' << 14000;
    QTest::newRow("marshal long") << u"marshal"_s << 'x' << 3500;
}

void tst_PyroDecodeLimits::bigIntDecodeIsLinear()
{
    // The same number of digits as 200 full-size literals and as 800 literals a quarter
    // as long: a linear decode takes about as long for both, a quadratic one (a decimal
    // conversion per literal) four times as long for the long literals.
    QFETCH(QString, serializer);
    QFETCH(char, letter);
    QFETCH(int, digitsPerLiteral);
    const PyroSerializer *s = PyroSerializer::byName(serializer);
    QVERIFY(s);
    constexpr int longCount = 200;
    QByteArray longBytes = basedLiterals(letter, digitsPerLiteral, longCount);
    QByteArray shortBytes = basedLiterals(letter, digitsPerLiteral / 4, longCount * 4);
    if (s != serpent()) { // the same values as marshal longs
        PyroError error;
        longBytes = s->serialize(serpent()->deserialize(longBytes), &error);
        QVERIFY(!error.isError());
        shortBytes = s->serialize(serpent()->deserialize(shortBytes), &error);
        QVERIFY(!error.isError());
    }
    int longItems = 0, shortItems = 0;
    // Interleaved, so that a burst of load on the machine hits both.
    double longMs = bestDecodeMs(s, longBytes, &longItems);
    double shortMs = bestDecodeMs(s, shortBytes, &shortItems);
    longMs = qMin(longMs, bestDecodeMs(s, longBytes, &longItems));
    shortMs = qMin(shortMs, bestDecodeMs(s, shortBytes, &shortItems));
    QCOMPARE(longItems, longCount);
    QCOMPARE(shortItems, longCount * 4);
    qInfo("%lld bytes of full-size literals: %.1f ms; %lld bytes of quarter-size literals: %.1f ms",
          qlonglong(longBytes.size()), longMs, qlonglong(shortBytes.size()), shortMs);
    // Generous: the quadratic conversion gave ratios of 3-4 and over 100 ms here.
    QVERIFY2(longMs <= 2 * shortMs + 5, qPrintable(u"%1 ms vs %2 ms"_s.arg(longMs).arg(shortMs)));
    QVERIFY2(longMs < 250 * SlowBuildFactor, qPrintable(QString::number(longMs)));
}

void tst_PyroDecodeLimits::marshalLongReferencesShareConversion()
{
    // One 14,000-bit long stored with FLAG_REF and referenced 20,000 times: the decoded
    // items share one value, so writing them as decimal text converts the long once
    // (20,000 conversions took several seconds).
    constexpr int refs = 20000;
    const PyroBigInt big = serpent()->deserialize(basedLiterals('x', 3500, 1)).toList().value(0).value<PyroBigInt>();
    QVERIFY(big.isValid());
    const QByteArray longBytes = marshal()->serialize(QVariant::fromValue(big));
    QCOMPARE(longBytes.at(0), 'l');
    auto int32 = [](qint32 v) {
        QByteArray b(4, 0);
        qToLittleEndian(v, b.data());
        return b;
    };
    QByteArray bytes = '[' + int32(refs + 1);
    bytes.append(char(uchar('l') | 0x80)).append(longBytes.mid(1)); // FLAG_REF: reference 0
    for (int i = 0; i < refs; ++i)
        bytes.append('r').append(int32(0));
    QElapsedTimer timer;
    timer.start();
    PyroError error;
    const QVariantList items = marshal()->deserialize(bytes, &error).toList();
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    QCOMPARE(items.size(), refs + 1);
    QCOMPARE(items.last().value<PyroBigInt>(), big);
    const QByteArray json = PyroSerializer::byName(u"json")->serialize(items, &error);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(!error.isError(), qPrintable(error.message()));
    QCOMPARE(json.count(big.digits()), refs + 1);
    qInfo("%d references decoded and written as JSON in %lld ms", refs, elapsed);
    QVERIFY2(elapsed < 2000 * SlowBuildFactor, qPrintable(QString::number(elapsed)));
}

QTEST_GUILESS_MAIN(tst_PyroDecodeLimits)
#include "tst_pyrodecodelimits.moc"
