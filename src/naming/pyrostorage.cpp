// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrostorage.h"

#include "pyromemorystorage_p.h"
#include "pyroplugins_p.h"
#include "pyropythonregex_p.h"

#include <QtCore/QDebug>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>

using namespace Qt::StringLiterals;

PyroStorage::~PyroStorage() = default;

PyroStoragePlugin::~PyroStoragePlugin() = default;

static QString pluginNameForScheme(const QString &scheme)
{
    if (scheme == u"sql"_s)
        return u"the sql storage plugin (qtpyro_sqlstorage)"_s;
    return u"a storage plugin for scheme \"%1\""_s.arg(scheme);
}

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
    const PyroPythonRegex::Result translated = PyroPythonRegex::translate(pattern);
    QString errorText;
    f.m_regex = pythonRegex(pattern, &errorText);
    if (translated.overflow)   // Python's re raises OverflowError here, not re.error
        f.m_error = PyroError::exception(u"builtins.OverflowError"_s, translated.error);
    else if (!f.m_regex.isValid())
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

bool PyroStorageFilter::matchesName(const QString &name, PyroError *error) const
{
    if (m_kind != Kind::Regex)
        return matchesName(name);
    if (!m_regex.isValid()) {
        if (error)
            *error = m_error;
        return false;
    }
    const QRegularExpressionMatch match = m_regex.match(name, 0, QRegularExpression::NormalMatch,
                                                        QRegularExpression::AnchorAtOffsetMatchOption);
    // QRegularExpressionMatch is invalid when PCRE2 stopped with an error, here its match
    // limit: neither a match nor a non-match.
    if (!match.isValid()) {
        if (error)
            *error = PyroError(PyroError::Code::NamingError,
                               u"regex too complex: matching gave up on name '%1' (match limit of %2 steps)"_s
                                   .arg(name.left(100)).arg(RegexMatchLimit));
        return false;
    }
    return match.hasMatch();
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

// Python's syntax rewritten for PCRE2 by PyroPythonRegex::translate(). Only the start is
// anchored (callers match with AnchorAtOffsetMatchOption), as re.match does.
QRegularExpression PyroStorageFilter::pythonRegex(const QString &pattern, QString *errorText)
{
    const PyroPythonRegex::Result translated = PyroPythonRegex::translate(pattern);
    if (!translated.ok()) {
        if (errorText)
            *errorText = translated.error;
        return QRegularExpression(u"("_s);   // invalid on purpose
    }
    // PCRE2 lets a pattern lower its own match limit; the translation never passes "(*"
    // through, so only this prefix sets it.
    const QString limit = u"(*LIMIT_MATCH=%1)"_s.arg(RegexMatchLimit);
    QRegularExpression re(limit + translated.pcre, QRegularExpression::UseUnicodePropertiesOption);
    if (!re.isValid() && errorText) {
        // What PCRE2 refuses and Python does not (a repeat count over 65535, a lookbehind
        // PCRE2 cannot bound): PCRE2's words.
        *errorText = re.errorString();
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
