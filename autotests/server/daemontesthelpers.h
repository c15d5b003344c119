// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// A raw Pyro client for daemon tests: a QTcpSocket (or QLocalSocket) plus a message
// reader. The daemon under test runs in the same thread, so every wait spins the event
// loop (QSignalSpy::wait) instead of blocking.

#include "pyroclassmapping_p.h"
#include "pyromessage_p.h"
#include "pyromessagereader_p.h"
#include "pyroserializer.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QStringList>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

class RawClient
{
public:
    RawClient() = default;

    bool connectTcp(quint16 port, const QString &host = QStringLiteral("127.0.0.1"), int timeoutMs = 5000)
    {
        auto *tcp = new QTcpSocket;
        m_socket.reset(tcp);
        QSignalSpy connected(tcp, &QTcpSocket::connected);
        tcp->connectToHost(host, port);
        return connected.count() > 0 || connected.wait(timeoutMs);
    }
    bool connectUnix(const QString &path, int timeoutMs = 5000)
    {
        auto *local = new QLocalSocket;
        m_socket.reset(local);
        QSignalSpy connected(local, &QLocalSocket::connected);
        local->connectToServer(path);
        return local->state() == QLocalSocket::ConnectedState || connected.count() > 0 || connected.wait(timeoutMs);
    }

    QIODevice *device() const { return m_socket.get(); }
    QTcpSocket *tcp() const { return qobject_cast<QTcpSocket *>(m_socket.get()); }

    void send(const QByteArray &bytes)
    {
        m_socket->write(bytes);
        if (auto *t = tcp())
            t->flush();
        else if (auto *l = qobject_cast<QLocalSocket *>(m_socket.get()))
            l->flush();
    }

    bool sendMessage(PyroMessage message)
    {
        PyroError error;
        const QByteArray bytes = message.toBytes(&error);
        if (error.isError())
            return false;
        send(bytes);
        return true;
    }

    // Sends a call; returns false when it cannot be encoded.
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

    bool connectObject(quint8 serializerId, const QString &object, const QVariant &handshake = QStringLiteral("hello"))
    {
        const PyroSerializer *serializer = PyroSerializer::byId(serializerId);
        if (!serializer)
            return false;
        PyroDict data;
        data.append(QStringLiteral("handshake"), handshake);
        data.append(QStringLiteral("object"), object);
        PyroMessage message(PyroProtocol::MsgConnect, serializerId, 0);
        PyroError error;
        if (!serializer->encode(message.payload, QVariant::fromValue(data), PyroEncodeContext(), &error))
            return false;
        if (!sendMessage(message))
            return false;
        PyroMessage reply;
        return receive(&reply) && reply.type() == PyroProtocol::MsgConnectOk;
    }

    // Waits for the next whole message; false on timeout, close or framing error.
    bool receive(PyroMessage *message, int timeoutMs = 10000)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            m_reader.readFrom(m_socket.get());
            const auto status = m_reader.next(message);
            if (status == PyroMessageReader::Status::MessageReady)
                return true;
            if (status == PyroMessageReader::Status::Failed || deadline.hasExpired() || isClosed())
                return false;
            QSignalSpy ready(m_socket.get(), &QIODevice::readyRead);
            if (!ready.wait(int(std::max<qint64>(1, std::min<qint64>(deadline.remainingTime(), 200)))))
                continue;
        }
    }

    // Decodes the payload of a reply with the serializer its header names.
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

    // Receives a RESULT and decodes it; an exception result comes back as a PyroError value.
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

    bool isClosed() const
    {
        if (auto *t = tcp())
            return t->state() == QAbstractSocket::UnconnectedState && t->bytesAvailable() == 0;
        if (auto *l = qobject_cast<QLocalSocket *>(m_socket.get()))
            return l->state() == QLocalSocket::UnconnectedState && l->bytesAvailable() == 0;
        return true;
    }

    // Waits until the peer closed the connection (reading and dropping what arrives).
    bool waitClosed(int timeoutMs = 10000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            m_socket->readAll();
            if (isClosed())
                return true;
            QTest::qWait(10);
        }
        return isClosed();
    }

    void abort()
    {
        if (auto *t = tcp())
            t->abort();
        else if (auto *l = qobject_cast<QLocalSocket *>(m_socket.get()))
            l->abort();
    }

private:
    std::unique_ptr<QIODevice> m_socket;
    PyroMessageReader m_reader;
};

// ---- masking recorded replies ---------------------------------------------------------
// Shared by the transcript replays (tst_pyrodaemonreplay, tst_pyronameserverreplay).

// Our remote tracebacks must look like Python's: a list of lines, the first being
// "Traceback (most recent call last):\n", every one ending with a newline.
inline bool isTracebackList(const QVariant &v)
{
    const QVariantList lines = PyroClassMapping::listItems(v);
    if (lines.isEmpty() || lines.first().toString() != QLatin1String("Traceback (most recent call last):\n"))
        return false;
    for (const QVariant &line : lines) {
        if (line.typeId() != QMetaType::QString || !line.toString().endsWith(QLatin1Char('\n')))
            return false;
    }
    return true;
}

// The items of a typed dict (manifest form) are Pyro5's metadata dict: attrs, methods, oneway.
inline bool isMetadataDict(const QJsonArray &items)
{
    if (items.size() != 3)
        return false;
    QStringList keys;
    for (const QJsonValue &pair : items)
        keys.append(pair.toArray().at(0).toObject().value(QLatin1String("value")).toString());
    keys.sort();
    return keys == QStringList{QStringLiteral("attrs"), QStringLiteral("methods"), QStringLiteral("oneway")};
}

