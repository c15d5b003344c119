// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// Masking shared by the transcript replays (tst_pyrodaemonreplay, tst_pyronameserverreplay):
// the recorded replies of Python's Pyro5 and ours agree except for free text (remote
// tracebacks) and the order of Pyro5's metadata lists, which are sets.

#include "pyroclassmapping_p.h"
#include "pyroerror.h"
#include "pyroerror_p.h"
#include "pyrovalues.h"

#include <QtCore/QDebug>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QStringList>

#include <functional>

namespace PyroTranscriptMask {

// Our remote tracebacks must look like Python's: a list of lines, the first being
// "Traceback (most recent call last):\n", every one ending with a newline.
inline bool isTracebackList(const QVariant &v)
{
    const QVariantList lines = PyroClassMapping::listItems(v);
    if (lines.isEmpty() || lines.first().toString() != QLatin1String("Traceback (most recent call last):\n"))
        return false;
    for (const QVariant &line : lines) {
        if (line.typeId() != QMetaType::QString || !line.toString().endsWith(QLatin1Char('\n')))
            return false;
    }
    return true;
}

inline bool isMetadataKeys(QStringList keys)
{
    keys.sort();
    return keys == QStringList{QStringLiteral("attrs"), QStringLiteral("methods"), QStringLiteral("oneway")};
}

// The items of a typed dict (manifest form) are Pyro5's metadata dict: attrs, methods, oneway.
inline bool isMetadataDict(const QJsonArray &items)
{
    QStringList keys;
    for (const QJsonValue &pair : items)
        keys.append(pair.toArray().at(0).toObject().value(QLatin1String("value")).toString());
    return items.size() == 3 && isMetadataKeys(keys);
}

// The entries of a decoded dict, a QVariantMap or a PyroDict.
inline QList<PyroDict::Entry> dictEntries(const QVariant &value)
{
    if (value.typeId() != QMetaType::QVariantMap)
        return value.value<PyroDict>().entries();
    QList<PyroDict::Entry> entries;
    const QVariantMap map = value.toMap();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        entries.append({it.key(), it.value()});
    return entries;
}

inline bool isMetadataEntries(const QList<PyroDict::Entry> &entries)
{
    QStringList keys;
    for (const auto &e : entries)
        keys.append(e.first.toString());
    return isMetadataKeys(keys);
}

// A metadata dict's list values as sets (their order is free).
inline QVariant metadataValue(bool inMetadata, const QVariant &value)
{
    if (inMetadata && value.typeId() == QMetaType::QVariantList)
        return QVariant::fromValue(PyroSet(value.toList()));
    return value;
}

enum class NoneTraceback { Keep, IsBad };

// The error without its "_pyroTraceback" attribute, once checked to look like Python's
// (else *why says so); mapValue is applied to the other attributes.
inline PyroError withoutTraceback(const PyroError &error, QString *why, NoneTraceback none,
                                  const std::function<QVariant(const QVariant &)> &mapValue)
{
    PyroDict attrs;
    for (const auto &e : error.attributes().entries()) {
        if (e.first.toString() == QLatin1String("_pyroTraceback")) {
            if (none == NoneTraceback::Keep && PyroValues::isNone(e.second)) {
                attrs.append(e.first, e.second);
                continue;
            }
            if (!isTracebackList(e.second) && why)
                *why += QStringLiteral("bad traceback %1; ").arg(QDebug::toString(e.second));
            continue;
        }
        attrs.append(e.first, mapValue(e.second));
    }
    PyroError masked = error;
    PyroErrorEditor::setAttributes(masked, attrs);
    return masked;
}

} // namespace PyroTranscriptMask
