// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroclassmapping_p.h"
#include "pyroserializerutils.h"
#include "pyrovaluetypes.h"
#include "pyroserializerregistry_p.h"

#include "pyroobjectref.h"
#include "pyrouri.h"

#include <QtCore/QAssociativeIterable>
#include <QtCore/QDateTime>
#include <QtCore/QPoint>
#include <QtCore/QRect>
#include <QtCore/QSequentialIterable>
#include <QtCore/QSize>
#include <QtCore/QTimeZone>
#include <QtCore/QUrl>
#include <QtCore/QUuid>

#include <cmath>

using PyroSerializerUtils::dictValue;

using namespace Qt::StringLiterals;

namespace {

// Python 3.11's builtin exception classes: "builtins.<Name>" of one of these is
// rebuilt by Python clients; any other name in builtins fails to decode there.
constexpr const char *builtinExceptions[] = {
    "ArithmeticError", "AssertionError", "AttributeError", "BaseException",
    "BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning",
    "ChildProcessError", "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError",
    "ConnectionResetError", "DeprecationWarning", "EOFError", "EncodingWarning",
    "EnvironmentError", "Exception", "ExceptionGroup", "FileExistsError", "FileNotFoundError",
    "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError", "ImportError",
    "ImportWarning", "IndentationError", "IndexError", "InterruptedError",
    "IsADirectoryError", "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError",
    "ModuleNotFoundError", "NameError", "NotADirectoryError", "NotImplementedError",
    "OSError", "OverflowError", "PendingDeprecationWarning", "PermissionError",
    "ProcessLookupError", "RecursionError", "ReferenceError", "ResourceWarning",
    "RuntimeError", "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError",
    "SyntaxWarning", "SystemError", "SystemExit", "TabError", "TimeoutError", "TypeError",
    "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError",
    "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError", "Warning",
    "ZeroDivisionError",
};

bool isBuiltinException(QStringView name)
{
    for (const char *known : builtinExceptions) {
        if (name == QLatin1StringView(known))
            return true;
    }
    return false;
}

bool isTrue(const QVariant &v)
{
    if (PyroValues::isNone(v))
        return false;
    if (v.typeId() == QMetaType::Bool)
        return v.toBool();
    return v.toLongLong() != 0 || v.toDouble() != 0;
}

QVariant failed(PyroError *error, PyroError e)
{
    if (error)
        *error = std::move(e);
    return QVariant();
}

QVariant mapException(const QVariant &dict, PyroError *error)
{
    PyroError e = PyroError::fromExceptionDict(dict);
    if (!e.isRemote())
        return failed(error, e); // fromExceptionDict reports malformed dicts as local errors
    return QVariant::fromValue(e);
}

} // namespace

namespace PyroClassMapping {

QString classNameOf(const QVariant &dict)
{
    const int id = dict.typeId();
    QVariant cls;
    if (id == QMetaType::QVariantMap) {
        const QVariantMap map = dict.toMap();
        const auto it = map.constFind(u"__class__"_s);
        if (it == map.cend())
            return QString();
        cls = *it;
    } else if (id == PyroTypeIds::get().dict) {
        cls = dict.value<PyroDict>().value(u"__class__"_s);
    } else {
        return QString();
    }
    return cls.typeId() == QMetaType::QString ? cls.toString() : QString();
}

QVariant fromClassDict(const QString &className, const QVariant &dict, quint8 serializerId,
                       PyroError *error)
{
    if (const auto hook = PyroSerializerRegistry::instance().dictToClass(className))
        return hook(className, dict);
    if (className.contains(u"__"_s))
        return failed(error, PyroError(PyroError::Code::SecurityError,
                                       u"refused to deserialize types with double underscores in their name: "_s
                                           + className));
    if (className == u"Pyro5.core.URI") {
        PyroError e;
        const PyroUri uri = PyroUri::fromState(listItems(dictValue(dict, u"state"_s)), &e);
        if (!uri.isValid())
            return failed(error, PyroError(PyroError::Code::SerializeError,
                                           u"invalid URI state: "_s + e.message()));
        return QVariant::fromValue(uri);
    }
    if (className == u"Pyro5.client.Proxy") {
        PyroError e;
        const PyroObjectRef ref = PyroObjectRef::fromState(listItems(dictValue(dict, u"state"_s)), &e);
        if (!ref.isValid())
            return failed(error, e);
        return QVariant::fromValue(ref);
    }
    if (className == u"Pyro5.server.Daemon" || className.startsWith(u"Pyro5.util."))
        return dict; // placeholders without meaning outside Python
    if (className.startsWith(u"Pyro5.errors.")) {
        if (PyroError::codeForPythonClass(className) == PyroError::Code::RemoteException)
            return failed(error, PyroError(PyroError::Code::SerializeError,
                                           u"unsupported serialized class: "_s + className));
        return mapException(dict, error);
    }
    if (className == u"struct.error")
        return mapException(dict, error);
    if (className == u"Pyro5.core._ExceptionWrapper") {
        QVariant inner = dictValue(dict, u"exception"_s);
        const QString innerClass = classNameOf(inner);
        if (!innerClass.isEmpty())
            inner = fromClassDict(innerClass, inner, serializerId, error);
        if (inner.typeId() != qMetaTypeId<PyroError>()) {
            if (inner.isValid())
                return failed(error, PyroError(PyroError::Code::SerializeError,
                                               u"exception wrapper without exception"_s));
            return QVariant();
        }
        return QVariant::fromValue(PyroExceptionWrapper(inner.value<PyroError>()));
    }
    if (isTrue(dictValue(dict, u"__exception__"_s))) {
        const qsizetype dot = className.indexOf(u'.');
        if (dot < 0) {
            if (isBuiltinException(className)
                || PyroError::codeForPythonClass(className) != PyroError::Code::RemoteException)
                return mapException(dict, error);
        } else {
            const QStringView ns = QStringView(className).first(dot);
            const QStringView shortName = QStringView(className).sliced(dot + 1);
            if ((ns == u"builtins" || ns == u"exceptions") && isBuiltinException(shortName))
                return mapException(dict, error);
            if (ns == u"sqlite3" && shortName.endsWith(u"Error"))
                return mapException(dict, error);
        }
    }
    if (serializerId == 1 && className == u"float") {
        const QVariant value = dictValue(dict, u"value"_s);
        bool ok = false;
        const QString text = value.toString().trimmed().toLower();
        double d = 0;
        if (text == u"nan" || text == u"+nan" || text == u"-nan") {
            d = std::nan("");
            ok = true;
        } else if (text == u"inf" || text == u"+inf" || text == u"infinity") {
            d = HUGE_VAL;
            ok = true;
        } else if (text == u"-inf" || text == u"-infinity") {
            d = -HUGE_VAL;
            ok = true;
        } else {
            d = text.toDouble(&ok);
        }
        if (!ok)
            return failed(error, PyroError(PyroError::Code::SerializeError,
                                           u"could not convert string to float: "_s + value.toString()));
        return d;
    }
    return failed(error, PyroError(PyroError::Code::SerializeError,
                                   u"unsupported serialized class: "_s + className));
}

QVariantList listItems(const QVariant &value)
{
    return pyroListItems(value);
}

static QString isoTime(const QTime &t)
{
    QString text = t.toString(u"HH:mm:ss"_s);
    if (const int ms = t.msec())
        text += u'.' + QString::number(ms * 1000).rightJustified(6, u'0');
    return text;
}

QString isoFormat(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QTime:
        return isoTime(value.toTime());
    case QMetaType::QDateTime: {
        const QDateTime dt = value.toDateTime();
        QString text = dt.date().toString(Qt::ISODate) + u'T' + isoTime(dt.time());
        if (dt.timeSpec() != Qt::LocalTime) {
            const int offset = dt.offsetFromUtc();
            const int absOffset = std::abs(offset);
            text += (offset < 0 ? u'-' : u'+')
                + QString::number(absOffset / 3600).rightJustified(2, u'0') + u':'
                + QString::number((absOffset / 60) % 60).rightJustified(2, u'0');
        }
        return text;
    }
    default:
        return QString();
    }
}

PyroError tooDeep(const QString &serializerName, int limit)
{
    return PyroError(PyroError::Code::SerializeError,
                     u"Object graph nesting too deep (more than %1 levels) for serializer %2"_s
                         .arg(limit).arg(serializerName));
}

PyroError tooManyItems(qint64 limit)
{
    return PyroError::exception(u"builtins.MemoryError"_s,
                                u"payload decodes to more than %1 values (QtPyro's decoding budget, "
                                "MAX_DECODE_ITEMS_PER_BYTE)"_s.arg(limit));
}

PyroError outOfMemory()
{
    return PyroError::exception(u"builtins.MemoryError"_s, QVariantList());
}

PyroError serializeError(const QString &message)
{
    return PyroError(PyroError::Code::SerializeError, message);
}

// A coordinate of a QPoint/QSize/QRect: an int for the integer types, a float otherwise.
static QVariant number(qreal v, bool isFloat)
{
    return isFloat ? QVariant(double(v)) : QVariant(qlonglong(v));
}

static QVariant toWireOnce(const QVariant &value, const PyroEncodeContext &context,
                           quint8 serializerId, PyroError *error)
{
    const int id = value.typeId();
    if (const auto hook = PyroSerializerRegistry::instance().classToDict(id))
        return hook(value);
    if (id == qMetaTypeId<PyroUri>()) {
        PyroDict dict;
        dict.append(u"__class__"_s, u"Pyro5.core.URI"_s);
        dict.append(u"state"_s, value.value<PyroUri>().toState());
        return QVariant::fromValue(dict);
    }
    if (id == qMetaTypeId<PyroObjectRef>()) {
        PyroDict dict;
        dict.append(u"__class__"_s, u"Pyro5.client.Proxy"_s);
        dict.append(u"state"_s, value.value<PyroObjectRef>().toState());
        return QVariant::fromValue(dict);
    }
    if (id == qMetaTypeId<PyroError>())
        return QVariant::fromValue(value.value<PyroError>().toExceptionDict());
    if (id == qMetaTypeId<PyroExceptionWrapper>()) {
        PyroDict dict;
        dict.append(u"__class__"_s, u"Pyro5.core._ExceptionWrapper"_s);
        dict.append(u"exception"_s,
                    QVariant::fromValue(value.value<PyroExceptionWrapper>().error().toExceptionDict()));
        return QVariant::fromValue(dict);
    }
    if (context.replace) {
        const QVariant replacement = context.replace(value);
        if (replacement.isValid())
            return replacement;
    }
    switch (id) {
    case QMetaType::QDate:
    case QMetaType::QTime:
    case QMetaType::QDateTime:
        return isoFormat(value);
    case QMetaType::QUuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    case QMetaType::QUrl:
        return value.toUrl().toString();
    case QMetaType::QPoint: case QMetaType::QPointF: {
        const QPointF p = value.toPointF();
        const bool f = id == QMetaType::QPointF;
        return QVariant::fromValue(PyroDict{{u"x"_s, number(p.x(), f)}, {u"y"_s, number(p.y(), f)}});
    }
    case QMetaType::QSize: case QMetaType::QSizeF: {
        const QSizeF s = value.toSizeF();
        const bool f = id == QMetaType::QSizeF;
        return QVariant::fromValue(PyroDict{{u"width"_s, number(s.width(), f)},
                                            {u"height"_s, number(s.height(), f)}});
    }
    case QMetaType::QRect: case QMetaType::QRectF: {
        const QRectF r = value.toRectF();
        const bool f = id == QMetaType::QRectF;
        return QVariant::fromValue(PyroDict{{u"x"_s, number(r.x(), f)}, {u"y"_s, number(r.y(), f)},
                                            {u"width"_s, number(r.width(), f)},
                                            {u"height"_s, number(r.height(), f)}});
    }
    case QMetaType::QJsonValue:
    case QMetaType::QJsonArray:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonDocument:
        return value.toJsonValue().toVariant();
    default:
        break;
    }
    if (id == QMetaType::QColor) // QtGui's conversion (QtPyro does not link QtGui): "#rrggbb", "#aarrggbb"
        return value.toString();
    if ((value.metaType().flags() & QMetaType::IsGadget) && value.metaType().metaObject())
        return QVariant::fromValue(PyroValues::gadgetToDict(value));
    if (value.canConvert<QAssociativeIterable>()) {
        PyroDict dict;
        const QAssociativeIterable iterable = value.value<QAssociativeIterable>();
        for (auto it = iterable.begin(); it != iterable.end(); ++it)
            dict.append(it.key(), it.value());
        return QVariant::fromValue(dict);
    }
    if (value.canConvert<QSequentialIterable>())
        return listItems(value);
    if (error)
        *error = PyroError(PyroError::Code::SerializeError,
                           u"don't know how to serialize class <class '%1'> using serializer %2%3"_s
                               .arg(QString::fromLatin1(value.typeName()), PyroSerializerIds::className(serializerId),
                                    unregisteredObjectHint(value)));
    return QVariant();
}

QString unregisteredObjectHint(const QVariant &value)
{
    if (!value.metaType().flags().testFlag(QMetaType::PointerToQObject))
        return QString();
    return u" (a QObject* argument travels as a proxy only when it is registered with a PyroDaemon: "
           u"call daemon.registerObject(object) first, as Pyro5's daemon.register(); or pass a "
           u"PyroProxy* or a PyroObjectRef)"_s;
}

// A replacement can itself need mapping (autoproxy: QObject* -> PyroObjectRef -> proxy
// dict), so map until only plain kinds are left, a few steps at most.
QVariant toWire(const QVariant &value, const PyroEncodeContext &context, quint8 serializerId,
                PyroError *error)
{
    constexpr int MaxSteps = 8;
    QVariant current = value;
    for (int step = 0; step < MaxSteps; ++step) {
        QVariant next = toWireOnce(current, context, serializerId, error);
        if (!next.isValid() || pyroKind(next) != PyroKind::Other)
            return next;
        if (next.typeId() == current.typeId()) // a hook that hands back the same kind of value
            break;
        current = std::move(next);
    }
    if (error)
        *error = PyroError(PyroError::Code::SerializeError,
                           u"don't know how to serialize class <class '%1'> using serializer %2%3"_s
                               .arg(QString::fromLatin1(value.typeName()), PyroSerializerIds::className(serializerId),
                                    unregisteredObjectHint(value)));
    return QVariant();
}

} // namespace PyroClassMapping

// The public face of the above, for serializer plugins (pyroserializerutils.h).
namespace PyroSerializerUtils {

QVariant toWire(const QVariant &value, const PyroEncodeContext &context, quint8 serializerId,
                PyroError *error)
{
    return PyroClassMapping::toWire(value, context, serializerId, error);
}

QVariant fromClassDict(const QString &className, const QVariant &dict, quint8 serializerId,
                       PyroError *error)
{
    return PyroClassMapping::fromClassDict(className, dict, serializerId, error);
}

QString classNameOf(const QVariant &dict) { return PyroClassMapping::classNameOf(dict); }
QVariantList listItems(const QVariant &value) { return PyroClassMapping::listItems(value); }

QVariant dictValue(const QVariant &dict, const QString &key, bool *found)
{
    if (found)
        *found = false;
    if (dict.typeId() == QMetaType::QVariantMap) {
        const QVariantMap map = dict.toMap();
        const auto it = map.constFind(key);
        if (it == map.cend())
            return QVariant();
        if (found)
            *found = true;
        return *it;
    }
    if (dict.typeId() == qMetaTypeId<PyroDict>()) {
        for (const PyroDict::Entry &e : dict.value<PyroDict>().entries()) {
            if (e.first.typeId() == QMetaType::QString && e.first.toString() == key) {
                if (found)
                    *found = true;
                return e.second;
            }
        }
    }
    return QVariant();
}
QString isoFormat(const QVariant &dateOrTime) { return PyroClassMapping::isoFormat(dateOrTime); }

QString surrogatesNotAllowed(const QVariant &str)
{
    return pyroSurrogatesNotAllowed(pyroStrCodePoints(str));
}

PyroError serializeError(const QString &message) { return PyroClassMapping::serializeError(message); }
PyroError tooDeep(const QString &name, int limit) { return PyroClassMapping::tooDeep(name, limit); }
PyroError tooManyItems(qint64 limit) { return PyroClassMapping::tooManyItems(limit); }
PyroError outOfMemory() { return PyroClassMapping::outOfMemory(); }

} // namespace PyroSerializerUtils
