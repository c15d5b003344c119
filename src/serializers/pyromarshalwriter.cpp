// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// CPython's marshal format, writing.
#include "pyromarshal_p.h"
#include "pyrotext_p.h"

#include "pyrobigint_p.h"
#include "pyroclassmapping_p.h"
#include "pyrovalues_p.h"

#include <QtCore/QVarLengthArray>
#include <QtCore/QtEndian>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

using namespace Qt::StringLiterals;
using namespace PyroMarshal;

namespace {


// ---- encoding ----------------------------------------------------------------------------

// The inverse: lone surrogates are written as 3-byte sequences so that a Python peer
// gets the same str back (marshal reads 'u' with surrogatepass). Unit char16_t is UTF-16
// (d needs 3 bytes per unit), char32_t code points (4 bytes per code point).
template <typename Unit>
char *encodeUtf8(const Unit *s, qsizetype n, char *d)
{
    for (qsizetype i = 0; i < n; ++i) {
        char32_t c = s[i];
        if constexpr (sizeof(Unit) == 2) {
            if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(s[i + 1]))
                c = QChar::surrogateToUcs4(char16_t(c), s[++i]);
        }
        d = PyroText::putUtf8(d, c); // a lone surrogate as 3 bytes: MarshalPolicy is Pass
    }
    return d;
}


class MarshalWriter
{
public:
    MarshalWriter(QByteArray &out, const PyroEncodeContext &context, PyroError *error)
        : m_out(out), m_context(context), m_error(error)
    {
    }

    bool write(const QVariant &value, int depth);
    bool writeBigInt(const QVariant &value);
    bool writeStr(const QVariant &value);
    bool writeList(const QVariant &value, int depth);
    bool writeDict(const QVariant &value, int depth);
    void putByte(uchar b) { m_out.append(char(b)); }
    void putCodeAndInt32(uchar code, qint32 v)
    {
        char buf[5];
        buf[0] = char(code);
        qToLittleEndian(v, buf + 1);
        m_out.append(buf, 5);
    }
    void putDouble(double d)
    {
        quint64 bits;
        std::memcpy(&bits, &d, sizeof bits);
        char buf[8];
        qToLittleEndian(bits, buf);
        m_out.append(buf, 8);
    }
    void putString(QStringView text) { putStringUnits(text.utf16(), text.size(), 3); }
    template <typename Unit>
    void putStringUnits(const Unit *units, qsizetype n, int maxBytesPerUnit);
    void putBytes(QByteArrayView bytes)
    {
        putCodeAndInt32(CodeBytes, qint32(bytes.size()));
        m_out.append(bytes.data(), bytes.size());
    }
    bool checkLength(qsizetype n)
    {
        if (n <= std::numeric_limits<qint32>::max())
            return true;
        return fail(u"object too large for marshal (%1 items or bytes)"_s.arg(n));
    }
    void putInt64(qint64 v);
    void putLong64(quint64 magnitude, bool negative);
    void putBigInt(const PyroBigInt &big);

    bool writeItems(uchar code, const QVariantList &items, int depth)
    {
        if (!checkLength(items.size()))
            return false;
        putCodeAndInt32(code, qint32(items.size()));
        for (const QVariant &item : items) {
            if (!write(item, depth + 1))
                return false;
        }
        return true;
    }

    bool fail(const QString &message)
    {
        if (m_error)
            *m_error = PyroClassMapping::serializeError(message);
        return false;
    }
    bool tooDeep()
    {
        if (m_error)
            *m_error = PyroClassMapping::tooDeep(u"marshal"_s, PyroMarshalSerializer::DefaultMaxDepth);
        return false;
    }

private:
    // Room for n more bytes, growing geometrically (an exact reserve per string would
    // reallocate on every one).
    char *grow(qsizetype n)
    {
        const qsizetype size = m_out.size();
        if (m_out.capacity() - size < n)
            m_out.reserve(qMax(size + n, 2 * m_out.capacity()));
        m_out.resize(size + n);
        return m_out.data() + size;
    }

    QByteArray &m_out;
    const PyroEncodeContext &m_context;
    PyroError *const m_error;
};

template <typename Unit>
void MarshalWriter::putStringUnits(const Unit *units, qsizetype n, int maxBytesPerUnit)
{
    const qsizetype start = m_out.size();
    char *const head = grow(5 + maxBytesPerUnit * n);
    char *const end = encodeUtf8(units, n, head + 5);
    const qsizetype length = end - (head + 5);
    head[0] = char(CodeUnicode);
    qToLittleEndian(qint32(length), head + 1);
    m_out.resize(start + 5 + length);
}

void MarshalWriter::putInt64(qint64 v)
{
    if (v >= std::numeric_limits<qint32>::min() && v <= std::numeric_limits<qint32>::max())
        putCodeAndInt32(CodeInt, qint32(v));
    else
        putLong64(v < 0 ? 0 - quint64(v) : quint64(v), v < 0);
}

// Python writes every int outside int32 as 'l' (the 64-bit 'I' is gone since version 2).
void MarshalWriter::putLong64(quint64 magnitude, bool negative)
{
    char buf[5 + 5 * 2]; // 64 bits take at most 5 digits of 15
    int count = 0;
    while (magnitude) {
        qToLittleEndian(quint16(magnitude & LongDigitMask), buf + 5 + 2 * count);
        magnitude >>= LongShift;
        ++count;
    }
    buf[0] = char(CodeLong);
    qToLittleEndian(qint32(negative ? -count : count), buf + 1);
    m_out.append(buf, 5 + 2 * count);
}

void MarshalWriter::putBigInt(const PyroBigInt &big)
{
    const QList<quint16> digits = PyroBigIntMath::toBase15(PyroBigIntPrivate::limbs(big));
    const qint32 count = qint32(digits.size());
    putCodeAndInt32(CodeLong, big.isNegative() ? -count : count);
    char *d = grow(2 * count);
    for (quint16 digit : digits) {
        qToLittleEndian(digit, d);
        d += 2;
    }
}

bool MarshalWriter::writeBigInt(const QVariant &value)
{
    const int id = value.typeId();
    if (id == QMetaType::ULongLong) { // above INT64_MAX
        putLong64(value.toULongLong(), false);
        return true;
    }
    const PyroBigInt big = value.value<PyroBigInt>();
    if (!big.isValid())
        return fail(u"invalid PyroBigInt"_s);
    bool fits = false;
    const qlonglong small = big.toLongLong(&fits);
    if (fits)
        putInt64(small);
    else
        putBigInt(big);
    return true;
}

bool MarshalWriter::writeStr(const QVariant &value)
{
    const int id = value.typeId();
    if (id == QMetaType::QString) {
        const QString &text = *static_cast<const QString *>(value.constData());
        if (!checkLength(3 * text.size()))
            return false;
        putString(text);
    } else if (id == qMetaTypeId<PyroSurrogateString>()) {
        const auto &codePoints = static_cast<const PyroSurrogateString *>(value.constData())->codePoints();
        if (!checkLength(4 * codePoints.size()))
            return false;
        putStringUnits(codePoints.constData(), codePoints.size(), 4);
    } else {
        const QChar c = value.toChar();
        putString(QStringView(&c, 1));
    }
    return true;
}

bool MarshalWriter::writeList(const QVariant &value, int depth)
{
    const int id = value.typeId();
    if (id == QMetaType::QVariantList)
        return writeItems(CodeList, *static_cast<const QVariantList *>(value.constData()), depth);
    if (id == QMetaType::QStringList) {
        const QStringList &strings = *static_cast<const QStringList *>(value.constData());
        if (!checkLength(strings.size()))
            return false;
        if (!strings.isEmpty() && depth + 1 > PyroMarshalSerializer::DefaultMaxDepth)
            return tooDeep();
        putCodeAndInt32(CodeList, qint32(strings.size()));
        for (const QString &s : strings) {
            if (!checkLength(3 * s.size()))
                return false;
            putString(s);
        }
        return true;
    }
    if (id == QMetaType::QByteArrayList) {
        const QByteArrayList &list = *static_cast<const QByteArrayList *>(value.constData());
        if (!checkLength(list.size()))
            return false;
        if (!list.isEmpty() && depth + 1 > PyroMarshalSerializer::DefaultMaxDepth)
            return tooDeep();
        putCodeAndInt32(CodeList, qint32(list.size()));
        for (const QByteArray &b : list) {
            if (!checkLength(b.size()))
                return false;
            putBytes(b);
        }
        return true;
    }
    return writeItems(CodeList, PyroClassMapping::listItems(value), depth);
}

bool MarshalWriter::writeDict(const QVariant &value, int depth)
{
    const int id = value.typeId();
    putByte(CodeDict);
    if (id == QMetaType::QVariantMap) {
        const QVariantMap &map = *static_cast<const QVariantMap *>(value.constData());
        if (!map.isEmpty() && depth + 1 > PyroMarshalSerializer::DefaultMaxDepth)
            return tooDeep();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            putString(it.key());
            if (!write(it.value(), depth + 1))
                return false;
        }
    } else if (id == QMetaType::QVariantHash) {
        const QVariantHash &hash = *static_cast<const QVariantHash *>(value.constData());
        if (!hash.isEmpty() && depth + 1 > PyroMarshalSerializer::DefaultMaxDepth)
            return tooDeep();
        for (auto it = hash.cbegin(); it != hash.cend(); ++it) {
            putString(it.key());
            if (!write(it.value(), depth + 1))
                return false;
        }
    } else {
        for (const PyroDict::Entry &e : static_cast<const PyroDict *>(value.constData())->entries()) {
            if (!write(e.first, depth + 1) || !write(e.second, depth + 1))
                return false;
        }
    }
    putByte(CodeNull);
    return true;
}

bool MarshalWriter::write(const QVariant &value, int depth)
{
    if (depth > PyroMarshalSerializer::DefaultMaxDepth)
        return tooDeep();
    const int id = value.typeId();
    switch (pyroKind(value)) {
    case PyroKind::None:
        putByte(CodeNone);
        return true;
    case PyroKind::Bool:
        putByte(value.toBool() ? CodeTrue : CodeFalse);
        return true;
    case PyroKind::Int:
        putInt64(id == QMetaType::LongLong ? *static_cast<const qlonglong *>(value.constData())
                                           : value.toLongLong());
        return true;
    case PyroKind::BigInt:
        return writeBigInt(value);
    case PyroKind::Float:
        putByte(CodeFloat);
        putDouble(value.toDouble());
        return true;
    case PyroKind::Complex: {
        const PyroComplex c = value.value<PyroComplex>();
        putByte(CodeComplex);
        putDouble(c.real());
        putDouble(c.imag());
        return true;
    }
    case PyroKind::Str:
        return writeStr(value);
    case PyroKind::Bytes: {
        const QByteArray &bytes = *static_cast<const QByteArray *>(value.constData());
        if (!checkLength(bytes.size()))
            return false;
        putBytes(bytes);
        return true;
    }
    case PyroKind::List:
        return writeList(value, depth);
    case PyroKind::Tuple:
        return writeItems(CodeTuple, static_cast<const PyroTuple *>(value.constData())->items(), depth);
    case PyroKind::Set: {
        const PyroSet &set = *static_cast<const PyroSet *>(value.constData());
        return writeItems(set.isFrozen() ? CodeFrozenSet : CodeSet, set.items(), depth);
    }
    case PyroKind::Dict:
        return writeDict(value, depth);
    case PyroKind::Other: {
        const QVariant wire = PyroClassMapping::toWire(value, m_context, PyroSerializerIds::Marshal, m_error);
        if (!wire.isValid())
            return false;
        if (pyroKind(wire) == PyroKind::Other)
            return fail(u"don't know how to serialize class <class '%1'> using serializer MarshalSerializer"_s
                            .arg(QString::fromLatin1(value.typeName())));
        // The replacement stands in for the value at the same depth.
        return write(wire, depth);
    }
    }
    return fail(u"unsupported value"_s);
}

} // namespace

/*
    Appends the marshal encoding of \a value to \a out, using only the codes every
    marshal version reads and no back-references. Values without a marshal form go
    through the class mapping (class dicts, ISO text for dates) at any depth. On
    failure \a out keeps its original size and \a error says why.
*/
bool PyroMarshalSerializer::encode(QByteArray &out, const QVariant &value,
                                   const PyroEncodeContext &context, PyroError *error) const
{
    const qsizetype original = out.size();
    MarshalWriter writer(out, context, error);
    if (!writer.write(value, 1)) {
        out.resize(original);
        return false;
    }
    return true;
}

/*
    Encodes \a call as Pyro5's marshal serializer does: the 4-tuple
    (object, method, vargs, kwargs) with vargs always a list. kwargs may be None
    (attribute access, batches), which the Python marshal client cannot send but a
    Python daemon accepts.
*/
bool PyroMarshalSerializer::encodeCall(QByteArray &out, const PyroCall &call,
                                       const PyroEncodeContext &context, PyroError *error) const
{
    const qsizetype original = out.size();
    MarshalWriter writer(out, context, error);
    writer.putCodeAndInt32(CodeTuple, 4);
    const bool ok = writer.write(call.object, 2) && writer.write(call.method, 2)
        && writer.write(call.args, 2) && writer.write(call.kwargs, 2);
    if (!ok) {
        out.resize(original);
        return false;
    }
    return true;
}
