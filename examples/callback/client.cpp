// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The client side of callbacks: it runs a daemon of its own for the CallbackHandler, puts
// workers on the server to work, and counts their done() calls. Everything is
// asynchronous and runs in the one thread's event loop: the client's daemon serves the
// callbacks while its proxies wait for replies.
//
//   example-callback-client [URI] [--workers N] [--max-work SECONDS]

#include "examplesupport.h"

#include <pyrocallreply.h>
#include <pyrodaemon.h>
#include <pyroproxy.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QRandomGenerator>

using namespace Qt::StringLiterals;
using ExampleSupport::print;

class CallbackHandler : public QObject
{
    Q_OBJECT
public:
    explicit CallbackHandler(int expected) : m_expected(expected) { }

Q_SIGNALS:
    void allDone();

public Q_SLOTS:
    void done(int number)
    {
        print(u"callback: worker %1 reports work is done!"_s.arg(number));
        if (++m_done == m_expected)
            Q_EMIT allDone();
    }

private:
    int m_expected;
    int m_done = 0;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Puts workers of example.callback to work and waits for their callbacks."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"uri"_s, u"The callback server (default PYRONAME:example.callback)."_s, u"[URI]"_s);
    const QCommandLineOption workersOption(u"workers"_s, u"Number of workers (default 5)."_s, u"N"_s, u"5"_s);
    const QCommandLineOption maxWorkOption(u"max-work"_s, u"Each worker works 1 to this many seconds (default 5)."_s,
                                           u"SECONDS"_s, u"5"_s);
    parser.addOptions({workersOption, maxWorkOption});
    parser.process(app);
    const int workers = qMax(1, parser.value(workersOption).toInt());
    const int maxWork = qMax(1, parser.value(maxWorkOption).toInt());

    // Our own daemon, so the server can call us.
    PyroDaemon daemon;
    if (!daemon.listen(u"localhost"_s, 0)) {
        ExampleSupport::printError(u"cannot listen: "_s + daemon.errorString());
        return 1;
    }
    CallbackHandler handler(workers);
    daemon.registerObject(&handler);
    QObject::connect(&handler, &CallbackHandler::allDone, &app, [] {
        print(u"done!"_s);
        QCoreApplication::exit(0);
    });

    print(u"creating a bunch of workers"_s);
    PyroProxy server(PyroUri(parser.positionalArguments().value(0, u"PYRONAME:example.callback"_s)));
    // What Pyro5 sends for a registered object: a proxy (URI + metadata) the server uses.
    const QVariant callback = QVariant::fromValue(daemon.proxyFor(&handler));
    for (int i = 0; i < workers; ++i) {
        PyroCallReply *reply = server.asyncCall(u"addworker"_s, {callback});
        QObject::connect(reply, &PyroCallReply::finished, &app, [reply, maxWork] {
            reply->deleteLater();
            if (reply->isError()) {
                ExampleSupport::printError(u"addworker failed: "_s + reply->error().toString());
                QCoreApplication::exit(1);
                return;
            }
            // The worker came back as a proxy (autoproxy); work() is oneway per its metadata.
            auto *worker = new PyroProxy(reply->value().value<PyroObjectRef>(), qApp);
            worker->setAutoDeleteReplies(true);
            worker->asyncCall(u"work"_s, {QRandomGenerator::global()->bounded(1, maxWork + 1)});
        });
    }
    print(u"waiting for all work complete..."_s);
    return app.exec();
}

#include "client.moc"
