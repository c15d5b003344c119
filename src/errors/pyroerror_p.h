// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

// The library's write access to a PyroError: a received error is remote, a raised one
// gets its traceback. The public class stays read-only apart from setAttribute().
class PyroErrorEditor
{
public:
    static void setRemote(PyroError &error, bool remote) { error.setRemote(remote); }
    static void setArgs(PyroError &error, const QVariantList &args) { error.setArgs(args); }
    static void setTraceback(PyroError &error, const QStringList &lines) { error.setTraceback(lines); }
    static void setAttributes(PyroError &error, const PyroDict &attributes) { error.setAttributes(attributes); }
};
