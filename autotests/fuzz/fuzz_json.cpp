// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrofuzztarget.h"
#include "pyrojson_p.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const PyroJsonSerializer serializer{};
    return pyroFuzzReport(PyroFuzz::serializer(&serializer, pyroFuzzInput(data, size)));
}
