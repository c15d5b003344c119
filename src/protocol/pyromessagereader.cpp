// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyromessagereader_p.h"

#include <QtCore/QIODevice>
#include <QtCore/QStringList>
#include <QtCore/QtEndian>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace PyroProtocol;

namespace {
// A payload at least this big is handed out by moving the whole receive buffer into it
// (the header in front is dropped in O(1)); smaller ones are cheaper to copy.
constexpr qsizetype MovePayloadThreshold = 16 * 1024;
// Consumed bytes at the front are dropped once they are this many and at least half of
// the buffer; an emptied buffer keeps up to KeepCapacity for the next messages.
constexpr qsizetype CompactThreshold = 4096;
constexpr qsizetype KeepCapacity = 256 * 1024;
// readFrom() checks the header between chunks so garbage is rejected early.
constexpr qint64 ReadChunk = 1024 * 1024;
// What an unbuffered read asks for at least: a whole small message (or several) in one
// system call.
constexpr qsizetype MinUnbufferedRead = 4096;
} // namespace

/*
    \class PyroMessageReader
    Used by a connection on its own thread:

        reader.readFrom(socket);                 // in the readyRead handler
        PyroMessage msg;
        while (reader.next(&msg) == PyroMessageReader::Status::MessageReady)
            handle(msg);
        if (reader.status() == PyroMessageReader::Status::Failed)
            closeWith(reader.error());           // ProtocolError, Pyro5's text

    Messages come out with their payload as carried (see PyroMessage::uncompressedPayload()).
    The header of the next message is validated (and the accepted types applied) when
    feed(), readFrom() or next() gets to it, so setAcceptedTypes() called while handling a
    message applies to the one after it.
*/
PyroMessageReader::PyroMessageReader(qint64 maxMessageSize)
    : m_maxMessageSize(maxMessageSize)
{
}

void PyroMessageReader::setAcceptedTypes(std::initializer_list<quint8> types)
{
    m_acceptedTypes = 0;
    for (quint8 type : types) {
        Q_ASSERT_X(type < 32, "PyroMessageReader::setAcceptedTypes", "message types are < 32");
        if (type < 32)
            m_acceptedTypes |= 1u << type;
    }
}

void PyroMessageReader::feed(QByteArrayView bytes)
{
    if (m_status == Status::Failed || bytes.isEmpty())
        return;
    compact();
    m_buffer.append(bytes.data(), bytes.size());
    if (!m_haveHeader && !checkHeader())
        return;
    m_status = messageComplete() ? Status::MessageReady : Status::NeedMore;
}

bool PyroMessageReader::readFrom(QIODevice *device)
{
    if (!device || m_status == Status::Failed)
        return true;
    m_drained = true;
    if (device->openMode() & QIODevice::Unbuffered)
        return readUnbuffered(device);
    for (;;) {
        const qint64 available = device->bytesAvailable();
        if (available <= 0)
            break;
        compact();
        const qsizetype old = m_buffer.size();
        const qsizetype chunk = qsizetype(std::min(available, ReadChunk));
        m_buffer.resize(old + chunk); // grows geometrically with what really arrived
        const qint64 got = device->read(m_buffer.data() + old, chunk);
        m_buffer.resize(old + qsizetype(std::max<qint64>(got, 0)));
        if (got <= 0)
            break;
        if (!m_haveHeader && !checkHeader())
            return true;
    }
    m_status = messageComplete() ? Status::MessageReady : Status::NeedMore;
    return true;
}

// Bytes still missing for the current message (its header first): 0 when it is whole.
qsizetype PyroMessageReader::missingBytes() const
{
    const qsizetype available = m_buffer.size() - m_offset;
    const qint64 total = m_haveHeader ? qint64(HeaderSize + m_header.bodySize()) : qint64(HeaderSize);
    return qsizetype(std::max<qint64>(0, total - available));
}

// Without asking how much is there (FIONREAD): reads until the kernel has no more, asking
// for what the current message still misses, but at least MinUnbufferedRead, and for a
// big body at most what arrived so far again (the buffer grows geometrically, so a header
// announcing a huge body allocates nothing before its bytes come).
bool PyroMessageReader::readUnbuffered(QIODevice *device)
{
    bool open = true;
    for (;;) {
        compact();
        const qsizetype old = m_buffer.size();
        const qsizetype growth = std::max<qsizetype>(old - m_offset, MinUnbufferedRead);
        const qsizetype chunk = std::clamp<qsizetype>(missingBytes(), MinUnbufferedRead, growth);
        if (m_buffer.capacity() < old + chunk)
            m_buffer.reserve(old + chunk);
        m_buffer.resize(old + chunk);
        const qint64 got = device->read(m_buffer.data() + old, chunk);
        m_buffer.resize(old + qsizetype(std::max<qint64>(got, 0)));
        if (got < 0)
            open = false;
        m_drained = got < chunk; // short: the next readyRead says when more is there
        if (got <= 0)
            break;
        if (!m_haveHeader && !checkHeader())
            return open;
        if (m_drained || messageComplete())
            break;
    }
    if (m_buffer.size() == m_offset)
        compact();
    m_status = messageComplete() ? Status::MessageReady : Status::NeedMore;
    return open;
}

PyroMessageReader::Status PyroMessageReader::next(PyroMessage *message)
{
    if (m_status == Status::Failed)
        return Status::Failed;
    if (!m_haveHeader) {
        if (!checkHeader())
            return Status::Failed;
        if (!m_haveHeader)
            return m_status = Status::NeedMore;
    }
    const qsizetype available = m_buffer.size() - m_offset;
    const qsizetype annotationsSize = m_header.annotationsSize;
    const qsizetype dataSize = m_header.dataSize;
    const qsizetype total = HeaderSize + annotationsSize + dataSize;
    if (available < total)
        return m_status = Status::NeedMore;

    const char *start = m_buffer.constData() + m_offset;
    QList<PyroMessage::Annotation> annotations;
    if (annotationsSize) {
        PyroError error;
        if (!PyroMessage::parseAnnotations(QByteArrayView(start + HeaderSize, annotationsSize),
                                           &annotations, &error)) {
            return fail(error);
        }
    }

    QByteArray payload;
    const qsizetype trailing = available - total;
    const qsizetype payloadStart = m_offset + HeaderSize + annotationsSize;
    if (dataSize >= MovePayloadThreshold && trailing <= dataSize) {
        // The big body stays where it arrived; only the (smaller) start of the next
        // message is copied into a fresh buffer.
        QByteArray rest = trailing ? QByteArray(start + total, trailing) : QByteArray();
        payload = std::move(m_buffer);
        payload.truncate(payloadStart + dataSize);
        payload.remove(0, payloadStart);
        m_buffer = std::move(rest);
        m_offset = 0;
    } else {
        payload = QByteArray(start + HeaderSize + annotationsSize, dataSize);
        m_offset += total;
    }

    message->header = m_header;
    message->annotations = std::move(annotations);
    message->payload = std::move(payload);
    m_haveHeader = false;
    return m_status = Status::MessageReady;
}

bool PyroMessageReader::isPartial() const
{
    if (m_status == Status::Failed)
        return false;
    const qsizetype available = m_buffer.size() - m_offset;
    if (available == 0)
        return false;
    if (available < HeaderSize)
        return true;
    quint64 body = m_header.bodySize();
    if (!m_haveHeader) {
        const char *p = m_buffer.constData() + m_offset;
        body = quint64(qFromBigEndian<quint32>(p + Offset::DataSize))
                + qFromBigEndian<quint32>(p + Offset::AnnotationsSize);
    }
    return quint64(available) < HeaderSize + body;
}

qint64 PyroMessageReader::bufferedBytes() const
{
    return m_buffer.size() - m_offset;
}

void PyroMessageReader::reset()
{
    m_buffer = QByteArray();
    m_offset = 0;
    m_header = PyroMessageHeader();
    m_haveHeader = false;
    m_status = Status::NeedMore;
    m_error = PyroError();
}

PyroMessageReader::Status PyroMessageReader::fail(PyroError error)
{
    m_error = std::move(error);
    m_status = Status::Failed;
    // Nothing buffered is of use any more; the connection is about to be closed.
    m_buffer = QByteArray();
    m_offset = 0;
    m_haveHeader = false;
    return Status::Failed;
}

// Validates the next message's header as far as it has arrived, in Pyro5's order.
// Returns false once failed.
bool PyroMessageReader::checkHeader()
{
    const qsizetype available = m_buffer.size() - m_offset;
    const QByteArrayView head(m_buffer.constData() + m_offset, std::min<qsizetype>(available, HeaderSize));
    PyroError error;
    if (available < HeaderSize) {
        if (!PyroMessageHeader::checkStart(head, &error)) {
            fail(error);
            return false;
        }
        return true;
    }
    const PyroMessageHeader header = PyroMessageHeader::parse(head, &error);
    if (error.isError()) {
        fail(error);
        return false;
    }
    const qint64 body = qint64(header.bodySize());
    if (body > m_maxMessageSize) {
        fail(PyroError(PyroError::Code::ProtocolError,
                       u"message too large (%1, max=%2)"_s.arg(body).arg(m_maxMessageSize)));
        return false;
    }
    if (m_acceptedTypes && (header.type >= 32 || !(m_acceptedTypes & (1u << header.type)))) {
        QStringList expected;
        for (int t = 0; t < 32; ++t) {
            if (m_acceptedTypes & (1u << t))
                expected.append(QString::number(t));
        }
        fail(PyroError(PyroError::Code::ProtocolError,
                       u"invalid msg type %1 received (expected: %2)"_s.arg(header.type).arg(expected.join(u','))));
        return false;
    }
    m_header = header;
    m_haveHeader = true;
    return true;
}

bool PyroMessageReader::messageComplete() const
{
    return m_haveHeader
            && quint64(m_buffer.size() - m_offset) >= HeaderSize + m_header.bodySize();
}

void PyroMessageReader::compact()
{
    if (m_offset == 0)
        return;
    if (m_offset == m_buffer.size()) {
        if (m_buffer.capacity() > KeepCapacity)
            m_buffer = QByteArray();
        else
            m_buffer.resize(0);
        m_offset = 0;
    } else if (m_offset >= CompactThreshold && m_offset * 2 >= m_buffer.size()) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
}
