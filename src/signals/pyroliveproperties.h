// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QVariantMap>

#include <memory>

class PyroProxy;
class PyroLivePropertiesPrivate;

/*
 * A cached copy of a remote object's attributes that have a NOTIFY signal, kept up to
 * date by subscribing to those signals (like a Qt Remote Objects replica):
 *
 *   auto *live = new PyroLiveProperties(thermostat, this);
 *   connect(live, &PyroLiveProperties::propertyChanged, this,
 *           [](const QString &name, const QVariant &value) { qDebug() << name << value; });
 *   ... live->value(u"temperature"_s) ...
 *
 * It reads the daemon's metadata ("notify"), subscribes to the notify signals (pull, on
 * a connection of its own), then reads every such attribute once; a notify signal with
 * one argument carries the new value, others make it read the attribute again. After a
 * reconnect every value is read again. propertyChanged() comes for each value that
 * differs from the cached one (also the first time); ready() once all were read.
 * Failures: errorOccurred(). Lives in the proxy's thread; the proxy must outlive it.
 */
class QTPYRO_EXPORT PyroLiveProperties : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged)
public:
    explicit PyroLiveProperties(PyroProxy *proxy, QObject *parent = nullptr);
    ~PyroLiveProperties() override;

    bool isReady() const;
    QStringList names() const;          // the attributes kept live
    QVariant value(const QString &name) const;
    QVariantMap values() const;

Q_SIGNALS:
    void propertyChanged(const QString &name, const QVariant &value);
    void readyChanged(bool ready);
    void errorOccurred(const PyroError &error);

private:
    std::unique_ptr<PyroLivePropertiesPrivate> const d;
};
