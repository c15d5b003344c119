// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// Exposure: which members of a QObject class a client may call (DESIGN.md "Exposure"),
// worked out once per class.
#include "pyroinvoker_p.h"
#include "pyroinvokersupport_p.h"

#include "pyrovaluetypes.h"

#include <QtCore/QObject>
#include <QtCore/QReadWriteLock>

#include <cstring>
#include <memory>
#include <unordered_map>

#if __has_include(<dlfcn.h>)
#  include <dlfcn.h>
#  define QTPYRO_HAVE_DLADDR 1
#endif

using namespace Qt::StringLiterals;
using PyroInvokerDetail::attributeError;

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

// The class infos that mark members, read once per class. They may name a member by its
// C++ or by its exposed name.
struct MemberLists
{
    explicit MemberLists(const QMetaObject *mo)
        : excluded(classInfoList(mo, "pyro.exclude")),
          oneway(classInfoList(mo, "pyro.oneway")),
          callbacks(classInfoList(mo, "pyro.callback")),
          renames(PyroInvoker::exposedNames(mo))
    {
    }
    static bool listed(const QSet<QString> &list, const QString &cppName, const QString &name)
    {
        return list.contains(name) || list.contains(cppName);
    }
    QString exposedName(const QString &cppName, bool qtLevel) const
    {
        return qtLevel ? cppName : renames.value(cppName, cppName);
    }

    QSet<QString> excluded, oneway, callbacks;
    QHash<QString, QString> renames;
};

void readClassSettings(PyroClassInfo *info, const QMetaObject *mo)
{
    info->pool = classInfoValue(mo, "pyro.threading").compare(u"pool"_s, Qt::CaseInsensitive) == 0;
    const QString mode = classInfoValue(mo, "pyro.instance_mode").toLower();
    if (mode == u"single"_s)
        info->instanceMode = PyroClassInfo::Single;
    else if (mode == u"session"_s)
        info->instanceMode = PyroClassInfo::Session;
    else if (mode == u"percall"_s)
        info->instanceMode = PyroClassInfo::PerCall;
}

PyroMethodOverload makeOverload(const QMetaMethod &m)
{
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
    o.returnType = m.returnMetaType();
    o.returnsFuture = PyroInvoker::isFutureType(o.returnType);
    return o;
}

void addMethods(PyroClassInfo *info, const QMetaObject *level, bool qtLevel, const MemberLists &lists,
                QSet<QByteArray> *seenSignatures)
{
    for (int i = level->methodOffset(); i < level->methodCount(); ++i) {
        const QMetaMethod m = level->method(i);
        const QString cppName = QString::fromLatin1(m.name());
        const QString name = lists.exposedName(cppName, qtLevel);
        const bool exposable = !qtLevel
            && (m.methodType() == QMetaMethod::Slot || m.methodType() == QMetaMethod::Method)
            && m.access() == QMetaMethod::Public && !MemberLists::listed(lists.excluded, cppName, name);
        if (!exposable) {
            info->unexposed.insert(name);
            continue;
        }
        if (PyroInvoker::isPrivateName(name))
            continue;
        // An override redeclared in a subclass appears at both levels: keep the first.
        const QByteArray signature = m.methodSignature();
        if (seenSignatures->contains(signature))
            continue;
        seenSignatures->insert(signature);

        PyroExposedMethod &em = info->methods[name];
        em.name = name;
        if (MemberLists::listed(lists.oneway, cppName, name) || std::strcmp(m.tag(), "PYRO_ONEWAY") == 0)
            em.oneway = true;
        if (MemberLists::listed(lists.callbacks, cppName, name))
            em.callback = true;
        em.overloads.append(makeOverload(m));
    }
}

void addProperties(PyroClassInfo *info, const QMetaObject *level, bool qtLevel, const MemberLists &lists)
{
    for (int i = level->propertyOffset(); i < level->propertyCount(); ++i) {
        const QMetaProperty p = level->property(i);
        const QString cppName = QString::fromLatin1(p.name());
        const QString name = lists.exposedName(cppName, qtLevel);
        if (qtLevel || !p.isReadable() || MemberLists::listed(lists.excluded, cppName, name)) {
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
void markOptionalParameters(PyroClassInfo *info)
{
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
}

// The sorted name lists and the get_metadata() dict {methods, oneway, attrs}.
void buildMetadata(PyroClassInfo *info)
{
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
}

PyroClassInfo *buildClassInfo(const QMetaObject *mo)
{
    auto *info = new PyroClassInfo;
    info->metaObject = mo;
    info->className = bareClassName(mo);
    readClassSettings(info, mo);
    const MemberLists lists(mo);
    QSet<QByteArray> seenSignatures;
    for (const QMetaObject *level = mo; level; level = level->superClass()) {
        const bool qtLevel = PyroInvoker::isQtClass(level);
        addMethods(info, level, qtLevel, lists, &seenSignatures);
        addProperties(info, level, qtLevel, lists);
    }
    markOptionalParameters(info);
    buildMetadata(info);
    return info;
}

} // namespace

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

const PyroExposedMethod *lookup(const PyroClassInfo &cls, const QString &name)
{
    // Exposed methods never have private names: a hit needs no other check.
    const auto it = cls.methods.constFind(name);
    return it != cls.methods.cend() ? &it.value() : nullptr;
}

QSet<QString> classInfoNames(const QMetaObject *metaObject, const char *key)
{
    return classInfoList(metaObject, key);
}


} // namespace PyroInvoker
