// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrotestprocess.h"

#include <QtNetwork/QTcpServer>
#include <QtNetwork/QUdpSocket>

#include <QtCore/QDeadlineTimer>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>

using namespace Qt::StringLiterals;

PyroTestProcess::PyroTestProcess() : m_process(std::make_unique<QProcess>())
{
    m_process->setProcessChannelMode(QProcess::MergedChannels);
}

PyroTestProcess::~PyroTestProcess()
{
    stop();
}

QString PyroTestProcess::tool(const QString &name)
{
    return QStringLiteral(QTPYRO_BIN_DIR) + u'/' + name;
}

QString PyroTestProcess::pyro5Source()
{
    const QString src = qEnvironmentVariable("PYRO5_SRC");
    if (src.isEmpty() || !QFileInfo::exists(src + u"/Pyro5/__init__.py"_s))
        return QString();
    return src;
}

QString PyroTestProcess::python()
{
    return QFileInfo::exists(u"/usr/bin/python3"_s) ? u"/usr/bin/python3"_s : u"python3"_s;
}

QProcessEnvironment PyroTestProcess::pythonEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(u"PYRO_"_s))
            env.remove(key);
    }
    env.insert(u"PYTHONPATH"_s, pyro5Source());
    env.insert(u"PYTHONUNBUFFERED"_s, u"1"_s);
    env.insert(u"PYRO_BROADCAST_ADDRS"_s, u"127.0.0.1"_s);
    return env;
}

void PyroTestProcess::setEnvironment(const QProcessEnvironment &environment)
{
    m_process->setProcessEnvironment(environment);
}

void PyroTestProcess::setWorkingDirectory(const QString &dir)
{
    m_process->setWorkingDirectory(dir);
}

QString PyroTestProcess::output()
{
    m_output += m_process->readAll();
    return QString::fromUtf8(m_output);
}

QString PyroTestProcess::start(const QString &program, const QStringList &arguments,
                               const QRegularExpression &pattern, int timeoutMs)
{
    m_output.clear();
    m_process->start(program, arguments);
    if (!m_process->waitForStarted(timeoutMs)) {
        m_error = u"cannot start %1: %2"_s.arg(program, m_process->errorString());
        return QString();
    }
    QDeadlineTimer deadline(timeoutMs);
    qsizetype scanned = 0;
    while (!deadline.hasExpired()) {
        const QString text = output();
        const QRegularExpressionMatch match = pattern.match(text, scanned);
        if (match.hasMatch()) {
            // Only accept a match on a complete line (the URI may still be arriving).
            const qsizetype end = match.capturedEnd(0);
            if (text.indexOf(u'\n', end) >= 0 || m_process->state() != QProcess::Running)
                return match.lastCapturedIndex() >= 1 ? match.captured(1) : match.captured(0);
        }
        if (m_process->state() != QProcess::Running) {
            m_error = u"%1 exited before printing what was expected; output:\n%2"_s.arg(program, text);
            return QString();
        }
        m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    m_error = u"timed out waiting for %1; output:\n%2"_s.arg(program, output());
    return QString();
}

QString PyroTestProcess::startPython(const QString &code, const QStringList &arguments,
                                     const QRegularExpression &pattern, int timeoutMs)
{
    if (m_process->processEnvironment().isEmpty())
        setEnvironment(pythonEnvironment());
    return start(python(), QStringList{u"-c"_s, code} + arguments, pattern, timeoutMs);
}

int PyroTestProcess::waitForExit(int timeoutMs)
{
    if (m_process->state() != QProcess::NotRunning && !m_process->waitForFinished(timeoutMs))
        return -1;
    output();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

void PyroTestProcess::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(3000)) {
        m_process->kill();
        m_process->waitForFinished(3000);
    }
}

PyroToolRun runTool(const QString &program, const QStringList &arguments,
                    const QProcessEnvironment &environment, const QByteArray &input, int timeoutMs)
{
    PyroToolRun run;
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForStarted(timeoutMs)) {
        run.err = process.errorString();
        return run;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(3000);
        run.err = u"timed out"_s;
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

QProcessEnvironment toolEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("PYRO_")))
            env.remove(key);
    }
    env.insert(QStringLiteral("PYRO_BROADCAST_ADDRS"), QStringLiteral("127.0.0.1"));
    return env;
}

quint16 freeUdpPort()
{
    QUdpSocket probe;
    probe.bind(QHostAddress::LocalHost, 0);
    return probe.localPort();
}

quint16 freeTcpPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QString normalizedMetadata(const QString &output)
{
    static const QRegularExpression set(QStringLiteral("^(\\s*metadata: )([\\{\\[])(.*)([\\}\\]])$"));
    QStringList lines = output.split(QLatin1Char('\n'));
    for (QString &line : lines) {
        const QRegularExpressionMatch m = set.match(line);
        if (m.hasMatch()) {
            QStringList items = m.captured(3).split(QStringLiteral(", "));
            items.sort();
            line = m.captured(1) + m.captured(2) + items.join(QStringLiteral(", ")) + m.captured(4);
        }
    }
    return lines.join(QLatin1Char('\n'));
}
