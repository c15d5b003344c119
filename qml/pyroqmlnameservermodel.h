// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QAbstractListModel>
#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtCore/QTimer>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

class PyroNameServerProxy;
class PyroLocator;

/*
 * What a name server offers, as a list model (roles name, uri, metadata):
 *
 *   ListView {
 *       model: PyroNameServerModel { prefix: "house."; refreshInterval: 5000 }
 *       delegate: Text { text: name + "  " + uri }
 *   }
 *
 * The name server is found like Pyro5's locate_ns(): host (and port) when set, else by
 * broadcast. Filters: prefix and regex (the name server's list()), metadataAll and
 * metadataAny (its yplookup(); prefix and regex then apply here, regex as a
 * QRegularExpression matched at the start like Python's re.match). refresh() asks again;
 * refreshInterval > 0 asks periodically. Rows change in place (inserted, removed, changed),
 * so views keep their state. Everything is asynchronous; status and errorString report.
 */
class PyroQmlNameServerModel : public QAbstractListModel, public QQmlParserStatus
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PyroNameServerModel)
    Q_INTERFACES(QQmlParserStatus)
    Q_PROPERTY(QString host READ host WRITE setHost NOTIFY locationChanged)
    Q_PROPERTY(int port READ port WRITE setPort NOTIFY locationChanged)
    Q_PROPERTY(bool broadcast READ broadcast WRITE setBroadcast NOTIFY locationChanged)
    Q_PROPERTY(QString serializer READ serializer WRITE setSerializer NOTIFY locationChanged)
    Q_PROPERTY(QString prefix READ prefix WRITE setPrefix NOTIFY filterChanged)
    Q_PROPERTY(QString regex READ regex WRITE setRegex NOTIFY filterChanged)
    Q_PROPERTY(QStringList metadataAll READ metadataAll WRITE setMetadataAll NOTIFY filterChanged)
    Q_PROPERTY(QStringList metadataAny READ metadataAny WRITE setMetadataAny NOTIFY filterChanged)
    Q_PROPERTY(int refreshInterval READ refreshInterval WRITE setRefreshInterval NOTIFY refreshIntervalChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(Status status READ status NOTIFY statusChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY statusChanged)
    Q_PROPERTY(QString nameServerUri READ nameServerUri NOTIFY statusChanged)
public:
    enum Status { Null, Loading, Ready, Error };
    Q_ENUM(Status)
    enum Role { NameRole = Qt::UserRole + 1, UriRole, MetadataRole };
    Q_ENUM(Role)

    explicit PyroQmlNameServerModel(QObject *parent = nullptr);
    ~PyroQmlNameServerModel() override;

    void classBegin() override { }
    void componentComplete() override;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString host() const { return m_host; }
    void setHost(const QString &host);
    int port() const { return m_port; }
    void setPort(int port);
    bool broadcast() const { return m_broadcast; }
    void setBroadcast(bool on);
    QString serializer() const { return m_serializer; }
    void setSerializer(const QString &name);
    QString prefix() const { return m_prefix; }
    void setPrefix(const QString &prefix);
    QString regex() const { return m_regex; }
    void setRegex(const QString &regex);
    QStringList metadataAll() const { return m_metadataAll; }
    void setMetadataAll(const QStringList &tags);
    QStringList metadataAny() const { return m_metadataAny; }
    void setMetadataAny(const QStringList &tags);
    int refreshInterval() const { return m_timer.interval(); }
    void setRefreshInterval(int msecs);
    int count() const { return int(m_rows.size()); }
    Status status() const { return m_status; }
    QString errorString() const { return m_errorString; }
    QString nameServerUri() const;

    // Asks the name server again (locating it first if needed).
    Q_INVOKABLE void refresh();
    // The row's entry as {name, uri, metadata}; an empty object out of range.
    Q_INVOKABLE QVariantMap get(int row) const;

Q_SIGNALS:
    void locationChanged();
    void filterChanged();
    void refreshIntervalChanged();
    void countChanged();
    void statusChanged();
    // After each answer from the name server, applied to the rows.
    void refreshed();

private:
    struct Entry
    {
        QString name;
        QString uri;
        QStringList metadata;
        bool operator==(const Entry &o) const { return name == o.name && uri == o.uri && metadata == o.metadata; }
    };
    void relocate();
    void query();
    void apply(QList<Entry> entries);
    void setStatus(Status status, const QString &error = QString());

    QString m_host;
    int m_port = 0;
    bool m_broadcast = true;
    QString m_serializer;
    QString m_prefix, m_regex;
    QStringList m_metadataAll, m_metadataAny;
    bool m_complete = false;
    bool m_queryPending = false;
    bool m_queryAgain = false;
    int m_generation = 0;
    Status m_status = Null;
    QString m_errorString;
    QList<Entry> m_rows;     // sorted by name
    PyroNameServerProxy *m_ns = nullptr;
    PyroLocator *m_locator = nullptr;
    QTimer m_timer;
};
