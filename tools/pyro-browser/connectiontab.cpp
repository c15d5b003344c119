// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "connectiontab.h"

#include "browsersession.h"
#include "confirm.h"
#include "objectpanel.h"
#include "registrymodel.h"
#include "signalmonitor.h"

#include <QtCore/QTimer>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialog>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

namespace {

QStringList tagList(const QString &text)
{
    QStringList tags;
    for (const QString &t : text.split(u',', Qt::SkipEmptyParts)) {
        if (!t.trimmed().isEmpty())
            tags.append(t.trimmed());
    }
    return tags;
}

} // namespace

ConnectionTab::ConnectionTab(const ConnectionSettings &settings, LogModel *log, QWidget *parent)
    : QWidget(parent), m_session(new BrowserSession(settings, log, this)), m_filter(new RegistryFilterModel(this)),
      m_refreshTimer(new QTimer(this))
{
    setObjectName(u"connectionTab"_s);
    m_filter->setSourceModel(m_session->registry());
    auto *layout = new QVBoxLayout(this);

    auto *bar = new QHBoxLayout;
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(u"filter"_s);
    m_filterEdit->setPlaceholderText(tr("Filter names, URIs, metadata (Ctrl+F)"));
    m_filterEdit->setClearButtonEnabled(true);
    m_regex = new QCheckBox(tr("Regex"), this);
    m_regex->setObjectName(u"regex"_s);
    m_tags = new QLineEdit(this);
    m_tags->setObjectName(u"tags"_s);
    m_tags->setPlaceholderText(tr("metadata tags, comma-separated"));
    m_tagMode = new QComboBox(this);
    m_tagMode->setObjectName(u"tagMode"_s);
    m_tagMode->addItems({tr("any"), tr("all")});
    bar->addWidget(m_filterEdit, 2);
    bar->addWidget(m_regex);
    bar->addWidget(m_tags, 1);
    bar->addWidget(m_tagMode);
    layout->addLayout(bar);

    auto *bar2 = new QHBoxLayout;
    m_state = new QLabel(this);
    m_state->setObjectName(u"state"_s);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_count = new QLabel(this);
    m_count->setObjectName(u"count"_s);
    m_interval = new QSpinBox(this);
    m_interval->setObjectName(u"refreshInterval"_s);
    m_interval->setRange(0, 3600);
    m_interval->setSuffix(tr(" s"));
    m_interval->setSpecialValueText(tr("no auto refresh"));
    m_interval->setToolTip(tr("Refresh the registry every … seconds"));
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setToolTip(tr("Refresh (F5)"));
    auto *pingButton = new QPushButton(tr("Check reachability"), this);
    pingButton->setToolTip(tr("Ask each object's daemon whether it serves the object"));
    bar2->addWidget(m_state, 1);
    bar2->addWidget(m_count);
    bar2->addWidget(m_interval);
    bar2->addWidget(refreshButton);
    bar2->addWidget(pingButton);
    layout->addLayout(bar2);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"tabSplitter"_s);
    m_view = new QTreeView(m_splitter);
    m_view->setObjectName(u"registry"_s);
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(false);
    m_view->setAlternatingRowColors(true);
    m_view->setUniformRowHeights(true);
    m_view->header()->setSectionResizeMode(RegistryModel::NameColumn, QHeaderView::Interactive);
    m_view->header()->resizeSection(RegistryModel::NameColumn, 220);
    m_view->header()->resizeSection(RegistryModel::UriColumn, 260);
    auto *placeholder = new QLabel(tr("Select a registration to see its object."), m_splitter);
    placeholder->setAlignment(Qt::AlignCenter);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    layout->addWidget(m_splitter, 1);

    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setText(text);
        m_filterEdit->setStyleSheet(m_filter->isRegexValid() ? QString() : u"background: #fbe0e0"_s);
        m_view->expandAll();
        updateCount();
    });
    connect(m_regex, &QCheckBox::toggled, this, [this](bool on) {
        m_filter->setRegexMode(on);
        m_filterEdit->setStyleSheet(m_filter->isRegexValid() ? QString() : u"background: #fbe0e0"_s);
        m_view->expandAll();
        updateCount();
    });
    connect(m_tags, &QLineEdit::textChanged, this, &ConnectionTab::applyTags);
    connect(m_tagMode, &QComboBox::currentIndexChanged, this, &ConnectionTab::applyTags);
    connect(m_interval, &QSpinBox::valueChanged, this, &ConnectionTab::setRefreshInterval);
    connect(refreshButton, &QPushButton::clicked, this, &ConnectionTab::refresh);
    connect(pingButton, &QPushButton::clicked, this, &ConnectionTab::checkReachability);
    connect(m_refreshTimer, &QTimer::timeout, this, &ConnectionTab::refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ConnectionTab::openSelected);

    RegistryModel *registry = m_session->registry();
    connect(registry, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_expanded.clear();
        const std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
            for (int r = 0; r < m_filter->rowCount(parent); ++r) {
                const QModelIndex i = m_filter->index(r, 0, parent);
                if (m_view->isExpanded(i))
                    m_expanded.append(i.data(RegistryModel::NameRole).toString());
                walk(i);
            }
        };
        walk(QModelIndex());
        if (m_panel)
            m_pendingSelection = m_pendingSelection.isEmpty() ? m_panel->name() : m_pendingSelection;
    });
    connect(registry, &QAbstractItemModel::modelReset, this, [this] {
        // First listing: everything open; later ones keep what the user left open.
        if (m_expanded.isEmpty() || !m_filterEdit->text().isEmpty())
            m_view->expandAll();
        else {
            const std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
                for (int r = 0; r < m_filter->rowCount(parent); ++r) {
                    const QModelIndex i = m_filter->index(r, 0, parent);
                    if (m_expanded.contains(i.data(RegistryModel::NameRole).toString()))
                        m_view->expand(i);
                    walk(i);
                }
            };
            walk(QModelIndex());
        }
        m_view->resizeColumnToContents(RegistryModel::NameColumn);
        if (!m_pendingSelection.isEmpty()) {
            const QString name = m_pendingSelection;
            m_pendingSelection.clear();
            selectName(name);
        }
        updateCount();
    });
    connect(registry, &QAbstractItemModel::dataChanged, this, &ConnectionTab::updateCount);
    connect(m_session, &BrowserSession::stateChanged, this, [this] {
        m_state->setText(m_session->stateText());
        m_state->setStyleSheet(m_session->state() == BrowserSession::State::Failed ? u"color: #a01010"_s : QString());
    });
    connect(m_session, &BrowserSession::refreshed, this, [this] {
        m_state->setText(m_session->stateText());
        m_state->setStyleSheet(QString());
    });
    connect(m_session, &BrowserSession::failed, this, [this](const QString &message) {
        m_state->setText(message);
        m_state->setStyleSheet(u"color: #a01010"_s);
    });
    updateCount();
    m_session->start();
}

ConnectionTab::~ConnectionTab() = default;

void ConnectionTab::applyTags()
{
    m_filter->setTags(tagList(m_tags->text()), m_tagMode->currentIndex() == 1 ? RegistryFilterModel::TagMode::All
                                                                              : RegistryFilterModel::TagMode::Any);
    m_view->expandAll();
    updateCount();
}

QString ConnectionTab::countText() const
{
    return m_count->text();
}

void ConnectionTab::updateCount()
{
    const int total = m_session->registry()->registrationCount();
    const int shown = m_filter->visibleRegistrationCount();
    int unreachable = 0;
    for (const Registration &r : m_session->registry()->registrations())
        unreachable += r.status == Registration::Status::Unreachable ? 1 : 0;
    QString text = shown == total ? (total == 1 ? tr("1 registration") : tr("%1 registrations").arg(total)) : tr("%1 of %2 registrations").arg(shown).arg(total);
    if (unreachable)
        text += tr(", %1 unreachable").arg(unreachable);
    m_count->setText(text);
}

void ConnectionTab::setFilterText(const QString &text)
{
    m_filterEdit->setText(text);
}

void ConnectionTab::setMetadataFilter(const QStringList &tags, bool all)
{
    m_tagMode->setCurrentIndex(all ? 1 : 0);
    m_tags->setText(tags.join(u", "_s));
}

void ConnectionTab::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

void ConnectionTab::setRefreshInterval(int seconds)
{
    if (m_interval->value() != seconds)
        m_interval->setValue(seconds);
    if (seconds > 0)
        m_refreshTimer->start(seconds * 1000);
    else
        m_refreshTimer->stop();
}

void ConnectionTab::refresh()
{
    m_session->refresh();
}

void ConnectionTab::checkReachability()
{
    m_session->checkReachability();
}

bool ConnectionTab::selectName(const QString &name)
{
    const QModelIndex source = m_session->registry()->indexForName(name);
    QModelIndex index = m_filter->mapFromSource(source);
    if (!index.isValid())
        return false;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    if (!m_panel || m_panel->name() != name)
        openSelected();
    return true;
}

void ConnectionTab::selectWhenListed(const QString &name)
{
    if (!selectName(name))
        m_pendingSelection = name;
}

QString ConnectionTab::selectedName() const
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !current.data(RegistryModel::IsEntryRole).toBool())
        return QString();
    return current.data(RegistryModel::NameRole).toString();
}

void ConnectionTab::openSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !current.data(RegistryModel::IsEntryRole).toBool())
        return;
    const QString name = current.data(RegistryModel::NameRole).toString();
    const PyroUri uri(current.data(RegistryModel::UriRole).toString());
    if (m_panel && m_panel->name() == name && m_panel->uri() == uri)
        return;
    if (!uri.isValid() || uri.protocol() != PyroUri::Protocol::Pyro)
        return;
    auto *panel = new ObjectPanel(m_session, name, uri);
    // The splitter lets go of the widget it replaces (no parent): delete it.
    if (QWidget *old = m_splitter->replaceWidget(1, panel))
        old->deleteLater();
    m_panel = panel;
    emit objectOpened(panel);
}

void ConnectionTab::openCallDialog()
{
    if (m_panel)
        m_panel->openCallDialog();
}

void ConnectionTab::showRegisterDialog()
{
    if (!m_session->hasNameServer())
        return;
    auto *dialog = new QDialog(this);
    dialog->setObjectName(u"registerDialog"_s);
    dialog->setWindowTitle(tr("Register a name"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *form = new QFormLayout(dialog);
    auto *name = new QLineEdit(dialog);
    name->setObjectName(u"name"_s);
    auto *uri = new QLineEdit(dialog);
    uri->setObjectName(u"uri"_s);
    uri->setPlaceholderText(u"PYRO:object@host:port"_s);
    auto *metadata = new QLineEdit(dialog);
    metadata->setObjectName(u"metadata"_s);
    metadata->setPlaceholderText(tr("tags, comma-separated"));
    auto *safe = new QCheckBox(tr("Fail if the name exists (safe)"), dialog);
    safe->setObjectName(u"safe"_s);
    form->addRow(tr("Name"), name);
    form->addRow(tr("URI"), uri);
    form->addRow(tr("Metadata"), metadata);
    form->addRow(QString(), safe);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    const QString selected = selectedName();
    if (!selected.isEmpty()) {
        const QModelIndex i = m_session->registry()->indexForName(selected);
        uri->setText(i.data(RegistryModel::UriRole).toString());
    }
    connect(dialog, &QDialog::accepted, this, [this, name, uri, metadata, safe] {
        const QString n = name->text().trimmed();
        const QString u = uri->text().trimmed();
        const QStringList tags = tagList(metadata->text());
        const bool isSafe = safe->isChecked();
        const QModelIndex existing = m_session->registry()->indexForName(n);
        if (existing.isValid() && !isSafe) {
            confirm(this, tr("Replace registration"),
                    tr("%1 is registered as %2. Replace it with %3?").arg(n, existing.data(RegistryModel::UriRole).toString(), u),
                    [this, n, u, tags] { m_session->registerName(n, u, tags, false); });
            return;
        }
        m_session->registerName(n, u, tags, isSafe);
    });
    dialog->open();
}

void ConnectionTab::removeSelected()
{
    const QString name = selectedName();
    if (name.isEmpty() || !m_session->hasNameServer())
        return;
    const QString uri = m_session->registry()->indexForName(name).data(RegistryModel::UriRole).toString();
    confirm(this, tr("Remove registration"), tr("Remove %1 (%2) from the name server?").arg(name, uri),
            [this, name] { m_session->removeName(name); });
}

void ConnectionTab::showSetMetadataDialog()
{
    const QString name = selectedName();
    if (name.isEmpty() || !m_session->hasNameServer())
        return;
    auto *dialog = new QDialog(this);
    dialog->setObjectName(u"metadataDialog"_s);
    dialog->setWindowTitle(tr("Metadata of %1").arg(name));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *form = new QFormLayout(dialog);
    auto *metadata = new QLineEdit(dialog);
    metadata->setObjectName(u"metadata"_s);
    metadata->setText(m_session->registry()->indexForName(name).data(RegistryModel::MetadataRole).toStringList().join(u", "_s));
    form->addRow(tr("Tags"), metadata);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, name, metadata] {
        const QStringList tags = tagList(metadata->text());
        const QStringList old = m_session->registry()->indexForName(name).data(RegistryModel::MetadataRole).toStringList();
        // Dropping tags is destructive: ask.
        bool drops = false;
        for (const QString &t : old)
            drops |= !tags.contains(t);
        if (drops) {
            confirm(this, tr("Replace metadata"),
                    tr("Replace the metadata of %1 (%2) with %3?").arg(name, old.join(u", "_s), tags.isEmpty() ? tr("nothing") : tags.join(u", "_s)),
                    [this, name, tags] { m_session->setMetadata(name, tags); });
            return;
        }
        m_session->setMetadata(name, tags);
    });
    dialog->open();
}

void ConnectionTab::pingNameServer()
{
    m_session->pingNameServer();
}

} // namespace PyroBrowser
