// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QByteArrayView>
#include <QtCore/QString>

#include <cstring>
#include <memory>

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
