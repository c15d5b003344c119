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
    if (raw.batch && !raw.error.isError()) {
        // Pyro5's batch: results in order, up to and including the first failed call.
        const QVariantList items = raw.value.toList();
        for (const QVariant &item : items) {
            if (item.typeId() == qMetaTypeId<PyroExceptionWrapper>()) {
                batchResults.append(PyroResult(item.value<PyroExceptionWrapper>().error()));
                break;
            }
            batchResults.append(PyroResult(item));
        }
    }
    if (proxyPtr) {
        PyroProxyPrivate *proxy = PyroProxyPrivate::get(proxyPtr);
        if (!raw.streamId.isEmpty())
            stream = proxy->makeStream(raw.streamId);
        result = proxy->toResult(std::move(raw));
    } else {
        result = raw.error.isError() ? PyroResult(raw.error) : PyroResult(raw.value);
        result.setAnnotations(raw.annotations);
    }
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

/*!
    \class PyroCallReply
    Created by PyroProxy::asyncCall() and friends; owned by the caller; lives in the
    proxy's thread. finished() is emitted exactly once, queued.
*/
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

/*!
    Blocks until the call finished or \a deadline passed, by driving the proxy's socket
    (no event loop). finished() is still emitted later, queued.
*/
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
