// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

/*
 * A failed call inside a batch result (Pyro5.core._ExceptionWrapper), as the serializers
 * decode it; PyroCallReply::batchResults() turns it into an error result.
 */
class QTPYRO_EXPORT PyroExceptionWrapper
{
public:
    PyroExceptionWrapper() = default;
    explicit PyroExceptionWrapper(const PyroError &error) : m_error(error) { }
    [[nodiscard]] const PyroError &error() const noexcept { return m_error; }
    friend bool operator==(const PyroExceptionWrapper &a, const PyroExceptionWrapper &b)
    { return a.m_error == b.m_error; }
    friend bool operator!=(const PyroExceptionWrapper &a, const PyroExceptionWrapper &b)
    { return !(a == b); }

private:
    PyroError m_error;
};

QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroExceptionWrapper &wrapper);

Q_DECLARE_METATYPE(PyroExceptionWrapper)
