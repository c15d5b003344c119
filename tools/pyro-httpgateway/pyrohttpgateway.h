// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "httpserver.h"

#include "pyroconfig.h"
#include "pyroerror.h"
#include "pyrostorage.h"
#include "pyrouri.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QHash>
#include <QtCore/QObject>

#include <functional>
#include <memory>

class PyroNameServerProxy;
class PyroProxy;
struct GatewayCall;

struct PyroHttpGatewaySettings
{
    QString expose = QStringLiteral("http\\.");  // regex matched at the start of names; empty: all
    QByteArray gatewayKey;                         // empty: no key needed
    QByteArray cors = "*";                         // Access-Control-Allow-Origin; empty: no CORS headers
    QString nsHost;                                // explicit name server; empty: located as Pyro5 does
    int nsPort = 0;
    int poolSize = 4;                              // connections per Pyro object
    int maxWaiting = 512;                          // requests queued per object when all are busy
    int lookupCacheMs = 2000;                      // how long a name's URI is reused
    qint64 maxResponseBytes = 64 * 1024 * 1024;    // collected generator items
    int maxSignalStreams = 100;                    // concurrent $signals streams; more: 503
    int signalKeepAliveMs = 15000;                 // comment line on an idle $signals stream
    qint64 signalQueueBytes = 1024 * 1024;         // events held for a client that does not read
};

/*
 * A pool of proxies per Pyro object: a request takes an idle connected proxy, or a new
 * one while fewer than poolSize exist, or waits in line. A proxy whose connection broke
 * is dropped (and replaced by a new one for the next request). Everything runs in the
 * owner's thread.
 */
class GatewayProxyPool : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(PyroProxy *proxy, const PyroError &error)>;

    GatewayProxyPool(const PyroConfig &config, int poolSize, int maxWaiting, QObject *parent = nullptr);
    ~GatewayProxyPool() override;

    // handler gets a connected proxy with its metadata, or the connect error.
    void acquire(const PyroUri &uri, Handler handler);
    // broken: the connection failed; the proxy is deleted instead of reused.
    void release(PyroProxy *proxy, bool broken);
    int proxyCount(const PyroUri &uri) const;
    // New bounds apply from the next acquire(); proxies in use stay valid.
    void setBounds(int poolSize, int maxWaiting);

private:
    struct Entry
    {
        QList<PyroProxy *> idle;
        QList<Handler> waiting;
        int total = 0;
    };
    void connectAndHand(PyroProxy *proxy, Handler handler);
    void startNew(const QString &key, const PyroUri &uri, Handler handler);

    PyroConfig m_config;
    int m_poolSize;
    int m_maxWaiting;
    QHash<QString, Entry> m_entries;
};

/*
 * Pyro5's HTTP gateway: GET/POST /pyro/<object name>/<method>?param=value calls a Pyro
 * object registered in the name server and answers with JSON. See docs/httpgateway.md.
 *
 *   PyroHttpGateway gateway(PyroConfig::global());
 *   gateway.setSettings(settings);
 *   gateway.listen(QHostAddress::LocalHost, 8080);
 *
 * Everything runs in the gateway's thread, asynchronously; no call blocks.
 */
class PyroHttpGateway : public QObject
{
    Q_OBJECT
public:
    explicit PyroHttpGateway(const PyroConfig &config, QObject *parent = nullptr);
    ~PyroHttpGateway() override;

    // May be called any time; connections in use are kept (the lookup cache is cleared).
    void setSettings(const PyroHttpGatewaySettings &settings);
    PyroHttpGatewaySettings settings() const { return m_settings; }
    HttpServer *httpServer() const { return m_http; }

    bool listen(const QHostAddress &address, quint16 port);
    quint16 port() const;

    // $signals streams open or being set up, and the events they dropped (slow clients).
    int signalStreamCount() const { return m_signalStreams; }
    quint64 signalEventsDropped() const { return m_signalEventsDropped; }

    // Sends the name server's URI (or the error) once it is found; for the tool's banner.
    void locateNameServer(std::function<void(const PyroUri &, const PyroError &)> done);

private:
    using Call = std::shared_ptr<GatewayCall>;

    void handleRequest(HttpConnection *connection, const HttpRequest &request);
    void handlePyroRequest(const Call &call, const QString &rest);
    void handleHomePage(const Call &call);
    void handleSignals(const Call &call);
    void resolve(const QString &name, std::function<void(const PyroUri &, const PyroError &)> done);
    void withNameServer(std::function<void(PyroNameServerProxy *, const PyroError &)> done);
    void invoke(const Call &call, PyroProxy *proxy);
    void collectStream(const Call &call, PyroProxy *proxy, class PyroStream *stream);

    void sendText(const Call &call, int status, const QByteArray &text);
    void sendJson(const Call &call, int status, const QVariant &value, bool withCorrelationId);
    void sendError(const Call &call, const PyroError &error, int status = 500);
    HttpHeaders corsHeaders() const;
    HttpHeaders jsonHeaders(const Call &call, bool withCorrelationId) const;
    bool keyMatches(const QByteArray &given) const;

    PyroConfig m_config;
    PyroHttpGatewaySettings m_settings;
    PyroStorageFilter m_expose; // Python re semantics, matched at the start (re.match)
    QByteArray m_keyDigest;
    HttpServer *m_http;
    GatewayProxyPool *m_pool;
    PyroNameServerProxy *m_nameServer = nullptr;
    QList<std::function<void(PyroNameServerProxy *, const PyroError &)>> m_nsWaiting;
    bool m_locating = false;
    struct CachedUri
    {
        PyroUri uri;
        QDeadlineTimer expiry;
    };
    QHash<QString, CachedUri> m_lookupCache;
    int m_signalStreams = 0;
    quint64 m_signalEventsDropped = 0;
};
