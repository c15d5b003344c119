// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "browsersession.h"

#include "browserliterals.h"
#include "recordmodels.h"
#include "registrymodel.h"

#include "pyrolocator.h"
#include "pyronameserverproxy.h"
#include "pyroproxy.h"
#include "pyrovalues.h"

#include <QtCore/QElapsedTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

namespace {

QVariantList items(const QVariant &value)
{
    if (value.typeId() == qMetaTypeId<PyroTuple>())
        return value.value<PyroTuple>().items();
    if (value.typeId() == qMetaTypeId<PyroSet>())
        return value.value<PyroSet>().items();
    return value.toList();
}

QStringList strings(const QVariant &value)
{
    QStringList out;
    for (const QVariant &v : items(value))
        out.append(v.toString());
    out.sort();
    return out;
}

} // namespace

BrowserSession::BrowserSession(const ConnectionSettings &settings, LogModel *log, QObject *parent)
    : QObject(parent), m_settings(settings), m_log(log), m_registry(new RegistryModel(this))
{
}

BrowserSession::~BrowserSession() = default;

PyroUri BrowserSession::nameServerUri() const
{
    return m_nameServer ? m_nameServer->uri() : PyroUri();
}

void BrowserSession::setState(State state, const QString &text)
{
    m_stateText = text;
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

PyroProxy *BrowserSession::createProxy(const PyroUri &uri, const QString &serializer, QObject *parent) const
{
    PyroConfig config = m_settings.config();
    if (!serializer.isEmpty())
        config.setSerializer(serializer);
    auto *proxy = new PyroProxy(uri, config, parent);
    if (!serializer.isEmpty())
        proxy->setSerializer(serializer);
    return proxy;
}

PyroProxy *BrowserSession::daemonFor(const PyroUri &uri)
{
    const QString location = uri.location();
    if (PyroProxy *p = m_daemons.value(location))
        return p;
    const PyroUri daemonUri = uri.isUnixSocket() ? PyroUri::forUnixSocket(u"Pyro.Daemon"_s, uri.socketPath())
                                                 : PyroUri::forTcp(u"Pyro.Daemon"_s, uri.host(), uri.port());
    PyroProxy *p = createProxy(daemonUri, QString(), this);
    p->setConnectTimeout(5000);
    m_daemons.insert(location, p);
    return p;
}

CallHistoryModel *BrowserSession::history(const PyroUri &uri)
{
    CallHistoryModel *&model = m_histories[uri.toString()];
    if (!model)
        model = new CallHistoryModel(this);
    return model;
}

QString BrowserSession::summary(PyroCallReply *reply)
{
    if (reply->isError())
        return reply->error().toString();
    if (reply->isStream())
        return u"<stream>"_s;
    QString text = literal(reply->value());
    if (text.size() > 200)
        text = text.left(199) + u'…';
    return text;
}

PyroCallReply *BrowserSession::request(PyroCallReply *reply, const QString &target, const QString &what,
                                       std::function<void(PyroCallReply *, double)> done)
{
    const quint64 id = m_log->begin(target, what);
    // Ours until it finishes (a session closed first takes its unfinished replies along).
    reply->setParent(this);
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QPointer<LogModel> log(m_log);
    connect(reply, &PyroCallReply::finished, this, [reply, id, timer, log, done = std::move(done)] {
        const double ms = double(timer->nsecsElapsed()) / 1e6;
        if (log)
            log->finish(id, !reply->isError(), summary(reply), ms);
        if (done)
            done(reply, ms);
        reply->deleteLater();
    });
    return reply;
}

void BrowserSession::start()
{
    if (m_settings.kind == ConnectionSettings::Kind::DaemonUri) {
        const PyroUri daemon = m_settings.daemonUri();
        if (!daemon.isValid()) {
            setState(State::Failed, u"not a PYRO: URI: "_s + m_settings.uri);
            emit failed(m_stateText);
            return;
        }
        m_daemon = daemonFor(daemon);
        setState(State::Connected, daemon.location());
        refresh();
        return;
    }
    if (m_settings.kind == ConnectionSettings::Kind::Broadcast) {
        setState(State::Locating, u"locating the name server…"_s);
        auto *locator = new PyroLocator(m_settings.config(), this);
        const quint64 id = m_log->begin(u"broadcast"_s, u"locate name server"_s);
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        connect(locator, &PyroLocator::finished, this, [this, locator, id, timer] {
            const double ms = double(timer->nsecsElapsed()) / 1e6;
            locator->deleteLater();
            if (locator->error().isError()) {
                m_log->finish(id, false, locator->error().toString(), ms);
                setState(State::Failed, locator->error().message());
                emit failed(m_stateText);
                return;
            }
            m_log->finish(id, true, locator->nameServerUri().toString(), ms);
            PyroNameServerProxy *ns = locator->takeNameServer();
            if (!ns)
                ns = new PyroNameServerProxy(locator->nameServerUri(), m_settings.config());
            useNameServer(ns);
        });
        locator->locate(QString(), m_settings.port > 0 ? m_settings.port : 0, PyroLocator::Broadcast::Enabled);
        return;
    }
    useNameServer(new PyroNameServerProxy(m_settings.targetUri(), m_settings.config()));
}

void BrowserSession::useNameServer(PyroNameServerProxy *ns)
{
    ns->setParent(this);
    m_nameServer = ns;
    setState(State::Connected, ns->uri().toString());
    refresh();
}

void BrowserSession::refresh()
{
    if (m_refreshing)
        return;
    if (m_nameServer) {
        m_refreshing = true;
        request(m_nameServer->list(QString(), QString(),
                                    m_listMetadata ? PyroNameServerProxy::Metadata::Included
                                                   : PyroNameServerProxy::Metadata::Excluded), m_nameServer->uri().toString(),
                m_listMetadata ? u"list(return_metadata=True)"_s : u"list()"_s,
                [this](PyroCallReply *reply, double) { listed(reply); });
    } else if (m_daemon) {
        m_refreshing = true;
        request(m_daemon->asyncCall(u"registered"_s), m_daemon->uri().toString(), u"registered()"_s,
                [this](PyroCallReply *reply, double) { listed(reply); });
    }
}

void BrowserSession::listed(PyroCallReply *reply)
{
    m_refreshing = false;
    // Python's name server keeps metadata as frozensets, which its json and msgpack
    // serializers cannot send: list without metadata then.
    if (reply->isError() && m_nameServer && m_listMetadata && reply->error().is(PyroError::Code::SerializeError)) {
        m_listMetadata = false;
        m_log->note(m_nameServer->uri().toString(),
                    tr("the name server cannot send metadata in %1: listing names and URIs only").arg(m_settings.serializer),
                    true);
        refresh();
        return;
    }
    if (reply->isError()) {
        setState(State::Failed, reply->error().toString());
        emit failed(m_stateText);
        return;
    }
    QList<Registration> list;
    const QVariant value = reply->value();
    if (m_nameServer) {
        const auto add = [&list](const QString &name, const QVariant &entry) {
            Registration r;
            r.name = name;
            const QVariantList parts = items(entry);
            if (parts.size() == 2 && entry.typeId() != QMetaType::QString) {
                const QVariant uri = parts.at(0);
                r.uri = uri.typeId() == qMetaTypeId<PyroUri>() ? uri.value<PyroUri>().toString() : uri.toString();
                r.metadata = strings(parts.at(1));
            } else {
                r.uri = entry.toString();
            }
            list.append(r);
        };
        if (value.typeId() == qMetaTypeId<PyroDict>()) {
            for (const PyroDict::Entry &e : value.value<PyroDict>().entries())
                add(e.first.toString(), e.second);
        } else {
            const QVariantMap map = value.toMap();
            for (auto it = map.cbegin(); it != map.cend(); ++it)
                add(it.key(), it.value());
        }
    } else {
        const PyroUri base(m_settings.uri);
        for (const QVariant &id : items(value)) {
            Registration r;
            r.name = id.toString();
            r.uri = (base.isUnixSocket() ? PyroUri::forUnixSocket(r.name, base.socketPath())
                                         : PyroUri::forTcp(r.name, base.host(), base.port()))
                            .toString();
            list.append(r);
        }
    }
    setState(State::Connected, m_nameServer ? m_nameServer->uri().toString() : m_daemon->uri().location());
    m_registry->setRegistrations(list);
    emit refreshed();
}

void BrowserSession::checkReachability()
{
    for (const Registration &r : m_registry->registrations()) {
        const PyroUri uri(r.uri);
        if (!uri.isValid() || uri.protocol() != PyroUri::Protocol::Pyro) {
            m_registry->setStatus(r.name, Registration::Status::Unreachable, u"not a PYRO: URI"_s);
            continue;
        }
        m_registry->setStatus(r.name, Registration::Status::Checking);
        PyroProxy *daemon = daemonFor(uri);
        QPointer<RegistryModel> registry(m_registry);
        const QString name = r.name;
        request(daemon->asyncCall(u"get_metadata"_s, {uri.object()}), r.uri, u"ping (get_metadata)"_s,
                [registry, name](PyroCallReply *reply, double ms) {
                    if (!registry)
                        return;
                    if (reply->isError())
                        registry->setStatus(name, Registration::Status::Unreachable, reply->error().toString());
                    else
                        registry->setStatus(name, Registration::Status::Reachable,
                                            u"answered in %1"_s.arg(formatDuration(ms)));
                });
    }
}

void BrowserSession::registerName(const QString &name, const QString &uri, const QStringList &metadata, bool safe)
{
    if (!m_nameServer)
        return;
    PyroError error;
    const PyroUri parsed = PyroUri::fromString(uri, &error);
    if (!parsed.isValid()) {
        m_log->note(m_nameServer->uri().toString(), u"register %1: invalid URI: %2"_s.arg(name, error.message()), true);
        emit maintenanceDone(u"register"_s, false);
        return;
    }
    request(m_nameServer->registerName(name, parsed,
                                        safe ? PyroNameServerProxy::RegisterMode::Safe
                                             : PyroNameServerProxy::RegisterMode::Replace,
                                        metadata), m_nameServer->uri().toString(),
            u"register(%1, %2)"_s.arg(literal(name), literal(uri)), [this](PyroCallReply *reply, double) {
                emit maintenanceDone(u"register"_s, !reply->isError());
                if (reply->isError())
                    emit failed(reply->error().toString());
                refresh();
            });
}

void BrowserSession::removeName(const QString &name)
{
    if (!m_nameServer)
        return;
    request(m_nameServer->remove(name), m_nameServer->uri().toString(), u"remove(%1)"_s.arg(literal(name)),
            [this](PyroCallReply *reply, double) {
                emit maintenanceDone(u"remove"_s, !reply->isError());
                if (reply->isError())
                    emit failed(reply->error().toString());
                refresh();
            });
}

void BrowserSession::setMetadata(const QString &name, const QStringList &metadata)
{
    if (!m_nameServer)
        return;
    request(m_nameServer->setMetadata(name, metadata), m_nameServer->uri().toString(),
            u"set_metadata(%1, %2)"_s.arg(literal(name), literal(QVariant(metadata))),
            [this](PyroCallReply *reply, double) {
                emit maintenanceDone(u"set metadata"_s, !reply->isError());
                if (reply->isError())
                    emit failed(reply->error().toString());
                refresh();
            });
}

void BrowserSession::pingNameServer()
{
    if (!m_nameServer)
        return;
    request(m_nameServer->ping(), m_nameServer->uri().toString(), u"ping()"_s, [this](PyroCallReply *reply, double) {
        emit maintenanceDone(u"ping"_s, !reply->isError());
    });
}

} // namespace PyroBrowser
