// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

#include <QtCore/QByteArray>
#include <QtCore/QException>

/*
 * A PyroError as a C++ exception (a QException, so it crosses QFuture and QtConcurrent).
 *
 * Thrown out of a slot (or a PyroGenerator) to fail the call with a chosen Python
 * exception; the daemon catches it and the client raises that class:
 *
 *   double Thermostat::setTarget(double t)
 *   {
 *       if (t > 30)
 *           throw PyroException(u"builtins.ValueError"_s, u"too hot"_s);
 *       ...
 *   }
 *
 * Any other C++ exception leaving a slot becomes a builtins.RuntimeError (or a fitting
 * builtin class for the std exceptions) with a remote traceback naming the slot.
 *
 * On the client, PyroCallReply::future() fails with it:
 *
 *   try { proxy->futureCall(u"divide"_s, {1, 0}).result(); }
 *   catch (const PyroException &e) { qWarning() << e.error(); }
 */
class QTPYRO_EXPORT PyroException : public QException
{
public:
    explicit PyroException(const PyroError &error);
    PyroException(const QString &pythonClass, const QString &message);
    PyroException(const PyroException &other);
    PyroException &operator=(const PyroException &other);
    ~PyroException() override;

    [[nodiscard]] const PyroError &error() const noexcept { return m_error; }
    const char *what() const noexcept override;
    void raise() const override;
    PyroException *clone() const override;

private:
    PyroError m_error;
    QByteArray m_what;
};
