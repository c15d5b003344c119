// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrocallreply.h"

#include "pyroproxy_p.h"
#include "pyroexceptionwrapper.h"
#include "pyrostream.h"

#include <QtCore/QThread>

using namespace Qt::StringLiterals;
using Code = PyroError::Code;

namespace {

void reportFuture(QFutureInterface<QVariant> &future, const PyroResult &result)
{
    if (result.isError())
        future.reportException(PyroException(result.error()));
    else
        future.reportResult(result.value());
    future.reportFinished();
}

} // namespace

void PyroCallReplyPrivate::complete(PyroCallReply *q, PyroProxy *proxyPtr, PyroClientResult &&raw)
{
    if (finished)
        return;
    finished = true;
    request.reset();
    if (raw.batch && !raw.error.isError())
        batchResults = pyroBatchResults(raw.value);
    if (proxyPtr && !raw.streamId.isEmpty())
        stream = PyroStreamPrivate::create(proxyPtr, raw.streamId);
    result = toResult(proxyPtr, std::move(raw));
    if (future)
        reportFuture(*future, result);

    const bool autoDelete = proxyPtr && PyroProxyPrivate::get(proxyPtr)->autoDeleteReplies;
    QPointer<PyroProxy> proxyGuard(proxyPtr);
    // Always queued: the caller connects to finished() after asyncCall() returned, and
    // a handler must never run inside the connection's socket code.
    QMetaObject::invokeMethod(q, [q, proxyGuard, autoDelete] {
        QPointer<PyroCallReply> guard(q);
        Q_EMIT q->finished(PyroCallReply::QPrivateSignal());
        if (guard && proxyGuard)
            Q_EMIT proxyGuard->finished(q);
        if (guard && autoDelete)
            q->deleteLater();
    }, Qt::QueuedConnection);
}

PyroResult PyroCallReplyPrivate::toResult(PyroProxy *proxy, PyroClientResult &&raw)
{
    PyroResult result;
    if (!raw.streamId.isEmpty() && proxy)
        result = PyroResult::forStream(raw.streamId);
    else if (raw.error.isError())
        result = PyroResult(raw.error);
    else if (!proxy) // the proxy is gone: no stream, and the value as it came
        result = PyroResult(raw.value);
    else
        result = PyroResult(raw.value.isValid() ? raw.value : PyroValues::none());
    result.setAnnotations(raw.annotations);
    return result;
}

PyroCallReply *PyroCallReplyPrivate::failed(const QString &method, const PyroError &error)
{
    auto *reply = new PyroCallReply(method);
    PyroClientResult raw;
    raw.error = error;
    reply->d->complete(reply, nullptr, std::move(raw));
    return reply;
}

PyroCallReply::PyroCallReply(const QString &method, QObject *parent)
    : QObject(parent), d(new PyroCallReplyPrivate)
{
    d->method = method;
}

PyroCallReply::~PyroCallReply()
{
    // A stream nobody took: deleting it closes the remote iterator.
    if (d->stream) {
        if (d->stream->thread() == QThread::currentThread())
            delete d->stream.data();
        else
            d->stream->deleteLater();
    }
    // The call itself goes on (the proxy keeps its slot and drops the answer).
    if (d->future && !d->finished) {
        d->future->reportException(
                PyroException(PyroError(Code::ConnectionClosed, u"reply deleted before the call finished"_s)));
        d->future->reportFinished();
    }
}

QString PyroCallReply::method() const
{
    return d->method;
}

bool PyroCallReply::isFinished() const
{
    return d->finished;
}

bool PyroCallReply::isError() const
{
    return d->result.isError();
}

PyroError PyroCallReply::error() const
{
    return d->result.error();
}

QVariant PyroCallReply::value() const
{
    return d->result.value();
}

PyroResult PyroCallReply::result() const
{
    return d->result;
}

QHash<QByteArray, QByteArray> PyroCallReply::annotations() const
{
    return d->result.annotations();
}

bool PyroCallReply::isStream() const
{
    return d->result.isStream();
}

PyroStream *PyroCallReply::takeStream()
{
    PyroStream *stream = d->stream.data();
    d->stream.clear();
    return stream;
}

QList<PyroResult> PyroCallReply::batchResults() const
{
    return d->batchResults;
}

QFuture<QVariant> PyroCallReply::future()
{
    if (!d->future) {
        d->future.emplace();
        d->future->reportStarted();
        if (d->finished)
            reportFuture(*d->future, d->result);
    }
    return d->future->future();
}

bool PyroCallReply::waitForFinished(QDeadlineTimer deadline)
{
    if (d->finished)
        return true;
    PyroClientRequestPtr request = d->request;
    if (!d->proxy || !request)
        return d->finished;
    PyroProxyPrivate::get(d->proxy)->connection->waitForRequest(request, deadline);
    return d->finished;
}

void PyroCallReply::abort()
{
    if (d->finished)
        return;
    const PyroError aborted(Code::ConnectionClosed, u"call aborted"_s);
    PyroClientRequestPtr request = d->request;
    if (d->proxy && request) {
        PyroProxyPrivate::get(d->proxy)->connection->abort(request, aborted);
    } else {
        PyroClientResult raw;
        raw.error = aborted;
        d->complete(this, d->proxy, std::move(raw));
    }
}
