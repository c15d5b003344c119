// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// The built-in object "Pyro.Daemon" (Pyro5's DaemonObject) and the item streams it
// serves (Pyro5's iterator/generator results).
#include "pyrodaemon.h"
#include "pyrodaemon_p.h"
#include "pyrodaemonconnection_p.h"

#include "pyrocallcontext_p.h"
#include "pyrorequest_p.h"
#include "pyrothreadcontext_p.h"

#include <QtCore/QThread>
#include <QtCore/QThreadPool>
#include <QtCore/QTimer>

using namespace Qt::StringLiterals;
using namespace PyroProtocol;

// ---------------------------------------------------------------------------------------
// Streams

QString PyroDaemonPrivate::addStream(quint64 connectionId, const PyroGenerator &generator,
                                     const PyroRequestPtr &request, PyroError *error)
{
    const int limit = config.maxStreamsPerClient();
    const PyroDaemonConnection *connection = allConnections.value(connectionId);
    const QString address = connection ? connection->info()->address : QString();
    if (limit > 0) {
        // The connection's streams and those its address left lingering (closed
        // connections' streams, waiting to be taken over): reconnecting does not get a
        // client more streams, while another client still has its own allowance.
        const auto open = streamsByConnection.constFind(connectionId);
        const qsizetype count = (open != streamsByConnection.cend() ? open->size() : 0)
            + lingeringByAddress.value(address);
        if (count >= limit) {
            *error = PyroError(PyroError::Code::PyroError,
                               u"too many open item streams for this client (maximum %1)"_s.arg(limit));
            return QString();
        }
    }
    Stream stream;
    stream.created = now();
    stream.generator = generator;
    stream.target = request->target;
    stream.hasTarget = !request->target.isNull() && request->target != daemonObject;
    stream.pool = request->pool;
    stream.where = request->where();
    // A percall instance must live as long as its stream: it goes away with the stream.
    if (request->percallInstance) {
        stream.ownedInstance = std::shared_ptr<QObject>(request->percallInstance,
                                                        [](QObject *obj) { obj->deleteLater(); });
        request->percallInstance = nullptr;
    }
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    attachStream(*streams.insert(id, stream), id, connectionId, address);
    if (!housekeepingTimer->isActive()) {
        double seconds = 2.0;
        if (config.iterStreamLifetime() > 0)
            seconds = std::min(seconds, config.iterStreamLifetime() / 2);
        if (config.iterStreamLinger() > 0)
            seconds = std::min(seconds, config.iterStreamLinger() / 2);
        housekeepingTimer->start(std::clamp(int(seconds * 1000), 50, 2000));
    }
    return id;
}

void PyroDaemonPrivate::housekeeping()
{
    const qint64 t = now();
    const qint64 lifetime = qint64(config.iterStreamLifetime() * 1000);
    const qint64 linger = qint64(config.iterStreamLinger() * 1000);
    for (auto it = streams.begin(); it != streams.end();) {
        const bool expired = lifetime > 0 && t - it->created > lifetime;
        const bool lingeredOut = it->lingerSince && linger > 0 && t - it->lingerSince > linger;
        const bool orphaned = it->hasTarget && it->target.isNull(); // its object is gone
        if (((expired || lingeredOut) && !it->busy) || orphaned)
            it = eraseStream(it);
        else
            ++it;
    }
    if (streams.isEmpty())
        housekeepingTimer->stop();
}

QHash<QString, PyroDaemonPrivate::Stream>::iterator
PyroDaemonPrivate::eraseStream(QHash<QString, Stream>::iterator it)
{
    if (it->connectionId) {
        const auto attached = streamsByConnection.find(it->connectionId);
        if (attached != streamsByConnection.end()) {
            attached->remove(it.key());
            if (attached->isEmpty())
                streamsByConnection.erase(attached);
        }
    } else {
        forgetLingering(it->address);
    }
    return streams.erase(it);
}

void PyroDaemonPrivate::forgetLingering(const QString &address)
{
    const auto counted = lingeringByAddress.find(address);
    if (counted != lingeringByAddress.end() && --*counted <= 0)
        lingeringByAddress.erase(counted);
}

void PyroDaemonPrivate::attachStream(Stream &stream, const QString &id, quint64 connectionId,
                                     const QString &address)
{
    // New, or a lingering stream taken over by a client that reconnected.
    if (stream.lingerSince)
        forgetLingering(stream.address);
    stream.connectionId = connectionId;
    stream.lingerSince = 0;
    stream.address = address;
    streamsByConnection[connectionId].insert(id);
}

void PyroDaemonPrivate::clearStreams()
{
    streams.clear();
    streamsByConnection.clear();
    lingeringByAddress.clear();
}

// ---------------------------------------------------------------------------------------
// Pyro.Daemon

QStringList PyroDaemonObject::registered() const
{
    return QStringList{PyroDaemonPrivate::daemonObjectId()} + m_daemon->registrationOrder;
}

QString PyroDaemonObject::info() const
{
    QString nat = m_daemon->natSet ? m_daemon->natHost : m_daemon->config.natHost();
    const QString location = m_daemon->bindLocation();
    const QString natLocation = nat.isEmpty() ? u"None"_s : m_daemon->uriLocation();
    return u"Pyro.Daemon bound on %1, NAT %2, %3 objects registered. Servertype: <QtPyro daemon on %1; %4 connections>"_s
        .arg(location, natLocation)
        .arg(m_daemon->registrationOrder.size() + 1)
        .arg(m_daemon->connections.size());
}

QVariant PyroDaemonObject::get_metadata(const QString &objectId)
{
    const PyroClassInfo *cls = m_daemon->classInfoFor(objectId);
    if (!cls) {
        PyroCallContext::current()->setError(PyroError(PyroError::Code::DaemonError, u"unknown object"_s));
        return QVariant();
    }
    return m_daemon->metadataFor(cls);
}

namespace {
// Runs one step of a generator; the end of the stream is Python's StopIteration.
PyroInvokeResult nextItem(const PyroGenerator &generator, const QString &where)
{
    return PyroInvoker::guarded([&] {
        PyroInvokeResult r;
        const std::optional<QVariant> item = generator.next();
        PyroCallContext *context = PyroCallContext::current();
        if (context && context->error().isError()) {
            r.error = context->error();
            PyroInvoker::addTraceback(&r.error, where);
        } else if (!item) {
            r.error = PyroError::exception(u"builtins.StopIteration"_s, QVariantList());
            PyroInvoker::addTraceback(&r.error, u"Pyro.Daemon::get_next_stream_item"_s);
        } else {
            r.value = item->isValid() ? *item : PyroValues::none();
        }
        return r;
    }, where);
}
} // namespace

QVariant PyroDaemonObject::get_next_stream_item(const QString &streamId)
{
    PyroCallContext *context = PyroCallContext::current();
    auto it = m_daemon->streams.find(streamId);
    if (it == m_daemon->streams.end() || (it->hasTarget && !it->target)) {
        if (it != m_daemon->streams.end())
            m_daemon->eraseStream(it);
        context->setError(PyroError(PyroError::Code::PyroError, u"item stream terminated"_s));
        return QVariant();
    }
    if (it->connectionId == 0) {
        // A client that reconnected takes its lingering stream over.
        const PyroDaemonConnection *connection = m_daemon->allConnections.value(context->connectionId());
        m_daemon->attachStream(*it, streamId, context->connectionId(),
                               connection ? connection->info()->address : QString());
    }
    if (it->busy) {
        context->setError(PyroError(PyroError::Code::PyroError, u"item stream is busy"_s));
        return QVariant();
    }
    const PyroGenerator generator = it->generator;
    const QString where = it->where;
    auto *cd = PyroCallContextPrivate::get(context);
    // Inside a batch or a oneway call there is no delayed reply: the item must be made
    // now, in order (Pyro5 gives a batch of three calls items 1, 2, 3). A pool object may
    // run on any thread, so this one will do.
    const bool canDelay = cd->senderFactory != nullptr;
    const bool direct = !it->hasTarget || (!it->pool && it->target->thread() == QThread::currentThread())
        || (it->pool && !canDelay);
    if (!direct && !canDelay && (context->flags() & FlagBatch)) {
        context->setError(PyroError(PyroError::Code::PyroError,
                                    u"the item stream of an object in another thread cannot be read in a batch"_s));
        return QVariant();
    }
    PyroDaemonPrivate *d = m_daemon;
    auto finish = [d, streamId](const PyroInvokeResult &r) {
        auto s = d->streams.find(streamId);
        if (s != d->streams.end()) {
            s->busy = false;
            if (r.isError())
                d->eraseStream(s); // the end, or the generator failed: Pyro5 forgets it
        }
    };
    if (direct) {
        const PyroInvokeResult r = nextItem(generator, where);
        finish(r);
        if (r.isError()) {
            context->setError(r.error);
            return QVariant();
        }
        return r.value;
    }
    it->busy = true;
    PyroDelayedReply reply = context->delayReply();
    // The request of this call (kept alive by the reply handle's sender and the job).
    auto snapshot = PyroCallContextPrivate::create();
    auto *sd = PyroCallContextPrivate::get(snapshot.get());
    sd->connection = cd->connection;
    sd->request = cd->request;
    const std::shared_ptr<PyroRequest> request = cd->request->shared_from_this();
    const QUuid correlation = cd->request->correlationId;
    auto job = [generator, where, snapshot, request, correlation] {
        PyroCallContextPrivate::Scope scope(snapshot.get());
        PyroThreadContext::Scope corr(correlation);
        return nextItem(generator, where);
    };
    auto deliver = [finish, reply](const PyroInvokeResult &r) mutable {
        finish(r);
        if (r.isError())
            reply.sendError(r.error);
        else
            reply.send(r.value);
    };
    QObject *target = it->target;
    const bool pool = it->pool;
    auto link = d->link;
    auto run = [job, deliver, link]() mutable {
        PyroInvokeResult r = job();
        link->post([deliver, r]() mutable { deliver(r); });
    };
    if (pool)
        d->startPooled(context->connectionId(), std::move(run));
    else
        QMetaObject::invokeMethod(target, std::move(run), Qt::QueuedConnection);
    return QVariant();
}

void PyroDaemonObject::close_stream(const QString &streamId)
{
    auto it = m_daemon->streams.find(streamId);
    if (it != m_daemon->streams.end() && !it->busy)
        m_daemon->eraseStream(it);
}

