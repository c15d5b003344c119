// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// Arguments: binding a call's positional and keyword arguments to a method's parameters
// the way Python does, choosing among overloads by how well the values fit, and
// converting them to the parameter types.
#include "pyroinvoker_p.h"
#include "pyroinvokersupport_p.h"

#include "pyroconversion_p.h"
#include "pyroobjectref.h"
#include "pyrouri.h"
#include "pyrovalues_p.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace PyroInvokerDetail;

namespace {

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

PyroError countError(Binding &b, PyroError error)
{
    b.error = std::move(error);
    b.countError = true;
    return *b.error;
}

// Places positional and keyword arguments on the overload's parameters (Python's rules);
// false with b.error set when they do not match its signature.
bool placeArguments(const PyroClassInfo &cls, const PyroExposedMethod &method, const PyroMethodOverload &o,
                    const QVariantList &args, const KeywordList &kwargs,
                    const QVarLengthArray<int, 6> &fixed, QVarLengthArray<bool, 6> &filled, Binding &b)
{
    QVariantList extraArgs;
    for (int i = 0; i < args.size(); ++i) {
        if (i < fixed.size()) {
            b.values[fixed.at(i)] = args.at(i);
            filled[fixed.at(i)] = true;
        } else if (o.argsIndex >= 0) {
            extraArgs.append(args.at(i));
        } else {
            countError(b, typeError(u"%1 takes %2 positional %3 but %4 %5 given"_s
                                        .arg(methodLabel(cls, method.name)).arg(fixed.size())
                                        .arg(plural(fixed.size(), "argument", "arguments"))
                                        .arg(args.size()).arg(plural(args.size(), "was", "were"))));
            return false;
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
            if (filled.at(index)) {
                countError(b, typeError(u"%1 got multiple values for argument '%2'"_s.arg(methodLabel(cls, method.name), kw.first)));
                return false;
            }
            b.values[index] = kw.second;
            filled[index] = true;
        } else if (o.kwargsIndex >= 0) {
            extraKwargs.insert(kw.first, kw.second);
        } else {
            countError(b, typeError(u"%1 got an unexpected keyword argument '%2'"_s.arg(methodLabel(cls, method.name), kw.first)));
            return false;
        }
    }
    if (o.argsIndex >= 0)
        b.values[o.argsIndex] = QVariant(extraArgs);
    if (o.kwargsIndex >= 0)
        b.values[o.kwargsIndex] = QVariant(extraKwargs);
    return true;
}

// The parameters no argument was given for: optional QVariant ones before one given by
// keyword (Python's f(a, c=1) skipping b) are "not given"; others are missing.
bool checkMissing(const PyroClassInfo &cls, const PyroExposedMethod &method, const PyroMethodOverload &o,
                  const QVarLengthArray<int, 6> &fixed, const QVarLengthArray<bool, 6> &filled, Binding &b)
{
    int lastFilled = -1;
    for (int f : fixed) {
        if (filled.at(f))
            lastFilled = f;
    }
    b.skipped.resize(o.types.size());
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
    if (missing.isEmpty())
        return true;
    countError(b, typeError(u"%1 missing %2 required positional %3: %4"_s
                                .arg(methodLabel(cls, method.name)).arg(missing.size())
                                .arg(plural(missing.size(), "argument", "arguments"), joinNames(missing))));
    return false;
}

// Binds the arguments to one overload and ranks how well they fit it.
Binding bindOverload(const PyroClassInfo &cls, const PyroExposedMethod &method, const PyroMethodOverload &o,
                     const QVariantList &args, const KeywordList &kwargs)
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
    if (!placeArguments(cls, method, o, args, kwargs, fixed, filled, b)
        || !checkMissing(cls, method, o, fixed, filled, b))
        return b;

    int total = 0;
    for (qsizetype pos = 0; pos < fixed.size(); ++pos) {
        const int f = fixed.at(pos);
        const QMetaType type = o.types.at(f);
        // A QVariant parameter takes anything as it is (PyroConversion agrees).
        if (b.skipped.at(f) || type.id() == QMetaType::QVariant) {
            total += int(PyroInvoker::Fit::AsVariant);
            continue;
        }
        if (!type.isValid()) {
            b.error = typeError(u"%1: %2 has a type QtPyro cannot convert to (%3 is not a registered metatype)"_s
                                    .arg(methodLabel(cls, method.name), ordinalArg(int(pos), o.names.at(f)),
                                         QString::fromLatin1(o.method.parameterTypeName(f))));
            return b;
        }
        const PyroInvoker::Fit fit = PyroInvoker::fit(b.values.at(f), type);
        if (fit == PyroInvoker::Fit::None) {
            b.error = typeError(u"%1: %2 must be %3, not %4"_s
                                    .arg(methodLabel(cls, method.name), ordinalArg(int(pos), o.names.at(f)),
                                         PyroInvoker::pythonTypeName(type),
                                         PyroValues::pythonTypeName(b.values.at(f))));
            return b;
        }
        total += int(fit);
    }
    // Prefer the signature that needs no variadic catch-all, then the best fit.
    b.rank = total * 4 + (o.isVariadic() ? 0 : 2) + 1;
    return b;
}

} // namespace

namespace PyroInvokerDetail {

QString methodLabel(const PyroClassInfo &cls, const QString &name)
{
    return cls.className + u'.' + name + u"()"_s;
}

bool keywordArguments(const PyroClassInfo &cls, const PyroExposedMethod &method, const QVariant &kwargs,
                      KeywordList *out, ErrorSlot *error)
{
    auto notMapping = [&](const QString &type) {
        *error = typeError(u"%1 argument after ** must be a mapping, not %2"_s
                               .arg(cls.className + u'.' + method.name + u"()"_s, type));
        PyroInvoker::addTraceback(&**error, QString());
        return false;
    };
    if (PyroValues::isNone(kwargs))
        return notMapping(u"NoneType"_s);
    if (kwargs.typeId() == QMetaType::QVariantMap) {
        const QVariantMap *map = static_cast<const QVariantMap *>(kwargs.constData());
        for (auto it = map->cbegin(); it != map->cend(); ++it)
            out->append({it.key(), it.value()});
        return true;
    }
    if (kwargs.typeId() != qMetaTypeId<PyroDict>())
        return notMapping(PyroValues::pythonTypeName(kwargs));
    for (const auto &e : static_cast<const PyroDict *>(kwargs.constData())->entries()) {
        if (pyroKind(e.first) != PyroKind::Str) {
            *error = typeError(u"keywords must be strings"_s);
            PyroInvoker::addTraceback(&**error, QString());
            return false;
        }
        out->append({e.first.toString(), e.second});
    }
    return true;
}

const PyroMethodOverload *bestOverload(const PyroClassInfo &cls, const PyroExposedMethod &method,
                                       const QVariantList &args, const KeywordList &kwargs,
                                       Binding *binding, ErrorSlot *error)
{
    const PyroMethodOverload *best = nullptr;
    std::optional<PyroError> firstError;
    bool firstIsCount = true;
    for (const PyroMethodOverload &o : method.overloads) {
        Binding b = bindOverload(cls, method, o, args, kwargs);
        if (b.error) {
            // A type mismatch says more than a count mismatch of another signature.
            if (!firstError || (firstIsCount && !b.countError)) {
                firstError = std::move(b.error);
                firstIsCount = b.countError;
            }
            continue;
        }
        if (!best || b.rank > binding->rank) {
            best = &o;
            *binding = std::move(b);
        }
    }
    if (!best)
        *error = firstError ? *firstError : typeError(methodLabel(cls, method.name) + u" cannot be called"_s);
    return best;
}

bool convertArguments(const PyroClassInfo &cls, const PyroExposedMethod &method,
                      const PyroMethodOverload &overload, const Binding &binding,
                      QVarLengthArray<QVariant, 8> &holders, QVarLengthArray<void *, 9> &argv,
                      ErrorSlot *error)
{
    const int n = overload.types.size();
    for (int i = 0; i < n; ++i) {
        const QMetaType type = overload.types.at(i);
        if (binding.skipped.value(i)) {
            argv[i + 1] = &holders[i]; // an invalid QVariant: not given
            continue;
        }
        if (type.id() == QMetaType::QVariant) {
            // Taken as it came (an invalid value is None), without a second look.
            const QVariant &value = binding.values.at(i);
            holders[i] = value.isValid() ? value : PyroValues::none();
            argv[i + 1] = &holders[i];
            continue;
        }
        if (!PyroInvoker::convert(binding.values.at(i), type, &holders[i])) {
            *error = typeError(u"%1: %2 must be %3, not %4"_s
                                   .arg(methodLabel(cls, method.name), ordinalArg(i, overload.names.at(i)),
                                        PyroInvoker::pythonTypeName(type),
                                        PyroValues::pythonTypeName(binding.values.at(i))));
            return false;
        }
        argv[i + 1] = holders[i].data();
    }
    return true;
}

} // namespace PyroInvokerDetail

namespace PyroInvoker {

Fit fit(const QVariant &value, QMetaType type)
{
    // PyroConversion grades 0..3 in the order of Fit.
    return Fit(std::clamp(PyroConversion::score(value, type, nullptr), 0, int(Fit::Exact)));
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

} // namespace PyroInvoker
