// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-ns [-n HOST] [-p PORT] [-u SOCKET] [-s memory|sql:FILE|sql:URL] [--bchost H]
//         [--bcport P] [-x] [--nathost H] [--natport P] [-v]
//
// The name server launcher, with the options and the output of Pyro5's
// (python -m Pyro5.nameserver / pyro5-ns). Prints its URI at once; SIGINT and SIGTERM
// stop it cleanly (the storage is closed, so sql registrations are all on disk).
// PYRO_* environment variables apply (HOST, NS_PORT, NS_BCHOST, NS_BCPORT, NATHOST...).
// Unlike Pyro5's launcher it starts the broadcast responder also for a loopback address.

#include "pyroconfig.h"
#include "pyrodaemon.h"
#include "pyronameserver.h"
#include "pyrostorage.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QLoggingCategory>
#include <QtCore/QSocketNotifier>
#include <QtNetwork/QHostAddress>

#include <cstdio>

#ifdef Q_OS_UNIX
#  include <csignal>
#  include <fcntl.h>
#  include <sys/socket.h>
#  include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

void printLine(const QString &line)
{
    std::fputs(line.toLocal8Bit().constData(), stdout);
    std::fputc('\n', stdout);
}

int usageError(const QString &message)
{
    std::fprintf(stderr, "pyro-ns: %s\n", qPrintable(message));
    return 2;
}

#ifdef Q_OS_UNIX
int signalPipe[2] = {-1, -1};

// Only async-signal-safe work here: the event loop does the rest.
void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(signalPipe[1], &byte, 1);
}

bool installSignalHandlers()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return false;
    ::fcntl(signalPipe[1], F_SETFL, ::fcntl(signalPipe[1], F_GETFL) | O_NONBLOCK);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGTERM, &action, nullptr) == 0 && ::sigaction(SIGINT, &action, nullptr) == 0;
}
#endif

bool parsePort(const QString &text, int *port)
{
    bool ok = false;
    const int value = text.trimmed().toInt(&ok);
    if (!ok || value < 0 || value > 65535)
        return false;
    *port = value;
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"pyro-ns"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Pyro name server command line launcher (QtPyro)."_s);
    parser.addHelpOption();
    const QCommandLineOption hostOption({u"n"_s, u"host"_s}, u"hostname to bind server on"_s, u"HOST"_s);
    const QCommandLineOption portOption({u"p"_s, u"port"_s}, u"port to bind server on (0=random)"_s, u"PORT"_s);
    const QCommandLineOption unixOption({u"u"_s, u"unixsocket"_s}, u"Unix domain socket name to bind server on"_s,
                                        u"SOCKET"_s);
    const QCommandLineOption storageOption({u"s"_s, u"storage"_s},
                                           u"Storage system to use (memory, sql:file, sql:postgresql://...)"_s,
                                           u"STORAGE"_s, u"memory"_s);
    const QCommandLineOption bchostOption(u"bchost"_s, u"hostname to bind broadcast server on (default is \"\")"_s,
                                          u"BCHOST"_s);
    const QCommandLineOption bcportOption(u"bcport"_s, u"port to bind broadcast server on (0=random)"_s, u"BCPORT"_s);
    const QCommandLineOption nathostOption(u"nathost"_s, u"external hostname in case of NAT"_s, u"NATHOST"_s);
    const QCommandLineOption natportOption(u"natport"_s, u"external port in case of NAT"_s, u"NATPORT"_s);
    const QCommandLineOption nobcOption({u"x"_s, u"nobc"_s}, u"don't start a broadcast server"_s);
    const QCommandLineOption verboseOption({u"v"_s, u"verbose"_s}, u"verbose output (storage, requests)"_s);
    parser.addOptions({hostOption, portOption, unixOption, storageOption, bchostOption, bcportOption,
                       nathostOption, natportOption, nobcOption, verboseOption});
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        return usageError(u"unrecognized arguments: "_s + parser.positionalArguments().join(u' '));

    int port = -1, bcport = -1, natport = 0;
    if (parser.isSet(portOption) && !parsePort(parser.value(portOption), &port))
        return usageError(u"argument -p/--port: invalid int value: '%1'"_s.arg(parser.value(portOption)));
    if (parser.isSet(bcportOption) && !parsePort(parser.value(bcportOption), &bcport))
        return usageError(u"argument --bcport: invalid int value: '%1'"_s.arg(parser.value(bcportOption)));
    if (parser.isSet(natportOption) && !parsePort(parser.value(natportOption), &natport))
        return usageError(u"argument --natport: invalid int value: '%1'"_s.arg(parser.value(natportOption)));

    const bool verbose = parser.isSet(verboseOption);
    if (verbose)
        QLoggingCategory::setFilterRules(u"qtpyro.naming*.debug=true"_s);

    QStringList configProblems;
    const PyroConfig config = PyroConfig::fromEnvironment(&configProblems);
    for (const QString &problem : std::as_const(configProblems))
        std::fprintf(stderr, "pyro-ns: warning: %s\n", qPrintable(problem));

#ifdef Q_OS_UNIX
    if (!installSignalHandlers())
        std::fprintf(stderr, "pyro-ns: warning: cannot install signal handlers\n");
    QSocketNotifier signalNotifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &app, [&signalNotifier] {
        char byte;
        [[maybe_unused]] const ssize_t n = ::read(signalPipe[0], &byte, 1);
        signalNotifier.setEnabled(false);
        QCoreApplication::quit();
    });
#endif

    PyroNameServer ns(config);
    ns.setStorageSpec(parser.value(storageOption));
    ns.setBroadcastEnabled(!parser.isSet(nobcOption));
    ns.setBroadcastAddress(parser.isSet(bchostOption) ? parser.value(bchostOption) : config.nsBroadcastHost(),
                           bcport);
    const QString nathost = parser.isSet(nathostOption) ? parser.value(nathostOption) : config.natHost();
    if (!nathost.isEmpty())
        ns.setNat(nathost, quint16(parser.isSet(natportOption) ? natport : config.natPort()));
    QObject::connect(&ns, &PyroNameServer::broadcastAnswered, &app, [verbose](const QString &requester) {
        if (verbose) {
            printLine(u"responding to broadcast request from %1"_s.arg(requester));
            std::fflush(stdout);
        }
    });

    const bool started = parser.isSet(unixOption) ? ns.startUnix(parser.value(unixOption))
                                                  : ns.start(parser.value(hostOption), port);
    if (!started) {
        std::fprintf(stderr, "pyro-ns: %s\n", qPrintable(ns.error().toString()));
        return 1;
    }

    PyroDaemon *daemon = ns.daemon();
    QString hostip;
    if (parser.isSet(unixOption)) {
        hostip = u"Unix domain socket"_s;
    } else {
        hostip = ns.boundAddress().toString();
        if (hostip.contains(u':')) // IPv6 has no broadcast (Pyro5 says so even with -x)
            printLine(u"Not starting broadcast server for IPv6."_s);
    }
    if (ns.isBroadcasting())
        printLine(u"Broadcast server running on %1"_s.arg(ns.broadcastLocation()));
    if (verbose)
        printLine(u"storage: %1"_s.arg(ns.storage()->description()));
    const qint64 existing = ns.storage()->count();
    if (existing > 1) // not counting our own registration
        printLine(u"Persistent store contains %1 existing registrations."_s.arg(existing));
    printLine(u"NS running on %1 (%2)"_s.arg(daemon->location(), hostip));
    if (!daemon->natLocation().isEmpty()) {
        printLine(u"internal URI = %1"_s.arg(ns.internalUri().toString()));
        printLine(u"external URI = %1"_s.arg(ns.uri().toString()));
    } else {
        printLine(u"URI = %1"_s.arg(ns.uri().toString()));
    }
    std::fflush(stdout);

    const int code = app.exec();
    ns.stop();
    printLine(u"NS shut down."_s);
    std::fflush(stdout);
    return code;
}
