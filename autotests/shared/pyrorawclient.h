// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// The one raw Pyro client of the tests: a QTcpSocket (or QLocalSocket) plus a message
// reader, speaking bytes and PyroMessages to a daemon under test. Whatever arrives is
// read into the reader as it comes (also after the peer closed); every wait spins the
// event loop (QTest::qWaitFor), so the daemon may live in the same thread.

#include "pyromessage_p.h"
#include "pyromessagereader_p.h"
#include "pyroserializer.h"

#include <QtCore/QDeadlineTimer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QTest>

#include <limits>
#include <memory>
#include <optional>

class RawClient
{
public:
    explicit RawClient(qint64 maxMessageSize = PyroProtocol::DefaultMaxMessageSize)
        : m_reader(maxMessageSize)
    {
        attach(new QTcpSocket);
    }
    RawClient(const RawClient &) = delete;
    RawClient &operator=(const RawClient &) = delete;

    // ---- connecting ----
    bool connectTcp(quint16 port, const QString &host = QStringLiteral("127.0.0.1"), int timeoutMs = 5000)
    {
        if (!tcp())
            attach(new QTcpSocket);
        tcp()->connectToHost(host, port);
        return QTest::qWaitFor([this] { return tcp()->state() == QAbstractSocket::ConnectedState || m_closed; },
                               timeoutMs)
            && tcp()->state() == QAbstractSocket::ConnectedState;
    }
    bool connectTo(quint16 port, int timeoutMs = 5000) { return connectTcp(port, QStringLiteral("127.0.0.1"), timeoutMs); }
    bool connectUnix(const QString &path, int timeoutMs = 5000)
    {
        auto *local = new QLocalSocket;
        attach(local);
        local->connectToServer(path);
        return QTest::qWaitFor([&] { return local->state() == QLocalSocket::ConnectedState || m_closed; }, timeoutMs)
            && local->state() == QLocalSocket::ConnectedState;
    }

    QIODevice *device() const { return m_socket.get(); }
    QTcpSocket *tcp() const { return qobject_cast<QTcpSocket *>(m_socket.get()); }
    QLocalSocket *local() const { return qobject_cast<QLocalSocket *>(m_socket.get()); }
    // The TCP socket (a RawClient is a TCP one until connectUnix()).
    QTcpSocket &socket() const { return *tcp(); }

    // ---- sending ----
    void send(const QByteArray &bytes)
    {
        m_socket->write(bytes);
        if (auto *t = tcp())
            t->flush();
        else if (auto *l = local())
            l->flush();
    }
    bool sendMessage(PyroMessage message)
    {
        PyroError error;
        const QByteArray bytes = message.toBytes(&error, std::numeric_limits<quint32>::max());
        if (error.isError())
            return false;
        send(bytes);
        return true;
    }
    // Sends a call; false when it cannot be encoded.
    bool invoke(quint8 serializerId, quint16 seq, const QString &object, const QString &method,
                const QVariantList &args = {}, const QVariant &kwargs = QVariantMap(), quint16 flags = 0)
    {
        const PyroSerializer *serializer = PyroSerializer::byId(serializerId);
        if (!serializer)
            return false;
        PyroCall call;
        call.object = object;
        call.method = method;
        call.args = args;
        call.kwargs = kwargs;
        PyroMessage message(PyroProtocol::MsgInvoke, serializerId, seq, flags);
        PyroError error;
        if (!serializer->encodeCall(message.payload, call, PyroEncodeContext(), &error))
            return false;
        return sendMessage(message);
    }
    // CONNECT to object with a handshake; true on CONNECTOK.
    bool connectObject(quint8 serializerId, const QString &object, const QVariant &handshake = QStringLiteral("hello"),
                       quint16 seq = 0)
    {
        const PyroSerializer *serializer = PyroSerializer::byId(serializerId);
        if (!serializer)
            return false;
        PyroDict data;
        data.append(QStringLiteral("handshake"), handshake);
        data.append(QStringLiteral("object"), object);
        PyroMessage message(PyroProtocol::MsgConnect, serializerId, seq);
        PyroError error;
        if (!serializer->encode(message.payload, QVariant::fromValue(data), PyroEncodeContext(), &error)
            || !sendMessage(message))
            return false;
        const auto reply = next();
        return reply && reply->type() == PyroProtocol::MsgConnectOk;
    }
    bool handshake(const PyroSerializer *s, quint16 seq = 0, const QString &object = QStringLiteral("test.echoserver"))
    {
        return connectObject(quint8(s->id()), object, QStringLiteral("hello"), seq);
    }

    // ---- receiving ----
    // The next whole message, or nothing (closed, garbage or timeout; see isClosed()).
    std::optional<PyroMessage> next(int timeoutMs = 10000)
    {
        PyroMessage message;
        PyroMessageReader::Status status = PyroMessageReader::Status::NeedMore;
        QTest::qWaitFor([&] {
            status = m_reader.next(&message);
            return status != PyroMessageReader::Status::NeedMore || m_closed;
        }, timeoutMs);
        if (status == PyroMessageReader::Status::NeedMore)
            status = m_reader.next(&message);
        if (status == PyroMessageReader::Status::MessageReady)
            return message;
        return std::nullopt;
    }
    bool receive(PyroMessage *message, int timeoutMs = 10000)
    {
        const auto m = next(timeoutMs);
        if (m)
            *message = *m;
        return bool(m);
    }
    // Decodes the payload of a message with the serializer its header names.
    static QVariant decode(const PyroMessage &message, PyroError *error = nullptr, bool mapClassDicts = true)
    {
        const PyroSerializer *serializer = PyroSerializer::byId(message.header.serializerId, error);
        if (!serializer)
            return QVariant();
        PyroError e;
        const QByteArray payload = message.uncompressedPayload(&e);
        if (e.isError()) {
            if (error)
                *error = e;
            return QVariant();
        }
        PyroDecodeOptions options;
        options.mapClassDicts = mapClassDicts;
        return serializer->decode(payload, options, error);
    }
    // A call and its decoded RESULT; an exception result comes back as a PyroError value.
    QVariant call(quint8 serializerId, quint16 seq, const QString &object, const QString &method,
                  const QVariantList &args = {}, const QVariant &kwargs = QVariantMap(),
                  PyroMessage *reply = nullptr)
    {
        if (!invoke(serializerId, seq, object, method, args, kwargs))
            return QVariant();
        PyroMessage message;
        if (!receive(&message))
            return QVariant();
        if (reply)
            *reply = message;
        return decode(message);
    }

    // ---- closing ----
    // The peer closed the connection (or it failed).
    bool isClosed() const { return m_closed; }
    bool waitClosed(int timeoutMs = 10000)
    {
        return QTest::qWaitFor([this] { return m_closed; }, timeoutMs);
    }
    void abort()
    {
        if (auto *t = tcp())
            t->abort();
        else if (auto *l = local())
            l->abort();
    }
    void close() { abort(); }

private:
    void attach(QIODevice *socket)
    {
        m_socket.reset(socket);
        m_closed = false;
        auto readAll = [this] { m_reader.readFrom(m_socket.get()); };
        auto closed = [this] {
            m_reader.readFrom(m_socket.get());
            m_closed = true;
        };
        QObject::connect(socket, &QIODevice::readyRead, socket, readAll);
        if (auto *t = qobject_cast<QTcpSocket *>(socket)) {
            QObject::connect(t, &QTcpSocket::disconnected, t, closed);
            QObject::connect(t, &QTcpSocket::errorOccurred, t, [this](QAbstractSocket::SocketError e) {
                if (e != QAbstractSocket::SocketTimeoutError)
                    m_closed = true;
            });
        } else if (auto *l = qobject_cast<QLocalSocket *>(socket)) {
            QObject::connect(l, &QLocalSocket::disconnected, l, closed);
            QObject::connect(l, &QLocalSocket::errorOccurred, l, [this] { m_closed = true; });
        }
    }

    PyroMessageReader m_reader;
    std::unique_ptr<QIODevice> m_socket;
    bool m_closed = false;
};
