// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The snippets of docs/values.md, compiled and run (tst_pyrovaluesdoc checks that the doc
// quotes this file): a thermostat with Qt value types, served by a daemon in a thread of
// its own and called through typed calls. Prints what it gets and exits 0 when every
// value came back as expected.

#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QRect>
#include <QtCore/QThread>
#include <QtCore/QTimeZone>

#include "pyrocallreply.h"
#include "pyrodaemon.h"
#include "pyroproxy.h"
#include "pyrotypedresult.h"
#include "pyrovaluetypes.h"

using namespace Qt::StringLiterals;

//! [gadget]
struct Reading
{
    Q_GADGET
    Q_PROPERTY(QString sensor MEMBER sensor)
    Q_PROPERTY(double celsius MEMBER celsius)
    Q_PROPERTY(QDateTime at MEMBER at)
public:
    QString sensor;
    double celsius = 0;
    QDateTime at;
};
//! [gadget]

//! [slots]
class Thermostat : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    int add(int a, int b) { return a + b; }
    Reading reading() const { return {u"attic"_s, 21.5, QDateTime(QDate(2024, 2, 29), QTime(13, 14), Qt::UTC)}; }
    QRect area() const { return m_area; }
    void setArea(const QRect &area) { m_area = area; }      // Python passes {"x": .., "y": .., ...}
    QString name() const { return u"attic thermostat"_s; }
    QDateTime changed() const { return QDateTime(QDate(2024, 2, 29), QTime(9, 30), QTimeZone(3600)); }

private:
    QRect m_area{0, 0, 4, 3};
};
//! [slots]

static int failures = 0;

static void expect(bool ok, const char *what)
{
    qInfo("%s: %s", ok ? "ok" : "FAILED", what);
    if (!ok)
        ++failures;
}

static void blockingCalls(const QString &uri)
{
    //! [call]
    PyroProxy proxy(uri);                      // "PYRO:thermostat@127.0.0.1:..."
    const PyroTypedResult<int> sum = proxy.call<int>(u"add"_s, 1, 2);
    if (sum)
        qInfo() << "1 + 2 =" << sum.value();
    else
        qWarning() << sum.error();
    //! [call]
    expect(sum.value() == 3, "call<int>");

    //! [qt types]
    proxy.call(u"setArea"_s, {QRect(10, 20, 300, 200)});         // untyped: a void slot
    const QRect area = proxy.call<QRect>(u"area"_s).value();
    const Reading reading = proxy.call<Reading>(u"reading"_s).value();
    qInfo() << area << reading.sensor << reading.celsius << reading.at;
    //! [qt types]
    expect(area == QRect(10, 20, 300, 200), "QRect both ways");
    expect(reading.at == QDateTime(QDate(2024, 2, 29), QTime(13, 14), Qt::UTC), "gadget with a QDateTime");

    //! [conversion error]
    const PyroTypedResult<int> wrong = proxy.call<int>(u"name"_s);
    // wrong.isError(): SerializeError "name(): expected int, got str 'attic thermostat'"
    const int fallback = wrong.valueOr(-1);
    //! [conversion error]
    expect(wrong.error().message() == u"name(): expected int, got str 'attic thermostat'"_s && fallback == -1,
           "conversion error");

    //! [untyped]
    const QVariant rect = proxy.call(u"area"_s).value();      // QVariantMap {x, y, width, height}
    const QVariant text = proxy.call(u"changed"_s).value();   // QString "2024-02-29T09:30:00+01:00"
    const QDateTime changed = PyroValues::toDateTime(text);    // decode ISO text on request
    const std::optional<QRect> r = PyroValues::to<QRect>(rect);
    //! [untyped]
    expect(changed.offsetFromUtc() == 3600 && changed.time() == QTime(9, 30) && r == area,
           "opt-in ISO date decoding, PyroValues::to<T>()");
}

static void asyncCalls(PyroProxy *proxy)
{
    //! [future]
    QFuture<int> sum = proxy->futureCall<int>(u"add"_s, 20, 22);
    sum.then([](int value) { qInfo() << "20 + 22 =" << value; })
        .onFailed([](const PyroException &e) { qWarning() << e.error(); });
    //! [future]

    //! [reply]
    PyroCallReply *reply = proxy->asyncCall(u"area"_s);
    QObject::connect(reply, &PyroCallReply::finished, proxy, [reply] {
        PyroError error;
        const QRect area = reply->value<QRect>(&error);   // or reply->result<QRect>()
        if (error.isError())
            qWarning() << error;
        else
            qInfo() << "area" << area;
        reply->deleteLater();
    });
    //! [reply]
    QObject::connect(reply, &PyroCallReply::finished, proxy, [reply, sum] {
        expect(reply->value<QRect>() == QRect(10, 20, 300, 200), "reply->value<QRect>()");
        expect(sum.isFinished() && sum.result() == 42, "futureCall<int>");
        QCoreApplication::exit(failures == 0 ? 0 : 1);
    });
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    //! [register]
    PyroValues::registerGadget<Reading>(u"sensors.Reading"_s);
    //! [register]

    QThread daemonThread;
    daemonThread.start();
    PyroDaemon *daemon = nullptr;
    Thermostat *thermostat = nullptr;
    PyroUri uri;
    QObject context;
    context.moveToThread(&daemonThread);
    QMetaObject::invokeMethod(&context, [&] {
        daemon = new PyroDaemon;
        if (daemon->listen(u"127.0.0.1"_s, 0)) {
            thermostat = new Thermostat;
            uri = daemon->registerObject(thermostat, u"thermostat"_s);
        }
    }, Qt::BlockingQueuedConnection);
    if (!uri.isValid())
        return 2;

    blockingCalls(uri.toString());
    PyroProxy proxy(uri);
    asyncCalls(&proxy);
    const int code = app.exec();

    QMetaObject::invokeMethod(&context, [&] {
        delete daemon;
        delete thermostat;
    }, Qt::BlockingQueuedConnection);
    daemonThread.quit();
    daemonThread.wait();
    return code;
}

#include "valuetypes.moc"
