// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroserializer.h"

#include <QtCore/QHash>
#include <QtCore/QReadWriteLock>

#include <array>
#include <atomic>
#include <memory>

// The process-wide table of serializers (by id 0..255) and class hooks.
class QTPYRO_PRIVATE_EXPORT PyroSerializerRegistry
{
public:
    static PyroSerializerRegistry &instance();

    const PyroSerializer *byId(int id, PyroError *error);
    const PyroSerializer *byName(QStringView name, PyroError *error);
    QList<int> availableIds();
    void add(std::unique_ptr<PyroSerializer> serializer);

    PyroSerializer::ClassToDict classToDict(int metaTypeId) const;
    PyroSerializer::DictToClass dictToClass(const QString &className) const;
    void setClassToDict(int metaTypeId, PyroSerializer::ClassToDict fn);
    void setDictToClass(const QString &className, PyroSerializer::DictToClass fn);

private:
    PyroSerializerRegistry();
    bool loadPlugin(int id, QStringView name, QString *searched);

    mutable QReadWriteLock m_lock;
    std::array<std::unique_ptr<PyroSerializer>, 256> m_serializers;
    std::array<std::atomic<const PyroSerializer *>, 256> m_fast{}; // lock-free reads once registered
    QHash<int, PyroSerializer::ClassToDict> m_classToDict;
    QHash<QString, PyroSerializer::DictToClass> m_dictToClass;
    std::atomic<bool> m_hasClassHooks = false;
    bool m_pluginsScanned = false;
};
