// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// Python regular expressions against the name server: what list(regex=pattern) answers for
// a registry holding the name subject. "match" / "no match", or the error: NamingError's
// message ("invalid regex: ..."), or "OverflowError: ..." where Python's re raises that.
// Used by tst_pyronsregex (our name server alone) and tst_pyronsregexinterop (ours next
// to Pyro5's, which must give the same answers).

#include "pyroerror.h"

#include <QtCore/QList>
#include <QtCore/QString>

namespace RegexCases {

using namespace Qt::StringLiterals;

struct Case
{
    const char *tag;
    QString pattern;
    QString subject;
    QString expected;
};

// The table's words for a failed list(regex=...).
inline QString describe(const PyroError &error)
{
    if (error.pythonClass() == u"builtins.OverflowError"_s)
        return u"OverflowError: "_s + error.message();
    if (error.code() != PyroError::Code::NamingError)
        return u"unexpected error: "_s + error.toString();
    return error.message();
}

inline QList<Case> cases()
{
    return {
        // Generated once from Python 3.11's re (re.compile(pattern).match(subject)): the answers
        // Pyro5's name server gives for list(regex=pattern) against a registry holding subject.
        {"p-property", u"\\p{L}"_s, u"a"_s, u"invalid regex: bad escape \\p at position 0"_s},
        {"x-braces", u"\\x{41}"_s, u"A"_s, u"invalid regex: incomplete escape \\x at position 0"_s},
        {"x-two-digits", u"\\x41"_s, u"A"_s, u"match"_s},
        {"x-one-digit", u"\\x4"_s, u"A"_s, u"invalid regex: incomplete escape \\x4 at position 0"_s},
        {"ascii-flag-word", u"(?a)\\w"_s, u"\u00e9"_s, u"no match"_s},
        {"ascii-flag-word-ascii", u"(?a)\\w"_s, u"e"_s, u"match"_s},
        {"unicode-flag", u"(?u)\\w"_s, u"\u00e9"_s, u"match"_s},
        {"ascii-ignorecase", u"(?ai)a"_s, u"A"_s, u"match"_s},
        {"locale-flag", u"(?L)x"_s, u"x"_s, u"invalid regex: bad inline flags: cannot use 'L' flag with a str pattern at position 3"_s},
        {"ascii-locale", u"(?aL)x"_s, u"x"_s, u"invalid regex: bad inline flags: cannot use 'L' flag with a str pattern at position 4"_s},
        {"ascii-unicode", u"(?au)x"_s, u"x"_s, u"invalid regex: bad inline flags: flags 'a', 'u' and 'L' are incompatible at position 4"_s},
        {"scoped-ascii", u"(?a:\\w)\\w"_s, u"\u00e9\u00e9"_s, u"no match"_s},
        {"scoped-unicode", u"(?a)(?u:\\w)"_s, u"\u00e9"_s, u"match"_s},
        {"named-char", u"\\N{LATIN SMALL LETTER A}"_s, u"a"_s, u"match"_s},
        {"named-char-lower", u"\\N{snowman}"_s, u"\u2603"_s, u"match"_s},
        {"named-char-alias", u"\\N{LATIN CAPITAL LETTER GHA}"_s, u"\u01a2"_s, u"match"_s},
        {"named-char-cjk", u"\\N{CJK UNIFIED IDEOGRAPH-4E00}"_s, u"\u4e00"_s, u"match"_s},
        {"named-char-unknown", u"\\N{BOGUS NAME}"_s, u"x"_s, u"invalid regex: undefined character name 'BOGUS NAME' at position 0"_s},
        {"named-char-no-brace", u"\\N"_s, u"x"_s, u"invalid regex: missing { at position 2"_s},
        {"named-char-class", u"[\\N{GREEK SMALL LETTER ALPHA}-\\N{GREEK SMALL LETTER OMEGA}]+$"_s, u"\u03bb\u03bc"_s, u"match"_s},
        // Unicode name aliases (control names, abbreviations) as in string literals, and no
        // character newer than Python 3.11's Unicode 14.0 (KHOJKI LETTER QA is 15.0).
        {"named-char-control-alias", u"a\\N{LINE FEED}?b"_s, u"ab"_s, u"match"_s},
        {"named-char-control-alias-lower", u"a\\N{line feed}?b"_s, u"ab"_s, u"match"_s},
        {"named-char-abbreviation", u"\\N{NBSP}"_s, u"\u00a0"_s, u"match"_s},
        {"named-char-abbreviation-class", u"[\\N{ZWNJ}\\N{BYTE ORDER MARK}]+x"_s, u"\u200c\ufeffx"_s, u"match"_s},
        {"named-char-hangul", u"\\N{HANGUL SYLLABLE GA}"_s, u"\uac00"_s, u"match"_s},
        {"named-char-unicode-15", u"\\N{KHOJKI LETTER QA}"_s, u"x"_s, u"invalid regex: undefined character name 'KHOJKI LETTER QA' at position 0"_s},
        {"pcre-named-group", u"(?<n>x)"_s, u"x"_s, u"invalid regex: unknown extension ?<n at position 1"_s},
        {"python-named-group", u"(?P<n>x)(?P=n)"_s, u"xx"_s, u"match"_s},
        {"bad-group-name", u"(?P<1a>x)"_s, u"x"_s, u"invalid regex: bad character in group name '1a' at position 4"_s},
        {"unknown-group-name", u"(?P=zz)"_s, u"x"_s, u"invalid regex: unknown group name 'zz' at position 4"_s},
        {"backref", u"(a)\\1"_s, u"aa"_s, u"match"_s},
        {"open-group-ref", u"(a\\1)"_s, u"aa"_s, u"invalid regex: cannot refer to an open group at position 2"_s},
        {"bad-backref", u"\\8"_s, u"x"_s, u"invalid regex: invalid group reference 8 at position 1"_s},
        {"octal", u"\\101"_s, u"A"_s, u"match"_s},
        {"octal-zero", u"\\0"_s, u"\u0000"_s, u"match"_s},
        {"escape-e", u"\\e"_s, u"x"_s, u"invalid regex: bad escape \\e at position 0"_s},
        {"escape-z-lower", u"\\z"_s, u"x"_s, u"invalid regex: bad escape \\z at position 0"_s},
        {"escape-Z", u"a\\Z"_s, u"a"_s, u"match"_s},
        {"escape-Z-newline", u"a\\Z"_s, u"a\u000a"_s, u"no match"_s},
        {"dollar-newline", u"a$"_s, u"a\u000a"_s, u"match"_s},
        {"escape-Q", u"\\Qa"_s, u"a"_s, u"invalid regex: bad escape \\Q at position 0"_s},
        {"escape-R", u"\\R"_s, u"\u000a"_s, u"invalid regex: bad escape \\R at position 0"_s},
        {"escape-h", u"\\h"_s, u" "_s, u"invalid regex: bad escape \\h at position 0"_s},
        {"escape-K", u"a\\Kb"_s, u"ab"_s, u"invalid regex: bad escape \\K at position 1"_s},
        {"escape-g", u"(a)\\g<1>"_s, u"aa"_s, u"invalid regex: bad escape \\g at position 3"_s},
        {"escape-c", u"\\cA"_s, u"\u0001"_s, u"invalid regex: bad escape \\c at position 0"_s},
        {"escape-o", u"\\o{101}"_s, u"A"_s, u"invalid regex: bad escape \\o at position 0"_s},
        {"escape-v", u"\\v"_s, u"\u000b"_s, u"match"_s},
        {"escape-v-newline", u"\\v"_s, u"\u000a"_s, u"no match"_s},
        {"class-backspace", u"[\\b]"_s, u"\u0008"_s, u"match"_s},
        {"posix-class", u"[[:alpha:]]"_s, u":"_s, u"no match"_s},
        {"posix-class-letter", u"[[:alpha:]]"_s, u"a"_s, u"no match"_s},
        {"branch-reset", u"(?|a)"_s, u"a"_s, u"invalid regex: unknown extension ?| at position 1"_s},
        {"verb", u"(*UTF)a"_s, u"a"_s, u"invalid regex: nothing to repeat at position 1"_s},
        {"recursion", u"(?R)"_s, u"a"_s, u"invalid regex: unknown extension ?R at position 1"_s},
        {"subroutine", u"(a)(?1)"_s, u"aa"_s, u"invalid regex: unknown extension ?1 at position 4"_s},
        {"flags-off-global", u"(?i)a(?-i)b"_s, u"ab"_s, u"invalid regex: missing : at position 9"_s},
        {"flags-not-at-start", u"a(?i)b"_s, u"ab"_s, u"invalid regex: global flags not at the start of the expression at position 1"_s},
        {"scoped-flags", u"(?i:a)b"_s, u"Ab"_s, u"match"_s},
        {"scoped-flags-off", u"(?i)a(?-i:b)"_s, u"AB"_s, u"no match"_s},
        {"verbose", u"(?x) a b # comment"_s, u"ab"_s, u"match"_s},
        {"verbose-class-space", u"(?x)[ ]a"_s, u" a"_s, u"match"_s},
        {"verbose-escaped-space", u"(?x)a\\ b"_s, u"a b"_s, u"match"_s},
        {"repeat-upto", u"a{,2}$"_s, u"aa"_s, u"match"_s},
        {"repeat-literal-brace", u"a{x}"_s, u"a{x}"_s, u"match"_s},
        {"repeat-min-max", u"a{2,1}"_s, u"aa"_s, u"invalid regex: min repeat greater than max repeat at position 2"_s},
        {"repeat-too-large", u"a{99999999999}"_s, u"a"_s, u"OverflowError: the repetition number is too large"_s},
        {"multiple-repeat", u"a**"_s, u"a"_s, u"invalid regex: multiple repeat at position 2"_s},
        {"nothing-to-repeat", u"*a"_s, u"a"_s, u"invalid regex: nothing to repeat at position 0"_s},
        {"possessive", u"a++$"_s, u"aa"_s, u"match"_s},
        {"lazy", u"a+?$"_s, u"aa"_s, u"match"_s},
        {"atomic", u"(?>a+)a"_s, u"aaa"_s, u"no match"_s},
        {"repeat-assertion", u"^*a"_s, u"a"_s, u"invalid regex: nothing to repeat at position 1"_s},
        {"digit-unicode", u"\\d"_s, u"\u0663"_s, u"match"_s},
        {"digit-ascii", u"(?a)\\d"_s, u"\u0663"_s, u"no match"_s},
        {"space-fs", u"\\s"_s, u"\u001c"_s, u"match"_s},
        {"space-nbsp", u"\\s"_s, u"\u00a0"_s, u"match"_s},
        {"space-ascii-nbsp", u"(?a)\\s"_s, u"\u00a0"_s, u"no match"_s},
        {"not-space-class", u"[^\\S\\n]+$"_s, u" \u0009"_s, u"match"_s},
        {"word-boundary", u"\\bx\\b"_s, u"x"_s, u"match"_s},
        {"ascii-boundary", u"(?a)\u00e9\\b"_s, u"\u00e9a"_s, u"match"_s},
        {"dot-newline", u"."_s, u"\u000a"_s, u"no match"_s},
        {"dotall", u"(?s)."_s, u"\u000a"_s, u"match"_s},
        {"multiline", u"(?m)a$"_s, u"a\u000ab"_s, u"match"_s},
        {"anchored", u"b"_s, u"ab"_s, u"no match"_s},
        {"anchored-prefix", u"a"_s, u"ab"_s, u"match"_s},
        {"end-only", u"$"_s, u"abc"_s, u"no match"_s},
        {"conditional", u"(a)?(?(1)b|c)"_s, u"c"_s, u"match"_s},
        {"conditional-unknown", u"(?(2)a|b)"_s, u"b"_s, u"invalid regex: invalid group reference 2 at position 3"_s},
        {"bad-range-category", u"[\\w-z]"_s, u"a"_s, u"invalid regex: bad character range \\w-z at position 1"_s},
        {"bad-range-order", u"[z-a]"_s, u"a"_s, u"invalid regex: bad character range z-a at position 1"_s},
        {"unterminated-set", u"[a"_s, u"a"_s, u"invalid regex: unterminated character set at position 0"_s},
        {"unterminated-group", u"(a"_s, u"a"_s, u"invalid regex: missing ), unterminated subpattern at position 0"_s},
        {"unbalanced", u"a)"_s, u"a"_s, u"invalid regex: unbalanced parenthesis at position 1"_s},
        {"trailing-backslash", u"a\\"_s, u"a"_s, u"invalid regex: bad escape (end of pattern) at position 1"_s},
        {"u-escape", u"\\u00e9"_s, u"\u00e9"_s, u"match"_s},
        {"U-escape", u"\\U0001F600"_s, u"\U0001f600"_s, u"match"_s},
        {"U-too-large", u"\\U00110000"_s, u"x"_s, u"invalid regex: bad escape \\U00110000 at position 0"_s},
        {"astral-literal", u"\U0001f600+$"_s, u"\U0001f600\U0001f600"_s, u"match"_s},
        {"ignorecase-unicode", u"(?i)\u00c9"_s, u"\u00e9"_s, u"match"_s},
        {"comment-group", u"(?#note)x"_s, u"x"_s, u"match"_s},
        {"alternation", u"a|b"_s, u"b"_s, u"match"_s},
        {"class-first-bracket", u"[]a]+$"_s, u"]a"_s, u"match"_s},
        {"negated-class", u"[^a]"_s, u"b"_s, u"match"_s},
        {"unknown-extension", u"(?Z)"_s, u"x"_s, u"invalid regex: unknown extension ?Z at position 1"_s},
    };
}

} // namespace RegexCases
