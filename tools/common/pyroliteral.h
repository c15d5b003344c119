// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// Python literals on the command line: parse an argument like Python's ast.literal_eval
// would (serpent syntax), and print a value so that Python reads it back.

#include "pyroerror.h"
#include "pyroobjectref.h"
#include "pyroserializer.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <QtCore/QString>
#include <QtCore/QVariant>

namespace PyroLiteral {

// The value of a literal; an invalid QVariant and error (with Python's line and column)
// when the text is not one.
QVariant parse(const QString &text, PyroError *error);

// Python's repr() of a value, compact like serpent writes it, which Python reads back
// with ast.literal_eval() (except a frozenset, whose repr is a call).
QString printLiteral(const QVariant &value, PyroError *error = nullptr);

// The value as serpent writes it (nan and inf as Python spells them).
QString toLiteral(const QVariant &value, PyroError *error = nullptr);

// Python's repr() of a str.
QString reprString(const QString &s);

} // namespace PyroLiteral
