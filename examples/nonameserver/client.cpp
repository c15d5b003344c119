// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// A client that needs no name server: it is given the object's URI.
//
//   example-nonameserver-client [URI]     (asks for the URI when missing)

#include "examplesupport.h"

#include <pyroproxy.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Gets quotes from a quote generator."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"uri"_s, u"The quote generator's URI (asked for when missing)."_s, u"[URI]"_s);
    parser.process(app);
    QString uri = parser.positionalArguments().value(0);
    if (uri.isEmpty())
        uri = ExampleSupport::prompt(u"Enter the URI of the quote object: "_s);

    PyroProxy quotegen{PyroUri(uri)};
    ExampleSupport::print(u"Getting some quotes..."_s);
    for (int i = 0; i < 2; ++i) {
        const PyroResult r = quotegen.call(u"quote"_s);
        if (r.isError()) {
            ExampleSupport::printError(r.error().toString());
            return 1;
        }
        ExampleSupport::print(r.value().toString());
    }
    return 0;
}
