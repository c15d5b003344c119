// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroconnection_p.h"

#include "pyrolocallisteners_p.h"
#include "pyrolocator_p.h"
#include "pyrosocket_p.h"

#include <QtCore/QThread>

#include <algorithm>
#include <limits>

// The blocking drivers of a PyroConnection: the same state machine, driven with the
// socket's waitFor... functions instead of an event loop.

using namespace Qt::StringLiterals;
using namespace PyroClientDetail;
using Code = PyroError::Code;

bool PyroConnection::failIfServedByThisThread()
{
    if (!PyroLocalListeners::isServedByCurrentThread(m_socket ? m_socket->device() : nullptr))
        return false;
    const PyroError error(Code::CommunicationError,
                          u"blocking call to %1, a daemon that lives in the calling thread: it cannot "
                          u"answer while this thread waits (use asyncCall(), or run the daemon or the "
                          u"caller in another thread)"_s.arg(m_uri.toString()));
    if (!m_destroying)
        Q_EMIT errorOccurred(error);
    release(error);
    return true;
}

// ---- blocking drivers -------------------------------------------------------------------

bool PyroConnection::socketIsOpen() const
{
    return m_socket && m_socket->isConnected();
}

qint64 PyroConnection::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

// One blocking step: waits on whatever the state machine is waiting for, at most until
// deadline (or an internal deadline). Returns false when there is nothing to wait for.
bool PyroConnection::driveOnce(QDeadlineTimer deadline)
{
    pump();
    const QDeadlineTimer step = earlier(deadline, nextInternalDeadline());
    const int ms = waitMs(step);
    bool progress = true;
    switch (m_state) {
    case State::Unconnected:
        progress = false;
        break;
    case State::Resolving:
        if (m_resolver)
            m_resolver->waitForFinished(step);
        break;
    case State::Connecting:
        if (m_retryPending) {
            if (ms != 0)
                QThread::msleep(ulong(ms < 0 ? msecsLeft(m_retryAt) : std::min<qint64>(ms, msecsLeft(m_retryAt))));
        } else if (PyroSocket *socket = m_socket) {
            if (!socket->waitForConnected(ms) && socket == m_socket && socket->isUnconnected())
                onSocketClosed();
        }
        break;
    case State::Handshaking:
    case State::Connected: {
        const bool expectReply = m_state == State::Handshaking || m_inFlight;
        if (!expectReply && bytesToWrite() == 0) {
            progress = false;
            break;
        }
        PyroSocket *socket = m_socket;
        if (!socket) {
            progress = false;
            break;
        }
        if (expectReply) {
            // The wait also flushes what is still to be written.
            socket->waitForReadyRead(ms);
        } else {
            socket->waitForBytesWritten(ms);
        }
        if (socket == m_socket && !socketIsOpen())
            onSocketClosed();
        break;
    }
    }
    checkTimeouts();
    return progress;
}

bool PyroConnection::waitForRequest(const PyroClientRequestPtr &request, QDeadlineTimer deadline)
{
    if (wrongThreadError().isError())
        return request->stage == PyroClientRequest::Stage::Done;
    clearGraveyard();
    while (request->stage != PyroClientRequest::Stage::Done) {
        if (deadline.hasExpired())
            return false;
        if (failIfServedByThisThread())
            break;
        if (!driveOnce(deadline) && request->stage != PyroClientRequest::Stage::Done) {
            // Nothing to wait on although the request is pending: only possible when it
            // is not in this connection's queue any more.
            const bool queued = std::find(m_queue.begin(), m_queue.end(), request) != m_queue.end();
            if (!queued && m_inFlight != request)
                return false;
        }
    }
    if (request->sentOneway) {
        // A oneway call is done once written; make sure the bytes really left.
        while (m_socket && bytesToWrite() > 0 && !deadline.hasExpired()) {
            if (!m_socket->waitForBytesWritten(waitMs(deadline)))
                break;
        }
    }
    rearmTimer();
    return true;
}

bool PyroConnection::waitForConnected(QDeadlineTimer deadline)
{
    if (wrongThreadError().isError())
        return false;
    clearGraveyard();
    if (m_state == State::Unconnected)
        connectToDaemon(1);
    while (m_state != State::Connected) {
        if (m_state == State::Unconnected || deadline.hasExpired())
            break;
        if (failIfServedByThisThread())
            break;
        driveOnce(deadline);
    }
    rearmTimer();
    return m_state == State::Connected;
}
