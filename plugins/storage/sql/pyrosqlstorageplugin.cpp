// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrosqlstorage.h"

class PyroSqlStoragePlugin : public PyroStoragePlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID PyroStoragePlugin_iid FILE "sql.json")
    Q_INTERFACES(PyroStoragePlugin)
public:
    std::unique_ptr<PyroStorage> create(const QString &spec, PyroError *error) override
    {
        return PyroSqlStorage::open(spec, error);
    }
};

#include "pyrosqlstorageplugin.moc"
