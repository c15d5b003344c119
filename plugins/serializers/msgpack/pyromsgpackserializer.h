// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroserializer.h"

/*
 * Pyro5's msgpack serializer (id 4), on top of msgpack-cxx.
 *
 * The wire form is what Python's msgpack.packb(use_bin_type=True) and Pyro5's default/
 * ext hooks produce: smallest integer forms, float64, str/bin, arrays for every sequence,
 * maps in entry order, and the Pyro5 extension types 0x30 (complex), 0x31 (int beyond
 * 64 bits), 0x32 (naive datetime) and 0x33 (date). The call envelope is the default
 * 4-tuple, which msgpack writes as an array of 4.
 */
class PyroMsgpackSerializer final : public PyroSerializer
{
public:
    // Python's msgpack unpacker refuses more than 1024 nested containers.
    static constexpr int DefaultMaxDepth = 1024;

    quint8 id() const override { return PyroSerializerIds::Msgpack; }
    QString name() const override { return QStringLiteral("msgpack"); }
    // A naive (Qt::LocalTime) QDateTime becomes ext 0x32, one with a time zone or offset
    // its ISO text (Pyro5 refuses aware datetimes; serpent and json send text). Other
    // values without a msgpack form go through the class mapping.
    bool encode(QByteArray &out, const QVariant &value, const PyroEncodeContext &context,
                PyroError *error) const override;
    // Maps with only str keys become QVariantMap, others PyroDict; with
    // options.mapClassDicts (the default) only str and bytes keys are accepted, like
    // Python's strict_map_key.
    QVariant decode(QByteArrayView data, const PyroDecodeOptions &options,
                    PyroError *error) const override;
};
