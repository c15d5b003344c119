// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroMessage, PyroMessageHeader and PyroCompression against every message Pyro5 5.17
// produced (autotests/data/pyro5/vectors/messages.json): parse to the manifest's fields,
// re-encode byte for byte, compress like Python's zlib.compress(data, 4); plus the
// protocol errors of PROTOCOL.md §2.7-2.10 with Pyro5's texts.

#include "pyromessage_p.h"
#include "pyromessagetestutil.h"
#include "pyrotestvectors.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QRandomGenerator>
#include <QtCore/QtEndian>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace PyroTestVectors;
using namespace PyroProtocol;

namespace {

using PyroMessageTestUtil::headerOnly;

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(QByteArray(text));
}

// A valid message to mutate: INVOKE, serpent, seq 1, two annotations, 12-byte payload.
QByteArray sampleMessage()
{
    PyroMessage m(MsgInvoke, SerializerSerpent, 1);
    m.setAnnotation("XCLT", "client");
    m.setAnnotation("XBIN", hex("0001020304"));
    m.payload = "hello world!";
    return m.toBytes();
}

void putBE16(QByteArray &bytes, int offset, quint16 v) { qToBigEndian<quint16>(v, bytes.data() + offset); }
void putBE32(QByteArray &bytes, int offset, quint32 v) { qToBigEndian<quint32>(v, bytes.data() + offset); }

// A header (no body) announcing the given sizes.
// A message whose annotation area is given verbatim (sizes filled in).
QByteArray withAnnotationArea(const QByteArray &area, const QByteArray &payload = "x")
{
    QByteArray bytes = headerOnly(quint32(payload.size()), quint32(area.size()));
    return bytes + area + payload;
}

QByteArray chunk(const QByteArray &id, const QByteArray &value)
{
    QByteArray c = id;
    c.resize(4 + 4);
    qToBigEndian<quint32>(quint32(value.size()), c.data() + 4);
    return c + value;
}

} // namespace

class tst_PyroMessage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void vectorMessages_data();
    void vectorMessages();

    void headerRoundTrip();
    void correlationId();
    void correlationFlagWithoutId();
    void pingAsPython();

    void parseErrors_data();
    void parseErrors();
    void annotationWalk_data();
    void annotationWalk();
    void manyAnnotations();

    void encodeErrors_data();
    void encodeErrors();
    void hotPath();

    void compressionThreshold_data();
    void compressionThreshold();
    void compressionRoundTrip();
    void decompressErrors_data();
    void decompressErrors();
    void decompressBound();

private:
    QJsonObject m_manifest;
};

void tst_PyroMessage::initTestCase()
{
    m_manifest = loadManifest(u"messages.json"_s);
    QCOMPARE(m_manifest.value(u"counts"_s).toObject().value(u"messages"_s).toInt(), 660);
}

// Every message file; raw scenarios get the error Pyro5's daemon raised for them.
void tst_PyroMessage::vectorMessages_data()
{
    QTest::addColumn<QJsonObject>("entry");
    QTest::addColumn<QString>("expectedError");        // from PyroMessage::parse
    QTest::addColumn<QString>("expectedPayloadError"); // from uncompressedPayload()

    int rows = 0;
    const QJsonArray scenarios = m_manifest.value(u"scenarios"_s).toArray();
    for (const QJsonValue &sv : scenarios) {
        const QJsonObject scenario = sv.toObject();
        const QJsonArray messages = scenario.value(u"messages"_s).toArray();
        const bool raw = scenario.value(u"serializer"_s).toString() == u"raw"_s;

        // The daemon's reaction to a raw scenario concerns its last client message.
        QString daemonClass, daemonText;
        const QJsonArray exceptions = scenario.value(u"daemon_exceptions"_s).toArray();
        if (!exceptions.isEmpty()) {
            daemonClass = exceptions.first().toObject().value(u"class"_s).toString();
            daemonText = exceptions.first().toObject().value(u"message"_s).toString();
        }
        qsizetype lastClient = -1;
        for (qsizetype i = 0; i < messages.size(); ++i) {
            if (messages.at(i).toObject().value(u"direction"_s).toString() == u"c2s"_s)
                lastClient = i;
        }

        for (qsizetype i = 0; i < messages.size(); ++i) {
            const QJsonObject entry = messages.at(i).toObject();
            QString expectedError, expectedPayloadError;
            if (entry.contains(u"unparseable"_s)) {
                expectedError = u"invalid data"_s;
            } else if (raw && i == lastClient) {
                if (daemonClass == u"Pyro5.errors.ProtocolError"_s && !daemonText.startsWith(u"invalid msg type"_s))
                    expectedError = daemonText; // msg type checks belong to the reader
                else if (daemonClass == u"zlib.error"_s)
                    expectedPayloadError = daemonText;
                else if (daemonClass == u"Pyro5.errors.ConnectionClosedError"_s)
                    expectedError = u"payload length doesn't match message header"_s; // truncated
            }
            if (entry.contains(u"payload_decompress_error"_s))
                QCOMPARE(expectedPayloadError, entry.value(u"payload_decompress_error"_s).toString());
            const QString file = entry.value(u"file"_s).toString();
            QTest::addRow("%s", qPrintable(file.section(u'/', 2))) << entry << expectedError << expectedPayloadError;
            ++rows;
        }
    }
    QCOMPARE(rows, 660);
}

void tst_PyroMessage::vectorMessages()
{
    QFETCH(QJsonObject, entry);
    QFETCH(QString, expectedError);
    QFETCH(QString, expectedPayloadError);

    const QByteArray bytes = readVectorFile(entry.value(u"file"_s).toString());
    QCOMPARE(bytes.size(), entry.value(u"size"_s).toInteger());

    PyroError error;
    const PyroMessage m = PyroMessage::parse(bytes, &error);
    if (!expectedError.isEmpty()) {
        QCOMPARE(error.code(), PyroError::Code::ProtocolError);
        QCOMPARE(error.message(), expectedError);
        return;
    }
    QVERIFY2(!error.isError(), qPrintable(error.message()));

    QString why;
    QVERIFY2(PyroMessageTestUtil::matchesManifest(m, entry, &why), qPrintable(why));
    const qsizetype payloadOffset = entry.value(u"payload_offset"_s).toInteger();
    QCOMPARE(m.payload, bytes.mid(payloadOffset));
    QCOMPARE(m.hasFlag(FlagCompressed), entry.value(u"payload_compressed"_s).toBool());

    // Byte-exact re-encode of what was parsed.
    PyroError encodeError;
    QCOMPARE(m.toBytes(&encodeError), bytes);
    QVERIFY(!encodeError.isError());

    PyroError payloadError;
    const QByteArray plain = m.uncompressedPayload(&payloadError);
    if (!expectedPayloadError.isEmpty()) {
        QCOMPARE(payloadError.code(), PyroError::Code::ProtocolError);
        QCOMPARE(payloadError.message(), expectedPayloadError);
        return;
    }
    QVERIFY2(!payloadError.isError(), qPrintable(payloadError.message()));
    if (m.hasFlag(FlagCompressed)) {
        const QByteArray expected = QByteArray::fromBase64(
                entry.value(u"payload_uncompressed_base64"_s).toString().toLatin1());
        QCOMPARE(plain.size(), entry.value(u"payload_uncompressed_size"_s).toInteger());
        QCOMPARE(plain, expected);
        // Our zlib at level 4 gives exactly Python's bytes.
        QCOMPARE(PyroCompression::compress(plain), m.payload);
    } else {
        QCOMPARE(plain, m.payload);
    }
    if (entry.contains(u"payload_text"_s))
        QCOMPARE(QString::fromUtf8(plain), entry.value(u"payload_text"_s).toString());
    if (entry.contains(u"payload_bytes_base64"_s))
        QCOMPARE(plain, QByteArray::fromBase64(entry.value(u"payload_bytes_base64"_s).toString().toLatin1()));

    // Built from its decoded fields, as a sender would, the message gives the same bytes.
    const QJsonObject h = entry.value(u"header"_s).toObject();
    const quint16 flags = quint16(h.value(u"flags"_s).toInt());
    PyroMessage built(quint8(h.value(u"msg_type"_s).toInt()), quint8(h.value(u"serializer_id"_s).toInt()),
                      quint16(h.value(u"seq"_s).toInt()),
                      flags & ~(FlagCompressed | FlagCorrelationId));
    if (flags & FlagCorrelationId)
        built.setCorrelationId(QUuid::fromRfc4122(QByteArray::fromHex(h.value(u"corr_id_hex"_s).toString().toLatin1())));
    for (const QJsonValue &av : entry.value(u"annotations"_s).toArray()) {
        const QJsonObject a = av.toObject();
        built.setAnnotation(a.value(u"id"_s).toString().toLatin1(),
                            QByteArray::fromBase64(a.value(u"base64"_s).toString().toLatin1()));
    }
    built.payload = plain;
    built.applyCompression(flags & FlagCompressed);
    QCOMPARE(built.flags(), flags);
    QCOMPARE(built.toBytes(), bytes);

    // The same through the hot path: head, payload appended in place, then finished.
    built.payload.clear();
    built.header.flags &= ~FlagCompressed;
    QByteArray buffer("previous message");
    const qsizetype start = buffer.size();
    QVERIFY(built.writeHead(buffer, 0));
    buffer.append(plain);
    PyroError finishError;
    QVERIFY2(PyroMessage::finishMessage(buffer, start, flags & FlagCompressed, &finishError),
             qPrintable(finishError.message()));
    QCOMPARE(buffer.first(start), QByteArray("previous message"));
    QCOMPARE(buffer.sliced(start), bytes);
}

void tst_PyroMessage::headerRoundTrip()
{
    PyroMessageHeader h;
    h.type = MsgResult;
    h.serializerId = SerializerMsgpack;
    h.flags = FlagException | FlagBatch;
    h.seq = 0xfffe;
    h.dataSize = 0x01020304;
    h.annotationsSize = 0xa0b0c0d0;
    h.reserved = 7; // never sent
    QByteArray bytes(HeaderSize, 'x');
    h.writeTo(bytes.data());
    QCOMPARE(bytes.toHex(), QByteArray("5059524f" "01f6" "05" "04" "0009" "fffe" "01020304" "a0b0c0d0"
                                       "00000000000000000000000000000000" "0000" "4dc5"));

    PyroError error;
    const PyroMessageHeader back = PyroMessageHeader::parse(bytes, &error);
    QVERIFY(!error.isError());
    QCOMPARE(back.type, MsgResult);
    QCOMPARE(back.serializerId, SerializerMsgpack);
    QCOMPARE(back.flags, quint16(FlagException | FlagBatch));
    QCOMPARE(back.seq, quint16(0xfffe));
    QCOMPARE(back.dataSize, 0x01020304u);
    QCOMPARE(back.annotationsSize, 0xa0b0c0d0u);
    QCOMPARE(back.bodySize(), quint64(0x01020304u) + 0xa0b0c0d0u);
    QVERIFY(back.correlationId.isNull());
    QCOMPARE(back.reserved, quint16(0));

    // A peer's reserved field is read but ignored.
    putBE16(bytes, Offset::Reserved, 0x1234);
    QCOMPARE(PyroMessageHeader::parse(bytes, &error).reserved, quint16(0x1234));
    QVERIFY(!error.isError());
}

void tst_PyroMessage::correlationId()
{
    // PROTOCOL.md §2.6: 0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9 travels as 0F 1E 2D 3C ...
    const QUuid id(u"0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"_s);
    PyroMessage m(MsgInvoke, SerializerSerpent, 1);
    m.setCorrelationId(id);
    QVERIFY(m.hasFlag(FlagCorrelationId));
    const QByteArray bytes = m.toBytes();
    QCOMPARE(bytes.mid(Offset::Flags, 2), hex("0040"));
    QCOMPARE(bytes.mid(Offset::CorrelationId, 16), hex("0F1E2D3C4B5A49788695A4B3C2D1E0F9"));
    QCOMPARE(bytes.mid(Offset::CorrelationId, 16), id.toRfc4122());

    PyroError error;
    const PyroMessage back = PyroMessage::parse(bytes, &error);
    QVERIFY(!error.isError());
    QCOMPARE(back.header.correlationId, id);

    // Clearing the id clears the flag and zeroes the field.
    m.setCorrelationId(QUuid());
    QVERIFY(!m.hasFlag(FlagCorrelationId));
    const QByteArray cleared = m.toBytes();
    QCOMPARE(cleared.mid(Offset::Flags, 2), hex("0000"));
    QCOMPARE(cleared.mid(Offset::CorrelationId, 16), QByteArray(16, '\0'));

    // An id set on the header directly still raises the flag on the wire.
    PyroMessage direct(MsgPing, SerializerPing, 0);
    direct.header.correlationId = id;
    QCOMPARE(direct.toBytes().mid(Offset::Flags, 2), hex("0040"));

    // Without the flag the id bytes mean nothing.
    QByteArray stray = bytes;
    putBE16(stray, Offset::Flags, 0);
    const PyroMessage ignored = PyroMessage::parse(stray, &error);
    QVERIFY(!error.isError());
    QVERIFY(ignored.header.correlationId.isNull());
}

void tst_PyroMessage::correlationFlagWithoutId()
{
    // Python sends CORR_ID with zero bytes for uuid.UUID(int=0): keep it byte-exact.
    PyroMessage m(MsgInvoke, SerializerJson, 3, FlagCorrelationId);
    m.payload = "[]";
    const QByteArray bytes = m.toBytes();
    QCOMPARE(bytes.mid(Offset::Flags, 2), hex("0040"));
    QCOMPARE(bytes.mid(Offset::CorrelationId, 16), QByteArray(16, '\0'));
    PyroError error;
    const PyroMessage back = PyroMessage::parse(bytes, &error);
    QVERIFY(!error.isError());
    QVERIFY(back.hasFlag(FlagCorrelationId));
    QVERIFY(back.header.correlationId.isNull());
    QCOMPARE(back.toBytes(), bytes);
}

void tst_PyroMessage::pingAsPython()
{
    // §3.9: Python's PING is type 6, seq 0, serializer id 42, payload "ping".
    PyroMessage ping(MsgPing, SerializerPing, 0);
    ping.payload = "ping";
    QCOMPARE(ping.toBytes(), readVectorFile(u"vectors/messages/json/ping-03-c2s-PING.bin"_s));

    PyroError error;
    const PyroMessage pong = PyroMessage::parse(readVectorFile(u"vectors/messages/json/ping-04-s2c-PING.bin"_s), &error);
    QVERIFY(!error.isError());
    QCOMPARE(pong.type(), MsgPing);
    QCOMPARE(pong.header.serializerId, SerializerPing);
    QCOMPARE(pong.header.seq, quint16(0));
    QCOMPARE(pong.payload, QByteArray("pong"));
    QVERIFY(pong.hasFlag(FlagCorrelationId));
    QVERIFY(!pong.header.correlationId.isNull());
}

void tst_PyroMessage::parseErrors_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<qint64>("maxSize");
    QTest::addColumn<QString>("expected");

    const qint64 def = DefaultMaxMessageSize;
    const QByteArray good = sampleMessage();
    QByteArray b;

    QTest::newRow("empty") << QByteArray() << def << u"message header truncated (0 of 40 bytes)"_s;
    QTest::newRow("http request") << QByteArray("GET / HTTP/1.0\r\n\r\n") << def << u"invalid data"_s;
    QTest::newRow("3 bytes") << QByteArray("PYR") << def << u"message header truncated (3 of 40 bytes)"_s;
    QTest::newRow("tag only") << QByteArray("PYRO") << def << u"message header truncated (4 of 40 bytes)"_s;
    QTest::newRow("short garbage") << QByteArray("PYRX") << def << u"invalid data"_s;
    QTest::newRow("half header") << good.first(20) << def << u"message header truncated (20 of 40 bytes)"_s;
    QTest::newRow("header minus one") << good.first(39) << def << u"message header truncated (39 of 40 bytes)"_s;

    b = good; b[3] = 'X';
    QTest::newRow("bad tag") << b << def << u"invalid data"_s;
    b = good; putBE16(b, Offset::Version, 501);
    QTest::newRow("version 501") << b << def << u"invalid protocol version: 501"_s;
    b = good; putBE16(b, Offset::Version, 0);
    QTest::newRow("version 0") << b << def << u"invalid protocol version: 0"_s;
    b = good.first(6); putBE16(b, Offset::Version, 0xffff);
    QTest::newRow("version only, 6 bytes") << b << def << u"invalid protocol version: 65535"_s;
    b = good; b[3] = 'X'; putBE16(b, Offset::Version, 501);
    QTest::newRow("tag checked before version") << b << def << u"invalid data"_s;
    b = good; putBE16(b, Offset::Magic, 0x1234);
    QTest::newRow("bad magic") << b << def << u"invalid message or protocol version"_s;
    b = good; putBE16(b, Offset::Version, 501); putBE16(b, Offset::Magic, 0x1234);
    QTest::newRow("version checked before magic") << b << def << u"invalid protocol version: 501"_s;

    QTest::newRow("too large") << headerOnly(0x7fffffff, 0) << def
                               << u"message too large (2147483647, max=1073741824)"_s;
    QTest::newRow("too large, sum over 32 bits") << headerOnly(0xffffffff, 0xffffffff) << def
                               << u"message too large (8589934590, max=1073741824)"_s;
    QTest::newRow("annotations count toward the limit") << headerOnly(600000000, 600000000) << def
                               << u"message too large (1200000000, max=1073741824)"_s;
    QTest::newRow("custom limit") << good << qint64(good.size() - HeaderSize - 1)
                               << u"message too large (%1, max=%2)"_s.arg(good.size() - HeaderSize)
                                          .arg(good.size() - HeaderSize - 1);
    b = good; putBE16(b, Offset::Magic, 0x1234);
    QTest::newRow("magic checked before size") << b << qint64(1) << u"invalid message or protocol version"_s;

    QTest::newRow("truncated body") << good.chopped(1) << def << u"payload length doesn't match message header"_s;
    QTest::newRow("header only") << good.first(HeaderSize) << def << u"payload length doesn't match message header"_s;
    QTest::newRow("trailing byte") << good + 'x' << def << u"payload length doesn't match message header"_s;

    QTest::newRow("chunk overflows area")
            << withAnnotationArea(chunk("ABCD", "12345").chopped(1)) << def
            << u"annotation chunk length exceeds remaining data"_s;
    QTest::newRow("leftover byte")
            << withAnnotationArea(chunk("ABCD", "1") + "Z") << def
            << u"annotation chunk length exceeds remaining data"_s;
    QTest::newRow("leftover 7 bytes")
            << withAnnotationArea(chunk("ABCD", "1") + QByteArray("ZZZZ\0\0\0", 7)) << def
            << u"annotation chunk length exceeds remaining data"_s;
    QTest::newRow("chunk length 4 GB")
            << withAnnotationArea(QByteArray("ABCD\xff\xff\xff\xff", 8)) << def
            << u"annotation chunk length exceeds remaining data"_s;
    QTest::newRow("chunk length points past the area into the payload")
            << withAnnotationArea(QByteArray("ABCD\0\0\0\x03", 8), "xyz") << def
            << u"annotation chunk length exceeds remaining data"_s;
    QTest::newRow("non-ascii id")
            << withAnnotationArea(chunk("AB\xc3\xa9", "v")) << def
            << u"annotation identifier must be 4 ascii characters"_s;
    QTest::newRow("non-ascii id checked before length")
            << withAnnotationArea(QByteArray("\x80" "BCD\xff\xff\xff\xff", 8)) << def
            << u"annotation identifier must be 4 ascii characters"_s;
    QTest::newRow("non-ascii leftover byte")
            << withAnnotationArea(chunk("ABCD", "1") + "\xff") << def
            << u"annotation identifier must be 4 ascii characters"_s;
    // raw_annotation_overflow-03 and raw_annotation_leftover-03 are covered by vectorMessages.
}

void tst_PyroMessage::parseErrors()
{
    QFETCH(QByteArray, data);
    QFETCH(qint64, maxSize);
    QFETCH(QString, expected);

    PyroError error;
    const PyroMessage m = PyroMessage::parse(data, &error, maxSize);
    QCOMPARE(error.code(), PyroError::Code::ProtocolError);
    QCOMPARE(error.message(), expected);
    QCOMPARE(m.type(), quint8(0));
    QVERIFY(m.payload.isEmpty());
    QVERIFY(m.annotations.isEmpty());
}

void tst_PyroMessage::annotationWalk_data()
{
    QTest::addColumn<QByteArray>("area");
    QTest::addColumn<QByteArrayList>("expected"); // id, value, id, value...

    QTest::newRow("none") << QByteArray() << QByteArrayList();
    QTest::newRow("one") << chunk("STRM", "fa28c9a0-5a16-483c-97d2-ac84421b9caa")
                         << QByteArrayList{"STRM", "fa28c9a0-5a16-483c-97d2-ac84421b9caa"};
    QTest::newRow("empty value") << chunk("ABCD", "") << QByteArrayList{"ABCD", ""};
    QTest::newRow("binary value") << chunk("XBIN", hex("0001020304050607"))
                                  << QByteArrayList{"XBIN", hex("0001020304050607")};
    QTest::newRow("order kept") << chunk("ZZZZ", "1") + chunk("AAAA", "2") + chunk("MMMM", "3")
                                << QByteArrayList{"ZZZZ", "1", "AAAA", "2", "MMMM", "3"};
    // Pyro5 fills a dict: a repeated id keeps its first position and takes the last value.
    QTest::newRow("duplicate") << chunk("AAAA", "1") + chunk("BBBB", "2") + chunk("AAAA", "3")
                               << QByteArrayList{"AAAA", "3", "BBBB", "2"};
    QTest::newRow("ids are case-sensitive") << chunk("strm", "a") + chunk("STRM", "b")
                                            << QByteArrayList{"strm", "a", "STRM", "b"};
    QTest::newRow("control characters are ascii") << chunk(QByteArray("\0\x01\x02\x7f", 4), "v")
                                                  << QByteArrayList{QByteArray("\0\x01\x02\x7f", 4), "v"};
}

void tst_PyroMessage::annotationWalk()
{
    QFETCH(QByteArray, area);
    QFETCH(QByteArrayList, expected);

    QList<PyroMessage::Annotation> out{{"OLD!", "stale"}};
    PyroError error;
    QVERIFY(PyroMessage::parseAnnotations(area, &out, &error));
    QVERIFY(!error.isError());
    QCOMPARE(out.size() * 2, expected.size());
    for (qsizetype i = 0; i < out.size(); ++i) {
        QCOMPARE(out.at(i).first, expected.at(2 * i));
        QCOMPARE(out.at(i).second, expected.at(2 * i + 1));
    }

    // The same area inside a message.
    const QByteArray bytes = withAnnotationArea(area, "payload");
    const PyroMessage m = PyroMessage::parse(bytes, &error);
    QVERIFY(!error.isError());
    QCOMPARE(m.annotations, out);
    QCOMPARE(m.payload, QByteArray("payload"));
    if (!expected.isEmpty())
        QCOMPARE(m.annotation(expected.first()), expected.at(1));
    QVERIFY(m.annotation("NONE").isNull());
}

void tst_PyroMessage::manyAnnotations()
{
    // Many distinct ids: linear in time (indexed lookup), capped in number.
    QByteArray area;
    const int count = PyroMessage::MaxAnnotations;
    area.reserve((count + 1) * 8);
    for (int i = 0; i < count; ++i) {
        char c[8] = {char('A' + (i >> 12 & 15)), char('A' + (i >> 8 & 15)), char('A' + (i >> 4 & 15)),
                     char('A' + (i & 15)), 0, 0, 0, 0};
        area.append(c, 8);
    }
    // A duplicate at the end updates the first chunk in place.
    area += chunk("AAAA", "last");
    QList<PyroMessage::Annotation> out;
    PyroError error;
    QVERIFY(PyroMessage::parseAnnotations(area, &out, &error));
    QCOMPARE(out.size(), count);
    QCOMPARE(out.first().first, QByteArray("AAAA"));
    QCOMPARE(out.first().second, QByteArray("last"));
    QCOMPARE(out.last().first, QByteArray("PPPP"));

    area += chunk("zzzz", "one too many");
    QVERIFY(!PyroMessage::parseAnnotations(area, &out, &error));
    QCOMPARE(error.code(), PyroError::Code::ProtocolError);
    QCOMPARE(error.message(), u"too many annotations (more than 65536)"_s);
    QVERIFY(out.isEmpty());
}

void tst_PyroMessage::encodeErrors_data()
{
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<qint64>("maxSize");
    QTest::addColumn<QString>("expected");

    const qint64 def = DefaultMaxMessageSize;
    QTest::newRow("id of 3") << QByteArray("abc") << QByteArray("p") << def
                             << u"annotation identifier must be 4 ascii characters"_s;
    QTest::newRow("id of 5") << QByteArray("abcde") << QByteArray("p") << def
                             << u"annotation identifier must be 4 ascii characters"_s;
    QTest::newRow("empty id") << QByteArray() << QByteArray("p") << def
                              << u"annotation identifier must be 4 ascii characters"_s;
    QTest::newRow("non-ascii id") << QByteArray("a\xc3\xa9" "b") << QByteArray("p") << def
                                  << u"annotation identifier must be 4 ascii characters"_s;
    // annotation 8 + 5, payload 10
    QTest::newRow("too large") << QByteArray("GOOD") << QByteArray(10, 'p') << qint64(22)
                               << u"message too large (23, max=22)"_s;
    QTest::newRow("size checked before ids") << QByteArray("BAD") << QByteArray(10, 'p') << qint64(22)
                                             << u"message too large (23, max=22)"_s;
}

void tst_PyroMessage::encodeErrors()
{
    QFETCH(QByteArray, id);
    QFETCH(QByteArray, payload);
    QFETCH(qint64, maxSize);
    QFETCH(QString, expected);

    PyroMessage m(MsgInvoke, SerializerSerpent, 1);
    m.setAnnotation(id, "value");
    m.payload = payload;

    PyroError error;
    QVERIFY(m.toBytes(&error, maxSize).isNull());
    QCOMPARE(error.code(), PyroError::Code::ProtocolError);
    QCOMPARE(error.message(), expected);

    // writeHead leaves the caller's buffer untouched on failure.
    QByteArray buffer("keep");
    error = PyroError();
    QVERIFY(!m.writeHead(buffer, quint32(payload.size()), &error, maxSize));
    QCOMPARE(error.message(), expected);
    QCOMPARE(buffer, QByteArray("keep"));

    // One byte more room (or a good id) and it goes through.
    if (id.size() == 4 && expected.startsWith(u"message too large"_s)) {
        QVERIFY(!m.toBytes(&error, maxSize + 1).isEmpty());
    }
}

void tst_PyroMessage::hotPath()
{
    // finishMessage fills in data_size for a payload serialized after the head, compresses
    // when asked and the payload is big enough, and undoes everything when too large.
    PyroMessage m(MsgResult, SerializerJson, 9, FlagCompressed /* stale, must go */);
    m.setCorrelationId(QUuid(u"0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"_s));
    m.setAnnotation("XRSP", "response");

    QByteArray buffer;
    QVERIFY(m.writeHead(buffer, 0));
    buffer.append("\"small\"");
    QVERIFY(PyroMessage::finishMessage(buffer, 0, true));
    PyroError error;
    PyroMessage back = PyroMessage::parse(buffer, &error);
    QVERIFY(!error.isError());
    QCOMPARE(back.payload, QByteArray("\"small\""));
    QCOMPARE(back.header.dataSize, 7u);
    QCOMPARE(back.flags(), quint16(FlagCorrelationId)); // stale COMPRESSED cleared
    QCOMPARE(back.annotation("XRSP"), QByteArray("response"));

    const QByteArray big(5000, 'a');
    buffer.clear();
    QVERIFY(m.writeHead(buffer, 0));
    buffer.append(big);
    QVERIFY(PyroMessage::finishMessage(buffer, 0, true));
    back = PyroMessage::parse(buffer, &error);
    QVERIFY(!error.isError());
    QCOMPARE(back.flags(), quint16(FlagCorrelationId | FlagCompressed));
    QVERIFY(back.payload.size() < 100);
    QCOMPARE(back.payload, PyroCompression::compress(big));
    QCOMPARE(back.uncompressedPayload(&error), big);

    // Too large: the buffer goes back to where the message started.
    buffer = "earlier";
    QVERIFY(m.writeHead(buffer, 0));
    buffer.append(big);
    QVERIFY(!PyroMessage::finishMessage(buffer, 7, false, &error, 1000));
    QCOMPARE(error.code(), PyroError::Code::ProtocolError);
    QCOMPARE(error.message(), u"message too large (5016, max=1000)"_s);
    QCOMPARE(buffer, QByteArray("earlier"));

    // Compression can bring it under the limit, as in Pyro5 (compress, then check).
    QVERIFY(m.writeHead(buffer, 0));
    buffer.append(big);
    QVERIFY(PyroMessage::finishMessage(buffer, 7, true, &error, 1000));
    QCOMPARE(PyroMessage::parse(buffer.sliced(7), &error).uncompressedPayload(&error), big);
}

void tst_PyroMessage::compressionThreshold_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("compress");
    QTest::addColumn<bool>("compressed");

    QTest::newRow("100 bytes stay") << 100 << true << false;
    QTest::newRow("101 bytes compressed") << 101 << true << true;
    QTest::newRow("empty") << 0 << true << false;
    QTest::newRow("off") << 5000 << false << false;
}

void tst_PyroMessage::compressionThreshold()
{
    QFETCH(int, size);
    QFETCH(bool, compress);
    QFETCH(bool, compressed);

    QByteArray data(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        data[i] = char('a' + i % 7);
    PyroMessage m(MsgInvoke, SerializerSerpent, 1, FlagCompressed | FlagOneway);
    m.payload = data;
    m.applyCompression(compress);
    QCOMPARE(m.hasFlag(FlagCompressed), compressed);
    QVERIFY(m.hasFlag(FlagOneway));
    QCOMPARE(m.header.dataSize, quint32(m.payload.size()));
    if (compressed) {
        QCOMPARE(m.payload.first(2), hex("785e")); // zlib header for level 4
        QVERIFY(m.payload.size() < data.size());
    } else {
        QCOMPARE(m.payload, data);
    }
    PyroError error;
    const PyroMessage back = PyroMessage::parse(m.toBytes(), &error);
    QVERIFY(!error.isError());
    QCOMPARE(back.uncompressedPayload(&error), data);
    QVERIFY(!error.isError());
}

void tst_PyroMessage::compressionRoundTrip()
{
    QRandomGenerator rng(4242);
    // Incompressible data grows a little; compressible data shrinks; both come back.
    QByteArray noise(200000, Qt::Uninitialized);
    rng.fillRange(reinterpret_cast<quint32 *>(noise.data()), noise.size() / 4);
    const QByteArray packedNoise = PyroCompression::compress(noise);
    QVERIFY(packedNoise.size() > noise.size());
    PyroError error;
    QCOMPARE(PyroCompression::decompress(packedNoise, DefaultMaxMessageSize, &error), noise);
    QVERIFY(!error.isError());

    QByteArray text;
    for (int i = 0; i < 20000; ++i)
        text += "('test.echoserver','echo',(" + QByteArray::number(i) + ",),{})\n";
    const QByteArray packed = PyroCompression::compress(text);
    QVERIFY(packed.size() < text.size() / 5);
    QCOMPARE(PyroCompression::decompress(packed, text.size(), &error), text); // exactly at the limit
    QVERIFY(!error.isError());

    // Empty input gives a valid (8-byte) zlib stream, as zlib.compress(b"", 4).
    const QByteArray empty = PyroCompression::compress({});
    QCOMPARE(empty.toHex(), QByteArray("785e030000000001"));
    const QByteArray none = PyroCompression::decompress(empty, 10, &error);
    QVERIFY(!error.isError());
    QVERIFY(none.isEmpty());
}

void tst_PyroMessage::decompressErrors_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("expected");

    // Texts as Python's zlib.decompress words them.
    const QByteArray good = PyroCompression::compress(QByteArray(150, 'x') + "abcdefghij");
    QTest::newRow("raw_bad_compressed") << QByteArray("zzzzz")
                                        << u"Error -3 while decompressing data: incorrect header check"_s;
    QTest::newRow("empty") << QByteArray() << u"Error -5 while decompressing data: incomplete or truncated stream"_s;
    QTest::newRow("header only") << hex("789c") << u"Error -5 while decompressing data: incomplete or truncated stream"_s;
    QTest::newRow("truncated") << good.chopped(3) << u"Error -5 while decompressing data: incomplete or truncated stream"_s;
    QByteArray badSum = good;
    badSum[badSum.size() - 1] = char(badSum.at(badSum.size() - 1) ^ 1);
    QTest::newRow("bad checksum") << badSum << u"Error -3 while decompressing data: incorrect data check"_s;
    QTest::newRow("bad block type") << good.first(2) + QByteArray(10, '\xff')
                                    << u"Error -3 while decompressing data: invalid block type"_s;
    QTest::newRow("raw deflate") << good.sliced(2) << u"Error -3 while decompressing data: incorrect header check"_s;
    QTest::newRow("gzip") << hex("1f8b0800000000000003cb48cdc9c9070086a6103605000000")
                          << u"Error -3 while decompressing data: incorrect header check"_s;
}

void tst_PyroMessage::decompressErrors()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, expected);

    PyroError error;
    QVERIFY(PyroCompression::decompress(data, DefaultMaxMessageSize, &error).isEmpty());
    QCOMPARE(error.code(), PyroError::Code::ProtocolError);
    QCOMPARE(error.message(), expected);

    // The same through a message carrying the COMPRESSED flag.
    PyroMessage m(MsgInvoke, SerializerSerpent, 6, FlagCompressed);
    m.payload = data;
    error = PyroError();
    QVERIFY(m.uncompressedPayload(&error).isEmpty());
    QCOMPARE(error.message(), expected);
}

void tst_PyroMessage::decompressBound()
{
    // A 64 MB bomb in a few KB: refused at the limit without inflating it all.
    const QByteArray zeros(64 * 1024 * 1024, '\0');
    const QByteArray bomb = PyroCompression::compress(zeros);
    QVERIFY(bomb.size() < 100000);
    PyroError error;
    QVERIFY(PyroCompression::decompress(bomb, 1024 * 1024, &error).isEmpty());
    QCOMPARE(error.code(), PyroError::Code::ProtocolError);
    QCOMPARE(error.message(), u"decompressed payload too large (max=1048576)"_s);

    PyroMessage m(MsgResult, SerializerSerpent, 1, FlagCompressed);
    m.payload = bomb;
    error = PyroError();
    QVERIFY(m.uncompressedPayload(&error, 1000).isEmpty());
    QCOMPARE(error.message(), u"decompressed payload too large (max=1000)"_s);

    // One byte over the limit fails, exactly at it passes.
    const QByteArray small = PyroCompression::compress(QByteArray(1001, 'z'));
    error = PyroError();
    QVERIFY(PyroCompression::decompress(small, 1000, &error).isEmpty());
    QVERIFY(error.isError());
    error = PyroError();
    QCOMPARE(PyroCompression::decompress(small, 1001, &error).size(), 1001);
    QVERIFY(!error.isError());

    // Bytes after the end of the stream are ignored, as Python does.
    QCOMPARE(PyroCompression::decompress(small + "trailing", 5000, &error), QByteArray(1001, 'z'));
    QVERIFY(!error.isError());
}

QTEST_GUILESS_MAIN(tst_PyroMessage)
#include "tst_pyromessage.moc"
