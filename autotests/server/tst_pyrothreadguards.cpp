// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The two threading mistakes that used to hang: a proxy used from a thread it does not
// live in (Pyro5: "the calling thread is not the owner of this proxy"), and a blocking
// call to a daemon served by the calling thread. Both must fail at once with an error
// that says what to do. Everything runs under a watchdog: a regression ends the process
// with "hang" instead of freezing it.

#include "pyroserverthread.h"
#include "pyrowatchdog.h"

#include "pyrodaemon.h"
#include "pyroproxy.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

class Echo : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QVariant echo(const QVariant &value) { return value; }
};

// The echo object in a daemon of its own thread.
class ServerThread : public PyroServerThread
{
public:
    ServerThread() : PyroServerThread({makeEcho()}) { }

private:
    static QObject *makeEcho()
    {
        auto *echo = new Echo;
        echo->setObjectName(u"echo"_s);
        return echo;
    }
};

// Runs fn in a new thread and waits for it (bounded).
template<typename F>
bool runInThread(F fn, int timeoutMs = 20000)
{
    std::unique_ptr<QThread> thread(QThread::create(std::move(fn)));
    thread->start();
    return thread->wait(QDeadlineTimer(timeoutMs));
}

constexpr int FastMs = 5000; // "at once", generous for a loaded machine

} // namespace

class tst_PyroThreadGuards : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wrongThread_data();
    void wrongThread();
    void sharedByFourThreads();
    void asyncCallFromWrongThread();
    void moveToThreadHandsOver();
    void daemonInCallingThread_data();
    void daemonInCallingThread();
};

void tst_PyroThreadGuards::wrongThread_data()
{
    QTest::addColumn<bool>("warm");
    QTest::newRow("cold proxy") << false;
    QTest::newRow("warm proxy") << true;
}

void tst_PyroThreadGuards::wrongThread()
{
    QFETCH(bool, warm);
    PyroWatchdog watchdog("wrongThread", 60);
    ServerThread server;
    QVERIFY(server.uri().isValid());
    PyroProxy proxy(server.uri());
    if (warm)
        QCOMPARE(proxy.call(u"echo"_s, {1}).value(), QVariant(1));

    PyroResult result;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(runInThread([&] { result = proxy.call(u"echo"_s, {2}); }));
    QVERIFY2(timer.elapsed() < FastMs, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(result.isError());
    QCOMPARE(result.error().code(), PyroError::Code::PyroError);
    QVERIFY2(result.error().message().startsWith(u"the calling thread is not the owner of this proxy"_s),
             qPrintable(result.error().message()));
    QVERIFY2(result.error().message().contains(u"moveToThread()"_s), qPrintable(result.error().message()));

    // The proxy was not touched: its own thread goes on using it.
    QCOMPARE(proxy.call(u"echo"_s, {3}).value(), QVariant(3));
}

void tst_PyroThreadGuards::sharedByFourThreads()
{
    PyroWatchdog watchdog("sharedByFourThreads", 60);
    ServerThread server;
    PyroProxy proxy(server.uri());
    QCOMPARE(proxy.call(u"echo"_s, {1}).value(), QVariant(1));
    std::vector<std::unique_ptr<QThread>> threads;
    PyroResult results[4];
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back(QThread::create([&proxy, &results, i] {
            for (int n = 0; n < 20; ++n)
                results[i] = proxy.call(u"echo"_s, {i});
        }));
        threads.back()->start();
    }
    for (auto &thread : threads)
        QVERIFY(thread->wait(QDeadlineTimer(20000)));
    for (const PyroResult &r : results)
        QVERIFY2(r.error().message().contains(u"not the owner of this proxy"_s), qPrintable(r.error().toString()));
    QCOMPARE(proxy.call(u"echo"_s, {5}).value(), QVariant(5));
}

void tst_PyroThreadGuards::asyncCallFromWrongThread()
{
    PyroWatchdog watchdog("asyncCallFromWrongThread", 60);
    ServerThread server;
    PyroProxy proxy(server.uri());
    PyroError error;
    bool finishedAtOnce = false;
    QVERIFY(runInThread([&] {
        std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"echo"_s, {1}));
        finishedAtOnce = reply->isFinished();
        error = reply->error();
    }));
    QVERIFY(finishedAtOnce);
    QVERIFY2(error.message().contains(u"not the owner of this proxy"_s), qPrintable(error.toString()));
}

void tst_PyroThreadGuards::moveToThreadHandsOver()
{
    PyroWatchdog watchdog("moveToThreadHandsOver", 60);
    ServerThread server;
    auto *proxy = new PyroProxy(server.uri());
    QCOMPARE(proxy->call(u"echo"_s, {1}).value(), QVariant(1));
    QThread worker;
    proxy->moveToThread(&worker); // from the thread it lives in
    PyroResult result;
    QObject::connect(&worker, &QThread::started, proxy, [&] {
        result = proxy->call(u"echo"_s, {u"moved"_s});
        delete proxy;
        worker.quit();
    });
    worker.start();
    QVERIFY(worker.wait(QDeadlineTimer(20000)));
    QCOMPARE(result.value(), QVariant(u"moved"_s));
}

void tst_PyroThreadGuards::daemonInCallingThread_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<bool>("warm");
    QTest::newRow("tcp cold") << u"tcp"_s << false;
    QTest::newRow("tcp warm") << u"tcp"_s << true;
    QTest::newRow("tcp any address") << u"any"_s << false;
    QTest::newRow("unix") << u"unix"_s << false;
}

void tst_PyroThreadGuards::daemonInCallingThread()
{
    QFETCH(QString, transport);
    QFETCH(bool, warm);
    PyroWatchdog watchdog("daemonInCallingThread", 60);
    QTemporaryDir dir;
    Echo echo;
    PyroDaemon daemon;
    if (transport == u"unix")
        QVERIFY(daemon.listenUnix(dir.filePath(u"sock"_s)));
    else
        QVERIFY(daemon.listen(transport == u"any" ? QString() : u"127.0.0.1"_s, 0));
    PyroUri uri = daemon.registerObject(&echo, u"echo"_s);
    if (transport == u"any")
        uri = PyroUri(u"PYRO:echo@127.0.0.1:%1"_s.arg(uri.port()));
    PyroProxy proxy(uri);

    // Asynchronous calls are fine: the event loop serves the daemon meanwhile.
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"echo"_s, {1}));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->value(), QVariant(1));
    if (!warm)
        proxy.release();

    QElapsedTimer timer;
    timer.start();
    const PyroResult result = proxy.call(u"echo"_s, {2});
    QVERIFY2(timer.elapsed() < FastMs, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(result.isError());
    QCOMPARE(result.error().code(), PyroError::Code::CommunicationError);
    QVERIFY2(result.error().message().contains(u"a daemon that lives in the calling thread"_s),
             qPrintable(result.error().message()));
    QVERIFY2(result.error().message().contains(u"asyncCall()"_s), qPrintable(result.error().message()));

    // And asynchronous use still works afterwards.
    reply.reset(proxy.asyncCall(u"echo"_s, {3}));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->value(), QVariant(3));
}

QTEST_GUILESS_MAIN(tst_PyroThreadGuards)
#include "tst_pyrothreadguards.moc"
