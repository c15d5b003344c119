// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrotestpostgres.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QStandardPaths>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>

#include <algorithm>

#ifdef Q_OS_LINUX
#  include <csignal>
#  include <pwd.h>
#  include <sys/prctl.h>
#  include <sys/types.h>
#  include <unistd.h>
#endif

using namespace Qt::StringLiterals;

PostgresCluster::PostgresCluster()
    : m_dir(QDir::tempPath() + u"/qtpyro-pg-XXXXXX"_s)
{
}

PostgresCluster::~PostgresCluster()
{
    stop();
}

QString PostgresCluster::unavailableReason()
{
    if (binDir().isEmpty())
        return u"PostgreSQL is not installed (Debian package postgresql)"_s;
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return u"QtSql has no QPSQL driver (Debian package libqt6sql6-psql)"_s;
    return QString();
}

// The directory with initdb/postgres/pg_ctl, or empty.
QString PostgresCluster::binDir()
{
    const QString env = qEnvironmentVariable("QTPYRO_PG_BINDIR");
    if (!env.isEmpty())
        return env;
    QDir lib(u"/usr/lib/postgresql"_s);
    QStringList versions = lib.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &version : versions) {
        const QString dir = lib.filePath(version + u"/bin"_s);
        if (QFileInfo::exists(dir + u"/initdb"_s) && QFileInfo::exists(dir + u"/postgres"_s))
            return dir;
    }
    return QString();
}

// Empty on success, else why the cluster could not be started.
QString PostgresCluster::start()
{
    m_bin = binDir();
    if (!m_dir.isValid())
        return u"no temporary directory"_s;
    m_dataDir = m_dir.filePath(u"data"_s);
#ifdef Q_OS_LINUX
    if (::geteuid() == 0) {
        // PostgreSQL refuses to run as root: the cluster belongs to "postgres".
        m_runuser = QStandardPaths::findExecutable(u"runuser"_s, {u"/usr/sbin"_s, u"/sbin"_s, u"/usr/bin"_s, u"/bin"_s});
        const passwd *pw = ::getpwnam("postgres");
        if (m_runuser.isEmpty() || !pw)
            return u"running as root without runuser or a postgres user"_s;
        if (::chown(QFile::encodeName(m_dir.path()).constData(), pw->pw_uid, pw->pw_gid) != 0)
            return u"cannot hand %1 to postgres"_s.arg(m_dir.path());
    }
#endif
    const QString initOutput = runTool(u"initdb"_s,
            {u"-D"_s, m_dataDir, u"-U"_s, u"postgres"_s, u"--auth=trust"_s, u"-E"_s, u"UTF8"_s,
             u"--locale=C"_s, u"--no-sync"_s, u"--no-instructions"_s});
    if (!initOutput.isNull())
        return u"initdb failed: "_s + initOutput;

    const QString launched = launch();
    if (!launched.isEmpty())
        return launched;

    // A database of our own, to see the URL's dbname at work.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"tst-admin"_s);
        db.setHostName(m_dir.path());
        db.setUserName(u"postgres"_s);
        db.setDatabaseName(u"postgres"_s);
        QString failure;
        if (!db.open()) {
            failure = db.lastError().text();
        } else {
            QSqlQuery query(db);
            if (!query.exec(u"CREATE DATABASE pyronames"_s))
                failure = query.lastError().text();
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"tst-admin"_s);
        if (!failure.isEmpty())
            return u"cannot create the database: "_s + failure;
    }
    return QString();
}

// Stops and starts the server again on the same data (a database server restart).
QString PostgresCluster::restart()
{
    stop();
    return launch();
}

QString PostgresCluster::spec() const
{
    // trust authentication ignores the password; it is there to be hidden by description().
    return u"sql:postgresql://postgres:not-shown@/pyronames?host=%1"_s.arg(m_dir.path());
}

// Only the server started here, through pg_ctl on our own data directory.
void PostgresCluster::stop()
{
    if (!m_server)
        return;
    if (m_running) {
        const QString output = runTool(u"pg_ctl"_s, {u"stop"_s, u"-D"_s, m_dataDir, u"-m"_s,
                                                    u"fast"_s, u"-w"_s, u"-t"_s, u"30"_s});
        if (!output.isNull())
            qWarning("pg_ctl stop: %s", qPrintable(output));
        m_running = false;
    }
    if (m_server->state() != QProcess::NotRunning && !m_server->waitForFinished(30000)) {
        m_server->terminate();
        if (!m_server->waitForFinished(10000)) {
            m_server->kill();
            m_server->waitForFinished(5000);
        }
    }
    m_server.reset();
}

// Starts postgres in the foreground and waits for its "ready" line.
QString PostgresCluster::launch()
{
    m_server = std::make_unique<QProcess>();
    m_server->setProcessChannelMode(QProcess::MergedChannels);
    m_server->setWorkingDirectory(m_dir.path());
#ifdef Q_OS_LINUX
    // If this test dies, its server goes too (runuser passes the signal on).
    m_server->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    const QStringList serverArgs{u"-D"_s, m_dataDir, u"-k"_s, m_dir.path(),
                                 u"-c"_s, u"listen_addresses="_s, u"-p"_s, u"5432"_s,
                                 u"-F"_s, u"-c"_s, u"max_connections=60"_s};
    startTool(m_server.get(), u"postgres"_s, serverArgs);
    if (!m_server->waitForStarted(10000))
        return u"cannot start postgres: "_s + m_server->errorString();
    QByteArray log;
    QDeadlineTimer deadline(60000);
    while (!log.contains("database system is ready to accept connections")) {
        if (m_server->state() != QProcess::Running || deadline.hasExpired())
            return u"postgres did not come up:\n"_s + QString::fromLocal8Bit(log + m_server->readAll());
        m_server->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        log += m_server->readAll();
    }
    m_running = true;
    return QString();
}

void PostgresCluster::startTool(QProcess *process, const QString &tool, const QStringList &arguments) const
{
    const QString program = m_bin + u'/' + tool;
    if (m_runuser.isEmpty())
        process->start(program, arguments);
    else
        process->start(m_runuser, QStringList{u"-u"_s, u"postgres"_s, u"--"_s, program} + arguments);
}

// Runs a tool to completion; a null string on success, else its output.
QString PostgresCluster::runTool(const QString &tool, const QStringList &arguments) const
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_dir.path());
    startTool(&process, tool, arguments);
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished(5000);
        return u"%1 did not finish: %2"_s.arg(tool, QString::fromLocal8Bit(process.readAll()));
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return u"exit code %1: %2"_s.arg(process.exitCode()).arg(QString::fromLocal8Bit(process.readAll()));
    return QString();
}
