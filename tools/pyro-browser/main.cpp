// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-browser [-n HOST] [-p PORT] [-u UNIXSOCKET] [-b] [-s SERIALIZER] [URI]
//
// A window onto Pyro5 name servers and daemons (Python's or QtPyro's): the registry as a
// filterable tree, each object's methods, attributes and signals, a call dialog, a signal
// monitor and a request log. See docs/browser.md.

#include "connectionsettings.h"
#include "mainwindow.h"

#include "pyroserializer.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"QtPyro"_s);
    QApplication::setApplicationName(u"pyro-browser"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"Browses Pyro5 name servers and daemons: registrations, objects, calls, attributes, signals.\n"
            "Without options it asks where to connect."_s);
    parser.addHelpOption();
    const QCommandLineOption hostOption({u"n"_s, u"host"_s}, u"Name server host (a tab for it)."_s, u"HOST"_s);
    const QCommandLineOption portOption({u"p"_s, u"port"_s}, u"Name server port (default 9090)."_s, u"PORT"_s);
    const QCommandLineOption unixOption({u"u"_s, u"unixsocket"_s}, u"Name server on this Unix socket."_s, u"UNIXSOCKET"_s);
    const QCommandLineOption broadcastOption({u"b"_s, u"broadcast"_s}, u"Locate the name server by broadcast."_s);
    const QCommandLineOption serializerOption({u"s"_s, u"serializer"_s},
                                              u"Serializer: serpent, json, marshal, msgpack (default serpent)."_s,
                                              u"SERIALIZER"_s);
    parser.addOptions({hostOption, portOption, unixOption, broadcastOption, serializerOption});
    parser.addPositionalArgument(u"URI"_s, u"Open this object: PYRO:obj@host:port (its daemon), PYRONAME:name "
                                           "or PYROMETA:tag (through the name server)."_s,
                                 u"[URI]"_s);
    parser.process(app);

    PyroBrowser::ConnectionSettings settings;
    if (parser.isSet(serializerOption)) {
        PyroError error;
        if (!PyroSerializer::byName(parser.value(serializerOption), &error)) {
            std::fprintf(stderr, "pyro-browser: %s\n", qPrintable(error.message()));
            return 2;
        }
        settings.serializer = parser.value(serializerOption);
    }
    if (parser.isSet(portOption)) {
        bool ok = false;
        settings.port = parser.value(portOption).toInt(&ok);
        if (!ok || settings.port <= 0 || settings.port > 65535) {
            std::fprintf(stderr, "pyro-browser: invalid port '%s'\n", qPrintable(parser.value(portOption)));
            return 2;
        }
    }
    if (parser.isSet(hostOption))
        settings.host = parser.value(hostOption);
    if (parser.isSet(unixOption)) {
        settings.kind = PyroBrowser::ConnectionSettings::Kind::UnixSocket;
        settings.socketPath = parser.value(unixOption);
    } else if (parser.isSet(broadcastOption)) {
        settings.kind = PyroBrowser::ConnectionSettings::Kind::Broadcast;
        settings.port = parser.isSet(portOption) ? settings.port : 9091;
    }

    PyroBrowser::MainWindow window;
    window.show();
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty()) {
        if (!window.openUri(positional.first(), settings)) {
            std::fprintf(stderr, "pyro-browser: not a Pyro URI: %s\n", qPrintable(positional.first()));
            return 2;
        }
    } else if (parser.isSet(hostOption) || parser.isSet(portOption) || parser.isSet(unixOption)
               || parser.isSet(broadcastOption)) {
        window.openConnection(settings);
    } else {
        QTimer::singleShot(0, &window, &PyroBrowser::MainWindow::showConnectDialog);
    }
    return app.exec();
}
