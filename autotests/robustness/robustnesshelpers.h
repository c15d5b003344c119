// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// Helpers of the robustness suite: a pyro-echoserver process whose file descriptors and
// memory can be read, and a raw Pyro5 client that sends whatever bytes it is given and
// reports exactly what came back (a message, a close) — everything awaited on signals
// with bounded deadlines, never on sleeps.

#include "pyromessage_p.h"
#include "pyromessagereader_p.h"
#include "pyroserializer.h"
#include "pyrorawclient.h"
#include "pyrotestprocess.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QRegularExpression>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <functional>
#include <optional>

namespace Robustness {

using namespace Qt::StringLiterals;

// True in a build with AddressSanitizer: freed memory sits in its quarantine (VmRSS says
// little), and its runtime needs file descriptors of its own.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool UnderAddressSanitizer = true;
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer)
constexpr bool UnderAddressSanitizer = true;
#  else
constexpr bool UnderAddressSanitizer = false;
#  endif
#else
constexpr bool UnderAddressSanitizer = false;
#endif

// Spins the event loop (waiting for events, not sleeping) until cond() or the deadline.
inline bool waitUntil(const std::function<bool()> &cond, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!cond()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents,
                                        int(std::clamp<qint64>(deadline.remainingTime(), 1, 50)));
    }
    return true;
}

// A free loopback port (bound, then released: good enough on a test machine).
inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// pyro-echoserver (or another of our servers) in a child process, with what /proc says
// about it.
class EchoServerProcess
{
public:
    // extraEnv: PYRO_COMMTIMEOUT etc. Returns false (and errorString) when it did not start.
    bool start(const QMap<QString, QString> &extraEnv = {}, const QStringList &extraArgs = {}, quint16 port = 0)
    {
        return startTool(u"pyro-echoserver"_s,
                         QStringList{u"-H"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(port)} + extraArgs,
                         QRegularExpression(u"echo uri: (PYRO:\\S+)"_s), extraEnv);
    }
    // Any of our server tools (pyro-ns: pattern "URI = (PYRO:\\S+)").
    bool startTool(const QString &tool, const QStringList &args, const QRegularExpression &uriPattern,
                   const QMap<QString, QString> &extraEnv = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &key : env.keys()) {
            if (key.startsWith(u"PYRO_"_s) || key.startsWith(u"QTPYRO_MAX"_s))
                env.remove(key);
        }
        // Allocator settings that make memory measurements mean something: one arena, and
        // a fixed mmap threshold (glibc otherwise raises it after the first big free, and
        // big buffers then stay in the heap after they were freed).
        env.insert(u"MALLOC_ARENA_MAX"_s, u"1"_s);
        env.insert(u"MALLOC_MMAP_THRESHOLD_"_s, u"131072"_s);
        for (auto it = extraEnv.cbegin(); it != extraEnv.cend(); ++it)
            env.insert(it.key(), it.value());
        m_process = std::make_unique<PyroTestProcess>();
        m_process->setEnvironment(env);
        if (m_childModifier)
            m_process->process()->setChildProcessModifier(m_childModifier);
        m_uri = m_process->start(PyroTestProcess::tool(tool), args, uriPattern);
        return !m_uri.isEmpty();
    }
    // Runs in the child before the tool starts (setrlimit...), for the next start.
    void setChildProcessModifier(const std::function<void()> &modifier) { m_childModifier = modifier; }
    void kill()
    {
        if (m_process && m_process->process()->state() != QProcess::NotRunning) {
            m_process->process()->kill();
            m_process->process()->waitForFinished(5000);
        }
    }
    void stop()
    {
        if (m_process)
            m_process->stop();
    }
    QString errorString() const { return m_process ? m_process->errorString() : QString(); }
    PyroUri uri() const { return PyroUri(m_uri); }
    quint16 port() const { return quint16(uri().port()); }
    qint64 pid() const { return m_process ? m_process->process()->processId() : 0; }
    bool isRunning() const { return m_process && m_process->process()->state() == QProcess::Running; }
    QString output() { return m_process ? m_process->output() : QString(); }

    int fdCount() const
    {
        return int(QDir(u"/proc/%1/fd"_s.arg(pid())).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System).size());
    }
    // VmRSS in KiB.
    qint64 rssKb() const
    {
        QFile status(u"/proc/%1/status"_s.arg(pid()));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
        return -1;
    }

private:
    std::unique_ptr<PyroTestProcess> m_process;
    std::function<void()> m_childModifier;
    QString m_uri;
};

// Wire bytes of one message.
inline QByteArray message(quint8 type, quint8 serializerId, quint16 seq, const QByteArray &payload,
                          quint16 flags = 0, const QList<PyroMessage::Annotation> &annotations = {})
{
    PyroMessage m(type, serializerId, seq, flags);
    m.payload = payload;
    m.annotations = annotations;
    PyroError error;
    return m.toBytes(&error, std::numeric_limits<quint32>::max());
}

inline QByteArray encode(const PyroSerializer *s, const QVariant &value)
{
    QByteArray out;
    PyroError error;
    s->encode(out, value, PyroEncodeContext(), &error);
    return out;
}

inline QByteArray connectPayload(const PyroSerializer *s, const QString &object = u"test.echoserver"_s)
{
    PyroDict data;
    data.append(u"handshake"_s, u"hello"_s);
    data.append(u"object"_s, object);
    return encode(s, QVariant::fromValue(data));
}

inline QByteArray callPayload(const PyroSerializer *s, const QString &method, const QVariantList &args,
                              const QString &object = u"test.echoserver"_s, const QVariant &kwargs = QVariantMap())
{
    PyroCall call;
    call.object = object;
    call.method = method;
    call.args = args;
    call.kwargs = kwargs;
    QByteArray out;
    PyroError error;
    s->encodeCall(out, call, PyroEncodeContext(), &error);
    return out;
}


using ::RawClient;

} // namespace Robustness
