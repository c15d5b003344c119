// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyronameserver.h"
#include "pyronameserver_p.h"

#include "pyrobroadcastresponder_p.h"
#include "pyrocallcontext.h"
#include "pyrodaemon.h"
#include "pyroprotocol_p.h"
#include "pyrovalues_p.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QLoggingCategory>
#include <QtNetwork/QHostInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPyroNameServer, "qtpyro.naming", QtWarningMsg)

namespace {

const QString &nameServerName()
{
    static const QString name = QString::fromLatin1(PyroProtocol::NameServerObjectId);
    return name;
}

QSet<QString> ownMetadata()
{
    return {QString::fromLatin1(PyroProtocol::NameServerClassMetadata)};
}

[[noreturn]] void throwError(const PyroError &error)
{
    throw PyroException(error);
}

[[noreturn]] void raiseType(const QString &message)
{
    throwError(PyroError::exception(u"builtins.TypeError"_s, message));
}

[[noreturn]] void raiseValue(const QString &message)
{
    throwError(PyroError::exception(u"builtins.ValueError"_s, message));
}

bool isStr(const QVariant &value)
{
    return value.isValid() && pyroKind(value) == PyroKind::Str;
}

QVariantList listItems(const QVariant &value)
{
    if (value.typeId() == QMetaType::QVariantList)
        return value.toList();
    if (value.typeId() == QMetaType::QStringList) {
        const QStringList strings = value.toStringList();
        return QVariantList(strings.cbegin(), strings.cend());
    }
    return value.value<QVariantList>();
}

// Python's iteration over a metadata argument: the items of a list, tuple or set, the
// keys of a dict; anything else is "not iterable" (a str was refused before). Python
// would take items of any type; the storages hold strings, so *nonStr says whether some
// item was not one.
QSet<QString> tagsOf(const QVariant &value, bool *nonStr, qsizetype maxTags)
{
    *nonStr = false;
    QVariantList items;
    switch (pyroKind(value)) {
    case PyroKind::List:
        items = listItems(value);
        break;
    case PyroKind::Tuple:
        items = value.value<PyroTuple>().items();
        break;
    case PyroKind::Set:
        items = value.value<PyroSet>().items();
        break;
    case PyroKind::Dict:
        if (value.typeId() == qMetaTypeId<PyroDict>()) {
            for (const auto &entry : value.value<PyroDict>().entries())
                items.append(entry.first);
        } else {
            const QStringList keys = value.toMap().keys();
            items = QVariantList(keys.cbegin(), keys.cend());
        }
        break;
    case PyroKind::Bytes:
        *nonStr = !value.toByteArray().isEmpty(); // bytes iterate as ints
        return {};
    default:
        raiseType(u"'%1' object is not iterable"_s.arg(PyroValues::pythonTypeName(value)));
    }
    if (maxTags > 0 && items.size() > maxTags) {
        throwError(PyroError(PyroError::Code::NamingError,
                             u"too many metadata tags: %1 (the limit, NS_MAX_METADATA_TAGS, is %2)"_s
                                 .arg(items.size()).arg(maxTags)));
    }
    QSet<QString> tags;
    for (const QVariant &item : std::as_const(items)) {
        if (isStr(item))
            tags.insert(item.toString());
        else
            *nonStr = true;
    }
    return tags;
}

// The metadata of register() and set_metadata(): None or an iterable of str.
QSet<QString> metadataArgument(const QVariant &metadata, qsizetype maxTags)
{
    if (isStr(metadata))
        raiseType(u"metadata should not be a str, but another iterable (set, list, etc)"_s);
    if (!metadata.isValid() || PyroValues::isNone(metadata))
        return {};
    bool nonStr = false;
    const QSet<QString> tags = tagsOf(metadata, &nonStr, maxTags);
    if (nonStr)
        raiseType(u"metadata tags must be str"_s);
    return tags;
}

QVariant tagSet(const QSet<QString> &tags)
{
    QStringList sorted(tags.cbegin(), tags.cend());
    sorted.sort();
    return QVariant::fromValue(PyroSet(QVariantList(sorted.cbegin(), sorted.cend())));
}

PyroUri parsedUri(const QString &text)
{
    PyroError error;
    const PyroUri uri = PyroUri::fromString(text, &error);
    if (!uri.isValid())
        throwError(error.isError() ? error : PyroError(PyroError::Code::PyroError, u"invalid uri"_s));
    return uri;
}

} // namespace

// =======================================================================================
// The remote object

namespace PyroNaming {

/*
    One rule about the name server's own entry: whatever the storage holds under
    "Pyro.NameServer", this server reports its own URI there (lookup, list, yplookup), and
    counts and lists the entry even when the storage lost it. With several name servers on
    one shared (SQL) registry, each stores its entry on start (the last one wins the row),
    and each one keeps naming itself to its own clients, so no server sends clients to
    another one, or to one that has stopped. Every other name is shared.
*/
NameServer::NameServer(PyroStorage *storage, QObject *parent)
    : QObject(parent), m_storage(storage)
{
}

NameServer::~NameServer() = default;

NameServer::Limits NameServer::Limits::fromConfig(const PyroConfig &config)
{
    Limits limits;
    limits.maxNameLength = config.nsMaxNameLength();
    limits.maxUriLength = config.nsMaxUriLength();
    limits.maxMetadataTags = config.nsMaxMetadataTags();
    limits.maxMetadataLength = config.nsMaxMetadataLength();
    limits.maxRegistrations = config.nsMaxRegistrations();
    limits.regexTimeBudget = config.nsRegexTimeBudget();
    return limits;
}

void NameServer::checkName(const QString &name) const
{
    if (m_limits.maxNameLength > 0 && name.size() > m_limits.maxNameLength)
        throwError(PyroError(PyroError::Code::NamingError,
                             u"name too long: %1 characters (the limit, NS_MAX_NAME_LENGTH, is %2)"_s
                                 .arg(name.size()).arg(m_limits.maxNameLength)));
}

void NameServer::checkMetadata(const QSet<QString> &tags) const
{
    if (m_limits.maxMetadataLength <= 0)
        return;
    qsizetype length = 0;
    for (const QString &tag : tags)
        length += tag.size();
    if (length > m_limits.maxMetadataLength)
        throwError(PyroError(PyroError::Code::NamingError,
                             u"metadata too large: %1 characters (the limit, NS_MAX_METADATA_LENGTH, is %2)"_s
                                 .arg(length).arg(m_limits.maxMetadataLength)));
}

// A new name needs room in the registry; replacing an existing one does not. With several
// name servers on one SQL registry this is a soft limit (two may pass the check at once).
void NameServer::checkRoomFor(const QString &name)
{
    if (m_limits.maxRegistrations <= 0)
        return;
    PyroError error;
    const qint64 n = m_storage->count(&error);
    if (n < 0)
        throwError(error);
    if (n < m_limits.maxRegistrations)
        return;
    PyroStorageEntry existing;
    if (m_storage->lookup(name, &existing))
        return;
    throwError(PyroError(PyroError::Code::NamingError,
                         u"registry full: %1 registrations (the limit, NS_MAX_REGISTRATIONS, is %2)"_s
                             .arg(n).arg(m_limits.maxRegistrations)));
}

void NameServer::setOwnUri(const QString &uri)
{
    QMutexLocker locker(&m_lock);
    m_ownUri = uri;
}

QString NameServer::ownUri() const
{
    QMutexLocker locker(&m_lock);
    return m_ownUri;
}

bool NameServer::truthy(const QVariant &value)
{
    if (!value.isValid())
        return false;
    switch (pyroKind(value)) {
    case PyroKind::None: return false;
    case PyroKind::Bool: return value.toBool();
    case PyroKind::Int: return value.toLongLong() != 0;
    case PyroKind::BigInt: return true; // never zero: zero fits in 64 bits
    case PyroKind::Float: return value.toDouble() != 0.0;
    case PyroKind::Complex: return value.value<PyroComplex>() != PyroComplex(0, 0);
    case PyroKind::Str: return !value.toString().isEmpty();
    case PyroKind::Bytes: return !value.toByteArray().isEmpty();
    case PyroKind::List: return !listItems(value).isEmpty();
    case PyroKind::Tuple: return !value.value<PyroTuple>().isEmpty();
    case PyroKind::Set: return !value.value<PyroSet>().isEmpty();
    case PyroKind::Dict:
        return value.typeId() == qMetaTypeId<PyroDict>() ? !value.value<PyroDict>().isEmpty()
                                                         : !value.toMap().isEmpty();
    case PyroKind::Other: return true;
    }
    return true;
}

void NameServer::ping()
{
}

qlonglong NameServer::count()
{
    PyroError error;
    const qint64 n = m_storage->count(&error);
    if (n < 0)
        throwError(error);
    if (ownUri().isEmpty())
        return n;
    PyroStorageEntry entry;
    PyroError lookupError;
    if (!m_storage->lookup(nameServerName(), &entry, &lookupError))
        return n + 1;
    return n;
}

QVariant NameServer::lookup(const QVariant &name, const QVariant &return_metadata)
{
    if (!isStr(name)) {
        // Python builds "unknown name: " + name and fails on that.
        raiseType(u"can only concatenate str (not \"%1\") to str"_s.arg(PyroValues::pythonTypeName(name)));
    }
    const QString key = name.toString();
    PyroStorageEntry entry;
    PyroError error;
    const QString own = ownUri();
    if (!m_storage->lookup(key, &entry, &error)) {
        if (own.isEmpty() || key != nameServerName())
            throwError(error);
        entry = {own, ownMetadata()};
    } else if (!own.isEmpty() && key == nameServerName()) {
        entry.uri = own;
    }
    const PyroUri uri = parsedUri(entry.uri);
    if (truthy(return_metadata))
        return QVariant::fromValue(PyroTuple{QVariant::fromValue(uri), tagSet(entry.metadata)});
    return QVariant::fromValue(uri);
}

void NameServer::registerName(const QVariant &name, const QVariant &uri, const QVariant &safe,
                              const QVariant &metadata)
{
    QString uriText;
    if (uri.typeId() == qMetaTypeId<PyroUri>()) {
        uriText = uri.value<PyroUri>().toString();
    } else if (isStr(uri)) {
        uriText = uri.toString();
        parsedUri(uriText);
    } else {
        raiseType(u"only URIs or strings can be registered"_s);
    }
    if (!isStr(name))
        raiseType(u"name must be a str"_s);
    const QSet<QString> tags = metadataArgument(metadata, m_limits.maxMetadataTags);
    checkName(name.toString());
    if (m_limits.maxUriLength > 0 && uriText.size() > m_limits.maxUriLength)
        throwError(PyroError(PyroError::Code::NamingError,
                             u"uri too long: %1 characters (the limit, NS_MAX_URI_LENGTH, is %2)"_s
                                 .arg(uriText.size()).arg(m_limits.maxUriLength)));
    checkMetadata(tags);
    checkRoomFor(name.toString());
    PyroError error;
    const auto mode = truthy(safe) ? PyroStorage::StoreMode::FailIfExists : PyroStorage::StoreMode::Replace;
    if (!m_storage->store(name.toString(), {uriText, tags}, mode, &error))
        throwError(error);
}

void NameServer::setMetadata(const QVariant &name, const QVariant &metadata)
{
    if (!isStr(name))
        raiseType(u"name must be a str"_s);
    const QSet<QString> tags = metadataArgument(metadata, m_limits.maxMetadataTags);
    checkMetadata(tags);
    PyroError error;
    if (!m_storage->setMetadata(name.toString(), tags, &error))
        throwError(error);
}

qlonglong NameServer::remove(const QVariant &name, const QVariant &prefix, const QVariant &regex)
{
    PyroError error;
    if (truthy(name) && !(isStr(name) && name.toString() == nameServerName())) {
        if (!isStr(name))
            return 0; // Python: "name in storage" is simply false
        const int removed = m_storage->remove(name.toString(), &error);
        if (removed < 0)
            throwError(error);
        return removed;
    }
    // Pyro5 falls through to the filters for a missing (or the protected) name.
    const bool byPrefix = truthy(prefix);
    if (!byPrefix && !truthy(regex))
        return 0;
    PyroStorageFilter filter;
    if (byPrefix) {
        if (!isStr(prefix))
            raiseType(u"startswith first arg must be str or a tuple of str, not %1"_s.arg(PyroValues::pythonTypeName(prefix)));
        filter = PyroStorageFilter::prefix(prefix.toString());
    } else {
        if (!isStr(regex))
            raiseType(u"first argument must be string or compiled pattern"_s);
        filter = PyroStorageFilter::regex(regex.toString());
    }
    PyroStorageEntries entries;
    if (filter.kind() == PyroStorageFilter::Kind::Regex)
        entries = listed(filter, PyroStorage::Detail::UriOnly);
    else if (!m_storage->list(filter, PyroStorage::Detail::UriOnly, &entries, &error))
        throwError(error);
    QStringList names = entries.keys();
    names.removeAll(nameServerName());
    if (names.isEmpty())
        return 0;
    if (m_storage->remove(names, &error) < 0)
        throwError(error);
    // Like Pyro5: the number of names the filter selected.
    return names.size();
}

/*
    A regex is matched here, not in the storage, so that one call has one budget: each
    name may take RegexMatchLimit backtracking steps (a name PCRE2 gives up on is an
    error, never a silent "no match"), and the whole call NS_REGEX_TIME_BUDGET seconds.
    Either way the call fails as a whole: remove(regex=...) then removes nothing.
*/
PyroStorageEntries NameServer::listed(const PyroStorageFilter &filter, PyroStorage::Detail detail)
{
    PyroStorageEntries entries;
    PyroError error;
    if (filter.kind() != PyroStorageFilter::Kind::Regex) {
        if (!m_storage->list(filter, detail, &entries, &error))
            throwError(error);
        applyOwnEntry(&entries, filter);
        return entries;
    }
    if (filter.error().isError())
        throwError(filter.error());
    if (!m_storage->list(PyroStorageFilter::all(), detail, &entries, &error))
        throwError(error);
    const QDeadlineTimer budget = m_limits.regexTimeBudget > 0
            ? QDeadlineTimer(qint64(m_limits.regexTimeBudget * 1000), Qt::PreciseTimer)
            : QDeadlineTimer(QDeadlineTimer::Forever);
    for (auto it = entries.begin(); it != entries.end();) {
        if (budget.hasExpired()) {
            throwError(PyroError(PyroError::Code::NamingError,
                                 u"regex search stopped: it took longer than %1 s (NS_REGEX_TIME_BUDGET)"_s
                                     .arg(m_limits.regexTimeBudget)));
        }
        if (filter.matchesName(it.key(), &error)) {
            ++it;
            continue;
        }
        if (error.isError())
            throwError(error);
        it = entries.erase(it);
    }
    applyOwnEntry(&entries, filter);
    return entries;
}

void NameServer::applyOwnEntry(PyroStorageEntries *entries, const PyroStorageFilter &filter) const
{
    const QString own = ownUri();
    if (own.isEmpty())
        return;
    const auto it = entries->find(nameServerName());
    if (it != entries->end()) {
        it->uri = own;
        return;
    }
    // Not selected: either filtered out, or gone from the storage (then it is reported as
    // if it were there with its usual metadata).
    if (!filter.matches(nameServerName(), ownMetadata()))
        return;
    PyroStorageEntry stored;
    if (m_storage->lookup(nameServerName(), &stored))
        return;
    entries->insert(nameServerName(), {own, ownMetadata()});
}

QVariant NameServer::entriesResult(const PyroStorageEntries &entries, bool withMetadata) const
{
    QVariantMap result;
    for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
        if (withMetadata)
            result.insert(it.key(), QVariant::fromValue(PyroTuple{it->uri, tagSet(it->metadata)}));
        else
            result.insert(it.key(), it->uri);
    }
    return result;
}

QVariant NameServer::list(const QVariant &prefix, const QVariant &regex, const QVariant &return_metadata)
{
    const bool byPrefix = truthy(prefix);
    const bool byRegex = truthy(regex);
    if (byPrefix && byRegex)
        raiseValue(u"you can only filter on one thing at a time"_s);
    PyroStorageFilter filter;
    if (byPrefix) {
        if (!isStr(prefix))
            raiseType(u"startswith first arg must be str or a tuple of str, not %1"_s.arg(PyroValues::pythonTypeName(prefix)));
        filter = PyroStorageFilter::prefix(prefix.toString());
    } else if (byRegex) {
        if (!isStr(regex))
            raiseType(u"first argument must be string or compiled pattern"_s);
        filter = PyroStorageFilter::regex(regex.toString());
    }
    const bool withMetadata = truthy(return_metadata);
    return entriesResult(listed(filter, withMetadata ? PyroStorage::Detail::WithMetadata
                                                     : PyroStorage::Detail::UriOnly),
                         withMetadata);
}

QVariant NameServer::yplookup(const QVariant &meta_all, const QVariant &meta_any, const QVariant &return_metadata)
{
    const bool all = truthy(meta_all);
    const bool any = truthy(meta_any);
    if (all && any)
        raiseValue(u"you can't use meta_all or meta_any at the same time"_s);
    if (!all && !any)
        return QVariantMap();
    const QVariant &tags = all ? meta_all : meta_any;
    if (isStr(tags)) {
        raiseType(u"%1 should not be a str, but another iterable (set, list, etc)"_s
                      .arg(all ? u"metadata_all"_s : u"metadata_any"_s));
    }
    bool nonStr = false;
    const QSet<QString> wanted = tagsOf(tags, &nonStr, m_limits.maxMetadataTags);
    // A tag that is not a str matches no registration (they carry strings only).
    if (nonStr && all)
        return QVariantMap();
    const PyroStorageFilter filter = all ? PyroStorageFilter::metadataAll(wanted)
                                         : PyroStorageFilter::metadataAny(wanted);
    // Python's default here is True: only an explicit falsy value turns metadata off.
    const bool withMetadata = !return_metadata.isValid() || truthy(return_metadata);
    return entriesResult(listed(filter, withMetadata ? PyroStorage::Detail::WithMetadata
                                                     : PyroStorage::Detail::UriOnly),
                         withMetadata);
}

} // namespace PyroNaming

// =======================================================================================
// PyroNameServer

PyroNameServerPrivate::PyroNameServerPrivate(PyroNameServer *q, const PyroConfig &config)
    : q(q), config(config), storageSpec(PyroStorage::defaultSpec())
{
    broadcastHost = config.nsBroadcastHost();
    broadcastPortSetting = config.nsBroadcastPort();
}

PyroNameServerPrivate::~PyroNameServerPrivate() = default;

bool PyroNameServerPrivate::fail(PyroError::Code code, const QString &message)
{
    error = PyroError(code, message);
    qCDebug(lcPyroNameServer) << "name server:" << message;
    cleanUp();
    return false;
}

QHostAddress PyroNameServerPrivate::boundAddress(const PyroDaemon *daemon, const PyroConfig &config)
{
    if (!daemon || !daemon->socketPath().isEmpty())
        return QHostAddress();
    QString host = daemon->host();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    if (address.setAddress(host))
        return address;
    // The daemon resolved the name the same way when it bound.
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return config.preferIpVersion() == 6 ? QHostAddress(QHostAddress::LocalHostIPv6)
                                             : QHostAddress(QHostAddress::LocalHost);
    const QHostInfo info = QHostInfo::fromName(host);
    for (const QHostAddress &a : info.addresses()) {
        if (config.preferIpVersion() == 6 ? a.protocol() == QAbstractSocket::IPv6Protocol
                                          : a.protocol() == QAbstractSocket::IPv4Protocol)
            return a;
    }
    return info.addresses().value(0);
}

bool PyroNameServerPrivate::openStorage()
{
    PyroError storageError;
    storage = PyroStorage::create(storageSpec, &storageError);
    if (!storage) {
        error = storageError.isError() ? storageError
                                       : PyroError(PyroError::Code::NamingError, u"cannot open storage"_s);
        qCDebug(lcPyroNameServer) << "name server:" << error.message();
        cleanUp();
        return false;
    }
    return true;
}

// Pyro5 refuses to create a name server daemon with an NS_AUTOCLEAN below 3 s.
bool PyroNameServerPrivate::checkAutoClean()
{
    PyroError timingError;
    if (!PyroNaming::AutoCleaner::timingFromConfig(config.nsAutoClean(), config.commTimeout(),
                                                   autoCleanMinimumMs, &autoCleanTiming, &timingError)) {
        error = timingError;
        qCDebug(lcPyroNameServer) << "name server:" << error.message();
        return false;
    }
    autoCleanTiming.graceMs = autoCleanGraceMs;
    autoCleanTiming.maxInFlight = autoCleanMaxInFlight;
    return true;
}

bool PyroNameServerPrivate::finishStart()
{
    if (ownDaemon && natSet)
        ownDaemon->setNat(natHost, natPort);
    object = std::make_unique<PyroNaming::NameServer>(storage.get());
    object->setLimits(PyroNaming::NameServer::Limits::fromConfig(config));
    const PyroUri uri = daemon->registerObject(object.get(), nameServerName());
    if (!uri.isValid())
        return fail(PyroError::Code::DaemonError,
                    u"cannot register Pyro.NameServer: "_s + daemon->errorString());
    PyroError storeError;
    if (!storage->store(nameServerName(), {uri.toString(), ownMetadata()},
                        PyroStorage::StoreMode::Replace, &storeError)) {
        error = storeError;
        cleanUp();
        return false;
    }
    object->setOwnUri(uri.toString());

    const bool ipv6 = boundAddress(daemon, config).protocol() == QAbstractSocket::IPv6Protocol;
    if (broadcastEnabled && daemon->socketPath().isEmpty() && !ipv6) {
        responder = std::make_unique<PyroBroadcastResponder>();
        responder->setNameServerUri(q->internalUri());
        PyroError bindError;
        const int port = broadcastPortSetting < 0 ? config.nsBroadcastPort() : broadcastPortSetting;
        if (!responder->bind(broadcastHost, quint16(port), config.sockReuse(), &bindError)) {
            error = bindError;
            cleanUp();
            return false;
        }
        QObject::connect(responder.get(), &PyroBroadcastResponder::answered, q,
                         [this](const QHostAddress &requester, quint16) {
                             Q_EMIT q->broadcastAnswered(requester.toString());
                         });
    }
    if (autoCleanTiming.intervalMs > 0) {
        autoCleaner = std::make_unique<PyroNaming::AutoCleaner>(storage.get(), autoCleanTiming);
        QObject::connect(autoCleaner.get(), &PyroNaming::AutoCleaner::removed, q,
                         [this](const QString &name, const QString &uri) {
                             Q_EMIT q->autoCleaned(name, PyroUri(uri));
                         });
        qCDebug(lcPyroNameServer) << "name server: autoclean every" << autoCleanTiming.intervalMs / 1000.0 << "s";
    }
    running = true;
    error = PyroError();
    qCDebug(lcPyroNameServer) << "name server" << uri.toString() << "storage" << storage->description();
    return true;
}

void PyroNameServerPrivate::cleanUp()
{
    autoCleaner.reset();   // it uses the storage
    responder.reset();
    if (daemon && object)
        daemon->unregisterObject(object.get());
    if (ownDaemon)
        ownDaemon->close();
    ownDaemon.reset();
    daemon = nullptr;
    object.reset();
    if (storage)
        storage->close();
    storage.reset();
    running = false;
}

PyroNameServer::PyroNameServer(QObject *parent)
    : PyroNameServer(PyroConfig::global(), parent)
{
}

PyroNameServer::PyroNameServer(const PyroConfig &config, QObject *parent)
    : QObject(parent), d(std::make_unique<PyroNameServerPrivate>(this, config))
{
}

PyroNameServer::~PyroNameServer()
{
    stop();
}

PyroConfig PyroNameServer::config() const
{
    return d->config;
}

void PyroNameServer::setStorageSpec(const QString &spec)
{
    d->storageSpec = spec.isEmpty() ? PyroStorage::defaultSpec() : spec;
}

QString PyroNameServer::storageSpec() const
{
    return d->storageSpec;
}

void PyroNameServer::setBroadcastEnabled(bool enabled)
{
    d->broadcastEnabled = enabled;
}

bool PyroNameServer::isBroadcastEnabled() const
{
    return d->broadcastEnabled;
}

void PyroNameServer::setBroadcastAddress(const QString &host, std::optional<quint16> port)
{
    d->broadcastHost = host;
    d->broadcastPortSetting = port ? int(*port) : -1;
}

void PyroNameServer::setNat(const QString &host, quint16 port)
{
    d->natHost = host;
    d->natPort = port;
    d->natSet = !host.isEmpty();
}

bool PyroNameServer::start(const QString &host, std::optional<quint16> port)
{
    if (d->running) {
        d->error = PyroError(PyroError::Code::DaemonError, u"the name server is running already"_s);
        return false;
    }
    if (!d->checkAutoClean() || !d->openStorage())
        return false;
    d->ownDaemon = std::make_unique<PyroDaemon>(d->config);
    const QString h = host.isEmpty() ? d->config.host() : host;
    const int p = port ? int(*port) : d->config.nsPort();
    if (p > 65535 || !d->ownDaemon->listen(h, quint16(p))) {
        return d->fail(PyroError::Code::CommunicationError,
                       u"cannot listen on %1:%2: %3"_s.arg(h).arg(p).arg(d->ownDaemon->errorString()));
    }
    d->daemon = d->ownDaemon.get();
    return d->finishStart();
}

bool PyroNameServer::startUnix(const QString &socketPath)
{
    if (d->running) {
        d->error = PyroError(PyroError::Code::DaemonError, u"the name server is running already"_s);
        return false;
    }
    if (!d->checkAutoClean() || !d->openStorage())
        return false;
    d->ownDaemon = std::make_unique<PyroDaemon>(d->config);
    if (!d->ownDaemon->listenUnix(socketPath)) {
        return d->fail(PyroError::Code::CommunicationError,
                       u"cannot listen on %1: %2"_s.arg(socketPath, d->ownDaemon->errorString()));
    }
    d->daemon = d->ownDaemon.get();
    return d->finishStart();
}

bool PyroNameServer::start(PyroDaemon *daemon)
{
    if (d->running) {
        d->error = PyroError(PyroError::Code::DaemonError, u"the name server is running already"_s);
        return false;
    }
    if (!daemon || !daemon->isListening()) {
        d->error = PyroError(PyroError::Code::DaemonError, u"the daemon is not listening"_s);
        return false;
    }
    if (!d->checkAutoClean() || !d->openStorage())
        return false;
    d->daemon = daemon;
    return d->finishStart();
}

void PyroNameServer::stop()
{
    if (!d->running && !d->storage)
        return;
    d->cleanUp();
}

bool PyroNameServer::isRunning() const
{
    return d->running;
}

PyroError PyroNameServer::error() const
{
    return d->error;
}

PyroUri PyroNameServer::uri() const
{
    return d->running && d->daemon ? d->daemon->uriFor(nameServerName()) : PyroUri();
}

PyroUri PyroNameServer::internalUri() const
{
    if (!d->daemon)
        return PyroUri();
    if (!d->daemon->socketPath().isEmpty())
        return d->daemon->uriFor(nameServerName());
    return PyroUri(u"PYRO:"_s + nameServerName() + u'@' + d->daemon->location());
}

PyroDaemon *PyroNameServer::daemon() const
{
    return d->daemon;
}

PyroStorage *PyroNameServer::storage() const
{
    return d->storage.get();
}

bool PyroNameServer::isBroadcasting() const
{
    return d->responder && d->responder->isBound();
}

QHostAddress PyroNameServer::boundAddress() const
{
    return d->running ? PyroNameServerPrivate::boundAddress(d->daemon, d->config) : QHostAddress();
}

QString PyroNameServer::broadcastLocation() const
{
    return d->responder ? d->responder->location() : QString();
}

quint16 PyroNameServer::broadcastPort() const
{
    return d->responder ? d->responder->port() : 0;
}
