// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// The object pyro-browser's tests and screenshots browse: methods (one oneway, one that
// raises, one that streams), attributes with and without NOTIFY, and signals.

#include "pyrocallcontext.h"
#include "pyrodaemon.h"
#include "pyrogenerator.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QVariantMap>

class BrowserSensor : public QObject
{
    Q_OBJECT
    Q_PROPERTY(double temperature READ temperature WRITE setTemperature NOTIFY temperatureChanged)
    Q_PROPERTY(QString label READ label WRITE setLabel)
    Q_PROPERTY(int readings READ readings NOTIFY readingsChanged)
public:
    explicit BrowserSensor(const QString &label = QStringLiteral("hall"), QObject *parent = nullptr)
        : QObject(parent), m_label(label)
    {
    }
    double temperature() const { return m_temperature; }
    void setTemperature(double t)
    {
        m_temperature = t;
        ++m_readings;
        Q_EMIT temperatureChanged(t);
        Q_EMIT readingsChanged(m_readings);
    }
    QString label() const { return m_label; }
    void setLabel(const QString &label) { m_label = label; }
    int readings() const { return m_readings; }
    QStringList logged;

public Q_SLOTS:
    double add(double a, double b) { return a + b; }
    QVariantMap describe(const QString &unit, int precision)
    {
        return {{QStringLiteral("label"), m_label},
                {QStringLiteral("unit"), unit},
                {QStringLiteral("precision"), precision},
                {QStringLiteral("range"), QVariantList{-20.0, 45.5}},
                {QStringLiteral("calibrated"), true}};
    }
    void fail(const QString &why) { throw PyroException(QStringLiteral("builtins.ValueError"), why); }
    // limit items 0, 1, ... (far more than a test waits for: it stops the stream).
    PyroGenerator counter(int limit)
    {
        return PyroGenerator([i = 0, limit]() mutable -> std::optional<QVariant> {
            if (i >= limit)
                return std::nullopt;
            return QVariant(i++);
        });
    }
    PYRO_ONEWAY void log(const QString &line) { logged.append(line); }

Q_SIGNALS:
    void temperatureChanged(double temperature);
    void readingsChanged(int readings);
    void counted(int n, const QString &label);

private:
    double m_temperature = 19.5;
    QString m_label;
    int m_readings = 0;
};
