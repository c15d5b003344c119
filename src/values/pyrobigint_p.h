// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrovalues.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>

// Conversions between decimal digit strings and the binary forms the wire formats use.
// Decimal texts are limited (like CPython's int_max_str_digits) so that hostile input
// cannot make the quadratic conversions run for minutes.
namespace PyroBigIntMath {

constexpr qsizetype MaxDecimalDigits = 4300;

// Magnitude in base 2^15, least significant digit first (marshal's 'l' code).
QTPYRO_PRIVATE_EXPORT QList<quint16> toBase15(const QByteArray &decimalDigits);
// Decimal digits of a base 2^15 magnitude; empty when the result would exceed MaxDecimalDigits.
QTPYRO_PRIVATE_EXPORT QByteArray fromBase15(const quint16 *digits, qsizetype count);

} // namespace PyroBigIntMath
