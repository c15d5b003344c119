// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// The daemon's dispatcher: from a decoded request to the invoked method and back to the
// connection -- in the daemon's thread, the object's thread or the pool; QFutures,
// delayed replies and batches.
#include "pyrodaemon.h"
#include "pyrodaemon_p.h"
#include "pyrodaemonconnection_p.h"

#include "pyrocallcontext_p.h"
#include "pyroclassmapping_p.h"
#include "pyrothreadcontext_p.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QFutureWatcher>
#include <QtCore/QThread>
#include <QtCore/QThreadPool>

using namespace Qt::StringLiterals;
using namespace PyroProtocol;

Q_LOGGING_CATEGORY(lcPyroSlowCall, "qtpyro.daemon.slowcall", QtWarningMsg)

namespace {
// What one request runs, prepared in the daemon's thread and run where the object wants.
struct CallSpec
{
    enum Kind { Call, GetAttr, SetAttr, Batch } kind = Call;
    QObject *target = nullptr;
    const PyroClassInfo *cls = nullptr;
    const PyroExposedMethod *method = nullptr;
    QString attribute;
    QVariantList args;
    QVariant kwargs;
};
} // namespace

static PyroInvokeResult runSpec(PyroDaemonPrivate *d, const CallSpec &spec, PyroRequest *request)
{
    PyroCallContextPrivate::Scope scope(&request->context);
    PyroThreadContext::Scope correlation(request->correlationId);
    switch (spec.kind) {
    case CallSpec::Call:
        return PyroInvoker::call(spec.target, *spec.cls, *spec.method, spec.args, spec.kwargs);
    case CallSpec::GetAttr:
        return PyroInvoker::getAttribute(spec.target, *spec.cls, spec.attribute);
    case CallSpec::SetAttr:
        return PyroInvoker::setAttribute(spec.target, *spec.cls, spec.attribute, spec.args.value(1));
    case CallSpec::Batch:
        return d->runBatch(spec.target, *spec.cls, spec.args);
    }
    return PyroInvokeResult();
}

// The sender behind PyroCallContext::setDelayedReply(), made only when a method asks.
static PyroDelayedReply::Sender makeDelayedSender(PyroCallContextPrivate *cd)
{
    PyroDaemonPrivate *d = cd->daemon;
    std::weak_ptr<PyroRequest> weak = cd->request->weak_from_this();
    std::shared_ptr<PyroDaemonLink> link = d->link;
    return [d, link, weak](const QVariant &value, const PyroError &error) {
        link->post([d, weak, value, error] {
            const PyroRequestPtr r = weak.lock();
            if (!r)
                return;
            PyroInvokeResult result;
            result.value = value.isValid() ? value : PyroValues::none();
            result.error = error;
            if (error.isError())
                PyroInvoker::addTraceback(&result.error, r->where());
            d->complete(r, std::move(result));
        });
    };
}

void PyroDaemonPrivate::dispatch(PyroDaemonConnection *connection, const PyroRequestPtr &request,
                                 PyroCall &&call)
{
    PyroError error;
    QObject *target = nullptr;
    QObject *percall = nullptr;
    if (call.object == PyroDaemonPrivate::daemonObjectId()) {
        target = daemonObject;
    } else {
        const auto it = registry.find(call.object);
        if (it != registry.end())
            target = instanceFor(*it, connection, &error, &percall);
        else if (!(target = builtins.value(call.object)))
            error = PyroError(PyroError::Code::DaemonError, u"unknown object"_s);
    }
    if (!target) {
        PyroInvoker::addTraceback(&error, QString());
        complete(request, PyroInvokeResult::fromError(error));
        return;
    }
    request->percallInstance = percall;
    request->target = target;
    CallSpec spec;
    spec.target = target;
    spec.cls = classInfoOf(target);
    request->cls = spec.cls;
    request->member = call.method;
    request->pool = spec.cls->pool;
    const QString &name = call.method;
    auto fail = [&](PyroError e) {
        PyroInvoker::addTraceback(&e, QString());
        complete(request, PyroInvokeResult::fromError(e));
    };

    if (request->isBatch()) {
        spec.kind = CallSpec::Batch;
    } else if (name == QLatin1StringView(MethodGetAttr) || name == QLatin1StringView(MethodSetAttr)) {
        const bool set = name == QLatin1StringView(MethodSetAttr);
        if (call.args.size() != (set ? 2 : 1) || call.args.at(0).typeId() != QMetaType::QString) {
            fail(PyroError::exception(u"builtins.TypeError"_s,
                                      u"%1 expects %2"_s.arg(name, set ? u"(name, value)"_s : u"(name,)"_s)));
            return;
        }
        spec.kind = set ? CallSpec::SetAttr : CallSpec::GetAttr;
        spec.attribute = call.args.at(0).toString();
        request->member = spec.attribute;
    } else {
        spec.method = PyroInvoker::lookup(*spec.cls, name);
        if (!spec.method) {
            fail(PyroInvoker::resolve(*spec.cls, name));
            return;
        }
        spec.kwargs = std::move(call.kwargs);
    }
    spec.args = std::move(call.args);

    if (!request->isOneway() && !request->isBatch()) {
        auto *cd = PyroCallContextPrivate::get(&request->context);
        cd->daemon = this;
        cd->senderFactory = &makeDelayedSender;
    }

    // Pyro.Daemon works on the daemon's own state: always here.
    if (target == daemonObject) {
        complete(request, runSpec(this, spec, request.get()));
        return;
    }
    if (!spec.cls->pool && target->thread() == QThread::currentThread()) {
        // The common case: straight through, nothing queued, nothing allocated for it.
        QElapsedTimer held;
        held.start();
        PyroInvokeResult result = runSpec(this, spec, request.get());
        warnIfSlow(*spec.cls, request->member, held.elapsed());
        complete(request, std::move(result));
        return;
    }
    execute(request, target, spec.cls->pool,
            [this, spec = std::move(spec), request]() { return runSpec(this, spec, request.get()); });
}

int PyroDaemonPrivate::slowCallThreshold()
{
    if (slowCallWarning < 0) {
        bool ok = false;
        const int fromEnv = qEnvironmentVariableIntValue("QTPYRO_SLOW_CALL_WARNING_MS", &ok);
        slowCallWarning = ok && fromEnv >= 0 ? fromEnv : 500;
    }
    return slowCallWarning;
}

// The daemon serves every connection from one thread (Qt's thread affinity, unlike Pyro5's
// thread per connection): a slot that blocks stalls every client. Say so, once per method.
void PyroDaemonPrivate::warnIfSlow(const PyroClassInfo &cls, const QString &member, qint64 msecs)
{
    const int threshold = slowCallThreshold();
    if (threshold <= 0 || msecs < threshold || !lcPyroSlowCall().isWarningEnabled())
        return;
    const QString name = cls.className + u'.' + member;
    if (slowCallsWarned.contains(name))
        return;
    slowCallsWarned.insert(name);
    qCWarning(lcPyroSlowCall).noquote()
            << u"%1 held the daemon's thread for %2 ms (threshold %3 ms); every other client waited "
               u"meanwhile. Mark the class Q_CLASSINFO(\"pyro.threading\", \"pool\"), return a "
               u"QFuture, use a delayed reply (PyroCallContext::setDelayedReply()), or move the object "
               u"to another thread (see docs/guide.md, Threading)."_s.arg(name).arg(msecs).arg(threshold);
}

void PyroDaemonPrivate::execute(const PyroRequestPtr &request, QObject *target, bool usePool, Job job)
{
    // The result travels back to the daemon's thread; if the job never runs (its object
    // was deleted with the call still queued) the client gets an error instead of silence.
    struct Guard
    {
        std::shared_ptr<PyroDaemonLink> link;
        std::function<void(PyroInvokeResult)> done;
        bool ran = false;
        ~Guard()
        {
            if (!ran) {
                link->post([d = std::move(done)] {
                    d(PyroInvokeResult::fromError(PyroError(PyroError::Code::DaemonError,
                                                            u"the object was deleted before it could be called"_s)));
                });
            }
        }
    };
    auto guard = std::make_shared<Guard>();
    guard->link = link;
    guard->done = [this, request](PyroInvokeResult result) { complete(request, std::move(result)); };
    auto run = [guard, job = std::move(job)]() {
        guard->ran = true;
        PyroInvokeResult result = job();
        guard->link->post([d = guard->done, result = std::move(result)]() mutable { d(std::move(result)); });
    };
    if (usePool)
        startPooled(request->connectionId, std::move(run));
    else
        QMetaObject::invokeMethod(target, std::move(run), Qt::QueuedConnection);
}

void PyroDaemonPrivate::startPooled(quint64 connectionId, std::function<void()> work)
{
    // Handed to the pool only while it has an idle thread; the rest waits here, one queue
    // per connection, and free threads go to the connections in turn. A connection with
    // many calls in flight (oneway ones, up to MAX_ONEWAY_IN_FLIGHT) then cannot make
    // another one's call wait behind all of them.
    if (pooledRunning >= std::max(1, pool->maxThreadCount())) {
        auto &queue = pooledWaiting[connectionId];
        if (queue.empty())
            pooledTurns.push_back(connectionId);
        queue.push_back(std::move(work));
        return;
    }
    ++pooledRunning;
    pool->start([work = std::move(work), link = link, this] {
        work();
        link->post([this] { pooledWorkDone(); });
    });
}

void PyroDaemonPrivate::pooledWorkDone()
{
    --pooledRunning;
    while (pooledRunning < std::max(1, pool->maxThreadCount()) && !pooledTurns.empty()) {
        const quint64 connectionId = pooledTurns.front();
        pooledTurns.pop_front();
        const auto it = pooledWaiting.find(connectionId);
        if (it == pooledWaiting.end() || it->empty())
            continue;
        std::function<void()> work = std::move(it->front());
        it->pop_front();
        if (it->empty())
            pooledWaiting.erase(it);
        else
            pooledTurns.push_back(connectionId);
        startPooled(connectionId, std::move(work));
    }
}

void PyroDaemonPrivate::complete(const PyroRequestPtr &request, PyroInvokeResult result)
{
    if (request->finished)
        return;
    if (result.hasFuture) {
        const QFuture<void> future = result.future();
        if (!future.isFinished()) {
            auto *watcher = new QFutureWatcher<void>(q);
            QObject::connect(watcher, &QFutureWatcherBase::finished, q,
                             [this, request, pending = result, watcher] {
                                 watcher->deleteLater();
                                 complete(request, PyroInvoker::futureOutcome(pending, request->where()));
                             });
            watcher->setFuture(future);
            return;
        }
        result = PyroInvoker::futureOutcome(result, request->where());
    }
    if (result.delayed) {
        // The PyroDelayedReply completes it; until then the daemon keeps the request.
        pendingRequests.insert(request.get(), request);
        return;
    }
    request->finished = true;
    pendingRequests.remove(request.get());
    if (request->percallInstance) {
        request->percallInstance->deleteLater();
        request->percallInstance = nullptr;
    }
    PyroDaemonConnection *connection = allConnections.value(request->connectionId);
    if (request->isOneway()) {
        if (result.isError())
            qCDebug(lcPyroDaemon) << "oneway call" << request->where() << "failed:" << result.error;
        if (connection)
            connection->onewayFinished();
        return;
    }
    if (connection)
        connection->finishRequest(request, result);
}

PyroInvokeResult PyroDaemonPrivate::runBatch(QObject *target, const PyroClassInfo &cls,
                                             const QVariantList &calls)
{
    QVariantList results;
    results.reserve(calls.size());
    PyroCallContext *context = PyroCallContext::current();
    // A batch mostly calls one method over and over: look a name up only when it changes.
    QString name;
    const PyroExposedMethod *method = nullptr;
    for (const QVariant &entry : calls) {
        const QVariantList triple = PyroClassMapping::listItems(entry);
        if (triple.size() != 3 || triple.at(0).typeId() != QMetaType::QString) {
            PyroError e = PyroError::exception(u"builtins.TypeError"_s,
                                               u"a batch entry must be (method, args, kwargs)"_s);
            PyroInvoker::addTraceback(&e, QString());
            return PyroInvokeResult::fromError(e);
        }
        const QString &entryName = *static_cast<const QString *>(triple.at(0).constData());
        if (!method || entryName != name) {
            name = entryName;
            method = PyroInvoker::lookup(cls, name);
            if (!method) {
                // Pyro5: a method that cannot be found fails the whole batch.
                PyroError e = PyroInvoker::resolve(cls, name);
                PyroInvoker::addTraceback(&e, QString());
                return PyroInvokeResult::fromError(e);
            }
        }
        if (context)
            PyroCallContextPrivate::get(context)->resetCallState();
        auto where = [&] { return cls.className + u"::"_s + name; };
        PyroInvokeResult r = PyroInvoker::call(target, cls, *method,
                                               PyroClassMapping::listItems(triple.at(1)), triple.at(2));
        if (r.hasFuture) {
            if (r.future().isFinished()) {
                r = PyroInvoker::futureOutcome(r, where());
            } else {
                r = PyroInvokeResult::fromError(PyroError::exception(
                    u"builtins.RuntimeError"_s, u"a method returning an unfinished QFuture cannot be part of a batch"_s));
                PyroInvoker::addTraceback(&r.error, where());
            }
        }
        if (r.isError()) {
            results.append(QVariant::fromValue(PyroExceptionWrapper(r.error)));
            break; // Pyro5 stops at the first failure
        }
        results.append(r.value);
    }
    PyroInvokeResult result;
    result.value = results;
    return result;
}

