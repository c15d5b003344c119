// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrounixserver_p.h"
#include "pyrodaemon_p.h"

#include <QtCore/QFile>
#include <QtCore/QSocketNotifier>
#include <QtNetwork/QLocalSocket>

#ifdef Q_OS_UNIX
#  include <cerrno>
#  include <cstring>
#  include <sys/socket.h>
#  include <sys/stat.h>
#  include <sys/un.h>
#  include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {
// Accepted connections held until the daemon takes them; then the kernel's backlog waits.
constexpr size_t MaxPending = 64;
constexpr int ListenBacklog = 128;
// After accept() failed for lack of descriptors or memory, try again this much later.
constexpr int AcceptBackoffMs = 100;
} // namespace

PyroUnixServer::PyroUnixServer(QObject *parent) : QObject(parent)
{
    m_backoff.setSingleShot(true);
    connect(&m_backoff, &QTimer::timeout, this, [this] {
        if (m_notifier)
            m_notifier->setEnabled(true);
        acceptMore();
    });
}

PyroUnixServer::~PyroUnixServer()
{
    close();
}

bool PyroUnixServer::listen(const QString &path)
{
    close();
#ifdef Q_OS_UNIX
    const QByteArray encoded = QFile::encodeName(path);
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    if (encoded.isEmpty() || size_t(encoded.size()) >= sizeof(address.sun_path)) {
        m_error = u"socket path too long or empty: %1"_s.arg(path);
        return false;
    }
    std::memcpy(address.sun_path, encoded.constData(), size_t(encoded.size()));
    const auto *sa = reinterpret_cast<const sockaddr *>(&address);

    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        m_error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    auto fail = [&](const QString &why) {
        ::close(fd);
        m_error = why;
        return false;
    };
    if (::bind(fd, sa, sizeof(address)) != 0) {
        if (errno != EADDRINUSE)
            return fail(QString::fromLocal8Bit(std::strerror(errno)));
        // Something is there. Only a socket nobody accepts on (left behind by a server
        // that died) is ours to replace; Pyro5 never replaces anything (it reports the
        // same error for every existing file).
        struct stat info {};
        if (::lstat(encoded.constData(), &info) != 0 || !S_ISSOCK(info.st_mode))
            return fail(u"Address already in use: %1 exists and is not a socket"_s.arg(path));
        const int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        bool live = true;
        if (probe >= 0) {
            live = ::connect(probe, sa, sizeof(address)) == 0 || errno == EAGAIN || errno == EINPROGRESS;
            ::close(probe);
        }
        if (live)
            return fail(u"Address already in use: a server is listening on %1"_s.arg(path));
        ::unlink(encoded.constData());
        if (::bind(fd, sa, sizeof(address)) != 0)
            return fail(QString::fromLocal8Bit(std::strerror(errno)));
    }
    if (::listen(fd, ListenBacklog) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        ::unlink(encoded.constData());
        return fail(why);
    }
    m_fd = fd;
    m_path = path;
    m_error.clear();
    m_notifier = new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] { acceptMore(); });
    return true;
#else
    Q_UNUSED(path);
    m_error = u"Unix domain sockets are not supported on this platform"_s;
    return false;
#endif
}

void PyroUnixServer::close()
{
    m_backoff.stop();
    delete m_notifier;
    m_notifier = nullptr;
    for (QLocalSocket *socket : m_pending)
        delete socket;
    m_pending.clear();
#ifdef Q_OS_UNIX
    if (m_fd >= 0) {
        ::close(m_fd);
        ::unlink(QFile::encodeName(m_path).constData());
    }
#endif
    m_fd = -1;
}

QLocalSocket *PyroUnixServer::nextPendingConnection()
{
    if (m_pending.empty())
        return nullptr;
    QLocalSocket *socket = m_pending.front();
    m_pending.pop_front();
    socket->setParent(nullptr);
    if (m_notifier && !m_notifier->isEnabled() && !m_backoff.isActive())
        m_notifier->setEnabled(true);
    return socket;
}

void PyroUnixServer::acceptMore()
{
#ifdef Q_OS_UNIX
    while (m_fd >= 0 && m_pending.size() < MaxPending) {
        const int fd = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            const int error = errno;
            if (error == EINTR || error == ECONNABORTED || error == EPROTO)
                continue;
            if (error == EAGAIN || error == EWOULDBLOCK)
                break;
            // Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM) or worse:
            // pause, then try again; clients wait in the backlog meanwhile.
            if (!m_failing) {
                qCWarning(lcPyroDaemon).noquote() << "cannot accept connections on" << m_path << "-"
                                                  << QString::fromLocal8Bit(std::strerror(error))
                                                  << "- retrying every" << AcceptBackoffMs << "ms";
            }
            m_failing = true;
            m_notifier->setEnabled(false);
            m_backoff.start(AcceptBackoffMs);
            break;
        }
        if (m_failing) {
            m_failing = false;
            qCInfo(lcPyroDaemon).noquote() << "accepting connections on" << m_path << "again";
        }
        auto *socket = new QLocalSocket(this);
        if (!socket->setSocketDescriptor(fd, QLocalSocket::ConnectedState, QIODevice::ReadWrite)) {
            ::close(fd);
            delete socket;
            continue;
        }
        m_pending.push_back(socket);
    }
    if (m_notifier && m_pending.size() >= MaxPending)
        m_notifier->setEnabled(false);
    if (!m_pending.empty())
        Q_EMIT newConnection();
#endif
}
