// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrolocator.h"

#include "pyroclassmapping_p.h"
#include "pyrodeadline_p.h"
#include "pyrolocator_p.h"
#include "pyroprotocol_p.h"
#include "pyroproxy_p.h"

#include <QtCore/QFile>
#include <QtCore/QRandomGenerator>
#include <QtCore/QThread>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QNetworkDatagram>
#include <QtNetwork/QUdpSocket>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;
using Code = PyroError::Code;

namespace {

constexpr int BroadcastRounds = 3;
constexpr int BroadcastRoundMs = 700;

using PyroDeadline::earlier;
using PyroDeadline::msecsLeft;
using PyroDeadline::waitMs;

// Pyro5 also tries 127.0.1.1 where it is a name of this host (Debian puts the host
// name there in /etc/hosts); the hosts file says so without a DNS round trip.
bool hostsFileNames127011()
{
    QFile hosts(u"/etc/hosts"_s);
    if (!hosts.open(QIODevice::ReadOnly))
        return false;
    while (!hosts.atEnd()) {
        const QByteArray line = hosts.readLine().trimmed();
        if (line.startsWith("127.0.1.1") && line.size() > 9 && (line[9] == ' ' || line[9] == '\t'))
            return true;
    }
    return false;
}

QString pythonSetRepr(const QStringList &items)
{
    if (items.isEmpty())
        return u"set()"_s;
    QStringList quoted;
    for (const QString &item : items) {
        QString s = item;
        s.replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s);
        quoted.append(u'\'' + s + u'\'');
    }
    return u'{' + quoted.join(u", "_s) + u'}';
}

} // namespace

// ---- PyroLocatorPrivate ----------------------------------------------------------------

PyroLocatorPrivate::PyroLocatorPrivate(PyroLocator *q, const PyroConfig &config)
    : q(q), config(config), roundTimer(q)
{
    roundTimer.setSingleShot(true);
    roundTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&roundTimer, &QTimer::timeout, q, [this] { checkRoundTimeout(); });
}

PyroLocatorPrivate::~PyroLocatorPrivate()
{
    for (const auto &c : std::as_const(watch))
        QObject::disconnect(c);
    onFinished = nullptr;
    delete udp;
}

void PyroLocatorPrivate::start(const QString &host, int port, bool broadcast)
{
    for (const auto &c : std::as_const(watch))
        QObject::disconnect(c);
    watch.clear();
    if (proxy)
        discarded.push_back(std::move(proxy));
    finished = false;
    result = PyroUri();
    error = PyroError();
    direct.clear();
    fallback.clear();
    securityReason.clear();
    broadcastPlanned = false;
    explicitHost = !host.isEmpty();
    if (explicitHost) {
        direct.append(PyroNameServerProxy::uriFor(host, port, config));
    } else {
        const QString nsHost = config.nsHost();
        if (nsHost == u"localhost" || nsHost == u"::1" || nsHost.startsWith(u"127.")) {
            QStringList hosts{nsHost};
            if (!nsHost.contains(u':') && nsHost != u"127.0.1.1" && hostsFileNames127011())
                hosts.append(u"127.0.1.1"_s);
            for (const QString &h : std::as_const(hosts))
                direct.append(PyroNameServerProxy::uriFor(h, port ? port : config.nsPort(), config));
        }
        // IPv6 has no broadcast (Pyro5 skips it when PREFER_IP_VERSION is 6).
        broadcastPlanned = broadcast && config.preferIpVersion() != 6;
        broadcastPort = port ? port : config.nsBroadcastPort();
        // The last resort ignores the port argument, as Pyro5 does.
        fallback.append(PyroNameServerProxy::uriFor(nsHost, config.nsPort(), config));
    }
    nextStep();
}

void PyroLocatorPrivate::nextStep()
{
    if (finished)
        return;
    if (!direct.isEmpty()) {
        startDirect(direct.takeFirst());
        return;
    }
    if (broadcastPlanned) {
        broadcastPlanned = false;
        startBroadcast();
        return;
    }
    if (!fallback.isEmpty()) {
        startDirect(fallback.takeFirst());
        return;
    }
    finish(PyroUri(), PyroError(Code::NamingError, securityReason.isEmpty()
                                    ? u"Failed to locate the nameserver"_s
                                    : u"Failed to locate the nameserver (%1)"_s.arg(securityReason)));
}

void PyroLocatorPrivate::startDirect(const PyroUri &uri)
{
    phase = Phase::Direct;
    if (proxy)
        discarded.push_back(std::move(proxy));
    proxy = std::make_unique<PyroNameServerProxy>(uri, config);
    PyroConnection *connection = PyroProxyPrivate::get(proxy->proxy())->connection;
    watch.append(QObject::connect(connection, &PyroConnection::stateChanged, q,
                                  [this](PyroConnection::State state) {
                                      if (phase == Phase::Direct && state == PyroConnection::State::Connected)
                                          directSucceeded();
                                  }));
    watch.append(QObject::connect(connection, &PyroConnection::errorOccurred, q, [this, connection](const PyroError &e) {
        if (phase == Phase::Direct && connection->state() != PyroConnection::State::Connected) {
            if (e.code() == Code::SecurityError || e.message().contains(u"TLS"_s))
                securityReason = e.message();
            directFailed();
        }
    }));
    connection->connectToDaemon(1);
}

void PyroLocatorPrivate::directSucceeded()
{
    for (const auto &c : std::as_const(watch))
        QObject::disconnect(c);
    watch.clear();
    finish(proxy->uri(), PyroError());
}

void PyroLocatorPrivate::directFailed()
{
    for (const auto &c : std::as_const(watch))
        QObject::disconnect(c);
    watch.clear();
    discardProxy();
    nextStep();
}

void PyroLocatorPrivate::discardProxy()
{
    if (proxy)
        discarded.push_back(std::move(proxy));
}

void PyroLocatorPrivate::startBroadcast()
{
    phase = Phase::Broadcast;
    delete udp;
    udp = new QUdpSocket(q);
    // Bound up front so a reply can be read even before the first datagram went out.
    udp->bind(QHostAddress(QHostAddress::AnyIPv4), 0);
    QObject::connect(udp, &QUdpSocket::readyRead, q, [this] { readDatagrams(); });
    round = 0;
    sendBroadcastRound();
}

void PyroLocatorPrivate::sendBroadcastRound()
{
    if (phase != Phase::Broadcast)
        return;
    if (round >= BroadcastRounds) {
        roundTimer.stop();
        udp->deleteLater();
        udp = nullptr;
        nextStep();
        return;
    }
    ++round;
    const QByteArray request(PyroProtocol::BroadcastRequest);
    for (const QString &address : config.broadcastAddresses()) {
        QHostAddress target;
        if (address == u"<broadcast>")
            target = QHostAddress(QHostAddress::Broadcast);
        else
            target = QHostAddress(address);
        if (target.isNull())
            continue;
        // Errors (no route, address not available) are skipped like Pyro5 skips them.
        udp->writeDatagram(request, target, quint16(broadcastPort));
    }
    roundDeadline = QDeadlineTimer(BroadcastRoundMs);
    roundTimer.start(BroadcastRoundMs);
}

void PyroLocatorPrivate::readDatagrams()
{
    if (phase != Phase::Broadcast || !udp)
        return;
    while (udp && udp->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = udp->receiveDatagram(PyroProtocol::BroadcastReadBuffer);
        const PyroUri uri(QString::fromLatin1(datagram.data()));
        if (!uri.isValid())
            continue; // not a name server's answer
        roundTimer.stop();
        udp->deleteLater();
        udp = nullptr;
        // Found by broadcast: an unconnected proxy, as Pyro5 returns it.
        if (proxy)
            discarded.push_back(std::move(proxy));
        proxy = std::make_unique<PyroNameServerProxy>(uri, config);
        finish(uri, PyroError());
        return;
    }
}

void PyroLocatorPrivate::checkRoundTimeout()
{
    if (phase != Phase::Broadcast)
        return;
    if (roundDeadline.hasExpired())
        sendBroadcastRound();
    else if (!roundTimer.isActive()) // a timer may fire a little early
        roundTimer.start(int(std::max<qint64>(1, roundDeadline.remainingTime())));
}

void PyroLocatorPrivate::finish(const PyroUri &uri, const PyroError &e)
{
    phase = Phase::Done;
    finished = true;
    result = uri;
    error = e;
    roundTimer.stop();
    if (e.isError())
        discardProxy();
    if (onFinished)
        onFinished();
    QPointer<PyroLocator> guard(q);
    QMetaObject::invokeMethod(q, [guard] {
        if (guard)
            Q_EMIT guard->finished(PyroLocator::QPrivateSignal());
    }, Qt::QueuedConnection);
}

bool PyroLocatorPrivate::driveOnce(QDeadlineTimer deadline)
{
    switch (phase) {
    case Phase::Idle:
    case Phase::Done:
        return false;
    case Phase::Direct: {
        PyroNameServerProxy *attempt = proxy.get();
        if (!attempt)
            return false;
        PyroProxyPrivate::get(attempt->proxy())->connection->waitForConnected(deadline);
        // Failure or success has been reported through the signals by now; a proxy
        // still connecting means the deadline passed.
        return true;
    }
    case Phase::Broadcast: {
        const QDeadlineTimer step = earlier(deadline, roundDeadline);
        if (udp && !udp->hasPendingDatagrams())
            udp->waitForReadyRead(waitMs(step));
        readDatagrams();
        checkRoundTimeout();
        return true;
    }
    }
    return false;
}

// ---- PyroLocator ------------------------------------------------------------------------

PyroLocator::PyroLocator(QObject *parent) : PyroLocator(PyroConfig::global(), parent) { }

PyroLocator::PyroLocator(const PyroConfig &config, QObject *parent)
    : QObject(parent), d(new PyroLocatorPrivate(this, config))
{
}

PyroLocator::~PyroLocator() = default;

void PyroLocator::locate(const QString &host, quint16 port, Broadcast broadcast)
{
    d->start(host, port, broadcast == Broadcast::Enabled);
}

bool PyroLocator::isFinished() const
{
    return d->finished;
}

bool PyroLocator::waitForFinished(QDeadlineTimer deadline)
{
    while (!d->finished && !deadline.hasExpired()) {
        if (!d->driveOnce(deadline))
            break;
    }
    return d->finished;
}

PyroUri PyroLocator::nameServerUri() const
{
    return d->result;
}

PyroError PyroLocator::error() const
{
    return d->error;
}

PyroNameServerProxy *PyroLocator::takeNameServer()
{
    if (!d->finished || d->error.isError())
        return nullptr;
    return d->proxy.release();
}

PyroUri PyroLocator::locateNameServer(PyroError *error, const QString &host, quint16 port, Broadcast broadcast,
                                      const PyroConfig &config)
{
    PyroLocator locator(config);
    locator.locate(host, port, broadcast);
    if (!locator.waitForFinished(QDeadlineTimer(QDeadlineTimer::Forever))) {
        if (error)
            *error = PyroError(Code::NamingError, u"Failed to locate the nameserver"_s);
        return PyroUri();
    }
    if (error)
        *error = locator.error();
    return locator.nameServerUri();
}

PyroUri PyroLocator::resolve(const PyroUri &uri, PyroError *error, const PyroConfig &config,
                             QDeadlineTimer deadline)
{
    PyroResolver resolver(uri, config);
    resolver.start();
    if (!resolver.waitForFinished(deadline)) {
        if (error)
            *error = PyroError(Code::Timeout, u"name server lookup timed out"_s);
        return PyroUri();
    }
    if (error)
        *error = resolver.error();
    return resolver.result();
}

// ---- PyroResolver -----------------------------------------------------------------------

PyroResolver::PyroResolver(const PyroUri &uri, const PyroConfig &config)
    : m_uri(uri), m_config(config)
{
    m_retryTimer.setSingleShot(true);
    m_retryTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_retryTimer, &QTimer::timeout, &m_retryTimer, [this] {
        if (m_retryPending) {
            m_retryPending = false;
            lookup();
        }
    });
}

PyroResolver::~PyroResolver()
{
    onFinished = nullptr;
    if (m_request)
        m_request->done = nullptr;
    if (m_locator)
        m_locator->d->onFinished = nullptr;
}

void PyroResolver::start()
{
    if (!m_uri.isValid()) {
        finish(PyroUri(), m_uri.error().isError() ? m_uri.error() : PyroError(Code::PyroError, u"invalid uri"_s));
        return;
    }
    if (m_uri.protocol() == PyroUri::Protocol::Pyro) {
        finish(m_uri, PyroError());
        return;
    }
    m_locator = std::make_unique<PyroLocator>(m_config);
    m_locator->d->onFinished = [this] { located(); };
    QString host;
    int port = 0;
    if (m_uri.hasLocation()) {
        host = m_uri.isUnixSocket() ? u"./u:"_s + m_uri.socketPath() : m_uri.host();
        port = m_uri.port();
    }
    m_locator->locate(host, port);
}

void PyroResolver::located()
{
    if (m_locator->error().isError()) {
        finish(PyroUri(), m_locator->error());
        return;
    }
    m_ns.reset(m_locator->takeNameServer());
    const double delay = m_config.nsLookupDelay();
    m_delayWindow = QDeadlineTimer(delay > 0 ? qint64(delay * 1000) : 0);
    lookup();
}

void PyroResolver::lookup()
{
    PyroProxyPrivate *ns = PyroProxyPrivate::get(m_ns->proxy());
    PyroClientRequestPtr request;
    if (m_uri.protocol() == PyroUri::Protocol::PyroName) {
        // Pyro5's resolve() passes its lookup delay (0.0) where return_metadata goes.
        request = ns->makeRequest(u"lookup"_s, {m_uri.object(), 0.0}, QVariantMap(), PyroCallOptions());
    } else {
        const QStringList tags = m_uri.metadataTags();
        request = ns->makeRequest(u"yplookup"_s,
                                  {QVariant::fromValue(PyroSet(QVariantList(tags.cbegin(), tags.cend()))),
                                   PyroValues::none(), false},
                                  QVariantMap(), PyroCallOptions());
    }
    request->done = [this](PyroClientResult &&raw) { lookedUp(std::move(raw)); };
    m_request = request;
    ns->connection->submit(request);
}

void PyroResolver::lookedUp(PyroClientResult &&raw)
{
    m_request.reset();
    auto retryOrFail = [this](const PyroError &error) {
        if (!m_delayWindow.hasExpired()) {
            // NS_LOOKUP_DELAY: wait for the name to appear, polling like Pyro5.
            const qint64 interval = std::max<qint64>(200, qint64(m_config.nsLookupDelay() * 1000 / 5));
            m_retryPending = true;
            m_retryAt = QDeadlineTimer(interval);
            m_retryTimer.start(int(interval));
            return;
        }
        finish(PyroUri(), error);
    };
    if (raw.error.isError()) {
        if (raw.error.is(Code::NamingError) || raw.error.is(Code::Timeout))
            retryOrFail(raw.error);
        else
            finish(PyroUri(), raw.error);
        return;
    }
    if (m_uri.protocol() == PyroUri::Protocol::PyroName) {
        PyroUri uri;
        if (raw.value.typeId() == qMetaTypeId<PyroUri>())
            uri = raw.value.value<PyroUri>();
        else if (raw.value.typeId() == QMetaType::QString)
            uri = PyroUri(raw.value.toString());
        if (!uri.isValid()) {
            finish(PyroUri(), PyroError(Code::NamingError, u"name server returned no valid URI for "_s + m_uri.object()));
            return;
        }
        finish(uri, PyroError());
        return;
    }
    QStringList candidates;
    if (raw.value.typeId() == QMetaType::QVariantMap) {
        for (const QVariant &v : raw.value.toMap())
            candidates.append(v.toString());
    } else if (raw.value.typeId() == qMetaTypeId<PyroDict>()) {
        for (const auto &e : raw.value.value<PyroDict>().entries())
            candidates.append(e.second.toString());
    }
    if (candidates.isEmpty()) {
        retryOrFail(PyroError(Code::NamingError,
                              u"no registrations available with desired metadata properties "_s
                                      + pythonSetRepr(m_uri.metadataTags())));
        return;
    }
    const QString pick = candidates.at(QRandomGenerator::global()->bounded(candidates.size()));
    PyroUri uri(pick);
    if (!uri.isValid()) {
        finish(PyroUri(), uri.error());
        return;
    }
    finish(uri, PyroError());
}

void PyroResolver::finish(const PyroUri &uri, const PyroError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result = uri;
    m_error = error;
    m_retryTimer.stop();
    // Pyro5 closes the name server connection right after the lookup.
    if (m_ns)
        m_ns->proxy()->release();
    if (onFinished)
        onFinished();
}

bool PyroResolver::waitForFinished(QDeadlineTimer deadline)
{
    while (!m_finished) {
        if (deadline.hasExpired())
            return false;
        if (m_locator && !m_locator->isFinished()) {
            if (!m_locator->waitForFinished(deadline) && !m_locator->isFinished())
                return m_finished;
            continue;
        }
        if (m_retryPending) {
            const qint64 ms = msecsLeft(earlier(deadline, m_retryAt));
            if (ms > 0)
                QThread::msleep(ulong(ms));
            if (m_retryAt.hasExpired()) {
                m_retryPending = false;
                m_retryTimer.stop();
                lookup();
            }
            continue;
        }
        if (m_request && m_ns) {
            PyroClientRequestPtr request = m_request;
            PyroProxyPrivate::get(m_ns->proxy())->connection->waitForRequest(request, deadline);
            continue;
        }
        break;
    }
    return m_finished;
}
