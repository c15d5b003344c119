// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrostorage.h"

#include <QtCore/QHash>
#include <QtCore/QReadWriteLock>

// The "memory" storage: a locked hash; volatile, per process (Pyro5's MemoryStorage).
class QTPYRO_PRIVATE_EXPORT PyroMemoryStorage final : public PyroStorage
{
public:
    PyroMemoryStorage();
    ~PyroMemoryStorage() override;

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

private:
    bool checkOpen(PyroError *error) const;

    mutable QReadWriteLock m_lock;
    QHash<QString, PyroStorageEntry> m_entries;
    bool m_closed = false;
};
