// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrocallreply.h"
#include "pyroconnection_p.h"
#include "pyroproxy.h"
#include "pyroresult.h"

#include <QtCore/QFutureInterface>
#include <QtCore/QPointer>

class PyroProxyPrivate
{
public:
    explicit PyroProxyPrivate(PyroProxy *q, const PyroUri &uri, const PyroConfig &config);

    static PyroProxyPrivate *get(PyroProxy *proxy) { return proxy ? proxy->d.get() : nullptr; }
    static const PyroProxyPrivate *get(const PyroProxy *proxy) { return proxy ? proxy->d.get() : nullptr; }

    void applyConfig(const PyroConfig &config);
    // Hands the connection a copy of the settings (after every change).
    void pushSettings();
    // A request for a call with the proxy's settings and the calling thread's context.
    PyroClientRequestPtr makeRequest(const QString &method, const QVariantList &args,
                               const QVariant &kwargs, const PyroCallOptions &options);
    // Wraps a request in a caller-owned reply and queues it.
    PyroCallReply *startReply(const PyroClientRequestPtr &request, const QString &method);
    // Queues a request and blocks until it is done.
    PyroResult runBlocking(const PyroClientRequestPtr &request, PyroClientResult *raw = nullptr);
    // Emits uriChanged() when bind() replaced the uri.
    void checkUri();

    PyroProxy *q;
    PyroConnection *connection; // child of q
    PyroUri uri;                // as last reported by uriChanged()
    // The proxy's settings; the connection works with a copy.
    PyroConnection::Settings settings;
    int maxRetries = 0;
    bool autoDeleteReplies = false;
    QString explicitSerializer; // set by setSerializer()/an object reference; what toObjectRef() reports
};

class PyroCallReplyPrivate
{
public:
    // Stores the outcome and queues finished().
    void complete(PyroCallReply *q, PyroProxy *proxy, PyroClientResult &&raw);
    // A raw result as a PyroResult (a stream result keeps only its id; complete() makes
    // the reply's PyroStream).
    static PyroResult toResult(PyroProxy *proxy, PyroClientResult &&raw);
    // A reply that fails (finished() queued as always) without any call.
    static PyroCallReply *failed(const QString &method, const PyroError &error);

    QString method;
    bool finished = false;
    PyroResult result;
    QList<PyroResult> batchResults;
    QPointer<PyroStream> stream; // a stream result's stream until takeStream()
    PyroClientRequestPtr request;
    QPointer<PyroProxy> proxy;
    std::optional<QFutureInterface<QVariant>> future;
};

// Pyro5's batch results: in order, up to and including the first failed call (pyrobatch.cpp).
QList<PyroResult> pyroBatchResults(const QVariant &results);

class PyroStreamPrivate
{
public:
    // The stream a call's ITEMSTREAMRESULT opened on proxy's connection.
    static PyroStream *create(PyroProxy *proxy, const QString &streamId);
    void fetch(PyroStream *q, bool all);
    void handle(PyroStream *q, PyroClientResult &&raw, bool emitSignals);
    void finish(PyroStream *q, const PyroError &error, bool emitSignals);

    QPointer<PyroProxy> proxy;
    QString streamId;
    bool finished = false;
    bool fetchingAll = false;
    PyroError error;
    PyroClientRequestPtr pending;
};
