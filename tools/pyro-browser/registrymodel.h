// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QAbstractItemModel>
#include <QtCore/QRegularExpression>
#include <QtCore/QSortFilterProxyModel>
#include <QtCore/QStringList>

#include <memory>
#include <vector>

namespace PyroBrowser {

// One name-server registration (or one object of a daemon).
struct Registration
{
    enum class Status { Unknown, Checking, Reachable, Unreachable };
    QString name;
    QString uri;
    QStringList metadata;      // sorted
    Status status = Status::Unknown;
    QString statusText;
};

/*
 * The registrations of one name server as a tree grouped by dotted-name prefix:
 * "house.kitchen.light" is the leaf "light" under "house" > "kitchen". A name that is
 * also a prefix of others ("house.kitchen") is an entry with children. Columns: name,
 * URI, metadata, status. setRegistrations() replaces the contents (a model reset; views
 * keep their expanded names through NameRole).
 */
class RegistryModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, UriColumn, MetadataColumn, StatusColumn, ColumnCount };
    enum Role { NameRole = Qt::UserRole + 1, UriRole, MetadataRole, IsEntryRole, StatusRole };

    explicit RegistryModel(QObject *parent = nullptr);
    ~RegistryModel() override;

    void setRegistrations(QList<Registration> registrations);
    QList<Registration> registrations() const;
    int registrationCount() const;
    // The entry's index (column 0), invalid when there is none.
    QModelIndex indexForName(const QString &name) const;
    void setStatus(const QString &name, Registration::Status status, const QString &text = QString());

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node;
    Node *node(const QModelIndex &index) const;
    std::unique_ptr<Node> m_root;
    QList<Registration> m_registrations;
};

/*
 * The filter over a RegistryModel: a text (case-insensitive substring of name, URI or a
 * metadata tag, or a regular expression on the same), and metadata tags of which any or
 * all must be present. Groups stay as long as one entry below them passes.
 */
class RegistryFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class TagMode { Any, All };
    explicit RegistryFilterModel(QObject *parent = nullptr);

    void setText(const QString &text);
    void setRegexMode(bool on);
    bool isRegexValid() const;
    void setTags(const QStringList &tags, TagMode mode);
    // Entries passing the filter (the count a status line shows).
    int visibleRegistrationCount() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool accepts(const QModelIndex &source) const;
    QString m_text;
    bool m_regexMode = false;
    QRegularExpression m_regex;
    QStringList m_tags;
    TagMode m_tagMode = TagMode::Any;
};

} // namespace PyroBrowser
