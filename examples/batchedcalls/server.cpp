// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The server of the batched calls example: small, fast methods that a client calls many
// times, one by one or in batches.
//
//   example-batchedcalls-server [-H HOST] [-p PORT] [-n]

#include "examplesupport.h"

#include <pyrocallcontext.h>
#include <pyrodaemon.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QThread>

using namespace Qt::StringLiterals;

class Thingy : public QObject
{
    Q_OBJECT
    // delay() sleeps, so calls run on the daemon's thread pool instead of its own thread,
    // where a sleep would stop every other client. The class has no state, so that is safe.
    Q_CLASSINFO("pyro.threading", "pool")
public Q_SLOTS:
    qlonglong multiply(qlonglong a, qlonglong b) const { return a * b; }
    qlonglong add(qlonglong a, qlonglong b) const { return a + b; }
    // Python's a // b: rounds toward minus infinity.
    qlonglong divide(qlonglong a, qlonglong b) const
    {
        if (b == 0)
            throw PyroException(u"builtins.ZeroDivisionError"_s, u"integer division or modulo by zero"_s);
        const qlonglong q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
    void error() const { divide(1, 0); }
    double delay(double seconds) const
    {
        QThread::msleep(qRound64(seconds * 1000));
        return seconds;
    }
    int printmessage(const QString &message) const
    {
        ExampleSupport::print(message);
        return 0;
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.batched."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    Thingy thingy;
    const PyroUri uri = daemon.registerObject(&thingy, u"example.batched"_s);
    if (!ExampleSupport::publish(parser, u"example.batched"_s, uri))
        return 1;
    return app.exec();
}

#include "server.moc"
