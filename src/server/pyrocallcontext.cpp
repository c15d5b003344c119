// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrocallcontext.h"
#include "pyrocallcontext_p.h"
#include "pyrorequest_p.h"

using namespace Qt::StringLiterals;

// ---------------------------------------------------------------------------------------
// PyroCallContext

namespace {
thread_local PyroCallContext *currentContext = nullptr;
}

PyroCallContextPrivate::Scope::Scope(PyroCallContext *context) : m_previous(currentContext)
{
    currentContext = context;
}

PyroCallContextPrivate::Scope::~Scope()
{
    currentContext = m_previous;
}

PyroCallContext::PyroCallContext() : d(new PyroCallContextPrivate) { }
PyroCallContext::~PyroCallContext() = default;

PyroCallContext *PyroCallContext::current()
{
    return currentContext;
}

quint64 PyroCallContext::connectionId() const
{
    return d->connection ? d->connection->id : 0;
}

QString PyroCallContext::clientAddress() const
{
    return d->connection ? d->connection->address : QString();
}

quint16 PyroCallContext::clientPort() const
{
    return d->connection ? d->connection->port : 0;
}

QSslCertificate PyroCallContext::peerCertificate() const
{
    if (d->connection && d->connection->peerCertificate)
        return *d->connection->peerCertificate;
    return QSslCertificate();
}

QString PyroCallContext::objectId() const { return d->request ? d->request->objectId : QString(); }
QString PyroCallContext::method() const { return d->request ? d->request->method : QString(); }
quint16 PyroCallContext::seq() const { return d->request ? d->request->seq : 0; }
quint16 PyroCallContext::flags() const { return d->request ? d->request->flags : 0; }
bool PyroCallContext::isOneway() const { return flags() & PyroProtocol::FlagOneway; }
quint8 PyroCallContext::serializerId() const { return d->request ? d->request->serializerId : 0; }
QUuid PyroCallContext::correlationId() const { return d->request ? d->request->correlationId : QUuid(); }

QHash<QByteArray, QByteArray> PyroCallContext::annotations() const
{
    QHash<QByteArray, QByteArray> result;
    if (!d->request)
        return result;
    for (const auto &a : d->request->annotations)
        result.insert(a.first, a.second);
    return result;
}

void PyroCallContext::setResponseAnnotation(const QByteArray &id, const QByteArray &value)
{
    for (auto &a : d->responseAnnotations) {
        if (a.first == id) {
            a.second = value;
            return;
        }
    }
    d->responseAnnotations.append({id, value});
}

QHash<QByteArray, QByteArray> PyroCallContext::responseAnnotations() const
{
    QHash<QByteArray, QByteArray> result;
    for (const auto &a : d->responseAnnotations)
        result.insert(a.first, a.second);
    return result;
}

QVariant PyroCallContext::connectionData(const QString &key) const
{
    if (!d->connection)
        return QVariant();
    QMutexLocker locker(&d->connection->mutex);
    return d->connection->data.value(key);
}

void PyroCallContext::setConnectionData(const QString &key, const QVariant &value)
{
    if (!d->connection)
        return;
    QMutexLocker locker(&d->connection->mutex);
    d->connection->data.insert(key, value);
}

void PyroCallContext::setError(const PyroError &error)
{
    d->error = error;
}

PyroError PyroCallContext::error() const
{
    return d->error;
}

PyroDelayedReply PyroCallContext::delayReply()
{
    if (!d->senderFactory)
        return PyroDelayedReply();
    d->delayed = true;
    return PyroDelayedReply(d->senderFactory(d.get()));
}

bool PyroCallContext::isDelayedReply() const
{
    return d->delayed;
}
