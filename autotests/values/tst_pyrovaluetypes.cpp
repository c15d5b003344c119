// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The conversion table of docs/values.md, C++ to C++: every row in every serializer,
// through a real daemon (in a thread of its own) and a proxy. A row sends a C++ value:
//  - to the untyped echo(): what comes back is the row's wire form as the receiver
//    decodes it (a dict for a QPoint, a str for a QUuid...), per serializer where they
//    differ;
//  - for the Qt types also to the slot taking that type: the daemon converts the argument,
//    returns the value as that type, and the proxy converts the result back
//    (PyroValues::convert(), as call<T>() does): the C++ value must survive unchanged.

#include "pyroproxy.h"
#include "pyroserializer.h"
#include "pyrovalues.h"
#include "pyrovaluetypes.h"
#include "pyrouri.h"

#include "valuehost.h"

#include <QtCore/QTimeZone>
#include <QtTest/QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

const QStringList serializers{u"serpent"_s, u"marshal"_s, u"json"_s, u"msgpack"_s};

// Serpent and json send bytes as Pyro5's base64 dict.
QVariant base64Dict(const QByteArray &bytes)
{
    return QVariantMap{{u"data"_s, QString::fromLatin1(bytes.toBase64())}, {u"encoding"_s, u"base64"_s}};
}

QVariant dict(std::initializer_list<PyroDict::Entry> entries)
{
    return QVariant::fromValue(PyroDict(entries));
}

} // namespace

class tst_PyroValueTypes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void table_data();
    void table();
    void dictIntoQtTypes_data();
    void dictIntoQtTypes();
    void isoDates_data();
    void isoDates();
    void bytes();

private:
    DaemonThread m_daemon;
    PyroUri m_uri;
};

void tst_PyroValueTypes::initTestCase()
{
    PyroValues::registerGadget<Reading>(u"sensors.Reading"_s);
    PyroValues::registerGadget<Span>();
    m_uri = m_daemon.start();
    QVERIFY(m_uri.isValid());
}

void tst_PyroValueTypes::cleanupTestCase()
{
    PyroSerializer::unregisterClassToDict(QMetaType::fromType<Reading>());
    PyroSerializer::unregisterDictToClass(u"sensors.Reading"_s);
}

void tst_PyroValueTypes::table_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QString>("slot");       // the typed slot, or empty: echo only
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("wire");      // what echo() hands back, decoded
    QTest::addColumn<QString>("pythonType"); // what the daemon received, in Python's words,
                                             // or "error: <message>" (as Pyro5 refuses it)

    struct Row
    {
        const char *name;
        QString slot;
        QVariant value;
        QVariant wire;
        QString pythonType;
        QHash<QString, std::pair<QVariant, QString>> differs = {}; // serializer -> wire, type
    };
    const QDateTime utc(QDate(2024, 2, 29), QTime(13, 14, 15, 250), Qt::UTC);
    const QDateTime plus2(QDate(2024, 2, 29), QTime(13, 14, 15), QTimeZone(7200));
    const QDateTime local(QDate(2024, 2, 29), QTime(13, 14, 15, 500), Qt::LocalTime);
    const QByteArray bytes("\x00\x01\xfe\xff", 4);
    const QUuid uuid(u"12345678-1234-5678-1234-567812345678"_s);
    const Reading reading{u"attic"_s, 21.5, QPoint(3, 4)};
    const QVariant readingDict = dict({{u"__class__"_s, u"sensors.Reading"_s}, {u"sensor"_s, u"attic"_s},
                                       {u"celsius"_s, 21.5}, {u"position"_s, dict({{u"x"_s, 3}, {u"y"_s, 4}})}});
    const QVariant tupleAsList = QVariantList{1, u"a"_s};
    const QVariant setAsList = QVariantList{1, 2};
    const PyroUri uri(u"PYRO:obj@localhost:9090"_s);

    const QList<Row> rows = {
        // The value model.
        {"None", {}, PyroValues::none(), PyroValues::none(), u"NoneType"_s},
        {"bool", {}, true, true, u"bool"_s},
        {"int", {}, qlonglong(-42), qlonglong(-42), u"int"_s},
        {"int 64-bit max", {}, std::numeric_limits<qlonglong>::max(), std::numeric_limits<qlonglong>::max(), u"int"_s},
        {"int big", {}, QVariant::fromValue(PyroBigInt::fromString(u"-1180591620717411303424"_s)),
         QVariant::fromValue(PyroBigInt::fromString(u"-1180591620717411303424"_s)), u"int"_s},
        {"float", {}, 2.5, 2.5, u"float"_s},
        {"float -0.0", {}, -0.0, -0.0, u"float"_s},
        {"float nan", {}, std::nan(""), std::nan(""), u"float"_s},
        {"float inf", {}, HUGE_VAL, HUGE_VAL, u"float"_s},
        {"str", {}, u"grüße €"_s, u"grüße €"_s, u"str"_s},
        {"bytes", u"bytes"_s, bytes, bytes, u"bytes"_s,
         {{u"serpent"_s, {base64Dict(bytes), u"dict"_s}},
          {u"json"_s, {{}, u"error: don't know how to serialize class <class 'bytes'> using serializer JsonSerializer"_s}}}},
        {"list", {}, QVariantList{1, u"a"_s}, QVariantList{1, u"a"_s}, u"list"_s},
        {"tuple", {}, QVariant::fromValue(PyroTuple{1, u"a"_s}), QVariant::fromValue(PyroTuple{1, u"a"_s}), u"tuple"_s,
         {{u"json"_s, {tupleAsList, u"list"_s}}, {u"msgpack"_s, {tupleAsList, u"list"_s}}}},
        {"dict", {}, QVariantMap{{u"a"_s, 1}}, QVariantMap{{u"a"_s, 1}}, u"dict"_s},
        {"dict int keys", {}, dict({{1, u"one"_s}, {2, u"two"_s}}), dict({{1, u"one"_s}, {2, u"two"_s}}), u"dict"_s,
         {{u"json"_s, {QVariantMap{{u"1"_s, u"one"_s}, {u"2"_s, u"two"_s}}, u"dict"_s}},
          {u"msgpack"_s, {{}, u"error: int is not allowed for map key when strict_map_key=True"_s}}}},
        {"set", {}, QVariant::fromValue(PyroSet{1, 2}), QVariant::fromValue(PyroSet{1, 2}), u"set"_s,
         {{u"json"_s, {setAsList, u"list"_s}}, {u"msgpack"_s, {setAsList, u"list"_s}}}},
        {"complex", {}, QVariant::fromValue(PyroComplex(1, -2)), QVariant::fromValue(PyroComplex(1, -2)), u"complex"_s,
         {{u"json"_s, {{}, u"error: don't know how to serialize class <class 'complex'> using serializer JsonSerializer"_s}}}},
        {"URI", {}, QVariant::fromValue(uri), QVariant::fromValue(uri), u"PyroUri"_s},
        // Qt value types.
        {"QPoint", u"point"_s, QPoint(1, -2), dict({{u"x"_s, 1}, {u"y"_s, -2}}), u"dict"_s},
        {"QPointF", u"pointF"_s, QPointF(1.5, -2), dict({{u"x"_s, 1.5}, {u"y"_s, -2.0}}), u"dict"_s},
        {"QSize", u"size"_s, QSize(640, 480), dict({{u"width"_s, 640}, {u"height"_s, 480}}), u"dict"_s},
        {"QSizeF", u"sizeF"_s, QSizeF(0.5, 0.25), dict({{u"width"_s, 0.5}, {u"height"_s, 0.25}}), u"dict"_s},
        {"QRect", u"rect"_s, QRect(1, 2, 30, 40),
         dict({{u"x"_s, 1}, {u"y"_s, 2}, {u"width"_s, 30}, {u"height"_s, 40}}), u"dict"_s},
        {"QRectF", u"rectF"_s, QRectF(0.5, 1, 2, 3.5),
         dict({{u"x"_s, 0.5}, {u"y"_s, 1.0}, {u"width"_s, 2.0}, {u"height"_s, 3.5}}), u"dict"_s},
#ifdef QTPYRO_TEST_HAVE_GUI
        {"QColor", u"color"_s, QColor(0x12, 0x34, 0x56), u"#123456"_s, u"str"_s},
        {"QColor translucent", u"color"_s, QColor(0x12, 0x34, 0x56, 0x80), u"#80123456"_s, u"str"_s},
#endif
        {"QUrl", u"url"_s, QUrl(u"https://example.org/a?b=c"_s), u"https://example.org/a?b=c"_s, u"str"_s},
        {"QUuid", u"uuid"_s, uuid, u"12345678-1234-5678-1234-567812345678"_s, u"str"_s},
        {"QDateTime UTC", u"dateTime"_s, utc, u"2024-02-29T13:14:15.250000+00:00"_s, u"str"_s},
        {"QDateTime +02:00", u"dateTime"_s, plus2, u"2024-02-29T13:14:15+02:00"_s, u"str"_s},
        {"QDateTime local", u"dateTime"_s, local, u"2024-02-29T13:14:15.500000"_s, u"str"_s,
         {{u"msgpack"_s, {local, u"datetime"_s}}}},
        {"gadget with class", u"reading"_s, QVariant::fromValue(reading), QVariant::fromValue(reading),
         u"Reading"_s},
        {"gadget plain", u"span"_s, QVariant::fromValue(Span{2, 5}), dict({{u"from"_s, 2}, {u"to"_s, 5}}), u"dict"_s},
    };
    Q_UNUSED(readingDict);
    for (const QString &serializer : serializers) {
        for (const Row &row : rows) {
            const auto other = row.differs.constFind(serializer);
            const QVariant wire = other == row.differs.cend() ? row.wire : other->first;
            const QString type = other == row.differs.cend() ? row.pythonType : other->second;
            QTest::addRow("%s %s", row.name, qPrintable(serializer))
                << serializer << row.slot << row.value << wire << type;
        }
    }
}

void tst_PyroValueTypes::table()
{
    QFETCH(QString, serializer);
    QFETCH(QString, slot);
    QFETCH(QVariant, value);
    QFETCH(QVariant, wire);
    QFETCH(QString, pythonType);
    if (!PyroSerializer::byName(serializer))
        QSKIP("serializer plugin not available");
    PyroProxy proxy(m_uri);
    proxy.setSerializer(serializer);

    const PyroResult echoed = proxy.call(u"echo"_s, {value});
    if (pythonType.startsWith(u"error: "_s)) {
        QVERIFY(echoed.isError());
        QVERIFY2(echoed.error().message().contains(pythonType.sliced(7)), qPrintable(echoed.error().toString()));
        return;
    }
    QVERIFY2(!echoed.isError(), qPrintable(echoed.error().toString()));
    QVERIFY2(PyroValues::identical(echoed.value(), wire) || PyroValues::equals(echoed.value(), wire),
             qPrintable(QDebug::toString(echoed.value()) + u" != "_s + QDebug::toString(wire)));
    if (pythonType == u"datetime")
        QCOMPARE(echoed.value().typeId(), QMetaType::QDateTime);

    if (pythonType != u"datetime") {
        const PyroResult typeName = proxy.call(u"pythonType"_s, {value});
        QCOMPARE(typeName.value().toString(), pythonType);
    }

    if (slot.isEmpty())
        return;
    const PyroResult typed = proxy.call(slot, {value});
    QVERIFY2(!typed.isError(), qPrintable(typed.error().toString()));
    QVariant back;
    PyroError error;
    QVERIFY2(PyroValues::convert(typed.value(), value.metaType(), &back, &error),
             qPrintable(error.toString()));
    QCOMPARE(back, value);
    if (value.typeId() == QMetaType::QDateTime)
        QCOMPARE(back.toDateTime().offsetFromUtc(), value.toDateTime().offsetFromUtc());
}

// What a Python caller passes for a Qt type: the dict form, or a list/tuple of the numbers.
void tst_PyroValueTypes::dictIntoQtTypes_data()
{
    QTest::addColumn<QString>("slot");
    QTest::addColumn<QVariant>("argument");
    QTest::addColumn<QVariant>("expected"); // invalid: refused with a TypeError

    QTest::newRow("point from dict") << u"point"_s << QVariant(QVariantMap{{u"x"_s, 1}, {u"y"_s, 2}}) << QVariant(QPoint(1, 2));
    QTest::newRow("point from tuple") << u"point"_s << QVariant::fromValue(PyroTuple{1, 2}) << QVariant(QPoint(1, 2));
    QTest::newRow("point from floats") << u"point"_s << QVariant(QVariantList{1.5, 2}) << QVariant();
    QTest::newRow("pointF from ints") << u"pointF"_s << QVariant(QVariantList{1, 2}) << QVariant(QPointF(1, 2));
    QTest::newRow("point missing y") << u"point"_s << QVariant(QVariantMap{{u"x"_s, 1}}) << QVariant();
    QTest::newRow("rect from dict") << u"rect"_s
        << QVariant(QVariantMap{{u"x"_s, 1}, {u"y"_s, 2}, {u"width"_s, 3}, {u"height"_s, 4}}) << QVariant(QRect(1, 2, 3, 4));
    QTest::newRow("size extra key") << u"size"_s
        << QVariant(QVariantMap{{u"width"_s, 1}, {u"height"_s, 2}, {u"depth"_s, 3}}) << QVariant();
    QTest::newRow("gadget from plain dict") << u"reading"_s
        << QVariant(QVariantMap{{u"sensor"_s, u"cellar"_s}, {u"celsius"_s, 12},
                                {u"position"_s, QVariantList{5, 6}}})
        << QVariant::fromValue(Reading{u"cellar"_s, 12, QPoint(5, 6)});
    QTest::newRow("gadget partial dict") << u"span"_s << QVariant(QVariantMap{{u"to"_s, 9}})
                                         << QVariant::fromValue(Span{0, 9});
    QTest::newRow("gadget unknown key") << u"span"_s << QVariant(QVariantMap{{u"until"_s, 9}}) << QVariant();
    QTest::newRow("gadget wrong type") << u"span"_s << QVariant(QVariantMap{{u"to"_s, u"nine"_s}}) << QVariant();
    QTest::newRow("uuid from str") << u"uuid"_s << QVariant(u"12345678-1234-5678-1234-567812345678"_s)
                                   << QVariant(QUuid(u"12345678-1234-5678-1234-567812345678"_s));
    QTest::newRow("uuid from junk") << u"uuid"_s << QVariant(u"not a uuid"_s) << QVariant();
    QTest::newRow("datetime from Python isoformat") << u"dateTime"_s << QVariant(u"2024-02-29T13:14:15.000500+02:00"_s)
        << QVariant(QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15, 1), QTimeZone(7200)));
#ifdef QTPYRO_TEST_HAVE_GUI
    QTest::newRow("color by name") << u"color"_s << QVariant(u"red"_s) << QVariant(QColor(Qt::red));
    QTest::newRow("color junk") << u"color"_s << QVariant(u"no such colour"_s) << QVariant();
#endif
}

void tst_PyroValueTypes::dictIntoQtTypes()
{
    QFETCH(QString, slot);
    QFETCH(QVariant, argument);
    QFETCH(QVariant, expected);
    for (const QString &serializer : serializers) {
        if (!PyroSerializer::byName(serializer))
            continue;
        PyroProxy proxy(m_uri);
        proxy.setSerializer(serializer);
        const PyroResult r = proxy.call(slot, {argument});
        if (!expected.isValid()) {
            QVERIFY2(r.isError(), qPrintable(serializer));
            QCOMPARE(r.error().remoteType(), u"builtins.TypeError"_s);
            continue;
        }
        QVERIFY2(!r.isError(), qPrintable(serializer + u": "_s + r.error().toString()));
        const auto back = PyroValues::convert(r.value(), expected.metaType(), nullptr) ? r.value() : QVariant();
        QVariant converted;
        QVERIFY(PyroValues::convert(back, expected.metaType(), &converted));
        QCOMPARE(converted, expected);
    }
}

// Opt-in ISO decoding: text stays text unless a QDateTime is asked for.
void tst_PyroValueTypes::isoDates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected");
    QTest::newRow("naive") << u"2024-02-29T13:14:15"_s << QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15), Qt::LocalTime);
    QTest::newRow("micro rounds") << u"2024-02-29T13:14:15.123456"_s
                                  << QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15, 123), Qt::LocalTime);
    QTest::newRow("utc") << u"2024-02-29T13:14:15+00:00"_s << QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15), Qt::UTC);
    QTest::newRow("Z") << u"2024-02-29T13:14:15Z"_s << QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15), Qt::UTC);
    QTest::newRow("-05:30") << u"2024-02-29T13:14:15-05:30"_s
                            << QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15), QTimeZone(-19800));
    QTest::newRow("not a date") << u"yesterday"_s << QDateTime();
    QTest::newRow("bad day") << u"2023-02-29T00:00:00"_s << QDateTime();
}

void tst_PyroValueTypes::isoDates()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    bool ok = false;
    const QDateTime dt = PyroValues::toDateTime(text, &ok);
    QCOMPARE(ok, expected.isValid());
    QCOMPARE(dt, expected);
    if (expected.isValid()) {
        QCOMPARE(dt.offsetFromUtc(), expected.offsetFromUtc());
        QCOMPARE(PyroValues::to<QDateTime>(text).value(), expected);
    }
}

// Bytes from serpent: the base64 dict turns into bytes where bytes are expected.
void tst_PyroValueTypes::bytes()
{
    const QByteArray data("\x00\xff payload", 10);
    bool ok = false;
    QCOMPARE(PyroValues::toBytes(base64Dict(data), &ok), data);
    QVERIFY(ok);
    QCOMPARE(PyroValues::toBytes(data, &ok), data);
    QVERIFY(ok);
    PyroValues::toBytes(u"text"_s, &ok);
    QVERIFY(!ok);
    PyroProxy proxy(m_uri); // serpent
    const PyroTypedResult<QByteArray> r = proxy.call<QByteArray>(u"bytes"_s, data);
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    QCOMPARE(r.value(), data);
    QVERIFY(proxy.call(u"bytes"_s, {data}).value().typeId() != QMetaType::QByteArray); // the dict
}

QTEST_GUILESS_MAIN(tst_PyroValueTypes)
#include "tst_pyrovaluetypes.moc"
