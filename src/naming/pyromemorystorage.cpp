// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyromemorystorage_p.h"

using namespace Qt::StringLiterals;

PyroMemoryStorage::PyroMemoryStorage() = default;

PyroMemoryStorage::~PyroMemoryStorage()
{
    close();
}

QString PyroMemoryStorage::description() const
{
    return u"memory"_s;
}

// Called with the lock held.
bool PyroMemoryStorage::checkOpen(PyroError *error) const
{
    if (!m_closed)
        return true;
    if (error)
        *error = PyroError(PyroError::Code::NamingError, u"storage is closed"_s);
    return false;
}

bool PyroMemoryStorage::lookup(const QString &name, PyroStorageEntry *entry, PyroError *error)
{
    QReadLocker locker(&m_lock);
    if (!checkOpen(error))
        return false;
    const auto it = m_entries.constFind(name);
    if (it == m_entries.cend()) {
        if (error)
            *error = PyroError(PyroError::Code::NamingError, u"unknown name: "_s + name);
        return false;
    }
    if (entry)
        *entry = *it;
    return true;
}

bool PyroMemoryStorage::store(const QString &name, const PyroStorageEntry &entry, StoreMode mode,
                              PyroError *error)
{
    QWriteLocker locker(&m_lock);
    if (!checkOpen(error))
        return false;
    if (mode == StoreMode::FailIfExists && m_entries.contains(name)) {
        if (error)
            *error = PyroError(PyroError::Code::NamingError, u"name already registered: "_s + name);
        return false;
    }
    m_entries.insert(name, entry);
    return true;
}

bool PyroMemoryStorage::setMetadata(const QString &name, const QSet<QString> &metadata,
                                    PyroError *error)
{
    QWriteLocker locker(&m_lock);
    if (!checkOpen(error))
        return false;
    const auto it = m_entries.find(name);
    if (it == m_entries.end()) {
        if (error)
            *error = PyroError(PyroError::Code::NamingError, u"unknown name: "_s + name);
        return false;
    }
    it->metadata = metadata;
    return true;
}

int PyroMemoryStorage::remove(const QStringList &names, PyroError *error)
{
    QWriteLocker locker(&m_lock);
    if (!checkOpen(error))
        return -1;
    int removed = 0;
    for (const QString &name : names)
        removed += m_entries.remove(name) ? 1 : 0;
    return removed;
}

bool PyroMemoryStorage::list(const PyroStorageFilter &filter, Detail detail,
                             PyroStorageEntries *entries, PyroError *error)
{
    if (filter.error().isError()) {
        if (error)
            *error = filter.error();
        return false;
    }
    PyroStorageEntries result;
    {
        QReadLocker locker(&m_lock);
        if (!checkOpen(error))
            return false;
        for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
            PyroError matchError;
            if (!filter.matchesName(it.key(), &matchError)) {
                if (matchError.isError()) {
                    if (error)
                        *error = matchError;
                    return false;
                }
                continue;
            }
            if (!filter.matchesMetadata(it->metadata))
                continue;
            if (detail == Detail::WithMetadata)
                result.insert(it.key(), *it);
            else
                result.insert(it.key(), PyroStorageEntry{it->uri, {}});
        }
    }
    if (entries)
        *entries = std::move(result);
    return true;
}

qint64 PyroMemoryStorage::count(PyroError *error)
{
    QReadLocker locker(&m_lock);
    if (!checkOpen(error))
        return -1;
    return m_entries.size();
}

bool PyroMemoryStorage::clear(PyroError *error)
{
    QWriteLocker locker(&m_lock);
    if (!checkOpen(error))
        return false;
    m_entries.clear();
    return true;
}

void PyroMemoryStorage::close()
{
    QWriteLocker locker(&m_lock);
    m_closed = true;
    m_entries.clear();
}
