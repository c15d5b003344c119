// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>

#include <functional>
#include <QtQml/QQmlListProperty>
#include <QtQml/QQmlParserStatus>
#include <QtQml/qqmlregistration.h>

class PyroDaemon;
class PyroNameServerProxy;
class PyroQmlDaemon;

/*
 * One object a PyroDaemon element serves: target's properties (attributes), signals
 * (subscribable through Pyro.Signals) and the functions declared on it in QML (methods;
 * their parameters arrive as QVariant, see docs/qml.md). A name registers it with the
 * name server (removed again when the object goes).
 *
 *   PyroObject { objectId: "ui.panel"; target: panel; name: "house.panel" }
 */
class PyroQmlObject : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PyroObject)
    Q_PROPERTY(QString objectId READ objectId WRITE setObjectId NOTIFY objectIdChanged)
    Q_PROPERTY(QObject *target READ target WRITE setTarget NOTIFY targetChanged)
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY registrationChanged)
    Q_PROPERTY(QStringList metadata READ metadata WRITE setMetadata NOTIFY registrationChanged)
    Q_PROPERTY(QString uri READ uri NOTIFY uriChanged)
    Q_PROPERTY(bool registered READ isRegistered NOTIFY registeredChanged)
public:
    explicit PyroQmlObject(QObject *parent = nullptr);
    ~PyroQmlObject() override;

    QString objectId() const { return m_objectId; }
    void setObjectId(const QString &id);
    QObject *target() const { return m_target; }
    void setTarget(QObject *target);
    QString name() const { return m_name; }
    void setName(const QString &name);
    QStringList metadata() const { return m_metadata; }
    void setMetadata(const QStringList &tags);
    QString uri() const { return m_uri; }
    bool isRegistered() const { return m_registered; }

    // ---- for PyroQmlDaemon ----
    void attach(PyroQmlDaemon *daemon);
    void publish();
    void withdraw();
    void setRegistered(bool on);

Q_SIGNALS:
    void objectIdChanged();
    void targetChanged();
    void registrationChanged();
    void uriChanged();
    void registeredChanged();

private:
    QString m_objectId;
    QPointer<QObject> m_target;
    QPointer<QObject> m_served;      // what the daemon has under m_servedId
    QString m_servedId;
    QString m_registeredName;
    QString m_name;
    QStringList m_metadata;
    QString m_uri;
    bool m_registered = false;
    QPointer<PyroQmlDaemon> m_daemon;
};

/*
 * A daemon a QML application serves its own objects with:
 *
 *   PyroDaemon {
 *       host: "127.0.0.1"; port: 0
 *       PyroObject { objectId: "ui.panel"; target: panel; name: "house.panel" }
 *   }
 *
 * It listens when the component is complete; objects are registered as they get a target.
 * An object with a name is registered with the name server (nsHost/nsPort, else
 * found by broadcast) and removed again when the object or the daemon goes away.
 * Calls run in the GUI thread (QML objects live there), the network I/O never blocks it.
 */
class PyroQmlDaemon : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    QML_NAMED_ELEMENT(PyroDaemon)
    Q_INTERFACES(QQmlParserStatus)
    Q_CLASSINFO("DefaultProperty", "objects")
    Q_PROPERTY(QString host READ host WRITE setHost NOTIFY hostChanged)
    Q_PROPERTY(int port READ port WRITE setPort NOTIFY portChanged)
    Q_PROPERTY(bool listening READ isListening NOTIFY listeningChanged)
    Q_PROPERTY(QString location READ location NOTIFY listeningChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)
    Q_PROPERTY(QString nsHost READ nsHost WRITE setNsHost NOTIFY nameServerChanged)
    Q_PROPERTY(int nsPort READ nsPort WRITE setNsPort NOTIFY nameServerChanged)
    Q_PROPERTY(QQmlListProperty<PyroQmlObject> objects READ objects)
public:
    explicit PyroQmlDaemon(QObject *parent = nullptr);
    ~PyroQmlDaemon() override;

    void classBegin() override { }
    void componentComplete() override;

    QString host() const { return m_host; }
    void setHost(const QString &host);
    int port() const;
    void setPort(int port);
    bool isListening() const;
    QString location() const;
    QString errorString() const { return m_errorString; }
    QString nsHost() const { return m_nsHost; }
    void setNsHost(const QString &host);
    int nsPort() const { return m_nsPort; }
    void setNsPort(int port);
    QQmlListProperty<PyroQmlObject> objects();

    PyroDaemon *daemon() const { return m_daemon; }
    bool isComplete() const { return m_complete; }
    // Registers name -> uri with the name server, asynchronously (object->setRegistered()).
    void registerName(PyroQmlObject *object, const QString &name, const QString &uri,
                      const QStringList &metadata);
    void removeName(const QString &name);

Q_SIGNALS:
    void hostChanged();
    void portChanged();
    void listeningChanged();
    void errorStringChanged();
    void nameServerChanged();

private:
    void withNameServer(std::function<void(PyroNameServerProxy *)> f);
    static void appendObject(QQmlListProperty<PyroQmlObject> *list, PyroQmlObject *object);
    static qsizetype objectCount(QQmlListProperty<PyroQmlObject> *list);
    static PyroQmlObject *objectAt(QQmlListProperty<PyroQmlObject> *list, qsizetype index);

    QString m_host = QStringLiteral("localhost");
    int m_port = 0;
    QString m_nsHost;
    int m_nsPort = 0;
    QString m_errorString;
    bool m_complete = false;
    PyroDaemon *m_daemon;
    PyroNameServerProxy *m_ns = nullptr;
    bool m_locating = false;
    QList<std::function<void(PyroNameServerProxy *)>> m_waitingForNs;
    QList<PyroQmlObject *> m_objects;
};
