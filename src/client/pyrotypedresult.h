// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroresult.h"
#include "pyrovaluetypes.h"

#include <optional>

/*
 * The outcome of a typed call: a T, or the error that stopped it. Returned by
 * PyroProxy::call<T>() and PyroCallReply::result<T>().
 *
 *   const PyroTypedResult<int> sum = proxy.call<int>(u"add"_s, 1, 2);
 *   if (sum) qDebug() << sum.value(); else qWarning() << sum.error();
 *
 * A result that does not convert to T is an error too (SerializeError "add(): expected
 * int, got str 'three'"); result() keeps the untyped PyroResult (value, annotations).
 */
template<typename T>
class PyroTypedResult
{
public:
    PyroTypedResult() = default;
    explicit PyroTypedResult(const PyroResult &result, const QString &method = QString())
        : m_result(result)
    {
        if (result.isError()) {
            m_error = result.error();
            return;
        }
        PyroError error;
        m_value = PyroValues::to<T>(result.value(), &error);
        if (!m_value)
            m_error = PyroError(error.code(), method.isEmpty()
                                    ? error.message()
                                    : method + QLatin1StringView("(): ") + error.message());
    }

    bool isError() const { return m_error.isError(); }
    explicit operator bool() const { return !isError(); }
    PyroError error() const { return m_error; }
    // The converted value; a default-constructed T after an error.
    T value() const { return m_value ? *m_value : T(); }
    T valueOr(const T &fallback) const { return m_value ? *m_value : fallback; }
    const std::optional<T> &optional() const { return m_value; }
    // The untyped result: the value as received, the response annotations.
    const PyroResult &result() const { return m_result; }

private:
    PyroResult m_result;
    PyroError m_error;
    std::optional<T> m_value;
};
