// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The umbrella header and the lower-case header names compile on their own.
#include <QtPyro/QtPyro>
#include <QtPyro/pyroproxy.h>

QString umbrellaVersionCheck()
{
    return PyroUri(QStringLiteral("PYRO:obj@localhost:1")).object();
}
