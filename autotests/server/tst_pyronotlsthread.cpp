// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// A daemon and a proxy without TLS, made and used in a QThread that ends before the main
// thread. They must not touch Qt's TLS backend: a QSslConfiguration (or QSslCertificate)
// made there loads it and leaves OpenSSL per-thread state behind, which LeakSanitizer
// reports at exit (the sanitizer build runs this test too). On Linux the test also checks
// directly that the OpenSSL backend plugin was never loaded.

#include "pyrocallreply.h"
#include "pyrodaemon.h"
#include "pyroproxy.h"

#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QThread>
#include <QtCore/QTimer>
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

// Whether a Qt TLS backend plugin is mapped into this process (Linux); nullopt elsewhere.
std::optional<bool> tlsBackendLoaded()
{
    QFile maps(u"/proc/self/maps"_s);
    if (!maps.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray text = maps.readAll();
    return text.contains("opensslbackend") || text.contains("libssl.so");
}

} // namespace

class tst_PyroNoTlsThread : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void daemonAndProxyInEndedThread_data();
    void daemonAndProxyInEndedThread();
};

void tst_PyroNoTlsThread::daemonAndProxyInEndedThread_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("tcp") << u"127.0.0.1"_s;
}

void tst_PyroNoTlsThread::daemonAndProxyInEndedThread()
{
    QFETCH(QString, host);
    QVariant answer;
    QString error;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        PyroDaemon daemon;
        if (!daemon.listen(host, 0)) {
            error = u"listen: "_s + daemon.errorString();
            return;
        }
        Echo echo;
        const PyroUri uri = daemon.registerObject(&echo, u"echo"_s);
        PyroProxy proxy(uri);
        QEventLoop loop;
        std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"echo"_s, {u"hello"_s}));
        QObject::connect(reply.get(), &PyroCallReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        if (!reply->isFinished())
            error = u"no reply"_s;
        else if (reply->isError())
            error = reply->error().message();
        else
            answer = reply->value();
    }));
    thread->start();
    QVERIFY(thread->wait(QDeadlineTimer(60000)));
    QCOMPARE(error, QString());
    QCOMPARE(answer, QVariant(u"hello"_s));
    const std::optional<bool> loaded = tlsBackendLoaded();
    if (loaded)
        QVERIFY2(!*loaded, "Qt's TLS backend was loaded without TLS");
}

QTEST_GUILESS_MAIN(tst_PyroNoTlsThread)
#include "tst_pyronotlsthread.moc"
