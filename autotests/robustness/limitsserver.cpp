// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-limitsserver [-p PORT] [-u SOCKET]: the target of tst_pyrodaemonlimits. Serves
// "limits.pool" (runs on the daemon's thread pool) and "limits.main" (the daemon's
// thread) with calls that take time, make big replies, item streams and an object
// parameter. PYRO_* and QTPYRO_* variables apply. Prints "uri: PYRO:limits.pool@..."
// once listening.

#include "pyrocallcontext.h"
#include "pyroconfig.h"
#include "pyrodaemon.h"
#include "pyrogenerator.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QThread>
#include <QtCore/QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
constexpr int MaxDelayMs = 60000;
constexpr int MaxBlobBytes = 256 * 1024 * 1024;

// An item stream of 1, 2, ... n.
PyroGenerator countTo(int n)
{
    QVariantList items;
    for (int i = 1; i <= std::clamp(n, 0, 1000); ++i)
        items.append(i);
    return PyroGenerator::fromList(items);
}
} // namespace

class PoolObject : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("pyro.threading", "pool")
    Q_CLASSINFO("pyro.oneway", "oneway_delay")
public Q_SLOTS:
    int delay(int ms)
    {
        QThread::msleep(ulong(std::clamp(ms, 0, MaxDelayMs)));
        return ms;
    }
    void oneway_delay(int ms) { delay(ms); }
    QString ping() { return u"pong"_s; }
    PyroGenerator count(int n) { return countTo(n); }
    QByteArray blob(int bytes) { return QByteArray(std::clamp(bytes, 0, MaxBlobBytes), 'x'); }
    // What arrives for None in an object parameter.
    QString object(QObject *obj) { return obj ? QString::fromLatin1(obj->metaObject()->className()) : u"null"_s; }
};

class MainObject : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    // Answers after ms without holding up the daemon's thread.
    QString slow(int ms)
    {
        PyroDelayedReply reply = PyroCallContext::current()->delayReply();
        QTimer::singleShot(std::clamp(ms, 0, MaxDelayMs), Qt::PreciseTimer, this,
                           [reply]() mutable { reply.send(u"slow answer"_s); });
        return QString();
    }
    QString ping() { return u"pong"_s; }
    PyroGenerator count(int n) { return countTo(n); }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption portOption({u"p"_s, u"port"_s}, u"TCP port on 127.0.0.1"_s, u"PORT"_s, u"0"_s);
    const QCommandLineOption unixOption({u"u"_s, u"unixsocket"_s}, u"Unix domain socket"_s, u"SOCKET"_s);
    parser.addOptions({portOption, unixOption});
    parser.process(app);

    PyroDaemon daemon(PyroConfig::global());
    const bool ok = parser.isSet(unixOption) ? daemon.listenUnix(parser.value(unixOption))
                                             : daemon.listen(u"127.0.0.1"_s, quint16(parser.value(portOption).toUInt()));
    if (!ok) {
        std::fprintf(stderr, "pyro-limitsserver: cannot listen: %s\n", qPrintable(daemon.errorString()));
        return 1;
    }
    PoolObject pool;
    MainObject main;
    const PyroUri uri = daemon.registerObject(&pool, u"limits.pool"_s);
    daemon.registerObject(&main, u"limits.main"_s);
    std::printf("uri: %s\n", qPrintable(uri.toString()));
    std::fflush(stdout);
    return app.exec();
}

#include "limitsserver.moc"
