// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "signalmonitor.h"

#include "browsersession.h"
#include "recordmodels.h"

#include "pyroproxy.h"
#include "pyrosignalsubscription.h"

#include <QtCore/QFile>
#include <QtCore/QSortFilterProxyModel>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

SignalMonitor::SignalMonitor(BrowserSession *session, const PyroUri &uri,
                             const QMap<QString, QStringList> &signalParameters, QWidget *parent)
    : QWidget(parent), m_session(session), m_uri(uri), m_proxy(session->createProxy(uri, QString(), this)),
      m_events(new SignalEventModel(this)), m_filtered(new QSortFilterProxyModel(this))
{
    setObjectName(u"signalMonitor"_s);
    m_filtered->setSourceModel(m_events);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filtered->setFilterKeyColumn(-1);

    auto *layout = new QVBoxLayout(this);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    m_signals = new QListWidget(splitter);
    m_signals->setObjectName(u"signalList"_s);
    for (auto it = signalParameters.cbegin(); it != signalParameters.cend(); ++it) {
        auto *item = new QListWidgetItem(u"%1(%2)"_s.arg(it.key(), it.value().join(u", "_s)), m_signals);
        item->setData(Qt::UserRole, it.key());
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setToolTip(tr("Check to subscribe"));
    }
    if (signalParameters.isEmpty())
        m_signals->addItem(tr("(no signals: not a QtPyro object)"));
    connect(m_signals, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        const QString signal = item->data(Qt::UserRole).toString();
        if (signal.isEmpty())
            return;
        if (item->checkState() == Qt::Checked)
            subscribe(signal);
        else
            unsubscribe(signal);
    });

    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit(right);
    m_filter->setObjectName(u"signalFilter"_s);
    m_filter->setPlaceholderText(tr("Filter events"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, &SignalMonitor::setFilter);
    m_pause = new QPushButton(tr("Pause"), right);
    m_pause->setObjectName(u"pause"_s);
    m_pause->setCheckable(true);
    connect(m_pause, &QPushButton::toggled, this, &SignalMonitor::setPaused);
    auto *clear = new QPushButton(tr("Clear"), right);
    connect(clear, &QPushButton::clicked, m_events, &SignalEventModel::clear);
    auto *exportButton = new QPushButton(tr("Export…"), right);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, tr("Export events"), u"signals.tsv"_s, tr("Tab-separated (*.tsv *.txt)"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setAcceptMode(QFileDialog::AcceptSave);
        connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) { exportTo(file); });
        dialog->open();
    });
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_pause);
    bar->addWidget(clear);
    bar->addWidget(exportButton);
    rightLayout->addLayout(bar);
    m_table = new QTableView(right);
    m_table->setObjectName(u"signalEvents"_s);
    m_table->setModel(m_filtered);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    rightLayout->addWidget(m_table, 1);
    m_status = new QLabel(right);
    rightLayout->addWidget(m_status);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({220, 600});
    layout->addWidget(splitter);
    connect(m_filtered, &QAbstractItemModel::rowsInserted, m_table, [this] {
        if (!m_table->verticalScrollBar()->isSliderDown())
            m_table->scrollToBottom();
    });
    updateStatus();
}

SignalMonitor::~SignalMonitor()
{
    // The subscriptions end before their proxy goes.
    qDeleteAll(m_subscriptions);
}

void SignalMonitor::subscribe(const QString &signal)
{
    if (m_subscriptions.contains(signal))
        return;
    // A child of the proxy, which must outlive it.
    auto *sub = new PyroSignalSubscription(m_proxy, QStringList{signal}, PyroSignalSubscription::Mode::Pull, m_proxy);
    m_subscriptions.insert(signal, sub);
    const quint64 id = m_session->log()->begin(m_uri.toString(), u"subscribe %1"_s.arg(signal));
    connect(sub, &PyroSignalSubscription::signalEmitted, this, &SignalMonitor::received);
    connect(sub, &PyroSignalSubscription::activeChanged, this, [this, signal, id, sub](bool active) {
        if (active)
            m_session->log()->finish(id, true, tr("subscribed"), -1);
        emit subscriptionActiveChanged(signal, active);
        Q_UNUSED(sub);
        updateStatus();
    });
    connect(sub, &PyroSignalSubscription::errorOccurred, this, [this, signal, id](const PyroError &e) {
        m_session->log()->finish(id, false, e.toString(), -1);
        updateStatus();
    });
    connect(sub, &PyroSignalSubscription::eventsMissed, this, [this, signal](qint64 n) {
        m_session->log()->note(m_uri.toString(), n < 0 ? tr("%1: resubscribed, events may be missing").arg(signal)
                                                       : tr("%1: %2 events missed").arg(signal).arg(n), n > 0);
    });
    for (int i = 0; i < m_signals->count(); ++i) {
        QListWidgetItem *item = m_signals->item(i);
        if (item->data(Qt::UserRole).toString() == signal && item->checkState() != Qt::Checked)
            item->setCheckState(Qt::Checked);
    }
    updateStatus();
}

void SignalMonitor::unsubscribe(const QString &signal)
{
    PyroSignalSubscription *sub = m_subscriptions.take(signal);
    if (!sub)
        return;
    delete sub;
    m_session->log()->note(m_uri.toString(), u"unsubscribe %1"_s.arg(signal));
    for (int i = 0; i < m_signals->count(); ++i) {
        QListWidgetItem *item = m_signals->item(i);
        if (item->data(Qt::UserRole).toString() == signal && item->checkState() != Qt::Unchecked)
            item->setCheckState(Qt::Unchecked);
    }
    updateStatus();
}

bool SignalMonitor::isSubscribed(const QString &signal) const
{
    return m_subscriptions.contains(signal);
}

bool SignalMonitor::isActive(const QString &signal) const
{
    const PyroSignalSubscription *sub = m_subscriptions.value(signal);
    return sub && sub->isActive();
}

void SignalMonitor::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (m_pause->isChecked() != paused)
        m_pause->setChecked(paused);
    if (!paused) {
        for (const Pending &p : std::as_const(m_pending))
            m_events->add(p.time, m_uri.object(), p.signal, p.args);
        m_pending.clear();
    }
    updateStatus();
}

void SignalMonitor::setFilter(const QString &text)
{
    if (m_filter->text() != text)
        m_filter->setText(text);
    m_filtered->setFilterFixedString(text);
    updateStatus();
}

void SignalMonitor::received(const QString &signal, const QVariantList &args)
{
    const QDateTime now = QDateTime::currentDateTime();
    if (m_paused) {
        // Bounded like the table: the oldest waiting events go first.
        m_pending.append({now, signal, args});
        if (m_pending.size() > SignalEventModel::maxEntries)
            m_pending.removeFirst();
    } else {
        m_events->add(now, m_uri.object(), signal, args);
    }
    updateStatus();
}

bool SignalMonitor::exportTo(const QString &fileName) const
{
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_session->log()->note(fileName, tr("export failed: %1").arg(file.errorString()), true);
        return false;
    }
    m_events->exportTo(&file);
    return true;
}

void SignalMonitor::updateStatus()
{
    int active = 0;
    for (const PyroSignalSubscription *s : std::as_const(m_subscriptions))
        active += s->isActive() ? 1 : 0;
    QString text = tr("%1 subscribed (%2 active) · %3 events").arg(m_subscriptions.size()).arg(active).arg(m_events->rowCount());
    if (m_filtered->rowCount() != m_events->rowCount())
        text += tr(", %1 shown").arg(m_filtered->rowCount());
    if (m_paused)
        text += tr(" · paused, %1 waiting").arg(m_pending.size());
    m_status->setText(text);
}

} // namespace PyroBrowser
