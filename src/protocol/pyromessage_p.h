// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"
#include "pyroprotocol_p.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QList>
#include <QtCore/QUuid>

#include <utility>

// The 40-byte header, decoded.
struct QTPYRO_PRIVATE_EXPORT PyroMessageHeader
{
    quint8 type = 0;
    quint8 serializerId = 0;
    quint16 flags = 0;
    quint16 seq = 0;
    quint32 dataSize = 0;
    quint32 annotationsSize = 0;
    QUuid correlationId; // null unless FlagCorrelationId
    quint16 reserved = 0;

    // Parses and validates tag, version and magic (in Pyro5's order of checks), nothing
    // else. data should hold HeaderSize bytes; a shorter one still gets the tag and
    // version checks, then fails as truncated. The correlation id is taken only when
    // FlagCorrelationId is set.
    static PyroMessageHeader parse(QByteArrayView data, PyroError *error);
    // The checks Pyro5 makes on the first bytes before it reads the rest of the header:
    // the tag once 4 bytes are there, the version once 6 are. True if nothing is wrong yet.
    static bool checkStart(QByteArrayView data, PyroError *error);
    // Writes the fields as they are (sizes included), except: the CORR_ID flag is also
    // set when correlationId is not null, and reserved is always written as 0.
    void writeTo(char *out) const; // HeaderSize bytes
    quint64 bodySize() const { return quint64(dataSize) + annotationsSize; }
};

/*
 * One Pyro5 message: header fields, annotations (in order) and the payload as carried
 * (compressed if FlagCompressed is set). No I/O and no payload format here.
 */
class QTPYRO_PRIVATE_EXPORT PyroMessage
{
public:
    using Annotation = std::pair<QByteArray, QByteArray>; // 4-byte id, value

    PyroMessage() = default;
    PyroMessage(quint8 type, quint8 serializerId, quint16 seq, quint16 flags = 0)
    {
        header.type = type;
        header.serializerId = serializerId;
        header.seq = seq;
        header.flags = flags;
    }

    PyroMessageHeader header;
    QList<Annotation> annotations;
    QByteArray payload;

    quint8 type() const { return header.type; }
    quint16 flags() const { return header.flags; }
    bool hasFlag(PyroProtocol::Flag flag) const { return header.flags & flag; }
    QByteArray annotation(QByteArrayView id) const;
    // Adds or replaces (Pyro5 keeps one value per id).
    void setAnnotation(const QByteArray &id, const QByteArray &value);

    // Sets the correlation id and the CORR_ID flag (a null uuid clears both).
    void setCorrelationId(const QUuid &id);

    // Parses a whole message (header, annotations, payload) from data, which must be
    // exactly one message; the payload stays as carried. maxMessageSize limits
    // data_size + annotations_size.
    static PyroMessage parse(QByteArrayView data, PyroError *error,
                             qint64 maxMessageSize = PyroProtocol::DefaultMaxMessageSize);
    // Parses the annotation area (Pyro5's chunk walk and its errors) into *out (replacing
    // its contents). A repeated id keeps its first position and takes the last value, as
    // Pyro5's dict does. At most MaxAnnotations distinct ids.
    static bool parseAnnotations(QByteArrayView area, QList<Annotation> *out, PyroError *error);
    static constexpr int MaxAnnotations = 65536;

    // The payload with compression undone (a copy only when it was compressed); the
    // inflated size is bounded by maxSize and, when maxRatio > 0, by
    // inflateAllowance(maxRatio, compressed size).
    QByteArray uncompressedPayload(PyroError *error,
                                   qint64 maxSize = PyroProtocol::DefaultMaxMessageSize,
                                   int maxRatio = 0) const;
    // What a compressed payload of compressedSize bytes may inflate to under MAX_INFLATE_RATIO:
    // maxRatio times its size, but at least MinInflateAllowance.
    static qint64 inflateAllowance(int maxRatio, qint64 compressedSize);
    static constexpr qint64 MinInflateAllowance = 1024 * 1024;
    // Compresses the payload in place when compress is true and it is longer than the
    // threshold, as Pyro5's senders do; always clears a caller-set COMPRESSED flag first.
    void applyCompression(bool compress);

    // The wire bytes: header (sizes filled in) + annotations + payload. Fails with
    // ProtocolError "message too large" beyond maxMessageSize and for bad annotation ids.
    QByteArray toBytes(PyroError *error = nullptr,
                       qint64 maxMessageSize = PyroProtocol::DefaultMaxMessageSize) const;
    // Appends the header and annotations for a payload of payloadSize bytes that the
    // caller appends afterwards; used by the hot paths that serialize straight into the
    // buffer. On failure out is left as it was.
    bool writeHead(QByteArray &out, quint32 payloadSize, PyroError *error = nullptr,
                   qint64 maxMessageSize = PyroProtocol::DefaultMaxMessageSize) const;
    // Completes a message that starts at out[start] (written by writeHead, any payloadSize)
    // and whose payload is everything after its annotations: compresses the payload when
    // compress is true and it is over the threshold (clearing a stale COMPRESSED flag
    // otherwise), then patches flags and data_size. On failure ("message too large")
    // out is truncated back to start.
    //     const qsizetype start = buf.size();
    //     msg.writeHead(buf, 0);
    //     serializer->encode(value, buf, ...);
    //     PyroMessage::finishMessage(buf, start, compress, &error);
    static bool finishMessage(QByteArray &out, qsizetype start, bool compress,
                              PyroError *error = nullptr,
                              qint64 maxMessageSize = PyroProtocol::DefaultMaxMessageSize);

    // Appends the whole message to out in one go: header and annotations, then the
    // payload that writePayload(QByteArray &out) appends (a serializer's encode; it
    // returns false on failure), compressed when compress is true and it is over the
    // threshold; the sizes and flags are filled in last. Header, annotations and payload
    // end up in one buffer, ready for one write. On failure out is as it was.
    //     msg.write(buf, [&](QByteArray &out) { return serializer->encode(out, value, ctx, &error); },
    //               compress, &error, maxSize);
    template <typename PayloadWriter>
    bool write(QByteArray &out, PayloadWriter &&writePayload, bool compress, PyroError *error = nullptr,
               qint64 maxMessageSize = PyroProtocol::DefaultMaxMessageSize) const
    {
        const qsizetype start = out.size();
        if (!writeHead(out, 0, error, maxMessageSize))
            return false;
        if (!writePayload(out)) {
            out.truncate(start);
            return false;
        }
        return finishMessage(out, start, compress, error, maxMessageSize);
    }
};

namespace PyroCompression {
// zlib stream (RFC 1950), level 4, as Python's zlib.compress(data, 4).
QTPYRO_PRIVATE_EXPORT QByteArray compress(QByteArrayView data);
// Inflates a zlib stream; a ProtocolError on corrupt data or output beyond maxSize.
QTPYRO_PRIVATE_EXPORT QByteArray decompress(QByteArrayView data, qint64 maxSize, PyroError *error);
} // namespace PyroCompression
