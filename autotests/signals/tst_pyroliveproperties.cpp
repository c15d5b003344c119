// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroLiveProperties against a QtPyro daemon in the same thread: the NOTIFY attributes
// are read, kept up to date from their signals (with and without the value as argument),
// and read again after the daemon restarts.

#include "pyrodaemon.h"
#include "pyroliveproperties.h"
#include "pyroproxy.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class Thermostat : public QObject
{
    Q_OBJECT
    Q_PROPERTY(double temperature READ temperature WRITE setTemperature NOTIFY temperatureChanged)
    Q_PROPERTY(QString mode READ mode WRITE setMode NOTIFY modeChanged)
    Q_PROPERTY(int constant READ constant CONSTANT)
public:
    double temperature() const { return m_temperature; }
    void setTemperature(double t)
    {
        m_temperature = t;
        Q_EMIT temperatureChanged(t);
    }
    QString mode() const { return m_mode; }
    void setMode(const QString &m)
    {
        m_mode = m;
        Q_EMIT modeChanged(); // no argument: the cache reads the attribute again
    }
    int constant() const { return 7; }

Q_SIGNALS:
    void temperatureChanged(double temperature);
    void modeChanged();

private:
    double m_temperature = 19.5;
    QString m_mode = u"eco"_s;
};

class tst_PyroLiveProperties : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void liveValues()
    {
        auto daemon = std::make_unique<PyroDaemon>();
        QVERIFY(daemon->listen(u"127.0.0.1"_s, 0));
        const quint16 port = daemon->port();
        Thermostat thermostat;
        const PyroUri uri = daemon->registerObject(&thermostat, u"thermostat"_s);

        PyroProxy proxy(uri);
        PyroLiveProperties live(&proxy);
        QSignalSpy changed(&live, &PyroLiveProperties::propertyChanged);
        QTRY_VERIFY_WITH_TIMEOUT(live.isReady(), 30000);
        QCOMPARE(live.names(), (QStringList{u"mode"_s, u"temperature"_s}));
        QCOMPARE(live.value(u"temperature"_s).toDouble(), 19.5);
        QCOMPARE(live.value(u"mode"_s).toString(), u"eco"_s);
        QCOMPARE(changed.size(), 2);

        thermostat.setTemperature(22.0);
        QTRY_COMPARE_WITH_TIMEOUT(live.value(u"temperature"_s).toDouble(), 22.0, 30000);
        thermostat.setMode(u"comfort"_s);
        QTRY_COMPARE_WITH_TIMEOUT(live.value(u"mode"_s).toString(), u"comfort"_s, 30000);
        QCOMPARE(changed.last().at(0).toString(), u"mode"_s);
        QCOMPARE(changed.size(), 4);
        // The same value again: no signal.
        thermostat.setTemperature(22.0);
        thermostat.setTemperature(23.0);
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 5, 30000);

        // A daemon restart: subscribed again, the values read again.
        daemon.reset();
        thermostat.setTemperature(25.0);
        daemon = std::make_unique<PyroDaemon>();
        QVERIFY(daemon->listen(u"127.0.0.1"_s, port));
        daemon->registerObject(&thermostat, u"thermostat"_s);
        QTRY_COMPARE_WITH_TIMEOUT(live.value(u"temperature"_s).toDouble(), 25.0, 30000);
    }
};

QTEST_GUILESS_MAIN(tst_PyroLiveProperties)
#include "tst_pyroliveproperties.moc"
