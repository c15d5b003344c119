// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroresult.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QObject>
#include <QtCore/QVariant>

#include <memory>

class PyroBatchPrivate;
class PyroCallReply;
class PyroProxy;

/*
 * Pyro5 batched calls: queue calls locally, send them in one request, get the results
 * in order. The daemon stops at the first call that raises; its error is that call's
 * result and the calls after it are not run.
 *
 *   PyroBatch batch(proxy);
 *   batch.add(u"echo"_s, {1});
 *   batch.add(u"error"_s);
 *   PyroCallReply *reply = batch.send();      // reply->batchResults() when finished
 *   QList<PyroResult> results = batch.execute();  // or blocking
 *
 * Use a batch in its proxy's thread.
 */
class QTPYRO_EXPORT PyroBatch
{
    Q_GADGET
public:
    // Whether send() waits for the results (Pyro5's batch(oneway=...) when executed).
    enum class Mode { WithResults, Oneway };
    Q_ENUM(Mode)

    explicit PyroBatch(PyroProxy *proxy);
    ~PyroBatch();
    PyroBatch(const PyroBatch &) = delete;
    PyroBatch &operator=(const PyroBatch &) = delete;

    void add(const QString &method, const QVariantList &args = {}, const QVariantMap &kwargs = {});
    qsizetype size() const;
    void clear();

    // Sends the queued calls as one request and clears the queue. Mode::Oneway: no
    // results (the reply finishes once the request is written).
    PyroCallReply *send(Mode mode = Mode::WithResults);
    // Sends and blocks for the results (driving the proxy's socket). When the request as
    // a whole failed, the list holds that one error.
    QList<PyroResult> execute(QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));

private:
    std::unique_ptr<PyroBatchPrivate> const d;
};
