// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrobigint_p.h"

#include <QtCore/QHash>

#include <algorithm>
#include <cmath>
#include <limits>

namespace PyroBigIntMath {

namespace {

constexpr quint32 DecimalLimbBase = 1000000000; // 10^9, the most that fits in 32 bits

void trim(Limbs &limbs)
{
    while (!limbs.isEmpty() && limbs.last() == 0)
        limbs.removeLast();
}

// Packs digits of bitsPerDigit bits, least significant first as digitAt(0), digitAt(1)...
template <typename DigitAt>
Limbs packBits(qsizetype count, int bitsPerDigit, DigitAt digitAt)
{
    Limbs limbs;
    limbs.reserve((count * bitsPerDigit + 31) / 32);
    quint64 acc = 0;
    int bits = 0;
    for (qsizetype i = 0; i < count; ++i) {
        acc |= quint64(digitAt(i)) << bits;
        bits += bitsPerDigit;
        if (bits >= 32) {
            limbs.append(quint32(acc));
            acc >>= 32;
            bits -= 32;
        }
    }
    if (bits > 0)
        limbs.append(quint32(acc));
    trim(limbs);
    return limbs;
}

} // namespace

Limbs limbsFromBase15(const quint16 *digits, qsizetype count)
{
    return packBits(count, 15, [digits](qsizetype i) { return digits[i] & 0x7fffu; });
}

Limbs limbsFromPoweredDigits(const quint8 *digits, qsizetype count, int bitsPerDigit)
{
    return packBits(count, bitsPerDigit, [digits, count](qsizetype i) { return digits[count - 1 - i]; });
}

QList<quint16> toBase15(const Limbs &limbs)
{
    QList<quint16> result;
    result.reserve((limbs.size() * 32 + 14) / 15);
    quint64 acc = 0;
    int bits = 0;
    for (quint32 limb : limbs) {
        acc |= quint64(limb) << bits;
        bits += 32;
        while (bits >= 15) {
            result.append(quint16(acc & 0x7fff));
            acc >>= 15;
            bits -= 15;
        }
    }
    if (bits > 0)
        result.append(quint16(acc));
    while (!result.isEmpty() && result.last() == 0)
        result.removeLast();
    if (result.isEmpty())
        result.append(0);
    return result;
}

QList<quint16> toBase15(const QByteArray &decimalDigits)
{
    return toBase15(limbsFromDecimal(decimalDigits));
}

Limbs limbsFromDecimal(QByteArrayView decimalDigits)
{
    // Horner's scheme, nine decimal digits per pass over the limbs.
    Limbs limbs;
    limbs.reserve(decimalDigits.size() / 9 + 1);
    const qsizetype n = decimalDigits.size();
    qsizetype len = n % 9 == 0 ? 9 : n % 9;
    for (qsizetype pos = 0; pos < n; pos += len, len = 9) {
        quint64 carry = 0;
        quint64 multiplier = 1;
        for (qsizetype i = 0; i < len; ++i) {
            carry = carry * 10 + quint64(decimalDigits[pos + i] - '0');
            multiplier *= 10;
        }
        for (quint32 &limb : limbs) {
            const quint64 cur = quint64(limb) * multiplier + carry;
            limb = quint32(cur);
            carry = cur >> 32;
        }
        if (carry)
            limbs.append(quint32(carry));
    }
    trim(limbs);
    return limbs;
}

QByteArray decimalFromLimbs(const Limbs &magnitude)
{
    // Repeated division by 10^9, one pass over the (shrinking) limbs per nine digits.
    Limbs limbs = magnitude;
    trim(limbs);
    QList<quint32> chunks; // base 10^9, least significant first
    chunks.reserve(limbs.size() * 32 / 29 + 1);
    while (!limbs.isEmpty()) {
        quint64 remainder = 0;
        for (qsizetype i = limbs.size() - 1; i >= 0; --i) {
            const quint64 cur = (remainder << 32) | limbs[i];
            limbs[i] = quint32(cur / DecimalLimbBase);
            remainder = cur % DecimalLimbBase;
        }
        chunks.append(quint32(remainder));
        trim(limbs);
    }
    if (chunks.isEmpty())
        return QByteArray("0");
    QByteArray text = QByteArray::number(chunks.last());
    text.reserve(text.size() + 9 * (chunks.size() - 1));
    for (qsizetype i = chunks.size() - 2; i >= 0; --i) {
        char chunk[9];
        quint32 v = chunks.at(i);
        for (int k = 8; k >= 0; --k) {
            chunk[k] = char('0' + v % 10);
            v /= 10;
        }
        text.append(chunk, 9);
    }
    return text;
}

QByteArray fromBase15(const quint16 *digits, qsizetype count)
{
    const Limbs limbs = limbsFromBase15(digits, count);
    if (exceedsDecimalLimit(limbs))
        return QByteArray();
    return decimalFromLimbs(limbs);
}

bool exceedsDecimalLimit(const Limbs &limbs)
{
    // More than MaxDecimalDigits digits exactly when the value is at least 10^MaxDecimalDigits.
    static const Limbs limit = [] {
        QByteArray text(MaxDecimalDigits + 1, '0');
        text[0] = '1';
        return limbsFromDecimal(text);
    }();
    if (limbs.size() != limit.size())
        return limbs.size() > limit.size();
    for (qsizetype i = limbs.size() - 1; i >= 0; --i) {
        if (limbs[i] != limit[i])
            return limbs[i] > limit[i];
    }
    return true;
}

Limbs limbsFromIntegralDouble(double value)
{
    Limbs limbs;
    if (!std::isfinite(value) || value == 0)
        return limbs;
    int exponent = 0;
    const double fraction = std::frexp(std::fabs(value), &exponent); // in [0.5, 1)
    const quint64 mantissa = quint64(std::ldexp(fraction, 64));    // 53 significant bits
    if (exponent <= 64) {
        const quint64 v = exponent <= 0 ? 0 : mantissa >> (64 - exponent);
        limbs = {quint32(v), quint32(v >> 32)};
        trim(limbs);
        return limbs;
    }
    const int shift = exponent - 64;
    limbs.fill(0, shift / 32);
    const int bitShift = shift % 32;
    const quint32 lo = quint32(mantissa), hi = quint32(mantissa >> 32);
    if (bitShift == 0) {
        limbs.append(lo);
        limbs.append(hi);
    } else {
        limbs.append(lo << bitShift);
        limbs.append((hi << bitShift) | (lo >> (32 - bitShift)));
        limbs.append(hi >> (32 - bitShift));
    }
    trim(limbs);
    return limbs;
}

} // namespace PyroBigIntMath

// ---- PyroBigIntPrivate -----------------------------------------------------------------

PyroBigInt PyroBigIntPrivate::fromLimbs(PyroBigIntMath::Limbs &&limbs, bool negative)
{
    auto data = std::make_shared<PyroBigInt::Data>();
    data->limbs = std::move(limbs);
    PyroBigIntMath::trim(data->limbs);
    data->hasLimbs = true;
    PyroBigInt result;
    result.m_negative = negative && !data->limbs.isEmpty();
    result.d = std::move(data);
    return result;
}

PyroBigInt PyroBigIntPrivate::negated(const PyroBigInt &value)
{
    PyroBigInt result = value;
    const bool zero = value.d && (value.d->hasLimbs ? value.d->limbs.isEmpty() : value.d->decimal == "0");
    result.m_negative = !value.m_negative && !zero;
    return result;
}

const PyroBigIntMath::Limbs &PyroBigIntPrivate::limbs(const PyroBigInt &value)
{
    static const PyroBigIntMath::Limbs zero;
    const PyroBigInt::Data *d = value.d.get();
    if (!d)
        return zero;
    if (!d->hasLimbs)
        std::call_once(d->limbsOnce, [d] { d->limbs = PyroBigIntMath::limbsFromDecimal(d->decimal); });
    return d->limbs;
}

size_t PyroBigIntPrivate::hashMagnitude(const PyroBigIntMath::Limbs &limbs, bool negative, size_t seed)
{
    const size_t h = qHashRange(limbs.cbegin(), limbs.cend(), seed);
    return negative ? ~h : h;
}

size_t PyroBigIntPrivate::hash(const PyroBigInt &value, size_t seed)
{
    return hashMagnitude(limbs(value), value.isNegative(), seed);
}

// ---- PyroBigInt ------------------------------------------------------------------------

PyroBigInt PyroBigInt::fromLatin1(QByteArrayView text)
{
    PyroBigInt result;
    qsizetype i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
        negative = text[i] == '-';
        ++i;
    }
    while (i < text.size() - 1 && text[i] == '0')
        ++i;
    if (i >= text.size())
        return result;
    for (qsizetype j = i; j < text.size(); ++j) {
        if (text[j] < '0' || text[j] > '9')
            return result;
    }
    auto data = std::make_shared<Data>();
    data->decimal = text.sliced(i).toByteArray();
    data->hasDecimal = true;
    result.m_negative = negative && data->decimal != "0";
    result.d = std::move(data);
    return result;
}

PyroBigInt PyroBigInt::fromString(QStringView text)
{
    return fromLatin1(text.toLatin1());
}

PyroBigInt PyroBigInt::fromUnsigned(quint64 value)
{
    auto data = std::make_shared<Data>();
    data->decimal = QByteArray::number(value);
    data->limbs = {quint32(value), quint32(value >> 32)};
    PyroBigIntMath::trim(data->limbs);
    data->hasDecimal = data->hasLimbs = true;
    PyroBigInt result;
    result.d = std::move(data);
    return result;
}

const QByteArray &PyroBigInt::digits() const
{
    static const QByteArray none;
    const Data *data = d.get();
    if (!data)
        return none;
    if (!data->hasDecimal) {
        std::call_once(data->decimalOnce,
                       [data] { data->decimal = PyroBigIntMath::decimalFromLimbs(data->limbs); });
    }
    return data->decimal;
}

bool operator==(const PyroBigInt &a, const PyroBigInt &b)
{
    if (!a.d || !b.d)
        return !a.d && !b.d;
    if (a.m_negative != b.m_negative)
        return false;
    if (a.d == b.d)
        return true;
    if (a.d->hasDecimal && b.d->hasDecimal)
        return a.d->decimal == b.d->decimal;
    return PyroBigIntPrivate::limbs(a) == PyroBigIntPrivate::limbs(b);
}

QByteArray PyroBigInt::toLatin1() const
{
    if (!isValid())
        return QByteArray();
    return m_negative ? '-' + digits() : digits();
}

QString PyroBigInt::toString() const
{
    return QString::fromLatin1(toLatin1());
}

bool PyroBigInt::fitsInt64() const
{
    bool ok = false;
    toLongLong(&ok);
    return ok;
}

qlonglong PyroBigInt::toLongLong(bool *ok) const
{
    if (d && d->hasLimbs) {
        bool fits = false;
        quint64 magnitude = toULongLongMagnitude(&fits);
        constexpr quint64 maxPositive = quint64(std::numeric_limits<qint64>::max());
        fits = fits && magnitude <= maxPositive + (m_negative ? 1 : 0);
        if (ok)
            *ok = fits;
        if (!fits)
            return 0;
        return m_negative ? qlonglong(0 - magnitude) : qlonglong(magnitude);
    }
    return toLatin1().toLongLong(ok);
}

bool PyroBigInt::fitsUInt64() const
{
    bool ok = false;
    toULongLong(&ok);
    return ok;
}

quint64 PyroBigInt::toULongLong(bool *ok) const
{
    if (m_negative) {
        if (ok)
            *ok = false;
        return 0;
    }
    if (d && d->hasLimbs)
        return toULongLongMagnitude(ok);
    return digits().toULongLong(ok);
}

quint64 PyroBigInt::toULongLongMagnitude(bool *ok) const
{
    const PyroBigIntMath::Limbs &limbs = d->limbs;
    const bool fits = limbs.size() <= 2;
    if (ok)
        *ok = fits;
    if (!fits)
        return 0;
    return (limbs.size() > 0 ? quint64(limbs[0]) : 0) | (limbs.size() > 1 ? quint64(limbs[1]) << 32 : 0);
}

double PyroBigInt::toDouble() const
{
    if (!isValid())
        return 0;
    bool ok = false;
    const double value = toLatin1().toDouble(&ok);
    // Qt gives 0 for values beyond double's range; infinity is the closer answer (Python
    // raises OverflowError there).
    if (!ok)
        return m_negative ? -std::numeric_limits<double>::infinity()
                          : std::numeric_limits<double>::infinity();
    return value;
}

QVariant PyroBigInt::normalized(const PyroBigInt &value)
{
    bool ok = false;
    const qlonglong small = value.toLongLong(&ok);
    if (ok)
        return QVariant(small);
    return QVariant::fromValue(value);
}
