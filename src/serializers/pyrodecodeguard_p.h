// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroconfig.h"
#include "pyroserializer.h"

// The decode boundary of daemons and proxies: what a peer sent turns into values here, and
// nothing a decoder throws (std::bad_alloc above all) may reach the event loop.
namespace PyroDecodeGuard {

// Values every payload may decode to whatever its size (a small request with a few
// containers must never hit the budget).
constexpr qint64 MinItemAllowance = 4096;

// base with the item budget of config for a payload of payloadSize bytes.
QTPYRO_PRIVATE_EXPORT PyroDecodeOptions options(const PyroConfig &config, qsizetype payloadSize,
                                                PyroDecodeOptions base = {});

// serializer->decode() / decodeCall() with every exception caught: std::bad_alloc becomes
// Python's builtins.MemoryError, anything else a SerializeError.
QTPYRO_PRIVATE_EXPORT QVariant decode(const PyroSerializer *serializer, QByteArrayView data,
                                      const PyroDecodeOptions &options, PyroError *error);
QTPYRO_PRIVATE_EXPORT bool decodeCall(const PyroSerializer *serializer, QByteArrayView data,
                                      PyroCall *call, const PyroDecodeOptions &options,
                                      PyroError *error);

} // namespace PyroDecodeGuard
