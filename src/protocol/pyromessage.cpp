// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyromessage_p.h"

#include <QtCore/QHash>
#include <QtCore/QtEndian>

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>

using namespace Qt::StringLiterals;
using namespace PyroProtocol;

namespace {

constexpr qsizetype MaxZlibChunk = std::numeric_limits<uInt>::max();

bool setProtocolError(PyroError *error, const QString &message)
{
    if (error)
        *error = PyroError(PyroError::Code::ProtocolError, message);
    return false;
}

QString tooLargeText(qint64 size, qint64 max)
{
    return u"message too large (%1, max=%2)"_s.arg(size).arg(max);
}

bool isAscii(const char *p, qsizetype n)
{
    for (qsizetype i = 0; i < n; ++i) {
        if (uchar(p[i]) >= 0x80)
            return false;
    }
    return true;
}

// RFC 4122 byte order is big-endian field by field: no temporary QByteArray on the hot path.
void writeUuid(char *out, const QUuid &id)
{
    qToBigEndian<quint32>(id.data1, out);
    qToBigEndian<quint16>(id.data2, out + 4);
    qToBigEndian<quint16>(id.data3, out + 6);
    std::memcpy(out + 8, id.data4, 8);
}

// Python's zlib module words its errors like this; keeping the text lets logs from both
// sides be compared.
QString zlibErrorText(int code, const QString &msg)
{
    if (!msg.isEmpty())
        return u"Error %1 while decompressing data: %2"_s.arg(code).arg(msg);
    return u"Error %1 while decompressing data"_s.arg(code);
}

} // namespace

// ---------------------------------------------------------------------------------------
// PyroMessageHeader

bool PyroMessageHeader::checkStart(QByteArrayView data, PyroError *error)
{
    const char *p = data.data();
    const qsizetype n = data.size();
    if (n >= 4 && std::memcmp(p, Tag, 4) != 0)
        return setProtocolError(error, u"invalid data"_s);
    if (n >= 6) {
        const quint16 version = qFromBigEndian<quint16>(p + Offset::Version);
        if (version != Version)
            return setProtocolError(error, u"invalid protocol version: %1"_s.arg(version));
    }
    return true;
}

PyroMessageHeader PyroMessageHeader::parse(QByteArrayView data, PyroError *error)
{
    PyroMessageHeader header;
    const char *p = data.data();
    const qsizetype n = data.size();
    // Pyro5 looks at the first 6 bytes before the rest, so garbage and old peers get the
    // specific texts; only a complete header can fail on the magic number.
    if (!checkStart(data, error))
        return header;
    if (n < HeaderSize) {
        setProtocolError(error, u"message header truncated (%1 of %2 bytes)"_s.arg(n).arg(HeaderSize));
        return header;
    }
    if (qFromBigEndian<quint16>(p + Offset::Magic) != Magic) {
        setProtocolError(error, u"invalid message or protocol version"_s);
        return header;
    }
    header.type = quint8(p[Offset::Type]);
    header.serializerId = quint8(p[Offset::SerializerId]);
    header.flags = qFromBigEndian<quint16>(p + Offset::Flags);
    header.seq = qFromBigEndian<quint16>(p + Offset::Seq);
    header.dataSize = qFromBigEndian<quint32>(p + Offset::DataSize);
    header.annotationsSize = qFromBigEndian<quint32>(p + Offset::AnnotationsSize);
    // The id bytes mean nothing without the flag (Pyro5 sends zeros then).
    if (header.flags & FlagCorrelationId)
        header.correlationId = QUuid::fromRfc4122(QByteArrayView(p + Offset::CorrelationId, 16));
    header.reserved = qFromBigEndian<quint16>(p + Offset::Reserved);
    return header;
}

void PyroMessageHeader::writeTo(char *out) const
{
    quint16 wireFlags = flags;
    if (!correlationId.isNull())
        wireFlags |= FlagCorrelationId;
    std::memcpy(out + Offset::Tag, Tag, 4);
    qToBigEndian<quint16>(Version, out + Offset::Version);
    out[Offset::Type] = char(type);
    out[Offset::SerializerId] = char(serializerId);
    qToBigEndian<quint16>(wireFlags, out + Offset::Flags);
    qToBigEndian<quint16>(seq, out + Offset::Seq);
    qToBigEndian<quint32>(dataSize, out + Offset::DataSize);
    qToBigEndian<quint32>(annotationsSize, out + Offset::AnnotationsSize);
    // A CORR_ID flag without an id (a Python peer may send UUID(int=0)) stays as zeros,
    // so a parsed message re-encodes to the same bytes.
    if (correlationId.isNull())
        std::memset(out + Offset::CorrelationId, 0, 16);
    else
        writeUuid(out + Offset::CorrelationId, correlationId);
    qToBigEndian<quint16>(0, out + Offset::Reserved);
    qToBigEndian<quint16>(Magic, out + Offset::Magic);
}

// ---------------------------------------------------------------------------------------
// PyroMessage

QByteArray PyroMessage::annotation(QByteArrayView id) const
{
    for (const Annotation &a : annotations) {
        if (a.first == id)
            return a.second;
    }
    return {};
}

void PyroMessage::setAnnotation(const QByteArray &id, const QByteArray &value)
{
    for (Annotation &a : annotations) {
        if (a.first == id) {
            a.second = value;
            return;
        }
    }
    annotations.append({id, value});
}

void PyroMessage::setCorrelationId(const QUuid &id)
{
    header.correlationId = id;
    if (id.isNull())
        header.flags &= ~FlagCorrelationId;
    else
        header.flags |= FlagCorrelationId;
}

/*
    Parses one complete message held in \a data (header, annotations, payload), checking
    in Pyro5's order: tag, version, magic, \a maxMessageSize, length, annotation walk.
    The payload is copied out as carried; call uncompressedPayload() to inflate it.
    Returns a default message and sets \a error (ProtocolError) on failure.
*/
PyroMessage PyroMessage::parse(QByteArrayView data, PyroError *error, qint64 maxMessageSize)
{
    PyroError headerError;
    PyroMessage message;
    message.header = PyroMessageHeader::parse(data, &headerError);
    if (headerError.isError()) {
        if (error)
            *error = headerError;
        return {};
    }
    const quint64 body = message.header.bodySize();
    if (qint64(body) > maxMessageSize) {
        setProtocolError(error, tooLargeText(qint64(body), maxMessageSize));
        return {};
    }
    if (quint64(data.size() - HeaderSize) != body) {
        setProtocolError(error, u"payload length doesn't match message header"_s);
        return {};
    }
    const qsizetype annotationsSize = message.header.annotationsSize;
    if (annotationsSize
        && !parseAnnotations(data.sliced(HeaderSize, annotationsSize), &message.annotations, error)) {
        return {};
    }
    message.payload = data.sliced(HeaderSize + annotationsSize).toByteArray();
    return message;
}

bool PyroMessage::parseAnnotations(QByteArrayView area, QList<Annotation> *out, PyroError *error)
{
    out->clear();
    const char *p = area.data();
    const qsizetype n = area.size();
    // Ids repeat rarely, but a hostile area of thousands of tiny chunks must not turn
    // the duplicate lookup quadratic: index them once the list is no longer tiny.
    QHash<quint32, qsizetype> index;
    constexpr qsizetype LinearLookupLimit = 8;
    qsizetype i = 0;
    while (i < n) {
        // Like Pyro5, the id is decoded before the length is looked at, so a stray byte
        // at the end is reported as an overflowing chunk (unless it is not ASCII).
        if (!isAscii(p + i, std::min<qsizetype>(4, n - i)))
            return setProtocolError(error, u"annotation identifier must be 4 ascii characters"_s);
        if (n - i < AnnotationChunkHeaderSize
            || qint64(qFromBigEndian<quint32>(p + i + 4)) > n - i - AnnotationChunkHeaderSize) {
            return setProtocolError(error, u"annotation chunk length exceeds remaining data"_s);
        }
        const quint32 length = qFromBigEndian<quint32>(p + i + 4);
        const quint32 key = qFromUnaligned<quint32>(p + i);
        const char *value = p + i + AnnotationChunkHeaderSize;

        qsizetype existing = -1;
        if (out->size() <= LinearLookupLimit) {
            for (qsizetype k = 0; k < out->size(); ++k) {
                if (std::memcmp(out->at(k).first.constData(), p + i, 4) == 0) {
                    existing = k;
                    break;
                }
            }
        } else {
            if (index.isEmpty()) {
                for (qsizetype k = 0; k < out->size(); ++k)
                    index.insert(qFromUnaligned<quint32>(out->at(k).first.constData()), k);
            }
            existing = index.value(key, -1);
        }
        if (existing >= 0) {
            (*out)[existing].second = QByteArray(value, length);
        } else {
            if (out->size() >= MaxAnnotations) {
                out->clear();
                return setProtocolError(error, u"too many annotations (more than %1)"_s.arg(MaxAnnotations));
            }
            if (!index.isEmpty())
                index.insert(key, out->size());
            out->append({QByteArray(p + i, 4), QByteArray(value, length)});
        }
        i += AnnotationChunkHeaderSize + qsizetype(length);
    }
    // The walk cannot overshoot (every chunk was checked against the remaining bytes), so
    // Pyro5's "annotation parsing did not consume all annotation data" cannot happen here.
    return true;
}

QByteArray PyroMessage::uncompressedPayload(PyroError *error, qint64 maxSize, int maxRatio) const
{
    if (!(header.flags & FlagCompressed))
        return payload;
    if (maxRatio > 0)
        maxSize = std::min(maxSize, inflateAllowance(maxRatio, payload.size()));
    return PyroCompression::decompress(payload, maxSize, error);
}

qint64 PyroMessage::inflateAllowance(int maxRatio, qint64 compressedSize)
{
    if (maxRatio <= 0)
        return std::numeric_limits<qint64>::max();
    // No overflow: compressedSize < 2^32 (a header field) and maxRatio < 2^31.
    return std::max(MinInflateAllowance, qint64(maxRatio) * compressedSize);
}

void PyroMessage::applyCompression(bool compress)
{
    header.flags &= ~FlagCompressed;
    if (compress && payload.size() > CompressionThreshold) {
        QByteArray packed = PyroCompression::compress(payload);
        // Only an out-of-memory zlib fails here; sending uncompressed is still correct.
        if (!packed.isNull()) {
            payload = std::move(packed);
            header.flags |= FlagCompressed;
        }
    }
    header.dataSize = quint32(std::min<qsizetype>(payload.size(), std::numeric_limits<quint32>::max()));
}

/*
    Returns the message as it goes on the wire. The size fields are computed from the
    annotations and the payload; the payload is sent as it is (call applyCompression()
    first to compress). On failure (message too large for \a maxMessageSize, or an
    annotation id that is not 4 ASCII characters) returns a null QByteArray and sets
    \a error.
*/
QByteArray PyroMessage::toBytes(PyroError *error, qint64 maxMessageSize) const
{
    qint64 annotationsSize = 0;
    for (const Annotation &a : annotations)
        annotationsSize += AnnotationChunkHeaderSize + a.second.size();
    if (qint64(payload.size()) > std::min<qint64>(maxMessageSize, std::numeric_limits<quint32>::max())) {
        setProtocolError(error, tooLargeText(annotationsSize + payload.size(), maxMessageSize));
        return {};
    }
    QByteArray out;
    if (annotationsSize + payload.size() <= maxMessageSize)
        out.reserve(HeaderSize + annotationsSize + payload.size());
    if (!writeHead(out, quint32(payload.size()), error, maxMessageSize))
        return {};
    out.append(payload);
    return out;
}

bool PyroMessage::writeHead(QByteArray &out, quint32 payloadSize, PyroError *error,
                            qint64 maxMessageSize) const
{
    qint64 annotationsSize = 0;
    for (const Annotation &a : annotations)
        annotationsSize += AnnotationChunkHeaderSize + a.second.size();
    // Pyro5 checks the size before it looks at the annotation ids.
    const qint64 total = annotationsSize + payloadSize;
    if (total > maxMessageSize || annotationsSize > std::numeric_limits<quint32>::max())
        return setProtocolError(error, tooLargeText(total, maxMessageSize));
    for (const Annotation &a : annotations) {
        if (a.first.size() != 4 || !isAscii(a.first.constData(), 4))
            return setProtocolError(error, u"annotation identifier must be 4 ascii characters"_s);
    }

    const qsizetype start = out.size();
    out.resize(start + HeaderSize + annotationsSize);
    char *p = out.data() + start;
    PyroMessageHeader h = header;
    h.dataSize = payloadSize;
    h.annotationsSize = quint32(annotationsSize);
    h.writeTo(p);
    p += HeaderSize;
    for (const Annotation &a : annotations) {
        std::memcpy(p, a.first.constData(), 4);
        qToBigEndian<quint32>(quint32(a.second.size()), p + 4);
        if (!a.second.isEmpty())
            std::memcpy(p + AnnotationChunkHeaderSize, a.second.constData(), a.second.size());
        p += AnnotationChunkHeaderSize + a.second.size();
    }
    return true;
}

bool PyroMessage::finishMessage(QByteArray &out, qsizetype start, bool compress, PyroError *error,
                                qint64 maxMessageSize)
{
    if (start < 0 || out.size() - start < HeaderSize)
        return setProtocolError(error, u"message header truncated"_s);
    char *head = out.data() + start;
    const qsizetype payloadStart = start + HeaderSize
            + qsizetype(qFromBigEndian<quint32>(head + Offset::AnnotationsSize));
    if (payloadStart > out.size()) {
        out.truncate(start);
        return setProtocolError(error, u"annotation chunk length exceeds remaining data"_s);
    }
    quint16 flags = qFromBigEndian<quint16>(head + Offset::Flags) & ~FlagCompressed;
    if (compress && out.size() - payloadStart > CompressionThreshold) {
        QByteArray packed = PyroCompression::compress(
                QByteArrayView(out.constData() + payloadStart, out.size() - payloadStart));
        if (!packed.isNull()) {
            out.truncate(payloadStart);
            out.append(packed);
            flags |= FlagCompressed;
        }
    }
    const qint64 payloadSize = out.size() - payloadStart;
    const qint64 total = out.size() - start - HeaderSize;
    if (total > maxMessageSize || payloadSize > std::numeric_limits<quint32>::max()) {
        out.truncate(start);
        return setProtocolError(error, tooLargeText(total, maxMessageSize));
    }
    head = out.data() + start; // append may have moved the buffer
    qToBigEndian<quint16>(flags, head + Offset::Flags);
    qToBigEndian<quint32>(quint32(payloadSize), head + Offset::DataSize);
    return true;
}

// ---------------------------------------------------------------------------------------
// PyroCompression

/*
    Deflates \a data into a zlib stream exactly as Python's zlib.compress(data, 4) does
    (same parameters, hence the same bytes with the same zlib). Returns a null
    QByteArray only if zlib itself fails (out of memory).
*/
QByteArray PyroCompression::compress(QByteArrayView data)
{
    z_stream zs{};
    if (deflateInit2(&zs, CompressionLevel, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(qsizetype(deflateBound(&zs, uLong(data.size()))));
    const char *in = data.data();
    qsizetype inLeft = data.size();
    qsizetype produced = 0;
    int ret = Z_OK;
    do {
        if (zs.avail_in == 0 && inLeft > 0) {
            const qsizetype chunk = std::min(inLeft, MaxZlibChunk);
            zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in));
            zs.avail_in = uInt(chunk);
            in += chunk;
            inLeft -= chunk;
        }
        if (produced == out.size())
            out.resize(out.size() * 2 + 64); // beyond deflateBound: should never happen
        const uInt room = uInt(std::min(out.size() - produced, MaxZlibChunk));
        zs.next_out = reinterpret_cast<Bytef *>(out.data() + produced);
        zs.avail_out = room;
        ret = deflate(&zs, inLeft == 0 ? Z_FINISH : Z_NO_FLUSH);
        produced += room - zs.avail_out;
    } while (ret == Z_OK || ret == Z_BUF_ERROR);
    deflateEnd(&zs);
    if (ret != Z_STREAM_END)
        return {};
    out.truncate(produced);
    return out;
}

/*
    Inflates the zlib stream \a data. Fails with a ProtocolError (worded like Python's
    zlib.error) on corrupt or truncated data, and when the output would exceed \a maxSize,
    which is checked while inflating, so a small bomb cannot allocate more than maxSize.
    Bytes after the end of the stream are ignored, as Python does.
*/
QByteArray PyroCompression::decompress(QByteArrayView data, qint64 maxSize, PyroError *error)
{
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK) {
        setProtocolError(error, zlibErrorText(Z_MEM_ERROR, QString::fromLatin1(zs.msg)));
        return {};
    }
    // One byte over the limit tells "exactly maxSize" from "too large".
    const qint64 cap = std::max<qint64>(maxSize, 0) + 1;
    QByteArray out;
    // Under a memory limit the buffer may fail to grow: refuse this payload and keep serving
    // (Pyro5's zlib raises MemoryError there, which drops the connection).
    const auto grow = [&](qint64 size) {
        try {
            out.resize(qsizetype(size));
            return true;
        } catch (const std::bad_alloc &) {
            inflateEnd(&zs);
            setProtocolError(error, u"out of memory inflating the payload"_s);
            return false;
        }
    };
    if (!grow(std::min<qint64>(cap, std::max<qint64>(qint64(data.size()) * 4, 256))))
        return {};
    const char *in = data.data();
    qsizetype inLeft = data.size();
    qsizetype produced = 0;
    int ret = Z_OK;
    for (;;) {
        if (zs.avail_in == 0 && inLeft > 0) {
            const qsizetype chunk = std::min(inLeft, MaxZlibChunk);
            zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in));
            zs.avail_in = uInt(chunk);
            in += chunk;
            inLeft -= chunk;
        }
        if (produced == out.size()) {
            if (out.size() >= cap)
                break;
            if (!grow(std::min<qint64>(cap, qint64(out.size()) * 2)))
                return {};
        }
        const uInt room = uInt(std::min(out.size() - produced, MaxZlibChunk));
        zs.next_out = reinterpret_cast<Bytef *>(out.data() + produced);
        zs.avail_out = room;
        ret = inflate(&zs, Z_NO_FLUSH);
        produced += room - zs.avail_out;
        if (ret == Z_STREAM_END)
            break;
        if (ret == Z_OK)
            continue;
        if (ret == Z_BUF_ERROR && (zs.avail_in > 0 || inLeft > 0 || zs.avail_out == 0))
            continue; // no progress this round, but more input or room is coming
        break;
    }
    const QString zmsg = zs.msg ? QString::fromLatin1(zs.msg) : QString();
    inflateEnd(&zs);
    if (produced > maxSize) {
        setProtocolError(error, u"decompressed payload too large (max=%1)"_s.arg(maxSize));
        return {};
    }
    if (ret != Z_STREAM_END) {
        if (ret == Z_BUF_ERROR || ret == Z_OK)
            setProtocolError(error, zlibErrorText(Z_BUF_ERROR, u"incomplete or truncated stream"_s));
        else
            setProtocolError(error, zlibErrorText(ret, zmsg));
        return {};
    }
    out.truncate(produced);
    return out;
}
