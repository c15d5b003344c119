// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The greeting server of Pyro5's tutorial, in Qt: one QObject whose public slot a Python
// (or C++) client calls by name.
//
//   example-greeting-server [-H HOST] [-p PORT] [-n]

#include "examplesupport.h"

#include <pyrodaemon.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QRandomGenerator>

using namespace Qt::StringLiterals;

class GreetingMaker : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    // Public slots are what a Pyro client may call; the slot name is the remote method name.
    QString get_fortune(const QString &name) const
    {
        const int lucky = QRandomGenerator::global()->bounded(1, 100);
        return u"Hello, %1. Your lucky number today is %2."_s.arg(name).arg(lucky);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.greeting: get_fortune(name)."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    GreetingMaker greeter;
    const PyroUri uri = daemon.registerObject(&greeter, u"example.greeting"_s);
    if (!ExampleSupport::publish(parser, u"example.greeting"_s, uri))
        return 1;
    return app.exec();
}

#include "server.moc"
