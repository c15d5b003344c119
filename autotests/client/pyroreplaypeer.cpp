// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroreplaypeer.h"

#include "pyromessage_p.h"
#include "pyroserializer.h"
#include "pyrotestvectors.h"
#include "pyrovalues.h"

#include <QtCore/QJsonArray>
#include <QtCore/QMutexLocker>
#include <QtCore/QRegularExpression>
#include <QtCore/QtEndian>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

struct RecordedMessage
{
    bool c2s = false;
    int n = 0;
    int event = 0;
    int step = 0;
    qint64 offset = 0;
    qint64 size = 0;
    QJsonArray volatiles;
};

struct RecordedConnection
{
    QString id;
    QString target;
    bool serverCloses = false;
    int openEvent = 0;
    QByteArray c2s;
    QByteArray s2c;
    QList<RecordedMessage> messages;
};

QByteArray le32(quint32 v)
{
    QByteArray b(4, 0);
    qToLittleEndian(v, b.data());
    return b;
}

QByteArray be16(quint16 v)
{
    QByteArray b(2, 0);
    qToBigEndian(v, b.data());
    return b;
}

// Replaces one port by another inside a byte range, in whichever encoding it has there:
// text (serpent/json), msgpack uint16, marshal int32.
void replacePort(QByteArray &data, qint64 from, qint64 to, int oldPort, int newPort)
{
    QByteArray region = data.mid(from, to - from);
    const QByteArray oldText = QByteArray::number(oldPort);
    const QByteArray newText = QByteArray::number(newPort);
    if (oldText.size() == newText.size() && region.contains(oldText)) {
        region.replace(oldText, newText);
    } else if (region.contains("\xcd" + be16(quint16(oldPort)))) {
        region.replace("\xcd" + be16(quint16(oldPort)), "\xcd" + be16(quint16(newPort)));
    } else if (region.contains("\xe9" + le32(quint32(oldPort)))) {
        region.replace("\xe9" + le32(quint32(oldPort)), "\xe9" + le32(quint32(newPort)));
    } else if (region.contains('i' + le32(quint32(oldPort)))) {
        region.replace('i' + le32(quint32(oldPort)), 'i' + le32(quint32(newPort)));
    }
    data.replace(from, to - from, region);
}

QString describe(const QByteArray &message)
{
    PyroError error;
    const PyroMessage m = PyroMessage::parse(message, &error);
    if (error.isError())
        return u"<unparsable: %1>"_s.arg(error.message());
    QByteArray payload = m.uncompressedPayload(&error);
    QString text = u"type=%1 ser=%2 flags=0x%3 seq=%4 corr=%5 ann=["_s.arg(m.type())
                           .arg(m.header.serializerId)
                           .arg(m.flags(), 0, 16)
                           .arg(m.header.seq)
                           .arg(m.header.correlationId.toString());
    for (const auto &a : m.annotations)
        text += QString::fromLatin1(a.first) + u'=' + QString::fromLatin1(a.second.toHex()) + u' ';
    text += u"] payload="_s;
    if (m.header.serializerId == 1 || m.header.serializerId == 3)
        text += QString::fromUtf8(payload.left(400));
    else
        text += QString::fromLatin1(payload.left(200).toHex());
    return text;
}

// Empty when the received message is what was recorded (up to volatile bytes, set and
// dict order, annotation order and compression details).
QString compareMessage(QByteArray received, const QByteArray &expected, const QJsonArray &volatiles)
{
    if (received.size() == expected.size()) {
        for (const QJsonValue &v : volatiles) {
            const QJsonObject o = v.toObject();
            if (o.value(u"field"_s).toString() != u"bytes")
                continue;
            const QJsonArray range = o.value(u"range"_s).toArray();
            const qint64 a = range.at(0).toInteger(), b = range.at(1).toInteger();
            received.replace(a, b - a, expected.mid(a, b - a));
        }
    }
    if (received == expected)
        return QString();
    PyroError e1, e2;
    const PyroMessage got = PyroMessage::parse(received, &e1);
    const PyroMessage want = PyroMessage::parse(expected, &e2);
    const QString both = u"\n     got:      %1\n     expected: %2"_s.arg(describe(received), describe(expected));
    if (e1.isError())
        return u"unparsable message (%1)"_s.arg(e1.message()) + both;
    if (got.type() != want.type() || got.header.serializerId != want.header.serializerId
        || (got.flags() & ~0x2) != (want.flags() & ~0x2) || got.header.seq != want.header.seq
        || got.header.correlationId != want.header.correlationId)
        return u"header differs"_s + both;
    QHash<QByteArray, QByteArray> ga, wa;
    for (const auto &a : got.annotations)
        ga.insert(a.first, a.second);
    for (const auto &a : want.annotations)
        wa.insert(a.first, a.second);
    if (ga.keys().size() != wa.keys().size())
        return u"annotations differ"_s + both;
    for (auto it = wa.cbegin(); it != wa.cend(); ++it) {
        if (!ga.contains(it.key()))
            return u"annotations differ"_s + both;
        if (ga.value(it.key()) == it.value())
            continue;
        // BLBI is marshal: compare what it means, not how CPython's refcounts shaped it.
        const PyroSerializer *marshal = PyroSerializer::byId(2);
        if (it.key() != "BLBI" || !marshal
            || !PyroValues::identical(marshal->deserialize(ga.value(it.key())), marshal->deserialize(it.value())))
            return u"annotation %1 differs"_s.arg(QString::fromLatin1(it.key())) + both;
    }
    const QByteArray gp = got.uncompressedPayload(&e1);
    const QByteArray wp = want.uncompressedPayload(&e2);
    if (e1.isError())
        return u"payload does not inflate (%1)"_s.arg(e1.message()) + both;
    if (gp == wp)
        return QString();
    if (got.type() == 6)
        return u"ping payload differs"_s + both;
    PyroError se;
    const PyroSerializer *serializer = PyroSerializer::byId(got.header.serializerId, &se);
    if (!serializer)
        return u"no serializer %1: %2"_s.arg(got.header.serializerId).arg(se.message()) + both;
    PyroDecodeOptions raw;
    raw.mapClassDicts = false;
    const QVariant gv = serializer->decode(gp, raw, &e1);
    const QVariant wv = serializer->decode(wp, raw, &e2);
    if (e1.isError() || e2.isError())
        return u"payload does not decode (%1 / %2)"_s.arg(e1.message(), e2.message()) + both;
    if (!PyroValues::identical(gv, wv))
        return u"payload differs"_s + both;
    // Marshal output depends on CPython's reference counts: only the values count there.
    if (gp.size() != wp.size() && got.header.serializerId != 2)
        return u"payload differs in size only"_s + both;
    return QString(); // same values, other set/dict order
}

} // namespace

class ReplayWorker : public QObject
{
public:
    QList<RecordedConnection> connections;
    QHash<QString, QList<int>> pendingByTarget; // target -> connection indices in open order
    QHash<QString, QTcpServer *> servers;
    QString sessionName;

    struct Live
    {
        int conn = -1;
        int next = 0; // index into messages
        QByteArray buffer;
    };
    QHash<QTcpSocket *, Live> live;
    QList<QList<bool>> received; // per connection, per message (c2s only meaningful)

    mutable QMutex mutex;
    QStringList problems;
    int checked = 0;
    int exact = 0;

    void problem(const QString &text)
    {
        QMutexLocker lock(&mutex);
        problems.append(sessionName + u": "_s + text);
    }

    void onNewConnection(const QString &target, QTcpServer *server)
    {
        while (QTcpSocket *socket = server->nextPendingConnection()) {
            QList<int> &queue = pendingByTarget[target];
            if (queue.isEmpty()) {
                problem(u"unexpected extra connection to %1"_s.arg(target));
                socket->close();
                socket->deleteLater();
                continue;
            }
            Live l;
            l.conn = queue.takeFirst();
            live.insert(socket, l);
            QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QObject::destroyed, this, [this, socket] { live.remove(socket); });
            sendServerMessages(socket);
        }
    }

    void sendServerMessages(QTcpSocket *socket)
    {
        Live &l = live[socket];
        const RecordedConnection &c = connections.at(l.conn);
        while (l.next < c.messages.size() && !c.messages.at(l.next).c2s) {
            const RecordedMessage &m = c.messages.at(l.next);
            socket->write(c.s2c.mid(m.offset, m.size));
            ++l.next;
        }
        if (l.next >= c.messages.size() && c.serverCloses)
            socket->disconnectFromHost();
    }

    void onReadyRead(QTcpSocket *socket)
    {
        if (!live.contains(socket))
            return;
        live[socket].buffer += socket->readAll();
        for (;;) {
            Live &l = live[socket];
            if (l.buffer.size() < 40)
                return;
            const quint32 dataSize = qFromBigEndian<quint32>(l.buffer.constData() + 0x0c);
            const quint32 annSize = qFromBigEndian<quint32>(l.buffer.constData() + 0x10);
            const qint64 total = 40 + qint64(dataSize) + annSize;
            if (l.buffer.size() < total)
                return;
            const QByteArray message = l.buffer.left(total);
            l.buffer.remove(0, total);
            handleMessage(socket, message);
            if (!live.contains(socket))
                return;
        }
    }

    void handleMessage(QTcpSocket *socket, const QByteArray &message)
    {
        Live &l = live[socket];
        const RecordedConnection &c = connections.at(l.conn);
        if (l.next >= c.messages.size() || !c.messages.at(l.next).c2s) {
            problem(u"%1: unexpected extra message from the client: %2"_s.arg(c.id, describe(message)));
            return;
        }
        const RecordedMessage &m = c.messages.at(l.next);
        const QByteArray expected = c.c2s.mid(m.offset, m.size);
        const QString diff = compareMessage(message, expected, m.volatiles);
        {
            QMutexLocker lock(&mutex);
            ++checked;
            if (message == expected)
                ++exact;
            received[l.conn][l.next] = true;
        }
        if (!diff.isEmpty())
            problem(u"%1 c2s #%2 (step %3): %4"_s.arg(c.id).arg(m.n).arg(m.step).arg(diff));
        ++l.next;
        sendServerMessages(socket);
    }
};

ReplayPeer::ReplayPeer(const QJsonObject &session) : m_session(session)
{
    m_thread.setObjectName(u"replay-peer"_s);
}

ReplayPeer::~ReplayPeer()
{
    if (m_worker) {
        QMetaObject::invokeMethod(m_worker, [w = m_worker] { delete w; }, Qt::BlockingQueuedConnection);
        m_worker = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
}

void ReplayPeer::patchAddressesOfStep(int step)
{
    m_patchSteps.insert(step);
}

int ReplayPeer::recordedPort(const QString &target)
{
    static const QJsonObject ports =
            PyroTestVectors::loadManifest(u"transcripts.json"_s).value(u"ports"_s).toObject().value(u"relay"_s).toObject();
    return ports.value(target).toInt();
}

bool ReplayPeer::start()
{
    auto *worker = new ReplayWorker;
    worker->sessionName = m_session.value(u"name"_s).toString();
    const QJsonArray conns = m_session.value(u"connections"_s).toArray();
    for (const QJsonValue &cv : conns) {
        const QJsonObject co = cv.toObject();
        RecordedConnection c;
        c.id = co.value(u"id"_s).toString();
        c.target = co.value(u"target"_s).toString();
        c.serverCloses = co.value(u"closed_first_by"_s).toString() == u"server";
        c.openEvent = co.value(u"open_event"_s).toInt();
        const QJsonObject files = co.value(u"files"_s).toObject();
        c.c2s = PyroTestVectors::readVectorFile(files.value(u"c2s"_s).toString());
        c.s2c = PyroTestVectors::readVectorFile(files.value(u"s2c"_s).toString());
        for (const QJsonValue &mv : co.value(u"messages"_s).toArray()) {
            const QJsonObject mo = mv.toObject();
            RecordedMessage m;
            m.c2s = mo.value(u"dir"_s).toString() == u"c2s";
            m.n = mo.value(u"n"_s).toInt();
            m.event = mo.value(u"event"_s).toInt();
            m.step = mo.value(u"step"_s).toInt();
            m.offset = mo.value(u"offset"_s).toInteger();
            m.size = mo.value(u"size"_s).toInteger();
            m.volatiles = mo.value(u"volatile"_s).toArray();
            c.messages.append(m);
        }
        std::sort(c.messages.begin(), c.messages.end(),
                  [](const RecordedMessage &a, const RecordedMessage &b) { return a.event < b.event; });
        worker->connections.append(c);
    }
    std::vector<int> order(worker->connections.size());
    for (int i = 0; i < int(order.size()); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [worker](int a, int b) {
        return worker->connections.at(a).openEvent < worker->connections.at(b).openEvent;
    });
    for (int i : order)
        worker->pendingByTarget[worker->connections.at(i).target].append(i);
    for (const RecordedConnection &c : std::as_const(worker->connections))
        worker->received.append(QList<bool>(c.messages.size(), false));

    m_thread.start();
    worker->moveToThread(&m_thread);
    m_worker = worker;
    bool ok = true;
    QHash<QString, quint16> ports;
    const QStringList targets = worker->pendingByTarget.keys();
    QMetaObject::invokeMethod(worker, [worker, targets, &ok, &ports] {
        for (const QString &target : targets) {
            auto *server = new QTcpServer(worker);
            if (!server->listen(QHostAddress::LocalHost, 0)) {
                ok = false;
                return;
            }
            worker->servers.insert(target, server);
            ports.insert(target, server->serverPort());
            QObject::connect(server, &QTcpServer::newConnection, worker,
                             [worker, target, server] { worker->onNewConnection(target, server); });
        }
    }, Qt::BlockingQueuedConnection);
    m_ports = ports;

    // Addresses the client will connect to: the recorded relay ports become ours. Done
    // after listening (we need the ports) but before any client connects.
    if (ok && !m_patchSteps.isEmpty()) {
        QMetaObject::invokeMethod(worker, [this, worker] {
            static const QRegularExpression relay(u"'(\\w+)' relay"_s);
            for (RecordedConnection &c : worker->connections) {
                for (const RecordedMessage &m : std::as_const(c.messages)) {
                    if (m.c2s || !m_patchSteps.contains(m.step))
                        continue;
                    for (const QJsonValue &v : m.volatiles) {
                        const QJsonObject o = v.toObject();
                        const QRegularExpressionMatch match = relay.match(o.value(u"reason"_s).toString());
                        if (o.value(u"field"_s).toString() != u"bytes" || !match.hasMatch())
                            continue;
                        const QString target = match.captured(1);
                        if (!m_ports.contains(target))
                            continue;
                        const QJsonArray range = o.value(u"range"_s).toArray();
                        replacePort(c.s2c, m.offset + range.at(0).toInteger(), m.offset + range.at(1).toInteger(),
                                    recordedPort(target), m_ports.value(target));
                    }
                }
            }
        }, Qt::BlockingQueuedConnection);
    }
    return ok;
}

QStringList ReplayPeer::problems() const
{
    QMutexLocker lock(&m_worker->mutex);
    return m_worker->problems;
}

int ReplayPeer::messagesChecked() const
{
    QMutexLocker lock(&m_worker->mutex);
    return m_worker->checked;
}

int ReplayPeer::messagesIdentical() const
{
    QMutexLocker lock(&m_worker->mutex);
    return m_worker->exact;
}

QList<int> ReplayPeer::unreceivedSteps() const
{
    QMutexLocker lock(&m_worker->mutex);
    QList<int> steps;
    for (int c = 0; c < m_worker->connections.size(); ++c) {
        const auto &messages = m_worker->connections.at(c).messages;
        for (int i = 0; i < messages.size(); ++i) {
            if (messages.at(i).c2s && !m_worker->received.at(c).at(i))
                steps.append(messages.at(i).step);
        }
    }
    return steps;
}

QStringList ReplayPeer::unreceived() const
{
    QMutexLocker lock(&m_worker->mutex);
    QStringList out;
    for (int c = 0; c < m_worker->connections.size(); ++c) {
        const RecordedConnection &conn = m_worker->connections.at(c);
        for (int i = 0; i < conn.messages.size(); ++i) {
            if (conn.messages.at(i).c2s && !m_worker->received.at(c).at(i))
                out.append(u"%1 c2s #%2 (step %3)"_s.arg(conn.id).arg(conn.messages.at(i).n).arg(conn.messages.at(i).step));
        }
    }
    return out;
}
