// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrofuzztarget.h"
#include "pyroserpent_p.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const PyroSerpentSerializer serializer{};
    return pyroFuzzReport(PyroFuzz::serializer(&serializer, pyroFuzzInput(data, size)));
}
