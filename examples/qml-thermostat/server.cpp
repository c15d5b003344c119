// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The thermostat of the QML example as a C++ server, registered as example.thermostat:
//
//   pyro-ns &                       # or: python3 -m Pyro5.nameserver
//   example-qml-thermostat-server -n
//   qml-thermostat --ns localhost:9090
//
//   example-qml-thermostat-server [-H HOST] [-p PORT] [-n]

#include "examplesupport.h"
#include "thermostat.h"

#include <pyrodaemon.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.thermostat for the qml-thermostat example."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    Thermostat thermostat;
    const PyroUri uri = daemon.registerObject(&thermostat, u"example.thermostat"_s);
    if (!ExampleSupport::publish(parser, u"example.thermostat"_s, uri))
        return 1;
    return app.exec();
}
