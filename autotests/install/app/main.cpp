// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Serves an echo object and a name server with the sql storage plugin in a worker thread,
// and calls them over msgpack from the main thread; prints "OK <result>" on success.
#include <QtPyro/PyroDaemon>
#include <QtPyro/PyroNameServer>
#include <QtPyro/PyroNameServerProxy>
#include <QtPyro/PyroProxy>
#include <QtPyro/PyroStorage>
#include <QtPyro/PyroValues>

#include <QtCore/QCoreApplication>
#include <QtCore/QEventLoop>
#include <QtCore/QThread>

#include <condition_variable>
#include <mutex>
#include <thread>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

QString umbrellaVersionCheck();

class Echo : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QVariant echo(const QVariant &value) { return value; }
};

static int fail(const QString &what)
{
    std::fprintf(stderr, "FAIL %s\n", qPrintable(what));
    return 1;
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return fail(u"usage: installedapp SQLITEFILE"_s);
    const QString sqlFile = QString::fromLocal8Bit(argv[1]);

    // The servers live in their own thread: a blocking call into a daemon of the calling
    // thread could never be answered (QtPyro refuses it). They are made, used and
    // destroyed there.
    // (A std::thread running a QEventLoop, joined at the end: QThread::wait() returns before
    // the thread's thread-local destructors ran, which a leak checker at exit may notice.)
    QObject context;
    QEventLoop *serverLoop = nullptr;
    QThread *serverQThread = nullptr;
    std::mutex mutex;
    std::condition_variable started;
    std::thread serverThread([&] {
        QEventLoop loop;
        {
            std::lock_guard<std::mutex> lock(mutex);
            serverLoop = &loop;
            serverQThread = QThread::currentThread();
        }
        started.notify_all();
        loop.exec();
    });
    {
        std::unique_lock<std::mutex> lock(mutex);
        started.wait(lock, [&] { return serverQThread != nullptr; });
    }
    context.moveToThread(serverQThread);
    std::unique_ptr<Echo> echo;
    std::unique_ptr<PyroDaemon> daemon;
    std::unique_ptr<PyroNameServer> nameServer;
    PyroUri echoUri, nsUri;
    QString startError;
    QMetaObject::invokeMethod(&context, [&] {
        nameServer = std::make_unique<PyroNameServer>();
        nameServer->setStorageSpec(u"sql:"_s + sqlFile);
        nameServer->setBroadcastEnabled(false);
        if (!nameServer->start(u"127.0.0.1"_s, 0)) {
            startError = nameServer->error().toString();
            return;
        }
        nsUri = nameServer->uri();
        daemon = std::make_unique<PyroDaemon>();
        if (!daemon->listen(u"127.0.0.1"_s, 0)) {
            startError = daemon->errorString();
            return;
        }
        echo = std::make_unique<Echo>();
        echoUri = daemon->registerObject(echo.get(), u"app.echo"_s);
    }, Qt::BlockingQueuedConnection);
    auto stopServers = [&] {
        QMetaObject::invokeMethod(&context, [&] {
            daemon.reset();
            echo.reset();
            nameServer.reset();
            serverLoop->quit();
        }, Qt::BlockingQueuedConnection);
        serverThread.join();
    };
    if (!startError.isEmpty()) {
        stopServers();
        return fail(startError);
    }

    PyroNameServerProxy ns(nsUri);
    ns.proxy()->setSerializer(u"msgpack"_s);
    std::unique_ptr<PyroCallReply> registered(ns.registerName(u"app.echo"_s, echoUri));
    registered->waitForFinished();
    std::unique_ptr<PyroCallReply> looked(ns.lookup(u"app.echo"_s));
    looked->waitForFinished();
    if (registered->error().isError() || looked->error().isError()) {
        stopServers();
        return fail(registered->error().toString() + looked->error().toString());
    }

    PyroProxy proxy(looked->value().value<PyroUri>());
    proxy.setSerializer(u"msgpack"_s);
    const PyroResult result = proxy.call(u"echo"_s, QVariantList{QVariant(QVariantList{1, u"two"_s, 3.5})});
    stopServers();
    if (result.isError())
        return fail(result.error().toString());
    std::printf("OK %s %s\n", qPrintable(PyroValues::pythonRepr(result.value())),
                qPrintable(umbrellaVersionCheck()));
    return 0;
}

#include "main.moc"
