// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrosqlsupport_p.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

using namespace Qt::StringLiterals;

namespace PyroSqlSupport {

PyroError namingError(const QString &message)
{
    return PyroError(PyroError::Code::NamingError, message);
}

// A null QString is bound as SQL NULL; Python's empty str is a value.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

QString placeholders(qsizetype count)
{
    QString text;
    text.reserve(count * 2);
    for (qsizetype i = 0; i < count; ++i)
        text += i ? u",?"_s : u"?"_s;
    return text;
}

// The right-hand side of "metadata IN (...)" for a set of tags, appending its binds. SQLite
// and PostgreSQL get the tags as one JSON array bound once: one placeholder per tag made a
// yplookup quadratic in the tag count there (80,000 tags: 17 s). Other databases keep one
// placeholder each; the name server caps the tag count (NS_MAX_METADATA_TAGS) anyway.
QString tagList(PyroSqlStorage::Dialect dialect, const QSet<QString> &tags, QVariantList *binds)
{
    QString rhs;
    switch (dialect) {
    case PyroSqlStorage::Dialect::SQLite:
        rhs = u"SELECT value FROM json_each(?)"_s;
        break;
    case PyroSqlStorage::Dialect::PostgreSQL:
        rhs = u"SELECT json_array_elements_text(CAST(? AS json))"_s;
        break;
    default:
        for (const QString &tag : tags)
            binds->append(text(tag));
        return placeholders(tags.size());
    }
    QJsonArray array;
    for (const QString &tag : tags)
        array.append(text(tag));
    binds->append(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)));
    return rhs;
}

// LIKE pattern for a prefix; '!' escapes because a backslash means different things in
// the string literals of different databases.
QString likePrefix(const QString &prefix)
{
    QString escaped;
    escaped.reserve(prefix.size() + 2);
    for (QChar c : prefix) {
        if (c == u'!' || c == u'%' || c == u'_')
            escaped += u'!';
        escaped += c;
    }
    escaped += u'%';
    return escaped;
}

} // namespace PyroSqlSupport
