// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyromessage_p.h"

#include <QtCore/QByteArray>

#include <initializer_list>

class QIODevice;

/*
 * Incremental framing: feed it bytes as they arrive (or let it read from a QIODevice)
 * and take whole messages out. Validates the header as soon as its 40 bytes are in
 * (tag, version, magic, size limit, optionally the acceptable types) and allocates the
 * body only as its bytes arrive, so a header announcing 4 GB costs nothing up front.
 *
 * Messages come out with the payload as carried (PyroMessage::uncompressedPayload()
 * inflates it); annotation errors are reported when the whole body is in, like Pyro5.
 *
 * After an error the reader stays failed; the connection should be closed.
 */
class QTPYRO_PRIVATE_EXPORT PyroMessageReader
{
public:
    enum class Status { NeedMore, MessageReady, Failed };

    explicit PyroMessageReader(qint64 maxMessageSize = PyroProtocol::DefaultMaxMessageSize);

    void setMaxMessageSize(qint64 size) { m_maxMessageSize = size; }
    qint64 maxMessageSize() const { return m_maxMessageSize; }
    // Message types accepted next (a bit per type, 0 = any); others fail with Pyro5's
    // "invalid msg type T received (expected: a,b)" right after the header.
    void setAcceptedTypes(std::initializer_list<quint8> types);

    // Appends bytes; then call next() until it stops returning MessageReady.
    void feed(QByteArrayView bytes);
    // Reads what the device has (without blocking) and feeds it. False once the device
    // reported the end of the stream (or an error). An unbuffered device (a client's TCP
    // socket) is read straight into the buffer, a body in one piece as far as it is there.
    bool readFrom(QIODevice *device);
    Status next(PyroMessage *message);

    Status status() const { return m_status; }
    PyroError error() const { return m_error; }
    // True while part of a message (or a header) has arrived but not all of it.
    bool isPartial() const;
    // Bytes received and not yet handed out as messages.
    qint64 bufferedBytes() const;
    // Memory the reader holds for them (for tests and diagnostics).
    qint64 bufferCapacity() const { return m_buffer.capacity(); }
    // Forgets buffered data and any failure; keeps the size limit and accepted types.
    void reset();

private:
    Status fail(PyroError error);
    bool checkHeader();
    bool messageComplete() const;
    void compact();
    bool readUnbuffered(QIODevice *device);
    qsizetype missingBytes() const;

    QByteArray m_buffer;   // unconsumed bytes: a partial header or body
    qsizetype m_offset = 0;
    PyroMessageHeader m_header;
    bool m_haveHeader = false;
    quint32 m_acceptedTypes = 0;
    qint64 m_maxMessageSize;
    Status m_status = Status::NeedMore;
    PyroError m_error;
};
