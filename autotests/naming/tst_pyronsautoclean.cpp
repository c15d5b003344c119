// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
//
// NS_AUTOCLEAN: the name server removes names whose location stopped answering. The
// limits are lowered through PyroNameServerPrivate (as Pyro5's own tests lower the
// AutoCleaner class attributes), so a name goes in a fraction of a second.

#include "pyrotestprocess.h"
#include "pyroautocleaner_p.h"
#include "pyrocallreply.h"
#include "pyrodaemon.h"
#include "pyronameserver.h"
#include "pyronameserver_p.h"
#include "pyroproxy.h"
#include "pyrostorage.h"

#include <QtCore/QTemporaryDir>
#include <QtNetwork/QTcpServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {
class Thing : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE int answer() { return 42; }
};

// A name server on 127.0.0.1 in this thread, cleaning every intervalMs.
struct CleaningNameServer
{
    explicit CleaningNameServer(int intervalMs, int graceMs, int maxInFlight = 32)
    {
        PyroConfig config;
        config.setNsAutoClean(intervalMs / 1000.0);
        config.setCommTimeout(1);
        ns = std::make_unique<PyroNameServer>(config);
        ns->setBroadcastEnabled(false);
        PyroNameServerPrivate *d = PyroNameServerPrivate::get(ns.get());
        d->autoCleanMinimumMs = 1;
        d->autoCleanGraceMs = graceMs;
        d->autoCleanMaxInFlight = maxInFlight;
    }
    PyroNaming::AutoCleaner *cleaner() const { return PyroNameServerPrivate::get(ns.get())->autoCleaner.get(); }

    std::unique_ptr<PyroNameServer> ns;
};

} // namespace

class tst_PyroNsAutoClean : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void timing_data();
    void timing();
    void refusedBelowThreeSeconds();
    void offByDefault();
    void removesOnlyUnreachableNames();
    void reRegisteredNameStartsAfresh();
    void manyDeadLocationsAreBounded();
};

void tst_PyroNsAutoClean::timing_data()
{
    QTest::addColumn<double>("autoClean");
    QTest::addColumn<double>("commTimeout");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<int>("probeTimeoutMs");

    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("0 is off") << 0.0 << 0.0 << true << 0 << 5000;
    QTest::newRow("negative is off") << -5.0 << 0.0 << true << 0 << 5000;
    QTest::newRow("nan is off") << nan << 0.0 << true << 0 << 5000;
    QTest::newRow("2.5 s refused") << 2.5 << 0.0 << false << 0 << 5000;
    QTest::newRow("3 s") << 3.0 << 0.0 << true << 3000 << 5000;
    QTest::newRow("10.5 s, COMMTIMEOUT 2") << 10.5 << 2.0 << true << 10500 << 2000;
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << 0.5 << true
                         << std::numeric_limits<int>::max() << 500;
}

void tst_PyroNsAutoClean::timing()
{
    QFETCH(double, autoClean);
    QFETCH(double, commTimeout);
    QFETCH(bool, accepted);
    QFETCH(int, intervalMs);
    QFETCH(int, probeTimeoutMs);

    PyroNaming::AutoCleaner::Timing timing;
    PyroError error;
    QCOMPARE(PyroNaming::AutoCleaner::timingFromConfig(autoClean, commTimeout,
                                                       PyroNaming::AutoCleaner::MinimumIntervalMs,
                                                       &timing, &error),
             accepted);
    QCOMPARE(error.isError(), !accepted);
    if (!accepted) {
        QVERIFY2(error.message().contains(u"NS_AUTOCLEAN"_s), qPrintable(error.message()));
        return;
    }
    QCOMPARE(timing.intervalMs, intervalMs);
    QCOMPARE(timing.probeTimeoutMs, probeTimeoutMs);
    QCOMPARE(timing.graceMs, PyroNaming::AutoCleaner::DefaultGraceMs);
}

void tst_PyroNsAutoClean::refusedBelowThreeSeconds()
{
    PyroConfig config;
    config.setNsAutoClean(1);
    PyroNameServer ns(config);
    ns.setBroadcastEnabled(false);
    QVERIFY(!ns.start(u"127.0.0.1"_s, 0));
    QVERIFY(!ns.isRunning());
    QVERIFY2(ns.error().message().contains(u"NS_AUTOCLEAN"_s), qPrintable(ns.error().message()));
}

void tst_PyroNsAutoClean::offByDefault()
{
    PyroNameServer ns{PyroConfig()};
    ns.setBroadcastEnabled(false);
    QVERIFY2(ns.start(u"127.0.0.1"_s, 0), qPrintable(ns.error().message()));
    QVERIFY(!PyroNameServerPrivate::get(&ns)->autoCleaner);
}

void tst_PyroNsAutoClean::removesOnlyUnreachableNames()
{
    PyroDaemon daemon;
    QVERIFY(daemon.listen(QHostAddress::LocalHost, 0));
    Thing thing;
    const PyroUri aliveUri = daemon.registerObject(&thing, u"thing"_s);
    QVERIFY(aliveUri.isValid());
    QTemporaryDir dir;

    CleaningNameServer host(100, 300);
    QSignalSpy cleaned(host.ns.get(), &PyroNameServer::autoCleaned);
    QVERIFY2(host.ns->start(u"127.0.0.1"_s, 0), qPrintable(host.ns->error().message()));
    QVERIFY(host.cleaner());

    PyroStorage *storage = host.ns->storage();
    const QString deadTcp = u"PYRO:gone@127.0.0.1:%1"_s.arg(freeTcpPort());
    const QString deadUnix = u"PYRO:gone@./u:"_s + dir.filePath(u"no-such-socket"_s);
    QVERIFY(storage->store(u"alive"_s, {aliveUri.toString(), {u"keep"_s}}));
    QVERIFY(storage->store(u"dead.tcp"_s, {deadTcp, {}}));
    QVERIFY(storage->store(u"dead.tcp.twin"_s, {deadTcp, {}}));   // same location: one probe
    QVERIFY(storage->store(u"dead.unix"_s, {deadUnix, {}}));
    QVERIFY(storage->store(u"alias"_s, {u"PYRONAME:elsewhere"_s, {}}));

    QTRY_COMPARE_WITH_TIMEOUT(cleaned.size(), 3, 10000);
    QStringList removed;
    for (const QList<QVariant> &args : std::as_const(cleaned))
        removed << args.at(0).toString();
    removed.sort();
    QCOMPARE(removed, (QStringList{u"dead.tcp"_s, u"dead.tcp.twin"_s, u"dead.unix"_s}));

    // Let a few more rounds pass: nothing else goes.
    const int rounds = host.cleaner()->roundsCompleted();
    QTRY_VERIFY_WITH_TIMEOUT(host.cleaner()->roundsCompleted() >= rounds + 3, 10000);
    QCOMPARE(cleaned.size(), 3);
    PyroStorageEntry entry;
    QVERIFY(storage->lookup(u"alive"_s, &entry));
    QCOMPARE(entry.uri, aliveUri.toString());
    QVERIFY(storage->lookup(u"alias"_s, &entry));
    QVERIFY(storage->lookup(u"Pyro.NameServer"_s, &entry));
    QVERIFY(!storage->lookup(u"dead.tcp"_s, &entry));
}

void tst_PyroNsAutoClean::reRegisteredNameStartsAfresh()
{
    PyroDaemon daemon;
    QVERIFY(daemon.listen(QHostAddress::LocalHost, 0));
    Thing thing;
    const PyroUri aliveUri = daemon.registerObject(&thing, u"thing"_s);

    // A long grace: the name is seen unreachable for a while but not yet removed.
    CleaningNameServer host(100, 1500);
    QSignalSpy cleaned(host.ns.get(), &PyroNameServer::autoCleaned);
    QVERIFY2(host.ns->start(u"127.0.0.1"_s, 0), qPrintable(host.ns->error().message()));
    PyroStorage *storage = host.ns->storage();
    QVERIFY(storage->store(u"moving"_s, {u"PYRO:x@127.0.0.1:%1"_s.arg(freeTcpPort()), {}}));
    QTRY_VERIFY_WITH_TIMEOUT(host.cleaner()->isUnreachable(u"moving"_s), 5000);

    // The service comes back somewhere else and registers again: its clock starts over.
    QVERIFY(storage->store(u"moving"_s, {aliveUri.toString(), {}}, PyroStorage::StoreMode::Replace));
    const int rounds = host.cleaner()->roundsCompleted();
    QTRY_VERIFY_WITH_TIMEOUT(host.cleaner()->roundsCompleted() >= rounds + 2, 5000);
    QVERIFY(!host.cleaner()->isUnreachable(u"moving"_s));

    // Then it dies for good and is removed after the grace time.
    daemon.close();
    QTRY_COMPARE_WITH_TIMEOUT(cleaned.size(), 1, 10000);
    QCOMPARE(cleaned.first().at(0).toString(), u"moving"_s);
    QCOMPARE(cleaned.first().at(1).value<PyroUri>(), aliveUri);
}

void tst_PyroNsAutoClean::manyDeadLocationsAreBounded()
{
    constexpr int deadCount = 120;
    constexpr int maxInFlight = 8;
    CleaningNameServer host(100, 0, maxInFlight);
    QSignalSpy cleaned(host.ns.get(), &PyroNameServer::autoCleaned);
    QVERIFY2(host.ns->start(u"127.0.0.1"_s, 0), qPrintable(host.ns->error().message()));
    PyroStorage *storage = host.ns->storage();
    for (int i = 0; i < deadCount; ++i)
        QVERIFY(storage->store(u"dead.%1"_s.arg(i), {u"PYRO:o@127.0.0.1:%1"_s.arg(freeTcpPort()), {}}));

    // The name server answers while the round is running.
    PyroProxy proxy(host.ns->uri());
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"count"_s));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QVERIFY2(!reply->error().isError(), qPrintable(reply->error().message()));

    QTRY_COMPARE_WITH_TIMEOUT(cleaned.size(), deadCount, 20000);
    QVERIFY(host.cleaner()->peakProbesInFlight() <= maxInFlight);
    QVERIFY(host.cleaner()->peakProbesInFlight() >= 2);
    qlonglong count = -1;
    PyroStorageEntries left;
    QVERIFY(storage->list(PyroStorageFilter::all(), PyroStorage::Detail::UriOnly, &left));
    count = left.size();
    QCOMPARE(count, 1);   // only Pyro.NameServer
}

QTEST_GUILESS_MAIN(tst_PyroNsAutoClean)
#include "tst_pyronsautoclean.moc"
