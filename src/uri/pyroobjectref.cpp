// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroobjectref.h"

using namespace Qt::StringLiterals;

class PyroObjectRefData : public QSharedData
{
public:
    PyroUri uri;
    QStringList methods;
    QStringList oneway;
    QStringList attributes;
    QVariant handshake = u"hello"_s;
    QString serializer;
};

PyroObjectRef::PyroObjectRef() : d(new PyroObjectRefData) { }
PyroObjectRef::PyroObjectRef(const PyroUri &uri) : d(new PyroObjectRefData) { d->uri = uri; }
PyroObjectRef::PyroObjectRef(const PyroObjectRef &other) = default;
PyroObjectRef::PyroObjectRef(PyroObjectRef &&other) noexcept = default;
PyroObjectRef &PyroObjectRef::operator=(const PyroObjectRef &other) = default;
PyroObjectRef &PyroObjectRef::operator=(PyroObjectRef &&other) noexcept = default;
PyroObjectRef::~PyroObjectRef() = default;

bool PyroObjectRef::isValid() const { return d->uri.isValid(); }
PyroUri PyroObjectRef::uri() const { return d->uri; }
QStringList PyroObjectRef::methods() const { return d->methods; }
QStringList PyroObjectRef::onewayMethods() const { return d->oneway; }
QStringList PyroObjectRef::attributes() const { return d->attributes; }
QVariant PyroObjectRef::handshake() const { return d->handshake; }
QString PyroObjectRef::serializer() const { return d->serializer; }
void PyroObjectRef::setUri(const PyroUri &uri) { d->uri = uri; }
void PyroObjectRef::setMethods(const QStringList &methods) { d->methods = methods; }
void PyroObjectRef::setOnewayMethods(const QStringList &methods) { d->oneway = methods; }
void PyroObjectRef::setAttributes(const QStringList &attributes) { d->attributes = attributes; }
void PyroObjectRef::setHandshake(const QVariant &handshake) { d->handshake = handshake; }
void PyroObjectRef::setSerializer(const QString &serializer) { d->serializer = serializer; }

static QVariant namesTuple(const QStringList &names)
{
    return QVariant::fromValue(PyroTuple(QVariantList(names.cbegin(), names.cend())));
}

QVariant PyroObjectRef::toState() const
{
    return QVariant::fromValue(PyroTuple{
        d->uri.toString(), namesTuple(d->oneway), namesTuple(d->methods),
        namesTuple(d->attributes), d->handshake,
        d->serializer.isEmpty() ? PyroValues::none() : QVariant(d->serializer)});
}

// Metadata name collections arrive as tuple, list or set depending on the serializer.
static bool toNames(const QVariant &value, QStringList *names)
{
    QVariantList items;
    const int id = value.typeId();
    if (id == qMetaTypeId<PyroTuple>())
        items = value.value<PyroTuple>().items();
    else if (id == qMetaTypeId<PyroSet>())
        items = value.value<PyroSet>().items();
    else if (id == QMetaType::QVariantList)
        items = value.toList();
    else if (id == QMetaType::QStringList) {
        *names = value.toStringList();
        return true;
    } else if (!PyroValues::isNone(value))
        return false;
    names->clear();
    for (const QVariant &item : items) {
        if (item.typeId() != QMetaType::QString)
            return false;
        names->append(item.toString());
    }
    return true;
}

PyroObjectRef PyroObjectRef::fromState(const QVariantList &state, PyroError *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = PyroError(PyroError::Code::SerializeError, why);
        return PyroObjectRef();
    };
    if (state.size() != 6)
        return fail(u"invalid proxy state: expected 6 items"_s);
    if (state.at(0).typeId() != QMetaType::QString)
        return fail(u"invalid proxy state: uri is not a string"_s);
    PyroError uriError;
    const PyroUri uri = PyroUri::fromString(state.at(0).toString(), &uriError);
    if (!uri.isValid()) {
        if (error)
            *error = uriError;
        return PyroObjectRef();
    }
    PyroObjectRef ref(uri);
    if (!toNames(state.at(1), &ref.d->oneway) || !toNames(state.at(2), &ref.d->methods)
        || !toNames(state.at(3), &ref.d->attributes))
        return fail(u"invalid proxy state: metadata is not a collection of names"_s);
    ref.d->handshake = state.at(4);
    if (state.at(5).typeId() == QMetaType::QString)
        ref.d->serializer = state.at(5).toString();
    else if (!PyroValues::isNone(state.at(5)))
        return fail(u"invalid proxy state: serializer is not a name"_s);
    return ref;
}

bool operator==(const PyroObjectRef &a, const PyroObjectRef &b)
{
    auto sorted = [](QStringList l) { l.sort(); return l; };
    return a.d->uri == b.d->uri && sorted(a.d->methods) == sorted(b.d->methods)
        && sorted(a.d->oneway) == sorted(b.d->oneway)
        && sorted(a.d->attributes) == sorted(b.d->attributes)
        && PyroValues::equals(a.d->handshake, b.d->handshake)
        && a.d->serializer == b.d->serializer;
}

QDebug operator<<(QDebug debug, const PyroObjectRef &ref)
{
    QDebugStateSaver saver(debug);
    debug.nospace().noquote() << "PyroObjectRef(" << ref.uri().toString() << ')';
    return debug;
}
