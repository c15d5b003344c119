// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyropythonchecks.h"

#include "pyrotestprocess.h"

#include <QtCore/QJsonDocument>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

void PyroPythonChecks::run(const QString &serializer, const QStringList &arguments,
                           const QProcessEnvironment &environment, int timeoutMs)
{
    m_serializers.append(serializer);
    const PyroToolRun run = runTool(PyroTestProcess::python(), arguments, environment, {}, timeoutMs);
    const qsizetype at = run.out.indexOf(u"RESULTS "_s);
    if (run.exitCode != 0 || at < 0) {
        m_runErrors.insert(serializer, u"exit %1\n%2\n%3"_s.arg(run.exitCode).arg(run.out, run.err));
        return;
    }
    const QString line = run.out.mid(at + 8).section(u'\n', 0, 0);
    m_results.insert(serializer, QJsonDocument::fromJson(line.toUtf8()).object());
}

void PyroPythonChecks::addRows() const
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QString>("check");
    for (const QString &serializer : m_serializers) {
        if (!m_results.contains(serializer)) {
            QTest::newRow(qPrintable(serializer + u"/run"_s)) << serializer << QString();
            continue;
        }
        const QJsonObject checks = m_results.value(serializer);
        for (auto it = checks.begin(); it != checks.end(); ++it)
            QTest::newRow(qPrintable(serializer + u'/' + it.key())) << serializer << it.key();
    }
}

void PyroPythonChecks::verify(const QString &serializer, const QString &check) const
{
    if (check.isEmpty())
        QFAIL(qPrintable(u"the Python client did not run: "_s + m_runErrors.value(serializer)));
    const QJsonObject result = m_results.value(serializer).value(check).toObject();
    QVERIFY2(result.value(u"ok"_s).toBool(), qPrintable(result.value(u"detail"_s).toString()));
}
