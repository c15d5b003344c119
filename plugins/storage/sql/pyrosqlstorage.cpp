// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrosqlstorage.h"
#include "pyrosqlsupport_p.h"

#include <QtCore/QAtomicInteger>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMutex>
#include <QtCore/QRandomGenerator>
#include <QtCore/QRegularExpression>
#include <QtCore/QThread>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtSql/QSqlQuery>
#include <QtSql/QSqlRecord>

using namespace Qt::StringLiterals;

using namespace PyroSqlSupport;

Q_LOGGING_CATEGORY(lcPyroSqlStorage, "qtpyro.storage.sql", QtWarningMsg)

/*
    Spec syntax (what follows "sql:"):

      FILE                                   an SQLite file (Pyro5's "-s sql:FILE")
      sqlite:///abs/path.sqlite              SQLite by URL (URL path = file path; sqlite:rel.sqlite
                                             for a relative one); ?journal_mode=DELETE keeps
                                             SQLite's rollback journal instead of WAL, other
                                             query items are QSQLITE connect options
      postgresql://user:password@host:port/dbname
      postgresql://user@/dbname?host=/run/postgresql     Unix socket directory
      mysql://…  mariadb://…  odbc://…  q<driver>://…   other QtSql drivers, same URL shape

    For the server drivers the query items host, port, user, password and dbname override
    the URL's parts; the others are passed as the driver's connect options (for QPSQL any
    libpq keyword: sslmode, connect_timeout...). Percent-encoding works as in any URL.

    The tables are Pyro5's SqlStorage tables, created when missing:
      pyro_names(id integer PRIMARY KEY, name UNIQUE NOT NULL, uri NOT NULL)
      pyro_metadata(object NOT NULL REFERENCES pyro_names(id), metadata NOT NULL)
    plus an index on pyro_metadata(object). A Python name server started with
    "-s sql:FILE" and a QtPyro one can therefore use the same SQLite file, also at once.
*/

namespace {

// SQLite already waits up to the busy timeout inside each attempt; the server databases
// fail fast on a conflict and need more, quicker attempts.
constexpr int MaxSqliteAttempts = 3;
constexpr int MaxServerAttempts = 12;
constexpr int SqliteBusyTimeoutMs = 10000;
// Serializes schema creation between PostgreSQL clients (pg_advisory_xact_lock key).
constexpr qint64 SchemaLockKey = 0x5079726f4e53;   // "PyroNS"

struct DriverScheme
{
    const char16_t *scheme;
    const char16_t *driver;
};

constexpr DriverScheme driverSchemes[] = {
    {u"sqlite", u"QSQLITE"},      {u"sqlite3", u"QSQLITE"}, {u"postgresql", u"QPSQL"},
    {u"postgres", u"QPSQL"},      {u"psql", u"QPSQL"},      {u"pgsql", u"QPSQL"},
    {u"mysql", u"QMYSQL"},        {u"mariadb", u"QMARIADB"}, {u"odbc", u"QODBC"},
};

QString driverForScheme(const QString &scheme)
{
    for (const DriverScheme &entry : driverSchemes) {
        if (scheme == QStringView(entry.scheme)) {
            QString driver = QString::fromUtf16(entry.driver);
            if (driver == u"QMARIADB"_s && !QSqlDatabase::isDriverAvailable(driver))
                driver = u"QMYSQL"_s;
            return driver;
        }
    }
    // "qpsql://", "qodbc://"...: a QtSql driver by its own name.
    if (scheme.size() > 1 && scheme.startsWith(u'q')) {
        const QString driver = scheme.toUpper();
        if (QSqlDatabase::isDriverAvailable(driver))
            return driver;
    }
    return QString();
}

QString debianPackageFor(const QString &driver)
{
    if (driver == u"QSQLITE"_s)
        return u"libqt6sql6-sqlite"_s;
    if (driver == u"QPSQL"_s)
        return u"libqt6sql6-psql"_s;
    if (driver == u"QMYSQL"_s || driver == u"QMARIADB"_s)
        return u"libqt6sql6-mysql"_s;
    if (driver == u"QODBC"_s)
        return u"libqt6sql6-odbc"_s;
    if (driver == u"QIBASE"_s)
        return u"libqt6sql6-ibase"_s;
    return QString();
}

PyroSqlStorage::Dialect dialectFor(const QString &driver)
{
    if (driver == u"QSQLITE"_s)
        return PyroSqlStorage::Dialect::SQLite;
    if (driver == u"QPSQL"_s)
        return PyroSqlStorage::Dialect::PostgreSQL;
    if (driver == u"QMYSQL"_s || driver == u"QMARIADB"_s)
        return PyroSqlStorage::Dialect::MySQL;
    return PyroSqlStorage::Dialect::Generic;
}


QString describe(const QSqlError &error)
{
    QString text = error.text().trimmed();
    if (!error.nativeErrorCode().isEmpty())
        text += u" ["_s + error.nativeErrorCode() + u']';
    return text.isEmpty() ? u"unknown database error"_s : text;
}

// Failures that come from other writers and go away when the transaction is repeated.
bool isTransient(const QSqlError &error, PyroSqlStorage::Dialect dialect)
{
    const QString code = error.nativeErrorCode();
    switch (dialect) {
    case PyroSqlStorage::Dialect::SQLite: {
        bool ok = false;
        const int value = code.toInt(&ok);
        // SQLITE_BUSY / SQLITE_LOCKED and their extended codes.
        return ok && ((value & 0xff) == 5 || (value & 0xff) == 6);
    }
    case PyroSqlStorage::Dialect::PostgreSQL:
        // unique_violation (two first registrations of one name), serialization_failure,
        // deadlock_detected, lock_not_available.
        return code == u"23505"_s || code == u"40001"_s || code == u"40P01"_s
                || code == u"55P03"_s;
    case PyroSqlStorage::Dialect::MySQL:
        // ER_DUP_ENTRY, ER_LOCK_WAIT_TIMEOUT, ER_LOCK_DEADLOCK
        return code == u"1062"_s || code == u"1205"_s || code == u"1213"_s;
    case PyroSqlStorage::Dialect::Generic:
        break;
    }
    return false;
}





} // namespace

// ---- per-thread connections ----

struct PyroSqlStorage::Shared
{
    QMutex mutex;
    QHash<QThread *, QString> names;
    QHash<QThread *, QMetaObject::Connection> finishedHooks;
    bool closed = false;
    QString prefix;
};

bool PyroSqlStorage::Run::exec(QSqlQuery &query)
{
    if (query.exec())
        return true;
    sqlError = query.lastError();
    return false;
}

QSqlQuery &PyroSqlStorage::Run::query()
{
    queries.emplace_back(db);
    return queries.back();
}

bool PyroSqlStorage::Run::exec(const QString &sql)
{
    QSqlQuery &query = this->query();
    if (query.exec(sql))
        return true;
    sqlError = query.lastError();
    return false;
}

bool PyroSqlStorage::parseSpec(const QString &spec, Settings *settings, PyroError *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = namingError(message);
        return false;
    };

    QString rest = spec;
    if (rest.startsWith(u"sql:"_s, Qt::CaseInsensitive))
        rest = rest.mid(4);
    if (rest.isEmpty())
        return fail(u"invalid storage type '%1'"_s.arg(spec));

    static const QRegularExpression schemeRe(u"^([A-Za-z][A-Za-z0-9+.\\-]*):"_s);
    const QRegularExpressionMatch schemeMatch = schemeRe.match(rest);
    const QString driver =
            schemeMatch.hasMatch() ? driverForScheme(schemeMatch.captured(1).toLower()) : QString();

    Settings s;
    QStringList options;
    if (driver.isEmpty()) {
        // Pyro5's form: everything after "sql:" is the SQLite file name.
        s.driver = u"QSQLITE"_s;
        s.databaseName = rest;
        s.description = u"sql:"_s + rest;
    } else {
        const QUrl url(rest, QUrl::StrictMode);
        if (!url.isValid())
            return fail(u"invalid database URL '%1': %2"_s.arg(rest, url.errorString()));
        s.driver = driver;
        const QList<QPair<QString, QString>> items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
        QUrl shown = url;
        if (s.driver == u"QSQLITE"_s) {
            if (!url.host().isEmpty())
                return fail(u"the SQLite file goes in the URL's path: sqlite:///absolute/path "
                            "or sqlite:relative/path, not '%1'"_s.arg(rest));
            s.databaseName = url.path(QUrl::FullyDecoded);
            for (const auto &[key, value] : items) {
                if (key.compare(u"journal_mode"_s, Qt::CaseInsensitive) == 0) {
                    static const QRegularExpression word(u"^[A-Za-z]*$"_s);
                    if (!word.match(value).hasMatch())
                        return fail(u"invalid journal_mode '%1'"_s.arg(value));
                    s.sqliteJournalMode = value;
                } else {
                    options.append(value.isEmpty() ? key : key + u'=' + value);
                }
            }
        } else {
            s.hostName = url.host(QUrl::FullyDecoded);
            s.port = url.port(-1);
            s.userName = url.userName(QUrl::FullyDecoded);
            s.password = url.password(QUrl::FullyDecoded);
            s.databaseName = url.path(QUrl::FullyDecoded);
            if (s.databaseName.startsWith(u'/'))
                s.databaseName.remove(0, 1);
            QUrlQuery visibleQuery;
            for (const auto &[key, value] : items) {
                const QString lower = key.toLower();
                if (lower == u"host"_s) {
                    s.hostName = value;
                } else if (lower == u"port"_s) {
                    bool ok = false;
                    s.port = value.toInt(&ok);
                    if (!ok)
                        return fail(u"invalid port '%1' in '%2'"_s.arg(value, url.toString(QUrl::RemovePassword)));
                } else if (lower == u"user"_s) {
                    s.userName = value;
                } else if (lower == u"password"_s) {
                    s.password = value;
                    continue;   // not shown in the description
                } else if (lower == u"dbname"_s) {
                    s.databaseName = value;
                } else {
                    options.append(value.isEmpty() ? key : key + u'=' + value);
                }
                visibleQuery.addQueryItem(key, value);
            }
            shown.setQuery(visibleQuery);
        }
        s.description = u"sql:"_s + shown.toString(QUrl::RemovePassword);
    }
    s.dialect = dialectFor(s.driver);

    if (s.dialect == Dialect::SQLite) {
        if (s.databaseName.isEmpty() || s.databaseName == u":memory:"_s)
            return fail(u"the sql storage needs an SQLite file (not SQLite's :memory: database; "
                        "use the memory storage for that)"_s);
        bool hasTimeout = false;
        for (const QString &option : std::as_const(options))
            hasTimeout = hasTimeout || option.startsWith(u"QSQLITE_BUSY_TIMEOUT"_s);
        // Writers from other processes hold the file's lock briefly; wait rather than fail.
        if (!hasTimeout)
            options.append(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(SqliteBusyTimeoutMs));
    }
    s.connectOptions = options.join(u';');

    if (!QSqlDatabase::isDriverAvailable(s.driver)) {
        const QString package = debianPackageFor(s.driver);
        return fail(u"the sql storage '%1' needs the QtSql driver %2, which is not available "
                    "(available: %3)%4"_s
                        .arg(s.description, s.driver,
                             QSqlDatabase::drivers().join(u", "_s),
                             package.isEmpty() ? QString()
                                               : u"; on Debian install %1"_s.arg(package)));
    }
    *settings = s;
    return true;
}

std::unique_ptr<PyroStorage> PyroSqlStorage::open(const QString &spec, PyroError *error)
{
    Settings settings;
    if (!parseSpec(spec, &settings, error))
        return nullptr;
    auto storage = std::make_unique<PyroSqlStorage>(settings);
    if (!storage->initialize(error))
        return nullptr;
    return storage;
}

PyroSqlStorage::PyroSqlStorage(const Settings &settings)
    : m_settings(settings), m_shared(std::make_shared<Shared>())
{
    static QAtomicInteger<quint64> counter;
    m_shared->prefix = u"qtpyro-sqlstorage-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

PyroSqlStorage::~PyroSqlStorage()
{
    close();
}

QString PyroSqlStorage::description() const
{
    return m_settings.description;
}

bool PyroSqlStorage::openConnection(QSqlDatabase &db, QSqlError *sqlError)
{
    if (!db.isOpen() && !db.open()) {
        *sqlError = db.lastError();
        return false;
    }
    if (m_settings.dialect == Dialect::SQLite) {
        // Per connection in SQLite; Pyro5 turns it on too.
        QSqlQuery query(db);
        if (!query.exec(u"PRAGMA foreign_keys=ON"_s)) {
            *sqlError = query.lastError();
            return false;
        }
    }
    return true;
}

QSqlDatabase PyroSqlStorage::connection(PyroError *error)
{
    QThread *thread = QThread::currentThread();
    QString name;
    {
        QMutexLocker locker(&m_shared->mutex);
        if (m_shared->closed) {
            if (error)
                *error = namingError(u"storage is closed"_s);
            return QSqlDatabase();
        }
        name = m_shared->names.value(thread);
    }

    QSqlError sqlError;
    if (!name.isEmpty()) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isValid()) {
            if (db.isOpen())
                return db;
            if (openConnection(db, &sqlError))
                return db;
            if (error)
                *error = namingError(u"sql storage: cannot open %1: %2"_s
                                         .arg(m_settings.description, describe(sqlError)));
            return QSqlDatabase();
        }
        // A QThread address that was reused by a thread that never said finished.
        QMutexLocker locker(&m_shared->mutex);
        m_shared->names.remove(thread);
        QObject::disconnect(m_shared->finishedHooks.take(thread));
        locker.unlock();
        QSqlDatabase::removeDatabase(name);
    }

    static QAtomicInteger<quint64> counter;
    name = m_shared->prefix + u'-' + QString::number(counter.fetchAndAddRelaxed(1));
    bool opened = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(m_settings.driver, name);
        db.setDatabaseName(m_settings.databaseName);
        if (!m_settings.hostName.isEmpty())
            db.setHostName(m_settings.hostName);
        if (m_settings.port >= 0)
            db.setPort(m_settings.port);
        if (!m_settings.userName.isEmpty())
            db.setUserName(m_settings.userName);
        if (!m_settings.password.isEmpty())
            db.setPassword(m_settings.password);
        db.setConnectOptions(m_settings.connectOptions);
        opened = openConnection(db, &sqlError);
    }
    if (!opened) {
        QSqlDatabase::removeDatabase(name);
        if (error)
            *error = namingError(u"sql storage: cannot open %1: %2"_s
                                     .arg(m_settings.description, describe(sqlError)));
        return QSqlDatabase();
    }

    {
        QMutexLocker locker(&m_shared->mutex);
        m_shared->names.insert(thread, name);
        // The connection belongs to this thread: drop it when the thread ends (finished
        // is emitted from the ending thread itself, so the removal happens there).
        std::weak_ptr<Shared> weak = m_shared;
        m_shared->finishedHooks.insert(
                thread, QObject::connect(thread, &QThread::finished, [weak, thread, name] {
                    if (auto shared = weak.lock()) {
                        QMutexLocker locker(&shared->mutex);
                        if (shared->names.value(thread) != name)
                            return;
                        shared->names.remove(thread);
                        shared->finishedHooks.remove(thread);
                    }
                    QSqlDatabase::removeDatabase(name);
                }));
    }
    return QSqlDatabase::database(name, false);
}

void PyroSqlStorage::close()
{
    QHash<QThread *, QString> names;
    QHash<QThread *, QMetaObject::Connection> hooks;
    {
        QMutexLocker locker(&m_shared->mutex);
        if (m_shared->closed)
            return;
        m_shared->closed = true;
        names.swap(m_shared->names);
        hooks.swap(m_shared->finishedHooks);
    }
    for (const QMetaObject::Connection &hook : std::as_const(hooks))
        QObject::disconnect(hook);
    for (const QString &name : std::as_const(names))
        QSqlDatabase::removeDatabase(name);
}

// ---- units of work ----

/*
    Runs body on this thread's connection, inside a transaction for writes, and repeats
    it when another writer got in the way (see isTransient) or the connection was lost
    (a database server restart). body returns false with run.sqlError for database
    trouble or run.failure for an answer such as "unknown name".

    SQLite writes start with BEGIN IMMEDIATE: the write lock is taken (waiting up to the
    busy timeout) before anything is read, so a read-then-write never deadlocks with
    another writer. On the server databases every write first locks the name's row
    (SELECT ... FOR UPDATE), always in name order, so concurrent writers of one name
    queue up instead of mixing their metadata.
*/
bool PyroSqlStorage::perform(const QString &what, Mode mode,
                             const std::function<bool(Run &)> &body, PyroError *error)
{
    bool reconnected = false;
    for (int attempt = 1;; ++attempt) {
        QSqlDatabase db = connection(error);
        if (!db.isValid())
            return false;
        Run run{db, m_settings.dialect, QSqlError(), PyroError(), {}};
        bool ok = true;
        const bool sqlite = m_settings.dialect == Dialect::SQLite;
        if (mode == Mode::Write) {
            if (sqlite) {
                ok = run.exec(u"BEGIN IMMEDIATE"_s);
            } else if (!db.transaction()) {
                run.sqlError = db.lastError();
                ok = false;
            }
        }
        if (ok)
            ok = body(run);
        // Result sets must be closed before COMMIT (SQLite); the statements themselves
        // are freed only after COMMIT/ROLLBACK, because QPSQL's DEALLOCATE fails (with a
        // warning) inside an aborted transaction.
        for (QSqlQuery &query : run.queries)
            query.finish();
        if (ok && mode == Mode::Write) {
            if (sqlite) {
                ok = run.exec(u"COMMIT"_s);
            } else if (!db.commit()) {
                run.sqlError = db.lastError();
                ok = false;
            }
        }
        if (ok)
            return true;
        if (mode == Mode::Write) {
            if (sqlite) {
                QSqlQuery rollback(db);
                rollback.exec(u"ROLLBACK"_s);   // fails harmlessly when nothing is open
            } else if (db.isOpen()) {   // QPSQL closes it when the server went away
                db.rollback();
            }
        }
        run.queries.clear();
        if (run.failure.isError()) {
            if (error)
                *error = run.failure;
            return false;
        }
        const int maxAttempts = sqlite ? MaxSqliteAttempts : MaxServerAttempts;
        if (isTransient(run.sqlError, m_settings.dialect) && attempt < maxAttempts) {
            qCDebug(lcPyroSqlStorage) << what << "retried after" << run.sqlError.text();
            // Spread the retries so two writers don't collide again in lock step.
            const int ceiling = qMin(5 << qMin(attempt, 6), 250);
            QThread::msleep(ulong(QRandomGenerator::global()->bounded(ceiling / 2, ceiling)));
            continue;
        }
        if (!reconnected && !sqlite) {
            // A server restart leaves the connection broken: reopen it once.
            bool alive = db.isOpen();
            if (alive) {
                QSqlQuery probe(db);
                alive = probe.exec(u"SELECT 1"_s);
            }
            if (!alive) {
                qCDebug(lcPyroSqlStorage) << "reconnecting after" << run.sqlError.text();
                db.close();
                reconnected = true;
                continue;
            }
        }
        if (error)
            *error = namingError(u"sql storage: %1 failed: %2"_s.arg(what, describe(run.sqlError)));
        return false;
    }
}

namespace {

bool tableExists(PyroSqlStorage::Run &run, const QString &table, bool *exists)
{
    QSqlQuery &query = run.query();
    query.setForwardOnly(true);
    switch (run.dialect) {
    case PyroSqlStorage::Dialect::SQLite:
        query.prepare(u"SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name=?"_s);
        query.addBindValue(table);
        break;
    case PyroSqlStorage::Dialect::PostgreSQL:
        // Honours search_path, unlike QSqlDatabase::tables().
        query.prepare(u"SELECT COUNT(*) FROM (SELECT to_regclass(?) AS t) AS r WHERE t IS NOT NULL"_s);
        query.addBindValue(table);
        break;
    default:
        *exists = run.db.tables(QSql::Tables).contains(table, Qt::CaseInsensitive);
        return true;
    }
    if (!run.exec(query) || !query.next())
        return false;
    *exists = query.value(0).toLongLong() > 0;
    return true;
}

QStringList schemaStatements(PyroSqlStorage::Dialect dialect)
{
    switch (dialect) {
    case PyroSqlStorage::Dialect::SQLite:
        // Pyro5's own DDL, so its SqlStorage finds exactly what it would have created.
        return {u"CREATE TABLE IF NOT EXISTS pyro_names (id integer PRIMARY KEY, "
                "name nvarchar NOT NULL UNIQUE, uri nvarchar NOT NULL)"_s,
                u"CREATE TABLE IF NOT EXISTS pyro_metadata (object integer NOT NULL, "
                "metadata nvarchar NOT NULL, FOREIGN KEY(object) REFERENCES pyro_names(id))"_s,
                u"CREATE INDEX IF NOT EXISTS pyro_metadata_object ON pyro_metadata(object)"_s};
    case PyroSqlStorage::Dialect::PostgreSQL:
        return {u"CREATE TABLE IF NOT EXISTS pyro_names (id bigserial PRIMARY KEY, "
                "name text NOT NULL UNIQUE, uri text NOT NULL)"_s,
                u"CREATE TABLE IF NOT EXISTS pyro_metadata (object bigint NOT NULL "
                "REFERENCES pyro_names(id), metadata text NOT NULL)"_s,
                u"CREATE INDEX IF NOT EXISTS pyro_metadata_object ON pyro_metadata(object)"_s};
    case PyroSqlStorage::Dialect::MySQL:
        // 700 characters of utf8mb4 stay below InnoDB's index key limit.
        return {u"CREATE TABLE IF NOT EXISTS pyro_names (id BIGINT NOT NULL AUTO_INCREMENT "
                "PRIMARY KEY, name VARCHAR(700) NOT NULL UNIQUE, uri TEXT NOT NULL)"_s,
                u"CREATE TABLE IF NOT EXISTS pyro_metadata (object BIGINT NOT NULL, "
                "metadata VARCHAR(700) NOT NULL, INDEX pyro_metadata_object (object), "
                "FOREIGN KEY (object) REFERENCES pyro_names(id))"_s};
    case PyroSqlStorage::Dialect::Generic:
        break;
    }
    return {u"CREATE TABLE pyro_names (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
            "name VARCHAR(1000) NOT NULL UNIQUE, uri VARCHAR(4000) NOT NULL)"_s,
            u"CREATE TABLE pyro_metadata (object INTEGER NOT NULL REFERENCES pyro_names(id), "
            "metadata VARCHAR(1000) NOT NULL)"_s};
}

} // namespace

bool PyroSqlStorage::ensureSchema(Run &run)
{
    if (run.dialect == Dialect::PostgreSQL) {
        // "already exists, skipping" notices would land on stderr.
        if (!run.exec(u"SET LOCAL client_min_messages = warning"_s))
            return false;
        // CREATE TABLE IF NOT EXISTS is not safe against a concurrent creator in PostgreSQL.
        QSqlQuery &lock = run.query();
        lock.prepare(u"SELECT pg_advisory_xact_lock(?)"_s);
        lock.addBindValue(SchemaLockKey);
        if (!run.exec(lock))
            return false;
    }
    bool hasNames = false;
    bool hasMetadata = false;
    if (!tableExists(run, u"pyro_names"_s, &hasNames)
        || !tableExists(run, u"pyro_metadata"_s, &hasMetadata))
        return false;
    if (hasNames && hasMetadata) {
        if (run.dialect == Dialect::SQLite || run.dialect == Dialect::PostgreSQL)
            return run.exec(schemaStatements(run.dialect).constLast());   // the index
        return true;
    }
    if (hasNames) {
        // A table from before metadata existed: move its names over, as Pyro5 does.
        if (!run.exec(u"ALTER TABLE pyro_names RENAME TO pyro_names_old"_s))
            return false;
    }
    const QStringList statements = schemaStatements(run.dialect);
    for (const QString &statement : statements) {
        if (!hasMetadata || !statement.contains(u"pyro_metadata ("_s)) {
            if (!run.exec(statement))
                return false;
        }
    }
    if (hasNames) {
        if (!run.exec(u"INSERT INTO pyro_names(name, uri) SELECT name, uri FROM pyro_names_old"_s)
            || !run.exec(u"DROP TABLE pyro_names_old"_s))
            return false;
    }
    return true;
}

bool PyroSqlStorage::initialize(PyroError *error)
{
    if (!perform(u"creating the tables"_s, Mode::Write, [this](Run &run) { return ensureSchema(run); },
                 error)) {
        return false;
    }
    if (m_settings.dialect == Dialect::SQLite && !m_settings.sqliteJournalMode.isEmpty()) {
        // WAL lets readers work while a writer commits. It is a property of the file and
        // needs a moment without other transactions, so failing here (busy) is fine: the
        // file simply keeps its journal mode until the next start.
        QSqlDatabase db = connection(error);
        if (!db.isValid())
            return false;
        QSqlQuery query(db);
        if (!query.exec(u"PRAGMA journal_mode=%1"_s.arg(m_settings.sqliteJournalMode)))
            qCDebug(lcPyroSqlStorage) << "journal mode unchanged:" << query.lastError().text();
    }
    return true;
}
