// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrocallcontext.h"
#include "pyrogenerator.h"

#include <QtConcurrent/QtConcurrentRun>
#include <QtCore/QFuture>
#include <QtCore/QObject>
#include <QtCore/QThread>
#include <QtCore/QVariantList>

// The object the demo serves: an ordinary QObject, exposed by reflection.
class Thermostat : public QObject
{
    Q_OBJECT
    Q_PROPERTY(double target READ target WRITE setTarget)
    Q_CLASSINFO("pyro.oneway", "log")

public:
    using QObject::QObject;

    double target() const { return m_target; }
    void setTarget(double target)
    {
        if (target < 5 || target > 30)
            throw PyroException(QStringLiteral("builtins.ValueError"),
                                QStringLiteral("target %1 is outside 5..30 degrees").arg(target));
        m_target = target;
    }

public Q_SLOTS:
    double temperature() const { return m_temperature; }
    QVariantMap status() const
    {
        return {{QStringLiteral("room"), m_room},
                {QStringLiteral("temperature"), m_temperature},
                {QStringLiteral("target"), m_target},
                {QStringLiteral("heating"), m_temperature < m_target}};
    }
    // Streams one reading per step while the room warms up (Pyro5 item streaming).
    PyroGenerator warmUp(int steps)
    {
        return PyroGenerator([this, steps, i = 0]() mutable -> std::optional<QVariant> {
            if (i++ == steps)
                return std::nullopt;
            m_temperature += (m_target - m_temperature) / 2;
            return QVariant(qRound(m_temperature * 10) / 10.0);
        });
    }
    // Slow work returns a QFuture: the daemon replies when it finishes and keeps
    // serving meanwhile.
    QFuture<QString> calibrate()
    {
        return QtConcurrent::run([] {
            QThread::msleep(400);
            return QStringLiteral("sensor calibrated");
        });
    }
    void log(const QString &line) { m_log.append(line); }
    QStringList logLines() const { return m_log; }

private:
    QString m_room = QStringLiteral("living room");
    double m_temperature = 17.0;
    double m_target = 20.0;
    QStringList m_log;
};
