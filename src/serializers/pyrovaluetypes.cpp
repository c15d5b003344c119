// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrovaluetypes.h"

#include "pyroconversion_p.h"
#include "pyroserializer.h"
#include "pyrovalues_p.h"

#include <QtCore/QMetaProperty>
#include <QtCore/QRegularExpression>
#include <QtCore/QTimeZone>

using namespace Qt::StringLiterals;

namespace PyroValues {

bool convert(const QVariant &value, QMetaType type, QVariant *out, PyroError *error)
{
    QVariant converted;
    if (type.isValid() && PyroConversion::score(value, type, &converted) > 0
        && (type.id() == QMetaType::QVariant || converted.metaType() == type)) {
        if (out)
            *out = std::move(converted);
        return true;
    }
    if (error) {
        QString shown = pythonRepr(value);
        if (shown.size() > 80)
            shown = shown.first(77) + u"..."_s;
        *error = PyroError(PyroError::Code::SerializeError,
                           u"expected %1, got %2 %3"_s.arg(QString::fromLatin1(type.name()),
                                                          pythonTypeName(value), shown));
    }
    return false;
}

QByteArray toBytes(const QVariant &value, bool *ok)
{
    QByteArray bytes;
    bool fits = true;
    if (value.typeId() == QMetaType::QByteArray)
        bytes = value.toByteArray();
    else
        fits = PyroConversion::isSerpentBytes(value, &bytes);
    if (ok)
        *ok = fits;
    return bytes;
}

QDateTime toDateTime(const QVariant &value, bool *ok)
{
    QDateTime dt;
    if (value.typeId() == QMetaType::QDateTime)
        dt = value.toDateTime();
    else if (value.typeId() == QMetaType::QString)
        dt = dateTimeFromIso(value.toString());
    if (ok)
        *ok = dt.isValid();
    return dt;
}

QDateTime dateTimeFromIso(QStringView text)
{
    static const QRegularExpression iso(
        uR"(^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2}(?::?\d{2})?)?$)"_s);
    const QRegularExpressionMatch m = iso.match(text.toString());
    if (!m.hasMatch())
        return QDateTime();
    const QDate date(m.capturedView(1).toInt(), m.capturedView(2).toInt(), m.capturedView(3).toInt());
    const QTime time(m.capturedView(4).toInt(), m.capturedView(5).toInt(), m.capturedView(6).toInt());
    if (!date.isValid() || !time.isValid())
        return QDateTime();
    int msecs = 0;
    if (const QStringView fraction = m.capturedView(7); !fraction.isEmpty()) {
        const QString nine = fraction.toString().leftJustified(9, u'0');
        msecs = int((nine.toLongLong() + 500000) / 1000000);
    }
    QDateTime dt;
    const QStringView zone = m.capturedView(8);
    if (zone.isEmpty()) {
        dt = QDateTime(date, time, Qt::LocalTime);
    } else {
        int offset = 0;
        if (zone != u"Z") {
            const QString digits = zone.sliced(1).toString().remove(u':');
            offset = digits.first(2).toInt() * 3600 + digits.sliced(2, 2).toInt() * 60
                + (digits.size() >= 6 ? digits.sliced(4, 2).toInt() : 0);
            if (zone.front() == u'-')
                offset = -offset;
        }
        dt = offset == 0 ? QDateTime(date, time, Qt::UTC)
                         : QDateTime(date, time, QTimeZone(offset));
    }
    return dt.addMSecs(msecs);
}

PyroDict gadgetToDict(const QVariant &gadget, const QString &pythonClass)
{
    PyroDict dict;
    const QMetaObject *mo = gadget.metaType().metaObject();
    if (!mo || !(gadget.metaType().flags() & QMetaType::IsGadget))
        return dict;
    if (!pythonClass.isEmpty())
        dict.append(u"__class__"_s, pythonClass);
    for (int i = 0; i < mo->propertyCount(); ++i) {
        const QMetaProperty property = mo->property(i);
        if (property.isReadable())
            dict.append(QString::fromLatin1(property.name()), property.readOnGadget(gadget.constData()));
    }
    return dict;
}

void registerGadget(QMetaType type, const QString &pythonClass)
{
    if (pythonClass.isEmpty()) {
        PyroSerializer::unregisterClassToDict(type);
        return;
    }
    PyroSerializer::registerClassToDict(type, [pythonClass](const QVariant &value) {
        return QVariant::fromValue(gadgetToDict(value, pythonClass));
    });
    PyroSerializer::registerDictToClass(pythonClass, [type](const QString &, const QVariant &dict) {
        QVariant out;
        return PyroConversion::score(dict, type, &out) > 0 ? out : dict;
    });
}

} // namespace PyroValues
