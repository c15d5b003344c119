// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "qtpyro_export.h"

#include <QtCore/QDebug>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>
#include <QtCore/QVariant>

#include <initializer_list>
#include <memory>
#include <utility>

/*
 * The value model: what a Python value becomes in C++.
 *
 * Plain Qt types where they fit:
 *   None -> QVariant::fromValue(nullptr) (an invalid QVariant is accepted as None too)
 *   bool -> bool, int (64-bit) -> qlonglong, float -> double, str -> QString,
 *   bytes -> QByteArray, list -> QVariantList, dict with only str keys -> QVariantMap
 * and the registered value types below where Python makes a distinction Qt does not:
 *   tuple -> PyroTuple, set/frozenset -> PyroSet, dict with other keys -> PyroDict,
 *   int beyond 64 bits -> PyroBigInt, complex -> PyroComplex,
 *   str that UTF-16 cannot hold exactly (a surrogate code point directly followed by
 *   another, e.g. '\ud83d\ude00') -> PyroSurrogateString.
 * The Pyro5 class dicts map to PyroUri, PyroObjectRef (a proxy) and PyroError
 * (exceptions); those live on the floors above.
 */

class QTPYRO_EXPORT PyroTuple
{
public:
    PyroTuple() = default;
    PyroTuple(std::initializer_list<QVariant> items) : m_items(items) { }
    explicit PyroTuple(QVariantList items) : m_items(std::move(items)) { }

    // Ref-qualified so that `for (auto &x : tupleValue().items())` on a temporary is safe.
    const QVariantList &items() const & { return m_items; }
    QVariantList &items() & { return m_items; }
    QVariantList items() && { return std::move(m_items); }
    qsizetype size() const { return m_items.size(); }
    bool isEmpty() const { return m_items.isEmpty(); }
    const QVariant &at(qsizetype i) const { return m_items.at(i); }
    QVariantList toList() const { return m_items; }

    friend QTPYRO_EXPORT bool operator==(const PyroTuple &a, const PyroTuple &b);
    friend bool operator!=(const PyroTuple &a, const PyroTuple &b) { return !(a == b); }

private:
    QVariantList m_items;
};

/*
 * A Python set or frozenset. Items keep the order they arrived in, but equality
 * ignores it, as Python's does.
 */
class QTPYRO_EXPORT PyroSet
{
public:
    enum class Kind { Set, FrozenSet };

    PyroSet() = default;
    PyroSet(std::initializer_list<QVariant> items) : m_items(items) { }
    explicit PyroSet(QVariantList items, Kind kind = Kind::Set)
        : m_items(std::move(items)), m_kind(kind) { }

    // Ref-qualified so that `for (auto &x : tupleValue().items())` on a temporary is safe.
    const QVariantList &items() const & { return m_items; }
    QVariantList &items() & { return m_items; }
    QVariantList items() && { return std::move(m_items); }
    qsizetype size() const { return m_items.size(); }
    bool isEmpty() const { return m_items.isEmpty(); }
    bool contains(const QVariant &value) const;
    Kind kind() const { return m_kind; }
    bool isFrozen() const { return m_kind == Kind::FrozenSet; }
    void setKind(Kind kind) { m_kind = kind; }
    QVariantList toList() const { return m_items; }
    QStringList toStringList() const;

    friend QTPYRO_EXPORT bool operator==(const PyroSet &a, const PyroSet &b);
    friend bool operator!=(const PyroSet &a, const PyroSet &b) { return !(a == b); }

private:
    QVariantList m_items;
    Kind m_kind = Kind::Set;
};

/*
 * A Python dict whose keys are not all strings (ints, tuples, floats, bools, None...),
 * or any dict whose insertion order must be kept exactly. Entries keep their order;
 * keys that Python considers equal (1, 1.0 and True) are one key, the last value wins.
 */
class QTPYRO_EXPORT PyroDict
{
public:
    using Entry = std::pair<QVariant, QVariant>;

    PyroDict() = default;
    PyroDict(std::initializer_list<Entry> entries);
    explicit PyroDict(const QVariantMap &map);

    // Ref-qualified so that `for (auto &e : dictValue().entries())` on a temporary is safe.
    const QList<Entry> &entries() const & { return m_entries; }
    QList<Entry> entries() && { return std::move(m_entries); }
    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }

    // Replaces the value of an equal key, else appends. Linear in size().
    void insert(const QVariant &key, const QVariant &value);
    // Appends without looking for an equal key: for builders that know the keys are unique.
    void append(const QVariant &key, const QVariant &value) { m_entries.append({key, value}); }
    QVariant value(const QVariant &key, const QVariant &defaultValue = QVariant()) const;
    bool contains(const QVariant &key) const;
    bool hasOnlyStringKeys() const;
    QVariantMap toVariantMap() const; // keys converted with PyroValues::pythonStr for non-strings

    // Builds a dict from decoded pairs with Python's "last one wins" rule, in linear time.
    static PyroDict fromPairs(QList<Entry> &&pairs);

    friend QTPYRO_EXPORT bool operator==(const PyroDict &a, const PyroDict &b);
    friend bool operator!=(const PyroDict &a, const PyroDict &b) { return !(a == b); }

private:
    QList<Entry> m_entries;
};

/*
 * A Python int that does not fit in 64 bits. Its canonical text is the decimal one
 * ("-1180591620717411303424"); values that fit in a qlonglong are never PyroBigInt
 * after decoding. Values decoded from a binary form (marshal longs, serpent 0x/0o/0b
 * literals) keep their binary magnitude and produce the decimal text only when asked
 * for it (digits(), toString()); copies share both forms, so each is computed once.
 */
class QTPYRO_EXPORT PyroBigInt
{
public:
    PyroBigInt() = default;
    // Accepts an optional sign and decimal digits; invalid text gives an invalid PyroBigInt.
    static PyroBigInt fromString(QStringView text);
    static PyroBigInt fromLatin1(QByteArrayView text);
    static PyroBigInt fromUnsigned(quint64 value);

    bool isValid() const { return d != nullptr; }
    bool isNegative() const { return m_negative; }
    QString toString() const;
    QByteArray toLatin1() const;
    // The magnitude's decimal digits, without sign.
    const QByteArray &digits() const;
    bool fitsInt64() const;
    qlonglong toLongLong(bool *ok = nullptr) const;
    bool fitsUInt64() const;
    quint64 toULongLong(bool *ok = nullptr) const;
    double toDouble() const;

    // The value itself, or a plain qlonglong QVariant when it fits.
    static QVariant normalized(const PyroBigInt &value);

    // Decimal texts longer than this are refused (like CPython's int_max_str_digits), so
    // hostile input cannot make the quadratic decimal conversions run for minutes.
    static constexpr qsizetype MaxDecimalDigits = 4300;

    friend QTPYRO_EXPORT bool operator==(const PyroBigInt &a, const PyroBigInt &b);
    friend bool operator!=(const PyroBigInt &a, const PyroBigInt &b) { return !(a == b); }

private:
    friend struct PyroBigIntPrivate;
    struct Data;
    quint64 toULongLongMagnitude(bool *ok) const;
    std::shared_ptr<const Data> d; // null: invalid
    bool m_negative = false;
};

class QTPYRO_EXPORT PyroComplex
{
public:
    constexpr PyroComplex() = default;
    constexpr PyroComplex(double real, double imag) : m_real(real), m_imag(imag) { }
    constexpr double real() const { return m_real; }
    constexpr double imag() const { return m_imag; }
    friend bool operator==(const PyroComplex &a, const PyroComplex &b)
    { return a.m_real == b.m_real && a.m_imag == b.m_imag; }
    friend bool operator!=(const PyroComplex &a, const PyroComplex &b) { return !(a == b); }

private:
    double m_real = 0;
    double m_imag = 0;
};

/*
 * A Python str that a QString cannot hold exactly: its code points include a high
 * surrogate directly followed by a low one ('\ud83d\ude00', 2 code points), which UTF-16
 * would read back as one astral character. Decoders produce it only then; every other
 * str, lone surrogates included (as unpaired UTF-16 units), is a QString. Serpent and
 * marshal carry it exactly; json and msgpack refuse it, as Python's encoders do.
 */
class QTPYRO_EXPORT PyroSurrogateString
{
public:
    PyroSurrogateString() = default;
    explicit PyroSurrogateString(QList<char32_t> codePoints) : m_codePoints(std::move(codePoints)) { }
    // The code points of UTF-16 text: a valid pair is one code point, an unpaired unit is
    // a surrogate code point.
    static PyroSurrogateString fromString(QStringView text);
    // A QString when the code points fit one exactly, else a PyroSurrogateString.
    static QVariant normalized(QList<char32_t> codePoints);
    // True when UTF-16 cannot hold these code points exactly.
    static bool needsCodePoints(const QList<char32_t> &codePoints);

    const QList<char32_t> &codePoints() const { return m_codePoints; }
    // Python's len().
    qsizetype size() const { return m_codePoints.size(); }
    bool isEmpty() const { return m_codePoints.isEmpty(); }
    // UTF-16, where adjacent high and low surrogate code points become one character.
    QString toString() const;

    friend bool operator==(const PyroSurrogateString &a, const PyroSurrogateString &b)
    { return a.m_codePoints == b.m_codePoints; }
    friend bool operator!=(const PyroSurrogateString &a, const PyroSurrogateString &b) { return !(a == b); }

private:
    QList<char32_t> m_codePoints;
};

// The Python type family of a QVariant, used by every encoder's dispatch
// (PyroValues::kindOf()) and by equality.
enum class PyroKind {
    None,
    Bool,
    Int,      // any integral QVariant that fits in 64 bits (int, uint, qlonglong, short, ...)
    BigInt,   // PyroBigInt, or a qulonglong above INT64_MAX
    Float,
    Complex,
    Str,
    Bytes,
    List,     // QVariantList, QStringList, QByteArrayList, other sequential containers
    Tuple,
    Set,
    Dict,     // QVariantMap, QVariantHash, PyroDict
    Other     // anything else: class dicts, Pyro types, user types
};


namespace PyroValues {

// The Python type family of value: what a serializer writes it as.
QTPYRO_EXPORT PyroKind kindOf(const QVariant &value);

// Python's None.
QTPYRO_EXPORT QVariant none();
// True for None: a QVariant holding nullptr, or an invalid QVariant.
QTPYRO_EXPORT bool isNone(const QVariant &value);

// An int from any integral QVariant (int, uint, qlonglong, qulonglong, short, char, enums...),
// as qlonglong or PyroBigInt. Returns false when the value is not integral.
QTPYRO_EXPORT bool isIntegral(const QVariant &value);

// Python equality: 1 == 1.0 == True, tuple != list, sets ignore order, dicts ignore order.
QTPYRO_EXPORT bool equals(const QVariant &a, const QVariant &b);
// Strict equality for tests: the Python types must match too (1 != 1.0 != True),
// floats compare bitwise except that any NaN equals any NaN.
QTPYRO_EXPORT bool identical(const QVariant &a, const QVariant &b);
// A hash consistent with equals(); each NaN hashes apart (NaN == nothing: Python's identity hash).
QTPYRO_EXPORT size_t hash(const QVariant &value, size_t seed = 0);

// The Python type name of a value ("int", "tuple", "NoneType", ...), for messages.
QTPYRO_EXPORT QString pythonTypeName(const QVariant &value);

// Python's repr() of a double ("1.0", "1e+16", "nan", "-inf").
QTPYRO_EXPORT QByteArray floatRepr(double value);

// Python's repr() and str() of a value ("(1, 'a')", "b'\\x00'", "frozenset({1})", "None"),
// for messages and for the text of non-string dict keys. str() differs only for str values,
// which it returns as they are. Other types give QVariant::toString(), or "<TypeName>".
QTPYRO_EXPORT QString pythonRepr(const QVariant &value);
QTPYRO_EXPORT QString pythonStr(const QVariant &value);

// How pythonRepr() shortens and spaces its text.
struct ReprOptions
{
    // Containers nested deeper than this print as "..."; 0: no limit.
    int maxDepth = 0;
    // A str or bytes longer than this shows its first maxLength characters and "..."
    // inside the quotes; 0: no limit.
    qsizetype maxLength = 0;
    // No space after "," and ":" ("[1,2]", "{1:2}"), as serpent writes literals.
    bool compact = false;
};

// repr() with options, for diagnostics (the daemon's detailed tracebacks: shortened) and
// tools (compact):
//   PyroValues::ReprOptions shortened;
//   shortened.maxDepth = 8;
//   shortened.maxLength = 200;
//   PyroValues::pythonRepr(args, shortened);
QTPYRO_EXPORT QString pythonRepr(const QVariant &value, const ReprOptions &options);

} // namespace PyroValues

QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroTuple &value);
QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroSet &value);
QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroDict &value);
QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroBigInt &value);
QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroComplex &value);
QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroSurrogateString &value);

Q_DECLARE_TYPEINFO(PyroTuple, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(PyroSet, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(PyroDict, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(PyroBigInt, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(PyroComplex, Q_PRIMITIVE_TYPE);
Q_DECLARE_TYPEINFO(PyroSurrogateString, Q_RELOCATABLE_TYPE);

Q_DECLARE_METATYPE(PyroTuple)
Q_DECLARE_METATYPE(PyroSet)
Q_DECLARE_METATYPE(PyroDict)
Q_DECLARE_METATYPE(PyroBigInt)
Q_DECLARE_METATYPE(PyroComplex)
Q_DECLARE_METATYPE(PyroSurrogateString)
