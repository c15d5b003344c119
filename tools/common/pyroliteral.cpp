// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroliteral.h"

#include "pyroobjectref.h"
#include "pyroserializer.h"
#include "pyrouri.h"
#include "pyroserializerutils.h"
#include "pyrovalues.h"

#include <optional>

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

// The value with only kinds Python has a literal for: what serpent sends for the others
// (URIs and proxies as class dicts, dates as ISO text, registered classes as their dicts),
// except that a URI reads best as its text.
bool toPlain(const QVariant &value, QVariant *out, PyroError *error)
{
    const auto plainItems = [error](QVariantList items) -> std::optional<QVariantList> {
        for (QVariant &item : items) {
            if (!toPlain(item, &item, error))
                return std::nullopt;
        }
        return items;
    };
    switch (PyroValues::kindOf(value)) {
    case PyroKind::List: {
        const auto items = plainItems(PyroSerializerUtils::listItems(value));
        *out = items ? QVariant(*items) : QVariant();
        return items.has_value();
    }
    case PyroKind::Tuple: {
        const auto items = plainItems(value.value<PyroTuple>().items());
        *out = items ? QVariant::fromValue(PyroTuple(*items)) : QVariant();
        return items.has_value();
    }
    case PyroKind::Set: {
        const PyroSet set = value.value<PyroSet>();
        const auto items = plainItems(set.items());
        *out = items ? QVariant::fromValue(PyroSet(*items, set.isFrozen() ? PyroSet::Kind::FrozenSet
                                                                          : PyroSet::Kind::Set))
                     : QVariant();
        return items.has_value();
    }
    case PyroKind::Dict: {
        const PyroDict dict = value.typeId() == qMetaTypeId<PyroDict>() ? value.value<PyroDict>()
                                                                         : PyroDict(value.toMap());
        PyroDict plain;
        for (const PyroDict::Entry &e : dict.entries()) {
            QVariant key, item;
            if (!toPlain(e.first, &key, error) || !toPlain(e.second, &item, error))
                return false;
            plain.append(key, item);
        }
        *out = QVariant::fromValue(plain);
        return true;
    }
    case PyroKind::Other: {
        if (value.typeId() == qMetaTypeId<PyroUri>()) {
            *out = value.value<PyroUri>().toString();
            return true;
        }
        const QVariant wire = PyroSerializerUtils::toWire(value, PyroEncodeContext(),
                                                          PyroSerializerIds::Serpent, error);
        return wire.isValid() && toPlain(wire, out, error);
    }
    default:
        *out = value;
        return true;
    }
}

} // namespace

QString printLiteral(const QVariant &value, PyroError *error)
{
    QVariant plain;
    if (!toPlain(value, &plain, error))
        return QString();
    PyroValues::ReprOptions compact;
    compact.compact = true;
    return PyroValues::pythonRepr(plain, compact);
}

QString reprString(const QString &s)
{
    return PyroValues::pythonRepr(s);
}

} // namespace PyroLiteral
