// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroresult.h"

#include <QtCore/QDebug>

class PyroResultData : public QSharedData
{
public:
    QVariant value;
    PyroError error;
    QHash<QByteArray, QByteArray> annotations;
    QString streamId;
};

PyroResult::PyroResult() : d(new PyroResultData) { }

PyroResult::PyroResult(const QVariant &value) : d(new PyroResultData)
{
    d->value = value;
}

PyroResult::PyroResult(const PyroError &error) : d(new PyroResultData)
{
    d->error = error;
}

PyroResult::PyroResult(const PyroResult &other) = default;
PyroResult::PyroResult(PyroResult &&other) noexcept = default;
PyroResult &PyroResult::operator=(const PyroResult &other) = default;
PyroResult &PyroResult::operator=(PyroResult &&other) noexcept = default;
PyroResult::~PyroResult() = default;

bool PyroResult::isError() const
{
    return d && d->error.isError();
}

PyroError PyroResult::error() const
{
    return d ? d->error : PyroError();
}

QVariant PyroResult::value() const
{
    return d ? d->value : QVariant();
}

QHash<QByteArray, QByteArray> PyroResult::annotations() const
{
    return d ? d->annotations : QHash<QByteArray, QByteArray>();
}

void PyroResult::setAnnotations(const QHash<QByteArray, QByteArray> &annotations)
{
    if (!d)
        d = new PyroResultData;
    d->annotations = annotations;
}

bool PyroResult::isStream() const
{
    return d && !d->streamId.isEmpty();
}

QString PyroResult::streamId() const
{
    return d ? d->streamId : QString();
}

PyroResult PyroResult::forStream(const QString &streamId)
{
    PyroResult result;
    result.d->streamId = streamId;
    return result;
}

bool operator==(const PyroResult &a, const PyroResult &b)
{
    if (a.d == b.d)
        return true;
    return a.error() == b.error() && a.streamId() == b.streamId()
        && PyroValues::identical(a.value(), b.value()) && a.annotations() == b.annotations();
}

QDebug operator<<(QDebug debug, const PyroResult &result)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "PyroResult(";
    if (result.isError())
        debug << result.error();
    else if (result.isStream())
        debug << "stream " << result.streamId();
    else
        debug << result.value();
    debug << ')';
    return debug;
}
