// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroexception.h"
#include "pyroresult.h"
#include "pyrotypedresult.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QFuture>
#include <QtCore/QObject>

#include <memory>

class PyroCallReplyPrivate;
class PyroProxy;
class PyroStream;

/*
 * One asynchronous remote call in flight, in the manner of QNetworkReply:
 *
 *   PyroCallReply *reply = proxy->asyncCall(u"setTarget"_s, {21.5});
 *   connect(reply, &PyroCallReply::finished, this, [reply] {
 *       if (reply->isError()) qWarning() << reply->error();
 *       else qDebug() << reply->value();
 *       reply->deleteLater();
 *   });
 *
 * finished() is emitted exactly once, always queued (never from inside asyncCall(), even
 * for an immediate failure), for success, a remote exception, a timeout, a lost connection,
 * and when the proxy is destroyed first. The caller owns the reply and deletes it (or uses
 * PyroProxy::setAutoDeleteReplies); it has no parent, so that finished() still arrives
 * after the proxy is gone. Deleting a reply before it finished is allowed: the
 * call still completes on the wire, its result is dropped, and a stream it returned is
 * closed. Lives in the proxy's thread.
 */
class QTPYRO_EXPORT PyroCallReply : public QObject
{
    Q_OBJECT
public:
    ~PyroCallReply() override;

    QString method() const;
    bool isFinished() const;
    bool isError() const;
    PyroError error() const;
    QVariant value() const;
    PyroResult result() const;
    // Response annotations (valid once finished).
    QHash<QByteArray, QByteArray> annotations() const;
    // The call returned an iterator: take the stream that pulls its items (caller-owned),
    // once; nullptr afterwards or for other results. A stream nobody took is closed
    // (on the daemon too) when the reply is deleted.
    bool isStream() const;
    PyroStream *takeStream();
    // A batch reply: one result per executed call, in order; the list stops after the
    // first failed call (that one is an error result), as Pyro5's batches do.
    QList<PyroResult> batchResults() const;

    // Continuation style: the value, or a PyroException carrying the error.
    QFuture<QVariant> future();

    // ---- typed access (see PyroValues::convert() and docs/values.md) ----
    // The value as T; a default T when the call failed or the value does not convert
    // (then *error says why).
    template<typename T>
    T value(PyroError *error = nullptr) const
    {
        const PyroTypedResult<T> r = result<T>();
        if (error)
            *error = r.error();
        return r.value();
    }
    template<typename T>
    PyroTypedResult<T> result() const { return PyroTypedResult<T>(result(), method()); }
    // A QFuture<T>: the converted value, or a PyroException for a failed call and for
    // a value that does not convert to T.
    template<typename T>
    QFuture<T> future()
    {
        return future().then([method = method()](const QVariant &value) {
            const PyroTypedResult<T> r(PyroResult(value), method);
            if (r.isError())
                throw PyroException(r.error());
            return r.value();
        });
    }

    // Blocks until finished or the deadline passes, driving the proxy's socket directly
    // (no event loop). Returns isFinished(). finished() is still delivered later, queued.
    bool waitForFinished(QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));

public Q_SLOTS:
    // Drops the call (emits finished() with a ConnectionClosed "call aborted" error).
    void abort();

Q_SIGNALS:
    // Exactly once; only the reply emits it.
    void finished(QPrivateSignal);

private:
    friend class PyroProxy;
    friend class PyroProxyPrivate;
    friend class PyroCallReplyPrivate;
    explicit PyroCallReply(const QString &method, QObject *parent = nullptr);
    std::unique_ptr<PyroCallReplyPrivate> const d;
};
