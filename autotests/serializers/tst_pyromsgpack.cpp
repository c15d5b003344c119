// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The msgpack serializer plugin (id 4): every wire form and Pyro5 ext type in both
// directions, Python's strict map keys, class dicts mapped bottom-up, and hostile input
// (truncation at every byte, absurd lengths, 100 000-deep nesting, unknown ext types),
// which must always end in a SerializeError, never a crash or a huge allocation.
// Expected bytes come from Python (msgpack 1.0.3 + Pyro5's MsgpackSerializer, TZ=UTC).

#include "pyroerror.h"
#include "pyroobjectref.h"
#include "pyroserializer.h"
#include "pyrotestvectors.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QLine>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTime>
#include <QtCore/QTimeZone>
#include <QtTest/QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(QByteArray(text));
}

// {"__class__": "Pyro5.core.URI", "state": ["PYRO", "obj", None, "localhost", 9090]}
constexpr const char *uriHex = "82a95f5f636c6173735f5fae5079726f352e636f72652e555249a5737461746595a450"
                               "59524fa36f626ac0a96c6f63616c686f7374cd2382";

QVariant big(const char *digits)
{
    return QVariant::fromValue(PyroBigInt::fromLatin1(digits));
}

QVariant tuple(std::initializer_list<QVariant> items)
{
    return QVariant::fromValue(PyroTuple(items));
}

QVariant dict(std::initializer_list<PyroDict::Entry> entries)
{
    return QVariant::fromValue(PyroDict(entries));
}

QString describe(const QVariant &v)
{
    QString text;
    QDebug(&text) << v;
    return text;
}

// Same Python value and the same C++ container type at the top (QVariantMap vs PyroDict,
// QVariantList vs PyroTuple, qlonglong vs PyroBigInt...).
bool sameValue(const QVariant &actual, const QVariant &expected)
{
    if (expected.typeId() == qMetaTypeId<PyroError>()) {
        // A decoded exception is remote, one made locally is not: compare what travels.
        if (actual.typeId() != expected.typeId())
            return false;
        const PyroError a = actual.value<PyroError>();
        const PyroError e = expected.value<PyroError>();
        return a.isRemote()
            && PyroValues::identical(QVariant::fromValue(a.toExceptionDict()),
                                     QVariant::fromValue(e.toExceptionDict()));
    }
    return actual.typeId() == expected.typeId() && PyroValues::identical(actual, expected);
}

QByteArray nested(int depth, char open, const QByteArray &innermost, const QByteArray &perLevel = {})
{
    QByteArray data;
    data.reserve(depth * (1 + perLevel.size()) + innermost.size());
    for (int i = 0; i < depth; ++i) {
        data.append(open);
        data.append(perLevel);
    }
    data.append(innermost);
    return data;
}

} // namespace

class tst_PyroMsgpack : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void registry();
    void decode_data();
    void decode();
    void decodeRaw_data();
    void decodeRaw();
    void decodeErrors_data();
    void decodeErrors();
    void truncated_data();
    void truncated();
    void mutations();
    void depthLimit();
    void encode_data();
    void encode();
    void encodeStringAndBinaryHeaders_data();
    void encodeStringAndBinaryHeaders();
    void encodeErrors_data();
    void encodeErrors();
    void encodeTooDeep();
    void roundTrip_data();
    void roundTrip();
    void callEnvelope();
    void messagePayloads();

private:
    const PyroSerializer *m_msgpack = nullptr;
};

void tst_PyroMsgpack::initTestCase()
{
    PyroTestVectors::useUtc(); // ext 0x32 is local time; the expected bytes assume UTC
    PyroError error;
    m_msgpack = PyroSerializer::byId(4, &error);
    QVERIFY2(m_msgpack, qPrintable(error.toString()));
}

void tst_PyroMsgpack::registry()
{
    QCOMPARE(m_msgpack->id(), quint8(4));
    QCOMPARE(m_msgpack->name(), u"msgpack"_s);
    QCOMPARE(PyroSerializer::byName(u"msgpack"), m_msgpack);
    QCOMPARE(PyroSerializer::byName(u"MsgPack"), m_msgpack);
    QVERIFY(PyroSerializer::availableIds().contains(4));
}

void tst_PyroMsgpack::decode_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("nil") << hex("c0") << PyroValues::none();
    QTest::newRow("true") << hex("c3") << QVariant(true);
    QTest::newRow("false") << hex("c2") << QVariant(false);

    // Every integer form, also the non-minimal ones Python never writes.
    QTest::newRow("fixint 0") << hex("00") << QVariant(0LL);
    QTest::newRow("fixint 127") << hex("7f") << QVariant(127LL);
    QTest::newRow("negative fixint -1") << hex("ff") << QVariant(-1LL);
    QTest::newRow("negative fixint -32") << hex("e0") << QVariant(-32LL);
    QTest::newRow("uint8 255") << hex("ccff") << QVariant(255LL);
    QTest::newRow("uint16 65535") << hex("cdffff") << QVariant(65535LL);
    QTest::newRow("uint32 max") << hex("ceffffffff") << QVariant(4294967295LL);
    QTest::newRow("uint64 1") << hex("cf0000000000000001") << QVariant(1LL);
    QTest::newRow("uint64 int64 max") << hex("cf7fffffffffffffff")
                                      << QVariant(std::numeric_limits<qlonglong>::max());
    QTest::newRow("uint64 2^63") << hex("cf8000000000000000") << big("9223372036854775808");
    QTest::newRow("uint64 max") << hex("cfffffffffffffffff") << big("18446744073709551615");
    QTest::newRow("int8 -128") << hex("d080") << QVariant(-128LL);
    QTest::newRow("int8 positive") << hex("d005") << QVariant(5LL);
    QTest::newRow("int16 -32768") << hex("d18000") << QVariant(-32768LL);
    QTest::newRow("int32 min") << hex("d280000000") << QVariant(-2147483648LL);
    QTest::newRow("int64 min") << hex("d38000000000000000")
                               << QVariant(std::numeric_limits<qlonglong>::min());
    QTest::newRow("int64 positive") << hex("d3000000000000002a") << QVariant(42LL);

    QTest::newRow("float32 1.5") << hex("ca3fc00000") << QVariant(1.5);
    QTest::newRow("float64 -0.0") << hex("cb8000000000000000") << QVariant(-0.0);
    QTest::newRow("float64 nan") << hex("cb7ff8000000000000") << QVariant(std::nan(""));
    QTest::newRow("float64 inf") << hex("cb7ff0000000000000") << QVariant(HUGE_VAL);

    QTest::newRow("fixstr empty") << hex("a0") << QVariant(QString());
    QTest::newRow("fixstr") << hex("a3616263") << QVariant(u"abc"_s);
    QTest::newRow("str8") << hex("d9026869") << QVariant(u"hi"_s);
    QTest::newRow("str16") << hex("da00026869") << QVariant(u"hi"_s);
    QTest::newRow("str32") << hex("db000000026869") << QVariant(u"hi"_s);
    QTest::newRow("str utf-8") << hex("aa68c3a9e282acf09f9880")
                               << QVariant(u"h\u00e9\u20ac"_s + QString::fromUcs4(U"\U0001F600", 1));
    QTest::newRow("bin8 empty") << hex("c400") << QVariant(QByteArray(""));
    QTest::newRow("bin8") << hex("c402ff00") << QVariant(QByteArray("\xff\x00", 2));
    QTest::newRow("bin16") << hex("c500017a") << QVariant(QByteArray("z"));
    QTest::newRow("bin32") << hex("c6000000017a") << QVariant(QByteArray("z"));

    QTest::newRow("fixarray empty") << hex("90") << QVariant(QVariantList());
    QTest::newRow("fixarray") << hex("9301a178c0")
                              << QVariant(QVariantList{1LL, u"x"_s, PyroValues::none()});
    QTest::newRow("array16") << hex("dc00020102") << QVariant(QVariantList{1LL, 2LL});
    QTest::newRow("array32") << hex("dd000000020102") << QVariant(QVariantList{1LL, 2LL});
    QTest::newRow("nested arrays") << hex("929190c3")
                                   << QVariant(QVariantList{QVariantList{QVariantList()}, true});

    QTest::newRow("fixmap empty") << hex("80") << QVariant(QVariantMap());
    QTest::newRow("fixmap") << hex("82a16201a16192c0c2")
                            << QVariant(QVariantMap{{u"b"_s, 1LL},
                                                    {u"a"_s, QVariantList{PyroValues::none(), false}}});
    QTest::newRow("map16") << hex("de0001a16101") << QVariant(QVariantMap{{u"a"_s, 1LL}});
    QTest::newRow("map32") << hex("df00000001a16101") << QVariant(QVariantMap{{u"a"_s, 1LL}});
    QTest::newRow("duplicate keys: last wins") << hex("82a16101a16102") << QVariant(QVariantMap{{u"a"_s, 2LL}});
    // strict_map_key allows bytes keys; such a dict is not all-str, so it keeps its order.
    QTest::newRow("bytes key") << hex("82c4016101a16102")
                               << dict({{QByteArray("a"), 1LL}, {u"a"_s, 2LL}});

    // Pyro5's ext types.
    QTest::newRow("ext complex") << hex("d830000000000000f83f00000000000004c0")
                                 << QVariant::fromValue(PyroComplex(1.5, -2.5));
    QTest::newRow("ext big int") << hex("c7163131313830353931363230373137343131333033343234")
                                 << big("1180591620717411303424");
    QTest::newRow("ext negative big int") << hex("c717312d31313830353931363230373137343131333033343234")
                                          << big("-1180591620717411303424");
    QTest::newRow("ext big int that fits") << hex("d5313432") << QVariant(42LL);
    QTest::newRow("ext big int int() syntax") << hex("c70531" "20315f3020") << QVariant(10LL);
    QTest::newRow("ext datetime") << hex("d7320000d0c92078d941")
                                  << QVariant(QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15, 250)));
    QTest::newRow("ext datetime before epoch") << hex("d732000000000000e0bf")
                                               << QVariant(QDateTime(QDate(1969, 12, 31), QTime(23, 59, 59, 500)));
    QTest::newRow("ext datetime rounds to microseconds") << hex("d732" "ffffffffffffff3f") // 1.9999999999999998
                                                         << QVariant(QDateTime(QDate(1970, 1, 1), QTime(0, 0, 2)));
    QTest::newRow("ext date") << hex("d733" "81460b0000000000") << QVariant(QDate(2024, 2, 29));
    QTest::newRow("ext date min") << hex("d733" "0100000000000000") << QVariant(QDate(1, 1, 1));
    QTest::newRow("ext date max") << hex("d733" "dbb9370000000000") << QVariant(QDate(9999, 12, 31));
    QTest::newRow("ext date 4-byte long") << hex("d633" "81460b00") << QVariant(QDate(2024, 2, 29));
    QTest::newRow("msgpack timestamp32") << hex("d6ff00000001")
                                         << QVariant(QDateTime::fromMSecsSinceEpoch(1000, Qt::UTC));

    // Class dicts are mapped as soon as they are complete, at any depth.
    const PyroUri uri = PyroUri::forTcp(u"obj"_s, u"localhost"_s, 9090);
    QTest::newRow("class dict uri")
        << hex(uriHex)
        << QVariant::fromValue(uri);
    QTest::newRow("class dict in a list")
        << hex("9201") + hex(uriHex)
        << QVariant(QVariantList{1LL, QVariant::fromValue(uri)});
    QTest::newRow("class dict exception")
        << hex("84a95f5f636c6173735f5fb36275696c74696e732e56616c75654572726f72ad5f5f6578636570"
               "74696f6e5f5fc3a46172677391a3626164aa6174747269627574657380")
        << QVariant::fromValue(PyroError::exception(u"builtins.ValueError"_s, QVariantList{u"bad"_s}));
}

void tst_PyroMsgpack::decode()
{
    QFETCH(QByteArray, data);
    QFETCH(QVariant, expected);
    PyroError error;
    const QVariant value = m_msgpack->decode(data, PyroDecodeOptions(), &error);
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QVERIFY2(sameValue(value, expected),
             qPrintable(describe(value) + u" != "_s + describe(expected)));
    if (expected.typeId() == QMetaType::QDateTime)
        QCOMPARE(value.toDateTime().timeSpec(), expected.toDateTime().timeSpec());
}

void tst_PyroMsgpack::decodeRaw_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QVariant>("expected");
    // The format layer keeps what Pyro5's strict keys and class mapping would refuse.
    QTest::newRow("int keys") << hex("8201a36f6e65ffa56d696e7573")
                              << dict({{1LL, u"one"_s}, {-1LL, u"minus"_s}});
    QTest::newRow("nil and float keys") << hex("82c0a16ecb3ff8000000000000a166")
                                        << dict({{PyroValues::none(), u"n"_s}, {1.5, u"f"_s}});
    QTest::newRow("array key") << hex("81920102a174")
                               << dict({{QVariantList{1LL, 2LL}, u"t"_s}});
    QTest::newRow("unknown class dict stays a dict")
        << hex("82a95f5f636c6173735f5fa7666f6f2e426172a17801")
        << QVariant(QVariantMap{{u"__class__"_s, u"foo.Bar"_s}, {u"x"_s, 1LL}});
    QTest::newRow("ext types are still mapped") << hex("d5313432") << QVariant(42LL);
}

void tst_PyroMsgpack::decodeRaw()
{
    QFETCH(QByteArray, data);
    QFETCH(QVariant, expected);
    PyroDecodeOptions options;
    options.mapClassDicts = false;
    PyroError error;
    const QVariant value = m_msgpack->decode(data, options, &error);
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QVERIFY2(sameValue(value, expected), qPrintable(describe(value) + u" != "_s + describe(expected)));
}

void tst_PyroMsgpack::decodeErrors_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("message"); // a part of the error message

    QTest::newRow("empty") << QByteArray() << u"incomplete"_s;
    QTest::newRow("never-used byte c1") << hex("c1") << u"byte 0xc1 at offset 0"_s;
    QTest::newRow("c1 inside an array") << hex("9201c1") << u"byte 0xc1 at offset 2"_s;
    QTest::newRow("extra data") << hex("9090") << u"extra data"_s;
    QTest::newRow("garbage") << QByteArray("\x93garbage", 8) << u"extra data"_s;
    QTest::newRow("truncated str") << hex("a56162") << u"incomplete"_s;

    // Absurd declared lengths: refused before anything is reserved.
    QTest::newRow("array32 of 2^32-1 in 10 bytes") << hex("ddffffffff0000000000") << u"incomplete"_s;
    QTest::newRow("map32 of 2^32-1 in 10 bytes") << hex("dfffffffff0000000000") << u"incomplete"_s;
    QTest::newRow("array16 longer than input") << hex("dc0010010203") << u"incomplete"_s;
    QTest::newRow("nested arrays owing more than the input")
        << hex("95959595959500") << u"incomplete"_s;
    QTest::newRow("str32 of 4 GB") << hex("dbffffffff61") << u"incomplete"_s;
    QTest::newRow("bin32 of 4 GB") << hex("c6ffffffff61") << u"incomplete"_s;
    QTest::newRow("ext32 of 4 GB") << hex("c9ffffffff3061") << u"incomplete"_s;
    QTest::newRow("ext32 of 4 GB - 1") << hex("c9fffffffe3161") << u"incomplete"_s;

    // Python's strict_map_key.
    QTest::newRow("int key") << hex("8101a36f6e65") << u"int is not allowed for map key when strict_map_key=True"_s;
    QTest::newRow("nil key") << hex("81c001") << u"NoneType is not allowed for map key"_s;
    QTest::newRow("float key") << hex("81cb3ff800000000000001") << u"float is not allowed for map key"_s;
    QTest::newRow("bool key") << hex("81c301") << u"bool is not allowed for map key"_s;
    QTest::newRow("array key") << hex("81920102a174") << u"list is not allowed for map key"_s;
    QTest::newRow("map key") << hex("818001") << u"dict is not allowed for map key"_s;
    QTest::newRow("date key") << hex("81d73381460b000000000001") << u"datetime.date is not allowed for map key"_s;

    QTest::newRow("invalid utf-8") << hex("a2fffe") << u"invalid UTF-8"_s;
    QTest::newRow("utf-8 encoded surrogate") << hex("a3eda080") << u"invalid UTF-8"_s;
    QTest::newRow("overlong utf-8") << hex("a2c0af") << u"invalid UTF-8"_s;

    QTest::newRow("unknown ext 5") << hex("d4057a") << u"invalid ext code for msgpack: 5"_s;
    QTest::newRow("unknown ext -123") << hex("d48500") << u"invalid ext code for msgpack: -123"_s;
    QTest::newRow("unknown ext in a map") << hex("81a161d40000") << u"invalid ext code for msgpack: 0"_s;
    QTest::newRow("complex of 8 bytes") << hex("d7300000000000000000") << u"ext 0x30"_s;
    QTest::newRow("datetime of 4 bytes") << hex("d63200000000") << u"ext 0x32"_s;
    QTest::newRow("datetime nan") << hex("d732000000000000f87f") << u"out of range"_s;
    QTest::newRow("datetime 1e300") << hex("d732" "9c7500883ce4377e") << u"out of range"_s;
    QTest::newRow("datetime year 10000") << hex("d732" "0000001bfc7f4d42") << u"out of range"_s;
    QTest::newRow("date of 2 bytes") << hex("d5330100") << u"ext 0x33"_s;
    QTest::newRow("date ordinal 0") << hex("d733" "0000000000000000") << u"ordinal must be >= 1"_s;
    QTest::newRow("date ordinal -1") << hex("d733" "ffffffffffffffff") << u"ordinal must be >= 1"_s;
    QTest::newRow("date after 9999") << hex("d733" "dcb9370000000000") << u"out of range"_s;
    QTest::newRow("big int text garbage") << hex("d631" "31326131") << u"invalid literal for int()"_s;
    QTest::newRow("big int double underscore") << hex("c7043131" "5f5f30") << u"invalid literal for int()"_s;
    QTest::newRow("big int empty text") << hex("c70031") << u"invalid literal for int()"_s;
    QTest::newRow("msgpack timestamp of 3 bytes") << hex("c703ff000000") << u"timestamp"_s;

    QByteArray manyDigits = hex("c8") + QByteArray(1, char(4301 >> 8)) + QByteArray(1, char(4301 & 0xff))
        + QByteArray("1") + QByteArray(4301, '7');
    QTest::newRow("big int of 4301 digits") << manyDigits << u"Exceeds the limit (4300 digits)"_s;

    QTest::newRow("unknown class") << hex("82a95f5f636c6173735f5fa7666f6f2e426172a17801")
                                   << u"unsupported serialized class: foo.Bar"_s;
    QTest::newRow("unknown class deep inside")
        << hex("9191918182a95f5f636c6173735f5fa7666f6f2e426172a17801a17801")
        << u"unsupported serialized class: foo.Bar"_s;
    QTest::newRow("__class__ not a str") << hex("81a95f5f636c6173735f5f01") << u"__class__"_s;

    // 100 000 levels: msgpack-cxx keeps its own stack on the heap and the visitor stops at
    // the depth limit, so neither can overflow the C++ stack.
    QTest::newRow("100000 nested arrays") << nested(100000, char(0x91), hex("90")) << u"nesting too deep"_s;
    QTest::newRow("100000 nested maps") << nested(100000, char(0x81), hex("c0"), hex("a16b"))
                                        << u"nesting too deep"_s;
    QTest::newRow("100000 nested arrays, truncated") << nested(100000, char(0x91), QByteArray())
                                                     << u"nesting too deep"_s;
}

void tst_PyroMsgpack::decodeErrors()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, message);
    PyroError error;
    const QVariant value = m_msgpack->decode(data, PyroDecodeOptions(), &error);
    QVERIFY2(!value.isValid(), qPrintable(describe(value)));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().contains(message), qPrintable(error.message()));
}

void tst_PyroMsgpack::truncated_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("call envelope")
        << hex("94af746573742e6563686f736572766572a46563686f92a568656c6c6f2a80");
    QTest::newRow("ext types in a map")
        << hex("84a163d830000000000000f83f00000000000004c0a164d7320000d0c92078d941a162c716"
               "3131313830353931363230373137343131333033343234a16ad73381460b0000000000");
    QTest::newRow("wide forms") << hex("dc0003db0000000161c500017adf00000001a161cf8000000000000000");
    QTest::newRow("class dict") << hex(uriHex);
}

// Every proper prefix of a valid input is an incomplete input, never a value or a crash.
void tst_PyroMsgpack::truncated()
{
    QFETCH(QByteArray, data);
    PyroError error;
    QVERIFY2(m_msgpack->decode(data, PyroDecodeOptions(), &error).isValid(), qPrintable(error.toString()));
    for (qsizetype n = 0; n < data.size(); ++n) {
        PyroError e;
        const QVariant value = m_msgpack->decode(QByteArrayView(data).first(n), PyroDecodeOptions(), &e);
        QVERIFY2(!value.isValid(), qPrintable(u"prefix of %1 bytes decoded"_s.arg(n)));
        QCOMPARE(e.code(), PyroError::Code::SerializeError);
        QVERIFY2(e.message().contains(u"incomplete"_s),
                 qPrintable(u"prefix of %1 bytes: %2"_s.arg(n).arg(e.message())));
    }
}

// Random damage to valid inputs (seeded, so a failure can be replayed): every result is a
// value or a SerializeError.
void tst_PyroMsgpack::mutations()
{
    const QByteArray seeds[] = {
        hex("94af746573742e6563686f736572766572a46563686f92a568656c6c6f2a80"),
        hex("84a163d830000000000000f83f00000000000004c0a164d7320000d0c92078d941a162c716"
            "3131313830353931363230373137343131333033343234a16ad73381460b0000000000"),
        hex("9201") + hex(uriHex),
        hex("dc0003db0000000161c500017adf00000001a161cf8000000000000000"),
    };
    QRandomGenerator random(20260214);
    int values = 0;
    int errors = 0;
    for (int round = 0; round < 20000; ++round) {
        QByteArray data = seeds[random.bounded(int(std::size(seeds)))];
        const int edits = 1 + random.bounded(4);
        for (int e = 0; e < edits; ++e) {
            const int at = random.bounded(int(data.size()));
            switch (random.bounded(4)) {
            case 0: data[at] = char(random.bounded(256)); break;
            case 1: data[at] = char(data[at] ^ (1 << random.bounded(8))); break;
            case 2: data.insert(at, char(random.bounded(256))); break;
            default: data.remove(at, 1); break;
            }
            if (data.isEmpty())
                data = "\xc0";
        }
        PyroError error;
        const QVariant value = m_msgpack->decode(data, PyroDecodeOptions(), &error);
        if (value.isValid()) {
            ++values;
            continue;
        }
        ++errors;
        QVERIFY2(error.code() == PyroError::Code::SerializeError || error.code() == PyroError::Code::SecurityError,
                 qPrintable(QString::fromLatin1(data.toHex()) + u": "_s + error.toString()));
        QVERIFY(!error.message().isEmpty());
    }
    QVERIFY(values > 0);
    QVERIFY(errors > 0);
}

void tst_PyroMsgpack::depthLimit()
{
    // Python's unpacker takes 1024 nested containers and refuses 1025.
    PyroError error;
    QVERIFY2(m_msgpack->decode(nested(1023, char(0x91), hex("90")), PyroDecodeOptions(), &error).isValid(),
             qPrintable(error.toString()));
    QVERIFY(!m_msgpack->decode(nested(1024, char(0x91), hex("90")), PyroDecodeOptions(), &error).isValid());
    QVERIFY2(error.message().contains(u"1024"_s), qPrintable(error.message()));

    PyroDecodeOptions options;
    options.maxDepth = 3;
    QVERIFY(m_msgpack->decode(hex("919190"), options, &error).isValid());
    QVERIFY(!m_msgpack->decode(hex("91919190"), options, &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY(!m_msgpack->decode(hex("81a16b81a16b9190"), options, &error).isValid());
    QVERIFY2(error.message().contains(u"nesting too deep"_s), qPrintable(error.message()));
}

void tst_PyroMsgpack::encode_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("None") << PyroValues::none() << hex("c0");
    QTest::newRow("invalid QVariant is None") << QVariant() << hex("c0");
    QTest::newRow("true") << QVariant(true) << hex("c3");
    QTest::newRow("false") << QVariant(false) << hex("c2");

    // Python's smallest integer forms.
    const std::pair<qlonglong, const char *> ints[] = {
        {0, "00"}, {127, "7f"}, {128, "cc80"}, {255, "ccff"}, {256, "cd0100"},
        {65535, "cdffff"}, {65536, "ce00010000"}, {4294967295LL, "ceffffffff"},
        {4294967296LL, "cf0000000100000000"}, {std::numeric_limits<qlonglong>::max(), "cf7fffffffffffffff"},
        {-1, "ff"}, {-32, "e0"}, {-33, "d0df"}, {-128, "d080"}, {-129, "d1ff7f"},
        {-32768, "d18000"}, {-32769, "d2ffff7fff"}, {-2147483648LL, "d280000000"},
        {-2147483649LL, "d3ffffffff7fffffff"}, {std::numeric_limits<qlonglong>::min(), "d38000000000000000"},
    };
    for (const auto &[v, bytes] : ints)
        QTest::newRow(qPrintable(u"int %1"_s.arg(v))) << QVariant(v) << hex(bytes);
    QTest::newRow("int (C int)") << QVariant(int(-33)) << hex("d0df");
    QTest::newRow("uint") << QVariant(uint(4294967295u)) << hex("ceffffffff");
    QTest::newRow("qulonglong 2^63") << QVariant(quint64(1) << 63) << hex("cf8000000000000000");
    QTest::newRow("qulonglong max") << QVariant(std::numeric_limits<quint64>::max()) << hex("cfffffffffffffffff");
    QTest::newRow("big int 2^63") << big("9223372036854775808") << hex("cf8000000000000000");
    QTest::newRow("big int that fits int64") << big("-5") << hex("fb");
    QTest::newRow("big int 2^64") << big("18446744073709551616")
                                  << hex("c714313138343436373434303733373039353531363136");
    QTest::newRow("big int -2^63-1") << big("-9223372036854775809")
                                     << hex("c714312d39323233333732303336383534373735383039");

    // Always float64, even for integral values (msgpack-cxx's pack_double would not).
    QTest::newRow("float 0.0") << QVariant(0.0) << hex("cb0000000000000000");
    QTest::newRow("float -0.0") << QVariant(-0.0) << hex("cb8000000000000000");
    QTest::newRow("float 1.0") << QVariant(1.0) << hex("cb3ff0000000000000");
    QTest::newRow("float 1e16") << QVariant(1e16) << hex("cb4341c37937e08000");
    QTest::newRow("float inf") << QVariant(HUGE_VAL) << hex("cb7ff0000000000000");
    QTest::newRow("C float 1.5") << QVariant(1.5f) << hex("cb3ff8000000000000");
    QTest::newRow("complex") << QVariant::fromValue(PyroComplex(1.5, -2.5))
                             << hex("d830000000000000f83f00000000000004c0");

    QTest::newRow("str") << QVariant(u"h\u00e9\u20ac"_s + QString::fromUcs4(U"\U0001F600", 1))
                         << hex("aa68c3a9e282acf09f9880");
    QTest::newRow("str empty") << QVariant(QString()) << hex("a0");
    QTest::newRow("QChar") << QVariant(QChar(u'\u00e9')) << hex("a2c3a9");
    QTest::newRow("bytes") << QVariant(QByteArray("xy")) << hex("c4027879");
    QTest::newRow("bytes empty") << QVariant(QByteArray()) << hex("c400");

    QTest::newRow("list") << QVariant(QVariantList{1, u"a"_s}) << hex("9201a161");
    QTest::newRow("tuple") << tuple({1, tuple({})}) << hex("920190");
    QTest::newRow("set") << QVariant::fromValue(PyroSet{7}) << hex("9107");
    QTest::newRow("frozenset (extension)") << QVariant::fromValue(PyroSet(QVariantList{7}, PyroSet::Kind::FrozenSet))
                                           << hex("9107");
    QTest::newRow("QStringList") << QVariant(QStringList{u"a"_s, u"b"_s}) << hex("92a161a162");
    QTest::newRow("QVariantMap in key order") << QVariant(QVariantMap{{u"b"_s, 1}, {u"a"_s, 2}})
                                              << hex("82a16102a16201");
    QTest::newRow("QVariantHash") << QVariant(QVariantHash{{u"k"_s, true}}) << hex("81a16bc3");
    QTest::newRow("PyroDict in entry order")
        << dict({{u"b"_s, 1}, {u"a"_s, QVariantList{1, tuple({2, 3})}}, {u"c"_s, QByteArray("xy")}})
        << hex("83a16201a1619201920203a163c4027879");
    QTest::newRow("PyroDict with int keys") << dict({{1, u"one"_s}}) << hex("8101a36f6e65");

    QTest::newRow("naive datetime") << QVariant(QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15, 250)))
                                    << hex("d7320000d0c92078d941");
    QTest::newRow("naive datetime before epoch")
        << QVariant(QDateTime(QDate(1969, 12, 31), QTime(23, 59, 59, 500))) << hex("d732000000000000e0bf");
    QTest::newRow("date") << QVariant(QDate(2024, 2, 29)) << hex("d73381460b0000000000");
    QTest::newRow("date max") << QVariant(QDate(9999, 12, 31)) << hex("d733dbb9370000000000");
    QTest::newRow("time as ISO text (extension)") << QVariant(QTime(13, 14, 15, 250))
                                                  << hex("af31333a31343a31352e323530303030");

    QTest::newRow("uri")
        << QVariant::fromValue(PyroUri::forTcp(u"obj"_s, u"localhost"_s, 9090))
        << hex(uriHex);
    QTest::newRow("uri in a list")
        << QVariant(QVariantList{1, QVariant::fromValue(PyroUri::forTcp(u"obj"_s, u"localhost"_s, 9090))})
        << hex("9201") + hex(uriHex);
}

void tst_PyroMsgpack::encode()
{
    QFETCH(QVariant, value);
    QFETCH(QByteArray, expected);
    QByteArray out("prefix");
    PyroError error;
    QVERIFY2(m_msgpack->encode(out, value, PyroEncodeContext(), &error), qPrintable(error.toString()));
    QVERIFY(out.startsWith("prefix")); // encode appends
    QCOMPARE(out.mid(6).toHex(' '), expected.toHex(' '));
}

void tst_PyroMsgpack::encodeStringAndBinaryHeaders_data()
{
    QTest::addColumn<int>("length");
    QTest::addColumn<QByteArray>("strHeader");
    QTest::addColumn<QByteArray>("binHeader");
    QTest::newRow("31") << 31 << hex("bf") << hex("c41f");
    QTest::newRow("32") << 32 << hex("d920") << hex("c420");
    QTest::newRow("255") << 255 << hex("d9ff") << hex("c4ff");
    QTest::newRow("256") << 256 << hex("da0100") << hex("c50100");
    QTest::newRow("65535") << 65535 << hex("daffff") << hex("c5ffff");
    QTest::newRow("65536") << 65536 << hex("db00010000") << hex("c600010000");
}

void tst_PyroMsgpack::encodeStringAndBinaryHeaders()
{
    QFETCH(int, length);
    QFETCH(QByteArray, strHeader);
    QFETCH(QByteArray, binHeader);
    PyroError error;
    QByteArray out;
    QVERIFY(m_msgpack->encode(out, QString(length, u'x'), PyroEncodeContext(), &error));
    QCOMPARE(out.first(strHeader.size()).toHex(), strHeader.toHex());
    QCOMPARE(out.size(), strHeader.size() + length);
    // The header counts UTF-8 bytes, not UTF-16 units: 'é' is two bytes.
    out.clear();
    QVERIFY(m_msgpack->encode(out, QString(length / 2, QChar(0xe9)) + QString(length % 2, u'x'),
                              PyroEncodeContext(), &error));
    QCOMPARE(out.first(strHeader.size()).toHex(), strHeader.toHex());
    QCOMPARE(out.size(), strHeader.size() + length);
    out.clear();
    QVERIFY(m_msgpack->encode(out, QByteArray(length, 'x'), PyroEncodeContext(), &error));
    QCOMPARE(out.first(binHeader.size()).toHex(), binHeader.toHex());
    QCOMPARE(out.size(), binHeader.size() + length);
}

void tst_PyroMsgpack::encodeErrors_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("invalid datetime") << QVariant(QDateTime()) << u"invalid QDateTime"_s;
    QTest::newRow("date 1 BC") << QVariant(QDate(-1, 12, 31)) << u"out of range"_s;
    QTest::newRow("date year 10000") << QVariant(QDate(10000, 1, 1)) << u"out of range"_s;
    QTest::newRow("invalid date") << QVariant(QDate()) << u"invalid QDate"_s;
    QTest::newRow("unknown type") << QVariant(QLine(1, 2, 3, 4))
                                  << u"don't know how to serialize class <class 'QLine'> using serializer MsgpackSerializer"_s;
    QTest::newRow("invalid big int") << QVariant::fromValue(PyroBigInt()) << u"invalid PyroBigInt"_s;
    // Python's msgpack encodes str as strict UTF-8: lone surrogates are refused, not replaced.
    QTest::newRow("str lone surrogate") << QVariant(QString(QChar(0xd800)) + u'x')
                                        << u"'utf-8' codec can't encode character '\\ud800' in position 0: surrogates not allowed"_s;
    QTest::newRow("str surrogate code points")
        << QVariant(QVariantList{QVariant::fromValue(PyroSurrogateString({U'a', 0xd83d, 0xde00}))})
        << u"'utf-8' codec can't encode characters in position 1-2: surrogates not allowed"_s;
    QTest::newRow("big int over 4300 digits")
        << QVariant::fromValue(PyroBigInt::fromLatin1(QByteArray(4301, '9')))
        << u"Exceeds the limit (4300 digits)"_s;
}

// A failed encode reports a SerializeError and leaves the buffer as it was.
void tst_PyroMsgpack::encodeErrors()
{
    QFETCH(QVariant, value);
    QFETCH(QString, message);
    QByteArray out("prefix");
    PyroError error;
    QVERIFY(!m_msgpack->encode(out, value, PyroEncodeContext(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().contains(message), qPrintable(error.message()));
    QCOMPARE(out, QByteArray("prefix"));
}

void tst_PyroMsgpack::encodeTooDeep()
{
    // What Python's unpacker accepts (1024 levels) is written; one level more is refused.
    QVariant value = QVariantList();
    for (int i = 1; i < 1024; ++i)
        value = QVariantList{value};
    QByteArray out;
    PyroError error;
    QVERIFY2(m_msgpack->encode(out, value, PyroEncodeContext(), &error), qPrintable(error.toString()));
    QCOMPARE(out, nested(1023, char(0x91), hex("90")));
    QVERIFY(m_msgpack->decode(out, PyroDecodeOptions(), &error).isValid());

    value = QVariantList{value};
    out = "prefix";
    QVERIFY(!m_msgpack->encode(out, value, PyroEncodeContext(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().contains(u"nesting too deep"_s), qPrintable(error.message()));
    QCOMPARE(out, QByteArray("prefix"));
}

void tst_PyroMsgpack::roundTrip_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected"); // what comes back (tuples and sets become lists)

    const QVariantMap map{{u"name"_s, u"thing"_s}, {u"size"_s, 3LL}, {u"blob"_s, QByteArray("\0\1", 2)}};
    QTest::newRow("map") << QVariant(map) << QVariant(map);
    QTest::newRow("tuple becomes list") << tuple({1LL, u"a"_s}) << QVariant(QVariantList{1LL, u"a"_s});
    QTest::newRow("bytes-key dict")
        << dict({{QByteArray("k"), 1LL}, {u"s"_s, 2LL}}) << dict({{QByteArray("k"), 1LL}, {u"s"_s, 2LL}});
    QTest::newRow("numbers")
        << QVariant(QVariantList{0.1, -0.0, std::nan(""), big("-123456789012345678901234567890"),
                                 QVariant(std::numeric_limits<quint64>::max()),
                                 QVariant::fromValue(PyroComplex(std::nan(""), -HUGE_VAL))})
        << QVariant(QVariantList{0.1, -0.0, std::nan(""), big("-123456789012345678901234567890"),
                                 big("18446744073709551615"),
                                 QVariant::fromValue(PyroComplex(std::nan(""), -HUGE_VAL))});
    const QDateTime dt(QDate(1999, 12, 31), QTime(23, 59, 59, 999));
    QTest::newRow("dates") << QVariant(QVariantList{dt, QDate(1, 1, 1)})
                           << QVariant(QVariantList{dt, QDate(1, 1, 1)});
    const PyroError remote = PyroError::exception(u"builtins.KeyError"_s, QVariantList{u"missing"_s});
    QTest::newRow("exception") << QVariant::fromValue(remote) << QVariant::fromValue(remote);
    const PyroUri uri = PyroUri::forName(u"my.object"_s);
    QTest::newRow("uri in a map") << QVariant(QVariantMap{{u"u"_s, QVariant::fromValue(uri)}})
                                  << QVariant(QVariantMap{{u"u"_s, QVariant::fromValue(uri)}});
    const QString longText = QString(70000, u'\u00fc');
    QTest::newRow("long non-ASCII str") << QVariant(longText) << QVariant(longText);
}

void tst_PyroMsgpack::roundTrip()
{
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    QByteArray out;
    PyroError error;
    QVERIFY2(m_msgpack->encode(out, value, PyroEncodeContext(), &error), qPrintable(error.toString()));
    const QVariant back = m_msgpack->decode(out, PyroDecodeOptions(), &error);
    QVERIFY2(back.isValid(), qPrintable(error.toString()));
    QVERIFY2(sameValue(back, expected), qPrintable(describe(back) + u" != "_s + describe(expected)));
}

void tst_PyroMsgpack::callEnvelope()
{
    // PROTOCOL.md §4.1: echo("hello", 42) on test.echoserver.
    const QByteArray wire = hex("94af746573742e6563686f736572766572a46563686f92a568656c6c6f2a80");
    PyroCall call;
    call.object = u"test.echoserver"_s;
    call.method = u"echo"_s;
    call.args = {u"hello"_s, 42};
    QByteArray out;
    PyroError error;
    QVERIFY(m_msgpack->encodeCall(out, call, PyroEncodeContext(), &error));
    QCOMPARE(out.toHex(' '), wire.toHex(' '));

    PyroCall back;
    QVERIFY2(m_msgpack->decodeCall(wire, &back, PyroDecodeOptions(), &error), qPrintable(error.toString()));
    QCOMPARE(back.object, call.object);
    QCOMPARE(back.method, call.method);
    QCOMPARE(back.args, (QVariantList{u"hello"_s, 42LL}));
    QVERIFY(back.argsAsList); // msgpack has no tuples
    QCOMPARE(back.kwargs.typeId(), QMetaType::QVariantMap);

    // Attribute access: kwargs None.
    call = PyroCall();
    call.object = u"o"_s;
    call.method = u"m"_s;
    call.argsAsList = true;
    call.kwargs = PyroValues::none();
    out.clear();
    QVERIFY(m_msgpack->encodeCall(out, call, PyroEncodeContext(), &error));
    QCOMPARE(out.toHex(' '), hex("94a16fa16d90c0").toHex(' '));

    QVERIFY(!m_msgpack->decodeCall(hex("93a16fa16d90"), &back, PyroDecodeOptions(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY(!m_msgpack->decodeCall(hex("94a16fa16d90"), &back, PyroDecodeOptions(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
}

// Every msgpack payload of the recorded Pyro5 conversations decodes, to the recorded value
// where it is not volatile.
void tst_PyroMsgpack::messagePayloads()
{
    using namespace PyroTestVectors;
    const QJsonArray scenarios = loadManifest(u"messages.json"_s).value(u"scenarios"_s).toArray();
    int decoded = 0;
    for (const QJsonValue &scenarioValue : scenarios) {
        const QJsonObject scenario = scenarioValue.toObject();
        if (scenario.value(u"serializer"_s).toString() != u"msgpack")
            continue;
        for (const QJsonValue &messageValue : scenario.value(u"messages"_s).toArray()) {
            const QJsonObject message = messageValue.toObject();
            if (message.value(u"header"_s).toObject().value(u"serializer_id"_s).toInt() != 4)
                continue;
            if (!message.contains(u"payload_value"_s) && !message.contains(u"payload_call"_s))
                continue;
            const QString file = message.value(u"file"_s).toString();
            const QByteArray payload = message.value(u"payload_compressed"_s).toBool()
                ? QByteArray::fromBase64(message.value(u"payload_uncompressed_base64"_s).toString().toLatin1())
                : readVectorFile(file).mid(message.value(u"payload_offset"_s).toInt());
            bool volatilePayload = false;
            for (const QJsonValue &v : message.value(u"volatile"_s).toArray())
                volatilePayload |= v.toObject().value(u"field"_s).toString() != u"header.corr_id";
            PyroError error;
            if (message.contains(u"payload_call"_s)) {
                PyroCall call;
                QVERIFY2(m_msgpack->decodeCall(payload, &call, PyroDecodeOptions(), &error),
                         qPrintable(file + u": "_s + error.toString()));
                const QJsonObject expected = message.value(u"payload_call"_s).toObject();
                QCOMPARE(call.object, expected.value(u"object"_s).toObject().value(u"value"_s).toString());
                QCOMPARE(call.method, expected.value(u"method"_s).toObject().value(u"value"_s).toString());
            } else {
                const QJsonObject expected = message.value(u"payload_value"_s).toObject();
                const QVariant value = m_msgpack->decode(payload, PyroDecodeOptions(), &error);
                if (expected.value(u"type"_s).toString() == u"error") {
                    QVERIFY2(!value.isValid(), qPrintable(file));
                    continue;
                }
                QVERIFY2(value.isValid(), qPrintable(file + u": "_s + error.toString()));
                QString why;
                if (!volatilePayload)
                    QVERIFY2(matchesTyped(value, expected, &why), qPrintable(file + u": "_s + why));
            }
            ++decoded;
        }
    }
    QVERIFY(decoded > 100);
}

QTEST_GUILESS_MAIN(tst_PyroMsgpack)
#include "tst_pyromsgpack.moc"
