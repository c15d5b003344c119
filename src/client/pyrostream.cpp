// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrostream.h"

#include "pyroprotocol_p.h"
#include "pyroproxy_p.h"

using namespace Qt::StringLiterals;
using Code = PyroError::Code;

namespace {

PyroClientRequestPtr nextItemRequest(PyroProxyPrivate *proxy, const QString &streamId)
{
    // Pyro5 asks the daemon object, with the stream id in a list.
    PyroClientRequestPtr request = proxy->makeRequest(QString::fromLatin1(PyroProtocol::DaemonMethodNextStreamItem),
                                                {streamId}, QVariantMap(),
                                                PyroCallOptions().setOneway(PyroCallOptions::Oneway::Never));
    request->objectId = QString::fromLatin1(PyroProtocol::DaemonObjectId);
    request->argsAsList = true;
    request->check = PyroClientRequest::Check::None;
    return request;
}

} // namespace

PyroStream *PyroStreamPrivate::create(PyroProxy *proxy, const QString &streamId)
{
    return new PyroStream(proxy, streamId);
}

void PyroStreamPrivate::fetch(PyroStream *q, bool all)
{
    fetchingAll = fetchingAll || all;
    if (finished || pending)
        return;
    PyroProxyPrivate *p = PyroProxyPrivate::get(proxy);
    // Like Pyro5, a stream does not reconnect: its iterator lived on the old connection.
    if (!p || p->connection->state() != PyroConnection::State::Connected) {
        finish(q, PyroError(Code::ConnectionClosed, u"the proxy for this stream result has been closed"_s), true);
        return;
    }
    PyroClientRequestPtr request = nextItemRequest(p, streamId);
    QPointer<PyroStream> guard(q);
    request->done = [guard](PyroClientResult &&raw) {
        if (!guard)
            return;
        guard->d->pending.reset();
        guard->d->handle(guard, std::move(raw), true);
    };
    pending = request;
    p->connection->submit(request);
}

void PyroStreamPrivate::handle(PyroStream *q, PyroClientResult &&raw, bool emitSignals)
{
    if (raw.error.isError()) {
        // StopIteration is the normal end; the daemon has already dropped the stream.
        finish(q, pyroIsStopIteration(raw.error) ? PyroError() : raw.error, true);
        return;
    }
    if (emitSignals) {
        const QVariant item = raw.value;
        QMetaObject::invokeMethod(q, [q, item] { Q_EMIT q->itemReceived(item); }, Qt::QueuedConnection);
        if (fetchingAll)
            fetch(q, true);
    }
}

void PyroStreamPrivate::finish(PyroStream *q, const PyroError &e, bool emitSignals)
{
    if (finished)
        return;
    finished = true;
    error = e;
    if (emitSignals)
        QMetaObject::invokeMethod(q, [q] { Q_EMIT q->finished(PyroStream::QPrivateSignal()); }, Qt::QueuedConnection);
}

PyroStream::PyroStream(PyroProxy *proxy, const QString &streamId)
    : d(new PyroStreamPrivate)
{
    d->proxy = proxy;
    d->streamId = streamId;
}

PyroStream::~PyroStream()
{
    if (d->pending)
        d->pending->done = nullptr;
    if (!d->finished && d->proxy)
        PyroProxyPrivate::get(d->proxy)->connection->closeStream(d->streamId);
}

QString PyroStream::streamId() const
{
    return d->streamId;
}

bool PyroStream::isFinished() const
{
    return d->finished;
}

PyroError PyroStream::error() const
{
    return d->error;
}

void PyroStream::fetchNext()
{
    d->fetch(this, false);
}

void PyroStream::fetchAll()
{
    d->fetch(this, true);
}

std::optional<QVariant> PyroStream::next(PyroError *error, QDeadlineTimer deadline)
{
    if (error)
        *error = PyroError();
    PyroProxyPrivate *p = PyroProxyPrivate::get(d->proxy);
    if (d->pending && p) {
        // An async fetch is under way: let it finish first (its item goes to itemReceived()).
        PyroClientRequestPtr pending = d->pending;
        p->connection->waitForRequest(pending, deadline);
    }
    if (!d->finished && (!p || p->connection->state() != PyroConnection::State::Connected))
        d->finish(this, PyroError(Code::ConnectionClosed, u"the proxy for this stream result has been closed"_s), true);
    if (d->finished) {
        if (error)
            *error = d->error;
        return std::nullopt;
    }
    PyroClientRequestPtr request = nextItemRequest(p, d->streamId);
    auto holder = std::make_shared<std::optional<PyroClientResult>>();
    request->done = [holder](PyroClientResult &&raw) { *holder = std::move(raw); };
    p->connection->submit(request);
    if (!p->connection->waitForRequest(request, deadline) || !holder->has_value()) {
        p->connection->abort(request, PyroError(Code::Timeout, u"timeout waiting for the next stream item"_s));
        d->finish(this, holder->has_value() && (*holder)->error.isError()
                          ? (*holder)->error
                          : PyroError(Code::Timeout, u"timeout waiting for the next stream item"_s), true);
        if (error)
            *error = d->error;
        return std::nullopt;
    }
    PyroClientResult raw = std::move(**holder);
    if (raw.error.isError()) {
        d->handle(this, std::move(raw), false);
        if (error)
            *error = d->error;
        return std::nullopt;
    }
    return raw.value;
}

QVariantList PyroStream::takeAll(PyroError *error, QDeadlineTimer deadline)
{
    QVariantList items;
    while (auto item = next(error, deadline))
        items.append(*item);
    return items;
}

void PyroStream::close()
{
    if (d->finished)
        return;
    if (d->pending) {
        d->pending->done = nullptr;
        d->pending.reset();
    }
    if (PyroProxyPrivate *p = PyroProxyPrivate::get(d->proxy))
        p->connection->closeStream(d->streamId);
    d->finish(this, PyroError(), true);
}
