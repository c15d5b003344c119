// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrohttpgateway.h"

#include "gatewaysignalstream.h"
#include "pyrocallreply.h"
#include "pyrolocator.h"
#include "pyronameserverproxy.h"
#include "pyroproxy.h"
#include "pyroserializer.h"
#include "pyrostream.h"
#include "pyrovalues.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QLoggingCategory>
#include <QtCore/QPointer>
#include <QtCore/QUrl>
#include <QtCore/QUuid>

Q_LOGGING_CATEGORY(lcGateway, "qtpyro.httpgateway", QtInfoMsg)

using namespace Qt::StringLiterals;

struct GatewayCall
{
    enum class StreamMode { Array, NdJson, EventStream };

    QPointer<HttpConnection> connection;
    QByteArray httpMethod;
    QString objectName;
    QString method;
    QVariantList args;
    QVariantMap kwargs;
    bool oneway = false;
    QUuid correlationId;
    StreamMode streamMode = StreamMode::Array;
};

namespace {

// Bytes of streamed items the client may have left unread before the next is fetched.
constexpr qint64 StreamBacklogBytes = 256 * 1024;

const PyroSerializer *jsonSerializer()
{
    static const PyroSerializer *json = PyroSerializer::byName(u"json");
    return json;
}

// application/x-www-form-urlencoded as Python's parse_qs() reads it: '+' is a space,
// fields without a value are left out, a repeated name gives a list of its values.
QVariantMap parseForm(const QByteArray &text)
{
    QVariantMap result;
    for (const QByteArray &field : text.split('&')) {
        const qsizetype eq = field.indexOf('=');
        if (eq < 0)
            continue;
        auto decode = [](QByteArray part) {
            part.replace('+', ' ');
            return QString::fromUtf8(QByteArray::fromPercentEncoding(part));
        };
        const QString name = decode(field.left(eq));
        const QString value = decode(field.mid(eq + 1));
        if (name.isEmpty() || value.isEmpty())
            continue;
        auto it = result.find(name);
        if (it == result.end()) {
            result.insert(name, value);
        } else if (it->typeId() == QMetaType::QVariantList) {
            QVariantList list = it->toList();
            list.append(value);
            *it = list;
        } else {
            *it = QVariantList{*it, value};
        }
    }
    return result;
}

bool isValidMethodName(const QString &name)
{
    if (name == u"$meta" || name == u"$signals")
        return true;
    if (name.isEmpty() || name.size() > 256 || name.front().isDigit())
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
    });
}

QString htmlEscaped(const QString &text)
{
    return text.toHtmlEscaped().replace(u'\'', u"&#39;"_s);
}

// A JavaScript string literal inside an HTML attribute.
QString jsString(const QString &text)
{
    QString out;
    for (QChar c : text) {
        if (c.isLetterOrNumber() || c == u'.' || c == u'_' || c == u'-')
            out += c;
        else
            out += u"\\u%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'));
    }
    return u'\'' + out + u'\'';
}

} // namespace

// ---------------------------------------------------------------------------------------
// GatewayProxyPool

GatewayProxyPool::GatewayProxyPool(const PyroConfig &config, int poolSize, int maxWaiting, QObject *parent)
    : QObject(parent), m_config(config), m_poolSize(std::max(1, poolSize)), m_maxWaiting(maxWaiting)
{
}

GatewayProxyPool::~GatewayProxyPool() = default;

void GatewayProxyPool::acquire(const PyroUri &uri, Handler handler)
{
    const QString key = uri.toString();
    Entry &entry = m_entries[key];
    while (!entry.idle.isEmpty()) {
        PyroProxy *proxy = entry.idle.takeLast();
        if (proxy->state() == PyroProxy::State::Connected) {
            handler(proxy, {});
            return;
        }
        // closed while idle (the daemon went away or restarted): replace it
        --entry.total;
        proxy->deleteLater();
    }
    if (entry.total < m_poolSize) {
        startNew(key, uri, std::move(handler));
        return;
    }
    if (entry.waiting.size() >= m_maxWaiting) {
        handler(nullptr, PyroError(PyroError::Code::CommunicationError,
                                   u"too many requests waiting for this object"_s));
        return;
    }
    entry.waiting.append(std::move(handler));
}

void GatewayProxyPool::startNew(const QString &key, const PyroUri &uri, Handler handler)
{
    ++m_entries[key].total;
    auto *proxy = new PyroProxy(uri, m_config, this);
    proxy->setSerializer(u"json"_s);
    proxy->setProperty("_gatewayPoolKey", key);
    connectAndHand(proxy, std::move(handler));
}

void GatewayProxyPool::connectAndHand(PyroProxy *proxy, Handler handler)
{
    if (proxy->state() == PyroProxy::State::Connected && proxy->hasMetadata()) {
        handler(proxy, {});
        return;
    }
    // ping() connects, does the handshake (with the metadata) and reports the outcome once.
    PyroCallReply *reply = proxy->ping();
    connect(reply, &PyroCallReply::finished, this, [this, reply, proxy, handler = std::move(handler)] {
        reply->deleteLater();
        if (reply->isError()) {
            const PyroError error = reply->error();
            release(proxy, true);
            handler(nullptr, error);
            return;
        }
        handler(proxy, {});
    });
}

void GatewayProxyPool::release(PyroProxy *proxy, bool broken)
{
    const QString key = proxy->property("_gatewayPoolKey").toString();
    auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        proxy->deleteLater();
        return;
    }
    broken = broken || proxy->state() != PyroProxy::State::Connected;
    if (broken) {
        --it->total;
        const PyroUri uri = proxy->uri();
        proxy->deleteLater();
        if (!it->waiting.isEmpty())
            startNew(key, uri, it->waiting.takeFirst());
        else if (it->total == 0 && it->idle.isEmpty())
            m_entries.erase(it);
        return;
    }
    if (!it->waiting.isEmpty()) {
        Handler next = it->waiting.takeFirst();
        connectAndHand(proxy, std::move(next));
        return;
    }
    it->idle.append(proxy);
}

void GatewayProxyPool::setBounds(int poolSize, int maxWaiting)
{
    m_poolSize = std::max(1, poolSize);
    m_maxWaiting = maxWaiting;
}

int GatewayProxyPool::proxyCount(const PyroUri &uri) const
{
    return m_entries.value(uri.toString()).total;
}

// ---------------------------------------------------------------------------------------
// PyroHttpGateway

PyroHttpGateway::PyroHttpGateway(const PyroConfig &config, QObject *parent)
    : QObject(parent), m_config(config), m_http(new HttpServer(this))
{
    m_pool = new GatewayProxyPool(m_config, m_settings.poolSize, m_settings.maxWaiting, this);
    setSettings(m_settings);
    connect(m_http, &HttpServer::requestReceived, this, &PyroHttpGateway::handleRequest);
}

PyroHttpGateway::~PyroHttpGateway() = default;

void PyroHttpGateway::setSettings(const PyroHttpGatewaySettings &settings)
{
    m_settings = settings;
    m_expose = PyroStorageFilter::regex(settings.expose);
    m_keyDigest = settings.gatewayKey.isEmpty()
                      ? QByteArray()
                      : QCryptographicHash::hash(settings.gatewayKey, QCryptographicHash::Sha256);
    m_pool->setBounds(m_settings.poolSize, m_settings.maxWaiting);
    m_lookupCache.clear();
}

bool PyroHttpGateway::listen(const QHostAddress &address, quint16 port)
{
    return m_http->listen(address, port);
}

quint16 PyroHttpGateway::port() const
{
    return m_http->serverPort();
}

// Compares digests of both keys, so the time taken tells neither the key's length nor
// how many of its leading bytes were right.
bool PyroHttpGateway::keyMatches(const QByteArray &given) const
{
    const QByteArray digest = QCryptographicHash::hash(given, QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (qsizetype i = 0; i < digest.size(); ++i)
        diff |= static_cast<unsigned char>(digest[i] ^ m_keyDigest[i]);
    return diff == 0;
}

HttpHeaders PyroHttpGateway::corsHeaders() const
{
    if (m_settings.cors.isEmpty())
        return {};
    return {{"Access-Control-Allow-Origin", m_settings.cors},
            {"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
            {"Access-Control-Allow-Headers",
             "Content-Type, X-Pyro-Options, X-Pyro-Correlation-Id, X-Pyro-Gateway-Key"},
            {"Access-Control-Expose-Headers", "X-Pyro-Correlation-Id"}};
}

HttpHeaders PyroHttpGateway::jsonHeaders(const Call &call, bool withCorrelationId) const
{
    HttpHeaders headers{{"Content-Type", "application/json; charset=utf-8"}};
    if (withCorrelationId)
        headers.append({"X-Pyro-Correlation-Id", call->correlationId.toByteArray(QUuid::WithoutBraces)});
    headers += corsHeaders();
    return headers;
}

void PyroHttpGateway::sendText(const Call &call, int status, const QByteArray &text)
{
    if (call->connection)
        call->connection->respond(status, HttpHeaders{{"Content-Type", "text/plain"}} + corsHeaders(), text);
}

void PyroHttpGateway::sendJson(const Call &call, int status, const QVariant &value, bool withCorrelationId)
{
    if (!call->connection)
        return;
    QByteArray body;
    PyroError error;
    if (!jsonSerializer()->encode(body, value, {}, &error)) {
        sendError(call, error);
        return;
    }
    call->connection->respond(status, jsonHeaders(call, withCorrelationId), body);
}

// 500 with the Pyro5 exception dict, as Pyro5's gateway sends it (no correlation id).
void PyroHttpGateway::sendError(const Call &call, const PyroError &error, int status)
{
    if (!call->connection)
        return;
    QByteArray body;
    PyroError encodeError;
    if (!jsonSerializer()->encode(body, QVariant::fromValue(error.toExceptionDict()), {}, &encodeError))
        body = R"({"__class__": "Pyro5.errors.SerializeError", "__exception__": true, "args": ["cannot encode the error"], "attributes": {}})";
    call->connection->respond(status, jsonHeaders(call, false), body);
}

void PyroHttpGateway::handleRequest(HttpConnection *connection, const HttpRequest &request)
{
    auto call = std::make_shared<GatewayCall>();
    call->connection = connection;
    call->httpMethod = request.method;
    qCDebug(lcGateway).noquote() << connection->peerAddress().toString() << request.method << request.target;

    if (request.path == "/") {
        connection->respond(302, {{"Location", "/pyro/"}});
        return;
    }
    if (!request.path.startsWith("/pyro/")) {
        sendText(call, 404, "Error 404: Not Found");
        return;
    }
    if (request.method == "OPTIONS") {
        sendText(call, 200, "200 OK");
        return;
    }
    if (request.method != "GET" && request.method != "POST") {
        sendText(call, 405, "Error 405: Method Not Allowed");
        return;
    }
    const QString rest = QString::fromUtf8(QByteArray::fromPercentEncoding(request.path.mid(6)));
    if (rest.isEmpty()) {
        handleHomePage(call);
        return;
    }
    // <object name>/<method>: the object name may itself contain '/'
    const qsizetype slash = rest.lastIndexOf(u'/');
    if (slash <= 0 || slash == rest.size() - 1 || rest.contains(u'\n')) {
        sendText(call, 404, "Error 404: Not Found");
        return;
    }
    call->objectName = rest.left(slash);
    call->method = rest.mid(slash + 1);

    call->kwargs = parseForm(request.query);
    if (!m_keyDigest.isEmpty()) {
        QByteArray key = request.header("X-Pyro-Gateway-Key");
        if (key.isEmpty())
            key = call->kwargs.value(u"$key"_s).toString().toUtf8();
        if (!keyMatches(key)) {
            sendText(call, 403, "403 Forbidden - incorrect gateway api key");
            return;
        }
    }
    call->kwargs.remove(u"$key"_s);
    if (!m_settings.expose.isEmpty() && !m_expose.matchesName(call->objectName)) {
        sendText(call, 403, "403 Forbidden - access to the requested object has been denied");
        return;
    }
    if (!isValidMethodName(call->method)) {
        sendText(call, 400, "Error 400: invalid method name");
        return;
    }

    for (const QByteArray &option : request.header("X-Pyro-Options").split(','))
        if (option.trimmed() == "oneway")
            call->oneway = true;
    const QByteArray correlation = request.header("X-Pyro-Correlation-Id");
    call->correlationId = correlation.isEmpty() ? QUuid::createUuid() : QUuid::fromString(QLatin1StringView(correlation));
    if (call->correlationId.isNull()) {
        sendText(call, 400, "Error 400: X-Pyro-Correlation-Id is not a UUID");
        return;
    }
    const QByteArray accept = request.header("Accept");
    if (accept.contains("application/x-ndjson"))
        call->streamMode = GatewayCall::StreamMode::NdJson;
    else if (accept.contains("text/event-stream"))
        call->streamMode = GatewayCall::StreamMode::EventStream;

    if (!request.body.isEmpty() && request.method == "POST") {
        const QByteArray type = request.header("Content-Type").split(';').first().trimmed().toLower();
        if (type == "application/x-www-form-urlencoded") {
            const QVariantMap form = parseForm(request.body);
            for (auto it = form.cbegin(); it != form.cend(); ++it)
                call->kwargs.insert(it.key(), it.value());
        } else if (type == "application/json" || type.endsWith("+json") || type.isEmpty()) {
            PyroError error;
            PyroDecodeOptions options;
            options.mapClassDicts = false;
            const QVariant body = jsonSerializer()->decode(request.body, options, &error);
            if (!body.isValid()) {
                sendText(call, 400, "Error 400: the request body is not valid JSON: " + error.message().toUtf8());
                return;
            }
            if (body.typeId() == QMetaType::QVariantList) {
                call->args = body.toList();
            } else if (body.typeId() == QMetaType::QVariantMap || body.typeId() == qMetaTypeId<PyroDict>()) {
                QVariantMap map = body.typeId() == QMetaType::QVariantMap ? body.toMap()
                                                                          : body.value<PyroDict>().toVariantMap();
                const QVariant positional = map.take(u"$args"_s);
                if (positional.isValid() && positional.typeId() != QMetaType::QVariantList) {
                    sendText(call, 400, "Error 400: \"$args\" must be an array");
                    return;
                }
                call->args = positional.toList();
                for (auto it = map.cbegin(); it != map.cend(); ++it)
                    call->kwargs.insert(it.key(), it.value());
            } else {
                sendText(call, 400, "Error 400: a JSON body must be an array (positional arguments) "
                                    "or an object (keyword arguments)");
                return;
            }
        } else {
            sendText(call, 415, "Error 415: send the arguments as application/json");
            return;
        }
    }

    if (call->method == u"$signals") {
        handleSignals(call);
        return;
    }
    handlePyroRequest(call, rest);
}

void PyroHttpGateway::handlePyroRequest(const Call &call, const QString &)
{
    resolve(call->objectName, [this, call](const PyroUri &uri, const PyroError &error) {
        if (error.isError()) {
            sendError(call, error);
            return;
        }
        if (!call->connection)
            return; // the client went away meanwhile
        m_pool->acquire(uri, [this, call](PyroProxy *proxy, const PyroError &error) {
            if (!proxy) {
                m_lookupCache.remove(call->objectName); // it may have moved
                sendError(call, error);
                return;
            }
            invoke(call, proxy);
        });
    });
}

void PyroHttpGateway::invoke(const Call &call, PyroProxy *proxy)
{
    if (!call->connection) {
        m_pool->release(proxy, false);
        return;
    }
    proxy->setCorrelationId(call->correlationId);
    if (call->method == u"$meta") {
        sendJson(call, 200,
                 QVariantMap{{u"methods"_s, proxy->methods()}, {u"attributes"_s, proxy->attributes()}},
                 true);
        m_pool->release(proxy, false);
        return;
    }
    const bool isAttribute = proxy->attributes().contains(call->method) && !proxy->methods().contains(call->method);
    const bool oneway = call->oneway || (!isAttribute && proxy->onewayMethods().contains(call->method));
    PyroCallReply *reply = nullptr;
    if (isAttribute) {
        if (!call->args.isEmpty() || !call->kwargs.isEmpty()) {
            sendError(call, PyroError::exception(u"builtins.AssertionError"_s,
                                                 u"attribute lookup can't have query parameters"_s));
            m_pool->release(proxy, false);
            return;
        }
        reply = proxy->asyncReadAttribute(call->method);
    } else {
        const auto options = PyroCallOptions()
                .setOneway(call->oneway ? PyroCallOptions::Oneway::Force : PyroCallOptions::Oneway::FromMetadata)
                .setCorrelationId(call->correlationId);
        reply = proxy->asyncCall(call->method, call->args, call->kwargs, options);
    }
    connect(reply, &PyroCallReply::finished, this, [this, call, proxy, reply, oneway] {
        reply->deleteLater();
        if (reply->isError()) {
            const PyroError error = reply->error();
            sendError(call, error);
            m_pool->release(proxy, error.is(PyroError::Code::Timeout));
            return;
        }
        if (oneway) {
            if (call->connection)
                call->connection->respond(200, jsonHeaders(call, true));
            m_pool->release(proxy, false);
            return;
        }
        if (reply->isStream()) {
            collectStream(call, proxy, reply->takeStream());
            return;
        }
        sendJson(call, 200, reply->value(), true);
        m_pool->release(proxy, false);
    });
}

// A generator's items: one JSON array by default; with Accept: application/x-ndjson one
// JSON document per line, or with Accept: text/event-stream one "data:" event per item,
// each written as it arrives (chunked).
void PyroHttpGateway::collectStream(const Call &call, PyroProxy *proxy, PyroStream *stream)
{
    stream->setParent(this);
    struct State
    {
        QByteArray array = "[";
        int items = 0;
        bool tooLarge = false;
    };
    auto state = std::make_shared<State>();
    const bool incremental = call->streamMode != GatewayCall::StreamMode::Array;
    if (incremental && call->connection) {
        HttpHeaders headers{{"Content-Type", call->streamMode == GatewayCall::StreamMode::NdJson
                                                 ? QByteArray("application/x-ndjson")
                                                 : QByteArray("text/event-stream")},
                            {"Cache-Control", "no-cache"},
                            {"X-Pyro-Correlation-Id", call->correlationId.toByteArray(QUuid::WithoutBraces)}};
        call->connection->beginChunked(200, headers + corsHeaders());
    }
    auto frame = [call](const QByteArray &json) {
        return call->streamMode == GatewayCall::StreamMode::NdJson ? json + '\n' : "data: " + json + "\n\n";
    };
    // Streamed items are pulled one by one while the client keeps up with reading them.
    auto pull = [call, stream] {
        if (!call->connection)
            stream->close();
        else if (call->connection->pendingBytes() < StreamBacklogBytes)
            stream->fetchNext();
        else
            connect(call->connection, &HttpConnection::drained, stream, &PyroStream::fetchNext,
                    Qt::SingleShotConnection);
    };
    if (call->connection) // the client leaving ends the remote iteration
        connect(call->connection, &HttpConnection::closed, stream, &PyroStream::close);
    connect(stream, &PyroStream::itemReceived, this, [this, call, stream, state, incremental, frame, pull](const QVariant &item) {
        if (!call->connection || state->tooLarge) {
            stream->close();
            return;
        }
        QByteArray json;
        PyroError error;
        if (!jsonSerializer()->encode(json, item, {}, &error))
            jsonSerializer()->encode(json, QVariant::fromValue(error.toExceptionDict()), {}, &error);
        if (incremental) {
            call->connection->writeChunk(frame(json));
            pull();
            return;
        }
        if (state->items++)
            state->array += ", ";
        state->array += json;
        if (state->array.size() > m_settings.maxResponseBytes) {
            state->tooLarge = true;
            stream->close();
        }
    });
    connect(stream, &PyroStream::finished, this, [this, call, proxy, stream, state, incremental, frame] {
        stream->deleteLater();
        const PyroError error = stream->error();
        m_pool->release(proxy, false);
        if (!call->connection)
            return;
        if (incremental) {
            if (error.isError()) {
                QByteArray json;
                PyroError ignored;
                jsonSerializer()->encode(json, QVariant::fromValue(error.toExceptionDict()), {}, &ignored);
                call->connection->writeChunk(frame(json));
            }
            call->connection->endChunked();
            return;
        }
        if (state->tooLarge) {
            sendText(call, 502, "Error 502: the generator's items exceed the response limit; "
                                "ask for them with Accept: application/x-ndjson");
            return;
        }
        if (error.isError()) {
            sendError(call, error);
            return;
        }
        state->array += ']';
        call->connection->respond(200, jsonHeaders(call, true), state->array);
    });
    if (incremental)
        pull();
    else
        stream->fetchAll();
}

// ---- $signals: Server-Sent Events of remote signals ------------------------------------
// GET /pyro/<name>/$signals?names=a,b answers text/event-stream (see GatewaySignalStream),
// once the daemon has the subscription, kept open until the client goes away. An unknown
// or unexposed signal, or an object without signals: 404 with the exception dict.
void PyroHttpGateway::handleSignals(const Call &call)
{
    if (call->httpMethod != "GET") {
        sendText(call, 405, "Error 405: Method Not Allowed");
        return;
    }
    QStringList names;
    const QVariant given = call->kwargs.value(u"names"_s);
    const QStringList parts = given.typeId() == QMetaType::QVariantList ? given.toStringList()
                                                                         : QStringList{given.toString()};
    for (const QString &part : parts) {
        for (const QString &name : part.split(u',', Qt::SkipEmptyParts)) {
            const QString trimmed = name.trimmed();
            if (trimmed.startsWith(u'$') || !isValidMethodName(trimmed)) {
                sendText(call, 400, "Error 400: invalid signal name");
                return;
            }
            if (!names.contains(trimmed))
                names.append(trimmed);
        }
    }
    if (m_signalStreams >= m_settings.maxSignalStreams) {
        sendText(call, 503, "Error 503: too many signal streams");
        return;
    }
    GatewaySignalStream::Limits limits;
    limits.keepAliveMs = std::max(10, m_settings.signalKeepAliveMs);
    limits.queueBytes = m_settings.signalQueueBytes;
    QPointer<GatewaySignalStream> stream = new GatewaySignalStream(call->connection, limits, this);
    ++m_signalStreams;
    connect(stream, &QObject::destroyed, this, [this] { --m_signalStreams; });
    connect(stream, &GatewaySignalStream::eventsDropped, this, [this](quint64 n) { m_signalEventsDropped += n; });
    connect(stream, &GatewaySignalStream::ready, this, [this, stream] {
        stream->begin(corsHeaders());
    });
    connect(stream, &GatewaySignalStream::failed, this, [this, call](const PyroError &error) {
        const bool noSuchSignal = error.pythonClass() == u"builtins.AttributeError";
        if (!noSuchSignal && !error.isRemote())
            m_lookupCache.remove(call->objectName); // it may have moved
        sendError(call, error, noSuchSignal ? 404 : 500);
    });
    resolve(call->objectName, [this, call, stream, names](const PyroUri &uri, const PyroError &error) {
        if (!stream)
            return; // the client went away meanwhile
        if (error.isError()) {
            sendError(call, error);
            stream->deleteLater();
            return;
        }
        stream->subscribe(uri, m_config, names);
    });
}
// ---- end of $signals -------------------------------------------------------------------

void PyroHttpGateway::withNameServer(std::function<void(PyroNameServerProxy *, const PyroError &)> done)
{
    if (m_nameServer) {
        done(m_nameServer, {});
        return;
    }
    m_nsWaiting.append(std::move(done));
    if (m_locating)
        return;
    auto finish = [this](PyroNameServerProxy *ns, const PyroError &error) {
        m_locating = false;
        if (ns) {
            m_nameServer = ns;
            m_nameServer->setParent(this);
        }
        const auto waiting = std::exchange(m_nsWaiting, {});
        for (const auto &handler : waiting)
            handler(ns, error);
    };
    if (!m_settings.nsHost.isEmpty()) {
        finish(new PyroNameServerProxy(PyroNameServerProxy::uriFor(m_settings.nsHost, m_settings.nsPort, m_config),
                                       m_config, this),
               {});
        return;
    }
    m_locating = true;
    auto *locator = new PyroLocator(m_config, this);
    connect(locator, &PyroLocator::finished, this, [locator, finish] {
        locator->deleteLater();
        if (locator->error().isError()) {
            finish(nullptr, locator->error());
            return;
        }
        PyroNameServerProxy *ns = locator->takeNameServer();
        if (!ns)
            ns = new PyroNameServerProxy(locator->nameServerUri());
        finish(ns, {});
    });
    locator->locate();
}

void PyroHttpGateway::locateNameServer(std::function<void(const PyroUri &, const PyroError &)> done)
{
    withNameServer([done](PyroNameServerProxy *ns, const PyroError &error) {
        done(ns ? ns->uri() : PyroUri(), error);
    });
}

void PyroHttpGateway::resolve(const QString &name, std::function<void(const PyroUri &, const PyroError &)> done)
{
    const auto cached = m_lookupCache.constFind(name);
    if (cached != m_lookupCache.cend() && !cached->expiry.hasExpired()) {
        done(cached->uri, {});
        return;
    }
    withNameServer([this, name, done](PyroNameServerProxy *ns, const PyroError &error) {
        if (!ns) {
            done({}, error);
            return;
        }
        PyroCallReply *reply = ns->lookup(name);
        connect(reply, &PyroCallReply::finished, this, [this, reply, ns, name, done] {
            reply->deleteLater();
            if (reply->isError()) {
                const PyroError error = reply->error();
                if (!error.isRemote() && m_nameServer == ns) {
                    m_nameServer = nullptr; // found again on the next request
                    ns->deleteLater();
                }
                done({}, error);
                return;
            }
            const PyroUri uri = reply->value().value<PyroUri>();
            if (m_settings.lookupCacheMs > 0)
                m_lookupCache.insert(name, {uri, QDeadlineTimer(m_settings.lookupCacheMs)});
            done(uri, {});
        });
    });
}

void PyroHttpGateway::handleHomePage(const Call &call)
{
    withNameServer([this, call](PyroNameServerProxy *ns, const PyroError &error) {
        if (!ns) {
            sendText(call, 500, "Cannot reach the Pyro name server (" + error.message().toUtf8()
                                    + "). Reload the page to try again.");
            return;
        }
        PyroCallReply *reply = ns->list({}, m_settings.expose);
        connect(reply, &PyroCallReply::finished, this, [this, call, reply, ns] {
            reply->deleteLater();
            if (reply->isError()) {
                if (!reply->error().isRemote() && m_nameServer == ns) {
                    m_nameServer = nullptr;
                    ns->deleteLater();
                }
                sendText(call, 500, "Cannot list the name server: " + reply->error().message().toUtf8());
                return;
            }
            QMap<QString, QString> entries; // name -> URI text, sorted by name
            const QVariant value = reply->value();
            if (value.typeId() == QMetaType::QVariantMap) {
                const QVariantMap map = value.toMap();
                for (auto it = map.cbegin(); it != map.cend(); ++it)
                    entries.insert(it.key(), it.value().toString());
            } else {
                for (const auto &[key, uri] : value.value<PyroDict>().entries())
                    entries.insert(key.toString(), uri.toString());
            }
            QString rows;
            for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
                rows += u"<tr><td><a href=\"#\" onclick=\"pyroCall(%1, '$meta'); return false;\">%2</a></td>"
                        "<td>%3</td></tr>\n"_s
                            .arg(htmlEscaped(jsString(it.key())), htmlEscaped(it.key()), htmlEscaped(it.value()));
            }
            const QString page = uR"(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Pyro HTTP gateway (QtPyro)</title>
<style>body{font-family:sans-serif;margin:1em} td,th{border:1px solid #ccd;padding:3px 6px}
table{border-collapse:collapse} pre{border:1px solid #ccd;padding:1ex;white-space:pre-wrap}</style>
<script>
// GET <name>/<method>?<params> relative to this page; the reply is JSON.
async function pyroCall(name, method, params) {
    let url = encodeURIComponent(name) + "/" + encodeURIComponent(method);
    if (params) url += "?" + new URLSearchParams(params).toString();
    document.getElementById("call").textContent = "GET " + url;
    const response = await fetch(url, {headers: {"Accept": "application/json"}});
    const text = await response.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { }
    document.getElementById("response").textContent = response.status + "\n" + shown;
}
</script></head><body>
<h1>Pyro HTTP gateway</h1>
<p>Call the Pyro objects of the name server with HTTP and JSON:
<code>GET /pyro/&lt;name&gt;/&lt;method&gt;?&lt;argument&gt;=&lt;value&gt;</code>,
<code>/pyro/&lt;name&gt;/$meta</code> for what an object offers, or POST a JSON array or object
as the arguments.</p>
<h2>Exposed names (pattern '%1')</h2>
<table><tr><th>name (click: $meta)</th><th>URI</th></tr>
%2</table>
<h2>Last call</h2><pre id="call"> </pre><h2>Response</h2><pre id="response"> </pre>
<p>QtPyro pyro-httpgateway</p>
</body></html>
)"_s.arg(htmlEscaped(m_settings.expose), rows);
            if (call->connection)
                call->connection->respond(200, HttpHeaders{{"Content-Type", "text/html; charset=utf-8"}} + corsHeaders(),
                                          page.toUtf8());
        });
    });
}
