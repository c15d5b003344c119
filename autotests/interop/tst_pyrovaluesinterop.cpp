// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The conversion table of docs/values.md against the real Python Pyro5, in all four
// serializers: a Python client calls a QtPyro daemon's typed slots with the Python forms
// of the Qt value types (values_client.py), and a PyroProxy makes typed calls on a Python
// object (values_server.py) and sees what its Qt arguments became there. Needs PYRO5_SRC;
// skipped without it. tst_pyrovaluetypes covers the same table C++ to C++.

#include "pyropythonchecks.h"
#include "pyrotestprocess.h"

#include "pyroproxy.h"
#include "pyroserializer.h"
#include "pyrotypedresult.h"
#include "pyrovaluetypes.h"

#include "../values/valuehost.h"

#include <QtCore/QTimeZone>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

const QStringList serializers{u"serpent"_s, u"marshal"_s, u"json"_s, u"msgpack"_s};

QString script(const char *name)
{
    return QStringLiteral(QTPYRO_INTEROP_DIR) + u'/' + QLatin1StringView(name);
}

#ifdef QTPYRO_TEST_HAVE_GUI
constexpr bool haveColor = true;
#else
constexpr bool haveColor = false;
#endif

} // namespace

class tst_PyroValuesInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pythonClient_data();
    void pythonClient();
    void typedResults_data();
    void typedResults();
    void argumentsInPython_data();
    void argumentsInPython();

private:
    DaemonThread m_daemon;
    PyroPythonChecks m_checks;
    PyroTestProcess m_pythonServer;
    QString m_pythonUri;
};

void tst_PyroValuesInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set to a Pyro5 source tree");
    PyroValues::registerGadget<Reading>(u"sensors.Reading"_s);
    PyroValues::registerGadget<Span>();
    const PyroUri uri = m_daemon.start();
    QVERIFY(uri.isValid());

    QProcessEnvironment env = PyroTestProcess::pythonEnvironment();
    env.insert(u"PYTHONPATH"_s, env.value(u"PYTHONPATH"_s) + u':' + QStringLiteral(QTPYRO_INTEROP_DIR));
    for (const QString &serializer : serializers) {
        m_checks.run(serializer, {script("values_client.py"), uri.toString(), serializer, haveColor ? u"1"_s : u"0"_s},
                     env);
    }

    m_pythonServer.setEnvironment(PyroTestProcess::pythonEnvironment());
    m_pythonUri = m_pythonServer.start(PyroTestProcess::python(), {script("values_server.py")},
                                       QRegularExpression(u"uri: (PYRO:\\S+)"_s));
    QVERIFY2(!m_pythonUri.isEmpty(), qPrintable(m_pythonServer.errorString()));
}

void tst_PyroValuesInterop::cleanupTestCase()
{
    PyroSerializer::unregisterClassToDict(QMetaType::fromType<Reading>());
    PyroSerializer::unregisterDictToClass(u"sensors.Reading"_s);
}

void tst_PyroValuesInterop::pythonClient_data()
{
    m_checks.addRows();
}

void tst_PyroValuesInterop::pythonClient()
{
    QFETCH(QString, serializer);
    QFETCH(QString, check);
    m_checks.verify(serializer, check);
}

void tst_PyroValuesInterop::typedResults_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QVariant>("expected"); // invalid: Pyro5 cannot send it in this serializer

    const QDateTime aware(QDate(2024, 2, 29), QTime(13, 14, 15, 250), Qt::UTC);
    const QDateTime naive(QDate(2024, 2, 29), QTime(13, 14, 15, 500), Qt::LocalTime);
    const QByteArray bytes("\x00\x01\xfe\xff", 4);
    for (const QString &s : serializers) {
        const bool marshal = s == u"marshal", json = s == u"json", msgpack = s == u"msgpack";
        QTest::addRow("%s aware datetime", qPrintable(s)) << s << u"aware"_s
            << (marshal || msgpack ? QVariant() : QVariant(aware));
        QTest::addRow("%s naive datetime", qPrintable(s)) << s << u"naive"_s
            << (marshal ? QVariant() : QVariant(naive));
        QTest::addRow("%s uuid", qPrintable(s)) << s << u"identifier"_s
            << QVariant(QUuid(u"12345678-1234-5678-1234-567812345678"_s));
        QTest::addRow("%s bytes", qPrintable(s)) << s << u"data"_s << (json ? QVariant() : QVariant(bytes));
        QTest::addRow("%s point", qPrintable(s)) << s << u"point"_s << QVariant(QPoint(1, 2));
        QTest::addRow("%s rect from tuple", qPrintable(s)) << s << u"rect"_s << QVariant(QRect(1, 2, 3, 4));
        QTest::addRow("%s registered class", qPrintable(s)) << s << u"reading"_s
            << QVariant::fromValue(Reading{u"garden"_s, 8.25, QPoint(7, 8)});
    }
}

void tst_PyroValuesInterop::typedResults()
{
    QFETCH(QString, serializer);
    QFETCH(QString, method);
    QFETCH(QVariant, expected);
    if (!PyroSerializer::byName(serializer))
        QSKIP("serializer plugin not available");
    PyroProxy proxy(m_pythonUri);
    proxy.setSerializer(serializer);
    const PyroResult raw = proxy.call(method);
    if (!expected.isValid()) {
        QVERIFY(raw.isError());
        return;
    }
    QVERIFY2(!raw.isError(), qPrintable(raw.error().toString()));
    QVariant converted;
    PyroError error;
    QVERIFY2(PyroValues::convert(raw.value(), expected.metaType(), &converted, &error), qPrintable(error.toString()));
    QCOMPARE(converted, expected);
    if (expected.typeId() == QMetaType::QDateTime)
        QCOMPARE(converted.toDateTime().timeSpec(), expected.toDateTime().timeSpec());
    // The same through call<T>() for a few types.
    if (expected.typeId() == QMetaType::QUuid)
        QCOMPARE(proxy.call<QUuid>(method).value(), expected.toUuid());
    if (expected.typeId() == QMetaType::QPoint)
        QCOMPARE(proxy.call<QPoint>(method).value(), expected.toPoint());
    if (expected.typeId() == QMetaType::QByteArray)
        QCOMPARE(proxy.call<QByteArray>(method).value(), expected.toByteArray());
    QCOMPARE(proxy.call<qlonglong>(u"add"_s, 40, 2).value(), 42);
}

void tst_PyroValuesInterop::argumentsInPython_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QVariant>("argument");
    QTest::addColumn<QString>("python"); // type name ':' repr() on the Python side

    const QDateTime utc(QDate(2024, 2, 29), QTime(13, 14, 15, 250), Qt::UTC);
    const QDateTime plus2(QDate(2024, 2, 29), QTime(13, 14, 15), QTimeZone(7200));
    for (const QString &s : serializers) {
        const bool msgpack = s == u"msgpack";
        QTest::addRow("%s QPoint", qPrintable(s)) << s << QVariant(QPoint(1, 2)) << u"dict:{'x': 1, 'y': 2}"_s;
        QTest::addRow("%s QSizeF", qPrintable(s)) << s << QVariant(QSizeF(1.5, 2))
                                                  << u"dict:{'width': 1.5, 'height': 2.0}"_s;
        QTest::addRow("%s QRect", qPrintable(s)) << s << QVariant(QRect(1, 2, 3, 4))
                                                 << u"dict:{'x': 1, 'y': 2, 'width': 3, 'height': 4}"_s;
        QTest::addRow("%s QUuid", qPrintable(s)) << s << QVariant(QUuid(u"12345678-1234-5678-1234-567812345678"_s))
                                                 << u"str:'12345678-1234-5678-1234-567812345678'"_s;
        QTest::addRow("%s QUrl", qPrintable(s)) << s << QVariant(QUrl(u"https://example.org/"_s))
                                                << u"str:'https://example.org/'"_s;
        QTest::addRow("%s QDateTime UTC", qPrintable(s)) << s << QVariant(utc)
                                                         << u"str:'2024-02-29T13:14:15.250000+00:00'"_s;
        QTest::addRow("%s QDateTime +02:00", qPrintable(s)) << s << QVariant(plus2)
                                                            << u"str:'2024-02-29T13:14:15+02:00'"_s;
        QTest::addRow("%s QDateTime local", qPrintable(s)) << s
            << QVariant(QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15, 500), Qt::LocalTime))
            << (msgpack ? u"datetime:datetime.datetime(2024, 2, 29, 13, 14, 15, 500000)"_s
                        : u"str:'2024-02-29T13:14:15.500000'"_s);
        QTest::addRow("%s gadget registered", qPrintable(s)) << s
            << QVariant::fromValue(Reading{u"attic"_s, 21.5, QPoint(3, 4)})
            << u"Reading:Reading('attic', 21.5, {'x': 3, 'y': 4})"_s;
        QTest::addRow("%s gadget plain", qPrintable(s)) << s << QVariant::fromValue(Span{2, 5})
                                                        << u"dict:{'from': 2, 'to': 5}"_s;
#ifdef QTPYRO_TEST_HAVE_GUI
        QTest::addRow("%s QColor", qPrintable(s)) << s << QVariant(QColor(0x12, 0x34, 0x56)) << u"str:'#123456'"_s;
#endif
    }
}

void tst_PyroValuesInterop::argumentsInPython()
{
    QFETCH(QString, serializer);
    QFETCH(QVariant, argument);
    QFETCH(QString, python);
    if (!PyroSerializer::byName(serializer))
        QSKIP("serializer plugin not available");
    PyroProxy proxy(m_pythonUri);
    proxy.setSerializer(serializer);
    const PyroTypedResult<QString> r = proxy.call<QString>(u"describe"_s, argument);
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    QCOMPARE(r.value(), python);
}

QTEST_GUILESS_MAIN(tst_PyroValuesInterop)
#include "tst_pyrovaluesinterop.moc"
