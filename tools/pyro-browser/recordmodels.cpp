// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "recordmodels.h"

#include "pyrovalues.h"

#include <QtCore/QIODevice>
#include <QtGui/QBrush>
#include <QtGui/QColor>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

namespace {

const QColor errorBackground(0xfb, 0xe0, 0xe0);
const QColor errorForeground(0xa0, 0x10, 0x10);

QVariant header(const char *const *names, int count, int section, Qt::Orientation orientation, int role)
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= count)
        return QVariant();
    return QString::fromLatin1(names[section]);
}

QString timeText(const QDateTime &time)
{
    return time.toString(u"HH:mm:ss.zzz"_s);
}

} // namespace

QString formatDuration(double ms)
{
    if (ms < 0)
        return QString();
    if (ms < 1)
        return u"%1 µs"_s.arg(qRound(ms * 1000));
    if (ms < 1000)
        return u"%1 ms"_s.arg(ms, 0, 'f', ms < 10 ? 2 : 1);
    return u"%1 s"_s.arg(ms / 1000, 0, 'f', 2);
}

// ---- CallHistoryModel ----

CallHistoryModel::CallHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int CallHistoryModel::add(const Entry &entry)
{
    if (m_entries.size() >= maxEntries) {
        beginRemoveRows(QModelIndex(), 0, 0);
        m_entries.removeFirst();
        ++m_removed;
        endRemoveRows();
    }
    const int row = int(m_entries.size());
    beginInsertRows(QModelIndex(), row, row);
    m_entries.append(entry);
    endInsertRows();
    return row + m_removed;
}

void CallHistoryModel::finish(int addedRow, bool ok, const QString &result, double milliseconds)
{
    const int row = currentRow(addedRow);
    if (row < 0 || row >= m_entries.size())
        return;
    Entry &e = m_entries[row];
    e.ok = ok;
    e.result = result;
    e.milliseconds = milliseconds;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void CallHistoryModel::clear()
{
    beginResetModel();
    m_removed += int(m_entries.size());
    m_entries.clear();
    endResetModel();
}

int CallHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int CallHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CallHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const Entry &e = m_entries.at(index.row());
    if (role == Qt::ForegroundRole && !e.ok)
        return QBrush(errorForeground);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return QVariant();
    switch (index.column()) {
    case TimeColumn:
        return timeText(e.time);
    case MethodColumn:
        return e.call.oneway ? e.call.method + u" (oneway)"_s : e.call.method;
    case ArgumentsColumn: {
        QStringList parts;
        for (const QVariant &v : e.call.args)
            parts.append(literal(v));
        for (auto it = e.call.kwargs.cbegin(); it != e.call.kwargs.cend(); ++it)
            parts.append(it.key() + u'=' + literal(it.value()));
        return parts.join(u", "_s);
    }
    case SerializerColumn:
        return e.call.serializer;
    case DurationColumn:
        return formatDuration(e.milliseconds);
    case ResultColumn:
        return e.result;
    }
    return QVariant();
}

QVariant CallHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const char *const names[] = {"Time", "Method", "Arguments", "Serializer", "Time taken", "Result"};
    const QVariant h = header(names, ColumnCount, section, orientation, role);
    return h.isValid() ? h : QAbstractTableModel::headerData(section, orientation, role);
}

// ---- LogModel ----

LogModel::LogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void LogModel::trim()
{
    if (m_entries.size() < maxEntries)
        return;
    const int drop = int(m_entries.size()) - maxEntries + 1;
    beginRemoveRows(QModelIndex(), 0, drop - 1);
    m_entries.remove(0, drop);
    endRemoveRows();
}

quint64 LogModel::begin(const QString &target, const QString &request)
{
    trim();
    Entry e;
    e.id = m_nextId++;
    e.time = QDateTime::currentDateTime();
    e.target = target;
    e.request = request;
    const int row = int(m_entries.size());
    beginInsertRows(QModelIndex(), row, row);
    m_entries.append(e);
    endInsertRows();
    return e.id;
}

void LogModel::finish(quint64 id, bool ok, const QString &result, double milliseconds)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    Entry &e = m_entries[row];
    e.pending = false;
    e.error = !ok;
    e.result = result;
    e.milliseconds = milliseconds;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void LogModel::note(const QString &target, const QString &text, bool error)
{
    const quint64 id = begin(target, text);
    finish(id, !error, QString(), -1);
}

int LogModel::rowOf(quint64 id) const
{
    // Recent rows finish first: search from the end.
    for (qsizetype i = m_entries.size() - 1; i >= 0; --i) {
        if (m_entries.at(i).id == id)
            return int(i);
    }
    return -1;
}

int LogModel::errorCount() const
{
    return int(std::count_if(m_entries.begin(), m_entries.end(), [](const Entry &e) { return e.error; }));
}

QString LogModel::rowsAsText(const QList<int> &rows) const
{
    QStringList lines;
    for (int row : rows) {
        QStringList cells;
        for (int c = 0; c < ColumnCount; ++c)
            cells.append(data(index(row, c)).toString());
        lines.append(cells.join(u'\t'));
    }
    return lines.join(u'\n') + (lines.isEmpty() ? QString() : u"\n"_s);
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case UriRole:
        return e.target;
    case IsErrorRole:
        return e.error;
    case Qt::BackgroundRole:
        return e.error ? QVariant(QBrush(errorBackground)) : QVariant();
    case Qt::ForegroundRole:
        if (e.error)
            return QBrush(errorForeground);
        if (index.column() == TargetColumn && e.target.startsWith(u"PYRO"))
            return QBrush(QColor(0x1a, 0x5f, 0xb4));
        return QVariant();
    case Qt::ToolTipRole:
        if (index.column() == TargetColumn)
            return u"Double-click to open %1"_s.arg(e.target);
        return index.column() == ResultColumn ? QVariant(e.result) : QVariant();
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return timeText(e.time);
        case TargetColumn: return e.target;
        case RequestColumn: return e.request;
        case DurationColumn: return e.pending ? u"…"_s : formatDuration(e.milliseconds);
        case ResultColumn: return e.result;
        }
        return QVariant();
    default:
        return QVariant();
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const char *const names[] = {"Time", "Target", "Request", "Time taken", "Result"};
    const QVariant h = header(names, ColumnCount, section, orientation, role);
    return h.isValid() ? h : QAbstractTableModel::headerData(section, orientation, role);
}

// ---- SignalEventModel ----

SignalEventModel::SignalEventModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void SignalEventModel::add(const QDateTime &time, const QString &object, const QString &signal, const QVariantList &args)
{
    if (m_entries.size() >= maxEntries) {
        beginRemoveRows(QModelIndex(), 0, 0);
        m_entries.removeFirst();
        endRemoveRows();
    }
    const int row = int(m_entries.size());
    beginInsertRows(QModelIndex(), row, row);
    m_entries.append({time, object, signal, literal(QVariant::fromValue(PyroTuple(args)))});
    endInsertRows();
}

void SignalEventModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

void SignalEventModel::exportTo(QIODevice *device) const
{
    device->write("time\tobject\tsignal\targuments\n");
    for (const Entry &e : m_entries) {
        const QString line = u"%1\t%2\t%3\t%4\n"_s.arg(e.time.toString(Qt::ISODateWithMs), e.object, e.signal, e.args);
        device->write(line.toUtf8());
    }
}

int SignalEventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int SignalEventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SignalEventModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return QVariant();
    const Entry &e = m_entries.at(index.row());
    switch (index.column()) {
    case TimeColumn: return timeText(e.time);
    case ObjectColumn: return e.object;
    case SignalColumn: return e.signal;
    case ArgumentsColumn: return e.args;
    }
    return QVariant();
}

QVariant SignalEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const char *const names[] = {"Time", "Object", "Signal", "Arguments"};
    const QVariant h = header(names, ColumnCount, section, orientation, role);
    return h.isValid() ? h : QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace PyroBrowser
