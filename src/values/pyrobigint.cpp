// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrobigint_p.h"

#include <algorithm>

namespace PyroBigIntMath {

QList<quint16> toBase15(const QByteArray &decimalDigits)
{
    // Repeated division of the decimal number (in base 10^9 limbs) by 2^15.
    QList<quint32> limbs; // most significant first
    const qsizetype n = decimalDigits.size();
    qsizetype first = n % 9;
    if (first == 0)
        first = 9;
    for (qsizetype pos = 0; pos < n;) {
        const qsizetype len = pos == 0 ? first : 9;
        quint32 limb = 0;
        for (qsizetype i = 0; i < len; ++i)
            limb = limb * 10 + quint32(decimalDigits[pos + i] - '0');
        limbs.append(limb);
        pos += len;
    }
    QList<quint16> result;
    qsizetype start = 0;
    while (start < limbs.size()) {
        quint64 remainder = 0;
        for (qsizetype i = start; i < limbs.size(); ++i) {
            const quint64 cur = remainder * 1000000000ULL + limbs[i];
            limbs[i] = quint32(cur >> 15);
            remainder = cur & 0x7fff;
        }
        result.append(quint16(remainder));
        while (start < limbs.size() && limbs[start] == 0)
            ++start;
    }
    while (result.size() > 1 && result.last() == 0)
        result.removeLast();
    return result;
}

QByteArray fromBase15(const quint16 *digits, qsizetype count)
{
    // Horner's scheme into base 10^9 limbs, least significant first.
    // Two digits (30 bits) per pass over the limbs: half the passes of one digit each.
    QList<quint32> limbs{0};
    for (qsizetype i = count - 1; i >= 0; --i) {
        quint64 carry = digits[i];
        int shift = 15;
        if (i > 0) {
            --i;
            carry = (carry << 15) | digits[i];
            shift = 30;
        }
        for (quint32 &limb : limbs) {
            const quint64 cur = (quint64(limb) << shift) + carry;
            limb = quint32(cur % 1000000000ULL);
            carry = cur / 1000000000ULL;
        }
        while (carry) {
            limbs.append(quint32(carry % 1000000000ULL));
            carry /= 1000000000ULL;
        }
        if (limbs.size() * 9 > MaxDecimalDigits + 9)
            return QByteArray();
    }
    QByteArray text = QByteArray::number(limbs.last());
    for (qsizetype i = limbs.size() - 2; i >= 0; --i) {
        const QByteArray part = QByteArray::number(limbs[i]);
        text.append(QByteArray(9 - part.size(), '0'));
        text.append(part);
    }
    if (text.size() > MaxDecimalDigits)
        return QByteArray();
    return text;
}

} // namespace PyroBigIntMath
