// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The name server's storage: one set of cases, run against every backend through the
// global data rows "memory", "sqlite" and "postgresql". The postgresql row starts a
// throw-away cluster (initdb + postgres on a Unix socket in a temporary directory) and
// stops it at the end; it is skipped only when the PostgreSQL binaries or QtSql's QPSQL
// driver are missing. The concurrency cases run writers in threads and, for the
// persistent backends, in child processes (this executable with --storage-writer).

#include "pyrostorage.h"
#include "pyrotestpostgres.h"
#include "pyrotestprocess.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtCore/QThreadPool>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlError>
#include <QtSql/QSqlQuery>
#include <QtTest/QTest>

#include <memory>

#ifdef Q_OS_LINUX
#  include <csignal>
#  include <grp.h>
#  include <pwd.h>
#  include <sys/prctl.h>
#  include <sys/types.h>
#  include <unistd.h>
#endif

using namespace Qt::StringLiterals;

using Tags = QSet<QString>;

// Readable QCOMPARE failures.
char *toString(const PyroStorageEntry &entry)
{
    QStringList tags(entry.metadata.cbegin(), entry.metadata.cend());
    tags.sort();
    return QTest::toString(u"(%1, {%2})"_s.arg(entry.uri, tags.join(u", "_s)));
}

char *toString(const PyroStorageEntries &entries)
{
    QStringList parts;
    for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
        QStringList tags(it->metadata.cbegin(), it->metadata.cend());
        tags.sort();
        parts.append(u"%1: (%2, {%3})"_s.arg(it.key(), it->uri, tags.join(u", "_s)));
    }
    return QTest::toString(u"{"_s + parts.join(u"; "_s) + u"}"_s);
}

// ---- concurrent writers (threads of this test, or child processes) ----

namespace Writers {

constexpr int Iterations = 40;
constexpr int SharedNames = 5;

QString ownName(int writer, int i)
{
    return u"w%1.%2"_s.arg(writer).arg(i, 3, 10, QChar(u'0'));
}

PyroStorageEntry ownEntry(int writer, int i, bool touched)
{
    Tags tags{u"writer:%1"_s.arg(writer), u"n:%1"_s.arg(i)};
    if (touched)
        tags.insert(u"touched"_s);
    return {u"PYRO:obj%1@w%2:9999"_s.arg(i).arg(writer), tags};
}

// Writer step i removes its name i-1 when i % 4 == 3 and touches name i when i % 4 == 1.
bool ownSurvives(int i)
{
    return !(i % 4 == 2 && i + 1 < Iterations);
}

bool ownTouched(int i)
{
    return i % 4 == 1;
}

int survivorsPerWriter()
{
    int n = 0;
    for (int i = 0; i < Iterations; ++i)
        n += ownSurvives(i) ? 1 : 0;
    return n;
}

struct Outcome
{
    QString error;
    int raceWins = 0;
};

// Every writer registers its own names, keeps replacing a few shared names (each
// replacement's URI and metadata belong together), and races the others for safe
// registrations of the "race.*" names, which only one writer may win.
Outcome write(PyroStorage *storage, int writer)
{
    Outcome outcome;
    auto failed = [&](const QString &what, const PyroError &error) {
        outcome.error = u"writer %1: %2: %3"_s.arg(writer).arg(what, error.toString());
        return outcome;
    };
    for (int i = 0; i < Iterations; ++i) {
        PyroError error;
        const QString name = ownName(writer, i);
        if (!storage->store(name, ownEntry(writer, i, false), PyroStorage::StoreMode::Replace, &error))
            return failed(u"store "_s + name, error);
        if (ownTouched(i)
            && !storage->setMetadata(name, ownEntry(writer, i, true).metadata, &error))
            return failed(u"setMetadata "_s + name, error);
        if (i % 4 == 3) {
            const int removed = storage->remove(ownName(writer, i - 1), &error);
            if (removed != 1)
                return failed(u"remove returned %1"_s.arg(removed), error);
        }
        const QString shared = u"shared.%1"_s.arg(i % SharedNames);
        const PyroStorageEntry sharedEntry{u"PYRO:shared@w%1:%2"_s.arg(writer).arg(i),
                                           {u"writer:%1"_s.arg(writer), u"iter:%1"_s.arg(i)}};
        if (!storage->store(shared, sharedEntry, PyroStorage::StoreMode::Replace, &error))
            return failed(u"store "_s + shared, error);

        const QString race = u"race.%1"_s.arg(i % SharedNames);
        const PyroStorageEntry raceEntry{u"PYRO:race@w%1:%2"_s.arg(writer).arg(i),
                                         {u"writer:%1"_s.arg(writer)}};
        PyroError raceError;
        if (storage->store(race, raceEntry, PyroStorage::StoreMode::FailIfExists, &raceError))
            ++outcome.raceWins;
        else if (raceError.message() != u"name already registered: "_s + race)
            return failed(u"safe store "_s + race, raceError);

        PyroStorageEntry back;
        if (!storage->lookup(name, &back, &error))
            return failed(u"lookup "_s + name, error);
        if (back.uri != ownEntry(writer, i, false).uri)
            return failed(u"lookup "_s + name + u" gave "_s + back.uri, PyroError());
    }
    return outcome;
}

// Checks what the writers left behind; returns a description of the first problem.
QString verify(PyroStorage *storage, const QList<int> &writers, int raceWins)
{
    PyroError error;
    const qint64 expected = qint64(writers.size()) * survivorsPerWriter() + 2 * SharedNames;
    const qint64 count = storage->count(&error);
    if (count != expected)
        return u"count %1, expected %2 (%3)"_s.arg(count).arg(expected).arg(error.toString());
    for (int writer : writers) {
        PyroStorageEntries entries;
        if (!storage->list(PyroStorageFilter::prefix(u"w%1."_s.arg(writer)),
                           PyroStorage::Detail::WithMetadata, &entries, &error))
            return error.toString();
        PyroStorageEntries wanted;
        for (int i = 0; i < Iterations; ++i) {
            if (ownSurvives(i))
                wanted.insert(ownName(writer, i), ownEntry(writer, i, ownTouched(i)));
        }
        if (entries != wanted) {
            return u"writer %1's names differ: %2 entries, expected %3"_s.arg(writer)
                    .arg(entries.size()).arg(wanted.size());
        }
    }
    static const QRegularExpression sharedUri(u"^PYRO:shared@w(\\d+):(\\d+)$"_s);
    PyroStorageEntries shared;
    if (!storage->list(PyroStorageFilter::prefix(u"shared."_s), PyroStorage::Detail::WithMetadata,
                       &shared, &error))
        return error.toString();
    if (shared.size() != SharedNames)
        return u"%1 shared names"_s.arg(shared.size());
    for (auto it = shared.cbegin(); it != shared.cend(); ++it) {
        const QRegularExpressionMatch m = sharedUri.match(it->uri);
        if (!m.hasMatch())
            return u"bad shared uri "_s + it->uri;
        const Tags tags{u"writer:"_s + m.captured(1), u"iter:"_s + m.captured(2)};
        if (it->metadata != tags)
            return u"%1: uri %2 and metadata of another write"_s.arg(it.key(), it->uri);
        if (it.key() != u"shared.%1"_s.arg(m.captured(2).toInt() % SharedNames))
            return u"%1 holds %2"_s.arg(it.key(), it->uri);
    }
    PyroStorageEntries race;
    if (!storage->list(PyroStorageFilter::prefix(u"race."_s), PyroStorage::Detail::WithMetadata,
                       &race, &error))
        return error.toString();
    if (race.size() != SharedNames || raceWins != SharedNames)
        return u"%1 race names, %2 safe registrations won (expected %3 each)"_s
                .arg(race.size()).arg(raceWins).arg(SharedNames);
    for (const PyroStorageEntry &entry : std::as_const(race)) {
        const QString writer = entry.uri.section(u'@', 1).section(u':', 0, 0).mid(1);
        if (entry.metadata != Tags{u"writer:"_s + writer})
            return u"race entry %1 has metadata of another writer"_s.arg(entry.uri);
    }
    return QString();
}

// Child process mode: tst_pyrostorage --storage-writer SPEC WRITER
int runAsChild(const QStringList &arguments)
{
    if (arguments.size() < 4)
        return 2;
    PyroError error;
    std::unique_ptr<PyroStorage> storage = PyroStorage::create(arguments.at(2), &error);
    if (!storage) {
        fprintf(stderr, "cannot open storage: %s\n", qPrintable(error.toString()));
        return 1;
    }
    const Outcome outcome = write(storage.get(), arguments.at(3).toInt());
    if (!outcome.error.isEmpty()) {
        fprintf(stderr, "%s\n", qPrintable(outcome.error));
        return 1;
    }
    printf("wins %d\n", outcome.raceWins);
    return 0;
}

} // namespace Writers

// ---- a throw-away PostgreSQL cluster: autotests/shared/pyrotestpostgres.h ----

// ---- the test ----

class tst_PyroStorage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void storeAndLookup_data();
    void storeAndLookup();
    void replace();
    void safeStore();
    void lookupUnknown();
    void remove();
    void list_data();
    void list();
    void listUriOnly();
    void setMetadata();
    void countAndClear();
    void persistence();
    void twoStorages();
    void concurrentThreads();
    void concurrentProcesses();
    void closed();
    void description();
    void serverRestart();
    void createErrors_data();
    void createErrors();
    void sharedWithPythonPyro5();
    void openPythonCreatedFile();

private:
    QString specFor(const QString &backend);
    static PyroStorageEntries fixture();
    void storeFixture();

    QTemporaryDir m_tmp;
    std::unique_ptr<PostgresCluster> m_postgres;
    QString m_postgresSkip;      // why the postgresql row is skipped
    QString m_postgresFailure;   // why it failed to start
    QString m_backend;
    QString m_spec;
    std::unique_ptr<PyroStorage> m_storage;
};

void tst_PyroStorage::initTestCase_data()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("memory") << u"memory"_s;
    QTest::newRow("sqlite") << u"sqlite"_s;
    QTest::newRow("postgresql") << u"postgresql"_s;
}

void tst_PyroStorage::initTestCase()
{
    QVERIFY(m_tmp.isValid());
}

QString tst_PyroStorage::specFor(const QString &backend)
{
    if (backend == u"memory"_s)
        return u"memory"_s;
    if (backend == u"sqlite"_s)
        return u"sql:"_s + m_tmp.filePath(u"names.sqlite"_s);
    // postgresql: started on first use, once for the whole run.
    if (!m_postgres && m_postgresSkip.isEmpty() && m_postgresFailure.isEmpty()) {
        m_postgresSkip = PostgresCluster::unavailableReason();
        if (m_postgresSkip.isEmpty()) {
            m_postgres = std::make_unique<PostgresCluster>();
            m_postgresFailure = m_postgres->start();
            if (!m_postgresFailure.isEmpty())
                m_postgres.reset();
        }
    }
    return m_postgres ? m_postgres->spec() : QString();
}

void tst_PyroStorage::init()
{
    QFETCH_GLOBAL(QString, backend);
    m_backend = backend;
    m_spec = specFor(backend);
    if (backend == u"postgresql"_s) {
        if (!m_postgresSkip.isEmpty())
            QSKIP(qPrintable(m_postgresSkip));
        QVERIFY2(m_postgresFailure.isEmpty(), qPrintable(m_postgresFailure));
    }
    PyroError error;
    m_storage = PyroStorage::create(m_spec, &error);
    QVERIFY2(m_storage, qPrintable(error.toString()));
    QVERIFY2(m_storage->clear(&error), qPrintable(error.toString()));
    QCOMPARE(m_storage->count(&error), 0);
}

void tst_PyroStorage::cleanup()
{
    m_storage.reset();
}

void tst_PyroStorage::cleanupTestCase()
{
    m_storage.reset();
    if (m_postgres)
        m_postgres->stop();
    m_postgres.reset();
}

PyroStorageEntries tst_PyroStorage::fixture()
{
    return {
        {u"a.one"_s, {u"PYRO:a1@host:1"_s, {u"tag:a"_s, u"class:one"_s}}},
        {u"a.two"_s, {u"PYRO:a2@host:2"_s, {u"tag:a"_s}}},
        {u"A.upper"_s, {u"PYRO:A@host:3"_s, {}}},
        {u"ab"_s, {u"PYRO:ab@host:4"_s, {u"tag:b"_s}}},
        {u"b.a.one"_s, {u"PYRO:ba@host:5"_s, {u"tag:b"_s, u"class:one"_s}}},
        {u"x_1"_s, {u"PYRO:x_1@host:6"_s, {}}},
        {u"xa1"_s, {u"PYRO:xa1@host:7"_s, {}}},
        {u"x%y"_s, {u"PYRO:xpy@host:8"_s, {}}},
        {u"xzy"_s, {u"PYRO:xzy@host:9"_s, {}}},
        {u"ünï.1"_s, {u"PYRO:u@host:10"_s, {u"tag:ü"_s}}},
        {u"end"_s, {u"PYRO:end@host:11"_s, {}}},
        {u"end\n"_s, {u"PYRO:endnl@host:12"_s, {}}},
        {u"Pyro.NameServer"_s, {u"PYRO:Pyro.NameServer@localhost:9090"_s,
                                {u"class:Pyro5.nameserver.NameServer"_s}}},
    };
}

void tst_PyroStorage::storeFixture()
{
    const PyroStorageEntries entries = fixture();
    for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
        PyroError error;
        QVERIFY2(m_storage->store(it.key(), *it, PyroStorage::StoreMode::Replace, &error),
                 qPrintable(error.toString()));
    }
}

void tst_PyroStorage::storeAndLookup_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<PyroStorageEntry>("entry");
    QTest::newRow("no metadata") << u"example.echo"_s
                                 << PyroStorageEntry{u"PYRO:obj_1@localhost:51234"_s, {}};
    QTest::newRow("metadata") << u"example.echo"_s
                              << PyroStorageEntry{u"PYRO:obj_1@localhost:51234"_s,
                                                  {u"class:echo"_s, u"tag:a"_s, u"x y z"_s}};
    QTest::newRow("empty tag") << u"e"_s << PyroStorageEntry{u"PYRO:e@h:1"_s, {QString()}};
    QTest::newRow("empty name") << QString() << PyroStorageEntry{u"PYRO:e@h:1"_s, {u"t"_s}};
    QTest::newRow("unicode") << u"ñame.∑.😀"_s
                             << PyroStorageEntry{u"PYRO:obj@[::1]:1"_s, {u"tåg"_s, u"😀"_s}};
    QTest::newRow("quotes and wildcards") << u"it's \"%_\\"_s
                                          << PyroStorageEntry{u"PYRO:q@h:1"_s, {u"';--"_s}};
    QTest::newRow("unix socket uri") << u"sock"_s
                                     << PyroStorageEntry{u"PYRO:obj@./u:/tmp/pyro.sock"_s, {}};
    QTest::newRow("long") << QString(300, u'n')
                          << PyroStorageEntry{u"PYRO:obj@host:1"_s + QString(2000, u'u'),
                                              {QString(500, u't')}};
}

void tst_PyroStorage::storeAndLookup()
{
    QFETCH(QString, name);
    QFETCH(PyroStorageEntry, entry);
    PyroError error;
    QVERIFY2(m_storage->store(name, entry, PyroStorage::StoreMode::Replace, &error),
             qPrintable(error.toString()));
    PyroStorageEntry back;
    QVERIFY2(m_storage->lookup(name, &back, &error), qPrintable(error.toString()));
    QCOMPARE(back, entry);
    QCOMPARE(m_storage->count(&error), 1);
    PyroStorageEntries all;
    QVERIFY(m_storage->list(PyroStorageFilter::all(), PyroStorage::Detail::WithMetadata, &all, &error));
    QCOMPARE(all, (PyroStorageEntries{{name, entry}}));
}

void tst_PyroStorage::replace()
{
    PyroError error;
    QVERIFY(m_storage->store(u"n"_s, {u"PYRO:old@h:1"_s, {u"a"_s, u"b"_s}},
                             PyroStorage::StoreMode::Replace, &error));
    QVERIFY(m_storage->store(u"other"_s, {u"PYRO:other@h:1"_s, {u"a"_s}},
                             PyroStorage::StoreMode::Replace, &error));
    QVERIFY2(m_storage->store(u"n"_s, {u"PYRO:new@h:2"_s, {u"c"_s}},
                              PyroStorage::StoreMode::Replace, &error),
             qPrintable(error.toString()));
    PyroStorageEntry back;
    QVERIFY(m_storage->lookup(u"n"_s, &back, &error));
    QCOMPARE(back, (PyroStorageEntry{u"PYRO:new@h:2"_s, {u"c"_s}}));
    QCOMPARE(m_storage->count(&error), 2);
    // The old tags went with the old registration.
    PyroStorageEntries tagged;
    QVERIFY(m_storage->list(PyroStorageFilter::metadataAny({u"a"_s, u"b"_s}),
                            PyroStorage::Detail::UriOnly, &tagged, &error));
    QCOMPARE(tagged.keys(), QStringList{u"other"_s});
    // Replacing with no metadata leaves an empty set.
    QVERIFY(m_storage->store(u"n"_s, {u"PYRO:newer@h:3"_s, {}}, PyroStorage::StoreMode::Replace, &error));
    QVERIFY(m_storage->lookup(u"n"_s, &back, &error));
    QCOMPARE(back, (PyroStorageEntry{u"PYRO:newer@h:3"_s, {}}));
}

void tst_PyroStorage::safeStore()
{
    PyroError error;
    QVERIFY(m_storage->store(u"n"_s, {u"PYRO:first@h:1"_s, {u"a"_s}},
                             PyroStorage::StoreMode::FailIfExists, &error));
    QVERIFY(!error.isError());
    QVERIFY(!m_storage->store(u"n"_s, {u"PYRO:second@h:2"_s, {u"b"_s}},
                              PyroStorage::StoreMode::FailIfExists, &error));
    QCOMPARE(error.code(), PyroError::Code::NamingError);
    QCOMPARE(error.message(), u"name already registered: n"_s);
    PyroStorageEntry back;
    QVERIFY(m_storage->lookup(u"n"_s, &back, &error));
    QCOMPARE(back, (PyroStorageEntry{u"PYRO:first@h:1"_s, {u"a"_s}}));
    QCOMPARE(m_storage->count(&error), 1);
}

void tst_PyroStorage::lookupUnknown()
{
    storeFixture();
    PyroError error;
    PyroStorageEntry back{u"untouched"_s, {}};
    QVERIFY(!m_storage->lookup(u"a.three"_s, &back, &error));
    QCOMPARE(error.code(), PyroError::Code::NamingError);
    QCOMPARE(error.message(), u"unknown name: a.three"_s);
    QCOMPARE(back.uri, u"untouched"_s);
    // Exact names only: no LIKE, no case folding.
    QVERIFY(!m_storage->lookup(u"A.ONE"_s, &back, nullptr));
    QVERIFY(!m_storage->lookup(u"a.%"_s, &back, nullptr));
    QVERIFY(!m_storage->lookup(u"end\r"_s, &back, nullptr));
}

void tst_PyroStorage::remove()
{
    storeFixture();
    const qint64 total = fixture().size();
    PyroError error;
    QCOMPARE(m_storage->remove(u"a.one"_s, &error), 1);
    QCOMPARE(m_storage->remove(u"a.one"_s, &error), 0);
    QVERIFY(!error.isError());
    QVERIFY(!m_storage->lookup(u"a.one"_s, nullptr, nullptr));
    QCOMPARE(m_storage->count(&error), total - 1);
    // A list with absent and repeated names.
    QCOMPARE(m_storage->remove(QStringList{u"x_1"_s, u"nope"_s, u"xzy"_s, u"x_1"_s, u"end\n"_s}, &error), 3);
    QCOMPARE(m_storage->count(&error), total - 4);
    QVERIFY(m_storage->lookup(u"end"_s, nullptr, &error));
    QCOMPARE(m_storage->remove(QStringList(), &error), 0);
    // Its metadata is gone too: the name is not found by metadata any more.
    PyroStorageEntries found;
    QVERIFY(m_storage->list(PyroStorageFilter::metadataAll({u"class:one"_s}),
                            PyroStorage::Detail::WithMetadata, &found, &error));
    QCOMPARE(found.keys(), QStringList{u"b.a.one"_s});
}

void tst_PyroStorage::list_data()
{
    QTest::addColumn<PyroStorageFilter>("filter");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("error");

    auto names = [](std::initializer_list<const char16_t *> list) {
        QStringList out;
        for (const char16_t *n : list)
            out.append(QString::fromUtf16(n));
        out.sort();
        return out;
    };
    QStringList everything = fixture().keys();

    QTest::newRow("all") << PyroStorageFilter::all() << everything << QString();

    QTest::newRow("prefix a.") << PyroStorageFilter::prefix(u"a."_s) << names({u"a.one", u"a.two"}) << QString();
    QTest::newRow("prefix case-sensitive") << PyroStorageFilter::prefix(u"A."_s) << names({u"A.upper"}) << QString();
    QTest::newRow("prefix with _") << PyroStorageFilter::prefix(u"x_"_s) << names({u"x_1"}) << QString();
    QTest::newRow("prefix with %") << PyroStorageFilter::prefix(u"x%"_s) << names({u"x%y"}) << QString();
    QTest::newRow("prefix unicode") << PyroStorageFilter::prefix(u"ü"_s) << names({u"ünï.1"}) << QString();
    QTest::newRow("prefix empty") << PyroStorageFilter::prefix(QString()) << everything << QString();
    QTest::newRow("prefix none") << PyroStorageFilter::prefix(u"nomatch"_s) << QStringList() << QString();
    QTest::newRow("prefix Pyro.") << PyroStorageFilter::prefix(u"Pyro."_s) << names({u"Pyro.NameServer"}) << QString();

    // Expectations are what Python's re.match gives for these names.
    QTest::newRow("regex a\\.") << PyroStorageFilter::regex(u"a\\."_s) << names({u"a.one", u"a.two"}) << QString();
    QTest::newRow("regex start only") << PyroStorageFilter::regex(u"a"_s) << names({u"a.one", u"a.two", u"ab"}) << QString();
    QTest::newRow("regex not anywhere") << PyroStorageFilter::regex(u"one"_s) << QStringList() << QString();
    QTest::newRow("regex .*one") << PyroStorageFilter::regex(u".*one"_s) << names({u"a.one", u"b.a.one"}) << QString();
    QTest::newRow("regex (?i)") << PyroStorageFilter::regex(u"(?i)a\\."_s) << names({u"a.one", u"a.two", u"A.upper"}) << QString();
    QTest::newRow("regex $") << PyroStorageFilter::regex(u"a\\.t.o$"_s) << names({u"a.two"}) << QString();
    QTest::newRow("regex $ before newline") << PyroStorageFilter::regex(u"end$"_s) << names({u"end", u"end\n"}) << QString();
    QTest::newRow("regex \\Z") << PyroStorageFilter::regex(u"end\\Z"_s) << names({u"end"}) << QString();
    QTest::newRow("regex unicode \\w") << PyroStorageFilter::regex(u"\\w+\\.\\d"_s) << names({u"ünï.1"}) << QString();
    QTest::newRow("regex \\u00fc") << PyroStorageFilter::regex(u"\\u00fc"_s) << names({u"ünï.1"}) << QString();
    QTest::newRow("regex \\U0001F600") << PyroStorageFilter::regex(u"\\U0001F600|P"_s) << names({u"Pyro.NameServer"}) << QString();
    QTest::newRow("regex {,1}") << PyroStorageFilter::regex(u"x{,1}_"_s) << names({u"x_1"}) << QString();
    QTest::newRow("regex (?P<name>)") << PyroStorageFilter::regex(u"(?P<head>[ab])\\."_s) << names({u"a.one", u"a.two", u"b.a.one"}) << QString();
    QTest::newRow("regex [^a-z]") << PyroStorageFilter::regex(u"[^a-z]"_s) << names({u"A.upper", u"ünï.1", u"Pyro.NameServer"}) << QString();
    QTest::newRow("regex []x]") << PyroStorageFilter::regex(u"[]x]"_s) << names({u"x_1", u"xa1", u"x%y", u"xzy"}) << QString();
    QTest::newRow("regex class [_%]") << PyroStorageFilter::regex(u"x[_%]"_s) << names({u"x_1", u"x%y"}) << QString();
    QTest::newRow("regex empty") << PyroStorageFilter::regex(QString()) << everything << QString();
    QTest::newRow("regex invalid") << PyroStorageFilter::regex(u"a("_s) << QStringList() << u"invalid regex: "_s;

    QTest::newRow("all of tag:a") << PyroStorageFilter::metadataAll({u"tag:a"_s}) << names({u"a.one", u"a.two"}) << QString();
    QTest::newRow("all of two") << PyroStorageFilter::metadataAll({u"tag:a"_s, u"class:one"_s}) << names({u"a.one"}) << QString();
    QTest::newRow("all of other two") << PyroStorageFilter::metadataAll({u"tag:b"_s, u"class:one"_s}) << names({u"b.a.one"}) << QString();
    QTest::newRow("all of none held together") << PyroStorageFilter::metadataAll({u"tag:a"_s, u"tag:b"_s}) << QStringList() << QString();
    QTest::newRow("all of unknown") << PyroStorageFilter::metadataAll({u"nope"_s}) << QStringList() << QString();
    QTest::newRow("all of empty set") << PyroStorageFilter::metadataAll({}) << everything << QString();
    QTest::newRow("any of two") << PyroStorageFilter::metadataAny({u"tag:a"_s, u"tag:b"_s}) << names({u"a.one", u"a.two", u"ab", u"b.a.one"}) << QString();
    QTest::newRow("any of class:one") << PyroStorageFilter::metadataAny({u"class:one"_s}) << names({u"a.one", u"b.a.one"}) << QString();
    QTest::newRow("any with unknown") << PyroStorageFilter::metadataAny({u"nope"_s, u"tag:b"_s}) << names({u"ab", u"b.a.one"}) << QString();
    QTest::newRow("any unicode") << PyroStorageFilter::metadataAny({u"tag:ü"_s}) << names({u"ünï.1"}) << QString();
    QTest::newRow("any of empty set") << PyroStorageFilter::metadataAny({}) << QStringList() << QString();
}

void tst_PyroStorage::list()
{
    QFETCH(PyroStorageFilter, filter);
    QFETCH(QStringList, expected);
    QFETCH(QString, error);
    storeFixture();
    const PyroStorageEntries all = fixture();
    for (PyroStorage::Detail detail : {PyroStorage::Detail::WithMetadata, PyroStorage::Detail::UriOnly}) {
        PyroError listError;
        PyroStorageEntries entries{{u"stale"_s, {}}};
        const bool ok = m_storage->list(filter, detail, &entries, &listError);
        if (!error.isEmpty()) {
            QVERIFY(!ok);
            QCOMPARE(listError.code(), PyroError::Code::NamingError);
            QVERIFY2(listError.message().startsWith(error), qPrintable(listError.message()));
            continue;
        }
        QVERIFY2(ok, qPrintable(listError.toString()));
        QCOMPARE(entries.keys(), expected);
        for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
            QCOMPARE(it->uri, all.value(it.key()).uri);
            if (detail == PyroStorage::Detail::WithMetadata)
                QCOMPARE(it->metadata, all.value(it.key()).metadata);
        }
    }
}

void tst_PyroStorage::listUriOnly()
{
    storeFixture();
    PyroError error;
    PyroStorageEntries entries;
    QVERIFY(m_storage->list(PyroStorageFilter::all(), PyroStorage::Detail::UriOnly, &entries, &error));
    QCOMPARE(entries.size(), fixture().size());
    for (const PyroStorageEntry &entry : std::as_const(entries))
        QVERIFY(entry.metadata.isEmpty());
}

void tst_PyroStorage::setMetadata()
{
    storeFixture();
    PyroError error;
    QVERIFY2(m_storage->setMetadata(u"a.two"_s, {u"new"_s, u"tag:b"_s}, &error), qPrintable(error.toString()));
    PyroStorageEntry back;
    QVERIFY(m_storage->lookup(u"a.two"_s, &back, &error));
    QCOMPARE(back, (PyroStorageEntry{u"PYRO:a2@host:2"_s, {u"new"_s, u"tag:b"_s}}));
    PyroStorageEntries tagged;
    QVERIFY(m_storage->list(PyroStorageFilter::metadataAll({u"tag:b"_s}), PyroStorage::Detail::UriOnly, &tagged, &error));
    QCOMPARE(tagged.keys(), (QStringList{u"a.two"_s, u"ab"_s, u"b.a.one"_s}));

    QVERIFY(m_storage->setMetadata(u"a.two"_s, {}, &error));
    QVERIFY(m_storage->lookup(u"a.two"_s, &back, &error));
    QCOMPARE(back, (PyroStorageEntry{u"PYRO:a2@host:2"_s, {}}));

    QVERIFY(m_storage->setMetadata(u"A.upper"_s, {u"first"_s}, &error));
    QVERIFY(m_storage->lookup(u"A.upper"_s, &back, &error));
    QCOMPARE(back.metadata, Tags{u"first"_s});

    QVERIFY(!m_storage->setMetadata(u"missing"_s, {u"x"_s}, &error));
    QCOMPARE(error.code(), PyroError::Code::NamingError);
    QCOMPARE(error.message(), u"unknown name: missing"_s);
    QVERIFY(!m_storage->lookup(u"missing"_s, nullptr, nullptr));
    QCOMPARE(m_storage->count(nullptr), fixture().size());
}

void tst_PyroStorage::countAndClear()
{
    PyroError error;
    for (int i = 0; i < 25; ++i)
        QVERIFY(m_storage->store(u"n%1"_s.arg(i), {u"PYRO:o@h:%1"_s.arg(i + 1), {u"t"_s}},
                                 PyroStorage::StoreMode::Replace, &error));
    QCOMPARE(m_storage->count(&error), 25);
    QVERIFY(m_storage->store(u"n3"_s, {u"PYRO:again@h:1"_s, {}}, PyroStorage::StoreMode::Replace, &error));
    QCOMPARE(m_storage->count(&error), 25);
    QVERIFY2(m_storage->clear(&error), qPrintable(error.toString()));
    QCOMPARE(m_storage->count(&error), 0);
    PyroStorageEntries entries;
    QVERIFY(m_storage->list(PyroStorageFilter::metadataAny({u"t"_s}), PyroStorage::Detail::UriOnly, &entries, &error));
    QVERIFY(entries.isEmpty());
    // Usable after clearing.
    QVERIFY(m_storage->store(u"n1"_s, {u"PYRO:o@h:1"_s, {u"t"_s}}, PyroStorage::StoreMode::FailIfExists, &error));
    QCOMPARE(m_storage->count(&error), 1);
}

void tst_PyroStorage::persistence()
{
    storeFixture();
    PyroError error;
    m_storage->close();
    m_storage.reset();
    std::unique_ptr<PyroStorage> reopened = PyroStorage::create(m_spec, &error);
    QVERIFY2(reopened, qPrintable(error.toString()));
    PyroStorageEntries entries;
    QVERIFY(reopened->list(PyroStorageFilter::all(), PyroStorage::Detail::WithMetadata, &entries, &error));
    if (m_backend == u"memory"_s) {
        // Volatile by design: a new memory storage starts empty.
        QVERIFY(entries.isEmpty());
        QCOMPARE(reopened->count(&error), 0);
    } else {
        QCOMPARE(entries, fixture());
        QCOMPARE(reopened->count(&error), fixture().size());
    }
}

void tst_PyroStorage::twoStorages()
{
    PyroError error;
    // For SQLite the second one names the same file by URL.
    const QString secondSpec = m_backend == u"sqlite"_s
            ? u"sql:sqlite://"_s + m_spec.mid(4) + u"?QSQLITE_BUSY_TIMEOUT=20000"_s
            : m_spec;
    std::unique_ptr<PyroStorage> second = PyroStorage::create(secondSpec, &error);
    QVERIFY2(second, qPrintable(error.toString()));
    const bool shared = m_backend != u"memory"_s;

    QVERIFY(m_storage->store(u"from.first"_s, {u"PYRO:f@h:1"_s, {u"a"_s}}, PyroStorage::StoreMode::Replace, &error));
    PyroStorageEntry back;
    QCOMPARE(second->lookup(u"from.first"_s, &back, &error), shared);
    if (shared)
        QCOMPARE(back, (PyroStorageEntry{u"PYRO:f@h:1"_s, {u"a"_s}}));

    QVERIFY(second->store(u"from.second"_s, {u"PYRO:s@h:2"_s, {u"b"_s}}, PyroStorage::StoreMode::Replace, &error));
    QCOMPARE(m_storage->count(&error), shared ? 2 : 1);
    PyroStorageEntries entries;
    QVERIFY(m_storage->list(PyroStorageFilter::prefix(u"from."_s), PyroStorage::Detail::WithMetadata, &entries, &error));
    QCOMPARE(entries.size(), shared ? 2 : 1);

    if (!shared)
        return;   // the rest is about one registry seen through two connections
    // A safe registration sees the other storage's entry.
    QVERIFY(!second->store(u"from.first"_s, {u"PYRO:x@h:3"_s, {}}, PyroStorage::StoreMode::FailIfExists, &error));
    QCOMPARE(error.message(), u"name already registered: from.first"_s);
    QVERIFY(second->setMetadata(u"from.first"_s, {u"changed"_s}, &error));
    QVERIFY(m_storage->lookup(u"from.first"_s, &back, &error));
    QCOMPARE(back.metadata, Tags{u"changed"_s});
    QCOMPARE(m_storage->remove(u"from.second"_s, &error), 1);
    QVERIFY(!second->lookup(u"from.second"_s, nullptr, nullptr));
    QCOMPARE(second->count(&error), 1);
}

void tst_PyroStorage::concurrentThreads()
{
    // Writers 1..3 share m_storage (one connection per thread); 4 and 5 open their own
    // storage (memory ones would be separate registries, so they share there too).
    const QList<int> writers{1, 2, 3, 4, 5};
    const bool ownStorage = m_backend != u"memory"_s;
    QList<Writers::Outcome> outcomes(writers.size());
    QList<QThread *> threads;
    for (qsizetype k = 0; k < writers.size(); ++k) {
        const int writer = writers.at(k);
        PyroStorage *shared = m_storage.get();
        const QString spec = m_spec;
        threads.append(QThread::create([&outcomes, k, writer, shared, spec, ownStorage] {
            if (ownStorage && writer > 3) {
                PyroError error;
                std::unique_ptr<PyroStorage> storage = PyroStorage::create(spec, &error);
                if (!storage) {
                    outcomes[k].error = error.toString();
                    return;
                }
                outcomes[k] = Writers::write(storage.get(), writer);
            } else {
                outcomes[k] = Writers::write(shared, writer);
            }
        }));
    }
    for (QThread *thread : std::as_const(threads))
        thread->start();
    int wins = 0;
    for (qsizetype k = 0; k < threads.size(); ++k) {
        QVERIFY(threads.at(k)->wait(QDeadlineTimer(240000)));
        delete threads.at(k);
    }
    for (const Writers::Outcome &outcome : std::as_const(outcomes)) {
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        wins += outcome.raceWins;
    }
    const QString problem = Writers::verify(m_storage.get(), writers, wins);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_PyroStorage::concurrentProcesses()
{
    if (m_backend == u"memory"_s)
        QSKIP("memory storage lives inside one process");
    const QList<int> writers{1, 2, 3, 4};
    std::vector<std::unique_ptr<QProcess>> processes;
    for (int writer : writers) {
        auto process = std::make_unique<QProcess>();
        process->start(QCoreApplication::applicationFilePath(),
                       {u"--storage-writer"_s, m_spec, QString::number(writer)});
        processes.push_back(std::move(process));
    }
    // A writer in this process at the same time.
    const Writers::Outcome local = Writers::write(m_storage.get(), 5);
    QVERIFY2(local.error.isEmpty(), qPrintable(local.error));
    int wins = local.raceWins;
    for (auto &process : processes) {
        QVERIFY2(process->waitForFinished(240000), "a writer process did not finish");
        const QString out = QString::fromLocal8Bit(process->readAllStandardOutput());
        const QString err = QString::fromLocal8Bit(process->readAllStandardError());
        QVERIFY2(process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0,
                 qPrintable(u"writer failed: "_s + err + out));
        const QRegularExpressionMatch m = QRegularExpression(u"wins (\\d+)"_s).match(out);
        QVERIFY2(m.hasMatch(), qPrintable(out));
        wins += m.captured(1).toInt();
    }
    const QString problem = Writers::verify(m_storage.get(), writers + QList<int>{5}, wins);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void tst_PyroStorage::closed()
{
    PyroError error;
    QVERIFY(m_storage->store(u"n"_s, {u"PYRO:o@h:1"_s, {}}, PyroStorage::StoreMode::Replace, &error));
    // A thread that used the storage and is still alive when it closes (a pool thread):
    // closing from here must release that thread's connection quietly.
    QThreadPool pool;
    bool seen = false;
    pool.start([&] { seen = m_storage->lookup(u"n"_s, nullptr, nullptr); });
    QVERIFY(pool.waitForDone(60000));
    QVERIFY(seen);
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    m_storage->close();
    m_storage->close();
    QVERIFY(!m_storage->lookup(u"n"_s, nullptr, &error));
    QCOMPARE(error.code(), PyroError::Code::NamingError);
    QCOMPARE(error.message(), u"storage is closed"_s);
    error = PyroError();
    QVERIFY(!m_storage->store(u"m"_s, {u"PYRO:o@h:1"_s, {}}, PyroStorage::StoreMode::Replace, &error));
    QCOMPARE(error.code(), PyroError::Code::NamingError);
    QCOMPARE(m_storage->count(&error), -1);
    QCOMPARE(m_storage->remove(u"n"_s, &error), -1);
    QVERIFY(!m_storage->clear(&error));
}

void tst_PyroStorage::description()
{
    const QString description = m_storage->description();
    if (m_backend == u"memory"_s) {
        QCOMPARE(description, u"memory"_s);
    } else if (m_backend == u"sqlite"_s) {
        QCOMPARE(description, m_spec);
    } else {
        QVERIFY2(description.startsWith(u"sql:postgresql://postgres@/pyronames?host="_s),
                 qPrintable(description));
        QVERIFY(m_spec.contains(u"not-shown"_s));
        QVERIFY(!description.contains(u"not-shown"_s));
    }
}

// The registry outlives a restart of the database server, and an open storage
// reconnects by itself.
void tst_PyroStorage::serverRestart()
{
    if (m_backend != u"postgresql"_s)
        QSKIP("only the postgresql backend has a server to restart");
    storeFixture();
    const QString failure = m_postgres->restart();
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    PyroError error;
    PyroStorageEntry back;
    QVERIFY2(m_storage->lookup(u"a.one"_s, &back, &error), qPrintable(error.toString()));
    QCOMPARE(back, fixture().value(u"a.one"_s));
    QCOMPARE(m_storage->count(&error), fixture().size());

    QVERIFY(m_postgres->restart().isEmpty());
    // A write as the first call after the restart.
    QVERIFY2(m_storage->store(u"after.restart"_s, {u"PYRO:r@h:1"_s, {u"r"_s}},
                              PyroStorage::StoreMode::FailIfExists, &error),
             qPrintable(error.toString()));
    QCOMPARE(m_storage->count(&error), fixture().size() + 1);
}

void tst_PyroStorage::createErrors_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("hidePlugins");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown type") << u"bogus"_s << false << u"invalid storage type 'bogus'"_s;
    QTest::newRow("sql without file") << u"sql:"_s << false << u"invalid storage type 'sql:'"_s;
    QTest::newRow("unknown scheme") << u"nosuch:x"_s << false
                                    << u"storage 'nosuch' is not available: a storage plugin for scheme \"nosuch\" was not found in "_s;
    QTest::newRow("sql plugin missing") << u"sql:/tmp/x.sqlite"_s << true
                                        << u"storage 'sql' is not available: the sql storage plugin (qtpyro_sqlstorage) was not found in "_s;
    QTest::newRow("sqlite memory") << u"sql::memory:"_s << false << u"the sql storage needs an SQLite file"_s;
    QTest::newRow("sqlite url with host") << u"sql:sqlite://host/x.sqlite"_s << false
                                          << u"the SQLite file goes in the URL's path"_s;
    QTest::newRow("bad journal mode") << u"sql:sqlite:///tmp/x.sqlite?journal_mode=wal;drop"_s << false
                                      << u"invalid journal_mode"_s;
    QTest::newRow("bad port") << u"sql:postgresql://u@/db?port=abc"_s << false << u"invalid port 'abc'"_s;
    QTest::newRow("unopenable file") << u"sql:/nonexistent-dir/x/names.sqlite"_s << false
                                     << u"sql storage: cannot open sql:/nonexistent-dir/x/names.sqlite"_s;
}

void tst_PyroStorage::createErrors()
{
    QFETCH(QString, spec);
    QFETCH(bool, hidePlugins);
    QFETCH(QString, message);
    const QByteArray oldPath = qgetenv("QTPYRO_PLUGIN_PATH");
    if (hidePlugins) {
        qputenv("QTPYRO_IGNORE_BUILD_PLUGINS", "1");
        qputenv("QTPYRO_PLUGIN_PATH", QFile::encodeName(m_tmp.path()));
    }
    PyroError error;
    std::unique_ptr<PyroStorage> storage = PyroStorage::create(spec, &error);
    if (hidePlugins) {
        qunsetenv("QTPYRO_IGNORE_BUILD_PLUGINS");
        qputenv("QTPYRO_PLUGIN_PATH", oldPath);
    }
    QVERIFY(!storage);
    QCOMPARE(error.code(), PyroError::Code::NamingError);
    QVERIFY2(error.message().startsWith(message), qPrintable(error.message()));
    if (hidePlugins)
        QVERIFY2(error.message().contains(m_tmp.path()), qPrintable(error.message()));
}

// The same SQLite file used by Python's Pyro5 SqlStorage and by ours, both ways.
void tst_PyroStorage::sharedWithPythonPyro5()
{
    if (m_backend != u"sqlite"_s)
        QSKIP("about the SQLite file format only");
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set: no Python Pyro5 to share the file with");

    storeFixture();
    const QString file = m_spec.mid(4);
    // Python reads what we wrote, then writes its own entries.
    const QString code = uR"(
import json, sys
from Pyro5.nameserver import SqlStorage
s = SqlStorage(sys.argv[1])
print(json.dumps({n: [u, sorted(m)] for n, (u, m) in s.everything(return_metadata=True).items()}))
s["py.one"] = ("PYRO:py1@pyhost:1", {"py:a", "py:b"})
s["py.two"] = ("PYRO:py2@pyhost:2", None)
s["a.one"] = ("PYRO:replaced@pyhost:3", {"py:c"})
del s["ab"]
s.close()
)"_s;
    const PyroToolRun run = runTool(PyroTestProcess::python(), {u"-c"_s, code, file},
                                    PyroTestProcess::pythonEnvironment());
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    const QJsonObject seen = QJsonDocument::fromJson(run.out.toUtf8()).object();
    const PyroStorageEntries expected = fixture();
    QCOMPARE(seen.size(), expected.size());
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const QJsonArray pair = seen.value(it.key()).toArray();
        QCOMPARE(pair.at(0).toString(), it->uri);
        Tags tags;
        for (const QJsonValue &tag : pair.at(1).toArray())
            tags.insert(tag.toString());
        QCOMPARE(tags, it->metadata);
    }

    PyroError error;
    PyroStorageEntry back;
    QVERIFY2(m_storage->lookup(u"py.one"_s, &back, &error), qPrintable(error.toString()));
    QCOMPARE(back, (PyroStorageEntry{u"PYRO:py1@pyhost:1"_s, {u"py:a"_s, u"py:b"_s}}));
    QVERIFY(m_storage->lookup(u"py.two"_s, &back, &error));
    QCOMPARE(back, (PyroStorageEntry{u"PYRO:py2@pyhost:2"_s, {}}));
    QVERIFY(m_storage->lookup(u"a.one"_s, &back, &error));
    QCOMPARE(back, (PyroStorageEntry{u"PYRO:replaced@pyhost:3"_s, {u"py:c"_s}}));
    QVERIFY(!m_storage->lookup(u"ab"_s, nullptr, nullptr));
    QCOMPARE(m_storage->count(&error), expected.size() + 1);
    PyroStorageEntries tagged;
    QVERIFY(m_storage->list(PyroStorageFilter::metadataAll({u"py:a"_s, u"py:b"_s}), PyroStorage::Detail::UriOnly, &tagged, &error));
    QCOMPARE(tagged.keys(), QStringList{u"py.one"_s});

    // A Python name server and ours writing the same file at the same time.
    const QString writer = uR"(
import sys
from Pyro5.nameserver import SqlStorage
s = SqlStorage(sys.argv[1])
for i in range(60):
    s["py.%03d" % i] = ("PYRO:py%d@pyhost:1" % i, {"py", "n:%d" % i})
    s["both"] = ("PYRO:py@pyhost:%d" % (i + 1), {"py"})
    if i == 0:
        print("started", flush=True)
print("done")
)"_s;
    PyroTestProcess python;
    QVERIFY2(!python.startPython(writer, {file}, QRegularExpression(u"(started)"_s)).isEmpty(),
             qPrintable(python.errorString()));
    for (int i = 0; i < 60; ++i) {
        QVERIFY2(m_storage->store(u"qt.%1"_s.arg(i), {u"PYRO:qt%1@qthost:1"_s.arg(i), {u"qt"_s}},
                                  PyroStorage::StoreMode::Replace, &error),
                 qPrintable(error.toString()));
        QVERIFY2(m_storage->store(u"both"_s, {u"PYRO:qt@qthost:%1"_s.arg(i + 1), {u"qt"_s}},
                                  PyroStorage::StoreMode::Replace, &error),
                 qPrintable(error.toString()));
    }
    QCOMPARE(python.waitForExit(60000), 0);
    QVERIFY2(python.output().contains(u"done"_s), qPrintable(python.output()));
    QVERIFY(m_storage->list(PyroStorageFilter::metadataAny({u"py"_s}), PyroStorage::Detail::UriOnly, &tagged, &error));
    const qsizetype pyCount = tagged.size();
    QVERIFY(m_storage->list(PyroStorageFilter::metadataAny({u"qt"_s}), PyroStorage::Detail::UriOnly, &tagged, &error));
    QCOMPARE(pyCount + tagged.size(), 121);   // 60 + 60 + "both", which one of them wrote last
    QVERIFY(m_storage->lookup(u"both"_s, &back, &error));
    QCOMPARE(back.metadata, Tags{back.uri.contains(u"pyhost"_s) ? u"py"_s : u"qt"_s});
    QCOMPARE(m_storage->count(&error), expected.size() + 1 + 121);
}

// A file that Python's Pyro5 created (its schema, no index of ours yet) opens here.
void tst_PyroStorage::openPythonCreatedFile()
{
    if (m_backend != u"sqlite"_s)
        QSKIP("about the SQLite file format only");
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set: no Python Pyro5 to create the file");
    const QString file = m_tmp.filePath(u"python-made.sqlite"_s);
    QFile::remove(file);
    const QString code = uR"(
import sys
from Pyro5.nameserver import SqlStorage
s = SqlStorage(sys.argv[1])
s["Pyro.NameServer"] = ("PYRO:Pyro.NameServer@localhost:9090", {"class:Pyro5.nameserver.NameServer"})
s["example.greeting"] = ("PYRO:obj_abc@localhost:50000", None)
s.close()
)"_s;
    const PyroToolRun run = runTool(PyroTestProcess::python(), {u"-c"_s, code, file},
                                    PyroTestProcess::pythonEnvironment());
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    PyroError error;
    std::unique_ptr<PyroStorage> storage = PyroStorage::create(u"sql:sqlite://"_s + file, &error);
    QVERIFY2(storage, qPrintable(error.toString()));
    PyroStorageEntries entries;
    QVERIFY(storage->list(PyroStorageFilter::all(), PyroStorage::Detail::WithMetadata, &entries, &error));
    QCOMPARE(entries, (PyroStorageEntries{
            {u"Pyro.NameServer"_s, {u"PYRO:Pyro.NameServer@localhost:9090"_s, {u"class:Pyro5.nameserver.NameServer"_s}}},
            {u"example.greeting"_s, {u"PYRO:obj_abc@localhost:50000"_s, {}}}}));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], "--storage-writer") == 0)
        return Writers::runAsChild(app.arguments());
    tst_PyroStorage test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_pyrostorage.moc"
