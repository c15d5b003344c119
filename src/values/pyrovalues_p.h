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
    static const PyroTypeIds &get();
};
