// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "qtpyro_export.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QMetaType>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QUuid>
#include <QtCore/QVariant>

#include <chrono>

class PyroCallOptionsPrivate;

/*
 * Per-call settings beyond method and arguments, for PyroProxy::asyncCall() and call():
 *
 *   using namespace std::chrono_literals;
 *   proxy->asyncCall(u"measure"_s, {}, {},
 *                    PyroCallOptions().setTimeout(2s).setAnnotation("XTRC", "on"));
 *
 * A value type (implicitly shared); every setter returns the options for chaining.
 * Nothing set means: the proxy's settings and the method's metadata decide.
 */
class QTPYRO_EXPORT PyroCallOptions final
{
public:
    // Whether the call goes out with Pyro5's ONEWAY flag (no answer awaited).
    enum class Oneway {
        FromMetadata, // when the daemon's metadata lists the method as oneway (default)
        Force,        // always (errors are then only local ones)
        Never,        // never, even for a @oneway method
    };
    // Where the call's timeout comes from (counted from the call to its answer, per attempt).
    enum class TimeoutPolicy {
        ProxyDefault, // PyroProxy::callTimeout() (default)
        Custom,       // timeout()
        NoTimeout,    // wait as long as the connection lives
    };

    PyroCallOptions();
    PyroCallOptions(const PyroCallOptions &other);
    PyroCallOptions(PyroCallOptions &&other) noexcept;
    PyroCallOptions &operator=(const PyroCallOptions &other);
    PyroCallOptions &operator=(PyroCallOptions &&other) noexcept;
    ~PyroCallOptions();
    void swap(PyroCallOptions &other) noexcept { d.swap(other.d); }

    [[nodiscard]] Oneway oneway() const noexcept;
    PyroCallOptions &setOneway(Oneway oneway);

    [[nodiscard]] TimeoutPolicy timeoutPolicy() const noexcept;
    // The custom timeout (meaningful when timeoutPolicy() is Custom; zero otherwise).
    [[nodiscard]] std::chrono::milliseconds timeout() const noexcept;
    // A custom timeout (less than 1 ms counts as 1 ms).
    PyroCallOptions &setTimeout(std::chrono::milliseconds timeout);
    // No timeout, or back to the proxy's (setTimeoutPolicy(Custom) keeps timeout()).
    PyroCallOptions &setTimeoutPolicy(TimeoutPolicy policy);

    // Annotations for this call only, added to the proxy's annotations (chunks go out
    // sorted by id; receivers keep a map).
    [[nodiscard]] QHash<QByteArray, QByteArray> annotations() const;
    PyroCallOptions &setAnnotations(const QHash<QByteArray, QByteArray> &annotations);
    PyroCallOptions &setAnnotation(const QByteArray &id, const QByteArray &value);

    // Correlation id for this call only; null = the proxy's, else the calling thread's
    // (inside a daemon-invoked method: the request's), else none.
    [[nodiscard]] QUuid correlationId() const;
    PyroCallOptions &setCorrelationId(const QUuid &id);

    // Valid: send the call as a Pyro5 SerializedBlob with this info (KEEPSERIALIZED flag,
    // BLBI annotation); args are then the blob's data and kwargs must be empty.
    [[nodiscard]] QVariant blobInfo() const;
    PyroCallOptions &setBlobInfo(const QVariant &info);

    friend QTPYRO_EXPORT bool operator==(const PyroCallOptions &a, const PyroCallOptions &b);
    friend bool operator!=(const PyroCallOptions &a, const PyroCallOptions &b) { return !(a == b); }

private:
    QSharedDataPointer<PyroCallOptionsPrivate> d;
};

QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroCallOptions &options);

Q_DECLARE_SHARED(PyroCallOptions)
Q_DECLARE_METATYPE(PyroCallOptions)
