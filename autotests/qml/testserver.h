// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// The servers the QML tests talk to: a thermostat, a slow object and a name server on a
// daemon in a thread of its own (so nothing the tests do can stall the GUI thread the
// QML runs in, and a 2 s call really is remote), plus helpers the QML calls as
// `testServer` to act from C++ and from Python.

#include <QtPyro/PyroDaemon>
#include <QtPyro/PyroGenerator>
#include <QtPyro/PyroNameServer>
#include <QtPyro/PyroProxy>

#include <QtCore/QObject>
#include <QtCore/QProcess>
#include <QtCore/QThread>
#include <QtCore/QVariant>

#include <memory>

class Thermostat : public QObject
{
    Q_OBJECT
    Q_PROPERTY(double target READ target WRITE setTarget NOTIFY targetChanged)
    Q_PROPERTY(double temperature READ temperature NOTIFY temperatureChanged)
    Q_PROPERTY(int humidity READ humidity WRITE setHumidity)     // no NOTIFY: polled
public:
    double target() const { return m_target; }
    void setTarget(double t);
    double temperature() const { return m_temperature; }
    int humidity() const { return m_humidity; }
    void setHumidity(int h) { m_humidity = h; }

public Q_SLOTS:
    double add(double a, double b) { return a + b; }
    QVariant echo(const QVariant &value) { return value; }
    // Python's type name and repr() of what arrived.
    QString pythonType(const QVariant &value);
    QString pythonRepr(const QVariant &value);
    // A value only a Python peer could send (tuples, sets, big ints...), by name.
    QVariant sample(const QString &kind);
    void fail(const QString &message);
    void setTemperature(double t);
    void changeHumidity(int h) { m_humidity = h; }
    void raiseAlarm(const QString &level, int code) { Q_EMIT alarm(level, code); }
    PyroGenerator countdown(int from);
    PyroGenerator ticks();

Q_SIGNALS:
    void targetChanged(double target);
    void temperatureChanged(double temperature);
    void alarm(const QString &level, int code);

private:
    double m_target = 20.0;
    double m_temperature = 18.5;
    int m_humidity = 40;
};

// Served on the daemon's pool, so its 2 s sleep holds up nobody but its caller.
class SlowObject : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("pyro.threading", "pool")
public Q_SLOTS:
    QVariant slowEcho(const QVariant &value, int msecs);
};

// The result of an action the QML test asked for (finished, value, error).
class TestOperation : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool finished READ finished NOTIFY changed)
    Q_PROPERTY(QVariant value READ value NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY changed)
public:
    using QObject::QObject;
    bool finished() const { return m_finished; }
    QVariant value() const { return m_value; }
    QString error() const { return m_error; }
    void finish(const QVariant &value, const QString &error);
Q_SIGNALS:
    void changed();
private:
    bool m_finished = false;
    QVariant m_value;
    QString m_error;
};

class TestServer : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString thermostatUri READ thermostatUri CONSTANT)
    Q_PROPERTY(QString slowUri READ slowUri CONSTANT)
    Q_PROPERTY(QString tlsUri READ tlsUri CONSTANT)
    Q_PROPERTY(QString certDir READ certDir CONSTANT)
    Q_PROPERTY(QString nsHost READ nsHost CONSTANT)
    Q_PROPERTY(int nsPort READ nsPort CONSTANT)
    Q_PROPERTY(bool pythonAvailable READ pythonAvailable CONSTANT)
    Q_PROPERTY(QStringList serializers READ serializers CONSTANT)
public:
    explicit TestServer(QObject *parent = nullptr);
    ~TestServer() override;

    QString thermostatUri() const { return m_thermostatUri; }
    QString slowUri() const { return m_slowUri; }
    QString tlsUri() const { return m_tlsUri; }     // requires a client certificate
    QString certDir() const;
    QString nsHost() const { return QStringLiteral("127.0.0.1"); }
    int nsPort() const { return m_nsPort; }
    bool pythonAvailable() const;
    QStringList serializers() const;

    // Name server entries (blocking, on the test's side only).
    Q_INVOKABLE bool registerName(const QString &name, const QString &uri, const QStringList &metadata = {});
    Q_INVOKABLE bool removeName(const QString &name);
    // A call from C++ (a PyroProxy of this thread, asynchronous).
    Q_INVOKABLE TestOperation *cppCall(const QString &uri, const QString &method, const QVariantList &args);
    // A call from an unmodified Python Pyro5 client: prints repr(proxy.method(*args)).
    Q_INVOKABLE TestOperation *pythonCall(const QString &uri, const QString &method, const QString &argsLiteral);

private:
    QThread m_thread;
    QObject m_context;
    std::unique_ptr<PyroDaemon> m_daemon;
    std::unique_ptr<PyroDaemon> m_tlsDaemon;
    std::unique_ptr<PyroNameServer> m_nameServer;
    std::unique_ptr<Thermostat> m_thermostat;
    std::unique_ptr<SlowObject> m_slow;
    QString m_thermostatUri, m_slowUri, m_tlsUri;
    int m_nsPort = 0;
};
