// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "browserliterals.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QDateTime>

class QIODevice;

namespace PyroBrowser {

// The calls made to one object, newest last, for re-running them.
class CallHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, MethodColumn, ArgumentsColumn, SerializerColumn, DurationColumn, ResultColumn, ColumnCount };
    struct Entry
    {
        QDateTime time;
        CallText call;
        double milliseconds = -1;
        bool ok = true;
        QString result;         // a one-line summary
    };
    static constexpr int maxEntries = 500;

    explicit CallHistoryModel(QObject *parent = nullptr);
    int add(const Entry &entry);              // returns the row
    void finish(int row, bool ok, const QString &result, double milliseconds);
    Entry entry(int row) const { return m_entries.value(row); }
    void clear();

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Entry> m_entries;
    int m_removed = 0;      // entries dropped from the front (keeps add()'s rows valid)
public:
    // A row returned by add() may move when old entries are dropped: map it.
    int currentRow(int addedRow) const { return addedRow - m_removed; }
private:
};

/*
 * Every request the browser makes: when, to which URI, what, how long, and how it ended.
 * begin() adds a pending row, finish() completes it; errors are highlighted. Rows copy as
 * tab-separated text.
 */
class LogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, TargetColumn, RequestColumn, DurationColumn, ResultColumn, ColumnCount };
    enum Role { UriRole = Qt::UserRole + 1, IsErrorRole };
    static constexpr int maxEntries = 5000;

    explicit LogModel(QObject *parent = nullptr);
    quint64 begin(const QString &target, const QString &request);
    void finish(quint64 id, bool ok, const QString &result, double milliseconds);
    // A line that is not a request (connection state, a subscription...).
    void note(const QString &target, const QString &text, bool error = false);
    QString rowsAsText(const QList<int> &rows) const;
    int errorCount() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        quint64 id = 0;
        QDateTime time;
        QString target;
        QString request;
        double milliseconds = -1;
        bool pending = true;
        bool error = false;
        QString result;
    };
    int rowOf(quint64 id) const;
    void trim();
    QList<Entry> m_entries;
    quint64 m_nextId = 1;
};

// Remote signal emissions as they arrive (time, object, signal, arguments), bounded.
class SignalEventModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, ObjectColumn, SignalColumn, ArgumentsColumn, ColumnCount };
    static constexpr int maxEntries = 10000;

    explicit SignalEventModel(QObject *parent = nullptr);
    void add(const QDateTime &time, const QString &object, const QString &signal, const QVariantList &args);
    void clear();
    // Tab-separated: ISO time with milliseconds, object, signal, arguments as a Python tuple.
    void exportTo(QIODevice *device) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        QDateTime time;
        QString object;
        QString signal;
        QString args;
    };
    QList<Entry> m_entries;
};

QString formatDuration(double milliseconds);

} // namespace PyroBrowser
