// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-browser's real main window on the offscreen platform, against a name server and a
// daemon in this process: connect, filter, open an object, call (result, timing,
// history, re-run), stream with stop, an exception with its traceback, attribute set and
// watch (poll and live), the signal monitor, name-server maintenance with confirmations
// (answered by clicking the non-modal message box), reachability, the daemon's own view,
// the log, the remembered layout and --help.

#include "browsertestobjects.h"
#include "pyrotestprocess.h"

#include "browsersession.h"
#include "calldialog.h"
#include "connectdialog.h"
#include "connectiontab.h"
#include "mainwindow.h"
#include "objectpanel.h"
#include "recordmodels.h"
#include "registrymodel.h"
#include "signalmonitor.h"
#include "valuetreemodel.h"

#include "pyronameserver.h"
#include "pyrostorage.h"

#include <QtCore/QSettings>
#include <QtCore/QSortFilterProxyModel>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtGui/QAction>
#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QApplication>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QDialog>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTreeView>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace PyroBrowser;

namespace {

constexpr int Wait = 30000;   // generous: the machine is shared

template<typename T>
T *findTopLevel(const QString &name)
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *t = qobject_cast<T *>(w); t && t->objectName() == name && t->isVisible())
            return t;
    }
    return nullptr;
}

QStringList entryNames(const QAbstractItemModel *model, const QModelIndex &parent = QModelIndex())
{
    QStringList names;
    for (int r = 0; r < model->rowCount(parent); ++r) {
        const QModelIndex i = model->index(r, 0, parent);
        if (i.data(RegistryModel::IsEntryRole).toBool())
            names.append(i.data(RegistryModel::NameRole).toString());
        names += entryNames(model, i);
    }
    return names;
}

} // namespace

class tst_PyroBrowserWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void connectDialog();
    void connectAndFilter();
    void callWithResultAndTiming();
    void argumentErrorsAsYouType();
    void streamWithStop();
    void exceptionWithTraceback();
    void onewayCall();
    void attributeSetAndWatch();
    void signalMonitor();
    void registerAndRemoveWithConfirmation();
    void setMetadataConfirmed();
    void reachability();
    void daemonUriConnection();
    void logPane();
    void layoutAndRecentRemembered();
    void unixSocketConnection();
    void broadcastConnection();
    void nameServerWithoutMetadata();
    void tlsConnection_data();
    void tlsConnection();
    void helpOption();

private:
    ConnectionTab *connectToNameServer();
    ObjectPanel *openSensor(ConnectionTab *tab);
    CallDialog *callDialog(ObjectPanel *panel, const QString &method, const QString &args);

    std::unique_ptr<PyroNameServer> m_ns;
    std::unique_ptr<PyroNameServer> m_unixNs;
    std::unique_ptr<PyroDaemon> m_daemon;
    std::unique_ptr<BrowserSensor> m_sensor;
    std::unique_ptr<BrowserSensor> m_hallSensor;
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;
    PyroUri m_sensorUri;
};

void tst_PyroBrowserWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"QtPyroTest"_s);
    QCoreApplication::setApplicationName(u"tst_pyrobrowserwindow"_s);
    QSettings().clear();
    QVERIFY(m_dir.isValid());

    m_ns = std::make_unique<PyroNameServer>();
    m_ns->setBroadcastEnabled(false);
    QVERIFY2(m_ns->start(u"127.0.0.1"_s, 0), qPrintable(m_ns->error().toString()));
    m_daemon = std::make_unique<PyroDaemon>();
    QVERIFY(m_daemon->listen(u"127.0.0.1"_s, 0));
    m_sensor = std::make_unique<BrowserSensor>(u"kitchen"_s);
    m_hallSensor = std::make_unique<BrowserSensor>(u"hall"_s);
    m_sensorUri = m_daemon->registerObject(m_sensor.get(), u"kitchen.sensor"_s);
    const PyroUri hall = m_daemon->registerObject(m_hallSensor.get(), u"hall.sensor"_s);
    PyroStorage *storage = m_ns->storage();
    QVERIFY(storage->store(u"house.kitchen.sensor"_s, {m_sensorUri.toString(), {u"thermo"_s, u"kitchen"_s}}));
    QVERIFY(storage->store(u"house.hall.sensor"_s, {hall.toString(), {u"thermo"_s}}));
    QVERIFY(storage->store(u"house.hall.light"_s, {hall.toString(), {u"light"_s}}));
}

void tst_PyroBrowserWindow::cleanupTestCase()
{
    m_window.reset();
    m_daemon.reset();
    m_ns.reset();
    m_unixNs.reset();
}

void tst_PyroBrowserWindow::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_PyroBrowserWindow::cleanup()
{
    // Dialogs are top-level windows: close what a test left open.
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (w != m_window.get() && w->isVisible())
            w->close();
    }
    m_window.reset();
}

ConnectionTab *tst_PyroBrowserWindow::connectToNameServer()
{
    ConnectionSettings settings;
    settings.kind = ConnectionSettings::Kind::HostPort;
    settings.host = u"127.0.0.1"_s;
    settings.port = m_ns->uri().port();
    ConnectionTab *tab = m_window->openConnection(settings);
    // The first listing (Pyro.NameServer, the three names, what a test added).
    [&] { QTRY_VERIFY_WITH_TIMEOUT(tab->session()->registry()->indexForName(u"house.kitchen.sensor"_s).isValid(), Wait); }();
    return tab;
}

ObjectPanel *tst_PyroBrowserWindow::openSensor(ConnectionTab *tab)
{
    if (!tab->selectName(u"house.kitchen.sensor"_s))
        return nullptr;
    ObjectPanel *panel = tab->objectPanel();
    if (panel)
        [&] { QTRY_VERIFY_WITH_TIMEOUT(panel->hasMetadata(), Wait); }();
    return panel;
}

CallDialog *tst_PyroBrowserWindow::callDialog(ObjectPanel *panel, const QString &method, const QString &args)
{
    auto *members = panel->findChild<QTreeView *>(u"members"_s);
    members->setCurrentIndex(panel->members()->indexFor(MemberModel::Kind::Method, method));
    // Ctrl+E, as a user would (the Object menu's Call action).
    m_window->findChild<QAction *>(u"callAction"_s)->trigger();
    auto *dialog = findTopLevel<CallDialog>(u"callDialog"_s);
    if (!dialog)
        return nullptr;
    auto *edit = dialog->findChild<QPlainTextEdit *>(u"arguments"_s);
    edit->setFocus();
    QTest::keyClicks(edit, args);
    return dialog;
}

void tst_PyroBrowserWindow::connectDialog()
{
    // Ctrl+N; the dialog is non-modal (open()), filled and accepted like a user would.
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    auto *dialog = m_window->findChild<ConnectDialog *>(u"connectDialog"_s);
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    dialog->findChild<QComboBox *>(u"kind"_s)->setCurrentIndex(0);    // host:port
    auto *host = dialog->findChild<QLineEdit *>(u"host"_s);
    host->setText(u"127.0.0.1"_s);
    dialog->findChild<QSpinBox *>(u"port"_s)->setValue(m_ns->uri().port());
    dialog->findChild<QComboBox *>(u"serializer"_s)->setCurrentText(u"json"_s);
    QTest::keyClick(dialog, Qt::Key_Return);
    QTRY_COMPARE(m_window->tabs()->count(), 1);
    ConnectionTab *tab = m_window->currentTab();
    QCOMPARE(tab->session()->settings().serializer, u"json"_s);
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->registry()->indexForName(u"house.kitchen.sensor"_s).isValid(), Wait);
    // Remembered: the next dialog starts from it.
    m_window->showConnectDialog();
    auto *next = m_window->findChild<ConnectDialog *>(u"connectDialog"_s);
    QVERIFY(next);
    QCOMPARE(next->settings().title(), u"127.0.0.1:%1"_s.arg(m_ns->uri().port()));
    QCOMPARE(next->settings().serializer, u"json"_s);
    QVERIFY(next->findChild<QListWidget *>(u"recent"_s)->count() >= 1);
    next->reject();
}

void tst_PyroBrowserWindow::connectAndFilter()
{
    ConnectionTab *tab = connectToNameServer();
    QCOMPARE(m_window->tabs()->count(), 1);
    QCOMPARE(tab->countText(), u"4 registrations"_s);
    QStringList names = entryNames(tab->registryView()->model());
    names.sort();
    QCOMPARE(names, (QStringList{u"Pyro.NameServer"_s, u"house.hall.light"_s, u"house.hall.sensor"_s,
                                 u"house.kitchen.sensor"_s}));
    // Grouped by prefix: house > hall, kitchen.
    const QModelIndex house = tab->registryView()->model()->index(1, 0);
    QCOMPARE(house.data(RegistryModel::NameRole).toString(), u"house"_s);
    QCOMPARE(tab->registryView()->model()->rowCount(house), 2);

    auto *filter = tab->findChild<QLineEdit *>(u"filter"_s);
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);   // Ctrl+F focuses the filter
    QTRY_VERIFY(filter->hasFocus());
    QTest::keyClicks(filter, u"kitch"_s);
    QCOMPARE(entryNames(tab->registryView()->model()), QStringList{u"house.kitchen.sensor"_s});
    QCOMPARE(tab->countText(), u"1 of 4 registrations"_s);
    // Metadata tags, any and all.
    filter->clear();
    auto *tags = tab->findChild<QLineEdit *>(u"tags"_s);
    QTest::keyClicks(tags, u"light, kitchen"_s);
    QCOMPARE(tab->filterModel()->visibleRegistrationCount(), 2);
    tab->setMetadataFilter({u"thermo"_s, u"kitchen"_s}, true);
    QCOMPARE(entryNames(tab->registryView()->model()), QStringList{u"house.kitchen.sensor"_s});
    tab->setMetadataFilter({}, false);
    // The request is in the log with its time.
    QTRY_VERIFY(m_window->log()->rowCount() > 0);
    const QModelIndex first = m_window->log()->index(0, LogModel::RequestColumn);
    QCOMPARE(first.data().toString(), u"list(return_metadata=True)"_s);
    QVERIFY(first.siblingAtColumn(LogModel::DurationColumn).data().toString().contains(u's'));

    // F5 refreshes: a name registered meanwhile appears.
    QVERIFY(m_ns->storage()->store(u"late.arrival"_s, {m_sensorUri.toString(), {}}));
    QTest::keyClick(m_window.get(), Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(tab->session()->registry()->registrationCount(), 5, Wait);
    // And so does the interval refresh.
    QVERIFY(m_ns->storage()->remove({u"late.arrival"_s}) == 1);
    tab->setRefreshInterval(1);
    QTRY_COMPARE_WITH_TIMEOUT(tab->session()->registry()->registrationCount(), 4, Wait);
    tab->setRefreshInterval(0);
}

void tst_PyroBrowserWindow::callWithResultAndTiming()
{
    ConnectionTab *tab = connectToNameServer();
    ObjectPanel *panel = openSensor(tab);
    QVERIFY(panel);
    QVERIFY(panel->members()->indexFor(MemberModel::Kind::Method, u"add"_s).isValid());
    QVERIFY(panel->members()->indexFor(MemberModel::Kind::Oneway, u"log"_s).isValid());
    QVERIFY(panel->members()->indexFor(MemberModel::Kind::Attribute, u"temperature"_s).isValid());
    QVERIFY(panel->members()->indexFor(MemberModel::Kind::Signal, u"counted"_s).isValid());

    CallDialog *dialog = callDialog(panel, u"describe"_s, u"'°C', 2"_s);
    QVERIFY(dialog);
    QVERIFY2(dialog->validationText().startsWith(u"✓ 2 arguments"_s), qPrintable(dialog->validationText()));
    QSignalSpy finished(dialog, &CallDialog::callFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"call"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Wait);
    QCOMPARE(finished.first().first().toBool(), true);
    // The tree of typed values.
    ValueTreeModel *result = dialog->resultModel();
    const QModelIndex root = result->index(0, 0);
    QCOMPARE(root.siblingAtColumn(ValueTreeModel::TypeColumn).data().toString(), u"dict"_s);
    QStringList rows;
    for (int r = 0; r < result->rowCount(root); ++r) {
        rows.append(u"%1 %2 %3"_s.arg(result->index(r, 0, root).data().toString(),
                                      result->index(r, 1, root).data().toString(),
                                      result->index(r, 2, root).data().toString()));
    }
    QVERIFY2(rows.contains(u"'precision' int 2"_s), qPrintable(rows.join(u" | "_s)));
    QVERIFY2(rows.contains(u"'range' list 2 items"_s), qPrintable(rows.join(u" | "_s)));
    QVERIFY2(rows.contains(u"'calibrated' bool True"_s), qPrintable(rows.join(u" | "_s)));
    QVERIFY2(dialog->rawText().contains(u"'unit':'°C'"_s), qPrintable(dialog->rawText()));
    QVERIFY2(dialog->timingText().startsWith(u"round trip "_s), qPrintable(dialog->timingText()));
    QVERIFY2(dialog->timingText().endsWith(u"(with connecting)"_s), qPrintable(dialog->timingText()));

    // A second call through another serializer, then the history and its re-run.
    dialog->setMethod(u"add"_s);
    dialog->setArgumentsText(u"2, 40.5"_s);
    dialog->setSerializer(u"json"_s);
    QTest::keyClick(dialog, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, Wait);
    QCOMPARE(dialog->rawText(), u"42.5"_s);
    dialog->call();                              // connected now: the bare round trip
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, Wait);
    QVERIFY2(!dialog->timingText().contains(u"connecting"_s), qPrintable(dialog->timingText()));
    QCOMPARE(panel->history()->rowCount(), 3);
    panel->history()->clear();
    dialog->call();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, Wait);
    QCOMPARE(panel->history()->rowCount(), 1);
    panel->history()->clear();
    CallHistoryModel::Entry first;
    first.call = CallText{m_sensorUri.toString(), u"describe"_s, {u"°C"_s, 2}, {}, QString(), false};
    panel->history()->add(first);
    dialog->call();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 5, Wait);
    QCOMPARE(panel->history()->rowCount(), 2);
    QCOMPARE(panel->history()->index(1, CallHistoryModel::SerializerColumn).data().toString(), u"json"_s);
    QCOMPARE(panel->history()->index(1, CallHistoryModel::ResultColumn).data().toString(), u"42.5"_s);
    QVERIFY(!panel->history()->index(1, CallHistoryModel::DurationColumn).data().toString().isEmpty());
    QVERIFY(dialog->copyText(CallDialog::CopyFormat::PyroCall).endsWith(u"add 2 40.5"_s));
    dialog->close();

    CallDialog *again = panel->rerun(0);
    QVERIFY(again);
    QSignalSpy againFinished(again, &CallDialog::callFinished);
    QTRY_COMPARE_WITH_TIMEOUT(againFinished.size(), 1, Wait);
    QCOMPARE(panel->history()->rowCount(), 3);
    QCOMPARE(panel->history()->entry(2).call.method, u"describe"_s);
    QVERIFY(again->rawText().contains(u"'precision':2"_s));
    again->close();
    // The history belongs to the object, not to its panel: it is still there after
    // another object was selected.
    QVERIFY(tab->selectName(u"house.hall.sensor"_s));
    QVERIFY(tab->objectPanel() != panel);
    QCOMPARE(tab->objectPanel()->history()->rowCount(), 0);
    QVERIFY(tab->selectName(u"house.kitchen.sensor"_s));
    QCOMPARE(tab->objectPanel()->history()->rowCount(), 3);
}

void tst_PyroBrowserWindow::argumentErrorsAsYouType()
{
    ConnectionTab *tab = connectToNameServer();
    ObjectPanel *panel = openSensor(tab);
    QVERIFY(panel);
    CallDialog *dialog = callDialog(panel, u"add"_s, u"1, 2 3"_s);
    QVERIFY(dialog);
    QVERIFY(!dialog->isValid());
    QVERIFY2(dialog->validationText().startsWith(u"arguments, line 1, column 6: "_s), qPrintable(dialog->validationText()));
    QVERIFY(!dialog->findChild<QPushButton *>(u"call"_s)->isEnabled());
    auto *kwargs = dialog->findChild<QPlainTextEdit *>(u"keywordArguments"_s);
    dialog->setArgumentsText(u"1"_s);
    QTest::keyClicks(kwargs, u"b=[2,"_s);
    QVERIFY2(dialog->validationText().startsWith(u"keyword arguments, line 1, column 6"_s), qPrintable(dialog->validationText()));
    QTest::keyClicks(kwargs, u"3]"_s);
    QVERIFY(dialog->isValid());
    QVERIFY(dialog->findChild<QPushButton *>(u"call"_s)->isEnabled());
    dialog->close();
}

void tst_PyroBrowserWindow::streamWithStop()
{
    ConnectionTab *tab = connectToNameServer();
    ObjectPanel *panel = openSensor(tab);
    QVERIFY(panel);
    CallDialog *dialog = callDialog(panel, u"counter"_s, u"100000000"_s);
    QVERIFY(dialog);
    QSignalSpy finished(dialog, &CallDialog::callFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"call"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->streamedItems() >= 5, Wait);
    QVERIFY(dialog->isRunning());
    auto *stop = dialog->findChild<QPushButton *>(u"stop"_s);
    QVERIFY(stop->isEnabled());
    QTest::mouseClick(stop, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Wait);
    QVERIFY(!dialog->isRunning());
    const int items = dialog->streamedItems();
    QVERIFY(items < 100000000);
    QCOMPARE(dialog->resultModel()->rowCount(), items);
    QCOMPARE(dialog->resultModel()->index(0, ValueTreeModel::ValueColumn).data().toString(), u"0"_s);
    QVERIFY2(dialog->timingText().contains(u"%1 items"_s.arg(items)), qPrintable(dialog->timingText()));
    // The proxy is free again: a plain call goes through.
    dialog->setMethod(u"add"_s);
    dialog->setArgumentsText(u"1, 1"_s);
    dialog->call();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, Wait);
    QCOMPARE(dialog->rawText(), u"2.0"_s);
    dialog->close();
}

void tst_PyroBrowserWindow::exceptionWithTraceback()
{
    ConnectionTab *tab = connectToNameServer();
    ObjectPanel *panel = openSensor(tab);
    QVERIFY(panel);
    CallDialog *dialog = callDialog(panel, u"fail"_s, u"'too hot'"_s);
    QVERIFY(dialog);
    QSignalSpy finished(dialog, &CallDialog::callFinished);
    dialog->call();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Wait);
    QCOMPARE(finished.first().first().toBool(), false);
    const QString error = dialog->errorText();
    QVERIFY2(error.startsWith(u"builtins.ValueError: too hot\n"_s), qPrintable(error));
    QVERIFY2(error.contains(u"Remote traceback:\n"_s) && error.contains(u"Traceback"_s), qPrintable(error));
    QVERIFY(dialog->timingText().startsWith(u"round trip"_s));
    QVERIFY(panel->history()->index(0, CallHistoryModel::ResultColumn).data().toString().contains(u"too hot"_s));
    // Highlighted in the log.
    QTRY_VERIFY(m_window->log()->errorCount() >= 1);
    dialog->close();
}

void tst_PyroBrowserWindow::onewayCall()
{
    ConnectionTab *tab = connectToNameServer();
    ObjectPanel *panel = openSensor(tab);
    QVERIFY(panel);
    CallDialog *dialog = panel->openCallDialog(u"log"_s);
    QVERIFY(dialog->findChild<QCheckBox *>(u"oneway"_s)->isChecked());   // from the metadata
    dialog->setArgumentsText(u"'hello'"_s);
    QSignalSpy finished(dialog, &CallDialog::callFinished);
    dialog->call();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Wait);
    QTRY_COMPARE_WITH_TIMEOUT(m_sensor->logged, QStringList{u"hello"_s}, Wait);
    QVERIFY(dialog->copyText(CallDialog::CopyFormat::PyroCall).contains(u"--oneway"_s));
    dialog->close();
    m_sensor->logged.clear();
}

void tst_PyroBrowserWindow::attributeSetAndWatch()
{
    m_sensor->setTemperature(19.5);
    m_sensor->setLabel(u"kitchen"_s);
    ConnectionTab *tab = connectToNameServer();
    ObjectPanel *panel = openSensor(tab);
    QVERIFY(panel);
    AttributeModel *attributes = panel->attributes();
    QTRY_COMPARE_WITH_TIMEOUT(attributes->value(u"temperature"_s).toDouble(), 19.5, Wait);
    QTRY_COMPARE_WITH_TIMEOUT(attributes->value(u"label"_s).toString(), u"kitchen"_s, Wait);

    // Set through the dialog (non-modal: filled and accepted here).
    auto *view = panel->findChild<QTableView *>(u"attributes"_s);
    view->setCurrentIndex(attributes->index(attributes->rowOf(u"temperature"_s), 0));
    QPushButton *setButton = nullptr;
    for (auto *b : panel->findChildren<QPushButton *>()) {
        if (b->text() == u"&Set…"_s)
            setButton = b;
    }
    QVERIFY(setButton);
    QTest::mouseClick(setButton, Qt::LeftButton);
    auto *input = panel->findChild<QInputDialog *>(u"setAttributeDialog"_s);
    QVERIFY(input);
    QCOMPARE(input->textValue(), u"19.5"_s);
    input->setTextValue(u"23.25"_s);
    QSignalSpy set(panel, &ObjectPanel::attributeSet);
    input->done(QDialog::Accepted);
    QTRY_COMPARE_WITH_TIMEOUT(set.size(), 1, Wait);
    QCOMPARE(set.first().at(1).toBool(), true);
    QCOMPARE(m_sensor->temperature(), 23.25);
    QTRY_COMPARE_WITH_TIMEOUT(attributes->value(u"temperature"_s).toDouble(), 23.25, Wait);
    // A value that is not a literal: refused before any call, in the log.
    panel->setAttribute(u"label"_s, u"not a literal"_s);
    QCOMPARE(set.size(), 2);
    QCOMPARE(set.last().at(1).toBool(), false);

    // Watch by polling (label has no NOTIFY).
    panel->setPollInterval(100);
    panel->setWatch(u"label"_s, AttributeModel::Watch::Poll);
    QCOMPARE(attributes->watch(u"label"_s), AttributeModel::Watch::Poll);
    m_sensor->setLabel(u"pantry"_s);
    QTRY_COMPARE_WITH_TIMEOUT(attributes->value(u"label"_s).toString(), u"pantry"_s, Wait);
    QVERIFY(attributes->history(u"label"_s).isEmpty());     // not a number
    QCOMPARE(attributes->index(attributes->rowOf(u"label"_s), AttributeModel::HistoryColumn).data().toString(), QString());
    // Live through the NOTIFY signal: every emitted value arrives, the sparkline grows.
    panel->setWatch(u"temperature"_s, AttributeModel::Watch::Live);
    QCOMPARE(attributes->watch(u"temperature"_s), AttributeModel::Watch::Live);
    const qsizetype before = attributes->history(u"temperature"_s).size();
    // The live subscription takes a moment: emit until the first value arrives.
    QTRY_VERIFY_WITH_TIMEOUT((m_sensor->setTemperature(24.0), attributes->value(u"temperature"_s).toDouble() == 24.0), Wait);
    for (double t : {25.0, 21.0, 26.5})
        m_sensor->setTemperature(t);
    QTRY_COMPARE_WITH_TIMEOUT(attributes->value(u"temperature"_s).toDouble(), 26.5, Wait);
    QTRY_VERIFY_WITH_TIMEOUT(attributes->history(u"temperature"_s).size() >= before + 4, Wait);
    QCOMPARE(attributes->history(u"temperature"_s).last(), 26.5);
    // The sparkline paints.
    view->resize(700, 200);
    QVERIFY(!view->grab().isNull());
    panel->setWatch(u"temperature"_s, AttributeModel::Watch::Off);
    panel->setWatch(u"label"_s, AttributeModel::Watch::Off);
}

void tst_PyroBrowserWindow::signalMonitor()
{
    ConnectionTab *tab = connectToNameServer();
    ObjectPanel *panel = openSensor(tab);
    QVERIFY(panel);
    SignalMonitor *monitor = panel->signalMonitor();
    QVERIFY(monitor);
    auto *list = monitor->findChild<QListWidget *>(u"signalList"_s);
    QListWidgetItem *counted = nullptr;
    for (int i = 0; i < list->count(); ++i) {
        if (list->item(i)->data(Qt::UserRole).toString() == u"counted")
            counted = list->item(i);
    }
    QVERIFY(counted);
    QCOMPARE(counted->text(), u"counted(n, label)"_s);
    counted->setCheckState(Qt::Checked);          // subscribe, as a click on the box does
    QVERIFY(monitor->isSubscribed(u"counted"_s));
    QTRY_VERIFY_WITH_TIMEOUT(monitor->isActive(u"counted"_s), Wait);
    Q_EMIT m_sensor->counted(1, u"one"_s);
    Q_EMIT m_sensor->counted(2, u"two"_s);
    SignalEventModel *events = monitor->events();
    QTRY_COMPARE_WITH_TIMEOUT(events->rowCount(), 2, Wait);
    QCOMPARE(events->index(1, SignalEventModel::SignalColumn).data().toString(), u"counted"_s);
    QCOMPARE(events->index(1, SignalEventModel::ArgumentsColumn).data().toString(), u"(2,'two')"_s);
    QVERIFY(!events->index(1, SignalEventModel::TimeColumn).data().toString().isEmpty());
    // Filter.
    QTest::keyClicks(monitor->findChild<QLineEdit *>(u"signalFilter"_s), u"two"_s);
    QCOMPARE(monitor->filteredEvents()->rowCount(), 1);
    monitor->setFilter(QString());
    // Pause: events wait, then come in on resume.
    QTest::mouseClick(monitor->findChild<QPushButton *>(u"pause"_s), Qt::LeftButton);
    QVERIFY(monitor->isPaused());
    Q_EMIT m_sensor->counted(3, u"three"_s);
    QTRY_COMPARE_WITH_TIMEOUT(monitor->pendingCount(), 1, Wait);
    QCOMPARE(events->rowCount(), 2);
    monitor->setPaused(false);
    QCOMPARE(events->rowCount(), 3);
    // Export.
    const QString file = m_dir.filePath(u"events.tsv"_s);
    QVERIFY(monitor->exportTo(file));
    QFile exported(file);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(exported.readAll()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines.at(3).endsWith(u"\tkitchen.sensor\tcounted\t(3,'three')"_s), qPrintable(lines.at(3)));
    // Unsubscribe: no more events.
    counted->setCheckState(Qt::Unchecked);
    QVERIFY(!monitor->isSubscribed(u"counted"_s));
    Q_EMIT m_sensor->counted(4, u"four"_s);
    // Subscribing another signal proves the daemon still delivers, and counted stayed out.
    monitor->subscribe(u"temperatureChanged"_s);
    QTRY_VERIFY_WITH_TIMEOUT(monitor->isActive(u"temperatureChanged"_s), Wait);
    m_sensor->setTemperature(30.0);
    QTRY_COMPARE_WITH_TIMEOUT(events->rowCount(), 4, Wait);
    QCOMPARE(events->index(3, SignalEventModel::SignalColumn).data().toString(), u"temperatureChanged"_s);
}

void tst_PyroBrowserWindow::registerAndRemoveWithConfirmation()
{
    ConnectionTab *tab = connectToNameServer();
    tab->showRegisterDialog();
    auto *dialog = tab->findChild<QDialog *>(u"registerDialog"_s);
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    dialog->findChild<QLineEdit *>(u"name"_s)->setText(u"extra.thing"_s);
    dialog->findChild<QLineEdit *>(u"uri"_s)->setText(m_sensorUri.toString());
    dialog->findChild<QLineEdit *>(u"metadata"_s)->setText(u"a, b"_s);
    dialog->accept();
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->registry()->indexForName(u"extra.thing"_s).isValid(), Wait);
    PyroStorageEntry entry;
    QVERIFY(m_ns->storage()->lookup(u"extra.thing"_s, &entry));
    QCOMPARE(entry.metadata, (QSet<QString>{u"a"_s, u"b"_s}));

    QVERIFY(tab->selectName(u"extra.thing"_s));
    // Cancel first: nothing happens.
    tab->removeSelected();
    auto *box = tab->findChild<QMessageBox *>(u"confirmation"_s);
    QVERIFY(box);
    QVERIFY(box->text().contains(u"extra.thing"_s));
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!tab->findChild<QMessageBox *>(u"confirmation"_s));
    QVERIFY(m_ns->storage()->lookup(u"extra.thing"_s, &entry));
    // Then yes.
    tab->removeSelected();
    box = tab->findChild<QMessageBox *>(u"confirmation"_s);
    QVERIFY(box);
    QSignalSpy done(tab->session(), &BrowserSession::maintenanceDone);
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, Wait);
    QCOMPARE(done.first().at(0).toString(), u"remove"_s);
    QVERIFY(!m_ns->storage()->lookup(u"extra.thing"_s, &entry));
    QTRY_VERIFY_WITH_TIMEOUT(!tab->session()->registry()->indexForName(u"extra.thing"_s).isValid(), Wait);

    // Registering over an existing name asks too.
    tab->showRegisterDialog();
    dialog = tab->findChild<QDialog *>(u"registerDialog"_s);
    dialog->findChild<QLineEdit *>(u"name"_s)->setText(u"house.hall.light"_s);
    dialog->findChild<QLineEdit *>(u"uri"_s)->setText(m_sensorUri.toString());
    dialog->accept();
    box = tab->findChild<QMessageBox *>(u"confirmation"_s);
    QVERIFY(box);
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QVERIFY(m_ns->storage()->lookup(u"house.hall.light"_s, &entry));
    QVERIFY(entry.uri != m_sensorUri.toString());

    // Ping the name server.
    done.clear();
    tab->pingNameServer();
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, Wait);
    QCOMPARE(done.first().at(1).toBool(), true);
}

void tst_PyroBrowserWindow::setMetadataConfirmed()
{
    QVERIFY(m_ns->storage()->store(u"meta.object"_s, {m_sensorUri.toString(), {u"x"_s, u"y"_s}}));
    ConnectionTab *tab = connectToNameServer();
    QTRY_VERIFY_WITH_TIMEOUT(tab->selectName(u"meta.object"_s), Wait);
    tab->showSetMetadataDialog();
    auto *dialog = tab->findChild<QDialog *>(u"metadataDialog"_s);
    QVERIFY(dialog);
    auto *edit = dialog->findChild<QLineEdit *>(u"metadata"_s);
    QCOMPARE(edit->text(), u"x, y"_s);
    edit->setText(u"x"_s);                      // drops y: confirmed first
    dialog->accept();
    auto *box = tab->findChild<QMessageBox *>(u"confirmation"_s);
    QVERIFY(box);
    QSignalSpy done(tab->session(), &BrowserSession::maintenanceDone);
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, Wait);
    PyroStorageEntry entry;
    QVERIFY(m_ns->storage()->lookup(u"meta.object"_s, &entry));
    QCOMPARE(entry.metadata, QSet<QString>{u"x"_s});
    QVERIFY(m_ns->storage()->remove({u"meta.object"_s}) == 1);
}

void tst_PyroBrowserWindow::reachability()
{
    const quint16 dead = freeTcpPort();
    QVERIFY(m_ns->storage()->store(u"dead.object"_s, {u"PYRO:gone@127.0.0.1:%1"_s.arg(dead), {}}));
    QVERIFY(m_ns->storage()->store(u"unknown.object"_s, {u"PYRO:nobody@%1"_s.arg(m_daemon->location()), {}}));
    ConnectionSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = m_ns->uri().port();
    ConnectionTab *tab = m_window->openConnection(settings);
    RegistryModel *registry = tab->session()->registry();
    QTRY_VERIFY_WITH_TIMEOUT(registry->indexForName(u"unknown.object"_s).isValid(), Wait);
    QTest::keyClick(m_window.get(), Qt::Key_P, Qt::ControlModifier);
    const auto status = [registry](const QString &name) {
        return Registration::Status(registry->indexForName(name).data(RegistryModel::StatusRole).toInt());
    };
    QTRY_COMPARE_WITH_TIMEOUT(status(u"dead.object"_s), Registration::Status::Unreachable, Wait);
    QTRY_COMPARE_WITH_TIMEOUT(status(u"unknown.object"_s), Registration::Status::Unreachable, Wait);
    QTRY_COMPARE_WITH_TIMEOUT(status(u"house.kitchen.sensor"_s), Registration::Status::Reachable, Wait);
    QTRY_COMPARE_WITH_TIMEOUT(status(u"Pyro.NameServer"_s), Registration::Status::Reachable, Wait);
    QTRY_VERIFY2(tab->countText().endsWith(u" registrations, 2 unreachable"_s), qPrintable(tab->countText()));
    QVERIFY(m_ns->storage()->remove({u"dead.object"_s, u"unknown.object"_s}) == 2);
}

void tst_PyroBrowserWindow::daemonUriConnection()
{
    // A daemon without a name server: its registered objects are the registry.
    ConnectionTab *tab = m_window->openUri(m_sensorUri.toString());
    QVERIFY(tab);
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->registry()->indexForName(u"hall.sensor"_s).isValid(), Wait);
    QVERIFY(tab->session()->registry()->indexForName(u"Pyro.Daemon"_s).isValid());
    // The URI's object is selected and opened.
    QTRY_VERIFY_WITH_TIMEOUT(tab->objectPanel() && tab->objectPanel()->name() == u"kitchen.sensor"_s, Wait);
    ObjectPanel *panel = tab->objectPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->hasMetadata(), Wait);
    // The daemon's own view.
    QTRY_VERIFY_WITH_TIMEOUT(panel->daemonObjects().contains(u"hall.sensor"_s), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(panel->daemonInfo().startsWith(u"Pyro.Daemon bound on"_s), Wait);
    // No name server here: maintenance does nothing.
    tab->showRegisterDialog();
    QVERIFY(!tab->findChild<QDialog *>(u"registerDialog"_s));
}

void tst_PyroBrowserWindow::logPane()
{
    ConnectionTab *tab = connectToNameServer();
    ObjectPanel *panel = openSensor(tab);
    QVERIFY(panel);
    LogModel *log = m_window->log();
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 3, Wait);
    // Copy: the selected rows as tab-separated lines.
    QTableView *view = m_window->logView();
    view->selectRow(0);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
    const QString copied = QGuiApplication::clipboard()->text();
    QVERIFY2(copied.contains(u"\tPYRO:Pyro.NameServer@127.0.0.1:"_s) && copied.contains(u"\tlist(return_metadata=True)\t"_s),
             qPrintable(copied));
    // A URI in the log opens its object (a tab for its daemon).
    int row = -1;
    for (int r = 0; r < log->rowCount(); ++r) {
        if (log->index(r, LogModel::TargetColumn).data().toString() == m_sensorUri.toString())
            row = r;
    }
    QVERIFY(row >= 0);
    const int tabs = m_window->tabs()->count();
    emit view->activated(log->index(row, LogModel::TargetColumn));
    QCOMPARE(m_window->tabs()->count(), tabs + 1);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->currentTab()->objectPanel()
                                     && m_window->currentTab()->objectPanel()->name() == u"kitchen.sensor"_s, Wait);
}

void tst_PyroBrowserWindow::layoutAndRecentRemembered()
{
    connectToNameServer();
    m_window->resize(913, 611);
    m_window->close();
    QSettings settings;
    QVERIFY(!settings.value(u"window/geometry"_s).toByteArray().isEmpty());
    QVERIFY(!settings.value(u"window/state"_s).toByteArray().isEmpty());
    MainWindow second;
    QCOMPARE(second.size(), QSize(913, 611));
    const QList<ConnectionSettings> recent = recentConnections();
    QVERIFY(!recent.isEmpty());
    QCOMPARE(recent.first().title(), u"127.0.0.1:%1"_s.arg(m_ns->uri().port()));
}

void tst_PyroBrowserWindow::unixSocketConnection()
{
    m_unixNs = std::make_unique<PyroNameServer>();
    const QString path = m_dir.filePath(u"ns.sock"_s);
    QVERIFY2(m_unixNs->startUnix(path), qPrintable(m_unixNs->error().toString()));
    QVERIFY(m_unixNs->storage()->store(u"via.unix"_s, {m_sensorUri.toString(), {}}));
    ConnectionSettings settings;
    settings.kind = ConnectionSettings::Kind::UnixSocket;
    settings.socketPath = path;
    settings.serializer = u"marshal"_s;
    ConnectionTab *tab = m_window->openConnection(settings);
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->registry()->indexForName(u"via.unix"_s).isValid(), Wait);
    QCOMPARE(m_window->tabs()->tabText(m_window->tabs()->currentIndex()), u"./u:"_s + path);
}

void tst_PyroBrowserWindow::broadcastConnection()
{
    PyroNameServer ns;
    ns.setBroadcastAddress(u"127.0.0.1"_s, 0);
    QVERIFY2(ns.start(u"127.0.0.1"_s, 0), qPrintable(ns.error().toString()));
    QVERIFY(ns.isBroadcasting());
    QVERIFY(ns.storage()->store(u"found.by.broadcast"_s, {m_sensorUri.toString(), {}}));
    // Located like Pyro5's locate_ns(): NS_HOST:NS_PORT first (nothing listens there in
    // this test), then the broadcast.
    const PyroConfig saved = PyroConfig::global();
    PyroConfig config = saved;
    config.setNsPort(freeTcpPort());
    PyroConfig::setGlobal(config);
    ConnectionSettings settings;
    settings.kind = ConnectionSettings::Kind::Broadcast;
    settings.port = ns.broadcastPort();
    ConnectionTab *tab = m_window->openConnection(settings);
    PyroConfig::setGlobal(saved);
    QTRY_VERIFY2_WITH_TIMEOUT(tab->session()->registry()->indexForName(u"found.by.broadcast"_s).isValid(),
                              qPrintable(tab->session()->stateText()), Wait);
    QCOMPARE(tab->session()->nameServerUri().port(), ns.uri().port());
    QCOMPARE(m_window->log()->index(0, LogModel::RequestColumn).data().toString(), u"locate name server"_s);
}

// A name server that cannot send its metadata (Python's, in json or msgpack: frozensets):
// the browser lists names and URIs without it, and says so in the log.
class MetadataShyNameServer : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE QVariant list(const QVariant &prefix = QVariant(), const QVariant &regex = QVariant(),
                              const QVariant &return_metadata = QVariant())
    {
        Q_UNUSED(prefix);
        Q_UNUSED(regex);
        if (return_metadata.toBool())
            throw PyroException(u"Pyro5.errors.SerializeError"_s,
                                u"don't know how to serialize class <class 'frozenset'>"_s);
        return QVariantMap{{u"shy.object"_s, u"PYRO:x@127.0.0.1:1"_s}};
    }
};

void tst_PyroBrowserWindow::nameServerWithoutMetadata()
{
    PyroDaemon daemon;
    QVERIFY(daemon.listen(u"127.0.0.1"_s, 0));
    MetadataShyNameServer shy;
    daemon.registerObject(&shy, u"Pyro.NameServer"_s);
    ConnectionSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = daemon.port();
    ConnectionTab *tab = m_window->openConnection(settings);
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->registry()->indexForName(u"shy.object"_s).isValid(), Wait);
    QCOMPARE(tab->session()->state(), BrowserSession::State::Connected);
    LogModel *log = m_window->log();
    QStringList requests;
    for (int r = 0; r < log->rowCount(); ++r)
        requests.append(log->index(r, LogModel::RequestColumn).data().toString());
    QVERIFY2(requests.contains(u"list()"_s), qPrintable(requests.join(u" | "_s)));
    QVERIFY(std::any_of(requests.begin(), requests.end(),
                        [](const QString &r) { return r.startsWith(u"the name server cannot send metadata"_s); }));
    // Later refreshes go straight to the plain list.
    const int rows = log->rowCount();
    tab->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(log->index(rows, LogModel::RequestColumn).data().toString(), u"list()"_s, Wait);
}

void tst_PyroBrowserWindow::tlsConnection_data()
{
    QTest::addColumn<QString>("clientCert");
    QTest::addColumn<bool>("ok");
    QTest::newRow("client certificate") << u"client"_s << true;
    QTest::newRow("none: refused") << QString() << false;
}

// Two-way TLS, the connection's own certificate files (no PYRO_SSL_* in the environment).
void tst_PyroBrowserWindow::tlsConnection()
{
    QFETCH(QString, clientCert);
    QFETCH(bool, ok);
    const auto cert = [](const QString &name) { return QStringLiteral(QTPYRO_TEST_DATA) + u"/certs/"_s + name; };
    PyroConfig serverConfig = PyroConfig::global();
    serverConfig.setSsl(true);
    serverConfig.setSslServerCert(cert(u"server.pem"_s));
    serverConfig.setSslServerKey(cert(u"server.key"_s));
    serverConfig.setSslCaCerts(cert(u"ca.pem"_s));
    serverConfig.setSslRequireClientCert(true);
    PyroDaemon daemon(serverConfig);
    QVERIFY2(daemon.listen(u"localhost"_s, 0), qPrintable(daemon.errorString()));
    BrowserSensor sensor;
    const PyroUri uri = daemon.registerObject(&sensor, u"secure.sensor"_s);

    ConnectionSettings settings;
    settings.kind = ConnectionSettings::Kind::DaemonUri;
    settings.uri = uri.toString();
    settings.ssl = true;
    settings.caCerts = cert(u"ca.pem"_s);
    if (!clientCert.isEmpty()) {
        settings.clientCert = cert(clientCert + u".pem"_s);
        settings.clientKey = cert(clientCert + u".key"_s);
    }
    ConnectionTab *tab = m_window->openConnection(settings);
    if (!ok) {
        QTRY_COMPARE_WITH_TIMEOUT(tab->session()->state(), BrowserSession::State::Failed, Wait);
        QVERIFY2(tab->session()->stateText().contains(u"CommunicationError"_s), qPrintable(tab->session()->stateText()));
        return;
    }
    QTRY_VERIFY2_WITH_TIMEOUT(tab->session()->registry()->indexForName(u"secure.sensor"_s).isValid(),
                              qPrintable(tab->session()->stateText()), Wait);
    QVERIFY(tab->selectName(u"secure.sensor"_s));
    QTRY_VERIFY_WITH_TIMEOUT(tab->objectPanel()->hasMetadata(), Wait);
    QTRY_COMPARE_WITH_TIMEOUT(tab->objectPanel()->attributes()->value(u"temperature"_s).toDouble(), 19.5, Wait);
    QVERIFY(m_window->tabs()->tabToolTip(m_window->tabs()->currentIndex()).endsWith(u" · TLS"_s));
}

void tst_PyroBrowserWindow::helpOption()
{
    QProcess process;
    process.setProcessEnvironment(toolEnvironment());
    process.start(PyroTestProcess::tool(u"pyro-browser"_s), {u"--help"_s});
    QVERIFY(process.waitForFinished(Wait));
    QCOMPARE(process.exitCode(), 0);
    const QString help = QString::fromUtf8(process.readAllStandardOutput());
    for (const QString &option : {u"-n, --host <HOST>"_s, u"-p, --port <PORT>"_s, u"-u, --unixsocket <UNIXSOCKET>"_s,
                                  u"-s, --serializer <SERIALIZER>"_s, u"[URI]"_s})
        QVERIFY2(help.contains(option), qPrintable(help));
    // A bad URI: a clear error, exit code 2.
    process.start(PyroTestProcess::tool(u"pyro-browser"_s), {u"nonsense"_s});
    QVERIFY(process.waitForFinished(Wait));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains(u"not a Pyro URI"_s));
}

QTEST_MAIN(tst_PyroBrowserWindow)
#include "tst_pyrobrowserwindow.moc"
