// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"
#include "pyrovalues.h"

#include <QtCore/QByteArray>
#include <QtCore/QDateTime>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QVariant>

#include <optional>
#include <type_traits>
#include <utility>

/*
 * Typed access to values that crossed the wire, and the Qt value types that travel
 * (docs/values.md has the whole table):
 *
 *   QPoint(F)  <-> {"x": 1, "y": 2}                 QSize(F) <-> {"width": .., "height": ..}
 *   QRect(F)   <-> {"x", "y", "width", "height"}    QColor   <-> "#rrggbb" / "#aarrggbb"
 *   QUrl, QUuid <-> str                             QDateTime <-> ISO 8601 str (msgpack: naive
 *                                                   local times as Pyro5's datetime ext)
 *   a Q_GADGET <-> a dict of its Q_PROPERTYs (with "__class__" once registered with a name)
 *
 * Received values keep their Python form (a dict, a str...) until code asks for a C++
 * type: a slot parameter, PyroProxy::call<T>(), PyroCallReply::value<T>(), or to<T>() here.
 */
namespace PyroValues {

// value as exactly type (QVariant: as it is), converted the way a slot parameter is. On
// failure returns false and, with error, a SerializeError naming the expected type and
// what arrived ("expected QPoint, got str 'abc'"). Thread-safe.
QTPYRO_EXPORT bool convert(const QVariant &value, QMetaType type, QVariant *out,
                           PyroError *error = nullptr);

template<typename T>
std::optional<T> to(const QVariant &value, PyroError *error = nullptr)
{
    if constexpr (std::is_same_v<T, QVariant>) {
        return value;
    } else {
        QVariant out;
        if (!convert(value, QMetaType::fromType<T>(), &out, error))
            return std::nullopt;
        return out.value<T>();
    }
}

// Bytes from bytes, or from serpent's {"data": base64, "encoding": "base64"} dict (how
// Pyro5's serpent sends bytes). ok is false for anything else.
QTPYRO_EXPORT QByteArray toBytes(const QVariant &value, bool *ok = nullptr);
// A QDateTime from a QDateTime (msgpack's datetime ext) or from ISO 8601 text as Python's
// isoformat() writes it (microseconds, "+02:00"); naive text gives local time. This
// decoding is opt-in: received text stays a QString unless a QDateTime is asked for.
QTPYRO_EXPORT QDateTime toDateTime(const QVariant &value, bool *ok = nullptr);
// ISO 8601 text as isoformat() writes it ("2024-02-29T13:14:15.123456+02:00", "Z"): an
// offset gives a UTC or offset QDateTime, none a local one; microseconds round to
// milliseconds. Invalid for other text.
QTPYRO_EXPORT QDateTime dateTimeFromIso(QStringView text);

// Makes a Q_GADGET's dict form carry "__class__": pythonClass (empty: a plain dict), and a
// received dict with that "__class__" decode as the gadget (Pyro5's class-dict mechanism,
// so Python can map it to a class of its own). Any gadget crosses as a plain dict without
// this; registering also makes sure the metatype is known by name. The hooks are global:
// register once at start-up, before values travel.
QTPYRO_EXPORT void registerGadget(QMetaType type, const QString &pythonClass = QString());
template<typename T>
void registerGadget(const QString &pythonClass = QString())
{
    qRegisterMetaType<T>();
    registerGadget(QMetaType::fromType<T>(), pythonClass);
}
// The dict form of a gadget value (readable property name -> value, in declaration
// order), after a "__class__": pythonClass entry when pythonClass is not empty.
QTPYRO_EXPORT PyroDict gadgetToDict(const QVariant &gadget, const QString &pythonClass = QString());

// One call argument from a C++ value: text literals become str, a QVariant stays itself,
// anything else goes through QVariant::fromValue().
template<typename A>
QVariant argument(A &&value)
{
    using D = std::decay_t<A>;
    if constexpr (std::is_same_v<D, QVariant>)
        return std::forward<A>(value);
    else if constexpr (std::is_same_v<D, const char *> || std::is_same_v<D, char *>)
        return QString::fromUtf8(value);
    else if constexpr (std::is_same_v<D, const char16_t *> || std::is_same_v<D, char16_t *>)
        return QString(reinterpret_cast<const QChar *>(value));
    else if constexpr (std::is_same_v<D, QLatin1StringView> || std::is_same_v<D, QStringView>)
        return value.toString();
    else
        return QVariant::fromValue(std::forward<A>(value));
}

template<typename... Args>
QVariantList arguments(Args &&...args)
{
    return QVariantList{argument(std::forward<Args>(args))...};
}

} // namespace PyroValues
