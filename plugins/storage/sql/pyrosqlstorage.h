// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <pyrostorage.h>

#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

#include <deque>

#include <functional>
#include <memory>

/*
 * The "sql:" storage: Pyro5's SqlStorage tables (pyro_names, pyro_metadata) in any QtSql
 * database. Each thread that uses the storage gets its own named QSqlDatabase connection
 * (QtSql connections belong to the thread that opened them); it is removed when that
 * thread finishes or the storage closes. Writes are transactions that are retried on
 * the transient failures several writers cause (SQLite busy, PostgreSQL unique
 * violation / serialization failure / deadlock).
 */
class PyroSqlStorage final : public PyroStorage
{
public:
    enum class Dialect { SQLite, PostgreSQL, MySQL, Generic };

    struct Settings
    {
        QString driver;          // QSQLITE, QPSQL...
        Dialect dialect = Dialect::Generic;
        QString databaseName;
        QString hostName;        // for QPSQL a leading '/' names a Unix socket directory
        int port = -1;
        QString userName;
        QString password;
        QString connectOptions;
        QString sqliteJournalMode = QStringLiteral("WAL");
        QString description;     // the spec without the password
    };

    // Parses "sql:FILE" or "sql:<URL>" (see pyrosqlstorage.cpp).
    static bool parseSpec(const QString &spec, Settings *settings, PyroError *error);
    static std::unique_ptr<PyroStorage> open(const QString &spec, PyroError *error);

    explicit PyroSqlStorage(const Settings &settings);
    ~PyroSqlStorage() override;

    QString description() const override;
    bool lookup(const QString &name, PyroStorageEntry *entry, PyroError *error) override;
    bool store(const QString &name, const PyroStorageEntry &entry, StoreMode mode,
               PyroError *error) override;
    bool setMetadata(const QString &name, const QSet<QString> &metadata, PyroError *error) override;
    using PyroStorage::remove;
    int remove(const QStringList &names, PyroError *error) override;
    bool list(const PyroStorageFilter &filter, Detail detail, PyroStorageEntries *entries,
              PyroError *error) override;
    qint64 count(PyroError *error) override;
    bool clear(PyroError *error) override;
    void close() override;

    // One attempt of a unit of work on this thread's connection.
    struct Run
    {
        QSqlDatabase db;
        Dialect dialect;
        QSqlError sqlError;   // a database failure: may be retried
        PyroError failure;    // a definite answer (unknown name...): reported as is
        std::deque<QSqlQuery> queries;

        // A query on db that lives until the transaction has ended.
        QSqlQuery &query();
        bool exec(QSqlQuery &query);
        bool exec(const QString &sql);
    };

private:
    enum class Mode { Read, Write };
    bool initialize(PyroError *error);
    bool ensureSchema(Run &run);
    QSqlDatabase connection(PyroError *error);
    bool openConnection(QSqlDatabase &db, QSqlError *sqlError);
    bool perform(const QString &what, Mode mode, const std::function<bool(Run &)> &body,
                 PyroError *error);

    struct Shared;
    const Settings m_settings;
    std::shared_ptr<Shared> m_shared;
};
