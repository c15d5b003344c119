// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "connectionsettings.h"
#include "objectpanel.h"

#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QSplitter;
class QTimer;
class QTreeView;

namespace PyroBrowser {

class BrowserSession;
class LogModel;
class ObjectPanel;
class RegistryFilterModel;

/*
 * One connection's tab: the filterable registry tree on the left (text or regex filter,
 * metadata tags any/all, counts, live refresh, reachability), the selected object's
 * panel on the right, and the name-server maintenance actions.
 */
class ConnectionTab : public QWidget
{
    Q_OBJECT
public:
    ConnectionTab(const ConnectionSettings &settings, LogModel *log, QWidget *parent = nullptr);
    ~ConnectionTab() override;

    BrowserSession *session() const { return m_session; }
    RegistryFilterModel *filterModel() const { return m_filter; }
    QTreeView *registryView() const { return m_view; }
    ObjectPanel *objectPanel() const { return m_panel; }
    QString countText() const;
    QSplitter *splitter() const { return m_splitter; }

    void setFilterText(const QString &text);
    void setMetadataFilter(const QStringList &tags, bool all);
    void focusFilter();
    void setRefreshInterval(int seconds);          // 0: off
    // Selects the registration (and opens its object); false when it is not listed.
    bool selectName(const QString &name);
    // Selects it once the registry lists it (for a name given on the command line).
    void selectWhenListed(const QString &name);
    QString selectedName() const;

public Q_SLOTS:
    void refresh();
    void checkReachability();
    void openCallDialog();
    // Maintenance: dialogs (non-modal) and confirmations as QMessageBox::open().
    void showRegisterDialog();
    void removeSelected();
    void showSetMetadataDialog();
    void pingNameServer();

Q_SIGNALS:
    void objectOpened(ObjectPanel *panel);

private:
    void openSelected();
    void updateCount();
    void applyTags();

    BrowserSession *m_session;
    RegistryFilterModel *m_filter;
    QLineEdit *m_filterEdit;
    QCheckBox *m_regex;
    QLineEdit *m_tags;
    QComboBox *m_tagMode;
    QSpinBox *m_interval;
    QLabel *m_count;
    QLabel *m_state;
    QTreeView *m_view;
    QSplitter *m_splitter;
    QPointer<ObjectPanel> m_panel;
    QTimer *m_refreshTimer;
    QStringList m_expanded;
    QString m_pendingSelection;
};

} // namespace PyroBrowser
