// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <pyrocallcontext.h>

#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <cmath>

// A room thermostat: the temperature drifts toward the target while it heats or cools.
// Its NOTIFY properties are live in QML (proxy.attrs.target, proxy.attrs.temperature).
class Thermostat : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString room READ room CONSTANT)
    Q_PROPERTY(double target READ target WRITE setTarget NOTIFY targetChanged)
    Q_PROPERTY(double temperature READ temperature NOTIFY temperatureChanged)
    Q_PROPERTY(bool heating READ heating NOTIFY heatingChanged)
public:
    explicit Thermostat(QObject *parent = nullptr) : QObject(parent)
    {
        connect(&m_timer, &QTimer::timeout, this, &Thermostat::step);
        m_timer.start(500);
    }

    QString room() const { return QStringLiteral("Living room"); }
    double target() const { return m_target; }
    void setTarget(double target)
    {
        target = std::round(qBound(10.0, target, 30.0) * 2) / 2;   // half degrees, 10..30
        if (target == m_target)
            return;
        m_target = target;
        Q_EMIT targetChanged(target);
    }
    double temperature() const { return m_temperature; }
    bool heating() const { return m_heating; }

public Q_SLOTS:
    // Takes two seconds (answered later, the daemon goes on serving meanwhile).
    QString calibrate()
    {
        PyroDelayedReply reply = PyroCallContext::current()->setDelayedReply();
        QTimer::singleShot(2000, this, [this, reply]() mutable {
            reply.send(QStringLiteral("sensor calibrated at %1 °C").arg(m_temperature, 0, 'f', 1));
        });
        return QString();
    }

Q_SIGNALS:
    void targetChanged(double target);
    void temperatureChanged(double temperature);
    void heatingChanged(bool heating);

private:
    void step()
    {
        const double diff = m_target - m_temperature;
        const bool heating = diff > 0.05;
        if (std::fabs(diff) > 0.05) {
            m_temperature += qBound(-0.1, diff, 0.1);
            m_temperature = std::round(m_temperature * 100) / 100;
            Q_EMIT temperatureChanged(m_temperature);
        }
        if (heating != m_heating) {
            m_heating = heating;
            Q_EMIT heatingChanged(heating);
        }
    }

    double m_target = 21.5;
    double m_temperature = 19.2;
    bool m_heating = false;
    QTimer m_timer;
};
