// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"
#include "pyroproxy.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

class PyroDaemon;
class PyroSignalSubscriptionPrivate;

/*
 * A subscription to signals of a remote object (a QtPyro daemon's registered QObject),
 * delivered as a local Qt signal:
 *
 *   auto *sub = new PyroSignalSubscription(sensor, u"temperatureChanged"_s, this);
 *   connect(sub, &PyroSignalSubscription::emitted, this, [](const QVariantList &args) {
 *       qDebug() << "now" << args.value(0).toDouble();
 *   });
 *   connect(sub, &PyroSignalSubscription::eventsMissed, this, [](qint64 n) { ... resync ... });
 *
 * or straight into a slot, with the arguments converted to its parameter types:
 *
 *   PyroSignals::connect(sensor, u"temperatureChanged"_s, display, &Display::showTemperature);
 *
 * Pull (the default) reads the daemon's events() stream over a connection of its own, so
 * it needs no listening socket and never holds up the proxy's calls. Push asks the daemon
 * to call a callback object on a client-side daemon (one per thread, shared, listening on
 * the loopback address of the proxy's host family; see setCallbackDaemon()).
 *
 * It subscribes at once (after the proxy's PYRONAME is resolved), ends the remote
 * subscription when deleted, and subscribes again after the connection is lost (every
 * retryInterval()), emitting eventsMissed(-1) then: events may have been lost meanwhile.
 * A gap the daemon reports (its queue for this subscriber overflowed) comes as
 * eventsMissed(n). Failures report through errorOccurred() and active(). Lives in the
 * proxy's thread; the proxy must outlive it (make it the parent).
 */
class QTPYRO_EXPORT PyroSignalSubscription : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
public:
    enum class Mode { Pull, Push };
    Q_ENUM(Mode)

    PyroSignalSubscription(PyroProxy *proxy, const QString &signal, QObject *parent = nullptr);
    // Empty signalNames: every signal the object offers (pull mode only).
    PyroSignalSubscription(PyroProxy *proxy, const QStringList &signalNames, Mode mode = Mode::Pull,
                           QObject *parent = nullptr);
    ~PyroSignalSubscription() override;

    PyroProxy *proxy() const;
    QStringList signalNames() const;
    Mode mode() const;
    bool isActive() const;
    // Events received and missed (gaps and reconnects with a known size) so far.
    quint64 receivedCount() const;
    quint64 missedCount() const;
    PyroError error() const;
    int retryInterval() const;          // ms, default 1000
    void setRetryInterval(int msecs);

    // The daemon push subscriptions of this thread use for their callback objects (not
    // owned; null = one made on demand, listening on 127.0.0.1 or ::1, port 0).
    static void setCallbackDaemon(PyroDaemon *daemon);
    static PyroDaemon *callbackDaemon();

    // A decoded value as a slot parameter of this type (int -> double, tuple -> list, a
    // proxy value -> PyroObjectRef...); invalid when it does not convert.
    static QVariant convertArgument(const QVariant &value, QMetaType type);

Q_SIGNALS:
    void emitted(const QVariantList &args);
    // The same, with the name of the signal (for subscriptions to several).
    void signalEmitted(const QString &signal, const QVariantList &args);
    void activeChanged(bool active);
    // Events lost: count > 0 from a gap in the daemon's sequence numbers, -1 after the
    // subscription was made again (reconnect or daemon restart).
    void eventsMissed(qint64 count);
    void errorOccurred(const PyroError &error);

private:
    friend class PyroSignalSubscriptionPrivate;
    friend class PyroSignalCallback;
    std::unique_ptr<PyroSignalSubscriptionPrivate> const d;
};

namespace PyroSignals {

namespace detail {
template<typename T>
using Arg = std::remove_cv_t<std::remove_reference_t<T>>;

template<typename Receiver, typename... Args, std::size_t... I>
void invoke(Receiver *receiver, void (Receiver::*slot)(Args...), const QVariantList &args,
            std::index_sequence<I...>)
{
    const std::tuple<Arg<Args>...> converted{
        PyroSignalSubscription::convertArgument(args.value(qsizetype(I)), QMetaType::fromType<Arg<Args>>())
            .template value<Arg<Args>>()...};
    (receiver->*slot)(std::get<I>(converted)...);
}
} // namespace detail

/*
 * Connects the remote signal of proxy's object to a member function of receiver: every
 * emission calls it with the arguments converted to its parameter types (missing ones
 * default-constructed). The subscription is a child of proxy, ends when receiver is
 * destroyed, and is returned for its other signals (eventsMissed...).
 */
template<typename Receiver, typename... Args>
PyroSignalSubscription *connect(PyroProxy *proxy, const QString &signal, Receiver *receiver,
                                void (Receiver::*slot)(Args...))
{
    auto *subscription = new PyroSignalSubscription(proxy, signal, proxy);
    QObject::connect(subscription, &PyroSignalSubscription::emitted, receiver,
                     [receiver, slot](const QVariantList &args) {
                         detail::invoke(receiver, slot, args, std::index_sequence_for<Args...>{});
                     });
    QObject::connect(receiver, &QObject::destroyed, subscription, &QObject::deleteLater);
    return subscription;
}

} // namespace PyroSignals
