// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrogenerator.h"

PyroGenerator::PyroGenerator(NextFunction next)
    : m_next(next ? std::make_shared<NextFunction>(std::move(next)) : nullptr)
{
}

PyroGenerator PyroGenerator::fromList(const QVariantList &items)
{
    return PyroGenerator([items, i = qsizetype(0)]() mutable -> std::optional<QVariant> {
        if (i >= items.size())
            return std::nullopt;
        return items.at(i++);
    });
}

std::optional<QVariant> PyroGenerator::next() const
{
    if (!m_next)
        return std::nullopt;
    return (*m_next)();
}
