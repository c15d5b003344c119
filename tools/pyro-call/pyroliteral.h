// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// Python literals on the command line: parse an argument like Python's ast.literal_eval
// would (serpent syntax), and print a value so that Python reads it back.

#include "pyroerror.h"
#include "pyroobjectref.h"
#include "pyroserializer.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <QtCore/QString>
#include <QtCore/QVariant>

#include <cmath>

namespace PyroLiteral {

inline QVariant parse(const QString &text, PyroError *error)
{
    const PyroSerializer *serpent = PyroSerializer::byName(u"serpent", error);
    if (!serpent)
        return QVariant();
    QByteArray data = QByteArrayLiteral("# serpent utf-8 python3.2\n");
    data += text.toUtf8();
    return serpent->decode(data, PyroDecodeOptions(), error);
}

namespace detail {

// Serpent writes nan as a class dict and inf as 1e30000; Python's repr (what a user
// expects to read) writes nan, inf and -inf. Those get markers that survive encoding.
inline QString marker(double d)
{
    if (std::isnan(d))
        return QStringLiteral("\u0001qtpyro:nan\u0001");
    return d > 0 ? QStringLiteral("\u0001qtpyro:inf\u0001") : QStringLiteral("\u0001qtpyro:-inf\u0001");
}

inline QVariant prepare(const QVariant &value)
{
    const int type = value.typeId();
    if (type == QMetaType::Double || type == QMetaType::Float) {
        const double d = value.toDouble();
        return std::isfinite(d) ? value : QVariant(marker(d));
    }
    if (type == QMetaType::QVariantList) {
        QVariantList items = value.toList();
        for (QVariant &item : items)
            item = prepare(item);
        return items;
    }
    if (type == qMetaTypeId<PyroTuple>()) {
        PyroTuple t = value.value<PyroTuple>();
        for (QVariant &item : t.items())
            item = prepare(item);
        return QVariant::fromValue(t);
    }
    if (type == qMetaTypeId<PyroSet>()) {
        PyroSet s = value.value<PyroSet>();
        for (QVariant &item : s.items())
            item = prepare(item);
        return QVariant::fromValue(s);
    }
    if (type == QMetaType::QVariantMap) {
        QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            it.value() = prepare(it.value());
        return map;
    }
    if (type == qMetaTypeId<PyroDict>()) {
        PyroDict out;
        for (const PyroDict::Entry &e : value.value<PyroDict>().entries())
            out.append(prepare(e.first), prepare(e.second));
        return QVariant::fromValue(out);
    }
    // A URI reads best as its text.
    if (type == qMetaTypeId<PyroUri>())
        return value.value<PyroUri>().toString();
    return value;
}

} // namespace detail

inline QString toLiteral(const QVariant &value, PyroError *error = nullptr)
{
    const PyroSerializer *serpent = PyroSerializer::byName(u"serpent", error);
    if (!serpent)
        return QString();
    PyroEncodeContext context;
    context.serpentBytesRepr = true;
    QByteArray out;
    if (!serpent->encode(out, detail::prepare(value), context, error))
        return QString();
    const qsizetype newline = out.indexOf('\n');
    if (out.startsWith("# serpent") && newline >= 0)
        out.remove(0, newline + 1);
    QString text = QString::fromUtf8(out);
    text.replace(QStringLiteral("'\\x01qtpyro:nan\\x01'"), QStringLiteral("nan"));
    text.replace(QStringLiteral("'\\x01qtpyro:inf\\x01'"), QStringLiteral("inf"));
    text.replace(QStringLiteral("'\\x01qtpyro:-inf\\x01'"), QStringLiteral("-inf"));
    return text;
}

// Python's repr() of a str.
inline QString reprString(const QString &s)
{
    return toLiteral(s);
}

} // namespace PyroLiteral
