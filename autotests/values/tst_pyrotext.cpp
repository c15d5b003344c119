// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The Python-text primitives every floor shares: PyroValues::pythonRepr() with its options
// (the daemon's shortened tracebacks, the tools' compact literals), Python's float() of a
// decimal literal (PyroText::decimalToDouble: overflow to inf, underflow to 0.0) and
// str.isprintable().

#include "pyrotext_p.h"
#include "pyrovalues.h"

#include <QtCore/QObject>
#include <QtTest/QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

class tst_PyroText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void repr_data();
    void repr();
    void reprOfQObject();
    void decimalToDouble_data();
    void decimalToDouble();
    void isPrintable_data();
    void isPrintable();
};

void tst_PyroText::repr_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<bool>("compact");
    QTest::addColumn<QString>("expected");
    const QVariant nested = QVariantList{1, QVariantList{2, QVariantList{3}}};
    const QVariant dict = QVariant::fromValue(PyroDict{{1, u"a"_s}, {PyroValues::none(), 2.5}});
    QTest::newRow("plain") << nested << 0 << 0 << false << u"[1, [2, [3]]]"_s;
    QTest::newRow("compact") << nested << 0 << 0 << true << u"[1,[2,[3]]]"_s;
    QTest::newRow("depth-2") << nested << 2 << 0 << false << u"[1, [2, ...]]"_s;
    QTest::newRow("depth-1") << nested << 1 << 0 << false << u"[1, ...]"_s;
    QTest::newRow("dict") << dict << 0 << 0 << false << u"{1: 'a', None: 2.5}"_s;
    QTest::newRow("dict-compact") << dict << 0 << 0 << true << u"{1:'a',None:2.5}"_s;
    QTest::newRow("str-shortened") << QVariant(u"abcdef"_s) << 0 << 3 << false << u"'abc...'"_s;
    QTest::newRow("str-fits") << QVariant(u"abc"_s) << 0 << 3 << false << u"'abc'"_s;
    QTest::newRow("bytes-shortened") << QVariant(QByteArray("\x00\x01\x02\x03", 4)) << 0 << 2 << false
                                     << u"b'\\x00\\x01...'"_s;
    QTest::newRow("quotes") << QVariant(u"it's"_s) << 0 << 0 << false << u"\"it's\""_s;
    QTest::newRow("separator-escaped") << QVariant(u"a\u00a0b\u2028"_s) << 0 << 0 << false
                                       << u"'a\\xa0b\\u2028'"_s;
    QTest::newRow("tuple-of-one") << QVariant::fromValue(PyroTuple{1}) << 0 << 0 << true << u"(1,)"_s;
    QTest::newRow("empty-set") << QVariant::fromValue(PyroSet()) << 0 << 0 << false << u"set()"_s;
    QTest::newRow("floats") << QVariant(QVariantList{qInf(), -0.0, 1e16}) << 0 << 0 << true
                            << u"[inf,-0.0,1e+16]"_s;
}

void tst_PyroText::repr()
{
    QFETCH(QVariant, value);
    QFETCH(int, maxDepth);
    QFETCH(int, maxLength);
    QFETCH(bool, compact);
    QFETCH(QString, expected);
    PyroValues::ReprOptions options;
    options.maxDepth = maxDepth;
    options.maxLength = maxLength;
    options.compact = compact;
    QCOMPARE(PyroValues::pythonRepr(value, options), expected);
    if (!maxDepth && !maxLength && !compact)
        QCOMPARE(PyroValues::pythonRepr(value), expected);
}

void tst_PyroText::reprOfQObject()
{
    QObject object;
    QCOMPARE(PyroValues::pythonRepr(QVariant::fromValue(&object)), u"<QObject object>"_s);
    QCOMPARE(PyroValues::pythonRepr(QVariant::fromValue(static_cast<QObject *>(nullptr))), u"None"_s);
}

void tst_PyroText::decimalToDouble_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<double>("expected");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("plain") << QByteArray("1.5") << true << 1.5;
    QTest::newRow("exponent") << QByteArray("25e-1") << true << 2.5;
    QTest::newRow("overflow") << QByteArray("1e400") << true << inf;
    QTest::newRow("overflow-digits") << QByteArray("123456789e301") << true << inf;
    QTest::newRow("overflow-negative") << QByteArray("-1e400") << true << -inf;
    QTest::newRow("underflow") << QByteArray("1e-400") << true << 0.0;
    QTest::newRow("underflow-fraction") << QByteArray("0.00001e-330") << true << 0.0;
    QTest::newRow("big-mantissa-small-exponent") << QByteArray("1000000000000e-330") << true << 1e-318;
    QTest::newRow("trailing-garbage") << QByteArray("1.5x") << false << 0.0;
    QTest::newRow("empty") << QByteArray("") << false << 0.0;
}

void tst_PyroText::decimalToDouble()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(double, expected);
    double value = -1;
    QCOMPARE(PyroText::decimalToDouble(text.constData(), text.constData() + text.size(), &value), valid);
    if (!valid)
        return;
    QCOMPARE(value, expected);
    QCOMPARE(std::signbit(value), std::signbit(expected));
}

void tst_PyroText::isPrintable_data()
{
    QTest::addColumn<uint>("codePoint");
    QTest::addColumn<bool>("printable");
    QTest::newRow("space") << uint(' ') << true;
    QTest::newRow("letter") << uint('a') << true;
    QTest::newRow("tab") << uint('\t') << false;
    QTest::newRow("del") << 0x7fu << false;
    QTest::newRow("e-acute") << 0xe9u << true;
    QTest::newRow("nbsp") << 0xa0u << false;
    QTest::newRow("line-separator") << 0x2028u << false;
    QTest::newRow("soft-hyphen") << 0xadu << false;
    QTest::newRow("lone-surrogate") << 0xdc80u << false;
    QTest::newRow("emoji") << 0x1f600u << true;
    QTest::newRow("private-use") << 0xe000u << false;
}

void tst_PyroText::isPrintable()
{
    QFETCH(uint, codePoint);
    QFETCH(bool, printable);
    QCOMPARE(PyroText::isPrintable(char32_t(codePoint)), printable);
}

QTEST_GUILESS_MAIN(tst_PyroText)
#include "tst_pyrotext.moc"
