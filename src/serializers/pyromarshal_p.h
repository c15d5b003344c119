// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroserializer.h"

// What the writer (pyromarshalwriter.cpp) and the reader (pyromarshalreader.cpp) share.
namespace PyroMarshal {

// Type codes of CPython's marshal format (Python/marshal.c), the ones that carry data.
enum : uchar {
    FlagRef = 0x80,
    CodeNull = '0',
    CodeNone = 'N',
    CodeFalse = 'F',
    CodeTrue = 'T',
    CodeStopIteration = 'S',
    CodeEllipsis = '.',
    CodeInt = 'i',
    CodeInt64 = 'I',
    CodeLong = 'l',
    CodeFloat = 'g',
    CodeFloatText = 'f',
    CodeComplex = 'y',
    CodeComplexText = 'x',
    CodeBytes = 's',
    CodeUnicode = 'u',
    CodeInterned = 't',
    CodeAscii = 'a',
    CodeAsciiInterned = 'A',
    CodeShortAscii = 'z',
    CodeShortAsciiInterned = 'Z',
    CodeTuple = '(',
    CodeSmallTuple = ')',
    CodeList = '[',
    CodeDict = '{',
    CodeSet = '<',
    CodeFrozenSet = '>',
    CodeRef = 'r',
    CodeCode = 'c',
};

constexpr int LongShift = 15; // marshal writes ints as base 2^15 digits
constexpr quint16 LongDigitMask = (1u << LongShift) - 1;

} // namespace PyroMarshal

/*
 * Pyro5's "marshal" serializer (id 2): CPython's marshal format.
 *
 * Decoding reads every marshal version (0-4) CPython writes for data values, including
 * FLAG_REF back-references; encoding writes only the simple codes every version reads
 * (N T F i l g y s u ( [ { 0 < >) and never FLAG_REF, so the bytes differ from Python's
 * but decode to the same value. Unlike Pyro5, which converts only top-level values,
 * Pyro types (URIs, proxies, exceptions, dates...) become class dicts at any depth.
 */
class QTPYRO_PRIVATE_EXPORT PyroMarshalSerializer final : public PyroSerializer
{
public:
    // CPython's MAX_MARSHAL_STACK_DEPTH: no value may sit deeper than this, counting the
    // outermost value as depth 1.
    static constexpr int DefaultMaxDepth = 2000;

    quint8 id() const override { return PyroSerializerIds::Marshal; }
    QString name() const override { return QStringLiteral("marshal"); }
    bool encode(QByteArray &out, const QVariant &value, const PyroEncodeContext &context,
                PyroError *error) const override;
    QVariant decode(QByteArrayView data, const PyroDecodeOptions &options,
                    PyroError *error) const override;
    bool encodeCall(QByteArray &out, const PyroCall &call, const PyroEncodeContext &context,
                    PyroError *error) const override;
};
