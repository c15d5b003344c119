// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// Serpent's parser: the Python literal grammar ast.literal_eval() accepts.
#include "pyroserpent_p.h"

#include "pyrobigint_p.h"
#include "pyroclassmapping_p.h"
#include "pyroserializerutils.h"
#include "pyrounicodename_p.h"
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

using PyroText::hexValue;
using PyroText::utf8Sequence;

// ---- character classes -----------------------------------------------------------------

struct ByteFlags
{
    quint8 flags[256];
};

enum : quint8 {
    StringStop = 1,   // ends the plain run inside a string literal
    IdentChar = 2,    // [A-Za-z0-9_]
    Digit = 4,
    SpaceStart = 8,   // what skipSpace() may skip: blanks, line ends, '#', '\\'
};

constexpr ByteFlags makeByteFlags()
{
    ByteFlags t{};
    for (int c = 0; c < 256; ++c) {
        quint8 f = 0;
        if (c == '\'' || c == '"' || c == '\\' || c == '\n' || c == '\r' || c == 0 || c >= 0x80)
            f |= StringStop;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
            f |= IdentChar;
        if (c >= '0' && c <= '9')
            f |= Digit;
        if (c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r' || c == '#' || c == '\\')
            f |= SpaceStart;
        t.flags[c] = f;
    }
    return t;
}
constexpr ByteFlags byteFlags = makeByteFlags();

// The first StringStop byte at or after q (end if none). Long literals (a base64 payload of
// 100 MiB) are scanned 16 bytes at a time where SSE2 is there.
inline const char *findStringStop(const char *q, const char *end)
{
#if defined(__SSE2__)
    const __m128i single = _mm_set1_epi8('\''), dbl = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\'), lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
    while (end - q >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(q));
        const __m128i stop = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, single), _mm_cmpeq_epi8(v, dbl)),
                         _mm_or_si128(_mm_cmpeq_epi8(v, backslash), _mm_cmpeq_epi8(v, lf))),
            _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, zero)));
        // the sign bit of a byte is set for the non-ASCII ones
        const uint mask = uint(_mm_movemask_epi8(stop)) | uint(_mm_movemask_epi8(v));
        if (mask)
            return q + qCountTrailingZeroBits(mask);
        q += 16;
    }
#endif
    while (q < end && !(byteFlags.flags[uchar(*q)] & StringStop))
        ++q;
    return q;
}

inline bool isDigit(char c) { return byteFlags.flags[uchar(c)] & Digit; }
inline bool isIdentChar(char c) { return byteFlags.flags[uchar(c)] & IdentChar; }
inline bool isIdentStart(char c) { return isIdentChar(c) && !isDigit(c); }

// ---- parser ------------------------------------------------------------------------------

// What ast.literal_eval needs to know about a parsed expression beyond its value.
enum class Node : quint8 {
    Number,       // an int/float/complex literal (parentheses around it do not count)
    SignedNumber, // unary + or - applied to a Number
    ComplexSum,   // real +/- imaginary literal
    Hashable,     // str, bytes, None, bools, tuples of hashables
    Unhashable,   // list, dict, set, and tuples holding one of them
};

class SerpentParser
{
public:
    SerpentParser(QByteArrayView data, const PyroDecodeOptions &options)
        : m_begin(data.data()), m_p(data.data()), m_end(data.data() + data.size()),
          m_maxDepth(options.maxDepth <= 0 ? SerpentMaxLevel : qMin(options.maxDepth, HardDepthCap)),
          m_mapClassDicts(options.mapClassDicts), m_maxItems(options.maxItems) { }

    bool parseDocument(QVariant &result);
    const PyroError &error() const { return m_error; }

private:
    bool fail(const char *at, const QString &message);
    bool failMalformed(const char *at) { return fail(at, u"malformed node or string"_s); }
    bool failUnexpected();

    bool skipComment();
    // most tokens are not followed by blanks: stay inline for those
    bool skipSpace(int depth)
    {
        if (m_p < m_end && !(byteFlags.flags[uchar(*m_p)] & SpaceStart))
            return true;
        return skipSpaceSlow(depth);
    }
    bool skipSpaceSlow(int depth);
    bool skipBlankLines(bool afterValue);
    bool atLineEnd() const { return m_p >= m_end || *m_p == '\n' || *m_p == '\r'; }

    bool parseTopLevel(QVariant &out);
    bool parseExpr(QVariant &out, Node &node, int depth);
    bool parseUnary(QVariant &out, Node &node, int depth);
    bool parsePrimary(QVariant &out, Node &node, int depth);
    bool parseParen(QVariant &out, Node &node, int depth);
    bool parseList(QVariant &out, int depth);
    bool parseBrace(QVariant &out, int depth);
    bool parseName(QVariant &out, Node &node, int depth);
    bool parseNumber(QVariant &out);
    bool parseBasedInt(QVariant &out);
    bool parseStrings(QVariant &out, int depth, bool key);
    bool parseLiteral(bool isBytes, bool raw, bool key, QString *str, QByteArray *bytes,
                      QList<char32_t> *codePoints);
    bool decodeStr(const char *from, const char *to, bool raw, QString *out, QList<char32_t> *codePoints);
    template <typename Unit>
    bool decodeStrUnits(const char *from, const char *to, bool raw, Unit *&w, bool *merges);
    bool decodeBytes(const char *from, const char *to, bool raw, QByteArray *out);
    bool readNamedEscape(const char *backslash, const char *&q, const char *to, char32_t *cp);
    bool stringPrefixAt(const char *at, qsizetype *prefixLength) const;
    bool openBracket(int depth);
    bool finishDict(size_t base, bool allStr, bool hasClassKey, QVariant &out);
    QVariantList takeItems(size_t base);
    // Every container element goes through here, charged against PyroDecodeOptions::maxItems.
    bool push(QVariant &&item)
    {
        if (m_maxItems > 0 && ++m_items > m_maxItems) {
            if (!m_failed) {
                m_failed = true;
                m_error = PyroClassMapping::tooManyItems(m_maxItems);
            }
            return false;
        }
        m_stack.push_back(std::move(item));
        return true;
    }
    bool requireHashable(const QVariant &value, Node node, const char *at);

    const char *const m_begin;
    const char *m_p;
    const char *const m_end;
    const int m_maxDepth;
    const bool m_mapClassDicts;
    const qint64 m_maxItems; // 0: no budget
    qint64 m_items = 0;
    bool m_failed = false;
    // The next primary is a dict key (or the first item of a brace, which may be one).
    bool m_keyContext = false;
    PyroError m_error;
    // Items of the containers being parsed, innermost last: one buffer for all of them
    // instead of a growing list per container.
    std::vector<QVariant> m_stack;
    PyroKeyCache m_keys;
};

QVariantList SerpentParser::takeItems(size_t base)
{
    QVariantList items;
    items.reserve(qsizetype(m_stack.size() - base));
    for (size_t i = base; i < m_stack.size(); ++i)
        items.append(std::move(m_stack[i]));
    m_stack.resize(base);
    return items;
}

bool SerpentParser::fail(const char *at, const QString &message)
{
    if (m_failed)
        return false;
    m_failed = true;
    // Python reports positions as line numbers; the column helps with long one-line payloads.
    int line = 1;
    const char *lineStart = m_begin;
    for (const char *q = m_begin; q < at && q < m_end; ++q) {
        if (*q == '\n' || *q == '\r') {
            if (*q == '\r' && q + 1 < at && q[1] == '\n')
                ++q;
            ++line;
            lineStart = q + 1;
        }
    }
    m_error = PyroClassMapping::serializeError(
        u"invalid serpent data: %1 (line %2, column %3)"_s.arg(message, QString::number(line), QString::number(at - lineStart + 1)));
    return false;
}

// The error for whatever stands at m_p where a value or a separator was expected.
bool SerpentParser::failUnexpected()
{
    if (m_p >= m_end)
        return fail(m_p, u"unexpected EOF while parsing"_s);
    const uchar c = uchar(*m_p);
    if (c == 0)
        return fail(m_p, u"source code cannot contain null bytes"_s);
    if (c >= 0x80) {
        char32_t cp = 0;
        if (!utf8Sequence(reinterpret_cast<const uchar *>(m_p), reinterpret_cast<const uchar *>(m_end), &cp, PyroText::SerpentPolicy))
            return fail(m_p, u"'utf-8' codec can't decode byte 0x%1"_s.arg(uint(c), 2, 16, QChar(u'0')));
        return fail(m_p, u"invalid character '%1' (U+%2)"_s.arg(QStringView(QChar::fromUcs4(cp)).toString())
                             .arg(uint(cp), 4, 16, QChar(u'0')));
    }
    if (c == '\n' || c == '\r')
        return fail(m_p, u"invalid syntax (unexpected end of line)"_s);
    if (c < 0x20 || c == 0x7F)
        return fail(m_p, u"invalid non-printable character U+%1"_s.arg(uint(c), 4, 16, QChar(u'0')));
    return fail(m_p, u"invalid syntax at '%1'"_s.arg(QChar(char16_t(c))));
}

bool SerpentParser::skipComment()
{
    const char *q = m_p + 1;
    while (q < m_end) {
        const uchar c = uchar(*q);
        if (c == '\n' || c == '\r')
            break;
        if (c == 0) {
            m_p = q;
            return failUnexpected();
        }
        if (c >= 0x80) {
            char32_t cp;
            const int length = utf8Sequence(reinterpret_cast<const uchar *>(q),
                                            reinterpret_cast<const uchar *>(m_end), &cp, PyroText::SerpentPolicy);
            if (!length) {
                m_p = q;
                return failUnexpected();
            }
            q += length;
        } else {
            ++q;
        }
    }
    m_p = q;
    return true;
}

// Skips what the tokenizer ignores between two tokens: blanks, comments and line
// continuations, and inside brackets also line ends. At top level (depth 0) a line end
// ends the expression, so it stays.
bool SerpentParser::skipSpaceSlow(int depth)
{
    while (m_p < m_end) {
        switch (*m_p) {
        case ' ':
        case '\t':
        case '\f':
            ++m_p;
            break;
        case '\n':
        case '\r':
            if (depth == 0)
                return true;
            ++m_p;
            break;
        case '#':
            if (!skipComment())
                return false;
            break;
        case '\\': {
            const char *q = m_p + 1;
            if (q < m_end && (*q == '\n' || *q == '\r')) {
                if (*q == '\r' && q + 1 < m_end && q[1] == '\n')
                    ++q;
                m_p = q + 1;
                if (m_p >= m_end)
                    return fail(m_p, u"unexpected EOF while parsing"_s);
                break;
            }
            return fail(m_p, u"unexpected character after line continuation character"_s);
        }
        default:
            return true;
        }
    }
    return true;
}

// Blank and comment-only lines before the value (their indentation does not matter) or
// after it. The first line with content must not be indented ("unexpected indent"), and
// Python's tokenizer also calls a blank but indented last line without line end an indent.
bool SerpentParser::skipBlankLines(bool afterValue)
{
    for (;;) {
        bool indented = false;
        while (m_p < m_end) {
            const char c = *m_p;
            if (c == ' ' || c == '\t') {
                indented = true;
            } else if (c == '\f') {
                indented = false; // a form feed resets the column
            } else if (c == '\\' && m_end - m_p >= 2 && (m_p[1] == '\n' || m_p[1] == '\r')) {
                // a continuation joins the next line to this one, column and all
                m_p += (m_p[1] == '\r' && m_end - m_p >= 3 && m_p[2] == '\n') ? 3 : 2;
                if (m_p >= m_end)
                    return fail(m_p, u"unexpected EOF while parsing"_s);
                continue;
            } else {
                break;
            }
            ++m_p;
        }
        if (m_p >= m_end) {
            if (afterValue && indented)
                return fail(m_p - 1, u"unexpected indent"_s); // Python's column: the last blank
            return true;
        }
        if (*m_p == '#' && !skipComment())
            return false;
        if (m_p >= m_end)
            return true;
        if (*m_p == '\n' || *m_p == '\r') {
            if (*m_p == '\r' && m_p + 1 < m_end && m_p[1] == '\n')
                ++m_p;
            ++m_p;
            continue;
        }
        if (indented)
            return fail(m_p - 1, u"unexpected indent"_s);
        if (afterValue)
            return failUnexpected();
        return true;
    }
}

bool SerpentParser::parseDocument(QVariant &result)
{
    // ast.literal_eval strips leading blanks off the whole text before parsing it
    while (m_p < m_end && (*m_p == ' ' || *m_p == '\t'))
        ++m_p;
    if (!skipBlankLines(false))
        return false;
    if (m_p >= m_end)
        return fail(m_p, u"invalid syntax (no value)"_s);
    if (!parseTopLevel(result))
        return false;
    if (!skipSpace(0))
        return false;
    if (!atLineEnd())
        return failUnexpected();
    return skipBlankLines(true);
}

// The top level is Python's eval input: one expression, or several separated by commas
// (a tuple without parentheses, "1, 2").
bool SerpentParser::parseTopLevel(QVariant &out)
{
    Node node;
    if (!parseExpr(out, node, 0) || !skipSpace(0))
        return false;
    if (m_p >= m_end || *m_p != ',')
        return true;
    const size_t base = m_stack.size();
    if (!push(std::move(out)))
        return false;
    while (m_p < m_end && *m_p == ',') {
        ++m_p;
        if (!skipSpace(0))
            return false;
        if (atLineEnd())
            break;
        QVariant item;
        if (!parseExpr(item, node, 0) || !skipSpace(0))
            return false;
        if (!push(std::move(item)))
            return false;
    }
    out = QVariant::fromValue(PyroTuple(takeItems(base)));
    return true;
}

double realPart(const QVariant &number, bool *ok)
{
    *ok = true;
    switch (number.typeId()) {
    case QMetaType::LongLong:
        return double(number.toLongLong());
    case QMetaType::Double:
        return number.toDouble();
    default: {
        const double d = number.value<PyroBigInt>().toDouble();
        *ok = std::isfinite(d); // Python: "int too large to convert to float"
        return d;
    }
    }
}

// expr := unary [('+' | '-') unary]. ast.literal_eval accepts a binary operation only as
// "real number +/- imaginary literal", the way complex numbers are spelled.
bool SerpentParser::parseExpr(QVariant &out, Node &node, int depth)
{
    if (!parseUnary(out, node, depth) || !skipSpace(depth))
        return false;
    if (m_p >= m_end || (*m_p != '+' && *m_p != '-'))
        return true;
    const char *op = m_p;
    const int complexId = PyroTypeIds::get().complex;
    if ((node != Node::Number && node != Node::SignedNumber) || out.typeId() == complexId)
        return failMalformed(op);
    const bool minus = *m_p == '-';
    ++m_p;
    if (!skipSpace(depth))
        return false;
    QVariant right;
    Node rightNode;
    if (!parseUnary(right, rightNode, depth))
        return false;
    if (rightNode != Node::Number || right.typeId() != complexId)
        return failMalformed(op);
    bool ok;
    const double left = realPart(out, &ok);
    if (!ok)
        return fail(op, u"int too large to convert to float"_s);
    const PyroComplex r = right.value<PyroComplex>();
    // Python turns the real operand into complex(left, 0.0) first, which fixes the sign
    // of a zero imaginary part
    const PyroComplex sum = minus ? PyroComplex(left - r.real(), 0.0 - r.imag())
                                  : PyroComplex(left + r.real(), 0.0 + r.imag());
    out = QVariant::fromValue(sum);
    node = Node::ComplexSum;
    return true;
}

QVariant negated(const QVariant &number)
{
    switch (number.typeId()) {
    case QMetaType::LongLong:
        return QVariant(-number.toLongLong()); // literals are >= 0, so this cannot overflow
    case QMetaType::Double:
        return QVariant(-number.toDouble());
    default:
        break;
    }
    if (number.typeId() == PyroTypeIds::get().complex) {
        const PyroComplex c = number.value<PyroComplex>();
        return QVariant::fromValue(PyroComplex(-c.real(), -c.imag()));
    }
    const PyroBigInt big = number.value<PyroBigInt>();
    return PyroBigInt::normalized(PyroBigIntPrivate::negated(big)); // keeps a binary form binary
}

// unary := ('+' | '-') primary | primary, where the operand must be a number literal
// (ast.literal_eval rejects "--1", "-True", "-(1+2j)").
bool SerpentParser::parseUnary(QVariant &out, Node &node, int depth)
{
    if (m_p >= m_end || (*m_p != '-' && *m_p != '+'))
        return parsePrimary(out, node, depth);
    const char *op = m_p;
    const bool minus = *m_p == '-';
    ++m_p;
    if (!skipSpace(depth))
        return false;
    Node operand;
    if (!parsePrimary(out, operand, depth))
        return false;
    if (operand != Node::Number)
        return failMalformed(op);
    if (minus)
        out = negated(out);
    node = Node::SignedNumber;
    return true;
}

bool SerpentParser::parsePrimary(QVariant &out, Node &node, int depth)
{
    const bool key = std::exchange(m_keyContext, false);
    if (m_p >= m_end)
        return failUnexpected();
    const char c = *m_p;
    switch (c) {
    case '(':
        return parseParen(out, node, depth);
    case '[':
        node = Node::Unhashable;
        return parseList(out, depth);
    case '{':
        node = Node::Unhashable;
        return parseBrace(out, depth);
    case '\'':
    case '"':
        node = Node::Hashable;
        return parseStrings(out, depth, key);
    case '.':
        if (m_p + 1 < m_end && isDigit(m_p[1])) {
            node = Node::Number;
            return parseNumber(out);
        }
        if (m_p + 2 < m_end && m_p[1] == '.' && m_p[2] == '.')
            return failMalformed(m_p); // Ellipsis is a constant Python has but we do not
        return failUnexpected();
    default:
        break;
    }
    if (isDigit(c)) {
        node = Node::Number;
        return parseNumber(out);
    }
    if (isIdentStart(c)) {
        m_keyContext = key;
        return parseName(out, node, depth);
    }
    return failUnexpected();
}

bool SerpentParser::openBracket(int depth)
{
    if (depth >= m_maxDepth)
        return fail(m_p, u"too many nested parentheses"_s);
    ++m_p;
    return skipSpace(depth + 1);
}

bool SerpentParser::requireHashable(const QVariant &value, Node node, const char *at)
{
    if (node != Node::Unhashable)
        return true;
    QString type = u"dict"_s;
    QVariant v = value;
    // name the innermost offending container, as Python's TypeError does
    while (v.typeId() == PyroTypeIds::get().tuple) {
        const QVariantList items = v.value<PyroTuple>().items();
        QVariant next;
        for (const QVariant &item : items) {
            const PyroKind kind = pyroKind(item);
            if (kind == PyroKind::List || kind == PyroKind::Set || kind == PyroKind::Dict
                || kind == PyroKind::Other || kind == PyroKind::Tuple) {
                next = item;
                if (kind != PyroKind::Tuple)
                    break;
            }
        }
        if (!next.isValid())
            break;
        v = next;
    }
    switch (pyroKind(v)) {
    case PyroKind::List: type = u"list"_s; break;
    case PyroKind::Set: type = u"set"_s; break;
    default: break;
    }
    return fail(at, u"unhashable type: '%1'"_s.arg(type));
}

// '(' [expr (',' expr)* [',']] ')': the empty tuple, a parenthesized expression (which
// keeps its node kind: "-(3)" is fine), or a tuple.
bool SerpentParser::parseParen(QVariant &out, Node &node, int depth)
{
    const char *open = m_p;
    if (!openBracket(depth))
        return false;
    const int inner = depth + 1;
    if (m_p < m_end && *m_p == ')') {
        ++m_p;
        out = QVariant::fromValue(PyroTuple());
        node = Node::Hashable;
        return true;
    }
    QVariant first;
    Node firstNode;
    if (!parseExpr(first, firstNode, inner) || !skipSpace(inner))
        return false;
    if (m_p < m_end && *m_p == ')') {
        ++m_p;
        out = std::move(first);
        node = firstNode;
        return true;
    }
    if (m_p >= m_end)
        return fail(open, u"'(' was never closed"_s);
    if (*m_p != ',')
        return failUnexpected();
    bool hashable = firstNode != Node::Unhashable;
    const size_t base = m_stack.size();
    if (!push(std::move(first)))
        return false;
    for (;;) {
        // at a ','
        ++m_p;
        if (!skipSpace(inner))
            return false;
        if (m_p < m_end && *m_p == ')')
            break;
        QVariant item;
        Node itemNode;
        if (!parseExpr(item, itemNode, inner) || !skipSpace(inner))
            return false;
        hashable = hashable && itemNode != Node::Unhashable;
        if (!push(std::move(item)))
            return false;
        if (m_p < m_end && *m_p == ')')
            break;
        if (m_p >= m_end)
            return fail(open, u"'(' was never closed"_s);
        if (*m_p != ',')
            return failUnexpected();
    }
    ++m_p;
    out = QVariant::fromValue(PyroTuple(takeItems(base)));
    node = hashable ? Node::Hashable : Node::Unhashable;
    return true;
}

bool SerpentParser::parseList(QVariant &out, int depth)
{
    const char *open = m_p;
    if (!openBracket(depth))
        return false;
    const int inner = depth + 1;
    const size_t base = m_stack.size();
    for (;;) {
        if (m_p < m_end && *m_p == ']')
            break;
        QVariant item;
        Node itemNode;
        if (!parseExpr(item, itemNode, inner) || !skipSpace(inner))
            return false;
        if (!push(std::move(item)))
            return false;
        if (m_p < m_end && *m_p == ']')
            break;
        if (m_p >= m_end)
            return fail(open, u"'[' was never closed"_s);
        if (*m_p != ',')
            return failUnexpected();
        ++m_p;
        if (!skipSpace(inner))
            return false;
    }
    ++m_p;
    out = QVariant(takeItems(base));
    return true;
}

// '{' '}' | '{' key ':' value (',' key ':' value)* [','] '}' | '{' item (',' item)* [','] '}'
bool SerpentParser::parseBrace(QVariant &out, int depth)
{
    const char *open = m_p;
    if (!openBracket(depth))
        return false;
    const int inner = depth + 1;
    const size_t base = m_stack.size();
    if (m_p < m_end && *m_p == '}') {
        ++m_p;
        return finishDict(base, true, false, out);
    }
    const char *firstAt = m_p;
    QVariant first;
    Node firstNode;
    m_keyContext = true;
    if (!parseExpr(first, firstNode, inner) || !skipSpace(inner))
        return false;
    if (!requireHashable(first, firstNode, firstAt))
        return false;
    if (m_p < m_end && *m_p == ':') {
        bool allStr = true;
        bool hasClassKey = false;
        QVariant key = std::move(first);
        for (;;) {
            // at the ':' after key
            ++m_p;
            if (!skipSpace(inner))
                return false;
            QVariant value;
            Node valueNode;
            if (!parseExpr(value, valueNode, inner) || !skipSpace(inner))
                return false;
            if (key.typeId() == QMetaType::QString) {
                if (!hasClassKey && *static_cast<const QString *>(key.constData()) == u"__class__")
                    hasClassKey = true;
            } else {
                allStr = false;
            }
            if (!push(std::move(key)))
                return false;
            if (!push(std::move(value)))
                return false;
            if (m_p < m_end && *m_p == '}')
                break;
            if (m_p >= m_end)
                return fail(open, u"'{' was never closed"_s);
            if (*m_p != ',')
                return failUnexpected();
            ++m_p;
            if (!skipSpace(inner))
                return false;
            if (m_p < m_end && *m_p == '}')
                break;
            const char *keyAt = m_p;
            Node keyNode;
            m_keyContext = true;
            if (!parseExpr(key, keyNode, inner) || !skipSpace(inner))
                return false;
            if (!requireHashable(key, keyNode, keyAt))
                return false;
            if (m_p >= m_end || *m_p != ':')
                return m_p >= m_end ? fail(open, u"'{' was never closed"_s) : failUnexpected();
        }
        ++m_p;
        return finishDict(base, allStr, hasClassKey, out);
    }
    if (!push(std::move(first)))
        return false;
    for (;;) {
        if (m_p < m_end && *m_p == '}')
            break;
        if (m_p >= m_end)
            return fail(open, u"'{' was never closed"_s);
        if (*m_p != ',')
            return failUnexpected();
        ++m_p;
        if (!skipSpace(inner))
            return false;
        if (m_p < m_end && *m_p == '}')
            break;
        const char *itemAt = m_p;
        QVariant item;
        Node itemNode;
        if (!parseExpr(item, itemNode, inner) || !skipSpace(inner))
            return false;
        if (!requireHashable(item, itemNode, itemAt))
            return false;
        if (!push(std::move(item)))
            return false;
    }
    ++m_p;
    out = QVariant::fromValue(PyroSet(pyroWithoutDuplicates(takeItems(base))));
    return true;
}

// A dict with only str keys becomes a QVariantMap, any other a PyroDict; then, bottom-up,
// a dict with a "__class__" key goes through Pyro5's class mapping.
bool SerpentParser::finishDict(size_t base, bool allStr, bool hasClassKey, QVariant &out)
{
    // keys and values alternate on the stack from base
    if (allStr) {
        QVariantMap map;
        for (size_t i = base; i < m_stack.size(); i += 2) // the last of equal keys wins
            map.insert(*static_cast<const QString *>(m_stack[i].constData()), m_stack[i + 1]);
        out = QVariant(std::move(map));
    } else {
        hasClassKey = true; // a str "__class__" key may hide among other keys; let the mapping look
        QList<PyroDict::Entry> pairs;
        pairs.reserve(qsizetype(m_stack.size() - base) / 2);
        for (size_t i = base; i < m_stack.size(); i += 2)
            pairs.append({std::move(m_stack[i]), std::move(m_stack[i + 1])});
        out = QVariant::fromValue(PyroDict::fromPairs(std::move(pairs)));
    }
    m_stack.resize(base);
    if (!m_mapClassDicts || !hasClassKey)
        return true;
    const QString className = PyroClassMapping::classNameOf(out);
    if (className.isEmpty())
        return true;
    PyroError error;
    QVariant mapped = PyroClassMapping::fromClassDict(className, out, PyroSerializerIds::Serpent, &error);
    if (!mapped.isValid()) {
        if (error.isError()) {
            m_failed = true;
            m_error = error;
            return false;
        }
        mapped = PyroValues::none();
    }
    out = std::move(mapped);
    return true;
}

// Names: None, True, False, set(), and the prefixes of string literals.
bool SerpentParser::parseName(QVariant &out, Node &node, int depth)
{
    const bool key = std::exchange(m_keyContext, false);
    qsizetype prefixLength = 0;
    if (stringPrefixAt(m_p, &prefixLength)) {
        node = Node::Hashable;
        return parseStrings(out, depth, key);
    }
    const char *start = m_p;
    while (m_p < m_end && isIdentChar(*m_p))
        ++m_p;
    if (m_p < m_end && uchar(*m_p) >= 0x80)
        return failMalformed(start); // a non-ASCII identifier: not a literal either
    const QByteArrayView name(start, m_p - start);
    node = Node::Hashable;
    if (name == "None") {
        out = PyroValues::none();
        return true;
    }
    if (name == "True") {
        out = QVariant(true);
        return true;
    }
    if (name == "False") {
        out = QVariant(false);
        return true;
    }
    if (name == "set") {
        // literal_eval allows exactly one call: set() for the empty set
        if (!skipSpace(depth))
            return false;
        if (m_p < m_end && *m_p == '(') {
            if (!openBracket(depth))
                return false;
            if (m_p < m_end && *m_p == ')') {
                ++m_p;
                out = QVariant::fromValue(PyroSet());
                node = Node::Unhashable;
                return true;
            }
        }
        return failMalformed(start);
    }
    return fail(start, u"malformed node or string: name '%1'"_s.arg(QString::fromLatin1(name)));
}

// decimal ints, floats and imaginary literals with Python's digit grouping rules
bool SerpentParser::parseNumber(QVariant &out)
{
    const char *start = m_p;
    if (*m_p == '0' && m_p + 1 < m_end) {
        const char b = m_p[1];
        if (b == 'x' || b == 'X' || b == 'o' || b == 'O' || b == 'b' || b == 'B')
            return parseBasedInt(out);
    }
    {
        // fast path: the plain decimal ints serpent writes, up to 18 digits
        const char *const first = m_p;
        const char *const end = m_end;
        const char *const limit = end - first > 19 ? first + 19 : end;
        const char *q = first;
        quint64 v = 0;
        while (q < limit && uchar(*q - '0') < 10)
            v = v * 10 + quint64(*q++ - '0');
        const bool ends = q >= end || !(isIdentChar(*q) || *q == '.' || uchar(*q) >= 0x80);
        if (q - first < 19 && ends && (*first != '0' || q - first == 1)) {
            m_p = q;
            out = QVariant(qlonglong(v));
            return true;
        }
    }
    QVarLengthArray<char, 64> text; // the literal without underscores
    const auto readDigits = [&]() -> bool {
        for (;;) {
            while (m_p < m_end && isDigit(*m_p))
                text.append(*m_p++);
            if (m_p < m_end && *m_p == '_') {
                if (m_p + 1 < m_end && isDigit(m_p[1])) {
                    ++m_p;
                    continue;
                }
                return fail(m_p, u"invalid decimal literal"_s);
            }
            return true;
        }
    };
    bool isFloat = false;
    if (*m_p != '.' && !readDigits())
        return false;
    const qsizetype intEnd = text.size();
    if (m_p < m_end && *m_p == '.') {
        isFloat = true;
        text.append('.');
        ++m_p;
        if (m_p < m_end && isDigit(*m_p) && !readDigits())
            return false;
    }
    if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
        const char *q = m_p + 1;
        if (q < m_end && (*q == '+' || *q == '-'))
            ++q;
        if (q >= m_end || !isDigit(*q))
            return fail(m_p, u"invalid decimal literal"_s);
        isFloat = true;
        text.append('e');
        if (q[-1] == '-')
            text.append('-');
        m_p = q;
        if (!readDigits())
            return false;
    }
    bool imaginary = false;
    if (m_p < m_end && (*m_p == 'j' || *m_p == 'J')) {
        imaginary = true;
        ++m_p;
    }
    if (m_p < m_end && (isIdentChar(*m_p) || uchar(*m_p) >= 0x80 || *m_p == '.'))
        return fail(m_p, imaginary ? u"invalid imaginary literal"_s : u"invalid decimal literal"_s);

    if (isFloat || imaginary) {
        double d = 0;
        if (!PyroText::decimalToDouble(text.constData(), text.constData() + text.size(), &d))
            return fail(start, u"invalid decimal literal"_s);
        if (imaginary)
            out = QVariant::fromValue(PyroComplex(0.0, d));
        else
            out = QVariant(d);
        return true;
    }

    qsizetype firstNonZero = 0;
    while (firstNonZero < intEnd && text[firstNonZero] == '0')
        ++firstNonZero;
    if (firstNonZero > 0 && firstNonZero < intEnd)
        return fail(start, u"leading zeros in decimal integer literals are not permitted; "
                           "use an 0o prefix for octal integers"_s);
    const qsizetype digits = intEnd - firstNonZero;
    if (digits > PyroBigIntMath::MaxDecimalDigits)
        return fail(start, u"Exceeds the limit (%1 digits) for integer string conversion: value has %2 digits"_s
                               .arg(PyroBigIntMath::MaxDecimalDigits).arg(digits));
    if (digits <= 19) {
        quint64 v = 0;
        for (qsizetype i = firstNonZero; i < intEnd; ++i)
            v = v * 10 + quint64(text[i] - '0'); // 19 digits fit in 64 unsigned bits
        if (v <= quint64(std::numeric_limits<qint64>::max())) {
            out = QVariant(qlonglong(v));
            return true;
        }
    }
    out = QVariant::fromValue(PyroBigInt::fromLatin1(QByteArrayView(text.constData() + firstNonZero, digits)));
    return true;
}

// 0x / 0o / 0b literals; an underscore may follow the prefix ("0x_1f").
bool SerpentParser::parseBasedInt(QVariant &out)
{
    const char *start = m_p;
    const char letter = char(m_p[1] | 0x20);
    const int base = letter == 'x' ? 16 : letter == 'o' ? 8 : 2;
    const int bitsPerDigit = base == 16 ? 4 : base == 8 ? 3 : 1;
    const QString kind = base == 16 ? u"hexadecimal"_s : base == 8 ? u"octal"_s : u"binary"_s;
    m_p += 2;
    QVarLengthArray<quint8, 64> digits;
    for (;;) {
        bool underscore = false;
        if (m_p < m_end && *m_p == '_') {
            underscore = true;
            ++m_p;
        }
        const int v = m_p < m_end ? hexValue(*m_p) : -1;
        if (v >= 0 && v < base) {
            digits.append(quint8(v));
            ++m_p;
            continue;
        }
        if (m_p < m_end && isDigit(*m_p))
            return fail(m_p, u"invalid digit '%1' in %2 literal"_s.arg(QChar(char16_t(*m_p))).arg(kind));
        if (digits.isEmpty() || underscore)
            return fail(start, u"invalid %1 literal"_s.arg(kind));
        break;
    }
    if (m_p < m_end && (isIdentChar(*m_p) || uchar(*m_p) >= 0x80))
        return fail(start, u"invalid %1 literal"_s.arg(kind));
    qsizetype first = 0;
    while (first < digits.size() && digits[first] == 0)
        ++first;
    const qsizetype count = digits.size() - first;
    if (count * bitsPerDigit <= 63) {
        quint64 v = 0;
        for (qsizetype i = first; i < digits.size(); ++i)
            v = v << bitsPerDigit | digits[i];
        out = QVariant(qlonglong(v));
        return true;
    }
    // 4300 decimal digits need at most 14284 bits. The magnitude stays binary (linear to
    // build); the decimal text is made only if something asks for it.
    PyroBigIntMath::Limbs limbs;
    if (count * bitsPerDigit <= 14300 + bitsPerDigit)
        limbs = PyroBigIntMath::limbsFromPoweredDigits(digits.constData() + first, count, bitsPerDigit);
    if (limbs.isEmpty() || PyroBigIntMath::exceedsDecimalLimit(limbs))
        return fail(start, u"integer literal too large (more than %1 decimal digits)"_s
                               .arg(PyroBigIntMath::MaxDecimalDigits));
    out = PyroBigInt::normalized(PyroBigIntPrivate::fromLimbs(std::move(limbs), false));
    return true;
}

// At a string literal, possibly behind a prefix: r, u, b, br, rb in any case. f-strings
// are recognised only to be refused.
bool SerpentParser::stringPrefixAt(const char *at, qsizetype *prefixLength) const
{
    qsizetype n = 0;
    while (n < 3 && at + n < m_end && isIdentStart(at[n]))
        ++n;
    if (n == 0 || n > 2 || at + n >= m_end || (at[n] != '\'' && at[n] != '"'))
        return false;
    for (qsizetype i = 0; i < n; ++i) {
        const char c = char(at[i] | 0x20);
        if (c != 'r' && c != 'u' && c != 'b' && c != 'f')
            return false;
    }
    *prefixLength = n;
    return true;
}

// One or more adjacent literals, concatenated (all str or all bytes).
bool SerpentParser::parseStrings(QVariant &out, int depth, bool key)
{
    QString str;
    QByteArray bytes;
    QList<char32_t> codePoints; // instead of str once UTF-16 would merge two code points
    bool first = true;
    bool isBytes = false;
    for (;;) {
        const char *literal = m_p;
        bool raw = false;
        bool b = false;
        bool u = false;
        while (*m_p != '\'' && *m_p != '"') {
            const char c = char(*m_p | 0x20);
            if (c == 'f')
                return fail(literal, u"malformed node or string: f-strings are not literals"_s);
            if ((c == 'r' && raw) || (c == 'b' && b) || (c == 'u' && u))
                return failUnexpected();
            raw = raw || c == 'r';
            b = b || c == 'b';
            u = u || c == 'u';
            ++m_p;
        }
        if (u && (raw || b))
            return fail(literal, u"invalid syntax (string prefix)"_s);
        if (!first && b != isBytes)
            return fail(literal, u"cannot mix bytes and nonbytes literals"_s);
        isBytes = b;
        if (first) {
            if (!parseLiteral(isBytes, raw, key, &str, &bytes, &codePoints))
                return false;
        } else {
            QString moreStr;
            QByteArray moreBytes;
            QList<char32_t> moreCodePoints;
            if (!parseLiteral(isBytes, raw, false, &moreStr, &moreBytes, &moreCodePoints))
                return false;
            if (isBytes) {
                bytes.append(moreBytes);
            } else if (codePoints.isEmpty() && moreCodePoints.isEmpty()
                       && !(!str.isEmpty() && str.back().isHighSurrogate()
                            && !moreStr.isEmpty() && moreStr.front().isLowSurrogate())) {
                str.append(moreStr);
            } else {
                // '\ud83d' '\ude00' is two code points: keep them apart
                if (codePoints.isEmpty())
                    codePoints = PyroSurrogateString::fromString(str).codePoints();
                codePoints += moreCodePoints.isEmpty() ? PyroSurrogateString::fromString(moreStr).codePoints()
                                                       : moreCodePoints;
            }
        }
        first = false;
        if (!skipSpace(depth))
            return false;
        qsizetype prefixLength = 0;
        if (m_p >= m_end || (*m_p != '\'' && *m_p != '"' && !stringPrefixAt(m_p, &prefixLength)))
            break;
    }
    if (isBytes)
        out = QVariant(bytes);
    else if (!codePoints.isEmpty())
        out = QVariant::fromValue(PyroSurrogateString(std::move(codePoints)));
    else
        out = QVariant(str);
    return true;
}

// One literal at its opening quote. The first pass finds the end and validates the
// UTF-8; text without escapes (the usual case) is then converted in one go.
bool SerpentParser::parseLiteral(bool isBytes, bool raw, bool key, QString *str, QByteArray *bytes,
                                 QList<char32_t> *codePoints)
{
    const char quote = *m_p;
    const bool triple = m_end - m_p >= 3 && m_p[1] == quote && m_p[2] == quote;
    const char *open = m_p;
    const char *const content = m_p + (triple ? 3 : 1);
    const char *q = content;
    bool plain = true; // nothing to translate: no escapes, no CR
    for (;;) {
        q = findStringStop(q, m_end);
        if (q >= m_end)
            return fail(open, triple ? u"unterminated triple-quoted string literal"_s
                                     : u"unterminated string literal"_s);
        const uchar c = uchar(*q);
        if (c == uchar(quote)) {
            if (!triple || (m_end - q >= 3 && q[1] == quote && q[2] == quote))
                break;
            ++q;
            continue;
        }
        switch (c) {
        case '\\':
            // the next character never ends the literal; raw literals keep both
            ++q;
            if (q >= m_end)
                continue; // reported as unterminated above
            if (!raw || *q == '\r')
                plain = false;
            if (*q == '\r' && q + 1 < m_end && q[1] == '\n')
                ++q;
            if (uchar(*q) < 0x80 && *q != 0) {
                ++q;
                continue;
            }
            break; // let the checks below look at a NUL or a non-ASCII character
        case '\n':
            if (!triple)
                return fail(open, u"unterminated string literal"_s);
            ++q;
            continue;
        case '\r':
            if (!triple)
                return fail(open, u"unterminated string literal"_s);
            plain = false; // CR LF and CR read as LF
            ++q;
            continue;
        default:
            break;
        }
        const uchar d = uchar(*q);
        if (d == 0) {
            m_p = q;
            return failUnexpected();
        }
        if (d >= 0x80) {
            if (isBytes) {
                m_p = q;
                return fail(q, u"bytes can only contain ASCII literal characters"_s);
            }
            char32_t cp;
            const int length = utf8Sequence(reinterpret_cast<const uchar *>(q),
                                            reinterpret_cast<const uchar *>(m_end), &cp, PyroText::SerpentPolicy);
            if (!length) {
                m_p = q;
                return failUnexpected();
            }
            q += length;
            continue;
        }
        ++q; // the other quote character
    }
    const char *const contentEnd = q;
    m_p = q + (triple ? 3 : 1);
    if (plain) {
        if (isBytes)
            *bytes = QByteArray(content, contentEnd - content);
        else if (key)
            *str = m_keys.fromUtf8(QByteArrayView(content, contentEnd - content));
        else
            *str = QString::fromUtf8(content, contentEnd - content);
        return true;
    }
    return isBytes ? decodeBytes(content, contentEnd, raw, bytes)
                   : decodeStr(content, contentEnd, raw, str, codePoints);
}

// \N{name}; q is just after the N.
bool SerpentParser::readNamedEscape(const char *backslash, const char *&q, const char *to, char32_t *cp)
{
    if (q >= to || *q != '{')
        return fail(backslash, u"(unicode error) 'unicodeescape' codec can't decode bytes: "
                               "malformed \\N character escape"_s);
    const char *nameStart = q + 1;
    const char *close = nameStart;
    while (close < to && *close != '}')
        ++close;
    if (close >= to || close == nameStart)
        return fail(backslash, u"(unicode error) 'unicodeescape' codec can't decode bytes: "
                               "malformed \\N character escape"_s);
    const QByteArray name = QByteArray(nameStart, close - nameStart).toUpper();
    if (!PyroUnicodeName::lookup(name, cp))
        return fail(backslash, u"(unicode error) 'unicodeescape' codec can't decode bytes: "
                               "unknown Unicode character name: %1"_s
                                   .arg(QString::fromUtf8(name)));
    q = close + 1;
    return true;
}

// Reads n hex digits at q for \x, \u and \U.
inline bool readHex(const char *&q, const char *to, int n, char32_t *value)
{
    if (to - q < n)
        return false;
    char32_t v = 0;
    for (int i = 0; i < n; ++i) {
        const int h = hexValue(q[i]);
        if (h < 0)
            return false;
        v = v << 4 | char32_t(h);
    }
    q += n;
    *value = v;
    return true;
}

// The escape after a backslash shared by str and bytes: simple escapes, octal, \x and line
// continuation. Returns 1 with the value, 0 for a continuation (nothing), -1 when the
// escape is not one of these.
inline int commonEscape(const char *&q, const char *to, char32_t *value)
{
    const char c = *q;
    switch (c) {
    case '\n': ++q; return 0;
    case '\r':
        ++q;
        if (q < to && *q == '\n')
            ++q;
        return 0;
    case '\\': case '\'': case '"': *value = char32_t(c); ++q; return 1;
    case 'a': *value = 7; ++q; return 1;
    case 'b': *value = 8; ++q; return 1;
    case 'f': *value = 12; ++q; return 1;
    case 'n': *value = 10; ++q; return 1;
    case 'r': *value = 13; ++q; return 1;
    case 't': *value = 9; ++q; return 1;
    case 'v': *value = 11; ++q; return 1;
    default: break;
    }
    if (c >= '0' && c <= '7') {
        char32_t v = 0;
        for (int i = 0; i < 3 && q < to && *q >= '0' && *q <= '7'; ++i, ++q)
            v = v * 8 + char32_t(*q - '0');
        *value = v;
        return 1;
    }
    return -1;
}

// Usually UTF-16 into a QString. A low surrogate code point right after a high one (from
// \u escapes) would merge there; then the caller gets the code points instead.
bool SerpentParser::decodeStr(const char *from, const char *to, bool raw, QString *out,
                              QList<char32_t> *codePoints)
{
    // every escape and every UTF-8 sequence yields at most as many UTF-16 units as it has bytes
    QString result(to - from, Qt::Uninitialized);
    char16_t *const begin = reinterpret_cast<char16_t *>(result.data());
    char16_t *w = begin;
    bool merges = false;
    if (!decodeStrUnits(from, to, raw, w, &merges))
        return false;
    if (!merges) {
        result.truncate(w - begin);
        *out = std::move(result);
        return true;
    }
    QList<char32_t> wide(to - from);
    char32_t *w32 = wide.data();
    if (!decodeStrUnits(from, to, raw, w32, &merges))
        return false;
    wide.resize(w32 - wide.constData());
    *codePoints = std::move(wide);
    return true;
}

// Unit char16_t: stops with *merges when UTF-16 cannot keep the code points apart.
template <typename Unit>
bool SerpentParser::decodeStrUnits(const char *from, const char *to, bool raw, Unit *&w, bool *merges)
{
    Unit *const begin = w;
    const auto putCodePoint = [&w, begin](char32_t cp) {
        if constexpr (sizeof(Unit) == 2) {
            if (cp >= 0x10000) {
                *w++ = QChar::highSurrogate(cp);
                *w++ = QChar::lowSurrogate(cp);
                return true;
            }
            // a high unit before is a lone surrogate code point: pairs end with a low unit
            if (QChar::isLowSurrogate(cp) && w > begin && QChar::isHighSurrogate(w[-1]))
                return false;
        }
        *w++ = Unit(cp);
        return true;
    };
    const char *q = from;
    while (q < to) {
        const uchar c = uchar(*q);
        if (c >= 0x80) {
            char32_t cp = 0;
            q += utf8Sequence(reinterpret_cast<const uchar *>(q), reinterpret_cast<const uchar *>(to), &cp, PyroText::SerpentPolicy);
            putCodePoint(cp); // never a surrogate: the UTF-8 check refused those
            continue;
        }
        if (c == '\r') {
            ++q;
            if (q < to && *q == '\n')
                ++q;
            *w++ = Unit(u'\n');
            continue;
        }
        if (c != '\\') {
            *w++ = Unit(c);
            ++q;
            continue;
        }
        const char *backslash = q++;
        if (raw) {
            *w++ = Unit(u'\\'); // the next character is copied as it is by the loop
            continue;
        }
        char32_t value = 0;
        const int common = commonEscape(q, to, &value);
        if (common == 1) {
            putCodePoint(value); // at most U+01FF
            continue;
        }
        if (common == 0)
            continue;
        const char e = *q;
        if (e == 'x' || e == 'u' || e == 'U') {
            ++q;
            const int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            if (!readHex(q, to, n, &value))
                return fail(backslash, u"(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\%1 escape"_s
                                           .arg(e == 'x' ? u"xXX"_s : e == 'u' ? u"uXXXX"_s : u"UXXXXXXXX"_s));
            if (value > 0x10FFFF)
                return fail(backslash, u"(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character"_s);
            if (!putCodePoint(value)) {
                *merges = true;
                return true;
            }
            continue;
        }
        if (e == 'N') {
            ++q;
            if (!readNamedEscape(backslash, q, to, &value))
                return false;
            putCodePoint(value); // names never give a surrogate
            continue;
        }
        *w++ = Unit(u'\\'); // an unknown escape keeps its backslash
    }
    return true;
}

bool SerpentParser::decodeBytes(const char *from, const char *to, bool raw, QByteArray *out)
{
    QByteArray result(to - from, Qt::Uninitialized);
    char *const begin = result.data();
    char *w = begin;
    const char *q = from;
    while (q < to) {
        const char c = *q;
        if (c == '\r') {
            ++q;
            if (q < to && *q == '\n')
                ++q;
            *w++ = '\n';
            continue;
        }
        if (c != '\\') {
            *w++ = c;
            ++q;
            continue;
        }
        const char *backslash = q++;
        if (raw) {
            *w++ = '\\';
            continue;
        }
        char32_t value = 0;
        const int common = commonEscape(q, to, &value);
        if (common == 1) {
            *w++ = char(value & 0xFF); // octal escapes above \377 wrap, as in Python
            continue;
        }
        if (common == 0)
            continue;
        if (*q == 'x') {
            ++q;
            if (!readHex(q, to, 2, &value))
                return fail(backslash, u"(value error) invalid \\x escape"_s);
            *w++ = char(value);
            continue;
        }
        *w++ = '\\';
    }
    result.truncate(w - begin);
    *out = std::move(result);
    return true;
}

} // namespace

/*
    \code
    const QVariant value = serpent->decode(payload, PyroDecodeOptions(), &error);
    if (!value.isValid())
        qWarning() << error;
    \endcode
    Parses serpent text straight from \a data: any Python literal expression that
    ast.literal_eval accepts (apart from Ellipsis; \N{} takes Python 3.11's Unicode 14.0 names),
    with Python's rules for comments, line ends, indentation, string prefixes and escapes,
    number forms and bracket nesting. Dicts with a "__class__" key go through the class
    mapping as soon as they are complete, unless \a options says otherwise. Anything else
    (including invalid UTF-8 and NUL bytes) fails with a SerializeError naming the line
    and column, in time linear in the input.
*/
QVariant PyroSerpentSerializer::decode(QByteArrayView data, const PyroDecodeOptions &options,
                                       PyroError *error) const
{
    SerpentParser parser(data, options);
    QVariant result;
    if (parser.parseDocument(result))
        return result;
    if (error)
        *error = parser.error();
    return QVariant();
}
