// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The service the qtwidgets window calls: a slow method and a quick one. The slow one
// answers later through a delayed reply, so the daemon serves other calls (the window's
// quick ones) in the meantime without any threads.
//
//   example-qtwidgets-server [-H HOST] [-p PORT] [-n]

#include "examplesupport.h"

#include <pyrocallcontext.h>
#include <pyrodaemon.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QTimer>

using namespace Qt::StringLiterals;
using ExampleSupport::print;

class Calculator : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    double slow_square(double number, double seconds)
    {
        print(u"slow_square(%1): thinking for %2 s"_s.arg(number).arg(seconds));
        // The reply goes out when the timer fires; this slot returns at once.
        PyroDelayedReply reply = PyroCallContext::current()->delayReply();
        QTimer::singleShot(qRound(seconds * 1000), this, [reply, number]() mutable {
            print(u"slow_square(%1): done"_s.arg(number));
            reply.send(number * number);
        });
        return 0;  // ignored: the delayed reply answers
    }
    double add(double a, double b) const
    {
        print(u"add(%1, %2)"_s.arg(a).arg(b));
        return a + b;
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.calculator for the qtwidgets window."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    Calculator calculator;
    const PyroUri uri = daemon.registerObject(&calculator, u"example.calculator"_s);
    if (!ExampleSupport::publish(parser, u"example.calculator"_s, uri))
        return 1;
    return app.exec();
}

#include "server.moc"
