// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// A PyroBigInt made from decimal text and one decoded from a binary form (serpent 0x
// literal, marshal long) are the same int: equal, hashed alike, same text and limits.

#include "pyroserializer.h"
#include "pyrovalues.h"

#include <QtTest/QtTest>

#include <cmath>

using namespace Qt::StringLiterals;

class tst_PyroBigInt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bothForms_data();
    void bothForms();
    void floatsEqualAndHashAlike();
    void negationAndLimits();

private:
    static QVariant serpentValue(const QByteArray &text)
    {
        PyroError error;
        const QVariant v = PyroSerializer::byName(u"serpent")->deserialize(text, &error);
        if (error.isError())
            qWarning("%s", qPrintable(error.message()));
        return v;
    }
};

void tst_PyroBigInt::bothForms_data()
{
    QTest::addColumn<QByteArray>("based");
    QTest::addColumn<QByteArray>("decimal");
    QTest::newRow("2**64") << QByteArray("0x10000000000000000") << QByteArray("18446744073709551616");
    QTest::newRow("2**64-1") << QByteArray("0xffffffffffffffff") << QByteArray("18446744073709551615");
    QTest::newRow("octal 8**30") << QByteArray("0o1" + QByteArray(30, '0')) << QByteArray("1237940039285380274899124224");
    QTest::newRow("binary 2**100+1") << QByteArray("0b1" + QByteArray(99, '0') + '1')
                                     << QByteArray("1267650600228229401496703205377");
    QTest::newRow("-(2**70)") << QByteArray("-0x400000000000000000") << QByteArray("-1180591620717411303424");
}

void tst_PyroBigInt::bothForms()
{
    QFETCH(QByteArray, based);
    QFETCH(QByteArray, decimal);
    const QVariant fromBased = serpentValue(based);
    QCOMPARE(fromBased.typeId(), qMetaTypeId<PyroBigInt>());
    const PyroBigInt binary = fromBased.value<PyroBigInt>();
    const PyroBigInt text = PyroBigInt::fromLatin1(decimal);
    QVERIFY(binary.isValid());
    QCOMPARE(binary, text);
    QCOMPARE(text, binary);
    QCOMPARE(PyroValues::hash(fromBased), PyroValues::hash(QVariant::fromValue(text)));
    QVERIFY(PyroValues::equals(fromBased, QVariant::fromValue(text)));
    QCOMPARE(binary.toLatin1(), decimal);
    QCOMPARE(binary.isNegative(), decimal.startsWith('-'));
    QCOMPARE(binary.fitsInt64(), false);
    bool ok = true;
    const quint64 u = binary.toULongLong(&ok);
    QCOMPARE(ok, text.fitsUInt64());
    QCOMPARE(u, text.toULongLong());
    QCOMPARE(binary.toDouble(), text.toDouble());
    // Through marshal (binary both ways) and json (decimal): the same value back.
    for (const char *name : {"marshal", "json", "serpent"}) {
        const PyroSerializer *s = PyroSerializer::byName(QString::fromLatin1(name));
        QVERIFY(s);
        PyroError error;
        const QVariant back = s->deserialize(s->serialize(fromBased, &error), &error);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        QCOMPARE(back.value<PyroBigInt>(), text);
    }
    QCOMPARE(PyroSerializer::byName(u"marshal")->serialize(fromBased),
             PyroSerializer::byName(u"marshal")->serialize(QVariant::fromValue(text)));
    // A dict keyed by the decimal-born value finds the binary-born one.
    const PyroDict dict = PyroDict::fromPairs({{QVariant::fromValue(text), 1}, {fromBased, 2}});
    QCOMPARE(dict.size(), 1);
}

void tst_PyroBigInt::floatsEqualAndHashAlike()
{
    for (int exponent : {64, 70, 100, 500, 1000}) {
        const double d = std::ldexp(1.0, exponent) * 1.5;
        // 1.5 * 2**e = 3 * 2**(e-1): 3, 6, 0xc or 0x18, then (e-1)/4 hex zeros.
        static const char *const lead[] = {"3", "6", "c", "18"};
        const QVariant big = serpentValue("0x" + QByteArray(lead[(exponent - 1) % 4])
                                          + QByteArray((exponent - 1) / 4, '0'));
        QVERIFY2(big.typeId() == qMetaTypeId<PyroBigInt>(), qPrintable(QString::number(exponent)));
        QVERIFY2(PyroValues::equals(big, d), qPrintable(QString::number(exponent)));
        QCOMPARE(PyroValues::hash(big), PyroValues::hash(d));
        QVERIFY(!PyroValues::equals(big, -d));
        QVERIFY(!PyroValues::equals(big, d * 2));
    }
}

void tst_PyroBigInt::negationAndLimits()
{
    // -(2**63) is a 64-bit int again; the binary form converts like the decimal one.
    QCOMPARE(serpentValue("-0x8000000000000000"), QVariant(std::numeric_limits<qlonglong>::min()));
    QCOMPARE(serpentValue("0x8000000000000000").value<PyroBigInt>().toLatin1(), QByteArray("9223372036854775808"));
    // The decimal-digit limit holds exactly: 10**4300 - 1 has 4300 digits, 10**4300 one more.
    const QByteArray nines(4300, '9');
    const PyroBigInt below = PyroBigInt::fromLatin1(nines);
    PyroError error;
    const QByteArray marshalled = PyroSerializer::byName(u"marshal")->serialize(QVariant::fromValue(below), &error);
    QVERIFY(!error.isError());
    QCOMPARE(PyroSerializer::byName(u"marshal")->deserialize(marshalled, &error).value<PyroBigInt>().digits(), nines);
    QVERIFY(!error.isError());
    const PyroBigInt above = PyroBigInt::fromLatin1('1' + QByteArray(4300, '0'));
    const QByteArray tooLong = PyroSerializer::byName(u"marshal")->serialize(QVariant::fromValue(above), &error);
    QVERIFY(!error.isError());
    PyroSerializer::byName(u"marshal")->deserialize(tooLong, &error);
    QVERIFY2(error.message().contains(u"too large"_s), qPrintable(error.message()));
}

QTEST_GUILESS_MAIN(tst_PyroBigInt)
#include "tst_pyrobigint.moc"
