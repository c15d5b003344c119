// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrobatch.h"
#include "pyroexceptionwrapper.h"

#include "pyroprotocol_p.h"
#include "pyroproxy_p.h"

#include <QtCore/QPointer>

using namespace Qt::StringLiterals;
using Code = PyroError::Code;

class PyroBatchPrivate
{
public:
    QPointer<PyroProxy> proxy;
    QVariantList calls;
};

PyroBatch::PyroBatch(PyroProxy *proxy) : d(new PyroBatchPrivate)
{
    d->proxy = proxy;
}

PyroBatch::~PyroBatch() = default;

void PyroBatch::add(const QString &method, const QVariantList &args, const QVariantMap &kwargs)
{
    // Pyro5's batch entry: (method, vargs tuple, kwargs dict).
    d->calls.append(QVariant::fromValue(PyroTuple{method, QVariant::fromValue(PyroTuple(args)), kwargs}));
}

qsizetype PyroBatch::size() const
{
    return d->calls.size();
}

void PyroBatch::clear()
{
    d->calls.clear();
}

PyroCallReply *PyroBatch::send(Mode mode)
{
    PyroProxyPrivate *p = PyroProxyPrivate::get(d->proxy);
    if (!p) {
        // No proxy to send with; a reply that fails (queued) keeps the contract.
        return PyroCallReplyPrivate::failed(QString::fromLatin1(PyroProtocol::MethodBatch),
                                            PyroError(Code::ConnectionClosed, u"proxy destroyed"_s));
    }
    PyroClientRequestPtr request = p->makeRequest(QString::fromLatin1(PyroProtocol::MethodBatch), d->calls,
                                            PyroValues::none(),
                                            PyroCallOptions().setOneway(PyroCallOptions::Oneway::Never));
    request->argsAsList = true;
    request->check = PyroClientRequest::Check::None;
    request->extraFlags = PyroProtocol::FlagBatch | (mode == Mode::Oneway ? PyroProtocol::FlagOneway : 0);
    d->calls.clear();
    return p->startReply(request, QString::fromLatin1(PyroProtocol::MethodBatch));
}

QList<PyroResult> pyroBatchResults(const QVariant &results)
{
    QList<PyroResult> out;
    const QVariantList items = results.toList();
    out.reserve(items.size());
    for (const QVariant &item : items) {
        if (item.typeId() == qMetaTypeId<PyroExceptionWrapper>()) {
            out.append(PyroResult(item.value<PyroExceptionWrapper>().error()));
            break;
        }
        out.append(PyroResult(item));
    }
    return out;
}

QList<PyroResult> PyroBatch::execute(QDeadlineTimer deadline)
{
    std::unique_ptr<PyroCallReply> reply(send());
    if (!reply->waitForFinished(deadline))
        return {PyroResult(PyroError(Code::Timeout, u"batch did not finish in time"_s))};
    if (reply->isError())
        return {reply->result()};
    return reply->batchResults();
}
