// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroresult.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QObject>

#include <memory>
#include <optional>

class PyroStreamPrivate;
class PyroProxy;

/*
 * The items of a remote iterator or generator (Pyro5 item streaming), pulled one by one
 * over the proxy's connection.
 *
 * Async:
 *   PyroStream *stream = reply->takeStream();
 *   connect(stream, &PyroStream::itemReceived, this, [](const QVariant &item) { ... });
 *   connect(stream, &PyroStream::finished, stream, &QObject::deleteLater);
 *   stream->fetchAll();              // or fetchNext() for one item at a time
 * Blocking (worker threads, tools):
 *   while (auto item = stream->next(&error)) { ... }
 *
 * finished() comes once: at the end of the items, on an error (error() tells), or after
 * close(). Deleting the stream before the end closes the remote iterator (close_stream,
 * oneway). Caller-owned; lives in the proxy's thread.
 */
class QTPYRO_EXPORT PyroStream : public QObject
{
    Q_OBJECT
public:
    ~PyroStream() override;

    QString streamId() const;
    bool isFinished() const;
    PyroError error() const;

    void fetchNext();
    void fetchAll();
    // The next item, blocking (driving the proxy's socket); std::nullopt at the end (no
    // error) or on an error (then *error says which).
    std::optional<QVariant> next(PyroError *error = nullptr,
                                 QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));
    // Every remaining item, blocking.
    QVariantList takeAll(PyroError *error = nullptr,
                         QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));

public Q_SLOTS:
    void close();

Q_SIGNALS:
    void itemReceived(const QVariant &item);
    // Once; only the stream emits it.
    void finished(QPrivateSignal);

private:
    friend class PyroProxy;
    friend class PyroProxyPrivate;
    friend class PyroStreamPrivate;
    PyroStream(PyroProxy *proxy, const QString &streamId);
    std::unique_ptr<PyroStreamPrivate> const d;
};
