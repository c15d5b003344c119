// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrovalues.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>

#include <mutex>

// Conversions between decimal digit strings and the binary forms the wire formats use.
// Decimal texts are limited (like CPython's int_max_str_digits) so that hostile input
// cannot make the quadratic decimal conversions run for minutes. Conversions between
// binary forms (base 2^15, base 2^32, 0x/0o/0b digits) are linear.
namespace PyroBigIntMath {

constexpr qsizetype MaxDecimalDigits = PyroBigInt::MaxDecimalDigits;

// A magnitude in base 2^32, least significant limb first, without high zero limbs
// (zero is the empty list).
using Limbs = QList<quint32>;

// Magnitude in base 2^15, least significant digit first (marshal's 'l' code).
QTPYRO_PRIVATE_EXPORT QList<quint16> toBase15(const QByteArray &decimalDigits);
QTPYRO_PRIVATE_EXPORT QList<quint16> toBase15(const Limbs &limbs);
// Decimal digits of a base 2^15 magnitude; empty when the result would exceed MaxDecimalDigits.
QTPYRO_PRIVATE_EXPORT QByteArray fromBase15(const quint16 *digits, qsizetype count);
QTPYRO_PRIVATE_EXPORT Limbs limbsFromBase15(const quint16 *digits, qsizetype count);
// Digits (each below 2^bitsPerDigit, most significant first) of base 2, 8 or 16.
QTPYRO_PRIVATE_EXPORT Limbs limbsFromPoweredDigits(const quint8 *digits, qsizetype count,
                                                   int bitsPerDigit);
// Quadratic in the length, as in CPython (callers bound the length).
QTPYRO_PRIVATE_EXPORT Limbs limbsFromDecimal(QByteArrayView decimalDigits);
QTPYRO_PRIVATE_EXPORT QByteArray decimalFromLimbs(const Limbs &limbs);
// Whether the magnitude has more than MaxDecimalDigits decimal digits (linear).
QTPYRO_PRIVATE_EXPORT bool exceedsDecimalLimit(const Limbs &limbs);
// The magnitude of an integral finite double.
QTPYRO_PRIVATE_EXPORT Limbs limbsFromIntegralDouble(double value);

} // namespace PyroBigIntMath

// Both forms of a PyroBigInt's magnitude: the one it was made from, and the other one
// computed on first use (thread-safe, as copies may travel between threads).
struct PyroBigInt::Data
{
    mutable QByteArray decimal;
    mutable PyroBigIntMath::Limbs limbs;
    mutable std::once_flag decimalOnce;
    mutable std::once_flag limbsOnce;
    bool hasDecimal = false;
    bool hasLimbs = false;
};

struct QTPYRO_PRIVATE_EXPORT PyroBigIntPrivate
{
    // A big int with a binary magnitude (high zero limbs are dropped).
    static PyroBigInt fromLimbs(PyroBigIntMath::Limbs &&limbs, bool negative);
    // -value, sharing value's magnitude.
    static PyroBigInt negated(const PyroBigInt &value);
    // The binary magnitude of a valid big int (converted from decimal once if needed).
    static const PyroBigIntMath::Limbs &limbs(const PyroBigInt &value);
    // Hash on the binary form, so neither form forces a decimal conversion.
    static size_t hash(const PyroBigInt &value, size_t seed);
    static size_t hashMagnitude(const PyroBigIntMath::Limbs &limbs, bool negative, size_t seed);
};
