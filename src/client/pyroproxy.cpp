// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroproxy.h"

#include "pyroautoproxy_p.h"
#include "pyroprotocol_p.h"
#include "pyroproxy_p.h"
#include "pyrostream.h"
#include "pyrothreadcontext_p.h"

#include <QtNetwork/QSslConfiguration>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;
using Code = PyroError::Code;

namespace {

PyroProxy::State publicState(PyroConnection::State state)
{
    switch (state) {
    case PyroConnection::State::Unconnected:
        return PyroProxy::State::Unconnected;
    case PyroConnection::State::Connected:
        return PyroProxy::State::Connected;
    default:
        return PyroProxy::State::Connecting;
    }
}

PyroClientRequest::Oneway requestOneway(PyroCallOptions::Oneway oneway)
{
    switch (oneway) {
    case PyroCallOptions::Oneway::Force:
        return PyroClientRequest::Oneway::Force;
    case PyroCallOptions::Oneway::Never:
        return PyroClientRequest::Oneway::Never;
    case PyroCallOptions::Oneway::FromMetadata:
        break;
    }
    return PyroClientRequest::Oneway::FromMetadata;
}

PyroEncodeContext encodeContext(const PyroConfig &config)
{
    PyroEncodeContext context;
    context.serpentBytesRepr = config.serpentBytesRepr();
    // A proxy passed as an argument travels as its object reference (Pyro5 pickles
    // proxies the same way), so the receiver can call it.
    context.replace = [](const QVariant &value) -> QVariant {
        if (!value.metaType().flags().testFlag(QMetaType::PointerToQObject))
            return QVariant();
        QObject *object = value.value<QObject *>();
        PyroObjectRef ref;
        if (auto *proxy = qobject_cast<PyroProxy *>(object))
            ref = proxy->toObjectRef();
        else if (object)
            ref = PyroAutoproxy::lookup(object); // registered with a daemon: Pyro5's autoproxy
        return ref.isValid() ? QVariant::fromValue(ref) : QVariant();
    };
    return context;
}

} // namespace

// ---- PyroProxyPrivate -------------------------------------------------------------------

PyroProxyPrivate::PyroProxyPrivate(PyroProxy *q, const PyroUri &uri, const PyroConfig &config)
    : q(q), connection(new PyroConnection(uri, q)), uri(uri)
{
    applyConfig(config);
    QObject::connect(connection, &PyroConnection::stateChanged, q,
                     [this, last = PyroProxy::State::Unconnected](PyroConnection::State s) mutable {
                         checkUri();
                         const PyroProxy::State state = publicState(s);
                         if (state == last)
                             return;
                         last = state;
                         Q_EMIT this->q->stateChanged(state);
                     });
    QObject::connect(connection, &PyroConnection::errorOccurred, q, &PyroProxy::errorOccurred);
}

void PyroProxyPrivate::checkUri()
{
    if (connection->uri() == uri)
        return;
    uri = connection->uri();
    Q_EMIT q->uriChanged(uri);
}

void PyroProxyPrivate::applyConfig(const PyroConfig &config)
{
    settings.config = config;
    settings.serializer = explicitSerializer.isEmpty() ? config.serializer() : explicitSerializer;
    settings.connectTimeout = int(config.commTimeout() * 1000);
    settings.callTimeout = int(config.commTimeout() * 1000);
    settings.compression = config.compression();
    settings.encodeContext = encodeContext(config);
    maxRetries = config.maxRetries();
    pushSettings();
}

void PyroProxyPrivate::pushSettings()
{
    connection->setSettings(settings);
}

PyroClientRequestPtr PyroProxyPrivate::makeRequest(const QString &method, const QVariantList &args,
                                             const QVariant &kwargs, const PyroCallOptions &options)
{
    auto request = std::make_shared<PyroClientRequest>();
    request->check = PyroClientRequest::Check::Method;
    request->method = method;
    request->args = args;
    request->kwargs = kwargs;
    request->oneway = requestOneway(options.oneway());
    request->annotations = options.annotations();
    request->blobInfo = options.blobInfo();
    // Per call, else the proxy's, else the calling thread's: inside a method a daemon
    // invoked that is the request's id, so callbacks carry it on (Pyro5 does so).
    request->correlationId = options.correlationId();
    if (request->correlationId.isNull())
        request->correlationId = settings.correlationId;
    if (request->correlationId.isNull())
        request->correlationId = PyroThreadContext::correlationId();
    switch (options.timeoutPolicy()) {
    case PyroCallOptions::TimeoutPolicy::ProxyDefault:
        request->timeout = settings.callTimeout;
        break;
    case PyroCallOptions::TimeoutPolicy::NoTimeout:
        request->timeout = 0; // the connection's "none"
        break;
    case PyroCallOptions::TimeoutPolicy::Custom:
        request->timeout = int(std::clamp<qint64>(options.timeout().count(), 1, std::numeric_limits<int>::max()));
        break;
    }
    request->retriesLeft = maxRetries;
    return request;
}

PyroCallReply *PyroProxyPrivate::startReply(const PyroClientRequestPtr &request, const QString &method)
{
    auto *reply = new PyroCallReply(method);
    reply->d->request = request;
    reply->d->proxy = q;
    QPointer<PyroCallReply> replyGuard(reply);
    QPointer<PyroProxy> proxyGuard(q);
    request->done = [replyGuard, proxyGuard](PyroClientResult &&raw) {
        if (!replyGuard) {
            // Deleted early: the result is dropped, but a stream must not stay open.
            if (!raw.streamId.isEmpty() && proxyGuard)
                PyroProxyPrivate::get(proxyGuard)->connection->closeStream(raw.streamId);
            return;
        }
        replyGuard->d->complete(replyGuard, proxyGuard, std::move(raw));
    };
    connection->submit(request);
    return reply;
}

PyroResult PyroProxyPrivate::runBlocking(const PyroClientRequestPtr &request, PyroClientResult *rawOut)
{
    auto holder = std::make_shared<std::optional<PyroClientResult>>();
    request->done = [holder](PyroClientResult &&raw) { *holder = std::move(raw); };
    connection->submit(request);
    connection->waitForRequest(request, QDeadlineTimer(QDeadlineTimer::Forever));
    if (!holder->has_value()) {
        connection->abort(request, PyroError(Code::CommunicationError, u"call did not complete"_s));
        if (!holder->has_value())
            return PyroResult(PyroError(Code::CommunicationError, u"call did not complete"_s));
    }
    if (rawOut)
        *rawOut = **holder;
    // Nobody can take the stream of a blocking call: the remote iterator is closed.
    if (!(*holder)->streamId.isEmpty())
        connection->closeStream((*holder)->streamId);
    return PyroCallReplyPrivate::toResult(q, std::move(**holder));
}

// ---- PyroProxy --------------------------------------------------------------------------

PyroProxy::PyroProxy(const PyroUri &uri, QObject *parent)
    : PyroProxy(uri, PyroConfig::global(), parent)
{
}

PyroProxy::PyroProxy(const QString &uri, QObject *parent)
    : PyroProxy(PyroUri(uri), PyroConfig::global(), parent)
{
}

PyroProxy::PyroProxy(const PyroUri &uri, const PyroConfig &config, QObject *parent)
    : QObject(parent), d(new PyroProxyPrivate(this, uri, config))
{
}

PyroProxy::PyroProxy(const PyroObjectRef &ref, QObject *parent)
    : PyroProxy(ref.uri(), PyroConfig::global(), parent)
{
    if (!ref.methods().isEmpty() || !ref.attributes().isEmpty())
        d->connection->setMetadata(ref.methods(), ref.onewayMethods(), ref.attributes());
    if (ref.handshake().isValid() && !PyroValues::isNone(ref.handshake())) {
        d->settings.handshake = ref.handshake();
        d->pushSettings();
    }
    if (!ref.serializer().isEmpty())
        setSerializer(ref.serializer());
}

PyroProxy::~PyroProxy()
{
    // Pending calls fail ("proxy destroyed"); their replies still get finished(), queued.
    QObject::disconnect(d->connection, nullptr, this, nullptr);
    d->connection->release(PyroError(Code::ConnectionClosed, u"proxy destroyed"_s));
}

PyroUri PyroProxy::uri() const
{
    return d->connection->uri();
}

PyroUri PyroProxy::resolvedUri() const
{
    return d->connection->resolvedUri();
}

PyroProxy::State PyroProxy::state() const
{
    return publicState(d->connection->state());
}

PyroConfig PyroProxy::config() const
{
    return d->settings.config;
}

void PyroProxy::setConfig(const PyroConfig &config)
{
    d->applyConfig(config);
}

QString PyroProxy::serializer() const
{
    return d->settings.serializer;
}

void PyroProxy::setSerializer(const QString &name)
{
    d->explicitSerializer = name;
    if (d->settings.serializer == name)
        return;
    d->settings.serializer = name;
    d->pushSettings();
    Q_EMIT serializerChanged(name);
}

int PyroProxy::connectTimeout() const
{
    return d->settings.connectTimeout;
}

void PyroProxy::setConnectTimeout(int msecs)
{
    d->settings.connectTimeout = std::max(0, msecs);
    d->pushSettings();
}

int PyroProxy::callTimeout() const
{
    return d->settings.callTimeout;
}

void PyroProxy::setCallTimeout(int msecs)
{
    msecs = std::max(0, msecs);
    if (d->settings.callTimeout == msecs)
        return;
    d->settings.callTimeout = msecs;
    d->pushSettings();
    Q_EMIT callTimeoutChanged(msecs);
}

int PyroProxy::maxRetries() const
{
    return d->maxRetries;
}

void PyroProxy::setMaxRetries(int retries)
{
    d->maxRetries = std::max(0, retries);
}

bool PyroProxy::compression() const
{
    return d->settings.compression;
}

void PyroProxy::setCompression(bool on)
{
    d->settings.compression = on;
    d->pushSettings();
}

QVariant PyroProxy::handshake() const
{
    return d->settings.handshake;
}

void PyroProxy::setHandshake(const QVariant &data)
{
    d->settings.handshake = data;
    d->pushSettings();
}

void PyroProxy::setHandshakeValidator(std::function<PyroError(const QVariant &)> validator)
{
    d->settings.handshakeValidator = std::move(validator);
    d->pushSettings();
}

QVariant PyroProxy::handshakeResponse() const
{
    return d->connection->handshakeResponse();
}

QHash<QByteArray, QByteArray> PyroProxy::handshakeAnnotations() const
{
    return d->connection->handshakeAnnotations();
}

QHash<QByteArray, QByteArray> PyroProxy::annotations() const
{
    return d->settings.annotations;
}

void PyroProxy::setAnnotations(const QHash<QByteArray, QByteArray> &annotations)
{
    d->settings.annotations = annotations;
    d->pushSettings();
}

QUuid PyroProxy::correlationId() const
{
    return d->settings.correlationId;
}

void PyroProxy::setCorrelationId(const QUuid &id)
{
    d->settings.correlationId = id;
    d->pushSettings();
}

void PyroProxy::setSslConfiguration(const QSslConfiguration &configuration)
{
    if (configuration.isNull())
        d->settings.ssl.reset();
    else
        d->settings.ssl = configuration;
    d->pushSettings();
}

bool PyroProxy::autoDeleteReplies() const
{
    return d->autoDeleteReplies;
}

void PyroProxy::setAutoDeleteReplies(bool on)
{
    d->autoDeleteReplies = on;
}

QStringList PyroProxy::methods() const
{
    return d->connection->methods();
}

QStringList PyroProxy::onewayMethods() const
{
    return d->connection->onewayMethods();
}

QStringList PyroProxy::attributes() const
{
    return d->connection->attributes();
}

bool PyroProxy::hasMetadata() const
{
    return d->connection->hasMetadata();
}

void PyroProxy::bind()
{
    d->connection->setBindRequested(true);
    d->connection->connectToDaemon(1);
    d->checkUri();
}

bool PyroProxy::waitForConnected(QDeadlineTimer deadline)
{
    return d->connection->waitForConnected(deadline);
}

void PyroProxy::reconnect(int tries)
{
    d->connection->reconnect(std::max(1, tries));
}

void PyroProxy::release()
{
    d->connection->release(PyroError(Code::ConnectionClosed, u"connection released"_s));
}

PyroCallReply *PyroProxy::asyncCall(const QString &method, const QVariantList &args,
                                    const QVariantMap &kwargs, const PyroCallOptions &options)
{
    return d->startReply(d->makeRequest(method, args, kwargs, options), method);
}

QFuture<QVariant> PyroProxy::futureCall(const QString &method, const QVariantList &args,
                                        const QVariantMap &kwargs)
{
    PyroCallReply *reply = asyncCall(method, args, kwargs);
    QFuture<QVariant> future = reply->future();
    connect(reply, &PyroCallReply::finished, reply, &QObject::deleteLater);
    return future;
}

PyroResult PyroProxy::call(const QString &method, const QVariantList &args, const QVariantMap &kwargs,
                           const PyroCallOptions &options)
{
    return d->runBlocking(d->makeRequest(method, args, kwargs, options));
}

void PyroProxy::callOneway(const QString &method, const QVariantList &args, const QVariantMap &kwargs)
{
    PyroClientRequestPtr request = d->makeRequest(
            method, args, kwargs, PyroCallOptions().setOneway(PyroCallOptions::Oneway::Force));
    QPointer<PyroProxy> guard(this);
    request->done = [guard](PyroClientResult &&raw) {
        if (!raw.error.isError() || !guard)
            return;
        const PyroError error = raw.error;
        QMetaObject::invokeMethod(guard, [guard, error] {
            if (guard)
                Q_EMIT guard->errorOccurred(error);
        }, Qt::QueuedConnection);
    };
    d->connection->submit(request);
}

PyroCallReply *PyroProxy::asyncReadAttribute(const QString &name)
{
    PyroClientRequestPtr request = d->makeRequest(QString::fromLatin1(PyroProtocol::MethodGetAttr), {name},
                                            PyroValues::none(), PyroCallOptions());
    request->check = PyroClientRequest::Check::GetAttr;
    return d->startReply(request, name);
}

PyroCallReply *PyroProxy::asyncWriteAttribute(const QString &name, const QVariant &value)
{
    PyroClientRequestPtr request = d->makeRequest(QString::fromLatin1(PyroProtocol::MethodSetAttr), {name, value},
                                            PyroValues::none(), PyroCallOptions());
    request->check = PyroClientRequest::Check::SetAttr;
    return d->startReply(request, name);
}

PyroResult PyroProxy::readAttribute(const QString &name)
{
    PyroClientRequestPtr request = d->makeRequest(QString::fromLatin1(PyroProtocol::MethodGetAttr), {name},
                                            PyroValues::none(), PyroCallOptions());
    request->check = PyroClientRequest::Check::GetAttr;
    return d->runBlocking(request);
}

PyroResult PyroProxy::writeAttribute(const QString &name, const QVariant &value)
{
    PyroClientRequestPtr request = d->makeRequest(QString::fromLatin1(PyroProtocol::MethodSetAttr), {name, value},
                                            PyroValues::none(), PyroCallOptions());
    request->check = PyroClientRequest::Check::SetAttr;
    return d->runBlocking(request);
}

PyroObjectRef PyroProxy::toObjectRef() const
{
    PyroObjectRef ref(uri());
    ref.setMethods(methods());
    ref.setOnewayMethods(onewayMethods());
    ref.setAttributes(attributes());
    ref.setHandshake(handshake());
    ref.setSerializer(d->explicitSerializer);
    return ref;
}

PyroCallReply *PyroProxy::ping()
{
    auto request = std::make_shared<PyroClientRequest>();
    request->kind = PyroClientRequest::Kind::Ping;
    request->correlationId = d->settings.correlationId;
    if (request->correlationId.isNull())
        request->correlationId = PyroThreadContext::correlationId();
    request->timeout = d->settings.callTimeout;
    return d->startReply(request, u"<ping>"_s);
}
