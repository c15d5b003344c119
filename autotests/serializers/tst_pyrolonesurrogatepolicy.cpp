// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Each serializer's lone-surrogate policy for UTF-8 (PyroText::LoneSurrogates), as the real
// Pyro5 behaves: a str with a lone surrogate ('a\udc80b') and the same text as raw
// surrogatepass UTF-8 bytes (ED B2 80) inside a str. Pyro5 5.17 gives: serpent writes the
// surrogate as an escape and refuses raw bytes; json and msgpack refuse both ways; marshal
// writes and reads the raw bytes (surrogatepass). The bytes of the rows are what Pyro5's
// dumps() writes (marshal) or what its loads() refuses (the others).

#include "pyroserializer.h"
#include "pyrotext_p.h"
#include "pyrovalues.h"

#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_PyroLoneSurrogatePolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void policyConstants();
    void encode_data();
    void encode();
    void decodeRawSurrogate_data();
    void decodeRawSurrogate();
    void utf8Sequence_data();
    void utf8Sequence();
};

namespace {
const QString LoneText = u"a"_s + QChar(0xdc80) + u"b"_s;
const QByteArray SerpentHeader = "# serpent utf-8 python3.2\n";
} // namespace

void tst_PyroLoneSurrogatePolicy::policyConstants()
{
    QCOMPARE(PyroText::SerpentPolicy, PyroText::LoneSurrogates::Fail);
    QCOMPARE(PyroText::JsonPolicy, PyroText::LoneSurrogates::Fail);
    QCOMPARE(PyroText::MarshalPolicy, PyroText::LoneSurrogates::Pass);
}

void tst_PyroLoneSurrogatePolicy::encode_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QByteArray>("expected"); // the tail of the encoding, when accepted
    QTest::newRow("serpent-escapes") << u"serpent"_s << true << QByteArray("'a\\udc80b'");
    QTest::newRow("json-refuses") << u"json"_s << false << QByteArray();
    QTest::newRow("marshal-passes") << u"marshal"_s << true << QByteArray("a\xed\xb2\x80" "b");
    QTest::newRow("msgpack-refuses") << u"msgpack"_s << false << QByteArray();
}

void tst_PyroLoneSurrogatePolicy::encode()
{
    QFETCH(QString, serializer);
    QFETCH(bool, accepted);
    QFETCH(QByteArray, expected);
    PyroError error;
    const PyroSerializer *s = PyroSerializer::byName(serializer, &error);
    QVERIFY2(s, qPrintable(error.toString()));
    QByteArray out;
    QCOMPARE(s->encode(out, LoneText, PyroEncodeContext(), &error), accepted);
    if (!accepted) {
        QVERIFY2(error.message().contains(u"surrogates not allowed"_s), qPrintable(error.message()));
        return;
    }
    QVERIFY2(out.endsWith(expected), out.toHex(' ').constData());
    QVERIFY(PyroValues::identical(s->deserialize(out), LoneText));
}

void tst_PyroLoneSurrogatePolicy::decodeRawSurrogate_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("serpent-refuses") << u"serpent"_s << SerpentHeader + "'a\xed\xb2\x80" "b'" << false;
    QTest::newRow("json-refuses") << u"json"_s << QByteArray("\"a\xed\xb2\x80" "b\"") << false;
    QTest::newRow("marshal-passes") << u"marshal"_s
                                    << QByteArray::fromHex("f505000000") + "a\xed\xb2\x80" "b" << true;
    QTest::newRow("msgpack-refuses") << u"msgpack"_s << QByteArray("\xa5" "a\xed\xb2\x80" "b") << false;
}

void tst_PyroLoneSurrogatePolicy::decodeRawSurrogate()
{
    QFETCH(QString, serializer);
    QFETCH(QByteArray, data);
    QFETCH(bool, accepted);
    PyroError error;
    const PyroSerializer *s = PyroSerializer::byName(serializer, &error);
    QVERIFY2(s, qPrintable(error.toString()));
    const QVariant value = s->decode(data, PyroDecodeOptions(), &error);
    QCOMPARE(value.isValid(), accepted);
    if (accepted)
        QVERIFY(PyroValues::identical(value, LoneText));
    else
        QCOMPARE(error.code(), PyroError::Code::SerializeError);
}

void tst_PyroLoneSurrogatePolicy::utf8Sequence_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("failLength");
    QTest::addColumn<int>("passLength");
    QTest::addColumn<uint>("codePoint");
    QTest::newRow("two-bytes") << QByteArray("\xc3\xa9") << 2 << 2 << 0xe9u;
    QTest::newRow("three-bytes") << QByteArray("\xe2\x82\xac") << 3 << 3 << 0x20acu;
    QTest::newRow("four-bytes") << QByteArray("\xf0\x9f\x98\x80") << 4 << 4 << 0x1f600u;
    QTest::newRow("lone-low-surrogate") << QByteArray("\xed\xb2\x80") << 0 << 3 << 0xdc80u;
    QTest::newRow("lone-high-surrogate") << QByteArray("\xed\xa0\x80") << 0 << 3 << 0xd800u;
    QTest::newRow("overlong") << QByteArray("\xc0\xaf") << 0 << 0 << 0u;
    QTest::newRow("overlong-three") << QByteArray("\xe0\x80\xaf") << 0 << 0 << 0u;
    QTest::newRow("beyond-10ffff") << QByteArray("\xf4\x90\x80\x80") << 0 << 0 << 0u;
    QTest::newRow("truncated") << QByteArray("\xe2\x82") << 0 << 0 << 0u;
    QTest::newRow("stray-continuation") << QByteArray("\x80") << 0 << 0 << 0u;
}

void tst_PyroLoneSurrogatePolicy::utf8Sequence()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, failLength);
    QFETCH(int, passLength);
    QFETCH(uint, codePoint);
    const auto *s = reinterpret_cast<const uchar *>(bytes.constData());
    char32_t cp = 0;
    QCOMPARE(PyroText::utf8Sequence(s, s + bytes.size(), &cp, PyroText::LoneSurrogates::Fail), failLength);
    cp = 0;
    QCOMPARE(PyroText::utf8Sequence(s, s + bytes.size(), &cp, PyroText::LoneSurrogates::Pass), passLength);
    if (passLength) {
        QCOMPARE(uint(cp), codePoint);
        char out[4];
        QCOMPARE(int(PyroText::putUtf8(out, cp) - out), passLength);
        QCOMPARE(QByteArray(out, passLength), bytes);
    }
}

QTEST_GUILESS_MAIN(tst_PyroLoneSurrogatePolicy)
#include "tst_pyrolonesurrogatepolicy.moc"
