// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"
#include "pyroserializerid.h"

#include <QtCore/QByteArray>
#include <QtCore/QByteArrayView>
#include <QtCore/QMetaType>
#include <QtCore/QObject>
#include <QtCore/QVariant>
#include <QtCore/QtPlugin>

#include <functional>
#include <memory>

/*
 * One remote call as it travels in an INVOKE payload: (object, method, vargs, kwargs).
 */
struct QTPYRO_EXPORT PyroCall
{
    QString object;
    QString method;
    QVariantList args;
    // Sent as a list instead of a tuple (serpent only; Pyro5 does so for the calls on
    // Pyro.Daemon). Set by decodeCall() when the payload had a list.
    bool argsAsList = false;
    // QVariantMap or PyroDict; None for __getattr__, __setattr__ and <batch>.
    QVariant kwargs = QVariantMap();
};

// What encoding may do besides writing plain values.
struct QTPYRO_EXPORT PyroEncodeContext
{
    // Called for values the serializer has no form for (e.g. a QObject* registered in a
    // daemon, which becomes a PyroObjectRef: autoproxy). Returns the replacement, or an
    // invalid QVariant to leave the value alone.
    std::function<QVariant(const QVariant &value)> replace;
    // Serpent: write bytes as b'...' literals instead of Pyro5's base64 dict.
    bool serpentBytesRepr = false;
};

struct QTPYRO_EXPORT PyroDecodeOptions
{
    // Map "__class__" dicts to PyroUri, PyroObjectRef, PyroError... (Pyro5's loads()).
    // Off gives what the plain format decoder returns (class dicts stay dicts).
    bool mapClassDicts = true;
    // Nesting limit for containers; 0 = the serializer's default (Pyro5's limits:
    // serpent 200, json 1000, msgpack 1024, marshal 2000).
    int maxDepth = 0;
    // Budget of decoded values (container elements, dict keys and values count one each);
    // beyond it decoding fails with builtins.MemoryError. 0 = no budget. Daemons and
    // proxies set it from PyroConfig::maxDecodeItemsPerByte() and the payload size.
    qint64 maxItems = 0;
};

/*
 * A Pyro5 serializer: serpent (id 1), marshal (2), json (3) and msgpack (4, a plugin).
 * Serializers are stateless and thread-safe; get them from the registry:
 *
 *   const PyroSerializer *serpent = PyroSerializer::byName(u"serpent");
 *   QByteArray bytes = serpent->serialize(QVariantList{1, u"two"_s});
 *
 * encode() appends to the caller's buffer so a whole message can be built in one
 * allocation; decode() reads straight from the received bytes.
 */
class QTPYRO_EXPORT PyroSerializer
{
public:
    virtual ~PyroSerializer();

    virtual quint8 id() const = 0;
    virtual QString name() const = 0;

    // Appends the encoding of value to out. On failure returns false, sets error
    // (SerializeError) and leaves out's size as it was.
    virtual bool encode(QByteArray &out, const QVariant &value, const PyroEncodeContext &context,
                        PyroError *error) const = 0;
    // Decodes data; on failure returns an invalid QVariant and sets error (SerializeError).
    virtual QVariant decode(QByteArrayView data, const PyroDecodeOptions &options,
                            PyroError *error) const = 0;

    // The call envelope. The default encodes the 4-tuple (object, method, vargs, kwargs)
    // and decodes a 4-tuple or 4-list; json overrides both.
    virtual bool encodeCall(QByteArray &out, const PyroCall &call, const PyroEncodeContext &context,
                            PyroError *error) const;
    virtual bool decodeCall(QByteArrayView data, PyroCall *call, const PyroDecodeOptions &options,
                            PyroError *error) const;

    QByteArray serialize(const QVariant &value, PyroError *error = nullptr) const;
    QVariant deserialize(QByteArrayView data, PyroError *error = nullptr) const;

    // ---- registry ----
    // The serializer with this id or name ("serpent", "marshal", "json", "msgpack"),
    // loading its plugin when needed; nullptr (and error) when there is none.
    static const PyroSerializer *byId(int id, PyroError *error = nullptr);
    static const PyroSerializer *byName(QStringView name, PyroError *error = nullptr);
    // Ids of every serializer available, built in or as a plugin.
    static QList<int> availableIds();
    // Adds (or replaces) a serializer; the registry owns it.
    static void registerSerializer(std::unique_ptr<PyroSerializer> serializer);

    // ---- class <-> dict hooks (Pyro5's register_class_to_dict / register_dict_to_class) ----
    // fn turns a value of this metatype into a dict (QVariantMap or PyroDict), normally
    // with a "__class__" key so the receiver can recognise it.
    using ClassToDict = std::function<QVariant(const QVariant &value)>;
    static void registerClassToDict(QMetaType type, ClassToDict fn);
    template<typename T>
    static void registerClassToDict(std::function<QVariant(const T &)> fn)
    {
        registerClassToDict(QMetaType::fromType<T>(),
                            [fn](const QVariant &v) { return fn(v.value<T>()); });
    }
    // fn turns a received dict whose "__class__" is className into a value; checked
    // before the built-in mappings, so it can override them.
    using DictToClass = std::function<QVariant(const QString &className, const QVariant &dict)>;
    static void registerDictToClass(const QString &className, DictToClass fn);
    static void unregisterClassToDict(QMetaType type);
    static void unregisterDictToClass(const QString &className);
};

/*
 * Plugins add serializers: a Qt plugin in a "pyro/" folder on the library paths, in
 * the build tree, or in QTPYRO_PLUGIN_PATH, with metadata {"id": 4, "name": "msgpack"}.
 */
class QTPYRO_EXPORT PyroSerializerPlugin : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~PyroSerializerPlugin() override;
    virtual std::unique_ptr<PyroSerializer> create() = 0;
};

#define PyroSerializerPlugin_iid "org.qtpyro.PyroSerializerPlugin/1.0"
Q_DECLARE_INTERFACE(PyroSerializerPlugin, PyroSerializerPlugin_iid)

Q_DECLARE_METATYPE(PyroCall)
