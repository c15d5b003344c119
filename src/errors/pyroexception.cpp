// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroexception.h"

PyroException::PyroException(const PyroError &error)
    : m_error(error), m_what(error.toString().toUtf8())
{
}

PyroException::PyroException(const QString &pythonClass, const QString &message)
    : PyroException(PyroError::exception(pythonClass, message))
{
}

PyroException::PyroException(const PyroException &other) = default;
PyroException &PyroException::operator=(const PyroException &other) = default;
PyroException::~PyroException() = default;

const char *PyroException::what() const noexcept
{
    return m_what.constData();
}

void PyroException::raise() const
{
    throw *this;
}

PyroException *PyroException::clone() const
{
    return new PyroException(*this);
}
