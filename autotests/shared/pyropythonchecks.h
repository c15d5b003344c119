// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QString>
#include <QtCore/QStringList>

/*
 * The results of a Python interop client that reports through interop_checks.py (one
 * "RESULTS {...}" line), run once per serializer and turned into Qt Test rows:
 *
 *   initTestCase():        m_checks.run(serializer, {script, uri, serializer}, env);
 *   pythonClient_data():   m_checks.addRows();             // columns serializer, check
 *   pythonClient():        m_checks.verify(serializer, check);
 *
 * A run that printed no RESULTS line gives one failing row "<serializer>/run" with its
 * exit code and output.
 */
class PyroPythonChecks
{
public:
    void run(const QString &serializer, const QStringList &arguments, const QProcessEnvironment &environment,
             int timeoutMs = 120000);
    void addRows() const;
    void verify(const QString &serializer, const QString &check) const;

private:
    QStringList m_serializers;               // in run order
    QMap<QString, QJsonObject> m_results;    // serializer -> check -> {ok, detail}
    QMap<QString, QString> m_runErrors;
};
