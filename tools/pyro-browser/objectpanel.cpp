// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "objectpanel.h"

#include "browsersession.h"
#include "calldialog.h"
#include "recordmodels.h"
#include "signalmonitor.h"

#include "pyroliveproperties.h"
#include "pyroproxy.h"

#include <QtCore/QTimer>
#include <QtGui/QPainter>
#include <QtGui/QPainterPath>
#include <QtWidgets/QApplication>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

void SparklineDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // The cell's background and selection as the style draws them, then the line.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    const QList<double> values = index.data(AttributeModel::HistoryRole).value<QList<double>>();
    if (values.size() < 2)
        return;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    const double span = *hi - *lo;
    const QRectF r = QRectF(option.rect).adjusted(4, 4, -4, -4);
    QPainterPath path;
    for (qsizetype i = 0; i < values.size(); ++i) {
        const double x = r.left() + r.width() * double(i) / double(values.size() - 1);
        const double y = span > 0 ? r.bottom() - r.height() * (values.at(i) - *lo) / span : r.center().y();
        if (i == 0)
            path.moveTo(x, y);
        else
            path.lineTo(x, y);
    }
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(option.state & QStyle::State_Selected ? option.palette.highlightedText().color()
                                                               : QColor(0x1a, 0x5f, 0xb4), 1.5));
    painter->drawPath(path);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(120, 20));
}

ObjectPanel::ObjectPanel(BrowserSession *session, const QString &name, const PyroUri &uri, QWidget *parent)
    : QWidget(parent), m_session(session), m_name(name), m_uri(uri),
      m_proxy(session->createProxy(uri, QString(), this)), m_members(new MemberModel(this)),
      m_attributes(new AttributeModel(this)), m_history(session->history(uri)), m_pollTimer(new QTimer(this))
{
    setObjectName(u"objectPanel"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_header = new QLabel(this);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setText(u"<b>%1</b><br><small>%2</small>"_s.arg(name.toHtmlEscaped(), uri.toString().toHtmlEscaped()));
    layout->addWidget(m_header);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"objectTabs"_s);
    layout->addWidget(m_tabs, 1);

    // Members
    auto *membersPage = new QWidget;
    auto *membersLayout = new QVBoxLayout(membersPage);
    m_memberView = new QTreeView(membersPage);
    m_memberView->setObjectName(u"members"_s);
    m_memberView->setModel(m_members);
    m_memberView->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    membersLayout->addWidget(m_memberView);
    auto *callButton = new QPushButton(tr("&Call…"), membersPage);
    callButton->setToolTip(tr("Call the selected method (Ctrl+E; double-click a method)"));
    membersLayout->addWidget(callButton, 0, Qt::AlignLeft);
    connect(callButton, &QPushButton::clicked, this, [this] { openCallDialog(); });
    connect(m_memberView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const auto kind = MemberModel::Kind(index.data(MemberModel::KindRole).toInt());
        if (!index.data(MemberModel::IsMemberRole).toBool())
            return;
        if (kind == MemberModel::Kind::Method || kind == MemberModel::Kind::Oneway)
            openCallDialog(index.data(MemberModel::NameRole).toString());
        else if (kind == MemberModel::Kind::Attribute)
            m_tabs->setCurrentIndex(1);
        else if (kind == MemberModel::Kind::Signal && m_signalMonitor) {
            m_signalMonitor->subscribe(index.data(MemberModel::NameRole).toString());
            m_tabs->setCurrentWidget(m_signalPage);
        }
    });
    m_tabs->addTab(membersPage, tr("Members"));
    m_tabs->addTab(buildAttributes(), tr("Attributes"));

    m_signalPage = new QWidget;
    new QVBoxLayout(m_signalPage);
    m_tabs->addTab(m_signalPage, tr("Signals"));

    // History
    auto *historyPage = new QWidget;
    auto *historyLayout = new QVBoxLayout(historyPage);
    m_historyView = new QTableView(historyPage);
    m_historyView->setObjectName(u"history"_s);
    m_historyView->setModel(m_history);
    m_historyView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyView->verticalHeader()->hide();
    m_historyView->horizontalHeader()->setStretchLastSection(true);
    historyLayout->addWidget(m_historyView);
    auto *rerunButton = new QPushButton(tr("&Re-run"), historyPage);
    historyLayout->addWidget(rerunButton, 0, Qt::AlignLeft);
    connect(rerunButton, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_historyView->currentIndex();
        if (current.isValid())
            rerun(current.row());
    });
    connect(m_historyView, &QTableView::activated, this, [this](const QModelIndex &index) { rerun(index.row()); });
    m_tabs->addTab(historyPage, tr("History"));

    // Daemon
    auto *daemonPage = new QWidget;
    auto *daemonLayout = new QVBoxLayout(daemonPage);
    daemonLayout->addWidget(new QLabel(tr("Objects registered with this daemon (Pyro.Daemon.registered()):"), daemonPage));
    m_daemonObjects = new QListWidget(daemonPage);
    m_daemonObjects->setObjectName(u"daemonObjects"_s);
    daemonLayout->addWidget(m_daemonObjects, 1);
    m_daemonInfo = new QPlainTextEdit(daemonPage);
    m_daemonInfo->setObjectName(u"daemonInfo"_s);
    m_daemonInfo->setReadOnly(true);
    m_daemonInfo->setMaximumHeight(90);
    daemonLayout->addWidget(m_daemonInfo);
    m_tabs->addTab(daemonPage, tr("Daemon"));

    connect(m_pollTimer, &QTimer::timeout, this, &ObjectPanel::poll);
    reload();
}

ObjectPanel::~ObjectPanel()
{
    // What uses the proxy goes before it.
    delete m_signalMonitor;
    delete m_live;
}

QWidget *ObjectPanel::buildAttributes()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    m_attributeView = new QTableView(page);
    m_attributeView->setObjectName(u"attributes"_s);
    m_attributeView->setModel(m_attributes);
    m_attributeView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_attributeView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_attributeView->verticalHeader()->hide();
    m_attributeView->setItemDelegateForColumn(AttributeModel::HistoryColumn, new SparklineDelegate(m_attributeView));
    m_attributeView->horizontalHeader()->setSectionResizeMode(AttributeModel::ValueColumn, QHeaderView::Stretch);
    m_attributeView->horizontalHeader()->resizeSection(AttributeModel::HistoryColumn, 160);
    layout->addWidget(m_attributeView, 1);
    auto *bar = new QHBoxLayout;
    auto *get = new QPushButton(tr("&Get"), page);
    auto *set = new QPushButton(tr("&Set…"), page);
    auto *poll = new QPushButton(tr("Watch (&poll)"), page);
    auto *live = new QPushButton(tr("Watch (&live)"), page);
    auto *stop = new QPushButton(tr("Stop watching"), page);
    live->setToolTip(tr("Through the attribute's NOTIFY signal (QtPyro daemons)"));
    m_pollInterval = new QSpinBox(page);
    m_pollInterval->setObjectName(u"pollInterval"_s);
    m_pollInterval->setRange(100, 600000);
    m_pollInterval->setSingleStep(250);
    m_pollInterval->setValue(1000);
    m_pollInterval->setSuffix(tr(" ms"));
    for (QWidget *w : {static_cast<QWidget *>(get), static_cast<QWidget *>(set), static_cast<QWidget *>(poll),
                       static_cast<QWidget *>(live), static_cast<QWidget *>(stop)})
        bar->addWidget(w);
    bar->addStretch();
    bar->addWidget(new QLabel(tr("Poll every"), page));
    bar->addWidget(m_pollInterval);
    layout->addLayout(bar);
    connect(get, &QPushButton::clicked, this, [this] {
        const QString name = selectedAttribute();
        if (!name.isEmpty())
            getAttribute(name);
    });
    connect(set, &QPushButton::clicked, this, [this] {
        const QString name = selectedAttribute();
        if (name.isEmpty())
            return;
        auto *dialog = new QInputDialog(this);
        dialog->setObjectName(u"setAttributeDialog"_s);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowTitle(tr("Set %1").arg(name));
        dialog->setLabelText(tr("New value of %1 (a Python literal):").arg(name));
        dialog->setTextValue(literal(m_attributes->value(name)));
        connect(dialog, &QInputDialog::textValueSelected, this,
                [this, name](const QString &text) { setAttribute(name, text); });
        dialog->open();
    });
    connect(poll, &QPushButton::clicked, this, [this] {
        const QString name = selectedAttribute();
        if (!name.isEmpty())
            setWatch(name, AttributeModel::Watch::Poll);
    });
    connect(live, &QPushButton::clicked, this, [this] {
        const QString name = selectedAttribute();
        if (!name.isEmpty())
            setWatch(name, AttributeModel::Watch::Live);
    });
    connect(stop, &QPushButton::clicked, this, [this] {
        const QString name = selectedAttribute();
        if (!name.isEmpty())
            setWatch(name, AttributeModel::Watch::Off);
    });
    connect(m_pollInterval, &QSpinBox::valueChanged, this, &ObjectPanel::setPollInterval);
    return page;
}

QString ObjectPanel::selectedAttribute() const
{
    const QModelIndex current = m_attributeView->currentIndex();
    return current.isValid() ? current.data(AttributeModel::NameRole).toString() : QString();
}

void ObjectPanel::reload()
{
    loadMetadata();
    loadDaemon();
}

void ObjectPanel::loadMetadata()
{
    PyroProxy *daemon = m_session->daemonFor(m_uri);
    QPointer<ObjectPanel> self(this);
    m_session->request(daemon->asyncCall(u"get_metadata"_s, {m_uri.object()}), daemon->uri().toString(),
                       u"get_metadata(%1)"_s.arg(literal(m_uri.object())), [self](PyroCallReply *reply, double) {
        if (!self)
            return;
        if (reply->isError()) {
            self->m_header->setText(self->m_header->text() + u"<br><span style='color:#a01010'>%1</span>"_s.arg(
                                            reply->error().toString().toHtmlEscaped()));
            emit self->metadataLoaded(false);
            return;
        }
        const ObjectMetadata metadata = ObjectMetadata::fromVariant(reply->value());
        self->m_members->setMetadata(metadata);
        self->m_memberView->expandAll();
        self->m_attributes->setAttributes(metadata.attributes, metadata.notify);
        self->m_attributeView->resizeColumnToContents(AttributeModel::NameColumn);
        // The signal page follows the metadata.
        delete self->m_signalMonitor;
        self->m_signalMonitor = new SignalMonitor(self->m_session, self->m_uri, metadata.signalParameters,
                                                  self->m_signalPage);
        self->m_signalPage->layout()->addWidget(self->m_signalMonitor);
        self->m_metadataLoaded = true;
        for (const QString &a : metadata.attributes)
            self->getAttribute(a);
        emit self->metadataLoaded(true);
    });
}

void ObjectPanel::loadDaemon()
{
    PyroProxy *daemon = m_session->daemonFor(m_uri);
    QPointer<ObjectPanel> self(this);
    m_session->request(daemon->asyncCall(u"registered"_s), daemon->uri().toString(), u"registered()"_s,
                       [self](PyroCallReply *reply, double) {
        if (!self || reply->isError())
            return;
        self->m_daemonObjects->clear();
        QVariant v = reply->value();
        const QVariantList ids = v.typeId() == qMetaTypeId<PyroTuple>() ? v.value<PyroTuple>().items() : v.toList();
        QStringList names;
        for (const QVariant &id : ids)
            names.append(id.toString());
        names.sort();
        self->m_daemonObjects->addItems(names);
    });
    m_session->request(daemon->asyncCall(u"info"_s), daemon->uri().toString(), u"info()"_s,
                       [self](PyroCallReply *reply, double) {
        if (self)
            self->m_daemonInfo->setPlainText(reply->isError() ? reply->error().toString() : reply->value().toString());
    });
}

QString ObjectPanel::daemonInfo() const
{
    return m_daemonInfo->toPlainText();
}

QStringList ObjectPanel::daemonObjects() const
{
    QStringList out;
    for (int i = 0; i < m_daemonObjects->count(); ++i)
        out.append(m_daemonObjects->item(i)->text());
    return out;
}

CallDialog *ObjectPanel::openCallDialog(const QString &method)
{
    auto *dialog = new CallDialog(m_session, m_uri, m_members->metadata(), m_history, window());
    QString chosen = method;
    if (chosen.isEmpty()) {
        const QModelIndex current = m_memberView->currentIndex();
        const auto kind = MemberModel::Kind(current.data(MemberModel::KindRole).toInt());
        if (current.data(MemberModel::IsMemberRole).toBool()
            && (kind == MemberModel::Kind::Method || kind == MemberModel::Kind::Oneway))
            chosen = current.data(MemberModel::NameRole).toString();
    }
    if (!chosen.isEmpty())
        dialog->setMethod(chosen);
    dialog->show();
    return dialog;
}

CallDialog *ObjectPanel::rerun(int row)
{
    if (row < 0 || row >= m_history->rowCount())
        return nullptr;
    CallDialog *dialog = openCallDialog();
    dialog->setCall(m_history->entry(row).call);
    dialog->call();
    return dialog;
}

void ObjectPanel::getAttribute(const QString &name)
{
    if (m_polling.contains(name))
        return;
    m_polling.insert(name);
    QPointer<ObjectPanel> self(this);
    m_session->request(m_proxy->asyncReadAttribute(name), m_uri.toString(), u"get %1"_s.arg(name),
                       [self, name](PyroCallReply *reply, double) {
        if (!self)
            return;
        self->m_polling.remove(name);
        if (reply->isError())
            self->m_attributes->setError(name, reply->error().toString());
        else
            self->m_attributes->setValue(name, reply->value());
    });
}

void ObjectPanel::setAttribute(const QString &name, const QString &literalText)
{
    const LiteralCheck check = parseArguments(literalText);
    const QVariantList values = check.value.toList();
    if (!check.ok || values.size() != 1) {
        m_session->log()->note(m_uri.toString(), tr("set %1: not one Python literal: %2").arg(name, check.message), true);
        emit attributeSet(name, false);
        return;
    }
    QPointer<ObjectPanel> self(this);
    m_session->request(m_proxy->asyncWriteAttribute(name, values.first()), m_uri.toString(),
                       u"set %1 = %2"_s.arg(name, literal(values.first())), [self, name](PyroCallReply *reply, double) {
        if (!self)
            return;
        if (reply->isError())
            self->m_attributes->setError(name, reply->error().toString());
        else if (self->m_attributes->watch(name) != AttributeModel::Watch::Live)
            self->getAttribute(name);
        emit self->attributeSet(name, !reply->isError());
    });
}

void ObjectPanel::setWatch(const QString &name, AttributeModel::Watch watch)
{
    if (watch == AttributeModel::Watch::Live && !m_attributes->canWatchLive(name))
        watch = AttributeModel::Watch::Poll;   // no NOTIFY signal (or not a QtPyro daemon)
    m_attributes->setWatch(name, watch);
    if (watch == AttributeModel::Watch::Live && !m_live) {
        m_live = new PyroLiveProperties(m_proxy, m_proxy);   // the proxy must outlive it
        m_session->log()->note(m_uri.toString(), tr("live properties: subscribing to NOTIFY signals"));
        connect(m_live, &PyroLiveProperties::propertyChanged, this, [this](const QString &attr, const QVariant &value) {
            if (m_attributes->watch(attr) == AttributeModel::Watch::Live)
                m_attributes->setValue(attr, value);
        });
        connect(m_live, &PyroLiveProperties::errorOccurred, this, [this](const PyroError &e) {
            m_session->log()->note(m_uri.toString(), tr("live properties: %1").arg(e.toString()), true);
        });
    } else if (watch == AttributeModel::Watch::Live && m_live->isReady()) {
        m_attributes->setValue(name, m_live->value(name));
    }
    bool anyPoll = false;
    bool anyLive = false;
    for (const QString &a : m_attributes->names()) {
        anyPoll |= m_attributes->watch(a) == AttributeModel::Watch::Poll;
        anyLive |= m_attributes->watch(a) == AttributeModel::Watch::Live;
    }
    if (anyPoll && !m_pollTimer->isActive())
        m_pollTimer->start(m_pollInterval->value());
    else if (!anyPoll)
        m_pollTimer->stop();
    if (!anyLive && m_live)
        delete m_live;
    if (watch == AttributeModel::Watch::Poll)
        getAttribute(name);
}

void ObjectPanel::setPollInterval(int msecs)
{
    if (m_pollInterval->value() != msecs)
        m_pollInterval->setValue(msecs);
    m_pollTimer->setInterval(msecs);
}

void ObjectPanel::poll()
{
    for (const QString &a : m_attributes->names()) {
        if (m_attributes->watch(a) == AttributeModel::Watch::Poll)
            getAttribute(a);
    }
}

} // namespace PyroBrowser
