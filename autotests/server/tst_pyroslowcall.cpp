// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// A call that holds the daemon's thread stalls every client (Qt's thread affinity, unlike
// Pyro5's thread per connection): "qtpyro.daemon.slowcall" says so, once per method,
// naming the slot and the ways out; calls that do not hold the thread stay quiet.

#include "pyrodaemon.h"
#include "pyroproxy.h"

#include <QtCore/QMutex>
#include <QtCore/QThread>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

class Slow : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    int block(int ms)
    {
        QThread::msleep(ulong(ms));
        return ms;
    }
    int quick() { return 1; }
};

class PoolSlow : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("pyro.threading", "pool")
public Q_SLOTS:
    int block(int ms)
    {
        QThread::msleep(ulong(ms));
        return ms;
    }
};

// The warnings of the slowcall category, collected.
QMutex g_mutex;
QStringList g_warnings;
QtMessageHandler g_previous = nullptr;
void collect(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (type == QtWarningMsg && context.category && QByteArrayView(context.category) == "qtpyro.daemon.slowcall") {
        QMutexLocker lock(&g_mutex);
        g_warnings.append(text);
        return;
    }
    g_previous(type, context, text);
}

} // namespace

class tst_PyroSlowCall : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { g_previous = qInstallMessageHandler(collect); }
    void cleanupTestCase() { qInstallMessageHandler(g_previous); }
    void init()
    {
        QMutexLocker lock(&g_mutex);
        g_warnings.clear();
    }
    void warning_data();
    void warning();
    void defaultAndEnvironment();
};

void tst_PyroSlowCall::warning_data()
{
    QTest::addColumn<bool>("pool");
    QTest::addColumn<QString>("method");
    QTest::addColumn<int>("threshold");
    QTest::addColumn<bool>("expectWarning");
    QTest::newRow("blocking slot warns once") << false << u"block"_s << 100 << true;
    QTest::newRow("quick slot stays quiet") << false << u"quick"_s << 100 << false;
    QTest::newRow("pool object stays quiet") << true << u"block"_s << 100 << false;
    QTest::newRow("threshold 0 turns it off") << false << u"block"_s << 0 << false;
}

void tst_PyroSlowCall::warning()
{
    QFETCH(bool, pool);
    QFETCH(QString, method);
    QFETCH(int, threshold);
    QFETCH(bool, expectWarning);

    std::unique_ptr<QObject> object(pool ? static_cast<QObject *>(new PoolSlow) : new Slow);
    PyroDaemon daemon;
    daemon.setSlowCallWarning(threshold);
    QCOMPARE(daemon.slowCallWarning(), threshold);
    QVERIFY(daemon.listen(u"127.0.0.1"_s, 0));
    PyroProxy proxy(daemon.registerObject(object.get(), u"slow"_s));
    const QVariantList args = method == u"block" ? QVariantList{300} : QVariantList();
    for (int i = 0; i < 2; ++i) {
        std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(method, args));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
        QVERIFY2(!reply->error().isError(), qPrintable(reply->error().toString()));
    }
    QMutexLocker lock(&g_mutex);
    if (!expectWarning) {
        QVERIFY2(g_warnings.isEmpty(), qPrintable(g_warnings.join(u'\n')));
        return;
    }
    QCOMPARE(g_warnings.size(), 1); // once per method, not per call
    const QString text = g_warnings.first();
    const QString className = QString::fromLatin1(object->metaObject()->className());
    QVERIFY2(text.startsWith(className + u".block held the daemon's thread for "_s), qPrintable(text));
    for (const QString &fix : {u"pyro.threading"_s, u"QFuture"_s, u"delayReply()"_s, u"another thread"_s})
        QVERIFY2(text.contains(fix), qPrintable(text));
}

void tst_PyroSlowCall::defaultAndEnvironment()
{
    {
        qunsetenv("QTPYRO_SLOW_CALL_WARNING_MS");
        PyroDaemon daemon;
        QCOMPARE(daemon.slowCallWarning(), 500);
    }
    qputenv("QTPYRO_SLOW_CALL_WARNING_MS", "250");
    PyroDaemon daemon;
    QCOMPARE(daemon.slowCallWarning(), 250);
    qunsetenv("QTPYRO_SLOW_CALL_WARNING_MS");
}

QTEST_GUILESS_MAIN(tst_PyroSlowCall)
#include "tst_pyroslowcall.moc"
