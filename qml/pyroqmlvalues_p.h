// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// The JS <-> Python value mapping of the QML module (docs/qml.md has the table). Internal
// to QtPyro::Qml; uses the public value types only.

#include <QtCore/QVariant>
#include <QtQml/QJSValue>

class QJSEngine;
class PyroError;

namespace PyroQmlValues {

// Ints beyond +-2^53 (what a JS number holds exactly) go to JS as decimal strings.
inline constexpr double maxSafeInteger = 9007199254740991.0;

// A decoded Pyro5 value as JS: numbers, strings, null, booleans, arrays (lists, tuples),
// objects (str-keyed dicts), Map (dicts with other keys), Set (sets), ArrayBuffer (bytes),
// strings for big ints and for URIs/proxies, {type, message, traceback} for exceptions.
QJSValue toJs(QJSEngine *engine, const QVariant &value);
// The same as a QVariant QML turns into that JS value (for properties and signal arguments).
QVariant toJsVariant(QJSEngine *engine, const QVariant &value);

// A JS value for the wire: integral numbers within +-2^53 as int, others as float;
// ArrayBuffer -> bytes, Date -> datetime (ISO text), Map -> dict, Set -> set,
// null/undefined -> None, a PyroProxy element -> its proxy.
QVariant fromJs(const QJSValue &value);
// The same for a value QML already turned into a QVariant (an attribute write, a
// QVariant parameter); QJSValue inside is unwrapped.
QVariant fromVariant(const QVariant &value);

// A failed call's error as the JS object {message, type, traceback, code}; an empty
// object for no error.
QJSValue errorToJs(QJSEngine *engine, const PyroError &error);
QVariantMap errorToMap(const PyroError &error);

} // namespace PyroQmlValues
