// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroresult.h"

#include "pyrostream.h"

#include <QtCore/QPointer>
#include <QtCore/QThread>

class PyroResultData : public QSharedData
{
public:
    PyroResultData() = default;
    PyroResultData(const PyroResultData &other) = default;
    ~PyroResultData()
    {
        // A stream nobody took: deleting it closes the remote iterator.
        if (stream) {
            if (stream->thread() == QThread::currentThread())
                delete stream.data();
            else
                stream->deleteLater();
        }
    }

    QVariant value;
    PyroError error;
    QHash<QByteArray, QByteArray> annotations;
    QString streamId;
    QPointer<PyroStream> stream;
};

/*!
    \class PyroResult
    A value type; copies share the same data (a stream result's stream is handed out once,
    whichever copy takeStream() is called on).
*/
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

PyroStream *PyroResult::takeStream()
{
    if (!d || !d->stream)
        return nullptr;
    PyroStream *stream = d->stream.data();
    d->stream.clear();
    return stream;
}

PyroResult PyroResult::fromStream(PyroStream *stream)
{
    PyroResult result;
    result.d->streamId = stream ? stream->streamId() : QString();
    result.d->stream = stream;
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
