// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// A daemon on a Unix domain socket instead of TCP. Only listenUnix() differs; the URI
// it prints (PYRO:example.unixsock@./u:<path>) tells any client how to connect.
//
//   example-unixdomainsock-server [SOCKETPATH]     (default example_unix.sock)

#include "examplesupport.h"

#include <pyrodaemon.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QFileInfo>

using namespace Qt::StringLiterals;

class Thingy : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QString message(const QString &text)
    {
        ExampleSupport::print(u"Message received: "_s + text);
        return u"Roger!"_s;
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.unixsock on a Unix domain socket."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"socket"_s, u"The socket file (default example_unix.sock)."_s, u"[SOCKETPATH]"_s);
    parser.process(app);
    // An absolute path makes the URI usable from any working directory.
    const QString path = QFileInfo(parser.positionalArguments().value(0, u"example_unix.sock"_s)).absoluteFilePath();

    PyroDaemon daemon;
    if (!daemon.listenUnix(path)) {  // replaces a stale socket file
        ExampleSupport::printError(u"cannot listen: "_s + daemon.errorString());
        return 1;
    }
    Thingy thingy;
    ExampleSupport::print(u"Server running, uri = "_s + daemon.registerObject(&thingy, u"example.unixsock"_s).toString());
    return app.exec();
}

#include "server.moc"
