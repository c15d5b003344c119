// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroserializer.h"
#include "pyroserializerregistry_p.h"

#include "pyroclassmapping_p.h"
#include "pyrojson_p.h"
#include "pyromarshal_p.h"
#include "pyroplugins_p.h"
#include "pyroserpent_p.h"

#include <QtCore/QJsonObject>

using namespace Qt::StringLiterals;

PyroSerializer::~PyroSerializer() = default;
PyroSerializerPlugin::~PyroSerializerPlugin() = default;

static QVariant argsValue(const PyroCall &call)
{
    if (call.argsAsList)
        return call.args;
    return QVariant::fromValue(PyroTuple(call.args));
}

bool PyroSerializer::encodeCall(QByteArray &out, const PyroCall &call,
                                const PyroEncodeContext &context, PyroError *error) const
{
    const PyroTuple envelope{call.object, call.method, argsValue(call), call.kwargs};
    return encode(out, QVariant::fromValue(envelope), context, error);
}

static bool callFail(PyroError *error, const QString &message)
{
    if (error)
        *error = PyroError(PyroError::Code::SerializeError, message);
    return false;
}

bool PyroSerializer::decodeCall(QByteArrayView data, PyroCall *call,
                                const PyroDecodeOptions &options, PyroError *error) const
{
    const QVariant decoded = decode(data, options, error);
    if (!decoded.isValid())
        return false;
    const int id = decoded.typeId();
    if (id != qMetaTypeId<PyroTuple>() && id != QMetaType::QVariantList)
        return callFail(error, u"invalid call: not a sequence"_s);
    const QVariantList envelope = PyroClassMapping::listItems(decoded);
    if (envelope.size() != 4)
        return callFail(error, u"invalid call: expected 4 items, got %1"_s.arg(envelope.size()));
    if (envelope.at(0).typeId() != QMetaType::QString
        || envelope.at(1).typeId() != QMetaType::QString)
        return callFail(error, u"invalid call: object and method must be strings"_s);
    call->object = envelope.at(0).toString();
    call->method = envelope.at(1).toString();
    const QVariant &args = envelope.at(2);
    const int argsId = args.typeId();
    if (argsId == QMetaType::QVariantList) {
        call->args = args.toList();
        call->argsAsList = true;
    } else if (argsId == qMetaTypeId<PyroTuple>()) {
        call->args = args.value<PyroTuple>().items();
        call->argsAsList = false;
    } else {
        return callFail(error, u"invalid call: arguments must be a tuple or list"_s);
    }
    call->kwargs = envelope.at(3);
    return true;
}

QByteArray PyroSerializer::serialize(const QVariant &value, PyroError *error) const
{
    QByteArray out;
    if (!encode(out, value, PyroEncodeContext(), error))
        return QByteArray();
    return out;
}

QVariant PyroSerializer::deserialize(QByteArrayView data, PyroError *error) const
{
    return decode(data, PyroDecodeOptions(), error);
}

// ---- registry ------------------------------------------------------------------------

PyroSerializerRegistry &PyroSerializerRegistry::instance()
{
    static PyroSerializerRegistry registry;
    return registry;
}

PyroSerializerRegistry::PyroSerializerRegistry()
{
    add(std::make_unique<PyroSerpentSerializer>());
    add(std::make_unique<PyroMarshalSerializer>());
    add(std::make_unique<PyroJsonSerializer>());
}

bool PyroSerializerRegistry::loadPlugin(int id, QStringView name, QString *searched)
{
    QObject *instance = PyroPlugins::load(
        PyroSerializerPlugin_iid,
        [&](const QJsonObject &meta) {
            if (id >= 0)
                return meta.value(u"id"_s).toInt(-1) == id;
            return meta.value(u"name"_s).toString().compare(name, Qt::CaseInsensitive) == 0;
        },
        searched);
    auto *plugin = qobject_cast<PyroSerializerPlugin *>(instance);
    if (!plugin)
        return false;
    std::unique_ptr<PyroSerializer> serializer = plugin->create();
    if (!serializer)
        return false;
    add(std::move(serializer));
    return true;
}

const PyroSerializer *PyroSerializerRegistry::byId(int id, PyroError *error)
{
    if (id < 0 || id > 255) {
        if (error)
            *error = PyroError(PyroError::Code::SerializeError, u"invalid serializer id %1"_s.arg(id));
        return nullptr;
    }
    if (const PyroSerializer *s = m_fast[size_t(id)])
        return s;
    QString searched;
    {
        QWriteLocker locker(&m_lock);
        if (const PyroSerializer *s = m_fast[size_t(id)])
            return s;
    }
    if (loadPlugin(id, QStringView(), &searched)) {
        if (const PyroSerializer *s = m_fast[size_t(id)])
            return s;
    }
    if (error) {
        const QString name = PyroSerializerIds::name(id);
        *error = PyroError(PyroError::Code::SerializeError,
                           name.isEmpty()
                               ? u"unknown serializer id %1"_s.arg(id)
                               : u"serializer %1 (id %2) is not available: plugin not found in %3"_s
                                     .arg(name).arg(id).arg(searched));
    }
    return nullptr;
}

const PyroSerializer *PyroSerializerRegistry::byName(QStringView name, PyroError *error)
{
    for (int id = 0; id < 256; ++id) {
        const PyroSerializer *s = m_fast[size_t(id)];
        if (s && s->name().compare(name, Qt::CaseInsensitive) == 0)
            return s;
    }
    if (const int id = PyroSerializerIds::fromName(name); id > 0)
        return byId(id, error);
    QString searched;
    if (loadPlugin(-1, name, &searched))
        return byName(name, error);
    if (error)
        *error = PyroError(PyroError::Code::SerializeError,
                           u"unknown serializer '%1'"_s.arg(name));
    return nullptr;
}

QList<int> PyroSerializerRegistry::availableIds()
{
    QList<int> ids;
    for (int id = 0; id < 256; ++id) {
        if (m_fast[size_t(id)])
            ids.append(id);
    }
    for (const QJsonObject &meta : PyroPlugins::available(PyroSerializerPlugin_iid)) {
        const int id = meta.value(u"id"_s).toInt(-1);
        if (id >= 0 && !ids.contains(id))
            ids.append(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

void PyroSerializerRegistry::add(std::unique_ptr<PyroSerializer> serializer)
{
    QWriteLocker locker(&m_lock);
    const size_t id = serializer->id();
    // A replaced serializer stays alive: other threads may still hold its pointer.
    if (m_serializers[id])
        m_serializers[id].release();
    m_fast[id] = serializer.get();
    m_serializers[id] = std::move(serializer);
}

PyroSerializer::ClassToDict PyroSerializerRegistry::classToDict(int metaTypeId) const
{
    if (!m_hasClassHooks)
        return {};
    QReadLocker locker(&m_lock);
    return m_classToDict.value(metaTypeId);
}

PyroSerializer::DictToClass PyroSerializerRegistry::dictToClass(const QString &className) const
{
    if (!m_hasClassHooks)
        return {};
    QReadLocker locker(&m_lock);
    return m_dictToClass.value(className);
}

void PyroSerializerRegistry::setClassToDict(int metaTypeId, PyroSerializer::ClassToDict fn)
{
    QWriteLocker locker(&m_lock);
    if (fn)
        m_classToDict.insert(metaTypeId, std::move(fn));
    else
        m_classToDict.remove(metaTypeId);
    m_hasClassHooks = !m_classToDict.isEmpty() || !m_dictToClass.isEmpty();
}

void PyroSerializerRegistry::setDictToClass(const QString &className, PyroSerializer::DictToClass fn)
{
    QWriteLocker locker(&m_lock);
    if (fn)
        m_dictToClass.insert(className, std::move(fn));
    else
        m_dictToClass.remove(className);
    m_hasClassHooks = !m_classToDict.isEmpty() || !m_dictToClass.isEmpty();
}

const PyroSerializer *PyroSerializer::byId(int id, PyroError *error)
{
    return PyroSerializerRegistry::instance().byId(id, error);
}

const PyroSerializer *PyroSerializer::byName(QStringView name, PyroError *error)
{
    return PyroSerializerRegistry::instance().byName(name, error);
}

QList<int> PyroSerializer::availableIds()
{
    return PyroSerializerRegistry::instance().availableIds();
}

void PyroSerializer::registerSerializer(std::unique_ptr<PyroSerializer> serializer)
{
    if (serializer)
        PyroSerializerRegistry::instance().add(std::move(serializer));
}

void PyroSerializer::registerClassToDict(QMetaType type, ClassToDict fn)
{
    PyroSerializerRegistry::instance().setClassToDict(type.id(), std::move(fn));
}

void PyroSerializer::registerDictToClass(const QString &className, DictToClass fn)
{
    PyroSerializerRegistry::instance().setDictToClass(className, std::move(fn));
}

void PyroSerializer::unregisterClassToDict(QMetaType type)
{
    PyroSerializerRegistry::instance().setClassToDict(type.id(), {});
}

void PyroSerializer::unregisterDictToClass(const QString &className)
{
    PyroSerializerRegistry::instance().setDictToClass(className, {});
}
