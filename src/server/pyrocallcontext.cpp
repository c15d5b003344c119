// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrocallcontext.h"
#include "pyrocallcontext_p.h"
#include "pyrorequest_p.h"

#include <atomic>

using namespace Qt::StringLiterals;

// ---------------------------------------------------------------------------------------
// PyroException

/*!
    \class PyroException
    Thrown from a slot the daemon invokes to fail the call with a chosen Python exception:

        throw PyroException(PyroError::exception(u"builtins.KeyError"_s, key));

    The daemon catches it in the thread the slot ran in; it never leaves the daemon.
*/
PyroException::PyroException(const PyroError &error)
    : m_error(error), m_what(error.toString().toUtf8())
{
}

PyroException::PyroException(const QString &pythonClass, const QString &message)
    : PyroException(PyroError::exception(pythonClass, message))
{
}

PyroException::~PyroException() = default;
PyroException::PyroException(const PyroException &other) = default;
PyroException &PyroException::operator=(const PyroException &other) = default;

const char *PyroException::what() const noexcept
{
    return m_what.constData();
}

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

/*!
    \class PyroCallContext
    The request a daemon is handling, for the method it invokes (Pyro5's
    current_context): PyroCallContext::current() inside the method, in whatever thread
    the daemon invoked it. Not thread-safe itself; the daemon hands each context to one
    thread at a time.
*/
PyroCallContext::PyroCallContext() : d(new PyroCallContextPrivate) { }
PyroCallContext::~PyroCallContext() = default;

/*! The context of the call running in this thread, or null outside of a call. */
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

/*!
    Adds an annotation to the reply of this call; \a id must be 4 ASCII characters
    (others make the reply fail to send). A repeated id replaces the value.
*/
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

/*!
    Takes over the reply of this call. Returns an invalid handle (and changes nothing)
    where a call cannot answer later: oneway calls have no reply, and the calls of a
    batch answer together.
*/
PyroDelayedReply PyroCallContext::setDelayedReply()
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

// ---------------------------------------------------------------------------------------
// PyroDelayedReply

struct PyroDelayedReplyState
{
    explicit PyroDelayedReplyState(PyroDelayedReply::Sender s) : sender(std::move(s)) { }
    ~PyroDelayedReplyState()
    {
        // A client must not wait forever for a reply nobody will send.
        if (!sent.exchange(true) && sender) {
            sender(QVariant(), PyroError(PyroError::Code::PyroError,
                                         u"the delayed reply was dropped without being sent"_s));
        }
    }
    PyroDelayedReply::Sender sender;
    std::atomic_bool sent{false};
};

/*!
    \class PyroDelayedReply
    Returned by PyroCallContext::setDelayedReply(). Copyable and thread-safe: the first
    send() or sendError() from any thread delivers the reply, later ones are ignored. If
    the last copy goes away unsent, the client receives a Pyro5.errors.PyroError.
*/
PyroDelayedReply::PyroDelayedReply() = default;

PyroDelayedReply::PyroDelayedReply(Sender sender)
    : m_state(std::make_shared<PyroDelayedReplyState>(std::move(sender)))
{
}

bool PyroDelayedReply::isValid() const
{
    return m_state && m_state->sender;
}

void PyroDelayedReply::send(const QVariant &value)
{
    if (m_state && m_state->sender && !m_state->sent.exchange(true))
        m_state->sender(value, PyroError());
}

void PyroDelayedReply::sendError(const PyroError &error)
{
    if (m_state && m_state->sender && !m_state->sent.exchange(true))
        m_state->sender(QVariant(), error);
}
