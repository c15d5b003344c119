// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-echoserver [-H HOST] [-p PORT] [-u SOCKET] [-n] [-N] [-v] [-q]
//
// The C++ twin of Pyro5's test echo server (python -m Pyro5.utils.echoserver): object
// "test.echoserver" with echo, error, error_with_text, oneway_echo, slow, generator, nan,
// inf, oneway_slow, shutdown, __dunder__ and the verbose attribute. Prints its URI at
// once; shutdown() makes it exit with code 0. PYRO_* environment variables apply
// (PYRO_SSL=1 with PYRO_SSL_SERVERCERT etc. serves over TLS; QTPYRO_MAX_CONNECTIONS...).
// -n registers it with a name server found like Pyro5's locate_ns() does; -N also starts
// a name server in the process (on HOST and NS_PORT, broadcast responder included) and
// registers there.

#include "pyrocallcontext.h"
#include "pyrocallreply.h"
#include "pyroconfig.h"
#include "pyrodaemon.h"
#include "pyrogenerator.h"
#include "pyrolocator.h"
#include "pyronameserver.h"
#include "pyronameserverproxy.h"
#include "pyroserializer.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QLocale>
#include <QtCore/QTimer>

#include <cstdio>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

void printLine(const QString &line)
{
    std::fputs(line.toLocal8Bit().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// Python's time.asctime(): "Tue Nov  4 18:07:00 2025".
QString asctime()
{
    const QDateTime now = QDateTime::currentDateTime();
    const QLocale c = QLocale::c();
    return u"%1 %2 %3 %4"_s.arg(c.toString(now, u"ddd MMM"_s))
        .arg(now.date().day(), 2)
        .arg(c.toString(now, u"HH:mm:ss"_s))
        .arg(now.date().year());
}

// A Python-style repr for the verbose log lines.
QString repr(const QVariant &v)
{
    if (PyroValues::kindOf(v) != PyroKind::Other)
        return PyroValues::pythonRepr(v);
    QString text;
    QDebug(&text).nospace().noquote() << v;
    return text;
}

} // namespace

class EchoServer : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool verbose READ verbose WRITE setVerbose)
    Q_CLASSINFO("pyro.oneway", "oneway_echo,oneway_slow")
public:
    bool verbose() const { return m_verbose; }
    void setVerbose(bool on) { m_verbose = on; }

Q_SIGNALS:
    void shutdownRequested();

public Q_SLOTS:
    QVariant echo(const QVariant &message)
    {
        if (m_verbose)
            printLine(u"%1 - echo: %2"_s.arg(asctime(), repr(message)));
        return message;
    }
    void error()
    {
        if (m_verbose)
            printLine(u"%1 - error: generating exception"_s.arg(asctime()));
        throw PyroException(u"builtins.ValueError"_s, u"this is the generated error from echoserver echo() method"_s);
    }
    void error_with_text()
    {
        if (m_verbose)
            printLine(u"%1 - error: generating exception"_s.arg(asctime()));
        throw PyroException(u"builtins.ValueError"_s, u"the message of the error"_s);
    }
    QString oneway_echo(const QVariant &message)
    {
        if (m_verbose)
            printLine(u"%1 - oneway_echo: %2"_s.arg(asctime(), repr(message)));
        return u"bogus return value"_s;
    }
    // Five seconds like Python's, without holding up the other clients: the reply is sent
    // later from a timer. A precise one: clients time out just under 5 s and must not get
    // the answer (a coarse timer fires up to 5 % early).
    QString slow()
    {
        if (m_verbose)
            printLine(u"%1 - slow: waiting a bit..."_s.arg(asctime()));
        PyroDelayedReply reply = PyroCallContext::current()->setDelayedReply();
        QTimer::singleShot(5000, Qt::PreciseTimer, this, [this, reply]() mutable {
            if (m_verbose)
                printLine(u"%1 - slow: returning result"_s.arg(asctime()));
            reply.send(u"Finally, an answer!"_s);
        });
        return QString();
    }
    PyroGenerator generator()
    {
        return PyroGenerator::fromList({u"one"_s, u"two"_s, u"three"_s});
    }
    double nan() { return std::numeric_limits<double>::quiet_NaN(); }
    double inf() { return std::numeric_limits<double>::infinity(); }
    QString oneway_slow()
    {
        if (m_verbose)
            printLine(u"%1 - oneway_slow: waiting a bit..."_s.arg(asctime()));
        QTimer::singleShot(5000, Qt::PreciseTimer, this, [this] {
            if (m_verbose)
                printLine(u"%1 - oneway_slow: returning result"_s.arg(asctime()));
        });
        return u"bogus return value"_s;
    }
    QString _private() { return u"should not be allowed"_s; }
    QString __private() { return u"should not be allowed"_s; }
    QString __dunder__() { return u"should be allowed (dunder)"_s; }
    void shutdown()
    {
        if (m_verbose)
            printLine(u"%1 - shutting down"_s.arg(asctime()));
        // After this call's reply went out.
        QTimer::singleShot(0, this, &EchoServer::shutdownRequested);
    }

private:
    bool m_verbose = false;
};

int main(int argc, char **argv)
{
    // A headless server: Qt's own event dispatcher wakes up for a socket with less work
    // than the GLib one (measurably fewer system calls per call).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"pyro-echoserver"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Pyro test echo/nameserver command line launcher (QtPyro)."_s);
    parser.addHelpOption();
    const QCommandLineOption hostOption({u"H"_s, u"host"_s}, u"hostname to bind server on (default=localhost)"_s,
                                        u"HOST"_s, u"localhost"_s);
    const QCommandLineOption portOption({u"p"_s, u"port"_s}, u"port to bind server on"_s, u"PORT"_s, u"0"_s);
    const QCommandLineOption unixOption({u"u"_s, u"unixsocket"_s}, u"Unix domain socket name to bind server on"_s,
                                        u"SOCKET"_s);
    const QCommandLineOption namingOption({u"n"_s, u"naming"_s}, u"register with nameserver"_s);
    const QCommandLineOption nameserverOption({u"N"_s, u"nameserver"_s}, u"also start a nameserver"_s);
    const QCommandLineOption verboseOption({u"v"_s, u"verbose"_s}, u"verbose output"_s);
    const QCommandLineOption quietOption({u"q"_s, u"quiet"_s}, u"don't output anything"_s);
    parser.addOptions({hostOption, portOption, unixOption, namingOption, nameserverOption, verboseOption, quietOption});
    parser.process(app);

    const bool verbose = parser.isSet(verboseOption);
    const bool quiet = parser.isSet(quietOption) && !verbose;
    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    if (!portOk || port > 65535) {
        std::fprintf(stderr, "pyro-echoserver: argument -p/--port: invalid int value: '%s'\n",
                     qPrintable(parser.value(portOption)));
        return 2;
    }
    if (!quiet)
        printLine(u"Starting Pyro's built-in test echo server."_s);

    const PyroConfig config = PyroConfig::global();
    bool naming = parser.isSet(namingOption);
    std::unique_ptr<PyroNameServer> nameServer;
    if (parser.isSet(nameserverOption)) {
        naming = true;
        nameServer = std::make_unique<PyroNameServer>(config);
        if (!nameServer->start(parser.value(hostOption))) {
            std::fprintf(stderr, "pyro-echoserver: cannot start the name server: %s\n",
                         qPrintable(nameServer->error().toString()));
            return 1;
        }
    }

    PyroDaemon daemon(config);
    const bool listening = parser.isSet(unixOption) ? daemon.listenUnix(parser.value(unixOption))
                                                    : daemon.listen(parser.value(hostOption), quint16(port));
    if (!listening) {
        std::fprintf(stderr, "pyro-echoserver: cannot listen: %s\n", qPrintable(daemon.errorString()));
        return 1;
    }
    EchoServer echo;
    echo.setVerbose(verbose);
    const QString objectName = u"test.echoserver"_s;
    const PyroUri uri = daemon.registerObject(&echo, objectName);
    QObject::connect(&echo, &EchoServer::shutdownRequested, &app, [] { QCoreApplication::exit(0); });

    auto announce = [&] {
        if (!quiet) {
            printLine(u"object name: %1"_s.arg(objectName));
            printLine(u"echo uri: %1"_s.arg(uri.toString()));
            printLine(u"echoserver running."_s);
        }
    };

    // Registration runs on the event loop: an embedded name server (-N) answers from this
    // same thread, so nothing here may block on it.
    std::unique_ptr<PyroNameServerProxy> ns;
    PyroLocator locator(config);
    if (naming) {
        QObject::connect(&locator, &PyroLocator::finished, &app, [&] {
            if (locator.error().isError()) {
                std::fprintf(stderr, "pyro-echoserver: %s\n", qPrintable(locator.error().toString()));
                QCoreApplication::exit(1);
                return;
            }
            ns.reset(locator.takeNameServer());
            PyroCallReply *reply = ns->registerName(objectName, uri);
            QObject::connect(reply, &PyroCallReply::finished, &app, [&, reply] {
                reply->deleteLater();
                if (reply->error().isError()) {
                    std::fprintf(stderr, "pyro-echoserver: registering with the name server failed: %s\n",
                                 qPrintable(reply->error().toString()));
                    QCoreApplication::exit(1);
                    return;
                }
                if (verbose) {
                    printLine(u"using name server at %1"_s.arg(ns->uri().toString()));
                    if (nameServer) {
                        if (nameServer->isBroadcasting())
                            printLine(u"broadcast server running at %1"_s.arg(nameServer->broadcastLocation()));
                        else
                            printLine(u"not using a broadcast server"_s);
                    }
                }
                announce();
            });
        });
        if (nameServer)
            locator.locate(nameServer->uri().host(), nameServer->uri().port());
        else
            locator.locate();
    } else {
        if (verbose)
            printLine(u"not using a name server."_s);
        announce();
    }
    const int code = app.exec();
    ns.reset();
    daemon.close();
    if (nameServer)
        nameServer->stop();
    return code;
}

#include "main.moc"
