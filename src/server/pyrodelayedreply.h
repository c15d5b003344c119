// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

#include <QtCore/QMetaType>
#include <QtCore/QVariant>

#include <functional>
#include <memory>

struct PyroDelayedReplyState;

/*
 * The handle of a delayed reply, from PyroCallContext::delayReply() inside a method the
 * daemon invokes; the method returns at once and the reply goes out later:
 *
 *   PyroDelayedReply reply = PyroCallContext::current()->delayReply();
 *   QTimer::singleShot(1000, this, [reply]() mutable { reply.send(42); });
 *
 * Copyable and thread-safe: the first send() or sendError() from any thread delivers the
 * reply, later ones are ignored. If the last copy goes away unsent, the client receives
 * a Pyro5.errors.PyroError.
 */
class QTPYRO_EXPORT PyroDelayedReply
{
public:
    using Sender = std::function<void(const QVariant &value, const PyroError &error)>;

    PyroDelayedReply();
    explicit PyroDelayedReply(Sender sender);
    [[nodiscard]] bool isValid() const noexcept;
    void send(const QVariant &value = QVariant());
    void sendError(const PyroError &error);

private:
    std::shared_ptr<PyroDelayedReplyState> m_state;
};

Q_DECLARE_METATYPE(PyroDelayedReply)
