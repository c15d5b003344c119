// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroserializer.h"

// What the writer (pyroserpentwriter.cpp) and the parser (pyroserpentparser.cpp) share.
namespace PyroSerpent {

// serpent's maximum_level (recursion limit 1000 // 5) and Python's parser limit on open
// brackets ("too many nested parentheses") are both 200.
constexpr int SerpentMaxLevel = 200;
// A larger PyroDecodeOptions::maxDepth is honoured up to this, so that the recursive
// parser cannot exhaust a small thread stack; Python peers never send more than 200.
constexpr int HardDepthCap = 1000;

constexpr char Header[] = "# serpent utf-8 python3.2\n";

} // namespace PyroSerpent

/*
 * Serpent (id 1), Pyro5's default: Python literal text with a "# serpent utf-8 python3.2"
 * header line. encode() writes byte for byte what Python serpent 1.41 writes for Pyro5
 * (repr() of strings and floats, bytes as the base64 dict or b'' literals, at most 200
 * levels). decode() accepts what ast.literal_eval accepts, apart from Ellipsis and
 * \N{} names outside a small table; PyroDecodeOptions::maxDepth counts open brackets
 * like Python's parser (default 200, at most 1000).
 */
class QTPYRO_PRIVATE_EXPORT PyroSerpentSerializer final : public PyroSerializer
{
public:
    quint8 id() const override { return PyroSerializerIds::Serpent; }
    QString name() const override { return QStringLiteral("serpent"); }
    bool encode(QByteArray &out, const QVariant &value, const PyroEncodeContext &context,
                PyroError *error) const override;
    QVariant decode(QByteArrayView data, const PyroDecodeOptions &options,
                    PyroError *error) const override;
};
