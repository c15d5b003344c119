// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "qtpyro_export.h"

#include <QtCore/QMetaType>
#include <QtCore/QVariant>

#include <functional>
#include <memory>
#include <optional>

/*
 * A lazily produced sequence a slot returns to stream its items to the client (Pyro5's
 * item streaming: the Python side gets an iterator and pulls item by item):
 *
 *   PyroGenerator Sensor::readings(int count)
 *   {
 *       return PyroGenerator([this, i = 0, count]() mutable -> std::optional<QVariant> {
 *           if (i++ == count)
 *               return std::nullopt;          // end of the stream (StopIteration)
 *           return measure();
 *       });
 *   }
 *
 * The daemon calls next() once per item the client asks for, never concurrently, in the
 * same thread the method was invoked in (the object's thread, or the daemon's pool for
 * "pool" objects).
 * To end the stream with an error, throw a PyroException or call
 * PyroCallContext::current()->setError() inside next(). Lists returned by slots are
 * sent as lists; only this type streams.
 */
class QTPYRO_EXPORT PyroGenerator
{
public:
    using NextFunction = std::function<std::optional<QVariant>()>;

    PyroGenerator() = default;
    explicit PyroGenerator(NextFunction next);
    // Streams the items of a list one by one.
    static PyroGenerator fromList(const QVariantList &items);

    bool isValid() const { return bool(m_next); }
    // The next item, or std::nullopt when the sequence is exhausted (also for an invalid
    // generator). Copies share their position.
    std::optional<QVariant> next() const;

    friend bool operator==(const PyroGenerator &a, const PyroGenerator &b) { return a.m_next == b.m_next; }
    friend bool operator!=(const PyroGenerator &a, const PyroGenerator &b) { return !(a == b); }

private:
    std::shared_ptr<NextFunction> m_next;
};

Q_DECLARE_METATYPE(PyroGenerator)
