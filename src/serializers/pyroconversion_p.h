// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrovaluetypes.h"

// How a decoded value fits a C++ type, shared by the daemon's parameter conversion and the
// proxy's typed results.
namespace PyroConversion {

// 0 = not at all, 1 = only as a QVariant (or by a metatype conversion), 2 = by conversion
// (int -> double, tuple -> list, dict -> QPoint...), 3 = exactly. With out, also converts.
QTPYRO_PRIVATE_EXPORT int score(const QVariant &value, QMetaType type, QVariant *out);
// The range of a built-in integral metatype.
QTPYRO_PRIVATE_EXPORT bool integralRange(int typeId, qlonglong *min, quint64 *max);
// Pyro5's serpent form of bytes: {"data": <base64 text>, "encoding": "base64"}.
QTPYRO_PRIVATE_EXPORT bool isSerpentBytes(const QVariant &value, QByteArray *bytes);
// "Mode (Off=0, Heat=1)": a Q_ENUM/Q_FLAG type and its keys, for messages.
QTPYRO_PRIVATE_EXPORT QString enumDescription(QMetaType type);

} // namespace PyroConversion
