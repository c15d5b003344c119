// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyronameserverproxy.h"

#include "pyroprotocol_p.h"

using namespace Qt::StringLiterals;

namespace {

QVariant tagSet(const QStringList &tags)
{
    return QVariant::fromValue(PyroSet(QVariantList(tags.cbegin(), tags.cend())));
}

QVariant tagList(const QStringList &tags)
{
    return QVariantList(tags.cbegin(), tags.cend());
}

} // namespace

PyroNameServerProxy::PyroNameServerProxy(const PyroUri &uri, QObject *parent)
    : QObject(parent), m_proxy(new PyroProxy(uri, this))
{
}

PyroNameServerProxy::PyroNameServerProxy(const PyroUri &uri, const PyroConfig &config, QObject *parent)
    : QObject(parent), m_proxy(new PyroProxy(uri, config, this))
{
}

PyroNameServerProxy::~PyroNameServerProxy() = default;

PyroProxy *PyroNameServerProxy::proxy() const
{
    return m_proxy;
}

PyroUri PyroNameServerProxy::uri() const
{
    return m_proxy->uri();
}

PyroUri PyroNameServerProxy::uriFor(const QString &host, quint16 port, const PyroConfig &config)
{
    const QString objectId = QString::fromLatin1(PyroProtocol::NameServerObjectId);
    if (host.startsWith(u"./u:"))
        return PyroUri::forUnixSocket(objectId, host.mid(4));
    QString h = host;
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    return PyroUri::forTcp(objectId, h, port > 0 ? port : config.nsPort());
}

PyroCallReply *PyroNameServerProxy::ping()
{
    return m_proxy->asyncCall(u"ping"_s);
}

PyroCallReply *PyroNameServerProxy::count()
{
    return m_proxy->asyncCall(u"count"_s);
}

PyroCallReply *PyroNameServerProxy::lookup(const QString &name, Metadata metadata)
{
    QVariantMap kwargs;
    if (metadata == Metadata::Included)
        kwargs.insert(u"return_metadata"_s, true);
    return m_proxy->asyncCall(u"lookup"_s, {name}, kwargs);
}

PyroCallReply *PyroNameServerProxy::registerName(const QString &name, const PyroUri &uri, RegisterMode mode,
                                                 const QStringList &metadata)
{
    QVariantMap kwargs;
    if (mode == RegisterMode::Safe)
        kwargs.insert(u"safe"_s, true);
    if (!metadata.isEmpty())
        kwargs.insert(u"metadata"_s, tagSet(metadata));
    // The URI goes as text: every name server (and every serializer) takes that.
    return m_proxy->asyncCall(u"register"_s, {name, uri.toString()}, kwargs);
}

PyroCallReply *PyroNameServerProxy::remove(const QString &name)
{
    return m_proxy->asyncCall(u"remove"_s, {name});
}

PyroCallReply *PyroNameServerProxy::removeByPrefix(const QString &prefix)
{
    return m_proxy->asyncCall(u"remove"_s, {}, {{u"prefix"_s, prefix}});
}

PyroCallReply *PyroNameServerProxy::removeByRegex(const QString &regex)
{
    return m_proxy->asyncCall(u"remove"_s, {}, {{u"regex"_s, regex}});
}

PyroCallReply *PyroNameServerProxy::list(const QString &prefix, const QString &regex, Metadata metadata)
{
    QVariantMap kwargs;
    if (!prefix.isEmpty())
        kwargs.insert(u"prefix"_s, prefix);
    if (!regex.isEmpty())
        kwargs.insert(u"regex"_s, regex);
    if (metadata == Metadata::Included)
        kwargs.insert(u"return_metadata"_s, true);
    return m_proxy->asyncCall(u"list"_s, {}, kwargs);
}

PyroCallReply *PyroNameServerProxy::lookupByMetadata(const QStringList &metaAll, const QStringList &metaAny,
                                                     Metadata metadata)
{
    QVariantMap kwargs;
    if (!metaAll.isEmpty())
        kwargs.insert(u"meta_all"_s, tagList(metaAll));
    if (!metaAny.isEmpty())
        kwargs.insert(u"meta_any"_s, tagList(metaAny));
    if (metadata == Metadata::Excluded)
        kwargs.insert(u"return_metadata"_s, false);
    return m_proxy->asyncCall(u"yplookup"_s, {}, kwargs);
}

PyroCallReply *PyroNameServerProxy::setMetadata(const QString &name, const QStringList &metadata)
{
    return m_proxy->asyncCall(u"set_metadata"_s, {name, tagList(metadata)});
}
