// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Replays the client side of Pyro5's recorded name server sessions (transcripts
// nameserver_serpent/marshal/json/msgpack and broadcast_locate) against PyroNameServer
// over real loopback sockets: every recorded request goes to our name server, every
// reply is compared with the one Pyro5's name server sent (header fields, annotations,
// the decoded payload), masking what is volatile (generated correlation ids, tracebacks,
// the set order) and the documented places where QtPyro answers what Pyro5 could not
// send. The UDP request of broadcast_locate goes to our responder.

#include "pyrorawclient.h"
#include "pyrotranscriptmask.h"
#include "pyrotestvectors.h"

#include "pyroclassmapping_p.h"
#include "pyrodaemon.h"
#include "pyronameserver.h"
#include "pyrostorage.h"
#include "pyroprotocol_p.h"
#include "pyrovalues_p.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtNetwork/QNetworkDatagram>
#include <QtNetwork/QUdpSocket>
#include <QtTest/QTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace PyroTranscriptMask;
using namespace PyroTestVectors;

namespace {

// Expected side: no tracebacks (free text); the lists of the connect metadata are sets;
// a frozenset is a set (Pyro5's memory storage keeps "no metadata" as frozenset(), QtPyro
// answers an empty set, the type every other entry has). Without sets in the format
// (json, msgpack) every list of strings is a metadata set, in random order.
QJsonValue maskExpected(const QJsonValue &value, bool listsAreSets)
{
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(maskExpected(v, listsAreSets));
        return out;
    }
    if (!value.isObject())
        return value;
    QJsonObject o = value.toObject();
    const QString type = o.value(u"type"_s).toString();
    if (type == u"frozenset"_s)
        o.insert(u"type"_s, u"set"_s);
    if (type == u"list"_s && listsAreSets) {
        bool strings = true;
        for (const QJsonValue &item : o.value(u"items"_s).toArray())
            strings &= item.toObject().value(u"type"_s).toString() == u"str"_s;
        if (strings)
            o.insert(u"type"_s, u"set"_s);
    }
    if (type == u"exception"_s) {
        QJsonArray attrs;
        for (const QJsonValue &pair : o.value(u"attributes"_s).toArray()) {
            if (pair.toArray().at(0).toString() != u"_pyroTraceback"_s)
                attrs.append(pair);
        }
        o.insert(u"attributes"_s, attrs);
        return o;
    }
    if (type == u"dict"_s) {
        const QJsonArray items = o.value(u"items"_s).toArray();
        const bool meta = isMetadataDict(items);
        QJsonArray out;
        for (const QJsonValue &pair : items) {
            const QJsonArray p = pair.toArray();
            QJsonValue v = maskExpected(p.at(1), listsAreSets);
            if (meta && v.toObject().value(u"type"_s).toString() == u"list"_s) {
                QJsonObject set = v.toObject();
                set.insert(u"type"_s, u"set"_s);
                v = set;
            }
            out.append(QJsonArray{p.at(0), v});
        }
        o.insert(u"items"_s, out);
        return o;
    }
    if (o.contains(u"items"_s))
        o.insert(u"items"_s, maskExpected(o.value(u"items"_s), listsAreSets));
    return o;
}

// Actual side: our tracebacks must look like Python's, then go; metadata lists as sets.
QVariant maskActual(const QVariant &value, bool listsAreSets, QString *why)
{
    const int id = value.typeId();
    if (id == QMetaType::QVariantList || id == qMetaTypeId<PyroTuple>()) {
        const QVariantList list = id == QMetaType::QVariantList ? value.toList() : value.value<PyroTuple>().items();
        bool strings = true;
        QVariantList out;
        for (const QVariant &item : list) {
            strings &= item.typeId() == QMetaType::QString;
            out.append(maskActual(item, listsAreSets, why));
        }
        if (listsAreSets && strings && id == QMetaType::QVariantList)
            return QVariant::fromValue(PyroSet(out));
        return id == QMetaType::QVariantList ? QVariant(out) : QVariant::fromValue(PyroTuple(out));
    }
    if (id == qMetaTypeId<PyroError>()) {
        return QVariant::fromValue(withoutTraceback(value.value<PyroError>(), why, NoneTraceback::IsBad,
                                                    [](const QVariant &v) { return v; }));
    }
    if (id == QMetaType::QVariantMap || id == qMetaTypeId<PyroDict>()) {
        const QList<PyroDict::Entry> entries = dictEntries(value);
        const bool meta = isMetadataEntries(entries);
        PyroDict out;
        for (const auto &e : entries)
            out.append(e.first, metadataValue(meta, maskActual(e.second, listsAreSets, why)));
        return id == QMetaType::QVariantMap ? QVariant(out.toVariantMap()) : QVariant::fromValue(out);
    }
    return value;
}

QVariantList items(const QVariant &v)
{
    if (v.typeId() == qMetaTypeId<PyroTuple>())
        return v.value<PyroTuple>().items();
    if (v.typeId() == qMetaTypeId<PyroSet>())
        return v.value<PyroSet>().items();
    return v.toList();
}

QStringList sortedStrings(const QVariant &v)
{
    QStringList out;
    for (const QVariant &item : items(v))
        out.append(item.toString());
    out.sort();
    return out;
}

class Conversation
{
public:
    Conversation(const QString &where, const QString &serializer) : m_where(where), m_serializer(serializer) { }

    void send(RawClient &client, const QByteArray &bytes, const QJsonObject &recorded)
    {
        const QJsonObject call = recorded.value(u"payload_call"_s).toObject();
        m_method = call.value(u"method"_s).toObject().value(u"value"_s).toString();
        client.send(bytes);
    }

    bool compare(const PyroMessage &actual, const QJsonObject &expected, int step, QString *why)
    {
        const QJsonObject header = expected.value(u"header"_s).toObject();
        auto fail = [&](const QString &text) {
            *why = u"%1/%2 step %3 %4 (%5): %6"_s.arg(m_where, m_serializer).arg(step)
                       .arg(header.value(u"msg_type_name"_s).toString(), m_method, text);
            return false;
        };
        bool volatileCorr = false;
        for (const QJsonValue &v : expected.value(u"volatile"_s).toArray())
            volatileCorr |= v.toObject().value(u"field"_s).toString() == u"header.corr_id"_s;
        if (actual.header.type != header.value(u"msg_type"_s).toInt())
            return fail(u"message type %1"_s.arg(actual.header.type));
        if (actual.header.serializerId != header.value(u"serializer_id"_s).toInt())
            return fail(u"serializer id %1"_s.arg(actual.header.serializerId));
        if (actual.header.seq != header.value(u"seq"_s).toInt())
            return fail(u"seq %1"_s.arg(actual.header.seq));
        if (volatileCorr && actual.header.correlationId.isNull())
            return fail(u"no correlation id"_s);
        if (actual.annotations.size() != expected.value(u"annotations"_s).toArray().size())
            return fail(u"%1 annotations"_s.arg(actual.annotations.size()));

        PyroError error;
        const QVariant decoded = RawClient::decode(actual, &error);
        if (!decoded.isValid())
            return fail(u"payload does not decode: "_s + error.toString());
        const QJsonValue typed = expected.value(u"payload_value"_s);
        const QJsonObject typedObject = typed.toObject();
        const bool expectedException = header.value(u"flags"_s).toInt() & PyroProtocol::FlagException;

        // Where Pyro5's name server fails to send its answer and QtPyro's sends it.
        if (expectedException && typedObject.value(u"class"_s).toString() == u"builtins.ValueError"_s
            && m_method == u"lookup"_s && m_serializer == u"marshal"_s) {
            // lookup(return_metadata=True): Pyro5's marshal cannot carry the URI object
            // inside the tuple ("unmarshallable object").
            const QVariantList pair = items(decoded);
            return (actual.flags() & PyroProtocol::FlagException) == 0 && pair.size() == 2
                    && pair.at(0).value<PyroUri>().toString() == u"PYRO:test.echoserver@127.0.0.1:47401"_s
                    && sortedStrings(pair.at(1)) == QStringList{u"class:echo"_s, u"tag:a"_s}
                ? true : fail(u"marshal lookup with metadata: "_s + QDebug::toString(decoded));
        }
        if (expectedException && typedObject.value(u"class"_s).toString() == u"Pyro5.errors.SerializeError"_s
            && m_method == u"list"_s) {
            // list(return_metadata=True): Pyro5 holds "no metadata" as a frozenset, which
            // json and msgpack cannot carry; QtPyro answers an empty list.
            const QVariantMap map = decoded.toMap();
            const QStringList keys = map.keys();
            return (actual.flags() & PyroProtocol::FlagException) == 0
                    && keys == QStringList{u"Pyro.NameServer"_s, u"test.echoserver"_s, u"test.meta"_s, u"test.other"_s}
                    && items(map.value(u"test.other"_s)).value(0).toString() == u"PYRO:other@127.0.0.1:1234"_s
                    && items(items(map.value(u"test.other"_s)).value(1)).isEmpty()
                    && sortedStrings(items(map.value(u"test.meta"_s)).value(1)) == QStringList{u"tag:a"_s, u"tag:b"_s}
                ? true : fail(u"list with metadata: "_s + QDebug::toString(decoded));
        }

        if (actual.header.flags != header.value(u"flags"_s).toInt())
            return fail(u"flags 0x%1"_s.arg(actual.header.flags, 0, 16));
        QString maskWhy;
        const bool listsAreSets = m_serializer == u"json"_s || m_serializer == u"msgpack"_s;
        const QVariant masked = maskActual(decoded, listsAreSets, &maskWhy);
        if (!maskWhy.isEmpty())
            return fail(maskWhy);
        QString inner;
        if (!matchesTyped(masked, maskExpected(typed, listsAreSets), &inner))
            return fail(inner + u" (got "_s + QDebug::toString(decoded) + u')');
        return true;
    }

private:
    QString m_where;
    QString m_serializer;
    QString m_method;
};

} // namespace

class tst_PyroNameServerReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sessions_data();
    void sessions();
    void broadcastDatagram();

private:
    QJsonObject m_transcripts;
    quint16 m_nsRelayPort = 0;
};

void tst_PyroNameServerReplay::initTestCase()
{
    m_transcripts = loadManifest(u"transcripts.json"_s);
    QVERIFY(!m_transcripts.value(u"sessions"_s).toArray().isEmpty());
    m_nsRelayPort = quint16(m_transcripts.value(u"ports"_s).toObject().value(u"relay"_s).toObject()
                                .value(u"ns"_s).toInt());
    QCOMPARE(m_nsRelayPort, quint16(47403));
}

void tst_PyroNameServerReplay::sessions_data()
{
    QTest::addColumn<QJsonObject>("session");
    int n = 0;
    for (const QJsonValue &v : m_transcripts.value(u"sessions"_s).toArray()) {
        const QJsonObject s = v.toObject();
        const QString name = s.value(u"name"_s).toString();
        if (name.startsWith(u"nameserver_"_s) || name == u"broadcast_locate"_s) {
            QTest::newRow(qPrintable(name)) << s;
            ++n;
        }
    }
    QCOMPARE(n, 5);
}

void tst_PyroNameServerReplay::sessions()
{
    QFETCH(QJsonObject, session);
    const QString name = session.value(u"name"_s).toString();
    const QString serializer = session.value(u"serializer"_s).toString();
    if (!PyroSerializer::byName(serializer))
        QSKIP("serializer not available (plugin not found)");

    // Our name server, telling clients the recording's address (as the recording's did,
    // through NAT) so that its own URI in replies matches.
    PyroNameServer ns;
    ns.setBroadcastEnabled(false);
    ns.setNat(u"127.0.0.1"_s, m_nsRelayPort);
    QVERIFY2(ns.start(u"127.0.0.1"_s, 0), qPrintable(ns.error().toString()));
    QCOMPARE(ns.uri().toString(), u"PYRO:Pyro.NameServer@127.0.0.1:47403"_s);

    std::map<QString, QJsonObject> connections;
    const std::vector<PyroTestVectors::TranscriptEvent> events
        = PyroTestVectors::transcriptEvents(session, u"ns"_s, &connections);
    QVERIFY(!connections.empty());

    std::map<QString, std::unique_ptr<RawClient>> clients;
    std::map<QString, std::unique_ptr<Conversation>> conversations;
    std::map<QString, QByteArray> streams;
    int replies = 0;
    for (const PyroTestVectors::TranscriptEvent &e : events) {
        const QJsonObject &c = connections[e.connection];
        if (e.kind == PyroTestVectors::TranscriptEvent::Open) {
            auto client = std::make_unique<RawClient>();
            QVERIFY(client->connectTcp(ns.daemon()->port()));
            clients[e.connection] = std::move(client);
            conversations[e.connection] = std::make_unique<Conversation>(name + u':' + e.connection, serializer);
            streams[e.connection] = readVectorFile(c.value(u"files"_s).toObject().value(u"c2s"_s).toString());
            continue;
        }
        RawClient *client = clients[e.connection].get();
        QVERIFY(client);
        if (e.kind == PyroTestVectors::TranscriptEvent::Close) {
            // Our name server never closes a connection in these sessions (Pyro5's closed
            // the json one after its SerializeError; ours sent the answer instead).
            QVERIFY2(!client->isClosed(), qPrintable(e.connection + u" was closed by the name server"_s));
            client->abort();
            continue;
        }
        const QJsonObject &m = e.message;
        if (m.value(u"dir"_s).toString() == u"c2s"_s) {
            const QByteArray bytes = streams[e.connection].mid(m.value(u"offset"_s).toInt(), m.value(u"size"_s).toInt());
            conversations[e.connection]->send(*client, bytes, m);
            continue;
        }
        PyroMessage reply;
        const int step = m.value(u"step"_s).toInt();
        QVERIFY2(client->receive(&reply), qPrintable(u"%1: no reply for step %2"_s.arg(e.connection).arg(step)));
        QString why;
        QVERIFY2(conversations[e.connection]->compare(reply, m, step, &why), qPrintable(why));
        ++replies;
    }
    QVERIFY(replies > 0);
    // What the session left behind, as Pyro5's steps say (list() at the end).
    PyroStorageEntries left;
    QVERIFY(ns.storage()->list(PyroStorageFilter::all(), PyroStorage::Detail::UriOnly, &left));
    if (name != u"broadcast_locate"_s)
        QCOMPARE(left.keys(), QStringList{u"Pyro.NameServer"_s});
}

void tst_PyroNameServerReplay::broadcastDatagram()
{
    QJsonObject session;
    for (const QJsonValue &v : m_transcripts.value(u"sessions"_s).toArray()) {
        if (v.toObject().value(u"name"_s).toString() == u"broadcast_locate"_s)
            session = v.toObject();
    }
    const QJsonArray udp = session.value(u"udp"_s).toArray();
    QCOMPARE(udp.size(), 2);
    const QByteArray request = readVectorFile(udp.at(0).toObject().value(u"file"_s).toString());
    const QByteArray recordedReply = readVectorFile(udp.at(1).toObject().value(u"file"_s).toString());
    QCOMPARE(request, QByteArray(PyroProtocol::BroadcastRequest));

    PyroNameServer ns;
    ns.setBroadcastAddress(u"127.0.0.1"_s, 0);
    QVERIFY2(ns.start(u"127.0.0.1"_s, 0), qPrintable(ns.error().toString()));
    QVERIFY(ns.isBroadcasting());
    QUdpSocket client;
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    client.writeDatagram(request, QHostAddress::LocalHost, ns.broadcastPort());
    QTRY_VERIFY_WITH_TIMEOUT(client.hasPendingDatagrams(), 5000);
    const QByteArray reply = client.receiveDatagram().data();
    // The same text but for the port the name server listens on (the recording's relay).
    const QByteArray ourPort = QByteArray::number(ns.daemon()->port());
    QCOMPARE(reply, QByteArray(recordedReply).replace(QByteArray::number(m_nsRelayPort), ourPort));
    QCOMPARE(reply, ns.internalUri().toString().toLatin1());
}

QTEST_MAIN(tst_PyroNameServerReplay)
#include "tst_pyronameserverreplay.moc"
