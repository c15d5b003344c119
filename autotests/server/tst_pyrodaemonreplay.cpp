// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Replays the client side of Pyro5's recorded conversations (messages.json scenarios,
// including the raw_* misbehaviours, and the transcripts of whole sessions) against a
// QtPyro daemon hosting C++ twins of the recorded objects, over real loopback sockets,
// and compares every reply with the one Pyro5's daemon sent: header fields, annotations
// and the decoded payload, with the volatile parts masked (generated correlation ids,
// stream ids, generated object ids, tracebacks, addresses).

#include "daemontesthelpers.h"
#include "pyroexceptionwrapper.h"
#include "pyrotestvectors.h"
#include "testobjects.h"

#include "pyrodaemon.h"
#include "pyroobjectref.h"
#include "pyrovalues_p.h"
#include "pyroclassmapping_p.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace PyroTranscriptMask;
using namespace PyroTestVectors;

namespace {

enum class DaemonKind { Vectors, Handshake, Compressed, Denied, Callback };

struct ReplayDaemon
{
    std::unique_ptr<QObject> owner = std::make_unique<QObject>();
    std::unique_ptr<PyroDaemon> daemon;
    std::unique_ptr<RawClient> blocker; // holds the only connection slot (Denied)
};

std::unique_ptr<ReplayDaemon> makeDaemon(DaemonKind kind, quint16 natPort)
{
    auto r = std::make_unique<ReplayDaemon>();
    PyroConfig config;
    if (kind == DaemonKind::Compressed)
        config.setCompression(true);
    if (kind == DaemonKind::Denied)
        config.setMaxConnections(1);
    r->daemon = std::make_unique<PyroDaemon>(config);
    if (!r->daemon->listen(u"127.0.0.1"_s, 0))
        return nullptr;
    r->daemon->setNat(u"127.0.0.1"_s, natPort);
    if (kind == DaemonKind::Callback) {
        auto *handler = new CallbackHandler;
        handler->setParent(r->owner.get());
        r->daemon->registerObject(handler, u"test.callback"_s);
        return r;
    }
    registerVectorObjects(r->daemon.get(), r->owner.get());
    if (kind == DaemonKind::Handshake) {
        r->daemon->setResponseAnnotations({{"XDMN", "daemon-wide annotation"}});
        r->daemon->setHandshakeValidator([](const QVariant &handshake, PyroCallContext &) -> QVariant {
            const QVariantMap data = handshake.toMap();
            if (data.value(u"token"_s).toString() != u"secret"_s)
                return QVariant::fromValue(PyroError::exception(u"builtins.ValueError"_s,
                                                                u"handshake rejected: bad token"_s));
            return QVariantMap{{u"welcome"_s, data.value(u"user"_s)}, {u"server"_s, u"qtpyro-vectors"_s}};
        });
    }
    if (kind == DaemonKind::Denied) {
        r->blocker = std::make_unique<RawClient>();
        if (!r->blocker->connectTcp(r->daemon->port()))
            return nullptr;
        if (!QTest::qWaitFor([&] { return r->daemon->connectionCount() == 1; }, 5000))
            return nullptr;
    }
    return r;
}

// ---- masking -----------------------------------------------------------------------

// Expected side: drop recorded tracebacks (free text), treat metadata lists as sets.
QJsonValue maskExpected(const QJsonValue &value)
{
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(maskExpected(v));
        return out;
    }
    if (!value.isObject())
        return value;
    QJsonObject o = value.toObject();
    const QString type = o.value(u"type"_s).toString();
    if (type == u"exception") {
        QJsonArray attrs;
        for (const QJsonValue &pair : o.value(u"attributes"_s).toArray()) {
            const QJsonArray p = pair.toArray();
            if (p.at(0).toString() == u"_pyroTraceback"_s && p.at(1).toObject().value(u"type"_s).toString() != u"none"_s)
                continue;
            attrs.append(QJsonArray{p.at(0), maskExpected(p.at(1))});
        }
        o.insert(u"attributes"_s, attrs);
        o.insert(u"args"_s, maskExpected(o.value(u"args"_s)));
        return o;
    }
    if (type == u"dict") {
        const QJsonArray items = o.value(u"items"_s).toArray();
        const bool meta = isMetadataDict(items);
        QJsonArray out;
        for (const QJsonValue &pair : items) {
            const QJsonArray p = pair.toArray();
            const QString key = p.at(0).toObject().value(u"value"_s).toString();
            if (key == u"_pyroTraceback"_s && p.at(1).toObject().value(u"type"_s).toString() != u"none"_s)
                continue; // an exception dict seen at the format level
            QJsonValue v = maskExpected(p.at(1));
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
    for (const QString &key : {u"items"_s, u"exception"_s})
        if (o.contains(key))
            o.insert(key, maskExpected(o.value(key)));
    return o;
}

// Actual side: check our tracebacks look like Python's and drop them; metadata lists as sets.
QVariant maskActual(const QVariant &value, QString *why)
{
    const int id = value.typeId();
    if (id == qMetaTypeId<PyroError>()) {
        return QVariant::fromValue(withoutTraceback(value.value<PyroError>(), why, NoneTraceback::Keep,
                                                    [why](const QVariant &v) { return maskActual(v, why); }));
    }
    if (id == qMetaTypeId<PyroExceptionWrapper>())
        return QVariant::fromValue(PyroExceptionWrapper(maskActual(QVariant::fromValue(value.value<PyroExceptionWrapper>().error()), why).value<PyroError>()));
    if (id == QMetaType::QVariantList) {
        QVariantList out;
        for (const QVariant &v : value.toList())
            out.append(maskActual(v, why));
        return out;
    }
    if (id == qMetaTypeId<PyroTuple>()) {
        QVariantList out;
        for (const QVariant &v : value.value<PyroTuple>().items())
            out.append(maskActual(v, why));
        return QVariant::fromValue(PyroTuple(out));
    }
    if (id == QMetaType::QVariantMap || id == qMetaTypeId<PyroDict>()) {
        const bool isMap = id == QMetaType::QVariantMap;
        const QList<PyroDict::Entry> entries = dictEntries(value);
        const bool meta = isMetadataEntries(entries);
        PyroDict out;
        for (const auto &e : entries) {
            if (e.first.toString() == u"_pyroTraceback"_s && !PyroValues::isNone(e.second)) {
                if (!isTracebackList(e.second) && why)
                    *why += u"bad traceback; "_s;
                continue;
            }
            out.append(e.first, metadataValue(meta, maskActual(e.second, why)));
        }
        if (isMap && out.hasOnlyStringKeys())
            return out.toVariantMap();
        return QVariant::fromValue(out);
    }
    return value;
}

QByteArray hexId(const QUuid &id)
{
    return id.isNull() ? QByteArray(32, '0') : id.toRfc4122().toHex();
}

// ---- one conversation -------------------------------------------------------------

struct Expectation
{
    QString scenario;   // messages.json scenario or transcript session
    QString serializer;
};

class Conversation
{
public:
    Conversation(const Expectation &e, quint16 natPort) : m_e(e), m_natPort(natPort) { }

    // c2s: send the recorded bytes, with our stream ids in place of the recorded ones.
    void send(RawClient &client, QByteArray bytes)
    {
        for (auto it = m_streamIds.cbegin(); it != m_streamIds.cend(); ++it)
            bytes.replace(it->first, it->second);
        PyroError error;
        const PyroMessage parsed = PyroMessage::parse(bytes, &error);
        m_lastMethod.clear();
        if (!error.isError() && parsed.type() == PyroProtocol::MsgInvoke) {
            if (const PyroSerializer *s = PyroSerializer::byId(parsed.header.serializerId)) {
                PyroCall call;
                PyroError e;
                const QByteArray payload = parsed.uncompressedPayload(&e);
                if (s->decodeCall(payload, &call, PyroDecodeOptions(), &e))
                    m_lastMethod = call.method;
            }
            m_lastKwargsNone = false;
        }
        client.send(bytes);
    }

    // s2c: compares our reply with the recorded one.
    bool compare(const PyroMessage &actual, const QJsonObject &expected, quint16 clientPort, QString *why)
    {
        const QJsonObject header = expected.value(u"header"_s).toObject();
        auto fail = [&](const QString &text) {
            *why = u"%1/%2 %3 (%4): %5"_s.arg(m_e.scenario, m_e.serializer, header.value(u"msg_type_name"_s).toString(),
                                          m_lastMethod, text);
            return false;
        };
        bool volatileCorr = false, volatilePayload = false;
        for (const QJsonValue &v : expected.value(u"volatile"_s).toArray()) {
            const QString field = v.toObject().value(u"field"_s).toString();
            volatileCorr |= field == u"header.corr_id"_s;
            volatilePayload |= field == u"payload"_s;
        }
        if (actual.header.type != header.value(u"msg_type"_s).toInt())
            return fail(u"message type %1"_s.arg(actual.header.type));
        if (actual.header.serializerId != header.value(u"serializer_id"_s).toInt())
            return fail(u"serializer id %1"_s.arg(actual.header.serializerId));
        if (actual.header.seq != header.value(u"seq"_s).toInt())
            return fail(u"seq %1"_s.arg(actual.header.seq));
        quint16 flags = actual.header.flags;
        quint16 expectedFlags = quint16(header.value(u"flags"_s).toInt());
        if (volatilePayload) { // our payload length differs, so may its compression
            flags &= ~PyroProtocol::FlagCompressed;
            expectedFlags &= ~PyroProtocol::FlagCompressed;
        }
        if (flags != expectedFlags)
            return fail(u"flags 0x%1, expected 0x%2"_s.arg(flags, 0, 16).arg(expectedFlags, 0, 16));
        if (volatileCorr) {
            if (actual.header.correlationId.isNull())
                return fail(u"no correlation id"_s);
        } else if (hexId(actual.header.correlationId) != header.value(u"corr_id_hex"_s).toString().toLatin1()) {
            return fail(u"correlation id %1"_s.arg(QString::fromLatin1(hexId(actual.header.correlationId))));
        }
        const QJsonArray annotations = expected.value(u"annotations"_s).toArray();
        if (actual.annotations.size() != annotations.size())
            return fail(u"%1 annotations, expected %2"_s.arg(actual.annotations.size()).arg(annotations.size()));
        for (int i = 0; i < annotations.size(); ++i) {
            const QJsonObject a = annotations.at(i).toObject();
            const QByteArray id = a.value(u"id"_s).toString().toLatin1();
            const QByteArray value = QByteArray::fromBase64(a.value(u"base64"_s).toString().toLatin1());
            if (actual.annotations.at(i).first != id)
                return fail(u"annotation %1, expected %2"_s.arg(QString::fromLatin1(actual.annotations.at(i).first),
                                                                QString::fromLatin1(id)));
            if (id == "STRM") {
                const QByteArray ours = actual.annotations.at(i).second;
                if (QUuid::fromString(QLatin1StringView(ours)).isNull() || ours.size() != 36)
                    return fail(u"stream id %1"_s.arg(QString::fromLatin1(ours)));
                m_streamIds.emplace_back(value, ours);
            } else if (actual.annotations.at(i).second != value) {
                return fail(u"annotation %1 value %2"_s.arg(QString::fromLatin1(id),
                                                              QString::fromLatin1(actual.annotations.at(i).second)));
            }
        }
        if (header.value(u"msg_type"_s).toInt() == PyroProtocol::MsgPing)
            return actual.payload == "pong" ? true : fail(u"ping payload"_s);
        return comparePayload(actual, expected, clientPort, fail);
    }

    void noteKwargsNone(bool on) { m_lastKwargsNone = on; }

private:
    template<typename Fail>
    bool comparePayload(const PyroMessage &actual, const QJsonObject &expected, quint16 clientPort, Fail fail)
    {
        QJsonValue typed = expected.value(u"payload_value"_s);
        bool mapped = true;
        if (typed.toObject().value(u"type"_s).toString() == u"error"_s) {
            typed = expected.value(u"payload_raw"_s); // Python could not rebuild it: compare the format level
            mapped = false;
        }
        PyroError error;
        const QVariant decodedAsCompared = RawClient::decode(actual, &error, mapped);
        if (!decodedAsCompared.isValid())
            return fail(u"payload does not decode: "_s + error.toString());
        // QtPyro's own reading, for the checks below.
        const QVariant decoded = mapped ? decodedAsCompared : RawClient::decode(actual, &error, true);
        const bool isMarshal = m_e.serializer == u"marshal"_s;

        // Where QtPyro differs from Pyro5 on purpose, or Pyro5's text is its own.
        const QString scenario = m_e.scenario;
        if (scenario == u"raw_connect_bad_payload"_s) // a parser's own error text
            return decoded.typeId() == QMetaType::QString ? true : fail(u"expected a reason string"_s);
        if (m_lastMethod == u"info"_s) {
            const QRegularExpression re(u"^Pyro\\.Daemon bound on 127\\.0\\.0\\.1:\\d+, NAT 127\\.0\\.0\\.1:%1, 7 objects registered\\. Servertype: .+$"_s.arg(m_natPort));
            return re.match(decoded.toString()).hasMatch() ? true : fail(u"info() text "_s + decoded.toString());
        }
        if (m_lastMethod == u"whoami"_s) {
            const QVariantList items = PyroClassMapping::listItems(decoded);
            return items.size() == 2 && items.at(0).toString() == u"127.0.0.1"_s && items.at(1).toLongLong() == clientPort
                ? true : fail(u"whoami() "_s + QDebug::toString(decoded));
        }
        if (isMarshal && m_lastMethod == u"make_child"_s) {
            // Pyro5 cannot autoproxy with marshal (it sends an undecodable class dict);
            // QtPyro sends the proxy, which a marshal client can decode.
            return decoded.typeId() == qMetaTypeId<PyroObjectRef>()
                    && decoded.value<PyroObjectRef>().uri().toString() == u"PYRO:test.child.1@127.0.0.1:%1"_s.arg(m_natPort)
                ? true : fail(u"marshal autoproxy "_s + QDebug::toString(decoded));
        }
        if (m_lastMethod == u"make_child_generated_id"_s) {
            static const QRegularExpression re(u"^PYRO:obj_[0-9a-f]{32}@127\\.0\\.0\\.1:\\d+$"_s);
            return decoded.typeId() == qMetaTypeId<PyroObjectRef>()
                    && re.match(decoded.value<PyroObjectRef>().uri().toString()).hasMatch()
                    && decoded.value<PyroObjectRef>().methods() == QStringList{u"name"_s}
                ? true : fail(u"generated id proxy "_s + QDebug::toString(decoded));
        }
        if (m_e.serializer == u"json"_s && m_lastMethod == u"blob"_s) {
            // Pyro5's json SerializedBlob returns the key "params" (a bug); QtPyro the arguments.
            const QVariantMap map = decoded.toMap();
            return map.value(u"info"_s) == u"blob-info"_s
                    && map.value(u"data"_s).toList().value(0) == u"payload"_s
                ? true : fail(u"json blob "_s + QDebug::toString(decoded));
        }
        if (decoded.typeId() == qMetaTypeId<PyroError>()) {
            const PyroError e = decoded.value<PyroError>();
            const QJsonObject o = typed.toObject();
            if (scenario == u"raw_invoke_garbage_payload"_s) // SyntaxError args are the parser's
                return e.pythonClass() == o.value(u"class"_s).toString() ? true : fail(u"class "_s + e.pythonClass());
            const QString expectedMessage = o.value(u"args"_s).toArray().at(0).toObject().value(u"value"_s).toString();
            if (expectedMessage.contains(u"argument after ** must be a mapping"_s)) {
                // Python names the method by its module path.
                return e.pythonClass() == o.value(u"class"_s).toString()
                        && e.message().endsWith(u"echo() argument after ** must be a mapping, not NoneType"_s)
                    ? true : fail(u"kwargs None: "_s + e.toString());
            }
        }
        QString maskWhy;
        const QVariant masked = maskActual(decodedAsCompared, &maskWhy);
        if (!maskWhy.isEmpty())
            return fail(maskWhy);
        QString inner;
        if (!matchesTyped(masked, maskExpected(typed), &inner))
            return fail(inner);
        return true;
    }

    Expectation m_e;
    quint16 m_natPort;
    std::vector<std::pair<QByteArray, QByteArray>> m_streamIds; // recorded -> ours
    QString m_lastMethod;
    bool m_lastKwargsNone = false;
};

bool serializerAvailable(const QString &name)
{
    return name == u"raw"_s || PyroSerializer::byName(name) != nullptr;
}

} // namespace

class tst_PyroDaemonReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void messages_data();
    void messages();
    void transcripts_data();
    void transcripts();

private:
    QJsonObject m_messages;
    QJsonObject m_transcripts;
};

void tst_PyroDaemonReplay::initTestCase()
{
    m_messages = loadManifest(u"messages.json"_s);
    m_transcripts = loadManifest(u"transcripts.json"_s);
    QVERIFY(!m_messages.value(u"scenarios"_s).toArray().isEmpty());
}

void tst_PyroDaemonReplay::messages_data()
{
    QTest::addColumn<QJsonObject>("scenario");
    for (const QJsonValue &v : m_messages.value(u"scenarios"_s).toArray()) {
        const QJsonObject s = v.toObject();
        const QString tag = s.value(u"serializer"_s).toString() + u'/' + s.value(u"scenario"_s).toString();
        QTest::newRow(qPrintable(tag)) << s;
    }
}

void tst_PyroDaemonReplay::messages()
{
    QFETCH(QJsonObject, scenario);
    const QString name = scenario.value(u"scenario"_s).toString();
    const QString serializer = scenario.value(u"serializer"_s).toString();
    if (!serializerAvailable(serializer))
        QSKIP("serializer not available (plugin not found)");

    DaemonKind kind = DaemonKind::Vectors;
    if (name.startsWith(u"connect_custom_handshake"_s) || name.startsWith(u"connect_rejected_handshake"_s))
        kind = DaemonKind::Handshake;
    else if (name == u"compressed"_s)
        kind = DaemonKind::Compressed;
    else if (name == u"connect_denied"_s)
        kind = DaemonKind::Denied;
    const quint16 natPort = 47301;
    auto daemon = makeDaemon(kind, natPort);
    QVERIFY(daemon);

    RawClient client;
    QVERIFY(client.connectTcp(daemon->daemon->port()));
    Conversation conversation({name, serializer}, natPort);
    const QJsonArray messages = scenario.value(u"messages"_s).toArray();
    QString lastReplyType;
    for (const QJsonValue &v : messages) {
        const QJsonObject m = v.toObject();
        if (m.value(u"direction"_s).toString() == u"c2s"_s) {
            conversation.send(client, readVectorFile(m.value(u"file"_s).toString()));
            continue;
        }
        PyroMessage reply;
        QVERIFY2(client.receive(&reply), qPrintable(u"no reply for %1"_s.arg(m.value(u"file"_s).toString())));
        QString why;
        QVERIFY2(conversation.compare(reply, m, client.tcp()->localPort(), &why), qPrintable(why));
        lastReplyType = m.value(u"header"_s).toObject().value(u"msg_type_name"_s).toString();
    }

    const QJsonValue closed = scenario.value(u"daemon_closed_connection"_s);
    const bool expectClose = closed.toBool() || lastReplyType == u"CONNECTFAIL"_s;
    if (name == u"raw_truncated"_s) {
        // The client goes away in the middle of a message: the daemon forgets it.
        client.abort();
        QTRY_COMPARE_WITH_TIMEOUT(daemon->daemon->connectionCount(), 0, 5000);
        return;
    }
    if (expectClose) {
        QVERIFY2(client.waitClosed(), "the daemon should have closed the connection");
        return;
    }
    // Still open, and nothing unexpected in the pipe: a PING is answered next.
    QVERIFY(client.sendMessage(PyroMessage(PyroProtocol::MsgPing, 42, 0)));
    PyroMessage pong;
    QVERIFY2(client.receive(&pong), "no PING reply after the scenario");
    QCOMPARE(pong.type(), quint8(PyroProtocol::MsgPing));
    QCOMPARE(pong.payload, QByteArray("pong"));
}

void tst_PyroDaemonReplay::transcripts_data()
{
    QTest::addColumn<QJsonObject>("session");
    for (const QJsonValue &v : m_transcripts.value(u"sessions"_s).toArray()) {
        const QJsonObject s = v.toObject();
        const QString name = s.value(u"name"_s).toString();
        if (name.startsWith(u"broadcast"_s))
            continue; // the name server's UDP responder: not a daemon
        QTest::newRow(qPrintable(name)) << s;
    }
}

void tst_PyroDaemonReplay::transcripts()
{
    QFETCH(QJsonObject, session);
    const QString name = session.value(u"name"_s).toString();
    const QString serializer = session.value(u"serializer"_s).toString();
    if (!serializerAvailable(serializer))
        QSKIP("serializer not available (plugin not found)");
    const QJsonObject relays = m_transcripts.value(u"ports"_s).toObject().value(u"relay"_s).toObject();

    // Which connections a QtPyro daemon can play: everything the echo/extras daemon, the
    // handshake daemon and the client's callback daemon answered. Name server connections
    // belong to the name server; the callback session's main connection needs a client
    // side in the server (the callback call).
    QString target;
    DaemonKind kind = DaemonKind::Vectors;
    if (name.startsWith(u"handshake"_s)) {
        target = u"handshake"_s;
        kind = DaemonKind::Handshake;
    } else if (name.startsWith(u"callback"_s)) {
        target = u"cb"_s;
        kind = DaemonKind::Callback;
    } else {
        target = u"echo"_s;
    }
    const quint16 natPort = quint16(relays.value(target).toInt());
    auto daemon = makeDaemon(kind, natPort);
    QVERIFY(daemon);

    std::map<QString, QJsonObject> connections;
    const std::vector<PyroTestVectors::TranscriptEvent> events
        = PyroTestVectors::transcriptEvents(session, target, &connections);
    QVERIFY(!connections.empty());

    std::map<QString, std::unique_ptr<RawClient>> clients;
    std::map<QString, std::unique_ptr<Conversation>> conversations;
    std::map<QString, QByteArray> c2sStreams;
    std::map<QString, QString> lastReply;
    int replies = 0;
    for (const PyroTestVectors::TranscriptEvent &e : events) {
        const QJsonObject &c = connections[e.connection];
        if (e.kind == PyroTestVectors::TranscriptEvent::Open) {
            auto client = std::make_unique<RawClient>();
            QVERIFY(client->connectTcp(daemon->daemon->port()));
            clients[e.connection] = std::move(client);
            conversations[e.connection] = std::make_unique<Conversation>(
                Expectation{name + u':' + e.connection, serializer}, natPort);
            c2sStreams[e.connection] = readVectorFile(c.value(u"files"_s).toObject().value(u"c2s"_s).toString());
            continue;
        }
        RawClient *client = clients[e.connection].get();
        QVERIFY(client);
        if (e.kind == PyroTestVectors::TranscriptEvent::Close) {
            const QString last = lastReply[e.connection];
            const bool daemonCloses = last == u"CONNECTFAIL"_s
                || (kind == DaemonKind::Callback && last == u"EXCEPTION"_s);
            if (daemonCloses)
                QVERIFY2(client->waitClosed(), qPrintable(e.connection + u": the daemon should close"_s));
            client->abort();
            continue;
        }
        const QJsonObject &m = e.message;
        if (m.value(u"dir"_s).toString() == u"c2s"_s) {
            const QByteArray bytes = c2sStreams[e.connection].mid(m.value(u"offset"_s).toInt(), m.value(u"size"_s).toInt());
            conversations[e.connection]->send(*client, bytes);
            continue;
        }
        PyroMessage reply;
        QVERIFY2(client->receive(&reply), qPrintable(u"%1: no reply for step %2"_s.arg(e.connection).arg(m.value(u"step"_s).toInt())));
        QString why;
        QVERIFY2(conversations[e.connection]->compare(reply, m, client->tcp()->localPort(), &why), qPrintable(why));
        const QJsonObject header = m.value(u"header"_s).toObject();
        lastReply[e.connection] = header.value(u"flags"_s).toInt() & PyroProtocol::FlagException
            ? u"EXCEPTION"_s : header.value(u"msg_type_name"_s).toString();
        ++replies;
    }
    QVERIFY(replies > 0);
}

QTEST_MAIN(tst_PyroDaemonReplay)
#include "tst_pyrodaemonreplay.moc"
