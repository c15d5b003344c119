// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroserializer.h"

/*
 * Pyro5's json serializer (id 3): what Python's json.dumps(value, ensure_ascii=False)
 * writes, byte for byte, and a tolerant reader for what json.loads accepts (NaN,
 * Infinity, integers of any size). QJsonDocument cannot do either.
 */
class QTPYRO_PRIVATE_EXPORT PyroJsonSerializer final : public PyroSerializer
{
public:
    // Python's json decoder gives up somewhat below 1000 levels (recursion limit).
    static constexpr int DefaultMaxDepth = 1000;

    quint8 id() const override { return PyroSerializerIds::Json; }
    QString name() const override { return QStringLiteral("json"); }
    bool encode(QByteArray &out, const QVariant &value, const PyroEncodeContext &context,
                PyroError *error) const override;
    QVariant decode(QByteArrayView data, const PyroDecodeOptions &options,
                    PyroError *error) const override;

    // The call is an object {"object", "method", "params", "kwargs"}, not a 4-tuple.
    bool encodeCall(QByteArray &out, const PyroCall &call, const PyroEncodeContext &context,
                    PyroError *error) const override;
    bool decodeCall(QByteArrayView data, PyroCall *call, const PyroDecodeOptions &options,
                    PyroError *error) const override;
};
