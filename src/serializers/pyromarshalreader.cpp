// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// CPython's marshal format, reading.
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


// ---- decoding ----------------------------------------------------------------------------

const QString &classKey()
{
    static const QString key = u"__class__"_s;
    return key;
}

// UTF-8 with CPython's "surrogatepass" (PyroText::MarshalPolicy).
// Strict UTF-8 like Python's decoder, except that encoded surrogates (ED A0..BF xx) are
// accepted: CPython writes str with lone surrogates that way. Returns false on bad input.
// Unit char16_t stops with *merges when a low surrogate code point follows a high one:
// UTF-16 would read those back as one character.
template <typename Unit>
bool decodeUtf8Units(const uchar *s, qsizetype n, qsizetype i, Unit *&w, bool *merges)
{
    Unit *const begin = w;
    while (i < n) {
        const uchar b = s[i];
        if (b < 0x80) {
            *w++ = b;
            ++i;
        } else {
            char32_t cp = 0;
            const int length = PyroText::utf8Sequence(s + i, s + n, &cp, PyroText::MarshalPolicy);
            if (!length)
                return false;
            // an astral pair ends with its low unit, so a high unit before is a lone one
            if (sizeof(Unit) == 2 && QChar::isLowSurrogate(cp) && w > begin && QChar::isHighSurrogate(w[-1])) {
                *merges = true;
                return true;
            }
            if (sizeof(Unit) == 2 && cp >= 0x10000) {
                *w++ = Unit(QChar::highSurrogate(cp));
                *w++ = Unit(QChar::lowSurrogate(cp));
            } else {
                *w++ = Unit(cp);
            }
            i += length;
        }
    }
    return true;
}

// A QString, or a PyroSurrogateString when UTF-16 cannot keep the code points apart.
bool decodeUtf8(const uchar *s, qsizetype n, QVariant *out)
{
    qsizetype i = 0;
    while (i < n && s[i] < 0x80)
        ++i;
    if (i == n) {
        *out = QString::fromLatin1(reinterpret_cast<const char *>(s), n);
        return true;
    }
    // Every UTF-8 byte yields at most one UTF-16 unit, so n units are always enough.
    QString result(n, Qt::Uninitialized);
    char16_t *const begin = reinterpret_cast<char16_t *>(result.data());
    char16_t *w = begin;
    for (qsizetype k = 0; k < i; ++k)
        *w++ = s[k];
    bool merges = false;
    if (!decodeUtf8Units(s, n, i, w, &merges))
        return false;
    if (!merges) {
        result.truncate(w - begin);
        *out = std::move(result);
        return true;
    }
    QList<char32_t> codePoints(n);
    char32_t *w32 = codePoints.data();
    for (qsizetype k = 0; k < i; ++k)
        *w32++ = s[k];
    if (!decodeUtf8Units(s, n, i, w32, &merges))
        return false;
    codePoints.resize(w32 - codePoints.constData());
    *out = QVariant::fromValue(PyroSurrogateString(std::move(codePoints)));
    return true;
}

// Python float() text, for the 'f'/'x' codes of marshal versions 0 and 1.

bool equalsNoCase(QByteArrayView text, const char *word)
{
    const qsizetype len = qsizetype(std::strlen(word));
    if (text.size() != len)
        return false;
    for (qsizetype i = 0; i < len; ++i) {
        const char c = text[i];
        if ((c >= 'A' && c <= 'Z' ? char(c + 32) : c) != word[i])
            return false;
    }
    return true;
}

// What CPython's PyOS_string_to_double accepts (no whitespace, no underscores), with
// overflow giving +-inf and underflow 0 as marshal does.
bool parsePythonFloat(QByteArrayView text, double *result)
{
    qsizetype i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        negative = text[i] == '-';
        ++i;
    }
    const QByteArrayView body = text.sliced(i);
    if (equalsNoCase(body, "inf") || equalsNoCase(body, "infinity")) {
        *result = negative ? -HUGE_VAL : HUGE_VAL;
        return true;
    }
    if (equalsNoCase(body, "nan")) {
        *result = negative ? -std::numeric_limits<double>::quiet_NaN()
                           : std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    // Validate the decimal grammar ourselves: from_chars is laxer in places.
    const auto isDigitAt = [&body](qsizetype k) { return k < body.size() && body[k] >= '0' && body[k] <= '9'; };
    qsizetype digits = 0;
    qsizetype j = 0;
    for (; isDigitAt(j); ++j)
        ++digits;
    if (j < body.size() && body[j] == '.') {
        for (++j; isDigitAt(j); ++j)
            ++digits;
    }
    if (digits == 0)
        return false;
    if (j < body.size() && (body[j] == 'e' || body[j] == 'E')) {
        ++j;
        if (j < body.size() && (body[j] == '+' || body[j] == '-'))
            ++j;
        const qsizetype expStart = j;
        while (isDigitAt(j))
            ++j;
        if (j == expStart)
            return false;
    }
    if (j != body.size())
        return false;
    double value = 0;
    if (!PyroText::decimalToDouble(body.data(), body.data() + body.size(), &value))
        return false;
    *result = negative ? -value : value;
    return true;
}


bool isHashable(const QVariant &v)
{
    const int id = v.typeId();
    switch (pyroKind(id)) {
    case PyroKind::List:
    case PyroKind::Dict:
    case PyroKind::Other: // a class dict mapped to a Pyro type: it was a dict on the wire
        return false;
    case PyroKind::Set:
        return static_cast<const PyroSet *>(v.constData())->isFrozen();
    case PyroKind::Tuple:
        for (const QVariant &item : static_cast<const PyroTuple *>(v.constData())->items()) {
            if (!isHashable(item))
                return false;
        }
        return true;
    default:
        return true;
    }
}

class MarshalReader
{
public:
    MarshalReader(QByteArrayView data, const PyroDecodeOptions &options, PyroError *error)
        : m_begin(reinterpret_cast<const uchar *>(data.data())),
          m_pos(m_begin),
          m_end(m_begin + data.size()),
          m_maxDepth(options.maxDepth > 0 ? options.maxDepth : PyroMarshalSerializer::DefaultMaxDepth),
          m_mapClassDicts(options.mapClassDicts),
          m_error(error),
          m_maxNodes(MinNodeBudget + NodesPerByte * data.size()),
          m_maxItems(options.maxItems)
    {
    }

    QVariant readAll()
    {
        QVariant value;
        if (!readValue(&value, 1))
            return QVariant();
        if (m_pos != m_end) {
            fail(u"%1 bytes of extra data after the value"_s.arg(m_end - m_pos));
            return QVariant();
        }
        return value;
    }

private:
    qsizetype remaining() const { return m_end - m_pos; }
    qsizetype offset() const { return m_pos - m_begin; }

    bool fail(const QString &what)
    {
        if (m_error)
            *m_error = PyroClassMapping::serializeError(
                u"invalid marshal data at offset %1: %2"_s.arg(offset()).arg(what));
        return false;
    }
    bool tooShort() { return fail(u"data too short"_s); }
    // Charges n container elements against PyroDecodeOptions::maxItems.
    bool charge(qint64 n)
    {
        m_items += n;
        if (m_maxItems <= 0 || m_items <= m_maxItems)
            return true;
        if (m_error)
            *m_error = PyroClassMapping::tooManyItems(m_maxItems);
        return false;
    }

    bool need(qsizetype n) { return remaining() >= n || tooShort(); }

    qint32 takeInt32()
    {
        const qint32 v = qFromLittleEndian<qint32>(m_pos);
        m_pos += 4;
        return v;
    }
    double takeDouble()
    {
        const quint64 bits = qFromLittleEndian<quint64>(m_pos);
        m_pos += 8;
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }

    // A length prefix that must fit in what is left, each unit taking at least unitSize
    // bytes: checked before anything is allocated for it.
    bool readLength(qsizetype unitSize, qsizetype *length)
    {
        if (!need(4))
            return false;
        const qint32 n = takeInt32();
        if (n < 0)
            return fail(u"negative size %1"_s.arg(n));
        if (qsizetype(n) > remaining() / unitSize)
            return fail(u"size %1 exceeds the %2 remaining bytes"_s.arg(n).arg(remaining()));
        *length = n;
        return true;
    }

    bool readValue(QVariant *out, int depth);
    // The non-container codes, kept out of readValue() so that the frame repeated for
    // every nesting level stays small (2000 levels must fit any thread's stack, also in
    // sanitizer builds).
    Q_NEVER_INLINE bool readScalar(uchar byte, QVariant *out);
    Q_NEVER_INLINE bool readRef(QVariant *out, int depth);
    Q_NEVER_INLINE bool failTooDeep();
    bool readLong(QVariant *out);
    bool readFloatText(double *out);
    bool readSequence(uchar code, QVariant *out, int depth);
    bool readDict(QVariant *out, int depth);
    using DictEntries = QVarLengthArray<PyroDict::Entry, 8>;
    // The end of readDict(), out of its (recursive) frame like readScalar().
    Q_NEVER_INLINE bool finishDict(DictEntries &pairs, bool allStringKeys, bool hasClassKey,
                                   QVariant *out);

    const uchar *const m_begin;
    const uchar *m_pos;
    const uchar *const m_end;
    const int m_maxDepth;
    const bool m_mapClassDicts;
    PyroError *const m_error;

    // References let a few bytes stand for a whole subtree. The QVariant shares it, but
    // whoever walks the result (hashing here, equality, other encoders, the destructor)
    // sees it expanded, so the expanded size and height are bounded like plain input:
    // a chain of tuples each holding two references to the previous one must not become
    // 2^n nodes, nor a chain of single references an arbitrarily deep value.
    static constexpr qint64 MinNodeBudget = 1 << 20;
    static constexpr qint64 NodesPerByte = 8;
    const qint64 m_maxNodes;
    qint64 m_nodes = 0;    // values produced so far, references counted expanded
    const qint64 m_maxItems; // container elements allowed (PyroDecodeOptions::maxItems), 0: any
    qint64 m_items = 0;
    int m_lastHeight = 0;  // height of the value readValue() produced last

    struct Ref
    {
        QVariant value;
        qint64 nodes = 0;
        int height = 0;
    };
    // Values written with FLAG_REF, by index. A container's slot is taken when it starts
    // and stays invalid until it is complete, so a reference into an unfinished container
    // (a cycle, which a QVariant cannot hold) is detected and refused.
    QList<Ref> m_refs;
};

bool MarshalReader::readValue(QVariant *out, int depth)
{
    if (depth > m_maxDepth)
        return failTooDeep();
    if (m_pos >= m_end)
        return fail(u"EOF read where object expected"_s);
    const uchar byte = *m_pos++;
    const bool flagged = byte & FlagRef;
    const uchar code = byte & ~FlagRef;

    switch (code) {
    // CPython never remembers these singletons, flag or not: they take no reference index.
    case CodeNone:
        *out = PyroValues::none();
        ++m_nodes;
        m_lastHeight = 1;
        return true;
    case CodeTrue:
    case CodeFalse:
        *out = code == CodeTrue;
        ++m_nodes;
        m_lastHeight = 1;
        return true;
    case CodeRef:
        return readRef(out, depth);
    case CodeTuple:
    case CodeSmallTuple:
    case CodeList:
    case CodeSet:
    case CodeFrozenSet:
    case CodeDict: {
        qsizetype slot = -1;
        if (flagged) {
            slot = m_refs.size();
            m_refs.append(Ref());
        }
        const qint64 nodesBefore = m_nodes++;
        const bool ok = code == CodeDict ? readDict(out, depth) : readSequence(code, out, depth);
        if (!ok)
            return false;
        if (slot >= 0)
            m_refs[slot] = Ref{*out, m_nodes - nodesBefore, m_lastHeight};
        return true;
    }
    default:
        return readScalar(byte, out);
    }
}

bool MarshalReader::failTooDeep()
{
    if (m_error)
        *m_error = PyroClassMapping::tooDeep(u"marshal"_s, m_maxDepth);
    return false;
}

bool MarshalReader::readRef(QVariant *out, int depth)
{
    if (!need(4))
        return false;
    const qint32 index = takeInt32();
    if (index < 0 || index >= m_refs.size())
        return fail(u"invalid reference %1"_s.arg(index));
    const Ref &target = m_refs.at(index);
    if (!target.value.isValid())
        return fail(u"reference %1 to a container that is still being read"_s.arg(index));
    if (depth - 1 + target.height > m_maxDepth)
        return failTooDeep();
    m_nodes += target.nodes;
    if (m_nodes > m_maxNodes)
        return fail(u"references expand to more than %1 values"_s.arg(m_maxNodes));
    m_lastHeight = target.height;
    *out = target.value;
    return true;
}

bool MarshalReader::readScalar(uchar byte, QVariant *out)
{
    const bool flagged = byte & FlagRef;
    const uchar code = byte & ~FlagRef;
    switch (code) {
    case CodeInt:
        if (!need(4))
            return false;
        *out = qlonglong(takeInt32());
        break;
    case CodeInt64:
        if (!need(8))
            return false;
        *out = qlonglong(qFromLittleEndian<qint64>(m_pos));
        m_pos += 8;
        break;
    case CodeLong:
        if (!readLong(out))
            return false;
        break;
    case CodeFloat:
        if (!need(8))
            return false;
        *out = takeDouble();
        break;
    case CodeFloatText: {
        double d;
        if (!readFloatText(&d))
            return false;
        *out = d;
        break;
    }
    case CodeComplex: {
        if (!need(16))
            return false;
        const double real = takeDouble();
        const double imag = takeDouble();
        *out = QVariant::fromValue(PyroComplex(real, imag));
        break;
    }
    case CodeComplexText: {
        double real, imag;
        if (!readFloatText(&real) || !readFloatText(&imag))
            return false;
        *out = QVariant::fromValue(PyroComplex(real, imag));
        break;
    }
    case CodeBytes: {
        qsizetype n;
        if (!readLength(1, &n))
            return false;
        *out = QByteArray(reinterpret_cast<const char *>(m_pos), n);
        m_pos += n;
        break;
    }
    case CodeUnicode:
    case CodeInterned: {
        qsizetype n;
        if (!readLength(1, &n))
            return false;
        if (!decodeUtf8(m_pos, n, out))
            return fail(u"invalid UTF-8 in a string"_s);
        m_pos += n;
        break;
    }
    case CodeAscii:
    case CodeAsciiInterned:
    case CodeShortAscii:
    case CodeShortAsciiInterned: {
        qsizetype n;
        if (code == CodeShortAscii || code == CodeShortAsciiInterned) {
            if (!need(1))
                return false;
            n = *m_pos++;
            if (!need(n))
                return false;
        } else if (!readLength(1, &n)) {
            return false;
        }
        // CPython takes these bytes as Latin-1 without checking that they are ASCII.
        *out = QString::fromLatin1(reinterpret_cast<const char *>(m_pos), n);
        m_pos += n;
        break;
    }
    case CodeNull:
        return fail(u"NULL object outside of a dict"_s);
    case CodeStopIteration:
    case CodeEllipsis:
        return fail(u"StopIteration and Ellipsis are not Pyro data"_s);
    case CodeCode:
        return fail(u"code objects are refused"_s);
    default:
        --m_pos;
        return fail(u"unknown type code 0x%1"_s.arg(uint(byte), 2, 16, QLatin1Char('0')));
    }
    ++m_nodes;
    m_lastHeight = 1;
    if (flagged)
        m_refs.append(Ref{*out, 1, 1});
    return true;
}

bool MarshalReader::readLong(QVariant *out)
{
    if (!need(4))
        return false;
    const qint32 n = takeInt32();
    const bool negative = n < 0;
    const qint64 count = negative ? -qint64(n) : qint64(n);
    if (count > remaining() / 2)
        return fail(u"long of %1 digits exceeds the %2 remaining bytes"_s.arg(count).arg(remaining()));
    if (count == 0) {
        *out = qlonglong(0);
        return true;
    }
    const uchar *digits = m_pos;
    for (qint64 i = 0; i < count; ++i) {
        if (qFromLittleEndian<quint16>(digits + 2 * i) > LongDigitMask)
            return fail(u"digit out of range in long"_s);
    }
    if (qFromLittleEndian<quint16>(digits + 2 * (count - 1)) == 0)
        return fail(u"unnormalized long"_s);
    m_pos += 2 * count;

    // Up to 4 digits (60 bits) always fit; a 5th digit fits when the total stays in 64 bits.
    if (count <= 5) {
        quint64 magnitude = 0;
        bool fits = true;
        for (qint64 i = count - 1; i >= 0; --i) {
            if (magnitude >> (64 - LongShift)) {
                fits = false;
                break;
            }
            magnitude = (magnitude << LongShift) | qFromLittleEndian<quint16>(digits + 2 * i);
        }
        constexpr quint64 maxPositive = quint64(std::numeric_limits<qint64>::max());
        if (fits && magnitude <= maxPositive + (negative ? 1 : 0)) {
            *out = negative ? qlonglong(0 - magnitude) : qlonglong(magnitude);
            return true;
        }
    }
    // Over 4300 decimal digits CPython's int() refuses to print: refuse those too. The
    // magnitude stays binary (linear); references to this long share the one value, so a
    // decimal text asked for later is made once.
    if ((count - 1) * LongShift * 0.30103 > PyroBigIntMath::MaxDecimalDigits)
        return fail(u"integer too large (%1 bits)"_s.arg(count * LongShift));
    QList<quint16> native(count);
    for (qint64 i = 0; i < count; ++i)
        native[i] = qFromLittleEndian<quint16>(digits + 2 * i);
    PyroBigIntMath::Limbs limbs = PyroBigIntMath::limbsFromBase15(native.constData(), count);
    if (PyroBigIntMath::exceedsDecimalLimit(limbs))
        return fail(u"integer too large (%1 bits)"_s.arg(count * LongShift));
    *out = PyroBigInt::normalized(PyroBigIntPrivate::fromLimbs(std::move(limbs), negative));
    return true;
}

bool MarshalReader::readFloatText(double *out)
{
    if (!need(1))
        return false;
    const qsizetype n = *m_pos++;
    if (!need(n))
        return false;
    const QByteArrayView text(reinterpret_cast<const char *>(m_pos), n);
    if (!parsePythonFloat(text, out))
        return fail(u"could not convert string to float: '%1'"_s.arg(QString::fromLatin1(text)));
    m_pos += n;
    return true;
}

bool MarshalReader::readSequence(uchar code, QVariant *out, int depth)
{
    qsizetype n;
    if (code == CodeSmallTuple) {
        if (!need(1))
            return false;
        n = *m_pos++;
        if (n > remaining())
            return tooShort();
    } else if (!readLength(1, &n)) {
        return false;
    }
    if (!charge(n))
        return false;
    QVariantList items;
    items.reserve(n);
    const bool isSet = code == CodeSet || code == CodeFrozenSet;
    int childHeight = 0;
    for (qsizetype i = 0; i < n; ++i) {
        QVariant item;
        if (!readValue(&item, depth + 1))
            return false;
        childHeight = qMax(childHeight, m_lastHeight);
        if (isSet && !isHashable(item))
            return fail(u"unhashable %1 in a set"_s.arg(PyroValues::pythonTypeName(item)));
        items.append(std::move(item));
    }
    m_lastHeight = childHeight + 1;
    switch (code) {
    case CodeList:
        *out = std::move(items);
        break;
    case CodeSet:
    case CodeFrozenSet:
        items = pyroWithoutDuplicates(std::move(items));
        *out = QVariant::fromValue(PyroSet(std::move(items), code == CodeSet
                                                                 ? PyroSet::Kind::Set
                                                                 : PyroSet::Kind::FrozenSet));
        break;
    default:
        *out = QVariant::fromValue(PyroTuple(std::move(items)));
        break;
    }
    return true;
}

bool MarshalReader::readDict(QVariant *out, int depth)
{
    // Most dicts are small: keep their entries on the stack until we know the key types.
    DictEntries pairs;
    bool allStringKeys = true;
    bool hasClassKey = false;
    int childHeight = 0;
    for (;;) {
        // A NULL in key or value position ends the dict (CPython stops at either).
        if (m_pos < m_end && (*m_pos & ~FlagRef) == CodeNull) {
            ++m_pos;
            break;
        }
        QVariant key;
        if (!readValue(&key, depth + 1))
            return false;
        childHeight = qMax(childHeight, m_lastHeight);
        if (m_pos < m_end && (*m_pos & ~FlagRef) == CodeNull) {
            ++m_pos;
            break; // a key without a value is dropped, unchecked, as CPython does
        }
        QVariant value;
        if (!readValue(&value, depth + 1))
            return false;
        childHeight = qMax(childHeight, m_lastHeight);
        if (key.typeId() == QMetaType::QString) {
            if (*static_cast<const QString *>(key.constData()) == classKey())
                hasClassKey = true;
        } else {
            allStringKeys = false;
            if (!isHashable(key))
                return fail(u"unhashable dict key of type %1"_s.arg(PyroValues::pythonTypeName(key)));
        }
        if (!charge(2))
            return false;
        pairs.emplace_back(std::move(key), std::move(value));
    }
    m_lastHeight = childHeight + 1;
    return finishDict(pairs, allStringKeys, hasClassKey, out);
}

bool MarshalReader::finishDict(DictEntries &pairs, bool allStringKeys, bool hasClassKey,
                               QVariant *out)
{
    if (allStringKeys) {
        QVariantMap map;
        for (PyroDict::Entry &pair : pairs)
            map.insert(pair.first.toString(), std::move(pair.second));
        *out = std::move(map);
    } else {
        QList<PyroDict::Entry> list(std::make_move_iterator(pairs.begin()),
                                    std::make_move_iterator(pairs.end()));
        *out = QVariant::fromValue(PyroDict::fromPairs(std::move(list)));
    }
    if (hasClassKey && m_mapClassDicts) {
        const QString className = PyroClassMapping::classNameOf(*out);
        if (!className.isEmpty()) {
            PyroError error;
            QVariant mapped = PyroClassMapping::fromClassDict(className, *out, PyroSerializerIds::Marshal, &error);
            if (!mapped.isValid()) {
                if (m_error)
                    *m_error = error.isError()
                        ? error
                        : PyroClassMapping::serializeError(u"cannot rebuild class "_s + className);
                return false;
            }
            *out = std::move(mapped);
        }
    }
    return true;
}

} // namespace

/*
    Decodes CPython marshal data (versions 0 to 4, including FLAG_REF references) into
    the QtPyro value model, then maps "__class__" dicts bottom-up unless
    \a options turns that off. Code objects, StopIteration, Ellipsis, cyclic references
    and trailing bytes are refused with a SerializeError.
*/
QVariant PyroMarshalSerializer::decode(QByteArrayView data, const PyroDecodeOptions &options,
                                       PyroError *error) const
{
    MarshalReader reader(data, options, error);
    return reader.readAll();
}
