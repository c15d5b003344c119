// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// The call dialog's text forms: arguments and keyword arguments typed as Python literals
// (checked as they are typed, with the error's position), and a call copied as Python,
// C++ or a pyro-call command line.

#include <QtCore/QString>
#include <QtCore/QVariant>

namespace PyroBrowser {

struct LiteralCheck
{
    bool ok = true;
    QVariant value;        // QVariantList for arguments, QVariantMap for keyword arguments
    QString message;       // why not, without the position
    int line = 0;          // 1-based, in the text as typed; 0 when unknown
    int column = 0;        // 1-based
    int offset = -1;       // character offset of line/column in the text, -1 when unknown
};

// "1, 'two', [3]" -> a list of three values; empty text -> no arguments.
LiteralCheck parseArguments(const QString &text);
// "name='x', count=2" (Python's call syntax) or "{'name': 'x'}" (a dict literal).
LiteralCheck parseKeywordArguments(const QString &text);

// Python's repr() of a value, as pyro-call prints it.
QString literal(const QVariant &value);

struct CallText
{
    QString uri;
    QString method;
    QVariantList args;
    QVariantMap kwargs;
    QString serializer;    // empty: the default
    bool oneway = false;
};

QString copyAsPython(const CallText &call);
QString copyAsCpp(const CallText &call);
QString copyAsPyroCall(const CallText &call);
// A C++ expression that builds value as a QVariant.
QString cppValue(const QVariant &value);

} // namespace PyroBrowser
