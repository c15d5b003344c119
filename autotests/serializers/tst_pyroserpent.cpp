// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The serpent serializer (id 1): byte-exact writing as Python serpent 1.41 does for Pyro5
// (repr() of strings and floats, the bytes dict, the nesting limit), the parser for every
// Python literal form ast.literal_eval accepts, and hostile input (truncation, garbage,
// deep nesting, huge numbers, NUL bytes, invalid UTF-8) that must fail cleanly and fast.

#include "pyroserpent_p.h"
#include "pyrobigint_p.h"
#include "pyroobjectref.h"
#include "pyrotestprocess.h"
#include "pyrouri.h"

#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QLine>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

const QByteArray header = QByteArrayLiteral("# serpent utf-8 python3.2\n");

QVariant tuple(std::initializer_list<QVariant> items)
{
    return QVariant::fromValue(PyroTuple(items));
}

QVariant set(std::initializer_list<QVariant> items)
{
    return QVariant::fromValue(PyroSet(items));
}

QVariant dict(std::initializer_list<PyroDict::Entry> entries)
{
    return QVariant::fromValue(PyroDict(entries));
}

QVariant big(const char *digits)
{
    return QVariant::fromValue(PyroBigInt::fromLatin1(digits));
}

QVariant complexValue(double real, double imag)
{
    return QVariant::fromValue(PyroComplex(real, imag));
}

QString fromUcs4(std::initializer_list<char32_t> codePoints)
{
    QString s;
    for (char32_t cp : codePoints) {
        if (cp >= 0x10000) {
            s.append(QChar(QChar::highSurrogate(cp)));
            s.append(QChar(QChar::lowSurrogate(cp)));
        } else {
            s.append(QChar(char16_t(cp)));
        }
    }
    return s;
}

QVariant nested(int depth, const QVariant &leaf)
{
    QVariant v = leaf;
    for (int i = 0; i < depth; ++i)
        v = QVariantList{v};
    return v;
}

QString describe(const QVariant &v)
{
    QString text;
    QDebug(&text) << v;
    return text.size() > 400 ? text.left(400) + u"..."_s : text;
}

} // namespace

class tst_PyroSerpent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identity();
    void encode_data();
    void encode();
    void encodeBytesRepr_data();
    void encodeBytesRepr();
    void encodeRefused_data();
    void encodeRefused();
    void encodeDepthLimit_data();
    void encodeDepthLimit();
    void encodeAppends();
    void printableMatchesPython();
    void decode_data();
    void decode();
    void decodeContainerTypes();
    void decodeClassDicts_data();
    void decodeClassDicts();
    void decodeMalformed_data();
    void decodeMalformed();
    void decodeTruncated_data();
    void decodeTruncated();
    void decodeDeepNesting_data();
    void decodeDeepNesting();
    void decodeDepthOption();
    void decodeMutations();
    void decodeLargeInputs();
    void roundTrip_data();
    void roundTrip();
    void decodeCall();

private:
    PyroSerpentSerializer m_serpent;
};

void tst_PyroSerpent::identity()
{
    QCOMPARE(m_serpent.id(), quint8(1));
    QCOMPARE(m_serpent.name(), u"serpent"_s);
    QCOMPARE(PyroSerializer::byId(1)->name(), u"serpent"_s);
}

// ---- writing -----------------------------------------------------------------------------

void tst_PyroSerpent::encode_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QByteArray>("expected"); // without the header line

    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();

    QTest::newRow("none") << PyroValues::none() << QByteArray("None");
    QTest::newRow("invalid-is-none") << QVariant() << QByteArray("None");
    QTest::newRow("true") << QVariant(true) << QByteArray("True");
    QTest::newRow("false") << QVariant(false) << QByteArray("False");

    QTest::newRow("int-0") << QVariant(0) << QByteArray("0");
    QTest::newRow("int-neg") << QVariant(-42) << QByteArray("-42");
    QTest::newRow("uint") << QVariant(4000000000u) << QByteArray("4000000000");
    QTest::newRow("short") << QVariant::fromValue(short(-7)) << QByteArray("-7");
    QTest::newRow("int64-max") << QVariant(std::numeric_limits<qlonglong>::max())
                               << QByteArray("9223372036854775807");
    QTest::newRow("int64-min") << QVariant(std::numeric_limits<qlonglong>::min())
                               << QByteArray("-9223372036854775808");
    QTest::newRow("uint64-max") << QVariant(std::numeric_limits<qulonglong>::max())
                                << QByteArray("18446744073709551615");
    QTest::newRow("bigint") << big("1606938044258990275541962092341162602522202993782792835301376")
                            << QByteArray("1606938044258990275541962092341162602522202993782792835301376");
    QTest::newRow("bigint-neg") << big("-99999999999999999999") << QByteArray("-99999999999999999999");

    QTest::newRow("float-0") << QVariant(0.0) << QByteArray("0.0");
    QTest::newRow("float-neg0") << QVariant(-0.0) << QByteArray("-0.0");
    QTest::newRow("float-1") << QVariant(1.0) << QByteArray("1.0");
    QTest::newRow("float-0.1") << QVariant(0.1) << QByteArray("0.1");
    QTest::newRow("float-1e15") << QVariant(1e15) << QByteArray("1000000000000000.0");
    QTest::newRow("float-1e16") << QVariant(1e16) << QByteArray("1e+16");
    QTest::newRow("float-1e-4") << QVariant(1e-4) << QByteArray("0.0001");
    QTest::newRow("float-1e-5") << QVariant(1e-5) << QByteArray("1e-05");
    QTest::newRow("float-min-subnormal") << QVariant(5e-324) << QByteArray("5e-324");
    QTest::newRow("float-max") << QVariant(std::numeric_limits<double>::max())
                               << QByteArray("1.7976931348623157e+308");
    QTest::newRow("float-single") << QVariant(0.5f) << QByteArray("0.5");
    QTest::newRow("float-nan") << QVariant(nan) << QByteArray("{'__class__':'float','value':'nan'}");
    QTest::newRow("float-inf") << QVariant(inf) << QByteArray("1e30000");
    QTest::newRow("float-neginf") << QVariant(-inf) << QByteArray("-1e30000");

    QTest::newRow("complex") << complexValue(1, 2) << QByteArray("(1.0+2.0j)");
    QTest::newRow("complex-neg-imag") << complexValue(1.5, -2.5) << QByteArray("(1.5-2.5j)");
    QTest::newRow("complex-zero") << complexValue(0, 0) << QByteArray("(0.0+0.0j)");
    // serpent adds "+" for imag >= 0, and -0.0 >= 0 holds
    QTest::newRow("complex-neg0-imag") << complexValue(1, -0.0) << QByteArray("(1.0+-0.0j)");
    QTest::newRow("complex-inf") << complexValue(inf, -inf) << QByteArray("(1e30000-1e30000j)");
    QTest::newRow("complex-nan") << complexValue(nan, 1)
                                 << QByteArray("({'__class__':'float','value':'nan'}+1.0j)");

    QTest::newRow("str-empty") << QVariant(QString()) << QByteArray("''");
    QTest::newRow("str-ascii") << QVariant(u"hello world"_s) << QByteArray("'hello world'");
    QTest::newRow("str-single-quote") << QVariant(u"it's"_s) << QByteArray("\"it's\"");
    QTest::newRow("str-double-quote") << QVariant(u"say \"hi\""_s) << QByteArray("'say \"hi\"'");
    QTest::newRow("str-both-quotes") << QVariant(u"both ' and \""_s) << QByteArray("'both \\' and \"'");
    QTest::newRow("str-escapes") << QVariant(u"tab\tnewline\ncr\rbackslash\\end"_s)
                                 << QByteArray("'tab\\tnewline\\ncr\\rbackslash\\\\end'");
    QTest::newRow("str-control")
        << QVariant(QString::fromLatin1("\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f", 9))
        << QByteArray("'\\x00\\x01\\x07\\x08\\x0b\\x0c\\x1b\\x1f\\x7f'");
    QTest::newRow("str-c1-nbsp-shy") << QVariant(fromUcs4({0x80, 0x9f, 0xa0, 0xad}))
                                     << QByteArray("'\\x80\\x9f\\xa0\\xad'");
    QTest::newRow("str-latin1") << QVariant(u"caf\u00e9 \u00fc\u00f1\u00ff"_s)
                                << QByteArray("'caf\xc3\xa9 \xc3\xbc\xc3\xb1\xc3\xbf'");
    QTest::newRow("str-cjk") << QVariant(u"\u4e2d\u6587"_s) << QByteArray("'\xe4\xb8\xad\xe6\x96\x87'");
    QTest::newRow("str-astral") << QVariant(fromUcs4({0x1F600, 0x1D11E}))
                                << QByteArray("'\xf0\x9f\x98\x80\xf0\x9d\x84\x9e'");
    // Zl, Zp, Cf (zero width space, BOM) escaped; U+FFFD is printable
    QTest::newRow("str-line-sep-format") << QVariant(fromUcs4({0x2028, 0x2029, 0x200b, 0xfeff, 0xfffd}))
                                         << QByteArray("'\\u2028\\u2029\\u200b\\ufeff\xef\xbf\xbd'");
    QTest::newRow("str-spaces-zs") << QVariant(fromUcs4({0x20, 0x2000, 0x3000, 0x202f}))
                                   << QByteArray("' \\u2000\\u3000\\u202f'");
    QTest::newRow("str-private-use") << QVariant(fromUcs4({0xe000, 0xf8ff, 0xf0000, 0x10fffd}))
                                     << QByteArray("'\\ue000\\uf8ff\\U000f0000\\U0010fffd'");
    QTest::newRow("str-unassigned") << QVariant(fromUcs4({0x378, 0xfffe, 0x10ffff, 0x2fffe}))
                                    << QByteArray("'\\u0378\\ufffe\\U0010ffff\\U0002fffe'");
    QTest::newRow("str-tag-format") << QVariant(fromUcs4({0xe0001, 0x110bd}))
                                    << QByteArray("'\\U000e0001\\U000110bd'");
    QTest::newRow("str-combining-printable") << QVariant(fromUcs4({'e', 0x301}))
                                             << QByteArray("'e\xcc\x81'");
    QTest::newRow("str-lone-high-surrogate") << QVariant(QString(QChar(char16_t(0xd800))))
                                             << QByteArray("'\\ud800'");
    QTest::newRow("str-lone-low-surrogate") << QVariant(u"a"_s + QChar(char16_t(0xdc00)) + u"b"_s)
                                            << QByteArray("'a\\udc00b'");
    QTest::newRow("str-reversed-surrogates")
        << QVariant(QString(QChar(char16_t(0xdc00))) + QChar(char16_t(0xd800)))
        << QByteArray("'\\udc00\\ud800'");
    QTest::newRow("str-mixed") << QVariant(u"\u00e9'\"\\\n"_s + fromUcs4({0x1F600}))
                               << QByteArray("'\xc3\xa9\\'\"\\\\\\n\xf0\x9f\x98\x80'");
    QTest::newRow("qchar") << QVariant(QChar(u'x')) << QByteArray("'x'");

    QTest::newRow("bytes-empty") << QVariant(QByteArray()) << QByteArray("{'data': '', 'encoding': 'base64'}");
    QTest::newRow("bytes-1") << QVariant(QByteArray("\x00", 1)) << QByteArray("{'data': 'AA==', 'encoding': 'base64'}");
    QTest::newRow("bytes-2") << QVariant(QByteArray("ab")) << QByteArray("{'data': 'YWI=', 'encoding': 'base64'}");
    QTest::newRow("bytes-3") << QVariant(QByteArray("\x00\x01\xfe", 3))
                             << QByteArray("{'data': 'AAH+', 'encoding': 'base64'}");
    QTest::newRow("bytes-4") << QVariant(QByteArray("\x00\x01\xfe\xff", 4))
                             << QByteArray("{'data': 'AAH+/w==', 'encoding': 'base64'}");

    QTest::newRow("tuple-empty") << tuple({}) << QByteArray("()");
    QTest::newRow("tuple-1") << tuple({1}) << QByteArray("(1,)");
    QTest::newRow("tuple-2") << tuple({1, 2}) << QByteArray("(1,2)");
    QTest::newRow("tuple-nested") << tuple({tuple({}), tuple({tuple({1})})}) << QByteArray("((),((1,),))");
    QTest::newRow("list-empty") << QVariant(QVariantList()) << QByteArray("[]");
    QTest::newRow("list-mixed")
        << QVariant(QVariantList{1, u"two"_s, 3.0, PyroValues::none(), false, tuple({6, 7})})
        << QByteArray("[1,'two',3.0,None,False,(6,7)]");
    QTest::newRow("stringlist") << QVariant(QStringList{u"a"_s, u"it's"_s}) << QByteArray("['a',\"it's\"]");
    QTest::newRow("bytearraylist") << QVariant::fromValue(QByteArrayList{"x"})
                                   << QByteArray("[{'data': 'eA==', 'encoding': 'base64'}]");

    QTest::newRow("dict-empty") << QVariant(QVariantMap()) << QByteArray("{}");
    QTest::newRow("dict-map-sorted") << QVariant(QVariantMap{{u"b"_s, 2}, {u"a"_s, 1}})
                                     << QByteArray("{'a':1,'b':2}");
    QTest::newRow("dict-ordered") << dict({{u"name"_s, u"Pyro"_s}, {u"version"_s, 5}, {u"ok"_s, true}})
                                  << QByteArray("{'name':'Pyro','version':5,'ok':True}");
    QTest::newRow("dict-int-keys") << dict({{1, u"one"_s}, {-3, u"minus three"_s}})
                                   << QByteArray("{1:'one',-3:'minus three'}");
    QTest::newRow("dict-float-bool-keys") << dict({{1.5, u"float"_s}, {true, u"bool"_s}})
                                          << QByteArray("{1.5:'float',True:'bool'}");
    QTest::newRow("dict-tuple-key") << dict({{tuple({1, 2}), u"t"_s}, {tuple({3}), u"c"_s}})
                                    << QByteArray("{(1,2):'t',(3,):'c'}");
    QTest::newRow("dict-bytes-key") << dict({{QByteArray("k"), 1}})
                                    << QByteArray("{{'data': 'aw==', 'encoding': 'base64'}:1}");
    QTest::newRow("dict-complex-key") << dict({{complexValue(0, 1), 1}}) << QByteArray("{(0.0+1.0j):1}");
    QTest::newRow("dict-nested") << QVariant(QVariantMap{{u"a"_s, QVariantMap{{u"b"_s, QVariantList{1, QVariantMap()}}}}})
                                 << QByteArray("{'a':{'b':[1,{}]}}");
    QTest::newRow("dict-hash") << QVariant(QVariantHash{{u"only"_s, 1}}) << QByteArray("{'only':1}");

    QTest::newRow("set-empty") << set({}) << QByteArray("()");
    QTest::newRow("set-1") << set({u"only"_s}) << QByteArray("{'only'}");
    QTest::newRow("set-order-kept") << set({3, 1, 2}) << QByteArray("{3,1,2}");
    QTest::newRow("frozenset") << QVariant::fromValue(PyroSet({4, 5}, PyroSet::Kind::FrozenSet))
                               << QByteArray("{4,5}");
    QTest::newRow("set-of-tuples") << set({tuple({1, 2})}) << QByteArray("{(1,2)}");

    QTest::newRow("uri") << QVariant::fromValue(PyroUri::forTcp(u"test.echoserver"_s, u"127.0.0.1"_s, 47301))
                         << QByteArray("{'__class__':'Pyro5.core.URI','state':('PYRO','test.echoserver',None,'127.0.0.1',47301)}");
    QTest::newRow("exception") << QVariant::fromValue(PyroError::exception(u"builtins.ValueError"_s, u"bad"_s))
                               << QByteArray("{'__class__':'builtins.ValueError','__exception__':True,'args':('bad',),'attributes':{}}");
    QTest::newRow("date") << QVariant(QDate(2024, 2, 29)) << QByteArray("'2024-02-29'");
}

void tst_PyroSerpent::encode()
{
    QFETCH(QVariant, value);
    QFETCH(QByteArray, expected);
    QByteArray out;
    PyroError error;
    QVERIFY2(m_serpent.encode(out, value, PyroEncodeContext(), &error), qPrintable(error.toString()));
    QCOMPARE(out, header + expected);
}

void tst_PyroSerpent::encodeBytesRepr_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("empty") << QByteArray() << QByteArray("b''");
    QTest::newRow("ascii") << QByteArray("abc") << QByteArray("b'abc'");
    QTest::newRow("single-quote") << QByteArray("it's") << QByteArray("b\"it's\"");
    QTest::newRow("both-quotes") << QByteArray("'\"") << QByteArray("b'\\'\"'");
    QTest::newRow("escapes") << QByteArray("\t\n\r\\", 4) << QByteArray("b'\\t\\n\\r\\\\'");
    QTest::newRow("binary") << QByteArray("\x00\x01\x7f\x80\xff", 5) << QByteArray("b'\\x00\\x01\\x7f\\x80\\xff'");
    QTest::newRow("vector") << QByteArray("\x00\x01'\"\\\xff abc", 10)
                            << QByteArray("b'\\x00\\x01\\'\"\\\\\\xff abc'");
}

void tst_PyroSerpent::encodeBytesRepr()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, expected);
    PyroEncodeContext context;
    context.serpentBytesRepr = true;
    QByteArray out;
    PyroError error;
    QVERIFY2(m_serpent.encode(out, bytes, context, &error), qPrintable(error.toString()));
    QCOMPARE(out, header + expected);
    // b'' literals decode to real bytes
    const QVariant back = m_serpent.decode(out, PyroDecodeOptions(), &error);
    QCOMPARE(back.typeId(), int(QMetaType::QByteArray));
    QCOMPARE(back.toByteArray(), bytes);
}

void tst_PyroSerpent::encodeRefused_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("none-key") << dict({{PyroValues::none(), 1}}) << u"<class 'NoneType'>"_s;
    QTest::newRow("list-key") << dict({{QVariantList{1}, 1}}) << u"<class 'list'>"_s;
    QTest::newRow("dict-key") << dict({{QVariantMap(), 1}}) << u"<class 'dict'>"_s;
    QTest::newRow("none-in-set") << set({1, PyroValues::none()}) << u"<class 'NoneType'>"_s;
    QTest::newRow("list-in-set") << set({QVariantList{}}) << u"primitive hashable type"_s;
    QTest::newRow("uri-key") << dict({{QVariant::fromValue(PyroUri::forTcp(u"o"_s, u"h"_s, 1)), 1}})
                             << u"primitive hashable type"_s;
    QTest::newRow("unknown-type") << QVariant(QLine(1, 2, 3, 4)) << u"don't know how to serialize"_s;
    QTest::newRow("unknown-nested") << QVariant(QVariantList{1, QVariantMap{{u"p"_s, QLine()}}})
                                    << u"don't know how to serialize"_s;
    QTest::newRow("too-deep") << nested(201, 1) << u"nesting too deep"_s;
    QTest::newRow("invalid-bigint") << QVariant::fromValue(PyroBigInt()) << u"PyroBigInt"_s;
}

void tst_PyroSerpent::encodeRefused()
{
    QFETCH(QVariant, value);
    QFETCH(QString, messagePart);
    QByteArray out("prefix");
    PyroError error;
    QVERIFY(!m_serpent.encode(out, value, PyroEncodeContext(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().contains(messagePart), qPrintable(error.message()));
    QCOMPARE(out, QByteArray("prefix")); // a failed encode leaves the buffer as it was
}

// serpent's maximum_level is 200: the outermost value is level 0, and a value at level
// 201 is refused, whatever its type.
void tst_PyroSerpent::encodeDepthLimit_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("readable"); // Python's parser allows only 200 open brackets
    QTest::newRow("list-200") << nested(200, u"leaf"_s) << true << true;
    QTest::newRow("list-201") << nested(201, u"leaf"_s) << false << false;
    // written, as serpent does, but 201 brackets are more than Python (and we) read back
    QTest::newRow("empty-list-at-200") << nested(200, QVariantList()) << true << false;
    QTest::newRow("empty-list-at-201") << nested(201, QVariantList()) << false << false;
    QVariant tuples = 1;
    for (int i = 0; i < 200; ++i)
        tuples = tuple({tuples});
    QTest::newRow("tuple-200") << tuples << true << true;
    QTest::newRow("tuple-201") << tuple({tuples}) << false << false;
    QVariant maps = 1;
    for (int i = 0; i < 200; ++i)
        maps = QVariantMap{{u"k"_s, maps}};
    QTest::newRow("map-200") << maps << true << true;
    QTest::newRow("map-201") << QVariant(QVariantMap{{u"k"_s, maps}}) << false << false;
    // the keys of a dict at level 200 are at 201
    QTest::newRow("map-with-key-at-201") << nested(200, QVariantMap{{u"k"_s, 1}}) << false << false;
    QTest::newRow("stringlist-at-200") << nested(199, QStringList{u"a"_s}) << true << true;
    QTest::newRow("stringlist-at-201") << nested(200, QStringList{u"a"_s}) << false << false;
    QTest::newRow("empty-map-at-200") << nested(200, QVariantMap()) << true << false;
    // class dicts are written at the level of the object they stand for: the URI dict,
    // its state tuple and the tuple's items take three levels
    const QVariant uri = QVariant::fromValue(PyroUri::forTcp(u"o"_s, u"h"_s, 1));
    QTest::newRow("uri-at-198") << nested(198, uri) << true << true;
    QTest::newRow("uri-at-199") << nested(199, uri) << false << false;
}

void tst_PyroSerpent::encodeDepthLimit()
{
    QFETCH(QVariant, value);
    QFETCH(bool, ok);
    QFETCH(bool, readable);
    QByteArray out("x");
    PyroError error;
    QCOMPARE(m_serpent.encode(out, value, PyroEncodeContext(), &error), ok);
    if (ok) {
        QVERIFY(out.startsWith("x" + header));
        const QVariant back = m_serpent.decode(QByteArrayView(out).sliced(1), PyroDecodeOptions(), &error);
        QCOMPARE(back.isValid(), readable);
    } else {
        QCOMPARE(out, QByteArray("x"));
        QCOMPARE(error.code(), PyroError::Code::SerializeError);
        QVERIFY2(error.message().contains(u"Object graph nesting too deep"_s), qPrintable(error.message()));
    }
}

void tst_PyroSerpent::encodeAppends()
{
    QByteArray out("HEAD");
    PyroError error;
    QVERIFY(m_serpent.encode(out, QVariantList{1, u"x"_s}, PyroEncodeContext(), &error));
    QCOMPARE(out, "HEAD" + header + "[1,'x']");
    QVERIFY(m_serpent.encode(out, 2, PyroEncodeContext(), &error));
    QCOMPARE(out, "HEAD" + header + "[1,'x']" + header + "2");
}

// Python's printable rule for every code point: a string of all of them (surrogates aside)
// must come out exactly as Python serpent writes it.
void tst_PyroSerpent::printableMatchesPython()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"all.serpent"_s);
    const PyroToolRun run = runTool(
        PyroTestProcess::python(),
        {u"-c"_s,
         u"import sys, serpent\n"
         "s = ''.join(chr(c) for c in range(0x110000) if not 0xd800 <= c < 0xe000)\n"
         "open(sys.argv[1], 'wb').write(serpent.dumps(s))\n"_s,
         path});
    if (run.exitCode != 0)
        QSKIP(qPrintable(u"needs python3 with serpent: "_s + run.err.left(200)));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray python = file.readAll();

    QString all;
    all.reserve(0x110000 * 2);
    for (char32_t cp = 0; cp < 0x110000; ++cp) {
        if (cp >= 0xd800 && cp < 0xe000)
            continue;
        if (cp >= 0x10000) {
            all.append(QChar(QChar::highSurrogate(cp)));
            all.append(QChar(QChar::lowSurrogate(cp)));
        } else {
            all.append(QChar(char16_t(cp)));
        }
    }
    QByteArray ours;
    PyroError error;
    QVERIFY(m_serpent.encode(ours, all, PyroEncodeContext(), &error));
    if (ours != python) {
        qsizetype i = 0;
        while (i < ours.size() && i < python.size() && ours.at(i) == python.at(i))
            ++i;
        QFAIL(qPrintable(u"first difference at byte %1: ours %2, Python %3"_s.arg(i)
                             .arg(QString::fromLatin1(ours.mid(qMax(0, int(i) - 20), 40).toHex()),
                                  QString::fromLatin1(python.mid(qMax(0, int(i) - 20), 40).toHex()))));
    }
    // and every one of them reads back
    const QVariant back = m_serpent.decode(ours, PyroDecodeOptions(), &error);
    QCOMPARE(back.toString(), all);
}

// ---- parsing ------------------------------------------------------------------------------

void tst_PyroSerpent::decode_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QVariant>("expected");

    const double inf = std::numeric_limits<double>::infinity();

    // documents, comments, line ends, blanks
    QTest::newRow("header") << header + "None" << PyroValues::none();
    QTest::newRow("no-header") << QByteArray("True") << QVariant(true);
    QTest::newRow("old-header") << QByteArray("# serpent utf-8 python2.6\nFalse") << QVariant(false);
    QTest::newRow("crlf") << QByteArray("# serpent utf-8 python3.2\r\n{'a':1}\r\n") << QVariant(QVariantMap{{u"a"_s, 1}});
    QTest::newRow("cr-only") << QByteArray("# c\r[1,\r2]\r") << QVariant(QVariantList{1, 2});
    QTest::newRow("leading-blanks-stripped") << QByteArray(" \t [1]") << QVariant(QVariantList{1});
    QTest::newRow("blank-lines-first") << QByteArray("\n  \n\t\n[1]") << QVariant(QVariantList{1});
    QTest::newRow("indented-comments") << QByteArray("# a\n   # b\n\t# c\n[1]") << QVariant(QVariantList{1});
    QTest::newRow("formfeed-resets-indent") << QByteArray("\n \f[1]") << QVariant(QVariantList{1});
    QTest::newRow("continuation-line-first") << QByteArray("\\\n# x\n255") << QVariant(255);
    QTest::newRow("trailing-comment") << QByteArray("[1] # the end") << QVariant(QVariantList{1});
    QTest::newRow("trailing-blank-lines") << QByteArray("[1]\n\n  \n\t# c\n\f") << QVariant(QVariantList{1});
    QTest::newRow("trailing-continuation") << QByteArray("255 \\\n#c\n") << QVariant(255);
    QTest::newRow("whitespace-in-brackets")
        << QByteArray("{ 'a' : [ 1 , 2 , ] ,  # trailing commas and a comment\n   'b' : ( 3 , ) }\n")
        << QVariant(QVariantMap{{u"a"_s, QVariantList{1, 2}}, {u"b"_s, tuple({3})}});
    QTest::newRow("indent-format")
        << QByteArray("{\n  'b': True,\n  'items': [\n    1,\n    (\n      2,\n      3\n    ),\n    {\n      4,\n      5\n    },\n    (),\n    [],\n    {}\n  ],\n  'n': None\n}")
        << QVariant(QVariantMap{{u"b"_s, true},
                                {u"items"_s, QVariantList{1, tuple({2, 3}), set({4, 5}), tuple({}), QVariantList(), QVariantMap()}},
                                {u"n"_s, PyroValues::none()}});
    QTest::newRow("continuation-in-line") << QByteArray("[1, \\\n 2]") << QVariant(QVariantList{1, 2});

    // constants and ints
    QTest::newRow("none") << QByteArray("None") << PyroValues::none();
    QTest::newRow("int") << QByteArray("42") << QVariant(42LL);
    QTest::newRow("int-zeros") << QByteArray("000") << QVariant(0LL);
    QTest::newRow("int-neg-zero") << QByteArray("-0") << QVariant(0LL);
    QTest::newRow("int-plus") << QByteArray("+4") << QVariant(4LL);
    QTest::newRow("int-underscores") << QByteArray("1_000_000") << QVariant(1000000LL);
    QTest::newRow("int64-max") << QByteArray("9223372036854775807") << QVariant(std::numeric_limits<qlonglong>::max());
    QTest::newRow("int64-min") << QByteArray("-9223372036854775808") << QVariant(std::numeric_limits<qlonglong>::min());
    QTest::newRow("int-2p63") << QByteArray("9223372036854775808") << big("9223372036854775808");
    QTest::newRow("int-neg-2p63m1") << QByteArray("-9223372036854775809") << big("-9223372036854775809");
    QTest::newRow("int-2p64") << QByteArray("18446744073709551616") << big("18446744073709551616");
    QTest::newRow("int-4300-digits") << QByteArray(4300, '9') << big(QByteArray(4300, '9').constData());
    QTest::newRow("int-19-digits-small") << QByteArray("1000000000000000000") << QVariant(1000000000000000000LL);
    QTest::newRow("hex") << QByteArray("0x1f") << QVariant(31LL);
    QTest::newRow("hex-upper-underscore") << QByteArray("0X_FF_FF") << QVariant(65535LL);
    QTest::newRow("octal") << QByteArray("0o17") << QVariant(15LL);
    QTest::newRow("binary") << QByteArray("0b101") << QVariant(5LL);
    QTest::newRow("hex-int64-max") << QByteArray("0x7fffffffffffffff") << QVariant(std::numeric_limits<qlonglong>::max());
    QTest::newRow("hex-2p63") << QByteArray("0x8000000000000000") << big("9223372036854775808");
    QTest::newRow("hex-big") << QByteArray("0xFFFFFFFFFFFFFFFFFFFFF") << big("19342813113834066795298815");
    QTest::newRow("hex-neg-big") << QByteArray("-0x10000000000000000") << big("-18446744073709551616");
    QTest::newRow("true") << QByteArray("True") << QVariant(true);

    // floats and complex numbers
    QTest::newRow("float") << QByteArray("1.5") << QVariant(1.5);
    QTest::newRow("float-neg") << QByteArray("-2.25") << QVariant(-2.25);
    QTest::newRow("float-neg-zero") << QByteArray("-0.0") << QVariant(-0.0);
    QTest::newRow("float-leading-dot") << QByteArray(".5") << QVariant(0.5);
    QTest::newRow("float-trailing-dot") << QByteArray("5.") << QVariant(5.0);
    QTest::newRow("float-exp") << QByteArray("1E5") << QVariant(1e5);
    QTest::newRow("float-exp-sign") << QByteArray("1e+16") << QVariant(1e16);
    QTest::newRow("float-exp-neg") << QByteArray("1e-05") << QVariant(1e-5);
    QTest::newRow("float-leading-zeros") << QByteArray("00.5") << QVariant(0.5);
    QTest::newRow("float-underscores") << QByteArray("1_000.000_1e1_0") << QVariant(10000001000000.0);
    QTest::newRow("float-max") << QByteArray("1.7976931348623157e+308") << QVariant(std::numeric_limits<double>::max());
    QTest::newRow("float-subnormal") << QByteArray("5e-324") << QVariant(5e-324);
    QTest::newRow("float-overflow") << QByteArray("1e30000") << QVariant(inf);
    QTest::newRow("float-overflow-neg") << QByteArray("-1e30000") << QVariant(-inf);
    QTest::newRow("float-overflow-digits") << QByteArray("1.8e308") << QVariant(inf);
    QTest::newRow("float-overflow-long") << QByteArray(400, '9') + ".0" << QVariant(inf);
    QTest::newRow("float-underflow") << QByteArray("1e-400") << QVariant(0.0);
    QTest::newRow("float-underflow-neg") << QByteArray("-1e-400") << QVariant(-0.0);
    QTest::newRow("float-underflow-fraction") << QByteArray("0.") + QByteArray(400, '0') + "1" << QVariant(0.0);
    QTest::newRow("float-huge-exponent") << QByteArray("1e99999999999999999999999") << QVariant(inf);
    QTest::newRow("float-zero-huge-exponent") << QByteArray("0e99999999") << QVariant(0.0);
    QTest::newRow("float-many-digits") << QByteArray("0.") + QByteArray(1000, '3') << QVariant(1.0 / 3.0);
    QTest::newRow("imag") << QByteArray("1j") << complexValue(0, 1);
    QTest::newRow("imag-upper-leading-zero") << QByteArray("01.5J") << complexValue(0, 1.5);
    QTest::newRow("imag-int-leading-zero") << QByteArray("01j") << complexValue(0, 1);
    QTest::newRow("complex-sum") << QByteArray("(1.0+2.0j)") << complexValue(1, 2);
    QTest::newRow("complex-diff") << QByteArray("(1.5-2.5j)") << complexValue(1.5, -2.5);
    QTest::newRow("complex-bare") << QByteArray("2-3j") << complexValue(2, -3);
    QTest::newRow("complex-neg-real") << QByteArray("-1.5-2.5j") << complexValue(-1.5, -2.5);
    QTest::newRow("complex-int-real") << QByteArray("(1 + 2j)") << complexValue(1, 2);
    QTest::newRow("complex-zero-imag-sign") << QByteArray("1-0j") << complexValue(1, 0.0);
    QTest::newRow("complex-neg-zero-real") << QByteArray("-0.0-0j") << complexValue(-0.0, 0.0);
    QTest::newRow("complex-neg-imag-only") << QByteArray("-0j") << complexValue(-0.0, -0.0);
    QTest::newRow("complex-inf") << QByteArray("(1e30000-1e30000j)") << complexValue(inf, -inf);
    QTest::newRow("complex-grouped") << QByteArray("((1)+(2j))") << complexValue(1, 2);
    QTest::newRow("unary-paren") << QByteArray("-(3)") << QVariant(-3LL);
    QTest::newRow("unary-space") << QByteArray("- 1") << QVariant(-1LL);
    QTest::newRow("unary-paren-float") << QByteArray("-( 2.5 )") << QVariant(-2.5);

    // strings
    QTest::newRow("str-single") << QByteArray("'sq'") << QVariant(u"sq"_s);
    QTest::newRow("str-double") << QByteArray("\"dq\"") << QVariant(u"dq"_s);
    QTest::newRow("str-empty") << QByteArray("''") << QVariant(QString());
    QTest::newRow("str-utf8") << QByteArray("'caf\xc3\xa9 \xf0\x9f\x98\x80'") << QVariant(u"caf\u00e9 "_s + fromUcs4({0x1F600}));
    QTest::newRow("str-simple-escapes") << QByteArray("'\\\\\\'\\\"\\n\\r\\t'") << QVariant(u"\\'\"\n\r\t"_s);
    QTest::newRow("str-bell-etc") << QByteArray("'\\a\\b\\f\\v\\0'") << QVariant(QString::fromLatin1("\a\b\f\v\0", 5));
    QTest::newRow("str-octal") << QByteArray("'\\101\\0012\\777x'") << QVariant(u"A\u00012\u01ffx"_s);
    QTest::newRow("str-hex") << QByteArray("'\\x41\\xe9\\xff'") << QVariant(u"A\u00e9\u00ff"_s);
    QTest::newRow("str-unicode") << QByteArray("'\\u00e9\\u4e2d\\U0001F600'") << QVariant(u"\u00e9\u4e2d"_s + fromUcs4({0x1F600}));
    QTest::newRow("str-lone-surrogate") << QByteArray("'\\ud800x'") << QVariant(QString(QChar(char16_t(0xd800))) + u"x"_s);
    QTest::newRow("str-named") << QByteArray("'\\N{BULLET}\\N{bullet}\\N{LATIN SMALL LETTER A}\\N{DIGIT ONE}'")
                               << QVariant(u"\u2022\u2022a1"_s);
    QTest::newRow("str-named-more") << QByteArray("'\\N{CJK UNIFIED IDEOGRAPH-4E00}\\N{NO-BREAK SPACE}\\N{LF}\\N{EURO SIGN}'")
                                    << QVariant(u"\u4e00\u00a0\n\u20ac"_s);
    QTest::newRow("str-unknown-escape-kept") << QByteArray("'\\q\\8\\\xc3\xa9'") << QVariant(u"\\q\\8\\\u00e9"_s);
    QTest::newRow("str-continuation") << QByteArray("'a\\\nb\\\r\nc'") << QVariant(u"abc"_s);
    QTest::newRow("str-triple") << QByteArray("'''tri'''") << QVariant(u"tri"_s);
    QTest::newRow("str-triple-newlines") << QByteArray("\"\"\"a\nb\r\nc\rd\"\"\"") << QVariant(u"a\nb\nc\nd"_s);
    QTest::newRow("str-triple-quotes-inside") << QByteArray("'''it's ''a'' \\''''") << QVariant(u"it's ''a'' '"_s);
    QTest::newRow("str-triple-empty") << QByteArray("''''''") << QVariant(QString());
    QTest::newRow("str-raw") << QByteArray("r'raw\\n'") << QVariant(u"raw\\n"_s);
    QTest::newRow("str-raw-quote") << QByteArray("r'a\\''") << QVariant(u"a\\'"_s);
    QTest::newRow("str-raw-upper-newline") << QByteArray("R'''a\\\r\nb'''") << QVariant(u"a\\\nb"_s);
    QTest::newRow("str-u-prefix") << QByteArray("u'u' U\"U\"") << QVariant(u"uU"_s);
    QTest::newRow("str-concat") << QByteArray("'a' 'b'\"c\"") << QVariant(u"abc"_s);
    QTest::newRow("str-concat-lines") << QByteArray("('a'\n  'b' # c\n 'c')") << QVariant(u"abc"_s);
    QTest::newRow("str-concat-continuation") << QByteArray("'a' \\\n'b'") << QVariant(u"ab"_s);
    QTest::newRow("str-raw-control") << QByteArray("'\x01\x7f\t'") << QVariant(u"\u0001\u007f\t"_s);
    QTest::newRow("str-long-plain") << "'" + QByteArray(100000, 'x') + "'" << QVariant(QString(100000, u'x'));

    // bytes
    QTest::newRow("bytes") << QByteArray("b'\\x00\\x01\\'\"\\\\\\xff abc'") << QVariant(QByteArray("\x00\x01'\"\\\xff abc", 10));
    QTest::newRow("bytes-octal-wraps") << QByteArray("b'\\400\\777\\0'") << QVariant(QByteArray("\x00\xff\x00", 3));
    QTest::newRow("bytes-unknown-escapes-kept") << QByteArray("b'\\u1234\\N{X}'") << QVariant(QByteArray("\\u1234\\N{X}"));
    QTest::newRow("bytes-raw") << QByteArray("br'\\n' Rb'\\t' BR\"x\"") << QVariant(QByteArray("\\n\\tx"));
    QTest::newRow("bytes-triple") << QByteArray("b'''a\nb'''") << QVariant(QByteArray("a\nb"));
    QTest::newRow("bytes-empty") << QByteArray("b''") << QVariant(QByteArray(""));

    // containers
    QTest::newRow("tuple-empty") << QByteArray("()") << tuple({});
    QTest::newRow("tuple-1") << QByteArray("(1,)") << tuple({1LL});
    QTest::newRow("tuple-trailing-comma") << QByteArray("(1, 2,)") << tuple({1LL, 2LL});
    QTest::newRow("grouping-parens") << QByteArray("((((1))))") << QVariant(1LL);
    QTest::newRow("grouped-tuple") << QByteArray("((1,))") << tuple({1LL});
    QTest::newRow("top-level-tuple") << QByteArray("1, 'two'") << tuple({1LL, u"two"_s});
    QTest::newRow("top-level-tuple-trailing") << QByteArray("None,") << tuple({PyroValues::none()});
    QTest::newRow("list") << QByteArray("[1,'two',3.0,None,False,(6,7)]")
                          << QVariant(QVariantList{1LL, u"two"_s, 3.0, PyroValues::none(), false, tuple({6LL, 7LL})});
    QTest::newRow("list-trailing-comma") << QByteArray("[1,]") << QVariant(QVariantList{1LL});
    QTest::newRow("list-nested") << QByteArray("[[1,[2,[3,[]]]],[],[[]]]")
                                 << QVariant(QVariantList{QVariantList{1LL, QVariantList{2LL, QVariantList{3LL, QVariantList()}}},
                                                          QVariantList(), QVariantList{QVariantList()}});
    QTest::newRow("dict-str-keys") << QByteArray("{'name':'Pyro','version':5}")
                                   << QVariant(QVariantMap{{u"name"_s, u"Pyro"_s}, {u"version"_s, 5LL}});
    QTest::newRow("dict-duplicate-last-wins") << QByteArray("{'a':1,'b':2,'a':3}")
                                              << QVariant(QVariantMap{{u"a"_s, 3LL}, {u"b"_s, 2LL}});
    QTest::newRow("dict-int-keys") << QByteArray("{1:'one',2:'two',-3:'minus three'}")
                                   << dict({{1LL, u"one"_s}, {2LL, u"two"_s}, {-3LL, u"minus three"_s}});
    QTest::newRow("dict-equal-keys-merge") << QByteArray("{1:2,1.0:3,True:4}") << dict({{1LL, 4LL}});
    QTest::newRow("dict-tuple-key") << QByteArray("{(1,2):'t','s':1}") << dict({{tuple({1LL, 2LL}), u"t"_s}, {u"s"_s, 1LL}});
    QTest::newRow("dict-trailing-comma") << QByteArray("{1:2,}") << dict({{1LL, 2LL}});
    QTest::newRow("dict-bytes-lookalike-stays-dict") << QByteArray("{'data': 'AAE=', 'encoding': 'base64'}")
                                                     << QVariant(QVariantMap{{u"data"_s, u"AAE="_s}, {u"encoding"_s, u"base64"_s}});
    QTest::newRow("dict-none-key") << QByteArray("{None:1}") << dict({{PyroValues::none(), 1LL}});
    QTest::newRow("set") << QByteArray("{1,2,3}") << set({1LL, 2LL, 3LL});
    QTest::newRow("set-trailing-comma") << QByteArray("{1,}") << set({1LL});
    QTest::newRow("set-duplicates") << QByteArray("{1,1.0,True,2}") << set({1LL, 2LL});
    QTest::newRow("set-many-duplicates") << QByteArray("{0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9}")
                                         << set({0LL, 1LL, 2LL, 3LL, 4LL, 5LL, 6LL, 7LL, 8LL, 9LL});
    QTest::newRow("set-of-tuples") << QByteArray("{(1,2),(3,4)}") << set({tuple({1LL, 2LL}), tuple({3LL, 4LL})});
    QTest::newRow("set-call") << QByteArray("set()") << set({});
    QTest::newRow("set-call-spaced") << QByteArray("[set ( )]") << QVariant(QVariantList{set({})});
    QTest::newRow("set-call-newline-in-brackets") << QByteArray("(set\n())") << set({});
    QTest::newRow("empty-set-as-tuple") << QByteArray("()") << tuple({});
    QTest::newRow("call-envelope")
        << QByteArray("('test.extras','kwargs_call',(1,2,3),{'key':'word','other':None})")
        << tuple({u"test.extras"_s, u"kwargs_call"_s, tuple({1LL, 2LL, 3LL}),
                  QVariantMap{{u"key"_s, u"word"_s}, {u"other"_s, PyroValues::none()}}});
    QTest::newRow("number-forms")
        << QByteArray("[0x1f, 0o17, 0b101, 1_000, 1E5, .5, 5., -(3), +4, 1j, 2-3j, True, False, None]")
        << QVariant(QVariantList{31LL, 15LL, 5LL, 1000LL, 1e5, 0.5, 5.0, -3LL, 4LL, complexValue(0, 1),
                                 complexValue(2, -3), true, false, PyroValues::none()});
}

void tst_PyroSerpent::decode()
{
    QFETCH(QByteArray, text);
    QFETCH(QVariant, expected);
    PyroError error;
    const QVariant value = m_serpent.decode(text, PyroDecodeOptions(), &error);
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    QVERIFY2(PyroValues::identical(value, expected),
             qPrintable(u"got "_s + describe(value) + u", expected "_s + describe(expected)));
}

// The container types themselves, which identical() does not distinguish for dicts.
void tst_PyroSerpent::decodeContainerTypes()
{
    PyroError error;
    QVariant v = m_serpent.decode("{'a':1,'b':2}", PyroDecodeOptions(), &error);
    QCOMPARE(v.typeId(), int(QMetaType::QVariantMap));
    v = m_serpent.decode("{}", PyroDecodeOptions(), &error);
    QCOMPARE(v.typeId(), int(QMetaType::QVariantMap));
    v = m_serpent.decode("{'a':1,2:3}", PyroDecodeOptions(), &error);
    QCOMPARE(v.typeId(), qMetaTypeId<PyroDict>());
    QCOMPARE(v.value<PyroDict>().entries().at(0).first, QVariant(u"a"_s)); // order kept
    v = m_serpent.decode("[1,2]", PyroDecodeOptions(), &error);
    QCOMPARE(v.typeId(), int(QMetaType::QVariantList));
    v = m_serpent.decode("(1,2)", PyroDecodeOptions(), &error);
    QCOMPARE(v.typeId(), qMetaTypeId<PyroTuple>());
    v = m_serpent.decode("{1}", PyroDecodeOptions(), &error);
    QCOMPARE(v.typeId(), qMetaTypeId<PyroSet>());
    QVERIFY(!v.value<PyroSet>().isFrozen());
    v = m_serpent.decode("12", PyroDecodeOptions(), &error);
    QCOMPARE(v.typeId(), int(QMetaType::LongLong));
    v = m_serpent.decode("12345678901234567890", PyroDecodeOptions(), &error);
    QCOMPARE(v.typeId(), qMetaTypeId<PyroBigInt>());
    v = m_serpent.decode("'x'", PyroDecodeOptions(), &error);
    QCOMPARE(v.typeId(), int(QMetaType::QString));
    v = m_serpent.decode("b'x'", PyroDecodeOptions(), &error);
    QCOMPARE(v.typeId(), int(QMetaType::QByteArray));
    v = m_serpent.decode("None", PyroDecodeOptions(), &error);
    QVERIFY(v.isValid());
    QVERIFY(PyroValues::isNone(v));
    // many repeated keys go through the key cache: still right
    QByteArray many = "[";
    for (int i = 0; i < 100; ++i)
        many += "{'k" + QByteArray::number(i % 7) + "':" + QByteArray::number(i) + ",'same':" + QByteArray::number(i) + "},";
    many += "]";
    v = m_serpent.decode(many, PyroDecodeOptions(), &error);
    const QVariantList list = v.toList();
    QCOMPARE(list.size(), 100);
    for (int i = 0; i < 100; ++i) {
        const QVariantMap m = list.at(i).toMap();
        QCOMPARE(m.value(u"k"_s + QString::number(i % 7)).toLongLong(), qlonglong(i));
        QCOMPARE(m.value(u"same"_s).toLongLong(), qlonglong(i));
    }
}

void tst_PyroSerpent::decodeClassDicts_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("mapClassDicts");
    QTest::addColumn<QVariant>("expected");
    const QVariant uri = QVariant::fromValue(PyroUri::forTcp(u"test.echoserver"_s, u"127.0.0.1"_s, 47301));
    const QByteArray uriText = "{'__class__':'Pyro5.core.URI','state':('PYRO','test.echoserver',None,'127.0.0.1',47301)}";
    QTest::newRow("uri") << uriText << true << uri;
    QTest::newRow("uri-nested") << "[" + uriText + ",{'u':" + uriText + "}]" << true
                                << QVariant(QVariantList{uri, QVariantMap{{u"u"_s, uri}}});
    QTest::newRow("uri-raw") << uriText << false
                             << QVariant(QVariantMap{{u"__class__"_s, u"Pyro5.core.URI"_s},
                                                     {u"state"_s, tuple({u"PYRO"_s, u"test.echoserver"_s, PyroValues::none(), u"127.0.0.1"_s, 47301LL})}});
    QTest::newRow("nan") << QByteArray("{'__class__':'float','value':'nan'}") << true
                         << QVariant(std::numeric_limits<double>::quiet_NaN());
    QTest::newRow("neg-inf") << QByteArray("[{'__class__':'float','value':'-inf'}]") << true
                             << QVariant(QVariantList{-std::numeric_limits<double>::infinity()});
    QTest::newRow("nan-raw") << QByteArray("{'__class__':'float','value':'nan'}") << false
                             << QVariant(QVariantMap{{u"__class__"_s, u"float"_s}, {u"value"_s, u"nan"_s}});
    QTest::newRow("class-key-among-others") << QByteArray("{1:2,'__class__':'float','value':'nan'}") << true
                                            << QVariant(std::numeric_limits<double>::quiet_NaN());
    QTest::newRow("class-value-not-str") << QByteArray("{'__class__':1}") << true
                                         << QVariant(QVariantMap{{u"__class__"_s, 1LL}});
    QTest::newRow("exception") << QByteArray("{'__class__':'builtins.ValueError','__exception__':True,'args':('bad',),'attributes':{}}")
                               << true << QVariant::fromValue(PyroError::exception(u"builtins.ValueError"_s, u"bad"_s));
}

void tst_PyroSerpent::decodeClassDicts()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, mapClassDicts);
    QFETCH(QVariant, expected);
    PyroDecodeOptions options;
    options.mapClassDicts = mapClassDicts;
    PyroError error;
    const QVariant value = m_serpent.decode(text, options, &error);
    QVERIFY2(value.isValid(), qPrintable(error.toString()));
    if (expected.typeId() == qMetaTypeId<PyroError>()) {
        QCOMPARE(value.typeId(), qMetaTypeId<PyroError>());
        const PyroError e = value.value<PyroError>();
        QVERIFY(e.isRemote());
        QCOMPARE(e.pythonClass(), expected.value<PyroError>().pythonClass());
        QCOMPARE(e.remoteArgs(), QVariantList{u"bad"_s});
        return;
    }
    QVERIFY2(PyroValues::identical(value, expected),
             qPrintable(u"got "_s + describe(value) + u", expected "_s + describe(expected)));
}

void tst_PyroSerpent::decodeMalformed_data()
{
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only-blanks") << QByteArray("  \t ");
    QTest::newRow("only-header") << header;
    QTest::newRow("only-comment") << QByteArray("# only a comment");
    QTest::newRow("garbage") << QByteArray("@#$%");
    QTest::newRow("binary-garbage") << QByteArray("\x01\x02\x03\x04", 4);
    QTest::newRow("semicolon") << QByteArray("1;2");
    QTest::newRow("two-values") << QByteArray("1 2");
    QTest::newRow("trailing-garbage") << QByteArray("[1]x");
    QTest::newRow("second-value-next-line") << QByteArray("[1]\n[2]");
    QTest::newRow("second-line-after-comma") << QByteArray("1,\n2");
    QTest::newRow("leading-indent-after-header") << header + "  [1]";
    QTest::newRow("leading-indent-after-blank") << QByteArray("\n  [1]");
    QTest::newRow("indented-blank-last-line") << QByteArray("[1]\n  ");
    QTest::newRow("continuation-at-eof") << QByteArray("[1] \\\n");
    QTest::newRow("backslash-at-eof") << QByteArray("[1] \\");
    QTest::newRow("backslash-garbage") << QByteArray("[1 \\ 2]");
    QTest::newRow("bom") << QByteArray("\xef\xbb\xbf[1]");
    QTest::newRow("vertical-tab") << QByteArray("1\x0b");
    QTest::newRow("unclosed-list") << QByteArray("[1");
    QTest::newRow("unclosed-tuple") << QByteArray("(1,");
    QTest::newRow("unclosed-dict") << QByteArray("{1:2");
    QTest::newRow("unclosed-set") << QByteArray("{1,");
    QTest::newRow("mismatched") << QByteArray("[1)");
    QTest::newRow("double-comma") << QByteArray("[1,,2]");
    QTest::newRow("lone-comma-tuple") << QByteArray("(,)");
    QTest::newRow("lone-comma-list") << QByteArray("[,]");
    QTest::newRow("dict-missing-value") << QByteArray("{1:}");
    QTest::newRow("dict-missing-key") << QByteArray("{:1}");
    QTest::newRow("dict-then-set") << QByteArray("{1:2, 3}");
    QTest::newRow("set-then-dict") << QByteArray("{1, 2:3}");
    QTest::newRow("dict-unpack") << QByteArray("{**x}");
    QTest::newRow("unhashable-list-key") << QByteArray("{[1]:2}");
    QTest::newRow("unhashable-dict-in-set") << QByteArray("{{}}");
    QTest::newRow("unhashable-tuple-key") << QByteArray("{(1,[2]):3}");
    QTest::newRow("unhashable-set-call-key") << QByteArray("{set():1}");
    QTest::newRow("unhashable-class-dict-key") << QByteArray("{{'__class__':'float','value':'nan'}:1}");
    QTest::newRow("name") << QByteArray("x");
    QTest::newRow("name-inf") << QByteArray("inf");
    QTest::newRow("name-none-suffix") << QByteArray("Nonex");
    QTest::newRow("name-lowercase-true") << QByteArray("true");
    QTest::newRow("ellipsis") << QByteArray("...");
    QTest::newRow("set-with-args") << QByteArray("set((1,))");
    QTest::newRow("set-unclosed") << QByteArray("set(");
    QTest::newRow("set-newline-top-level") << QByteArray("set\n()");
    QTest::newRow("call") << QByteArray("list()");
    QTest::newRow("attribute") << QByteArray("(1).real");
    QTest::newRow("subscript") << QByteArray("[1][0]");
    QTest::newRow("double-minus") << QByteArray("--1");
    QTest::newRow("minus-plus") << QByteArray("-+1");
    QTest::newRow("minus-paren-minus") << QByteArray("-(-1)");
    QTest::newRow("minus-true") << QByteArray("-True");
    QTest::newRow("minus-string") << QByteArray("-'a'");
    QTest::newRow("minus-complex-sum") << QByteArray("-(1+2j)");
    QTest::newRow("int-plus-int") << QByteArray("1+2");
    QTest::newRow("imag-plus-real") << QByteArray("2j+1");
    QTest::newRow("complex-chain") << QByteArray("1+2j+3j");
    QTest::newRow("complex-signed-imag") << QByteArray("1+-2j");
    QTest::newRow("complex-of-strings") << QByteArray("'a'+'b'");
    QTest::newRow("complex-nan-part") << QByteArray("({'__class__':'float','value':'nan'}+1.0j)");
    QTest::newRow("tuple-plus") << QByteArray("(1,)+(2,)");
    QTest::newRow("multiply") << QByteArray("2*3");
    QTest::newRow("power") << QByteArray("10**2");
    QTest::newRow("invert") << QByteArray("~1");
    QTest::newRow("leading-zero") << QByteArray("01");
    QTest::newRow("double-underscore") << QByteArray("1__0");
    QTest::newRow("trailing-underscore") << QByteArray("1_");
    QTest::newRow("float-trailing-underscore") << QByteArray("1.5_");
    QTest::newRow("underscore-after-dot") << QByteArray("1._5");
    QTest::newRow("exponent-without-digits") << QByteArray("1e");
    QTest::newRow("exponent-sign-only") << QByteArray("1e+");
    QTest::newRow("two-dots") << QByteArray("1.5.5");
    QTest::newRow("imag-suffix") << QByteArray("1j_");
    QTest::newRow("number-letter") << QByteArray("12abc");
    QTest::newRow("hex-empty") << QByteArray("0x");
    QTest::newRow("hex-bad-digit") << QByteArray("0xg");
    QTest::newRow("hex-trailing-underscore") << QByteArray("0x1_");
    QTest::newRow("binary-bad-digit") << QByteArray("0b102");
    QTest::newRow("octal-bad-digit") << QByteArray("0o8");
    QTest::newRow("int-4301-digits") << QByteArray(4301, '7');
    QTest::newRow("int-100000-digits") << QByteArray(100000, '7');
    QTest::newRow("int-huge-underscored") << QByteArray("1") + QByteArray("_1").repeated(5000);
    QTest::newRow("hex-too-big") << "0x" + QByteArray(5000, 'f');
    QTest::newRow("big-int-plus-imag") << QByteArray(400, '9') + "+1j";
    QTest::newRow("unterminated") << QByteArray("'abc");
    QTest::newRow("unterminated-escaped-quote") << QByteArray("'abc\\'");
    QTest::newRow("unterminated-newline") << QByteArray("'ab\ncd'");
    QTest::newRow("unterminated-cr") << QByteArray("'ab\rcd'");
    QTest::newRow("unterminated-triple") << QByteArray("'''abc''");
    QTest::newRow("unterminated-raw-backslash") << QByteArray("r'a\\'");
    QTest::newRow("triple-extra-quote") << QByteArray("'''a''''");
    QTest::newRow("bad-hex-escape") << QByteArray("'\\x4'");
    QTest::newRow("bad-hex-escape-end") << QByteArray("'\\x'");
    QTest::newRow("bad-u-escape") << QByteArray("'\\u12'");
    QTest::newRow("bad-U-escape") << QByteArray("'\\U0001F60'");
    QTest::newRow("U-escape-too-big") << QByteArray("'\\U00110000'");
    QTest::newRow("bad-named-escape-no-brace") << QByteArray("'\\N'");
    QTest::newRow("bad-named-escape-empty") << QByteArray("'\\N{}'");
    QTest::newRow("bad-named-escape-unclosed") << QByteArray("'\\N{BULLET'");
    QTest::newRow("unknown-name") << QByteArray("'\\N{NO SUCH CHARACTER}'");
    QTest::newRow("bytes-bad-hex") << QByteArray("b'\\x4'");
    QTest::newRow("bytes-non-ascii") << QByteArray("b'\xc3\xa9'");
    QTest::newRow("bytes-str-mix") << QByteArray("'a' b'b'");
    QTest::newRow("str-bytes-mix") << QByteArray("b'a' 'b'");
    QTest::newRow("f-string") << QByteArray("f'x'");
    QTest::newRow("ur-prefix") << QByteArray("ur'x'");
    QTest::newRow("bu-prefix") << QByteArray("bu'x'");
    QTest::newRow("double-prefix") << QByteArray("bb'x'");
    QTest::newRow("string-concat-across-lines") << QByteArray("'a'\n'b'");
    QTest::newRow("nul-top") << QByteArray("[1,\0 2]", 7);
    QTest::newRow("nul-in-string") << QByteArray("'a\0b'", 5);
    QTest::newRow("nul-in-comment") << QByteArray("# a\0b\n1", 7);
    QTest::newRow("nul-after-value") << QByteArray("1\0", 2);
    QTest::newRow("nul-escaped") << QByteArray("'\\\0'", 4);
    QTest::newRow("utf8-invalid-in-string") << QByteArray("'\xff'");
    QTest::newRow("utf8-invalid-in-comment") << QByteArray("# \xff\n1");
    QTest::newRow("utf8-invalid-in-header") << QByteArray("# serpent\xc3 utf-8\n1");
    QTest::newRow("utf8-invalid-top") << QByteArray("[\xff]");
    QTest::newRow("utf8-overlong") << QByteArray("'\xc0\xaf'");
    QTest::newRow("utf8-overlong-3") << QByteArray("'\xe0\x80\xaf'");
    QTest::newRow("utf8-surrogate") << QByteArray("'\xed\xa0\x80'");
    QTest::newRow("utf8-beyond-max") << QByteArray("'\xf4\x90\x80\x80'");
    QTest::newRow("utf8-truncated") << QByteArray("'\xe4\xb8'");
    QTest::newRow("utf8-truncated-at-end") << QByteArray("'a' # \xe4");
    QTest::newRow("utf8-lone-continuation") << QByteArray("'\x80'");
    QTest::newRow("utf8-escaped-invalid") << QByteArray("'\\\xff'");
    QTest::newRow("non-ascii-name") << QByteArray("\xc3\xa9");
    QTest::newRow("too-deep-lists") << QByteArray(201, '[') + QByteArray(201, ']');
    QTest::newRow("too-deep-grouping") << QByteArray(201, '(') + "1" + QByteArray(201, ')');
    QTest::newRow("too-deep-with-set-call") << QByteArray(200, '[') + "set()" + QByteArray(200, ']');
}

void tst_PyroSerpent::decodeMalformed()
{
    QFETCH(QByteArray, text);
    PyroError error;
    QElapsedTimer timer;
    timer.start();
    const QVariant value = m_serpent.decode(text, PyroDecodeOptions(), &error);
    QVERIFY2(!value.isValid(), qPrintable(u"decoded to "_s + describe(value)));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY(error.message().startsWith(u"invalid serpent data: "_s));
    QVERIFY2(timer.elapsed() < 2000, "rejecting must be quick");
    // with header, too (the line number shifts, the verdict does not)
    const QVariant withHeader = m_serpent.decode(header + text, PyroDecodeOptions(), &error);
    if (!text.startsWith(' ') && !text.startsWith('\t') && !text.isEmpty() && !text.startsWith("\xef\xbb\xbf"))
        QVERIFY(!withHeader.isValid());
}

// Every prefix of a few valid documents decodes or fails cleanly; proper prefixes of a
// document that ends in a closing bracket always fail.
void tst_PyroSerpent::decodeTruncated_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::newRow("call")
        << header + "('test.extras','kwargs_call',(1,2.5,-3,1e30000,(1.0-2.0j),'caf\xc3\xa9\\n',b'\\x00',True,None,"
                    "[set(),{1,2}],{'data': 'AAE=', 'encoding': 'base64'}),{'key':'word','other':None})";
    QTest::newRow("exception")
        << header + "{'__class__':'builtins.ValueError','__exception__':True,'args':('bad value',),"
                    "'attributes':{'_pyroTraceback':['Traceback (most recent call last):\\n','ValueError: bad\\n']}}";
    QTest::newRow("indented")
        << header + "{\n  'b': True,\n  'items': [\n    1,\n    (\n      2,\n      3\n    ),\n    {\n      4\n    }\n  ],\n  # c\n  'n': '''x\ny'''\n}";
    QTest::newRow("crlf-strings")
        << QByteArray("# c\r\n[\r\n 'a\\\r\n b', r\"\\\"\", \"\"\"\r\n\"\"\", 0x_ff, 0b1, .5e-3, 12345678901234567890123]");
}

void tst_PyroSerpent::decodeTruncated()
{
    QFETCH(QByteArray, document);
    PyroError error;
    QVERIFY2(m_serpent.decode(document, PyroDecodeOptions(), &error).isValid(), qPrintable(error.toString()));
    for (qsizetype n = 0; n < document.size(); ++n) {
        const QByteArrayView prefix = QByteArrayView(document).first(n);
        PyroError e;
        const QVariant value = m_serpent.decode(prefix, PyroDecodeOptions(), &e);
        if (!value.isValid()) {
            QCOMPARE(e.code(), PyroError::Code::SerializeError);
            continue;
        }
        // a prefix can be a document of its own only before the outer bracket opens
        QVERIFY2(!prefix.contains('['), qPrintable(u"prefix of %1 bytes decoded: "_s.arg(n) + describe(value)));
    }
}

void tst_PyroSerpent::decodeDeepNesting_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("lists") << QByteArray(100000, '[');
    QTest::newRow("lists-closed") << QByteArray(100000, '[') + QByteArray(100000, ']');
    QTest::newRow("tuples") << QByteArray(100000, '(');
    QTest::newRow("dicts") << QByteArray(100000, '{');
    QTest::newRow("dict-values") << QByteArray("{1:").repeated(100000);
    QTest::newRow("sets") << QByteArray("{(").repeated(50000);
    QTest::newRow("set-calls") << QByteArray("set(").repeated(100000);
    QTest::newRow("unary-groups") << QByteArray("-(").repeated(100000);
    QTest::newRow("mixed") << QByteArray("[({").repeated(40000);
    QTest::newRow("minus-run") << QByteArray(100000, '-') + "1";
    QTest::newRow("string-concat-run") << QByteArray("'a' ").repeated(100000) + "1";
}

void tst_PyroSerpent::decodeDeepNesting()
{
    QFETCH(QByteArray, text);
    PyroError error;
    QElapsedTimer timer;
    timer.start();
    const QVariant value = m_serpent.decode(text, PyroDecodeOptions(), &error);
    QVERIFY(!value.isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(timer.elapsed() < 2000, "rejecting must be quick");
}

void tst_PyroSerpent::decodeDepthOption()
{
    PyroError error;
    // Python's parser allows 200 open brackets, no more
    QVERIFY(m_serpent.decode(QByteArray(200, '[') + QByteArray(200, ']'), PyroDecodeOptions(), &error).isValid());
    QVERIFY(!m_serpent.decode(QByteArray(201, '[') + QByteArray(201, ']'), PyroDecodeOptions(), &error).isValid());
    QVERIFY(error.message().contains(u"too many nested parentheses"_s));
    PyroDecodeOptions options;
    options.maxDepth = 3;
    QVERIFY(m_serpent.decode("[({1})]", options, &error).isValid());
    QVERIFY(!m_serpent.decode("[({(1,)})]", options, &error).isValid());
    QVERIFY(m_serpent.decode("[[set()]]", options, &error).isValid());
    QVERIFY(!m_serpent.decode("[[[set()]]]", options, &error).isValid()); // set() opens a bracket too
    options.maxDepth = 500;
    QVERIFY(m_serpent.decode(QByteArray(500, '(') + QByteArray(500, ')'), options, &error).isValid());
    QVERIFY(!m_serpent.decode(QByteArray(501, '(') + QByteArray(501, ')'), options, &error).isValid());
    // encoded with serpent's 200 levels, it reads back
    QByteArray out;
    QVERIFY(m_serpent.encode(out, nested(200, 1), PyroEncodeContext(), &error));
    QVERIFY(m_serpent.decode(out, PyroDecodeOptions(), &error).isValid());
}

// Random corruption of valid documents: never a crash, always a value or a SerializeError.
void tst_PyroSerpent::decodeMutations()
{
    const QByteArrayList seeds = {
        header + "('test.echoserver','echo',('hello',42,[1.5,None,True],{'k':(1,)},{1,2},(1+2j),b'\\x00'),{})",
        header + "{'__class__':'Pyro5.core.URI','state':('PYRO','obj',None,'::1',9999)}",
        header + "[0x1f, 0o17, 0b101, 1_000, 1E5, .5, 5., -(3), +4, 1j, 2-3j, '\\N{BULLET}', r'\\n', '''a\nb''']",
    };
    const QByteArrayList pieces = {"'", "\"", "\\", "\n", "\r", " ", "#", "(", ")", "[", "]", "{", "}", ",",
                                   ":", "-", "+", "j", "e", ".", "0", "_", "x", "b", "r", "u", "N", "\xc3\xa9",
                                   "\xff", QByteArray(1, '\0'), "'''", "set()", "\\x4", "\\u00e9", "\x0c"};
    QRandomGenerator random(20260101);
    int values = 0;
    for (int i = 0; i < 20000; ++i) {
        QByteArray text = seeds.at(random.bounded(seeds.size()));
        for (int k = random.bounded(1, 5); k > 0; --k) {
            const int pos = random.bounded(int(text.size()) + 1);
            const int op = random.bounded(3);
            if (op == 0)
                text.insert(pos, pieces.at(random.bounded(pieces.size())));
            else if (op == 1)
                text.remove(pos, random.bounded(1, 4));
            else
                text.replace(pos, 1, pieces.at(random.bounded(pieces.size())));
        }
        PyroError error;
        const QVariant value = m_serpent.decode(text, PyroDecodeOptions(), &error);
        if (value.isValid())
            ++values;
        else
            QVERIFY2(error.code() == PyroError::Code::SerializeError || error.code() == PyroError::Code::SecurityError,
                     qPrintable(error.toString()));
    }
    QVERIFY(values > 0); // some mutations stay valid Python
}

void tst_PyroSerpent::decodeLargeInputs()
{
    PyroError error;
    QElapsedTimer timer;
    timer.start();
    QByteArray ints = "[";
    for (int i = 0; i < 200000; ++i)
        ints += QByteArray::number(i * 7919) + ',';
    ints += ']';
    QVariant v = m_serpent.decode(ints, PyroDecodeOptions(), &error);
    QCOMPARE(v.toList().size(), 200000);
    QCOMPARE(v.toList().last().toLongLong(), 199999LL * 7919);
    const QByteArray longString = "'" + QByteArray(8 << 20, 'x') + "\\n'";
    v = m_serpent.decode(longString, PyroDecodeOptions(), &error);
    QCOMPARE(v.toString().size(), (8 << 20) + 1);
    const QByteArray longUnterminated = "'" + QByteArray(8 << 20, 'x');
    QVERIFY(!m_serpent.decode(longUnterminated, PyroDecodeOptions(), &error).isValid());
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
}

void tst_PyroSerpent::roundTrip_data()
{
    QTest::addColumn<QVariant>("value");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("scalars") << QVariant(QVariantList{PyroValues::none(), true, 0LL, -1LL, 1.5, -0.0, inf, -inf,
                                                      std::numeric_limits<double>::quiet_NaN(), 5e-324,
                                                      std::numeric_limits<qlonglong>::min()});
    QTest::newRow("big-ints") << QVariant(QVariantList{big("9223372036854775808"), big("-9223372036854775809"),
                                                       big(QByteArray(4300, '1').constData())});
    QTest::newRow("complex") << QVariant(QVariantList{complexValue(1, 2), complexValue(-1.5, -0.5), complexValue(inf, 3)});
    QTest::newRow("strings") << QVariant(QVariantList{QString(), u"it's"_s, u"\"'"_s, u"\\\t\n\r\u0000\u007f\u0080"_s,
                                                      fromUcs4({0x2028, 0xfeff, 0xe000, 0x378, 0x1F600, 0xE0001, 0x10FFFF}),
                                                      QString(QChar(char16_t(0xdfff))) + u"lone"_s});
    QTest::newRow("bytes") << QVariant(QVariantList{QByteArray(), QByteArray("\x00\xff'\"\\", 5)});
    QTest::newRow("containers") << QVariant(QVariantList{tuple({}), tuple({1LL}), QVariantList(), QVariantMap(),
                                                         set({1LL, u"a"_s, tuple({2LL})}),
                                                         dict({{1LL, 2LL}, {tuple({3LL}), PyroValues::none()}, {u"s"_s, 1.5}}),
                                                         QVariantMap{{u"a"_s, QVariantMap{{u"b"_s, QVariantList{1LL}}}}}});
    QTest::newRow("uri") << QVariant::fromValue(PyroUri::forTcp(u"obj"_s, u"::1"_s, 9999));
}

void tst_PyroSerpent::roundTrip()
{
    QFETCH(QVariant, value);
    for (bool bytesRepr : {false, true}) {
        PyroEncodeContext context;
        context.serpentBytesRepr = bytesRepr;
        QByteArray out;
        PyroError error;
        QVERIFY2(m_serpent.encode(out, value, context, &error), qPrintable(error.toString()));
        const QVariant back = m_serpent.decode(out, PyroDecodeOptions(), &error);
        QVERIFY2(back.isValid(), qPrintable(error.toString()));
        if (!bytesRepr && QTest::currentDataTag() == QByteArrayView("bytes"))
            continue; // bytes travel as a base64 dict and come back as that dict
        QVERIFY2(PyroValues::identical(back, value),
                 qPrintable(u"got "_s + describe(back) + u", expected "_s + describe(value)));
    }
}

void tst_PyroSerpent::decodeCall()
{
    PyroCall call;
    PyroError error;
    QVERIFY(m_serpent.decodeCall("('Pyro.Daemon','get_metadata',['test.echoserver'],{})", &call,
                                 PyroDecodeOptions(), &error));
    QCOMPARE(call.object, u"Pyro.Daemon"_s);
    QCOMPARE(call.method, u"get_metadata"_s);
    QVERIFY(call.argsAsList);
    QCOMPARE(call.args, QVariantList{u"test.echoserver"_s});
    PyroCall wrote;
    wrote.object = u"obj"_s;
    wrote.method = u"m\u00e9thode"_s;
    wrote.args = {1, u"x"_s};
    QByteArray out;
    QVERIFY(m_serpent.encodeCall(out, wrote, PyroEncodeContext(), &error));
    QCOMPARE(out, header + "('obj','m\xc3\xa9thode',(1,'x'),{})");
    QVERIFY(!m_serpent.decodeCall("('obj','m',(1,2)", &call, PyroDecodeOptions(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
}

QTEST_GUILESS_MAIN(tst_PyroSerpent)
#include "tst_pyroserpent.moc"
