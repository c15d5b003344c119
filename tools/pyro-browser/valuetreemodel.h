// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QAbstractItemModel>
#include <QtCore/QVariant>

#include <memory>
#include <vector>

namespace PyroBrowser {

/*
 * A decoded value as a tree of typed values: containers (list, tuple, set, dict) have a
 * child per item (dict children are keyed by the key's literal), everything else is a
 * leaf. Columns: key or index, Python type, value (a container's size, a leaf's
 * literal). Streamed items are appended one by one with append().
 */
class ValueTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, TypeColumn, ValueColumn, ColumnCount };
    enum Role { ValueRole = Qt::UserRole + 1 };
    // Children shown per container; the rest is summed up in one row.
    static constexpr int maxChildren = 1000;

    explicit ValueTreeModel(QObject *parent = nullptr);
    ~ValueTreeModel() override;

    void setValue(const QVariant &value);
    // Top-level rows one per item (a stream's items, keyed by their number).
    void clear();
    void append(const QVariant &item);

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node;
    static std::unique_ptr<Node> build(const QString &key, const QVariant &value, Node *parent, int row);
    Node *node(const QModelIndex &index) const;
    std::unique_ptr<Node> m_root;
};

} // namespace PyroBrowser
