// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroliteral.h"

#include "pyroobjectref.h"
#include "pyroserializer.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <cmath>

namespace PyroLiteral {

QVariant parse(const QString &text, PyroError *error)
{
    const PyroSerializer *serpent = PyroSerializer::byName(u"serpent", error);
    if (!serpent)
        return QVariant();
    // ast.literal_eval() drops leading spaces and tabs before parsing (no other whitespace:
    // a line feed there is a blank line, which the parser skips anyway); its error
    // positions count from there. The text goes to the decoder as it is, without serpent's
    // header line, so that the line numbers of its errors are the argument's own.
    qsizetype start = 0;
    while (start < text.size() && (text.at(start) == u' ' || text.at(start) == u'\t'))
        ++start;
    return serpent->decode(QStringView(text).sliced(start).toUtf8(), PyroDecodeOptions(), error);
}

namespace {

// Serpent writes nan as a class dict and inf as 1e30000; Python's repr (what a user
// expects to read) writes nan, inf and -inf. Those get markers that survive encoding.
QString marker(double d)
{
    if (std::isnan(d))
        return QStringLiteral("\u0001qtpyro:nan\u0001");
    return d > 0 ? QStringLiteral("\u0001qtpyro:inf\u0001") : QStringLiteral("\u0001qtpyro:-inf\u0001");
}

QVariant prepare(const QVariant &value)
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

} // namespace

namespace {

// What serpent writes differently from Python's repr(): an empty set (serpent has no
// literal for it and writes "()"), a frozenset (written as a set), None as a dict key
// or set item (serpent refuses it).
bool serpentDiffersFromRepr(const QVariant &value)
{
    const int type = value.typeId();
    if (type == QMetaType::QVariantList) {
        for (const QVariant &item : *static_cast<const QVariantList *>(value.constData())) {
            if (serpentDiffersFromRepr(item))
                return true;
        }
        return false;
    }
    if (type == qMetaTypeId<PyroTuple>())
        return serpentDiffersFromRepr(QVariant(value.value<PyroTuple>().items()));
    if (type == qMetaTypeId<PyroSet>()) {
        const PyroSet set = value.value<PyroSet>();
        if (set.isEmpty() || set.isFrozen())
            return true;
        for (const QVariant &item : set.items()) {
            if (PyroValues::isNone(item) || serpentDiffersFromRepr(item))
                return true;
        }
        return false;
    }
    if (type == QMetaType::QVariantMap) {
        for (const QVariant &item : *static_cast<const QVariantMap *>(value.constData())) {
            if (serpentDiffersFromRepr(item))
                return true;
        }
        return false;
    }
    if (type == qMetaTypeId<PyroDict>()) {
        for (const PyroDict::Entry &e : value.value<PyroDict>().entries()) {
            if (PyroValues::isNone(e.first) || serpentDiffersFromRepr(e.first) || serpentDiffersFromRepr(e.second))
                return true;
        }
    }
    return false;
}

} // namespace

QString toLiteral(const QVariant &value, PyroError *error);

namespace {

// Python's repr() of the containers, in serpent's compact form ("{1,2}", "(1,)",
// "{None:1}", "set()", "frozenset({1})"); the rest goes through serpent.
bool appendLiteral(QString &out, const QVariant &value, PyroError *error)
{
    if (!serpentDiffersFromRepr(value)) {
        const QString text = toLiteral(value, error);
        out += text;
        return !text.isEmpty();
    }
    const auto appendItems = [&out, error](const QVariantList &items) {
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (i)
                out += u',';
            if (!appendLiteral(out, items.at(i), error))
                return false;
        }
        return true;
    };
    const int type = value.typeId();
    if (type == QMetaType::QVariantList) {
        out += u'[';
        if (!appendItems(value.toList()))
            return false;
        out += u']';
        return true;
    }
    if (type == qMetaTypeId<PyroTuple>()) {
        const PyroTuple tuple = value.value<PyroTuple>();
        out += u'(';
        if (!appendItems(tuple.items()))
            return false;
        out += tuple.size() == 1 ? QStringLiteral(",)") : QStringLiteral(")");
        return true;
    }
    if (type == qMetaTypeId<PyroSet>()) {
        const PyroSet set = value.value<PyroSet>();
        if (set.isEmpty()) {
            out += set.isFrozen() ? QStringLiteral("frozenset()") : QStringLiteral("set()");
            return true;
        }
        out += set.isFrozen() ? QStringLiteral("frozenset({") : QStringLiteral("{");
        if (!appendItems(set.items()))
            return false;
        out += set.isFrozen() ? QStringLiteral("})") : QStringLiteral("}");
        return true;
    }
    PyroDict dict = type == qMetaTypeId<PyroDict>() ? value.value<PyroDict>() : PyroDict(value.toMap());
    out += u'{';
    bool first = true;
    for (const PyroDict::Entry &e : dict.entries()) {
        if (!first)
            out += u',';
        first = false;
        if (!appendLiteral(out, e.first, error))
            return false;
        out += u':';
        if (!appendLiteral(out, e.second, error))
            return false;
    }
    out += u'}';
    return true;
}

} // namespace

// Python's repr() of a value, compact like serpent writes it, which Python reads back
// with ast.literal_eval() (except a frozenset, whose repr is a call).
QString printLiteral(const QVariant &value, PyroError *error)
{
    QString out;
    if (!appendLiteral(out, value, error))
        return QString();
    return out;
}

QString toLiteral(const QVariant &value, PyroError *error)
{
    const PyroSerializer *serpent = PyroSerializer::byName(u"serpent", error);
    if (!serpent)
        return QString();
    PyroEncodeContext context;
    context.serpentBytesRepr = true;
    QByteArray out;
    if (!serpent->encode(out, prepare(value), context, error))
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
QString reprString(const QString &s)
{
    return toLiteral(s);
}

} // namespace PyroLiteral
