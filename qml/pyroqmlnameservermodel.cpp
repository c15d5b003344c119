// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroqmlnameservermodel.h"

#include "pyroqmlvalues_p.h"

#include <QtPyro/PyroLocator>
#include <QtPyro/PyroNameServerProxy>
#include <QtPyro/PyroValues>

#include <QtCore/QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QStringList tagList(const QVariant &value)
{
    QVariantList items;
    if (value.metaType() == QMetaType::fromType<PyroSet>())
        items = value.value<PyroSet>().items();
    else if (value.metaType() == QMetaType::fromType<PyroTuple>())
        items = value.value<PyroTuple>().items();
    else
        items = value.toList();
    QStringList tags;
    for (const QVariant &item : std::as_const(items))
        tags.append(item.toString());
    tags.sort();
    return tags;
}

QString uriText(const QVariant &value)
{
    if (value.metaType() == QMetaType::fromType<PyroUri>())
        return value.value<PyroUri>().toString();
    return value.toString();
}

} // namespace

PyroQmlNameServerModel::PyroQmlNameServerModel(QObject *parent)
    : QAbstractListModel(parent)
{
    connect(&m_timer, &QTimer::timeout, this, &PyroQmlNameServerModel::refresh);
}

PyroQmlNameServerModel::~PyroQmlNameServerModel() = default;

void PyroQmlNameServerModel::componentComplete()
{
    m_complete = true;
    if (m_timer.interval() > 0)
        m_timer.start();
    refresh();
}

int PyroQmlNameServerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant PyroQmlNameServerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return e.name;
    case UriRole:
        return e.uri;
    case MetadataRole:
        return e.metadata;
    default:
        return {};
    }
}

QHash<int, QByteArray> PyroQmlNameServerModel::roleNames() const
{
    return {{NameRole, "name"}, {UriRole, "uri"}, {MetadataRole, "metadata"}};
}

QVariantMap PyroQmlNameServerModel::get(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const Entry &e = m_rows.at(row);
    return {{u"name"_s, e.name}, {u"uri"_s, e.uri}, {u"metadata"_s, e.metadata}};
}

QString PyroQmlNameServerModel::nameServerUri() const
{
    return m_ns ? m_ns->uri().toString() : QString();
}

void PyroQmlNameServerModel::setHost(const QString &host)
{
    if (m_host == host)
        return;
    m_host = host;
    Q_EMIT locationChanged();
    relocate();
}

void PyroQmlNameServerModel::setPort(int port)
{
    if (m_port == port)
        return;
    m_port = port;
    Q_EMIT locationChanged();
    relocate();
}

void PyroQmlNameServerModel::setBroadcast(bool on)
{
    if (m_broadcast == on)
        return;
    m_broadcast = on;
    Q_EMIT locationChanged();
    relocate();
}

void PyroQmlNameServerModel::setSerializer(const QString &name)
{
    if (m_serializer == name)
        return;
    m_serializer = name;
    Q_EMIT locationChanged();
    relocate();
}

void PyroQmlNameServerModel::setPrefix(const QString &prefix)
{
    if (m_prefix == prefix)
        return;
    m_prefix = prefix;
    Q_EMIT filterChanged();
    refresh();
}

void PyroQmlNameServerModel::setRegex(const QString &regex)
{
    if (m_regex == regex)
        return;
    m_regex = regex;
    Q_EMIT filterChanged();
    refresh();
}

void PyroQmlNameServerModel::setMetadataAll(const QStringList &tags)
{
    if (m_metadataAll == tags)
        return;
    m_metadataAll = tags;
    Q_EMIT filterChanged();
    refresh();
}

void PyroQmlNameServerModel::setMetadataAny(const QStringList &tags)
{
    if (m_metadataAny == tags)
        return;
    m_metadataAny = tags;
    Q_EMIT filterChanged();
    refresh();
}

void PyroQmlNameServerModel::setRefreshInterval(int msecs)
{
    if (m_timer.interval() == msecs)
        return;
    m_timer.setInterval(qMax(0, msecs));
    Q_EMIT refreshIntervalChanged();
    if (msecs > 0 && m_complete)
        m_timer.start();
    else
        m_timer.stop();
}

void PyroQmlNameServerModel::setStatus(Status status, const QString &error)
{
    if (m_status == status && m_errorString == error)
        return;
    m_status = status;
    m_errorString = error;
    Q_EMIT statusChanged();
}

// Forget the name server (its location changed or it went away); the next refresh finds it again.
void PyroQmlNameServerModel::relocate()
{
    ++m_generation;
    delete m_locator;
    m_locator = nullptr;
    delete m_ns;
    m_ns = nullptr;
    m_queryPending = false;
    refresh();
}

void PyroQmlNameServerModel::refresh()
{
    if (!m_complete)
        return;
    if (m_ns) {
        query();
        return;
    }
    if (m_locator)
        return;     // the search under way ends in a query
    if (m_status != Ready)
        setStatus(Loading);
    m_locator = new PyroLocator(this);
    const int generation = m_generation;
    connect(m_locator, &PyroLocator::finished, this, [this, generation] {
        PyroLocator *locator = m_locator;
        m_locator = nullptr;
        locator->deleteLater();
        if (generation != m_generation)
            return;
        if (locator->error().isError()) {
            setStatus(Error, locator->error().message());
            return;
        }
        m_ns = locator->takeNameServer();
        if (!m_ns)
            m_ns = new PyroNameServerProxy(locator->nameServerUri());
        m_ns->setParent(this);
        if (!m_serializer.isEmpty())
            m_ns->proxy()->setSerializer(m_serializer);
        query();
    });
    m_locator->locate(m_host, m_port,
                      m_broadcast && m_host.isEmpty() ? PyroLocator::Broadcast::Enabled : PyroLocator::Broadcast::Disabled);
}

void PyroQmlNameServerModel::query()
{
    if (m_queryPending) {
        m_queryAgain = true;    // the filters changed meanwhile: ask once more after this answer
        return;
    }
    m_queryPending = true;
    m_queryAgain = false;
    if (m_status != Ready)
        setStatus(Loading);
    const bool byMetadata = !m_metadataAll.isEmpty() || !m_metadataAny.isEmpty();
    PyroCallReply *reply = byMetadata ? m_ns->lookupByMetadata(m_metadataAll, m_metadataAny, PyroNameServerProxy::Metadata::Included)
                                      : m_ns->list(m_prefix, m_regex, PyroNameServerProxy::Metadata::Included);
    reply->setParent(this);
    const int generation = m_generation;
    connect(reply, &PyroCallReply::finished, this, [this, reply, generation, byMetadata] {
        reply->deleteLater();
        if (generation != m_generation)
            return;
        m_queryPending = false;
        if (reply->isError()) {
            setStatus(Error, reply->error().message());
            if (!reply->error().is(PyroError::Code::RemoteException)) {
                // Connection trouble: look for the name server again next time.
                m_ns->deleteLater();
                m_ns = nullptr;
            }
            return;
        }
        QList<Entry> entries;
        const QVariant value = reply->value();
        QList<QPair<QVariant, QVariant>> pairs;
        if (value.metaType() == QMetaType::fromType<PyroDict>()) {
            for (const auto &entry : value.value<PyroDict>().entries())
                pairs.append({entry.first, entry.second});
        } else {
            const QVariantMap map = value.toMap();
            for (auto it = map.cbegin(); it != map.cend(); ++it)
                pairs.append({it.key(), it.value()});
        }
        const QRegularExpression regex(m_regex);
        for (const auto &pair : std::as_const(pairs)) {
            Entry e;
            e.name = pair.first.toString();
            if (byMetadata) {
                if (!e.name.startsWith(m_prefix))
                    continue;
                if (!m_regex.isEmpty()
                    && !regex.match(e.name, 0, QRegularExpression::NormalMatch,
                                    QRegularExpression::AnchorAtOffsetMatchOption).hasMatch())
                    continue;
            }
            const QVariant v = pair.second;
            QVariantList parts;
            if (v.metaType() == QMetaType::fromType<PyroTuple>())
                parts = v.value<PyroTuple>().items();
            else if (v.metaType() == QMetaType::fromType<QVariantList>())
                parts = v.toList();
            if (parts.isEmpty()) {
                e.uri = uriText(v);
            } else {
                e.uri = uriText(parts.value(0));
                e.metadata = tagList(parts.value(1));
            }
            entries.append(e);
        }
        apply(std::move(entries));
        setStatus(Ready);
        Q_EMIT refreshed();
        if (m_queryAgain)
            query();
    });
}

void PyroQmlNameServerModel::apply(QList<Entry> entries)
{
    std::sort(entries.begin(), entries.end(),
              [](const Entry &a, const Entry &b) { return a.name < b.name; });
    const int before = int(m_rows.size());
    QSet<QString> names;
    for (const Entry &e : std::as_const(entries))
        names.insert(e.name);
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (names.contains(m_rows.at(row).name))
            continue;
        beginRemoveRows(QModelIndex(), row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    }
    // What is left is a sorted subset of entries: walk both.
    for (int row = 0; row < entries.size(); ++row) {
        const Entry &e = entries.at(row);
        if (row < m_rows.size() && m_rows.at(row).name == e.name) {
            if (!(m_rows.at(row) == e)) {
                m_rows[row] = e;
                Q_EMIT dataChanged(index(row), index(row), {UriRole, MetadataRole});
            }
            continue;
        }
        beginInsertRows(QModelIndex(), row, row);
        m_rows.insert(row, e);
        endInsertRows();
    }
    if (before != m_rows.size())
        Q_EMIT countChanged();
}
