// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroautocleaner_p.h"
#include "pyrodaemon.h"
#include "pyronameserver.h"
#include "pyrostorage.h"

#include <QtNetwork/QHostAddress>

#include <QtCore/QMutex>
#include <QtCore/QPointer>
#include <QtCore/QVariant>

class PyroBroadcastResponder;

namespace PyroNaming {

/*
 * The object a daemon serves as "Pyro.NameServer": Pyro5's NameServer API with Python's
 * names, parameter names (Python clients pass optional arguments by keyword), argument
 * checks and error texts. Arguments are QVariants because Python's checks are about the
 * types a client sent; an invalid QVariant is a parameter the caller did not give.
 * Failures throw PyroException, which only the daemon's invoker sees.
 *
 * The class is called NameServer so that messages read like Python's
 * ("NameServer.lookup() missing 1 required positional argument: 'name'").
 */
class QTPYRO_PRIVATE_EXPORT NameServer : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("pyro.names", "registerName=register,setMetadata=set_metadata")
public:
    // The quotas a name server enforces (PyroConfig's NS_MAX_* items and
    // NS_REGEX_TIME_BUDGET; 0 or less: unlimited). Violations are NamingErrors.
    struct Limits
    {
        qsizetype maxNameLength = 0;       // characters of a name
        qsizetype maxUriLength = 0;        // characters of a URI
        qsizetype maxMetadataTags = 0;     // tags of a registration, and of a yplookup
        qsizetype maxMetadataLength = 0;   // characters of one registration's tags together
        qint64 maxRegistrations = 0;       // entries in the registry
        double regexTimeBudget = 0;        // seconds one list()/remove() may spend matching
        static Limits fromConfig(const PyroConfig &config);
    };

    explicit NameServer(PyroStorage *storage, QObject *parent = nullptr);
    ~NameServer() override;

    void setLimits(const Limits &limits) { m_limits = limits; }
    Limits limits() const { return m_limits; }

    // The URI this server stores and reports for Pyro.NameServer (see own-entry rule in
    // pyronameserver.cpp); empty: none.
    void setOwnUri(const QString &uri);
    QString ownUri() const;

    Q_INVOKABLE void ping();
    Q_INVOKABLE qlonglong count();
    Q_INVOKABLE QVariant lookup(const QVariant &name, const QVariant &return_metadata = QVariant());
    Q_INVOKABLE void registerName(const QVariant &name, const QVariant &uri,
                                  const QVariant &safe = QVariant(), const QVariant &metadata = QVariant());
    Q_INVOKABLE void setMetadata(const QVariant &name, const QVariant &metadata);
    Q_INVOKABLE qlonglong remove(const QVariant &name = QVariant(), const QVariant &prefix = QVariant(),
                                 const QVariant &regex = QVariant());
    Q_INVOKABLE QVariant list(const QVariant &prefix = QVariant(), const QVariant &regex = QVariant(),
                              const QVariant &return_metadata = QVariant());
    Q_INVOKABLE QVariant yplookup(const QVariant &meta_all = QVariant(), const QVariant &meta_any = QVariant(),
                                  const QVariant &return_metadata = QVariant());

    // Python's truth value of an argument (None, 0, 0.0, '', empty containers are false).
    static bool truthy(const QVariant &value);

private:
    PyroStorageEntries listed(const PyroStorageFilter &filter, PyroStorage::Detail detail);
    void checkName(const QString &name) const;
    void checkMetadata(const QSet<QString> &tags) const;
    void checkRoomFor(const QString &name);
    QVariant entriesResult(const PyroStorageEntries &entries, bool withMetadata) const;
    void applyOwnEntry(PyroStorageEntries *entries, const PyroStorageFilter &filter) const;

    PyroStorage *m_storage;
    Limits m_limits;
    mutable QMutex m_lock;
    QString m_ownUri;
};

} // namespace PyroNaming

class QTPYRO_PRIVATE_EXPORT PyroNameServerPrivate
{
public:
    explicit PyroNameServerPrivate(PyroNameServer *q, const PyroConfig &config);
    ~PyroNameServerPrivate();
    static PyroNameServerPrivate *get(PyroNameServer *ns) { return ns->d.get(); }

    bool fail(PyroError::Code code, const QString &message);
    bool openStorage();
    bool checkAutoClean();
    bool finishStart();
    void cleanUp();

    // The address a daemon's TCP socket is bound to (null for a Unix socket): what Pyro5
    // prints as "NS running on <location> (<address>)" and checks for IPv6.
    static QHostAddress boundAddress(const PyroDaemon *daemon, const PyroConfig &config);

    PyroNameServer *q;
    PyroConfig config;
    QString storageSpec;
    bool broadcastEnabled = true;
    QString broadcastHost;
    int broadcastPortSetting = -1;
    QString natHost;
    quint16 natPort = 0;
    bool natSet = false;

    PyroError error;
    std::unique_ptr<PyroStorage> storage;
    std::unique_ptr<PyroDaemon> ownDaemon;
    QPointer<PyroDaemon> daemon;
    std::unique_ptr<PyroNaming::NameServer> object;
    std::unique_ptr<PyroBroadcastResponder> responder;
    PyroNaming::AutoCleaner::Timing autoCleanTiming;
    std::unique_ptr<PyroNaming::AutoCleaner> autoCleaner;
    bool running = false;

    // NS_AUTOCLEAN limits. Only tests change them (before start()), to see a name go in
    // a second instead of 20, as Pyro5's own tests lower the same class attributes.
    int autoCleanMinimumMs = PyroNaming::AutoCleaner::MinimumIntervalMs;
    int autoCleanGraceMs = PyroNaming::AutoCleaner::DefaultGraceMs;
    int autoCleanMaxInFlight = PyroNaming::AutoCleaner::DefaultMaxInFlight;
};
