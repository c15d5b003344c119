// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroMessageReader: every recorded Pyro5 connection stream
// (autotests/data/pyro5/vectors/transcripts.json) cut into random fragments, single bytes
// and QIODevice trickles gives back exactly the recorded messages; the raw_* scenarios of
// messages.json replayed as a daemon would; malformed input fails with Pyro5's texts, as
// early as Pyro5 would notice, without big allocations.

#include "pyromessagereader_p.h"
#include "pyromessagetestutil.h"
#include "pyrotestvectors.h"

#include <QtCore/QIODevice>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QRandomGenerator>
#include <QtCore/QtEndian>
#include <QtTest/QTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace PyroTestVectors;
using namespace PyroProtocol;

namespace {

using PyroMessageTestUtil::headerOnly;

// A sequential device whose data becomes readable piece by piece, like a socket.
class TrickleDevice : public QIODevice
{
public:
    explicit TrickleDevice(QByteArray data) : m_data(std::move(data)) { open(ReadOnly | Unbuffered); }
    void release(qsizetype n) { m_released = std::min(m_data.size(), m_released + n); }
    bool allReleased() const { return m_released == m_data.size(); }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return (m_released - m_pos) + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = std::min<qint64>(maxSize, m_released - m_pos);
        std::memcpy(data, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qsizetype m_released = 0;
    qsizetype m_pos = 0;
};

QByteArray message(quint8 type, quint16 seq, const QByteArray &payload,
                   const QList<PyroMessage::Annotation> &annotations = {})
{
    PyroMessage m(type, SerializerSerpent, seq);
    m.annotations = annotations;
    m.payload = payload;
    return m.toBytes();
}

QByteArray chunk(const QByteArray &id, const QByteArray &value)
{
    QByteArray c = id;
    c.resize(8);
    qToBigEndian<quint32>(quint32(value.size()), c.data() + 4);
    return c + value;
}

QByteArray withAnnotationArea(const QByteArray &area, const QByteArray &payload = "x", quint8 type = MsgInvoke)
{
    return headerOnly(quint32(payload.size()), quint32(area.size()), type) + area + payload;
}

// Drains the reader; switchTypes is called after each message (the connection's state
// machine deciding what it accepts next).
void drain(PyroMessageReader &reader, QList<PyroMessage> &out,
           const std::function<void(const PyroMessage &)> &switchTypes = {})
{
    PyroMessage m;
    while (reader.next(&m) == PyroMessageReader::Status::MessageReady) {
        out.append(m);
        if (switchTypes)
            switchTypes(m);
    }
}

enum class Mode { Whole, Random, Bytewise, Device };

QList<PyroMessage> readAll(const QByteArray &stream, Mode mode, quint32 seed, PyroMessageReader &reader,
                           const std::function<void(const PyroMessage &)> &switchTypes = {})
{
    QList<PyroMessage> out;
    QRandomGenerator rng(seed);
    switch (mode) {
    case Mode::Whole:
        reader.feed(stream);
        drain(reader, out, switchTypes);
        break;
    case Mode::Random:
        for (qsizetype pos = 0; pos < stream.size();) {
            // Mostly small pieces, sometimes big ones that hold several messages.
            const qsizetype n = std::min(stream.size() - pos,
                                         qsizetype(rng.bounded(8) == 0 ? rng.bounded(1, 4000) : rng.bounded(1, 60)));
            reader.feed(QByteArrayView(stream).sliced(pos, n));
            pos += n;
            drain(reader, out, switchTypes);
        }
        break;
    case Mode::Bytewise:
        for (qsizetype pos = 0; pos < stream.size(); ++pos) {
            reader.feed(QByteArrayView(stream).sliced(pos, 1));
            drain(reader, out, switchTypes);
        }
        break;
    case Mode::Device: {
        TrickleDevice device(stream);
        while (!device.allReleased()) {
            device.release(rng.bounded(1, 700));
            reader.readFrom(&device);
            drain(reader, out, switchTypes);
        }
        reader.readFrom(&device);
        drain(reader, out, switchTypes);
        break;
    }
    }
    return out;
}

const char *modeName(Mode mode)
{
    switch (mode) {
    case Mode::Whole: return "whole";
    case Mode::Random: return "random";
    case Mode::Bytewise: return "bytewise";
    case Mode::Device: return "device";
    }
    return "?";
}

} // namespace

class tst_PyroMessageReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void transcripts_data();
    void transcripts();
    void rawScenarios_data();
    void rawScenarios();

    void malformed_data();
    void malformed();
    void staysFailed();
    void resetRecovers();
    void truncated_data();
    void truncated();
    void isPartial();
    void hugeDeclaredBody();
    void bigPayloadHandedOver();
    void manySmallMessages();
    void acceptedTypesApplyToNextMessage();
    void badCompressedPayload();
    void readFromStopsOnFailure();
    void randomCorruption();
};

void tst_PyroMessageReader::transcripts_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("direction");
    QTest::addColumn<QJsonArray>("messages");
    QTest::addColumn<int>("mode");

    const QJsonObject manifest = loadManifest(u"transcripts.json"_s);
    int streams = 0, total = 0;
    for (const QJsonValue &sv : manifest.value(u"sessions"_s).toArray()) {
        const QJsonObject session = sv.toObject();
        for (const QJsonValue &cv : session.value(u"connections"_s).toArray()) {
            const QJsonObject connection = cv.toObject();
            for (const QString dir : {u"c2s"_s, u"s2c"_s}) {
                QJsonArray messages;
                for (const QJsonValue &mv : connection.value(u"messages"_s).toArray()) {
                    if (mv.toObject().value(u"dir"_s).toString() == dir)
                        messages.append(mv);
                }
                total += messages.size();
                ++streams;
                const QString file = connection.value(u"files"_s).toObject().value(dir).toString();
                for (Mode mode : {Mode::Whole, Mode::Random, Mode::Bytewise, Mode::Device}) {
                    QTest::addRow("%s/%s/%s/%s", qPrintable(session.value(u"name"_s).toString()),
                                  qPrintable(connection.value(u"id"_s).toString()), qPrintable(dir), modeName(mode))
                            << file << dir << messages << int(mode);
                }
            }
        }
    }
    QCOMPARE(streams, 166);
    QCOMPARE(total, manifest.value(u"counts"_s).toObject().value(u"messages"_s).toInt());
}

void tst_PyroMessageReader::transcripts()
{
    QFETCH(QString, file);
    QFETCH(QString, direction);
    QFETCH(QJsonArray, messages);
    QFETCH(int, mode);

    const QByteArray stream = readVectorFile(file);
    // Accept what each side accepts in Pyro5: a daemon takes CONNECT, then INVOKE/PING;
    // a client takes CONNECTOK/CONNECTFAIL, then RESULT/PING.
    const bool daemonSide = direction == u"c2s"_s;
    PyroMessageReader reader;
    if (daemonSide)
        reader.setAcceptedTypes({MsgConnect});
    else
        reader.setAcceptedTypes({MsgConnectOk, MsgConnectFail});
    auto switchTypes = [&](const PyroMessage &) {
        if (daemonSide)
            reader.setAcceptedTypes({MsgInvoke, MsgPing});
        else
            reader.setAcceptedTypes({MsgResult, MsgPing});
    };

    const QList<PyroMessage> got = readAll(stream, Mode(mode), quint32(qHash(file)), reader, switchTypes);
    QVERIFY2(reader.status() != PyroMessageReader::Status::Failed, qPrintable(reader.error().message()));
    QCOMPARE(got.size(), messages.size());
    QCOMPARE(reader.bufferedBytes(), 0);
    QVERIFY(!reader.isPartial());

    for (qsizetype i = 0; i < got.size(); ++i) {
        const PyroMessage &m = got.at(i);
        const QJsonObject entry = messages.at(i).toObject();
        QCOMPARE(entry.value(u"n"_s).toInt(), int(i + 1));
        QString why;
        QVERIFY2(PyroMessageTestUtil::matchesManifest(m, entry, &why),
                 qPrintable(u"message %1: %2"_s.arg(i + 1).arg(why)));
        const qsizetype offset = entry.value(u"offset"_s).toInteger();
        const qsizetype size = entry.value(u"size"_s).toInteger();
        const qsizetype payloadOffset = entry.value(u"payload_offset"_s).toInteger();
        QCOMPARE(m.payload, stream.mid(offset + payloadOffset, size - payloadOffset));
        QCOMPARE(m.toBytes(), stream.mid(offset, size));

        PyroError error;
        const QByteArray plain = m.uncompressedPayload(&error);
        QVERIFY2(!error.isError(), qPrintable(error.message()));
        if (entry.value(u"payload_compressed"_s).toBool()) {
            QVERIFY(m.hasFlag(FlagCompressed));
            QCOMPARE(plain, QByteArray::fromBase64(entry.value(u"payload_uncompressed_base64"_s).toString().toLatin1()));
        }
        if (entry.contains(u"payload_text"_s))
            QCOMPARE(QString::fromUtf8(plain), entry.value(u"payload_text"_s).toString());
    }
}

// The raw_* scenarios replayed into a reader set up like Pyro5's daemon.
void tst_PyroMessageReader::rawScenarios_data()
{
    QTest::addColumn<QJsonObject>("scenario");
    QTest::addColumn<int>("mode");
    const QJsonObject manifest = loadManifest(u"messages.json"_s);
    int count = 0;
    for (const QJsonValue &sv : manifest.value(u"scenarios"_s).toArray()) {
        const QJsonObject scenario = sv.toObject();
        if (scenario.value(u"serializer"_s).toString() != u"raw"_s)
            continue;
        ++count;
        for (Mode mode : {Mode::Whole, Mode::Random, Mode::Bytewise}) {
            QTest::addRow("%s/%s", qPrintable(scenario.value(u"scenario"_s).toString()), modeName(mode))
                    << scenario << int(mode);
        }
    }
    QCOMPARE(count, 20);
}

void tst_PyroMessageReader::rawScenarios()
{
    QFETCH(QJsonObject, scenario);
    QFETCH(int, mode);

    QByteArray stream;
    int clientMessages = 0;
    QByteArray connectFailPayload; // the daemon's answer when it could not even read a request
    for (const QJsonValue &mv : scenario.value(u"messages"_s).toArray()) {
        const QJsonObject entry = mv.toObject();
        const QByteArray bytes = readVectorFile(entry.value(u"file"_s).toString());
        if (entry.value(u"direction"_s).toString() == u"c2s"_s) {
            stream += bytes;
            ++clientMessages;
        } else if (entry.value(u"header"_s).toObject().value(u"msg_type"_s).toInt() == MsgConnectFail
                   && entry.value(u"header"_s).toObject().value(u"serializer_id"_s).toInt() == SerializerMarshal) {
            connectFailPayload = bytes.sliced(HeaderSize);
        }
    }
    QString exceptionClass, exceptionText;
    const QJsonArray exceptions = scenario.value(u"daemon_exceptions"_s).toArray();
    if (!exceptions.isEmpty()) {
        exceptionClass = exceptions.first().toObject().value(u"class"_s).toString();
        exceptionText = exceptions.first().toObject().value(u"message"_s).toString();
    }

    PyroMessageReader reader;
    reader.setAcceptedTypes({MsgConnect});
    const QList<PyroMessage> got = readAll(stream, Mode(mode), 7, reader, [&](const PyroMessage &m) {
        if (m.type() == MsgConnect)
            reader.setAcceptedTypes({MsgInvoke, MsgPing});
    });

    if (exceptionClass == u"Pyro5.errors.ProtocolError"_s) {
        // Pyro5 closed the connection with this error; so do we, with the same text.
        QCOMPARE(reader.status(), PyroMessageReader::Status::Failed);
        QCOMPARE(reader.error().code(), PyroError::Code::ProtocolError);
        QCOMPARE(reader.error().message(), exceptionText);
        QCOMPARE(got.size(), clientMessages - 1);
    } else if (!connectFailPayload.isEmpty()) {
        // Refused before the handshake: the reason is the text of the marshal CONNECTFAIL.
        QCOMPARE(reader.status(), PyroMessageReader::Status::Failed);
        QCOMPARE(reader.error().code(), PyroError::Code::ProtocolError);
        QVERIFY2(connectFailPayload.endsWith(reader.error().message().toUtf8()),
                 qPrintable(reader.error().message()));
        QVERIFY(reader.error().message().size() > 5);
        QCOMPARE(got.size(), clientMessages - 1);
    } else if (exceptionClass == u"Pyro5.errors.ConnectionClosedError"_s) {
        // Truncated: the reader just waits; the connection reports the EOF.
        QCOMPARE(reader.status(), PyroMessageReader::Status::NeedMore);
        QVERIFY(reader.isPartial());
        QCOMPARE(got.size(), clientMessages - 1);
    } else {
        QVERIFY2(reader.status() != PyroMessageReader::Status::Failed, qPrintable(reader.error().message()));
        QCOMPARE(got.size(), clientMessages);
        QVERIFY(!reader.isPartial());
        PyroError error;
        const QByteArray plain = got.last().uncompressedPayload(&error);
        if (exceptionClass == u"zlib.error"_s) {
            QCOMPARE(error.code(), PyroError::Code::ProtocolError);
            QCOMPARE(error.message(), exceptionText);
        } else {
            QVERIFY(!error.isError());
            QCOMPARE(plain, got.last().payload);
        }
    }
}

void tst_PyroMessageReader::malformed_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<qint64>("maxSize");
    QTest::addColumn<QList<int>>("accepted");
    QTest::addColumn<int>("goodMessages"); // whole messages before the bad part
    QTest::addColumn<int>("failAt");       // bytes fed (one at a time) when the reader fails
    QTest::addColumn<QString>("expected");

    const qint64 def = DefaultMaxMessageSize;
    const QByteArray good = message(MsgInvoke, 1, "('test.echoserver','echo',('x',),{})",
                                    {{"XCLT", "client annotation"}});
    const int n = int(good.size());
    QByteArray b;

    QTest::newRow("http request") << QByteArray("GET / HTTP/1.0\r\n\r\n") << def << QList<int>{} << 0 << 4
                                  << u"invalid data"_s;
    QTest::newRow("tls client hello") << QByteArray::fromHex("16030100c4010000c00303") << def << QList<int>{}
                                      << 0 << 4 << u"invalid data"_s;
    b = good; b[2] = 'r';
    QTest::newRow("bad tag") << b << def << QList<int>{} << 0 << 4 << u"invalid data"_s;
    b = good; qToBigEndian<quint16>(501, b.data() + Offset::Version);
    QTest::newRow("version 501") << b << def << QList<int>{} << 0 << 6 << u"invalid protocol version: 501"_s;
    b = good; qToBigEndian<quint16>(0x4dc4, b.data() + Offset::Magic);
    QTest::newRow("bad magic") << b << def << QList<int>{} << 0 << 40 << u"invalid message or protocol version"_s;
    QTest::newRow("too large") << headerOnly(0x7fffffff, 0) << def << QList<int>{} << 0 << 40
                               << u"message too large (2147483647, max=1073741824)"_s;
    QTest::newRow("4 GB body") << headerOnly(0xffffffff, 0) << def << QList<int>{} << 0 << 40
                               << u"message too large (4294967295, max=1073741824)"_s;
    QTest::newRow("4 GB annotations") << headerOnly(10, 0xffffffff) << def << QList<int>{} << 0 << 40
                                      << u"message too large (4294967305, max=1073741824)"_s;
    QTest::newRow("both 4 GB") << headerOnly(0xffffffff, 0xffffffff) << def << QList<int>{} << 0 << 40
                               << u"message too large (8589934590, max=1073741824)"_s;
    QTest::newRow("custom limit") << good << qint64(n - HeaderSize - 1) << QList<int>{} << 0 << 40
                                  << u"message too large (%1, max=%2)"_s.arg(n - HeaderSize).arg(n - HeaderSize - 1);
    QTest::newRow("size before type") << headerOnly(0x7fffffff, 0, 99) << def << QList<int>{4, 6} << 0 << 40
                                      << u"message too large (2147483647, max=1073741824)"_s;
    QTest::newRow("invoke before connect") << good << def << QList<int>{1} << 0 << 40
                                           << u"invalid msg type 4 received (expected: 1)"_s;
    QTest::newRow("type 99") << message(99, 1, "x") << def << QList<int>{4, 6} << 0 << 40
                             << u"invalid msg type 99 received (expected: 4,6)"_s;
    QTest::newRow("type 0") << message(0, 1, "x") << def << QList<int>{2, 3} << 0 << 40
                            << u"invalid msg type 0 received (expected: 2,3)"_s;
    QTest::newRow("type 200") << message(200, 1, "x") << def << QList<int>{5} << 0 << 40
                              << u"invalid msg type 200 received (expected: 5)"_s;
    QTest::newRow("listed in any order") << message(MsgResult, 1, "x") << def << QList<int>{6, 4} << 0 << 40
                                         << u"invalid msg type 5 received (expected: 4,6)"_s;

    b = withAnnotationArea(chunk("ABCD", "12345").chopped(1));
    QTest::newRow("annotation overflow") << b << def << QList<int>{} << 0 << int(b.size())
                                         << u"annotation chunk length exceeds remaining data"_s;
    b = withAnnotationArea(chunk("ABCD", "1") + "Z");
    QTest::newRow("annotation leftover") << b << def << QList<int>{} << 0 << int(b.size())
                                         << u"annotation chunk length exceeds remaining data"_s;
    b = withAnnotationArea(QByteArray("ABCD\xff\xff\xff\xf0", 8));
    QTest::newRow("annotation length near 4 GB") << b << def << QList<int>{} << 0 << int(b.size())
                                                 << u"annotation chunk length exceeds remaining data"_s;
    b = withAnnotationArea(chunk("\xc3\xa9\xc3\xa9", "v"));
    QTest::newRow("annotation id not ascii") << b << def << QList<int>{} << 0 << int(b.size())
                                             << u"annotation identifier must be 4 ascii characters"_s;
    b = withAnnotationArea(chunk("ABCD", "1") + "Z", "x", 99);
    QTest::newRow("type checked before annotations") << b << def << QList<int>{4} << 0 << 40
                                                     << u"invalid msg type 99 received (expected: 4)"_s;

    QTest::newRow("garbage after a good message") << good + "GARBAGE!" << def << QList<int>{} << 1 << n + 4
                                                  << u"invalid data"_s;
    b = good; qToBigEndian<quint16>(0, b.data() + Offset::Magic);
    QTest::newRow("bad magic in second message") << good + b << def << QList<int>{} << 1 << n + HeaderSize
                                                 << u"invalid message or protocol version"_s;
    QTest::newRow("second message too large") << good + headerOnly(0x40000001, 0) << def << QList<int>{}
                                               << 1 << n + 40 << u"message too large (1073741825, max=1073741824)"_s;
}

void tst_PyroMessageReader::malformed()
{
    QFETCH(QByteArray, data);
    QFETCH(qint64, maxSize);
    QFETCH(QList<int>, accepted);
    QFETCH(int, goodMessages);
    QFETCH(int, failAt);
    QFETCH(QString, expected);

    auto setTypes = [&](PyroMessageReader &reader) {
        // setAcceptedTypes takes an initializer_list: spell the few combinations used.
        if (accepted == QList<int>{1})
            reader.setAcceptedTypes({1});
        else if (accepted == QList<int>{4})
            reader.setAcceptedTypes({4});
        else if (accepted == QList<int>{5})
            reader.setAcceptedTypes({5});
        else if (accepted == QList<int>{2, 3})
            reader.setAcceptedTypes({2, 3});
        else if (accepted == QList<int>{4, 6})
            reader.setAcceptedTypes({4, 6});
        else if (accepted == QList<int>{6, 4})
            reader.setAcceptedTypes({6, 4});
        else
            QVERIFY(accepted.isEmpty());
    };

    // All at once.
    {
        PyroMessageReader reader(maxSize);
        setTypes(reader);
        QList<PyroMessage> got;
        reader.feed(data);
        drain(reader, got);
        QCOMPARE(got.size(), goodMessages);
        QCOMPARE(reader.status(), PyroMessageReader::Status::Failed);
        QCOMPARE(reader.error().code(), PyroError::Code::ProtocolError);
        QCOMPARE(reader.error().message(), expected);
        QCOMPARE(reader.bufferedBytes(), 0);
    }
    // One byte at a time: the failure shows up exactly when Pyro5 could notice it.
    {
        PyroMessageReader reader(maxSize);
        setTypes(reader);
        QList<PyroMessage> got;
        int fed = 0;
        while (fed < data.size() && reader.status() != PyroMessageReader::Status::Failed) {
            reader.feed(QByteArrayView(data).sliced(fed++, 1));
            drain(reader, got);
        }
        QCOMPARE(reader.status(), PyroMessageReader::Status::Failed);
        QCOMPARE(fed, failAt);
        QCOMPARE(reader.error().message(), expected);
        QCOMPARE(got.size(), goodMessages);
        QVERIFY(!reader.isPartial());
    }
}

void tst_PyroMessageReader::staysFailed()
{
    PyroMessageReader reader;
    reader.feed("PYRX");
    QCOMPARE(reader.status(), PyroMessageReader::Status::Failed);
    const PyroError error = reader.error();
    QCOMPARE(error.message(), u"invalid data"_s);

    // Good data afterwards changes nothing.
    reader.feed(message(MsgInvoke, 1, "payload"));
    PyroMessage m;
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::Failed);
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::Failed);
    QCOMPARE(reader.error(), error);
    QCOMPARE(reader.bufferedBytes(), 0);
    QCOMPARE(reader.bufferCapacity(), 0);
    QVERIFY(!reader.isPartial());
    QCOMPARE(m.type(), quint8(0));
}

void tst_PyroMessageReader::resetRecovers()
{
    PyroMessageReader reader(1000);
    reader.setAcceptedTypes({MsgInvoke});
    reader.feed(message(MsgResult, 1, "x"));
    QCOMPARE(reader.status(), PyroMessageReader::Status::Failed);
    QCOMPARE(reader.error().message(), u"invalid msg type 5 received (expected: 4)"_s);

    reader.reset();
    QCOMPARE(reader.status(), PyroMessageReader::Status::NeedMore);
    QVERIFY(!reader.error().isError());
    QCOMPARE(reader.maxMessageSize(), 1000);
    reader.feed(message(MsgInvoke, 2, "y"));
    QCOMPARE(reader.status(), PyroMessageReader::Status::MessageReady);
    PyroMessage m;
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::MessageReady);
    QCOMPARE(m.header.seq, quint16(2));
    QCOMPARE(m.payload, QByteArray("y"));
    // The accepted types survive a reset.
    reader.feed(message(MsgResult, 3, "z"));
    QCOMPARE(reader.status(), PyroMessageReader::Status::Failed);
}

void tst_PyroMessageReader::truncated_data()
{
    QTest::addColumn<QByteArray>("data");
    const QByteArray good = message(MsgInvoke, 1, QByteArray(300, 'p'), {{"XCLT", "client"}});
    QTest::newRow("raw_truncated") << readVectorFile(u"vectors/messages/raw/raw_truncated-03-c2s-INVOKE.bin"_s);
    QTest::newRow("one byte") << QByteArray("P");
    QTest::newRow("tag and version") << good.first(6);
    QTest::newRow("header minus one") << good.first(HeaderSize - 1);
    QTest::newRow("header only") << good.first(HeaderSize);
    QTest::newRow("inside annotations") << good.first(HeaderSize + 5);
    QTest::newRow("body minus one") << good.chopped(1);
    QTest::newRow("good, then half") << good + good.first(100);
}

void tst_PyroMessageReader::truncated()
{
    QFETCH(QByteArray, data);
    for (Mode mode : {Mode::Whole, Mode::Random, Mode::Bytewise, Mode::Device}) {
        PyroMessageReader reader;
        const QList<PyroMessage> got = readAll(data, mode, 99, reader);
        const qsizetype wholeSize = got.isEmpty() ? 0 : got.first().toBytes().size();
        QCOMPARE(reader.status(), PyroMessageReader::Status::NeedMore);
        QVERIFY(reader.isPartial());
        QCOMPARE(reader.bufferedBytes(), data.size() - wholeSize);
        PyroMessage m;
        QCOMPARE(reader.next(&m), PyroMessageReader::Status::NeedMore);
    }
}

void tst_PyroMessageReader::isPartial()
{
    const QByteArray a = message(MsgInvoke, 1, "first");
    const QByteArray b = message(MsgInvoke, 2, "second");
    PyroMessageReader reader;
    QVERIFY(!reader.isPartial());
    QCOMPARE(reader.bufferedBytes(), 0);

    reader.feed(a.first(1));
    QVERIFY(reader.isPartial());
    reader.feed(a.sliced(1, HeaderSize - 1));
    QVERIFY(reader.isPartial());
    QCOMPARE(reader.status(), PyroMessageReader::Status::NeedMore);
    reader.feed(a.sliced(HeaderSize) + b);
    // Two whole messages waiting: nothing partial.
    QVERIFY(!reader.isPartial());
    QCOMPARE(reader.status(), PyroMessageReader::Status::MessageReady);
    QCOMPARE(reader.bufferedBytes(), a.size() + b.size());

    PyroMessage m;
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::MessageReady);
    QCOMPARE(m.payload, QByteArray("first"));
    QVERIFY(!reader.isPartial()); // the second is complete, its header not even looked at yet
    QCOMPARE(reader.bufferedBytes(), b.size());
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::MessageReady);
    QCOMPARE(m.payload, QByteArray("second"));
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::NeedMore);
    QVERIFY(!reader.isPartial());
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_PyroMessageReader::hugeDeclaredBody()
{
    // A header announcing 4 GB under a limit that lets it through costs only what arrives.
    PyroMessageReader reader(qint64(16) << 30);
    reader.feed(headerOnly(0xffffffff, 0));
    QCOMPARE(reader.status(), PyroMessageReader::Status::NeedMore);
    QVERIFY(reader.isPartial());
    QCOMPARE(reader.bufferedBytes(), HeaderSize);
    QVERIFY2(reader.bufferCapacity() < 4096, qPrintable(QString::number(reader.bufferCapacity())));

    const QByteArray piece(1024, 'b');
    for (int i = 0; i < 64; ++i)
        reader.feed(piece);
    QCOMPARE(reader.bufferedBytes(), HeaderSize + 64 * 1024);
    QVERIFY2(reader.bufferCapacity() < 256 * 1024, qPrintable(QString::number(reader.bufferCapacity())));
    QVERIFY(reader.isPartial());
    PyroMessage m;
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::NeedMore);

    // Same through a device.
    PyroMessageReader fromDevice(qint64(16) << 30);
    TrickleDevice device(headerOnly(0xffffffff, 0xffffffff) + QByteArray(5000, 'c'));
    device.release(HeaderSize + 5000);
    fromDevice.readFrom(&device);
    QCOMPARE(fromDevice.status(), PyroMessageReader::Status::NeedMore);
    QCOMPARE(fromDevice.bufferedBytes(), HeaderSize + 5000);
    QVERIFY(fromDevice.bufferCapacity() < 64 * 1024);
}

void tst_PyroMessageReader::bigPayloadHandedOver()
{
    QByteArray payload(1 << 20, Qt::Uninitialized);
    for (qsizetype i = 0; i < payload.size(); ++i)
        payload[i] = char(i * 7);
    const QByteArray big = message(MsgResult, 5, payload, {{"STRM", "stream-id"}});
    const QByteArray small = message(MsgResult, 6, "small");

    // Exactly one big message: its buffer becomes the payload, nothing is left behind.
    PyroMessageReader reader;
    reader.feed(big);
    PyroMessage m;
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::MessageReady);
    QCOMPARE(m.payload, payload);
    QCOMPARE(m.annotation("STRM"), QByteArray("stream-id"));
    QCOMPARE(reader.bufferCapacity(), 0);
    QCOMPARE(reader.bufferedBytes(), 0);

    // A big message followed by the start of the next one, then the rest.
    reader.feed(big + small.first(30));
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::MessageReady);
    QCOMPARE(m.header.seq, quint16(5));
    QCOMPARE(m.payload, payload);
    QCOMPARE(reader.bufferedBytes(), 30);
    QVERIFY(reader.bufferCapacity() < 4096);
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::NeedMore);
    reader.feed(small.sliced(30));
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::MessageReady);
    QCOMPARE(m.payload, QByteArray("small"));

    // Small messages before a big one.
    reader.feed(small + small + big);
    QList<PyroMessage> got;
    drain(reader, got);
    QCOMPARE(got.size(), 3);
    QCOMPARE(got.at(2).payload, payload);
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_PyroMessageReader::manySmallMessages()
{
    // Thousands of messages in one read come out in order, in linear time.
    QByteArray stream;
    const int count = 20000;
    for (int i = 0; i < count; ++i)
        stream += message(MsgInvoke, quint16(i), QByteArray::number(i));
    PyroMessageReader reader;
    reader.feed(stream);
    QList<PyroMessage> got;
    drain(reader, got);
    QCOMPARE(got.size(), count);
    for (int i = 0; i < count; i += 997) {
        QCOMPARE(got.at(i).header.seq, quint16(i));
        QCOMPARE(got.at(i).payload, QByteArray::number(i));
    }
    QCOMPARE(got.last().payload, QByteArray::number(count - 1));
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_PyroMessageReader::acceptedTypesApplyToNextMessage()
{
    // The daemon accepts CONNECT first, then INVOKE/PING; a CONNECT and an INVOKE that
    // arrive together are both fine when the types switch after the first is taken.
    const QByteArray connect = message(MsgConnect, 0, "{'handshake':'hello','object':'x'}");
    const QByteArray invoke = message(MsgInvoke, 1, "('x','echo',(),{})");
    PyroMessageReader reader;
    reader.setAcceptedTypes({MsgConnect});
    reader.feed(connect + invoke + connect);
    PyroMessage m;
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::MessageReady);
    QCOMPARE(m.type(), MsgConnect);
    reader.setAcceptedTypes({MsgInvoke, MsgPing});
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::MessageReady);
    QCOMPARE(m.type(), MsgInvoke);
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::Failed);
    QCOMPARE(reader.error().message(), u"invalid msg type 1 received (expected: 4,6)"_s);

    // An empty list accepts anything.
    PyroMessageReader any;
    any.setAcceptedTypes({});
    any.feed(message(99, 1, "?"));
    QCOMPARE(any.next(&m), PyroMessageReader::Status::MessageReady);
    QCOMPARE(m.type(), quint8(99));
}

void tst_PyroMessageReader::badCompressedPayload()
{
    // The reader hands the payload out as carried; inflating it is where zlib fails.
    const QByteArray bytes = readVectorFile(u"vectors/messages/raw/raw_bad_compressed-03-c2s-INVOKE.bin"_s);
    PyroMessageReader reader;
    reader.feed(bytes);
    PyroMessage m;
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::MessageReady);
    QVERIFY(m.hasFlag(FlagCompressed));
    QCOMPARE(m.payload, QByteArray("zzzzz"));
    PyroError error;
    QVERIFY(m.uncompressedPayload(&error).isEmpty());
    QCOMPARE(error.code(), PyroError::Code::ProtocolError);
    QCOMPARE(error.message(), u"Error -3 while decompressing data: incorrect header check"_s);

    // And a good compressed one.
    PyroMessage c(MsgResult, SerializerSerpent, 2);
    c.payload = QByteArray(1000, 'q');
    c.applyCompression(true);
    reader.feed(c.toBytes());
    QCOMPARE(reader.next(&m), PyroMessageReader::Status::MessageReady);
    QCOMPARE(m.uncompressedPayload(&error), QByteArray(1000, 'q'));
}

void tst_PyroMessageReader::readFromStopsOnFailure()
{
    // Garbage at the front: the reader stops reading once it knows.
    TrickleDevice device(QByteArray("NOT A PYRO STREAM") + QByteArray(3 * 1024 * 1024, 'x'));
    device.release(3 * 1024 * 1024);
    PyroMessageReader reader;
    reader.readFrom(&device);
    QCOMPARE(reader.status(), PyroMessageReader::Status::Failed);
    QCOMPARE(reader.error().message(), u"invalid data"_s);
    const qint64 left = device.bytesAvailable();
    QVERIFY(left > 1024 * 1024); // not drained: read in bounded chunks, checked in between
    reader.readFrom(&device);
    QCOMPARE(device.bytesAvailable(), left);

    // Null device and empty device are harmless.
    PyroMessageReader other;
    other.readFrom(nullptr);
    TrickleDevice empty({});
    other.readFrom(&empty);
    QCOMPARE(other.status(), PyroMessageReader::Status::NeedMore);
    QVERIFY(!other.isPartial());
}

void tst_PyroMessageReader::randomCorruption()
{
    // Recorded streams with random bytes changed, fed in random pieces: every outcome is
    // a clean one (messages, waiting, or a ProtocolError), and whatever comes out is
    // self-consistent. Mostly of use under the sanitizers.
    const QJsonObject manifest = loadManifest(u"transcripts.json"_s);
    QList<QByteArray> streams;
    for (const QJsonValue &sv : manifest.value(u"sessions"_s).toArray()) {
        for (const QJsonValue &cv : sv.toObject().value(u"connections"_s).toArray()) {
            const QJsonObject files = cv.toObject().value(u"files"_s).toObject();
            streams << readVectorFile(files.value(u"c2s"_s).toString())
                    << readVectorFile(files.value(u"s2c"_s).toString());
        }
    }
    QRandomGenerator rng(20260101);
    int failed = 0, yielded = 0;
    for (int round = 0; round < 3000; ++round) {
        QByteArray stream = streams.at(rng.bounded(int(streams.size())));
        const int flips = rng.bounded(1, 4);
        for (int f = 0; f < flips; ++f) {
            // Bias towards the first header, where the interesting fields are.
            const qsizetype pos = rng.bounded(2) ? rng.bounded(qMin<int>(int(stream.size()), 120))
                                                 : rng.bounded(int(stream.size()));
            stream[pos] = char(rng.bounded(256));
        }
        if (rng.bounded(4) == 0)
            stream.truncate(rng.bounded(int(stream.size())));
        PyroMessageReader reader(rng.bounded(2) ? DefaultMaxMessageSize : 4096);
        const QList<PyroMessage> got = readAll(stream, rng.bounded(2) ? Mode::Random : Mode::Whole,
                                               rng.generate(), reader);
        yielded += got.size();
        if (reader.status() == PyroMessageReader::Status::Failed) {
            ++failed;
            QCOMPARE(reader.error().code(), PyroError::Code::ProtocolError);
            QVERIFY(!reader.error().message().isEmpty());
        } else {
            QCOMPARE(reader.status(), PyroMessageReader::Status::NeedMore);
        }
        qsizetype consumed = 0;
        for (const PyroMessage &m : got) {
            const QByteArray bytes = m.toBytes(nullptr, qint64(1) << 40);
            // The body re-encodes to the input unless a duplicate annotation id was merged.
            if (bytes.size() == HeaderSize + qsizetype(m.header.bodySize()))
                QCOMPARE(bytes.sliced(HeaderSize), stream.sliced(consumed + HeaderSize, bytes.size() - HeaderSize));
            consumed += HeaderSize + qsizetype(m.header.bodySize());
            PyroError error;
            m.uncompressedPayload(&error, 1 << 20);
        }
        QVERIFY(consumed <= stream.size());
    }
    QVERIFY(failed > 100);
    QVERIFY(yielded > 1000);
}

QTEST_GUILESS_MAIN(tst_PyroMessageReader)
#include "tst_pyromessagereader.moc"
