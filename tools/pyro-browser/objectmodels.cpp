// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "objectmodels.h"

#include "browserliterals.h"

#include "pyrovalues.h"

#include <QtGui/QBrush>

#include <algorithm>
#include <QtGui/QColor>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

namespace {

// Set, frozenset, list or tuple of str (each serializer sends Pyro5's sets its own way).
QStringList stringItems(const QVariant &value)
{
    QVariantList items;
    if (value.typeId() == qMetaTypeId<PyroSet>())
        items = value.value<PyroSet>().items();
    else if (value.typeId() == qMetaTypeId<PyroTuple>())
        items = value.value<PyroTuple>().items();
    else
        items = value.toList();
    QStringList out;
    for (const QVariant &v : std::as_const(items))
        out.append(v.toString());
    out.sort();
    return out;
}

QList<std::pair<QString, QVariant>> dictEntries(const QVariant &value)
{
    QList<std::pair<QString, QVariant>> out;
    if (value.typeId() == qMetaTypeId<PyroDict>()) {
        for (const PyroDict::Entry &e : value.value<PyroDict>().entries())
            out.append({e.first.toString(), e.second});
    } else {
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            out.append({it.key(), it.value()});
    }
    return out;
}

// Parameter names, in order.
QStringList orderedItems(const QVariant &value)
{
    const QVariantList items = value.typeId() == qMetaTypeId<PyroTuple>() ? value.value<PyroTuple>().items()
                                                                           : value.toList();
    QStringList out;
    for (const QVariant &v : items)
        out.append(v.toString());
    return out;
}

bool isNumber(const QVariant &v)
{
    const int t = v.typeId();
    return t == QMetaType::Int || t == QMetaType::LongLong || t == QMetaType::Double || t == QMetaType::UInt
            || t == QMetaType::ULongLong || t == QMetaType::Float;
}

} // namespace

ObjectMetadata ObjectMetadata::fromVariant(const QVariant &metadata)
{
    ObjectMetadata m;
    for (const auto &[key, value] : dictEntries(metadata)) {
        if (key == u"methods")
            m.methods = stringItems(value);
        else if (key == u"oneway")
            m.oneway = stringItems(value);
        else if (key == u"attrs")
            m.attributes = stringItems(value);
        else if (key == u"signals") {
            for (const auto &[signal, params] : dictEntries(value))
                m.signalParameters.insert(signal, orderedItems(params));
        } else if (key == u"notify") {
            for (const auto &[attribute, signal] : dictEntries(value))
                m.notify.insert(attribute, signal.toString());
        }
    }
    return m;
}

// ---- MemberModel: internalId 0 for the kind rows, kind + 1 for their members ----

MemberModel::MemberModel(QObject *parent)
    : QAbstractItemModel(parent)
{
    m_groups.resize(4);
}

void MemberModel::setMetadata(const ObjectMetadata &metadata)
{
    beginResetModel();
    m_metadata = metadata;
    m_groups.clear();
    QStringList methods;
    for (const QString &m : metadata.methods) {
        if (!metadata.oneway.contains(m))
            methods.append(m);
    }
    m_groups << methods << metadata.oneway << metadata.attributes << metadata.signalParameters.keys();
    endResetModel();
}

QModelIndex MemberModel::indexFor(Kind kind, const QString &name) const
{
    const int row = int(m_groups.at(int(kind)).indexOf(name));
    return row < 0 ? QModelIndex() : index(row, 0, index(int(kind), 0));
}

QModelIndex MemberModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return QModelIndex();
    return createIndex(row, column, parent.isValid() ? quintptr(parent.row() + 1) : quintptr(0));
}

QModelIndex MemberModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return QModelIndex();
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int MemberModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.column() > 0 || parent.internalId() != 0)
        return 0;
    return int(m_groups.at(parent.row()).size());
}

int MemberModel::columnCount(const QModelIndex &) const
{
    return 2;
}

QVariant MemberModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const bool member = index.internalId() != 0;
    const int group = member ? int(index.internalId() - 1) : index.row();
    const QString name = member ? m_groups.at(group).at(index.row()) : QString();
    switch (role) {
    case KindRole:
        return group;
    case NameRole:
        return name;
    case IsMemberRole:
        return member;
    case Qt::DisplayRole:
        if (!member) {
            if (index.column() == 1)
                return QVariant();
            static const char *const titles[] = {"Methods", "Oneway methods", "Attributes", "Signals"};
            return u"%1 (%2)"_s.arg(QString::fromLatin1(titles[group])).arg(m_groups.at(group).size());
        }
        if (index.column() == 0) {
            if (Kind(group) == Kind::Signal)
                return u"%1(%2)"_s.arg(name, m_metadata.signalParameters.value(name).join(u", "_s));
            return name;
        }
        if (Kind(group) == Kind::Attribute && m_metadata.notify.contains(name))
            return u"notify: "_s + m_metadata.notify.value(name);
        return QVariant();
    default:
        return QVariant();
    }
}

QVariant MemberModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return section == 0 ? u"Member"_s : u"Note"_s;
    return QAbstractItemModel::headerData(section, orientation, role);
}

// ---- AttributeModel ----

AttributeModel::AttributeModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void AttributeModel::setAttributes(const QStringList &names, const QMap<QString, QString> &notify)
{
    beginResetModel();
    m_rows.clear();
    for (const QString &name : names) {
        Row row;
        row.name = name;
        row.notify = notify.value(name);
        m_rows.append(row);
    }
    endResetModel();
}

QStringList AttributeModel::names() const
{
    QStringList out;
    for (const Row &r : m_rows)
        out.append(r.name);
    return out;
}

int AttributeModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return i;
    }
    return -1;
}

void AttributeModel::setValue(const QString &name, const QVariant &value)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    Row &r = m_rows[row];
    r.value = value;
    r.hasValue = true;
    r.error.clear();
    if (isNumber(value)) {
        r.history.append(value.toDouble());
        if (r.history.size() > historySize)
            r.history.removeFirst();
    }
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void AttributeModel::setError(const QString &name, const QString &message)
{
    const int row = rowOf(name);
    if (row < 0)
        return;
    m_rows[row].error = message;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QVariant AttributeModel::value(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? QVariant() : m_rows.at(row).value;
}

QList<double> AttributeModel::history(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? QList<double>() : m_rows.at(row).history;
}

void AttributeModel::setWatch(const QString &name, Watch watch)
{
    const int row = rowOf(name);
    if (row < 0 || m_rows.at(row).watch == watch)
        return;
    m_rows[row].watch = watch;
    emit dataChanged(index(row, WatchColumn), index(row, WatchColumn));
}

AttributeModel::Watch AttributeModel::watch(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? Watch::Off : m_rows.at(row).watch;
}

bool AttributeModel::canWatchLive(const QString &name) const
{
    const int row = rowOf(name);
    return row >= 0 && !m_rows.at(row).notify.isEmpty();
}

int AttributeModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AttributeModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AttributeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return QVariant();
    const Row &r = m_rows.at(index.row());
    switch (role) {
    case NameRole:
        return r.name;
    case ValueRole:
        return r.value;
    case HistoryRole:
        return QVariant::fromValue(r.history);
    case Qt::ForegroundRole:
        return r.error.isEmpty() ? QVariant() : QVariant(QBrush(QColor(0xb0, 0x20, 0x20)));
    case Qt::ToolTipRole:
        if (!r.error.isEmpty())
            return r.error;
        if (index.column() == HistoryColumn && !r.history.isEmpty()) {
            const auto [lo, hi] = std::minmax_element(r.history.begin(), r.history.end());
            return u"%1 values, %2 … %3"_s.arg(r.history.size()).arg(*lo).arg(*hi);
        }
        return QVariant();
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return r.name;
        case ValueColumn:
            if (!r.error.isEmpty())
                return r.error;
            return r.hasValue ? literal(r.value) : QString();
        case TypeColumn:
            return r.hasValue ? PyroValues::pythonTypeName(r.value) : QString();
        case WatchColumn:
            switch (r.watch) {
            case Watch::Off: return r.notify.isEmpty() ? QString() : u"(live possible)"_s;
            case Watch::Poll: return u"polling"_s;
            case Watch::Live: return u"live"_s;
            }
            return QVariant();
        case HistoryColumn:
            return QString();    // the sparkline (SparklineDelegate); the figures in the tooltip
        }
        return QVariant();
    default:
        return QVariant();
    }
}

QVariant AttributeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {"Attribute", "Value", "Type", "Watch", "History"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(names[section]) : QVariant();
}

} // namespace PyroBrowser
