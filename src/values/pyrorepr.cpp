// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// Python's repr() and str() of a value (PyroValues::pythonRepr, pythonStr).
#include "pyrovalues.h"
#include "pyrovalues_p.h"

#include <QtCore/QMetaObject>
#include <QtCore/QObject>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

// ---- Python repr() / str() -------------------------------------------------------------

namespace {

// Python's str.isprintable() for one code point: Qt's isPrint() also counts the
// separators (NBSP, U+2028...) as printable, Python only the ASCII space.
bool isPythonPrintable(char32_t ucs4)
{
    if (ucs4 == U' ')
        return true;
    if (!QChar::isPrint(ucs4))
        return false;
    switch (QChar::category(ucs4)) {
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    default:
        return true;
    }
}

void appendHexEscape(QString &out, char prefix, uint value, int width)
{
    out += u'\\';
    out += QLatin1Char(prefix);
    out += QString::number(value, 16).rightJustified(width, u'0');
}

void appendStrRepr(QString &out, const QList<char32_t> &s, qsizetype maxLength)
{
    const QChar quote = s.contains(U'\'') && !s.contains(U'"') ? u'"' : u'\'';
    const qsizetype shown = maxLength > 0 ? std::min(maxLength, s.size()) : s.size();
    out.reserve(out.size() + shown + 2);
    out += quote;
    for (qsizetype i = 0; i < shown; ++i) {
        const char32_t c = s.at(i);
        if (c == quote.unicode() || c == u'\\') {
            out += u'\\';
            out += QChar(c);
        } else if (c == u'\t') {
            out += u"\\t"_s;
        } else if (c == u'\n') {
            out += u"\\n"_s;
        } else if (c == u'\r') {
            out += u"\\r"_s;
        } else if (c < 0x20 || c == 0x7f) {
            appendHexEscape(out, 'x', c, 2);
        } else if (c < 0x7f || isPythonPrintable(c)) {
            out += QStringView(QChar::fromUcs4(c));
        } else if (c <= 0xff) {
            appendHexEscape(out, 'x', c, 2);
        } else if (c <= 0xffff) {
            appendHexEscape(out, 'u', c, 4);
        } else {
            appendHexEscape(out, 'U', c, 8);
        }
    }
    if (shown < s.size())
        out += u"..."_s;
    out += quote;
}

void appendBytesRepr(QString &out, const QByteArray &b, qsizetype maxLength)
{
    const char quote = b.contains('\'') && !b.contains('"') ? '"' : '\'';
    const qsizetype shown = maxLength > 0 ? std::min(maxLength, b.size()) : b.size();
    out += u'b';
    out += QLatin1Char(quote);
    for (qsizetype i = 0; i < shown; ++i) {
        const char ch = b.at(i);
        const uchar c = uchar(ch);
        if (c == uchar(quote) || c == '\\') {
            out += u'\\';
            out += QLatin1Char(ch);
        } else if (c == '\t') {
            out += u"\\t"_s;
        } else if (c == '\n') {
            out += u"\\n"_s;
        } else if (c == '\r') {
            out += u"\\r"_s;
        } else if (c < 0x20 || c >= 0x7f) {
            appendHexEscape(out, 'x', c, 2);
        } else {
            out += QLatin1Char(ch);
        }
    }
    if (shown < b.size())
        out += u"..."_s;
    out += QLatin1Char(quote);
}

// A complex part: repr() without the ".0" of integral values, optionally signed.
QString complexPart(double value, bool withSign)
{
    QString text = QString::fromLatin1(PyroValues::floatRepr(value));
    if (text.endsWith(u".0"_s))
        text.chop(2);
    if (withSign && !text.startsWith(u'-'))
        text.prepend(u'+');
    return text;
}

class ReprWriter
{
public:
    explicit ReprWriter(const PyroValues::ReprOptions &options)
        : m_options(options),
          m_comma(options.compact ? u","_s : u", "_s),
          m_colon(options.compact ? u":"_s : u": "_s)
    {
    }

    QString text() const { return m_out; }

    void write(const QVariant &value, int depth);

private:
    void items(const QVariantList &items, int depth)
    {
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (i)
                m_out += m_comma;
            write(items.at(i), depth);
        }
    }
    void other(const QVariant &value);

    const PyroValues::ReprOptions &m_options;
    const QString m_comma;
    const QString m_colon;
    QString m_out;
};

void ReprWriter::write(const QVariant &value, int depth)
{
    const PyroKind kind = pyroEffectiveKind(value);
    const bool container = kind == PyroKind::List || kind == PyroKind::Tuple
                           || kind == PyroKind::Set || kind == PyroKind::Dict;
    if (container && m_options.maxDepth > 0 && depth >= m_options.maxDepth) {
        m_out += u"..."_s;
        return;
    }
    switch (kind) {
    case PyroKind::None:
        m_out += u"None"_s;
        return;
    case PyroKind::Bool:
        m_out += value.toBool() ? u"True"_s : u"False"_s;
        return;
    case PyroKind::Int:
    case PyroKind::BigInt:
        if (value.typeId() == QMetaType::ULongLong)
            m_out += QString::number(value.toULongLong());
        else if (kind == PyroKind::Int)
            m_out += QString::number(value.toLongLong());
        else
            m_out += value.value<PyroBigInt>().toString();
        return;
    case PyroKind::Float:
        m_out += QLatin1StringView(PyroValues::floatRepr(value.toDouble()));
        return;
    case PyroKind::Complex: {
        const auto c = value.value<PyroComplex>();
        if (c.real() == 0 && !std::signbit(c.real()))
            m_out += complexPart(c.imag(), false) + u'j';
        else
            m_out += u'(' + complexPart(c.real(), false) + complexPart(c.imag(), true) + u"j)"_s;
        return;
    }
    case PyroKind::Str:
        appendStrRepr(m_out, pyroStrCodePoints(value), m_options.maxLength);
        return;
    case PyroKind::Bytes:
        appendBytesRepr(m_out, value.toByteArray(), m_options.maxLength);
        return;
    case PyroKind::List:
        m_out += u'[';
        items(pyroListItems(value), depth + 1);
        m_out += u']';
        return;
    case PyroKind::Tuple: {
        const QVariantList tuple = pyroListItems(value);
        m_out += u'(';
        items(tuple, depth + 1);
        m_out += tuple.size() == 1 ? u",)"_s : u")"_s;
        return;
    }
    case PyroKind::Set: {
        const PyroSet set = value.value<PyroSet>();
        if (set.isEmpty()) {
            m_out += set.isFrozen() ? u"frozenset()"_s : u"set()"_s;
            return;
        }
        m_out += set.isFrozen() ? u"frozenset({"_s : u"{"_s;
        items(set.items(), depth + 1);
        m_out += set.isFrozen() ? u"})"_s : u"}"_s;
        return;
    }
    case PyroKind::Dict: {
        m_out += u'{';
        bool first = true;
        for (const PyroDict::Entry &e : pyroAsDict(value).entries()) {
            if (!first)
                m_out += m_comma;
            first = false;
            write(e.first, depth + 1);
            m_out += m_colon;
            write(e.second, depth + 1);
        }
        m_out += u'}';
        return;
    }
    case PyroKind::Other:
        other(value);
        return;
    }
}

void ReprWriter::other(const QVariant &value)
{
    if (value.metaType().flags() & QMetaType::PointerToQObject) {
        const QObject *object = *static_cast<QObject *const *>(value.constData());
        m_out += object ? u"<%1 object>"_s.arg(QLatin1StringView(object->metaObject()->className()))
                        : u"None"_s;
        return;
    }
    const QString text = value.toString();
    m_out += !text.isEmpty() ? text : u'<' + QString::fromLatin1(value.typeName()) + u'>';
}

} // namespace

QString PyroValues::pythonRepr(const QVariant &value, const ReprOptions &options)
{
    ReprWriter writer(options);
    writer.write(value, 0);
    return writer.text();
}

QString PyroValues::pythonRepr(const QVariant &value)
{
    return pythonRepr(value, ReprOptions());
}

QString PyroValues::pythonStr(const QVariant &value)
{
    if (pyroKind(value) == PyroKind::Str)
        return value.toString(); // a PyroSurrogateString's surrogates merge here, as they would in any QString
    return pythonRepr(value);
}
