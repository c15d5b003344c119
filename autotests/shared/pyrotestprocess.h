// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QProcess>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QRegularExpression>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <memory>

/*
 * A helper process for multi-process tests: one of our tools (build/bin) or a Python
 * Pyro5 program. start() waits (on the process's output, not on time) until a line
 * matching the pattern appears — normally the URI line a server prints — and returns the
 * first capture group (or the whole match). The process is stopped (terminate, then kill)
 * and reaped when the object goes away; only processes started here are ever signalled.
 */
class PyroTestProcess
{
public:
    PyroTestProcess();
    ~PyroTestProcess();

    // Path of one of our executables in the build tree, e.g. tool(u"pyro-echoserver"_s).
    static QString tool(const QString &name);
    // The Pyro5 source tree from PYRO5_SRC, or empty when interop tests must be skipped.
    static QString pyro5Source();
    // /usr/bin/python3 (what has python3-serpent/python3-msgpack from Debian).
    static QString python();
    // An environment with PYTHONPATH=PYRO5_SRC, loopback-only broadcast, no PYRO_* leftovers.
    static QProcessEnvironment pythonEnvironment();

    void setEnvironment(const QProcessEnvironment &environment);
    void setWorkingDirectory(const QString &dir);

    // Starts program and waits for a line matching pattern on stdout (or stderr).
    // Returns the match's first capture group (or the whole match); empty on failure
    // (then errorString() says why, including the output seen so far).
    QString start(const QString &program, const QStringList &arguments,
                  const QRegularExpression &pattern = QRegularExpression(QStringLiteral("(PYRO:\\S+)")),
                  int timeoutMs = 20000);
    // Runs a Python program text with pythonEnvironment() (python -c).
    QString startPython(const QString &code, const QStringList &arguments = {},
                        const QRegularExpression &pattern = QRegularExpression(QStringLiteral("(PYRO:\\S+)")),
                        int timeoutMs = 20000);

    QProcess *process() { return m_process.get(); }
    QString errorString() const { return m_error; }
    // Everything the process printed so far (stdout and stderr merged).
    QString output();
    // Waits for the process to exit by itself; returns its exit code (-1 on timeout/crash).
    int waitForExit(int timeoutMs = 20000);
    void stop();

private:
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
    QString m_error;
};

// The environment our tools run in during tests: no PYRO_* leftovers from the caller,
// broadcast discovery only to loopback.
QProcessEnvironment toolEnvironment();

// A loopback port free right now (UDP or TCP): nothing listens there, so a connect to the
// TCP one is refused.
quint16 freeUdpPort();
quint16 freeTcpPort();

// Metadata prints in hash order (a set, or a list where json/msgpack carried the set):
// the "metadata: {...}" / "metadata: [...]" lines of a tool's output with their items sorted.
QString normalizedMetadata(const QString &output);

// Runs a program to completion with input on stdin; for command-line tool tests.
struct PyroToolRun
{
    int exitCode = -1;
    QString out;
    QString err;
};
PyroToolRun runTool(const QString &program, const QStringList &arguments,
                    const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                    const QByteArray &input = QByteArray(), int timeoutMs = 30000);
