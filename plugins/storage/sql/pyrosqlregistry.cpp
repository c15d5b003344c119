// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// The registry operations of PyroSqlStorage (lookup, store, metadata, remove, list): each
// one a unit of work run by perform() (pyrosqlstorage.cpp).
#include "pyrosqlstorage.h"
#include "pyrosqlsupport_p.h"

#include <QtSql/QSqlQuery>
#include <QtSql/QSqlRecord>

using namespace Qt::StringLiterals;
using namespace PyroSqlSupport;

namespace {

// The id of name's row, locking it on the server databases (see perform()).
bool selectId(PyroSqlStorage::Run &run, const QString &name, bool *found, qlonglong *id)
{
    QSqlQuery &query = run.query();
    query.setForwardOnly(true);
    query.prepare(run.dialect == PyroSqlStorage::Dialect::SQLite
                          ? u"SELECT id FROM pyro_names WHERE name = ?"_s
                          : u"SELECT id FROM pyro_names WHERE name = ? FOR UPDATE"_s);
    query.addBindValue(text(name));
    if (!run.exec(query))
        return false;
    *found = query.next();
    if (*found)
        *id = query.value(0).toLongLong();
    query.finish();
    return true;
}

bool deleteMetadata(PyroSqlStorage::Run &run, qlonglong id)
{
    QSqlQuery &query = run.query();
    query.prepare(u"DELETE FROM pyro_metadata WHERE object = ?"_s);
    query.addBindValue(id);
    return run.exec(query);
}

bool insertMetadata(PyroSqlStorage::Run &run, qlonglong id, const QSet<QString> &metadata)
{
    if (metadata.isEmpty())
        return true;
    QSqlQuery &query = run.query();
    query.prepare(u"INSERT INTO pyro_metadata(object, metadata) VALUES (?, ?)"_s);
    for (const QString &tag : metadata) {
        query.bindValue(0, id);
        query.bindValue(1, text(tag));
        if (!run.exec(query))
            return false;
    }
    return true;
}

bool insertName(PyroSqlStorage::Run &run, const QString &name, const QString &uri, qlonglong *id)
{
    QSqlQuery &query = run.query();
    query.setForwardOnly(true);
    const bool returning = run.dialect == PyroSqlStorage::Dialect::PostgreSQL;
    query.prepare(returning ? u"INSERT INTO pyro_names(name, uri) VALUES (?, ?) RETURNING id"_s
                            : u"INSERT INTO pyro_names(name, uri) VALUES (?, ?)"_s);
    query.addBindValue(text(name));
    query.addBindValue(text(uri));
    if (!run.exec(query))
        return false;
    if (returning) {
        if (query.next()) {
            *id = query.value(0).toLongLong();
            return true;
        }
    } else {
        const QVariant last = query.lastInsertId();
        if (last.isValid()) {
            *id = last.toLongLong();
            return true;
        }
    }
    query.finish();
    bool found = false;
    if (!selectId(run, name, &found, id))
        return false;
    if (!found) {
        run.failure = namingError(u"sql storage: the new row of %1 disappeared"_s.arg(name));
        return false;
    }
    return true;
}

// Rows of (name, uri[, metadata]) into entries; a name repeats once per metadata tag.
bool collect(PyroSqlStorage::Run &run, QSqlQuery &query, const PyroStorageFilter &filter,
             bool withMetadata, PyroStorageEntries *entries)
{
    if (!run.exec(query))
        return false;
    QString lastName;
    PyroStorageEntries::iterator current = entries->end();
    while (query.next()) {
        const QString name = query.value(0).toString();
        if (current == entries->end() || name != lastName) {
            // LIKE may be looser than startsWith (case-insensitive in SQLite): recheck.
            PyroError matchError;
            if (!filter.matchesName(name, &matchError)) {
                if (matchError.isError()) {
                    run.failure = matchError;
                    return false;
                }
                current = entries->end();
                lastName.clear();
                continue;
            }
            current = entries->find(name);
            if (current == entries->end())
                current = entries->insert(name, PyroStorageEntry{query.value(1).toString(), {}});
            lastName = name;
        }
        if (withMetadata) {
            const QVariant tag = query.value(2);
            if (!tag.isNull())
                current->metadata.insert(tag.toString());
        }
    }
    return true;
}

} // namespace

bool PyroSqlStorage::lookup(const QString &name, PyroStorageEntry *entry, PyroError *error)
{
    PyroStorageEntry result;
    const bool ok = perform(u"lookup"_s, Mode::Read, [&](Run &run) {
        result = PyroStorageEntry();
        QSqlQuery &query = run.query();
        query.setForwardOnly(true);
        query.prepare(u"SELECT n.uri, m.metadata FROM pyro_names n "
                      "LEFT JOIN pyro_metadata m ON m.object = n.id WHERE n.name = ?"_s);
        query.addBindValue(text(name));
        if (!run.exec(query))
            return false;
        bool found = false;
        while (query.next()) {
            found = true;
            result.uri = query.value(0).toString();
            if (!query.value(1).isNull())
                result.metadata.insert(query.value(1).toString());
        }
        if (!found) {
            run.failure = namingError(u"unknown name: "_s + name);
            return false;
        }
        return true;
    }, error);
    if (ok && entry)
        *entry = std::move(result);
    return ok;
}

bool PyroSqlStorage::store(const QString &name, const PyroStorageEntry &entry, StoreMode mode,
                           PyroError *error)
{
    return perform(u"store"_s, Mode::Write, [&](Run &run) {
        bool found = false;
        qlonglong id = -1;
        if (!selectId(run, name, &found, &id))
            return false;
        if (found) {
            if (mode == StoreMode::FailIfExists) {
                run.failure = namingError(u"name already registered: "_s + name);
                return false;
            }
            if (!deleteMetadata(run, id))
                return false;
            QSqlQuery &update = run.query();
            update.prepare(u"UPDATE pyro_names SET uri = ? WHERE id = ?"_s);
            update.addBindValue(text(entry.uri));
            update.addBindValue(id);
            if (!run.exec(update))
                return false;
        } else if (!insertName(run, name, entry.uri, &id)) {
            return false;
        }
        return insertMetadata(run, id, entry.metadata);
    }, error);
}

bool PyroSqlStorage::setMetadata(const QString &name, const QSet<QString> &metadata,
                                 PyroError *error)
{
    return perform(u"set metadata"_s, Mode::Write, [&](Run &run) {
        bool found = false;
        qlonglong id = -1;
        if (!selectId(run, name, &found, &id))
            return false;
        if (!found) {
            run.failure = namingError(u"unknown name: "_s + name);
            return false;
        }
        return deleteMetadata(run, id) && insertMetadata(run, id, metadata);
    }, error);
}

int PyroSqlStorage::remove(const QStringList &names, PyroError *error)
{
    if (names.isEmpty())
        return 0;
    // Rows are locked in name order so that two multi-name removals cannot deadlock.
    QStringList sorted = names;
    sorted.sort();
    sorted.removeDuplicates();
    int removed = 0;
    const bool ok = perform(u"remove"_s, Mode::Write, [&](Run &run) {
        removed = 0;
        QSqlQuery &deleteName = run.query();
        deleteName.prepare(u"DELETE FROM pyro_names WHERE id = ?"_s);
        for (const QString &name : std::as_const(sorted)) {
            bool found = false;
            qlonglong id = -1;
            if (!selectId(run, name, &found, &id))
                return false;
            if (!found)
                continue;
            if (!deleteMetadata(run, id))
                return false;
            deleteName.bindValue(0, id);
            if (!run.exec(deleteName))
                return false;
            ++removed;
        }
        return true;
    }, error);
    return ok ? removed : -1;
}

bool PyroSqlStorage::list(const PyroStorageFilter &filter, Detail detail,
                          PyroStorageEntries *entries, PyroError *error)
{
    if (filter.error().isError()) {
        if (error)
            *error = filter.error();
        return false;
    }
    const bool withMetadata = detail == Detail::WithMetadata;
    const QSet<QString> tags = filter.tags();
    if (filter.kind() == PyroStorageFilter::Kind::MetadataAny && tags.isEmpty()) {
        if (entries)
            entries->clear();
        return true;
    }

    PyroStorageEntries result;
    const bool ok = perform(u"list"_s, Mode::Read, [&](Run &run) {
        result.clear();
        QString sql = withMetadata
                ? u"SELECT n.name, n.uri, m.metadata FROM pyro_names n "
                  "LEFT JOIN pyro_metadata m ON m.object = n.id"_s
                : u"SELECT n.name, n.uri FROM pyro_names n"_s;
        QVariantList binds;
        switch (filter.kind()) {
        case PyroStorageFilter::Kind::All:
        case PyroStorageFilter::Kind::Regex:   // matched here, as Python's re would
            break;
        case PyroStorageFilter::Kind::Prefix:
            if (!filter.text().isEmpty()) {
                sql += u" WHERE n.name LIKE ? ESCAPE '!'"_s;
                binds.append(likePrefix(filter.text()));
            }
            break;
        case PyroStorageFilter::Kind::MetadataAll:
            if (!tags.isEmpty()) {
                sql += u" WHERE n.id IN (SELECT object FROM pyro_metadata WHERE metadata IN (%1) "
                       "GROUP BY object HAVING COUNT(DISTINCT metadata) = ?)"_s
                               .arg(tagList(run.dialect, tags, &binds));
                binds.append(qlonglong(tags.size()));
            }
            break;
        case PyroStorageFilter::Kind::MetadataAny:
            sql += u" WHERE n.id IN (SELECT object FROM pyro_metadata WHERE metadata IN (%1))"_s
                           .arg(tagList(run.dialect, tags, &binds));
            break;
        }
        if (withMetadata)
            sql += u" ORDER BY n.name"_s;   // keeps one name's rows together
        QSqlQuery &query = run.query();
        query.setForwardOnly(true);
        query.prepare(sql);
        for (const QVariant &bind : std::as_const(binds))
            query.addBindValue(bind);
        return collect(run, query, filter, withMetadata, &result);
    }, error);
    if (ok && entries)
        *entries = std::move(result);
    return ok;
}

qint64 PyroSqlStorage::count(PyroError *error)
{
    qint64 result = -1;
    const bool ok = perform(u"count"_s, Mode::Read, [&](Run &run) {
        QSqlQuery &query = run.query();
        query.setForwardOnly(true);
        if (!query.exec(u"SELECT COUNT(*) FROM pyro_names"_s)) {
            run.sqlError = query.lastError();
            return false;
        }
        if (!query.next()) {
            run.sqlError = query.lastError();
            return false;
        }
        result = query.value(0).toLongLong();
        return true;
    }, error);
    return ok ? result : -1;
}

bool PyroSqlStorage::clear(PyroError *error)
{
    return perform(u"clear"_s, Mode::Write, [&](Run &run) {
        // A registration committed between the two deletes would leave metadata behind
        // (and break the foreign key): keep other writers out for the moment.
        if (run.dialect == Dialect::PostgreSQL
            && !run.exec(u"LOCK TABLE pyro_names, pyro_metadata IN EXCLUSIVE MODE"_s))
            return false;
        return run.exec(u"DELETE FROM pyro_metadata"_s) && run.exec(u"DELETE FROM pyro_names"_s);
    }, error);
}
