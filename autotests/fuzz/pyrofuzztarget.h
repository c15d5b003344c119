// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrofuzzentries.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

// A broken invariant is a finding like a crash: libFuzzer keeps the input on abort().
inline int pyroFuzzReport(const QString &broken)
{
    if (!broken.isEmpty()) {
        std::fprintf(stderr, "QtPyro fuzz invariant broken: %s\n", broken.toLocal8Bit().constData());
        std::abort();
    }
    return 0;
}

inline QByteArrayView pyroFuzzInput(const uint8_t *data, size_t size)
{
    return QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size));
}
