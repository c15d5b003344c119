// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroserializer.h"

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

    quint8 id() const override { return 2; }
    QString name() const override { return QStringLiteral("marshal"); }
    bool encode(QByteArray &out, const QVariant &value, const PyroEncodeContext &context,
                PyroError *error) const override;
    QVariant decode(QByteArrayView data, const PyroDecodeOptions &options,
                    PyroError *error) const override;
    bool encodeCall(QByteArray &out, const PyroCall &call, const PyroEncodeContext &context,
                    PyroError *error) const override;
};
