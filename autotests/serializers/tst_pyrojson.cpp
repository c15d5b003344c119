// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The json serializer (id 3): byte-exact writing in Python's json.dumps(ensure_ascii=False)
// style, the tolerant parser (NaN, Infinity, big ints), the call envelope, and hostile
// input (truncation, garbage, deep nesting, huge numbers) that must fail cleanly.

#include "pyrojson_p.h"
#include "pyrobigint_p.h"
#include "pyroobjectref.h"
#include "pyrotestvectors.h"
#include "pyrouri.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QLine>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimeZone>
#include <QtTest/QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using namespace PyroTestVectors;

class tst_PyroJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void identity();
    void write_data();
    void write();
    void writeRefused_data();
    void writeRefused();
    void writeDepthLimit();
    void writeLongStrings_data();
    void writeLongStrings();
    void parse_data();
    void parse();
    void parseClassDicts_data();
    void parseClassDicts();
    void parseMalformed_data();
    void parseMalformed();
    void parseTruncated_data();
    void parseTruncated();
    void parseDeepNesting_data();
    void parseDeepNesting();
    void parseDepthOption();
    void parseHugeNumbers_data();
    void parseHugeNumbers();
    void parseMutations();
    void roundTrip_data();
    void roundTrip();
    void encodeCall_data();
    void encodeCall();
    void encodeCallRefused();
    void decodeCall_data();
    void decodeCall();
    void decodeCallRefused_data();
    void decodeCallRefused();
    void messageVectors_data();
    void messageVectors();

private:
    PyroJsonSerializer m_json;
};

static QVariant bigInt(const char *digits)
{
    return QVariant::fromValue(PyroBigInt::fromLatin1(digits));
}

static QString describe(const QVariant &v)
{
    QString text;
    QDebug(&text) << v;
    return text.size() > 400 ? text.left(400) + u"..."_s : text;
}

static QByteArray encoded(const PyroSerializer &s, const QVariant &value, PyroError *error = nullptr)
{
    QByteArray out;
    PyroError e;
    if (!s.encode(out, value, PyroEncodeContext(), &e)) {
        if (error)
            *error = e;
        return QByteArray("<failed: ") + e.message().toUtf8() + '>';
    }
    return out;
}

void tst_PyroJson::initTestCase()
{
    useUtc();
}

void tst_PyroJson::identity()
{
    // Serializer ids are easy to swap: json is 3, marshal 2.
    QCOMPARE(m_json.id(), quint8(3));
    QCOMPARE(m_json.name(), u"json"_s);
    const PyroSerializer *registered = PyroSerializer::byName(u"json");
    QVERIFY(registered);
    QCOMPARE(registered->id(), quint8(3));
    QCOMPARE(PyroSerializer::byId(3), registered);
}

// ---- writer ------------------------------------------------------------------------------

void tst_PyroJson::write_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QByteArray>("expected");

    // Expected bytes are what CPython 3.11 json.dumps(v, ensure_ascii=False).encode() gives.
    QTest::newRow("none") << PyroValues::none() << QByteArray("null");
    QTest::newRow("invalid-variant-is-none") << QVariant() << QByteArray("null");
    QTest::newRow("true") << QVariant(true) << QByteArray("true");
    QTest::newRow("false") << QVariant(false) << QByteArray("false");
    QTest::newRow("int-0") << QVariant(0) << QByteArray("0");
    QTest::newRow("int-neg") << QVariant(-42) << QByteArray("-42");
    QTest::newRow("int64-max") << QVariant(std::numeric_limits<qlonglong>::max())
                               << QByteArray("9223372036854775807");
    QTest::newRow("int64-min") << QVariant(std::numeric_limits<qlonglong>::min())
                               << QByteArray("-9223372036854775808");
    QTest::newRow("uint64-max") << QVariant(std::numeric_limits<qulonglong>::max())
                                << QByteArray("18446744073709551615");
    QTest::newRow("uint") << QVariant(4000000000u) << QByteArray("4000000000");
    QTest::newRow("short") << QVariant::fromValue(short(-7)) << QByteArray("-7");
    QTest::newRow("bigint") << bigInt("1180591620717411303424") << QByteArray("1180591620717411303424");
    QTest::newRow("bigint-neg") << bigInt("-1180591620717411303424") << QByteArray("-1180591620717411303424");
    QTest::newRow("float-0") << QVariant(0.0) << QByteArray("0.0");
    QTest::newRow("float-negzero") << QVariant(-0.0) << QByteArray("-0.0");
    QTest::newRow("float-1.5") << QVariant(1.5) << QByteArray("1.5");
    QTest::newRow("float-0.1") << QVariant(0.1) << QByteArray("0.1");
    QTest::newRow("float-1e16") << QVariant(1e16) << QByteArray("1e+16");
    QTest::newRow("float-1e15") << QVariant(1e15) << QByteArray("1000000000000000.0");
    QTest::newRow("float-1e-5") << QVariant(1e-5) << QByteArray("1e-05");
    QTest::newRow("float-1e22") << QVariant(1e22) << QByteArray("1e+22");
    QTest::newRow("float-subnormal") << QVariant(5e-324) << QByteArray("5e-324");
    QTest::newRow("float-nan") << QVariant(std::nan("")) << QByteArray("NaN");
    QTest::newRow("float-inf") << QVariant(HUGE_VAL) << QByteArray("Infinity");
    QTest::newRow("float-neginf") << QVariant(-HUGE_VAL) << QByteArray("-Infinity");
    QTest::newRow("float-single") << QVariant(0.5f) << QByteArray("0.5");

    QTest::newRow("str-empty") << QVariant(QString()) << QByteArray("\"\"");
    QTest::newRow("str-ascii") << QVariant(u"hello world"_s) << QByteArray("\"hello world\"");
    QTest::newRow("str-single-quote") << QVariant(u"it's"_s) << QByteArray("\"it's\"");
    QTest::newRow("str-escapes") << QVariant(u"a\"b\\c\nd\re\tf\bg\fh/"_s)
                                 << QByteArray(R"("a\"b\\c\nd\re\tf\bg\fh/")");
    QTest::newRow("str-controls")
        << QVariant(QString::fromUtf8("\x00\x01\x07\x0b\x1b\x1f\x7f", 7))
        << QByteArray(R"("\u0000\u0001\u0007\u000b\u001b\u001f)" "\x7f\"");
    QTest::newRow("str-nonascii-raw")
        << QVariant(QString::fromUtf8("\xc2\x80\xe2\x80\xa8\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf"))
        << QByteArray("\"\xc2\x80\xe2\x80\xa8\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\"");
    QTest::newRow("str-latin1") << QVariant(u"café üñÿ"_s) << QByteArray("\"caf\xc3\xa9 \xc3\xbc\xc3\xb1\xc3\xbf\"");
    QTest::newRow("str-cjk") << QVariant(u"中文"_s) << QByteArray("\"\xe4\xb8\xad\xe6\x96\x87\"");
    QTest::newRow("str-astral") << QVariant(u"\U0001F600 \U0001D11E"_s)
                                << QByteArray("\"\xf0\x9f\x98\x80 \xf0\x9d\x84\x9e\"");
    QTest::newRow("qchar") << QVariant(QChar(u'é')) << QByteArray("\"\xc3\xa9\"");

    QTest::newRow("list-empty") << QVariant(QVariantList()) << QByteArray("[]");
    QTest::newRow("list-mixed") << QVariant(QVariantList{1, u"two"_s, 3.0, PyroValues::none(), false, QVariantList{6, 7}})
                                << QByteArray(R"([1, "two", 3.0, null, false, [6, 7]])");
    QTest::newRow("list-nested-empty") << QVariant(QVariantList{QVariantList{QVariantList{}}, QVariantList{}})
                                       << QByteArray("[[[]], []]");
    QTest::newRow("stringlist") << QVariant(QStringList{u"a"_s, u"b"_s}) << QByteArray(R"(["a", "b"])");
    QTest::newRow("tuple") << QVariant::fromValue(PyroTuple{1, QVariant::fromValue(PyroTuple{2, 3})}) << QByteArray("[1, [2, 3]]");
    QTest::newRow("tuple-empty") << QVariant::fromValue(PyroTuple()) << QByteArray("[]");
    QTest::newRow("set") << QVariant::fromValue(PyroSet{u"only"_s}) << QByteArray(R"(["only"])");
    // A QtPyro extension: Pyro5 refuses frozensets with json, we send them like sets.
    QTest::newRow("frozenset") << QVariant::fromValue(PyroSet(QVariantList{1}, PyroSet::Kind::FrozenSet))
                               << QByteArray("[1]");

    QTest::newRow("map-empty") << QVariant(QVariantMap()) << QByteArray("{}");
    QTest::newRow("map-sorted") << QVariant(QVariantMap{{u"b"_s, 1}, {u"a"_s, QVariantList{1, QVariant::fromValue(PyroTuple{2, 3})}}, {u"c"_s, QVariantMap()}})
                                << QByteArray(R"({"a": [1, [2, 3]], "b": 1, "c": {}})");
    QTest::newRow("map-escaped-key") << QVariant(QVariantMap{{u"k\"\n"_s, 1}}) << QByteArray(R"({"k\"\n": 1})");
    QTest::newRow("hash") << QVariant(QVariantHash{{u"x"_s, true}}) << QByteArray(R"({"x": true})");
    QTest::newRow("dict-order-kept")
        << QVariant::fromValue(PyroDict{{u"z"_s, 1}, {u"a"_s, 2}, {u"m"_s, 3}})
        << QByteArray(R"({"z": 1, "a": 2, "m": 3})");
    QTest::newRow("dict-int-keys")
        << QVariant::fromValue(PyroDict{{1, u"one"_s}, {2, u"two"_s}, {-3, u"minus three"_s}})
        << QByteArray(R"({"1": "one", "2": "two", "-3": "minus three"})");
    QTest::newRow("dict-float-bool-keys")
        << QVariant::fromValue(PyroDict{{1.5, u"float"_s}, {true, u"bool"_s}})
        << QByteArray(R"({"1.5": "float", "true": "bool"})");
    QTest::newRow("dict-false-key") << QVariant::fromValue(PyroDict{{false, 0}}) << QByteArray(R"({"false": 0})");
    QTest::newRow("dict-none-key") << QVariant::fromValue(PyroDict{{PyroValues::none(), u"none"_s}})
                                   << QByteArray(R"({"null": "none"})");
    QTest::newRow("dict-nonfinite-keys")
        << QVariant::fromValue(PyroDict{{std::nan(""), 2}, {HUGE_VAL, 3}, {-HUGE_VAL, 4}, {-0.0, 7}})
        << QByteArray(R"({"NaN": 2, "Infinity": 3, "-Infinity": 4, "-0.0": 7})");
    QTest::newRow("dict-bigint-keys")
        << QVariant::fromValue(PyroDict{{bigInt("18446744073709551616"), 1},
                                        {QVariant(std::numeric_limits<qlonglong>::min()), 2}})
        << QByteArray(R"({"18446744073709551616": 1, "-9223372036854775808": 2})");
    QTest::newRow("dict-class-key-lookalike")
        << QVariant::fromValue(PyroDict{{u"__class__"_s, u"float"_s}, {u"value"_s, u"nan"_s}})
        << QByteArray(R"({"__class__": "float", "value": "nan"})");

    QTest::newRow("date") << QVariant(QDate(2024, 2, 29)) << QByteArray(R"("2024-02-29")");
    QTest::newRow("date-min") << QVariant(QDate(1, 1, 1)) << QByteArray(R"("0001-01-01")");
    QTest::newRow("datetime-utc") << QVariant(QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15), QTimeZone::utc()))
                                  << QByteArray(R"("2024-02-29T13:14:15+00:00")");
    // Extension: Pyro5 cannot send a time with json; QtPyro sends its ISO text.
    QTest::newRow("time") << QVariant(QTime(13, 14, 15, 500)) << QByteArray(R"("13:14:15.500000")");
    QTest::newRow("uri") << QVariant::fromValue(PyroUri::forTcp(u"test.echoserver"_s, u"127.0.0.1"_s, 47301))
                         << QByteArray(R"({"__class__": "Pyro5.core.URI", "state": ["PYRO", "test.echoserver", null, "127.0.0.1", 47301]})");
    QTest::newRow("uri-in-list") << QVariant(QVariantList{QVariant::fromValue(PyroUri::forName(u"my.object"_s))})
                                 << QByteArray(R"([{"__class__": "Pyro5.core.URI", "state": ["PYRONAME", "my.object", null, null, null]}])");
    QTest::newRow("exception")
        << QVariant::fromValue(PyroError::exception(u"builtins.ValueError"_s, QVariantList{u"bad"_s, 42}))
        << QByteArray(R"({"__class__": "builtins.ValueError", "__exception__": true, "args": ["bad", 42], "attributes": {}})");
}

void tst_PyroJson::write()
{
    QFETCH(QVariant, value);
    QFETCH(QByteArray, expected);
    PyroError error;
    QByteArray out("prefix:");
    QVERIFY2(m_json.encode(out, value, PyroEncodeContext(), &error), qPrintable(error.toString()));
    QCOMPARE(out, "prefix:" + expected); // appends, never replaces
}

void tst_PyroJson::writeRefused_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("message");

    const QString noForm = u"don't know how to serialize class <class '%1'> using serializer JsonSerializer. "
                           "Give it vars() or an appropriate __getstate__"_s;
    QTest::newRow("bytes") << QVariant(QByteArray("\x00\x01", 2)) << noForm.arg(u"bytes"_s);
    QTest::newRow("bytes-empty") << QVariant(QByteArray()) << noForm.arg(u"bytes"_s);
    QTest::newRow("complex") << QVariant::fromValue(PyroComplex(1, 2)) << noForm.arg(u"complex"_s);
    QTest::newRow("bytes-nested-deep")
        << QVariant(QVariantList{1, QVariantMap{{u"k"_s, QVariantList{u"x"_s, QByteArray("b")}}}})
        << noForm.arg(u"bytes"_s);
    QTest::newRow("bytearraylist") << QVariant::fromValue(QByteArrayList{QByteArray("x")}) << noForm.arg(u"bytes"_s);
    QTest::newRow("tuple-key") << QVariant::fromValue(PyroDict{{QVariant::fromValue(PyroTuple{1, 2}), 3}})
                               << u"keys must be str, int, float, bool or None, not tuple"_s;
    QTest::newRow("mixed-keys-tuple-late")
        << QVariant::fromValue(PyroDict{{1, 1}, {u"a"_s, 2}, {QVariant::fromValue(PyroTuple{1}), 3}})
        << u"keys must be str, int, float, bool or None, not tuple"_s;
    QTest::newRow("frozenset-key")
        << QVariant::fromValue(PyroDict{{QVariant::fromValue(PyroSet(QVariantList{1}, PyroSet::Kind::FrozenSet)), 3}})
        << u"keys must be str, int, float, bool or None, not frozenset"_s;
    QTest::newRow("complex-key") << QVariant::fromValue(PyroDict{{QVariant::fromValue(PyroComplex(0, 1)), 3}})
                                 << u"keys must be str, int, float, bool or None, not complex"_s;
    QTest::newRow("bytes-key") << QVariant::fromValue(PyroDict{{QByteArray("k"), 3}})
                               << u"keys must be str, int, float, bool or None, not bytes"_s;
    // Python can hold these in a str but cannot encode them as UTF-8.
    QTest::newRow("lone-high-surrogate") << QVariant(QString(QChar(0xd800)))
                                         << u"'utf-8' codec can't encode character '\\ud800' in position 0: surrogates not allowed"_s;
    QTest::newRow("lone-low-surrogate") << QVariant(u"ab"_s + QChar(0xdc00))
                                        << u"'utf-8' codec can't encode character '\\udc00' in position 2: surrogates not allowed"_s;
    QTest::newRow("reversed-surrogates") << QVariant(QString(QChar(0xdc00)) + QChar(0xd800))
                                         << u"'utf-8' codec can't encode character '\\udc00' in position 0: surrogates not allowed"_s;
    QTest::newRow("unknown-type") << QVariant(QLineF(1, 2, 3, 4))
                                  << u"don't know how to serialize class <class 'QLineF'> using serializer JsonSerializer"_s;
    QString huge(PyroBigIntMath::MaxDecimalDigits + 1, u'7');
    QTest::newRow("bigint-too-many-digits") << QVariant::fromValue(PyroBigInt::fromString(huge))
                                            << u"Exceeds the limit (4300 digits) for integer string conversion"_s;
}

void tst_PyroJson::writeRefused()
{
    QFETCH(QVariant, value);
    QFETCH(QString, message);
    PyroError error;
    QByteArray out("prefix");
    QVERIFY(!m_json.encode(out, value, PyroEncodeContext(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QCOMPARE(error.message(), message);
    QCOMPARE(out, QByteArray("prefix")); // a failed encode leaves the buffer as it was
}

void tst_PyroJson::writeDepthLimit()
{
    auto nested = [](int depth) {
        QVariant v = QVariantList{u"leaf"_s};
        for (int i = 1; i < depth; ++i)
            v = QVariantList{v};
        return v;
    };
    QByteArray out;
    PyroError error;
    QVERIFY2(m_json.encode(out, nested(PyroJsonSerializer::DefaultMaxDepth), PyroEncodeContext(), &error),
             qPrintable(error.toString()));
    QCOMPARE(out.count('['), PyroJsonSerializer::DefaultMaxDepth);

    out = "prefix";
    QVERIFY(!m_json.encode(out, nested(PyroJsonSerializer::DefaultMaxDepth + 1), PyroEncodeContext(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().contains(u"too deep"_s), qPrintable(error.message()));
    QCOMPARE(out, QByteArray("prefix"));

    // Dicts count as well as lists.
    QVariant dicts = 1;
    for (int i = 0; i < 5000; ++i)
        dicts = QVariantMap{{u"a"_s, dicts}};
    QVERIFY(!m_json.encode(out, dicts, PyroEncodeContext(), &error));
    QCOMPARE(out, QByteArray("prefix"));
}

void tst_PyroJson::writeLongStrings_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("expected");

    // The writer works in chunks of 4096 UTF-16 units: characters straddling a chunk
    // border (surrogate pairs, escapes) must come out whole.
    QString plain(70000, u'e');
    QTest::newRow("ascii-70000") << plain << '"' + QByteArray(70000, 'e') + '"';

    for (int offset : {4094, 4095, 4096}) {
        QString s(offset, u'a');
        s += u"\U0001F600"_s;
        s += QString(5000, u'b');
        QTest::addRow("astral-at-%d", offset)
            << s << '"' + QByteArray(offset, 'a') + "\xf0\x9f\x98\x80" + QByteArray(5000, 'b') + '"';
    }
    QString controls(9000, QChar(0x01));
    QByteArray escaped;
    for (int i = 0; i < 9000; ++i)
        escaped += "\\u0001";
    QTest::newRow("controls-9000") << controls << '"' + escaped + '"';
    QString cjk(9000, QChar(0x4e2d));
    QByteArray cjkUtf8;
    for (int i = 0; i < 9000; ++i)
        cjkUtf8 += "\xe4\xb8\xad";
    QTest::newRow("cjk-9000") << cjk << '"' + cjkUtf8 + '"';
    QString lateLone(10000, u'x');
    lateLone += QChar(0xd83d);
    QTest::newRow("lone-surrogate-after-chunks") << lateLone << QByteArray();
}

void tst_PyroJson::writeLongStrings()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, expected);
    QByteArray out("[");
    PyroError error;
    const bool ok = m_json.encode(out, text, PyroEncodeContext(), &error);
    if (expected.isEmpty()) {
        QVERIFY(!ok);
        QCOMPARE(out, QByteArray("["));
        return;
    }
    QVERIFY2(ok, qPrintable(error.toString()));
    QCOMPARE(out.size(), expected.size() + 1);
    QVERIFY(out.sliced(1) == expected);
    const QVariant back = m_json.decode(out.sliced(1), PyroDecodeOptions(), &error);
    QCOMPARE(back.toString(), text);
}

// ---- parser ------------------------------------------------------------------------------

void tst_PyroJson::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("null") << QByteArray("null") << PyroValues::none();
    QTest::newRow("true") << QByteArray("true") << QVariant(true);
    QTest::newRow("false") << QByteArray("false") << QVariant(false);
    QTest::newRow("int-0") << QByteArray("0") << QVariant(0LL);
    QTest::newRow("int-negzero") << QByteArray("-0") << QVariant(0LL);
    QTest::newRow("int-18-digits") << QByteArray("999999999999999999") << QVariant(999999999999999999LL);
    QTest::newRow("int64-max") << QByteArray("9223372036854775807") << QVariant(std::numeric_limits<qlonglong>::max());
    QTest::newRow("int64-min") << QByteArray("-9223372036854775808") << QVariant(std::numeric_limits<qlonglong>::min());
    QTest::newRow("int-2p63") << QByteArray("9223372036854775808") << bigInt("9223372036854775808");
    QTest::newRow("int-neg2p63m1") << QByteArray("-9223372036854775809") << bigInt("-9223372036854775809");
    QTest::newRow("int-2p64") << QByteArray("18446744073709551616") << bigInt("18446744073709551616");
    QTest::newRow("int-21-digits") << QByteArray("100000000000000000000") << bigInt("100000000000000000000");
    QTest::newRow("int-4300-digits") << QByteArray(4300, '9') << QVariant::fromValue(PyroBigInt::fromLatin1(QByteArray(4300, '9')));
    QTest::newRow("float-1.0") << QByteArray("1.0") << QVariant(1.0);
    QTest::newRow("float-negzero") << QByteArray("-0.0") << QVariant(-0.0);
    QTest::newRow("float-exp-no-dot") << QByteArray("1e5") << QVariant(1e5);
    QTest::newRow("float-exp-upper-sign") << QByteArray("2.5E-3") << QVariant(0.0025);
    QTest::newRow("float-exp-plus") << QByteArray("1E+2") << QVariant(100.0);
    QTest::newRow("float-0.1") << QByteArray("0.1") << QVariant(0.1);
    QTest::newRow("float-pi") << QByteArray("3.141592653589793") << QVariant(3.141592653589793);
    QTest::newRow("float-subnormal") << QByteArray("5e-324") << QVariant(5e-324);
    QTest::newRow("float-overflow") << QByteArray("1e400") << QVariant(HUGE_VAL);
    QTest::newRow("float-overflow-neg") << QByteArray("-1e400") << QVariant(-HUGE_VAL);
    QTest::newRow("float-overflow-long") << QByteArray("123456789.5e308") << QVariant(HUGE_VAL);
    QTest::newRow("float-underflow") << QByteArray("1e-400") << QVariant(0.0);
    QTest::newRow("float-underflow-neg") << QByteArray("-1e-400") << QVariant(-0.0);
    QTest::newRow("float-underflow-leading-zeros") << QByteArray("0.000001e-320") << QVariant(0.0);
    QTest::newRow("float-zero-huge-exp") << QByteArray("0.0e99999999999999999999") << QVariant(0.0);
    QTest::newRow("float-huge-exp") << QByteArray("1e99999999999999999999") << QVariant(HUGE_VAL);
    QTest::newRow("nan") << QByteArray("NaN") << QVariant(std::nan(""));
    QTest::newRow("infinity") << QByteArray("Infinity") << QVariant(HUGE_VAL);
    QTest::newRow("neg-infinity") << QByteArray("-Infinity") << QVariant(-HUGE_VAL);

    QTest::newRow("str-empty") << QByteArray("\"\"") << QVariant(QString());
    QTest::newRow("str-ascii") << QByteArray("\"hello\"") << QVariant(u"hello"_s);
    QTest::newRow("str-escapes") << QByteArray(R"("\"\\\/\b\f\n\r\t")") << QVariant(u"\"\\/\b\f\n\r\t"_s);
    QTest::newRow("str-u-escape") << QByteArray(R"("\u00e9\u00C9")") << QVariant(u"éÉ"_s);
    QTest::newRow("str-u-nul") << QByteArray(R"("a\u0000b")") << QVariant(QString::fromUtf8("a\0b", 3));
    QTest::newRow("str-surrogate-pair-escape") << QByteArray(R"("\ud83d\ude00")") << QVariant(u"\U0001F600"_s);
    // Python keeps lone surrogates from escapes in the str; so do we.
    QTest::newRow("str-lone-high") << QByteArray(R"("\ud800")") << QVariant(QString(QChar(0xd800)));
    QTest::newRow("str-lone-low") << QByteArray(R"("\udc00x")") << QVariant(QString(QChar(0xdc00)) + u'x');
    QTest::newRow("str-split-surrogates") << QByteArray(R"("\ud800x\udc00")")
                                          << QVariant(QString(QChar(0xd800)) + u'x' + QChar(0xdc00));
    QTest::newRow("str-raw-utf8") << QByteArray("\"caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\"") << QVariant(u"café 中 \U0001F600"_s);
    QTest::newRow("str-raw-utf8-and-escape") << QByteArray("\"\xc3\xa9\\n\xc3\xa9\"") << QVariant(u"é\né"_s);
    QTest::newRow("str-del-raw") << QByteArray("\"\x7f\"") << QVariant(QString(QChar(0x7f)));
    QTest::newRow("str-max-codepoint") << QByteArray("\"\xf4\x8f\xbf\xbf\"") << QVariant(QString::fromUcs4(U"\U0010FFFF", 1));
    QTest::newRow("str-escaped-quote-at-end") << QByteArray(R"("a\\")") << QVariant(u"a\\"_s);

    QTest::newRow("list-empty") << QByteArray("[]") << QVariant(QVariantList());
    QTest::newRow("list") << QByteArray(R"([1, "two", 3.0, null, true, [4], {"five": 5}])")
                          << QVariant(QVariantList{1LL, u"two"_s, 3.0, PyroValues::none(), true, QVariantList{4LL},
                                                   QVariantMap{{u"five"_s, 5LL}}});
    QTest::newRow("map-empty") << QByteArray("{}") << QVariant(QVariantMap());
    QTest::newRow("map") << QByteArray(R"({"b": 1, "a": [], "c": {}})")
                         << QVariant(QVariantMap{{u"a"_s, QVariantList()}, {u"b"_s, 1LL}, {u"c"_s, QVariantMap()}});
    QTest::newRow("map-duplicate-last-wins") << QByteArray(R"({"a": 1, "b": 2, "a": 3})")
                                             << QVariant(QVariantMap{{u"a"_s, 3LL}, {u"b"_s, 2LL}});
    QTest::newRow("map-escaped-key") << QByteArray(R"({"k\u00e9\n": true})") << QVariant(QVariantMap{{u"ké\n"_s, true}});
    QTest::newRow("whitespace-everywhere") << QByteArray(" \t\r\n{ \n\"a\" \t: [ 1 ,\r\n2 ] , \"b\":\tnull }\n ")
                                           << QVariant(QVariantMap{{u"a"_s, QVariantList{1LL, 2LL}}, {u"b"_s, PyroValues::none()}});
    QTest::newRow("compact") << QByteArray(R"({"o":"x","p":[1,"x"],"k":{}})")
                             << QVariant(QVariantMap{{u"o"_s, u"x"_s}, {u"p"_s, QVariantList{1LL, u"x"_s}}, {u"k"_s, QVariantMap()}});
    QTest::newRow("nonfinite-list") << QByteArray("[NaN,Infinity,-Infinity]")
                                    << QVariant(QVariantList{std::nan(""), HUGE_VAL, -HUGE_VAL});
    QString deep = u"leaf"_s;
    QVariant deepValue = deep;
    for (int i = 0; i < PyroJsonSerializer::DefaultMaxDepth; ++i)
        deepValue = QVariantList{deepValue};
    QTest::newRow("nesting-at-limit")
        << QByteArray(PyroJsonSerializer::DefaultMaxDepth, '[') + "\"leaf\"" + QByteArray(PyroJsonSerializer::DefaultMaxDepth, ']')
        << deepValue;
}

void tst_PyroJson::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(QVariant, expected);
    PyroError error;
    const QVariant value = m_json.decode(input, PyroDecodeOptions(), &error);
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QVERIFY2(PyroValues::identical(value, expected),
             qPrintable(u"got "_s + describe(value) + u", expected "_s + describe(expected)));
}

void tst_PyroJson::parseClassDicts_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("mapClassDicts");
    QTest::addColumn<QVariant>("expected"); // invalid: decoding must fail

    const QByteArray uri = R"({"__class__": "Pyro5.core.URI", "state": ["PYRO", "obj", null, "127.0.0.1", 9090]})";
    const QVariant uriValue = QVariant::fromValue(PyroUri::forTcp(u"obj"_s, u"127.0.0.1"_s, 9090));
    QTest::newRow("uri") << uri << true << uriValue;
    QTest::newRow("uri-in-list") << "[1, " + uri + "]" << true << QVariant(QVariantList{1LL, uriValue});
    QTest::newRow("uri-in-map") << R"({"u": )" + uri + "}" << true << QVariant(QVariantMap{{u"u"_s, uriValue}});
    QTest::newRow("uri-raw") << uri << false
                             << QVariant(QVariantMap{{u"__class__"_s, u"Pyro5.core.URI"_s},
                                                     {u"state"_s, QVariantList{u"PYRO"_s, u"obj"_s, PyroValues::none(), u"127.0.0.1"_s, 9090LL}}});
    QTest::newRow("class-key-escaped") << QByteArray(R"({"\u005f_class__": "Pyro5.core.URI", "state": ["PYRO", "obj", null, "127.0.0.1", 9090]})")
                                       << true << uriValue;
    QTest::newRow("class-key-last") << QByteArray(R"({"state": ["PYRO", "obj", null, "127.0.0.1", 9090], "__class__": "Pyro5.core.URI"})")
                                    << true << uriValue;
    // Only a str class name makes a class dict.
    QTest::newRow("class-not-a-string") << QByteArray(R"({"__class__": 5})") << true
                                        << QVariant(QVariantMap{{u"__class__"_s, 5LL}});
    QTest::newRow("class-duplicate-last-wins") << QByteArray(R"({"__class__": "x.Unknown", "__class__": 1})") << true
                                               << QVariant(QVariantMap{{u"__class__"_s, 1LL}});
    QTest::newRow("float-lookalike-fails") << QByteArray(R"({"__class__": "float", "value": "nan"})") << true << QVariant();
    QTest::newRow("unknown-class-fails") << QByteArray(R"([{"__class__": "vecservers.Thing", "a": 1}])") << true << QVariant();
    QTest::newRow("unknown-class-raw") << QByteArray(R"({"__class__": "vecservers.Thing"})") << false
                                       << QVariant(QVariantMap{{u"__class__"_s, u"vecservers.Thing"_s}});
    QTest::newRow("dunder-class-fails") << QByteArray(R"({"__class__": "os.__init__"})") << true << QVariant();
    QTest::newRow("exception")
        << QByteArray(R"({"__class__": "builtins.ValueError", "__exception__": true, "args": ["bad", 42], "attributes": {}})")
        << true << QVariant::fromValue(PyroError::exception(u"builtins.ValueError"_s, QVariantList{u"bad"_s, 42LL}));
}

void tst_PyroJson::parseClassDicts()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, mapClassDicts);
    QFETCH(QVariant, expected);
    PyroDecodeOptions options;
    options.mapClassDicts = mapClassDicts;
    PyroError error;
    const QVariant value = m_json.decode(input, options, &error);
    if (!expected.isValid()) {
        QVERIFY2(!value.isValid(), qPrintable(describe(value)));
        QVERIFY(error.isError());
        return;
    }
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    if (expected.typeId() == qMetaTypeId<PyroError>()) {
        QCOMPARE(value.typeId(), qMetaTypeId<PyroError>());
        const PyroError e = value.value<PyroError>();
        QCOMPARE(e.remoteType(), u"builtins.ValueError"_s);
        QVERIFY(PyroValues::identical(e.remoteArgs(), QVariantList{u"bad"_s, 42LL}));
        return;
    }
    QVERIFY2(PyroValues::identical(value, expected) || value == expected,
             qPrintable(u"got "_s + describe(value) + u", expected "_s + describe(expected)));
}

void tst_PyroJson::parseMalformed_data()
{
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only-whitespace") << QByteArray(" \n\t ");
    QTest::newRow("bom") << QByteArray("\xef\xbb\xbf" "1");
    QTest::newRow("form-feed-whitespace") << QByteArray("\f1");
    QTest::newRow("vertical-tab-whitespace") << QByteArray("[1,\v2]");
    QTest::newRow("nbsp-whitespace") << QByteArray("\xc2\xa0" "1");
    QTest::newRow("garbage") << QByteArray("hello");
    QTest::newRow("binary-garbage") << QByteArray("\x00\x01\x02\xff", 4);
    QTest::newRow("nul-after-value") << QByteArray("1\0", 2);
    QTest::newRow("trailing-garbage") << QByteArray("[1] x");
    QTest::newRow("two-values") << QByteArray("1 2");
    QTest::newRow("two-objects") << QByteArray("{}{}");
    QTest::newRow("single-quotes") << QByteArray("'a'");
    QTest::newRow("python-none") << QByteArray("None");
    QTest::newRow("python-true") << QByteArray("True");
    QTest::newRow("nul-literal-short") << QByteArray("nul");
    QTest::newRow("nulls") << QByteArray("nulls");
    QTest::newRow("nan-lowercase") << QByteArray("nan");
    QTest::newRow("neg-nan") << QByteArray("-NaN");
    QTest::newRow("plus-infinity") << QByteArray("+Infinity");
    QTest::newRow("infinity-short") << QByteArray("Infinit");
    QTest::newRow("neg-inf-short") << QByteArray("-Inf");
    QTest::newRow("plus-number") << QByteArray("+1");
    QTest::newRow("leading-zero") << QByteArray("01");
    QTest::newRow("neg-leading-zero") << QByteArray("-01");
    QTest::newRow("dot-no-digits") << QByteArray("1.");
    QTest::newRow("dot-first") << QByteArray(".5");
    QTest::newRow("exp-no-digits") << QByteArray("1e");
    QTest::newRow("exp-sign-no-digits") << QByteArray("1e+");
    QTest::newRow("minus-alone") << QByteArray("-");
    QTest::newRow("hex") << QByteArray("0x10");
    QTest::newRow("array-trailing-comma") << QByteArray("[1,]");
    QTest::newRow("array-leading-comma") << QByteArray("[,1]");
    QTest::newRow("array-missing-comma") << QByteArray("[1 2]");
    QTest::newRow("array-unclosed") << QByteArray("[1, 2");
    QTest::newRow("array-wrong-close") << QByteArray("[1}");
    QTest::newRow("object-trailing-comma") << QByteArray(R"({"a": 1,})");
    QTest::newRow("object-unquoted-key") << QByteArray("{a: 1}");
    QTest::newRow("object-int-key") << QByteArray("{1: 1}");
    QTest::newRow("object-missing-colon") << QByteArray(R"({"a" 1})");
    QTest::newRow("object-missing-value") << QByteArray(R"({"a": })");
    QTest::newRow("object-wrong-close") << QByteArray(R"({"a": 1])");
    QTest::newRow("close-only") << QByteArray("]");
    QTest::newRow("unterminated-string") << QByteArray("\"abc");
    QTest::newRow("unterminated-after-escape") << QByteArray(R"("abc\")");
    QTest::newRow("unterminated-nonascii") << QByteArray("\"\xc3\xa9");
    QTest::newRow("unterminated-in-array") << QByteArray(R"(["a", "b)");
    QTest::newRow("raw-newline-in-string") << QByteArray("\"a\nb\"");
    QTest::newRow("raw-tab-in-string") << QByteArray("\"a\tb\"");
    QTest::newRow("raw-nul-in-string") << QByteArray("\"a\0b\"", 5);
    QTest::newRow("raw-control-after-escape") << QByteArray("\"\\n\x01\"");
    QTest::newRow("bad-escape-x") << QByteArray(R"("\x41")");
    QTest::newRow("bad-escape-single-quote") << QByteArray(R"("\'")");
    QTest::newRow("bad-escape-U") << QByteArray(R"("\U0001F600")");
    QTest::newRow("bad-escape-control") << QByteArray("\"\\\x01\"");
    QTest::newRow("short-u-escape") << QByteArray(R"("\u12")");
    QTest::newRow("short-u-escape-at-end") << QByteArray(R"("\u")");
    QTest::newRow("non-hex-u-escape") << QByteArray(R"("\u12G4")");
    QTest::newRow("signed-u-escape") << QByteArray(R"("\u+123")");
    QTest::newRow("utf8-invalid-start") << QByteArray("\"\xff\"");
    QTest::newRow("utf8-bare-continuation") << QByteArray("\"\x80\"");
    QTest::newRow("utf8-overlong-2") << QByteArray("\"\xc0\xaf\"");
    QTest::newRow("utf8-overlong-3") << QByteArray("\"\xe0\x80\xaf\"");
    QTest::newRow("utf8-overlong-4") << QByteArray("\"\xf0\x80\x80\xaf\"");
    QTest::newRow("utf8-surrogate") << QByteArray("\"\xed\xa0\x80\"");
    QTest::newRow("utf8-above-10ffff") << QByteArray("\"\xf4\x90\x80\x80\"");
    QTest::newRow("utf8-f5") << QByteArray("\"\xf5\x80\x80\x80\"");
    QTest::newRow("utf8-truncated-before-quote") << QByteArray("\"\xe4\xb8\"");
    QTest::newRow("utf8-bad-continuation") << QByteArray("\"\xc3\x28\"");
    QTest::newRow("utf8-invalid-with-escape") << QByteArray("\"\\n\xff\"");
    QTest::newRow("utf8-invalid-in-key") << QByteArray("{\"\xff\": 1}");
    QTest::newRow("int-too-many-digits") << QByteArray(PyroBigIntMath::MaxDecimalDigits + 1, '1');
    QTest::newRow("neg-int-too-many-digits") << "-" + QByteArray(PyroBigIntMath::MaxDecimalDigits + 1, '1');
    QTest::newRow("too-deep-by-one")
        << QByteArray(PyroJsonSerializer::DefaultMaxDepth + 1, '[') + QByteArray(PyroJsonSerializer::DefaultMaxDepth + 1, ']');
}

void tst_PyroJson::parseMalformed()
{
    QFETCH(QByteArray, input);
    PyroError error;
    const QVariant value = m_json.decode(input, PyroDecodeOptions(), &error);
    QVERIFY2(!value.isValid(), qPrintable(describe(value)));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY(!error.message().isEmpty());
}

void tst_PyroJson::parseTruncated_data()
{
    QTest::addColumn<QByteArray>("document");
    // Documents whose every proper prefix is invalid JSON.
    QTest::newRow("call") << QByteArray(R"({"object": "test.echoserver", "method": "echo", "params": ["hello", 42, -1.5e3, NaN, -Infinity, true, null], "kwargs": {}})");
    QTest::newRow("unicode") << QByteArray("[\"caf\xc3\xa9\", \"\\ud83d\\ude00\", \"\xf0\x9f\x98\x80\", {\"k\\n\": [false]}]");
    QTest::newRow("uri") << QByteArray(R"({"__class__": "Pyro5.core.URI", "state": ["PYRO", "obj", null, "127.0.0.1", 9090]})");
    QTest::newRow("exception") << QByteArray(R"({"__class__": "builtins.ValueError", "__exception__": true, "args": ["x"], "attributes": {"_pyroTraceback": ["a\n"]}})");
    QTest::newRow("bigint") << QByteArray("[18446744073709551616, -18446744073709551617, 1.0]");
    QTest::newRow("string") << QByteArray(R"("tab\tquote\"backslash\\u\u00e9")");
}

void tst_PyroJson::parseTruncated()
{
    QFETCH(QByteArray, document);
    PyroError error;
    QVERIFY2(m_json.decode(document, PyroDecodeOptions(), &error).isValid(), qPrintable(error.toString()));
    for (qsizetype n = 0; n < document.size(); ++n) {
        // A copy, so that a read past the end would hit the sanitizers.
        const QByteArray prefix = document.first(n);
        error = PyroError();
        const QVariant value = m_json.decode(prefix, PyroDecodeOptions(), &error);
        QVERIFY2(!value.isValid(), qPrintable(u"prefix of %1 bytes decoded to "_s.arg(n) + describe(value)));
        QCOMPARE(error.code(), PyroError::Code::SerializeError);
    }
}

void tst_PyroJson::parseDeepNesting_data()
{
    QTest::addColumn<QByteArray>("input");
    constexpr int Depth = 100000;
    QTest::newRow("arrays-unclosed") << QByteArray(Depth, '[');
    QTest::newRow("arrays-closed") << QByteArray(Depth, '[') + QByteArray(Depth, ']');
    QByteArray objects;
    for (int i = 0; i < Depth; ++i)
        objects += "{\"a\":";
    QTest::newRow("objects-unclosed") << objects;
    QTest::newRow("objects-closed") << objects + "1" + QByteArray(Depth, '}');
    QByteArray mixed;
    for (int i = 0; i < Depth / 2; ++i)
        mixed += "[{\"a\": ";
    QTest::newRow("mixed-unclosed") << mixed;
}

void tst_PyroJson::parseDeepNesting()
{
    QFETCH(QByteArray, input);
    PyroError error;
    const QVariant value = m_json.decode(input, PyroDecodeOptions(), &error);
    QVERIFY(!value.isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().contains(u"too deep"_s), qPrintable(error.message()));
    PyroCall call;
    QVERIFY(!m_json.decodeCall(input, &call, PyroDecodeOptions(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
}

void tst_PyroJson::parseDepthOption()
{
    PyroDecodeOptions options;
    options.maxDepth = 3;
    PyroError error;
    QVERIFY(m_json.decode("[[[1]]]", options, &error).isValid());
    QVERIFY(m_json.decode(R"({"a": {"b": [1]}})", options, &error).isValid());
    QVERIFY(!m_json.decode("[[[[1]]]]", options, &error).isValid());
    QVERIFY2(error.message().contains(u"3"_s), qPrintable(error.message()));
    QVERIFY(m_json.decode(R"({"a": {"b": {"c": 1}}, "d": 2})", options, &error).isValid());
    QVERIFY(!m_json.decode(R"({"a": {"b": {"c": {}}}, "d": 2})", options, &error).isValid());
    // Scalars and siblings do not add depth.
    QVERIFY(m_json.decode("[[1], [2], [[3]], 4]", options, &error).isValid());
}

void tst_PyroJson::parseHugeNumbers_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QVariant>("expected"); // invalid: must fail

    QTest::newRow("int-1m-digits") << QByteArray(1000000, '7') << QVariant();
    QTest::newRow("int-1m-digits-in-list") << "[1, " + QByteArray(1000000, '7') + "]" << QVariant();
    QTest::newRow("int-4301-digits") << "-" + QByteArray(4301, '9') << QVariant();
    QTest::newRow("int-4300-digits-neg") << "-" + QByteArray(4300, '9')
                                         << QVariant::fromValue(PyroBigInt::fromLatin1("-" + QByteArray(4300, '9')));
    // Python's float() has no digit limit; neither do we.
    QTest::newRow("float-long-mantissa") << "1." + QByteArray(100000, '0') + "1" << QVariant(1.0);
    QTest::newRow("float-long-tiny") << "0." + QByteArray(100000, '0') + "1" << QVariant(0.0);
    QTest::newRow("float-long-int-part") << QByteArray(400, '9') + ".0" << QVariant(HUGE_VAL);
    QTest::newRow("float-long-exponent") << "1e" + QByteArray(100000, '9') << QVariant(HUGE_VAL);
    QTest::newRow("float-long-neg-exponent") << "-1e-" + QByteArray(100000, '9') << QVariant(-0.0);
}

void tst_PyroJson::parseHugeNumbers()
{
    QFETCH(QByteArray, input);
    QFETCH(QVariant, expected);
    PyroError error;
    const QVariant value = m_json.decode(input, PyroDecodeOptions(), &error);
    if (!expected.isValid()) {
        QVERIFY(!value.isValid());
        QCOMPARE(error.code(), PyroError::Code::SerializeError);
        QVERIFY2(error.message().contains(u"4300"_s), qPrintable(error.message()));
        return;
    }
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QVERIFY2(PyroValues::identical(value, expected), qPrintable(describe(value)));
}

void tst_PyroJson::parseMutations()
{
    // Random byte flips, insertions and cuts of a realistic payload: no crash, and every
    // outcome is either a value or a SerializeError.
    const QByteArray base = R"({"object": "test.echoserver", "method": "echo", "params": [)"
                            R"("h\u00e9llo", 42, 18446744073709551616, -1.5e3, NaN, [true, null, {"__class__": )"
                            R"("Pyro5.core.URI", "state": ["PYRO", "obj", null, "127.0.0.1", 9090]}]], "kwargs": {}})";
    static const char interesting[] = "[]{}\",:\\u0e-+.Na\xc3\xff\x00 ";
    QRandomGenerator rng(20260101);
    int values = 0;
    for (int round = 0; round < 5000; ++round) {
        QByteArray doc = base;
        const int edits = 1 + rng.bounded(4);
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = rng.bounded(doc.size());
            const char c = interesting[rng.bounded(int(sizeof interesting - 1))];
            switch (rng.bounded(3)) {
            case 0: doc[at] = c; break;
            case 1: doc.insert(at, c); break;
            default: doc.remove(at, 1 + rng.bounded(3)); break;
            }
        }
        PyroError error;
        const QVariant value = m_json.decode(doc, PyroDecodeOptions(), &error);
        if (value.isValid()) {
            ++values;
        } else {
            QCOMPARE(error.code() == PyroError::Code::SerializeError
                         || error.code() == PyroError::Code::SecurityError,
                     true);
        }
        PyroCall call;
        m_json.decodeCall(doc, &call, PyroDecodeOptions(), &error);
    }
    QVERIFY(values > 0); // some mutations (inside strings) stay valid
}

// ---- round trips and calls -----------------------------------------------------------------

void tst_PyroJson::roundTrip_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::newRow("scalars") << QVariant(QVariantList{PyroValues::none(), true, false, 0LL, -1LL,
                                                      std::numeric_limits<qlonglong>::min(),
                                                      std::numeric_limits<qlonglong>::max(), bigInt("-18446744073709551617"),
                                                      0.0, -0.0, 0.1, 1e300, 5e-324, 2.2250738585072014e-308,
                                                      std::nan(""), HUGE_VAL, -HUGE_VAL});
    QTest::newRow("strings") << QVariant(QVariantList{QString(), u"\"\\/\b\f\n\r\t\x01\x1f\x7f"_s, u"é中\U0001F600"_s,
                                                      QString(QChar(0x2028))});
    QTest::newRow("maps") << QVariant(QVariantMap{{u"a"_s, QVariantMap{{u"b"_s, QVariantList{1LL, QVariantMap()}}}},
                                                  {QString(), u"empty key"_s}, {u"é"_s, 1.5}});
}

void tst_PyroJson::roundTrip()
{
    QFETCH(QVariant, value);
    PyroError error;
    const QByteArray bytes = encoded(m_json, value, &error);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    const QVariant back = m_json.decode(bytes, PyroDecodeOptions(), &error);
    QVERIFY2(back.isValid(), qPrintable(error.toString()));
    QVERIFY2(PyroValues::identical(back, value), qPrintable(describe(back)));
    QCOMPARE(encoded(m_json, back), bytes);
}

void tst_PyroJson::encodeCall_data()
{
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QVariantList>("args");
    QTest::addColumn<bool>("argsAsList");
    QTest::addColumn<QVariant>("kwargs");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("echo") << u"test.echoserver"_s << u"echo"_s << QVariantList{u"hello"_s, 42} << false
                          << QVariant(QVariantMap())
                          << QByteArray(R"({"object": "test.echoserver", "method": "echo", "params": ["hello", 42], "kwargs": {}})");
    QTest::newRow("args-as-list") << u"Pyro.Daemon"_s << u"get_metadata"_s << QVariantList{u"test.echoserver"_s} << true
                                  << QVariant(QVariantMap())
                                  << QByteArray(R"({"object": "Pyro.Daemon", "method": "get_metadata", "params": ["test.echoserver"], "kwargs": {}})");
    QTest::newRow("kwargs") << u"o"_s << u"m"_s << QVariantList{} << false
                            << QVariant::fromValue(PyroDict{{u"key"_s, u"word"_s}, {u"other"_s, PyroValues::none()}})
                            << QByteArray(R"({"object": "o", "method": "m", "params": [], "kwargs": {"key": "word", "other": null}})");
    QTest::newRow("kwargs-none") << u"test.extras"_s << u"__getattr__"_s << QVariantList{u"value"_s} << false
                                 << PyroValues::none()
                                 << QByteArray(R"({"object": "test.extras", "method": "__getattr__", "params": ["value"], "kwargs": null})");
    QTest::newRow("batch") << u"test.echoserver"_s << u"<batch>"_s
                           << QVariantList{QVariant::fromValue(PyroTuple{u"echo"_s, QVariant::fromValue(PyroTuple{1}), QVariantMap()})}
                           << true << PyroValues::none()
                           << QByteArray(R"({"object": "test.echoserver", "method": "<batch>", "params": [["echo", [1], {}]], "kwargs": null})");
    QTest::newRow("unicode") << u"obj.é"_s << u"méthode"_s << QVariantList{u"\U0001F600"_s} << false
                             << QVariant(QVariantMap{{u"clé"_s, u"v"_s}})
                             << QByteArray("{\"object\": \"obj.\xc3\xa9\", \"method\": \"m\xc3\xa9thode\", \"params\": [\"\xf0\x9f\x98\x80\"], \"kwargs\": {\"cl\xc3\xa9\": \"v\"}}");
}

void tst_PyroJson::encodeCall()
{
    QFETCH(QString, object);
    QFETCH(QString, method);
    QFETCH(QVariantList, args);
    QFETCH(bool, argsAsList);
    QFETCH(QVariant, kwargs);
    QFETCH(QByteArray, expected);
    PyroCall call;
    call.object = object;
    call.method = method;
    call.args = args;
    call.argsAsList = argsAsList;
    call.kwargs = kwargs;
    QByteArray out("header");
    PyroError error;
    QVERIFY2(m_json.encodeCall(out, call, PyroEncodeContext(), &error), qPrintable(error.toString()));
    QCOMPARE(out, "header" + expected);

    PyroCall back;
    QVERIFY2(m_json.decodeCall(expected, &back, PyroDecodeOptions(), &error), qPrintable(error.toString()));
    QCOMPARE(back.object, object);
    QCOMPARE(back.method, method);
    QVERIFY(back.argsAsList); // Python's daemon sees a list too
    QCOMPARE(back.args.size(), args.size());
}

void tst_PyroJson::encodeCallRefused()
{
    PyroCall call;
    call.object = u"o"_s;
    call.method = u"m"_s;
    call.args = {1, QByteArray("bytes")};
    QByteArray out("header");
    PyroError error;
    QVERIFY(!m_json.encodeCall(out, call, PyroEncodeContext(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QCOMPARE(out, QByteArray("header"));

    call.args = {};
    call.kwargs = QVariant::fromValue(PyroDict{{QVariant::fromValue(PyroTuple{1}), 1}});
    QVERIFY(!m_json.encodeCall(out, call, PyroEncodeContext(), &error));
    QCOMPARE(out, QByteArray("header"));

    call.kwargs = QVariantMap();
    call.method = QString(QChar(0xd800));
    QVERIFY(!m_json.encodeCall(out, call, PyroEncodeContext(), &error));
    QCOMPARE(out, QByteArray("header"));
}

void tst_PyroJson::decodeCall_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QVariantList>("args");
    QTest::addColumn<QVariant>("kwargs");

    QTest::newRow("pyro5-order") << QByteArray(R"({"object": "o", "method": "m", "params": [1, "x"], "kwargs": {}})")
                                 << QVariantList{1LL, u"x"_s} << QVariant(QVariantMap());
    QTest::newRow("any-order-compact") << QByteArray(R"({"kwargs":{"a":1},"params":[],"method":"m","object":"o"})")
                                       << QVariantList{} << QVariant(QVariantMap{{u"a"_s, 1LL}});
    QTest::newRow("extra-keys-ignored") << QByteArray(R"({"object": "o", "method": "m", "params": [], "kwargs": null, "x": [1]})")
                                        << QVariantList{} << PyroValues::none();
    QTest::newRow("duplicate-last-wins") << QByteArray(R"({"object": "o", "method": "m", "params": [1], "params": [2], "kwargs": {}})")
                                         << QVariantList{2LL} << QVariant(QVariantMap());
    const QVariant uri = QVariant::fromValue(PyroUri::forTcp(u"obj"_s, u"127.0.0.1"_s, 9090));
    QTest::newRow("class-dict-in-params")
        << QByteArray(R"({"object": "o", "method": "m", "params": [{"__class__": "Pyro5.core.URI", "state": ["PYRO", "obj", null, "127.0.0.1", 9090]}], "kwargs": {}})")
        << QVariantList{uri} << QVariant(QVariantMap());
    QTest::newRow("class-dict-in-kwargs")
        << QByteArray(R"({"object": "o", "method": "m", "params": [], "kwargs": {"u": {"__class__": "Pyro5.core.URI", "state": ["PYRO", "obj", null, "127.0.0.1", 9090]}}})")
        << QVariantList{} << QVariant(QVariantMap{{u"u"_s, uri}});
    // Pyro5 maps only what is inside params and kwargs, never the envelope itself.
    QTest::newRow("class-key-on-envelope")
        << QByteArray(R"({"__class__": "float", "object": "o", "method": "m", "params": [], "kwargs": {}})")
        << QVariantList{} << QVariant(QVariantMap());
}

void tst_PyroJson::decodeCall()
{
    QFETCH(QByteArray, input);
    QFETCH(QVariantList, args);
    QFETCH(QVariant, kwargs);
    PyroCall call;
    PyroError error;
    QVERIFY2(m_json.decodeCall(input, &call, PyroDecodeOptions(), &error), qPrintable(error.toString()));
    QCOMPARE(call.object, u"o"_s);
    QCOMPARE(call.method, u"m"_s);
    QVERIFY(call.argsAsList);
    QVERIFY2(PyroValues::identical(call.args, args), qPrintable(describe(call.args)));
    QVERIFY2(PyroValues::identical(call.kwargs, kwargs) || call.kwargs == kwargs, qPrintable(describe(call.kwargs)));
}

void tst_PyroJson::decodeCallRefused_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("array-envelope") << QByteArray(R"(["o", "m", [], {}])");
    QTest::newRow("string") << QByteArray(R"("call")");
    QTest::newRow("missing-object") << QByteArray(R"({"method": "m", "params": [], "kwargs": {}})");
    QTest::newRow("missing-method") << QByteArray(R"({"object": "o", "params": [], "kwargs": {}})");
    QTest::newRow("missing-params") << QByteArray(R"({"object": "o", "method": "m", "kwargs": {}})");
    QTest::newRow("missing-kwargs") << QByteArray(R"({"object": "o", "method": "m", "params": []})");
    QTest::newRow("object-not-string") << QByteArray(R"({"object": 1, "method": "m", "params": [], "kwargs": {}})");
    QTest::newRow("method-null") << QByteArray(R"({"object": "o", "method": null, "params": [], "kwargs": {}})");
    QTest::newRow("params-object") << QByteArray(R"({"object": "o", "method": "m", "params": {}, "kwargs": {}})");
    QTest::newRow("params-string") << QByteArray(R"({"object": "o", "method": "m", "params": "ab", "kwargs": {}})");
    QTest::newRow("unknown-class-in-params") << QByteArray(R"({"object": "o", "method": "m", "params": [{"__class__": "x.Y"}], "kwargs": {}})");
    QTest::newRow("trailing-garbage") << QByteArray(R"({"object": "o", "method": "m", "params": [], "kwargs": {}} x)");
    QTest::newRow("truncated") << QByteArray(R"({"object": "o", "method": "m", "params": [], "kwargs": {})");
    QTest::newRow("empty") << QByteArray();
}

void tst_PyroJson::decodeCallRefused()
{
    QFETCH(QByteArray, input);
    PyroCall call;
    PyroError error;
    QVERIFY(!m_json.decodeCall(input, &call, PyroDecodeOptions(), &error));
    QVERIFY(error.isError());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
}

// ---- every json payload Pyro5 put on the wire in messages.json ------------------------------

void tst_PyroJson::messageVectors_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QJsonObject>("message");
    const QJsonArray scenarios = loadManifest(u"messages.json"_s).value(u"scenarios"_s).toArray();
    int count = 0;
    for (const QJsonValue &s : scenarios) {
        for (const QJsonValue &m : s.toObject().value(u"messages"_s).toArray()) {
            const QJsonObject msg = m.toObject();
            // PING payloads carry the serializer id too, but are not json.
            if (msg.value(u"header"_s).toObject().value(u"serializer_id"_s).toInt() != 3
                || !msg.value(u"payload_raw"_s).isObject())
                continue;
            QByteArray payload;
            if (msg.value(u"payload_compressed"_s).toBool()) {
                payload = QByteArray::fromBase64(msg.value(u"payload_uncompressed_base64"_s).toString().toLatin1());
            } else {
                const QByteArray file = readVectorFile(msg.value(u"file"_s).toString());
                payload = file.sliced(msg.value(u"payload_offset"_s).toInt());
            }
            if (payload.isEmpty())
                continue;
            QTest::newRow(qPrintable(msg.value(u"file"_s).toString().section(u'/', -1))) << payload << msg;
            ++count;
        }
    }
    QVERIFY(count > 100);
}

void tst_PyroJson::messageVectors()
{
    QFETCH(QByteArray, payload);
    QFETCH(QJsonObject, message);
    PyroError error;
    // Format layer: decodes to the raw value, and writing that value back gives Pyro5's bytes.
    PyroDecodeOptions raw;
    raw.mapClassDicts = false;
    const QVariant rawValue = m_json.decode(payload, raw, &error);
    QVERIFY2(rawValue.isValid(), qPrintable(error.toString()));
    QString why;
    QVERIFY2(matchesTyped(rawValue, message.value(u"payload_raw"_s), &why), qPrintable(why));
    QString unsupported;
    const QVariant ordered = fromTyped(message.value(u"payload_raw"_s), &unsupported);
    QVERIFY2(unsupported.isEmpty(), qPrintable(unsupported));
    QCOMPARE(encoded(m_json, ordered), payload);

    // Pyro layer: calls through decodeCall, everything else through the class mapping.
    if (message.contains(u"payload_call"_s)) {
        const QJsonObject expected = message.value(u"payload_call"_s).toObject();
        PyroCall call;
        QVERIFY2(m_json.decodeCall(payload, &call, PyroDecodeOptions(), &error), qPrintable(error.toString()));
        QCOMPARE(call.object, expected.value(u"object"_s).toObject().value(u"value"_s).toString());
        QCOMPARE(call.method, expected.value(u"method"_s).toObject().value(u"value"_s).toString());
        QVERIFY2(matchesTyped(call.args, expected.value(u"vargs"_s), &why), qPrintable(why));
        QVERIFY2(matchesTyped(call.kwargs, expected.value(u"kwargs"_s), &why), qPrintable(why));
        return;
    }
    const QJsonObject expected = message.value(u"payload_value"_s).toObject();
    const QVariant value = m_json.decode(payload, PyroDecodeOptions(), &error);
    if (expected.value(u"type"_s).toString() == u"error") {
        QVERIFY2(!value.isValid(), qPrintable(describe(value)));
        QVERIFY(error.isError());
        return;
    }
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QVERIFY2(matchesTyped(value, expected, &why), qPrintable(why));
}

QTEST_GUILESS_MAIN(tst_PyroJson)
#include "tst_pyrojson.moc"
