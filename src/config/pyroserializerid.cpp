// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroserializerid.h"

using namespace Qt::StringLiterals;

namespace PyroSerializerIds {

namespace {
struct Entry
{
    Id id;
    QLatin1StringView name;
    QLatin1StringView className;
};
constexpr Entry Table[] = {
    {Serpent, "serpent"_L1, "SerpentSerializer"_L1},
    {Marshal, "marshal"_L1, "MarshalSerializer"_L1},
    {Json, "json"_L1, "JsonSerializer"_L1},
    {Msgpack, "msgpack"_L1, "MsgpackSerializer"_L1},
};
} // namespace

QString name(int id)
{
    for (const Entry &e : Table) {
        if (e.id == id)
            return e.name;
    }
    return QString();
}

int fromName(QStringView name)
{
    for (const Entry &e : Table) {
        if (name.compare(e.name, Qt::CaseInsensitive) == 0)
            return e.id;
    }
    return -1;
}

QString className(int id)
{
    for (const Entry &e : Table) {
        if (e.id == id)
            return e.className;
    }
    return u"serializer %1"_s.arg(id);
}

} // namespace PyroSerializerIds
