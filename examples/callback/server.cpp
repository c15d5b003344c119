// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Callbacks: the client hands the server an object that lives in the client's own daemon;
// the server calls it back when work is done. Shows autoproxy too: addworker() returns a
// QObject registered in the daemon, which reaches the client as a proxy.
//
//   example-callback-server [-H HOST] [-p PORT] [-n]

#include "examplesupport.h"

#include <pyrocallreply.h>
#include <pyrodaemon.h>
#include <pyroobjectref.h>
#include <pyroproxy.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QTimer>

using namespace Qt::StringLiterals;
using ExampleSupport::print;

class Worker : public QObject
{
    Q_OBJECT
    // work() is oneway: the client does not wait for it.
    Q_CLASSINFO("pyro.oneway", "work")
public:
    Worker(int number, const PyroObjectRef &callback, PyroDaemon *daemon, QObject *parent)
        : QObject(parent), m_number(number), m_callback(callback), m_daemon(daemon)
    {
        print(u"Worker %1 created"_s.arg(number));
    }

public Q_SLOTS:
    void work(double seconds)
    {
        print(u"Worker %1 busy..."_s.arg(m_number));
        // "Working" on a timer keeps the daemon free for other clients meanwhile.
        QTimer::singleShot(qRound(seconds * 1000), this, &Worker::finish);
    }

private:
    void finish()
    {
        print(u"Worker %1 done. Informing callback client."_s.arg(m_number));
        m_daemon->unregisterObject(this);
        // The callback object is a proxy on our side; the call is asynchronous so the
        // daemon keeps serving while the client answers.
        auto *callback = new PyroProxy(m_callback, this);
        PyroCallReply *reply = callback->asyncCall(u"done"_s, {m_number});
        connect(reply, &PyroCallReply::finished, this, [this, reply] {
            if (reply->isError())
                ExampleSupport::printError(u"callback of worker %1 failed: %2"_s.arg(m_number).arg(reply->error().toString()));
            reply->deleteLater();
            deleteLater();
        });
    }

    int m_number;
    PyroObjectRef m_callback;
    PyroDaemon *m_daemon;
};

class CallbackServer : public QObject
{
    Q_OBJECT
public:
    explicit CallbackServer(PyroDaemon *daemon) : m_daemon(daemon) { }

public Q_SLOTS:
    // callback arrives as a reference to the client's object (Pyro5 sends proxies that way).
    // The returned QObject is registered, so the client receives a proxy for it.
    QObject *addworker(const PyroObjectRef &callback)
    {
        ++m_count;
        print(u"server: adding worker %1"_s.arg(m_count));
        auto *worker = new Worker(m_count, callback, m_daemon, this);
        m_daemon->registerObject(worker);
        return worker;
    }

private:
    PyroDaemon *m_daemon;
    int m_count = 0;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.callback."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    CallbackServer server(&daemon);
    const PyroUri uri = daemon.registerObject(&server, u"example.callback"_s);
    if (!ExampleSupport::publish(parser, u"example.callback"_s, uri))
        return 1;
    return app.exec();
}

#include "server.moc"
