// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

#include <QtCore/QSharedDataPointer>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

class PyroConfigData;
class QProcessEnvironment;

/*
 * Pyro5's configuration items (HOST, NS_PORT, COMMTIMEOUT, SERIALIZER, ...), with
 * Pyro5's defaults, typed accessors for the ones QtPyro uses and PYRO_<ITEM> environment
 * overrides converted the way Pyro5 converts them.
 *
 *   PyroConfig config = PyroConfig::global();   // defaults + PYRO_* environment, read once
 *   config.setCommTimeout(5.0);
 *   proxy->setConfig(config);
 *
 * Items are addressed by their Pyro5 name, case-insensitive, without the PYRO_ prefix.
 * A value type (implicitly shared): every proxy, daemon and name server takes a copy when
 * it is created, so changing a PyroConfig afterwards does not affect them.
 */
class QTPYRO_EXPORT PyroConfig
{
public:
    // Pyro5's defaults, no environment.
    PyroConfig();
    PyroConfig(const PyroConfig &other);
    PyroConfig(PyroConfig &&other) noexcept;
    PyroConfig &operator=(const PyroConfig &other);
    PyroConfig &operator=(PyroConfig &&other) noexcept;
    ~PyroConfig();
    void swap(PyroConfig &other) noexcept { d.swap(other.d); }

    // Defaults overridden by the PYRO_* variables of environment, plus the QTPYRO_<ITEM>
    // variables of the extension items. An unknown PYRO_* variable, or a value that does
    // not convert (where Pyro5 refuses to import), is reported in errors (one line each,
    // Pyro5's wording) and the item keeps its default. PYRO_LOGLEVEL and PYRO_LOGFILE are
    // accepted.
    static PyroConfig fromEnvironment(const QProcessEnvironment &environment,
                                      QStringList *errors = nullptr);
    // The same for the process environment.
    static PyroConfig fromEnvironment(QStringList *errors = nullptr);

    // The process-wide configuration every proxy, daemon and name server starts from:
    // fromEnvironment() on first use (problems are logged as warnings in "qtpyro.config"),
    // or what setGlobal() set; setGlobal() applies to what is created afterwards. Both are
    // thread-safe.
    static PyroConfig global();
    static void setGlobal(const PyroConfig &config);

    // Every Pyro5 item name, in Pyro5's order (HOST, NS_HOST, ..., SSL_CACERTS).
    static QStringList itemNames();
    // QtPyro's own items (MAX_CONNECTIONS, MAX_STREAMS_PER_CLIENT, ...): not Pyro5 items, so
    // not in itemNames() and read from QTPYRO_<ITEM> variables, never from PYRO_ ones
    // (Python's Pyro5 refuses to import when it sees a PYRO_ variable it does not know).
    static QStringList extensionItemNames();
    // True for a Pyro5 item name (case-insensitive); false for the extension items.
    static bool isItem(QStringView name);
    // The default of any item (Pyro5 or extension); an invalid QVariant for unknown names.
    static QVariant defaultValue(QStringView name);

    // Value of a Pyro5 or extension item, typed like Python's: QString, None
    // (PyroValues::none()), qlonglong, double, bool or QStringList. Invalid for unknown names.
    QVariant value(QStringView name) const;
    // Sets an item; strings are converted to the item's type like Pyro5 does for
    // environment variables ("on"/"off", "1.5", "a, b"); other values must have the item's
    // type already (integer, number, bool or 0/1, list of strings, None where the default
    // is None). False (and error) when the name is unknown or the value does not convert;
    // the item keeps its value then.
    bool setValue(QStringView name, const QVariant &value, PyroError *error = nullptr);
    // "NAME = value" lines of every item, for logs and tools (passwords masked).
    QString dump() const;

    // Typed accessors (the same items as value()/setValue()).
    QString host() const;                 void setHost(const QString &host);
    QString nsHost() const;               void setNsHost(const QString &host);
    int nsPort() const;                   void setNsPort(int port);
    int nsBroadcastPort() const;          void setNsBroadcastPort(int port);
    QString nsBroadcastHost() const;      void setNsBroadcastHost(const QString &host);
    double nsAutoClean() const;           void setNsAutoClean(double seconds);
    double nsLookupDelay() const;         void setNsLookupDelay(double seconds);
    QString natHost() const;              void setNatHost(const QString &host);
    int natPort() const;                  void setNatPort(int port);
    bool compression() const;             void setCompression(bool on);
    QString serverType() const;           void setServerType(const QString &type);
    double commTimeout() const;           void setCommTimeout(double seconds);
    double pollTimeout() const;           void setPollTimeout(double seconds);
    int maxRetries() const;               void setMaxRetries(int retries);
    bool sockReuse() const;               void setSockReuse(bool on);
    bool sockNoDelay() const;             void setSockNoDelay(bool on);
    bool detailedTraceback() const;       void setDetailedTraceback(bool on);
    int threadPoolSize() const;           void setThreadPoolSize(int size);
    int threadPoolSizeMin() const;        void setThreadPoolSizeMin(int size);
    qint64 maxMessageSize() const;        void setMaxMessageSize(qint64 bytes);
    QStringList broadcastAddresses() const; void setBroadcastAddresses(const QStringList &addresses);
    int preferIpVersion() const;          void setPreferIpVersion(int version);
    QString serializer() const;           void setSerializer(const QString &name);
    bool serpentBytesRepr() const;        void setSerpentBytesRepr(bool on);
    bool iterStreaming() const;           void setIterStreaming(bool on);
    double iterStreamLifetime() const;    void setIterStreamLifetime(double seconds);
    double iterStreamLinger() const;      void setIterStreamLinger(double seconds);
    QString logFile() const;
    QString logLevel() const;
    bool logWire() const;                 void setLogWire(bool on);
    bool ssl() const;                     void setSsl(bool on);
    QString sslServerCert() const;        void setSslServerCert(const QString &file);
    QString sslServerKey() const;         void setSslServerKey(const QString &file);
    QString sslServerKeyPassword() const; void setSslServerKeyPassword(const QString &password);
    bool sslRequireClientCert() const;    void setSslRequireClientCert(bool on);
    QString sslClientCert() const;        void setSslClientCert(const QString &file);
    QString sslClientKey() const;         void setSslClientKey(const QString &file);
    QString sslClientKeyPassword() const; void setSslClientKeyPassword(const QString &password);
    QString sslCaCerts() const;           void setSslCaCerts(const QString &fileOrDirectory);
    // QtPyro additions (not Pyro5 items, no PYRO_ variable of Pyro5's): limits a daemon enforces.
    int maxConnections() const;           void setMaxConnections(int connections);
    int maxStreamsPerClient() const;      void setMaxStreamsPerClient(int streams);
    int maxOnewayInFlight() const;        void setMaxOnewayInFlight(int calls);
    double handshakeTimeout() const;      void setHandshakeTimeout(double seconds);
    qint64 maxReplyBuffer() const;        void setMaxReplyBuffer(qint64 bytes);
    double replyDrainTimeout() const;     void setReplyDrainTimeout(double seconds);
    // Name server quotas (QtPyro additions; 0 or less: no limit).
    int nsMaxNameLength() const;          void setNsMaxNameLength(int characters);
    int nsMaxUriLength() const;           void setNsMaxUriLength(int characters);
    int nsMaxMetadataTags() const;        void setNsMaxMetadataTags(int tags);
    int nsMaxMetadataLength() const;      void setNsMaxMetadataLength(int characters);
    int nsMaxRegistrations() const;       void setNsMaxRegistrations(int registrations);
    double nsRegexTimeBudget() const;     void setNsRegexTimeBudget(double seconds);
    // Events a daemon queues per remote-signal subscriber before dropping the oldest
    // (QTPYRO_SIGNAL_QUEUE, default 1000; see docs/signals.md).
    int signalQueue() const;              void setSignalQueue(int events);
    // Decoding budgets (docs/security.md): a compressed payload inflates to at most
    // maxInflateRatio() times its size (at least PyroDecodeLimits::MinInflateAllowance bytes),
    // and decoding makes at most maxDecodeItemsPerByte() values per payload byte (plus a
    // small allowance). 0 turns a budget off.
    int maxInflateRatio() const;          void setMaxInflateRatio(int ratio);
    int maxDecodeItemsPerByte() const;    void setMaxDecodeItemsPerByte(int items);

    friend QTPYRO_EXPORT bool operator==(const PyroConfig &a, const PyroConfig &b);
    friend bool operator!=(const PyroConfig &a, const PyroConfig &b) { return !(a == b); }

private:
    QSharedDataPointer<PyroConfigData> d;
};

// The items that differ from Pyro5's defaults, e.g. PyroConfig(COMMTIMEOUT=5.0).
QTPYRO_EXPORT QDebug operator<<(QDebug debug, const PyroConfig &config);

Q_DECLARE_SHARED(PyroConfig)
Q_DECLARE_METATYPE(PyroConfig)
