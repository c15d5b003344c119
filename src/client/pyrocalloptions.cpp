// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrocalloptions.h"

#include <QtCore/QDebug>

class PyroCallOptionsPrivate : public QSharedData
{
public:
    PyroCallOptions::Oneway oneway = PyroCallOptions::Oneway::FromMetadata;
    PyroCallOptions::TimeoutPolicy timeoutPolicy = PyroCallOptions::TimeoutPolicy::ProxyDefault;
    std::chrono::milliseconds timeout{0};
    QHash<QByteArray, QByteArray> annotations;
    QUuid correlationId;
    QVariant blobInfo;
};

PyroCallOptions::PyroCallOptions() : d(new PyroCallOptionsPrivate) { }
PyroCallOptions::PyroCallOptions(const PyroCallOptions &other) = default;
PyroCallOptions::PyroCallOptions(PyroCallOptions &&other) noexcept = default;
PyroCallOptions &PyroCallOptions::operator=(const PyroCallOptions &other) = default;
PyroCallOptions &PyroCallOptions::operator=(PyroCallOptions &&other) noexcept = default;
PyroCallOptions::~PyroCallOptions() = default;

PyroCallOptions::Oneway PyroCallOptions::oneway() const noexcept
{
    return d->oneway;
}

PyroCallOptions &PyroCallOptions::setOneway(Oneway oneway)
{
    d->oneway = oneway;
    return *this;
}

PyroCallOptions::TimeoutPolicy PyroCallOptions::timeoutPolicy() const noexcept
{
    return d->timeoutPolicy;
}

std::chrono::milliseconds PyroCallOptions::timeout() const noexcept
{
    return d->timeoutPolicy == TimeoutPolicy::Custom ? d->timeout : std::chrono::milliseconds(0);
}

PyroCallOptions &PyroCallOptions::setTimeout(std::chrono::milliseconds timeout)
{
    d->timeoutPolicy = TimeoutPolicy::Custom;
    d->timeout = timeout;
    return *this;
}

PyroCallOptions &PyroCallOptions::setTimeoutPolicy(TimeoutPolicy policy)
{
    d->timeoutPolicy = policy;
    return *this;
}

QHash<QByteArray, QByteArray> PyroCallOptions::annotations() const
{
    return d->annotations;
}

PyroCallOptions &PyroCallOptions::setAnnotations(const QHash<QByteArray, QByteArray> &annotations)
{
    d->annotations = annotations;
    return *this;
}

PyroCallOptions &PyroCallOptions::setAnnotation(const QByteArray &id, const QByteArray &value)
{
    d->annotations.insert(id, value);
    return *this;
}

QUuid PyroCallOptions::correlationId() const
{
    return d->correlationId;
}

PyroCallOptions &PyroCallOptions::setCorrelationId(const QUuid &id)
{
    d->correlationId = id;
    return *this;
}

QVariant PyroCallOptions::blobInfo() const
{
    return d->blobInfo;
}

PyroCallOptions &PyroCallOptions::setBlobInfo(const QVariant &info)
{
    d->blobInfo = info;
    return *this;
}

bool operator==(const PyroCallOptions &a, const PyroCallOptions &b)
{
    return a.d == b.d
        || (a.d->oneway == b.d->oneway && a.d->timeoutPolicy == b.d->timeoutPolicy
            && a.timeout() == b.timeout() && a.d->annotations == b.d->annotations
            && a.d->correlationId == b.d->correlationId && a.d->blobInfo == b.d->blobInfo);
}

QDebug operator<<(QDebug debug, const PyroCallOptions &options)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "PyroCallOptions(oneway=" << int(options.oneway());
    switch (options.timeoutPolicy()) {
    case PyroCallOptions::TimeoutPolicy::ProxyDefault:
        debug << ", timeout=proxy";
        break;
    case PyroCallOptions::TimeoutPolicy::NoTimeout:
        debug << ", timeout=none";
        break;
    case PyroCallOptions::TimeoutPolicy::Custom:
        debug << ", timeout=" << options.timeout().count() << "ms";
        break;
    }
    if (!options.annotations().isEmpty())
        debug << ", annotations=" << options.annotations().keys();
    if (!options.correlationId().isNull())
        debug << ", correlationId=" << options.correlationId();
    if (options.blobInfo().isValid())
        debug << ", blobInfo=" << options.blobInfo();
    debug << ')';
    return debug;
}
