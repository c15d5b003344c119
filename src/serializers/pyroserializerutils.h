// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroserializer.h"
#include "pyrovalues.h"

#include <QtCore/QByteArrayView>
#include <QtCore/QString>

#include <cstring>
#include <memory>

/*
 * What a serializer plugin needs besides its format: Pyro5's object model shared by every
 * serializer (the "__class__" dicts in both directions) and Pyro5's wording of the common
 * errors. The built-in serializers use the same functions.
 *
 *   switch (PyroValues::kindOf(value)) {
 *   case PyroKind::Other: {                   // a PyroUri, a registered class, ...
 *       const QVariant wire = PyroSerializerUtils::toWire(value, context, id(), &error);
 *       ...                                   // wire holds plain kinds only
 *   }
 *   ...
 *   // decoding, on each completed dict:
 *   const QString cls = PyroSerializerUtils::classNameOf(dict);
 *   if (!cls.isEmpty())
 *       value = PyroSerializerUtils::fromClassDict(cls, dict, id(), &error);
 */
namespace PyroSerializerUtils {

// Encoding: turns a value of PyroKind::Other (or a date/time, uuid, url...) into something
// made only of plain kinds (typically a class dict as PyroDict, keys in Pyro5's order).
// Honours registered ClassToDict hooks and context.replace. Fails with SerializeError
// "don't know how to serialize class <T> using serializer <name>".
QTPYRO_EXPORT QVariant toWire(const QVariant &value, const PyroEncodeContext &context,
                              quint8 serializerId, PyroError *error);

// Decoding: a completed dict (QVariantMap or PyroDict) whose "__class__" is className
// becomes PyroUri, PyroObjectRef, PyroError, ... or what a registered DictToClass hook
// makes of it. Unknown classes fail with Pyro5's SerializeError.
QTPYRO_EXPORT QVariant fromClassDict(const QString &className, const QVariant &dict,
                                     quint8 serializerId, PyroError *error);
// The "__class__" string of a QVariantMap/PyroDict; empty otherwise.
QTPYRO_EXPORT QString classNameOf(const QVariant &dict);

// Items of any list-like value (QVariantList, QStringList, PyroTuple, PyroSet, sequential
// containers).
QTPYRO_EXPORT QVariantList listItems(const QVariant &value);
// The value under a str key of a dict (QVariantMap or PyroDict); invalid, and *found false,
// when there is none.
QTPYRO_EXPORT QVariant dictValue(const QVariant &dict, const QString &key, bool *found = nullptr);
// Python's isoformat() of a QDateTime (naive for LocalTime), a QDate or a QTime.
QTPYRO_EXPORT QString isoFormat(const QVariant &dateOrTime);

// Python's UnicodeEncodeError text for a str (QString or PyroSurrogateString) holding lone
// surrogates, which strict UTF-8 cannot encode; empty when it holds none.
QTPYRO_EXPORT QString surrogatesNotAllowed(const QVariant &str);

// Pyro5's wording of the common failures.
QTPYRO_EXPORT PyroError serializeError(const QString &message);
QTPYRO_EXPORT PyroError tooDeep(const QString &serializerName, int limit);
// PyroDecodeOptions::maxItems exceeded (builtins.MemoryError with the budget).
QTPYRO_EXPORT PyroError tooManyItems(qint64 limit);
// std::bad_alloc while decoding: builtins.MemoryError without arguments, as Python's.
QTPYRO_EXPORT PyroError outOfMemory();

} // namespace PyroSerializerUtils

/*
 * Dict keys repeat across the dicts of a payload (a list of records): a decoder asks this
 * cache for the QString of a key's UTF-8 bytes and gets a shared copy instead of a new
 * allocation per key.
 *
 *   PyroKeyCache keys;                       // one per decode
 *   QString key = keys.fromUtf8(bytes);      // bytes already checked as valid UTF-8
 *
 * Direct-mapped and small; its slots are only allocated once a payload has shown enough
 * keys to be worth it, so small messages pay nothing.
 */
class PyroKeyCache
{
public:
    static constexpr qsizetype MaxKeySize = 32;

    QString fromUtf8(QByteArrayView utf8)
    {
        const qsizetype size = utf8.size();
        // (An empty key may come with a null data pointer, which memcmp must not see.)
        if (size == 0 || size > MaxKeySize || ++m_keysSeen < Threshold)
            return QString::fromUtf8(utf8);
        if (!m_slots)
            m_slots.reset(new Slot[SlotCount]);
        quint32 h = 2166136261u; // FNV-1a
        for (qsizetype i = 0; i < size; ++i)
            h = (h ^ uchar(utf8[i])) * 16777619u;
        Slot &slot = m_slots[h % SlotCount];
        if (slot.size == size && std::memcmp(slot.utf8, utf8.data(), size_t(size)) == 0)
            return slot.value;
        slot.value = QString::fromUtf8(utf8);
        slot.size = size;
        std::memcpy(slot.utf8, utf8.data(), size_t(size));
        return slot.value;
    }

private:
    static constexpr int SlotCount = 64;
    static constexpr int Threshold = 16;

    struct Slot
    {
        qsizetype size = -1;
        char utf8[MaxKeySize];
        QString value;
    };
    std::unique_ptr<Slot[]> m_slots;
    int m_keysSeen = 0;
};
