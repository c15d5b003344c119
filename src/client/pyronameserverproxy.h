// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroproxy.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>

/*
 * A proxy for a name server (Pyro.NameServer, Python's or QtPyro's), with its whole API.
 * Every call is asynchronous and returns a caller-owned PyroCallReply; reply->value()
 * holds what Pyro5 returns (see each method), and waitForFinished() makes any of them
 * blocking for tools:
 *
 *   PyroNameServerProxy ns(PyroNameServerProxy::uriFor(u"localhost"_s));
 *   std::unique_ptr<PyroCallReply> r(ns.lookup(u"my.object"_s));
 *   r->waitForFinished();
 *   PyroUri uri = r->value().value<PyroUri>();
 *
 * The calls go through proxy(), a PyroProxy the name-server proxy owns: its settings
 * (serializer, timeouts, TLS), its connection state and errorOccurred() are the name
 * server's, and proxy()->asyncCall() reaches anything this class does not wrap.
 *
 * Metadata arguments are lists of strings: registerName() sends them as a set, the
 * others as a list, as Pyro5's own clients do. Optional arguments go as keyword
 * arguments and only when they differ from Pyro5's defaults. Regex filters are Python
 * regular expressions matched from the start.
 */
class QTPYRO_EXPORT PyroNameServerProxy : public QObject
{
    Q_OBJECT
    Q_PROPERTY(PyroUri uri READ uri CONSTANT)
public:
    // Whether lookups and lists carry each name's metadata (Pyro5's return_metadata).
    enum class Metadata { Excluded, Included };
    Q_ENUM(Metadata)
    // What registerName() does when the name is taken (Pyro5's safe=False/True).
    enum class RegisterMode { Replace, Safe };
    Q_ENUM(RegisterMode)

    explicit PyroNameServerProxy(const PyroUri &uri, QObject *parent = nullptr);
    PyroNameServerProxy(const PyroUri &uri, const PyroConfig &config, QObject *parent = nullptr);
    ~PyroNameServerProxy() override;

    // The connection to the name server (a child of this object).
    PyroProxy *proxy() const;
    PyroUri uri() const;

    // PYRO:Pyro.NameServer@host:port (host may be "./u:path" for a Unix socket).
    // port 0: NS_PORT.
    static PyroUri uriFor(const QString &host, quint16 port = 0, const PyroConfig &config = PyroConfig::global());

    PyroCallReply *ping();                                             // None
    PyroCallReply *count();                                            // int
    // PyroUri, or (PyroUri, set) with Metadata::Included
    PyroCallReply *lookup(const QString &name, Metadata metadata = Metadata::Excluded);
    // None; RegisterMode::Safe fails with a NamingError when the name is taken
    PyroCallReply *registerName(const QString &name, const PyroUri &uri,
                                RegisterMode mode = RegisterMode::Replace,
                                const QStringList &metadata = {});
    PyroCallReply *remove(const QString &name);                        // int removed
    PyroCallReply *removeByPrefix(const QString &prefix);
    PyroCallReply *removeByRegex(const QString &regex);
    // name -> uri string, or name -> (uri string, set) with Metadata::Included
    PyroCallReply *list(const QString &prefix = {}, const QString &regex = {},
                        Metadata metadata = Metadata::Excluded);
    // name -> (uri string, set) (or name -> uri string with Metadata::Excluded); empty filters: {}
    PyroCallReply *lookupByMetadata(const QStringList &metaAll, const QStringList &metaAny = {},
                                    Metadata metadata = Metadata::Included);
    PyroCallReply *setMetadata(const QString &name, const QStringList &metadata); // None

private:
    PyroProxy *const m_proxy;
};
