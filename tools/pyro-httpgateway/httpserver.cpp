// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "httpserver.h"

#include <QtCore/QLoggingCategory>
#include <QtCore/QTimer>
#include <QtNetwork/QSslServer>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <algorithm>

Q_LOGGING_CATEGORY(lcHttp, "qtpyro.httpgateway.http", QtInfoMsg)

using namespace Qt::StringLiterals;

namespace {

// What Qt reads ahead from the socket while a request is being answered: pipelined
// requests beyond this stay in the kernel, so a client cannot make us buffer without end.
constexpr qint64 ReadBufferSize = 64 * 1024;
// After an error answer the connection is closed once the client closed it, or after
// HttpLimits::lingerMs, reading (and dropping) at most DrainLimit bytes meanwhile.
constexpr qint64 DrainLimit = 16 * 1024 * 1024;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool hasControlChars(QByteArrayView text, bool allowTab)
{
    return std::any_of(text.begin(), text.end(), [allowTab](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && !(allowTab && u == '\t')) || u == 0x7f;
    });
}

bool headerHasToken(const HttpRequest &request, QByteArrayView name, QByteArrayView token)
{
    for (const auto &[key, value] : request.headers) {
        if (key.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &part : value.split(','))
            if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
    }
    return false;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    return std::any_of(headers.begin(), headers.end(), [name](const auto &h) {
        return h.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits, QObject *parent)
    : QObject(parent), m_socket(socket), m_limits(limits), m_timer(new QTimer(this))
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(ReadBufferSize);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_closeAfterWrite && m_socket->bytesToWrite() == 0 && !m_draining)
            m_socket->disconnectFromHost();
        else
            armTimer(-1);
        if (m_socket->bytesToWrite() == 0)
            emit drained();
    });
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::closeConnection);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (e != QAbstractSocket::RemoteHostClosedError)
            qCDebug(lcHttp) << "socket error" << m_socket->errorString();
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            closeConnection();
    });
    armTimer(-1);
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection() = default;

QHostAddress HttpConnection::peerAddress() const
{
    return m_socket->peerAddress();
}

qint64 HttpConnection::pendingBytes() const
{
    return m_socket->bytesToWrite();
}

bool HttpConnection::isSecure() const
{
    return qobject_cast<QSslSocket *>(m_socket) != nullptr;
}

void HttpConnection::onReadyRead()
{
    if (m_draining) {
        // after an error answer: read what the client still sends, so that closing does
        // not reset the connection before the client has read the answer
        m_drained += m_socket->skip(m_socket->bytesAvailable());
        if (m_drained > DrainLimit)
            m_socket->abort();
        return;
    }
    // While a request is answered the rest waits in the socket (and the kernel).
    if (m_state == State::Handling || m_state == State::Closing)
        return;
    processInput();
}

void HttpConnection::processInput()
{
    for (;;) {
        if (m_state == State::Handling || m_state == State::Closing)
            return;
        m_buffer += m_socket->readAll();
        if (m_state == State::Idle) {
            if (m_buffer.isEmpty()) {
                armTimer(-1);
                return;
            }
            m_state = State::ReadingHead;
            m_request = HttpRequest();
            armTimer(m_limits.requestTimeoutMs);
        }
        if (m_state == State::ReadingHead) {
            qsizetype end = m_buffer.indexOf("\r\n\r\n");
            qsizetype headEnd = end < 0 ? -1 : end + 4;
            const qsizetype lfEnd = m_buffer.indexOf("\n\n");
            if (lfEnd >= 0 && (headEnd < 0 || lfEnd + 2 < headEnd))
                headEnd = lfEnd + 2;
            if (headEnd < 0) {
                if (m_buffer.size() > m_limits.maxHeaderBytes)
                    fail(431, "request head too large");
                return;
            }
            if (headEnd > m_limits.maxHeaderBytes) {
                fail(431, "request head too large");
                return;
            }
            if (!parseHead(headEnd))
                return;
            m_buffer.remove(0, headEnd);
            m_state = State::ReadingBody;
            if (m_bodyLength > m_buffer.size() && headerHasToken(m_request, "expect", "100-continue"))
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        if (m_state == State::ReadingBody) {
            if (m_buffer.size() < m_bodyLength)
                return;
            m_request.body = m_buffer.left(m_bodyLength);
            m_buffer.remove(0, m_bodyLength);
            m_state = State::Handling;
            m_timer->stop();
            emit requestReceived(this, m_request);
            // respond() may have come synchronously: then go on with the next request.
        }
    }
}

bool HttpConnection::parseHead(qsizetype headEnd)
{
    QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    for (QByteArray &line : lines)
        if (line.endsWith('\r'))
            line.chop(1);
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    // Tolerate (as RFC 9112 asks) empty lines before the request line.
    while (!lines.isEmpty() && lines.first().isEmpty())
        lines.removeFirst();
    if (lines.isEmpty()) {
        fail(400, "empty request");
        return false;
    }
    const QList<QByteArray> parts = lines.first().split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty()
        || hasControlChars(parts[1], false)) {
        fail(400, "malformed request line");
        return false;
    }
    const QByteArray &version = parts[2];
    if (!version.startsWith("HTTP/")) {
        fail(400, "malformed request line");
        return false;
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        fail(505, "only HTTP/1.0 and HTTP/1.1 are served");
        return false;
    }
    m_request.method = parts[0];
    m_request.minorVersion = version == "HTTP/1.1" ? 1 : 0;
    QByteArray target = parts[1];
    m_request.target = target;
    if (target.startsWith("http://") || target.startsWith("https://")) {
        // absolute-form: keep the path (and query) only
        const qsizetype slash = target.indexOf('/', target.indexOf("//") + 2);
        target = slash < 0 ? QByteArray("/") : target.mid(slash);
    } else if (!target.startsWith('/') && target != "*") {
        fail(400, "malformed request target");
        return false;
    }
    const qsizetype question = target.indexOf('?');
    m_request.path = question < 0 ? target : target.left(question);
    m_request.query = question < 0 ? QByteArray() : target.mid(question + 1);

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        if (line.startsWith(' ') || line.startsWith('\t')) {
            fail(400, "folded header lines are not accepted");
            return false;
        }
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = colon > 0 ? line.left(colon) : QByteArray();
        if (!isToken(name)) {
            fail(400, "malformed header line");
            return false;
        }
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (hasControlChars(value, true)) {
            fail(400, "control characters in a header");
            return false;
        }
        if (m_request.headers.size() >= m_limits.maxHeaderCount) {
            fail(431, "too many headers");
            return false;
        }
        m_request.headers.append({name, value});
    }

    m_bodyLength = 0;
    bool haveLength = false;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            fail(501, "request bodies must come with Content-Length (no Transfer-Encoding)");
            return false;
        }
        if (name.compare("content-length", Qt::CaseInsensitive) != 0)
            continue;
        bool ok = value.size() <= 18 && !value.isEmpty()
                  && std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
        const qint64 length = ok ? value.toLongLong(&ok) : -1;
        if (!ok || (haveLength && length != m_bodyLength)) {
            fail(400, "malformed Content-Length");
            return false;
        }
        m_bodyLength = length;
        haveLength = true;
    }
    if (m_bodyLength > m_limits.maxBodyBytes) {
        fail(413, "request body too large (limit " + QByteArray::number(m_limits.maxBodyBytes) + " bytes)");
        return false;
    }
    if (m_request.minorVersion == 1)
        m_keepAlive = !headerHasToken(m_request, "connection", "close");
    else
        m_keepAlive = headerHasToken(m_request, "connection", "keep-alive");
    return true;
}

QByteArray HttpConnection::reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

QByteArray HttpConnection::makeHead(int status, const HttpHeaders &headers, qint64 contentLength) const
{
    QByteArray head;
    head.reserve(512);
    head += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    if (contentLength >= 0)
        head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    else if (m_request.minorVersion == 1)
        head += "Transfer-Encoding: chunked\r\n";
    if (!m_keepAlive)
        head += "Connection: close\r\n";
    else if (m_request.minorVersion == 0)
        head += "Connection: keep-alive\r\n";
    head += "\r\n";
    return head;
}

void HttpConnection::respond(int status, const HttpHeaders &headers, const QByteArray &body)
{
    if (m_state != State::Handling || m_streaming) {
        qCWarning(lcHttp) << "respond() without a request to answer";
        return;
    }
    // one write: head and body leave in one segment (the socket has TCP_NODELAY)
    QByteArray response = makeHead(status, headers, body.size());
    if (m_request.method != "HEAD")
        response += body;
    m_socket->write(response);
    finishResponse();
}

void HttpConnection::beginChunked(int status, const HttpHeaders &headers)
{
    if (m_state != State::Handling || m_streaming)
        return;
    if (m_request.minorVersion == 0)
        m_keepAlive = false; // HTTP/1.0: the end of the body is the end of the connection
    m_streaming = true;
    m_socket->write(makeHead(status, headers, -1));
}

void HttpConnection::writeChunk(const QByteArray &data)
{
    if (!m_streaming || data.isEmpty() || m_request.method == "HEAD")
        return;
    if (m_request.minorVersion == 1)
        m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    else
        m_socket->write(data);
    armTimer(-1);
}

void HttpConnection::endChunked()
{
    if (!m_streaming)
        return;
    if (m_request.minorVersion == 1 && m_request.method != "HEAD")
        m_socket->write("0\r\n\r\n");
    m_streaming = false;
    finishResponse();
}

void HttpConnection::finishResponse()
{
    if (!m_keepAlive) {
        m_state = State::Closing;
        m_closeAfterWrite = true;
        if (m_socket->bytesToWrite() == 0 && !m_draining)
            m_socket->disconnectFromHost();
        armTimer(-1);
        return;
    }
    m_state = State::Idle;
    armTimer(-1);
    QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

void HttpConnection::fail(int status, const QByteArray &text)
{
    qCDebug(lcHttp) << "rejecting request from" << m_socket->peerAddress() << status << text;
    m_keepAlive = false;
    m_streaming = false;
    m_draining = true;
    m_state = State::Handling;
    const QByteArray body = "Error " + QByteArray::number(status) + ": " + text;
    m_socket->write(makeHead(status, {{"Content-Type", "text/plain"}}, body.size()) + body);
    m_buffer.clear();
    finishResponse();
    onReadyRead();
}

// ms >= 0 starts that timeout; -1 picks the one the current state calls for.
void HttpConnection::armTimer(int ms)
{
    if (ms < 0) {
        if (m_socket->bytesToWrite() > 0)
            ms = m_limits.writeTimeoutMs;
        else if (m_state == State::Idle)
            ms = m_limits.idleTimeoutMs;
        else if (m_state == State::Closing)
            ms = m_draining ? m_limits.lingerMs : m_limits.writeTimeoutMs;
        else
            return; // reading: the request's own deadline runs on; handling: none
    }
    m_timer->start(ms);
}

void HttpConnection::onTimeout()
{
    switch (m_state) {
    case State::ReadingHead:
    case State::ReadingBody:
        if (m_socket->bytesToWrite() == 0) {
            fail(408, "request not received in time");
            return;
        }
        break;
    case State::Handling:
        if (m_socket->bytesToWrite() == 0)
            return; // a stream waiting for its next item
        break;
    case State::Closing:
        if (m_draining && m_socket->bytesToWrite() == 0) {
            m_socket->disconnectFromHost(); // the client had its time to read the answer
            return;
        }
        break;
    case State::Idle:
        break;
    }
    qCDebug(lcHttp) << "closing connection of" << m_socket->peerAddress() << "on timeout";
    m_socket->abort();
    closeConnection();
}

void HttpConnection::closeConnection()
{
    if (m_closedEmitted)
        return;
    m_closedEmitted = true;
    m_state = State::Closing;
    m_timer->stop();
    emit closed(this);
    deleteLater();
}

HttpServer::HttpServer(QObject *parent) : QObject(parent) { }

HttpServer::~HttpServer() = default;

void HttpServer::setSslConfiguration(const QSslConfiguration &configuration)
{
    m_ssl = configuration;
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    delete m_server;
    if (!m_ssl.isNull()) {
        auto *ssl = new QSslServer(this);
        ssl->setSslConfiguration(m_ssl);
        ssl->setHandshakeTimeout(m_limits.requestTimeoutMs);
        m_server = ssl;
    } else {
        m_server = new QTcpServer(this);
    }
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::onNewConnection);
    return m_server->listen(address, port);
}

quint16 HttpServer::serverPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

QHostAddress HttpServer::serverAddress() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

QString HttpServer::errorString() const
{
    return m_server ? m_server->errorString() : QString();
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        if (m_connectionCount >= m_limits.maxConnections) {
            socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            continue;
        }
        ++m_connectionCount;
        auto *connection = new HttpConnection(socket, m_limits, this);
        connect(connection, &HttpConnection::requestReceived, this, &HttpServer::requestReceived);
        connect(connection, &HttpConnection::closed, this, [this] { --m_connectionCount; });
    }
}
