// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "browserliterals.h"

#include "pyroliteral.h"

#include <QtCore/QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

namespace {

// What the parser was given: the typed text with additions, and for each of its
// characters the offset in the typed text it stands for.
struct Wrapped
{
    QString text;
    QList<int> origin;
    void add(const QString &s, int at)
    {
        text += s;
        for (qsizetype i = 0; i < s.size(); ++i)
            origin.append(at);
    }
    void copy(const QString &from, qsizetype start, qsizetype end)
    {
        text += from.mid(start, end - start);
        for (qsizetype i = start; i < end; ++i)
            origin.append(int(i));
    }
};

// The parser ends its messages with "(line L, column C)", counted in what it was given.
LiteralCheck failure(const PyroError &error, const QString &typed, const Wrapped &wrapped)
{
    LiteralCheck check;
    check.ok = false;
    check.message = error.isError() ? error.message() : u"not a literal"_s;
    check.message.replace(u"invalid serpent data: "_s, QString());
    static const QRegularExpression where(uR"(\s*\(line (\d+), column (\d+)\)$)"_s);
    const QRegularExpressionMatch m = where.match(check.message);
    if (!m.hasMatch())
        return check;
    check.message.truncate(m.capturedStart());
    const int line = m.captured(1).toInt();
    const int column = m.captured(2).toInt();
    qsizetype at = 0;
    for (int l = 1; l < line && at >= 0; ++l) {
        at = wrapped.text.indexOf(u'\n', at);
        if (at >= 0)
            ++at;
    }
    if (at < 0)
        at = wrapped.text.size();
    at += column - 1;
    const int offset = at < wrapped.origin.size() ? wrapped.origin.at(at) : int(typed.size());
    check.offset = qBound(0, offset, int(typed.size()));
    const QString before = typed.left(check.offset);
    check.line = int(before.count(u'\n')) + 1;
    check.column = int(check.offset - (before.lastIndexOf(u'\n') + 1)) + 1;
    return check;
}

LiteralCheck parseWrapped(const QString &typed, const Wrapped &wrapped)
{
    PyroError error;
    const QVariant value = PyroLiteral::parse(wrapped.text, &error);
    if (error.isError() || !value.isValid())
        return failure(error, typed, wrapped);
    LiteralCheck check;
    check.value = value;
    return check;
}

QString cppString(const QString &s)
{
    QString out = u"u\""_s;
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '"': out += u"\\\""_s; break;
        case '\\': out += u"\\\\"_s; break;
        case '\n': out += u"\\n"_s; break;
        case '\t': out += u"\\t"_s; break;
        default:
            if (c.unicode() < 0x20)
                out += u"\\x%1"_s.arg(c.unicode(), 2, 16, QChar(u'0'));
            else
                out += c;
        }
    }
    return out + u"\"_s"_s;
}

QString cppItems(const QVariantList &items)
{
    QStringList parts;
    for (const QVariant &v : items)
        parts.append(cppValue(v));
    return u"QVariantList{"_s + parts.join(u", "_s) + u'}';
}

QString shellQuote(const QString &s)
{
    static const QRegularExpression plain(uR"(^[A-Za-z0-9_@%+=:,./-]+$)"_s);
    if (plain.match(s).hasMatch())
        return s;
    QString quoted = s;
    quoted.replace(u'\'', u"'\\''"_s);
    return u'\'' + quoted + u'\'';
}

QString pythonArguments(const CallText &call)
{
    QStringList parts;
    for (const QVariant &v : call.args)
        parts.append(literal(v));
    for (auto it = call.kwargs.cbegin(); it != call.kwargs.cend(); ++it)
        parts.append(it.key() + u'=' + literal(it.value()));
    return parts.join(u", "_s);
}

} // namespace

LiteralCheck parseArguments(const QString &text)
{
    if (text.trimmed().isEmpty()) {
        LiteralCheck empty;
        empty.value = QVariantList();
        return empty;
    }
    // The items of a list: "1, 2" reads as [1, 2]. The closing bracket goes on a line of
    // its own so that a comment at the end of the text does not swallow it.
    Wrapped wrapped;
    wrapped.add(u"["_s, 0);
    wrapped.copy(text, 0, text.size());
    wrapped.add(u"\n]"_s, int(text.size()));
    LiteralCheck check = parseWrapped(text, wrapped);
    if (check.ok)
        check.value = check.value.toList();
    return check;
}

LiteralCheck parseKeywordArguments(const QString &text)
{
    LiteralCheck check;
    if (text.trimmed().isEmpty()) {
        check.value = QVariantMap();
        return check;
    }
    Wrapped wrapped;
    if (text.trimmed().startsWith(u'{')) {
        wrapped.copy(text, 0, text.size());
    } else {
        // name=value, ...: each "name=" becomes "'name':" inside a dict literal.
        static const QRegularExpression name(uR"((?:^|,)\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=))"_s);
        QStringList names;
        wrapped.add(u"{"_s, 0);
        qsizetype last = 0;
        QRegularExpressionMatchIterator it = name.globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            wrapped.copy(text, last, m.capturedStart(1));
            wrapped.add(u'\'' + m.captured(1) + u"':"_s, int(m.capturedStart(1)));
            names.append(m.captured(1));
            last = m.capturedEnd();
        }
        wrapped.copy(text, last, text.size());
        wrapped.add(u"\n}"_s, int(text.size()));
        if (names.isEmpty()) {
            check.ok = false;
            check.message = u"expected name=value, ... or a dict"_s;
            check.line = check.column = 1;
            check.offset = 0;
            return check;
        }
        if (names.removeDuplicates() > 0) {
            check.ok = false;
            check.message = u"keyword argument repeated"_s;
            return check;
        }
    }
    check = parseWrapped(text, wrapped);
    if (check.ok && check.value.typeId() != QMetaType::QVariantMap) {
        check.ok = false;
        check.message = u"keyword arguments need str names"_s;
    }
    return check;
}

QString literal(const QVariant &value)
{
    PyroError error;
    const QString text = PyroLiteral::printLiteral(value, &error);
    return error.isError() ? PyroValues::pythonRepr(value) : text;
}

QString copyAsPython(const CallText &call)
{
    QString out = u"import Pyro5.api\n\n"_s;
    if (!call.serializer.isEmpty())
        out += u"Pyro5.config.SERIALIZER = %1\n"_s.arg(literal(call.serializer));
    out += u"proxy = Pyro5.api.Proxy(%1)\n"_s.arg(literal(call.uri));
    const QString invocation = u"proxy.%1(%2)"_s.arg(call.method, pythonArguments(call));
    if (call.oneway)
        out += u"proxy._pyroOneway.add(%1)\n%2\n"_s.arg(literal(call.method), invocation);
    else
        out += u"print(%1)\n"_s.arg(invocation);
    return out;
}

QString cppValue(const QVariant &value)
{
    if (PyroValues::isNone(value))
        return u"PyroValues::none()"_s;
    const int type = value.typeId();
    switch (type) {
    case QMetaType::Bool:
        return value.toBool() ? u"QVariant(true)"_s : u"QVariant(false)"_s;
    case QMetaType::Int:
    case QMetaType::LongLong:
        return u"QVariant(qint64(%1))"_s.arg(value.toLongLong());
    case QMetaType::Double: {
        const double d = value.toDouble();
        if (std::isnan(d))
            return u"QVariant(qQNaN())"_s;
        if (std::isinf(d))
            return d > 0 ? u"QVariant(qInf())"_s : u"QVariant(-qInf())"_s;
        return u"QVariant(%1)"_s.arg(QString::fromLatin1(PyroValues::floatRepr(d)));
    }
    case QMetaType::QString:
        return u"QVariant(%1)"_s.arg(cppString(value.toString()));
    case QMetaType::QByteArray: {
        QString hex = QString::fromLatin1(value.toByteArray().toHex());
        return u"QVariant(QByteArray::fromHex(\"%1\"))"_s.arg(hex);
    }
    case QMetaType::QVariantList:
        return u"QVariant(%1)"_s.arg(cppItems(value.toList()));
    case QMetaType::QVariantMap: {
        QStringList parts;
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            parts.append(u"{%1, %2}"_s.arg(cppString(it.key()), cppValue(it.value())));
        return u"QVariant(QVariantMap{"_s + parts.join(u", "_s) + u"})"_s;
    }
    default:
        break;
    }
    if (type == qMetaTypeId<PyroTuple>())
        return u"QVariant::fromValue(PyroTuple(%1))"_s.arg(cppItems(value.value<PyroTuple>().items()));
    if (type == qMetaTypeId<PyroSet>())
        return u"QVariant::fromValue(PyroSet(%1))"_s.arg(cppItems(value.value<PyroSet>().items()));
    if (type == qMetaTypeId<PyroDict>()) {
        QStringList parts;
        for (const PyroDict::Entry &e : value.value<PyroDict>().entries())
            parts.append(u"{%1, %2}"_s.arg(cppValue(e.first), cppValue(e.second)));
        return u"QVariant::fromValue(PyroDict{"_s + parts.join(u", "_s) + u"})"_s;
    }
    if (type == qMetaTypeId<PyroBigInt>())
        return u"QVariant::fromValue(PyroBigInt::fromString(u\"%1\"))"_s.arg(literal(value));
    // Anything else: the Python literal, read at run time.
    return u"/* %1 */ QVariant()"_s.arg(literal(value));
}

QString copyAsCpp(const CallText &call)
{
    QString out = u"PyroProxy proxy(PyroUri(%1));\n"_s.arg(cppString(call.uri));
    if (!call.serializer.isEmpty())
        out += u"proxy.setSerializer(%1);\n"_s.arg(cppString(call.serializer));
    QStringList args;
    for (const QVariant &v : call.args)
        args.append(cppValue(v));
    QStringList kwargs;
    for (auto it = call.kwargs.cbegin(); it != call.kwargs.cend(); ++it)
        kwargs.append(u"{%1, %2}"_s.arg(cppString(it.key()), cppValue(it.value())));
    const QString argList = u"{"_s + args.join(u", "_s) + u'}';
    const QString kwargList = u"QVariantMap{"_s + kwargs.join(u", "_s) + u'}';
    if (call.oneway) {
        out += u"proxy.callOneway(%1, %2, %3);\n"_s.arg(cppString(call.method), argList, kwargList);
        return out;
    }
    out += u"PyroCallReply *reply = proxy.asyncCall(%1, %2, %3);\n"_s.arg(cppString(call.method), argList, kwargList);
    out += u"QObject::connect(reply, &PyroCallReply::finished, reply, [reply] {\n"
           "    if (reply->isError())\n"
           "        qWarning() << reply->error();\n"
           "    else\n"
           "        qDebug() << reply->value();\n"
           "    reply->deleteLater();\n"
           "});\n"_s;
    return out;
}

QString copyAsPyroCall(const CallText &call)
{
    QStringList parts{u"pyro-call"_s};
    if (!call.serializer.isEmpty())
        parts << u"-s"_s << shellQuote(call.serializer);
    if (call.oneway)
        parts << u"--oneway"_s;
    parts << shellQuote(call.uri) << shellQuote(call.method);
    for (const QVariant &v : call.args)
        parts << shellQuote(literal(v));
    QString out = parts.join(u' ');
    if (!call.kwargs.isEmpty())
        out += u"   # pyro-call takes no keyword arguments: "_s + pythonArguments(CallText{{}, {}, {}, call.kwargs, {}, false});
    return out;
}

} // namespace PyroBrowser
