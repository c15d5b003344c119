// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrofloatformat_p.h"

#include <charconv>
#include <cmath>
#include <cstring>

int pyroFormatFloatRepr(double value, char *out)
{
    if (std::isnan(value)) {
        std::memcpy(out, "nan", 3);
        return 3;
    }
    if (std::isinf(value)) {
        if (value < 0) {
            std::memcpy(out, "-inf", 4);
            return 4;
        }
        std::memcpy(out, "inf", 3);
        return 3;
    }

    // Shortest round-trip digits in scientific form: "d[.ddd]e[+-]xx".
    char sci[32];
    const auto res = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific);
    const char *end = res.ptr;
    const char *p = sci;
    char *o = out;
    if (*p == '-') {
        *o++ = '-';
        ++p;
    }
    char digits[24];
    int nDigits = 0;
    while (p < end && *p != 'e') {
        if (*p != '.')
            digits[nDigits++] = *p;
        ++p;
    }
    int exponent = 0;
    std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), end, exponent);
    const int decimalPoint = exponent + 1; // value = 0.digits * 10^decimalPoint

    if (exponent < -4 || exponent >= 16) {
        *o++ = digits[0];
        if (nDigits > 1) {
            *o++ = '.';
            std::memcpy(o, digits + 1, size_t(nDigits - 1));
            o += nDigits - 1;
        }
        *o++ = 'e';
        *o++ = exponent < 0 ? '-' : '+';
        const int absExp = exponent < 0 ? -exponent : exponent;
        if (absExp >= 100)
            *o++ = char('0' + absExp / 100);
        *o++ = char('0' + (absExp / 10) % 10);
        *o++ = char('0' + absExp % 10);
    } else if (decimalPoint <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -decimalPoint; ++i)
            *o++ = '0';
        std::memcpy(o, digits, size_t(nDigits));
        o += nDigits;
    } else if (decimalPoint >= nDigits) {
        std::memcpy(o, digits, size_t(nDigits));
        o += nDigits;
        for (int i = nDigits; i < decimalPoint; ++i)
            *o++ = '0';
        *o++ = '.';
        *o++ = '0';
    } else {
        std::memcpy(o, digits, size_t(decimalPoint));
        o += decimalPoint;
        *o++ = '.';
        std::memcpy(o, digits + decimalPoint, size_t(nDigits - decimalPoint));
        o += nDigits - decimalPoint;
    }
    return int(o - out);
}
