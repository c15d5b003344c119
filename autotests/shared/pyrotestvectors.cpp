// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrotestvectors.h"
#include "pyroerror_p.h"

#include "pyroexceptionwrapper.h"

#include <algorithm>

#include "pyroclassmapping_p.h"
#include "pyroerror.h"
#include "pyroobjectref.h"
#include "pyrouri.h"
#include "pyrovalues.h"
#include "pyrovalues_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QTimeZone>
#include <QtCore/QUuid>

#include <cmath>
#include <cstring>
#include <ctime>

using namespace Qt::StringLiterals;

namespace PyroTestVectors {

QString vectorRoot()
{
    return QStringLiteral(QTPYRO_TEST_DATA) + u"/pyro5"_s;
}

QByteArray readVectorFile(const QString &relativePath)
{
    QFile file(vectorRoot() + u'/' + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open vector file %s", qPrintable(file.fileName()));
    return file.readAll();
}

QJsonObject loadManifest(const QString &name)
{
    const QByteArray data = readVectorFile(u"vectors/"_s + name);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (doc.isNull())
        qFatal("cannot parse %s: %s", qPrintable(name), qPrintable(error.errorString()));
    return doc.object();
}

void useUtc()
{
    qputenv("TZ", "UTC");
    tzset();
}

static double floatFromTyped(const QJsonObject &o)
{
    const quint64 bits = o.value(u"bits"_s).toString().toULongLong(nullptr, 16);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

static QVariant intFromTyped(const QJsonObject &o)
{
    const QString text = o.value(u"value"_s).toString();
    bool ok = false;
    const qlonglong v = text.toLongLong(&ok);
    if (ok)
        return QVariant(v);
    return QVariant::fromValue(PyroBigInt::fromString(text));
}

static QDateTime dateTimeFromIso(const QString &iso)
{
    // Python isoformat: YYYY-MM-DDTHH:MM:SS[.ffffff][+HH:MM]
    QString text = iso;
    int offsetSeconds = 0;
    bool aware = false;
    const qsizetype tpos = text.indexOf(u'T');
    const qsizetype signPos = std::max(text.lastIndexOf(u'+'), text.lastIndexOf(u'-'));
    if (signPos > tpos && tpos > 0) {
        const QString off = text.mid(signPos + 1);
        const int sign = text.at(signPos) == u'-' ? -1 : 1;
        offsetSeconds = sign * (off.left(2).toInt() * 3600 + off.mid(3, 2).toInt() * 60);
        text = text.left(signPos);
        aware = true;
    }
    const QDate date = QDate::fromString(text.left(10), Qt::ISODate);
    QString timeText = text.mid(11);
    int micro = 0;
    if (const qsizetype dot = timeText.indexOf(u'.'); dot >= 0) {
        micro = timeText.mid(dot + 1).leftJustified(6, u'0').toInt();
        timeText = timeText.left(dot);
    }
    QTime time = QTime::fromString(timeText, u"HH:mm:ss"_s);
    time = time.addMSecs(micro / 1000);
    if (aware)
        return QDateTime(date, time, QTimeZone(offsetSeconds));
    return QDateTime(date, time);
}

QVariant fromTyped(const QJsonValue &typedValue, QString *unsupported)
{
    const QJsonObject o = typedValue.toObject();
    const QString type = o.value(u"type"_s).toString();
    auto items = [&](const QString &key) {
        QVariantList list;
        for (const QJsonValue &item : o.value(key).toArray()) {
            const QVariant v = fromTyped(item, unsupported);
            list.append(v);
        }
        return list;
    };
    auto names = [&](const QString &key) {
        QStringList list;
        for (const QJsonValue &item : o.value(key).toArray())
            list.append(item.toString());
        return list;
    };
    if (type == u"none")
        return PyroValues::none();
    if (type == u"bool")
        return o.value(u"value"_s).toBool();
    if (type == u"int")
        return intFromTyped(o);
    if (type == u"float")
        return floatFromTyped(o);
    if (type == u"complex")
        return QVariant::fromValue(PyroComplex(floatFromTyped(o.value(u"real"_s).toObject()),
                                               floatFromTyped(o.value(u"imag"_s).toObject())));
    if (type == u"str")
        return o.value(u"value"_s).toString();
    if (type == u"bytes")
        return QByteArray::fromBase64(o.value(u"base64"_s).toString().toLatin1());
    if (type == u"list")
        return items(u"items"_s);
    if (type == u"tuple")
        return QVariant::fromValue(PyroTuple(items(u"items"_s)));
    if (type == u"set" || type == u"frozenset")
        return QVariant::fromValue(PyroSet(items(u"items"_s),
                                           type == u"set" ? PyroSet::Kind::Set : PyroSet::Kind::FrozenSet));
    if (type == u"dict") {
        PyroDict dict;
        for (const QJsonValue &pair : o.value(u"items"_s).toArray())
            dict.append(fromTyped(pair.toArray().at(0), unsupported),
                        fromTyped(pair.toArray().at(1), unsupported));
        return QVariant::fromValue(dict);
    }
    if (type == u"uri") {
        const QString protocol = o.value(u"protocol"_s).toString();
        const QString host = o.value(u"host"_s).toString();
        const int port = o.value(u"port"_s).toInt();
        if (protocol == u"PYROMETA")
            return QVariant::fromValue(PyroUri::forMetadata(names(u"object"_s), host, port));
        if (protocol == u"PYRONAME")
            return QVariant::fromValue(PyroUri::forName(o.value(u"object"_s).toString(), host, port));
        if (!o.value(u"sockname"_s).isNull())
            return QVariant::fromValue(PyroUri::forUnixSocket(o.value(u"object"_s).toString(),
                                                              o.value(u"sockname"_s).toString()));
        return QVariant::fromValue(PyroUri::forTcp(o.value(u"object"_s).toString(), host, port));
    }
    if (type == u"proxy") {
        PyroObjectRef ref(PyroUri(o.value(u"uri"_s).toString()));
        ref.setOnewayMethods(names(u"oneway"_s));
        ref.setMethods(names(u"methods"_s));
        ref.setAttributes(names(u"attrs"_s));
        ref.setHandshake(fromTyped(o.value(u"handshake"_s), unsupported));
        const QVariant serializer = fromTyped(o.value(u"serializer"_s), unsupported);
        if (serializer.typeId() == QMetaType::QString)
            ref.setSerializer(serializer.toString());
        return QVariant::fromValue(ref);
    }
    if (type == u"daemon") {
        QVariantMap dict;
        dict.insert(u"__class__"_s, u"Pyro5.server.Daemon"_s);
        dict.insert(u"state"_s, QVariant::fromValue(PyroTuple()));
        return dict;
    }
    if (type == u"exception") {
        PyroError error = PyroError::exception(o.value(u"class"_s).toString(), items(u"args"_s));
        PyroDict attributes;
        for (const QJsonValue &pair : o.value(u"attributes"_s).toArray())
            attributes.append(pair.toArray().at(0).toString(),
                              fromTyped(pair.toArray().at(1), unsupported));
        PyroErrorEditor::setAttributes(error, attributes);
        return QVariant::fromValue(error);
    }
    if (type == u"exception_wrapper") {
        const QVariant inner = fromTyped(o.value(u"exception"_s), unsupported);
        return QVariant::fromValue(PyroExceptionWrapper(inner.value<PyroError>()));
    }
    // QDateTime and QTime hold milliseconds: a Python value with finer microseconds has
    // no C++ counterpart (encode tests then use what the peer decodes, e.g. the ISO text).
    const auto subMillisecond = [&](const QString &iso) {
        const qsizetype dot = iso.indexOf(u'.');
        if (dot < 0 || iso.mid(dot + 1, 6).leftJustified(6, u'0').toInt() % 1000 == 0)
            return false;
        if (unsupported)
            *unsupported = type + u" with microseconds"_s;
        return true;
    };
    if (type == u"datetime") {
        if (subMillisecond(o.value(u"iso"_s).toString()))
            return QVariant();
        return dateTimeFromIso(o.value(u"iso"_s).toString());
    }
    if (type == u"date")
        return QDate::fromString(o.value(u"iso"_s).toString(), Qt::ISODate);
    if (type == u"time") {
        const QString iso = o.value(u"iso"_s).toString();
        if (subMillisecond(iso))
            return QVariant();
        QTime t = QTime::fromString(iso.left(8), u"HH:mm:ss"_s);
        if (iso.size() > 9)
            t = t.addMSecs(iso.mid(9).leftJustified(6, u'0').toInt() / 1000);
        return t;
    }
    if (type == u"uuid")
        return QUuid::fromString(o.value(u"value"_s).toString());
    if (unsupported)
        *unsupported = type;
    return QVariant();
}

QString describeTyped(const QJsonValue &typed)
{
    QString text = QString::fromUtf8(QJsonDocument(typed.toObject()).toJson(QJsonDocument::Compact));
    if (text.size() > 300)
        text = text.left(300) + u"..."_s;
    return text;
}

static bool fail(QString *why, const QString &text)
{
    if (why)
        *why = text;
    return false;
}

static QString describeActual(const QVariant &v)
{
    QString text;
    QDebug(&text) << v;
    if (text.size() > 300)
        text = text.left(300) + u"..."_s;
    return text;
}

static bool floatMatches(double actual, const QJsonObject &o)
{
    const double expected = floatFromTyped(o);
    if (std::isnan(expected))
        return std::isnan(actual);
    return std::memcmp(&actual, &expected, sizeof actual) == 0;
}

static bool itemsMatch(const QVariantList &actual, const QJsonArray &expected, QString *why)
{
    if (actual.size() != expected.size())
        return fail(why, u"length %1, expected %2"_s.arg(actual.size()).arg(expected.size()));
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QString inner;
        if (!matchesTyped(actual.at(i), expected.at(i), &inner))
            return fail(why, u"[%1]: %2"_s.arg(i).arg(inner));
    }
    return true;
}

static bool itemsMatchAnyOrder(const QVariantList &actual, const QJsonArray &expected, QString *why)
{
    if (actual.size() != expected.size())
        return fail(why, u"set size %1, expected %2"_s.arg(actual.size()).arg(expected.size()));
    QList<bool> used(actual.size(), false);
    for (const QJsonValue &e : expected) {
        bool found = false;
        for (qsizetype i = 0; i < actual.size(); ++i) {
            if (!used[i] && matchesTyped(actual.at(i), e, nullptr)) {
                used[i] = true;
                found = true;
                break;
            }
        }
        if (!found)
            return fail(why, u"set item %1 missing in %2"_s.arg(describeTyped(e), describeActual(actual)));
    }
    return true;
}

static bool namesMatch(QStringList actual, const QJsonArray &expected, const QString &what, QString *why)
{
    QStringList e;
    for (const QJsonValue &v : expected)
        e.append(v.toString());
    actual.sort();
    e.sort();
    if (actual != e)
        return fail(why, u"%1 %2, expected %3"_s.arg(what, actual.join(u','), e.join(u',')));
    return true;
}

bool matchesTyped(const QVariant &actual, const QJsonValue &typedValue, QString *why)
{
    const QJsonObject o = typedValue.toObject();
    const QString type = o.value(u"type"_s).toString();
    const PyroKind kind = pyroKind(actual);
    const auto wrongType = [&]() {
        return fail(why, u"expected %1, got %2"_s.arg(describeTyped(typedValue), describeActual(actual)));
    };
    if (type == u"none")
        return kind == PyroKind::None ? true : wrongType();
    if (type == u"bool")
        return kind == PyroKind::Bool && actual.toBool() == o.value(u"value"_s).toBool() ? true : wrongType();
    if (type == u"int") {
        if (kind != PyroKind::Int && kind != PyroKind::BigInt)
            return wrongType();
        const QString expected = o.value(u"value"_s).toString();
        QString text;
        if (actual.typeId() == qMetaTypeId<PyroBigInt>()) {
            const PyroBigInt big = actual.value<PyroBigInt>();
            if (big.fitsInt64())
                return fail(why, u"big int %1 fits in 64 bits and should be a qlonglong"_s.arg(big.toString()));
            text = big.toString();
        } else if (actual.typeId() == QMetaType::ULongLong) {
            text = QString::number(actual.toULongLong());
        } else {
            text = QString::number(actual.toLongLong());
        }
        return text == expected ? true : wrongType();
    }
    if (type == u"float")
        return kind == PyroKind::Float && floatMatches(actual.toDouble(), o) ? true : wrongType();
    if (type == u"complex") {
        if (kind != PyroKind::Complex)
            return wrongType();
        const auto c = actual.value<PyroComplex>();
        return floatMatches(c.real(), o.value(u"real"_s).toObject())
                && floatMatches(c.imag(), o.value(u"imag"_s).toObject())
            ? true : wrongType();
    }
    if (type == u"str")
        return actual.typeId() == QMetaType::QString && actual.toString() == o.value(u"value"_s).toString()
            ? true : wrongType();
    if (type == u"bytes")
        return actual.typeId() == QMetaType::QByteArray
                && actual.toByteArray() == QByteArray::fromBase64(o.value(u"base64"_s).toString().toLatin1())
            ? true : wrongType();
    if (type == u"list") {
        if (actual.typeId() != QMetaType::QVariantList)
            return wrongType();
        return itemsMatch(actual.toList(), o.value(u"items"_s).toArray(), why);
    }
    if (type == u"tuple") {
        if (actual.typeId() != qMetaTypeId<PyroTuple>())
            return wrongType();
        return itemsMatch(actual.value<PyroTuple>().items(), o.value(u"items"_s).toArray(), why);
    }
    if (type == u"set" || type == u"frozenset") {
        if (actual.typeId() != qMetaTypeId<PyroSet>())
            return wrongType();
        const auto set = actual.value<PyroSet>();
        if (set.isFrozen() != (type == u"frozenset"))
            return wrongType();
        return itemsMatchAnyOrder(set.items(), o.value(u"items"_s).toArray(), why);
    }
    if (type == u"dict") {
        QList<PyroDict::Entry> entries;
        if (actual.typeId() == QMetaType::QVariantMap) {
            const QVariantMap map = actual.toMap();
            for (auto it = map.cbegin(); it != map.cend(); ++it)
                entries.append({it.key(), it.value()});
        } else if (actual.typeId() == qMetaTypeId<PyroDict>()) {
            entries = actual.value<PyroDict>().entries();
        } else {
            return wrongType();
        }
        const QJsonArray expected = o.value(u"items"_s).toArray();
        if (entries.size() != expected.size())
            return fail(why, u"dict size %1, expected %2: %3"_s.arg(entries.size()).arg(expected.size())
                                 .arg(describeActual(actual)));
        for (const QJsonValue &pairValue : expected) {
            const QJsonArray pair = pairValue.toArray();
            bool found = false;
            for (const auto &entry : entries) {
                if (matchesTyped(entry.first, pair.at(0), nullptr)) {
                    QString inner;
                    if (!matchesTyped(entry.second, pair.at(1), &inner))
                        return fail(why, u"dict[%1]: %2"_s.arg(describeTyped(pair.at(0)), inner));
                    found = true;
                    break;
                }
            }
            if (!found)
                return fail(why, u"dict key %1 missing in %2"_s.arg(describeTyped(pair.at(0)), describeActual(actual)));
        }
        return true;
    }
    if (type == u"uri") {
        if (actual.typeId() != qMetaTypeId<PyroUri>())
            return wrongType();
        const PyroUri uri = actual.value<PyroUri>();
        if (uri.protocolString() != o.value(u"protocol"_s).toString())
            return fail(why, u"uri protocol %1"_s.arg(uri.protocolString()));
        if (o.value(u"object"_s).isArray()) {
            if (!namesMatch(uri.metadataTags(), o.value(u"object"_s).toArray(), u"uri tags"_s, why))
                return false;
        } else if (uri.object() != o.value(u"object"_s).toString()) {
            return fail(why, u"uri object %1"_s.arg(uri.object()));
        }
        const QString host = o.value(u"host"_s).isNull() ? QString() : o.value(u"host"_s).toString();
        if (uri.host() != host)
            return fail(why, u"uri host '%1', expected '%2'"_s.arg(uri.host(), host));
        if (uri.port() != o.value(u"port"_s).toInt())
            return fail(why, u"uri port %1"_s.arg(uri.port()));
        const QString sock = o.value(u"sockname"_s).isNull() ? QString() : o.value(u"sockname"_s).toString();
        if (uri.socketPath() != sock)
            return fail(why, u"uri socket '%1'"_s.arg(uri.socketPath()));
        // PYROMETA text lists the tags in set order, which depends on the sender's hashing.
        if (o.value(u"str"_s).isString() && !o.value(u"object"_s).isArray()
            && uri.toString() != o.value(u"str"_s).toString())
            return fail(why, u"uri text %1"_s.arg(uri.toString()));
        return true;
    }
    if (type == u"proxy") {
        if (actual.typeId() != qMetaTypeId<PyroObjectRef>())
            return wrongType();
        const PyroObjectRef ref = actual.value<PyroObjectRef>();
        if (ref.uri().toString() != o.value(u"uri"_s).toString())
            return fail(why, u"proxy uri %1"_s.arg(ref.uri().toString()));
        if (!namesMatch(ref.onewayMethods(), o.value(u"oneway"_s).toArray(), u"oneway"_s, why)
            || !namesMatch(ref.methods(), o.value(u"methods"_s).toArray(), u"methods"_s, why)
            || !namesMatch(ref.attributes(), o.value(u"attrs"_s).toArray(), u"attrs"_s, why))
            return false;
        QString inner;
        if (!matchesTyped(ref.handshake(), o.value(u"handshake"_s), &inner))
            return fail(why, u"proxy handshake: "_s + inner);
        const QVariant serializer = ref.serializer().isEmpty() ? PyroValues::none() : QVariant(ref.serializer());
        if (!matchesTyped(serializer, o.value(u"serializer"_s), &inner))
            return fail(why, u"proxy serializer: "_s + inner);
        return true;
    }
    if (type == u"daemon") {
        const QVariantMap map = actual.toMap();
        if (map.value(u"__class__"_s).toString() != u"Pyro5.server.Daemon")
            return wrongType();
        return true;
    }
    if (type == u"exception") {
        if (actual.typeId() != qMetaTypeId<PyroError>())
            return wrongType();
        const PyroError error = actual.value<PyroError>();
        if (error.pythonClass() != o.value(u"class"_s).toString())
            return fail(why, u"exception class %1, expected %2"_s.arg(error.pythonClass(), o.value(u"class"_s).toString()));
        QString inner;
        if (!itemsMatch(error.remoteArgs(), o.value(u"args"_s).toArray(), &inner))
            return fail(why, u"exception args: "_s + inner);
        const PyroDict attrs = error.attributes();
        const QJsonArray expected = o.value(u"attributes"_s).toArray();
        if (attrs.size() != expected.size())
            return fail(why, u"exception attributes %1, expected %2"_s.arg(attrs.size()).arg(expected.size()));
        for (const QJsonValue &pairValue : expected) {
            const QJsonArray pair = pairValue.toArray();
            const QString name = pair.at(0).toString();
            if (!attrs.contains(name))
                return fail(why, u"exception attribute %1 missing"_s.arg(name));
            if (!matchesTyped(attrs.value(name), pair.at(1), &inner))
                return fail(why, u"exception attribute %1: %2"_s.arg(name, inner));
        }
        return true;
    }
    if (type == u"exception_wrapper") {
        if (actual.typeId() != qMetaTypeId<PyroExceptionWrapper>())
            return wrongType();
        return matchesTyped(QVariant::fromValue(actual.value<PyroExceptionWrapper>().error()),
                            o.value(u"exception"_s), why);
    }
    if (type == u"datetime") {
        if (actual.typeId() != QMetaType::QDateTime)
            return wrongType();
        return actual.toDateTime() == dateTimeFromIso(o.value(u"iso"_s).toString()) ? true : wrongType();
    }
    if (type == u"date") {
        if (actual.typeId() != QMetaType::QDate)
            return wrongType();
        return actual.toDate() == QDate::fromString(o.value(u"iso"_s).toString(), Qt::ISODate) ? true : wrongType();
    }
    if (type == u"object") {
        // An object a registered DictToClass hook left as its class dict.
        if (PyroClassMapping::classNameOf(actual) != o.value(u"class"_s).toString())
            return wrongType();
        QJsonArray items{QJsonArray{QJsonObject{{u"type"_s, u"str"_s}, {u"value"_s, u"__class__"_s}},
                                    QJsonObject{{u"type"_s, u"str"_s}, {u"value"_s, o.value(u"class"_s)}}}};
        for (const QJsonValue &pair : o.value(u"attributes"_s).toArray())
            items.append(QJsonArray{QJsonObject{{u"type"_s, u"str"_s}, {u"value"_s, pair.toArray().at(0)}},
                                    pair.toArray().at(1)});
        return matchesTyped(actual, QJsonObject{{u"type"_s, u"dict"_s}, {u"items"_s, items}}, why);
    }
    if (type == u"error")
        return fail(why, u"decoding should fail with %1"_s.arg(describeTyped(typedValue)));
    return fail(why, u"cannot compare with typed value of type "_s + type);
}

std::vector<TranscriptEvent> transcriptEvents(const QJsonObject &session, const QString &target,
                                              std::map<QString, QJsonObject> *connections)
{
    std::vector<TranscriptEvent> events;
    const QJsonArray all = session.value(QLatin1String("connections")).toArray();
    for (const QJsonValue &v : all) {
        const QJsonObject c = v.toObject();
        if (c.value(QLatin1String("target")).toString() != target)
            continue;
        const QString id = c.value(QLatin1String("id")).toString();
        (*connections)[id] = c;
        events.push_back({c.value(QLatin1String("open_event")).toInt(), TranscriptEvent::Open, id, {}});
        events.push_back({c.value(QLatin1String("close_event")).toInt(), TranscriptEvent::Close, id, {}});
        const QJsonArray messages = c.value(QLatin1String("messages")).toArray();
        for (const QJsonValue &m : messages)
            events.push_back({m.toObject().value(QLatin1String("event")).toInt(), TranscriptEvent::Message, id, m.toObject()});
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const TranscriptEvent &a, const TranscriptEvent &b) { return a.order < b.order; });
    return events;
}

} // namespace PyroTestVectors
