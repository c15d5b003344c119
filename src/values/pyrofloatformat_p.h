// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "qtpyro_export.h"

// Writes Python's repr() of value into out (at least 32 bytes) and returns the length:
// the shortest text that reads back to the same double, fixed notation for decimal
// exponents -4..15 ("0.0001", "1000000000000000.0"), otherwise "1e+16"/"1e-05" style;
// "nan", "inf", "-inf" for the non-finite values.
QTPYRO_PRIVATE_EXPORT int pyroFormatFloatRepr(double value, char *out);
