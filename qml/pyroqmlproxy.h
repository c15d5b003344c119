// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QSet>
#include <QtCore/QStringList>
#include <QtCore/QTimer>
#include <QtCore/QVariantMap>
#include <QtQml/QJSValue>
#include <QtQml/QQmlParserStatus>
#include <QtQml/QQmlPropertyMap>
#include <QtQml/qqmlregistration.h>

class PyroProxy;
class PyroLiveProperties;
class PyroSignalSubscription;
class PyroQmlProxy;
#include "pyroqmlreply.h"

// proxy.attrs: the remote attributes as bindable properties; a write sends set-attribute.
class PyroQmlAttributes : public QQmlPropertyMap
{
    Q_OBJECT
    QML_ANONYMOUS
public:
    explicit PyroQmlAttributes(PyroQmlProxy *proxy);

protected:
    QVariant updateValue(const QString &key, const QVariant &input) override;

private:
    PyroQmlProxy *m_proxy;
};

/*
 * A remote object in QML:
 *
 *   PyroProxy {
 *       id: thermostat
 *       uri: "PYRONAME:house.thermostat"
 *       onRemoteSignal: (name, args) => console.log(name, args)
 *   }
 *   Dial { value: thermostat.attrs.temperature ?? 0 }
 *   Button { onClicked: thermostat.call("setTarget", [21.5]).then(r => ..., e => ...) }
 *
 * Everything is asynchronous: connecting (and resolving PYRONAME/PYROMETA), calls,
 * attribute reads and writes, signals; nothing reachable from QML blocks on the network.
 * See docs/qml.md. Lives in the GUI thread.
 */
class PyroQmlProxy : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PyroProxy)
    Q_INTERFACES(QQmlParserStatus)
    Q_PROPERTY(QString uri READ uri WRITE setUri NOTIFY uriChanged)
    Q_PROPERTY(QString resolvedUri READ resolvedUri NOTIFY stateChanged)
    Q_PROPERTY(QString serializer READ serializer WRITE setSerializer NOTIFY serializerChanged)
    Q_PROPERTY(int callTimeout READ callTimeout WRITE setCallTimeout NOTIFY callTimeoutChanged)
    Q_PROPERTY(bool ssl READ ssl WRITE setSsl NOTIFY sslChanged)
    Q_PROPERTY(QString sslCaCerts READ sslCaCerts WRITE setSslCaCerts NOTIFY sslChanged)
    Q_PROPERTY(QString sslClientCert READ sslClientCert WRITE setSslClientCert NOTIFY sslChanged)
    Q_PROPERTY(QString sslClientKey READ sslClientKey WRITE setSslClientKey NOTIFY sslChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QVariantMap error READ error NOTIFY errorChanged)
    Q_PROPERTY(QStringList methods READ methods NOTIFY metadataChanged)
    Q_PROPERTY(QStringList attributes READ attributes NOTIFY metadataChanged)
    Q_PROPERTY(QStringList signals READ remoteSignals NOTIFY metadataChanged)
    Q_PROPERTY(QQmlPropertyMap *attrs READ attrs CONSTANT)
    Q_PROPERTY(bool live READ live WRITE setLive NOTIFY liveChanged)
    Q_PROPERTY(bool attributesReady READ attributesReady NOTIFY attributesReadyChanged)
    Q_PROPERTY(int pollInterval READ pollInterval WRITE setPollInterval NOTIFY pollIntervalChanged)
    Q_PROPERTY(bool signalsActive READ signalsActive NOTIFY signalsActiveChanged)
    Q_PROPERTY(bool subscribeSignals READ subscribeSignals WRITE setSubscribeSignals NOTIFY subscribeSignalsChanged)
    Q_PROPERTY(QVariant objectRef READ objectRef NOTIFY stateChanged)
public:
    enum State { Unconnected, Connecting, Connected, Error };
    Q_ENUM(State)

    explicit PyroQmlProxy(QObject *parent = nullptr);
    ~PyroQmlProxy() override;

    void classBegin() override { }
    void componentComplete() override;

    QString uri() const { return m_uri; }
    void setUri(const QString &uri);
    QString resolvedUri() const;
    QString serializer() const { return m_serializer; }
    void setSerializer(const QString &name);
    int callTimeout() const { return m_callTimeout; }
    void setCallTimeout(int msecs);
    bool ssl() const { return m_ssl; }
    void setSsl(bool on);
    QString sslCaCerts() const { return m_sslCaCerts; }
    void setSslCaCerts(const QString &path);
    QString sslClientCert() const { return m_sslClientCert; }
    void setSslClientCert(const QString &path);
    QString sslClientKey() const { return m_sslClientKey; }
    void setSslClientKey(const QString &path);
    State state() const { return m_state; }
    QVariantMap error() const { return m_error; }
    QStringList methods() const { return m_methods; }
    QStringList attributes() const { return m_attributes; }
    QStringList remoteSignals() const { return m_signals; }
    QQmlPropertyMap *attrs() const { return m_attrs; }
    bool live() const { return m_live; }
    void setLive(bool on);
    bool attributesReady() const { return m_attributesReady; }
    int pollInterval() const { return m_pollTimer.interval(); }
    void setPollInterval(int msecs);
    bool subscribeSignals() const { return m_subscribeSignals; }
    bool signalsActive() const;
    void setSubscribeSignals(bool on);
    QVariant objectRef() const;

    // A call; the reply reports its result (also through replied()/failed()).
    Q_INVOKABLE PyroQmlReply *call(const QString &method, const QJSValue &args = QJSValue(),
                                   const QJSValue &kwargs = QJSValue());
    // Fire and forget (Pyro5's oneway); errors only locally, through failed().
    Q_INVOKABLE void oneway(const QString &method, const QJSValue &args = QJSValue(),
                            const QJSValue &kwargs = QJSValue());
    // Reads one attribute now (also updates attrs).
    Q_INVOKABLE PyroQmlReply *readAttribute(const QString &name);
    // Writes one attribute (what assigning to attrs.<name> does) and reports through the reply.
    Q_INVOKABLE PyroQmlReply *writeAttribute(const QString &name, const QJSValue &value);
    // Reads every attribute again.
    Q_INVOKABLE void refreshAttributes();
    // Drops the connection and connects again.
    Q_INVOKABLE void reconnect();

    // ---- for PyroQmlAttributes ----
    void sendAttribute(const QString &name, const QVariant &value, const QVariant &previous,
                       PyroQmlReply *reply);

Q_SIGNALS:
    void uriChanged();
    void serializerChanged();
    void callTimeoutChanged();
    void sslChanged();
    void stateChanged();
    void errorChanged();
    void metadataChanged();
    void liveChanged();
    void attributesReadyChanged();
    void pollIntervalChanged();
    void subscribeSignalsChanged();
    void signalsActiveChanged();
    // Remote signals may have been lost (a gap, or a reconnect: count -1).
    void signalsMissed(int count);
    void replied(const QString &method, const QJSValue &result);
    void failed(const QString &method, const QVariantMap &error);
    void remoteSignal(const QString &name, const QJSValue &args);
    void attributeChanged(const QString &name, const QJSValue &value);
    void attributeWriteFailed(const QString &name, const QVariantMap &error);

private:
    void rebuild();
    void onConnected();
    void fetchMetadata();
    void setState(State state);
    void setError(const QVariantMap &error);
    void setAttribute(const QString &name, const QVariant &value);
    void readAttributes(const QStringList &names, bool initial);
    void poll();
    void updateSubscriptions();
    PyroQmlReply *newReply(const QString &method);

    QString m_uri;
    QString m_serializer;
    int m_callTimeout = -1;
    bool m_ssl = false;
    QString m_sslCaCerts, m_sslClientCert, m_sslClientKey;
    bool m_complete = false;
    bool m_live = true;
    bool m_subscribeSignals = true;
    bool m_attributesReady = false;
    State m_state = Unconnected;
    QVariantMap m_error;
    QStringList m_methods, m_attributes, m_signals;
    QStringList m_liveNames;          // kept current by notify signals
    QSet<QString> m_pendingReads;
    int m_generation = 0;             // bumps with every rebuild: late answers are dropped
    PyroProxy *m_proxy = nullptr;
    PyroProxy *m_daemonProxy = nullptr;
    PyroLiveProperties *m_liveProperties = nullptr;
    PyroSignalSubscription *m_subscription = nullptr;
    PyroQmlAttributes *m_attrs;
    QTimer m_pollTimer;
};
