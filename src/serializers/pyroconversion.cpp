// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroconversion_p.h"

#include "pyroclassmapping_p.h"
#include "pyroobjectref.h"
#include "pyrouri.h"
#include "pyrovalues_p.h"

#include <QtCore/QAssociativeIterable>
#include <QtCore/QDate>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QMetaEnum>
#include <QtCore/QMetaProperty>
#include <QtCore/QPoint>
#include <QtCore/QRect>
#include <QtCore/QSequentialIterable>
#include <QtCore/QSize>
#include <QtCore/QTime>
#include <QtCore/QUrl>
#include <QtCore/QUuid>

#include <cmath>
#include <cstring>
#include <limits>

using namespace Qt::StringLiterals;

// What a decoded value becomes where a C++ type is expected: a slot's parameter on the
// daemon side, a typed result on the proxy side. Moved here from the invoker so that both
// sides convert alike.

namespace PyroConversion {

bool integralRange(int typeId, qlonglong *min, quint64 *max)
{
    switch (typeId) {
    case QMetaType::Int: *min = std::numeric_limits<int>::min(); *max = std::numeric_limits<int>::max(); return true;
    case QMetaType::UInt: *min = 0; *max = std::numeric_limits<uint>::max(); return true;
    case QMetaType::LongLong: *min = std::numeric_limits<qlonglong>::min(); *max = std::numeric_limits<qlonglong>::max(); return true;
    case QMetaType::ULongLong: *min = 0; *max = std::numeric_limits<qulonglong>::max(); return true;
    case QMetaType::Long: *min = std::numeric_limits<long>::min(); *max = std::numeric_limits<long>::max(); return true;
    case QMetaType::ULong: *min = 0; *max = std::numeric_limits<ulong>::max(); return true;
    case QMetaType::Short: *min = std::numeric_limits<short>::min(); *max = std::numeric_limits<short>::max(); return true;
    case QMetaType::UShort: *min = 0; *max = std::numeric_limits<ushort>::max(); return true;
    case QMetaType::Char: *min = std::numeric_limits<char>::min(); *max = quint64(std::numeric_limits<char>::max()); return true;
    case QMetaType::SChar: *min = std::numeric_limits<signed char>::min(); *max = std::numeric_limits<signed char>::max(); return true;
    case QMetaType::UChar: *min = 0; *max = std::numeric_limits<uchar>::max(); return true;
    default: return false;
    }
}

} // namespace PyroConversion

namespace {

using PyroConversion::integralRange;

int scoreOrConvert(const QVariant &value, QMetaType type, QVariant *out);



// An integer of the value model (qlonglong, or an unsigned 64-bit beyond qlonglong).
bool integerValue(const QVariant &value, qlonglong *v, bool *isUnsignedBig, quint64 *u)
{
    *isUnsignedBig = false;
    const PyroKind kind = pyroKind(value);
    if (kind == PyroKind::Int) {
        *v = value.toLongLong();
        return true;
    }
    if (kind == PyroKind::BigInt) {
        bool ok = false;
        quint64 big = 0;
        if (value.typeId() == qMetaTypeId<PyroBigInt>())
            big = value.value<PyroBigInt>().toULongLong(&ok);
        else
            big = value.toULongLong(&ok);
        if (ok) {
            *isUnsignedBig = true;
            *u = big;
            return true;
        }
    }
    return false;
}

bool fitsIntegral(const QVariant &value, int typeId)
{
    qlonglong min = 0;
    quint64 max = 0;
    if (!integralRange(typeId, &min, &max))
        return false;
    qlonglong v = 0;
    quint64 u = 0;
    bool big = false;
    if (!integerValue(value, &v, &big, &u))
        return false;
    if (big)
        return u <= max;
    return v >= min && (v < 0 || quint64(v) <= max);
}

bool isSerpentBytesDict(const QVariant &value, QByteArray *bytes)
{
    if (value.typeId() != QMetaType::QVariantMap)
        return false;
    const QVariantMap map = value.toMap();
    if (map.size() != 2 || map.value(u"encoding"_s).toString() != u"base64"_s)
        return false;
    const QVariant data = map.value(u"data"_s);
    if (data.typeId() != QMetaType::QString)
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(data.toString().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    if (bytes)
        *bytes = *decoded;
    return true;
}

bool isSequenceKind(PyroKind k)
{
    return k == PyroKind::List || k == PyroKind::Tuple || k == PyroKind::Set;
}

QVariantList sequenceItems(const QVariant &value)
{
    switch (pyroKind(value)) {
    case PyroKind::Tuple: return value.value<PyroTuple>().items();
    case PyroKind::Set: return value.value<PyroSet>().items();
    case PyroKind::List:
        if (value.typeId() == QMetaType::QVariantList)
            return value.toList();
        return PyroClassMapping::listItems(value); // QStringList etc.
    default: return {};
    }
}

// The element type of a registered sequential container type (QList<int>...).
bool sequentialValueType(QMetaType type, QMetaType *valueType)
{
    if (!QMetaType::canView(type, QMetaType::fromType<QSequentialIterable>()))
        return false;
    QVariant probe(type);
    QSequentialIterable iterable;
    if (!QMetaType::view(type, probe.data(), QMetaType::fromType<QSequentialIterable>(), &iterable))
        return false;
    *valueType = iterable.metaContainer().valueMetaType();
    return valueType->isValid();
}

bool associativeTypes(QMetaType type, QMetaType *keyType, QMetaType *valueType)
{
    if (!QMetaType::canView(type, QMetaType::fromType<QAssociativeIterable>()))
        return false;
    QVariant probe(type);
    QAssociativeIterable iterable;
    if (!QMetaType::view(type, probe.data(), QMetaType::fromType<QAssociativeIterable>(), &iterable))
        return false;
    *keyType = iterable.metaContainer().keyMetaType();
    *valueType = iterable.metaContainer().mappedMetaType();
    return keyType->isValid() && valueType->isValid();
}

QList<std::pair<QVariant, QVariant>> dictEntries(const QVariant &value)
{
    QList<std::pair<QVariant, QVariant>> entries;
    if (value.typeId() == qMetaTypeId<PyroDict>()) {
        for (const auto &e : value.value<PyroDict>().entries())
            entries.append(e);
    } else if (value.typeId() == QMetaType::QVariantMap) {
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            entries.append({it.key(), it.value()});
    } else if (value.typeId() == QMetaType::QVariantHash) {
        const QVariantHash hash = value.toHash();
        for (auto it = hash.cbegin(); it != hash.cend(); ++it)
            entries.append({it.key(), it.value()});
    }
    return entries;
}

// The QMetaEnum of a Q_ENUM/Q_FLAG type (false for enums moc does not know).
bool metaEnumFor(QMetaType type, QMetaEnum *out)
{
    const QMetaObject *mo = type.metaObject();
    if (!mo)
        return false;
    // "Typed::Mode", or "QFlags<Typed::Option>" for a Q_FLAG (then found by its enum's name).
    QByteArray enumName(type.name());
    if (enumName.startsWith("QFlags<") && enumName.endsWith('>'))
        enumName = enumName.mid(7, enumName.size() - 8);
    const qsizetype colon = enumName.lastIndexOf("::");
    if (colon >= 0)
        enumName = enumName.mid(colon + 2);
    for (int i = 0; i < mo->enumeratorCount(); ++i) {
        const QMetaEnum me = mo->enumerator(i);
        if (enumName == me.name() || enumName == me.enumName()) {
            *out = me;
            return true;
        }
    }
    return false;
}

bool enumFromName(QMetaType type, const QString &name, qlonglong *value)
{
    QMetaEnum me;
    if (!metaEnumFor(type, &me))
        return false;
    bool ok = false;
    const int v = me.isFlag() ? me.keysToValue(name.toUtf8().constData(), &ok)
                              : me.keyToValue(name.toUtf8().constData(), &ok);
    if (ok)
        *value = v;
    return ok;
}

// A number is only taken for a Q_ENUM when it is one of its values (for a Q_FLAG: made of
// its bits), as a name is only taken when it is one of its keys.
bool enumAccepts(QMetaType type, qlonglong v)
{
    QMetaEnum me;
    if (!metaEnumFor(type, &me))
        return true;
    if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
        return false;
    if (!me.isFlag())
        return me.valueToKey(int(v)) != nullptr;
    quint64 known = 0;
    for (int i = 0; i < me.keyCount(); ++i)
        known |= quint32(me.value(i));
    return (quint64(quint32(int(v))) & ~known) == 0;
}

QVariant makeEnum(QMetaType type, qlonglong v)
{
    QVariant result(type);
    void *p = result.data();
    switch (type.sizeOf()) {
    case 1: { const qint8 x = qint8(v); std::memcpy(p, &x, 1); break; }
    case 2: { const qint16 x = qint16(v); std::memcpy(p, &x, 2); break; }
    case 4: { const qint32 x = qint32(v); std::memcpy(p, &x, 4); break; }
    case 8: std::memcpy(p, &v, 8); break;
    default: return QVariant();
    }
    return result;
}

int scoreSequence(const QVariant &value, QMetaType type, QMetaType valueType, QVariant *out)
{
    if (!isSequenceKind(pyroKind(value)))
        return 0;
    const QVariantList items = sequenceItems(value);
    int score = 3;
    QList<QVariant> converted;
    if (out)
        converted.reserve(items.size());
    for (const QVariant &item : items) {
        QVariant c;
        const int s = scoreOrConvert(item, valueType, out ? &c : nullptr);
        if (!s)
            return 0;
        score = std::min(score, s);
        if (out)
            converted.append(std::move(c));
    }
    if (pyroKind(value) != PyroKind::List)
        score = std::min(score, 2);
    if (out) {
        QVariant container(type);
        QSequentialIterable iterable;
        if (!QMetaType::view(type, container.data(), QMetaType::fromType<QSequentialIterable>(), &iterable))
            return 0;
        for (const QVariant &c : converted)
            iterable.addValue(c);
        *out = container;
    }
    return score;
}

int scoreAssociative(const QVariant &value, QMetaType type, QMetaType keyType,
                     QMetaType valueType, QVariant *out)
{
    if (pyroKind(value) != PyroKind::Dict)
        return 0;
    const auto entries = dictEntries(value);
    int score = 3;
    QVariant container;
    QAssociativeIterable iterable;
    if (out) {
        container = QVariant(type);
        if (!QMetaType::view(type, container.data(), QMetaType::fromType<QAssociativeIterable>(), &iterable))
            return 0;
    }
    for (const auto &e : entries) {
        QVariant k, v;
        const int ks = scoreOrConvert(e.first, keyType, out ? &k : nullptr);
        const int vs = scoreOrConvert(e.second, valueType, out ? &v : nullptr);
        if (!ks || !vs)
            return 0;
        score = std::min({score, ks, vs});
        if (out)
            iterable.setValue(k, v);
    }
    if (out)
        *out = container;
    return score;
}

bool numberValue(const QVariant &value, bool integral, double *number)
{
    const PyroKind kind = pyroKind(value);
    if (kind == PyroKind::Int) {
        *number = double(value.toLongLong());
        return true;
    }
    if (kind == PyroKind::Float && !integral) {
        *number = value.toDouble();
        return true;
    }
    return false;
}

// QPoint(F) {"x", "y"}, QSize(F) {"width", "height"}, QRect(F) {"x", "y", "width",
// "height"}: from that dict, or from a list/tuple of the numbers in that order.
int scoreGeometry(const QVariant &value, QMetaType type, QVariant *out)
{
    static const QStringList pointKeys{u"x"_s, u"y"_s};
    static const QStringList sizeKeys{u"width"_s, u"height"_s};
    static const QStringList rectKeys{u"x"_s, u"y"_s, u"width"_s, u"height"_s};
    const int id = type.id();
    const bool integral = id == QMetaType::QPoint || id == QMetaType::QSize || id == QMetaType::QRect;
    const QStringList &keys = (id == QMetaType::QPoint || id == QMetaType::QPointF) ? pointKeys
        : (id == QMetaType::QSize || id == QMetaType::QSizeF) ? sizeKeys : rectKeys;

    QVariantList items;
    const PyroKind kind = pyroKind(value);
    if (kind == PyroKind::Dict) {
        const auto entries = dictEntries(value);
        if (entries.size() != keys.size())
            return 0;
        QVariantMap map;
        for (const auto &e : entries) {
            if (pyroKind(e.first) != PyroKind::Str || !keys.contains(e.first.toString()))
                return 0;
            map.insert(e.first.toString(), e.second);
        }
        for (const QString &k : keys)
            items.append(map.value(k));
    } else if (kind == PyroKind::List || kind == PyroKind::Tuple) {
        items = sequenceItems(value);
        if (items.size() != keys.size())
            return 0;
    } else {
        return 0;
    }
    double n[4] = {};
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!numberValue(items.at(i), integral, &n[i]))
            return 0;
        if (integral && (n[i] < std::numeric_limits<int>::min() || n[i] > std::numeric_limits<int>::max()))
            return 0;
    }
    if (!out)
        return 2;
    switch (id) {
    case QMetaType::QPoint: *out = QPoint(int(n[0]), int(n[1])); break;
    case QMetaType::QPointF: *out = QPointF(n[0], n[1]); break;
    case QMetaType::QSize: *out = QSize(int(n[0]), int(n[1])); break;
    case QMetaType::QSizeF: *out = QSizeF(n[0], n[1]); break;
    case QMetaType::QRect: *out = QRect(int(n[0]), int(n[1]), int(n[2]), int(n[3])); break;
    default: *out = QRectF(n[0], n[1], n[2], n[3]); break;
    }
    return 2;
}

// A Q_GADGET from a dict of its Q_PROPERTYs: every key must name a writable property
// (a "__class__" key is allowed); properties the dict leaves out keep their defaults.
int scoreGadget(const QVariant &value, QMetaType type, QVariant *out)
{
    const QMetaObject *mo = type.metaObject();
    QVariant gadget(type);
    int score = 2;
    for (const auto &e : dictEntries(value)) {
        if (pyroKind(e.first) != PyroKind::Str)
            return 0;
        const QString key = e.first.toString();
        if (key == u"__class__")
            continue;
        const int index = mo->indexOfProperty(key.toUtf8().constData());
        if (index < 0)
            return 0;
        const QMetaProperty property = mo->property(index);
        if (!property.isWritable())
            return 0;
        QVariant converted;
        const int s = scoreOrConvert(e.second, property.metaType(), out ? &converted : nullptr);
        if (!s)
            return 0;
        score = std::min(score, s);
        if (out && !property.writeOnGadget(gadget.data(), converted))
            return 0;
    }
    if (out)
        *out = gadget;
    return score;
}

// Not a target type the scorer at hand knows: the next one is asked.
constexpr int NotHandled = -1;

int deliver(QVariant *out, int score, QVariant v)
{
    if (out)
        *out = std::move(v);
    return score;
}

// Bool, the integer and floating-point types, QString, QChar and QByteArray.
int scoreScalar(const QVariant &value, QMetaType type, PyroKind kind, QVariant *out)
{
    const int target = type.id();
    auto done = [out](int score, QVariant v) { return deliver(out, score, std::move(v)); };
    switch (target) {
    case QMetaType::Bool:
        return kind == PyroKind::Bool ? done(3, QVariant(value.toBool())) : 0;
    case QMetaType::Int: case QMetaType::UInt: case QMetaType::LongLong: case QMetaType::ULongLong:
    case QMetaType::Long: case QMetaType::ULong: case QMetaType::Short: case QMetaType::UShort:
    case QMetaType::Char: case QMetaType::SChar: case QMetaType::UChar: {
        if (kind != PyroKind::Int && kind != PyroKind::BigInt)
            return 0;
        if (!fitsIntegral(value, target))
            return 0;
        if (!out)
            return 3;
        QVariant v = value;
        if (value.typeId() == qMetaTypeId<PyroBigInt>())
            v = QVariant(value.value<PyroBigInt>().toULongLong());
        v.convert(type);
        return done(3, v);
    }
    case QMetaType::Double:
    case QMetaType::Float:
        if (kind == PyroKind::Float)
            return done(3, target == QMetaType::Double ? QVariant(value.toDouble()) : QVariant(float(value.toDouble())));
        if (kind == PyroKind::Int || kind == PyroKind::BigInt) {
            const double d = kind == PyroKind::Int ? double(value.toLongLong())
                : value.typeId() == qMetaTypeId<PyroBigInt>() ? value.value<PyroBigInt>().toDouble()
                : value.toDouble();
            return done(2, target == QMetaType::Double ? QVariant(d) : QVariant(float(d)));
        }
        return 0;
    case QMetaType::QString:
        return kind == PyroKind::Str ? done(3, QVariant(value.toString())) : 0;
    case QMetaType::QChar:
    case QMetaType::Char16:
    case QMetaType::Char32: {
        if (kind != PyroKind::Str)
            return 0;
        const QString s = value.toString();
        if (s.size() != 1)
            return 0;
        QVariant v(s.at(0));
        v.convert(type);
        return done(2, v);
    }
    case QMetaType::QByteArray: {
        if (kind == PyroKind::Bytes)
            return done(3, QVariant(value.toByteArray()));
        QByteArray bytes;
        if (isSerpentBytesDict(value, out ? &bytes : nullptr))
            return done(2, QVariant(bytes));
        return 0;
    }
    default:
        return NotHandled;
    }
}

// Qt's containers, date/time, QUuid, QUrl, geometry and JSON types.
int scoreQtType(const QVariant &value, QMetaType type, PyroKind kind, QVariant *out)
{
    const int target = type.id();
    auto done = [out](int score, QVariant v) { return deliver(out, score, std::move(v)); };
    switch (target) {
    case QMetaType::QVariantList:
        if (!isSequenceKind(kind))
            return 0;
        return done(kind == PyroKind::List ? 3 : 2, QVariant(sequenceItems(value)));
    case QMetaType::QStringList: {
        if (!isSequenceKind(kind))
            return 0;
        QStringList list;
        for (const QVariant &item : sequenceItems(value)) {
            if (pyroKind(item) != PyroKind::Str)
                return 0;
            list.append(item.toString());
        }
        return done(kind == PyroKind::List ? 3 : 2, QVariant(list));
    }
    case QMetaType::QByteArrayList: {
        if (!isSequenceKind(kind))
            return 0;
        QByteArrayList list;
        for (const QVariant &item : sequenceItems(value)) {
            QByteArray b;
            if (pyroKind(item) == PyroKind::Bytes)
                b = item.toByteArray();
            else if (!isSerpentBytesDict(item, &b))
                return 0;
            list.append(b);
        }
        return done(2, QVariant::fromValue(list));
    }
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash: {
        if (kind != PyroKind::Dict)
            return 0;
        const auto entries = dictEntries(value);
        QVariantMap map;
        QVariantHash hash;
        for (const auto &e : entries) {
            if (pyroKind(e.first) != PyroKind::Str)
                return 0;
            if (target == QMetaType::QVariantMap)
                map.insert(e.first.toString(), e.second);
            else
                hash.insert(e.first.toString(), e.second);
        }
        const int score = (target == QMetaType::QVariantMap && value.typeId() == QMetaType::QVariantMap) ? 3 : 2;
        return done(score, target == QMetaType::QVariantMap ? QVariant(map) : QVariant(hash));
    }
    case QMetaType::QDateTime:
        if (kind == PyroKind::Str) {
            const QDateTime dt = PyroValues::dateTimeFromIso(value.toString());
            return dt.isValid() ? done(2, QVariant(dt)) : 0;
        }
        return 0;
    case QMetaType::QDate:
        if (kind == PyroKind::Str) {
            const QDate date = QDate::fromString(value.toString(), Qt::ISODate);
            return date.isValid() ? done(2, QVariant(date)) : 0;
        }
        if (value.typeId() == QMetaType::QDateTime)
            return done(2, QVariant(value.toDateTime().date()));
        return 0;
    case QMetaType::QTime:
        if (kind == PyroKind::Str) {
            const QTime time = QTime::fromString(value.toString(), Qt::ISODateWithMs);
            return time.isValid() ? done(2, QVariant(time)) : 0;
        }
        return 0;
    case QMetaType::QUuid:
        if (kind == PyroKind::Str) {
            const QUuid uuid(value.toString());
            return uuid.isNull() && value.toString() != QUuid().toString(QUuid::WithoutBraces)
                ? 0 : done(2, QVariant(uuid));
        }
        return 0;
    case QMetaType::QUrl:
        if (kind == PyroKind::Str) {
            const QUrl url(value.toString());
            return url.isValid() ? done(2, QVariant(url)) : 0;
        }
        return 0;
    case QMetaType::QPoint: case QMetaType::QPointF: case QMetaType::QSize: case QMetaType::QSizeF:
    case QMetaType::QRect: case QMetaType::QRectF:
        return scoreGeometry(value, type, out);
    case QMetaType::QJsonValue:
        return done(2, QVariant(QJsonValue::fromVariant(value)));
    case QMetaType::QJsonObject:
        return kind == PyroKind::Dict ? done(2, QVariant(QJsonObject::fromVariantMap(value.toMap()))) : 0;
    case QMetaType::QJsonArray:
        return isSequenceKind(kind) ? done(2, QVariant(QJsonArray::fromVariantList(sequenceItems(value)))) : 0;
    default:
        return NotHandled;
    }
}

// PyroTuple, PyroSet, PyroDict, PyroBigInt, PyroComplex, PyroUri and PyroObjectRef.
int scoreValueModel(const QVariant &value, QMetaType type, PyroKind kind, QVariant *out)
{
    const int target = type.id();
    auto done = [out](int score, QVariant v) { return deliver(out, score, std::move(v)); };
    if (target == qMetaTypeId<PyroTuple>()) {
        if (kind == PyroKind::List || kind == PyroKind::Set)
            return done(2, QVariant::fromValue(PyroTuple(sequenceItems(value))));
        return 0;
    }
    if (target == qMetaTypeId<PyroSet>()) {
        if (kind == PyroKind::List || kind == PyroKind::Tuple)
            return done(2, QVariant::fromValue(PyroSet(sequenceItems(value))));
        return 0;
    }
    if (target == qMetaTypeId<PyroDict>()) {
        if (kind == PyroKind::Dict)
            return done(value.typeId() == QMetaType::QVariantMap ? 3 : 2,
                        QVariant::fromValue(PyroDict::fromPairs(dictEntries(value))));
        return 0;
    }
    if (target == qMetaTypeId<PyroBigInt>()) {
        if (kind == PyroKind::Int)
            return done(2, QVariant::fromValue(PyroBigInt::fromString(QString::number(value.toLongLong()))));
        if (kind == PyroKind::BigInt)
            return done(2, QVariant::fromValue(PyroBigInt::fromString(value.toString())));
        return 0;
    }
    if (target == qMetaTypeId<PyroComplex>()) {
        if (kind == PyroKind::Float || kind == PyroKind::Int)
            return done(2, QVariant::fromValue(PyroComplex(value.toDouble(), 0)));
        return 0;
    }
    if (target == qMetaTypeId<PyroUri>()) {
        if (kind == PyroKind::Str) {
            const PyroUri uri(value.toString());
            return uri.isValid() ? done(2, QVariant::fromValue(uri)) : 0;
        }
        if (value.typeId() == qMetaTypeId<PyroObjectRef>())
            return done(2, QVariant::fromValue(value.value<PyroObjectRef>().uri()));
        return 0;
    }
    if (target == qMetaTypeId<PyroObjectRef>()) {
        if (value.typeId() == qMetaTypeId<PyroUri>())
            return done(2, QVariant::fromValue(PyroObjectRef(value.value<PyroUri>())));
        return 0;
    }

    return NotHandled;
}

// QColor, gadgets, QObject pointers, enums, other sequential and associative containers,
// and what QMetaType can convert.
int scoreOther(const QVariant &value, QMetaType type, PyroKind kind, QVariant *out)
{
    const int target = type.id();
    auto done = [out](int score, QVariant v) { return deliver(out, score, std::move(v)); };
    const QMetaType::TypeFlags flags = type.flags();
    // QColor lives in QtGui, which QtPyro does not link: a parameter or result of that type
    // means QtGui is loaded, and its QString conversions do the work.
    if (target == QMetaType::QColor) {
        if (kind != PyroKind::Str)
            return 0;
        QVariant v = value;
        return v.convert(type) ? done(2, v) : 0;
    }
    if ((flags & QMetaType::IsGadget) && type.metaObject() && kind == PyroKind::Dict)
        return scoreGadget(value, type, out);
    if (flags & QMetaType::PointerToQObject) {
        if (kind == PyroKind::None)
            return done(2, QVariant(type, nullptr));
        return 0;
    }
    if (flags & QMetaType::IsEnumeration) {
        if (kind == PyroKind::Int)
            return enumAccepts(type, value.toLongLong()) ? done(3, makeEnum(type, value.toLongLong())) : 0;
        qlonglong v = 0;
        if (kind == PyroKind::Str && enumFromName(type, value.toString(), &v))
            return done(2, makeEnum(type, v));
        return 0;
    }
    QMetaType valueType, keyType;
    if (isSequenceKind(kind) && sequentialValueType(type, &valueType))
        return std::min(2, scoreSequence(value, type, valueType, out));
    if (kind == PyroKind::Dict && associativeTypes(type, &keyType, &valueType))
        return std::min(2, scoreAssociative(value, type, keyType, valueType, out));
    if (kind != PyroKind::None && QMetaType::canConvert(value.metaType(), type)) {
        QVariant v = value;
        if (v.convert(type))
            return done(1, v);
    }
    return 0;
}

// Scores value for type and, when out is given, converts it. Returns 0 when it does not fit.
int scoreOrConvert(const QVariant &value, QMetaType type, QVariant *out)
{
    const PyroKind kind = pyroKind(value);
    if (type.id() == QMetaType::QVariant)
        return deliver(out, 1, value.isValid() ? value : PyroValues::none());
    if (value.metaType() == type && kind != PyroKind::None)
        return deliver(out, 3, value);
    for (const auto scorer : {scoreScalar, scoreQtType, scoreValueModel}) {
        const int score = scorer(value, type, kind, out);
        if (score != NotHandled)
            return score;
    }
    return scoreOther(value, type, kind, out);
}

} // namespace

namespace PyroConversion {

int score(const QVariant &value, QMetaType type, QVariant *out)
{
    return scoreOrConvert(value, type, out);
}

bool isSerpentBytes(const QVariant &value, QByteArray *bytes)
{
    return isSerpentBytesDict(value, bytes);
}

QString enumDescription(QMetaType type)
{
    QMetaEnum me;
    if (!metaEnumFor(type, &me))
        return QString::fromLatin1(type.name());
    QStringList keys;
    for (int i = 0; i < me.keyCount(); ++i)
        keys.append(u"%1=%2"_s.arg(QLatin1StringView(me.key(i))).arg(me.value(i)));
    return u"%1 (%2%3)"_s.arg(QLatin1StringView(me.name()), me.isFlag() ? u"flags of "_s : QString(),
                              keys.join(u", "_s));
}

} // namespace PyroConversion
