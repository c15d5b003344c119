// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrocallreply.h"
#include "pyrocalloptions.h"
#include "pyroconfig.h"
#include "pyroobjectref.h"
#include "pyroresult.h"
#include "pyrouri.h"

#include <QtCore/QDeadlineTimer>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QUuid>

#include <functional>
#include <memory>

class PyroProxyPrivate;
class QSslConfiguration;

/*
 * A proxy for one remote object (a Pyro5 Proxy): any Pyro5 daemon's object — Python or
 * QtPyro — reached by a PYRO:, PYRONAME: or PYROMETA: URI over TCP (IPv4/IPv6), a Unix
 * socket, or TLS.
 *
 *   auto *thermostat = new PyroProxy(PyroUri(u"PYRONAME:house.thermostat"_s), this);
 *   PyroCallReply *reply = thermostat->asyncCall(u"setTarget"_s, {21.5});
 *   connect(reply, &PyroCallReply::finished, this, [reply] { ...; reply->deleteLater(); });
 *
 * It connects on first use (or bind()), resolving PYRONAME/PYROMETA through the name
 * server, does the Pyro5 handshake and keeps the object's metadata (methods, oneway
 * methods, attributes). Calls are queued on its one connection (Pyro5 is strictly
 * request/reply per connection); use several proxies for parallel calls.
 *
 * Async calls report through their PyroCallReply (and the proxy's finished(reply));
 * connection trouble also through errorOccurred() and state. The blocking forms (call(),
 * readAttribute(), writeAttribute(), waitForConnected()) drive the socket directly
 * without an event loop and are meant for worker threads and command-line tools.
 *
 * A proxy belongs to the thread it lives in; moveToThread() hands it over while idle. A
 * call from any other thread fails at once with Pyro5's PyroError "the calling thread is
 * not the owner of this proxy" and leaves the proxy alone.
 */
class QTPYRO_EXPORT PyroProxy : public QObject
{
    Q_OBJECT
    Q_PROPERTY(PyroUri uri READ uri NOTIFY uriChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString serializer READ serializer WRITE setSerializer NOTIFY serializerChanged)
    Q_PROPERTY(int callTimeout READ callTimeout WRITE setCallTimeout NOTIFY callTimeoutChanged)
public:
    enum class State { Unconnected, Connecting, Connected };
    Q_ENUM(State)

    explicit PyroProxy(const PyroUri &uri, QObject *parent = nullptr);
    // The same from URI text ("PYRO:obj@localhost:9090", "PYRONAME:house.thermostat");
    // text that is no URI gives a proxy whose calls fail ("invalid uri").
    explicit PyroProxy(const QString &uri, QObject *parent = nullptr);
    // From an object reference in a result (autoproxy, callbacks), keeping its metadata,
    // handshake and serializer.
    explicit PyroProxy(const PyroObjectRef &ref, QObject *parent = nullptr);
    PyroProxy(const PyroUri &uri, const PyroConfig &config, QObject *parent = nullptr);
    ~PyroProxy() override;

    PyroUri uri() const;
    // The PYRO: URI actually connected to (after PYRONAME/PYROMETA resolution).
    PyroUri resolvedUri() const;
    State state() const;
    PyroConfig config() const;
    void setConfig(const PyroConfig &config);

    // ---- settings (take effect on the next connection where they concern it) ----
    QString serializer() const;       // "serpent" (default from SERIALIZER), "json", "marshal", "msgpack"
    void setSerializer(const QString &name);
    int connectTimeout() const;       // ms; default COMMTIMEOUT (0 = none -> 30 s cap on connect)
    void setConnectTimeout(int msecs);
    int callTimeout() const;          // ms; default COMMTIMEOUT, 0 = none
    void setCallTimeout(int msecs);
    int maxRetries() const;           // MAX_RETRIES
    void setMaxRetries(int retries);
    bool compression() const;         // COMPRESSION
    void setCompression(bool on);
    QVariant handshake() const;       // default "hello"
    void setHandshake(const QVariant &data);
    // Checks the daemon's handshake response; a returned error aborts the connection.
    void setHandshakeValidator(std::function<PyroError(const QVariant &response)> validator);
    QVariant handshakeResponse() const;
    // Annotations the daemon sent with its CONNECTOK (e.g. daemon-wide ones).
    QHash<QByteArray, QByteArray> handshakeAnnotations() const;
    QHash<QByteArray, QByteArray> annotations() const; // sent with every message but PING
    void setAnnotations(const QHash<QByteArray, QByteArray> &annotations);
    QUuid correlationId() const;
    void setCorrelationId(const QUuid &id);
    // TLS with configuration from the next connect on, whatever the config's SSL says; a
    // null one goes back to the config (PyroSslConfig::clientConfiguration() when SSL is
    // set). The daemon's certificate must verify and match the URI's host unless
    // configuration says otherwise (peerVerifyMode). A failed TLS handshake fails the
    // connect with a CommunicationError naming the reason.
    void setSslConfiguration(const QSslConfiguration &configuration);
    bool autoDeleteReplies() const;
    void setAutoDeleteReplies(bool on);

    // ---- metadata (after the handshake) ----
    QStringList methods() const;
    QStringList onewayMethods() const;
    QStringList attributes() const;
    bool hasMetadata() const;

    // ---- connection ----
    // Connects now, asynchronously (failure: errorOccurred()), and then replaces a
    // PYRONAME:/PYROMETA: uri() by the PYRO: URI it resolved to, like Pyro5's _pyroBind().
    void bind();
    bool waitForConnected(QDeadlineTimer deadline = QDeadlineTimer(30000));
    // Closes the connection, then tries to connect, every 2 s up to tries times. Queued
    // calls wait for the new connection; a call in flight fails with ConnectionClosed
    // (resent if maxRetries() allows). When every try failed, errorOccurred() reports
    // ConnectionClosed "failed to reconnect". waitForConnected() makes it blocking.
    void reconnect(int tries = 1);
    void release();                    // close the connection; calls in flight fail

    // ---- calls ----
    // Returns a caller-owned reply (see PyroCallReply). A method name the metadata does
    // not list fails locally with an AttributeError, as Pyro5's proxy raises it.
    PyroCallReply *asyncCall(const QString &method, const QVariantList &args = {},
                             const QVariantMap &kwargs = {}, const PyroCallOptions &options = {});
    QFuture<QVariant> futureCall(const QString &method, const QVariantList &args = {},
                                 const QVariantMap &kwargs = {});
    // Blocking until the answer or the call timeout. No event loop runs meanwhile, so a
    // daemon served by the calling thread could never answer: such a call fails at once
    // with a CommunicationError.
    PyroResult call(const QString &method, const QVariantList &args = {},
                    const QVariantMap &kwargs = {}, const PyroCallOptions &options = {});
    // Typed forms: positional arguments as they are (PyroValues::argument()), the result
    // converted to T (PyroValues::convert()); a result that does not convert is an error.
    //   PyroTypedResult<int> sum = proxy.call<int>(u"add"_s, 1, 2);       // blocking
    //   QFuture<int> later = proxy.futureCall<int>(u"add"_s, 1, 2);       // async
    template<typename T, typename... Args>
    PyroTypedResult<T> call(const QString &method, Args &&...args)
    {
        return PyroTypedResult<T>(call(method, PyroValues::arguments(std::forward<Args>(args)...)),
                                  method);
    }
    template<typename T, typename... Args>
    QFuture<T> futureCall(const QString &method, Args &&...args)
    {
        PyroCallReply *reply = asyncCall(method, PyroValues::arguments(std::forward<Args>(args)...));
        QFuture<T> future = reply->future<T>();
        connect(reply, &PyroCallReply::finished, reply, &QObject::deleteLater);
        return future;
    }

    // Fire and forget (ONEWAY flag whatever the metadata says); errors only locally.
    void callOneway(const QString &method, const QVariantList &args = {},
                    const QVariantMap &kwargs = {});

    // Remote attributes (Pyro5 properties), like proxy.x / proxy.x = v in Python. Each is
    // a remote call: the async forms return a reply, readAttribute() and writeAttribute()
    // block like call().
    PyroCallReply *asyncReadAttribute(const QString &name);
    PyroCallReply *asyncWriteAttribute(const QString &name, const QVariant &value);
    PyroResult readAttribute(const QString &name);
    PyroResult writeAttribute(const QString &name, const QVariant &value);

    // A proxy's own value form, e.g. to pass it as a call argument: the receiver gets a
    // proxy for the same object. A PyroProxy* argument is converted this way by itself.
    PyroObjectRef toObjectRef() const;

    // PING message round trip (not a method call).
    PyroCallReply *ping();

Q_SIGNALS:
    void stateChanged(PyroProxy::State state);
    // bind() replaced a PYRONAME:/PYROMETA: uri by the PYRO: one it resolved to.
    void uriChanged(const PyroUri &uri);
    void serializerChanged(const QString &serializer);
    void callTimeoutChanged(int msecs);
    void errorOccurred(const PyroError &error);
    void finished(PyroCallReply *reply);

private:
    friend class PyroProxyPrivate;
    std::unique_ptr<PyroProxyPrivate> const d;
};
