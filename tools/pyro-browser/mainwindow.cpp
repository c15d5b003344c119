// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "browsersession.h"
#include "connectdialog.h"
#include "connectiontab.h"
#include "recordmodels.h"

#include <QtCore/QSettings>
#include <QtGui/QAction>
#include <QtGui/QClipboard>
#include <QtGui/QCloseEvent>
#include <QtGui/QGuiApplication>
#include <QtGui/QKeySequence>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_tabs(new QTabWidget(this)), m_log(new LogModel(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("Pyro Browser"));
    m_tabs->setObjectName(u"connections"_s);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        QWidget *w = m_tabs->widget(index);
        m_tabs->removeTab(index);
        w->deleteLater();
    });
    setCentralWidget(m_tabs);

    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName(u"logDock"_s);
    m_logView = new QTableView(m_logDock);
    m_logView->setObjectName(u"log"_s);
    m_logView->setModel(m_log);
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_logView->verticalHeader()->hide();
    m_logView->verticalHeader()->setDefaultSectionSize(m_logView->fontMetrics().height() + 6);
    m_logView->horizontalHeader()->setStretchLastSection(true);
    m_logView->horizontalHeader()->resizeSection(LogModel::TimeColumn, 100);
    m_logView->horizontalHeader()->resizeSection(LogModel::TargetColumn, 300);
    m_logView->horizontalHeader()->resizeSection(LogModel::RequestColumn, 260);
    m_logView->horizontalHeader()->resizeSection(LogModel::DurationColumn, 90);
    auto *copy = new QAction(tr("Copy"), m_logView);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &MainWindow::copyLogSelection);
    m_logView->addAction(copy);
    // A URI in the log opens its object.
    connect(m_logView, &QTableView::activated, this, [this](const QModelIndex &index) {
        const QString uri = index.data(LogModel::UriRole).toString();
        if (index.column() == LogModel::TargetColumn && uri.startsWith(u"PYRO"))
            openUri(uri, currentTab() ? currentTab()->session()->settings() : ConnectionSettings());
    });
    connect(m_log, &QAbstractItemModel::rowsInserted, m_logView, [this] { m_logView->scrollToBottom(); });
    m_logDock->setWidget(m_logView);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);

    buildMenus();
    statusBar()->showMessage(tr("Ctrl+N connects; F5 refreshes; Ctrl+F filters; Ctrl+E calls"));

    QSettings settings;
    resize(1100, 720);
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu *connection = menuBar()->addMenu(tr("&Connection"));
    connection->addAction(tr("&New connection…"), QKeySequence::New, this, &MainWindow::showConnectDialog);
    m_recentMenu = connection->addMenu(tr("&Recent"));
    updateRecentMenu();
    connection->addAction(tr("&Close tab"), QKeySequence::Close, this, [this] {
        if (QWidget *w = m_tabs->currentWidget()) {
            m_tabs->removeTab(m_tabs->currentIndex());
            w->deleteLater();
        }
    });
    connection->addSeparator();
    connection->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *refresh = view->addAction(tr("&Refresh"), this, [this] {
        if (ConnectionTab *t = currentTab())
            t->refresh();
    });
    refresh->setObjectName(u"refreshAction"_s);
    refresh->setShortcut(QKeySequence(Qt::Key_F5));
    QAction *filter = view->addAction(tr("&Filter"), this, [this] {
        if (ConnectionTab *t = currentTab())
            t->focusFilter();
    });
    filter->setShortcut(QKeySequence::Find);
    view->addAction(tr("Check &reachability"), QKeySequence(Qt::CTRL | Qt::Key_P), this, [this] {
        if (ConnectionTab *t = currentTab())
            t->checkReachability();
    });
    view->addSeparator();
    view->addAction(m_logDock->toggleViewAction());

    QMenu *object = menuBar()->addMenu(tr("&Object"));
    QAction *call = object->addAction(tr("&Call…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] {
        if (ConnectionTab *t = currentTab())
            t->openCallDialog();
    });
    call->setObjectName(u"callAction"_s);

    QMenu *ns = menuBar()->addMenu(tr("&Name server"));
    ns->addAction(tr("&Register…"), QKeySequence(Qt::CTRL | Qt::Key_R), this, [this] {
        if (ConnectionTab *t = currentTab())
            t->showRegisterDialog();
    });
    ns->addAction(tr("Re&move…"), QKeySequence(Qt::CTRL | Qt::Key_Delete), this, [this] {
        if (ConnectionTab *t = currentTab())
            t->removeSelected();
    });
    ns->addAction(tr("Set &metadata…"), QKeySequence(Qt::CTRL | Qt::Key_M), this, [this] {
        if (ConnectionTab *t = currentTab())
            t->showSetMetadataDialog();
    });
    ns->addAction(tr("&Ping"), this, [this] {
        if (ConnectionTab *t = currentTab())
            t->pingNameServer();
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About"), this, [this] {
        QMessageBox::about(this, tr("About Pyro Browser"),
                           tr("<b>pyro-browser</b><br>Browses Pyro5 name servers and daemons (Python's or QtPyro's).<br>"
                              "Keys: Ctrl+N connect, F5 refresh, Ctrl+F filter, Ctrl+E call, Ctrl+P reachability."));
    });
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QList<ConnectionSettings> recent = recentConnections();
    for (const ConnectionSettings &s : recent)
        m_recentMenu->addAction(s.title() + u"  ("_s + s.serializer + u')', this, [this, s] { openConnection(s); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::showConnectDialog()
{
    auto *dialog = new ConnectDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { openConnection(dialog->settings()); });
    dialog->open();
}

ConnectionTab *MainWindow::openConnection(const ConnectionSettings &settings)
{
    rememberConnection(settings);
    updateRecentMenu();
    auto *tab = new ConnectionTab(settings, m_log, m_tabs);
    const int index = m_tabs->addTab(tab, settings.title());
    m_tabs->setTabToolTip(index, settings.title() + u" · "_s + settings.serializer + (settings.ssl ? u" · TLS"_s : QString()));
    m_tabs->setCurrentIndex(index);
    QSettings s;
    tab->splitter()->restoreState(s.value(u"window/tabSplitter"_s).toByteArray());
    return tab;
}

ConnectionTab *MainWindow::openUri(const QString &text, const ConnectionSettings &nameServer)
{
    PyroError error;
    const PyroUri uri = PyroUri::fromString(text, &error);
    if (!uri.isValid()) {
        m_log->note(text, tr("not a Pyro URI: %1").arg(error.message()), true);
        return nullptr;
    }
    ConnectionSettings settings = nameServer;
    if (uri.protocol() == PyroUri::Protocol::Pyro) {
        settings.kind = ConnectionSettings::Kind::DaemonUri;
        settings.uri = uri.toString();
        ConnectionTab *tab = openConnection(settings);
        tab->selectWhenListed(uri.object());
        return tab;
    }
    if (uri.protocol() == PyroUri::Protocol::PyroName) {
        if (uri.hasLocation()) {
            if (uri.isUnixSocket()) {
                settings.kind = ConnectionSettings::Kind::UnixSocket;
                settings.socketPath = uri.socketPath();
            } else {
                settings.kind = ConnectionSettings::Kind::HostPort;
                settings.host = uri.host();
                settings.port = uri.port() ? uri.port() : 9090;
            }
        }
        ConnectionTab *tab = openConnection(settings);
        tab->selectWhenListed(uri.object());
        return tab;
    }
    // PYROMETA: the name server, filtered by the tags (all of them).
    ConnectionTab *tab = openConnection(settings);
    tab->setMetadataFilter(uri.metadataTags(), true);
    return tab;
}

ConnectionTab *MainWindow::currentTab() const
{
    return qobject_cast<ConnectionTab *>(m_tabs->currentWidget());
}

void MainWindow::copyLogSelection()
{
    QList<int> rows;
    for (const QModelIndex &i : m_logView->selectionModel()->selectedRows())
        rows.append(i.row());
    std::sort(rows.begin(), rows.end());
    QGuiApplication::clipboard()->setText(m_log->rowsAsText(rows));
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    if (ConnectionTab *t = currentTab())
        settings.setValue(u"window/tabSplitter"_s, t->splitter()->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

} // namespace PyroBrowser
