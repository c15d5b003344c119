// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// What the invoker's parts (exposure, arguments, invocation, tracebacks) share among
// themselves; nothing outside src/server/pyro{invoker,exposure,arguments,traceback}.cpp
// includes this.

#include "pyroinvoker_p.h"

#include <QtCore/QVarLengthArray>

#include <optional>
#include <typeinfo>
#include <utility>

namespace PyroInvokerDetail {

inline PyroError typeError(const QString &message)
{
    return PyroError::exception(QStringLiteral("builtins.TypeError"), message);
}

inline PyroError attributeError(const QString &message)
{
    return PyroError::exception(QStringLiteral("builtins.AttributeError"), message);
}

// "EchoServer.echo()", as Python names a method in its TypeErrors.
QString methodLabel(const PyroClassInfo &cls, const QString &name);

// ---- arguments (pyroarguments.cpp)

using KeywordList = QVarLengthArray<std::pair<QString, QVariant>, 4>;
// Where a helper puts its error: nothing is constructed for a call that succeeds.
using ErrorSlot = std::optional<PyroError>;

// The decoded arguments bound to the parameters of one overload.
struct Binding
{
    QVarLengthArray<QVariant, 6> values; // per parameter, still the decoded values
    QVarLengthArray<bool, 6> skipped;    // optional QVariant parameters passed as "not given"
    int rank = 0;                        // higher fits better (see bindOverload)
    bool countError = false;
    std::optional<PyroError> error;      // set only when the overload does not fit
};

// **kwargs as (name, value) pairs; a TypeError (with traceback) unless kwargs is a
// string-keyed mapping, as Python's f(*args, **kwargs) requires.
bool keywordArguments(const PyroClassInfo &cls, const PyroExposedMethod &method,
                      const QVariant &kwargs, KeywordList *out, ErrorSlot *error);
// The overload the arguments fit best, bound in *binding; null and *error (no traceback
// yet) when none takes them.
const PyroMethodOverload *bestOverload(const PyroClassInfo &cls, const PyroExposedMethod &method,
                                       const QVariantList &args, const KeywordList &kwargs,
                                       Binding *binding, ErrorSlot *error);
// Converts the bound values to the overload's parameter types: holders keep the values,
// argv[1..] points at them (argv[0] is left to the caller).
bool convertArguments(const PyroClassInfo &cls, const PyroExposedMethod &method,
                      const PyroMethodOverload &overload, const Binding &binding,
                      QVarLengthArray<QVariant, 8> &holders, QVarLengthArray<void *, 9> &argv,
                      ErrorSlot *error);

// ---- tracebacks (pyrotraceback.cpp)

// Python-style repr() for messages and detailed tracebacks (strings and bytes shortened).
QString repr(const QVariant &value, int depth = 0);
QString cppTypeName(const std::type_info &info);
// Pyro5's DETAILED_TRACEBACK local values of a failed call.
QStringList detailsFor(QObject *object, const PyroClassInfo &cls, const QVariantList &args,
                       const QVariant &kwargs);
// True when the connection of the current call asked for DETAILED_TRACEBACK.
bool wantsDetails();

} // namespace PyroInvokerDetail
