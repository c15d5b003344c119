// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The marshal serializer (id 2) on its own: every type code CPython writes, FLAG_REF
// back-references, the bytes our encoder writes (checked against CPython's marshal when
// the test was written), the call envelope, every marshal payload of the recorded Pyro5
// conversations, and hostile input (truncation, garbage, absurd sizes, deep nesting).
// The golden value vectors are covered by tst_pyroserializervectors.

#include "pyromarshal_p.h"
#include "pyroobjectref.h"
#include "pyrotestvectors.h"
#include "pyrouri.h"
#include "pyrovalues_p.h"

#include <QtCore/QDate>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QLine>
#include <QtCore/QRandomGenerator>
#include <QtCore/QtEndian>
#include <QtTest/QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using namespace PyroTestVectors;

namespace {

QByteArray hex(const char *text)
{
    QByteArray h(text);
    h.replace(' ', QByteArray());
    return QByteArray::fromHex(h);
}

QVariant ll(qlonglong v) { return QVariant(v); }
QVariant big(const char *digits) { return QVariant::fromValue(PyroBigInt::fromLatin1(digits)); }
QVariant tuple(std::initializer_list<QVariant> items) { return QVariant::fromValue(PyroTuple(items)); }
QVariant set(std::initializer_list<QVariant> items, PyroSet::Kind kind = PyroSet::Kind::Set)
{
    return QVariant::fromValue(PyroSet(QVariantList(items), kind));
}
QVariant dict(std::initializer_list<PyroDict::Entry> entries)
{
    PyroDict d;
    for (const auto &e : entries)
        d.append(e.first, e.second);
    return QVariant::fromValue(d);
}

// PyroValues::identical does not tell qlonglong from PyroBigInt or QVariantMap from
// PyroDict; the value model does, so compare the C++ types too.
bool sameTypes(const QVariant &a, const QVariant &b, QString *why)
{
    if (a.typeId() != b.typeId()) {
        *why = u"type %1 vs %2"_s.arg(QString::fromLatin1(a.typeName()), QString::fromLatin1(b.typeName()));
        return false;
    }
    const PyroKind kind = pyroKind(a);
    if (kind == PyroKind::List || kind == PyroKind::Tuple) {
        const QVariantList x = kind == PyroKind::List ? a.toList() : a.value<PyroTuple>().items();
        const QVariantList y = kind == PyroKind::List ? b.toList() : b.value<PyroTuple>().items();
        for (qsizetype i = 0; i < qMin(x.size(), y.size()); ++i) {
            if (!sameTypes(x.at(i), y.at(i), why))
                return false;
        }
    } else if (a.typeId() == QMetaType::QVariantMap) {
        const QVariantMap x = a.toMap();
        const QVariantMap y = b.toMap();
        for (auto it = x.cbegin(); it != x.cend(); ++it) {
            if (y.contains(it.key()) && !sameTypes(it.value(), y.value(it.key()), why))
                return false;
        }
    } else if (a.typeId() == qMetaTypeId<PyroDict>()) {
        const auto x = a.value<PyroDict>().entries();
        const auto y = b.value<PyroDict>().entries();
        for (qsizetype i = 0; i < qMin(x.size(), y.size()); ++i) {
            if (!sameTypes(x.at(i).first, y.at(i).first, why) || !sameTypes(x.at(i).second, y.at(i).second, why))
                return false;
        }
    }
    return true;
}

QString describe(const QVariant &v)
{
    QString text;
    QDebug(&text) << v;
    return text.left(400);
}

#define COMPARE_VALUE(actual, expected)                                                            \
    do {                                                                                           \
        const QVariant a_ = (actual);                                                              \
        const QVariant e_ = (expected);                                                            \
        QVERIFY2(PyroValues::identical(a_, e_),                                                    \
                 qPrintable(u"got "_s + describe(a_) + u", expected "_s + describe(e_)));          \
        QString why_;                                                                              \
        QVERIFY2(sameTypes(a_, e_, &why_), qPrintable(why_ + u" in "_s + describe(a_)));           \
    } while (false)

QByteArray nested(const QByteArray &open, int depth, const QByteArray &leaf)
{
    QByteArray data;
    data.reserve(open.size() * depth + leaf.size());
    for (int i = 0; i < depth; ++i)
        data += open;
    return data + leaf;
}

QVariant nestedList(int depth, const QVariant &leaf)
{
    QVariant v = leaf;
    for (int i = 0; i < depth; ++i)
        v = QVariantList{v};
    return v;
}

QByteArray messagePayload(const QJsonObject &message)
{
    if (message.value(u"payload_compressed"_s).toBool())
        return QByteArray::fromBase64(message.value(u"payload_uncompressed_base64"_s).toString().toLatin1());
    return readVectorFile(message.value(u"file"_s).toString()).mid(message.value(u"payload_offset"_s).toInt());
}

} // namespace

class tst_PyroMarshal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void decode_data();
    void decode();
    void decodeReferences_data();
    void decodeReferences();
    void decodeClassDicts();
    void decodeConnectFail_data();
    void decodeConnectFail();
    void decodeMessages_data();
    void decodeMessages();

    void decodeMalformed_data();
    void decodeMalformed();
    void decodeHugeInt();
    void decodeDeepNesting_data();
    void decodeDeepNesting();
    void decodeDepthLimit();
    void decodeReferenceBombs();
    void decodeTruncated_data();
    void decodeTruncated();
    void decodeGarbage();

    void encode_data();
    void encode();
    void encodeRoundTrip_data();
    void encodeRoundTrip();
    void encodeClassDictsAtAnyDepth();
    void encodeFailureKeepsBuffer_data();
    void encodeFailureKeepsBuffer();
    void encodeDepthLimit();

    void encodeCall();
    void decodeCall_data();
    void decodeCall();

private:
    PyroMarshalSerializer m_marshal;
};

void tst_PyroMarshal::initTestCase()
{
    useUtc();
    QCOMPARE(m_marshal.id(), quint8(2)); // marshal is 2, json is 3
    QCOMPARE(PyroSerializer::byId(2), PyroSerializer::byName(u"marshal"));
}

// ---- decoding --------------------------------------------------------------------------

void tst_PyroMarshal::decode_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QVariant>("expected");

    // Singletons; FLAG_REF on them is ignored, as in CPython.
    QTest::newRow("N") << hex("4e") << PyroValues::none();
    QTest::newRow("N flagged") << hex("ce") << PyroValues::none();
    QTest::newRow("T") << hex("54") << QVariant(true);
    QTest::newRow("F") << hex("46") << QVariant(false);

    QTest::newRow("i 0") << hex("69 00000000") << ll(0);
    QTest::newRow("i -1") << hex("69 ffffffff") << ll(-1);
    QTest::newRow("i max") << hex("e9 ffffff7f") << ll(2147483647);
    QTest::newRow("i min") << hex("e9 00000080") << ll(-2147483647 - 1);
    QTest::newRow("I min") << hex("49 0000000000000080") << ll(std::numeric_limits<qint64>::min());
    QTest::newRow("I 2^40") << hex("49 0000000000010000") << ll(1099511627776LL);

    // 'l': base 2^15 digits, least significant first (bytes from CPython 3.11).
    QTest::newRow("l 0") << hex("6c 00000000") << ll(0);
    QTest::newRow("l 2^31") << hex("ec 03000000 0000 0000 0200") << ll(2147483648LL);
    QTest::newRow("l -2^31-1") << hex("ec fdffffff 0100 0000 0200") << ll(-2147483649LL);
    QTest::newRow("l 2^40") << hex("ec 03000000 0000 0000 0004") << ll(1099511627776LL);
    QTest::newRow("l -2^32") << hex("ec fdffffff 0000 0000 0400") << ll(-4294967296LL);
    QTest::newRow("l 2^63-1") << hex("ec 05000000 ff7f ff7f ff7f ff7f 0700") << ll(std::numeric_limits<qint64>::max());
    QTest::newRow("l -2^63") << hex("ec fbffffff 0000 0000 0000 0000 0800") << ll(std::numeric_limits<qint64>::min());
    QTest::newRow("l 2^63") << hex("ec 05000000 0000 0000 0000 0000 0800") << big("9223372036854775808");
    QTest::newRow("l -2^63-1") << hex("ec fbffffff 0100 0000 0000 0000 0800") << big("-9223372036854775809");
    QTest::newRow("l 2^64") << hex("ec 05000000 0000 0000 0000 0000 1000") << big("18446744073709551616");
    QTest::newRow("l 2^100") << hex("6c 07000000 0000 0000 0000 0000 0000 0000 0004")
                             << big("1267650600228229401496703205376");
    QTest::newRow("l -10^40") << hex("6c f7ffffff 0000 0000 0004 ab4f bb7a 9714 d770 f814 631d")
                              << big("-10000000000000000000000000000000000000000");

    QTest::newRow("g 1.5") << hex("e7 000000000000f83f") << QVariant(1.5);
    QTest::newRow("g -0.0") << hex("67 0000000000000080") << QVariant(-0.0);
    QTest::newRow("g nan") << hex("67 000000000000f87f") << QVariant(std::nan(""));
    QTest::newRow("g -inf") << hex("67 000000000000f0ff") << QVariant(-HUGE_VAL);
    // Versions 0 and 1 write floats as text.
    QTest::newRow("f 1.5") << hex("66 03 312e35") << QVariant(1.5);
    QTest::newRow("f +1.5") << QByteArray("f\x04+1.5") << QVariant(1.5);
    QTest::newRow("f .5") << QByteArray("f\x02.5") << QVariant(0.5);
    QTest::newRow("f 5.") << QByteArray("f\x02" "5.") << QVariant(5.0);
    QTest::newRow("f 1e5") << QByteArray("f\x03" "1e5") << QVariant(100000.0);
    QTest::newRow("f inf") << QByteArray("f\x03inf") << QVariant(HUGE_VAL);
    QTest::newRow("f -Infinity") << QByteArray("f\x09-Infinity") << QVariant(-HUGE_VAL);
    QTest::newRow("f -nan") << QByteArray("f\x04-nan") << QVariant(std::nan(""));
    QTest::newRow("f overflow") << QByteArray("f\x07" "1e99999") << QVariant(HUGE_VAL);
    QTest::newRow("f -overflow") << QByteArray("f\x08-1e99999") << QVariant(-HUGE_VAL);
    QTest::newRow("f underflow") << QByteArray("f\x08" "1e-99999") << QVariant(0.0);
    QTest::newRow("f subnormal") << QByteArray("f\x06" "5e-324") << QVariant(5e-324);
    QTest::newRow("y") << hex("79 000000000000f83f 00000000000000c0")
                       << QVariant::fromValue(PyroComplex(1.5, -2));
    QTest::newRow("x") << QByteArray("x\x01" "1\x03" "2.5") << QVariant::fromValue(PyroComplex(1, 2.5));

    QTest::newRow("s") << hex("f3 04000000 00ff6162") << QVariant(QByteArray("\x00\xff" "ab", 4));
    QTest::newRow("s empty") << hex("73 00000000") << QVariant(QByteArray(""));
    QTest::newRow("u ascii") << hex("75 03000000 616263") << QVariant(u"abc"_s);
    QTest::newRow("u empty") << hex("75 00000000") << QVariant(QString(u""_s));
    QTest::newRow("u cjk") << hex("f5 06000000 e6bca2e5ad97") << QVariant(u"漢字"_s);
    QTest::newRow("u astral") << hex("f5 06000000 61f09f988062") << QVariant(u"a\U0001F600b"_s);
    // CPython writes lone surrogates with "surrogatepass": they become UTF-16 code units.
    QTest::newRow("u lone surrogate") << hex("f5 05000000 78edb28079")
                                      << QVariant(QString(u"x"_s + QChar(0xDC80) + u"y"_s));
    QTest::newRow("u high surrogate") << hex("75 03000000 eda080") << QVariant(QString(QChar(0xD800)));
    QTest::newRow("t") << hex("74 03000000 616263") << QVariant(u"abc"_s);
    QTest::newRow("a") << hex("61 02000000 6869") << QVariant(u"hi"_s);
    QTest::newRow("A") << hex("41 02000000 6869") << QVariant(u"hi"_s);
    QTest::newRow("z") << hex("fa 02 6869") << QVariant(u"hi"_s);
    QTest::newRow("Z") << hex("da 02 6869") << QVariant(u"hi"_s);
    QTest::newRow("z empty") << hex("7a 00") << QVariant(QString(u""_s));
    // CPython reads the ASCII codes as Latin-1 without checking.
    QTest::newRow("z latin1") << hex("7a 01 e9") << QVariant(u"é"_s);

    QTest::newRow("( empty") << hex("28 00000000") << tuple({});
    QTest::newRow(") empty") << hex("29 00") << tuple({});
    QTest::newRow(") 2") << hex("a9 02 e901000000 da0161") << tuple({ll(1), u"a"_s});
    QTest::newRow("( 2") << hex("28 02000000 4e 54") << tuple({PyroValues::none(), true});
    QTest::newRow("[ empty") << hex("5b 00000000") << QVariant(QVariantList());
    QTest::newRow("[ 2") << hex("5b 02000000 4e 46") << QVariant(QVariantList{PyroValues::none(), false});
    QTest::newRow("[ nested") << hex("5b 02000000 5b 01000000 69 01000000 28 00000000")
                              << QVariant(QVariantList{QVariantList{ll(1)}, tuple({})});
    QTest::newRow("< 1") << hex("3c 01000000 e9 07000000") << set({ll(7)});
    QTest::newRow("< empty") << hex("3c 00000000") << set({});
    QTest::newRow("> 1") << hex("3e 01000000 e9 07000000") << set({ll(7)}, PyroSet::Kind::FrozenSet);
    QTest::newRow("> empty") << hex("be 00000000") << set({}, PyroSet::Kind::FrozenSet);
    QTest::newRow("< frozenset item") << hex("3c 01000000 3e 00000000")
                                      << set({set({}, PyroSet::Kind::FrozenSet)});
    // Python's set keeps one of equal items (1 == True), the first one.
    QTest::newRow("< duplicates") << hex("3c 03000000 e901000000 e901000000 54") << set({ll(1)});
    QTest::newRow("< tuple items") << hex("3c 02000000 29 01 69 01000000 29 01 69 02000000")
                                   << set({tuple({ll(1)}), tuple({ll(2)})});

    QTest::newRow("{ empty") << hex("7b 30") << QVariant(QVariantMap());
    QTest::newRow("{ str keys") << hex("7b 7a0162 e901000000 7a0161 e902000000 30")
                                << QVariant(QVariantMap{{u"b"_s, ll(1)}, {u"a"_s, ll(2)}});
    QTest::newRow("{ duplicate key") << hex("7b 7a0161 e901000000 7a0161 e902000000 30")
                                     << QVariant(QVariantMap{{u"a"_s, ll(2)}});
    QTest::newRow("{ int keys") << hex("7b e901000000 da0161 e902000000 da0162 30")
                                << dict({{ll(1), u"a"_s}, {ll(2), u"b"_s}});
    QTest::newRow("{ mixed keys") << hex("7b e901000000 7a0161 7a0162 e902000000 30")
                                  << dict({{ll(1), u"a"_s}, {u"b"_s, ll(2)}});
    QTest::newRow("{ tuple key") << hex("7b a902e901000000e902000000 4e 30")
                                 << dict({{tuple({ll(1), ll(2)}), PyroValues::none()}});
    QTest::newRow("{ None key") << hex("7b 4e 7a0178 30") << dict({{PyroValues::none(), u"x"_s}});
    QTest::newRow("{ bytes key") << hex("7b 7301000000 00 54 30") << dict({{QByteArray("\0", 1), true}});
    // CPython stops a dict at a NULL in value position as well, dropping the key.
    QTest::newRow("{ NULL value") << hex("7b 7a0161 30") << QVariant(QVariantMap());
    QTest::newRow("{ flagged NULL") << hex("7b b0") << QVariant(QVariantMap());
}

void tst_PyroMarshal::decode()
{
    QFETCH(QByteArray, data);
    QFETCH(QVariant, expected);
    PyroError error;
    const QVariant value = m_marshal.decode(data, PyroDecodeOptions(), &error);
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QVERIFY(!error.isError());
    COMPARE_VALUE(value, expected);
}

void tst_PyroMarshal::decodeReferences_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QVariant>("expected");

    // vector dec_marshal_ref: one string written once with FLAG_REF, then twice as 'r'.
    QTest::newRow("string x3") << readVectorFile(u"vectors/values/marshal/dec_marshal_ref.bin"_s)
                               << QVariant(QVariantList{u"abcabc"_s, u"abcabc"_s, u"abcabc"_s});
    // A flagged container takes its index before its children (pre-order).
    QTest::newRow("pre-order") << hex("db 02000000 fa0161 7201000000") << QVariant(QVariantList{u"a"_s, u"a"_s});
    QTest::newRow("flagged scalars") << hex("5b 03000000 e907000000 fa0162 7201000000 ")
                                     << QVariant(QVariantList{ll(7), u"b"_s, u"b"_s});
    QTest::newRow("first is int") << hex("5b 02000000 e907000000 7200000000") << QVariant(QVariantList{ll(7), ll(7)});
    // Flagged singletons take no index.
    QTest::newRow("flagged None") << hex("5b 03000000 ce fa0162 7200000000")
                                  << QVariant(QVariantList{PyroValues::none(), u"b"_s, u"b"_s});
    QTest::newRow("finished tuple") << hex("5b 02000000 a9 01 69 05000000 7200000000")
                                    << QVariant(QVariantList{tuple({ll(5)}), tuple({ll(5)})});
    // CPython: marshal.dumps([(1, 2), (1, 2)]) for one tuple object.
    QTest::newRow("tuple ints") << hex("5b 02000000 a902 e901000000 e902000000 7200000000")
                                << QVariant(QVariantList{tuple({ll(1), ll(2)}), tuple({ll(1), ll(2)})});
    // CPython: x = ('shared',); marshal.dumps([x, x, {'k': x}])
    QTest::newRow("tuple in dict") << hex("5b 03000000 a901 da06736861726564 7200000000 7b da016b 7200000000 30")
                                   << QVariant(QVariantList{tuple({u"shared"_s}), tuple({u"shared"_s}),
                                                            QVariantMap{{u"k"_s, tuple({u"shared"_s})}}});
    // A reference to a class dict gives the mapped value again.
    // CPython: u = {URI class dict}; marshal.dumps([u, u])
    const PyroUri uri = PyroUri::forTcp(u"obj"_s, u"localhost"_s, 9999);
    QTest::newRow("class dict") << hex("5b02000000fbda095f5f636c6173735f5ffa0e5079726f352e636f72652e555249da0573"
                                       "74617465a905da045059524fda036f626a4eda096c6f63616c686f7374e90f270000307200000000")
                                << QVariant(QVariantList{QVariant::fromValue(uri), QVariant::fromValue(uri)});
}

void tst_PyroMarshal::decodeReferences()
{
    QFETCH(QByteArray, data);
    QFETCH(QVariant, expected);
    PyroError error;
    const QVariant value = m_marshal.decode(data, PyroDecodeOptions(), &error);
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    COMPARE_VALUE(value, expected);
}

void tst_PyroMarshal::decodeClassDicts()
{
    // Pyro5 maps class dicts nested anywhere in a marshal payload.
    const QByteArray data = hex("5b01000000 7b da095f5f636c6173735f5f fa0e5079726f352e636f72652e555249 "
                                "da057374617465 a905 da045059524f da036f626a 4e da096c6f63616c686f7374 e90f270000 30");
    PyroError error;
    QVariant value = m_marshal.decode(data, PyroDecodeOptions(), &error);
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QCOMPARE(value.toList().size(), 1);
    QCOMPARE(value.toList().at(0).value<PyroUri>(), PyroUri::forTcp(u"obj"_s, u"localhost"_s, 9999));

    PyroDecodeOptions raw;
    raw.mapClassDicts = false;
    value = m_marshal.decode(data, raw, &error);
    QCOMPARE(value.toList().at(0).typeId(), QMetaType::QVariantMap);
    QCOMPARE(value.toList().at(0).toMap().value(u"__class__"_s).toString(), u"Pyro5.core.URI"_s);

    // An exception dict becomes a PyroError.
    const QVariantMap exceptionDict{{u"__class__"_s, u"builtins.ValueError"_s},
                                    {u"__exception__"_s, true},
                                    {u"args"_s, tuple({u"bad"_s})},
                                    {u"attributes"_s, QVariantMap()}};
    QByteArray bytes;
    QVERIFY(m_marshal.encode(bytes, exceptionDict, PyroEncodeContext(), &error));
    value = m_marshal.decode(bytes, PyroDecodeOptions(), &error);
    QVERIFY2(value.typeId() == qMetaTypeId<PyroError>(), qPrintable(describe(value)));
    QCOMPARE(value.value<PyroError>().remoteType(), u"builtins.ValueError"_s);
    QCOMPARE(value.value<PyroError>().remoteArgs(), QVariantList{u"bad"_s});

    // Unknown classes fail like Pyro5's decoder; names with "__" are a security error.
    bytes.clear();
    QVERIFY(m_marshal.encode(bytes, QVariantList{QVariantMap{{u"__class__"_s, u"foo.Bar"_s}}},
                             PyroEncodeContext(), &error));
    QVERIFY(!m_marshal.decode(bytes, PyroDecodeOptions(), &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().contains(u"foo.Bar"_s), qPrintable(error.message()));
    bytes.clear();
    QVERIFY(m_marshal.encode(bytes, QVariantMap{{u"__class__"_s, u"os.__system__"_s}}, PyroEncodeContext(), &error));
    QVERIFY(!m_marshal.decode(bytes, PyroDecodeOptions(), &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SecurityError);
    // A "__class__" key whose value is not a str is plain data.
    bytes.clear();
    const QVariantMap notAClass{{u"__class__"_s, ll(1)}};
    QVERIFY(m_marshal.encode(bytes, notAClass, PyroEncodeContext(), &error));
    COMPARE_VALUE(m_marshal.decode(bytes, PyroDecodeOptions(), &error), QVariant(notAClass));
}

void tst_PyroMarshal::decodeConnectFail_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("expected");
    // A daemon answers CONNECTFAIL in marshal whatever the client's serializer (§3.3).
    QTest::newRow("denied") << readVectorFile(u"vectors/messages/marshal/connect_denied-02-s2c-CONNECTFAIL.bin"_s).mid(40)
                            << u"no free workers, increase server threadpool size"_s;
    QTest::newRow("json client denied")
        << readVectorFile(u"vectors/messages/json/connect_denied-02-s2c-CONNECTFAIL.bin"_s).mid(40)
        << u"no free workers, increase server threadpool size"_s;
    QTest::newRow("unknown object") << QByteArray("\xfa\x0eunknown object") << u"unknown object"_s;
    QTest::newRow("key error") << QByteArray("\xda\x08'object'") << u"'object'"_s;
    QTest::newRow("z empty") << QByteArray("z\x00", 2) << QString(u""_s);
    QTest::newRow("u non-ascii") << hex("f5 0b000000 72656a6563746564203a28 ") << u"rejected :("_s;
}

void tst_PyroMarshal::decodeConnectFail()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, expected);
    PyroError error;
    const QVariant value = m_marshal.decode(data, PyroDecodeOptions(), &error);
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QCOMPARE(value.typeId(), QMetaType::QString);
    QCOMPARE(value.toString(), expected);
}

// Every marshal payload of the recorded Pyro5 conversations (CONNECT, CONNECTOK with
// FLAG_REF and 'r' references, CONNECTFAIL, INVOKE, RESULT), compressed ones included.
void tst_PyroMarshal::decodeMessages_data()
{
    QTest::addColumn<QJsonObject>("message");
    const QJsonArray scenarios = loadManifest(u"messages.json"_s).value(u"scenarios"_s).toArray();
    int rows = 0;
    for (const QJsonValue &scenario : scenarios) {
        for (const QJsonValue &m : scenario.toObject().value(u"messages"_s).toArray()) {
            const QJsonObject message = m.toObject();
            if (message.value(u"header"_s).toObject().value(u"serializer_id"_s).toInt() != 2)
                continue;
            const QString file = message.value(u"file"_s).toString();
            QTest::newRow(qPrintable(file.section(u'/', -2))) << message;
            ++rows;
        }
    }
    QVERIFY(rows > 100);
}

void tst_PyroMarshal::decodeMessages()
{
    QFETCH(QJsonObject, message);
    const QByteArray payload = messagePayload(message);
    PyroError error;
    if (message.contains(u"payload_call"_s)) {
        const QJsonObject expected = message.value(u"payload_call"_s).toObject();
        PyroCall call;
        QVERIFY2(m_marshal.decodeCall(payload, &call, PyroDecodeOptions(), &error), qPrintable(error.toString()));
        QCOMPARE(call.object, expected.value(u"object"_s).toObject().value(u"value"_s).toString());
        QCOMPARE(call.method, expected.value(u"method"_s).toObject().value(u"value"_s).toString());
        QVERIFY(call.argsAsList); // Python's marshal client always sends a list
        QString why;
        QVERIFY2(matchesTyped(QVariant(call.args), expected.value(u"vargs"_s), &why), qPrintable(why));
        QVERIFY2(matchesTyped(call.kwargs, expected.value(u"kwargs"_s), &why), qPrintable(why));
        return;
    }
    PyroDecodeOptions raw;
    raw.mapClassDicts = false;
    QVariant value = m_marshal.decode(payload, raw, &error);
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QString why;
    QVERIFY2(matchesTyped(value, message.value(u"payload_raw"_s), &why), qPrintable(why));

    const QJsonObject expected = message.value(u"payload_value"_s).toObject();
    value = m_marshal.decode(payload, PyroDecodeOptions(), &error);
    if (expected.value(u"type"_s).toString() == u"error") {
        QVERIFY2(!value.isValid(), "Pyro5 refuses this payload; so must we");
        QCOMPARE(error.code(), PyroError::Code::SerializeError);
        return;
    }
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QVERIFY2(matchesTyped(value, expected, &why), qPrintable(why));
}

void tst_PyroMarshal::decodeMalformed_data()
{
    QTest::addColumn<QByteArray>("data");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("unknown code") << hex("01");
    QTest::newRow("unknown flagged code") << hex("ff");
    QTest::newRow("unknown code in list") << hex("5b 01000000 02");
    QTest::newRow("code object") << hex("63 00000000 00000000 00000000 00000000 00000000 00000000");
    QTest::newRow("StopIteration") << hex("53");
    QTest::newRow("Ellipsis") << hex("2e");
    QTest::newRow("Ellipsis in list") << hex("5b 01000000 2e");
    QTest::newRow("NULL at top") << hex("30");
    QTest::newRow("NULL in list") << hex("5b 01000000 30");
    QTest::newRow("trailing byte") << hex("4e 4e");
    QTest::newRow("trailing after list") << hex("5b 00000000 00");

    // References.
    QTest::newRow("ref without table") << hex("72 00000000");
    QTest::newRow("ref past table") << hex("5b 02000000 fa0161 7201000000");
    QTest::newRow("ref negative") << hex("5b 01000000 72 ffffffff");
    QTest::newRow("ref to flagged None") << hex("5b 02000000 ce 7200000000");
    QTest::newRow("ref truncated") << hex("5b 02000000 fa0161 72 0000");
    // Cycles: CPython builds a recursive list/dict, a QVariant cannot hold one.
    QTest::newRow("list cycle") << hex("db 01000000 7200000000");
    QTest::newRow("dict cycle") << hex("fb 7a0161 7200000000 30");
    QTest::newRow("tuple cycle") << hex("a8 01000000 7200000000");
    QTest::newRow("small tuple cycle") << hex("a9 01 7200000000");
    QTest::newRow("set cycle") << hex("bc 01000000 7200000000");
    QTest::newRow("frozenset cycle") << hex("be 01000000 7200000000");
    QTest::newRow("deep cycle") << hex("db 01000000 5b 01000000 28 01000000 7200000000");

    // Numbers.
    QTest::newRow("i truncated") << hex("69 0100");
    QTest::newRow("I truncated") << hex("49 01000000");
    QTest::newRow("g truncated") << hex("67 0000f83f");
    QTest::newRow("y truncated") << hex("79 000000000000f83f");
    QTest::newRow("l unnormalized") << hex("6c 01000000 0000");
    QTest::newRow("l unnormalized 2") << hex("6c 02000000 0100 0000");
    QTest::newRow("l digit out of range") << hex("6c 01000000 0080");
    QTest::newRow("l truncated digits") << hex("6c 03000000 0100");
    QTest::newRow("l huge count") << hex("6c ffffff7f 0100 0100 0100");
    QTest::newRow("l INT_MIN count") << hex("6c 00000080 0100");
    QTest::newRow("f bad text") << QByteArray("f\x03" "abc");
    QTest::newRow("f leading space") << QByteArray("f\x04 1.5");
    QTest::newRow("f trailing space") << QByteArray("f\x04" "1.5 ");
    QTest::newRow("f underscore") << QByteArray("f\x05" "1_000");
    QTest::newRow("f empty") << QByteArray("f\x00", 2);
    QTest::newRow("f bare exponent") << QByteArray("f\x03" "e10");
    QTest::newRow("f two points") << QByteArray("f\x04" "1.5.");
    QTest::newRow("f hex") << QByteArray("f\x04" "0x10");
    QTest::newRow("f truncated") << QByteArray("f\x05" "1.5");
    QTest::newRow("x missing imag") << QByteArray("x\x01" "1");

    // Absurd sizes must fail before anything is allocated for them.
    QTest::newRow("list 2^31-1") << hex("5b ffffff7f 4e4e4e4e4e");
    QTest::newRow("list 2^31 in 10 bytes") << hex("5b 00000080 4e4e4e4e4e");
    QTest::newRow("tuple 2^31-1") << hex("28 ffffff7f 4e4e4e4e4e");
    QTest::newRow("set 2^31-1") << hex("3c ffffff7f 4e4e4e4e4e");
    QTest::newRow("frozenset 2^31-1") << hex("3e ffffff7f 4e4e4e4e4e");
    QTest::newRow("list negative") << hex("5b ffffffff");
    QTest::newRow("small tuple short") << hex("29 ff 4e4e");
    QTest::newRow("bytes 2^31-1") << hex("73 ffffff7f 0000");
    QTest::newRow("bytes negative") << hex("73 feffffff");
    QTest::newRow("bytes one short") << hex("73 03000000 6162");
    QTest::newRow("u 2^31-1") << hex("75 ffffff7f 6162");
    QTest::newRow("t 2^31-1") << hex("74 ffffff7f 6162");
    QTest::newRow("a 2^31-1") << hex("61 ffffff7f 6162");
    QTest::newRow("A negative") << hex("41 ffffffff");
    QTest::newRow("z short") << hex("7a ff 6162");
    QTest::newRow("Z short") << hex("5a 03 6162");
    QTest::newRow("dict unterminated") << hex("7b 7a0161 4e");
    QTest::newRow("dict key only") << hex("7b 7a0161");

    // Text that CPython's strict UTF-8 decoder refuses (surrogates aside).
    QTest::newRow("utf8 ff") << hex("75 01000000 ff");
    QTest::newRow("utf8 stray continuation") << hex("75 01000000 80");
    QTest::newRow("utf8 overlong 2") << hex("75 02000000 c080");
    QTest::newRow("utf8 overlong 3") << hex("75 03000000 e08080");
    QTest::newRow("utf8 overlong 4") << hex("75 04000000 f0808080");
    QTest::newRow("utf8 beyond 10ffff") << hex("75 04000000 f4908080");
    QTest::newRow("utf8 f5") << hex("75 04000000 f5808080");
    QTest::newRow("utf8 truncated") << hex("75 02000000 e282");
    QTest::newRow("utf8 truncated 4") << hex("75 03000000 f09f98");
    QTest::newRow("utf8 bad continuation") << hex("75 02000000 c341");

    // What Python cannot hash cannot be a dict key or set item.
    QTest::newRow("set of list") << hex("3c 01000000 5b00000000");
    QTest::newRow("set of set") << hex("3c 01000000 3c00000000");
    QTest::newRow("set of dict") << hex("3c 01000000 7b30");
    QTest::newRow("frozenset of tuple of list") << hex("3e 01000000 29 01 5b00000000");
    QTest::newRow("list key") << hex("7b 5b00000000 4e 30");
    QTest::newRow("dict key") << hex("7b 7b30 4e 30");
    QTest::newRow("class dict key") << hex("7b 7b da095f5f636c6173735f5f fa0e5079726f352e636f72652e555249 30 4e 30");
}

void tst_PyroMarshal::decodeMalformed()
{
    QFETCH(QByteArray, data);
    PyroError error;
    QElapsedTimer timer;
    timer.start();
    const QVariant value = m_marshal.decode(data, PyroDecodeOptions(), &error);
    QVERIFY2(!value.isValid(), qPrintable(describe(value)));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY(!error.message().isEmpty());
    QVERIFY(timer.elapsed() < 1000);
}

void tst_PyroMarshal::decodeHugeInt()
{
    // 2^15000 has 4516 decimal digits, more than CPython (and QtPyro) turn into text.
    QByteArray data = hex("6c e8030000");
    data += QByteArray(999 * 2, '\0');
    data += hex("0100");
    PyroError error;
    QVERIFY(!m_marshal.decode(data, PyroDecodeOptions(), &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);

    // 2^13388 (4031 digits) is still fine, and so is a negative one.
    data = hex("6c 7d030000") + QByteArray(892 * 2, '\0') + hex("0001");
    const QVariant value = m_marshal.decode(data, PyroDecodeOptions(), &error);
    QVERIFY2(value.typeId() == qMetaTypeId<PyroBigInt>(), qPrintable(error.toString()));
    QCOMPARE(value.value<PyroBigInt>().digits().size(), 4031);
    QVERIFY(value.value<PyroBigInt>().digits().startsWith("1547326449"));
    data[1] = char(0x83); // -893 digits
    data[2] = char(0xfc);
    data[3] = char(0xff);
    data[4] = char(0xff);
    const QVariant negative = m_marshal.decode(data, PyroDecodeOptions(), &error);
    QVERIFY(negative.value<PyroBigInt>().isNegative());
    QCOMPARE(negative.value<PyroBigInt>().digits(), value.value<PyroBigInt>().digits());
}

void tst_PyroMarshal::decodeDeepNesting_data()
{
    QTest::addColumn<QByteArray>("data");
    const int depth = 100000;
    QTest::newRow("lists") << nested(hex("5b 01000000"), depth, hex("69 01000000"));
    QTest::newRow("tuples") << nested(hex("28 01000000"), depth, hex("69 01000000"));
    QTest::newRow("small tuples") << nested(hex("29 01"), depth, hex("4e"));
    QTest::newRow("flagged lists") << nested(hex("db 01000000"), depth, hex("4e"));
    QTest::newRow("dicts") << nested(hex("7b 7a0161"), depth, hex("4e"));
    QTest::newRow("frozensets") << nested(hex("3e 01000000"), depth, hex("4e"));
    QTest::newRow("lists unterminated") << nested(hex("5b 01000000"), depth, QByteArray());
}

void tst_PyroMarshal::decodeDeepNesting()
{
    QFETCH(QByteArray, data);
    PyroError error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!m_marshal.decode(data, PyroDecodeOptions(), &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY(timer.elapsed() < 2000);
}

void tst_PyroMarshal::decodeDepthLimit()
{
    // CPython's limit: 2000 values on the stack, counting the leaf.
    PyroError error;
    const QVariant ok = m_marshal.decode(nested(hex("5b 01000000"), 1999, hex("4e")), PyroDecodeOptions(), &error);
    QVERIFY2(ok.isValid(), qPrintable(error.toString()));
    COMPARE_VALUE(ok, nestedList(1999, PyroValues::none()));
    QVERIFY(!m_marshal.decode(nested(hex("5b 01000000"), 2000, hex("4e")), PyroDecodeOptions(), &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().contains(u"2000"_s), qPrintable(error.message()));

    PyroDecodeOptions options;
    options.maxDepth = 10;
    QVERIFY(m_marshal.decode(nested(hex("5b 01000000"), 9, hex("4e")), options, &error).isValid());
    QVERIFY(!m_marshal.decode(nested(hex("5b 01000000"), 10, hex("4e")), options, &error).isValid());
    QVERIFY(!m_marshal.decode(nested(hex("7b 7a0161"), 10, hex("4e")).append(QByteArray(10, '0')), options, &error)
                 .isValid());
    QVERIFY(m_marshal.decode(nested(hex("7b 7a0161"), 9, hex("4e")).append(QByteArray(9, '0')), options, &error)
                .isValid());
}

// References share a subtree; what they expand to is bounded like plain input.
void tst_PyroMarshal::decodeReferenceBombs()
{
    const auto ref = [](int index) {
        QByteArray r("r");
        r += QByteArray(4, '\0');
        qToLittleEndian(qint32(index), r.data() + 1);
        return r;
    };
    const auto list = [](int n) {
        QByteArray l("[");
        l += QByteArray(4, '\0');
        qToLittleEndian(qint32(n), l.data() + 1);
        return l;
    };
    // Tuple k holds two references to tuple k-1: 2^61 values from 800 bytes.
    QByteArray bomb = list(61) + hex("a9 02 4e 4e");
    for (int k = 1; k < 61; ++k)
        bomb += hex("a9 02") + ref(k - 1) + ref(k - 1);
    PyroError error;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!m_marshal.decode(bomb, PyroDecodeOptions(), &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().contains(u"expand"_s), qPrintable(error.message()));
    // The same tuples as set items, which have to be hashed.
    QByteArray setBomb = bomb;
    setBomb[0] = '<';
    QVERIFY(!m_marshal.decode(setBomb, PyroDecodeOptions(), &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY(timer.elapsed() < 2000);

    // A few levels of sharing are normal and fine.
    QByteArray shared = list(11) + hex("a9 02 4e 4e");
    for (int k = 1; k < 11; ++k)
        shared += hex("a9 02") + ref(k - 1) + ref(k - 1);
    const QVariant value = m_marshal.decode(shared, PyroDecodeOptions(), &error);
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QCOMPARE(value.toList().size(), 11);
    QCOMPARE(value.toList().at(10).value<PyroTuple>().size(), 2);

    // Tuple k holds one reference to tuple k-1: shallow bytes, a deep (and quadratically
    // large) value.
    const auto chain = [&](int n) {
        QByteArray data = list(n) + hex("a9 01 4e");
        for (int k = 1; k < n; ++k)
            data += hex("a9 01") + ref(k - 1);
        return data;
    };
    QVERIFY(!m_marshal.decode(chain(3000), PyroDecodeOptions(), &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    // Tuple k has height k + 2 and sits at depth 2: list(n) reaches depth n + 2.
    PyroDecodeOptions options;
    options.maxDepth = 50;
    QVERIFY2(m_marshal.decode(chain(48), options, &error).isValid(), qPrintable(error.toString()));
    QVERIFY(!m_marshal.decode(chain(49), options, &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().contains(u"too deep"_s), qPrintable(error.message()));
}

void tst_PyroMarshal::decodeTruncated_data()
{
    QTest::addColumn<QByteArray>("data");
    const char *files[] = {
        "vectors/messages/marshal/connect_echoserver-02-s2c-CONNECTOK.bin",
        "vectors/messages/marshal/invoke_echo-03-c2s-INVOKE.bin",
        "vectors/messages/marshal/exception_with_attributes-04-s2c-RESULT.bin",
    };
    for (const char *file : files)
        QTest::newRow(file) << readVectorFile(QString::fromLatin1(file)).mid(40);
    const char *values[] = {"dec_marshal_v0", "dec_marshal_v3", "dec_marshal_v4", "int_2p200p12345",
                            "str_nonascii_len300", "uri_pyrometa", "proxy_with_metadata", "complex_1_2"};
    for (const char *name : values)
        QTest::newRow(name) << readVectorFile(u"vectors/values/marshal/%1.bin"_s.arg(QLatin1StringView(name)));
}

void tst_PyroMarshal::decodeTruncated()
{
    QFETCH(QByteArray, data);
    PyroError error;
    QVERIFY2(m_marshal.decode(data, PyroDecodeOptions(), &error).isValid(), qPrintable(error.toString()));
    // A marshal value delimits itself, so no proper prefix is a complete value.
    for (qsizetype n = 0; n < data.size(); ++n) {
        error = PyroError();
        const QVariant value = m_marshal.decode(QByteArrayView(data).first(n), PyroDecodeOptions(), &error);
        QVERIFY2(!value.isValid(), qPrintable(u"prefix of %1 bytes decoded"_s.arg(n)));
        QCOMPARE(error.code(), PyroError::Code::SerializeError);
    }
}

void tst_PyroMarshal::decodeGarbage()
{
    // Random bytes and randomly damaged valid payloads: any outcome but a crash or a hang.
    QRandomGenerator random(20260101);
    const QByteArray codes("NTFSi.IlgfyxsutaAzZ([{0<>)rc");
    const QList<QByteArray> seeds = {
        readVectorFile(u"vectors/messages/marshal/connect_echoserver-02-s2c-CONNECTOK.bin"_s).mid(40),
        readVectorFile(u"vectors/values/marshal/dec_marshal_v3.bin"_s),
        readVectorFile(u"vectors/values/marshal/exc_custom_attributes.bin"_s),
    };
    int decoded = 0;
    for (int round = 0; round < 6000; ++round) {
        QByteArray data;
        if (round % 2 == 0) {
            const int size = random.bounded(1, 48);
            for (int i = 0; i < size; ++i) {
                const bool code = random.bounded(3) == 0;
                char c = code ? codes.at(random.bounded(int(codes.size()))) : char(random.bounded(256));
                if (code && random.bounded(2))
                    c = char(uchar(c) | 0x80);
                data.append(c);
            }
        } else {
            data = seeds.at(round % seeds.size());
            const int damage = random.bounded(1, 4);
            for (int i = 0; i < damage; ++i)
                data[random.bounded(int(data.size()))] = char(random.bounded(256));
        }
        PyroError error;
        const QVariant value = m_marshal.decode(data, PyroDecodeOptions(), &error);
        if (value.isValid()) {
            ++decoded;
            QVERIFY(!error.isError());
        } else {
            QVERIFY2(error.isError(), data.toHex().constData());
        }
    }
    QVERIFY(decoded > 0); // the generator does reach valid input too
}

// ---- encoding --------------------------------------------------------------------------

// Expected bytes are what CPython's marshal.dumps() writes with FLAG_REF cleared, or
// (for forms CPython does not choose, like '(' for short tuples) bytes that
// marshal.loads() was checked to read as the same value.
void tst_PyroMarshal::encode_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("None") << PyroValues::none() << hex("4e");
    QTest::newRow("invalid is None") << QVariant() << hex("4e");
    QTest::newRow("True") << QVariant(true) << hex("54");
    QTest::newRow("False") << QVariant(false) << hex("46");
    QTest::newRow("int 0") << QVariant(0) << hex("69 00000000");
    QTest::newRow("int -1") << QVariant(-1) << hex("69 ffffffff");
    QTest::newRow("int32 max") << ll(2147483647) << hex("69 ffffff7f");
    QTest::newRow("int32 min") << ll(-2147483647 - 1) << hex("69 00000080");
    QTest::newRow("short") << QVariant::fromValue(short(-5)) << hex("69 fbffffff");
    QTest::newRow("uint 2^32-1") << QVariant(4294967295u) << hex("6c 03000000 ff7f ff7f 0300");
    QTest::newRow("2^31") << ll(2147483648LL) << hex("6c 03000000 0000 0000 0200");
    QTest::newRow("-2^31-1") << ll(-2147483649LL) << hex("6c fdffffff 0100 0000 0200");
    QTest::newRow("2^40") << ll(1099511627776LL) << hex("6c 03000000 0000 0000 0004");
    QTest::newRow("-2^32") << ll(-4294967296LL) << hex("6c fdffffff 0000 0000 0400");
    QTest::newRow("2^63-1") << ll(std::numeric_limits<qint64>::max()) << hex("6c 05000000 ff7f ff7f ff7f ff7f 0700");
    QTest::newRow("-2^63") << ll(std::numeric_limits<qint64>::min()) << hex("6c fbffffff 0000 0000 0000 0000 0800");
    QTest::newRow("quint64 2^63") << QVariant(quint64(1) << 63) << hex("6c 05000000 0000 0000 0000 0000 0800");
    QTest::newRow("quint64 max") << QVariant(std::numeric_limits<quint64>::max())
                                 << hex("6c 05000000 ff7f ff7f ff7f ff7f 0f00");
    QTest::newRow("quint64 small") << QVariant(quint64(7)) << hex("69 07000000");
    QTest::newRow("big 2^64") << big("18446744073709551616") << hex("6c 05000000 0000 0000 0000 0000 1000");
    QTest::newRow("big -2^63-1") << big("-9223372036854775809") << hex("6c fbffffff 0100 0000 0000 0000 0800");
    QTest::newRow("big 2^100") << big("1267650600228229401496703205376")
                               << hex("6c 07000000 0000 0000 0000 0000 0000 0000 0004");
    QTest::newRow("big -10^40") << big("-10000000000000000000000000000000000000000")
                                << hex("6c f7ffffff 0000 0000 0004 ab4f bb7a 9714 d770 f814 631d");
    QTest::newRow("big that fits") << big("-5") << hex("69 fbffffff");

    QTest::newRow("double") << QVariant(1.5) << hex("67 000000000000f83f");
    QTest::newRow("float") << QVariant(0.25f) << hex("67 000000000000d03f");
    QTest::newRow("-0.0") << QVariant(-0.0) << hex("67 0000000000000080");
    QTest::newRow("inf") << QVariant(HUGE_VAL) << hex("67 000000000000f07f");
    QTest::newRow("complex") << QVariant::fromValue(PyroComplex(1.5, -2)) << hex("79 000000000000f83f 00000000000000c0");

    QTest::newRow("str") << QVariant(u"abc"_s) << hex("75 03000000 616263");
    QTest::newRow("str empty") << QVariant(QString()) << hex("75 00000000");
    QTest::newRow("str latin1") << QVariant(u"é"_s) << hex("75 02000000 c3a9");
    QTest::newRow("str cjk") << QVariant(u"漢字"_s) << hex("75 06000000 e6bca2e5ad97");
    QTest::newRow("str astral") << QVariant(u"a\U0001F600b"_s) << hex("75 06000000 61f09f988062");
    // Lone surrogates travel like CPython writes them ("surrogatepass").
    QTest::newRow("str lone low") << QVariant(QString(u"x"_s + QChar(0xDC80) + u"y"_s))
                                  << hex("75 05000000 78edb28079");
    QTest::newRow("str lone high at end") << QVariant(QString(QChar(0xD800))) << hex("75 03000000 eda080");
    QTest::newRow("str reversed pair") << QVariant(QString(QChar(0xDE00)) + QChar(0xD83D))
                                       << hex("75 06000000 edb880 eda0bd");
    QTest::newRow("QChar") << QVariant(QChar(u'é')) << hex("75 02000000 c3a9");
    QTest::newRow("bytes") << QVariant(QByteArray("\x00\xff" "ab", 4)) << hex("73 04000000 00ff6162");
    QTest::newRow("bytes empty") << QVariant(QByteArray()) << hex("73 00000000");

    QTest::newRow("list") << QVariant(QVariantList{1, u"a"_s}) << hex("5b 02000000 69 01000000 75 01000000 61");
    QTest::newRow("list empty") << QVariant(QVariantList()) << hex("5b 00000000");
    QTest::newRow("QStringList") << QVariant(QStringList{u"a"_s, u"bc"_s}) << hex("5b 02000000 7501000000 61 7502000000 6263");
    QTest::newRow("QByteArrayList") << QVariant::fromValue(QByteArrayList{"x"}) << hex("5b 01000000 7301000000 78");
    QTest::newRow("tuple") << tuple({1, u"a"_s}) << hex("28 02000000 69 01000000 75 01000000 61");
    QTest::newRow("tuple empty") << tuple({}) << hex("28 00000000");
    QTest::newRow("set") << set({7}) << hex("3c 01000000 69 07000000");
    QTest::newRow("frozenset") << set({7}, PyroSet::Kind::FrozenSet) << hex("3e 01000000 69 07000000");
    QTest::newRow("frozenset empty") << set({}, PyroSet::Kind::FrozenSet) << hex("3e 00000000");
    // QVariantMap in its sorted key order, PyroDict in its own order.
    QTest::newRow("map") << QVariant(QVariantMap{{u"b"_s, 1}, {u"a"_s, 2}})
                         << hex("7b 7501000000 61 6902000000 7501000000 62 6901000000 30");
    QTest::newRow("map empty") << QVariant(QVariantMap()) << hex("7b 30");
    QTest::newRow("hash") << QVariant(QVariantHash{{u"k"_s, true}}) << hex("7b 7501000000 6b 54 30");
    QTest::newRow("dict order") << dict({{2, u"x"_s}, {1, u"y"_s}})
                                << hex("7b 6902000000 7501000000 78 6901000000 7501000000 79 30");
    QTest::newRow("dict None key") << dict({{PyroValues::none(), 1}}) << hex("7b 4e 6901000000 30");
    QTest::newRow("dict tuple key") << dict({{tuple({1, 2}), PyroValues::none()}})
                                    << hex("7b 28 02000000 6901000000 6902000000 4e 30");

    // Dates travel as ISO text (a QtPyro extension: Pyro5's marshal refuses them).
    QTest::newRow("date") << QVariant(QDate(2024, 2, 29)) << hex("75 0a000000 323032342d30322d3239");
    QTest::newRow("time") << QVariant(QTime(13, 14, 15)) << hex("75 08000000 31333a31343a3135");
}

void tst_PyroMarshal::encode()
{
    QFETCH(QVariant, value);
    QFETCH(QByteArray, expected);
    QByteArray out("head");
    PyroError error;
    QVERIFY2(m_marshal.encode(out, value, PyroEncodeContext(), &error), qPrintable(error.toString()));
    QVERIFY(out.startsWith("head")); // appends
    QCOMPARE(out.mid(4).toHex(' '), expected.toHex(' '));
}

void tst_PyroMarshal::encodeRoundTrip_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::newRow("scalars") << QVariant(QVariantList{PyroValues::none(), true, false, ll(0), ll(-7), ll(1LL << 40),
                                                      big("-340282366920938463463374607431768211456"), 0.1, -0.0,
                                                      std::nan(""), -HUGE_VAL,
                                                      QVariant::fromValue(PyroComplex(0, -1))});
    QTest::newRow("strings") << QVariant(QVariantList{u""_s, u"plain"_s, u"ünï\U0001F600"_s,
                                                      QString(QChar(0xDFFF)), QString(2000, u'x'),
                                                      QByteArray(300, '\xab')});
    QTest::newRow("containers") << QVariant(QVariantMap{
        {u"list"_s, QVariantList{tuple({}), tuple({ll(1), tuple({ll(2)})})}},
        {u"set"_s, set({u"a"_s, u"b"_s, tuple({ll(1), ll(2)})})},
        {u"frozen"_s, set({ll(3)}, PyroSet::Kind::FrozenSet)},
        {u"dict"_s, dict({{ll(1), u"one"_s}, {tuple({ll(1), ll(2)}), QVariantMap()}, {QByteArray("k"), 2.5}})},
        {u"empty"_s, QVariantMap()}});
    QTest::newRow("deep") << nestedList(1999, ll(1));
}

void tst_PyroMarshal::encodeRoundTrip()
{
    QFETCH(QVariant, value);
    QByteArray bytes;
    PyroError error;
    QVERIFY2(m_marshal.encode(bytes, value, PyroEncodeContext(), &error), qPrintable(error.toString()));
    const QVariant back = m_marshal.decode(bytes, PyroDecodeOptions(), &error);
    QVERIFY2(back.isValid(), qPrintable(error.toString()));
    COMPARE_VALUE(back, value);
    // Only the simple codes, never FLAG_REF.
    QVERIFY(!(uchar(bytes.at(0)) & 0x80));
}

void tst_PyroMarshal::encodeClassDictsAtAnyDepth()
{
    // Pyro5's marshal converts only top-level objects; QtPyro converts them anywhere.
    const PyroUri uri = PyroUri::forTcp(u"thing"_s, u"127.0.0.1"_s, 4000);
    PyroObjectRef ref(uri);
    ref.setMethods({u"ping"_s});
    const PyroError exception = PyroError::exception(u"builtins.KeyError"_s, u"missing"_s);
    const QVariant value = QVariantMap{
        {u"uris"_s, QVariantList{QVariant::fromValue(uri), tuple({QVariant::fromValue(uri)})}},
        {u"proxy"_s, QVariant::fromValue(ref)},
        {u"error"_s, QVariant::fromValue(exception)},
        {u"when"_s, QDate(2024, 1, 2)}};
    QByteArray bytes;
    PyroError error;
    QVERIFY2(m_marshal.encode(bytes, value, PyroEncodeContext(), &error), qPrintable(error.toString()));
    const QVariantMap back = m_marshal.decode(bytes, PyroDecodeOptions(), &error).toMap();
    QVERIFY2(!back.isEmpty(), qPrintable(error.toString()));
    const QVariantList uris = back.value(u"uris"_s).toList();
    QCOMPARE(uris.size(), 2);
    QCOMPARE(uris.at(0).value<PyroUri>(), uri);
    QCOMPARE(uris.at(1).value<PyroTuple>().at(0).value<PyroUri>(), uri);
    QCOMPARE(back.value(u"proxy"_s).value<PyroObjectRef>().uri(), uri);
    QCOMPARE(back.value(u"proxy"_s).value<PyroObjectRef>().methods(), QStringList{u"ping"_s});
    QCOMPARE(back.value(u"error"_s).value<PyroError>().remoteType(), u"builtins.KeyError"_s);
    QCOMPARE(back.value(u"when"_s), QVariant(u"2024-01-02"_s));
}

void tst_PyroMarshal::encodeFailureKeepsBuffer_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::newRow("QLine") << QVariant(QLine(1, 2, 3, 4));
    QTest::newRow("nested QLine") << QVariant(QVariantList{1, u"two"_s, QVariantMap{{u"p"_s, QLine(1, 2, 3, 4)}}});
    QTest::newRow("in dict key") << dict({{QVariant(QLine(1, 2, 3, 4)), 1}});
    QTest::newRow("too deep") << nestedList(2000, ll(1));
    QTest::newRow("too deep map") << nestedList(1999, QVariantMap{{u"k"_s, 1}});
}

void tst_PyroMarshal::encodeFailureKeepsBuffer()
{
    QFETCH(QVariant, value);
    QByteArray out("prefix");
    PyroError error;
    QVERIFY(!m_marshal.encode(out, value, PyroEncodeContext(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QCOMPARE(out, QByteArray("prefix"));
}

void tst_PyroMarshal::encodeDepthLimit()
{
    // Mirrors CPython's writer: marshal.dumps() of 1999 nested lists around an int works,
    // 2000 do not.
    QByteArray out;
    PyroError error;
    QVERIFY(m_marshal.encode(out, nestedList(1999, ll(1)), PyroEncodeContext(), &error));
    QVERIFY(!m_marshal.encode(out, nestedList(2000, ll(1)), PyroEncodeContext(), &error));
    QVERIFY2(error.message().contains(u"too deep"_s), qPrintable(error.message()));
    // An empty container at the limit has no children that would exceed it.
    QVERIFY(m_marshal.encode(out, nestedList(1999, QVariantMap()), PyroEncodeContext(), &error));
}

// ---- the call envelope -----------------------------------------------------------------

void tst_PyroMarshal::encodeCall()
{
    // echo("hello", 42) on test.echoserver; CPython's marshal.loads() reads these bytes as
    // ('test.echoserver', 'echo', ['hello', 42], {}).
    PyroCall call;
    call.object = u"test.echoserver"_s;
    call.method = u"echo"_s;
    call.args = {u"hello"_s, 42};
    QByteArray out("hdr");
    PyroError error;
    QVERIFY2(m_marshal.encodeCall(out, call, PyroEncodeContext(), &error), qPrintable(error.toString()));
    const QByteArray expected = hex("28 04000000 75 0f000000 746573742e6563686f736572766572 75 04000000 6563686f"
                                    "5b 02000000 75 05000000 68656c6c6f 69 2a000000 7b 30");
    QCOMPARE(out.mid(3).toHex(' '), expected.toHex(' '));

    // vargs are a list even when the caller did not ask for one; kwargs may be None.
    call.argsAsList = true;
    call.kwargs = PyroValues::none();
    out.clear();
    QVERIFY(m_marshal.encodeCall(out, call, PyroEncodeContext(), &error));
    QCOMPARE(out.toHex(' '), (expected.chopped(2) + hex("4e")).toHex(' '));

    PyroCall back;
    QVERIFY2(m_marshal.decodeCall(out, &back, PyroDecodeOptions(), &error), qPrintable(error.toString()));
    QCOMPARE(back.object, call.object);
    QCOMPARE(back.method, call.method);
    QCOMPARE(back.args, call.args);
    QVERIFY(back.argsAsList);
    QVERIFY(PyroValues::isNone(back.kwargs));

    // A failing argument leaves the buffer alone.
    call.args = {1, QLine(1, 1, 2, 2)};
    out = "hdr";
    QVERIFY(!m_marshal.encodeCall(out, call, PyroEncodeContext(), &error));
    QCOMPARE(out, QByteArray("hdr"));
}

void tst_PyroMarshal::decodeCall_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("argsAsList");
    QTest::addColumn<QVariantList>("args");

    // What the Python proxy sends (vector call_args): a small tuple with FLAG_REFs.
    QTest::newRow("python") << readVectorFile(u"vectors/values/marshal/call_args.bin"_s) << true << true
                            << QVariantList{u"hello"_s, ll(42)};
    // Tuple vargs are accepted too, and a list envelope.
    QTest::newRow("tuple vargs") << hex("29 04 7a03 6f626a 7a04 6d657468 29 01 69 01000000 7b 30") << true << false
                                 << QVariantList{ll(1)};
    QTest::newRow("list envelope") << hex("5b 04000000 7a03 6f626a 7a04 6d657468 5b 00000000 4e") << true << true
                                   << QVariantList();
    QTest::newRow("3 items") << hex("29 03 7a03 6f626a 7a04 6d657468 5b 00000000") << false << false << QVariantList();
    QTest::newRow("set vargs") << hex("29 04 7a03 6f626a 7a04 6d657468 3c 00000000 7b 30") << false << false
                               << QVariantList();
    QTest::newRow("int object") << hex("29 04 69 01000000 7a04 6d657468 5b 00000000 7b 30") << false << false
                                << QVariantList();
    QTest::newRow("not a call") << hex("75 03000000 616263") << false << false << QVariantList();
    QTest::newRow("truncated") << readVectorFile(u"vectors/values/marshal/call_args.bin"_s).chopped(1) << false
                               << false << QVariantList();
}

void tst_PyroMarshal::decodeCall()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, ok);
    QFETCH(bool, argsAsList);
    QFETCH(QVariantList, args);
    PyroCall call;
    PyroError error;
    QCOMPARE(m_marshal.decodeCall(data, &call, PyroDecodeOptions(), &error), ok);
    if (!ok) {
        QCOMPARE(error.code(), PyroError::Code::SerializeError);
        return;
    }
    QCOMPARE(call.argsAsList, argsAsList);
    COMPARE_VALUE(QVariant(call.args), QVariant(args));
}

QTEST_GUILESS_MAIN(tst_PyroMarshal)
#include "tst_pyromarshal.moc"
