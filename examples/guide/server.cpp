// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The server side of the user guide (docs/guide.md quotes the parts between the
// //! [name] markers; tst_guidesnippets checks that the quotes are unchanged).
// Run: example-guide-server (listens on 127.0.0.1:9999, prints the thermostat's URI).

//! [includes]
#include <QtPyro/PyroCallContext>
#include <QtPyro/PyroDaemon>
#include <QtPyro/PyroGenerator>
//! [includes]

#include <QtConcurrent/QtConcurrent>
#include <QtCore/QCoreApplication>
#include <QtCore/QLoggingCategory>
#include <QtCore/QThread>
#include <QtCore/QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

//! [class]
class Thermostat : public QObject
{
    Q_OBJECT
    Q_PROPERTY(double target READ target WRITE setTarget NOTIFY targetChanged)   // an attribute
public:
    enum class Mode { Off, Heat, Cool };
    Q_ENUM(Mode)   // a parameter takes 0..2 or "Off"/"Heat"/"Cool"; anything else is a TypeError

    double target() const { return m_target; }

public Q_SLOTS:                        // public slots and Q_INVOKABLEs are exposed
    void setTarget(double degrees)
    {
        if (degrees < 5 || degrees > 30)   // a Python exception for the caller
            throw PyroException(u"builtins.ValueError"_s, u"target %1 is outside 5..30"_s.arg(degrees));
        m_target = degrees;
        Q_EMIT targetChanged();
    }
    void setMode(Thermostat::Mode mode) { m_mode = mode; }
    PyroGenerator readings(int count)  // streamed item by item (Pyro5 item streaming)
    {
        return PyroGenerator([this, i = 0, count]() mutable -> std::optional<QVariant> {
            if (i++ == count)
                return std::nullopt;
            return m_target + i * 0.1;
        });
    }

Q_SIGNALS:
    void targetChanged();

private:
    void _calibrate() { }              // names starting with _ are private, as in Pyro5
    double m_target = 20.0;
    Mode m_mode = Mode::Off;
};
//! [class]

//! [pool]
// Every call of this class runs on the daemon's thread pool (Pyro5's threaded server):
// a slow call only holds its own pool thread.
class Archive : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("pyro.threading", "pool")
public Q_SLOTS:
    QString query(const QString &what)
    {
        QThread::msleep(200);   // blocking I/O, a database...
        return u"result for "_s + what;
    }
};
//! [pool]

//! [future]
class Reports : public QObject
{
    Q_OBJECT
public:
    explicit Reports(QThreadPool *pool) : m_pool(pool) { }

public Q_SLOTS:
    // Heavy work opts into a pool by returning a QFuture: the reply goes out when it is done.
    QFuture<QString> build(int year)
    {
        return QtConcurrent::run(m_pool, [year] { return u"report %1"_s.arg(year); });
    }
    // Or take over the reply and answer later, from any thread.
    QString whenReady()
    {
        PyroDelayedReply reply = PyroCallContext::current()->delayReply();
        QTimer::singleShot(100, this, [reply]() mutable { reply.send(u"ready"_s); });
        return QString();   // ignored: the delayed reply answers
    }

private:
    QThreadPool *m_pool;
};
//! [future]

int main(int argc, char **argv)
{
//! [daemon]
    QCoreApplication app(argc, argv);
    PyroDaemon daemon;                                  // PyroConfig::global(): PYRO_* variables
    if (!daemon.listen(u"127.0.0.1"_s, 9999)) {
        std::fprintf(stderr, "cannot listen: %s\n", qPrintable(daemon.errorString()));
        return 1;
    }
    Thermostat thermostat;
    const PyroUri uri = daemon.registerObject(&thermostat, u"house.thermostat"_s);
    std::printf("%s\n", qPrintable(uri.toString()));   // PYRO:house.thermostat@127.0.0.1:9999
//! [daemon]

    Archive archive;
    daemon.registerObject(&archive, u"house.archive"_s);
    Reports reports(daemon.threadPool());
    daemon.registerObject(&reports, u"house.reports"_s);

//! [slowcall]
    // Warn (category "qtpyro.daemon.slowcall") when a call holds the daemon's thread
    // longer than 200 ms; default 500 ms or QTPYRO_SLOW_CALL_WARNING_MS, 0 = never.
    daemon.setSlowCallWarning(200);
//! [slowcall]

//! [logging]
    // Connects, handshakes and reconnects of proxies (or QT_LOGGING_RULES="qtpyro.*.debug=true").
    QLoggingCategory::setFilterRules(u"qtpyro.client.connection.debug=true"_s);
//! [logging]
    QLoggingCategory::setFilterRules(QString());

    std::fflush(stdout);
    return app.exec();
}

#include "server.moc"
