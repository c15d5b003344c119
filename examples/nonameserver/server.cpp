// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Pyro without a name server: the server prints its objects' URIs and the client is
// given one. Two quote generators: one under an id the daemon makes up, one under a
// chosen id.
//
//   example-nonameserver-server [-H HOST] [-p PORT]

#include "examplesupport.h"

#include <pyrodaemon.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

using namespace Qt::StringLiterals;
using ExampleSupport::print;

class QuoteGen : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QString quote()
    {
        static const QStringList quotes{
            u"A program that has not been tested does not work."_s,
            u"Simple things should be simple, complex things should be possible."_s,
            u"Weeks of coding can save you hours of planning."_s,
            u"The network is reliable, until it is not."_s,
            u"There is no place like 127.0.0.1."_s,
        };
        return quotes.at(m_next++ % quotes.size());
    }

private:
    int m_next = 0;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves two quote generators without a name server."_s);
    parser.addHelpOption();
    parser.addOption({{u"H"_s, u"host"_s}, u"Host name or address to listen on (default localhost)."_s,
                      u"HOST"_s, u"localhost"_s});
    parser.addOption({{u"p"_s, u"port"_s}, u"TCP port to listen on (default 0: any free port)."_s, u"PORT"_s, u"0"_s});
    parser.process(app);

    PyroDaemon daemon;
    if (!daemon.listen(parser.value(u"host"_s), quint16(parser.value(u"port"_s).toUInt()))) {
        ExampleSupport::printError(u"cannot listen: "_s + daemon.errorString());
        return 1;
    }
    QuoteGen quote1;
    QuoteGen quote2;
    const PyroUri uri1 = daemon.registerObject(&quote1);                            // id made up by the daemon
    const PyroUri uri2 = daemon.registerObject(&quote2, u"example.quotegen"_s);     // id of our choice
    print(u"QuoteGen is ready, not using the Name Server."_s);
    print(u"You can use the following two URIs to connect to me:"_s);
    print(u"uri = "_s + uri1.toString());
    print(u"uri = "_s + uri2.toString());
    return app.exec();
}

#include "server.moc"
