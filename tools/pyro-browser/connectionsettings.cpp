// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "connectionsettings.h"

#include "pyronameserverproxy.h"

#include <QtCore/QSettings>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

QString ConnectionSettings::title() const
{
    switch (kind) {
    case Kind::Broadcast:
        return u"broadcast"_s;
    case Kind::HostPort:
        return u"%1:%2"_s.arg(host.contains(u':') ? u'[' + host + u']' : host).arg(port);
    case Kind::UnixSocket:
        return u"./u:"_s + socketPath;
    case Kind::DaemonUri:
        return uri;
    }
    return QString();
}

PyroUri ConnectionSettings::targetUri() const
{
    switch (kind) {
    case Kind::Broadcast:
        return PyroUri();
    case Kind::HostPort:
        return PyroNameServerProxy::uriFor(host, port, config());
    case Kind::UnixSocket:
        return PyroUri::forUnixSocket(u"Pyro.NameServer"_s, socketPath);
    case Kind::DaemonUri:
        return daemonUri();
    }
    return PyroUri();
}

PyroUri ConnectionSettings::daemonUri() const
{
    const PyroUri parsed(uri);
    if (!parsed.isValid() || parsed.protocol() != PyroUri::Protocol::Pyro)
        return PyroUri();
    if (parsed.isUnixSocket())
        return PyroUri::forUnixSocket(u"Pyro.Daemon"_s, parsed.socketPath());
    return PyroUri::forTcp(u"Pyro.Daemon"_s, parsed.host(), parsed.port());
}

PyroConfig ConnectionSettings::config() const
{
    PyroConfig config = PyroConfig::global();
    if (!serializer.isEmpty())
        config.setSerializer(serializer);
    if (kind == Kind::Broadcast && port > 0)
        config.setNsBroadcastPort(port);
    config.setSsl(ssl);
    if (ssl) {
        config.setSslCaCerts(caCerts);
        config.setSslClientCert(clientCert);
        config.setSslClientKey(clientKey);
    }
    return config;
}

QString ConnectionSettings::key() const
{
    return title();
}

void ConnectionSettings::save(QSettings &settings) const
{
    static const char *const kinds[] = {"broadcast", "hostport", "unix", "uri"};
    settings.setValue(u"kind"_s, QString::fromLatin1(kinds[int(kind)]));
    settings.setValue(u"host"_s, host);
    settings.setValue(u"port"_s, port);
    settings.setValue(u"socket"_s, socketPath);
    settings.setValue(u"uri"_s, uri);
    settings.setValue(u"serializer"_s, serializer);
    settings.setValue(u"ssl"_s, ssl);
    settings.setValue(u"caCerts"_s, caCerts);
    settings.setValue(u"clientCert"_s, clientCert);
    settings.setValue(u"clientKey"_s, clientKey);
}

ConnectionSettings ConnectionSettings::load(QSettings &settings)
{
    ConnectionSettings s;
    const QString kind = settings.value(u"kind"_s).toString();
    s.kind = kind == u"broadcast" ? Kind::Broadcast
            : kind == u"unix"    ? Kind::UnixSocket
            : kind == u"uri"     ? Kind::DaemonUri
                                 : Kind::HostPort;
    s.host = settings.value(u"host"_s, s.host).toString();
    s.port = settings.value(u"port"_s, s.port).toInt();
    s.socketPath = settings.value(u"socket"_s).toString();
    s.uri = settings.value(u"uri"_s).toString();
    s.serializer = settings.value(u"serializer"_s, s.serializer).toString();
    s.ssl = settings.value(u"ssl"_s, false).toBool();
    s.caCerts = settings.value(u"caCerts"_s).toString();
    s.clientCert = settings.value(u"clientCert"_s).toString();
    s.clientKey = settings.value(u"clientKey"_s).toString();
    return s;
}

QList<ConnectionSettings> recentConnections()
{
    QSettings settings;
    QList<ConnectionSettings> list;
    const int size = settings.beginReadArray(u"recent"_s);
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        list.append(ConnectionSettings::load(settings));
    }
    settings.endArray();
    return list;
}

void rememberConnection(const ConnectionSettings &connection, int max)
{
    QList<ConnectionSettings> list = recentConnections();
    list.removeAll(connection);
    list.prepend(connection);
    while (list.size() > max)
        list.removeLast();
    QSettings settings;
    settings.remove(u"recent"_s);
    settings.beginWriteArray(u"recent"_s, int(list.size()));
    for (int i = 0; i < list.size(); ++i) {
        settings.setArrayIndex(i);
        list.at(i).save(settings);
    }
    settings.endArray();
}

} // namespace PyroBrowser
