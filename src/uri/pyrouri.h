// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>
#include <QtCore/QStringList>

class PyroUriData;

/*
 * A Pyro5 URI:
 *   PYRO:<object id>@<host>:<port>    PYRO:<object id>@[<ipv6>]:<port>    PYRO:<object id>@./u:<socket path>
 *   PYRONAME:<name>[@<ns host>[:<port>]]    PYROMETA:<tag>[,<tag>...][@<ns host>[:<port>]]
 * parsed by Pyro5's rules (protocol case-insensitive, object part up to the first '@',
 * missing PYRONAME/PYROMETA port = NS_PORT).
 *
 *   PyroUri uri(u"PYRO:thermostat@localhost:9999"_s);
 *   if (!uri.isValid()) qWarning() << uri.error();
 */
class QTPYRO_EXPORT PyroUri
{
    Q_GADGET
    Q_PROPERTY(Protocol protocol READ protocol CONSTANT)
    Q_PROPERTY(QString object READ object CONSTANT)
    Q_PROPERTY(QString host READ host CONSTANT)
    Q_PROPERTY(quint16 port READ port CONSTANT)
    Q_PROPERTY(QString socketPath READ socketPath CONSTANT)
    Q_PROPERTY(bool valid READ isValid CONSTANT)
public:
    enum class Protocol { Invalid, Pyro, PyroName, PyroMeta };
    Q_ENUM(Protocol)

    PyroUri();
    // Parses text; check isValid() and error().
    explicit PyroUri(const QString &text);
    PyroUri(const PyroUri &other);
    PyroUri(PyroUri &&other) noexcept;
    PyroUri &operator=(const PyroUri &other);
    PyroUri &operator=(PyroUri &&other) noexcept;
    ~PyroUri();
    void swap(PyroUri &other) noexcept { d.swap(other.d); }

    // Parses text, reporting the reason (Pyro5's message: "invalid uri", "invalid port in
    // uri, port=None"...) through error and the invalid result's error().
    static PyroUri fromString(const QString &text, PyroError *error = nullptr);
    // PYRO:<objectId>@host:port; an IPv6 host needs no brackets here.
    static PyroUri forTcp(const QString &objectId, const QString &host, quint16 port);
    // PYRO:<objectId>@./u:<socketPath>
    static PyroUri forUnixSocket(const QString &objectId, const QString &socketPath);
    // PYRONAME:<name>[@host[:port]]; an empty host leaves the location out; nsPort 0: 9090.
    static PyroUri forName(const QString &name, const QString &nsHost = QString(), quint16 nsPort = 0);
    // PYROMETA:<tags>[@host[:port]]
    static PyroUri forMetadata(const QStringList &tags, const QString &nsHost = QString(), quint16 nsPort = 0);
    // From Pyro5's URI state tuple (protocol, object, sockname, host, port), as the
    // "Pyro5.core.URI" class dict carries it; fields of the wrong type give an invalid URI
    // ("invalid uri state").
    static PyroUri fromState(const QVariantList &state, PyroError *error = nullptr);

    bool isValid() const;
    PyroError error() const;

    Protocol protocol() const;
    QString protocolString() const; // "PYRO", "PYRONAME", "PYROMETA"
    // Object id (PYRO), name (PYRONAME) or tags joined by ',' (PYROMETA).
    QString object() const;
    QStringList metadataTags() const; // PYROMETA only
    QString host() const;             // without brackets
    // 0 when none, and for a port outside 0..65535 that Pyro5's parser accepted (the
    // text keeps it: location(), toString(), toState()).
    quint16 port() const;
    QString socketPath() const;       // for ./u: locations
    bool isUnixSocket() const;
    bool hasLocation() const;
    // host:port, [ipv6]:port or ./u:path; empty when there is none.
    QString location() const;

    // Canonical text, e.g. "PYRO:obj@[::1]:9999".
    QString toString() const;
    // Pyro5's state tuple (protocol, object, sockname, host, port) as a PyroTuple.
    QVariant toState() const;

    friend QTPYRO_EXPORT bool operator==(const PyroUri &a, const PyroUri &b);
    friend bool operator!=(const PyroUri &a, const PyroUri &b) { return !(a == b); }

private:
    QSharedDataPointer<PyroUriData> d;
};

QTPYRO_EXPORT size_t qHash(const PyroUri &uri, size_t seed = 0);
QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroUri &uri);

Q_DECLARE_SHARED(PyroUri)
Q_DECLARE_METATYPE(PyroUri)
