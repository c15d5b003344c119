// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QAbstractItemModel>
#include <QtCore/QAbstractTableModel>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

namespace PyroBrowser {

// What an object's metadata (Pyro.Daemon.get_metadata) says it offers.
struct ObjectMetadata
{
    QStringList methods;            // all exposed methods, oneway ones included (Pyro5's "methods")
    QStringList oneway;
    QStringList attributes;
    QMap<QString, QStringList> signalParameters;   // QtPyro daemons: signal -> parameter names
    QMap<QString, QString> notify;                 // attribute -> its NOTIFY signal

    static ObjectMetadata fromVariant(const QVariant &metadata);
};

/*
 * An object's members as a two-level tree: the kinds (Methods, Oneway methods,
 * Attributes, Signals), each with its names. Column 0 is the name (a signal with its
 * parameters), column 1 a note (an attribute's NOTIFY signal).
 */
class MemberModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class Kind { Method, Oneway, Attribute, Signal };
    Q_ENUM(Kind)
    enum Role { KindRole = Qt::UserRole + 1, NameRole, IsMemberRole };

    explicit MemberModel(QObject *parent = nullptr);
    void setMetadata(const ObjectMetadata &metadata);
    ObjectMetadata metadata() const { return m_metadata; }
    QModelIndex indexFor(Kind kind, const QString &name) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList names(int group) const;
    ObjectMetadata m_metadata;
    QList<QStringList> m_groups;    // per Kind
};

/*
 * An object's attributes with their last value, its Python type, how it is watched, and
 * for numbers the recent values (HistoryRole, a QList<double> for the sparkline).
 */
class AttributeModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, TypeColumn, WatchColumn, HistoryColumn, ColumnCount };
    enum Role { HistoryRole = Qt::UserRole + 1, ValueRole, NameRole };
    enum class Watch { Off, Poll, Live };
    Q_ENUM(Watch)
    static constexpr int historySize = 60;

    explicit AttributeModel(QObject *parent = nullptr);
    void setAttributes(const QStringList &names, const QMap<QString, QString> &notify);
    QStringList names() const;
    int rowOf(const QString &name) const;
    void setValue(const QString &name, const QVariant &value);
    void setError(const QString &name, const QString &message);
    QVariant value(const QString &name) const;
    QList<double> history(const QString &name) const;
    void setWatch(const QString &name, Watch watch);
    Watch watch(const QString &name) const;
    bool canWatchLive(const QString &name) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString name;
        QString notify;
        QVariant value;
        bool hasValue = false;
        QString error;
        Watch watch = Watch::Off;
        QList<double> history;
    };
    QList<Row> m_rows;
};

} // namespace PyroBrowser
