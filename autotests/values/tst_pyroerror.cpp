// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroerror.h"
#include "pyroerror_p.h"
#include "pyroexceptionwrapper.h"
#include "pyrotestvectors.h"
#include "pyrovalues.h"

#include <QtCore/QJsonArray>
#include <QtCore/QMetaEnum>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

using Code = PyroError::Code;

namespace {

QVariant none() { return PyroValues::none(); }

QString describe(const QVariant &v)
{
    QString text;
    QDebug(&text) << v;
    return text;
}

const QStringList tracebackLines{
    u"Traceback (most recent call last):\n"_s,
    u"  File \"<Pyro5/server.py>\", line 482, in handleRequest\n"_s,
    u"ValueError: bad value\n"_s,
};

QStringList keysOf(const PyroDict &dict)
{
    QStringList keys;
    for (const PyroDict::Entry &e : dict.entries())
        keys.append(e.first.toString());
    return keys;
}

} // namespace

class tst_PyroError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void codeNames_data();
    void codeNames();
    void classNameToCode_data();
    void classNameToCode();
    void hierarchy_data();
    void hierarchy();

    void noError();
    void localError();
    void exceptionFactory_data();
    void exceptionFactory();

    void toExceptionDict();
    void exceptionDictVectors_data();
    void exceptionDictVectors();
    void fromExceptionDict_data();
    void fromExceptionDict();
    void fromExceptionDictRejects_data();
    void fromExceptionDictRejects();
    void remoteTraceback_data();
    void remoteTraceback();

    void equalityAndSharing();
    void exceptionWrapper();
    void debugAndMetaType();
};

// Every Pyro5 error class (Pyro5/errors.py) and its code.
void tst_PyroError::codeNames_data()
{
    QTest::addColumn<Code>("code");
    QTest::addColumn<QString>("pythonClass");
    QTest::newRow("PyroError") << Code::PyroError << u"Pyro5.errors.PyroError"_s;
    QTest::newRow("CommunicationError") << Code::CommunicationError << u"Pyro5.errors.CommunicationError"_s;
    QTest::newRow("ConnectionClosed") << Code::ConnectionClosed << u"Pyro5.errors.ConnectionClosedError"_s;
    QTest::newRow("Timeout") << Code::Timeout << u"Pyro5.errors.TimeoutError"_s;
    QTest::newRow("ProtocolError") << Code::ProtocolError << u"Pyro5.errors.ProtocolError"_s;
    QTest::newRow("MessageTooLarge") << Code::MessageTooLarge << u"Pyro5.errors.MessageTooLargeError"_s;
    QTest::newRow("SerializeError") << Code::SerializeError << u"Pyro5.errors.SerializeError"_s;
    QTest::newRow("NamingError") << Code::NamingError << u"Pyro5.errors.NamingError"_s;
    QTest::newRow("DaemonError") << Code::DaemonError << u"Pyro5.errors.DaemonError"_s;
    QTest::newRow("SecurityError") << Code::SecurityError << u"Pyro5.errors.SecurityError"_s;
    QTest::newRow("RemoteException") << Code::RemoteException << u"builtins.Exception"_s;
    QTest::newRow("NoError") << Code::NoError << QString();
}

void tst_PyroError::codeNames()
{
    QFETCH(Code, code);
    QFETCH(QString, pythonClass);
    QCOMPARE(PyroError::pythonClassForCode(code), pythonClass);
    if (code != Code::NoError && code != Code::RemoteException)
        QCOMPARE(PyroError::codeForPythonClass(pythonClass), code);
    const PyroError e(code, u"m"_s);
    QCOMPARE(e.code(), code);
    QCOMPARE(e.pythonClass(), pythonClass);
    QVERIFY(!e.isRemote());
    QVERIFY(e.remoteType().isEmpty());
    // The enum is introspectable (QML, logs).
    QVERIFY(QMetaEnum::fromType<Code>().valueToKey(int(code)) != nullptr);
}

// The class names a Python peer may send (PROTOCOL.md §6.3).
void tst_PyroError::classNameToCode_data()
{
    QTest::addColumn<QString>("pythonClass");
    QTest::addColumn<Code>("code");
    QTest::newRow("Pyro5 NamingError") << u"Pyro5.errors.NamingError"_s << Code::NamingError;
    QTest::newRow("Pyro5 TimeoutError") << u"Pyro5.errors.TimeoutError"_s << Code::Timeout;
    QTest::newRow("Pyro5 ConnectionClosedError") << u"Pyro5.errors.ConnectionClosedError"_s << Code::ConnectionClosed;
    QTest::newRow("Pyro5 SerializeError") << u"Pyro5.errors.SerializeError"_s << Code::SerializeError;
    // Pyro5 accepts the bare names of its errors (and the Pyro error wins over the builtin
    // TimeoutError, as Pyro5's lookup table is filled in that order).
    QTest::newRow("bare NamingError") << u"NamingError"_s << Code::NamingError;
    QTest::newRow("bare TimeoutError") << u"TimeoutError"_s << Code::Timeout;
    QTest::newRow("bare PyroError") << u"PyroError"_s << Code::PyroError;
    QTest::newRow("builtins TimeoutError") << u"builtins.TimeoutError"_s << Code::RemoteException;
    QTest::newRow("builtins ValueError") << u"builtins.ValueError"_s << Code::RemoteException;
    QTest::newRow("bare ValueError") << u"ValueError"_s << Code::RemoteException;
    QTest::newRow("python 2 spelling") << u"exceptions.ValueError"_s << Code::RemoteException;
    QTest::newRow("user module") << u"mymodule.MyError"_s << Code::RemoteException;
    QTest::newRow("user class named like a Pyro error") << u"mymodule.NamingError"_s << Code::RemoteException;
    QTest::newRow("unknown Pyro5 error") << u"Pyro5.errors.NoSuchError"_s << Code::RemoteException;
    QTest::newRow("case matters") << u"Pyro5.errors.namingerror"_s << Code::RemoteException;
    QTest::newRow("prefix only") << u"Pyro5.errors."_s << Code::RemoteException;
    QTest::newRow("empty") << QString() << Code::RemoteException;
}

void tst_PyroError::classNameToCode()
{
    QFETCH(QString, pythonClass);
    QFETCH(Code, code);
    QCOMPARE(PyroError::codeForPythonClass(pythonClass), code);
    const PyroError e = PyroError::exception(pythonClass, u"x"_s);
    QCOMPARE(e.code(), code);
    if (!pythonClass.isEmpty())
        QCOMPARE(e.pythonClass(), pythonClass); // the exact name travels back unchanged
}

// issubclass() among Pyro5's error classes, as printed by Pyro5 5.17.
void tst_PyroError::hierarchy_data()
{
    QTest::addColumn<Code>("code");
    QTest::addColumn<QList<Code>>("isA");
    using L = QList<Code>;
    QTest::newRow("PyroError") << Code::PyroError << L{Code::PyroError};
    QTest::newRow("CommunicationError") << Code::CommunicationError << L{Code::PyroError, Code::CommunicationError};
    QTest::newRow("ConnectionClosed") << Code::ConnectionClosed
                                      << L{Code::PyroError, Code::CommunicationError, Code::ConnectionClosed};
    QTest::newRow("Timeout") << Code::Timeout << L{Code::PyroError, Code::CommunicationError, Code::Timeout};
    QTest::newRow("ProtocolError") << Code::ProtocolError
                                   << L{Code::PyroError, Code::CommunicationError, Code::ProtocolError};
    QTest::newRow("MessageTooLarge") << Code::MessageTooLarge
                                     << L{Code::PyroError, Code::CommunicationError, Code::ProtocolError,
                                          Code::MessageTooLarge};
    QTest::newRow("SerializeError") << Code::SerializeError
                                    << L{Code::PyroError, Code::CommunicationError, Code::ProtocolError,
                                         Code::SerializeError};
    QTest::newRow("NamingError") << Code::NamingError << L{Code::PyroError, Code::NamingError};
    QTest::newRow("DaemonError") << Code::DaemonError << L{Code::PyroError, Code::DaemonError};
    QTest::newRow("SecurityError") << Code::SecurityError << L{Code::PyroError, Code::SecurityError};
    // A remote builtins.ValueError is no Pyro error.
    QTest::newRow("RemoteException") << Code::RemoteException << L{Code::RemoteException};
    QTest::newRow("NoError") << Code::NoError << L{};
}

void tst_PyroError::hierarchy()
{
    QFETCH(Code, code);
    QFETCH(QList<Code>, isA);
    const PyroError e(code, u"m"_s);
    const QMetaEnum codes = QMetaEnum::fromType<Code>();
    for (int i = 0; i < codes.keyCount(); ++i) {
        const Code other = Code(codes.value(i));
        QVERIFY2(e.is(other) == isA.contains(other),
                 qPrintable(QString::fromLatin1(codes.key(i))));
    }
}

void tst_PyroError::noError()
{
    const PyroError e;
    QVERIFY(!e.isError());
    QCOMPARE(e.code(), Code::NoError);
    QVERIFY(e.message().isEmpty());
    QVERIFY(e.pythonClass().isEmpty());
    QVERIFY(!e.isRemote());
    QVERIFY(e.remoteArgs().isEmpty());
    QVERIFY(e.remoteTraceback().isEmpty());
    QVERIFY(e.attributes().isEmpty());
    QCOMPARE(e.toString(), u"no error"_s);
    QCOMPARE(e, PyroError());
    QCOMPARE(PyroError(Code::NoError, QString()), e);
}

void tst_PyroError::localError()
{
    const PyroError e(Code::Timeout, u"receiving: timeout"_s);
    QVERIFY(e.isError());
    QCOMPARE(e.message(), u"receiving: timeout"_s);
    QCOMPARE(e.pythonClass(), u"Pyro5.errors.TimeoutError"_s);
    QCOMPARE(e.toString(), u"Pyro5.errors.TimeoutError: receiving: timeout"_s);
    QVERIFY(!e.isRemote());
    QVERIFY(e.remoteType().isEmpty());
    QVERIFY(e.remoteArgs().isEmpty()); // remote side only
    QVERIFY(e.is(Code::CommunicationError));
    QCOMPARE(PyroError(Code::DaemonError, QString()).toString(), u"Pyro5.errors.DaemonError"_s);
}

// The message is Python's str() of the exception: str(arg) for one argument, the repr of
// the args tuple for several (checked with CPython 3.11).
void tst_PyroError::exceptionFactory_data()
{
    QTest::addColumn<QString>("pythonClass");
    QTest::addColumn<QVariantList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("one str") << u"builtins.ValueError"_s << QVariantList{u"bad input"_s} << u"bad input"_s;
    QTest::newRow("no args") << u"builtins.RuntimeError"_s << QVariantList() << QString();
    QTest::newRow("one int") << u"builtins.ValueError"_s << QVariantList{42} << u"42"_s;
    QTest::newRow("one None") << u"builtins.ValueError"_s << QVariantList{none()} << u"None"_s;
    QTest::newRow("one bytes") << u"builtins.ValueError"_s << QVariantList{QByteArray("x")} << u"b'x'"_s;
    QTest::newRow("errno and text") << u"builtins.FileNotFoundError"_s
                                    << QVariantList{2, u"No such file or directory"_s}
                                    << u"(2, 'No such file or directory')"_s;
    QTest::newRow("mixed args") << u"builtins.ValueError"_s
                                << QVariantList{u"a"_s, 2, none(), 1.0, QVariantList{1, 2}}
                                << u"('a', 2, None, 1.0, [1, 2])"_s;
}

void tst_PyroError::exceptionFactory()
{
    QFETCH(QString, pythonClass);
    QFETCH(QVariantList, args);
    QFETCH(QString, message);
    const PyroError e = PyroError::exception(pythonClass, args);
    QCOMPARE(e.code(), Code::RemoteException);
    QCOMPARE(e.pythonClass(), pythonClass);
    QCOMPARE(e.message(), message);
    QVERIFY(!e.isRemote()); // made here, to be sent
    QVERIFY(PyroValues::identical(QVariant(e.toExceptionDict().value(u"args"_s).value<PyroTuple>().items()),
                                  QVariant(args)));
    if (args.size() == 1 && args.first().typeId() == QMetaType::QString) {
        const PyroError viaString = PyroError::exception(pythonClass, args.first().toString());
        QCOMPARE(viaString, e);
    }
    // A null message means no args at all.
    QVERIFY(PyroError::exception(pythonClass, QString()).toExceptionDict().value(u"args"_s)
                .value<PyroTuple>().isEmpty());
}

void tst_PyroError::toExceptionDict()
{
    PyroError e = PyroError::exception(u"builtins.ValueError"_s, u"bad value"_s);
    e.setAttribute(u"code"_s, 1234);
    PyroErrorEditor::setTraceback(e, tracebackLines);
    const PyroDict dict = e.toExceptionDict();
    // Pyro5's key order: the bytes a Python peer would send.
    QCOMPARE(keysOf(dict), (QStringList{u"__class__"_s, u"__exception__"_s, u"args"_s, u"attributes"_s}));
    QVERIFY(PyroValues::identical(dict.value(u"__class__"_s), QVariant(u"builtins.ValueError"_s)));
    QVERIFY(PyroValues::identical(dict.value(u"__exception__"_s), QVariant(true)));
    const QVariant args = dict.value(u"args"_s);
    QCOMPARE(args.typeId(), qMetaTypeId<PyroTuple>()); // a tuple, as in Python
    QVERIFY(PyroValues::identical(args, QVariant::fromValue(PyroTuple{u"bad value"_s})));
    const QVariant attributes = dict.value(u"attributes"_s);
    QCOMPARE(attributes.typeId(), qMetaTypeId<PyroDict>());
    const PyroDict attrs = attributes.value<PyroDict>();
    // Attributes in the order they were set.
    QCOMPARE(keysOf(attrs), (QStringList{u"code"_s, u"_pyroTraceback"_s}));
    QVERIFY(PyroValues::identical(attrs.value(u"code"_s), QVariant(1234)));
    QVERIFY(PyroValues::identical(attrs.value(u"_pyroTraceback"_s),
                                  QVariant(QVariantList(tracebackLines.cbegin(), tracebackLines.cend()))));

    // A local error goes out under its Pyro5 class name.
    const PyroDict local = PyroError(Code::NamingError, u"unknown name: x"_s).toExceptionDict();
    QVERIFY(PyroValues::identical(local.value(u"__class__"_s), QVariant(u"Pyro5.errors.NamingError"_s)));
    QVERIFY(PyroValues::identical(local.value(u"args"_s), QVariant::fromValue(PyroTuple{u"unknown name: x"_s})));
    QVERIFY(local.value(u"attributes"_s).value<PyroDict>().isEmpty());

    // And comes back as it went.
    const PyroError back = PyroError::fromExceptionDict(QVariant::fromValue(dict));
    QVERIFY(back.isRemote());
    QCOMPARE(back.code(), Code::RemoteException);
    QCOMPARE(back.remoteType(), u"builtins.ValueError"_s);
    QCOMPARE(back.message(), u"bad value"_s);
    QCOMPARE(back.remoteTraceback(), tracebackLines);
    QCOMPARE(back.attributes(), e.attributes());
    QVERIFY(PyroValues::identical(QVariant::fromValue(back.toExceptionDict()), QVariant::fromValue(dict)));
    const PyroDict again = back.toExceptionDict();
    QCOMPARE(keysOf(again), keysOf(dict));
    QCOMPARE(keysOf(again.value(u"attributes"_s).value<PyroDict>()), keysOf(attrs));
}

// values.json, category "exception": Pyro5's own exception dicts in all four serializers.
void tst_PyroError::exceptionDictVectors_data()
{
    QTest::addColumn<QJsonObject>("vector");
    const QJsonArray vectors = PyroTestVectors::loadManifest(u"values.json"_s).value(u"vectors"_s).toArray();
    int count = 0;
    for (const QJsonValue &v : vectors) {
        const QJsonObject o = v.toObject();
        // Exception dicts only: the batch wrapper and unknown class names are the class
        // mapping's business (tst_pyroserializervectors).
        if (o.value(u"category"_s).toString() != u"exception" || o.value(u"file"_s).isNull()
            || o.value(u"decoded"_s).toObject().value(u"type"_s).toString() != u"exception")
            continue;
        const QString tag = o.value(u"serializer"_s).toString() + u'/' + o.value(u"name"_s).toString();
        QTest::newRow(qPrintable(tag)) << o;
        ++count;
    }
    QVERIFY(count >= 40);
}

void tst_PyroError::exceptionDictVectors()
{
    QFETCH(QJsonObject, vector);
    QString unsupported;
    // Format layer (the dict as the decoder hands it over) -> PyroError -> Pyro layer.
    const QVariant raw = PyroTestVectors::fromTyped(vector.value(u"raw"_s), &unsupported);
    QVERIFY2(unsupported.isEmpty(), qPrintable(unsupported));
    const PyroError error = PyroError::fromExceptionDict(raw);
    QVERIFY2(error.isRemote(), qPrintable(error.toString()));
    QString why;
    QVERIFY2(PyroTestVectors::matchesTyped(QVariant::fromValue(error), vector.value(u"decoded"_s), &why),
             qPrintable(why));
    const QString cls = vector.value(u"decoded"_s).toObject().value(u"class"_s).toString();
    QCOMPARE(error.remoteType(), cls);
    QCOMPARE(error.code(), PyroError::codeForPythonClass(cls));
    if (cls.startsWith(u"Pyro5.errors."_s))
        QVERIFY(error.is(Code::PyroError));

    // The other way: the C++ error model of `input` gives Pyro5's dict, key order included.
    const PyroError input = PyroTestVectors::fromTyped(vector.value(u"input"_s)).value<PyroError>();
    const PyroDict dict = input.toExceptionDict();
    QCOMPARE(keysOf(dict), (QStringList{u"__class__"_s, u"__exception__"_s, u"args"_s, u"attributes"_s}));
    if (vector.value(u"serializer"_s).toString() == u"serpent") {
        // serpent keeps tuples, so the raw dict is exactly Python's.
        QVERIFY2(PyroTestVectors::matchesTyped(QVariant::fromValue(dict), vector.value(u"raw"_s), &why),
                 qPrintable(why));
        const PyroDict rawDict = raw.value<PyroDict>();
        QCOMPARE(keysOf(dict), keysOf(rawDict));
        QCOMPARE(keysOf(dict.value(u"attributes"_s).value<PyroDict>()),
                 keysOf(rawDict.value(u"attributes"_s).value<PyroDict>()));
    }
}

void tst_PyroError::fromExceptionDict_data()
{
    QTest::addColumn<QVariant>("dict");
    QTest::addColumn<Code>("code");
    QTest::addColumn<QString>("remoteType");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QVariantList>("args");

    QTest::newRow("json style map, list args")
        << QVariant(QVariantMap{{u"__class__"_s, u"builtins.KeyError"_s}, {u"__exception__"_s, true},
                                {u"args"_s, QVariantList{u"missing"_s}}, {u"attributes"_s, QVariantMap()}})
        << Code::RemoteException << u"builtins.KeyError"_s << u"missing"_s << QVariantList{u"missing"_s};
    QTest::newRow("Pyro error")
        << QVariant::fromValue(PyroDict{{u"__class__"_s, u"Pyro5.errors.NamingError"_s}, {u"__exception__"_s, true},
                                        {u"args"_s, QVariant::fromValue(PyroTuple{u"unknown name: x"_s})},
                                        {u"attributes"_s, QVariantMap()}})
        << Code::NamingError << u"Pyro5.errors.NamingError"_s << u"unknown name: x"_s
        << QVariantList{u"unknown name: x"_s};
    QTest::newRow("bare Pyro error name")
        << QVariant(QVariantMap{{u"__class__"_s, u"SerializeError"_s}, {u"__exception__"_s, true},
                                {u"args"_s, QVariantList{u"x"_s}}})
        << Code::SerializeError << u"SerializeError"_s << u"x"_s << QVariantList{u"x"_s};
    QTest::newRow("no attributes key")
        << QVariant(QVariantMap{{u"__class__"_s, u"builtins.StopIteration"_s}, {u"__exception__"_s, true},
                                {u"args"_s, QVariantList()}})
        << Code::RemoteException << u"builtins.StopIteration"_s << QString() << QVariantList();
    QTest::newRow("attributes None")
        << QVariant(QVariantMap{{u"__class__"_s, u"builtins.ValueError"_s}, {u"__exception__"_s, true},
                                {u"args"_s, QVariantList{1, 2}}, {u"attributes"_s, none()}})
        << Code::RemoteException << u"builtins.ValueError"_s << u"(1, 2)"_s << QVariantList{1, 2};
    QTest::newRow("args None")
        << QVariant(QVariantMap{{u"__class__"_s, u"builtins.ValueError"_s}, {u"__exception__"_s, true},
                                {u"args"_s, none()}})
        << Code::RemoteException << u"builtins.ValueError"_s << QString() << QVariantList();
    QTest::newRow("user class")
        << QVariant(QVariantMap{{u"__class__"_s, u"vecservers.CustomError"_s}, {u"__exception__"_s, true},
                                {u"args"_s, QVariantList{u"custom"_s}}, {u"attributes"_s, QVariantMap()}})
        << Code::RemoteException << u"vecservers.CustomError"_s << u"custom"_s << QVariantList{u"custom"_s};
}

void tst_PyroError::fromExceptionDict()
{
    QFETCH(QVariant, dict);
    QFETCH(Code, code);
    QFETCH(QString, remoteType);
    QFETCH(QString, message);
    QFETCH(QVariantList, args);
    const PyroError e = PyroError::fromExceptionDict(dict);
    QVERIFY(e.isError());
    QVERIFY(e.isRemote());
    QCOMPARE(e.code(), code);
    QCOMPARE(e.remoteType(), remoteType);
    QCOMPARE(e.pythonClass(), remoteType);
    QCOMPARE(e.message(), message);
    QVERIFY2(PyroValues::identical(QVariant(e.remoteArgs()), QVariant(args)), qPrintable(describe(e.remoteArgs())));
    QCOMPARE(e.toString(), message.isEmpty() ? remoteType : remoteType + u": "_s + message);
}

void tst_PyroError::fromExceptionDictRejects_data()
{
    QTest::addColumn<QVariant>("dict");
    QTest::addColumn<Code>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("not a dict") << QVariant(QVariantList{1}) << Code::SerializeError << u"exception is not a dict"_s;
    QTest::newRow("None") << none() << Code::SerializeError << u"exception is not a dict"_s;
    QTest::newRow("no class") << QVariant(QVariantMap{{u"args"_s, QVariantList()}}) << Code::SerializeError
                              << u"exception dict without __class__"_s;
    QTest::newRow("class not str") << QVariant(QVariantMap{{u"__class__"_s, 5}}) << Code::SerializeError
                                   << u"exception dict without __class__"_s;
    QTest::newRow("double underscore") << QVariant(QVariantMap{{u"__class__"_s, u"__main__.MyError"_s},
                                                               {u"__exception__"_s, true}, {u"args"_s, QVariantList()}})
        << Code::SecurityError
        << u"refused to deserialize types with double underscores in their name: __main__.MyError"_s;
    QTest::newRow("dunder inside") << QVariant(QVariantMap{{u"__class__"_s, u"mod.My__Error"_s}})
        << Code::SecurityError << u"refused to deserialize types with double underscores in their name: mod.My__Error"_s;
    QTest::newRow("args not a sequence")
        << QVariant(QVariantMap{{u"__class__"_s, u"builtins.ValueError"_s}, {u"args"_s, u"text"_s}})
        << Code::SerializeError << u"exception args is not a sequence"_s;
    QTest::newRow("attributes not a dict")
        << QVariant(QVariantMap{{u"__class__"_s, u"builtins.ValueError"_s}, {u"args"_s, QVariantList()},
                                {u"attributes"_s, QVariantList{1}}})
        << Code::SerializeError << u"exception attributes is not a dict"_s;
}

void tst_PyroError::fromExceptionDictRejects()
{
    QFETCH(QVariant, dict);
    QFETCH(Code, code);
    QFETCH(QString, message);
    const PyroError e = PyroError::fromExceptionDict(dict);
    QCOMPARE(e.code(), code);
    QCOMPARE(e.message(), message);
    QVERIFY(!e.isRemote()); // our own complaint about the dict, not the peer's exception
}

void tst_PyroError::remoteTraceback_data()
{
    QTest::addColumn<QVariant>("traceback");
    QTest::addColumn<QStringList>("lines");
    QTest::newRow("list of lines") << QVariant(QVariantList(tracebackLines.cbegin(), tracebackLines.cend()))
                                   << tracebackLines;
    QTest::newRow("tuple of lines") << QVariant::fromValue(PyroTuple(QVariantList(tracebackLines.cbegin(), tracebackLines.cend())))
                                    << tracebackLines;
    QTest::newRow("one string") << QVariant(u"Traceback...\n"_s) << QStringList{u"Traceback...\n"_s};
    QTest::newRow("None (stream start marker)") << none() << QStringList();
    QTest::newRow("empty list") << QVariant(QVariantList()) << QStringList();
    QTest::newRow("absent") << QVariant() << QStringList();
}

void tst_PyroError::remoteTraceback()
{
    QFETCH(QVariant, traceback);
    QFETCH(QStringList, lines);
    QVariantMap attributes{{u"other"_s, 1}};
    if (traceback.isValid())
        attributes.insert(u"_pyroTraceback"_s, traceback);
    const PyroError e = PyroError::fromExceptionDict(
        QVariant(QVariantMap{{u"__class__"_s, u"builtins.ValueError"_s}, {u"__exception__"_s, true},
                             {u"args"_s, QVariantList{u"bad value"_s}}, {u"attributes"_s, attributes}}));
    QVERIFY(e.isRemote());
    QCOMPARE(e.remoteTraceback(), lines);
    QVERIFY(PyroValues::identical(e.attributes().value(u"other"_s), QVariant(1)));

    // setTraceback() writes the list form Python sends.
    PyroError local = PyroError::exception(u"builtins.ValueError"_s, u"bad value"_s);
    PyroErrorEditor::setTraceback(local, lines);
    QCOMPARE(local.remoteTraceback(), lines);
    QCOMPARE(local.attributes().value(u"_pyroTraceback"_s).typeId(), QMetaType::QVariantList);
}

void tst_PyroError::equalityAndSharing()
{
    PyroError a(Code::DaemonError, u"unknown object"_s);
    PyroError b = a;
    QCOMPARE(a, b);
    b.setAttribute(u"x"_s, 1);
    QVERIFY(a != b); // detached
    QVERIFY(a.attributes().isEmpty());
    QVERIFY(PyroError(Code::DaemonError, u"a"_s) != PyroError(Code::DaemonError, u"b"_s));
    QVERIFY(PyroError(Code::DaemonError, u"a"_s) != PyroError(Code::NamingError, u"a"_s));
    // Args compare by Python equality (int and qlonglong are both int).
    QCOMPARE(PyroError::exception(u"builtins.ValueError"_s, QVariantList{1}),
             PyroError::exception(u"builtins.ValueError"_s, QVariantList{qlonglong(1)}));
    QVERIFY(PyroError::exception(u"builtins.ValueError"_s, QVariantList{1})
            != PyroError::exception(u"builtins.KeyError"_s, QVariantList{1}));
    PyroError remote = a;
    PyroErrorEditor::setRemote(remote, true);
    QVERIFY(remote != a);
    QCOMPARE(remote.remoteType(), u"Pyro5.errors.DaemonError"_s);
    QCOMPARE(remote.remoteArgs(), (QVariantList{u"unknown object"_s}));

    PyroError moved = std::move(b);
    QVERIFY(moved.attributes().contains(u"x"_s));
    PyroError other;
    other.swap(moved);
    QCOMPARE(other.code(), Code::DaemonError);
    QVERIFY(!moved.isError());

    PyroError withArgs(Code::NamingError, u"x"_s);
    PyroErrorEditor::setArgs(withArgs, {u"y"_s, 2});
    QCOMPARE(withArgs.message(), u"('y', 2)"_s);
    PyroDict attrs{{u"a"_s, 1}};
    PyroErrorEditor::setAttributes(withArgs, attrs);
    QCOMPARE(withArgs.attributes(), attrs);
}

void tst_PyroError::exceptionWrapper()
{
    const PyroError e = PyroError::exception(u"builtins.ZeroDivisionError"_s, u"division by zero"_s);
    const PyroExceptionWrapper w(e);
    QCOMPARE(w.error(), e);
    QCOMPARE(w, PyroExceptionWrapper(e));
    QVERIFY(w != PyroExceptionWrapper());
    const QVariant v = QVariant::fromValue(w);
    QCOMPARE(v.value<PyroExceptionWrapper>(), w);
    QString text;
    QDebug(&text) << w;
    QVERIFY2(text.contains(u"PyroExceptionWrapper(PyroError(builtins.ZeroDivisionError: division by zero))"_s),
             qPrintable(text));
}

void tst_PyroError::debugAndMetaType()
{
    QString text;
    QDebug(&text) << PyroError(Code::Timeout, u"receiving: timeout"_s);
    QCOMPARE(text.trimmed(), u"PyroError(Pyro5.errors.TimeoutError: receiving: timeout)"_s);

    const PyroError remote = PyroError::fromExceptionDict(
        QVariant(QVariantMap{{u"__class__"_s, u"builtins.ValueError"_s}, {u"__exception__"_s, true},
                             {u"args"_s, QVariantList{u"bad value"_s}},
                             {u"attributes"_s, QVariantMap{{u"_pyroTraceback"_s,
                                                            QVariantList(tracebackLines.cbegin(), tracebackLines.cend())}}}}));
    text.clear();
    QDebug(&text) << remote;
    QVERIFY2(text.contains(u"remote traceback:\nTraceback (most recent call last):\n"_s), qPrintable(text));

    const QVariant v = QVariant::fromValue(remote);
    QCOMPARE(v.value<PyroError>(), remote);

    // Q_GADGET properties.
    const QMetaObject &mo = PyroError::staticMetaObject;
    QCOMPARE(mo.property(mo.indexOfProperty("message")).readOnGadget(&remote).toString(), u"bad value"_s);
    QCOMPARE(mo.property(mo.indexOfProperty("remoteType")).readOnGadget(&remote).toString(), u"builtins.ValueError"_s);
    QCOMPARE(mo.property(mo.indexOfProperty("isError")).readOnGadget(&remote).toBool(), true);
    QCOMPARE(mo.property(mo.indexOfProperty("code")).readOnGadget(&remote).value<Code>(), Code::RemoteException);
}

QTEST_GUILESS_MAIN(tst_PyroError)
#include "tst_pyroerror.moc"
