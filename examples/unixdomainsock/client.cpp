// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The client does not care what kind of socket the daemon listens on: the URI says it.
//
//   example-unixdomainsock-client [URI]     (asks for the URI when missing)

#include "examplesupport.h"

#include <pyroproxy.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Sends a message to example.unixsock."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"uri"_s, u"The object's URI (asked for when missing)."_s, u"[URI]"_s);
    parser.process(app);
    QString uri = parser.positionalArguments().value(0);
    if (uri.isEmpty())
        uri = ExampleSupport::prompt(u"enter the server uri: "_s);

    PyroProxy p{PyroUri(uri)};
    const PyroResult r = p.call(u"message"_s, {u"Hello there!"_s});
    if (r.isError()) {
        ExampleSupport::printError(r.error().toString());
        return 1;
    }
    ExampleSupport::print(u"Response was: "_s + r.value().toString());
    return 0;
}
