// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrothreadcontext_p.h"

namespace PyroThreadContext {

static thread_local QUuid currentId;

QUuid correlationId()
{
    return currentId;
}

void setCorrelationId(const QUuid &id)
{
    currentId = id;
}

Scope::Scope(const QUuid &id) : m_previous(currentId)
{
    currentId = id;
}

Scope::~Scope()
{
    currentId = m_previous;
}

} // namespace PyroThreadContext
