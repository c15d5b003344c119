// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "qtpyro_export.h"

#include <QtCore/QString>

/*
 * Python's re syntax (3.11, str patterns) read the way Python's parser reads it and written
 * out as a PCRE2 pattern that means the same, for the name server's list(regex=...) and
 * remove(regex=...). What Python refuses is refused with Python's message and position
 * ("bad escape \p at position 0"), so a pattern behaves alike against either name server.
 *
 *   const PyroPythonRegex::Result r = PyroPythonRegex::translate(pattern);
 *   if (!r.ok()) ... r.error (re.error's text) or r.overflow (Python's OverflowError)
 *   QRegularExpression re(r.pcre, QRegularExpression::UseUnicodePropertiesOption);
 *
 * docs/interop.md ("Regular expressions in the name server") lists the mapping.
 */
namespace PyroPythonRegex {

struct Result
{
    QString pcre;        // the PCRE2 pattern (empty on error)
    QString error;       // str(re.error) of Python, "" when the pattern compiles
    bool overflow = false;   // Python raises OverflowError (not re.error) with error as text
    bool ok() const { return error.isEmpty(); }
};

QTPYRO_PRIVATE_EXPORT Result translate(const QString &pattern);

} // namespace PyroPythonRegex
