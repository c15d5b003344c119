// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QProcess>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QTemporaryDir>

#include <memory>

/*
 * A throw-away PostgreSQL cluster for tests: initdb + postgres on a Unix socket in a
 * temporary directory (no TCP port), one database "pyronames", trust authentication.
 * Runs as the "postgres" user (through runuser) when the test runs as root. Only the
 * server started here is ever stopped, through pg_ctl on its own data directory; if the
 * test process dies, the server gets SIGTERM (PR_SET_PDEATHSIG).
 *
 *   if (const QString why = PostgresCluster::unavailableReason(); !why.isEmpty())
 *       QSKIP(qPrintable(why));
 *   PostgresCluster pg;
 *   QString failure = pg.start();          // empty on success
 *   PyroStorage::create(pg.spec());        // "sql:postgresql://postgres:…@/pyronames?host=<dir>"
 *
 * Needs QtSql (the QPSQL driver) in the test that uses it.
 */
class PostgresCluster
{
public:
    PostgresCluster();
    ~PostgresCluster();

    // The directory with initdb/postgres/pg_ctl (QTPYRO_PG_BINDIR or the newest of
    // /usr/lib/postgresql/<version>/bin), or empty.
    static QString binDir();
    // Why no cluster can be started here (binaries or QPSQL driver missing), or empty.
    static QString unavailableReason();

    // Empty on success, else why the cluster could not be started.
    QString start();
    // Stops and starts the server again on the same data (a database server restart).
    QString restart();
    // The storage spec of the "pyronames" database (the password is there to be hidden
    // by PyroStorage::description(); trust authentication ignores it).
    QString spec() const;
    // The directory of the server's Unix socket.
    QString socketDirectory() const { return m_dir.path(); }
    void stop();

private:
    QString launch();
    void startTool(QProcess *process, const QString &tool, const QStringList &arguments) const;
    QString runTool(const QString &tool, const QStringList &arguments) const;

    QTemporaryDir m_dir;
    QString m_bin;
    QString m_dataDir;
    QString m_runuser;
    std::unique_ptr<QProcess> m_server;
    bool m_running = false;
};
