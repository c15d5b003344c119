// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// Shared by tst_pyromessage and tst_pyromessagereader: compares a parsed PyroMessage with
// a message entry of messages.json / transcripts.json (header fields and annotations).

#include "pyromessage_p.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QString>

namespace PyroMessageTestUtil {

using namespace Qt::StringLiterals;

// A bare message header (serpent) announcing the given sizes.
inline QByteArray headerOnly(quint32 dataSize, quint32 annotationsSize, quint8 type = PyroProtocol::MsgInvoke)
{
    PyroMessageHeader h;
    h.type = type;
    h.serializerId = PyroProtocol::SerializerSerpent;
    h.dataSize = dataSize;
    h.annotationsSize = annotationsSize;
    QByteArray bytes(PyroProtocol::HeaderSize, Qt::Uninitialized);
    h.writeTo(bytes.data());
    return bytes;
}

inline QString mismatch(const char *field, qint64 actual, qint64 expected)
{
    return u"%1: got %2, manifest says %3"_s.arg(QLatin1StringView(field)).arg(actual).arg(expected);
}

// The correlation id as the manifest spells it (32 hex digits, RFC 4122 byte order).
inline QByteArray correlationHex(const PyroMessageHeader &header)
{
    if (header.correlationId.isNull())
        return QByteArray(32, '0');
    return header.correlationId.toRfc4122().toHex();
}

inline bool matchesManifest(const PyroMessage &m, const QJsonObject &entry, QString *why)
{
    const QJsonObject h = entry.value(u"header"_s).toObject();
    auto field = [&](const char *name) { return qint64(h.value(QLatin1StringView(name)).toInteger(-1)); };
    const struct { const char *name; qint64 actual; } fields[] = {
        {"msg_type", m.header.type},
        {"serializer_id", m.header.serializerId},
        {"flags", m.header.flags},
        {"seq", m.header.seq},
        {"data_size", m.header.dataSize},
        {"annotations_size", m.header.annotationsSize},
        {"reserved", m.header.reserved},
    };
    for (const auto &f : fields) {
        if (f.actual != field(f.name)) {
            *why = mismatch(f.name, f.actual, field(f.name));
            return false;
        }
    }
    if (h.value(u"tag"_s).toString() != u"PYRO"_s || h.value(u"version"_s).toInt() != 502
        || h.value(u"magic_hex"_s).toString() != u"0x4dc5"_s) {
        *why = u"manifest describes a header that should not have parsed"_s;
        return false;
    }
    const QByteArray corr = correlationHex(m.header);
    if (corr != h.value(u"corr_id_hex"_s).toString().toLatin1()) {
        *why = u"corr_id: got %1, manifest says %2"_s.arg(QString::fromLatin1(corr),
                                                          h.value(u"corr_id_hex"_s).toString());
        return false;
    }

    const QJsonArray anns = entry.value(u"annotations"_s).toArray();
    if (anns.size() != m.annotations.size()) {
        *why = mismatch("annotation count", m.annotations.size(), anns.size());
        return false;
    }
    qint64 offset = PyroProtocol::HeaderSize;
    for (qsizetype i = 0; i < anns.size(); ++i) {
        const QJsonObject a = anns.at(i).toObject();
        const auto &[id, value] = m.annotations.at(i);
        if (id != a.value(u"id"_s).toString().toLatin1()
            || value != QByteArray::fromBase64(a.value(u"base64"_s).toString().toLatin1())
            || value.size() != a.value(u"length"_s).toInteger(-1)
            || offset != a.value(u"offset"_s).toInteger(-1)) {
            *why = u"annotation %1 (%2) differs"_s.arg(i).arg(a.value(u"id"_s).toString());
            return false;
        }
        offset += PyroProtocol::AnnotationChunkHeaderSize + value.size();
    }
    if (offset != entry.value(u"payload_offset"_s).toInteger(-1)) {
        *why = mismatch("payload_offset", offset, entry.value(u"payload_offset"_s).toInteger(-1));
        return false;
    }
    return true;
}

} // namespace PyroMessageTestUtil
