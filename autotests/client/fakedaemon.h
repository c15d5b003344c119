// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// A scriptable in-test Pyro5 daemon (the test thread's event loop drives it): enough of
// the protocol to exercise a client's edge cases (slow, silent, dropping, misbehaving
// daemons). Built on QtPyro's own message and serializer code, no daemon code.

#include "pyromessage_p.h"
#include "pyromessagereader_p.h"
#include "pyroprotocol_p.h"
#include "pyroserializer.h"
#include "pyrovalues.h"

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtCore/QUuid>
#include <QtNetwork/QLocalServer>
#include <QtNetwork/QLocalSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <memory>
#include <type_traits>

class FakeDaemon : public QObject
{
public:
    struct Received
    {
        PyroMessageHeader header;
        QList<PyroMessage::Annotation> annotations;
        PyroCall call; // INVOKE only
        QVariant connectData; // CONNECT only
    };

    QStringList methods{QStringLiteral("echo"), QStringLiteral("error"), QStringLiteral("slow"),
                        QStringLiteral("silent"), QStringLiteral("drop"), QStringLiteral("flaky"),
                        QStringLiteral("generator"), QStringLiteral("wrongseq"), QStringLiteral("wrongser"),
                        QStringLiteral("corrid"), QStringLiteral("fire"), QStringLiteral("annotated"),
                        QStringLiteral("commerror"), QStringLiteral("lookup"), QStringLiteral("yplookup")};
    QStringList oneway{QStringLiteral("fire")};
    QStringList attrs{QStringLiteral("value")};
    int slowMs = 400;
    QVariantList generatorItems{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")};
    QString refuseWith;       // CONNECTFAIL with this reason (marshal encoded, like a denial)
    bool sendMetadata = true; // false: CONNECTOK without "meta" (client must ask get_metadata)
    QVariant storedValue = 42;
    // Name server methods: what lookup()/yplookup() answer; lookup fails this often first.
    QVariant lookupResult;
    QVariant yplookupResult = QVariantMap();
    int lookupFailures = 0;

    QList<Received> received;
    int connections = 0;
    int flakyCalls = 0;
    QStringList closedStreams;

    ~FakeDaemon() override
    {
        const QList<QIODevice *> devices = m_conns.keys();
        for (QIODevice *device : devices) {
            disconnect(device, nullptr, this, nullptr);
            delete device;
        }
    }

    bool listenTcp(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost))
    {
        if (!m_tcp.listen(address, 0))
            return false;
        connect(&m_tcp, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_tcp.nextPendingConnection())
                adopt(s);
        });
        return true;
    }
    bool listenLocal(const QString &path)
    {
        QLocalServer::removeServer(path);
        if (!m_local.listen(path))
            return false;
        connect(&m_local, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket *s = m_local.nextPendingConnection())
                adopt(s);
        });
        return true;
    }
    quint16 port() const { return m_tcp.serverPort(); }
    void closeServer() { m_tcp.close(); }
    void dropAll()
    {
        const QList<QIODevice *> devices = m_conns.keys();
        for (QIODevice *device : devices)
            device->close();
    }
    int invokes(const QString &method) const
    {
        int n = 0;
        for (const Received &r : received)
            n += r.header.type == PyroProtocol::MsgInvoke && r.call.method == method;
        return n;
    }
    QList<Received> ofType(quint8 type) const
    {
        QList<Received> out;
        for (const Received &r : received) {
            if (r.header.type == type)
                out.append(r);
        }
        return out;
    }

private:
    struct Conn
    {
        PyroMessageReader reader;
        bool handshaken = false;
        QHash<QString, int> streams; // stream id -> next item
    };

    void adopt(QIODevice *device)
    {
        ++connections;
        m_conns.insert(device, std::make_shared<Conn>());
        connect(device, &QIODevice::readyRead, this, [this, device] { onReadyRead(device); });
        if (auto *tcp = qobject_cast<QTcpSocket *>(device))
            connect(tcp, &QTcpSocket::disconnected, this, [this, device] { forget(device); });
        if (auto *local = qobject_cast<QLocalSocket *>(device))
            connect(local, &QLocalSocket::disconnected, this, [this, device] { forget(device); });
    }
    void forget(QIODevice *device)
    {
        m_conns.remove(device);
        device->deleteLater();
    }

    void onReadyRead(QIODevice *device)
    {
        auto conn = m_conns.value(device);
        if (!conn)
            return;
        conn->reader.readFrom(device);
        PyroMessage message;
        while (m_conns.contains(device) && conn->reader.next(&message) == PyroMessageReader::Status::MessageReady)
            handle(device, *conn, message);
    }

    void send(QIODevice *device, quint8 type, quint8 serializerId, quint16 seq, const QByteArray &payload,
              quint16 flags = 0, const QList<PyroMessage::Annotation> &annotations = {})
    {
        PyroMessage reply(type, serializerId, seq, flags);
        reply.setCorrelationId(QUuid::createUuid());
        reply.payload = payload;
        reply.annotations = annotations;
        device->write(reply.toBytes());
    }

    void reply(QIODevice *device, const PyroMessage &request, const QVariant &value, quint16 flags = 0,
               const QList<PyroMessage::Annotation> &annotations = {})
    {
        const PyroSerializer *serializer = PyroSerializer::byId(request.header.serializerId);
        send(device, PyroProtocol::MsgResult, request.header.serializerId, request.header.seq,
             serializer->serialize(value), flags, annotations);
    }

    void raise(QIODevice *device, const PyroMessage &request, const PyroError &error)
    {
        reply(device, request, QVariant::fromValue(error.toExceptionDict()), PyroProtocol::FlagException);
    }

    void handle(QIODevice *device, Conn &conn, const PyroMessage &message)
    {
        Received r;
        r.header = message.header;
        r.annotations = message.annotations;
        PyroError error;
        const QByteArray payload = message.uncompressedPayload(&error);
        const PyroSerializer *serializer = PyroSerializer::byId(message.header.serializerId);
        if (message.type() == PyroProtocol::MsgPing) {
            received.append(r);
            send(device, PyroProtocol::MsgPing, message.header.serializerId, message.header.seq,
                 QByteArrayLiteral("pong"));
            return;
        }
        if (!serializer) {
            device->close();
            return;
        }
        if (message.type() == PyroProtocol::MsgConnect) {
            r.connectData = serializer->decode(payload, PyroDecodeOptions(), &error);
            received.append(r);
            if (!refuseWith.isEmpty()) {
                const PyroSerializer *marshal = PyroSerializer::byId(PyroProtocol::SerializerMarshal);
                send(device, PyroProtocol::MsgConnectFail, PyroProtocol::SerializerMarshal, message.header.seq,
                     marshal->serialize(refuseWith));
                device->close();
                return;
            }
            PyroDict data;
            data.append(QStringLiteral("handshake"), QStringLiteral("hello"));
            if (sendMetadata)
                data.append(QStringLiteral("meta"), metadata());
            conn.handshaken = true;
            send(device, PyroProtocol::MsgConnectOk, message.header.serializerId, message.header.seq,
                 serializer->serialize(QVariant::fromValue(data)));
            return;
        }
        serializer->decodeCall(payload, &r.call, PyroDecodeOptions(), &error);
        received.append(r);
        const PyroCall &call = r.call;
        if (message.hasFlag(PyroProtocol::FlagOneway)) {
            if (call.method == QLatin1StringView(PyroProtocol::DaemonMethodCloseStream))
                closedStreams.append(call.args.value(0).toString());
            return;
        }
        if (call.object == QLatin1StringView(PyroProtocol::DaemonObjectId)) {
            if (call.method == QLatin1StringView(PyroProtocol::DaemonMethodGetMetadata)) {
                reply(device, message, metadata());
            } else if (call.method == QLatin1StringView(PyroProtocol::DaemonMethodNextStreamItem)) {
                const QString id = call.args.value(0).toString();
                if (!conn.streams.contains(id)) {
                    raise(device, message, PyroError::exception(QStringLiteral("Pyro5.errors.PyroError"),
                                                                QStringLiteral("item stream terminated")));
                    return;
                }
                const int next = conn.streams.value(id);
                if (next >= generatorItems.size()) {
                    conn.streams.remove(id);
                    raise(device, message, PyroError::exception(QStringLiteral("builtins.StopIteration"), QVariantList()));
                    return;
                }
                conn.streams[id] = next + 1;
                reply(device, message, generatorItems.at(next));
            }
            return;
        }
        if (call.method == QLatin1StringView(PyroProtocol::MethodGetAttr)) {
            reply(device, message, storedValue);
        } else if (call.method == QLatin1StringView(PyroProtocol::MethodSetAttr)) {
            storedValue = call.args.value(1);
            reply(device, message, PyroValues::none());
        } else if (call.method == QStringLiteral("echo")) {
            reply(device, message, call.args.value(0));
        } else if (call.method == QStringLiteral("error")) {
            raise(device, message, PyroError::exception(QStringLiteral("builtins.ValueError"), QStringLiteral("boom")));
        } else if (call.method == QStringLiteral("commerror")) {
            raise(device, message, PyroError::exception(QStringLiteral("Pyro5.errors.SerializeError"),
                                                        QStringLiteral("remote serialize trouble")));
        } else if (call.method == QStringLiteral("slow")) {
            QPointer<QIODevice> guard(device);
            const PyroMessage copy = message;
            QTimer::singleShot(slowMs, this, [this, guard, copy] {
                if (guard && m_conns.contains(guard))
                    reply(guard, copy, QStringLiteral("slow done"));
            });
        } else if (call.method == QStringLiteral("silent")) {
            // never answers
        } else if (call.method == QStringLiteral("drop")) {
            device->close();
        } else if (call.method == QStringLiteral("flaky")) {
            if (flakyCalls++ == 0)
                device->close();
            else
                reply(device, message, call.args.value(0));
        } else if (call.method == QStringLiteral("generator")) {
            const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            conn.streams.insert(id, 0);
            const PyroError marker = PyroError::exception(QStringLiteral("Pyro5.errors.ProtocolError"),
                                                          QStringLiteral("result of call is an iterator"));
            reply(device, message, QVariant::fromValue(marker.toExceptionDict()),
                  PyroProtocol::FlagException | PyroProtocol::FlagItemStreamResult,
                  {{QByteArrayLiteral("STRM"), id.toLatin1()}});
        } else if (call.method == QStringLiteral("wrongseq")) {
            const PyroSerializer *s = PyroSerializer::byId(message.header.serializerId);
            send(device, PyroProtocol::MsgResult, message.header.serializerId, quint16(message.header.seq + 7),
                 s->serialize(1));
        } else if (call.method == QStringLiteral("wrongser")) {
            const quint8 other = message.header.serializerId == PyroProtocol::SerializerSerpent
                    ? PyroProtocol::SerializerJson
                    : PyroProtocol::SerializerSerpent;
            send(device, PyroProtocol::MsgResult, other, message.header.seq, PyroSerializer::byId(other)->serialize(1));
        } else if (call.method == QStringLiteral("lookup")) {
            if (lookupFailures > 0) {
                --lookupFailures;
                raise(device, message, PyroError::exception(QStringLiteral("Pyro5.errors.NamingError"),
                                                            QStringLiteral("unknown name: ") + call.args.value(0).toString()));
            } else {
                reply(device, message, lookupResult);
            }
        } else if (call.method == QStringLiteral("yplookup")) {
            reply(device, message, yplookupResult);
        } else if (call.method == QStringLiteral("corrid")) {
            reply(device, message, message.header.correlationId.toString(QUuid::WithoutBraces));
        } else if (call.method == QStringLiteral("annotated")) {
            QVariantMap seen;
            for (const auto &a : message.annotations)
                seen.insert(QString::fromLatin1(a.first), QString::fromLatin1(a.second.toHex()));
            reply(device, message, seen, 0, {{QByteArrayLiteral("XRSP"), QByteArrayLiteral("response")}});
        } else {
            raise(device, message, PyroError::exception(QStringLiteral("builtins.AttributeError"),
                                                        QStringLiteral("unknown method")));
        }
    }

    QVariant metadata() const
    {
        auto set = [](const QStringList &names) {
            return QVariant::fromValue(PyroSet(QVariantList(names.cbegin(), names.cend())));
        };
        PyroDict meta;
        meta.append(QStringLiteral("methods"), set(methods));
        meta.append(QStringLiteral("oneway"), set(oneway));
        meta.append(QStringLiteral("attrs"), set(attrs));
        return QVariant::fromValue(meta);
    }

    QTcpServer m_tcp;
    QLocalServer m_local;
    QHash<QIODevice *, std::shared_ptr<Conn>> m_conns;
};

// A FakeDaemon on its own thread, for tests that use the client's blocking API.
class ThreadedFakeDaemon
{
public:
    ThreadedFakeDaemon()
    {
        m_anchor.moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(&m_anchor, [this] { m_daemon = new FakeDaemon; }, Qt::BlockingQueuedConnection);
    }
    ~ThreadedFakeDaemon()
    {
        QMetaObject::invokeMethod(&m_anchor, [this] { delete m_daemon; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    // Runs f on the daemon's thread (blocking) and returns its result.
    template<typename F>
    auto run(F f)
    {
        using R = decltype(f());
        if constexpr (std::is_void_v<R>) {
            QMetaObject::invokeMethod(&m_anchor, f, Qt::BlockingQueuedConnection);
        } else {
            R result{};
            QMetaObject::invokeMethod(&m_anchor, [&] { result = f(); }, Qt::BlockingQueuedConnection);
            return result;
        }
    }
    // Only to be used inside run().
    FakeDaemon *operator->() const { return m_daemon; }

private:
    QThread m_thread;
    QObject m_anchor;
    FakeDaemon *m_daemon = nullptr;
};
