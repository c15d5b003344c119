// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroserializer.h"

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
    quint8 id() const override { return 1; }
    QString name() const override { return QStringLiteral("serpent"); }
    bool encode(QByteArray &out, const QVariant &value, const PyroEncodeContext &context,
                PyroError *error) const override;
    QVariant decode(QByteArrayView data, const PyroDecodeOptions &options,
                    PyroError *error) const override;
};
