// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QtGlobal>

#include <algorithm>
#include <charconv>
#include <limits>

// The Python-text primitives the serializers share: hex digits, and UTF-8 as Python's
// codecs read and write it. Header-only: they sit in the serializers' inner loops.
namespace PyroText {

// What a str's lone surrogates (U+D800..U+DFFF not in a pair) do in UTF-8. Python's strict
// codec refuses them both ways; "surrogatepass" writes and reads them as 3-byte sequences.
enum class LoneSurrogates : quint8 { Fail, Pass };

// Each Pyro5 serializer's policy, as the real Pyro5 behaves (autotests/serializers/
// tst_pyrolonesurrogates checks each one through the serializers):
//   serpent  Fail: its text is strict UTF-8; a str's lone surrogates are written as
//                  '\udc80' escapes, never as raw UTF-8, and read back from them.
//   json     Fail: json.dumps(...).encode("utf-8") raises UnicodeEncodeError.
//   marshal  Pass: CPython's marshal writes and reads str with surrogatepass.
//   msgpack  Fail: msgpack-python packs str as strict UTF-8 (the plugin refuses them through
//                  PyroSerializerUtils::surrogatesNotAllowed()).
constexpr LoneSurrogates SerpentPolicy = LoneSurrogates::Fail;
constexpr LoneSurrogates JsonPolicy = LoneSurrogates::Fail;
constexpr LoneSurrogates MarshalPolicy = LoneSurrogates::Pass;

// 0..15 for a hex digit (either case), -1 otherwise.
constexpr int hexValue(char32_t c)
{
    if (c >= '0' && c <= '9')
        return int(c - '0');
    if (c >= 'a' && c <= 'f')
        return int(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return int(c - 'A' + 10);
    return -1;
}

// Length (2..4) of the well-formed multi-byte UTF-8 sequence at s (s < end, *s >= 0x80) and
// its code point; 0 for anything Python's decoder refuses: stray continuation bytes,
// overlongs, beyond U+10FFFF, truncation, and encoded surrogates unless policy is Pass.
inline int utf8Sequence(const uchar *s, const uchar *end, char32_t *cp,
                        LoneSurrogates policy = LoneSurrogates::Fail)
{
    const uchar b0 = s[0];
    const auto cont = [&](int i) { return end - s > i && (s[i] & 0xC0) == 0x80; };
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (!cont(1))
            return 0;
        *cp = char32_t(b0 & 0x1F) << 6 | (s[1] & 0x3F);
        return 2;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (!cont(1) || !cont(2))
            return 0;
        const char32_t c = char32_t(b0 & 0x0F) << 12 | char32_t(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        if (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF && policy == LoneSurrogates::Fail))
            return 0;
        *cp = c;
        return 3;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3))
            return 0;
        const char32_t c = char32_t(b0 & 0x07) << 18 | char32_t(s[1] & 0x3F) << 12
            | char32_t(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
        if (c < 0x10000 || c > 0x10FFFF)
            return 0;
        *cp = c;
        return 4;
    }
    return 0;
}

// UTF-8 bytes of a code point (a lone surrogate code point takes 3, as with surrogatepass).
constexpr int utf8Length(char32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

// Writes cp as UTF-8 (utf8Length(cp) bytes) and returns the end.
inline char *putUtf8(char *w, char32_t cp)
{
    if (cp < 0x80) {
        *w++ = char(cp);
        return w;
    }
    if (cp < 0x800) {
        *w++ = char(0xC0 | (cp >> 6));
    } else if (cp < 0x10000) {
        *w++ = char(0xE0 | (cp >> 12));
        *w++ = char(0x80 | ((cp >> 6) & 0x3F));
    } else {
        *w++ = char(0xF0 | (cp >> 18));
        *w++ = char(0x80 | ((cp >> 12) & 0x3F));
        *w++ = char(0x80 | ((cp >> 6) & 0x3F));
    }
    *w++ = char(0x80 | (cp & 0x3F));
    return w;
}

// Python's float() of a decimal literal its caller has checked against its own grammar
// ([-]digits[.digits][(e|E)[+-]digits], as from_chars reads it): overflow gives +-inf and
// underflow +-0.0 where from_chars reports out of range. False when [begin, end) is not
// entirely such a literal.
inline bool decimalToDouble(const char *begin, const char *end, double *value)
{
    double d = 0;
    const auto parsed = std::from_chars(begin, end, d, std::chars_format::general);
    if (parsed.ptr != end)
        return false;
    if (parsed.ec == std::errc()) {
        *value = d;
        return true;
    }
    if (parsed.ec != std::errc::result_out_of_range)
        return false;
    // Only the extremes get here: the decimal exponent of the leading non-zero digit plus
    // the written exponent tells which end.
    const bool negative = *begin == '-';
    const char *const digits = negative ? begin + 1 : begin;
    const char *const e = std::find_if(digits, end, [](char c) { return c == 'e' || c == 'E'; });
    const char *const dot = std::find(digits, e, '.');
    const char *lead = digits;
    while (lead < e && (*lead == '0' || *lead == '.'))
        ++lead;
    qint64 magnitude = lead < dot ? dot - lead - 1 : -(lead - dot);
    qint64 exponent = 0;
    const char *p = e < end ? e + 1 : end;
    const bool negativeExponent = p < end && *p == '-';
    if (p < end && (*p == '+' || *p == '-'))
        ++p;
    for (; p < end; ++p) {
        if (exponent < 1000000000)
            exponent = exponent * 10 + (*p - '0');
    }
    magnitude += negativeExponent ? -exponent : exponent;
    const double result = lead < e && magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    *value = negative ? -result : result;
    return true;
}

} // namespace PyroText
