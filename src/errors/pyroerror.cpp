// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroerror.h"
#include "pyroexceptionwrapper.h"

#include <QtCore/QMetaEnum>

using namespace Qt::StringLiterals;

class PyroErrorData : public QSharedData
{
public:
    PyroError::Code code = PyroError::Code::NoError;
    QString message;
    QString pythonClass; // empty: derived from code
    QVariantList args;
    PyroDict attributes;
    bool remote = false;
};

static const QLatin1StringView tracebackKey("_pyroTraceback");

struct ClassName
{
    PyroError::Code code;
    const char *name;
};

static constexpr ClassName pyroClasses[] = {
    {PyroError::Code::PyroError, "PyroError"},
    {PyroError::Code::CommunicationError, "CommunicationError"},
    {PyroError::Code::ConnectionClosed, "ConnectionClosedError"},
    {PyroError::Code::Timeout, "TimeoutError"},
    {PyroError::Code::ProtocolError, "ProtocolError"},
    {PyroError::Code::MessageTooLarge, "MessageTooLargeError"},
    {PyroError::Code::SerializeError, "SerializeError"},
    {PyroError::Code::NamingError, "NamingError"},
    {PyroError::Code::DaemonError, "DaemonError"},
    {PyroError::Code::SecurityError, "SecurityError"},
};

// "No error" is the common case on every hot path: share one instance instead of
// allocating (the extra reference keeps it alive forever; writers detach).
static PyroErrorData *sharedNoError()
{
    static PyroErrorData *const data = [] {
        auto *d = new PyroErrorData;
        d->ref.ref();
        return d;
    }();
    return data;
}

PyroError::PyroError() : d(sharedNoError()) { }

PyroError::PyroError(Code code, const QString &message) : d(new PyroErrorData)
{
    d->code = code;
    d->message = message;
    if (code != Code::NoError)
        d->args = {message};
}

PyroError::PyroError(const PyroError &other) = default;
PyroError::PyroError(PyroError &&other) noexcept = default;
PyroError &PyroError::operator=(const PyroError &other) = default;
PyroError &PyroError::operator=(PyroError &&other) noexcept = default;
PyroError::~PyroError() = default;

PyroError PyroError::exception(const QString &pythonClass, const QString &message)
{
    return exception(pythonClass, message.isNull() ? QVariantList() : QVariantList{message});
}

PyroError PyroError::exception(const QString &pythonClass, const QVariantList &args)
{
    PyroError error;
    error.d->code = codeForPythonClass(pythonClass);
    error.d->pythonClass = pythonClass;
    error.setArgs(args);
    return error;
}

bool PyroError::isError() const noexcept
{
    return d->code != Code::NoError;
}

PyroError::Code PyroError::code() const noexcept
{
    return d->code;
}

static PyroError::Code parentOf(PyroError::Code code)
{
    using C = PyroError::Code;
    switch (code) {
    case C::ConnectionClosed:
    case C::Timeout:
    case C::ProtocolError:
        return C::CommunicationError;
    case C::MessageTooLarge:
    case C::SerializeError:
        return C::ProtocolError;
    case C::CommunicationError:
    case C::NamingError:
    case C::DaemonError:
    case C::SecurityError:
        return C::PyroError;
    default:
        return C::NoError;
    }
}

bool PyroError::is(Code code) const noexcept
{
    for (Code c = d->code; c != Code::NoError; c = parentOf(c)) {
        if (c == code)
            return true;
    }
    return false;
}

QString PyroError::message() const
{
    return d->message;
}

QString PyroError::pythonClass() const
{
    if (!d->pythonClass.isEmpty())
        return d->pythonClass;
    return pythonClassForCode(d->code);
}

bool PyroError::isRemote() const noexcept
{
    return d->remote;
}

QString PyroError::remoteType() const
{
    return d->remote ? pythonClass() : QString();
}

QVariantList PyroError::remoteArgs() const
{
    return d->remote ? d->args : QVariantList();
}

QStringList PyroError::remoteTraceback() const
{
    const QVariant tb = d->attributes.value(QString(tracebackKey));
    QStringList lines;
    if (tb.typeId() == QMetaType::QString) {
        lines.append(tb.toString());
        return lines;
    }
    const QVariantList items = tb.toList();
    for (const QVariant &line : items)
        lines.append(line.toString());
    return lines;
}

PyroDict PyroError::attributes() const
{
    return d->attributes;
}

void PyroError::setRemote(bool remote)
{
    d->remote = remote;
}

// Python's str(exception): "" without args, str(arg) for one, the args tuple's repr otherwise.
static QString messageFromArgs(const QVariantList &args)
{
    if (args.isEmpty())
        return QString();
    if (args.size() == 1)
        return PyroValues::pythonStr(args.first());
    return PyroValues::pythonRepr(QVariant::fromValue(PyroTuple(args)));
}

void PyroError::setArgs(const QVariantList &args)
{
    d->args = args;
    d->message = messageFromArgs(args);
}

void PyroError::setTraceback(const QStringList &lines)
{
    setAttribute(QString(tracebackKey), lines.isEmpty() ? QVariant(QVariantList()) : QVariant(QVariantList(lines.cbegin(), lines.cend())));
}

void PyroError::setAttribute(const QString &name, const QVariant &value)
{
    d->attributes.insert(name, value);
}

void PyroError::setAttributes(const PyroDict &attributes)
{
    d->attributes = attributes;
}

PyroDict PyroError::toExceptionDict() const
{
    PyroDict dict;
    dict.append(u"__class__"_s, pythonClass());
    dict.append(u"__exception__"_s, true);
    dict.append(u"args"_s, QVariant::fromValue(PyroTuple(d->args)));
    dict.append(u"attributes"_s, QVariant::fromValue(d->attributes));
    return dict;
}

static PyroDict asDict(const QVariant &value, bool *ok)
{
    *ok = true;
    if (value.typeId() == qMetaTypeId<PyroDict>())
        return value.value<PyroDict>();
    if (value.typeId() == QMetaType::QVariantMap)
        return PyroDict(value.toMap());
    *ok = false;
    return PyroDict();
}

PyroError PyroError::fromExceptionDict(const QVariant &value)
{
    bool ok = false;
    const PyroDict dict = asDict(value, &ok);
    if (!ok)
        return PyroError(Code::SerializeError, u"exception is not a dict"_s);
    const QVariant cls = dict.value(u"__class__"_s);
    if (cls.typeId() != QMetaType::QString)
        return PyroError(Code::SerializeError, u"exception dict without __class__"_s);
    const QString className = cls.toString();
    if (className.contains(u"__"_s))
        return PyroError(Code::SecurityError,
                         u"refused to deserialize types with double underscores in their name: "_s
                             + className);
    const QVariant args = dict.value(u"args"_s);
    QVariantList argList;
    if (args.typeId() == qMetaTypeId<PyroTuple>())
        argList = args.value<PyroTuple>().items();
    else if (args.typeId() == QMetaType::QVariantList)
        argList = args.toList();
    else if (!PyroValues::isNone(args))
        return PyroError(Code::SerializeError, u"exception args is not a sequence"_s);

    PyroError error = exception(className, argList);
    error.d->remote = true;
    const QVariant attributes = dict.value(u"attributes"_s);
    if (!PyroValues::isNone(attributes)) {
        bool attrsOk = false;
        error.d->attributes = asDict(attributes, &attrsOk);
        if (!attrsOk)
            return PyroError(Code::SerializeError, u"exception attributes is not a dict"_s);
        if (attributes.typeId() == QMetaType::QVariantMap) {
            // A decoder's QVariantMap sorted the keys; Python puts the traceback after the
            // exception's own attributes, so keep that order for a faithful echo.
            PyroDict ordered;
            QVariant traceback;
            bool hasTraceback = false;
            for (const auto &entry : error.d->attributes.entries()) {
                if (entry.first.toString() == tracebackKey) {
                    traceback = entry.second;
                    hasTraceback = true;
                } else {
                    ordered.append(entry.first, entry.second);
                }
            }
            if (hasTraceback)
                ordered.append(QString(tracebackKey), traceback);
            error.d->attributes = ordered;
        }
    }
    return error;
}

PyroError::Code PyroError::codeForPythonClass(const QString &pythonClass)
{
    QStringView name = pythonClass;
    if (name.startsWith(u"Pyro5.errors."))
        name = name.sliced(13);
    else if (name.contains(u'.'))
        return Code::RemoteException;
    for (const ClassName &c : pyroClasses) {
        if (name == QLatin1StringView(c.name))
            return c.code;
    }
    return Code::RemoteException;
}

QString PyroError::pythonClassForCode(Code code)
{
    for (const ClassName &c : pyroClasses) {
        if (c.code == code)
            return u"Pyro5.errors."_s + QLatin1StringView(c.name);
    }
    if (code == Code::RemoteException)
        return u"builtins.Exception"_s;
    return QString();
}

QString PyroError::toString() const
{
    if (!isError())
        return u"no error"_s;
    QString text = pythonClass();
    if (!d->message.isEmpty())
        text += u": "_s + d->message;
    return text;
}

bool operator==(const PyroError &a, const PyroError &b)
{
    if (a.d == b.d)
        return true;
    return a.d->code == b.d->code && a.pythonClass() == b.pythonClass()
        && a.d->message == b.d->message && a.d->remote == b.d->remote
        && PyroValues::equals(a.d->args, b.d->args) && a.d->attributes == b.d->attributes;
}

QDebug operator<<(QDebug debug, const PyroError &error)
{
    QDebugStateSaver saver(debug);
    debug.nospace().noquote() << "PyroError(" << error.toString();
    if (error.isRemote()) {
        const QStringList tb = error.remoteTraceback();
        if (!tb.isEmpty())
            debug << ", remote traceback:\n" << tb.join(QString());
    }
    debug << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const PyroExceptionWrapper &wrapper)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "PyroExceptionWrapper(" << wrapper.error() << ')';
    return debug;
}
