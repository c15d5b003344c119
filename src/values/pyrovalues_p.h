// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrovalues.h"

#include <QtCore/QMultiHash>

QTPYRO_PRIVATE_EXPORT PyroKind pyroKind(const QVariant &value);
QTPYRO_PRIVATE_EXPORT PyroKind pyroKind(int metaTypeId);

// Metatype ids of the value types, fetched once.
struct PyroTypeIds
{
    int tuple;
    int set;
    int dict;
    int bigInt;
    int complex;
    int nullptrType;
    int surrogateString;
    static const PyroTypeIds &get();
};

// The code points of a str value (QString or PyroSurrogateString).
QTPYRO_PRIVATE_EXPORT QList<char32_t> pyroStrCodePoints(const QVariant &value);
// Python's UnicodeEncodeError text for a str with surrogates encoded as strict UTF-8
// ("'utf-8' codec can't encode character '\\udc80' in position 4: surrogates not allowed",
// or "characters in position 2-3" for a run); empty when there is no surrogate.
QTPYRO_PRIVATE_EXPORT QString pyroSurrogatesNotAllowed(const QList<char32_t> &codePoints);
// pyroKind(), with sequential containers of other types as List (what repr() and
// equality see).
PyroKind pyroEffectiveKind(const QVariant &value);
// A QVariantMap, QVariantHash or PyroDict as a PyroDict.
PyroDict pyroAsDict(const QVariant &value);

// Items of any list-like value (QVariantList, QStringList, QByteArrayList, PyroTuple,
// PyroSet, other sequential containers); empty for anything else.
QTPYRO_PRIVATE_EXPORT QVariantList pyroListItems(const QVariant &value);

// The items of a Python set made from items: the first of several Python-equal ones is kept
// (1, 1.0 and True are one element), in their order.
QTPYRO_PRIVATE_EXPORT QVariantList pyroWithoutDuplicates(QVariantList &&items);

/*
 * Finds Python-equal values among those added so far, for the decoders' dict and set
 * de-duplication: expected constant work per lookup. The hash is seeded per process, and
 * each NaN hashes apart (NaN never equals anything, as with Python's identity hash), so
 * hostile keys cannot pile into one bucket; and however many unequal keys do share a
 * full hash value (only values Python cannot use as keys can: they all hash by type),
 * a lookup compares against at most MaxProbes of them and keeps the new key apart.
 */
class QTPYRO_PRIVATE_EXPORT PyroValueIndex
{
public:
    static constexpr int MaxProbes = 16;

    explicit PyroValueIndex(qsizetype expected);

    // The position given for a value equal to \a value, or -1 after remembering \a value
    // at \a position. keyAt(position) returns the value added at position.
    template<typename KeyAt>
    qsizetype findOrInsert(const QVariant &value, qsizetype position, KeyAt keyAt)
    {
        const size_t h = hashOf(value);
        int probes = 0;
        for (auto it = m_index.constFind(h); it != m_index.cend() && it.key() == h; ++it) {
            if (++probes > MaxProbes)
                break;
            if (PyroValues::equals(keyAt(it.value()), value))
                return it.value();
        }
        m_index.insert(h, position);
        return -1;
    }

private:
    size_t hashOf(const QVariant &value) const;

    QMultiHash<size_t, qsizetype> m_index;
    size_t m_seed;
};
