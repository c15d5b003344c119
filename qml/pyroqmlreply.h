// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QVariantMap>
#include <QtQml/QJSValue>
#include <QtQml/qqmlregistration.h>

class PyroCallReply;
class PyroStream;
class PyroError;

/*
 * What PyroProxy.call() returns: one call in flight, usable as a promise and declaratively.
 *
 *   proxy.call("add", [1, 2]).then(sum => console.log(sum), err => console.log(err.message))
 *   property var reading: proxy.call("reading")          // reading.finished, reading.result
 *
 * then() returns a new reply that finishes with what the callback returned (a reply
 * returned from a callback is waited for), so calls chain like promises. A call that
 * returns a Python generator is a stream: item() for every item as it arrives, finished
 * at the end; cancel() closes it (or aborts a call still in flight). Lives in the GUI
 * thread; owned by the proxy until it finished, then by the JS engine (collected when
 * no script holds it).
 */
class PyroQmlReply : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PyroReply)
    QML_UNCREATABLE("PyroReply comes from PyroProxy.call()")
    Q_PROPERTY(QString method READ method CONSTANT)
    Q_PROPERTY(bool finished READ isFinished NOTIFY finishedChanged)
    Q_PROPERTY(bool succeeded READ succeeded NOTIFY finishedChanged)
    Q_PROPERTY(QJSValue result READ result NOTIFY finishedChanged)
    Q_PROPERTY(QVariantMap error READ error NOTIFY finishedChanged)
    Q_PROPERTY(bool stream READ isStream NOTIFY streamChanged)
    Q_PROPERTY(int itemCount READ itemCount NOTIFY item)
    Q_PROPERTY(bool cancelled READ isCancelled NOTIFY finishedChanged)
public:
    explicit PyroQmlReply(const QString &method, QObject *parent = nullptr);
    ~PyroQmlReply() override;

    QString method() const { return m_method; }
    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_finished && m_error.isEmpty() && !m_cancelled; }
    QJSValue result() const { return m_result; }
    QVariantMap error() const { return m_error; }
    bool isStream() const { return m_stream; }
    int itemCount() const { return m_itemCount; }
    bool isCancelled() const { return m_cancelled; }

    Q_INVOKABLE PyroQmlReply *then(const QJSValue &onResult, const QJSValue &onError = QJSValue());
    Q_INVOKABLE void cancel();

    // ---- for the elements ----
    void watch(PyroCallReply *reply);
    void follow(PyroQmlReply *other);
    void finish(const QJSValue &result, const QVariantMap &error);

Q_SIGNALS:
    void finishedChanged();
    void streamChanged();
    void item(const QJSValue &value);
    // Once, when finished (result is undefined on error).
    void done(const QJSValue &result, const QVariantMap &error);

private:
    void startStream(PyroStream *stream);

    QString m_method;
    QPointer<PyroCallReply> m_reply;
    QPointer<PyroStream> m_streamObject;
    QJSValue m_result;
    QVariantMap m_error;
    int m_itemCount = 0;
    bool m_finished = false;
    bool m_stream = false;
    bool m_cancelled = false;
};
