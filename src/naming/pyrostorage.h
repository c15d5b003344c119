// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

#include <QtCore/QMap>
#include <QtCore/QObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QtPlugin>

#include <memory>

/*
 * One registration of the name server: the URI as text (Pyro5 stores URIs as strings)
 * and the metadata tags. An entry registered without metadata has an empty set.
 */
struct QTPYRO_EXPORT PyroStorageEntry
{
    QString uri;
    QSet<QString> metadata;

    friend bool operator==(const PyroStorageEntry &a, const PyroStorageEntry &b)
    { return a.uri == b.uri && a.metadata == b.metadata; }
    friend bool operator!=(const PyroStorageEntry &a, const PyroStorageEntry &b)
    { return !(a == b); }
};

// name -> entry, sorted by name.
using PyroStorageEntries = QMap<QString, PyroStorageEntry>;

/*
 * Which registrations PyroStorage::list() returns: everything, the names starting with a
 * prefix, the names a Python regular expression matches (from the start, like re.match),
 * or the entries carrying all / any of a set of metadata tags.
 */
class QTPYRO_EXPORT PyroStorageFilter
{
public:
    enum class Kind { All, Prefix, Regex, MetadataAll, MetadataAny };

    PyroStorageFilter() = default;   // All
    static PyroStorageFilter all() { return PyroStorageFilter(); }
    static PyroStorageFilter prefix(const QString &prefix);
    static PyroStorageFilter regex(const QString &pattern);
    static PyroStorageFilter metadataAll(const QSet<QString> &tags);
    static PyroStorageFilter metadataAny(const QSet<QString> &tags);

    Kind kind() const { return m_kind; }
    QString text() const { return m_text; }          // the prefix or the regex pattern
    QSet<QString> tags() const { return m_tags; }

    // A regex filter whose pattern does not compile: NamingError("invalid regex: ...").
    // Every storage reports it from list() instead of returning entries.
    PyroError error() const { return m_error; }

    // The name test (prefix, regex; true for the other kinds).
    bool matchesName(const QString &name) const;
    // The same, but a regex match that PCRE2 gave up on (its match limit, see
    // RegexMatchLimit) is an error rather than "no match": false, with *error set to
    // NamingError. So remove(regex=...) never skips a name it could not decide on.
    bool matchesName(const QString &name, PyroError *error) const;
    // The backtracking steps one name may take (PCRE2's match limit, ~10 ms of work).
    static constexpr int RegexMatchLimit = 1000000;
    // The metadata test (all: tags is a subset of metadata, so an empty tag set matches
    // every entry; any: the sets intersect, so an empty tag set matches nothing; true for
    // the other kinds).
    bool matchesMetadata(const QSet<QString> &metadata) const;
    bool matches(const QString &name, const QSet<QString> &metadata) const
    { return matchesName(name) && matchesMetadata(metadata); }

    // Compiles a Python (re module) pattern for matching at the start of a name (Python's
    // syntax translated for PCRE2; docs/interop.md lists the mapping and what remains
    // different). A pattern Python refuses gives an invalid QRegularExpression and sets
    // errorText to Python's message.
    static QRegularExpression pythonRegex(const QString &pattern, QString *errorText = nullptr);

private:
    Kind m_kind = Kind::All;
    QString m_text;
    QSet<QString> m_tags;
    QRegularExpression m_regex;
    PyroError m_error;
};

/*
 * Where a name server keeps its registrations: the built-in "memory" storage or a plugin
 * such as "sql:FILE" / "sql:postgresql://…". Get one from create():
 *
 *   PyroError error;
 *   std::unique_ptr<PyroStorage> storage = PyroStorage::create(u"sql:names.sqlite"_s, &error);
 *   if (!storage)
 *       qFatal() << error;
 *   storage->store(u"example.echo"_s, {uri, {u"class:echo"_s}}, PyroStorage::StoreMode::Replace, &error);
 *
 * "sql:FILE" is an SQLite file in the table layout of Pyro5's SqlStorage, so a Python and
 * a QtPyro name server can take turns on it; "sql:URL" is any QtSql driver by URL, e.g.
 * "sql:postgresql://user:password@host:5432/dbname" or
 * "sql:postgresql://user@/dbname?host=/run/postgresql" (a Unix socket directory), which
 * several name servers may share.
 *
 * Every method is thread-safe and may be called from any thread. Failures come back as a
 * false / -1 return value plus a PyroError (NamingError), never as an exception.
 * The error pointer may be null.
 */
class QTPYRO_EXPORT PyroStorage
{
public:
    enum class StoreMode {
        Replace,        // register(safe=False): an existing entry is replaced
        FailIfExists,   // register(safe=True): NamingError("name already registered: <name>")
    };
    // Whether list() fills in PyroStorageEntry::metadata (cheaper without).
    enum class Detail { UriOnly, WithMetadata };

    virtual ~PyroStorage();

    // "memory" (also the empty spec; built in), or "<scheme>:…" served by the storage
    // plugin that lists <scheme> in its "schemes" metadata ("sql:FILE", "sql:<URL>").
    // Returns nullptr and sets error (NamingError) for an invalid spec or an unknown or
    // unavailable storage, naming the plugin and the directories that were searched. The
    // caller owns the storage.
    static std::unique_ptr<PyroStorage> create(const QString &spec, PyroError *error = nullptr);
    static QString defaultSpec() { return QStringLiteral("memory"); }

    // The spec this storage was created from (passwords removed), for log lines.
    virtual QString description() const = 0;

    // The entry for name. An unknown name returns false with
    // NamingError("unknown name: <name>").
    virtual bool lookup(const QString &name, PyroStorageEntry *entry, PyroError *error = nullptr) = 0;

    // Registers name atomically: even several processes storing the same name at once
    // leave exactly one of their entries (URI and metadata together).
    virtual bool store(const QString &name, const PyroStorageEntry &entry,
                       StoreMode mode = StoreMode::Replace, PyroError *error = nullptr) = 0;

    // Replaces the metadata of an existing registration; an unknown name returns false
    // with NamingError("unknown name: <name>").
    virtual bool setMetadata(const QString &name, const QSet<QString> &metadata,
                             PyroError *error = nullptr) = 0;

    // Removes these names (absent ones are ignored); returns how many were removed, or -1.
    virtual int remove(const QStringList &names, PyroError *error = nullptr) = 0;
    int remove(const QString &name, PyroError *error = nullptr)
    { return remove(QStringList{name}, error); }

    // The registrations the filter selects. An invalid regex filter returns false with
    // filter.error().
    virtual bool list(const PyroStorageFilter &filter, Detail detail, PyroStorageEntries *entries,
                      PyroError *error = nullptr) = 0;

    // Number of registrations, or -1.
    virtual qint64 count(PyroError *error = nullptr) = 0;

    // Removes every registration.
    virtual bool clear(PyroError *error = nullptr) = 0;

    // Releases files and connections; later calls fail with NamingError. Called by the
    // destructor of every storage; calling it twice is harmless. It (and the destructor)
    // must not run while another thread is inside a call.
    virtual void close() = 0;
};

/*
 * Storage plugins: a Qt plugin in a "pyro/" folder on the library paths, in the build
 * tree or in QTPYRO_PLUGIN_PATH, with metadata {"schemes": ["sql"]}. create() gets the
 * whole spec ("sql:names.sqlite") and reports a bad one through error.
 */
class QTPYRO_EXPORT PyroStoragePlugin : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~PyroStoragePlugin() override;
    virtual std::unique_ptr<PyroStorage> create(const QString &spec, PyroError *error) = 0;
};

#define PyroStoragePlugin_iid "org.qtpyro.PyroStoragePlugin/1.0"
Q_DECLARE_INTERFACE(PyroStoragePlugin, PyroStoragePlugin_iid)

QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroStorageEntry &entry);

Q_DECLARE_METATYPE(PyroStorageEntry)
Q_DECLARE_METATYPE(PyroStorageFilter)
