// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The greeting client of Pyro5's tutorial, written the Qt way: an asynchronous call whose
// PyroCallReply reports through finished(), like a QNetworkReply.
//
//   example-greeting-client [URI] [NAME]
//
// URI defaults to PYRONAME:example.greeting (needs a name server); without NAME the
// client asks for it.

#include "examplesupport.h"

#include <pyrocallreply.h>
#include <pyroproxy.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Asks example.greeting for a fortune."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"uri"_s, u"The greeting object (default PYRONAME:example.greeting)."_s, u"[URI]"_s);
    parser.addPositionalArgument(u"name"_s, u"Your name (asked for when missing)."_s, u"[NAME]"_s);
    parser.process(app);
    const QStringList args = parser.positionalArguments();

    const PyroUri uri(args.value(0, u"PYRONAME:example.greeting"_s));
    if (!uri.isValid()) {
        ExampleSupport::printError(u"not a Pyro URI: "_s + args.value(0));
        return 2;
    }
    const QString name = args.size() > 1 ? args.at(1) : ExampleSupport::prompt(u"What is your name? "_s);

    PyroProxy greeter(uri);
    // The reply is ours: it reports once, queued, then we delete it.
    PyroCallReply *reply = greeter.asyncCall(u"get_fortune"_s, {name});
    QObject::connect(reply, &PyroCallReply::finished, &app, [reply] {
        if (reply->isError()) {
            ExampleSupport::printError(u"the call failed: "_s + reply->error().toString());
            QCoreApplication::exit(1);
        } else {
            ExampleSupport::print(reply->value().toString());
            QCoreApplication::exit(0);
        }
        reply->deleteLater();
    });
    return app.exec();
}
