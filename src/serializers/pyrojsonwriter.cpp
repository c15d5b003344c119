// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// Pyro5's json serializer, writing: json.dumps() text.
#include "pyrojson_p.h"
#include "pyrotext_p.h"

#include "pyrobigint_p.h"
#include "pyroclassmapping_p.h"
#include "pyroserializerutils.h"
#include "pyrofloatformat_p.h"
#include "pyroserializerregistry_p.h"
#include "pyrovalues_p.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

// Python's json encoder also recurses; it stops a little below 1000 levels.
constexpr int MaxEncodeDepth = PyroJsonSerializer::DefaultMaxDepth;

// ---- writer ------------------------------------------------------------------------------

class JsonWriter
{
public:
    JsonWriter(QByteArray &out, const PyroEncodeContext &context) : m_out(out), m_context(context) { }

    bool writeValue(const QVariant &value, int depth);
    bool writeString(QStringView text);
    bool writeSequence(const QVariantList &items, int depth);
    void writeLiteral(const char *text, qsizetype size) { m_out.append(text, size); }

    PyroError error;

private:
    // Grows out by up to extra bytes and returns where to write; finish() trims the unused
    // tail. Writing through a pointer keeps per-character overhead out of the hot loops.
    char *claim(qsizetype extra)
    {
        const qsizetype pos = m_out.size();
        m_out.resize(pos + extra);
        return m_out.data() + pos;
    }
    void finish(const char *end) { m_out.resize(end - m_out.constData()); }

    void writeInt(qlonglong value);
    void writeUInt(quint64 value, bool negative = false);
    bool writeBigInt(const QVariant &value);
    void writeFloat(double value);
    bool writeKey(const QVariant &key);
    bool writeDict(const QVariant &value, int depth);
    bool writeForeign(const QVariant &value, const QString &pythonName, int depth);
    bool fail(const QString &message)
    {
        error = PyroClassMapping::serializeError(message);
        return false;
    }
    // Python builds such a str but then fails to encode it as UTF-8.
    bool failSurrogates(const QVariant &str) { return fail(pyroSurrogatesNotAllowed(pyroStrCodePoints(str))); }
    bool enter(int depth)
    {
        if (depth > MaxEncodeDepth) {
            error = PyroClassMapping::tooDeep(u"JsonSerializer"_s, MaxEncodeDepth);
            return false;
        }
        return true;
    }

    QByteArray &m_out;
    const PyroEncodeContext &m_context;
};

void JsonWriter::writeUInt(quint64 value, bool negative)
{
    char buffer[24];
    char *end = buffer + sizeof buffer;
    char *p = end;
    do {
        *--p = char('0' + value % 10);
        value /= 10;
    } while (value);
    if (negative)
        *--p = '-';
    m_out.append(p, end - p);
}

void JsonWriter::writeInt(qlonglong value)
{
    if (value < 0)
        writeUInt(0 - quint64(value), true); // well defined for INT64_MIN too
    else
        writeUInt(quint64(value));
}

bool JsonWriter::writeBigInt(const QVariant &value)
{
    if (value.typeId() == QMetaType::ULongLong) {
        writeUInt(value.toULongLong());
        return true;
    }
    const PyroBigInt *big = static_cast<const PyroBigInt *>(value.constData());
    if (!big->isValid())
        return fail(u"invalid big integer"_s);
    // Python's int -> str conversion has the same limit; the peer could not read more.
    if (big->digits().size() > PyroBigIntMath::MaxDecimalDigits)
        return fail(u"Exceeds the limit (%1 digits) for integer string conversion"_s
                        .arg(PyroBigIntMath::MaxDecimalDigits));
    if (big->isNegative())
        m_out.append('-');
    m_out.append(big->digits());
    return true;
}

void JsonWriter::writeFloat(double value)
{
    if (std::isnan(value)) {
        m_out.append("NaN", 3);
    } else if (std::isinf(value)) {
        if (value < 0)
            m_out.append("-Infinity", 9);
        else
            m_out.append("Infinity", 8);
    } else {
        char buffer[32];
        const int n = pyroFormatFloatRepr(value, buffer);
        m_out.append(buffer, n);
    }
}

// Python's json.dumps(ensure_ascii=False): only '"', '\\' and the C0 controls are escaped,
// everything else (DEL, C1 controls, U+2028...) goes out as raw UTF-8.
bool JsonWriter::writeString(QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    // Worst case per UTF-16 unit is 6 bytes (\u00XX); work in chunks so a huge string
    // never makes us claim 6x its size at once.
    constexpr qsizetype Chunk = 4096;
    const char16_t *u = text.utf16();
    const qsizetype n = text.size();
    qsizetype i = 0;
    char *p = claim(1 + 6 * qMin(n, Chunk) + 1);
    *p++ = '"';
    while (true) {
        const qsizetype chunkEnd = qMin(n, i + Chunk);
        while (i < chunkEnd) {
            const char16_t c = u[i];
            if (c < 0x80) {
                if (c >= 0x20 && c != u'"' && c != u'\\') {
                    *p++ = char(c);
                    ++i;
                    continue;
                }
                *p++ = '\\';
                switch (c) {
                case u'"': *p++ = '"'; break;
                case u'\\': *p++ = '\\'; break;
                case u'\n': *p++ = 'n'; break;
                case u'\r': *p++ = 'r'; break;
                case u'\t': *p++ = 't'; break;
                case u'\b': *p++ = 'b'; break;
                case u'\f': *p++ = 'f'; break;
                default:
                    *p++ = 'u';
                    *p++ = '0';
                    *p++ = '0';
                    *p++ = hex[c >> 4];
                    *p++ = hex[c & 0xf];
                    break;
                }
                ++i;
            } else if (c < 0x800) {
                *p++ = char(0xc0 | (c >> 6));
                *p++ = char(0x80 | (c & 0x3f));
                ++i;
            } else if (QChar::isSurrogate(c)) {
                if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(u[i + 1])) {
                    const char32_t cp = QChar::surrogateToUcs4(c, u[i + 1]);
                    *p++ = char(0xf0 | (cp >> 18));
                    *p++ = char(0x80 | ((cp >> 12) & 0x3f));
                    *p++ = char(0x80 | ((cp >> 6) & 0x3f));
                    *p++ = char(0x80 | (cp & 0x3f));
                    i += 2; // may run one past chunkEnd; the outer loop copes
                } else {
                    // Python builds such a str but then fails to encode it as UTF-8.
                    finish(p);
                    return fail(u"'utf-8' codec can't encode character '\\u%1' in position %2: surrogates not allowed"_s
                                    .arg(uint(c), 4, 16, QChar(u'0')).arg(i));
                }
            } else {
                *p++ = char(0xe0 | (c >> 12));
                *p++ = char(0x80 | ((c >> 6) & 0x3f));
                *p++ = char(0x80 | (c & 0x3f));
                ++i;
            }
        }
        if (i >= n)
            break;
        finish(p);
        p = claim(6 * qMin(n - i, Chunk) + 1);
    }
    *p++ = '"';
    finish(p);
    return true;
}

bool JsonWriter::writeSequence(const QVariantList &items, int depth)
{
    if (!enter(depth))
        return false;
    m_out.append('[');
    bool first = true;
    for (const QVariant &item : items) {
        if (!first)
            m_out.append(", ", 2);
        first = false;
        if (!writeValue(item, depth))
            return false;
    }
    m_out.append(']');
    return true;
}

// Python's encoder turns int/float/bool/None keys into their JSON text as a string and
// refuses every other type (the default hook is not consulted for keys).
bool JsonWriter::writeKey(const QVariant &key)
{
    switch (pyroKind(key)) {
    case PyroKind::Str:
        if (key.typeId() == QMetaType::QString)
            return writeString(*static_cast<const QString *>(key.constData()));
        if (key.typeId() == qMetaTypeId<PyroSurrogateString>())
            return failSurrogates(key);
        return writeString(key.toString());
    case PyroKind::None:
        m_out.append("\"null\"", 6);
        return true;
    case PyroKind::Bool:
        if (key.toBool())
            m_out.append("\"true\"", 6);
        else
            m_out.append("\"false\"", 7);
        return true;
    case PyroKind::Int:
        m_out.append('"');
        if (key.typeId() == QMetaType::ULongLong)
            writeUInt(key.toULongLong());
        else
            writeInt(key.toLongLong());
        m_out.append('"');
        return true;
    case PyroKind::BigInt:
        m_out.append('"');
        if (!writeBigInt(key))
            return false;
        m_out.append('"');
        return true;
    case PyroKind::Float:
        m_out.append('"');
        writeFloat(key.toDouble());
        m_out.append('"');
        return true;
    default:
        error = PyroError(PyroError::Code::SerializeError,
                          u"keys must be str, int, float, bool or None, not %1"_s
                              .arg(PyroValues::pythonTypeName(key)));
        return false;
    }
}

bool JsonWriter::writeDict(const QVariant &value, int depth)
{
    if (!enter(depth))
        return false;
    const int id = value.typeId();
    m_out.append('{');
    bool first = true;
    auto entry = [&](const QVariant &key, const QVariant &item) {
        if (!first)
            m_out.append(", ", 2);
        first = false;
        if (!writeKey(key))
            return false;
        m_out.append(": ", 2);
        return writeValue(item, depth);
    };
    auto stringEntry = [&](const QString &key, const QVariant &item) {
        if (!first)
            m_out.append(", ", 2);
        first = false;
        if (!writeString(key))
            return false;
        m_out.append(": ", 2);
        return writeValue(item, depth);
    };
    if (id == QMetaType::QVariantMap) {
        const QVariantMap &map = *static_cast<const QVariantMap *>(value.constData());
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (!stringEntry(it.key(), it.value()))
                return false;
        }
    } else if (id == QMetaType::QVariantHash) {
        const QVariantHash &hash = *static_cast<const QVariantHash *>(value.constData());
        for (auto it = hash.cbegin(); it != hash.cend(); ++it) {
            if (!stringEntry(it.key(), it.value()))
                return false;
        }
    } else {
        const PyroDict &dict = *static_cast<const PyroDict *>(value.constData());
        for (const PyroDict::Entry &e : dict.entries()) {
            if (!entry(e.first, e.second))
                return false;
        }
    }
    m_out.append('}');
    return true;
}

// Values json has no form for (bytes, complex): Python hands them to Pyro5's default hook,
// which knows only registered converters and type replacements, then gives up.
bool JsonWriter::writeForeign(const QVariant &value, const QString &pythonName, int depth)
{
    if (const auto hook = PyroSerializerRegistry::instance().classToDict(value.typeId()))
        return writeValue(hook(value), depth + 1);
    if (m_context.replace) {
        const QVariant replacement = m_context.replace(value);
        if (replacement.isValid())
            return writeValue(replacement, depth + 1);
    }
    if (value.metaType().flags().testFlag(QMetaType::PointerToQObject))
        return fail(u"don't know how to serialize class <class '%1'> using serializer JsonSerializer%2"_s
                        .arg(pythonName, PyroClassMapping::unregisteredObjectHint(value)));
    return fail(u"don't know how to serialize class <class '%1'> using serializer JsonSerializer. "
                "Give it vars() or an appropriate __getstate__"_s.arg(pythonName));
}

bool JsonWriter::writeValue(const QVariant &value, int depth)
{
    switch (pyroKind(value)) {
    case PyroKind::None:
        m_out.append("null", 4);
        return true;
    case PyroKind::Bool:
        if (value.toBool())
            m_out.append("true", 4);
        else
            m_out.append("false", 5);
        return true;
    case PyroKind::Int:
        if (value.typeId() == QMetaType::ULongLong)
            writeUInt(value.toULongLong());
        else
            writeInt(value.toLongLong());
        return true;
    case PyroKind::BigInt:
        return writeBigInt(value);
    case PyroKind::Float:
        writeFloat(value.toDouble());
        return true;
    case PyroKind::Str:
        if (value.typeId() == QMetaType::QString)
            return writeString(*static_cast<const QString *>(value.constData()));
        if (value.typeId() == qMetaTypeId<PyroSurrogateString>())
            return failSurrogates(value);
        return writeString(value.toString());
    case PyroKind::Bytes:
        return writeForeign(value, u"bytes"_s, depth);
    case PyroKind::Complex:
        return writeForeign(value, u"complex"_s, depth);
    case PyroKind::List:
        if (value.typeId() == QMetaType::QVariantList)
            return writeSequence(*static_cast<const QVariantList *>(value.constData()), depth + 1);
        return writeSequence(PyroClassMapping::listItems(value), depth + 1);
    case PyroKind::Tuple:
        return writeSequence(static_cast<const PyroTuple *>(value.constData())->items(), depth + 1);
    case PyroKind::Set:
        // Pyro5 turns sets into arrays; QtPyro does the same for frozensets.
        return writeSequence(static_cast<const PyroSet *>(value.constData())->items(), depth + 1);
    case PyroKind::Dict:
        return writeDict(value, depth + 1);
    case PyroKind::Other:
        break;
    }
    if (!enter(depth + 1))
        return false;
    const QVariant wire = PyroClassMapping::toWire(value, m_context, PyroSerializerIds::Json, &error);
    if (!wire.isValid()) {
        if (!error.isError())
            error = PyroClassMapping::serializeError(
                u"don't know how to serialize class <class '%1'> using serializer JsonSerializer"_s
                    .arg(QString::fromLatin1(value.typeName())));
        return false;
    }
    // A replacement may itself need mapping (an object reference becomes a proxy dict);
    // the depth bound stops hooks that keep handing back something unwritable.
    return writeValue(wire, depth + 1);
}

bool fail(PyroError *error, const PyroError &e)
{
    if (error)
        *error = e;
    return false;
}

} // namespace

/*
    Appends Python's json.dumps(value, ensure_ascii=False) text of value, as UTF-8.
    Dicts become objects in their entry order (QVariantMap: sorted keys), tuples and sets
    arrays; bytes and complex numbers are refused like Pyro5 does.
*/
bool PyroJsonSerializer::encode(QByteArray &out, const QVariant &value,
                                const PyroEncodeContext &context, PyroError *error) const
{
    const qsizetype start = out.size();
    JsonWriter writer(out, context);
    if (!writer.writeValue(value, 0)) {
        out.resize(start);
        return fail(error, writer.error);
    }
    return true;
}

/*
    Writes the call as Pyro5's dumpsCall does, keys in this order:
    {"object": ..., "method": ..., "params": [...], "kwargs": {...} or null}.
    The arguments are an array whether call.argsAsList is set or not.
*/
bool PyroJsonSerializer::encodeCall(QByteArray &out, const PyroCall &call,
                                    const PyroEncodeContext &context, PyroError *error) const
{
    const qsizetype start = out.size();
    JsonWriter writer(out, context);
    writer.writeLiteral("{\"object\": ", 11);
    bool ok = writer.writeString(call.object);
    if (ok) {
        writer.writeLiteral(", \"method\": ", 12);
        ok = writer.writeString(call.method);
    }
    if (ok) {
        writer.writeLiteral(", \"params\": ", 12);
        ok = writer.writeSequence(call.args, 2);
    }
    if (ok) {
        writer.writeLiteral(", \"kwargs\": ", 12);
        ok = writer.writeValue(call.kwargs, 1);
    }
    if (!ok) {
        out.resize(start);
        return fail(error, writer.error);
    }
    out.append('}');
    return true;
}
