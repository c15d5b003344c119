// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "objectmodels.h"
#include "signalmonitor.h"

#include "pyrouri.h"

#include <QtCore/QPointer>
#include <QtCore/QSet>
#include <QtWidgets/QStyledItemDelegate>
#include <QtWidgets/QWidget>

class PyroLiveProperties;
class PyroProxy;
class QLabel;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTimer;
class QTreeView;
class QListWidget;

namespace PyroBrowser {

class BrowserSession;
class CallDialog;
class CallHistoryModel;
class SignalMonitor;

// Paints an AttributeModel row's recent numeric values as a small line.
class SparklineDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

/*
 * One object: its members (from Pyro.Daemon.get_metadata), its attributes (get, set,
 * watch by polling or live through remote signals, with a sparkline), its signals (the
 * monitor), its call history (re-run), and its daemon (registered objects, info).
 */
class ObjectPanel : public QWidget
{
    Q_OBJECT
public:
    ObjectPanel(BrowserSession *session, const QString &name, const PyroUri &uri, QWidget *parent = nullptr);
    ~ObjectPanel() override;

    QString name() const { return m_name; }
    PyroUri uri() const { return m_uri; }
    bool hasMetadata() const { return m_metadataLoaded; }
    MemberModel *members() const { return m_members; }
    AttributeModel *attributes() const { return m_attributes; }
    CallHistoryModel *history() const { return m_history; }
    SignalMonitor *signalMonitor() const { return m_signalMonitor; }
    QString daemonInfo() const;
    QStringList daemonObjects() const;

    // Opens the call dialog (the selected method, or method).
    CallDialog *openCallDialog(const QString &method = QString());
    CallDialog *rerun(int historyRow);

    void getAttribute(const QString &name);
    void setAttribute(const QString &name, const QString &literalText);
    void setWatch(const QString &name, AttributeModel::Watch watch);
    void setPollInterval(int msecs);
    void reload();

Q_SIGNALS:
    void metadataLoaded(bool ok);
    void attributeSet(const QString &name, bool ok);

private:
    void loadMetadata();
    void loadDaemon();
    void poll();
    QWidget *buildAttributes();
    QString selectedAttribute() const;

    BrowserSession *m_session;
    QString m_name;
    PyroUri m_uri;
    PyroProxy *m_proxy;
    MemberModel *m_members;
    AttributeModel *m_attributes;
    CallHistoryModel *m_history;
    QTabWidget *m_tabs;
    QLabel *m_header;
    QTreeView *m_memberView;
    QTableView *m_attributeView;
    QTableView *m_historyView;
    QListWidget *m_daemonObjects;
    QPlainTextEdit *m_daemonInfo;
    QSpinBox *m_pollInterval;
    QTimer *m_pollTimer;
    QSet<QString> m_polling;      // attribute reads in flight
    QPointer<SignalMonitor> m_signalMonitor;
    QPointer<PyroLiveProperties> m_live;
    QWidget *m_signalPage;
    bool m_metadataLoaded = false;
};

} // namespace PyroBrowser
