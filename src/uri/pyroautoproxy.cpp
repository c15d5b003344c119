// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroautoproxy_p.h"

#include <QtCore/QHash>
#include <QtCore/QMutex>

namespace PyroAutoproxy {

namespace {
struct Entry
{
    const void *daemon = nullptr;
    PyroObjectRef ref;
};
struct Registry
{
    QMutex mutex;
    QMultiHash<const QObject *, Entry> entries;
};
Registry &registry()
{
    static Registry r;
    return r;
}
} // namespace

void publish(const QObject *object, const void *daemon, const PyroObjectRef &ref)
{
    Registry &r = registry();
    QMutexLocker lock(&r.mutex);
    for (auto it = r.entries.find(object); it != r.entries.end() && it.key() == object; ++it) {
        if (it->daemon == daemon) {
            it->ref = ref;
            return;
        }
    }
    r.entries.insert(object, Entry{daemon, ref});
}

void withdraw(const QObject *object, const void *daemon)
{
    Registry &r = registry();
    QMutexLocker lock(&r.mutex);
    for (auto it = r.entries.find(object); it != r.entries.end() && it.key() == object;) {
        if (it->daemon == daemon)
            it = r.entries.erase(it);
        else
            ++it;
    }
}

void withdrawAll(const void *daemon)
{
    Registry &r = registry();
    QMutexLocker lock(&r.mutex);
    r.entries.removeIf([daemon](const auto &it) { return it.value().daemon == daemon; });
}

PyroObjectRef lookup(const QObject *object)
{
    Registry &r = registry();
    QMutexLocker lock(&r.mutex);
    // Registered with several daemons: the most recent registration wins.
    const auto it = r.entries.constFind(object);
    return it == r.entries.cend() ? PyroObjectRef() : it->ref;
}

} // namespace PyroAutoproxy
