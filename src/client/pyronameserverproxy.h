// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroproxy.h"

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
 * Metadata arguments are lists of strings: registerName() sends them as a set, the
 * others as a list, as Pyro5's own clients do. Optional arguments go as keyword
 * arguments and only when they differ from Pyro5's defaults. Regex filters are Python
 * regular expressions matched from the start.
 */
class QTPYRO_EXPORT PyroNameServerProxy : public PyroProxy
{
    Q_OBJECT
public:
    explicit PyroNameServerProxy(const PyroUri &uri, QObject *parent = nullptr);
    PyroNameServerProxy(const PyroUri &uri, const PyroConfig &config, QObject *parent = nullptr);
    ~PyroNameServerProxy() override;

    // PYRO:Pyro.NameServer@host:port (host may be "./u:path" for a Unix socket).
    static PyroUri uriFor(const QString &host, int port = 0, const PyroConfig &config = PyroConfig::global());

    PyroCallReply *nsPing();                                           // None
    PyroCallReply *count();                                            // int
    PyroCallReply *lookup(const QString &name, bool returnMetadata = false); // PyroUri, or (PyroUri, set)
    PyroCallReply *registerName(const QString &name, const PyroUri &uri, bool safe = false,
                                const QStringList &metadata = {});     // None
    PyroCallReply *remove(const QString &name);                        // int removed
    PyroCallReply *removeByPrefix(const QString &prefix);
    PyroCallReply *removeByRegex(const QString &regex);
    // name -> uri string, or name -> (uri string, set) with returnMetadata
    PyroCallReply *list(const QString &prefix = {}, const QString &regex = {}, bool returnMetadata = false);
    // name -> (uri string, set) (or name -> uri string without metadata); empty filters: {}
    PyroCallReply *lookupByMetadata(const QStringList &metaAll, const QStringList &metaAny = {},
                                    bool returnMetadata = true);
    PyroCallReply *setMetadata(const QString &name, const QStringList &metadata); // None
};
