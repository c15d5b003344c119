// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyrouri.h"

#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtWidgets/QWidget>

class PyroProxy;
class PyroSignalSubscription;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace PyroBrowser {

class BrowserSession;
class SignalEventModel;

/*
 * The remote signals of one object (QtPyro daemons list them in the metadata): check a
 * signal to subscribe (a pull subscription of its own), uncheck to end it. Emissions
 * arrive in a table with their time; a filter, pause (new events wait and come in on
 * resume), clear and export to a tab-separated file.
 */
class SignalMonitor : public QWidget
{
    Q_OBJECT
public:
    SignalMonitor(BrowserSession *session, const PyroUri &uri, const QMap<QString, QStringList> &signalParameters,
                  QWidget *parent = nullptr);
    ~SignalMonitor() override;

    void subscribe(const QString &signal);
    void unsubscribe(const QString &signal);
    bool isSubscribed(const QString &signal) const;
    bool isActive(const QString &signal) const;
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void setFilter(const QString &text);
    SignalEventModel *events() const { return m_events; }
    QSortFilterProxyModel *filteredEvents() const { return m_filtered; }
    int pendingCount() const { return int(m_pending.size()); }
    bool exportTo(const QString &fileName) const;

Q_SIGNALS:
    void subscriptionActiveChanged(const QString &signal, bool active);

private:
    struct Pending
    {
        QDateTime time;
        QString signal;
        QVariantList args;
    };
    void received(const QString &signal, const QVariantList &args);
    void updateStatus();

    BrowserSession *m_session;
    PyroUri m_uri;
    PyroProxy *m_proxy;
    QHash<QString, PyroSignalSubscription *> m_subscriptions;
    SignalEventModel *m_events;
    QSortFilterProxyModel *m_filtered;
    QListWidget *m_signals;
    QLineEdit *m_filter;
    QPushButton *m_pause;
    QTableView *m_table;
    QLabel *m_status;
    QList<Pending> m_pending;
    bool m_paused = false;
};

} // namespace PyroBrowser
