// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrocallreply.h"
#include "pyroproxy.h"

#include <QtTest/QSignalSpy>

#include <memory>

namespace PyroTest {

// An async call waited for on the event loop (the daemon may live in this thread, where
// the blocking PyroProxy::call() refuses); a Timeout error when no reply came in time.
inline PyroResult callAndWait(PyroProxy &proxy, const QString &method, const QVariantList &args = {},
                              int timeoutMs = 20000)
{
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(method, args));
    QSignalSpy finished(reply.get(), &PyroCallReply::finished);
    if (!finished.wait(timeoutMs))
        return PyroResult(PyroError(PyroError::Code::Timeout, QStringLiteral("test: no reply within %1 ms").arg(timeoutMs)));
    return reply->result();
}

} // namespace PyroTest
