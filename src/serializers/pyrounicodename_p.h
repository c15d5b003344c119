// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "qtpyro_export.h"

#include <QtCore/QByteArray>

namespace PyroUnicodeName {

// The code point of a \N{name} escape like Python 3.11 resolves it (string literals and
// re patterns alike): the character names and name aliases of Unicode 14.0, with the
// derived names Python knows (Hangul syllables, CJK unified ideographs). name must be
// upper-cased already (Python matches names case-insensitively, ASCII only).
QTPYRO_PRIVATE_EXPORT bool lookup(const QByteArray &name, char32_t *cp);

} // namespace PyroUnicodeName
