// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroqmlreply.h"

#include "pyroqmlvalues_p.h"

#include <QtPyro/PyroCallReply>
#include <QtPyro/PyroStream>

#include <QtQml/QQmlEngine>

using namespace Qt::StringLiterals;

PyroQmlReply::PyroQmlReply(const QString &method, QObject *parent)
    : QObject(parent), m_method(method)
{
}

PyroQmlReply::~PyroQmlReply()
{
    // A stream still open is closed on the remote side by its deletion (a child, as is
    // the call's reply).
}

void PyroQmlReply::watch(PyroCallReply *reply)
{
    m_reply = reply;
    reply->setParent(this);
    connect(reply, &PyroCallReply::finished, this, [this, reply] {
        reply->deleteLater();
        QJSEngine *engine = qjsEngine(this);
        if (reply->isError()) {
            finish(QJSValue(), PyroQmlValues::errorToMap(reply->error()));
            return;
        }
        if (reply->isStream()) {
            startStream(reply->takeStream());
            return;
        }
        finish(PyroQmlValues::toJs(engine, reply->value()), {});
    });
}

void PyroQmlReply::startStream(PyroStream *stream)
{
    m_stream = true;
    m_streamObject = stream;
    stream->setParent(this);
    Q_EMIT streamChanged();
    connect(stream, &PyroStream::itemReceived, this, [this](const QVariant &value) {
        ++m_itemCount;
        Q_EMIT item(PyroQmlValues::toJs(qjsEngine(this), value));
    });
    connect(stream, &PyroStream::finished, this, [this, stream] {
        stream->deleteLater();
        finish(QJSValue(), m_cancelled ? QVariantMap() : PyroQmlValues::errorToMap(stream->error()));
    });
    stream->fetchAll();
}

void PyroQmlReply::follow(PyroQmlReply *other)
{
    if (other->isFinished()) {
        finish(other->result(), other->error());
        return;
    }
    connect(other, &PyroQmlReply::done, this, &PyroQmlReply::finish);
}

void PyroQmlReply::finish(const QJSValue &result, const QVariantMap &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result = result;
    m_error = error;
    // From now on only scripts keep it alive (see the class comment).
    QJSEngine::setObjectOwnership(this, QJSEngine::JavaScriptOwnership);
    setParent(nullptr);
    Q_EMIT finishedChanged();
    Q_EMIT done(m_result, m_error);
}

void PyroQmlReply::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    if (m_streamObject) {
        m_streamObject->close();    // finished() follows
        return;
    }
    if (m_reply)
        m_reply->abort();
}

PyroQmlReply *PyroQmlReply::then(const QJSValue &onResult, const QJSValue &onError)
{
    auto *next = new PyroQmlReply(m_method, parent() ? parent() : this);
    QQmlEngine::setContextForObject(next, qmlContext(this));
    auto run = [this, next, onResult, onError](const QJSValue &result, const QVariantMap &error) {
        QJSEngine *engine = qjsEngine(this);
        const bool failed = !error.isEmpty();
        QJSValue callback = failed ? onError : onResult;
        if (!callback.isCallable()) {
            next->finish(result, error);
            return;
        }
        const QJSValue argument = failed ? (engine ? engine->toScriptValue(error) : QJSValue()) : result;
        const QJSValue returned = callback.call({argument});
        if (returned.isError()) {
            next->finish(QJSValue(), {{u"message"_s, returned.toString()},
                                      {u"type"_s, u"Error"_s},
                                      {u"traceback"_s, returned.property(u"stack"_s).toString()},
                                      {u"code"_s, u"ScriptError"_s}});
            return;
        }
        if (auto *chained = qobject_cast<PyroQmlReply *>(returned.toQObject())) {
            next->follow(chained);
            return;
        }
        next->finish(returned, {});
    };
    if (m_finished)
        QMetaObject::invokeMethod(this, [run, this] { run(m_result, m_error); }, Qt::QueuedConnection);
    else
        connect(this, &PyroQmlReply::done, next, run);
    return next;
}
