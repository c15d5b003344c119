// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroqmlvalues_p.h"

#include <QtPyro/PyroError>
#include <QtPyro/PyroObjectRef>
#include <QtPyro/PyroUri>
#include <QtPyro/PyroValues>
#include <pyrovaluetypes.h>

#include <QtCore/QDateTime>
#include <QtCore/QMetaEnum>
#include <QtQml/QJSEngine>
#include <QtQml/QJSValueIterator>

#include <cmath>

using namespace Qt::StringLiterals;

namespace PyroQmlValues {

namespace {

// Pyro5 sends nested containers; a JS value nested deeper than this is refused rather
// than walked (a cyclic JS object would otherwise never end).
constexpr int maxDepth = 64;

QJSValue integerToJs(qlonglong v)
{
    if (std::fabs(double(v)) <= maxSafeInteger)
        return v >= INT_MIN && v <= INT_MAX ? QJSValue(int(v)) : QJSValue(double(v));
    return QJSValue(QString::number(v));
}

QJSValue listToJs(QJSEngine *engine, const QVariantList &items)
{
    QJSValue array = engine->newArray(uint(items.size()));
    for (qsizetype i = 0; i < items.size(); ++i)
        array.setProperty(quint32(i), toJs(engine, items.at(i)));
    return array;
}

QJSValue construct(QJSEngine *engine, const char *constructor)
{
    return engine->globalObject().property(QLatin1String(constructor)).callAsConstructor();
}

QString constructorName(const QJSValue &value)
{
    return value.property(u"constructor"_s).property(u"name"_s).toString();
}

// Walks a JS iterator (Map.prototype.entries(), Set.prototype.values()).
template<typename F>
void forEachIterated(const QJSValue &object, const QString &method, F f)
{
    QJSValue iterator = object.property(method).callWithInstance(object);
    QJSValue next = iterator.property(u"next"_s);
    for (int guard = 0; guard < 10'000'000; ++guard) {
        const QJSValue step = next.callWithInstance(iterator);
        if (step.isError() || step.property(u"done"_s).toBool())
            return;
        f(step.property(u"value"_s));
    }
}

QVariant fromJsImpl(const QJSValue &value, int depth);

QVariant numberFromJs(double d)
{
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) <= maxSafeInteger
        && !(d == 0 && std::signbit(d)))
        return QVariant(qlonglong(d));
    return QVariant(d);
}

QVariant fromJsImpl(const QJSValue &value, int depth)
{
    if (depth > maxDepth)
        return PyroValues::none();
    if (value.isUndefined() || value.isNull())
        return PyroValues::none();
    if (value.isBool())
        return value.toBool();
    if (value.isNumber())
        return numberFromJs(value.toNumber());
    if (value.isString())
        return value.toString();
    if (value.isDate())     // a JS Date is an instant: UTC, so Python gets an aware datetime text
        return value.toDateTime().toUTC();
    if (value.isArray()) {
        QVariantList list;
        const int length = value.property(u"length"_s).toInt();
        list.reserve(length);
        for (int i = 0; i < length; ++i)
            list.append(fromJsImpl(value.property(quint32(i)), depth + 1));
        return list;
    }
    if (value.isQObject()) {
        QObject *object = value.toQObject();
        // A PyroProxy element (or anything with a proxy) goes as the proxy it stands for.
        const QVariant ref = object ? object->property("objectRef") : QVariant();
        if (ref.isValid())
            return ref;
        return PyroValues::none();
    }
    if (value.isVariant())
        return fromVariant(value.toVariant());
    if (value.isObject() && !value.isCallable()) {
        const QString ctor = constructorName(value);
        if (ctor == u"ArrayBuffer"_s)
            return value.toVariant().toByteArray();
        if (ctor == u"Map"_s) {
            PyroDict dict;
            bool stringKeys = true;
            forEachIterated(value, u"entries"_s, [&](const QJSValue &entry) {
                const QVariant key = fromJsImpl(entry.property(0), depth + 1);
                stringKeys = stringKeys && key.metaType() == QMetaType::fromType<QString>();
                dict.insert(key, fromJsImpl(entry.property(1), depth + 1));
            });
            if (stringKeys)
                return dict.toVariantMap();
            return QVariant::fromValue(dict);
        }
        if (ctor == u"Set"_s) {
            QVariantList items;
            forEachIterated(value, u"values"_s, [&](const QJSValue &item) {
                items.append(fromJsImpl(item, depth + 1));
            });
            return QVariant::fromValue(PyroSet(items));
        }
        QVariantMap map;
        QJSValueIterator it(value);
        while (it.next())
            map.insert(it.name(), fromJsImpl(it.value(), depth + 1));
        return map;
    }
    return PyroValues::none();
}

} // namespace

QJSValue toJs(QJSEngine *engine, const QVariant &value)
{
    if (!engine)
        return QJSValue();
    if (PyroValues::isNone(value))
        return QJSValue(QJSValue::NullValue);
    const QMetaType type = value.metaType();
    switch (type.id()) {
    case QMetaType::Bool:
        return QJSValue(value.toBool());
    case QMetaType::Int: case QMetaType::Short: case QMetaType::Char: case QMetaType::SChar:
    case QMetaType::UChar: case QMetaType::UShort: case QMetaType::UInt:
    case QMetaType::Long: case QMetaType::LongLong:
        return integerToJs(value.toLongLong());
    case QMetaType::ULong: case QMetaType::ULongLong: {
        const qulonglong v = value.toULongLong();
        if (v <= qulonglong(maxSafeInteger))
            return QJSValue(double(v));
        return QJSValue(QString::number(v));
    }
    case QMetaType::Double: case QMetaType::Float:
        return QJSValue(value.toDouble());
    case QMetaType::QString:
        return QJSValue(value.toString());
    case QMetaType::QByteArray:
        return engine->toScriptValue(value.toByteArray());
    case QMetaType::QDateTime: case QMetaType::QDate:
        return engine->toScriptValue(value.toDateTime());
    case QMetaType::QTime: case QMetaType::QUrl: case QMetaType::QUuid:
        return QJSValue(value.toString());
    case QMetaType::QVariantList: case QMetaType::QStringList:
        return listToJs(engine, value.toList());
    case QMetaType::QVariantMap: case QMetaType::QVariantHash: {
        // serpent's form of bytes: {"data": base64, "encoding": "base64"}
        const QVariantMap map = value.toMap();
        if (map.size() == 2 && map.value(u"encoding"_s) == u"base64"_s) {
            bool ok = false;
            const QByteArray bytes = PyroValues::toBytes(value, &ok);
            if (ok)
                return engine->toScriptValue(bytes);
        }
        QJSValue object = engine->newObject();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            object.setProperty(it.key(), toJs(engine, it.value()));
        return object;
    }
    default:
        break;
    }
    if (type == QMetaType::fromType<PyroTuple>())
        return listToJs(engine, value.value<PyroTuple>().items());
    if (type == QMetaType::fromType<PyroSet>()) {
        QJSValue set = construct(engine, "Set");
        QJSValue add = set.property(u"add"_s);
        for (const QVariant &item : value.value<PyroSet>().items())
            add.callWithInstance(set, {toJs(engine, item)});
        return set;
    }
    if (type == QMetaType::fromType<PyroDict>()) {
        const PyroDict dict = value.value<PyroDict>();
        if (dict.hasOnlyStringKeys())
            return toJs(engine, dict.toVariantMap());
        QJSValue map = construct(engine, "Map");
        QJSValue set = map.property(u"set"_s);
        for (const auto &entry : dict.entries())
            set.callWithInstance(map, {toJs(engine, entry.first), toJs(engine, entry.second)});
        return map;
    }
    if (type == QMetaType::fromType<PyroBigInt>()) {
        const PyroBigInt big = value.value<PyroBigInt>();
        bool ok = false;
        const qlonglong v = big.toLongLong(&ok);
        return ok ? integerToJs(v) : QJSValue(big.toString());
    }
    if (type == QMetaType::fromType<PyroUri>())
        return QJSValue(value.value<PyroUri>().toString());
    if (type == QMetaType::fromType<PyroObjectRef>())
        return QJSValue(value.value<PyroObjectRef>().uri().toString());
    if (type == QMetaType::fromType<PyroError>())
        return errorToJs(engine, value.value<PyroError>());
    if (type == QMetaType::fromType<PyroComplex>()) {
        const PyroComplex c = value.value<PyroComplex>();
        QJSValue object = engine->newObject();
        object.setProperty(u"real"_s, c.real());
        object.setProperty(u"imag"_s, c.imag());
        return object;
    }
    if (type == QMetaType::fromType<PyroSurrogateString>())
        return QJSValue(value.value<PyroSurrogateString>().toString());
    if (type == QMetaType::fromType<QJSValue>())
        return value.value<QJSValue>();
    return engine->toScriptValue(value);
}

QVariant toJsVariant(QJSEngine *engine, const QVariant &value)
{
    return QVariant::fromValue(toJs(engine, value));
}

QVariant fromJs(const QJSValue &value)
{
    return fromJsImpl(value, 0);
}

QVariant fromVariant(const QVariant &value)
{
    const QMetaType type = value.metaType();
    if (type == QMetaType::fromType<QJSValue>())
        return fromJs(value.value<QJSValue>());
    switch (type.id()) {
    case QMetaType::Double: case QMetaType::Float:
        return numberFromJs(value.toDouble());
    case QMetaType::Int:
        return QVariant(value.toLongLong());
    case QMetaType::QVariantList: {
        QVariantList list = value.toList();
        for (QVariant &item : list)
            item = fromVariant(item);
        return list;
    }
    case QMetaType::QVariantMap: {
        QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            it.value() = fromVariant(it.value());
        return map;
    }
    case QMetaType::QObjectStar: {
        QObject *object = value.value<QObject *>();
        const QVariant ref = object ? object->property("objectRef") : QVariant();
        return ref.isValid() ? ref : PyroValues::none();
    }
    default:
        return value.isValid() ? value : PyroValues::none();
    }
}

QVariantMap errorToMap(const PyroError &error)
{
    if (!error.isError())
        return {};
    return {
        {u"message"_s, error.message()},
        {u"type"_s, error.pythonClass()},
        {u"traceback"_s, error.remoteTraceback().join(QString())},
        {u"code"_s, QString::fromLatin1(QMetaEnum::fromType<PyroError::Code>().valueToKey(int(error.code())))},
    };
}

QJSValue errorToJs(QJSEngine *engine, const PyroError &error)
{
    return engine ? engine->toScriptValue(errorToMap(error)) : QJSValue();
}

} // namespace PyroQmlValues
