// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroinvoker_p.h"

#include "pyrocallcontext.h"
#include "pyrocallcontext_p.h"
#include "pyrogenerator.h"
#include "pyroobjectref.h"
#include "pyroserializedblob.h"
#include "pyrouri.h"
#include "pyrovalues_p.h"
#include "pyroclassmapping_p.h"
#include "pyroconversion_p.h"

#include <QtCore/QDate>
#include <QtCore/QDateTime>
#include <QtCore/QFutureInterface>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QMetaEnum>
#include <QtCore/QObject>
#include <QtCore/QReadWriteLock>
#include <QtCore/QSequentialIterable>
#include <QtCore/QAssociativeIterable>
#include <QtCore/QThread>
#include <QtCore/QTime>
#include <QtCore/QUrl>
#include <QtCore/QUuid>
#include <QtCore/QException>

#include <cstring>
#include <memory>
#include <optional>
#include <unordered_map>
#include <QtCore/QVarLengthArray>
#include <limits>
#include <new>
#include <stdexcept>
#include <system_error>
#include <typeinfo>

#if __has_include(<dlfcn.h>)
#  include <dlfcn.h>
#  define QTPYRO_HAVE_DLADDR 1
#endif
#if __has_include(<cxxabi.h>)
#  include <cxxabi.h>
#  define QTPYRO_HAVE_CXXABI 1
#endif

using namespace Qt::StringLiterals;

namespace {

// ---------------------------------------------------------------------------------------
// Names

const QSet<QString> &privateDunders()
{
    static const QSet<QString> names = [] {
        QSet<QString> s;
        for (const char *n : {"__init__", "__init_subclass__", "__class__", "__module__",
                              "__weakref__", "__call__", "__new__", "__del__", "__repr__",
                              "__str__", "__format__", "__nonzero__", "__bool__", "__coerce__",
                              "__cmp__", "__eq__", "__ne__", "__hash__", "__ge__", "__gt__",
                              "__le__", "__lt__", "__dir__", "__enter__", "__exit__", "__copy__",
                              "__deepcopy__", "__sizeof__", "__getattr__", "__setattr__",
                              "__hasattr__", "__getattribute__", "__delattr__",
                              "__instancecheck__", "__subclasscheck__", "__getinitargs__",
                              "__getnewargs__", "__getstate__", "__setstate__", "__reduce__",
                              "__reduce_ex__", "__subclasshook__"})
            s.insert(QString::fromLatin1(n));
        return s;
    }();
    return names;
}

QString bareClassName(const QMetaObject *mo)
{
    const QByteArray name(mo->className());
    const qsizetype colon = name.lastIndexOf("::");
    return QString::fromLatin1(colon >= 0 ? name.mid(colon + 2) : name);
}

QSet<QString> classInfoList(const QMetaObject *mo, const char *key)
{
    QSet<QString> names;
    for (int i = 0; i < mo->classInfoCount(); ++i) {
        const QMetaClassInfo info = mo->classInfo(i);
        if (std::strcmp(info.name(), key) != 0)
            continue;
        const QStringList parts = QString::fromUtf8(info.value()).split(u',', Qt::SkipEmptyParts);
        for (const QString &part : parts)
            names.insert(part.trimmed());
    }
    return names;
}

QHash<QString, QString> classInfoRenames(const QMetaObject *mo)
{
    QHash<QString, QString> renames;
    // Base classes' class infos come first, so a subclass's entry replaces theirs.
    for (int i = 0; i < mo->classInfoCount(); ++i) {
        const QMetaClassInfo info = mo->classInfo(i);
        if (std::strcmp(info.name(), "pyro.names") != 0)
            continue;
        const QStringList pairs = QString::fromUtf8(info.value()).split(u',', Qt::SkipEmptyParts);
        for (const QString &pair : pairs) {
            const qsizetype eq = pair.indexOf(u'=');
            if (eq <= 0) {
                qWarning("%s: ignoring malformed pyro.names entry '%s' (expected cppName=pythonName)",
                         mo->className(), qPrintable(pair.trimmed()));
                continue;
            }
            const QString cppName = pair.left(eq).trimmed();
            const QString exposed = pair.mid(eq + 1).trimmed();
            if (!cppName.isEmpty() && !exposed.isEmpty())
                renames.insert(cppName, exposed);
        }
    }
    return renames;
}

QString classInfoValue(const QMetaObject *mo, const char *key)
{
    const int index = mo->indexOfClassInfo(key); // the most derived class's value
    return index >= 0 ? QString::fromUtf8(mo->classInfo(index).value()).trimmed() : QString();
}

// ---------------------------------------------------------------------------------------
// Python-ish repr for messages and detailed tracebacks

QString repr(const QVariant &value, int depth = 0)
{
    if (depth > 8)
        return u"..."_s;
    switch (pyroKind(value)) {
    case PyroKind::None:
        return u"None"_s;
    case PyroKind::Bool:
        return value.toBool() ? u"True"_s : u"False"_s;
    case PyroKind::Int:
        return QString::number(value.toLongLong());
    case PyroKind::BigInt:
        return value.value<PyroBigInt>().toString();
    case PyroKind::Float:
        return QString::fromLatin1(PyroValues::floatRepr(value.toDouble()));
    case PyroKind::Str: {
        QString s = value.toString();
        if (s.size() > 200)
            s = s.left(200) + u"..."_s;
        return u'\'' + s.replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s) + u'\'';
    }
    case PyroKind::Bytes:
        return u"b'"_s + QString::fromLatin1(value.toByteArray().left(200).toPercentEncoding()) + u'\'';
    case PyroKind::List:
    case PyroKind::Tuple:
    case PyroKind::Set: {
        QStringList items;
        const QVariantList list = pyroKind(value) == PyroKind::Tuple ? value.value<PyroTuple>().items()
            : pyroKind(value) == PyroKind::Set ? value.value<PyroSet>().items()
            : value.toList();
        for (const QVariant &item : list)
            items.append(repr(item, depth + 1));
        if (pyroKind(value) == PyroKind::Tuple)
            return u'(' + items.join(u", "_s) + (items.size() == 1 ? u",)"_s : u")"_s);
        if (pyroKind(value) == PyroKind::Set)
            return items.isEmpty() ? u"set()"_s : u'{' + items.join(u", "_s) + u'}';
        return u'[' + items.join(u", "_s) + u']';
    }
    case PyroKind::Dict: {
        QStringList items;
        if (value.typeId() == qMetaTypeId<PyroDict>()) {
            for (const auto &e : value.value<PyroDict>().entries())
                items.append(repr(e.first, depth + 1) + u": "_s + repr(e.second, depth + 1));
        } else {
            const QVariantMap map = value.toMap();
            for (auto it = map.cbegin(); it != map.cend(); ++it)
                items.append(repr(it.key(), depth + 1) + u": "_s + repr(it.value(), depth + 1));
        }
        return u'{' + items.join(u", "_s) + u'}';
    }
    default:
        break;
    }
    if (value.metaType().flags() & QMetaType::PointerToQObject) {
        QObject *obj = *static_cast<QObject *const *>(value.constData());
        return obj ? u"<%1 object>"_s.arg(QString::fromLatin1(obj->metaObject()->className()))
                   : u"None"_s;
    }
    return u"<%1>"_s.arg(QString::fromLatin1(value.typeName()));
}

QString ordinalArg(int index, const QByteArray &name)
{
    return u"argument %1 ('%2')"_s.arg(index + 1).arg(QString::fromUtf8(name));
}

QString plural(int n, const char *one, const char *many)
{
    return QString::fromLatin1(n == 1 ? one : many);
}

QString joinNames(const QStringList &names)
{
    QStringList quoted;
    for (const QString &n : names)
        quoted.append(u'\'' + n + u'\'');
    if (quoted.size() <= 1)
        return quoted.join(QString());
    if (quoted.size() == 2)
        return quoted.first() + u" and "_s + quoted.last();
    const QString last = quoted.takeLast();
    return quoted.join(u", "_s) + u", and "_s + last;
}

PyroError typeError(const QString &message)
{
    return PyroError::exception(u"builtins.TypeError"_s, message);
}

PyroError attributeError(const QString &message)
{
    return PyroError::exception(u"builtins.AttributeError"_s, message);
}

// ---------------------------------------------------------------------------------------
// Exposure

bool isQtLibrary(const char *path)
{
    if (!path)
        return false;
    const char *base = std::strrchr(path, '/');
    base = base ? base + 1 : path;
    // libQt6Core.so.6, libQt6Widgets.so.6 (and Qt 5's); not libQtPyro or other libQt* names.
    if (std::strncmp(base, "libQt5", 6) == 0 || std::strncmp(base, "libQt6", 6) == 0)
        return true;
    // macOS frameworks: .../QtCore.framework/Versions/A/QtCore
    return std::strstr(path, ".framework/") && std::strncmp(base, "Qt", 2) == 0
        && std::strncmp(base, "QtPyro", 6) != 0;
}

bool looksLikeQtName(const char *name)
{
    // Qt's classes: Q + capital (QObject, QAbstractItemModel) or in a Qt namespace.
    if (name[0] == 'Q' && name[1] >= 'A' && name[1] <= 'Z')
        return true;
    return std::strncmp(name, "QtPrivate::", 11) == 0;
}

PyroClassInfo *buildClassInfo(const QMetaObject *mo)
{
    auto *info = new PyroClassInfo;
    info->metaObject = mo;
    info->className = bareClassName(mo);

    const QSet<QString> excluded = classInfoList(mo, "pyro.exclude");
    const QSet<QString> oneway = classInfoList(mo, "pyro.oneway");
    const QSet<QString> callbacks = classInfoList(mo, "pyro.callback");
    const QHash<QString, QString> renames = PyroInvoker::exposedNames(mo);
    // The other class infos may name a member by its C++ or by its exposed name.
    auto listed = [](const QSet<QString> &list, const QString &cppName, const QString &name) {
        return list.contains(name) || list.contains(cppName);
    };
    info->pool = classInfoValue(mo, "pyro.threading").compare(u"pool"_s, Qt::CaseInsensitive) == 0;
    const QString mode = classInfoValue(mo, "pyro.instance_mode").toLower();
    if (mode == u"single"_s)
        info->instanceMode = PyroClassInfo::Single;
    else if (mode == u"session"_s)
        info->instanceMode = PyroClassInfo::Session;
    else if (mode == u"percall"_s)
        info->instanceMode = PyroClassInfo::PerCall;

    QSet<QByteArray> seenSignatures;
    for (const QMetaObject *level = mo; level; level = level->superClass()) {
        const bool qtLevel = PyroInvoker::isQtClass(level);
        for (int i = level->methodOffset(); i < level->methodCount(); ++i) {
            const QMetaMethod m = level->method(i);
            const QString cppName = QString::fromLatin1(m.name());
            const QString name = qtLevel ? cppName : renames.value(cppName, cppName);
            const bool exposable = !qtLevel
                && (m.methodType() == QMetaMethod::Slot || m.methodType() == QMetaMethod::Method)
                && m.access() == QMetaMethod::Public && !listed(excluded, cppName, name);
            if (!exposable) {
                info->unexposed.insert(name);
                continue;
            }
            if (PyroInvoker::isPrivateName(name))
                continue;
            // An override redeclared in a subclass appears at both levels: keep the first.
            const QByteArray signature = m.methodSignature();
            if (seenSignatures.contains(signature))
                continue;
            seenSignatures.insert(signature);

            PyroExposedMethod &em = info->methods[name];
            em.name = name;
            if (listed(oneway, cppName, name) || std::strcmp(m.tag(), "PYRO_ONEWAY") == 0)
                em.oneway = true;
            if (listed(callbacks, cppName, name))
                em.callback = true;
            PyroMethodOverload o;
            o.method = m;
            o.names = m.parameterNames();
            for (int p = 0; p < m.parameterCount(); ++p)
                o.types.append(m.parameterMetaType(p));
            const int n = o.types.size();
            if (n > 0 && o.types.at(n - 1).id() == QMetaType::QVariantMap && o.names.at(n - 1) == "kwargs")
                o.kwargsIndex = n - 1;
            const int argsCandidate = o.kwargsIndex >= 0 ? n - 2 : n - 1;
            if (argsCandidate >= 0 && o.types.at(argsCandidate).id() == QMetaType::QVariantList
                && o.names.at(argsCandidate) == "args")
                o.argsIndex = argsCandidate;
            em.overloads.append(o);
        }
        for (int i = level->propertyOffset(); i < level->propertyCount(); ++i) {
            const QMetaProperty p = level->property(i);
            const QString cppName = QString::fromLatin1(p.name());
            const QString name = qtLevel ? cppName : renames.value(cppName, cppName);
            if (qtLevel || !p.isReadable() || listed(excluded, cppName, name)) {
                info->unexposed.insert(name);
                continue;
            }
            if (PyroInvoker::isPrivateName(name) || info->properties.contains(name))
                continue;
            info->properties.insert(name, p);
        }
    }

    // moc lists a method with default arguments once per arity (the shorter ones marked
    // Cloned): a parameter from the shortest such variant's arity on is optional.
    for (auto mit = info->methods.begin(); mit != info->methods.end(); ++mit) {
        QList<PyroMethodOverload> &overloads = mit->overloads;
        for (PyroMethodOverload &o : overloads) {
            for (const PyroMethodOverload &shorter : std::as_const(overloads)) {
                const qsizetype k = shorter.types.size();
                if (!(shorter.method.attributes() & QMetaMethod::Cloned) || k >= o.types.size()
                    || shorter.types != o.types.first(k) || shorter.names != o.names.first(k))
                    continue;
                if (o.optionalFrom < 0 || k < o.optionalFrom)
                    o.optionalFrom = int(k);
            }
        }
    }

    for (auto it = info->methods.cbegin(); it != info->methods.cend(); ++it) {
        info->methodNames.append(it.key());
        if (it->oneway)
            info->onewayNames.append(it.key());
    }
    info->attributeNames = info->properties.keys();
    info->methodNames.sort();
    info->onewayNames.sort();
    info->attributeNames.sort();

    PyroDict meta;
    auto asSet = [](const QStringList &names) {
        return QVariant::fromValue(PyroSet(QVariantList(names.cbegin(), names.cend())));
    };
    meta.append(u"methods"_s, asSet(info->methodNames));
    meta.append(u"oneway"_s, asSet(info->onewayNames));
    meta.append(u"attrs"_s, asSet(info->attributeNames));
    info->metadata = QVariant::fromValue(meta);
    return info;
}

// ---------------------------------------------------------------------------------------
// Calls

struct Binding
{
    QVarLengthArray<QVariant, 6> values; // per parameter, still the decoded values
    QVarLengthArray<bool, 6> skipped;    // optional QVariant parameters passed as "not given"
    int score = 0;
    bool countError = false;
    std::optional<PyroError> error;
};

QString methodLabel(const PyroClassInfo &cls, const QString &name)
{
    return cls.className + u'.' + name + u"()"_s;
}

Binding bindOverload(const PyroClassInfo &cls, const PyroExposedMethod &method, const PyroMethodOverload &o,
                     const QVariantList &args, const QList<std::pair<QString, QVariant>> &kwargs)
{
    Binding b;
    const int n = o.types.size();
    b.values.resize(n);
    QVarLengthArray<bool, 6> filled(n, false);
    QVarLengthArray<int, 6> fixed;
    for (int i = 0; i < n; ++i) {
        if (i != o.argsIndex && i != o.kwargsIndex)
            fixed.append(i);
    }
    auto fail = [&b](PyroError e, bool countError) {
        b.error = std::move(e);
        b.countError = countError;
        return std::move(b);
    };

    QVariantList extraArgs;
    for (int i = 0; i < args.size(); ++i) {
        if (i < fixed.size()) {
            b.values[fixed.at(i)] = args.at(i);
            filled[fixed.at(i)] = true;
        } else if (o.argsIndex >= 0) {
            extraArgs.append(args.at(i));
        } else {
            return fail(typeError(u"%1 takes %2 positional %3 but %4 %5 given"_s
                                      .arg(methodLabel(cls, method.name)).arg(fixed.size())
                                      .arg(plural(fixed.size(), "argument", "arguments"))
                                      .arg(args.size()).arg(plural(args.size(), "was", "were"))),
                        true);
        }
    }
    QVariantMap extraKwargs;
    for (const auto &kw : kwargs) {
        int index = -1;
        for (int f : fixed) {
            if (QLatin1StringView(o.names.at(f)) == kw.first) {
                index = f;
                break;
            }
        }
        if (index >= 0) {
            if (filled.at(index))
                return fail(typeError(u"%1 got multiple values for argument '%2'"_s.arg(methodLabel(cls, method.name), kw.first)), true);
            b.values[index] = kw.second;
            filled[index] = true;
        } else if (o.kwargsIndex >= 0) {
            extraKwargs.insert(kw.first, kw.second);
        } else {
            return fail(typeError(u"%1 got an unexpected keyword argument '%2'"_s.arg(methodLabel(cls, method.name), kw.first)), true);
        }
    }
    // An optional QVariant parameter left out before one given by keyword (Python's
    // f(a, c=1) skipping b) is "not given"; trailing ones are the shorter variant's job.
    int lastFilled = -1;
    for (int f : fixed) {
        if (filled.at(f))
            lastFilled = f;
    }
    b.skipped.resize(n);
    std::fill(b.skipped.begin(), b.skipped.end(), false);
    QStringList missing, missingOptional;
    for (int f : fixed) {
        if (filled.at(f))
            continue;
        const bool optional = o.optionalFrom >= 0 && f >= o.optionalFrom;
        if (optional && f < lastFilled && o.types.at(f).id() == QMetaType::QVariant) {
            b.skipped[f] = true;
            continue;
        }
        (optional ? missingOptional : missing).append(QString::fromUtf8(o.names.at(f)));
    }
    // Name only the required ones, as Python does; a shorter variant takes a call that
    // leaves out just optional ones.
    if (missing.isEmpty())
        missing = missingOptional;
    if (!missing.isEmpty()) {
        return fail(typeError(u"%1 missing %2 required positional %3: %4"_s
                                  .arg(methodLabel(cls, method.name)).arg(missing.size())
                                  .arg(plural(missing.size(), "argument", "arguments"), joinNames(missing))),
                    true);
    }
    if (o.argsIndex >= 0)
        b.values[o.argsIndex] = QVariant(extraArgs);
    if (o.kwargsIndex >= 0)
        b.values[o.kwargsIndex] = QVariant(extraKwargs);

    int total = 0;
    for (qsizetype pos = 0; pos < fixed.size(); ++pos) {
        const int f = fixed.at(pos);
        const QMetaType type = o.types.at(f);
        if (b.skipped.at(f)) {
            total += 1;
            continue;
        }
        if (!type.isValid()) {
            return fail(typeError(u"%1: %2 has a type QtPyro cannot convert to (%3 is not a registered metatype)"_s
                                      .arg(methodLabel(cls, method.name), ordinalArg(int(pos), o.names.at(f)),
                                           QString::fromLatin1(o.method.parameterTypeName(f)))),
                        false);
        }
        const int s = PyroInvoker::conversionScore(b.values.at(f), type);
        if (!s) {
            return fail(typeError(u"%1: %2 must be %3, not %4"_s
                                      .arg(methodLabel(cls, method.name), ordinalArg(int(pos), o.names.at(f)),
                                           PyroInvoker::pythonTypeName(type),
                                           PyroValues::pythonTypeName(b.values.at(f)))),
                        false);
        }
        total += s;
    }
    // Prefer the signature that needs no variadic catch-all, then the best fit.
    b.score = total * 4 + (o.isVariadic() ? 0 : 2) + 1;
    return b;
}

PyroInvokeResult returnValue(const QMetaMethod &m, QVariant &ret)
{
    PyroInvokeResult r;
    const QMetaType type = m.returnMetaType();
    if (type.id() == QMetaType::Void || type.id() == QMetaType::UnknownType) {
        r.value = PyroValues::none();
        return r;
    }
    QMetaType resultType;
    if (PyroInvoker::isFutureType(type, &resultType)) {
        r.hasFuture = true;
        r.futureHolder = ret;
        r.futureResultType = resultType;
        return r;
    }
    r.value = ret.isValid() ? std::move(ret) : PyroValues::none();
    return r;
}

QString cppTypeName(const std::type_info &info)
{
#ifdef QTPYRO_HAVE_CXXABI
    int status = 0;
    char *demangled = abi::__cxa_demangle(info.name(), nullptr, nullptr, &status);
    if (status == 0 && demangled) {
        const QString name = QString::fromLatin1(demangled);
        std::free(demangled);
        return name;
    }
    std::free(demangled);
#endif
    return QString::fromLatin1(info.name());
}

QStringList detailsFor(QObject *object, const PyroClassInfo &cls, const QVariantList &args,
                       const QVariant &kwargs)
{
    QStringList lines;
    lines.append(u"    args = %1\n"_s.arg(repr(QVariant::fromValue(PyroTuple(args)))));
    lines.append(u"    kwargs = %1\n"_s.arg(repr(kwargs)));
    if (object) {
        lines.append(u"    self = <%1 object>\n"_s.arg(QString::fromLatin1(object->metaObject()->className())));
        for (auto it = cls.properties.cbegin(); it != cls.properties.cend(); ++it)
            lines.append(u"        self.%1 = %2\n"_s.arg(it.key(), repr(it->read(object))));
        lines.append(u"    thread = %1\n"_s.arg(QThread::currentThread()->objectName().isEmpty()
                                                   ? u"0x"_s + QString::number(quintptr(QThread::currentThreadId()), 16)
                                                   : QThread::currentThread()->objectName()));
    }
    return lines;
}

bool wantsDetails()
{
    // The daemon puts its DETAILED_TRACEBACK setting into the connection of the call.
    const PyroCallContext *context = PyroCallContext::current();
    if (!context)
        return false;
    const auto *cd = PyroCallContextPrivate::get(context);
    return cd->connection && cd->connection->detailedTraceback;
}

} // namespace

// ---------------------------------------------------------------------------------------

QFuture<void> PyroInvokeResult::future() const
{
    // QFuture<T> holds exactly one QFutureInterface<T>, whose base is QFutureInterfaceBase.
    auto *fi = const_cast<QFutureInterfaceBase *>(
        static_cast<const QFutureInterfaceBase *>(futureHolder.constData()));
    return fi ? QFuture<void>(fi) : QFuture<void>();
}

namespace PyroInvoker {

bool isPrivateName(QStringView name)
{
    if (!name.startsWith(u'_'))
        return false;
    if (privateDunders().contains(name.toString()))
        return true;
    if (name.size() > 4 && name.startsWith(u"__") && name.endsWith(u"__"))
        return false;
    return true;
}

bool isQtClass(const QMetaObject *mo)
{
    if (mo == &QObject::staticMetaObject)
        return true;
    // A type declared in QML (a .qml file or an inline object with its own properties,
    // signals or functions) gets a meta-object built at run time, named after its base
    // ("QQuickItem_QML_12", "Panel_QMLTYPE_3"): its members are the QML author's own.
    if (std::strstr(mo->className(), "_QML_") || std::strstr(mo->className(), "_QMLTYPE_"))
        return false;
#ifdef QTPYRO_HAVE_DLADDR
    // Where the class lives decides: Qt's libraries hold Qt's classes, whatever their
    // names; a user class called QThermostat in the application is still the user's.
    static const QByteArray qtCoreFile = [] {
        Dl_info info{};
        if (dladdr(static_cast<const void *>(&QObject::staticMetaObject), &info) && info.dli_fname)
            return QByteArray(info.dli_fname);
        return QByteArray();
    }();
    Dl_info info{};
    if (dladdr(static_cast<const void *>(mo), &info) && info.dli_fname) {
        if (isQtLibrary(info.dli_fname))
            return true;
        // A static Qt build puts Qt's classes into the application: fall back on names.
        if (qtCoreFile == info.dli_fname && !isQtLibrary(qtCoreFile.constData()))
            return looksLikeQtName(mo->className());
        return false;
    }
#endif
    return looksLikeQtName(mo->className());
}

QHash<QString, QString> exposedNames(const QMetaObject *metaObject)
{
    return metaObject ? classInfoRenames(metaObject) : QHash<QString, QString>();
}

const PyroClassInfo &classInfo(const QMetaObject *mo)
{
    // One entry per class for the life of the process; the cache owns them.
    static QReadWriteLock lock;
    static std::unordered_map<const QMetaObject *, std::unique_ptr<PyroClassInfo>> cache;
    {
        QReadLocker locker(&lock);
        const auto found = cache.find(mo);
        if (found != cache.end())
            return *found->second;
    }
    std::unique_ptr<PyroClassInfo> info(buildClassInfo(mo));
    QWriteLocker locker(&lock);
    const auto inserted = cache.emplace(mo, std::move(info));   // another thread may have won
    return *inserted.first->second;
}

PyroError resolve(const PyroClassInfo &cls, const QString &name)
{
    if (isPrivateName(name))
        return attributeError(u"attempt to access private attribute '%1'"_s.arg(name));
    if (cls.methods.contains(name))
        return PyroError();
    if (cls.unexposed.contains(name) || cls.properties.contains(name))
        return attributeError(u"attempt to access unexposed attribute '%1'"_s.arg(name));
    return attributeError(u"'%1' object has no attribute '%2'"_s.arg(cls.className, name));
}

int conversionScore(const QVariant &value, QMetaType type)
{
    return PyroConversion::score(value, type, nullptr);
}

bool convert(const QVariant &value, QMetaType type, QVariant *out)
{
    return PyroConversion::score(value, type, out) > 0;
}

QString pythonTypeName(QMetaType type)
{
    switch (type.id()) {
    case QMetaType::Bool: return u"bool"_s;
    case QMetaType::Int: case QMetaType::UInt: case QMetaType::LongLong: case QMetaType::ULongLong:
    case QMetaType::Long: case QMetaType::ULong: case QMetaType::Short: case QMetaType::UShort:
    case QMetaType::Char: case QMetaType::SChar: case QMetaType::UChar: {
        qlonglong min = 0;
        quint64 max = 0;
        PyroConversion::integralRange(type.id(), &min, &max);
        return u"int (%1 to %2)"_s.arg(min).arg(max);
    }
    case QMetaType::Double: case QMetaType::Float: return u"float"_s;
    case QMetaType::QString: return u"str"_s;
    case QMetaType::QChar: return u"str (one character)"_s;
    case QMetaType::QByteArray: return u"bytes"_s;
    case QMetaType::QVariantList: return u"list"_s;
    case QMetaType::QStringList: return u"list of str"_s;
    case QMetaType::QVariantMap: case QMetaType::QVariantHash: return u"dict"_s;
    default: break;
    }
    if (type.id() == qMetaTypeId<PyroTuple>()) return u"tuple"_s;
    if (type.id() == qMetaTypeId<PyroSet>()) return u"set"_s;
    if (type.id() == qMetaTypeId<PyroDict>()) return u"dict"_s;
    if (type.id() == qMetaTypeId<PyroObjectRef>()) return u"Pyro5.client.Proxy"_s;
    if (type.id() == qMetaTypeId<PyroUri>()) return u"Pyro5.core.URI"_s;
    if (type.flags() & QMetaType::IsEnumeration)
        return PyroConversion::enumDescription(type);
    return QString::fromLatin1(type.name());
}

bool isFutureType(QMetaType type, QMetaType *resultType)
{
    const QByteArrayView name(type.name());
    if (!name.startsWith("QFuture<") || !name.endsWith(">"))
        return false;
    if (resultType) {
        const QByteArray inner = name.sliced(8, name.size() - 9).trimmed().toByteArray();
        *resultType = inner == "void" ? QMetaType() : QMetaType::fromName(inner);
    }
    return true;
}

PyroInvokeResult futureOutcome(const PyroInvokeResult &pending, const QString &where)
{
    PyroInvokeResult r;
    auto *fi = const_cast<QFutureInterfaceBase *>(
        static_cast<const QFutureInterfaceBase *>(pending.futureHolder.constData()));
    if (!fi)
        return PyroInvokeResult::fromError(PyroError(PyroError::Code::PyroError, u"no future"_s));
    if (fi->hasException()) {
        try {
            fi->exceptionStore().rethrowException();
        } catch (...) {
            r.error = currentExceptionError(where);
        }
        return r;
    }
    if (fi->isCanceled() && fi->resultCount() == 0) {
        r.error = PyroError::exception(u"builtins.RuntimeError"_s, u"the call's QFuture was canceled"_s);
        addTraceback(&r.error, where);
        return r;
    }
    if (!pending.futureResultType.isValid()) {
        r.value = PyroValues::none();
        return r;
    }
    QMutexLocker locker(&fi->mutex());
    const QtPrivate::ResultStoreBase &store = fi->resultStoreBase();
    if (!store.contains(0)) {
        r.error = PyroError::exception(u"builtins.RuntimeError"_s, u"the call's QFuture finished without a result"_s);
        addTraceback(&r.error, where);
        return r;
    }
    const QtPrivate::ResultIteratorBase it = store.resultAt(0);
    if (it.isVector()) {
        r.error = PyroError::exception(u"builtins.RuntimeError"_s, u"QFuture results reported as a list are not supported"_s);
        addTraceback(&r.error, where);
        return r;
    }
    r.value = QVariant(pending.futureResultType, it.pointer<char>());
    if (r.value.typeId() == QMetaType::QVariant)
        r.value = r.value.value<QVariant>();
    return r;
}

QStringList traceback(const PyroError &error, const QString &where, const QString &cppException,
                      const QStringList &details)
{
    QString cls = error.pythonClass();
    if (cls.startsWith(u"builtins."_s))
        cls = cls.mid(9);
    const QString message = error.message();
    const QString last = (message.isEmpty() ? cls : cls + u": "_s + message) + u'\n';
    QStringList lines;
    lines.append(u"Traceback (most recent call last):\n"_s);
    lines.append(u"  File \"<QtPyro>\", line 0, in PyroDaemon::handleRequest\n"_s);
    if (!where.isEmpty())
        lines.append(u"  File \"<C++>\", line 0, in %1\n"_s.arg(where));
    if (!cppException.isEmpty())
        lines.append(u"    (C++ exception %1)\n"_s.arg(cppException));
    lines.append(last);
    if (!details.isEmpty()) {
        // Pyro5's DETAILED_TRACEBACK layout: the frame with its local values.
        const QString rule = QString(52, u'-') + u'\n';
        QStringList detailed;
        detailed << rule << u" EXCEPTION %1: %2\n"_s.arg(cls, message)
                 << u" Extended stacktrace follows (most recent call last)\n"_s << rule
                 << u"File \"<C++>\", line 0, in %1\n"_s.arg(where.isEmpty() ? u"PyroDaemon::handleRequest"_s : where);
        if (!cppException.isEmpty())
            detailed << u"C++ exception: %1\n"_s.arg(cppException);
        detailed << u"Local values:\n"_s;
        detailed += details;
        detailed << rule << u" EXCEPTION %1: %2\n"_s.arg(cls, message) << rule;
        return detailed;
    }
    return lines;
}

void addTraceback(PyroError *error, const QString &where, const QString &cppException,
                  const QStringList &details)
{
    if (error->attributes().contains(u"_pyroTraceback"_s))
        return;
    error->setTraceback(traceback(*error, where, cppException, details));
}

PyroError currentExceptionError(const QString &where, const QStringList &details)
{
    PyroError error;
    QString cppType;
    try {
        throw;
    } catch (const PyroException &e) {
        error = e.error();
        if (!error.isError())
            error = PyroError::exception(u"builtins.RuntimeError"_s, u"PyroException without an error"_s);
    } catch (const QUnhandledException &e) {
        if (e.exception()) {
            try {
                std::rethrow_exception(e.exception());
            } catch (...) {
                return currentExceptionError(where, details);
            }
        }
        error = PyroError::exception(u"builtins.RuntimeError"_s, u"unhandled exception in a QFuture"_s);
        cppType = u"QUnhandledException"_s;
    } catch (const std::exception &e) {
        cppType = cppTypeName(typeid(e));
        QString cls = u"builtins.RuntimeError"_s;
        if (dynamic_cast<const std::invalid_argument *>(&e) || dynamic_cast<const std::domain_error *>(&e)
            || dynamic_cast<const std::length_error *>(&e) || dynamic_cast<const std::range_error *>(&e))
            cls = u"builtins.ValueError"_s;
        else if (dynamic_cast<const std::out_of_range *>(&e))
            cls = u"builtins.IndexError"_s;
        else if (dynamic_cast<const std::overflow_error *>(&e) || dynamic_cast<const std::underflow_error *>(&e))
            cls = u"builtins.OverflowError"_s;
        else if (dynamic_cast<const std::bad_alloc *>(&e))
            cls = u"builtins.MemoryError"_s;
        else if (dynamic_cast<const std::system_error *>(&e))
            cls = u"builtins.OSError"_s;
        error = PyroError::exception(cls, QString::fromLocal8Bit(e.what()));
    } catch (...) {
        cppType = u"(not a std::exception)"_s;
        error = PyroError::exception(u"builtins.RuntimeError"_s, u"unknown C++ exception"_s);
    }
    addTraceback(&error, where, cppType, details);
    return error;
}

PyroInvokeResult guarded(const std::function<PyroInvokeResult()> &fn, const QString &where)
{
    try {
        return fn();
    } catch (...) {
        return PyroInvokeResult::fromError(currentExceptionError(where));
    }
}

PyroInvokeResult call(QObject *object, const PyroClassInfo &cls, const PyroExposedMethod &method,
                      const QVariantList &args, const QVariant &kwargs)
{
    // Only failures need these names: build them then.
    auto whereText = [&] { return cls.className + u"::"_s + method.name; };
    QList<std::pair<QString, QVariant>> kw;
    if (PyroValues::isNone(kwargs)) {
        PyroError e = typeError(u"%1 argument after ** must be a mapping, not NoneType"_s
                                    .arg(cls.className + u'.' + method.name + u"()"_s));
        addTraceback(&e, QString());
        return PyroInvokeResult::fromError(e);
    }
    if (kwargs.typeId() == QMetaType::QVariantMap) {
        const QVariantMap map = kwargs.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            kw.append({it.key(), it.value()});
    } else if (kwargs.typeId() == qMetaTypeId<PyroDict>()) {
        for (const auto &e : kwargs.value<PyroDict>().entries()) {
            if (pyroKind(e.first) != PyroKind::Str) {
                PyroError err = typeError(u"keywords must be strings"_s);
                addTraceback(&err, QString());
                return PyroInvokeResult::fromError(err);
            }
            kw.append({e.first.toString(), e.second});
        }
    } else {
        PyroError e = typeError(u"%1 argument after ** must be a mapping, not %2"_s
                                    .arg(cls.className + u'.' + method.name + u"()"_s,
                                         PyroValues::pythonTypeName(kwargs)));
        addTraceback(&e, QString());
        return PyroInvokeResult::fromError(e);
    }

    const PyroMethodOverload *best = nullptr;
    Binding bestBinding;
    std::optional<PyroError> firstError;
    bool firstIsCount = true;
    for (const PyroMethodOverload &o : method.overloads) {
        Binding b = bindOverload(cls, method, o, args, kw);
        if (b.error) {
            // A type mismatch says more than a count mismatch of another signature.
            if (!firstError || (firstIsCount && !b.countError)) {
                firstError = std::move(b.error);
                firstIsCount = b.countError;
            }
            continue;
        }
        if (!best || b.score > bestBinding.score) {
            best = &o;
            bestBinding = std::move(b);
        }
    }
    if (!best) {
        PyroError e = firstError ? *firstError : typeError(methodLabel(cls, method.name) + u" cannot be called"_s);
        addTraceback(&e, whereText());
        return PyroInvokeResult::fromError(e);
    }

    const int n = best->types.size();
    QVarLengthArray<QVariant, 8> holders(n);
    QVarLengthArray<void *, 9> argv(n + 1);
    for (int i = 0; i < n; ++i) {
        const QMetaType type = best->types.at(i);
        if (bestBinding.skipped.value(i)) {
            argv[i + 1] = &holders[i]; // an invalid QVariant: not given
            continue;
        }
        if (!convert(bestBinding.values.at(i), type, &holders[i])) {
            PyroError e = typeError(u"%1: %2 must be %3, not %4"_s
                                        .arg(methodLabel(cls, method.name), ordinalArg(i, best->names.at(i)),
                                             pythonTypeName(type), PyroValues::pythonTypeName(bestBinding.values.at(i))));
            addTraceback(&e, whereText());
            return PyroInvokeResult::fromError(e);
        }
        argv[i + 1] = type.id() == QMetaType::QVariant ? static_cast<void *>(&holders[i]) : holders[i].data();
    }
    const QMetaType returnType = best->method.returnMetaType();
    QVariant ret;
    if (returnType.id() == QMetaType::QVariant) {
        argv[0] = &ret;
    } else if (returnType.id() != QMetaType::Void && returnType.isValid()) {
        ret = QVariant(returnType);
        argv[0] = ret.data();
    } else {
        argv[0] = nullptr;
    }

    PyroCallContext *context = PyroCallContext::current();
    try {
        QMetaObject::metacall(object, QMetaObject::InvokeMetaMethod, best->method.methodIndex(), argv.data());
    } catch (...) {
        PyroError error = currentExceptionError(
            whereText(), wantsDetails() ? detailsFor(object, cls, args, kwargs) : QStringList());
        PyroInvokeResult r = PyroInvokeResult::fromError(error);
        r.closeConnection = method.callback;
        return r;
    }
    if (context) {
        auto *cd = PyroCallContextPrivate::get(context);
        if (cd->error.isError()) {
            PyroInvokeResult r = PyroInvokeResult::fromError(cd->error);
            addTraceback(&r.error, whereText(), QString(),
                         wantsDetails() ? detailsFor(object, cls, args, kwargs) : QStringList());
            r.closeConnection = method.callback;
            return r;
        }
        if (cd->delayed) {
            PyroInvokeResult r;
            r.delayed = true;
            return r;
        }
    }
    PyroInvokeResult r = returnValue(best->method, ret);
    return r;
}

PyroInvokeResult getAttribute(QObject *object, const PyroClassInfo &cls, const QString &name)
{
    const QString where = cls.className + u"::"_s + name;
    const auto it = cls.properties.constFind(name);
    if (it == cls.properties.cend()) {
        PyroError e = (cls.unexposed.contains(name) || cls.methods.contains(name))
            ? attributeError(u"attempt to access unexposed or unknown remote attribute '%1'"_s.arg(name))
            : attributeError(u"type object '%1' has no attribute '%2'"_s.arg(cls.className, name));
        addTraceback(&e, QString());
        return PyroInvokeResult::fromError(e);
    }
    return guarded([&] {
        PyroInvokeResult r;
        QVariant v = it->read(object);
        if (v.typeId() == QMetaType::QVariant)
            v = v.value<QVariant>();
        r.value = v.isValid() ? v : PyroValues::none();
        return r;
    }, where);
}

PyroInvokeResult setAttribute(QObject *object, const PyroClassInfo &cls, const QString &name,
                              const QVariant &value)
{
    const QString where = cls.className + u"::"_s + name;
    const auto it = cls.properties.constFind(name);
    if (it == cls.properties.cend() || !it->isWritable()) {
        PyroError e = (it != cls.properties.cend() || cls.unexposed.contains(name) || cls.methods.contains(name))
            ? attributeError(u"attempt to access unexposed or unknown remote attribute '%1'"_s.arg(name))
            : attributeError(u"type object '%1' has no attribute '%2'"_s.arg(cls.className, name));
        addTraceback(&e, QString());
        return PyroInvokeResult::fromError(e);
    }
    QVariant converted;
    if (!convert(value, it->metaType(), &converted)) {
        PyroError e = typeError(u"attribute '%1' of '%2' must be %3, not %4"_s
                                    .arg(name, cls.className, pythonTypeName(it->metaType()),
                                         PyroValues::pythonTypeName(value)));
        addTraceback(&e, where);
        return PyroInvokeResult::fromError(e);
    }
    return guarded([&] {
        PyroInvokeResult r;
        if (!it->write(object, converted)) {
            r.error = typeError(u"could not set attribute '%1' of '%2'"_s.arg(name, cls.className));
            addTraceback(&r.error, where);
            return r;
        }
        r.value = PyroValues::none();
        return r;
    }, where);
}

QSet<QString> classInfoNames(const QMetaObject *metaObject, const char *key)
{
    return classInfoList(metaObject, key);
}

} // namespace PyroInvoker
