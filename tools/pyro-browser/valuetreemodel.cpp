// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "valuetreemodel.h"

#include "browserliterals.h"

#include "pyrovalues.h"

using namespace Qt::StringLiterals;

namespace PyroBrowser {

struct ValueTreeModel::Node
{
    QString key;
    QString type;
    QString text;
    QVariant value;
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
};

ValueTreeModel::ValueTreeModel(QObject *parent)
    : QAbstractItemModel(parent), m_root(std::make_unique<Node>())
{
}

ValueTreeModel::~ValueTreeModel() = default;

std::unique_ptr<ValueTreeModel::Node> ValueTreeModel::build(const QString &key, const QVariant &value, Node *parent,
                                                            int row)
{
    auto n = std::make_unique<Node>();
    n->key = key;
    n->value = value;
    n->parent = parent;
    n->row = row;
    n->type = PyroValues::pythonTypeName(value);
    const int type = value.typeId();
    QList<std::pair<QString, QVariant>> items;
    bool container = true;
    if (type == QMetaType::QVariantList) {
        const QVariantList list = value.toList();
        for (qsizetype i = 0; i < list.size(); ++i)
            items.append({u"[%1]"_s.arg(i), list.at(i)});
    } else if (type == qMetaTypeId<PyroTuple>() || type == qMetaTypeId<PyroSet>()) {
        const QVariantList list = type == qMetaTypeId<PyroTuple>() ? value.value<PyroTuple>().items()
                                                                   : value.value<PyroSet>().items();
        for (qsizetype i = 0; i < list.size(); ++i)
            items.append({u"[%1]"_s.arg(i), list.at(i)});
    } else if (type == QMetaType::QVariantMap) {
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            items.append({literal(it.key()), it.value()});
    } else if (type == qMetaTypeId<PyroDict>()) {
        for (const PyroDict::Entry &e : value.value<PyroDict>().entries())
            items.append({literal(e.first), e.second});
    } else {
        container = false;
    }
    if (container) {
        n->text = items.size() == 1 ? u"1 item"_s : u"%1 items"_s.arg(items.size());
        const qsizetype shown = qMin<qsizetype>(items.size(), maxChildren);
        for (qsizetype i = 0; i < shown; ++i)
            n->children.push_back(build(items.at(i).first, items.at(i).second, n.get(), int(i)));
        if (items.size() > shown) {
            auto more = std::make_unique<Node>();
            more->key = u"…"_s;
            more->text = u"%1 more items"_s.arg(items.size() - shown);
            more->parent = n.get();
            more->row = int(shown);
            n->children.push_back(std::move(more));
        }
    } else {
        n->text = literal(value);
    }
    return n;
}

void ValueTreeModel::setValue(const QVariant &value)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_root->children.push_back(build(u"result"_s, value, m_root.get(), 0));
    endResetModel();
}

void ValueTreeModel::clear()
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    endResetModel();
}

void ValueTreeModel::append(const QVariant &item)
{
    const int row = int(m_root->children.size());
    beginInsertRows(QModelIndex(), row, row);
    m_root->children.push_back(build(u"item %1"_s.arg(row + 1), item, m_root.get(), row));
    endInsertRows();
}

ValueTreeModel::Node *ValueTreeModel::node(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex ValueTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return QModelIndex();
    return createIndex(row, column, node(parent)->children.at(size_t(row)).get());
}

QModelIndex ValueTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return QModelIndex();
    Node *p = node(child)->parent;
    if (!p || p == m_root.get())
        return QModelIndex();
    return createIndex(p->row, 0, p);
}

int ValueTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(node(parent)->children.size());
}

int ValueTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ValueTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const Node *n = node(index);
    if (role == ValueRole)
        return n->value;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return QVariant();
    switch (index.column()) {
    case KeyColumn: return n->key;
    case TypeColumn: return n->type;
    case ValueColumn: return n->text;
    }
    return QVariant();
}

QVariant ValueTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    static const char *const names[] = {"Key", "Type", "Value"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

} // namespace PyroBrowser
