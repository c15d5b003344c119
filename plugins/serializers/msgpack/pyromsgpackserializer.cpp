// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyromsgpackserializer.h"

#include "pyroserializerutils.h"
#include "pyrovalues.h"

#include <QtCore/QDateTime>
#include <QtCore/QtEndian>

#include <msgpack/pack.hpp>
#include <msgpack/unpack.hpp> // also brings the parse/visitor API

#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// Pyro5's extension types, and msgpack's own timestamp type.
constexpr qint8 ExtComplex = 0x30;
constexpr qint8 ExtBigInt = 0x31;
constexpr qint8 ExtDateTime = 0x32;
constexpr qint8 ExtDate = 0x33;
constexpr qint8 ExtMsgpackTimestamp = -1;

// Python's date ordinals count 0001-01-01 as day 1; Qt counts Julian days.
constexpr qint64 OrdinalToJulianDay = 1721425;
constexpr qint64 MaxOrdinal = 3652059; // 9999-12-31, datetime.date.max

// Python's datetime covers the years 1..9999; these POSIX timestamps bound that range with
// a day to spare on each side for the local time offset (checked exactly afterwards).
constexpr double MinTimestamp = -62135596800.0 - 86400.0;
constexpr double MaxTimestamp = 253402300800.0 + 86400.0;

constexpr int MaxConversions = 8; // toWire() chains, e.g. QObject* -> PyroObjectRef -> dict

PyroError serializeError(const QString &message)
{
    return PyroSerializerUtils::serializeError(message);
}

double loadDoubleLE(const char *p)
{
    const quint64 bits = qFromLittleEndian<quint64>(p);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

void storeDoubleLE(double d, char *p)
{
    quint64 bits;
    std::memcpy(&bits, &d, sizeof bits);
    qToLittleEndian<quint64>(bits, p);
}

// Python's type name for a decoded value, including the ext types' datetime classes.
QString pythonKeyTypeName(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::QDateTime:
        return u"datetime.datetime"_s;
    case QMetaType::QDate:
        return u"datetime.date"_s;
    default:
        return PyroValues::pythonTypeName(v);
    }
}

// ---- encoding --------------------------------------------------------------------------

// msgpack::packer's output: every piece goes straight into the caller's buffer.
struct AppendStream
{
    QByteArray *out;
    void write(const char *data, size_t size) { out->append(data, qsizetype(size)); }
};

class Encoder
{
public:
    Encoder(QByteArray &out, const PyroEncodeContext &context)
        : m_out(out), m_stream{&out}, m_packer(m_stream), m_context(context)
    {
    }

    bool value(const QVariant &v, int depth, int conversions = 0);
    PyroError error;

private:
    bool fail(const QString &message)
    {
        error = serializeError(message);
        return false;
    }
    bool enter(int depth);
    bool integer(const QVariant &v);
    bool bigInt(const QVariant &v);
    bool string(QStringView s);
    bool bytes(const QByteArray &b);
    bool items(const QVariantList &list, int depth);
    bool dict(const QVariant &v, int depth);
    bool dateTime(const QDateTime &dt);
    bool date(QDate d);
    // Python floats are binary64 and msgpack-python always writes them as such.
    // msgpack-cxx 4's pack_double() writes integral values (even -0.0) as integers, which
    // a Python peer would decode as int: write the float64 form by hand.
    void float64(double d)
    {
        quint64 bits;
        std::memcpy(&bits, &d, sizeof bits);
        char buf[9];
        buf[0] = char(0xcb);
        qToBigEndian<quint64>(bits, buf + 1);
        m_out.append(buf, sizeof buf);
    }
    void ext(qint8 type, const char *data, uint32_t size)
    {
        m_packer.pack_ext(size, type);
        m_packer.pack_ext_body(data, size);
    }

    QByteArray &m_out;
    AppendStream m_stream;
    msgpack::packer<AppendStream> m_packer;
    const PyroEncodeContext &m_context;
};

// depth counts the containers around the one being opened; Python's unpacker accepts
// at most DefaultMaxDepth levels, so deeper output would be refused by the peer anyway.
bool Encoder::enter(int depth)
{
    if (depth + 1 > PyroMsgpackSerializer::DefaultMaxDepth) {
        error = PyroSerializerUtils::tooDeep(u"MsgpackSerializer"_s, PyroMsgpackSerializer::DefaultMaxDepth);
        return false;
    }
    return true;
}

bool Encoder::value(const QVariant &v, int depth, int conversions)
{
    switch (PyroValues::kindOf(v)) {
    case PyroKind::None:
        m_packer.pack_nil();
        return true;
    case PyroKind::Bool:
        if (v.toBool())
            m_packer.pack_true();
        else
            m_packer.pack_false();
        return true;
    case PyroKind::Int:
        return integer(v);
    case PyroKind::BigInt:
        return bigInt(v);
    case PyroKind::Float:
        float64(v.toDouble());
        return true;
    case PyroKind::Complex: {
        const PyroComplex c = v.value<PyroComplex>();
        char payload[16];
        storeDoubleLE(c.real(), payload);
        storeDoubleLE(c.imag(), payload + 8);
        ext(ExtComplex, payload, sizeof payload);
        return true;
    }
    case PyroKind::Str:
        if (v.typeId() == QMetaType::QString)
            return string(*static_cast<const QString *>(v.constData()));
        if (v.typeId() == qMetaTypeId<PyroSurrogateString>()) // never valid UTF-8
            return fail(PyroSerializerUtils::surrogatesNotAllowed(v));
        return string(v.toString());
    case PyroKind::Bytes:
        return bytes(*static_cast<const QByteArray *>(v.constData()));
    case PyroKind::List:
        if (!enter(depth))
            return false;
        if (v.typeId() == QMetaType::QVariantList)
            return items(*static_cast<const QVariantList *>(v.constData()), depth);
        return items(PyroSerializerUtils::listItems(v), depth);
    case PyroKind::Tuple:
        if (!enter(depth))
            return false;
        return items(static_cast<const PyroTuple *>(v.constData())->items(), depth);
    case PyroKind::Set:
        // Sets (and, as a QtPyro extension, frozensets) travel as arrays, as in Pyro5.
        if (!enter(depth))
            return false;
        return items(static_cast<const PyroSet *>(v.constData())->items(), depth);
    case PyroKind::Dict:
        if (!enter(depth))
            return false;
        return dict(v, depth);
    case PyroKind::Other:
        break;
    }

    // Pyro5 handles dates before any class-to-dict conversion.
    switch (v.typeId()) {
    case QMetaType::QDateTime:
        return dateTime(v.toDateTime());
    case QMetaType::QDate:
        return date(v.toDate());
    default:
        break;
    }
    if (conversions >= MaxConversions)
        return fail(u"cannot serialize %1: its conversions do not end"_s
                        .arg(QString::fromLatin1(v.typeName())));
    PyroError e;
    const QVariant wire = PyroSerializerUtils::toWire(v, m_context, PyroSerializerIds::Msgpack, &e);
    if (!wire.isValid()) {
        error = e.isError() ? e
                            : serializeError(u"cannot serialize %1"_s.arg(QString::fromLatin1(v.typeName())));
        return false;
    }
    return value(wire, depth, conversions + 1);
}

bool Encoder::integer(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::ULongLong:
    case QMetaType::ULong:
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::UChar:
        m_packer.pack_uint64(v.toULongLong());
        return true;
    default:
        m_packer.pack_int64(v.toLongLong());
        return true;
    }
}

bool Encoder::bigInt(const QVariant &v)
{
    if (v.typeId() != qMetaTypeId<PyroBigInt>()) { // a qulonglong above INT64_MAX
        m_packer.pack_uint64(v.toULongLong());
        return true;
    }
    const PyroBigInt &big = *static_cast<const PyroBigInt *>(v.constData());
    if (!big.isValid())
        return fail(u"cannot serialize an invalid PyroBigInt"_s);
    bool ok = false;
    if (const quint64 u = big.toULongLong(&ok); ok) {
        m_packer.pack_uint64(u);
        return true;
    }
    if (const qint64 s = big.toLongLong(&ok); ok) {
        m_packer.pack_int64(s);
        return true;
    }
    // A Python peer runs int() on the text, which refuses more digits than this.
    if (big.digits().size() > PyroBigInt::MaxDecimalDigits)
        return fail(u"Exceeds the limit (%1 digits) for integer string conversion"_s
                        .arg(PyroBigInt::MaxDecimalDigits));
    const QByteArray text = big.toLatin1();
    ext(ExtBigInt, text.constData(), uint32_t(text.size()));
    return true;
}

// UTF-8 straight into the output: the length is counted first so that the header can be
// written before the text. Lone surrogates fail, as in Python's msgpack (strict UTF-8).
bool Encoder::string(QStringView s)
{
    const char16_t *p = s.utf16();
    const qsizetype n = s.size();
    qint64 length = 0;
    bool ascii = true;
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = p[i];
        if (c < 0x80) {
            ++length;
            continue;
        }
        ascii = false;
        if (c < 0x800) {
            length += 2;
        } else if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(p[i + 1])) {
            length += 4;
            ++i;
        } else if (QChar::isSurrogate(c)) {
            // Python's msgpack encodes str as strict UTF-8 and refuses lone surrogates.
            return fail(PyroSerializerUtils::surrogatesNotAllowed(s.toString()));
        } else {
            length += 3;
        }
    }
    if (length > qint64(std::numeric_limits<uint32_t>::max()))
        return fail(u"string too long for msgpack (%1 bytes)"_s.arg(length));
    m_packer.pack_str(uint32_t(length));
    const qsizetype at = m_out.size();
    m_out.resize(at + qsizetype(length));
    auto *d = reinterpret_cast<uchar *>(m_out.data() + at);
    if (ascii) {
        for (qsizetype i = 0; i < n; ++i)
            d[i] = uchar(p[i]);
        return true;
    }
    for (qsizetype i = 0; i < n; ++i) {
        char32_t c = p[i];
        if (c < 0x80) {
            *d++ = uchar(c);
            continue;
        }
        if (c < 0x800) {
            *d++ = uchar(0xc0 | (c >> 6));
            *d++ = uchar(0x80 | (c & 0x3f));
            continue;
        }
        if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(p[i + 1])) {
            c = QChar::surrogateToUcs4(char16_t(c), p[++i]);
            *d++ = uchar(0xf0 | (c >> 18));
            *d++ = uchar(0x80 | ((c >> 12) & 0x3f));
            *d++ = uchar(0x80 | ((c >> 6) & 0x3f));
            *d++ = uchar(0x80 | (c & 0x3f));
            continue;
        }
        *d++ = uchar(0xe0 | (c >> 12));
        *d++ = uchar(0x80 | ((c >> 6) & 0x3f));
        *d++ = uchar(0x80 | (c & 0x3f));
    }
    return true;
}

bool Encoder::bytes(const QByteArray &b)
{
    if (b.size() > qsizetype(std::numeric_limits<uint32_t>::max()))
        return fail(u"bytes too long for msgpack (%1 bytes)"_s.arg(b.size()));
    m_packer.pack_bin(uint32_t(b.size()));
    m_out.append(b);
    return true;
}

bool Encoder::items(const QVariantList &list, int depth)
{
    if (list.size() > qsizetype(std::numeric_limits<uint32_t>::max()))
        return fail(u"sequence too long for msgpack"_s);
    m_packer.pack_array(uint32_t(list.size()));
    for (const QVariant &item : list) {
        if (!value(item, depth + 1))
            return false;
    }
    return true;
}

bool Encoder::dict(const QVariant &v, int depth)
{
    const int id = v.typeId();
    if (id == QMetaType::QVariantMap) {
        const auto &map = *static_cast<const QVariantMap *>(v.constData());
        m_packer.pack_map(uint32_t(map.size()));
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (!string(it.key()) || !value(it.value(), depth + 1))
                return false;
        }
        return true;
    }
    if (id == QMetaType::QVariantHash) {
        const auto &hash = *static_cast<const QVariantHash *>(v.constData());
        m_packer.pack_map(uint32_t(hash.size()));
        for (auto it = hash.cbegin(); it != hash.cend(); ++it) {
            if (!string(it.key()) || !value(it.value(), depth + 1))
                return false;
        }
        return true;
    }
    const auto &entries = static_cast<const PyroDict *>(v.constData())->entries();
    if (entries.size() > qsizetype(std::numeric_limits<uint32_t>::max()))
        return fail(u"dict too large for msgpack"_s);
    m_packer.pack_map(uint32_t(entries.size()));
    for (const PyroDict::Entry &entry : entries) {
        if (!value(entry.first, depth + 1) || !value(entry.second, depth + 1))
            return false;
    }
    return true;
}

// Pyro5 sends a naive datetime as datetime.timestamp(): the seconds of the local time as
// an integer, plus the microseconds / 1e6, as a native (little-endian) double.
bool Encoder::dateTime(const QDateTime &dt)
{
    if (!dt.isValid())
        return fail(u"cannot serialize an invalid QDateTime"_s);
    // Pyro5 refuses aware datetimes here; QtPyro sends their ISO text, as serpent and json
    // do, so a UTC or offset QDateTime still crosses (Python receives a str).
    if (dt.timeSpec() != Qt::LocalTime)
        return string(PyroSerializerUtils::isoFormat(dt));
    const int year = dt.date().year();
    if (year < 1 || year > 9999)
        return fail(u"year %1 is out of range"_s.arg(year));
    const qint64 msecs = dt.toMSecsSinceEpoch();
    qint64 seconds = msecs / 1000;
    qint64 millis = msecs % 1000;
    if (millis < 0) {
        millis += 1000;
        --seconds;
    }
    const double timestamp = double(seconds) + double(millis * 1000) / 1e6;
    char payload[8];
    storeDoubleLE(timestamp, payload);
    ext(ExtDateTime, payload, sizeof payload);
    return true;
}

// date.toordinal() packed as a C long: 8 bytes little-endian on the Linux/macOS senders.
bool Encoder::date(QDate d)
{
    if (!d.isValid())
        return fail(u"cannot serialize an invalid QDate"_s);
    const qint64 ordinal = d.toJulianDay() - OrdinalToJulianDay;
    if (ordinal < 1 || ordinal > MaxOrdinal)
        return fail(u"year %1 is out of range"_s.arg(d.year()));
    char payload[8];
    qToLittleEndian<qint64>(ordinal, payload);
    ext(ExtDate, payload, sizeof payload);
    return true;
}

// ---- decoding --------------------------------------------------------------------------

/*
 * A msgpack-cxx visitor building the QVariant directly (no msgpack::object tree).
 * Containers under construction sit on m_frames[0, m_depth); a finished value is handed to
 * the frame below it, and a finished map passes through the class-dict mapping right away
 * (bottom-up, like Python's object_hook).
 *
 * Hostile lengths: msgpack-cxx itself waits for all bytes of a str/bin/ext before calling
 * us, so those never allocate beyond the input. Containers are checked here: every item
 * takes at least one byte, so the items still owed by all open containers must fit in
 * what is left of the input, which is known before anything is reserved.
 */
class Decoder
{
public:
    Decoder(QByteArrayView data, const PyroDecodeOptions &options)
        : m_base(data.data()),
          m_size(quint64(data.size())),
          m_maxDepth(options.maxDepth > 0 ? options.maxDepth : PyroMsgpackSerializer::DefaultMaxDepth),
          m_mapClassDicts(options.mapClassDicts),
          m_maxItems(options.maxItems)
    {
        m_frames.reserve(16);
    }

    // ---- msgpack-cxx visitor interface ----
    bool visit_nil() { return scalar(PyroValues::none()); }
    bool visit_boolean(bool v) { return scalar(QVariant(v)); }
    bool visit_positive_integer(uint64_t v)
    {
        if (v > uint64_t(std::numeric_limits<qint64>::max()))
            return scalar(QVariant::fromValue(PyroBigInt::fromUnsigned(v)));
        return scalar(QVariant(qlonglong(v)));
    }
    bool visit_negative_integer(int64_t v) { return scalar(QVariant(qlonglong(v))); }
    bool visit_float32(float v) { return scalar(QVariant(double(v))); }
    bool visit_float64(double v) { return scalar(QVariant(v)); }
    bool visit_str(const char *p, uint32_t size)
    {
        beginItem();
        consumed(p, size);
        const QByteArrayView utf8(p, qsizetype(size));
        // Python decodes strictly: invalid sequences and encoded surrogates are errors.
        if (!utf8.isValidUtf8())
            return fail(u"invalid UTF-8 in msgpack str at offset %1"_s.arg(p - m_base));
        return deliver(m_inKey ? m_keys.fromUtf8(utf8) : QString::fromUtf8(utf8));
    }
    bool visit_bin(const char *p, uint32_t size)
    {
        beginItem();
        consumed(p, size);
        return deliver(QByteArray(p, qsizetype(size)));
    }
    bool visit_ext(const char *p, uint32_t size);
    bool start_array(uint32_t count) { return open(count, false); }
    bool start_array_item() { return true; }
    bool end_array_item() { return true; }
    bool end_array();
    bool start_map(uint32_t count) { return open(count, true); }
    bool start_map_key()
    {
        m_inKey = true;
        return true;
    }
    bool end_map_key()
    {
        m_inKey = false;
        return true;
    }
    bool start_map_value() { return true; }
    bool end_map_value() { return true; }
    bool end_map();
    void parse_error(size_t, size_t errorOffset)
    {
        m_parseError = true;
        m_parseErrorOffset = errorOffset;
    }
    // The only other way parse() can fail; decode() reports it when nothing else did.
    void insufficient_bytes(size_t, size_t) { }
    bool referenced() const { return false; }
    void set_referenced(bool) { }

    // ---- results ----
    QVariant takeResult() { return std::move(m_root); }
    const PyroError &error() const { return m_error; }
    bool hasError() const { return m_error.isError(); }
    bool parseError() const { return m_parseError; }
    size_t parseErrorOffset() const { return m_parseErrorOffset; }
    bool fail(const QString &message) { return fail(serializeError(message)); }
    bool fail(PyroError error)
    {
        m_error = std::move(error);
        return false;
    }

private:
    struct Frame
    {
        QVariantList items;            // array items
        QList<PyroDict::Entry> pairs;  // map entries, in wire order
        QVariant key;                  // a map key waiting for its value
        qsizetype classIndex = -1;     // the pair holding the "__class__" key
        bool isMap = false;
        bool haveKey = false;
        bool stringKeysOnly = true;
    };

    // Every value starts with at least one header byte.
    void beginItem()
    {
        ++m_position;
        --m_owed;
    }
    // Where a str/bin/ext payload ends is known exactly.
    void consumed(const char *p, uint32_t size)
    {
        if (size > 0)
            m_position = quint64(p - m_base) + size;
    }
    bool scalar(QVariant &&v)
    {
        beginItem();
        return deliver(std::move(v));
    }
    bool open(uint32_t count, bool isMap);
    bool deliver(QVariant &&v);
    bool extValue(qint8 type, const char *data, uint32_t size);

    const char *m_base;
    quint64 m_size;
    quint64 m_position = 0; // lower bound of the parse position
    quint64 m_owed = 1;     // items announced but not begun yet (the root first)
    int m_maxDepth;
    bool m_mapClassDicts;
    qint64 m_maxItems;        // PyroDecodeOptions::maxItems; 0: no budget
    quint64 m_items = 0;      // container elements announced so far
    bool m_parseError = false;
    size_t m_parseErrorOffset = 0;
    // Frames are reused, not popped, so that a map's pair buffer serves all the maps that
    // follow at the same depth (one allocation less per map).
    std::vector<Frame> m_frames;
    size_t m_depth = 0;
    bool m_inKey = false;      // the str being read is a map key (see PyroKeyCache)
    PyroKeyCache m_keys;
    QVariant m_root;
    PyroError m_error;
};

bool Decoder::open(uint32_t count, bool isMap)
{
    beginItem();
    if (m_depth >= size_t(m_maxDepth))
        return fail(PyroSerializerUtils::tooDeep(u"MsgpackSerializer"_s, m_maxDepth));
    m_owed += quint64(count) * (isMap ? 2 : 1);
    m_items += quint64(count) * (isMap ? 2 : 1);
    if (m_maxItems > 0 && m_items > quint64(m_maxItems))
        return fail(PyroSerializerUtils::tooManyItems(m_maxItems));
    if (m_position + m_owed > m_size)
        return fail(u"incomplete msgpack data: %1 of %2 items cannot fit in the remaining %3 bytes"_s
                        .arg(isMap ? u"a map"_s : u"an array"_s)
                        .arg(count)
                        .arg(m_size - std::min(m_position, m_size)));
    if (m_depth == m_frames.size())
        m_frames.emplace_back();
    Frame &frame = m_frames[m_depth++];
    frame.isMap = isMap;
    frame.haveKey = false;
    frame.stringKeysOnly = true;
    frame.classIndex = -1;
    frame.pairs.clear();
    frame.items.clear();
    // The count is bounded by the input size, but grow with what really arrives anyway.
    const qsizetype reserve = qsizetype(std::min<uint32_t>(count, 4096));
    if (isMap)
        frame.pairs.reserve(reserve);
    else
        frame.items.reserve(reserve);
    return true;
}

bool Decoder::end_array()
{
    QVariantList items = std::move(m_frames[--m_depth].items);
    return deliver(QVariant(std::move(items)));
}

bool Decoder::end_map()
{
    Frame &frame = m_frames[--m_depth];

    QString className;
    const bool isClassDict = m_mapClassDicts && frame.classIndex >= 0;
    if (isClassDict) {
        const QVariant &cls = frame.pairs.at(frame.classIndex).second;
        if (cls.typeId() == QMetaType::QString)
            className = cls.toString();
        else if (cls.typeId() == QMetaType::QByteArray)
            className = QString::fromUtf8(cls.toByteArray()); // as Pyro5's dict_to_class does
        else
            return fail(u"invalid __class__ value of type %1"_s.arg(PyroValues::pythonTypeName(cls)));
    }

    QVariant dict;
    if (frame.stringKeysOnly) {
        QVariantMap map;
        for (PyroDict::Entry &entry : frame.pairs)
            map.insert(*static_cast<const QString *>(entry.first.constData()), std::move(entry.second));
        dict = QVariant(std::move(map));
        frame.pairs.clear(); // keeps the capacity for the next map at this depth
    } else {
        dict = QVariant::fromValue(PyroDict::fromPairs(std::move(frame.pairs)));
    }
    if (!isClassDict)
        return deliver(std::move(dict));

    PyroError e;
    QVariant mapped = PyroSerializerUtils::fromClassDict(className, dict, PyroSerializerIds::Msgpack, &e);
    if (!mapped.isValid())
        return fail(e.isError() ? e : serializeError(u"unsupported serialized class: "_s + className));
    return deliver(std::move(mapped));
}

bool Decoder::deliver(QVariant &&v)
{
    if (m_depth == 0) {
        m_root = std::move(v);
        return true;
    }
    Frame &frame = m_frames[m_depth - 1];
    if (!frame.isMap) {
        frame.items.append(std::move(v));
        return true;
    }
    if (!frame.haveKey) {
        const int id = v.typeId();
        if (id != QMetaType::QString) {
            frame.stringKeysOnly = false;
            // Pyro5 unpacks with msgpack's strict_map_key: only str and bytes keys.
            if (m_mapClassDicts && id != QMetaType::QByteArray)
                return fail(u"%1 is not allowed for map key when strict_map_key=True"_s
                                .arg(pythonKeyTypeName(v)));
        } else if (m_mapClassDicts
                   && *static_cast<const QString *>(v.constData()) == QLatin1StringView("__class__")) {
            frame.classIndex = frame.pairs.size();
        }
        frame.key = std::move(v);
        frame.haveKey = true;
        return true;
    }
    frame.pairs.append({std::move(frame.key), std::move(v)});
    frame.key = QVariant();
    frame.haveKey = false;
    return true;
}

bool Decoder::visit_ext(const char *p, uint32_t size)
{
    beginItem();
    consumed(p, size);
    // size counts the type byte in front of the payload.
    if (size < 1)
        return fail(u"invalid msgpack ext"_s);
    return extValue(qint8(p[0]), p + 1, size - 1);
}

bool Decoder::extValue(qint8 type, const char *data, uint32_t size)
{
    switch (type) {
    case ExtComplex:
        if (size != 16)
            return fail(u"invalid complex in msgpack ext 0x30: %1 bytes instead of 16"_s.arg(size));
        return deliver(QVariant::fromValue(PyroComplex(loadDoubleLE(data), loadDoubleLE(data + 8))));

    case ExtBigInt: {
        // Python runs int() on the text: surrounding whitespace and single underscores
        // between digits are allowed, and so many digits at most.
        const QByteArrayView text = QByteArrayView(data, size).trimmed();
        QByteArray digits;
        digits.reserve(text.size());
        qsizetype count = 0;
        bool valid = !text.isEmpty();
        for (qsizetype i = 0; valid && i < text.size(); ++i) {
            const char c = text.at(i);
            if (c >= '0' && c <= '9') {
                ++count;
                digits.append(c);
            } else if ((c == '-' || c == '+') && i == 0) {
                digits.append(c);
            } else if (c == '_' && count > 0 && i + 1 < text.size() && text.at(i - 1) != '_'
                       && text.at(i + 1) >= '0' && text.at(i + 1) <= '9') {
                // skipped
            } else {
                valid = false;
            }
        }
        if (count > PyroBigInt::MaxDecimalDigits)
            return fail(u"Exceeds the limit (%1 digits) for integer string conversion: value has %2 digits"_s
                            .arg(PyroBigInt::MaxDecimalDigits).arg(count));
        const PyroBigInt big = valid ? PyroBigInt::fromLatin1(digits) : PyroBigInt();
        if (!big.isValid())
            return fail(u"invalid literal for int() with base 10: %1"_s
                            .arg(QString::fromLatin1(QByteArrayView(data, std::min<uint32_t>(size, 64)))));
        return deliver(PyroBigInt::normalized(big));
    }

    case ExtDateTime: {
        if (size != 8)
            return fail(u"invalid datetime in msgpack ext 0x32: %1 bytes instead of 8"_s.arg(size));
        const double timestamp = loadDoubleLE(data);
        if (!(timestamp >= MinTimestamp && timestamp <= MaxTimestamp)) // also catches NaN
            return fail(u"timestamp out of range for datetime: %1"_s
                            .arg(QString::fromLatin1(PyroValues::floatRepr(timestamp))));
        // datetime.fromtimestamp(): microseconds rounded half to even, then local time.
        double whole = 0;
        const double fraction = std::modf(timestamp, &whole);
        qint64 seconds = qint64(whole);
        qint64 micros = qint64(std::nearbyint(fraction * 1e6));
        if (micros >= 1000000) {
            micros -= 1000000;
            ++seconds;
        } else if (micros < 0) {
            micros += 1000000;
            --seconds;
        }
        // QDateTime keeps milliseconds: take the nearest one. Truncating would turn the
        // double's rounding error into a 1 ms loss per round trip (for timestamps past 2^33 s,
        // where the encoded milliseconds come back as ...999 microseconds).
        const qint64 truncated = seconds * 1000 + micros / 1000;
        QDateTime dt = QDateTime::fromMSecsSinceEpoch(truncated + (micros % 1000 >= 500 ? 1 : 0),
                                                      Qt::LocalTime);
        if (dt.isValid() && dt.date().year() > 9999) // rounded up past datetime.max
            dt = QDateTime::fromMSecsSinceEpoch(truncated, Qt::LocalTime);
        if (!dt.isValid() || dt.date().year() < 1 || dt.date().year() > 9999)
            return fail(u"year is out of range for timestamp %1"_s
                            .arg(QString::fromLatin1(PyroValues::floatRepr(timestamp))));
        return deliver(QVariant(dt));
    }

    case ExtDate: {
        // A C long: 8 bytes from Linux/macOS senders, 4 from Windows ones.
        qint64 ordinal = 0;
        if (size == 8)
            ordinal = qFromLittleEndian<qint64>(data);
        else if (size == 4)
            ordinal = qFromLittleEndian<qint32>(data);
        else
            return fail(u"invalid date in msgpack ext 0x33: %1 bytes instead of 8"_s.arg(size));
        if (ordinal < 1)
            return fail(u"ordinal must be >= 1"_s);
        if (ordinal > MaxOrdinal)
            return fail(u"year is out of range for date ordinal %1"_s.arg(ordinal));
        return deliver(QVariant(QDate::fromJulianDay(ordinal + OrdinalToJulianDay)));
    }

    case ExtMsgpackTimestamp: {
        // msgpack's own timestamp: Python's unpacker turns it into a msgpack.Timestamp
        // without asking Pyro5's ext hook; the nearest Qt value is a UTC QDateTime.
        qint64 seconds = 0;
        quint32 nanos = 0;
        if (size == 4) {
            seconds = qFromBigEndian<quint32>(data);
        } else if (size == 8) {
            const quint64 v = qFromBigEndian<quint64>(data);
            nanos = quint32(v >> 34);
            seconds = qint64(v & 0x3ffffffffULL);
        } else if (size == 12) {
            nanos = qFromBigEndian<quint32>(data);
            seconds = qFromBigEndian<qint64>(data + 4);
        } else {
            return fail(u"invalid msgpack timestamp: %1 bytes"_s.arg(size));
        }
        constexpr qint64 limit = qint64(1) << 40; // far beyond any QDateTime use
        if (nanos > 999999999 || seconds > limit || seconds < -limit)
            return fail(u"msgpack timestamp out of range"_s);
        return deliver(QVariant(QDateTime::fromMSecsSinceEpoch(seconds * 1000 + nanos / 1000000, Qt::UTC)));
    }

    default:
        return fail(u"invalid ext code for msgpack: %1"_s.arg(int(type)));
    }
}

} // namespace

bool PyroMsgpackSerializer::encode(QByteArray &out, const QVariant &value,
                                   const PyroEncodeContext &context, PyroError *error) const
{
    const qsizetype originalSize = out.size();
    Encoder encoder(out, context);
    bool ok = false;
    try {
        ok = encoder.value(value, 0);
    } catch (const std::exception &e) {
        encoder.error = serializeError(u"msgpack encoding failed: "_s + QString::fromLocal8Bit(e.what()));
    } catch (...) {
        encoder.error = serializeError(u"msgpack encoding failed"_s);
    }
    if (!ok) {
        out.resize(originalSize);
        if (error)
            *error = encoder.error;
    }
    return ok;
}

QVariant PyroMsgpackSerializer::decode(QByteArrayView data, const PyroDecodeOptions &options,
                                       PyroError *error) const
{
    auto failed = [error](PyroError e) {
        if (error)
            *error = std::move(e);
        return QVariant();
    };
    if (data.isEmpty())
        return failed(serializeError(u"incomplete msgpack data: empty input"_s));
    // Pyro5 frames carry less than 4 GiB, and msgpack-cxx counts ext lengths in 32 bits.
    if (quint64(data.size()) > quint64(std::numeric_limits<uint32_t>::max()))
        return failed(serializeError(u"msgpack data too large"_s));

    Decoder decoder(data, options);
    std::size_t offset = 0;
    bool ok = false;
    try {
        ok = msgpack::parse(data.data(), std::size_t(data.size()), offset, decoder);
    } catch (const std::bad_alloc &) {
        return failed(PyroSerializerUtils::outOfMemory());
    } catch (const std::exception &e) {
        return failed(serializeError(u"invalid msgpack data: "_s + QString::fromLocal8Bit(e.what())));
    } catch (...) {
        return failed(serializeError(u"invalid msgpack data"_s));
    }
    if (!ok) {
        if (decoder.hasError())
            return failed(decoder.error());
        if (decoder.parseError()) {
            const size_t at = decoder.parseErrorOffset();
            const int byte = at < size_t(data.size()) ? uchar(data.at(qsizetype(at))) : -1;
            return failed(serializeError(u"invalid msgpack data: byte 0x%1 at offset %2"_s
                                             .arg(byte, 2, 16, QLatin1Char('0')).arg(qulonglong(at))));
        }
        return failed(serializeError(u"incomplete msgpack data: input ends after %1 bytes"_s
                                         .arg(data.size())));
    }
    if (offset != std::size_t(data.size()))
        return failed(serializeError(u"extra data after the msgpack value: %1 bytes at offset %2"_s
                                         .arg(data.size() - qsizetype(offset)).arg(offset)));
    return decoder.takeResult();
}
