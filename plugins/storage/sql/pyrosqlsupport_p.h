// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// Small SQL-text helpers shared by the sql storage's connection code and its registry
// operations.

#include "pyrosqlstorage.h"

#include <QtCore/QSet>
#include <QtCore/QString>
#include <QtCore/QVariantList>

namespace PyroSqlSupport {

PyroError namingError(const QString &message);
// A null QString is bound as SQL NULL; Python's empty str is a value.
QString text(const QString &value);
QString placeholders(qsizetype count);
// The right-hand side of "metadata IN (...)" for a set of tags, appending its binds.
QString tagList(PyroSqlStorage::Dialect dialect, const QSet<QString> &tags, QVariantList *binds);
// LIKE pattern for a prefix ('!' escapes).
QString likePrefix(const QString &prefix);

} // namespace PyroSqlSupport
