// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrounicodename_p.h"

#include "pyrounicodealiases_p.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstring>

namespace {

bool isCjkUnified(char32_t cp)
{
    // the CJK Unified Ideograph blocks of Unicode 14.0 (Python 3.11)
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B738)
        || (cp >= 0x2B740 && cp <= 0x2B81D) || (cp >= 0x2B820 && cp <= 0x2CEA1)
        || (cp >= 0x2CEB0 && cp <= 0x2EBE0) || (cp >= 0x30000 && cp <= 0x3134A);
}

int upperHexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

bool PyroUnicodeName::lookup(const QByteArray &name, char32_t *cp)
{
    const auto alias = std::lower_bound(std::begin(pyroUnicodeAliases), std::end(pyroUnicodeAliases), name,
                                        [](const PyroUnicodeAlias &a, const QByteArray &n) {
                                            return std::strcmp(a.name, n.constData()) < 0;
                                        });
    if (alias != std::end(pyroUnicodeAliases) && name == alias->name) {
        *cp = alias->codePoint;
        return true;
    }
    static constexpr char cjk[] = "CJK UNIFIED IDEOGRAPH-";
    if (name.startsWith(cjk)) {
        const QByteArrayView hex = QByteArrayView(name).sliced(sizeof cjk - 1);
        if (hex.size() != 4 && hex.size() != 5)
            return false;
        char32_t value = 0;
        for (char c : hex) {
            const int h = upperHexValue(c);
            if (h < 0)
                return false;
            value = value * 16 + char32_t(h);
        }
        if (!isCjkUnified(value))
            return false;
        *cp = value;
        return true;
    }
    // ICU derives these names too; Python's name table does not have them.
    if (name.startsWith("TANGUT IDEOGRAPH-"))
        return false;
    if (name.contains('\0'))
        return false;
    UErrorCode status = U_ZERO_ERROR;
    const UChar32 c = u_charFromName(U_UNICODE_CHAR_NAME, name.constData(), &status);
    if (U_FAILURE(status) || c < 0)
        return false;
    // ICU may know a newer Unicode than Python 3.11 (14.0).
    UVersionInfo age;
    u_charAge(c, age);
    if (age[0] > 14)
        return false;
    *cp = char32_t(c);
    return true;
}
