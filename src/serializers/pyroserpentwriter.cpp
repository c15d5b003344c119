// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// Serpent's writer: Python repr() text of a value, byte for byte what Python serpent writes.
#include "pyroserpent_p.h"

#include "pyrobigint_p.h"
#include "pyroclassmapping_p.h"
#include "pyrofloatformat_p.h"
#include "pyrotext_p.h"
#include "pyrovalues_p.h"

#include <QtCore/QVarLengthArray>

#if defined(__SSE2__)
#  include <emmintrin.h>
#endif

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;
using namespace PyroSerpent;

namespace {

using PyroText::putUtf8;
using PyroText::utf8Length;

constexpr char hexDigits[] = "0123456789abcdef";

inline int escapeLength(char32_t cp)
{
    return cp < 0x100 ? 4 : cp < 0x10000 ? 6 : 10;
}

// \xhh, \uhhhh or \Uhhhhhhhh, lower-case hex like Python's repr().
inline char *putEscape(char *w, char32_t cp)
{
    int digits;
    *w++ = '\\';
    if (cp < 0x100) {
        *w++ = 'x';
        digits = 2;
    } else if (cp < 0x10000) {
        *w++ = 'u';
        digits = 4;
    } else {
        *w++ = 'U';
        digits = 8;
    }
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        *w++ = hexDigits[(cp >> shift) & 0xF];
    return w;
}

// Output bytes of an ASCII character inside a repr() (before quote escaping): printable
// ones 1, backslash and \t \n \r 2, other control characters 4 (\xhh).
struct AsciiCosts
{
    quint8 cost[128];
};
constexpr AsciiCosts makeAsciiCosts()
{
    AsciiCosts t{};
    for (int c = 0; c < 128; ++c) {
        if (c >= 0x20 && c < 0x7F)
            t.cost[c] = c == '\\' ? 2 : 1;
        else
            t.cost[c] = (c == '\t' || c == '\n' || c == '\r') ? 2 : 4;
    }
    return t;
}
constexpr AsciiCosts asciiCosts = makeAsciiCosts();

// The length of the leading run of units that every repr() writes as themselves, in either
// quote: printable ASCII except the quotes and the backslash. 8 UTF-16 units at a time
// where SSE2 is there (the 133 MiB base64 text of a 100 MiB bytes value is one such run).
template <typename Unit>
qsizetype plainAsciiRun(const Unit *u, qsizetype n)
{
    qsizetype i = 0;
#if defined(__SSE2__)
    if constexpr (sizeof(Unit) == 2) {
        // signed compares: units from 0x8000 are negative and fail "above 0x1f"
        const __m128i belowPrintable = _mm_set1_epi16(0x1f), del = _mm_set1_epi16(0x7f);
        const __m128i single = _mm_set1_epi16('\''), dbl = _mm_set1_epi16('"');
        const __m128i backslash = _mm_set1_epi16('\\');
        for (; i + 8 <= n; i += 8) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(u + i));
            const __m128i printable = _mm_and_si128(_mm_cmpgt_epi16(v, belowPrintable),
                                                    _mm_cmplt_epi16(v, del));
            const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi16(v, single),
                                                              _mm_cmpeq_epi16(v, dbl)),
                                                 _mm_cmpeq_epi16(v, backslash));
            if (_mm_movemask_epi8(_mm_andnot_si128(special, printable)) != 0xffff)
                break;
        }
    }
#endif
    for (; i < n; ++i) {
        const Unit c = u[i];
        if (c < 0x20 || c >= 0x7f || c == '\'' || c == '"' || c == '\\')
            break;
    }
    return i;
}

// Copies n units known to be ASCII as bytes; returns the end.
template <typename Unit>
char *putAscii(char *w, const Unit *u, qsizetype n)
{
    qsizetype i = 0;
#if defined(__SSE2__)
    if constexpr (sizeof(Unit) == 2) {
        for (; i + 16 <= n; i += 16) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(u + i));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(u + i + 8));
            _mm_storeu_si128(reinterpret_cast<__m128i *>(w + i), _mm_packus_epi16(a, b));
        }
    }
#endif
    for (; i < n; ++i)
        w[i] = char(u[i]);
    return w + n;
}

inline char *putAsciiEscaped(char *w, uchar c)
{
    *w++ = '\\';
    switch (c) {
    case '\t': *w++ = 't'; break;
    case '\n': *w++ = 'n'; break;
    case '\r': *w++ = 'r'; break;
    case '\\': *w++ = '\\'; break;
    default:
        *w++ = 'x';
        *w++ = hexDigits[c >> 4];
        *w++ = hexDigits[c & 0xF];
        break;
    }
    return w;
}

// ---- writer ------------------------------------------------------------------------------

class SerpentWriter
{
public:
    SerpentWriter(QByteArray &out, const PyroEncodeContext &context)
        : m_out(out), m_context(context), m_start(out.size()) { }

    bool write(const QVariant &value, int level);
    const PyroError &error() const { return m_error; }
    void finish()
    {
        if (m_cursor)
            m_out.resize(m_cursor - m_out.constData());
    }

private:
    // The output is written through a cursor into room made ahead in m_out (doubling what
    // this encode wrote so far), and finish() cuts m_out to what was written: far cheaper
    // than a QByteArray call per character. grow(n) hands out n bytes to fill completely.
    char *grow(qsizetype n)
    {
        if (m_limit - m_cursor < n)
            expand(n);
        char *at = m_cursor;
        m_cursor += n;
        return at;
    }
    void expand(qsizetype n)
    {
        const qsizetype used = m_cursor ? m_cursor - m_out.constData() : m_out.size();
        m_out.resize(used + qMax(n, qMax(qsizetype(256), used - m_start)));
        m_cursor = m_out.data() + used;
        m_limit = m_out.data() + m_out.size();
    }
    void put(char c)
    {
        if (m_cursor == m_limit)
            expand(1);
        *m_cursor++ = c;
    }
    // QByteArray::append(const char *, n) goes through insert(); copying into grown space is cheaper
    void put(const char *text, qsizetype n) { std::memcpy(grow(n), text, size_t(n)); }
    template<size_t N>
    void put(const char (&text)[N]) { put(text, qsizetype(N - 1)); }

    bool fail(const QString &message)
    {
        m_error = PyroClassMapping::serializeError(message);
        return false;
    }
    bool tooDeep()
    {
        m_error = PyroClassMapping::tooDeep(u"serpent"_s, SerpentMaxLevel);
        return false;
    }

    void writeInt(qlonglong value);
    bool writeBigInt(const PyroBigInt &value);
    void writeFloat(double value);
    void writeStr(QStringView text) { writeStrUnits(text.utf16(), text.size()); }
    // Unit is char16_t (UTF-16, pairs are one character) or char32_t (code points).
    template <typename Unit>
    void writeStrUnits(const Unit *u, qsizetype n);
    void writeBytes(const QByteArray &bytes);
    void writeBytesRepr(const QByteArray &bytes);
    void writeBase64Dict(const QByteArray &bytes);
    bool writeItems(const QVariantList &items, int level, bool checkKeys);
    bool writeList(const QVariant &value, int level);
    bool writeDict(const QVariant &value, int level);
    bool writeOther(const QVariant &value, int level);
    bool checkKey(const QVariant &key);

    QByteArray &m_out;
    const PyroEncodeContext &m_context;
    const qsizetype m_start;
    char *m_cursor = nullptr;
    char *m_limit = nullptr;
    PyroError m_error;
};

bool SerpentWriter::write(const QVariant &value, int level)
{
    if (level > SerpentMaxLevel)
        return tooDeep();
    // the usual types first, without the general dispatch and QVariant conversions
    const void *data = value.constData();
    switch (value.typeId()) {
    case QMetaType::QString:
        writeStr(*static_cast<const QString *>(data));
        return true;
    case QMetaType::LongLong:
        writeInt(*static_cast<const qlonglong *>(data));
        return true;
    case QMetaType::Int:
        writeInt(*static_cast<const int *>(data));
        return true;
    case QMetaType::Double:
        writeFloat(*static_cast<const double *>(data));
        return true;
    case QMetaType::Bool:
        if (*static_cast<const bool *>(data))
            put("True");
        else
            put("False");
        return true;
    default:
        break;
    }
    switch (pyroKind(value)) {
    case PyroKind::None:
        put("None");
        return true;
    case PyroKind::Bool:
        if (value.toBool())
            put("True");
        else
            put("False");
        return true;
    case PyroKind::Int:
        switch (value.typeId()) {
        case QMetaType::Char16:
            writeInt(qlonglong(value.value<char16_t>()));
            break;
        case QMetaType::Char32:
            writeInt(qlonglong(value.value<char32_t>()));
            break;
        default:
            writeInt(value.toLongLong());
            break;
        }
        return true;
    case PyroKind::BigInt:
        if (value.typeId() == QMetaType::ULongLong)
            return writeBigInt(PyroBigInt::fromUnsigned(value.toULongLong()));
        return writeBigInt(value.value<PyroBigInt>());
    case PyroKind::Float:
        writeFloat(value.toDouble());
        return true;
    case PyroKind::Complex: {
        const PyroComplex c = value.value<PyroComplex>();
        put('(');
        writeFloat(c.real());
        // serpent prints the sign only for a non-negative imaginary part (NaN gets none)
        if (c.imag() >= 0)
            put('+');
        writeFloat(c.imag());
        put("j)");
        return true;
    }
    case PyroKind::Str:
        if (value.typeId() == QMetaType::QString) {
            writeStr(*static_cast<const QString *>(value.constData()));
        } else if (value.typeId() == qMetaTypeId<PyroSurrogateString>()) {
            const auto &codePoints = static_cast<const PyroSurrogateString *>(value.constData())->codePoints();
            writeStrUnits(codePoints.constData(), codePoints.size());
        } else {
            writeStr(value.toString());
        }
        return true;
    case PyroKind::Bytes:
        writeBytes(*static_cast<const QByteArray *>(value.constData()));
        return true;
    case PyroKind::List:
        return writeList(value, level);
    case PyroKind::Tuple: {
        const QVariantList &items = static_cast<const PyroTuple *>(value.constData())->items();
        put('(');
        if (!writeItems(items, level, false))
            return false;
        if (items.size() == 1)
            put(',');
        put(')');
        return true;
    }
    case PyroKind::Set: {
        const QVariantList &items = static_cast<const PyroSet *>(value.constData())->items();
        if (items.isEmpty()) { // there is no empty set literal; serpent writes an empty tuple
            put("()");
            return true;
        }
        put('{');
        if (!writeItems(items, level, true))
            return false;
        put('}');
        return true;
    }
    case PyroKind::Dict:
        return writeDict(value, level);
    case PyroKind::Other:
        return writeOther(value, level);
    }
    return fail(u"cannot serialize "_s + QString::fromLatin1(value.typeName()));
}

void SerpentWriter::writeInt(qlonglong value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    put(buffer, result.ptr - buffer);
}

bool SerpentWriter::writeBigInt(const PyroBigInt &value)
{
    if (!value.isValid())
        return fail(u"invalid PyroBigInt"_s);
    if (value.isNegative())
        put('-');
    put(value.digits().constData(), value.digits().size());
    return true;
}

void SerpentWriter::writeFloat(double value)
{
    if (std::isnan(value)) {
        put("{'__class__':'float','value':'nan'}"); // no literal for NaN
    } else if (std::isinf(value)) {
        if (value > 0)
            put("1e30000"); // a literal that overflows to inf when read back
        else
            put("-1e30000");
    } else {
        char buffer[40];
        put(buffer, pyroFormatFloatRepr(value, buffer));
    }
}

// Python's repr() of a str. Two passes over the UTF-16 text: the first picks the quote
// and sizes the output exactly, the second writes it in place.
template <typename Unit>
void SerpentWriter::writeStrUnits(const Unit *u, qsizetype n)
{
    qsizetype length = 0;
    qsizetype singles = 0;
    bool doubles = false;
    bool plain = true; // only characters written as themselves (quotes aside)
    const qsizetype run = plainAsciiRun(u, n);
    length += run;
    for (qsizetype i = run; i < n; ++i) {
        const Unit c = u[i];
        if (c < 0x80) {
            const quint8 cost = asciiCosts.cost[c];
            length += cost;
            plain = plain && cost == 1;
            if (c == '\'')
                ++singles;
            else if (c == '"')
                doubles = true;
            continue;
        }
        plain = false;
        char32_t cp = c;
        if constexpr (sizeof(Unit) == 2) {
            if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(u[i + 1]))
                cp = QChar::surrogateToUcs4(c, u[++i]);
        }
        length += PyroText::isPrintable(cp) ? utf8Length(cp) : escapeLength(cp);
    }
    // repr() prefers single quotes, and switches to double ones only to avoid escaping
    const char quote = (singles && !doubles) ? '"' : '\'';
    if (quote == '\'')
        length += singles;
    char *w = grow(length + 2);
    *w++ = quote;
    if (plain && (quote == '"' || singles == 0)) {
        w = putAscii(w, u, n);
    } else {
        w = putAscii(w, u, run);
        for (qsizetype i = run; i < n; ++i) {
            const Unit c = u[i];
            if (c < 0x80) {
                if (asciiCosts.cost[c] != 1) {
                    w = putAsciiEscaped(w, uchar(c));
                } else {
                    if (c == quote)
                        *w++ = '\\';
                    *w++ = char(c);
                }
                continue;
            }
            char32_t cp = c;
            if constexpr (sizeof(Unit) == 2) {
                if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(u[i + 1]))
                    cp = QChar::surrogateToUcs4(c, u[++i]);
            }
            w = PyroText::isPrintable(cp) ? putUtf8(w, cp) : putEscape(w, cp);
        }
    }
    *w = quote;
}

void SerpentWriter::writeBytes(const QByteArray &bytes)
{
    if (m_context.serpentBytesRepr)
        writeBytesRepr(bytes);
    else
        writeBase64Dict(bytes);
}

// Python's repr() of bytes: b'...' with the same quote rule as str.
void SerpentWriter::writeBytesRepr(const QByteArray &bytes)
{
    const uchar *b = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype length = 0;
    qsizetype singles = 0;
    bool doubles = false;
    for (qsizetype i = 0; i < n; ++i) {
        const uchar c = b[i];
        length += c < 0x80 ? asciiCosts.cost[c] : 4;
        if (c == '\'')
            ++singles;
        else if (c == '"')
            doubles = true;
    }
    const char quote = (singles && !doubles) ? '"' : '\'';
    if (quote == '\'')
        length += singles;
    char *w = grow(length + 3);
    *w++ = 'b';
    *w++ = quote;
    for (qsizetype i = 0; i < n; ++i) {
        const uchar c = b[i];
        if (c >= 0x80 || asciiCosts.cost[c] != 1) {
            w = putAsciiEscaped(w, c);
        } else {
            if (c == uchar(quote))
                *w++ = '\\';
            *w++ = char(c);
        }
    }
    *w = quote;
}

// What Pyro5 sends for bytes by default: repr() of {'data': <base64>, 'encoding': 'base64'},
// hence the spaces that appear nowhere else in serpent output.
void SerpentWriter::writeBase64Dict(const QByteArray &bytes)
{
    static constexpr char prefix[] = "{'data': '";
    static constexpr char suffix[] = "', 'encoding': 'base64'}";
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const uchar *b = reinterpret_cast<const uchar *>(bytes.constData());
    const qsizetype n = bytes.size();
    char *w = grow(qsizetype(sizeof prefix - 1) + (n + 2) / 3 * 4 + qsizetype(sizeof suffix - 1));
    std::memcpy(w, prefix, sizeof prefix - 1);
    w += sizeof prefix - 1;
    qsizetype i = 0;
    for (; i + 3 <= n; i += 3) {
        const quint32 v = quint32(b[i]) << 16 | quint32(b[i + 1]) << 8 | b[i + 2];
        *w++ = alphabet[v >> 18];
        *w++ = alphabet[(v >> 12) & 63];
        *w++ = alphabet[(v >> 6) & 63];
        *w++ = alphabet[v & 63];
    }
    if (n - i == 1) {
        const quint32 v = quint32(b[i]) << 16;
        *w++ = alphabet[v >> 18];
        *w++ = alphabet[(v >> 12) & 63];
        *w++ = '=';
        *w++ = '=';
    } else if (n - i == 2) {
        const quint32 v = quint32(b[i]) << 16 | quint32(b[i + 1]) << 8;
        *w++ = alphabet[v >> 18];
        *w++ = alphabet[(v >> 12) & 63];
        *w++ = alphabet[(v >> 6) & 63];
        *w++ = '=';
    }
    std::memcpy(w, suffix, sizeof suffix - 1);
}

// serpent only accepts these as dict keys and set elements (plus enums, which are ints
// here); anything else is its TypeError.
bool SerpentWriter::checkKey(const QVariant &key)
{
    switch (pyroKind(key)) {
    case PyroKind::Bool:
    case PyroKind::Int:
    case PyroKind::BigInt:
    case PyroKind::Float:
    case PyroKind::Complex:
    case PyroKind::Str:
    case PyroKind::Bytes:
    case PyroKind::Tuple:
        return true;
    default:
        return fail(u"one of the keys in a dict or set is not of a primitive hashable type: <class '%1'>. "
                    "Use simple types as keys or use a list or tuple as container."_s
                        .arg(PyroValues::pythonTypeName(key)));
    }
}

bool SerpentWriter::writeItems(const QVariantList &items, int level, bool checkKeys)
{
    bool first = true;
    for (const QVariant &item : items) {
        if (!first)
            put(',');
        first = false;
        if (checkKeys && !checkKey(item))
            return false;
        if (!write(item, level + 1))
            return false;
    }
    return true;
}

bool SerpentWriter::writeList(const QVariant &value, int level)
{
    put('[');
    switch (value.typeId()) {
    case QMetaType::QVariantList:
        if (!writeItems(*static_cast<const QVariantList *>(value.constData()), level, false))
            return false;
        break;
    case QMetaType::QStringList: {
        const QStringList &strings = *static_cast<const QStringList *>(value.constData());
        if (!strings.isEmpty() && level + 1 > SerpentMaxLevel)
            return tooDeep();
        bool first = true;
        for (const QString &s : strings) {
            if (!first)
                put(',');
            first = false;
            writeStr(s);
        }
        break;
    }
    default:
        if (!writeItems(PyroClassMapping::listItems(value), level, false))
            return false;
        break;
    }
    put(']');
    return true;
}

bool SerpentWriter::writeDict(const QVariant &value, int level)
{
    put('{');
    const int id = value.typeId();
    if (id == QMetaType::QVariantMap) {
        const QVariantMap &map = *static_cast<const QVariantMap *>(value.constData());
        if (!map.isEmpty() && level + 1 > SerpentMaxLevel)
            return tooDeep();
        bool first = true;
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (!first)
                put(',');
            first = false;
            writeStr(it.key());
            put(':');
            if (!write(it.value(), level + 1))
                return false;
        }
    } else if (id == QMetaType::QVariantHash) {
        const QVariantHash &hash = *static_cast<const QVariantHash *>(value.constData());
        if (!hash.isEmpty() && level + 1 > SerpentMaxLevel)
            return tooDeep();
        bool first = true;
        for (auto it = hash.cbegin(); it != hash.cend(); ++it) {
            if (!first)
                put(',');
            first = false;
            writeStr(it.key());
            put(':');
            if (!write(it.value(), level + 1))
                return false;
        }
    } else {
        const PyroDict &dict = *static_cast<const PyroDict *>(value.constData());
        bool first = true;
        for (const PyroDict::Entry &entry : dict.entries()) {
            if (!first)
                put(',');
            first = false;
            if (!checkKey(entry.first) || !write(entry.first, level + 1))
                return false;
            put(':');
            if (!write(entry.second, level + 1))
                return false;
        }
    }
    put('}');
    return true;
}

// Values without a serpent form go through Pyro5's class-to-dict mapping and are written
// at the same level, as serpent does for its class serializers. A replacement may itself
// need mapping (an autoproxied object becomes a PyroObjectRef, then a Proxy dict).
bool SerpentWriter::writeOther(const QVariant &value, int level)
{
    QVariant current = value;
    for (int round = 0; round < 8; ++round) {
        PyroError error;
        QVariant wire = PyroClassMapping::toWire(current, m_context, PyroSerializerIds::Serpent, &error);
        if (!wire.isValid()) {
            if (error.isError()) {
                m_error = error;
                return false;
            }
            return fail(u"don't know how to serialize class <class '%1'> using serializer SerpentSerializer"_s
                            .arg(QString::fromLatin1(current.typeName())));
        }
        if (pyroKind(wire) != PyroKind::Other)
            return write(wire, level);
        current = std::move(wire);
    }
    return fail(u"don't know how to serialize class <class '%1'> using serializer SerpentSerializer"_s
                    .arg(QString::fromLatin1(value.typeName())));
}

} // namespace

/*
    \code
    QByteArray payload;
    PyroError error;
    if (!serpent->encode(payload, value, PyroEncodeContext(), &error))
        qWarning() << error;
    \endcode
    Appends \a value as serpent text, byte for byte what Python's serpent 1.41 writes for
    Pyro5 (header line, no whitespace, Python repr() of strings and floats, bytes as the
    base64 dict unless \a context asks for b'' literals). Values without a serpent form go
    through PyroClassMapping::toWire(). Fails with SerializeError, leaving \a out as it
    was, for what Python serpent refuses too: dict keys or set items that are not str,
    bytes, numbers, bools or tuples, more than 200 levels, unknown types.
*/
bool PyroSerpentSerializer::encode(QByteArray &out, const QVariant &value,
                                   const PyroEncodeContext &context, PyroError *error) const
{
    const qsizetype original = out.size();
    out.append(Header, qsizetype(sizeof Header - 1));
    SerpentWriter writer(out, context);
    if (writer.write(value, 0)) {
        writer.finish();
        return true;
    }
    out.truncate(original);
    if (error)
        *error = writer.error();
    return false;
}
