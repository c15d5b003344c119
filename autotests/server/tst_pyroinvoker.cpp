// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Reflection and dispatch without sockets: what a class exposes, how names resolve
// (with Pyro5's error texts), overloads, argument conversions, keyword arguments,
// properties, return values and exceptions.

#include "pyrocallcontext.h"
#include "pyrocallcontext_p.h"
#include "pyrodaemon.h"
#include "pyrogenerator.h"
#include "pyroinvoker_p.h"
#include "pyrorequest_p.h"
#include "pyroobjectref.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <QtConcurrent/QtConcurrent>
#include <QtCore/QDateTime>
#include <QtCore/QPromise>
#include <QtCore/QTimer>
#include <QtTest/QTest>

#include <stdexcept>

using namespace Qt::StringLiterals;

class Base : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int level READ level WRITE setLevel)
    Q_PROPERTY(QString name READ name CONSTANT)
    Q_CLASSINFO("pyro.oneway", "log")
public:
    enum class Mode { Off, On, Auto };
    Q_ENUM(Mode)

    int level() const { return m_level; }
    void setLevel(int level) { m_level = level; }
    QString name() const { return u"base"_s; }
    Q_INVOKABLE QString invokable() { return u"invokable"_s; }
    Q_INVOKABLE QString _hiddenInvokable() { return u"x"_s; }
    void notASlot() { }

Q_SIGNALS:
    void changed();

public Q_SLOTS:
    QString who() { return u"base"_s; }
    virtual QString virt() { return u"base"_s; }
    void log(const QString &) { }
    PYRO_ONEWAY void tagged() { }
    QString __len__() { return u"dunder"_s; }
    QString __init__() { return u"never"_s; }

protected Q_SLOTS:
    void protectedSlot() { }

private Q_SLOTS:
    void privateSlot() { }

private:
    int m_level = 1;
};

class Derived : public Base
{
    Q_OBJECT
    Q_PROPERTY(double ratio READ ratio WRITE setRatio)
    Q_PROPERTY(QString _secret READ secret)
    Q_CLASSINFO("pyro.exclude", "hidden,invokable")
public:
    double ratio() const { return m_ratio; }
    void setRatio(double r) { m_ratio = r; }
    QString secret() const { return u"s"_s; }

public Q_SLOTS:
    QString virt() override { return u"derived"_s; }
    QString hidden() { return u"hidden"_s; }

    // overloads
    QString over(int) { return u"int"_s; }
    QString over(int, int) { return u"int,int"_s; }
    QString over(const QString &) { return u"str"_s; }
    QString over(double) { return u"float"_s; }
    QString pick(bool) { return u"bool"_s; }
    QString pick(qlonglong) { return u"int"_s; }
    QString pick(const QVariant &) { return u"any"_s; }

    // conversions
    QVariant takeInt(int v) { return v; }
    QVariant takeLong(qint64 v) { return v; }
    QVariant takeUShort(quint16 v) { return v; }
    QVariant takeDouble(double v) { return v; }
    QVariant takeBool(bool v) { return v; }
    QVariant takeString(const QString &v) { return v; }
    QVariant takeBytes(const QByteArray &v) { return v; }
    QVariant takeList(const QVariantList &v) { return v; }
    QVariant takeStrings(const QStringList &v) { return v; }
    QVariant takeMap(const QVariantMap &v) { return v; }
    QVariant takeHash(const QVariantHash &v) { return QVariant(v.size()); }
    QVariant takeInts(const QList<int> &v) { return QVariant::fromValue(v); }
    QVariant takeRef(const PyroObjectRef &ref) { return ref.uri().toString(); }
    QVariant takeUri(const PyroUri &uri) { return uri.toString(); }
    QVariant takeMode(Base::Mode mode) { return int(mode); }
    QVariant takeDateTime(const QDateTime &dt) { return dt.toString(Qt::ISODate); }
    QVariant takeObject(QObject *obj) { return obj == nullptr; }
    QVariant takeTuple(const PyroTuple &t) { return QVariant::fromValue(t); }
    QVariant takeAny(const QVariant &v) { return v; }

    // keyword arguments
    QString describe(const QString &name, int count = 1) { return u"%1x%2"_s.arg(name).arg(count); }
    QVariantMap variadic(const QVariant &first, const QVariantList &args, const QVariantMap &kwargs)
    {
        return {{u"first"_s, first}, {u"args"_s, args}, {u"kwargs"_s, kwargs}};
    }

    // returns
    void nothing() { }
    QVariant invalid() { return QVariant(); }
    QStringList strings() { return {u"a"_s, u"b"_s}; }
    QObject *self() { return this; }
    PyroGenerator gen() { return PyroGenerator::fromList({1, 2}); }
    QFuture<int> futureInt() { return QtConcurrent::run([] { return 7; }); }
    QFuture<void> futureVoid() { return QtConcurrent::run([] { }); }
    QFuture<QString> futureThrows()
    {
        return QtConcurrent::run([]() -> QString { throw std::invalid_argument("bad future"); });
    }

    // failures
    void throwsPyro() { throw PyroException(u"builtins.KeyError"_s, u"nope"_s); }
    void throwsRuntime() { throw std::runtime_error("boom"); }
    void throwsOutOfRange() { throw std::out_of_range("index"); }
    void throwsInt() { throw 42; }
    QString setsError()
    {
        PyroCallContext::current()->setError(PyroError::exception(u"builtins.ValueError"_s, u"bad input"_s));
        return u"ignored"_s;
    }

private:
    double m_ratio = 0.5;
};

// Q_CLASSINFO("pyro.names"): C++ names that cannot (or should not) be Python's.
class Renamed : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int maxSize READ maxSize WRITE setMaxSize)
    Q_CLASSINFO("pyro.names", "registerName=register, setMetadata=set_metadata,maxSize=max_size,broken")
    Q_CLASSINFO("pyro.oneway", "fireAndForget")
    Q_CLASSINFO("pyro.exclude", "set_metadata")
public:
    int maxSize() const { return m_maxSize; }
    void setMaxSize(int size) { m_maxSize = size; }

    // Optional arguments as QVariants: a skipped one arrives invalid ("not given").
    Q_INVOKABLE QVariant registerName(const QVariant &name, const QVariant &uri,
                                      const QVariant &safe = QVariant(false),
                                      const QVariant &metadata = QVariant())
    {
        auto show = [](const QVariant &v) {
            return v.isValid() ? PyroValues::pythonRepr(v) : u"<not given>"_s;
        };
        return QStringList{show(name), show(uri), show(safe), show(metadata)}.join(u'|');
    }
    // Optional arguments of other types cannot be skipped.
    Q_INVOKABLE QString typed(const QString &a, int b = 1, const QString &c = u"c"_s)
    {
        return u"%1|%2|%3"_s.arg(a).arg(b).arg(c);
    }
    Q_INVOKABLE void setMetadata(const QVariant &) { }
    Q_INVOKABLE void fireAndForget() { }

private:
    int m_maxSize = 3;
};

class tst_PyroInvoker : public QObject
{
    Q_OBJECT
private:
    // Runs a call as the daemon does, with a call context.
    PyroInvokeResult call(const QString &method, const QVariantList &args = {},
                          const QVariant &kwargs = QVariantMap(), bool detailed = false)
    {
        const PyroClassInfo &cls = PyroInvoker::classInfo(&Derived::staticMetaObject);
        PyroRequest request;
        PyroCallContext &context = request.context;
        auto *cd = PyroCallContextPrivate::get(&context);
        cd->connection = std::make_shared<PyroConnectionInfo>();
        cd->connection->detailedTraceback = detailed;
        PyroCallContextPrivate::Scope scope(&context);
        const PyroError error = PyroInvoker::resolve(cls, method);
        if (error.isError())
            return PyroInvokeResult::fromError(error);
        return PyroInvoker::call(&m_object, cls, *cls.method(method), args, kwargs);
    }
    Derived m_object;

private Q_SLOTS:
    void exposure();
    void metadata();
    void qtClasses();
    void resolveErrors_data();
    void resolveErrors();
    void overloads_data();
    void overloads();
    void conversions_data();
    void conversions();
    void keywordArguments_data();
    void keywordArguments();
    void argumentErrors_data();
    void argumentErrors();
    void properties();
    void returnValues();
    void futures();
    void exceptions_data();
    void exceptions();
    void detailedTraceback();
    void privateNames_data();
    void privateNames();
    void renamedNames();
    void skippedOptionalArguments_data();
    void skippedOptionalArguments();
};

void tst_PyroInvoker::exposure()
{
    const PyroClassInfo &cls = PyroInvoker::classInfo(&Derived::staticMetaObject);
    QCOMPARE(cls.className, u"Derived"_s);
    // Own and inherited public slots and invokables.
    for (const char *name : {"who", "virt", "log", "tagged", "over", "takeInt", "__len__"})
        QVERIFY2(cls.methods.contains(QString::fromLatin1(name)), name);
    // Never: signals, non-public slots, non-slots, Qt's own API, private names, excluded.
    for (const char *name : {"changed", "protectedSlot", "privateSlot", "notASlot", "deleteLater",
                             "destroyed", "objectNameChanged", "_hiddenInvokable", "__init__",
                             "hidden", "invokable"})
        QVERIFY2(!cls.methods.contains(QString::fromLatin1(name)), name);
    // Properties of the class and its bases, but not QObject's objectName, not private ones.
    QCOMPARE(cls.attributeNames, (QStringList{u"level"_s, u"name"_s, u"ratio"_s}));
    QCOMPARE(cls.onewayNames, (QStringList{u"log"_s, u"tagged"_s}));
    // An override is one method, dispatched virtually.
    QCOMPARE(cls.methods.value(u"virt"_s).overloads.size(), 1);
    QCOMPARE(call(u"virt"_s).value.toString(), u"derived"_s);
}

void tst_PyroInvoker::metadata()
{
    const PyroClassInfo &cls = PyroInvoker::classInfo(&Base::staticMetaObject);
    QVERIFY(cls.metadata.canConvert<PyroDict>());
    const PyroDict meta = cls.metadata.value<PyroDict>();
    QCOMPARE(meta.entries().size(), 3);
    QCOMPARE(meta.entries().at(0).first.toString(), u"methods"_s); // Pyro5's key order
    QCOMPARE(meta.entries().at(1).first.toString(), u"oneway"_s);
    QCOMPARE(meta.entries().at(2).first.toString(), u"attrs"_s);
    QCOMPARE(meta.value(u"methods"_s).value<PyroSet>(),
             PyroSet({u"__len__"_s, u"invokable"_s, u"log"_s, u"tagged"_s, u"virt"_s, u"who"_s}));
    QCOMPARE(meta.value(u"attrs"_s).value<PyroSet>(), PyroSet({u"level"_s, u"name"_s}));
    // Cached: the same object every time.
    QCOMPARE(&PyroInvoker::classInfo(&Base::staticMetaObject), &cls);
}

void tst_PyroInvoker::qtClasses()
{
    QVERIFY(PyroInvoker::isQtClass(&QObject::staticMetaObject));
    QVERIFY(PyroInvoker::isQtClass(&QTimer::staticMetaObject));
    QVERIFY(!PyroInvoker::isQtClass(&Derived::staticMetaObject));
    QVERIFY(!PyroInvoker::isQtClass(&PyroDaemon::staticMetaObject)); // QtPyro is not Qt
    // A Qt subclass exposes only what it adds.
    const PyroClassInfo &timer = PyroInvoker::classInfo(&QTimer::staticMetaObject);
    QVERIFY(timer.methods.isEmpty());
    QVERIFY(timer.unexposed.contains(u"start"_s));
}

void tst_PyroInvoker::resolveErrors_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("message"); // empty: resolves
    QTest::newRow("exposed") << u"who"_s << QString();
    QTest::newRow("dunder") << u"__len__"_s << QString();
    QTest::newRow("private") << u"_hiddenInvokable"_s << u"attempt to access private attribute '_hiddenInvokable'"_s;
    QTest::newRow("mangled") << u"__x"_s << u"attempt to access private attribute '__x'"_s;
    QTest::newRow("python private dunder") << u"__init__"_s << u"attempt to access private attribute '__init__'"_s;
    QTest::newRow("signal") << u"changed"_s << u"attempt to access unexposed attribute 'changed'"_s;
    QTest::newRow("qt base") << u"deleteLater"_s << u"attempt to access unexposed attribute 'deleteLater'"_s;
    QTest::newRow("excluded") << u"hidden"_s << u"attempt to access unexposed attribute 'hidden'"_s;
    QTest::newRow("protected") << u"protectedSlot"_s << u"attempt to access unexposed attribute 'protectedSlot'"_s;
    QTest::newRow("property") << u"ratio"_s << u"attempt to access unexposed attribute 'ratio'"_s;
    QTest::newRow("unknown") << u"nope"_s << u"'Derived' object has no attribute 'nope'"_s;
}

void tst_PyroInvoker::resolveErrors()
{
    QFETCH(QString, name);
    QFETCH(QString, message);
    const PyroError error = PyroInvoker::resolve(PyroInvoker::classInfo(&Derived::staticMetaObject), name);
    if (message.isEmpty()) {
        QVERIFY2(!error.isError(), qPrintable(error.toString()));
        return;
    }
    QCOMPARE(error.pythonClass(), u"builtins.AttributeError"_s);
    QCOMPARE(error.message(), message);
}

void tst_PyroInvoker::overloads_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QVariantList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("by count 1") << u"over"_s << QVariantList{qlonglong(1)} << u"int"_s;
    QTest::newRow("by count 2") << u"over"_s << QVariantList{qlonglong(1), qlonglong(2)} << u"int,int"_s;
    QTest::newRow("str") << u"over"_s << QVariantList{u"x"_s} << u"str"_s;
    QTest::newRow("float") << u"over"_s << QVariantList{2.5} << u"float"_s;
    QTest::newRow("int beyond int32 -> float") << u"over"_s << QVariantList{qlonglong(1) << 40} << u"float"_s;
    QTest::newRow("bool exact") << u"pick"_s << QVariantList{true} << u"bool"_s;
    QTest::newRow("int exact") << u"pick"_s << QVariantList{qlonglong(3)} << u"int"_s;
    QTest::newRow("anything else") << u"pick"_s << QVariantList{u"s"_s} << u"any"_s;
}

void tst_PyroInvoker::overloads()
{
    QFETCH(QString, method);
    QFETCH(QVariantList, args);
    QFETCH(QString, expected);
    const PyroInvokeResult r = call(method, args);
    QVERIFY2(!r.isError(), qPrintable(r.error.toString()));
    QCOMPARE(r.value.toString(), expected);
}

void tst_PyroInvoker::conversions_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QVariant>("argument");
    QTest::addColumn<QVariant>("expected"); // invalid: a TypeError

    const QVariant typeError;
    QTest::newRow("int") << u"takeInt"_s << QVariant(qlonglong(-5)) << QVariant(-5);
    QTest::newRow("str is not an int") << u"takeInt"_s << QVariant(u"5"_s) << typeError;
    QTest::newRow("float is not an int") << u"takeInt"_s << QVariant(5.0) << typeError;
    QTest::newRow("bool is not an int") << u"takeInt"_s << QVariant(true) << typeError;
    QTest::newRow("int32 overflow") << u"takeInt"_s << QVariant(qlonglong(1) << 40) << typeError;
    QTest::newRow("int64") << u"takeLong"_s << QVariant(qlonglong(1) << 40) << QVariant(qint64(1) << 40);
    QTest::newRow("big int") << u"takeLong"_s << QVariant::fromValue(PyroBigInt::fromString(u"99999999999999999999"_s)) << typeError;
    QTest::newRow("ushort") << u"takeUShort"_s << QVariant(qlonglong(65535)) << QVariant(quint16(65535));
    QTest::newRow("ushort negative") << u"takeUShort"_s << QVariant(qlonglong(-1)) << typeError;
    QTest::newRow("float") << u"takeDouble"_s << QVariant(1.5) << QVariant(1.5);
    QTest::newRow("int to float") << u"takeDouble"_s << QVariant(qlonglong(2)) << QVariant(2.0);
    QTest::newRow("str is not a float") << u"takeDouble"_s << QVariant(u"1.5"_s) << typeError;
    QTest::newRow("bool") << u"takeBool"_s << QVariant(false) << QVariant(false);
    QTest::newRow("int is not a bool") << u"takeBool"_s << QVariant(qlonglong(1)) << typeError;
    QTest::newRow("str") << u"takeString"_s << QVariant(u"héllo"_s) << QVariant(u"héllo"_s);
    QTest::newRow("None is not a str") << u"takeString"_s << PyroValues::none() << typeError;
    QTest::newRow("bytes") << u"takeBytes"_s << QVariant(QByteArray("\x00\x01", 2)) << QVariant(QByteArray("\x00\x01", 2));
    QTest::newRow("serpent bytes dict") << u"takeBytes"_s
        << QVariant(QVariantMap{{u"data"_s, u"AAH/"_s}, {u"encoding"_s, u"base64"_s}}) << QVariant(QByteArray("\x00\x01\xff", 3));
    QTest::newRow("str is not bytes") << u"takeBytes"_s << QVariant(u"x"_s) << typeError;
    QTest::newRow("list") << u"takeList"_s << QVariant(QVariantList{1, u"a"_s}) << QVariant(QVariantList{1, u"a"_s});
    QTest::newRow("tuple to list") << u"takeList"_s << QVariant::fromValue(PyroTuple{1, 2}) << QVariant(QVariantList{1, 2});
    QTest::newRow("set to list") << u"takeList"_s << QVariant::fromValue(PyroSet{3}) << QVariant(QVariantList{3});
    QTest::newRow("dict is not a list") << u"takeList"_s << QVariant(QVariantMap()) << typeError;
    QTest::newRow("str list") << u"takeStrings"_s << QVariant(QVariantList{u"a"_s, u"b"_s}) << QVariant(QStringList{u"a"_s, u"b"_s});
    QTest::newRow("mixed is not a str list") << u"takeStrings"_s << QVariant(QVariantList{u"a"_s, 1}) << typeError;
    QTest::newRow("dict") << u"takeMap"_s << QVariant(QVariantMap{{u"k"_s, 1}}) << QVariant(QVariantMap{{u"k"_s, 1}});
    QTest::newRow("int keys are not a QVariantMap") << u"takeMap"_s
        << QVariant::fromValue(PyroDict{{qlonglong(1), u"one"_s}}) << typeError;
    QTest::newRow("dict to hash") << u"takeHash"_s << QVariant(QVariantMap{{u"a"_s, 1}, {u"b"_s, 2}}) << QVariant(2);
    QTest::newRow("QList<int>") << u"takeInts"_s << QVariant(QVariantList{qlonglong(1), qlonglong(2)})
                                << QVariant::fromValue(QList<int>{1, 2});
    QTest::newRow("QList<int> from tuple") << u"takeInts"_s << QVariant::fromValue(PyroTuple{qlonglong(3)})
                                           << QVariant::fromValue(QList<int>{3});
    QTest::newRow("QList<int> with a str") << u"takeInts"_s << QVariant(QVariantList{1, u"x"_s}) << typeError;
    PyroObjectRef ref(PyroUri(u"PYRO:cb@localhost:5555"_s));
    QTest::newRow("proxy") << u"takeRef"_s << QVariant::fromValue(ref) << QVariant(u"PYRO:cb@localhost:5555"_s);
    QTest::newRow("uri from str") << u"takeUri"_s << QVariant(u"PYRO:x@h:1"_s) << QVariant(u"PYRO:x@h:1"_s);
    QTest::newRow("bad uri str") << u"takeUri"_s << QVariant(u"nonsense"_s) << typeError;
    QTest::newRow("enum from int") << u"takeMode"_s << QVariant(qlonglong(2)) << QVariant(2);
    QTest::newRow("enum from name") << u"takeMode"_s << QVariant(u"On"_s) << QVariant(1);
    QTest::newRow("enum bad name") << u"takeMode"_s << QVariant(u"Sideways"_s) << typeError;
    QTest::newRow("datetime from iso") << u"takeDateTime"_s << QVariant(u"2024-02-03T04:05:06"_s) << QVariant(u"2024-02-03T04:05:06"_s);
    QTest::newRow("None to QObject*") << u"takeObject"_s << PyroValues::none() << QVariant(true);
    QTest::newRow("list to tuple") << u"takeTuple"_s << QVariant(QVariantList{1}) << QVariant::fromValue(PyroTuple{1});
    QTest::newRow("anything as QVariant") << u"takeAny"_s << QVariant::fromValue(PyroSet{1}) << QVariant::fromValue(PyroSet{1});
    QTest::newRow("None as QVariant") << u"takeAny"_s << PyroValues::none() << PyroValues::none();
}

void tst_PyroInvoker::conversions()
{
    QFETCH(QString, method);
    QFETCH(QVariant, argument);
    QFETCH(QVariant, expected);
    const PyroInvokeResult r = call(method, {argument});
    if (!expected.isValid()) {
        QVERIFY2(r.isError(), qPrintable(QDebug::toString(r.value)));
        QCOMPARE(r.error.pythonClass(), u"builtins.TypeError"_s);
        QVERIFY2(r.error.message().contains(u"must be"_s), qPrintable(r.error.message()));
        return;
    }
    QVERIFY2(!r.isError(), qPrintable(r.error.toString()));
    QVERIFY2(PyroValues::identical(r.value, expected) || r.value == expected,
             qPrintable(QDebug::toString(r.value) + u" != "_s + QDebug::toString(expected)));
}

void tst_PyroInvoker::keywordArguments_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QVariantList>("args");
    QTest::addColumn<QVariantMap>("kwargs");
    QTest::addColumn<QVariant>("expected");
    QTest::newRow("positional") << u"describe"_s << QVariantList{u"a"_s, 3} << QVariantMap() << QVariant(u"ax3"_s);
    QTest::newRow("default") << u"describe"_s << QVariantList{u"a"_s} << QVariantMap() << QVariant(u"ax1"_s);
    QTest::newRow("by name") << u"describe"_s << QVariantList()
                             << QVariantMap{{u"count"_s, 2}, {u"name"_s, u"b"_s}} << QVariant(u"bx2"_s);
    QTest::newRow("mixed") << u"describe"_s << QVariantList{u"c"_s} << QVariantMap{{u"count"_s, 4}}
                           << QVariant(u"cx4"_s);
    QTest::newRow("variadic") << u"variadic"_s << QVariantList{1, 2, 3} << QVariantMap{{u"k"_s, u"v"_s}}
                              << QVariant(QVariantMap{{u"first"_s, 1}, {u"args"_s, QVariantList{2, 3}},
                                                      {u"kwargs"_s, QVariantMap{{u"k"_s, u"v"_s}}}});
    QTest::newRow("variadic named first") << u"variadic"_s << QVariantList() << QVariantMap{{u"first"_s, 0}}
                              << QVariant(QVariantMap{{u"first"_s, 0}, {u"args"_s, QVariantList()},
                                                      {u"kwargs"_s, QVariantMap()}});
}

void tst_PyroInvoker::keywordArguments()
{
    QFETCH(QString, method);
    QFETCH(QVariantList, args);
    QFETCH(QVariantMap, kwargs);
    QFETCH(QVariant, expected);
    const PyroInvokeResult r = call(method, args, kwargs);
    QVERIFY2(!r.isError(), qPrintable(r.error.toString()));
    QVERIFY2(PyroValues::equals(r.value, expected), qPrintable(QDebug::toString(r.value)));
}

void tst_PyroInvoker::argumentErrors_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QVariantList>("args");
    QTest::addColumn<QVariant>("kwargs");
    QTest::addColumn<QString>("message");
    QTest::newRow("too many") << u"takeInt"_s << QVariantList{1, 2} << QVariant(QVariantMap())
                              << u"Derived.takeInt() takes 1 positional argument but 2 were given"_s;
    QTest::newRow("missing") << u"takeInt"_s << QVariantList() << QVariant(QVariantMap())
                             << u"Derived.takeInt() missing 1 required positional argument: 'v'"_s;
    QTest::newRow("unexpected keyword") << u"takeInt"_s << QVariantList{1} << QVariant(QVariantMap{{u"w"_s, 1}})
                                        << u"Derived.takeInt() got an unexpected keyword argument 'w'"_s;
    QTest::newRow("multiple values") << u"takeInt"_s << QVariantList{1} << QVariant(QVariantMap{{u"v"_s, 1}})
                                     << u"Derived.takeInt() got multiple values for argument 'v'"_s;
    QTest::newRow("kwargs None") << u"takeInt"_s << QVariantList{1} << PyroValues::none()
                                 << u"Derived.takeInt() argument after ** must be a mapping, not NoneType"_s;
    QTest::newRow("non-str keyword") << u"takeInt"_s << QVariantList{1}
                                     << QVariant::fromValue(PyroDict{{qlonglong(1), 1}}) << u"keywords must be strings"_s;
    QTest::newRow("wrong type") << u"takeInt"_s << QVariantList{u"x"_s} << QVariant(QVariantMap())
                                << u"Derived.takeInt(): argument 1 ('v') must be int (-2147483648 to 2147483647), not str"_s;
}

void tst_PyroInvoker::argumentErrors()
{
    QFETCH(QString, method);
    QFETCH(QVariantList, args);
    QFETCH(QVariant, kwargs);
    QFETCH(QString, message);
    const PyroInvokeResult r = call(method, args, kwargs);
    QVERIFY(r.isError());
    QCOMPARE(r.error.pythonClass(), u"builtins.TypeError"_s);
    QCOMPARE(r.error.message(), message);
    QVERIFY(!r.error.remoteTraceback().isEmpty() || r.error.attributes().contains(u"_pyroTraceback"_s));
}

void tst_PyroInvoker::properties()
{
    const PyroClassInfo &cls = PyroInvoker::classInfo(&Derived::staticMetaObject);
    QCOMPARE(PyroInvoker::getAttribute(&m_object, cls, u"ratio"_s).value, QVariant(0.5));
    PyroInvokeResult r = PyroInvoker::setAttribute(&m_object, cls, u"ratio"_s, qlonglong(2));
    QVERIFY2(!r.isError(), qPrintable(r.error.toString()));
    QVERIFY(PyroValues::isNone(r.value));
    QCOMPARE(m_object.ratio(), 2.0);
    QCOMPARE(PyroInvoker::getAttribute(&m_object, cls, u"level"_s).value, QVariant(1)); // inherited

    r = PyroInvoker::setAttribute(&m_object, cls, u"name"_s, u"x"_s);
    QCOMPARE(r.error.pythonClass(), u"builtins.AttributeError"_s);
    QCOMPARE(r.error.message(), u"attempt to access unexposed or unknown remote attribute 'name'"_s);
    r = PyroInvoker::getAttribute(&m_object, cls, u"objectName"_s); // Qt's, not exposed
    QCOMPARE(r.error.message(), u"attempt to access unexposed or unknown remote attribute 'objectName'"_s);
    r = PyroInvoker::getAttribute(&m_object, cls, u"_secret"_s);
    QCOMPARE(r.error.message(), u"type object 'Derived' has no attribute '_secret'"_s);
    r = PyroInvoker::getAttribute(&m_object, cls, u"nothing_here"_s);
    QCOMPARE(r.error.message(), u"type object 'Derived' has no attribute 'nothing_here'"_s);
    r = PyroInvoker::setAttribute(&m_object, cls, u"ratio"_s, u"not a number"_s);
    QCOMPARE(r.error.pythonClass(), u"builtins.TypeError"_s);
    QCOMPARE(m_object.ratio(), 2.0);
}

void tst_PyroInvoker::returnValues()
{
    QVERIFY(PyroValues::isNone(call(u"nothing"_s).value));
    QVERIFY(PyroValues::isNone(call(u"invalid"_s).value));
    QCOMPARE(call(u"strings"_s).value, QVariant(QStringList{u"a"_s, u"b"_s}));
    const QVariant self = call(u"self"_s).value;
    QVERIFY(self.metaType().flags() & QMetaType::PointerToQObject);
    QCOMPARE(*static_cast<QObject *const *>(self.constData()), &m_object);
    const QVariant gen = call(u"gen"_s).value;
    QCOMPARE(gen.typeId(), qMetaTypeId<PyroGenerator>());
    const PyroGenerator g = gen.value<PyroGenerator>();
    QCOMPARE(g.next(), std::optional<QVariant>(1));
    QCOMPARE(g.next(), std::optional<QVariant>(2));
    QVERIFY(!g.next());
}

void tst_PyroInvoker::futures()
{
    PyroInvokeResult r = call(u"futureInt"_s);
    QVERIFY(r.hasFuture);
    QCOMPARE(r.futureResultType, QMetaType::fromType<int>());
    r.future().waitForFinished();
    PyroInvokeResult outcome = PyroInvoker::futureOutcome(r, u"Derived::futureInt"_s);
    QVERIFY2(!outcome.isError(), qPrintable(outcome.error.toString()));
    QCOMPARE(outcome.value, QVariant(7));

    r = call(u"futureVoid"_s);
    QVERIFY(r.hasFuture);
    r.future().waitForFinished();
    QVERIFY(PyroValues::isNone(PyroInvoker::futureOutcome(r, QString()).value));

    r = call(u"futureThrows"_s);
    QVERIFY(r.hasFuture);
    try {
        r.future().waitForFinished();
    } catch (...) {
    }
    outcome = PyroInvoker::futureOutcome(r, u"Derived::futureThrows"_s);
    QCOMPARE(outcome.error.pythonClass(), u"builtins.ValueError"_s);
    QCOMPARE(outcome.error.message(), u"bad future"_s);
}

void tst_PyroInvoker::exceptions_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("pythonClass");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("cppType"); // named in the traceback
    QTest::newRow("PyroException") << u"throwsPyro"_s << u"builtins.KeyError"_s << u"nope"_s << QString();
    QTest::newRow("runtime_error") << u"throwsRuntime"_s << u"builtins.RuntimeError"_s << u"boom"_s << u"std::runtime_error"_s;
    QTest::newRow("out_of_range") << u"throwsOutOfRange"_s << u"builtins.IndexError"_s << u"index"_s << u"std::out_of_range"_s;
    QTest::newRow("not a std::exception") << u"throwsInt"_s << u"builtins.RuntimeError"_s << u"unknown C++ exception"_s
                                          << u"(not a std::exception)"_s;
    QTest::newRow("setError") << u"setsError"_s << u"builtins.ValueError"_s << u"bad input"_s << QString();
}

void tst_PyroInvoker::exceptions()
{
    QFETCH(QString, method);
    QFETCH(QString, pythonClass);
    QFETCH(QString, message);
    QFETCH(QString, cppType);
    const PyroInvokeResult r = call(method);
    QVERIFY(r.isError());
    QCOMPARE(r.error.pythonClass(), pythonClass);
    QCOMPARE(r.error.message(), message);
    const QStringList tb = r.error.remoteTraceback();
    QVERIFY(tb.size() >= 3);
    QCOMPARE(tb.first(), u"Traceback (most recent call last):\n"_s);
    QVERIFY2(tb.join(QString()).contains(u", in Derived::"_s + method + u'\n'), qPrintable(tb.join(QString())));
    QString last = pythonClass.startsWith(u"builtins."_s) ? pythonClass.mid(9) : pythonClass;
    QCOMPARE(tb.last(), last + u": "_s + message + u'\n');
    if (!cppType.isEmpty())
        QVERIFY2(tb.join(QString()).contains(cppType), qPrintable(tb.join(QString())));
    for (const QString &line : tb)
        QVERIFY(line.endsWith(u'\n'));
}

void tst_PyroInvoker::detailedTraceback()
{
    const PyroInvokeResult r = call(u"throwsRuntime"_s, {}, QVariantMap(), true);
    const QString tb = r.error.remoteTraceback().join(QString());
    QVERIFY2(tb.contains(u" EXCEPTION RuntimeError: boom\n"_s), qPrintable(tb));
    QVERIFY2(tb.contains(u"Local values:\n"_s), qPrintable(tb));
    QVERIFY2(tb.contains(u"self.ratio = "_s), qPrintable(tb));
    QVERIFY2(tb.contains(u"std::runtime_error"_s), qPrintable(tb));
}

void tst_PyroInvoker::privateNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("isPrivate");
    QTest::newRow("plain") << u"echo"_s << false;
    QTest::newRow("underscore") << u"_x"_s << true;
    QTest::newRow("mangled") << u"__x"_s << true;
    QTest::newRow("dunder") << u"__dunder__"_s << false;
    QTest::newRow("short dunder") << u"____"_s << true;
    QTest::newRow("python's own") << u"__getattr__"_s << true;
    QTest::newRow("trailing") << u"x_"_s << false;
}

void tst_PyroInvoker::privateNames()
{
    QFETCH(QString, name);
    QFETCH(bool, isPrivate);
    QCOMPARE(PyroInvoker::isPrivateName(name), isPrivate);
}

void tst_PyroInvoker::renamedNames()
{
    const char *warning = "Renamed: ignoring malformed pyro.names entry 'broken' (expected cppName=pythonName)";
    QTest::ignoreMessage(QtWarningMsg, warning); // classInfo(), once: it is cached
    QTest::ignoreMessage(QtWarningMsg, warning); // exposedNames() below
    const PyroClassInfo &cls = PyroInvoker::classInfo(&Renamed::staticMetaObject);
    // Exposed only under the new names; "set_metadata" is excluded by its new name and
    // "broken" (no '=') is ignored with a warning.
    QCOMPARE(cls.methodNames, (QStringList{u"fireAndForget"_s, u"register"_s, u"typed"_s}));
    QCOMPARE(cls.attributeNames, QStringList{u"max_size"_s});
    QCOMPARE(cls.onewayNames, QStringList{u"fireAndForget"_s});
    QVERIFY(!cls.method(u"registerName"_s));
    QVERIFY(PyroInvoker::resolve(cls, u"registerName"_s).isError());
    QVERIFY(!PyroInvoker::resolve(cls, u"register"_s).isError());
    QCOMPARE(PyroInvoker::exposedNames(&Renamed::staticMetaObject).value(u"setMetadata"_s), u"set_metadata"_s);

    Renamed object;
    const PyroInvokeResult r = PyroInvoker::call(&object, cls, *cls.method(u"register"_s),
                                                 {u"n"_s, u"u"_s}, QVariantMap());
    QVERIFY2(!r.isError(), qPrintable(r.error.toString()));
    QCOMPARE(r.value.toString(), u"'n'|'u'|False|<not given>"_s);
    QCOMPARE(PyroInvoker::getAttribute(&object, cls, u"max_size"_s).value.toInt(), 3);
    QVERIFY(!PyroInvoker::setAttribute(&object, cls, u"max_size"_s, 7).isError());
    QCOMPARE(object.maxSize(), 7);
    QVERIFY(PyroInvoker::getAttribute(&object, cls, u"maxSize"_s).isError());
}

void tst_PyroInvoker::skippedOptionalArguments_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QVariantList>("args");
    QTest::addColumn<QVariantMap>("kwargs");
    QTest::addColumn<QString>("expected"); // result text, or "TypeError: <message>"
    QTest::newRow("all positional") << u"register"_s << QVariantList{u"n"_s, u"u"_s, true, QVariantList{u"t"_s}}
                                    << QVariantMap() << u"'n'|'u'|True|['t']"_s;
    QTest::newRow("trailing defaults") << u"register"_s << QVariantList{u"n"_s, u"u"_s} << QVariantMap()
                                       << u"'n'|'u'|False|<not given>"_s;
    QTest::newRow("skip safe by keyword") << u"register"_s << QVariantList{u"n"_s, u"u"_s}
                                          << QVariantMap{{u"metadata"_s, QVariantList{u"t"_s}}}
                                          << u"'n'|'u'|<not given>|['t']"_s;
    QTest::newRow("all by keyword, skipping safe") << u"register"_s << QVariantList()
                                          << QVariantMap{{u"uri"_s, u"u"_s}, {u"name"_s, u"n"_s},
                                                         {u"metadata"_s, PyroValues::none()}}
                                          << u"'n'|'u'|<not given>|None"_s;
    QTest::newRow("explicit None is given") << u"register"_s << QVariantList{u"n"_s, u"u"_s, PyroValues::none()}
                                            << QVariantMap() << u"'n'|'u'|None|<not given>"_s;
    QTest::newRow("required not skippable") << u"register"_s << QVariantList{u"n"_s}
                                            << QVariantMap{{u"metadata"_s, 1}}
                                            << u"TypeError: Renamed.register() missing 1 required positional argument: 'uri'"_s;
    QTest::newRow("typed trailing default") << u"typed"_s << QVariantList{u"a"_s} << QVariantMap() << u"a|1|c"_s;
    QTest::newRow("typed keyword in order") << u"typed"_s << QVariantList{u"a"_s} << QVariantMap{{u"b"_s, 5}}
                                            << u"a|5|c"_s;
    QTest::newRow("typed skip is an error") << u"typed"_s << QVariantList{u"a"_s} << QVariantMap{{u"c"_s, u"x"_s}}
                                            << u"TypeError: Renamed.typed() missing 1 required positional argument: 'b'"_s;
}

void tst_PyroInvoker::skippedOptionalArguments()
{
    QFETCH(QString, method);
    QFETCH(QVariantList, args);
    QFETCH(QVariantMap, kwargs);
    QFETCH(QString, expected);
    const PyroClassInfo &cls = PyroInvoker::classInfo(&Renamed::staticMetaObject);
    Renamed object;
    const PyroInvokeResult r = PyroInvoker::call(&object, cls, *cls.method(method), args, kwargs);
    if (expected.startsWith(u"TypeError: "_s)) {
        QVERIFY(r.isError());
        QCOMPARE(r.error.pythonClass(), u"builtins.TypeError"_s);
        QCOMPARE(r.error.message(), expected.mid(11));
        return;
    }
    QVERIFY2(!r.isError(), qPrintable(r.error.toString()));
    QCOMPARE(r.value.toString(), expected);
}

QTEST_MAIN(tst_PyroInvoker)
#include "tst_pyroinvoker.moc"
