// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyropythonregex_p.h"

#include "pyrounicodename_p.h"

#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QSet>

#include <unicode/uchar.h>

#include <optional>

using namespace Qt::StringLiterals;

/*
    A port of the parts of Python's re parser (Lib/re/_parser.py, 3.11) that decide what a
    pattern means and whether it compiles. Every literal is written as \x{HEX}, so none of
    PCRE2's own syntax (\Q, \p, (*VERB), POSIX classes, \g...) can slip through. The flags
    m, s, x and a are applied here (^, $, . and the classes are written out for them); only
    i is left to PCRE2.
*/

namespace PyroPythonRegex {
namespace {

constexpr char32_t MaxCodePoint = 0x10FFFF;
constexpr qint64 MaxRepeat = 4294967295LL;   // Python's _sre.MAXREPEAT on 64-bit

struct Range
{
    char32_t lo, hi;
};

// Python's str.isspace() set, which its Unicode \s uses (PCRE2's \s lacks U+001C..U+001F).
constexpr Range unicodeSpace[] = {
    {0x09, 0x0D}, {0x1C, 0x20}, {0x85, 0x85}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
    {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000},
};
constexpr Range asciiSpace[] = {{0x09, 0x0D}, {0x20, 0x20}};
constexpr Range asciiDigit[] = {{'0', '9'}};
constexpr Range asciiWord[] = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};

QString hex(char32_t c)
{
    return u"\\x{"_s + QString::number(uint(c), 16) + u'}';
}

template <size_t N>
QString ranges(const Range (&list)[N], bool complement)
{
    QString out;
    if (!complement) {
        for (const Range &r : list)
            out += r.lo == r.hi ? hex(r.lo) : hex(r.lo) + u'-' + hex(r.hi);
        return out;
    }
    char32_t next = 0;
    for (const Range &r : list) {
        if (r.lo > next)
            out += hex(next) + u'-' + hex(r.lo - 1);
        next = r.hi + 1;
    }
    if (next <= MaxCodePoint)
        out += hex(next) + u'-' + hex(MaxCodePoint);
    return out;
}

struct Flags
{
    bool ignoreCase = false, multiline = false, dotAll = false, verbose = false, ascii = false;
    bool unicode = false;   // (?u:...) given: ends an outer (?a)
};

class ParseError
{
public:
    QString message;
    qsizetype position;
    bool overflow = false;
};

class Parser
{
public:
    explicit Parser(const QString &pattern) : m_text(pattern.toUcs4()) { }

    Result run()
    {
        Result result;
        try {
            // Global flags are taken from the whole pattern first, as Python applies them
            // to all of it (they may only stand at the start anyway).
            QString body = alternation(0, m_global);
            if (m_pos < m_text.size())   // a ')' without its '('
                throw ParseError{u"unbalanced parenthesis"_s, m_pos};
            QString prefix;
            if (m_global.ignoreCase)
                prefix = u"(?i)"_s;
            result.pcre = prefix + body;
        } catch (const ParseError &e) {
            result.error = u"%1 at position %2"_s.arg(e.message).arg(e.position);
            if (e.overflow)
                result.error = e.message;
            result.overflow = e.overflow;
        }
        return result;
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    std::optional<char32_t> peek(qsizetype ahead = 0) const
    {
        return m_pos + ahead < m_text.size() ? std::optional<char32_t>(m_text.at(m_pos + ahead))
                                             : std::nullopt;
    }
    bool match(char32_t c)
    {
        if (peek() == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    static bool isDigit(std::optional<char32_t> c) { return c && *c >= '0' && *c <= '9'; }
    static bool isOctal(std::optional<char32_t> c) { return c && *c >= '0' && *c <= '7'; }
    static bool isHex(std::optional<char32_t> c)
    {
        return c && ((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f') || (*c >= 'A' && *c <= 'F'));
    }
    static bool isAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
    QString text(qsizetype from, qsizetype to) const
    {
        return QString::fromUcs4(reinterpret_cast<const char32_t *>(m_text.constData()) + from, to - from);
    }

    // Python's getuntil(): the text up to terminator, which is consumed.
    QString until(char32_t terminator, const QString &what)
    {
        const qsizetype start = m_pos;
        while (true) {
            if (atEnd()) {
                if (m_pos == start)
                    throw ParseError{u"missing "_s + what, m_pos};
                throw ParseError{u"missing %1, unterminated name"_s.arg(QChar(char16_t(terminator))), start};
            }
            if (m_text.at(m_pos) == terminator) {
                if (m_pos == start)
                    throw ParseError{u"missing "_s + what, m_pos};
                ++m_pos;
                return text(start, m_pos - 1);
            }
            ++m_pos;
        }
    }

    static QString pythonRepr(const QString &s)
    {
        const QChar quote = s.contains(u'\'') && !s.contains(u'"') ? u'"' : u'\'';
        QString out = quote;
        for (QChar c : s) {
            if (c == quote || c == u'\\')
                out += u'\\';
            out += c;
        }
        return out + quote;
    }

    static bool isIdentifier(const QString &name)
    {
        const QList<uint> cps = name.toUcs4();
        if (cps.isEmpty())
            return false;
        for (qsizetype i = 0; i < cps.size(); ++i) {
            const UChar32 c = UChar32(cps.at(i));
            const bool ok = i == 0 ? (c == '_' || u_hasBinaryProperty(c, UCHAR_XID_START))
                                   : u_hasBinaryProperty(c, UCHAR_XID_CONTINUE);
            if (!ok)
                return false;
        }
        return true;
    }

    void checkGroupName(const QString &name, qsizetype position)
    {
        if (!isIdentifier(name))
            throw ParseError{u"bad character in group name "_s + pythonRepr(name), position};
    }

    // \N{NAME}: the Unicode name (or alias) of one code point, any case, as Python's
    // unicodedata.lookup() (the same lookup as a "\N{...}" string literal).
    static std::optional<char32_t> codePointNamed(const QString &name)
    {
        for (QChar ch : name) {
            if (ch.unicode() > 0x7F)
                return std::nullopt; // names are ASCII; Python upper-cases ASCII only
        }
        char32_t cp = 0;
        if (!PyroUnicodeName::lookup(name.toLatin1().toUpper(), &cp))
            return std::nullopt;
        return cp;
    }

    enum class EscapeKind { Literal, Category, Assertion, GroupRef };
    struct Escape
    {
        EscapeKind kind;
        char32_t value = 0;   // the code point, the category letter, or the group number
    };

    // After a backslash at start (m_pos is past the escaped character). Python's
    // _escape() / _class_escape().
    Escape escape(qsizetype start, bool inClass)
    {
        const char32_t c = m_text.at(start + 1);
        const auto bad = [&] {
            return ParseError{u"bad escape "_s + text(start, m_pos), start};
        };
        switch (c) {
        case 'a': return {EscapeKind::Literal, 0x07};
        case 'f': return {EscapeKind::Literal, 0x0C};
        case 'n': return {EscapeKind::Literal, 0x0A};
        case 'r': return {EscapeKind::Literal, 0x0D};
        case 't': return {EscapeKind::Literal, 0x09};
        case 'v': return {EscapeKind::Literal, 0x0B};
        case '\\': return {EscapeKind::Literal, '\\'};
        case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
            return {EscapeKind::Category, c};
        case 'b':
            if (inClass)
                return {EscapeKind::Literal, 0x08};
            return {EscapeKind::Assertion, c};
        case 'A': case 'B': case 'Z':
            if (inClass)
                throw bad();
            return {EscapeKind::Assertion, c};
        case 'x': case 'u': case 'U': {
            const int digits = c == 'x' ? 2 : c == 'u' ? 4 : 8;
            int n = 0;
            while (n < digits && isHex(peek())) {
                ++m_pos;
                ++n;
            }
            if (n != digits)
                throw ParseError{u"incomplete escape "_s + text(start, m_pos), start};
            const uint value = text(start + 2, m_pos).toUInt(nullptr, 16);
            if (value > MaxCodePoint)
                throw bad();
            return {EscapeKind::Literal, char32_t(value)};
        }
        case 'N': {
            if (!match('{'))
                throw ParseError{u"missing {"_s, m_pos};
            const QString name = until('}', u"character name"_s);
            const std::optional<char32_t> cp = codePointNamed(name);
            if (!cp)
                throw ParseError{u"undefined character name "_s + pythonRepr(name), start};
            return {EscapeKind::Literal, *cp};
        }
        default:
            break;
        }
        if (c >= '0' && c <= '9') {
            if (inClass) {
                if (c > '7')
                    throw bad();
                for (int n = 0; n < 2 && isOctal(peek()); ++n)
                    ++m_pos;
                const uint value = text(start + 1, m_pos).toUInt(nullptr, 8);
                if (value > 0377)
                    throw ParseError{u"octal escape value %1 outside of range 0-0o377"_s.arg(text(start, m_pos)), start};
                return {EscapeKind::Literal, char32_t(value)};
            }
            if (c == '0') {
                for (int n = 0; n < 2 && isOctal(peek()); ++n)
                    ++m_pos;
                return {EscapeKind::Literal, char32_t(text(start + 1, m_pos).toUInt(nullptr, 8))};
            }
            if (isDigit(peek())) {
                ++m_pos;
                if (isOctal(c) && isOctal(m_text.at(m_pos - 1)) && isOctal(peek())) {
                    ++m_pos;
                    const uint value = text(start + 1, m_pos).toUInt(nullptr, 8);
                    if (value > 0377)
                        throw ParseError{u"octal escape value %1 outside of range 0-0o377"_s.arg(text(start, m_pos)), start};
                    return {EscapeKind::Literal, char32_t(value)};
                }
            }
            const int group = text(start + 1, m_pos).toInt();
            if (group < m_groups) {
                if (m_openGroups.contains(group))
                    throw ParseError{u"cannot refer to an open group"_s, start};
                return {EscapeKind::GroupRef, char32_t(group)};
            }
            throw ParseError{u"invalid group reference %1"_s.arg(group), start + 1};
        }
        if (c < 0x80 && isAsciiLetter(c))
            throw bad();
        return {EscapeKind::Literal, c};
    }

    static QString category(char32_t letter, const Flags &flags, bool inClass)
    {
        const bool negated = letter == 'D' || letter == 'S' || letter == 'W';
        const char32_t lower = negated ? letter + ('a' - 'A') : letter;
        QString set;
        if (lower == 's') {
            set = flags.ascii ? ranges(asciiSpace, negated) : ranges(unicodeSpace, negated);
        } else if (!flags.ascii) {
            // PCRE2 with Unicode properties: \d is Nd and \w is L, N and '_', as in Python.
            set = u"\\"_s + QChar(char16_t(letter));
            return set;
        } else {
            set = lower == 'd' ? ranges(asciiDigit, negated) : ranges(asciiWord, negated);
        }
        return inClass ? set : u'[' + set + u']';
    }

    static QString assertion(char32_t letter, const Flags &flags)
    {
        switch (letter) {
        case 'A': return u"\\A"_s;
        case 'Z': return u"\\z"_s;
        case 'b':
        case 'B':
            if (!flags.ascii)
                return letter == 'b' ? u"\\b"_s : u"\\B"_s;
            {
                const QString w = u'[' + ranges(asciiWord, false) + u']';
                return letter == 'b'
                        ? u"(?:(?<=%1)(?!%1)|(?<!%1)(?=%1))"_s.arg(w)
                        : u"(?:(?<=%1)(?=%1)|(?<!%1)(?!%1))"_s.arg(w);
            }
        }
        return QString();
    }

    QString characterClass(qsizetype open, const Flags &flags)
    {
        QString out = u"["_s;
        if (match('^'))
            out += u'^';
        bool any = false;
        while (true) {
            if (atEnd())
                throw ParseError{u"unterminated character set"_s, open};
            const qsizetype thisStart = m_pos;
            const char32_t c = m_text.at(m_pos++);
            if (c == ']' && any)
                break;
            std::optional<char32_t> lo;   // a literal, or none for a category
            QString item;
            if (c == '\\') {
                if (atEnd())
                    throw ParseError{u"bad escape (end of pattern)"_s, thisStart};
                ++m_pos;
                const Escape e = escape(thisStart, true);
                if (e.kind == EscapeKind::Category)
                    item = category(e.value, flags, true);
                else
                    lo = e.value;
            } else {
                lo = c;
            }
            const qsizetype thisEnd = m_pos;
            if (match('-')) {
                if (atEnd())
                    throw ParseError{u"unterminated character set"_s, open};
                if (peek() == ']') {
                    ++m_pos;
                    out += lo ? hex(*lo) : item;
                    out += hex('-');
                    break;
                }
                const qsizetype thatStart = m_pos;
                const char32_t d = m_text.at(m_pos++);
                std::optional<char32_t> hi;
                if (d == '\\') {
                    if (atEnd())
                        throw ParseError{u"bad escape (end of pattern)"_s, thatStart};
                    ++m_pos;
                    const Escape e = escape(thatStart, true);
                    if (e.kind != EscapeKind::Category)
                        hi = e.value;
                } else {
                    hi = d;
                }
                if (!lo || !hi || *hi < *lo) {
                    throw ParseError{u"bad character range %1-%2"_s.arg(text(thisStart, thisEnd),
                                                                         text(thatStart, m_pos)),
                                     thisStart};
                }
                out += hex(*lo) + u'-' + hex(*hi);
            } else {
                out += lo ? hex(*lo) : item;
            }
            any = true;
        }
        return out + u']';
    }

    // Python's _parse_flags(), after "(?" and its first flag character.
    // Returns true for global flags "(?flags)", false for a scoped group "(?flags-flags:".
    bool parseFlags(char32_t first, Flags *add, Flags *remove, bool *removeAny)
    {
        char32_t c = first;
        const auto setFlag = [](Flags *f, char32_t flag) {
            switch (flag) {
            case 'i': f->ignoreCase = true; break;
            case 'm': f->multiline = true; break;
            case 's': f->dotAll = true; break;
            case 'x': f->verbose = true; break;
            case 'a': f->ascii = true; break;
            case 'u': f->unicode = true; break;
            default: break;   // 't' (no effect)
            }
        };
        const auto isFlag = [](char32_t f) { return f == 'i' || f == 'L' || f == 'm' || f == 's' || f == 'x' || f == 'a' || f == 't' || f == 'u'; };
        int typeFlags = 0;   // which of a, u were seen
        if (c != '-') {
            while (true) {
                if (c == 'L')
                    throw ParseError{u"bad inline flags: cannot use 'L' flag with a str pattern"_s, m_pos};
                if (c == 'a' || c == 'u') {
                    const int bit = c == 'a' ? 1 : 2;
                    if (typeFlags && typeFlags != bit)
                        throw ParseError{u"bad inline flags: flags 'a', 'u' and 'L' are incompatible"_s, m_pos};
                    typeFlags = bit;
                }
                setFlag(add, c);
                if (atEnd())
                    throw ParseError{u"missing -, : or )"_s, m_pos};
                c = m_text.at(m_pos++);
                if (c == ')' || c == '-' || c == ':')
                    break;
                if (!isFlag(c)) {
                    const bool alpha = QChar::isLetter(c);
                    throw ParseError{alpha ? u"unknown flag"_s : u"missing -, : or )"_s, m_pos - 1};
                }
            }
        }
        if (c == ')')
            return true;
        if (c == '-') {
            if (atEnd())
                throw ParseError{u"missing flag"_s, m_pos};
            c = m_text.at(m_pos++);
            if (!isFlag(c))
                throw ParseError{QChar::isLetter(c) ? u"unknown flag"_s : u"missing flag"_s, m_pos - 1};
            while (true) {
                if (c == 'a' || c == 'u' || c == 'L')
                    throw ParseError{u"bad inline flags: cannot turn off flags 'a', 'u' and 'L'"_s, m_pos};
                setFlag(remove, c);
                *removeAny = true;
                if (atEnd())
                    throw ParseError{u"missing :"_s, m_pos};
                c = m_text.at(m_pos++);
                if (c == ':')
                    break;
                if (!isFlag(c))
                    throw ParseError{QChar::isLetter(c) ? u"unknown flag"_s : u"missing :"_s, m_pos - 1};
            }
        }
        if ((add->ignoreCase && remove->ignoreCase) || (add->multiline && remove->multiline)
            || (add->dotAll && remove->dotAll) || (add->verbose && remove->verbose))
            throw ParseError{u"bad inline flags: flag turned on and off"_s, m_pos - 1};
        return false;
    }

    // a|b|c up to a ')' (not consumed) or the end.
    QString alternation(int nested, Flags flags)
    {
        QString out = sequence(nested, flags, nested == 0);
        while (match('|')) {
            if (nested == 0)
                flags = m_global;
            out += u'|' + sequence(nested, flags, false);
        }
        return out;
    }

    enum class Last { Nothing, Assertion, Item, Repeat };

    // Python's _parse(): one branch.
    QString sequence(int nested, Flags flags, bool first)
    {
        QString out;
        Last last = Last::Nothing;
        bool anyItem = false;
        while (!atEnd()) {
            const char32_t c = m_text.at(m_pos);
            if (c == '|' || c == ')')
                break;
            const qsizetype start = m_pos++;
            if (flags.verbose) {
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C)
                    continue;
                if (c == '#') {
                    while (!atEnd() && m_text.at(m_pos) != '\n')
                        ++m_pos;
                    continue;
                }
            }
            if (c == '\\') {
                if (atEnd())
                    throw ParseError{u"bad escape (end of pattern)"_s, start};
                ++m_pos;
                const Escape e = escape(start, false);
                switch (e.kind) {
                case EscapeKind::Literal:
                    out += hex(e.value);
                    last = Last::Item;
                    break;
                case EscapeKind::Category:
                    out += category(e.value, flags, false);
                    last = Last::Item;
                    break;
                case EscapeKind::Assertion:
                    out += assertion(e.value, flags);
                    last = Last::Assertion;
                    break;
                case EscapeKind::GroupRef:
                    out += u"(?:\\g{%1})"_s.arg(e.value);
                    last = Last::Item;
                    break;
                }
                anyItem = true;
                continue;
            }
            const auto put = [&](const QString &pcre, Last kind) {
                out += pcre;
                last = kind;
                anyItem = true;
            };
            switch (c) {
            case '[':
                put(characterClass(start, flags), Last::Item);
                continue;
            case '.':
                put(flags.dotAll ? u"[\\x{0}-\\x{10ffff}]"_s : u"[^\\n]"_s, Last::Item);
                continue;
            case '^':
                put(flags.multiline ? u"(?<![^\\n])"_s : u"\\A"_s, Last::Assertion);
                continue;
            case '$':
                put(flags.multiline ? u"(?=\\n|\\z)"_s : u"(?=\\n?\\z)"_s, Last::Assertion);
                continue;
            case '*': case '+': case '?': case '{': {
                QString quantifier;
                if (c == '{') {
                    if (peek() == '}') {
                        out += hex('{');
                        last = Last::Item;
                        anyItem = true;
                        continue;
                    }
                    const qsizetype here = m_pos;
                    const qsizetype loStart = m_pos;
                    while (isDigit(peek()))
                        ++m_pos;
                    const QString lo = text(loStart, m_pos);
                    QString hi = lo;
                    const bool comma = match(',');
                    if (comma) {
                        const qsizetype hiStart = m_pos;
                        while (isDigit(peek()))
                            ++m_pos;
                        hi = text(hiStart, m_pos);
                    }
                    if (!match('}')) {
                        m_pos = here;
                        out += hex('{');
                        last = Last::Item;
                        anyItem = true;
                        continue;
                    }
                    bool ok = true;
                    const qint64 min = lo.isEmpty() ? 0 : lo.toLongLong(&ok);
                    if (!ok || min >= MaxRepeat)
                        throw ParseError{u"the repetition number is too large"_s, start, true};
                    qint64 max = -1;
                    if (!hi.isEmpty()) {
                        max = hi.toLongLong(&ok);
                        if (!ok || max >= MaxRepeat)
                            throw ParseError{u"the repetition number is too large"_s, start, true};
                        if (max < min)
                            throw ParseError{u"min repeat greater than max repeat"_s, here};
                    }
                    quantifier = max < 0 ? u"{%1,}"_s.arg(min)
                                         : comma ? u"{%1,%2}"_s.arg(min).arg(max) : u"{%1}"_s.arg(min);
                } else {
                    quantifier = QChar(char16_t(c));
                }
                if (last == Last::Nothing || last == Last::Assertion)
                    throw ParseError{u"nothing to repeat"_s, start};
                if (last == Last::Repeat)
                    throw ParseError{u"multiple repeat"_s, start};
                out += quantifier;
                if (match('?'))
                    out += u'?';
                else if (match('+'))
                    out += u'+';
                last = Last::Repeat;
                anyItem = true;
                continue;
            }
            case '(': {
                const std::optional<QString> group = parenthesis(start, nested, flags, first && !anyItem);
                if (group) {
                    out += *group;
                    last = Last::Item;
                    anyItem = true;
                } else if (m_globalChanged) {
                    // global flags: they hold from here on (verbose matters while parsing)
                    m_globalChanged = false;
                    flags = m_global;
                }
                continue;
            }
            default:
                out += (c < 0x80 && (isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_'))
                        ? QString(QChar(char16_t(c))) : hex(c);
                last = Last::Item;
                anyItem = true;
                continue;
            }
        }
        return out;
    }

    // After '(' at start. The group's PCRE2 text, or nothing for a comment or global flags.
    std::optional<QString> parenthesis(qsizetype start, int nested, const Flags &flags, bool mayHoldGlobalFlags)
    {
        bool capture = true;
        QString open = u"("_s;
        Flags inner = flags;
        if (match('?')) {
            if (atEnd())
                throw ParseError{u"unexpected end of pattern"_s, m_pos};
            const char32_t c = m_text.at(m_pos++);
            if (c == 'P') {
                if (match('<')) {
                    const qsizetype nameStart = m_pos;
                    const QString name = until('>', u"group name"_s);
                    checkGroupName(name, nameStart);
                    if (m_names.contains(name)) {
                        throw ParseError{u"redefinition of group name %1 as group %2; was group %3"_s
                                             .arg(pythonRepr(name)).arg(m_groups).arg(m_names.value(name)),
                                         nameStart};
                    }
                    m_names.insert(name, m_groups);
                } else if (match('=')) {
                    const qsizetype nameStart = m_pos;
                    const QString name = until(')', u"group name"_s);
                    checkGroupName(name, nameStart);
                    if (!m_names.contains(name))
                        throw ParseError{u"unknown group name "_s + pythonRepr(name), nameStart};
                    const int gid = m_names.value(name);
                    if (m_openGroups.contains(gid))
                        throw ParseError{u"cannot refer to an open group"_s, nameStart};
                    return u"(?:\\g{%1})"_s.arg(gid);
                } else {
                    if (atEnd())
                        throw ParseError{u"unexpected end of pattern"_s, m_pos};
                    ++m_pos;
                    throw ParseError{u"unknown extension ?P"_s + text(m_pos - 1, m_pos), start + 1};
                }
            } else if (c == ':') {
                capture = false;
                open = u"(?:"_s;
            } else if (c == '#') {
                while (true) {
                    if (atEnd())
                        throw ParseError{u"missing ), unterminated comment"_s, start};
                    if (m_text.at(m_pos++) == ')')
                        break;
                }
                return std::nullopt;
            } else if (c == '=' || c == '!' || c == '<') {
                open = u"(?"_s + QChar(char16_t(c));
                if (c == '<') {
                    if (atEnd())
                        throw ParseError{u"unexpected end of pattern"_s, m_pos};
                    const char32_t d = m_text.at(m_pos++);
                    if (d != '=' && d != '!')
                        throw ParseError{u"unknown extension ?<"_s + text(m_pos - 1, m_pos), start + 1};
                    open += QChar(char16_t(d));
                }
                capture = false;
            } else if (c == '(') {
                const qsizetype nameStart = m_pos;
                const QString name = until(')', u"group name"_s);
                int gid = 0;
                if (isIdentifier(name)) {
                    if (!m_names.contains(name))
                        throw ParseError{u"unknown group name "_s + pythonRepr(name), nameStart};
                    gid = m_names.value(name);
                } else {
                    bool ok = false;
                    gid = name.toInt(&ok);
                    if (!ok || gid < 0 || name.startsWith(u'+') || name.startsWith(u'-'))
                        throw ParseError{u"bad character in group name "_s + pythonRepr(name), nameStart};
                    if (gid == 0)
                        throw ParseError{u"bad group number"_s, nameStart};
                }
                const QString yes = sequence(nested + 1, flags, false);
                QString result = u"(?(%1)"_s.arg(gid) + yes;
                if (match('|')) {
                    result += u'|' + sequence(nested + 1, flags, false);
                    if (peek() == '|')
                        throw ParseError{u"conditional backref with more than two branches"_s, m_pos};
                }
                if (!match(')'))
                    throw ParseError{u"missing ), unterminated subpattern"_s, start};
                m_conditionalRefs.append({gid, nameStart});
                return result + u')';
            } else if (c == '>') {
                capture = false;
                open = u"(?>"_s;
            } else if (c == 'i' || c == 'L' || c == 'm' || c == 's' || c == 'x' || c == 'a' || c == 't' || c == 'u' || c == '-') {
                Flags add, remove;
                bool removeAny = false;
                if (parseFlags(c, &add, &remove, &removeAny)) {
                    if (!mayHoldGlobalFlags)
                        throw ParseError{u"global flags not at the start of the expression"_s, start};
                    m_global.ignoreCase |= add.ignoreCase;
                    m_global.multiline |= add.multiline;
                    m_global.dotAll |= add.dotAll;
                    m_global.verbose |= add.verbose;
                    m_global.ascii |= add.ascii;
                    m_globalChanged = true;
                    return std::nullopt;
                }
                inner.ignoreCase = (flags.ignoreCase || add.ignoreCase) && !remove.ignoreCase;
                inner.multiline = (flags.multiline || add.multiline) && !remove.multiline;
                inner.dotAll = (flags.dotAll || add.dotAll) && !remove.dotAll;
                inner.verbose = (flags.verbose || add.verbose) && !remove.verbose;
                inner.ascii = add.ascii || (flags.ascii && !add.unicode);
                capture = false;
                open = inner.ignoreCase == flags.ignoreCase ? u"(?:"_s
                                                            : inner.ignoreCase ? u"(?i:"_s : u"(?-i:"_s;
            } else {
                throw ParseError{u"unknown extension ?"_s + text(m_pos - 1, m_pos), start + 1};
            }
        }
        int group = 0;
        if (capture) {
            group = m_groups++;
            m_openGroups.insert(group);
        }
        const QString body = alternation(nested + 1, inner);
        if (!match(')'))
            throw ParseError{u"missing ), unterminated subpattern"_s, start};
        if (capture)
            m_openGroups.remove(group);
        return open + body + u')';
    }

public:
    // Python checks conditional group numbers once the whole pattern is read.
    void checkConditionalRefs() const
    {
        for (const auto &[gid, position] : m_conditionalRefs) {
            if (gid >= m_groups)
                throw ParseError{u"invalid group reference %1"_s.arg(gid), position};
        }
    }

private:
    QList<uint> m_text;
    qsizetype m_pos = 0;
    int m_groups = 1;             // Python's state.groups: the next group number
    QSet<int> m_openGroups;
    QHash<QString, int> m_names;
    QList<std::pair<int, qsizetype>> m_conditionalRefs;   // group, position of its number
    Flags m_global;
    bool m_globalChanged = false;
};

} // namespace

Result translate(const QString &pattern)
{
    Parser parser(pattern);
    Result result = parser.run();
    if (result.ok()) {
        try {
            parser.checkConditionalRefs();
        } catch (const ParseError &e) {
            result = Result();
            result.error = u"%1 at position %2"_s.arg(e.message).arg(e.position);
        }
    }
    return result;
}

} // namespace PyroPythonRegex
