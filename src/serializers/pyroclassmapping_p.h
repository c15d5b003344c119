// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroexceptionwrapper.h"
#include "pyroserializer.h"
#include "pyrovalues_p.h"

// Pyro5's object model shared by every serializer: "__class__" dicts in both directions,
// and the values a format has no native form for.
namespace PyroClassMapping {

// Decoding: a completed dict (QVariantMap or PyroDict) that has a "__class__" key becomes
// PyroUri, PyroObjectRef, PyroError, PyroExceptionWrapper, a float (serpent's NaN dict), or
// whatever a registered DictToClass hook makes of it. Unknown classes fail with Pyro5's
// SerializeError("unsupported serialized class: X"); names with "__" with SecurityError.
QTPYRO_PRIVATE_EXPORT QVariant fromClassDict(const QString &className, const QVariant &dict,
                                             quint8 serializerId, PyroError *error);

// Returns the "__class__" value when dict is a QVariantMap/PyroDict holding a string
// there; an empty string otherwise.
QTPYRO_PRIVATE_EXPORT QString classNameOf(const QVariant &dict);

// Encoding: turns a value of PyroKind::Other (or a date/time, uuid, url...) into something
// made only of plain kinds (typically a class dict as PyroDict, keys in Pyro5's order).
// Honors registered ClassToDict hooks and context.replace. serializerId lets formats keep
// what they carry natively (msgpack's datetime/date extensions are handled before this).
// Fails with SerializeError "don't know how to serialize class <T> using serializer <name>".
QTPYRO_PRIVATE_EXPORT QVariant toWire(const QVariant &value, const PyroEncodeContext &context,
                                      quint8 serializerId, PyroError *error);

// For a QObject* that cannot be sent: how to make it a proxy (empty for other values).
QTPYRO_PRIVATE_EXPORT QString unregisteredObjectHint(const QVariant &value);

// Items of any list-like value (QVariantList, QStringList, PyroTuple, PyroSet, sequential
// containers).
QTPYRO_PRIVATE_EXPORT QVariantList listItems(const QVariant &value);

// Python's isoformat() of a QDateTime (naive for LocalTime, with offset otherwise), a QDate
// and a QTime.
QTPYRO_PRIVATE_EXPORT QString isoFormat(const QVariant &dateOrTime);

// "Object graph nesting too deep" and friends, worded like Pyro5's.
QTPYRO_PRIVATE_EXPORT PyroError tooDeep(const QString &serializerName, int limit);
QTPYRO_PRIVATE_EXPORT PyroError serializeError(const QString &message);
// PyroDecodeOptions::maxItems exceeded: the builtins.MemoryError a Python peer would
// eventually raise, with the budget in the message.
QTPYRO_PRIVATE_EXPORT PyroError tooManyItems(qint64 limit);
// std::bad_alloc while decoding: builtins.MemoryError without arguments, as Python's.
QTPYRO_PRIVATE_EXPORT PyroError outOfMemory();

} // namespace PyroClassMapping
