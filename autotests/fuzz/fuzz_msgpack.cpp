// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrofuzztarget.h"
#include "pyromsgpackserializer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const PyroMsgpackSerializer serializer{};
    return pyroFuzzReport(PyroFuzz::serializer(&serializer, pyroFuzzInput(data, size)));
}
