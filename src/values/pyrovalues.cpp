// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrovalues.h"
#include "pyrovalues_p.h"
#include "pyrobigint_p.h"
#include "pyrofloatformat_p.h"

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QSequentialIterable>
#include <QtCore/QAssociativeIterable>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>

using namespace Qt::StringLiterals;

const PyroTypeIds &PyroTypeIds::get()
{
    static const PyroTypeIds ids{
        qMetaTypeId<PyroTuple>(),  qMetaTypeId<PyroSet>(),     qMetaTypeId<PyroDict>(),
        qMetaTypeId<PyroBigInt>(), qMetaTypeId<PyroComplex>(), qMetaTypeId<std::nullptr_t>(),
        qMetaTypeId<PyroSurrogateString>(),
    };
    return ids;
}

static void registerValueConverters()
{
    QMetaType::registerConverter<PyroTuple, QVariantList>(&PyroTuple::toList);
    QMetaType::registerConverter<PyroSet, QVariantList>(&PyroSet::toList);
    QMetaType::registerConverter<PyroSet, QStringList>(&PyroSet::toStringList);
    QMetaType::registerConverter<PyroDict, QVariantMap>(&PyroDict::toVariantMap);
    QMetaType::registerConverter<PyroBigInt, QString>(&PyroBigInt::toString);
    QMetaType::registerConverter<PyroBigInt, double>(&PyroBigInt::toDouble);
    QMetaType::registerConverter<PyroSurrogateString, QString>(&PyroSurrogateString::toString);
}
Q_CONSTRUCTOR_FUNCTION(registerValueConverters)

PyroKind pyroKind(int id)
{
    switch (id) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return PyroKind::None;
    case QMetaType::Bool:
        return PyroKind::Bool;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::Char16:
    case QMetaType::Char32:
        return PyroKind::Int;
    case QMetaType::ULongLong:
        return PyroKind::Int; // caller checks the magnitude
    case QMetaType::Double:
    case QMetaType::Float:
        return PyroKind::Float;
    case QMetaType::QString:
    case QMetaType::QChar:
        return PyroKind::Str;
    case QMetaType::QByteArray:
        return PyroKind::Bytes;
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
    case QMetaType::QByteArrayList:
        return PyroKind::List;
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
        return PyroKind::Dict;
    default:
        break;
    }
    const PyroTypeIds &ids = PyroTypeIds::get();
    if (id == ids.tuple)
        return PyroKind::Tuple;
    if (id == ids.set)
        return PyroKind::Set;
    if (id == ids.dict)
        return PyroKind::Dict;
    if (id == ids.bigInt)
        return PyroKind::BigInt;
    if (id == ids.complex)
        return PyroKind::Complex;
    if (id == ids.surrogateString)
        return PyroKind::Str;
    const QMetaType type(id);
    if (type.flags() & QMetaType::IsEnumeration)
        return PyroKind::Int;
    return PyroKind::Other;
}

PyroKind PyroValues::kindOf(const QVariant &value)
{
    return pyroKind(value);
}

PyroKind pyroKind(const QVariant &value)
{
    const int id = value.typeId();
    if (id == QMetaType::ULongLong
        && value.toULongLong() > quint64(std::numeric_limits<qint64>::max()))
        return PyroKind::BigInt;
    return pyroKind(id);
}

// ---- PyroTuple / PyroSet / PyroDict ----------------------------------------------------

bool operator==(const PyroTuple &a, const PyroTuple &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!PyroValues::equals(a.at(i), b.at(i)))
            return false;
    }
    return true;
}

bool PyroSet::contains(const QVariant &value) const
{
    for (const QVariant &item : m_items) {
        if (PyroValues::equals(item, value))
            return true;
    }
    return false;
}

QStringList PyroSet::toStringList() const
{
    QStringList list;
    list.reserve(m_items.size());
    for (const QVariant &item : m_items)
        list.append(item.toString());
    return list;
}

namespace {
size_t hashValue(const QVariant &value, size_t seed, bool nanEqual);
}

// Multiset comparison; sets are small in practice, and hashing keeps big ones linear.
static bool sameItemsAnyOrder(const QVariantList &a, const QVariantList &b,
                              bool (*eq)(const QVariant &, const QVariant &))
{
    if (a.size() != b.size())
        return false;
    const bool nanEqual = eq == &PyroValues::identical;
    const size_t seed = QHashSeed::globalSeed();
    QMultiHash<size_t, qsizetype> index;
    index.reserve(b.size());
    for (qsizetype i = 0; i < b.size(); ++i)
        index.insert(hashValue(b.at(i), seed, nanEqual), i);
    QList<bool> used(b.size(), false);
    for (const QVariant &item : a) {
        bool found = false;
        const size_t h = hashValue(item, seed, nanEqual);
        for (auto it = index.constFind(h); it != index.cend() && it.key() == h; ++it) {
            if (!used[it.value()] && eq(item, b.at(it.value()))) {
                used[it.value()] = true;
                found = true;
                break;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

bool operator==(const PyroSet &a, const PyroSet &b)
{
    return sameItemsAnyOrder(a.items(), b.items(), &PyroValues::equals);
}

PyroDict::PyroDict(std::initializer_list<Entry> entries)
{
    for (const Entry &e : entries)
        insert(e.first, e.second);
}

PyroDict::PyroDict(const QVariantMap &map)
{
    m_entries.reserve(map.size());
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        m_entries.append({QVariant(it.key()), it.value()});
}

void PyroDict::insert(const QVariant &key, const QVariant &value)
{
    for (Entry &e : m_entries) {
        if (PyroValues::equals(e.first, key)) {
            e.second = value;
            return;
        }
    }
    m_entries.append({key, value});
}

QVariant PyroDict::value(const QVariant &key, const QVariant &defaultValue) const
{
    for (const Entry &e : m_entries) {
        if (PyroValues::equals(e.first, key))
            return e.second;
    }
    return defaultValue;
}

bool PyroDict::contains(const QVariant &key) const
{
    for (const Entry &e : m_entries) {
        if (PyroValues::equals(e.first, key))
            return true;
    }
    return false;
}

bool PyroDict::hasOnlyStringKeys() const
{
    for (const Entry &e : m_entries) {
        if (e.first.typeId() != QMetaType::QString)
            return false;
    }
    return true;
}

QVariantMap PyroDict::toVariantMap() const
{
    QVariantMap map;
    for (const Entry &e : m_entries)
        map.insert(PyroValues::pythonStr(e.first), e.second);
    return map;
}

PyroDict PyroDict::fromPairs(QList<Entry> &&pairs)
{
    PyroDict dict;
    if (pairs.size() < 2) {
        dict.m_entries = std::move(pairs);
        return dict;
    }
    PyroValueIndex index(pairs.size());
    dict.m_entries.reserve(pairs.size());
    const auto keyAt = [&dict](qsizetype i) -> const QVariant & { return dict.m_entries.at(i).first; };
    for (Entry &pair : pairs) {
        const qsizetype existing = index.findOrInsert(pair.first, dict.m_entries.size(), keyAt);
        if (existing >= 0)
            dict.m_entries[existing].second = std::move(pair.second); // Python keeps the first key, last value
        else
            dict.m_entries.append(std::move(pair));
    }
    return dict;
}

static PyroDict asPyroDict(const QVariant &v)
{
    if (v.typeId() == PyroTypeIds::get().dict)
        return v.value<PyroDict>();
    if (v.typeId() == QMetaType::QVariantHash) {
        PyroDict dict;
        const QVariantHash hash = v.toHash();
        for (auto it = hash.cbegin(); it != hash.cend(); ++it)
            dict.append(it.key(), it.value());
        return dict;
    }
    return PyroDict(v.toMap());
}

static bool dictsEqual(const QVariant &a, const QVariant &b,
                       bool (*eq)(const QVariant &, const QVariant &))
{
    const PyroDict da = asPyroDict(a);
    const PyroDict db = asPyroDict(b);
    if (da.size() != db.size())
        return false;
    // identical() matches keys with itself, so that NaN keys (never equal) find their twin;
    // each key of b serves once, as a dict can hold several NaN keys.
    const auto sameKey = eq == &PyroValues::equals ? &PyroValues::equals : eq;
    QList<bool> used(db.size(), false);
    for (const PyroDict::Entry &e : da.entries()) {
        bool found = false;
        for (qsizetype i = 0; i < db.size(); ++i) {
            const PyroDict::Entry &f = db.entries().at(i);
            if (!used.at(i) && sameKey(e.first, f.first) && eq(e.second, f.second)) {
                used[i] = true;
                found = true;
                break;
            }
        }
        if (!found)
            return false;
    }
    return true;
}

bool operator==(const PyroDict &a, const PyroDict &b)
{
    return dictsEqual(QVariant::fromValue(a), QVariant::fromValue(b), &PyroValues::equals);
}

// ---- PyroSurrogateString -------------------------------------------------------------

PyroSurrogateString PyroSurrogateString::fromString(QStringView text)
{
    QList<char32_t> codePoints;
    codePoints.reserve(text.size());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text.utf16()[i];
        if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(text.utf16()[i + 1]))
            codePoints.append(QChar::surrogateToUcs4(c, text.utf16()[++i]));
        else
            codePoints.append(c);
    }
    return PyroSurrogateString(std::move(codePoints));
}

bool PyroSurrogateString::needsCodePoints(const QList<char32_t> &codePoints)
{
    for (qsizetype i = 1; i < codePoints.size(); ++i) {
        if (QChar::isLowSurrogate(codePoints.at(i)) && QChar::isHighSurrogate(codePoints.at(i - 1)))
            return true;
    }
    return false;
}

QVariant PyroSurrogateString::normalized(QList<char32_t> codePoints)
{
    PyroSurrogateString value(std::move(codePoints));
    if (needsCodePoints(value.m_codePoints))
        return QVariant::fromValue(std::move(value));
    return value.toString();
}

QString PyroSurrogateString::toString() const
{
    QString text;
    text.reserve(m_codePoints.size());
    for (char32_t cp : m_codePoints) {
        if (QChar::requiresSurrogates(cp)) {
            text += QChar(QChar::highSurrogate(cp));
            text += QChar(QChar::lowSurrogate(cp));
        } else {
            text += QChar(char16_t(cp));
        }
    }
    return text;
}

QList<char32_t> pyroStrCodePoints(const QVariant &value)
{
    if (value.typeId() == PyroTypeIds::get().surrogateString)
        return value.value<PyroSurrogateString>().codePoints();
    return PyroSurrogateString::fromString(value.toString()).codePoints();
}

QString pyroSurrogatesNotAllowed(const QList<char32_t> &codePoints)
{
    qsizetype start = 0;
    while (start < codePoints.size() && !QChar::isSurrogate(codePoints.at(start)))
        ++start;
    if (start == codePoints.size())
        return QString();
    // Python's UTF-8 encoder reports the whole run of consecutive surrogates.
    qsizetype end = start + 1;
    while (end < codePoints.size() && QChar::isSurrogate(codePoints.at(end)))
        ++end;
    if (end - start == 1)
        return u"'utf-8' codec can't encode character '\\u%1' in position %2: surrogates not allowed"_s
            .arg(uint(codePoints.at(start)), 4, 16, QChar(u'0')).arg(start);
    return u"'utf-8' codec can't encode characters in position %1-%2: surrogates not allowed"_s
        .arg(start).arg(end - 1);
}

// ---- free functions --------------------------------------------------------------------

QVariant PyroValues::none()
{
    return QVariant::fromValue(nullptr);
}

bool PyroValues::isNone(const QVariant &value)
{
    const int id = value.typeId();
    return id == QMetaType::UnknownType || id == QMetaType::Nullptr;
}

bool PyroValues::isIntegral(const QVariant &value)
{
    const PyroKind kind = pyroKind(value);
    return kind == PyroKind::Int || kind == PyroKind::BigInt;
}

namespace {

// A number as Python sees it, for cross-type comparison and hashing.
struct Number
{
    enum { NotANumber, Integer, Big, Real, Complex } kind = NotANumber;
    qint64 i = 0;
    PyroBigInt big;
    double real = 0;
    double imag = 0;
};

Number toNumber(const QVariant &v)
{
    Number n;
    switch (pyroKind(v)) {
    case PyroKind::Bool:
        n.kind = Number::Integer;
        n.i = v.toBool() ? 1 : 0;
        break;
    case PyroKind::Int:
        n.kind = Number::Integer;
        n.i = v.toLongLong();
        break;
    case PyroKind::BigInt: {
        n.big = v.typeId() == QMetaType::ULongLong ? PyroBigInt::fromUnsigned(v.toULongLong())
                                                   : v.value<PyroBigInt>();
        // A PyroBigInt built by hand may hold a small value: it is still that int.
        bool fits = false;
        const qlonglong small = n.big.toLongLong(&fits);
        if (fits) {
            n.kind = Number::Integer;
            n.i = small;
        } else if (n.big.isValid()) {
            n.kind = Number::Big;
        }
        break;
    }
    case PyroKind::Float:
        n.kind = Number::Real;
        n.real = v.toDouble();
        break;
    case PyroKind::Complex: {
        const auto c = v.value<PyroComplex>();
        if (c.imag() == 0) {
            n.kind = Number::Real;
            n.real = c.real();
        } else {
            n.kind = Number::Complex;
            n.real = c.real();
            n.imag = c.imag();
        }
        break;
    }
    default:
        break;
    }
    return n;
}

// True when value converts to qint64 without overflow ([-2^63, 2^63)); false for NaN.
bool inInt64Range(double value)
{
    return value >= -9223372036854775808.0 && value < 9223372036854775808.0;
}

bool numbersEqual(const Number &a, const Number &b)
{
    auto asReal = [](const Number &n, double *out) {
        if (n.kind == Number::Integer) {
            *out = double(n.i);
            return double(qint64(*out)) == *out || n.i == qint64(*out);
        }
        if (n.kind == Number::Real) {
            *out = n.real;
            return true;
        }
        return false;
    };
    if (a.kind == Number::Integer && b.kind == Number::Integer)
        return a.i == b.i;
    if (a.kind == Number::Big || b.kind == Number::Big) {
        if (a.kind == Number::Big && b.kind == Number::Big)
            return a.big == b.big;
        const Number &big = a.kind == Number::Big ? a : b;
        const Number &other = a.kind == Number::Big ? b : a;
        if (other.kind == Number::Real)
            return std::isfinite(other.real) && std::trunc(other.real) == other.real
                && (other.real < 0) == big.big.isNegative()
                && PyroBigIntMath::limbsFromIntegralDouble(other.real) == PyroBigIntPrivate::limbs(big.big);
        return false; // a normalized big int never equals a 64-bit int
    }
    if (a.kind == Number::Complex || b.kind == Number::Complex)
        return a.kind == b.kind && a.real == b.real && a.imag == b.imag;
    if (a.kind == Number::Integer && b.kind == Number::Real)
        return inInt64Range(b.real) && std::trunc(b.real) == b.real && qint64(b.real) == a.i;
    if (a.kind == Number::Real && b.kind == Number::Integer)
        return numbersEqual(b, a);
    double x = 0, y = 0;
    return asReal(a, &x) && asReal(b, &y) && x == y;
}

const QVariantList listItems(const QVariant &v)
{
    const int id = v.typeId();
    if (id == QMetaType::QVariantList)
        return v.toList();
    if (id == PyroTypeIds::get().tuple)
        return v.value<PyroTuple>().items();
    if (id == PyroTypeIds::get().set)
        return v.value<PyroSet>().items();
    if (id == QMetaType::QStringList) {
        QVariantList list;
        for (const QString &s : v.toStringList())
            list.append(s);
        return list;
    }
    if (id == QMetaType::QByteArrayList) {
        QVariantList list;
        for (const QByteArray &s : v.value<QByteArrayList>())
            list.append(s);
        return list;
    }
    if (v.canConvert<QSequentialIterable>()) {
        QVariantList list;
        const QSequentialIterable it = v.value<QSequentialIterable>();
        for (const QVariant &item : it)
            list.append(item);
        return list;
    }
    return {};
}

bool listsEqual(const QVariantList &a, const QVariantList &b,
                bool (*eq)(const QVariant &, const QVariant &))
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!eq(a.at(i), b.at(i)))
            return false;
    }
    return true;
}

bool isSequentialOther(const QVariant &v)
{
    return pyroKind(v) == PyroKind::Other && v.canConvert<QSequentialIterable>();
}

PyroKind effectiveKind(const QVariant &v)
{
    const PyroKind kind = pyroKind(v);
    if (kind == PyroKind::Other && isSequentialOther(v))
        return PyroKind::List;
    return kind;
}

bool sameValue(const QVariant &a, const QVariant &b, bool strict)
{
    auto eq = strict ? &PyroValues::identical : &PyroValues::equals;
    const PyroKind ka = effectiveKind(a);
    const PyroKind kb = effectiveKind(b);
    const auto isNumeric = [](PyroKind k) {
        return k == PyroKind::Bool || k == PyroKind::Int || k == PyroKind::BigInt
            || k == PyroKind::Float || k == PyroKind::Complex;
    };
    if (isNumeric(ka) && isNumeric(kb)) {
        if (strict) {
            const bool aInt = ka == PyroKind::Int || ka == PyroKind::BigInt;
            const bool bInt = kb == PyroKind::Int || kb == PyroKind::BigInt;
            if (aInt != bInt || (!aInt && ka != kb))
                return false;
            if (ka == PyroKind::Float) {
                const double x = a.toDouble();
                const double y = b.toDouble();
                if (std::isnan(x) || std::isnan(y))
                    return std::isnan(x) && std::isnan(y);
                return std::memcmp(&x, &y, sizeof x) == 0;
            }
            if (ka == PyroKind::Complex) {
                const auto x = a.value<PyroComplex>();
                const auto y = b.value<PyroComplex>();
                return sameValue(x.real(), y.real(), true) && sameValue(x.imag(), y.imag(), true);
            }
        }
        return numbersEqual(toNumber(a), toNumber(b));
    }
    if (ka != kb)
        return false;
    switch (ka) {
    case PyroKind::None:
        return true;
    case PyroKind::Str:
        if (a.typeId() == QMetaType::QString && b.typeId() == QMetaType::QString)
            return a.toString() == b.toString();
        return pyroStrCodePoints(a) == pyroStrCodePoints(b);
    case PyroKind::Bytes:
        return a.toByteArray() == b.toByteArray();
    case PyroKind::List:
    case PyroKind::Tuple:
        return listsEqual(listItems(a), listItems(b), eq);
    case PyroKind::Set: {
        const auto sa = a.value<PyroSet>();
        const auto sb = b.value<PyroSet>();
        if (strict && sa.kind() != sb.kind())
            return false;
        return sameItemsAnyOrder(sa.items(), sb.items(), eq);
    }
    case PyroKind::Dict:
        return dictsEqual(a, b, eq);
    default:
        return a == b;
    }
}

} // namespace

bool PyroValues::equals(const QVariant &a, const QVariant &b)
{
    return sameValue(a, b, false);
}

bool PyroValues::identical(const QVariant &a, const QVariant &b)
{
    return sameValue(a, b, true);
}

namespace {

// Qt's and Boost's hash combine (what qHashMulti uses): order-dependent and seeded.
size_t hashCombine(size_t seed, size_t h)
{
    return seed ^ (h + 0x9e3779b9 + (seed << 6) + (seed >> 2));
}

// NaN equals nothing, not even itself. With nanEqual false (the hash behind equals()) each
// NaN gets a hash of its own, as Python hashes a NaN by identity; a constant hash would put
// every NaN key in one bucket that no lookup can shorten. identical() counts NaNs equal,
// so its hash (nanEqual) gives them one value.
size_t nanHash(size_t seed, bool nanEqual)
{
    static std::atomic<quint64> counter{0};
    return nanEqual ? qHash(quint64(0x7ff8000000000000ULL), seed)
                    : qHash(counter.fetch_add(1, std::memory_order_relaxed) ^ 0x6e616eULL, seed);
}

size_t realHash(double real, size_t seed, bool nanEqual)
{
    if (std::isnan(real))
        return nanHash(seed, nanEqual);
    // Integral floats hash like the int they equal: as qint64, or as a big int's magnitude.
    if (std::isfinite(real) && std::trunc(real) == real) {
        if (inInt64Range(real))
            return qHash(qint64(real), seed);
        return PyroBigIntPrivate::hashMagnitude(PyroBigIntMath::limbsFromIntegralDouble(real), real < 0, seed);
    }
    return qHash(real, seed);
}

size_t hashValue(const QVariant &value, size_t seed, bool nanEqual)
{
    const Number n = toNumber(value);
    switch (n.kind) {
    case Number::Integer:
        return qHash(n.i, seed);
    case Number::Real:
        return realHash(n.real, seed, nanEqual);
    case Number::Big:
        return PyroBigIntPrivate::hash(n.big, seed);
    case Number::Complex:
        // Python's combination; a plain xor made every complex(x, x) hash alike.
        return realHash(n.real, seed, nanEqual) + 1000003 * realHash(n.imag, seed, nanEqual);
    case Number::NotANumber:
        break;
    }
    switch (effectiveKind(value)) {
    case PyroKind::None:
        return qHash(quint64(0x5f3759df), seed);
    case PyroKind::Str:
        // Equal strs have equal UTF-16 text (toString() of a PyroSurrogateString).
        return qHash(value.toString(), seed);
    case PyroKind::Bytes:
        return qHash(value.toByteArray(), seed);
    case PyroKind::Tuple:
    case PyroKind::List: {
        size_t h = qHash(quint64(0x7475706c), seed);
        for (const QVariant &item : listItems(value))
            h = hashCombine(h, hashValue(item, seed, nanEqual));
        return h;
    }
    case PyroKind::Set: {
        size_t h = qHash(quint64(0x736574), seed);
        const PyroSet set = value.value<PyroSet>(); // range-for over a temporary's member dangles
        for (const QVariant &item : set.items())
            h += hashValue(item, seed, nanEqual); // order-independent
        return h;
    }
    case PyroKind::Dict: {
        // Order-independent, and the same for QVariantMap, QVariantHash and PyroDict.
        size_t h = qHash(quint64(0x64696374), seed);
        const PyroDict dict = asPyroDict(value);
        for (const PyroDict::Entry &e : dict.entries())
            h += hashCombine(hashValue(e.first, seed, nanEqual), hashValue(e.second, seed, nanEqual));
        return h;
    }
    default:
        return qHash(QByteArray(value.typeName()), seed);
    }
}

} // namespace

size_t PyroValues::hash(const QVariant &value, size_t seed)
{
    return hashValue(value, seed, false);
}

PyroValueIndex::PyroValueIndex(qsizetype expected)
    : m_seed(QHashSeed::globalSeed())
{
    m_index.reserve(expected);
}

size_t PyroValueIndex::hashOf(const QVariant &value) const
{
    return hashValue(value, m_seed, false);
}

// Python keeps the first of several equal elements (1, 1.0 and True are one element).
QVariantList pyroWithoutDuplicates(QVariantList &&items)
{
    if (items.size() < 2)
        return std::move(items);
    QVariantList unique;
    unique.reserve(items.size());
    if (items.size() <= 8) {
        for (QVariant &item : items) {
            bool seen = false;
            for (const QVariant &kept : std::as_const(unique)) {
                if (PyroValues::equals(kept, item)) {
                    seen = true;
                    break;
                }
            }
            if (!seen)
                unique.append(std::move(item));
        }
        return unique;
    }
    PyroValueIndex index(items.size());
    const auto keyAt = [&unique](qsizetype i) -> const QVariant & { return unique.at(i); };
    for (QVariant &item : items) {
        if (index.findOrInsert(item, unique.size(), keyAt) < 0)
            unique.append(std::move(item));
    }
    return unique;
}

PyroKind pyroEffectiveKind(const QVariant &value)
{
    return effectiveKind(value);
}

PyroDict pyroAsDict(const QVariant &value)
{
    return asPyroDict(value);
}

QVariantList pyroListItems(const QVariant &value)
{
    return listItems(value);
}

QString PyroValues::pythonTypeName(const QVariant &value)
{
    switch (effectiveKind(value)) {
    case PyroKind::None:
        return u"NoneType"_s;
    case PyroKind::Bool:
        return u"bool"_s;
    case PyroKind::Int:
    case PyroKind::BigInt:
        return u"int"_s;
    case PyroKind::Float:
        return u"float"_s;
    case PyroKind::Complex:
        return u"complex"_s;
    case PyroKind::Str:
        return u"str"_s;
    case PyroKind::Bytes:
        return u"bytes"_s;
    case PyroKind::List:
        return u"list"_s;
    case PyroKind::Tuple:
        return u"tuple"_s;
    case PyroKind::Set:
        return value.value<PyroSet>().isFrozen() ? u"frozenset"_s : u"set"_s;
    case PyroKind::Dict:
        return u"dict"_s;
    case PyroKind::Other:
        break;
    }
    return QString::fromLatin1(value.typeName());
}

QByteArray PyroValues::floatRepr(double value)
{
    char buffer[32];
    const int n = pyroFormatFloatRepr(value, buffer);
    return QByteArray(buffer, n);
}

// ---- debug output ----------------------------------------------------------------------

QDebug operator<<(QDebug debug, const PyroTuple &value)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "PyroTuple(" << value.items() << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const PyroSet &value)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << (value.isFrozen() ? "PyroSet(frozen, " : "PyroSet(") << value.items() << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const PyroDict &value)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "PyroDict(";
    bool first = true;
    for (const auto &e : value.entries()) {
        if (!first)
            debug << ", ";
        first = false;
        debug << e.first << ": " << e.second;
    }
    debug << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const PyroBigInt &value)
{
    QDebugStateSaver saver(debug);
    debug.nospace().noquote() << "PyroBigInt(" << value.toString() << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const PyroSurrogateString &value)
{
    QDebugStateSaver saver(debug);
    debug.nospace().noquote() << "PyroSurrogateString(" << PyroValues::pythonRepr(QVariant::fromValue(value)) << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const PyroComplex &value)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "PyroComplex(" << value.real() << ", " << value.imag() << ')';
    return debug;
}
