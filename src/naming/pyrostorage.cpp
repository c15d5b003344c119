// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrostorage.h"

#include "pyromemorystorage_p.h"
#include "pyroplugins_p.h"

#include <QtCore/QDebug>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>

using namespace Qt::StringLiterals;

/*!
    \class PyroStorage
    \brief Where a name server keeps its registrations (name -> URI string + metadata tags).

    Create one with PyroStorage::create(spec); the spec takes Pyro5's \c{-s} option values:

    \list
    \li \c memory (the default, also an empty spec): built in, volatile, per process.
    \li \c{sql:FILE}: an SQLite file with the table layout of Pyro5's SqlStorage, so a
        Python name server and a QtPyro one can take turns on the same file.
    \li \c{sql:URL}: any QtSql driver by URL, e.g. \c{sql:sqlite:///var/lib/pyro/ns.sqlite},
        \c{sql:postgresql://user:password@host:5432/dbname} or
        \c{sql:postgresql://user@/dbname?host=/run/postgresql} (Unix socket directory);
        several name servers may share one database.
    \endlist

    Schemes other than \c memory come from storage plugins (PyroStoragePlugin), found
    like the serializer plugins: QTPYRO_PLUGIN_PATH, the build tree, \c pyro/ below Qt's
    library paths, the install location.

    A storage is used from any thread; implementations lock (memory) or keep one
    database connection per thread (sql). Errors are returned as PyroError with code
    NamingError, the way Pyro5's storages raise NamingError.
*/

PyroStorage::~PyroStorage() = default;

PyroStoragePlugin::~PyroStoragePlugin() = default;

static QString pluginNameForScheme(const QString &scheme)
{
    if (scheme == u"sql"_s)
        return u"the sql storage plugin (qtpyro_sqlstorage)"_s;
    return u"a storage plugin for scheme \"%1\""_s.arg(scheme);
}

/*!
    Opens the storage that \a spec names, the way \c{pyro-ns -s SPEC} does:

    \code
    PyroError error;
    auto storage = PyroStorage::create(u"sql:/var/lib/pyro/names.sqlite"_s, &error);
    if (!storage)
        qCritical() << error.message();   // e.g. the plugin or the QtSql driver is missing
    \endcode

    Returns nullptr and sets \a error (NamingError) when the spec is invalid, no plugin
    serves its scheme (the message names the plugin and the directories searched), or the
    plugin cannot open the store. The caller owns the storage; it is usable from any
    thread, and close() (or the destructor) must not run while another thread is still
    inside one of its calls.
*/
std::unique_ptr<PyroStorage> PyroStorage::create(const QString &spec, PyroError *error)
{
    const QString trimmed = spec.trimmed();
    if (trimmed.isEmpty() || trimmed == u"memory"_s)
        return std::make_unique<PyroMemoryStorage>();

    const qsizetype colon = trimmed.indexOf(u':');
    // Pyro5 rejects "sql:" without a file the same way as an unknown type.
    if (colon <= 0 || colon == trimmed.size() - 1) {
        if (error)
            *error = PyroError(PyroError::Code::NamingError,
                               u"invalid storage type '%1'"_s.arg(spec));
        return nullptr;
    }
    const QString scheme = trimmed.left(colon).toLower();

    QString searched;
    QObject *instance = PyroPlugins::load(
        PyroStoragePlugin_iid,
        [&](const QJsonObject &meta) {
            const QJsonArray schemes = meta.value(u"schemes"_s).toArray();
            for (const QJsonValue &value : schemes) {
                if (value.toString().compare(scheme, Qt::CaseInsensitive) == 0)
                    return true;
            }
            return false;
        },
        &searched);
    auto *plugin = qobject_cast<PyroStoragePlugin *>(instance);
    if (!plugin) {
        if (error)
            *error = PyroError(PyroError::Code::NamingError,
                               u"storage '%1' is not available: %2 was not found in %3"_s
                                   .arg(scheme, pluginNameForScheme(scheme), searched));
        return nullptr;
    }
    PyroError pluginError;
    std::unique_ptr<PyroStorage> storage = plugin->create(trimmed, &pluginError);
    if (!storage && error) {
        *error = pluginError.isError()
                ? pluginError
                : PyroError(PyroError::Code::NamingError,
                            u"storage '%1' could not be opened"_s.arg(scheme));
    }
    return storage;
}

// ---- filters ----

PyroStorageFilter PyroStorageFilter::prefix(const QString &prefix)
{
    PyroStorageFilter f;
    f.m_kind = Kind::Prefix;
    f.m_text = prefix;
    return f;
}

PyroStorageFilter PyroStorageFilter::regex(const QString &pattern)
{
    PyroStorageFilter f;
    f.m_kind = Kind::Regex;
    f.m_text = pattern;
    QString errorText;
    f.m_regex = pythonRegex(pattern, &errorText);
    if (!f.m_regex.isValid())
        f.m_error = PyroError(PyroError::Code::NamingError, u"invalid regex: "_s + errorText);
    return f;
}

PyroStorageFilter PyroStorageFilter::metadataAll(const QSet<QString> &tags)
{
    PyroStorageFilter f;
    f.m_kind = Kind::MetadataAll;
    f.m_tags = tags;
    return f;
}

PyroStorageFilter PyroStorageFilter::metadataAny(const QSet<QString> &tags)
{
    PyroStorageFilter f;
    f.m_kind = Kind::MetadataAny;
    f.m_tags = tags;
    return f;
}

bool PyroStorageFilter::matchesName(const QString &name) const
{
    switch (m_kind) {
    case Kind::Prefix:
        return name.startsWith(m_text);
    case Kind::Regex:
        return m_regex.isValid()
                && m_regex.match(name, 0, QRegularExpression::NormalMatch,
                                 QRegularExpression::AnchorAtOffsetMatchOption).hasMatch();
    default:
        return true;
    }
}

bool PyroStorageFilter::matchesMetadata(const QSet<QString> &metadata) const
{
    switch (m_kind) {
    case Kind::MetadataAll:
        for (const QString &tag : m_tags) {
            if (!metadata.contains(tag))
                return false;
        }
        return true;
    case Kind::MetadataAny:
        return m_tags.intersects(metadata);
    default:
        return true;
    }
}

static bool isHex(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

static bool allHex(QStringView text)
{
    for (QChar c : text) {
        if (!isHex(c))
            return false;
    }
    return true;
}

/*!
    Compiles \a pattern, written for Python's \c re module, for matching from the start
    of a name (the caller uses AnchorAtOffsetMatchOption; the end is not anchored, exactly
    like \c{re.match}).

    PCRE2 (behind QRegularExpression) reads nearly all of Python's syntax the same way,
    including \c{(?P<name>...)}, \c{(?P=name)}, lookarounds, atomic groups and possessive
    quantifiers; \\d, \\w, \\s and \\b are Unicode-aware as in Python 3. These Python
    spellings are rewritten first: \c{\Z} (end of string, PCRE's \c{\z}), \c{\uXXXX} and
    \c{\UXXXXXXXX} (PCRE's \c{\x{...}}), and \c{{,n}} (Python's "0 to n"; PCRE2 10.42 reads
    it as literal text).

    Remaining differences: \c{\N{NAME}}, the \c{(?a)}, \c{(?L)} and \c{(?u)} flags are errors
    here; some patterns Python rejects compile here (e.g. \c{(?<name>...)}, unknown
    escapes of punctuation), and error messages are PCRE2's.
*/
QRegularExpression PyroStorageFilter::pythonRegex(const QString &pattern, QString *errorText)
{
    QString translated;
    translated.reserve(pattern.size() + 8);
    bool inClass = false;
    qsizetype classStart = -1;   // index of the first character inside the current class
    const qsizetype n = pattern.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = pattern.at(i);
        if (c == u'\\' && i + 1 < n) {
            const QChar next = pattern.at(i + 1);
            if (next == u'Z' && !inClass) {
                translated += u"\\z"_s;
                ++i;
                continue;
            }
            if (next == u'u' && i + 6 <= n && allHex(QStringView(pattern).mid(i + 2, 4))) {
                translated += u"\\x{"_s;
                translated += QStringView(pattern).mid(i + 2, 4);
                translated += u'}';
                i += 5;
                continue;
            }
            if (next == u'U' && i + 10 <= n && allHex(QStringView(pattern).mid(i + 2, 8))) {
                translated += u"\\x{"_s;
                translated += QStringView(pattern).mid(i + 2, 8);
                translated += u'}';
                i += 9;
                continue;
            }
            translated += c;
            translated += next;
            ++i;
            continue;
        }
        if (inClass) {
            // "[]" and "[^]" start with a literal ']' in both dialects.
            if (c == u']' && i != classStart)
                inClass = false;
            translated += c;
            continue;
        }
        if (c == u'[') {
            inClass = true;
            classStart = i + 1;
            if (classStart < n && pattern.at(classStart) == u'^')
                ++classStart;
            translated += c;
            continue;
        }
        if (c == u'{' && i + 1 < n && pattern.at(i + 1) == u',') {
            qsizetype j = i + 2;
            while (j < n && pattern.at(j).isDigit())
                ++j;
            if (j > i + 2 && j < n && pattern.at(j) == u'}') {
                translated += u"{0"_s;
                continue;   // the ",n}" follows as plain text
            }
        }
        translated += c;
    }

    QRegularExpression re(translated, QRegularExpression::UseUnicodePropertiesOption);
    if (!re.isValid() && errorText) {
        *errorText = u"%1 at position %2"_s.arg(re.errorString())
                             .arg(re.patternErrorOffset());
    }
    return re;
}

QDebug operator<<(QDebug debug, const PyroStorageEntry &entry)
{
    QDebugStateSaver saver(debug);
    QStringList tags(entry.metadata.cbegin(), entry.metadata.cend());
    tags.sort();
    debug.nospace() << "PyroStorageEntry(" << entry.uri << ", " << tags << ')';
    return debug;
}
