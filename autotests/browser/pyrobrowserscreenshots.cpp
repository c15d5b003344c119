// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Renders docs/images/browser-*.png: pyro-browser against a name server and a daemon in
// this process, with a few sensors emitting values. Run it under a real X server for
// real fonts and the platform style:
//   xvfb-run -s "-screen 0 1400x900x24" build/bin/tests/pyro-browser-screenshots docs/images

#include "browsertestobjects.h"

#include "calldialog.h"
#include "connectiontab.h"
#include "mainwindow.h"
#include "objectpanel.h"
#include "registrymodel.h"
#include "signalmonitor.h"
#include "recordmodels.h"
#include "browsersession.h"

#include "pyronameserver.h"
#include "pyrostorage.h"

#include <QtCore/QDir>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTreeView>

#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace PyroBrowser;

namespace {

bool waitFor(const std::function<bool()> &condition, const char *what)
{
    if (QTest::qWaitFor(condition, 30000))
        return true;
    std::fprintf(stderr, "pyro-browser-screenshots: timed out waiting for %s\n", what);
    return false;
}

bool save(QWidget *widget, const QString &file)
{
    QTest::qWait(300);   // let the last repaints land
    if (!widget->grab().save(file)) {
        std::fprintf(stderr, "pyro-browser-screenshots: cannot write %s\n", qPrintable(file));
        return false;
    }
    std::printf("%s\n", qPrintable(file));
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(u"QtPyroScreenshots"_s);
    QApplication::setApplicationName(u"pyro-browser"_s);
    QSettings().clear();
    const QDir out(argc > 1 ? QString::fromLocal8Bit(argv[1]) : u"."_s);

    // The name server, the daemon and the sensors live in a thread of their own, as they
    // would in another process: the timings shown are the network's, not the painting's.
    struct Server
    {
        std::unique_ptr<PyroNameServer> ns;
        std::unique_ptr<PyroDaemon> daemon;
        std::vector<std::unique_ptr<BrowserSensor>> sensors;
        std::unique_ptr<QTimer> weather;
        int tick = 0;
    } server;
    struct Entry
    {
        const char *name;
        const char *label;
        QSet<QString> metadata;
    };
    const QList<Entry> entries = {
        {"house.kitchen.thermometer", "kitchen", {u"thermo"_s, u"floor:1"_s}},
        {"house.kitchen.fridge", "fridge", {u"thermo"_s, u"appliance"_s}},
        {"house.hall.thermometer", "hall", {u"thermo"_s, u"floor:0"_s}},
        {"house.garage.door", "garage", {u"actuator"_s}},
        {"lab.spectrometer", "spectrometer", {u"instrument"_s}},
        {"lab.pump.1", "pump 1", {u"instrument"_s, u"pump"_s}},
        {"lab.pump.2", "pump 2", {u"instrument"_s, u"pump"_s}},
    };
    QThread thread;
    QObject context;
    thread.start();
    context.moveToThread(&thread);
    bool started = false;
    QMetaObject::invokeMethod(&context, [&] {
        server.ns = std::make_unique<PyroNameServer>();
        server.ns->setBroadcastEnabled(false);
        server.daemon = std::make_unique<PyroDaemon>();
        if (!server.ns->start(u"127.0.0.1"_s, 0) || !server.daemon->listen(u"127.0.0.1"_s, 0))
            return;
        for (const Entry &e : entries) {
            server.sensors.push_back(std::make_unique<BrowserSensor>(QString::fromLatin1(e.label)));
            const QString id = QString::fromLatin1(e.name).section(u'.', 1);
            const PyroUri uri = server.daemon->registerObject(server.sensors.back().get(), id);
            server.ns->storage()->store(QString::fromLatin1(e.name), {uri.toString(), e.metadata});
        }
        server.ns->storage()->store(u"legacy.printer"_s, {u"PYRO:printer@127.0.0.1:1"_s, {u"appliance"_s}});
        // The kitchen warms and cools; it counts its readings.
        server.weather = std::make_unique<QTimer>();
        BrowserSensor *kitchen = server.sensors.front().get();
        QObject::connect(server.weather.get(), &QTimer::timeout, kitchen, [&server, kitchen] {
            const int tick = ++server.tick;
            kitchen->setTemperature(std::round((21.0 + 2.5 * std::sin(tick / 3.0) + 0.4 * std::sin(tick * 1.7)) * 100) / 100);
            Q_EMIT kitchen->counted(tick, tick % 2 ? u"odd"_s : u"even"_s);
        });
        started = true;
    }, Qt::BlockingQueuedConnection);
    const auto finish = [&](int code) {
        QMetaObject::invokeMethod(&context, [&server] {
            server.weather.reset();
            server.daemon.reset();
            server.ns.reset();
            server.sensors.clear();
        }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
        return code;
    };
    if (!started)
        return finish(1);
    const auto weather = [&](int interval) {
        QMetaObject::invokeMethod(&context, [&server, interval] {
            if (interval > 0)
                server.weather->start(interval);
            else
                server.weather->stop();
        }, Qt::BlockingQueuedConnection);
    };
    const quint16 nsPort = quint16(server.ns->uri().port());

    MainWindow window;
    window.resize(1240, 800);
    window.show();
    ConnectionSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = nsPort;
    ConnectionTab *tab = window.openConnection(settings);
    RegistryModel *registry = tab->session()->registry();
    if (!waitFor([&] { return registry->registrationCount() == int(entries.size()) + 2; }, "the registry"))
        return finish(1);
    tab->checkReachability();
    if (!waitFor([&] {
            return Registration::Status(registry->indexForName(u"legacy.printer"_s).data(RegistryModel::StatusRole).toInt())
                    == Registration::Status::Unreachable;
        }, "the reachability check"))
        return finish(1);
    tab->splitter()->setSizes({600, 640});
    tab->registryView()->header()->resizeSection(RegistryModel::NameColumn, 170);
    tab->registryView()->header()->resizeSection(RegistryModel::UriColumn, 270);
    tab->registryView()->header()->resizeSection(RegistryModel::MetadataColumn, 130);
    tab->selectName(u"house.kitchen.thermometer"_s);
    ObjectPanel *panel = tab->objectPanel();
    if (!waitFor([&] { return panel->hasMetadata(); }, "the object's metadata"))
        return finish(1);

    // Attributes, watched live, with a history.
    weather(150);
    panel->setWatch(u"temperature"_s, AttributeModel::Watch::Live);
    auto *objectTabs = panel->findChild<QTabWidget *>(u"objectTabs"_s);
    objectTabs->setCurrentIndex(1);
    auto *attributes = panel->findChild<QTableView *>(u"attributes"_s);
    attributes->horizontalHeader()->resizeSection(AttributeModel::HistoryColumn, 200);
    attributes->selectRow(panel->attributes()->rowOf(u"temperature"_s));
    if (!waitFor([&] { return panel->attributes()->history(u"temperature"_s).size() >= 40; }, "the temperature history"))
        return finish(1);
    weather(0);
    if (!save(&window, out.filePath(u"browser-main.png"_s)))
        return finish(1);

    // The call dialog with a result.
    CallDialog *dialog = panel->openCallDialog(u"describe"_s);
    dialog->setArgumentsText(u"'°C', 2"_s);
    dialog->resize(680, 540);
    int calls = 0;
    QObject::connect(dialog, &CallDialog::callFinished, [&calls] { ++calls; });
    // Twice: the second shows the round trip of a connected proxy.
    for (int i = 1; i <= 2; ++i) {
        dialog->call();
        if (!waitFor([&] { return calls == i; }, "the call"))
            return finish(1);
    }
    dialog->findChild<QTreeView *>(u"resultTree"_s)->expandAll();
    dialog->findChild<QTreeView *>(u"resultTree"_s)->resizeColumnToContents(0);
    if (!save(dialog, out.filePath(u"browser-call.png"_s)))
        return finish(1);
    dialog->close();

    // The signal monitor receiving.
    objectTabs->setCurrentIndex(2);
    SignalMonitor *monitor = panel->signalMonitor();
    monitor->subscribe(u"counted"_s);
    monitor->subscribe(u"temperatureChanged"_s);
    if (!waitFor([&] { return monitor->isActive(u"counted"_s) && monitor->isActive(u"temperatureChanged"_s); },
                 "the subscriptions"))
        return finish(1);
    weather(120);
    if (!waitFor([&] { return monitor->events()->rowCount() >= 30; }, "signal events"))
        return finish(1);
    weather(0);
    QTest::qWait(300);
    auto *events = monitor->findChild<QTableView *>(u"signalEvents"_s);
    tab->splitter()->setSizes({420, 820});
    events->horizontalHeader()->resizeSection(SignalEventModel::TimeColumn, 100);
    events->horizontalHeader()->resizeSection(SignalEventModel::ObjectColumn, 150);
    events->horizontalHeader()->resizeSection(SignalEventModel::SignalColumn, 150);
    if (auto *inner = monitor->findChild<QSplitter *>())
        inner->setSizes({220, 600});
    if (!save(&window, out.filePath(u"browser-signals.png"_s)))
        return finish(1);
    return finish(0);
}
