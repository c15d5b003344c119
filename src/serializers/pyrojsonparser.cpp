// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// Pyro5's json serializer, reading: what json.loads() accepts.
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

// ---- parser ------------------------------------------------------------------------------

enum class ClassDicts { Map, MapBelowRoot, Keep };

class JsonParser
{
public:
    JsonParser(QByteArrayView data, const PyroDecodeOptions &options, ClassDicts classDicts)
        : m_begin(reinterpret_cast<const uchar *>(data.data())),
          m_p(m_begin),
          m_end(m_begin + data.size()),
          m_maxDepth(options.maxDepth > 0 ? options.maxDepth : PyroJsonSerializer::DefaultMaxDepth),
          m_classDicts(options.mapClassDicts ? classDicts : ClassDicts::Keep),
          m_maxItems(options.maxItems)
    {
    }

    bool parseDocument(QVariant *out);

    PyroError error;

private:
    bool parseValue(QVariant *out, int depth);
    bool parseArray(QVariant *out, int depth);
    bool parseObject(QVariant *out, int depth);
    bool parseString(QString *out, bool isKey = false);
    bool decodeString(const uchar *from, const uchar *to, QString *out);
    bool parseNumber(QVariant *out);
    bool parseLiteral(const char *text, qsizetype size, QVariant value, QVariant *out);

    void skipWhitespace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    // Worded like Python's JSONDecodeError; the position is a byte offset (Python counts
    // characters).
    bool fail(const char *what, const uchar *at)
    {
        qsizetype line = 1;
        const uchar *lineStart = m_begin;
        for (const uchar *q = m_begin; q < at; ++q) {
            if (*q == '\n') {
                ++line;
                lineStart = q + 1;
            }
        }
        error = PyroClassMapping::serializeError(
            u"%1: line %2 column %3 (byte %4)"_s.arg(QLatin1StringView(what))
                .arg(line).arg(at - lineStart + 1).arg(at - m_begin));
        return false;
    }
    // Charges n container elements against the budget.
    bool charge(qint64 n)
    {
        m_items += n;
        if (m_maxItems <= 0 || m_items <= m_maxItems)
            return true;
        error = PyroClassMapping::tooManyItems(m_maxItems);
        return false;
    }
    bool failUtf8(const uchar *at, const char *why)
    {
        error = PyroClassMapping::serializeError(
            u"'utf-8' codec can't decode byte 0x%1 in position %2: %3"_s
                .arg(uint(*at), 2, 16, QChar(u'0')).arg(at - m_begin).arg(QLatin1StringView(why)));
        return false;
    }

    const uchar *const m_begin;
    const uchar *m_p;
    const uchar *const m_end;
    const int m_maxDepth;
    const ClassDicts m_classDicts;
    const qint64 m_maxItems; // PyroDecodeOptions::maxItems; 0: no budget
    qint64 m_items = 0;
    PyroKeyCache m_keys;
};

inline bool isDigit(uchar c)
{
    return c >= '0' && c <= '9';
}

// Eight bytes at a time for the string scans (SWAR): these tell exactly whether any byte
// of the word is zero / needs a look, which is all the loops need.
constexpr quint64 Ones = 0x0101010101010101ULL;
constexpr quint64 Highs = 0x8080808080808080ULL;

inline quint64 load64(const uchar *p)
{
    quint64 w;
    std::memcpy(&w, p, sizeof w);
    return w;
}

inline quint64 zeroByte(quint64 w)
{
    return (w - Ones) & ~w & Highs;
}

// A '"', a '\\' or a control character (< 0x20) somewhere in w.
inline bool hasStringSpecial(quint64 w)
{
    return (((w - Ones * 0x20) & ~w & Highs) | zeroByte(w ^ (Ones * '"'))
            | zeroByte(w ^ (Ones * '\\'))) != 0;
}

bool JsonParser::parseDocument(QVariant *out)
{
    skipWhitespace();
    if (m_end - m_p >= 3 && m_p[0] == 0xef && m_p[1] == 0xbb && m_p[2] == 0xbf)
        return fail("Unexpected UTF-8 BOM", m_p);
    if (!parseValue(out, 0))
        return false;
    skipWhitespace();
    if (m_p != m_end)
        return fail("Extra data", m_p);
    return true;
}

bool JsonParser::parseLiteral(const char *text, qsizetype size, QVariant value, QVariant *out)
{
    if (m_end - m_p < size || std::memcmp(m_p, text, size_t(size)) != 0)
        return fail("Expecting value", m_p);
    m_p += size;
    *out = std::move(value);
    return true;
}

bool JsonParser::parseValue(QVariant *out, int depth)
{
    if (m_p >= m_end)
        return fail("Expecting value", m_p);
    switch (*m_p) {
    case '"': {
        QString text;
        if (!parseString(&text))
            return false;
        *out = QVariant(std::move(text));
        return true;
    }
    case '[':
        return parseArray(out, depth + 1);
    case '{':
        return parseObject(out, depth + 1);
    case 'n':
        return parseLiteral("null", 4, PyroValues::none(), out);
    case 't':
        return parseLiteral("true", 4, QVariant(true), out);
    case 'f':
        return parseLiteral("false", 5, QVariant(false), out);
    case 'N':
        return parseLiteral("NaN", 3, QVariant(std::numeric_limits<double>::quiet_NaN()), out);
    case 'I':
        return parseLiteral("Infinity", 8, QVariant(std::numeric_limits<double>::infinity()), out);
    case '-':
        if (m_p + 1 < m_end && m_p[1] == 'I')
            return parseLiteral("-Infinity", 9, QVariant(-std::numeric_limits<double>::infinity()), out);
        return parseNumber(out);
    default:
        if (isDigit(*m_p))
            return parseNumber(out);
        return fail("Expecting value", m_p);
    }
}

bool JsonParser::parseArray(QVariant *out, int depth)
{
    if (depth > m_maxDepth) {
        error = PyroClassMapping::tooDeep(u"JsonSerializer"_s, m_maxDepth);
        return false;
    }
    ++m_p; // '['
    QVariantList list;
    skipWhitespace();
    if (m_p < m_end && *m_p == ']') {
        ++m_p;
        *out = QVariant(std::move(list));
        return true;
    }
    while (true) {
        QVariant item;
        if (!parseValue(&item, depth) || !charge(1))
            return false;
        list.append(std::move(item));
        skipWhitespace();
        if (m_p >= m_end)
            return fail("Expecting ',' delimiter", m_p);
        if (*m_p == ',') {
            ++m_p;
            skipWhitespace();
            continue;
        }
        if (*m_p == ']') {
            ++m_p;
            break;
        }
        return fail("Expecting ',' delimiter", m_p);
    }
    *out = QVariant(std::move(list));
    return true;
}

bool JsonParser::parseObject(QVariant *out, int depth)
{
    if (depth > m_maxDepth) {
        error = PyroClassMapping::tooDeep(u"JsonSerializer"_s, m_maxDepth);
        return false;
    }
    ++m_p; // '{'
    QVariantMap map;
    bool hasClassKey = false;
    skipWhitespace();
    if (m_p < m_end && *m_p == '}') {
        ++m_p;
        *out = QVariant(std::move(map));
        return true;
    }
    while (true) {
        if (m_p >= m_end || *m_p != '"')
            return fail("Expecting property name enclosed in double quotes", m_p);
        QString key;
        if (!parseString(&key, true))
            return false;
        skipWhitespace();
        if (m_p >= m_end || *m_p != ':')
            return fail("Expecting ':' delimiter", m_p);
        ++m_p;
        skipWhitespace();
        QVariant item;
        if (!parseValue(&item, depth) || !charge(2))
            return false;
        if (key.size() == 9 && key == u"__class__")
            hasClassKey = true;
        map.insert(std::move(key), std::move(item)); // a repeated key: the last one wins
        skipWhitespace();
        if (m_p >= m_end)
            return fail("Expecting ',' delimiter", m_p);
        if (*m_p == ',') {
            ++m_p;
            skipWhitespace();
            continue;
        }
        if (*m_p == '}') {
            ++m_p;
            break;
        }
        return fail("Expecting ',' delimiter", m_p);
    }
    const bool mapHere = m_classDicts == ClassDicts::Map
        || (m_classDicts == ClassDicts::MapBelowRoot && depth > 1);
    if (hasClassKey && mapHere) {
        const QVariant &cls = *map.constFind(u"__class__"_s);
        if (cls.typeId() == QMetaType::QString) {
            const QString className = cls.toString();
            QVariant mapped = PyroClassMapping::fromClassDict(className, QVariant(std::move(map)),
                                                               PyroSerializerIds::Json, &error);
            if (!mapped.isValid()) {
                if (!error.isError())
                    error = PyroClassMapping::serializeError(u"unsupported serialized class: "_s + className);
                return false;
            }
            *out = std::move(mapped);
            return true;
        }
    }
    *out = QVariant(std::move(map));
    return true;
}

bool JsonParser::parseString(QString *out, bool isKey)
{
    const uchar *const quote = m_p;
    const uchar *const start = m_p + 1;
    const uchar *q = start;
    quint64 highBits = 0;
    // Fast path: find the closing quote; plain ASCII without escapes needs no decoding.
    while (m_end - q >= 8) {
        const quint64 w = load64(q);
        if (hasStringSpecial(w))
            break;
        highBits |= w;
        q += 8;
    }
    bool ascii = (highBits & Highs) == 0;
    while (q < m_end) {
        const uchar c = *q;
        if (c == '"' || c == '\\')
            break;
        if (c < 0x20)
            return fail("Invalid control character at", q);
        ascii &= c < 0x80;
        ++q;
    }
    if (q >= m_end)
        return fail("Unterminated string starting at", quote);
    if (*q == '"' && ascii) {
        const QLatin1StringView text(reinterpret_cast<const char *>(start), q - start);
        // Objects in a list repeat their keys: share one QString per key.
        *out = isKey ? m_keys.fromUtf8(QByteArrayView(start, q - start)) : QString(text);
        m_p = q + 1;
        return true;
    }
    // Escapes or non-ASCII: find the end first (an escaped quote does not end the string),
    // then decode the span in one pass into a buffer that cannot be too small.
    while (q < m_end && *q != '"') {
        if (m_end - q >= 8 && !hasStringSpecial(load64(q))) {
            q += 8;
            continue;
        }
        const uchar c = *q;
        if (c == '\\') {
            q += 2;
            continue;
        }
        if (c < 0x20)
            return fail("Invalid control character at", q);
        ++q;
    }
    if (q >= m_end)
        return fail("Unterminated string starting at", quote);
    if (!decodeString(start, q, out))
        return false;
    m_p = q + 1;
    return true;
}

// Decodes UTF-8 text with JSON escapes. The input is checked as strictly as Python's
// bytes.decode("utf-8"): no overlong forms, no encoded surrogates, nothing above U+10FFFF.
// \uXXXX escapes are copied as UTF-16 units, which gives exactly what Python does: a
// high+low pair becomes one character, a lone surrogate stays a lone surrogate.
bool JsonParser::decodeString(const uchar *from, const uchar *to, QString *out)
{
    // Every input byte yields at most one UTF-16 unit (4-byte sequences give 2 units).
    QString text(to - from, Qt::Uninitialized);
    char16_t *const begin = reinterpret_cast<char16_t *>(text.data());
    char16_t *d = begin;
    const uchar *r = from;
    while (r < to) {
        // Runs of ASCII without escapes are widened eight bytes at a time.
        if (to - r >= 8) {
            const quint64 w = load64(r);
            if ((w & Highs) == 0 && !zeroByte(w ^ (Ones * '\\'))) {
                for (int k = 0; k < 8; ++k)
                    d[k] = r[k];
                d += 8;
                r += 8;
                continue;
            }
        }
        const uchar c = *r;
        if (c < 0x80) {
            if (c != '\\') {
                *d++ = c;
                ++r;
                continue;
            }
            if (r + 1 >= to)
                return fail("Unterminated string starting at", from - 1);
            switch (r[1]) {
            case '"': *d++ = u'"'; break;
            case '\\': *d++ = u'\\'; break;
            case '/': *d++ = u'/'; break;
            case 'b': *d++ = u'\b'; break;
            case 'f': *d++ = u'\f'; break;
            case 'n': *d++ = u'\n'; break;
            case 'r': *d++ = u'\r'; break;
            case 't': *d++ = u'\t'; break;
            case 'u': {
                if (to - r < 6)
                    return fail("Invalid \\uXXXX escape", r + 1);
                int unit = 0;
                for (int k = 2; k < 6; ++k) {
                    const int h = PyroText::hexValue(r[k]);
                    if (h < 0)
                        return fail("Invalid \\uXXXX escape", r + 1);
                    unit = unit * 16 + h;
                }
                *d++ = char16_t(unit);
                r += 6;
                continue;
            }
            default:
                return fail("Invalid \\escape", r);
            }
            r += 2;
            continue;
        }
        if (c < 0xc2)
            return failUtf8(r, c < 0xc0 ? "invalid start byte" : "invalid start byte (overlong)");
        if (c < 0xe0) {
            if (to - r < 2 || (r[1] & 0xc0) != 0x80)
                return failUtf8(r, "invalid continuation byte");
            *d++ = char16_t(((c & 0x1f) << 6) | (r[1] & 0x3f));
            r += 2;
        } else if (c < 0xf0) {
            const uchar lo = c == 0xe0 ? 0xa0 : 0x80;
            const uchar hi = c == 0xed ? 0x9f : 0xbf; // 0xed 0xa0.. would be a surrogate
            if (to - r < 3 || r[1] < lo || r[1] > hi || (r[2] & 0xc0) != 0x80)
                return failUtf8(r, "invalid continuation byte");
            *d++ = char16_t(((c & 0x0f) << 12) | ((r[1] & 0x3f) << 6) | (r[2] & 0x3f));
            r += 3;
        } else if (c < 0xf5) {
            const uchar lo = c == 0xf0 ? 0x90 : 0x80;
            const uchar hi = c == 0xf4 ? 0x8f : 0xbf;
            if (to - r < 4 || r[1] < lo || r[1] > hi || (r[2] & 0xc0) != 0x80
                || (r[3] & 0xc0) != 0x80)
                return failUtf8(r, "invalid continuation byte");
            const char32_t cp = (char32_t(c & 0x07) << 18) | (char32_t(r[1] & 0x3f) << 12)
                | (char32_t(r[2] & 0x3f) << 6) | char32_t(r[3] & 0x3f);
            *d++ = QChar::highSurrogate(cp);
            *d++ = QChar::lowSurrogate(cp);
            r += 4;
        } else {
            return failUtf8(r, "invalid start byte");
        }
    }
    text.truncate(d - begin);
    *out = std::move(text);
    return true;
}

// Python's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?; without a
// fraction or exponent it is an int of any size, otherwise a float.
bool JsonParser::parseNumber(QVariant *out)
{
    const uchar *const start = m_p;
    const uchar *p = m_p;
    const bool negative = *p == '-';
    if (negative)
        ++p;
    if (p >= m_end || !isDigit(*p))
        return fail("Expecting value", start);
    const uchar *const intStart = p;
    if (*p == '0') {
        ++p;
    } else {
        while (p < m_end && isDigit(*p))
            ++p;
    }
    const uchar *const intEnd = p;
    bool isFloat = false;
    if (p + 1 < m_end && *p == '.' && isDigit(p[1])) {
        p += 2;
        while (p < m_end && isDigit(*p))
            ++p;
        isFloat = true;
    }
    const uchar *expStart = nullptr;
    if (p < m_end && (*p == 'e' || *p == 'E')) {
        const uchar *q = p + 1;
        if (q < m_end && (*q == '+' || *q == '-'))
            ++q;
        if (q < m_end && isDigit(*q)) {
            expStart = p + 1;
            while (q < m_end && isDigit(*q))
                ++q;
            p = q;
            isFloat = true;
        }
    }
    m_p = p;

    if (!isFloat) {
        const qsizetype digits = intEnd - intStart;
        if (digits <= 18) {
            qlonglong value = 0;
            for (const uchar *q = intStart; q < intEnd; ++q)
                value = value * 10 + (*q - '0');
            *out = QVariant(negative ? -value : value);
            return true;
        }
        if (digits > PyroBigIntMath::MaxDecimalDigits) {
            error = PyroClassMapping::serializeError(
                u"Exceeds the limit (%1 digits) for integer string conversion: value has %2 digits"_s
                    .arg(PyroBigIntMath::MaxDecimalDigits).arg(digits));
            return false;
        }
        if (digits <= 20) {
            quint64 magnitude = 0;
            bool overflow = false;
            for (const uchar *q = intStart; q < intEnd; ++q)
                overflow |= qMulOverflow(magnitude, quint64(10), &magnitude)
                    || qAddOverflow(magnitude, quint64(*q - '0'), &magnitude);
            const quint64 limit = quint64(std::numeric_limits<qint64>::max()) + (negative ? 1 : 0);
            if (!overflow && magnitude <= limit) {
                *out = QVariant(negative ? qlonglong(0 - magnitude) : qlonglong(magnitude));
                return true;
            }
        }
        *out = QVariant::fromValue(PyroBigInt::fromLatin1(
            QByteArrayView(reinterpret_cast<const char *>(start), p - start)));
        return true;
    }

    double value = 0;
    if (!PyroText::decimalToDouble(reinterpret_cast<const char *>(start),
                                   reinterpret_cast<const char *>(p), &value))
        return fail("Invalid number", start);
    *out = QVariant(value);
    return true;
}

bool parseJson(QByteArrayView data, const PyroDecodeOptions &options, ClassDicts classDicts,
               QVariant *out, PyroError *error)
{
    JsonParser parser(data, options, classDicts);
    if (!parser.parseDocument(out)) {
        if (error)
            *error = std::move(parser.error);
        *out = QVariant();
        return false;
    }
    return true;
}

bool fail(PyroError *error, const PyroError &e)
{
    if (error)
        *error = e;
    return false;
}

} // namespace

/*
    Parses what Python's json.loads accepts, then maps class dicts (bottom-up) unless
    options.mapClassDicts is off.
*/
QVariant PyroJsonSerializer::decode(QByteArrayView data, const PyroDecodeOptions &options,
                                    PyroError *error) const
{
    QVariant value;
    parseJson(data, options, ClassDicts::Map, &value, error);
    return value;
}

/*
    Reads the call object by key name (any order, extra keys ignored). Like Pyro5 only
    what is inside params and kwargs goes through the class mapping, not the envelope.
*/
bool PyroJsonSerializer::decodeCall(QByteArrayView data, PyroCall *call,
                                    const PyroDecodeOptions &options, PyroError *error) const
{
    QVariant value;
    if (!parseJson(data, options, ClassDicts::MapBelowRoot, &value, error))
        return false;
    if (value.typeId() != QMetaType::QVariantMap)
        return fail(error, PyroClassMapping::serializeError(u"invalid call: not a json object"_s));
    const QVariantMap &envelope = *static_cast<const QVariantMap *>(value.constData());
    for (const QString &key : {u"object"_s, u"method"_s, u"params"_s, u"kwargs"_s}) {
        if (!envelope.contains(key))
            return fail(error, PyroClassMapping::serializeError(u"invalid call: missing '%1'"_s.arg(key)));
    }
    const QVariant object = envelope.value(u"object"_s);
    const QVariant method = envelope.value(u"method"_s);
    if (object.typeId() != QMetaType::QString || method.typeId() != QMetaType::QString)
        return fail(error, PyroClassMapping::serializeError(
                               u"invalid call: object and method must be strings"_s));
    const QVariant params = envelope.value(u"params"_s);
    if (params.typeId() != QMetaType::QVariantList)
        return fail(error, PyroClassMapping::serializeError(u"invalid call: params must be an array"_s));
    call->object = object.toString();
    call->method = method.toString();
    call->args = params.toList();
    call->argsAsList = true; // what Python's daemon sees too
    call->kwargs = envelope.value(u"kwargs"_s);
    return true;
}
