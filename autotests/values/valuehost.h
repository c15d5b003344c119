// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// The daemon-side object of the value-type tests: one typed slot per Qt value type (the
// argument is converted to the slot's parameter type, the result goes back as that type),
// and an untyped echo that shows the wire form of whatever arrives.

#include "pyrodaemon.h"
#include "pyrouri.h"
#include "pyrovaluetypes.h"

#include <QtCore/QDateTime>
#include <QtCore/QObject>
#include <QtCore/QPoint>
#include <QtCore/QRect>
#include <QtCore/QSize>
#include <QtCore/QThread>
#include <QtCore/QUrl>
#include <QtCore/QUuid>
#ifdef QTPYRO_TEST_HAVE_GUI
#  include <QtGui/QColor>
#endif

// A gadget registered with a Python class name ("sensors.Reading").
struct Reading
{
    Q_GADGET
    Q_PROPERTY(QString sensor MEMBER sensor)
    Q_PROPERTY(double celsius MEMBER celsius)
    Q_PROPERTY(QPoint position MEMBER position)
public:
    QString sensor;
    double celsius = 0;
    QPoint position;
    friend bool operator==(const Reading &a, const Reading &b)
    { return a.sensor == b.sensor && a.celsius == b.celsius && a.position == b.position; }
    friend bool operator!=(const Reading &a, const Reading &b) { return !(a == b); }
};

// A gadget that crosses as a plain dict.
struct Span
{
    Q_GADGET
    Q_PROPERTY(int from MEMBER from)
    Q_PROPERTY(int to MEMBER to)
public:
    int from = 0;
    int to = 0;
    friend bool operator==(const Span &a, const Span &b) { return a.from == b.from && a.to == b.to; }
    friend bool operator!=(const Span &a, const Span &b) { return !(a == b); }
};

Q_DECLARE_METATYPE(Reading)
Q_DECLARE_METATYPE(Span)

class ValueHost : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QVariant echo(const QVariant &value) { return value; }
    QString pythonType(const QVariant &value) { return PyroValues::pythonTypeName(value); }
    QPoint point(const QPoint &v) { return v; }
    QPointF pointF(const QPointF &v) { return v; }
    QSize size(const QSize &v) { return v; }
    QSizeF sizeF(const QSizeF &v) { return v; }
    QRect rect(const QRect &v) { return v; }
    QRectF rectF(const QRectF &v) { return v; }
    QUrl url(const QUrl &v) { return v; }
    QUuid uuid(const QUuid &v) { return v; }
    QDateTime dateTime(const QDateTime &v) { return v; }
    QByteArray bytes(const QByteArray &v) { return v; }
    Reading reading(const Reading &v) { return v; }
    Span span(const Span &v) { return v; }
#ifdef QTPYRO_TEST_HAVE_GUI
    QColor color(const QColor &v) { return v; }
#endif
    // Results the interop test checks on the Python side.
    Reading makeReading() { return Reading{QStringLiteral("attic"), 21.5, QPoint(3, 4)}; }
    qlonglong add(qlonglong a, qlonglong b) { return a + b; }
};

// A daemon serving a ValueHost as "values" on 127.0.0.1, in a thread of its own (so that
// the test thread can use blocking calls).
class DaemonThread
{
public:
    ~DaemonThread()
    {
        if (!m_thread.isRunning())
            return;
        QMetaObject::invokeMethod(&m_context, [this] {
            delete m_daemon;
            delete m_host;
        }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    PyroUri start()
    {
        m_thread.start();
        m_context.moveToThread(&m_thread);
        PyroUri uri;
        QMetaObject::invokeMethod(&m_context, [&] {
            m_daemon = new PyroDaemon();
            if (m_daemon->listen(QStringLiteral("127.0.0.1"), 0)) {
                m_host = new ValueHost;
                uri = m_daemon->registerObject(m_host, QStringLiteral("values"));
            }
        }, Qt::BlockingQueuedConnection);
        return uri;
    }

private:
    QThread m_thread;
    QObject m_context;
    PyroDaemon *m_daemon = nullptr;
    ValueHost *m_host = nullptr;
};
