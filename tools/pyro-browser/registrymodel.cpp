// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "registrymodel.h"

#include <QtGui/QBrush>
#include <QtGui/QColor>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

struct RegistryModel::Node
{
    QString label;                 // the last name part
    QString path;                  // the full dotted name up to here
    int entry = -1;                // index into m_registrations, -1 for a pure group
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;

    Node *child(const QString &part)
    {
        for (const auto &c : children) {
            if (c->label == part)
                return c.get();
        }
        auto c = std::make_unique<Node>();
        c->label = part;
        c->path = path.isEmpty() ? part : path + u'.' + part;
        c->parent = this;
        c->row = int(children.size());
        children.push_back(std::move(c));
        return children.back().get();
    }
    int entries(const QList<Registration> &all) const
    {
        int n = entry >= 0 ? 1 : 0;
        for (const auto &c : children)
            n += c->entries(all);
        return n;
    }
};

RegistryModel::RegistryModel(QObject *parent)
    : QAbstractItemModel(parent), m_root(std::make_unique<Node>())
{
}

RegistryModel::~RegistryModel() = default;

void RegistryModel::setRegistrations(QList<Registration> registrations)
{
    std::sort(registrations.begin(), registrations.end(),
              [](const Registration &a, const Registration &b) { return a.name < b.name; });
    // Keep what is known about reachability across a refresh of the same URIs.
    for (Registration &r : registrations) {
        r.metadata.sort();
        for (const Registration &old : std::as_const(m_registrations)) {
            if (old.name == r.name && old.uri == r.uri && r.status == Registration::Status::Unknown) {
                r.status = old.status;
                r.statusText = old.statusText;
            }
        }
    }
    beginResetModel();
    m_registrations = std::move(registrations);
    m_root = std::make_unique<Node>();
    for (int i = 0; i < m_registrations.size(); ++i) {
        Node *n = m_root.get();
        // An empty part ("a..b", ".x") stays a part of its own: nothing is lost.
        for (const QString &part : m_registrations.at(i).name.split(u'.'))
            n = n->child(part);
        n->entry = i;
    }
    endResetModel();
}

QList<Registration> RegistryModel::registrations() const
{
    return m_registrations;
}

int RegistryModel::registrationCount() const
{
    return int(m_registrations.size());
}

QModelIndex RegistryModel::indexForName(const QString &name) const
{
    Node *n = m_root.get();
    for (const QString &part : name.split(u'.')) {
        auto it = std::find_if(n->children.begin(), n->children.end(),
                               [&part](const auto &c) { return c->label == part; });
        if (it == n->children.end())
            return QModelIndex();
        n = it->get();
    }
    return n->entry >= 0 ? createIndex(n->row, 0, n) : QModelIndex();
}

void RegistryModel::setStatus(const QString &name, Registration::Status status, const QString &text)
{
    const QModelIndex at = indexForName(name);
    if (!at.isValid())
        return;
    Registration &r = m_registrations[node(at)->entry];
    r.status = status;
    r.statusText = text;
    emit dataChanged(at, at.siblingAtColumn(StatusColumn));
}

RegistryModel::Node *RegistryModel::node(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex RegistryModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return QModelIndex();
    return createIndex(row, column, node(parent)->children.at(size_t(row)).get());
}

QModelIndex RegistryModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return QModelIndex();
    Node *p = node(child)->parent;
    if (!p || p == m_root.get())
        return QModelIndex();
    return createIndex(p->row, 0, p);
}

int RegistryModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(node(parent)->children.size());
}

int RegistryModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant RegistryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const Node *n = node(index);
    const Registration *r = n->entry >= 0 ? &m_registrations.at(n->entry) : nullptr;
    switch (role) {
    case NameRole:
        return n->path;
    case UriRole:
        return r ? r->uri : QString();
    case MetadataRole:
        return r ? r->metadata : QStringList();
    case IsEntryRole:
        return r != nullptr;
    case StatusRole:
        return r ? int(r->status) : -1;
    case Qt::ToolTipRole:
        if (r && !r->statusText.isEmpty())
            return r->statusText;
        return r ? r->uri : QString();
    case Qt::ForegroundRole:
        if (r && r->status == Registration::Status::Unreachable)
            return QBrush(QColor(0xb0, 0x20, 0x20));
        if (!r)
            return QBrush(QColor(0x55, 0x55, 0x55));
        return QVariant();
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            if (!r)
                return u"%1  (%2)"_s.arg(n->label).arg(n->entries(m_registrations));
            return n->label;
        case UriColumn:
            return r ? r->uri : QString();
        case MetadataColumn:
            return r ? r->metadata.join(u", "_s) : QString();
        case StatusColumn:
            if (!r)
                return QString();
            switch (r->status) {
            case Registration::Status::Unknown: return QString();
            case Registration::Status::Checking: return u"checking…"_s;
            case Registration::Status::Reachable: return u"reachable"_s;
            case Registration::Status::Unreachable: return u"unreachable"_s;
            }
        }
        return QVariant();
    default:
        return QVariant();
    }
}

QVariant RegistryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    static const char *const names[] = {"Name", "URI", "Metadata", "Status"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

RegistryFilterModel::RegistryFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
    setAutoAcceptChildRows(false);
}

void RegistryFilterModel::setText(const QString &text)
{
    m_text = text;
    m_regex = QRegularExpression(text, QRegularExpression::CaseInsensitiveOption);
    invalidateFilter();
}

void RegistryFilterModel::setRegexMode(bool on)
{
    m_regexMode = on;
    invalidateFilter();
}

bool RegistryFilterModel::isRegexValid() const
{
    return !m_regexMode || m_regex.isValid();
}

void RegistryFilterModel::setTags(const QStringList &tags, TagMode mode)
{
    m_tags = tags;
    m_tags.removeAll(QString());
    m_tagMode = mode;
    invalidateFilter();
}

bool RegistryFilterModel::accepts(const QModelIndex &source) const
{
    if (!source.data(RegistryModel::IsEntryRole).toBool())
        return false;
    const QStringList metadata = source.data(RegistryModel::MetadataRole).toStringList();
    if (!m_tags.isEmpty()) {
        const auto has = [&metadata](const QString &tag) { return metadata.contains(tag); };
        const bool ok = m_tagMode == TagMode::All ? std::all_of(m_tags.begin(), m_tags.end(), has)
                                                  : std::any_of(m_tags.begin(), m_tags.end(), has);
        if (!ok)
            return false;
    }
    if (m_text.isEmpty())
        return true;
    QStringList fields = metadata;
    fields << source.data(RegistryModel::NameRole).toString() << source.data(RegistryModel::UriRole).toString();
    for (const QString &field : std::as_const(fields)) {
        if (m_regexMode ? (m_regex.isValid() && m_regex.match(field).hasMatch())
                        : field.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool RegistryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    return accepts(sourceModel()->index(sourceRow, 0, sourceParent));
}

int RegistryFilterModel::visibleRegistrationCount() const
{
    int count = 0;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int row = 0; row < rowCount(parent); ++row) {
            const QModelIndex i = index(row, 0, parent);
            if (accepts(mapToSource(i)))
                ++count;
            walk(i);
        }
    };
    walk(QModelIndex());
    return count;
}

} // namespace PyroBrowser
