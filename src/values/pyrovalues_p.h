// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrovalues.h"

// The Python type family of a QVariant, used by every encoder's dispatch and by equality.
enum class PyroKind {
    None,
    Bool,
    Int,      // any integral QVariant that fits in 64 bits (int, uint, qlonglong, short, ...)
    BigInt,   // PyroBigInt, or a qulonglong above INT64_MAX
    Float,
    Complex,
    Str,
    Bytes,
    List,     // QVariantList, QStringList, QByteArrayList, other sequential containers
    Tuple,
    Set,
    Dict,     // QVariantMap, QVariantHash, PyroDict
    Other     // anything else: class dicts, Pyro types, user types
};

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
