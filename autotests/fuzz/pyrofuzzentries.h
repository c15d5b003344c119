// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// The bodies of the libFuzzer targets, shared with tst_pyrofuzzregressions so that every
// input a fuzzer ever found goes through exactly the same code in the ordinary test run.
// Each entry returns an empty string, or a description of a broken invariant (a crash,
// leak or UB is caught by the sanitizers instead).

#include "pyromessagereader_p.h"
#include "pyroserializer.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <QtCore/QBuffer>
#include <QtCore/QByteArray>
#include <QtCore/QString>

#include <algorithm>

namespace PyroFuzz {

namespace Detail {

inline QString checkMessageRoundTrip(const PyroMessage &message)
{
    PyroError error;
    const QByteArray wire = message.toBytes(&error);
    if (error.isError())
        return {}; // e.g. an annotation that cannot be re-sent: refusing is fine
    PyroError parseError;
    const PyroMessage again = PyroMessage::parse(wire, &parseError);
    if (parseError.isError())
        return QStringLiteral("re-encoded message does not parse: ") + parseError.message();
    if (again.header.type != message.header.type || again.header.serializerId != message.header.serializerId
        || again.header.flags != (message.header.flags | (message.header.correlationId.isNull() ? 0 : PyroProtocol::FlagCorrelationId))
        || again.header.seq != message.header.seq || again.header.correlationId != message.header.correlationId
        || again.annotations != message.annotations || again.payload != message.payload) {
        return QStringLiteral("re-encoded message reads back differently");
    }
    return {};
}

// A decode under a small item budget gives the same value or Python's MemoryError; and
// the values decoded hash consistently with PyroValues::equals() and de-duplicate as
// dict keys the way a Python dict would.
inline QString checkBudgetAndHashes(const PyroSerializer *serializer, QByteArrayView input,
                                    const QVariant &unlimited)
{
    PyroDecodeOptions small;
    small.maxItems = 1 + input.size() / 4;
    PyroError smallError;
    const QVariant limited = serializer->decode(input, small, &smallError);
    if (limited.isValid()) {
        // Compared encoded: the encoders are deterministic, and NaN-safe where == is not.
        QByteArray a, b;
        PyroError ea, eb;
        const bool encodedA = unlimited.isValid() && serializer->encode(a, unlimited, PyroEncodeContext(), &ea);
        const bool encodedB = serializer->encode(b, limited, PyroEncodeContext(), &eb);
        if (!unlimited.isValid() || encodedA != encodedB || a != b)
            return QStringLiteral("a decode under an item budget gives a different value");
    }
    if (!limited.isValid() && unlimited.isValid()
        && smallError.pythonClass() != QLatin1StringView("builtins.MemoryError"))
        return QStringLiteral("a decode over its item budget fails with ") + smallError.pythonClass();

    QVariantList items;
    const int type = unlimited.typeId();
    if (type == QMetaType::QVariantList)
        items = unlimited.toList();
    else if (type == qMetaTypeId<PyroTuple>())
        items = unlimited.value<PyroTuple>().items();
    else if (type == qMetaTypeId<PyroSet>())
        items = unlimited.value<PyroSet>().items();
    items = items.mid(0, 48);
    QList<PyroDict::Entry> pairs;
    for (const QVariant &item : std::as_const(items))
        pairs.append({item, QVariant()});
    const PyroDict dict = PyroDict::fromPairs(std::move(pairs));
    for (qsizetype i = 0; i < items.size(); ++i) {
        for (qsizetype j = i + 1; j < items.size(); ++j) {
            if (PyroValues::equals(items.at(i), items.at(j))
                && PyroValues::hash(items.at(i)) != PyroValues::hash(items.at(j)))
                return QStringLiteral("equal values hash differently: ") + PyroValues::pythonRepr(items.at(i));
        }
    }
    for (qsizetype i = 0; i < dict.size(); ++i) {
        for (qsizetype j = i + 1; j < dict.size(); ++j) {
            if (PyroValues::equals(dict.entries().at(i).first, dict.entries().at(j).first))
                return QStringLiteral("a dict kept two equal keys");
        }
    }
    return {};
}

} // namespace Detail

/*
 * Message reader. The first byte says how the rest (a byte stream as a peer would send
 * it) is cut into fragments: bits 0-5 = 0 feeds it in one go, otherwise pieces of 1 to
 * 4*n bytes chosen by a small generator seeded with that byte; bit 6 reads the pieces
 * from a QIODevice instead of feed(); bit 7 accepts only the message types a daemon
 * accepts. Every message read is inflated, re-encoded and parsed again, and the reader's
 * buffer must stay in proportion to what arrived.
 */
inline QString messageReader(QByteArrayView input)
{
    // What the reader may keep beyond twice the bytes received (its reusable buffer).
    constexpr qsizetype MaxIdleCapacity = 512 * 1024;
    if (input.isEmpty())
        return {};
    const quint8 control = quint8(input.front());
    const QByteArrayView stream = input.sliced(1);

    PyroMessageReader reader;
    if (control & 0x80)
        reader.setAcceptedTypes({PyroProtocol::MsgConnect, PyroProtocol::MsgInvoke, PyroProtocol::MsgPing});

    quint32 rng = control;
    const qsizetype maxPiece = qsizetype(control & 0x3f) * 4;
    qsizetype pos = 0;
    PyroMessage message;
    QString broken;
    while (pos < stream.size() && reader.status() != PyroMessageReader::Status::Failed) {
        qsizetype piece = stream.size() - pos;
        if (maxPiece) {
            rng = rng * 1103515245u + 12345u;
            piece = std::min<qsizetype>(piece, 1 + qsizetype((rng >> 16) % quint32(maxPiece)));
        }
        const QByteArrayView bytes = stream.sliced(pos, piece);
        pos += piece;
        if (control & 0x40) {
            QByteArray copy = bytes.toByteArray();
            QBuffer device(&copy);
            device.open(QIODevice::ReadOnly);
            reader.readFrom(&device);
        } else {
            reader.feed(bytes);
        }
        (void)reader.isPartial();
        // Memory follows the bytes that really arrived, never a length a header declares.
        if (broken.isEmpty() && reader.bufferCapacity() > 2 * pos + MaxIdleCapacity)
            broken = QStringLiteral("reader holds %1 bytes after %2 arrived").arg(reader.bufferCapacity()).arg(pos);
        while (reader.next(&message) == PyroMessageReader::Status::MessageReady) {
            PyroError error;
            (void)message.uncompressedPayload(&error);
            if (broken.isEmpty())
                broken = Detail::checkMessageRoundTrip(message);
        }
    }
    (void)reader.isPartial();
    (void)reader.bufferedBytes();

    // The one-shot parser sees the same stream as a single message.
    PyroError error;
    const PyroMessage whole = PyroMessage::parse(stream, &error);
    if (!error.isError())
        (void)whole.uncompressedPayload(&error);
    return broken;
}

/*
 * A deserializer: decode() and decodeCall() on the input as it is (so the golden vectors
 * are valid seeds). What decodes is encoded and decoded again, three rounds: the last two
 * encodings must be the same bytes (the value model keeps what the format says). A failed
 * encode must leave the output buffer as it was.
 */
inline QString serializer(const PyroSerializer *serializer, QByteArrayView input)
{
    static const QByteArray prefix("prefix");
    const PyroDecodeOptions options;
    const PyroEncodeContext context;

    auto encode = [&](const QVariant &value, QByteArray *out, QString *broken) {
        *out = prefix;
        PyroError error;
        const bool ok = serializer->encode(*out, value, context, &error);
        if (!ok && *out != prefix)
            *broken = QStringLiteral("failed encode did not restore the output");
        if (ok)
            out->remove(0, prefix.size());
        return ok;
    };

    // Round 1 may lose what the format cannot say (serpent sends bytes as a base64 dict
    // that comes back as a dict); from then on decode + encode must be the identity.
    QString broken;
    PyroError error;
    QVariant value = serializer->decode(input, options, &error);
    broken = Detail::checkBudgetAndHashes(serializer, input, value);
    QByteArray previous;
    for (int round = 1; round <= 3 && value.isValid() && broken.isEmpty(); ++round) {
        QByteArray bytes;
        if (!encode(value, &bytes, &broken))
            break;
        if (round == 3 && bytes != previous) {
            broken = QStringLiteral("encoding is not stable: ")
                    + QString::fromLatin1(previous.left(300).toPercentEncoding())
                    + QStringLiteral(" then ") + QString::fromLatin1(bytes.left(300).toPercentEncoding());
        }
        value = serializer->decode(bytes, options, &error);
        previous = std::move(bytes);
    }

    PyroCall call;
    if (serializer->decodeCall(input, &call, options, &error)) {
        QByteArray out = prefix;
        PyroError callError;
        if (serializer->encodeCall(out, call, context, &callError)) {
            PyroCall again;
            (void)serializer->decodeCall(QByteArrayView(out).sliced(prefix.size()), &again, options, &callError);
        } else if (out != prefix && broken.isEmpty()) {
            broken = QStringLiteral("failed encodeCall did not restore the output");
        }
    }
    return broken;
}

/*
 * URI parser: the input as UTF-8 text. A URI that parses must print as text that parses
 * to an equal URI and prints the same, and survive Pyro5's state tuple.
 */
inline QString uri(QByteArrayView input)
{
    const QString text = QString::fromUtf8(input);
    PyroError error;
    const PyroUri uri = PyroUri::fromString(text, &error);
    if (!uri.isValid())
        return {};
    const QString canonical = uri.toString();
    PyroError stateError;
    const PyroUri fromState = PyroUri::fromState(uri.toState().value<PyroTuple>().items(), &stateError);
    if (fromState != uri)
        return QStringLiteral("state tuple reads back differently: ") + canonical;
    // Pyro5's str() does not read back in three cases, and ours follows it: an empty host
    // prints no location at all ("PYRO:obj@:1" gives "PYRO:obj"), an empty object
    // ("PYROMETA:,@h" gives "PYROMETA:@h:9090", whose object is "@h:9090"), and the host
    // "./u" ("PYRONAME:n@./u" gives "PYRONAME:n@./u:9090", a unix socket named 9090).
    // Everything else must.
    const QVariantList state = uri.toState().value<PyroTuple>().items();
    const bool emptyHost = state.size() == 5 && !PyroValues::isNone(state.at(3)) && uri.host().isEmpty();
    if (emptyHost || uri.object().isEmpty() || uri.host() == u"./u")
        return {};
    const PyroUri again = PyroUri::fromString(canonical, &error);
    if (!again.isValid())
        return QStringLiteral("canonical form does not parse: ") + canonical + QStringLiteral(" (") + error.message() + u')';
    if (again != uri || again.toString() != canonical)
        return QStringLiteral("canonical form reads back differently: ") + canonical;
    return {};
}

} // namespace PyroFuzz
