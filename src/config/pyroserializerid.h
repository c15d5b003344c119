// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "qtpyro_export.h"

#include <QtCore/QString>
#include <QtCore/QStringView>

/*
 * The ids Pyro5 gives its serializers, in message headers and in plugin metadata; the one
 * table between ids and names ("serpent", ...). Used by the protocol, the serializers
 * (PyroSerializer::id()) and serializer plugins:
 *
 *   quint8 id() const override { return PyroSerializerIds::Msgpack; }
 *   PyroSerializerIds::name(PyroSerializerIds::Json) == u"json"
 */
namespace PyroSerializerIds {

enum Id : quint8 {
    Serpent = 1,
    Marshal = 2,
    Json = 3,
    Msgpack = 4,
};

// "serpent", "marshal", "json", "msgpack"; empty for other ids.
QTPYRO_EXPORT QString name(int id);
// The id of a name (any case); -1 when Pyro5 has no serializer of that name.
QTPYRO_EXPORT int fromName(QStringView name);
// Pyro5's class name of the serializer ("SerpentSerializer"), used in its error texts;
// "serializer <id>" for other ids.
QTPYRO_EXPORT QString className(int id);

} // namespace PyroSerializerIds
