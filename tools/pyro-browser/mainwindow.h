// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "connectionsettings.h"

#include <QtWidgets/QMainWindow>

class QDockWidget;
class QMenu;
class QTabWidget;
class QTableView;

namespace PyroBrowser {

class ConnectionTab;
class LogModel;

/*
 * pyro-browser's window: a tab per connection, the request log in a dock below, menus
 * and shortcuts (Ctrl+N connect, F5 refresh, Ctrl+F filter, Ctrl+E call, Ctrl+P check
 * reachability). Remembers its geometry and layout (QSettings).
 */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    ConnectionTab *openConnection(const ConnectionSettings &settings);
    // PYRO: opens the daemon (selecting the object), PYRONAME: the name server given
    // (or the default one) and selects the name.
    ConnectionTab *openUri(const QString &uri, const ConnectionSettings &nameServer = ConnectionSettings());
    ConnectionTab *currentTab() const;
    QTabWidget *tabs() const { return m_tabs; }
    LogModel *log() const { return m_log; }
    QTableView *logView() const { return m_logView; }

public Q_SLOTS:
    void showConnectDialog();
    void copyLogSelection();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void updateRecentMenu();
    void saveLayout();

    QTabWidget *m_tabs;
    LogModel *m_log;
    QTableView *m_logView;
    QDockWidget *m_logDock;
    QMenu *m_recentMenu;
};

} // namespace PyroBrowser
