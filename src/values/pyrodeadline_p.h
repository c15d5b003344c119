// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QDeadlineTimer>

#include <algorithm>
#include <limits>

// QDeadlineTimer arithmetic for the blocking drivers (waitFor...() timeouts).
namespace PyroDeadline {

// Milliseconds left, at least 0; -1 for a deadline that never expires.
inline qint64 msecsLeft(QDeadlineTimer deadline)
{
    if (deadline.isForever())
        return -1;
    return std::max<qint64>(0, deadline.remainingTime());
}

// msecsLeft() as the int that QIODevice::waitFor...() takes (-1: forever).
inline int waitMs(QDeadlineTimer deadline)
{
    const qint64 ms = msecsLeft(deadline);
    return ms < 0 ? -1 : int(std::min<qint64>(ms, std::numeric_limits<int>::max()));
}

// The earlier of two deadlines.
inline QDeadlineTimer earlier(QDeadlineTimer a, QDeadlineTimer b)
{
    if (a.isForever())
        return b;
    if (b.isForever())
        return a;
    return a.deadlineNSecs() <= b.deadlineNSecs() ? a : b;
}

} // namespace PyroDeadline
