// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QElapsedTimer>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPair>
#include <QtCore/QPointer>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QSslConfiguration>

class QTcpServer;
class QTcpSocket;
class QTimer;

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// One parsed HTTP/1.x request. Header names are kept as sent; header() looks up
// case-insensitively.
struct HttpRequest
{
    QByteArray method;          // "GET", "POST", ...
    QByteArray target;          // as sent: "/pyro/x/y?a=1"
    QByteArray path;            // target without the query, still percent-encoded
    QByteArray query;           // after '?', still encoded
    int minorVersion = 1;       // HTTP/1.<minor>
    HttpHeaders headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
};

// The limits of the HTTP side; every one of them ends a hostile request with a 4xx
// (or a closed connection) and leaves the others served.
struct HttpLimits
{
    int maxHeaderBytes = 16 * 1024;       // request line + headers
    int maxHeaderCount = 100;
    qint64 maxBodyBytes = 1024 * 1024;    // Content-Length above: 413
    int requestTimeoutMs = 30000;         // first byte to last byte of one request: else 408
    int idleTimeoutMs = 60000;            // keep-alive connection with nothing to do: closed
    int writeTimeoutMs = 60000;           // a response the client does not read: closed
    int maxConnections = 1000;            // more: 503 and closed
    int lingerMs = 2000;                  // after an error answer: time for the client to read it
};

/*
 * One client connection: reads HTTP/1.0 and 1.1 requests (Content-Length bodies,
 * keep-alive, pipelined requests answered in order), emits requestReceived() for each,
 * and writes the answer the owner gives with respond() or, piece by piece, with
 * beginChunked()/writeChunk()/endChunked(). Malformed or oversized requests are
 * answered here (400, 408, 411, 413, 431, 505) and the connection is closed.
 * Lives in the server's thread; deletes itself when the socket closes (closed() first).
 */
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, QObject *parent = nullptr);
    ~HttpConnection() override;

    QHostAddress peerAddress() const;
    bool isSecure() const;

    // Answers the current request. HEAD answers carry no body (its length is still sent).
    void respond(int status, const HttpHeaders &headers, const QByteArray &body = {});
    // A response of unknown length (chunked for HTTP/1.1, close-delimited for 1.0).
    void beginChunked(int status, const HttpHeaders &headers);
    void writeChunk(const QByteArray &data);
    void endChunked();
    bool isStreaming() const { return m_streaming; }
    // Response bytes not yet taken by the kernel; drained() says when they all are.
    qint64 pendingBytes() const;

    static QByteArray reasonPhrase(int status);

Q_SIGNALS:
    void requestReceived(HttpConnection *connection, const HttpRequest &request);
    void closed(HttpConnection *connection);
    void drained();

private:
    enum class State { Idle, ReadingHead, ReadingBody, Handling, Closing };

    void onReadyRead();
    void processInput();
    bool parseHead(qsizetype headEnd);
    void fail(int status, const QByteArray &text);
    QByteArray makeHead(int status, const HttpHeaders &headers, qint64 contentLength) const;
    void finishResponse();
    void onTimeout();
    void armTimer(int ms);
    void closeConnection();

    QTcpSocket *m_socket;
    HttpLimits m_limits;
    QTimer *m_timer;
    QByteArray m_buffer;
    HttpRequest m_request;
    qint64 m_bodyLength = 0;
    State m_state = State::Idle;
    bool m_keepAlive = true;
    bool m_streaming = false;
    bool m_closeAfterWrite = false;
    bool m_closedEmitted = false;
    bool m_draining = false;
    qint64 m_drained = 0;
};

/*
 * Accepts connections on TCP or, with an SSL configuration, on TLS (QSslServer), and
 * hands every request of every connection to requestReceived().
 */
class HttpServer : public QObject
{
    Q_OBJECT
public:
    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    void setLimits(const HttpLimits &limits) { m_limits = limits; }
    HttpLimits limits() const { return m_limits; }
    // Before listen(): serve HTTPS with this configuration (certificate and key set).
    void setSslConfiguration(const QSslConfiguration &configuration);

    bool listen(const QHostAddress &address, quint16 port);
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    QString errorString() const;
    bool isSecure() const { return !m_ssl.isNull(); }
    int connectionCount() const { return m_connectionCount; }

Q_SIGNALS:
    void requestReceived(HttpConnection *connection, const HttpRequest &request);

private:
    void onNewConnection();

    QTcpServer *m_server = nullptr;
    QSslConfiguration m_ssl;
    HttpLimits m_limits;
    int m_connectionCount = 0;
};
