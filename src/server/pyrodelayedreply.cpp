// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrodelayedreply.h"

#include <atomic>

using namespace Qt::StringLiterals;

struct PyroDelayedReplyState
{
    explicit PyroDelayedReplyState(PyroDelayedReply::Sender s) : sender(std::move(s)) { }
    ~PyroDelayedReplyState()
    {
        // A client must not wait forever for a reply nobody will send.
        if (!sent.exchange(true) && sender) {
            sender(QVariant(), PyroError(PyroError::Code::PyroError,
                                         u"the delayed reply was dropped without being sent"_s));
        }
    }
    PyroDelayedReply::Sender sender;
    std::atomic_bool sent{false};
};

PyroDelayedReply::PyroDelayedReply() = default;

PyroDelayedReply::PyroDelayedReply(Sender sender)
    : m_state(std::make_shared<PyroDelayedReplyState>(std::move(sender)))
{
}

bool PyroDelayedReply::isValid() const noexcept
{
    return m_state && m_state->sender;
}

void PyroDelayedReply::send(const QVariant &value)
{
    if (m_state && m_state->sender && !m_state->sent.exchange(true))
        m_state->sender(value, PyroError());
}

void PyroDelayedReply::sendError(const PyroError &error)
{
    if (m_state && m_state->sender && !m_state->sent.exchange(true))
        m_state->sender(QVariant(), error);
}
