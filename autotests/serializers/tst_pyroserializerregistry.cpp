// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The serializer registry: ids and names, the msgpack plugin, a clear error for a missing
// plugin, and the class <-> dict hooks (Pyro5's register_class_to_dict/dict_to_class).

#include "pyroserializer.h"
#include "pyrouri.h"

#include <QtCore/QProcess>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

struct Point
{
    int x = 0;
    int y = 0;
    friend bool operator==(const Point &a, const Point &b) { return a.x == b.x && a.y == b.y; }
};
Q_DECLARE_METATYPE(Point)

class tst_PyroSerializerRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void byIdAndName_data();
    void byIdAndName();
    void unknownSerializer();
    void availableIds();
    void missingPluginIsAClearError();
    void classHooks_data();
    void classHooks();
    void unknownClassIsRefused();
};

void tst_PyroSerializerRegistry::byIdAndName_data()
{
    QTest::addColumn<int>("id");
    QTest::addColumn<QString>("name");
    // Pyro5's ids: marshal is 2 and json is 3, not the other way round.
    QTest::newRow("serpent") << 1 << u"serpent"_s;
    QTest::newRow("marshal") << 2 << u"marshal"_s;
    QTest::newRow("json") << 3 << u"json"_s;
    QTest::newRow("msgpack") << 4 << u"msgpack"_s;
}

void tst_PyroSerializerRegistry::byIdAndName()
{
    QFETCH(int, id);
    QFETCH(QString, name);
    PyroError error;
    const PyroSerializer *byId = PyroSerializer::byId(id, &error);
    QVERIFY2(byId, qPrintable(error.toString()));
    QCOMPARE(byId->id(), quint8(id));
    QCOMPARE(byId->name(), name);
    QCOMPARE(PyroSerializer::byName(name), byId);
    QCOMPARE(PyroSerializer::byName(name.toUpper()), byId);
}

void tst_PyroSerializerRegistry::unknownSerializer()
{
    PyroError error;
    QVERIFY(!PyroSerializer::byId(42, &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY(error.message().contains(u"42"_s));
    QVERIFY(!PyroSerializer::byName(u"pickle", &error));
    QVERIFY(error.message().contains(u"pickle"_s));
    QVERIFY(!PyroSerializer::byId(-1, &error));
    QVERIFY(!PyroSerializer::byId(256, &error));
}

void tst_PyroSerializerRegistry::availableIds()
{
    QCOMPARE(PyroSerializer::availableIds(), (QList<int>{1, 2, 3, 4}));
}

void tst_PyroSerializerRegistry::missingPluginIsAClearError()
{
    // In a process that finds no plugins, asking for msgpack names it and where we looked.
    if (qEnvironmentVariableIsSet("TST_REGISTRY_CHILD")) {
        PyroError error;
        const PyroSerializer *s = PyroSerializer::byId(4, &error);
        printf("%s\n", s ? "found" : qPrintable(error.message()));
        return;
    }
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"TST_REGISTRY_CHILD"_s, u"1"_s);
    env.insert(u"QTPYRO_PLUGIN_PATH"_s, u"/nonexistent"_s);
    env.insert(u"QTPYRO_IGNORE_BUILD_PLUGINS"_s, u"1"_s);
    child.setProcessEnvironment(env);
    child.start(QCoreApplication::applicationFilePath(), {u"missingPluginIsAClearError"_s});
    QVERIFY(child.waitForFinished(20000));
    const QString out = QString::fromUtf8(child.readAllStandardOutput());
    QVERIFY2(out.contains(u"serializer msgpack (id 4) is not available: plugin not found in"_s), qPrintable(out));
    QVERIFY2(out.contains(u"/nonexistent"_s), qPrintable(out));
}

void tst_PyroSerializerRegistry::classHooks_data()
{
    QTest::addColumn<QString>("serializer");
    for (const char *name : {"serpent", "json", "marshal", "msgpack"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void tst_PyroSerializerRegistry::classHooks()
{
    QFETCH(QString, serializer);
    const PyroSerializer *s = PyroSerializer::byName(serializer);
    QVERIFY(s);
    PyroSerializer::registerClassToDict<Point>([](const Point &p) {
        QVariantMap dict;
        dict.insert(u"__class__"_s, u"geometry.Point"_s);
        dict.insert(u"x"_s, p.x);
        dict.insert(u"y"_s, p.y);
        return QVariant(dict);
    });
    PyroSerializer::registerDictToClass(u"geometry.Point"_s, [](const QString &, const QVariant &dict) {
        const QVariantMap map = dict.toMap();
        return QVariant::fromValue(Point{map.value(u"x"_s).toInt(), map.value(u"y"_s).toInt()});
    });
    PyroError error;
    const QVariantList value{QVariant::fromValue(Point{3, 4}), u"after"_s};
    const QByteArray bytes = s->serialize(value, &error);
    QVERIFY2(!bytes.isEmpty(), qPrintable(error.toString()));
    const QVariantList back = s->deserialize(bytes, &error).toList();
    QCOMPARE(back.size(), 2);
    QCOMPARE(back.at(0).value<Point>(), (Point{3, 4}));
    QCOMPARE(back.at(1).toString(), u"after"_s);

    PyroSerializer::unregisterClassToDict(QMetaType::fromType<Point>());
    PyroSerializer::unregisterDictToClass(u"geometry.Point"_s);
    QByteArray out;
    QVERIFY(!s->encode(out, QVariant::fromValue(Point{1, 2}), PyroEncodeContext(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().startsWith(u"don't know how to serialize class"_s), qPrintable(error.message()));
}

void tst_PyroSerializerRegistry::unknownClassIsRefused()
{
    // As in Pyro5: any dict with a "__class__" nobody knows is a SerializeError on decode,
    // and class names with "__" are a SecurityError.
    const PyroSerializer *s = PyroSerializer::byName(u"serpent");
    PyroError error;
    QVERIFY(!s->deserialize("{'__class__':'mymodule.Thing','a':1}", &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QCOMPARE(error.message(), u"unsupported serialized class: mymodule.Thing"_s);
    QVERIFY(!s->deserialize("{'__class__':'__main__.Thing'}", &error).isValid());
    QCOMPARE(error.code(), PyroError::Code::SecurityError);
    // A URI class dict becomes a PyroUri.
    const QVariant uri = s->deserialize(
        "{'__class__':'Pyro5.core.URI','state':('PYRO','obj',None,'localhost',9999)}", &error);
    QCOMPARE(uri.value<PyroUri>().toString(), u"PYRO:obj@localhost:9999"_s);
}

QTEST_GUILESS_MAIN(tst_PyroSerializerRegistry)
#include "tst_pyroserializerregistry.moc"
