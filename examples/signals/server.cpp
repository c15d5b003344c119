// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Remote signals: a sensor whose temperatureChanged signal (the NOTIFY signal of its
// temperature property) any client can subscribe to through the daemon's built-in
// Pyro.Signals object — a C++ client as a Qt signal, a Python client by callback (push)
// or by an item stream (pull). Nothing here is about signals: every daemon offers them.
//
//   example-signals-server [-H HOST] [-p PORT] [-n] [--interval MS]

#include "examplesupport.h"

#include <pyrodaemon.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QTimer>

using namespace Qt::StringLiterals;

class Sensor : public QObject
{
    Q_OBJECT
    Q_PROPERTY(double temperature READ temperature NOTIFY temperatureChanged)
public:
    double temperature() const { return m_temperature; }

public Q_SLOTS:
    // A new reading every interval: 20.0, 20.5, ... 24.5, then from 20.0 again.
    void measure()
    {
        m_temperature = 20.0 + 0.5 * (m_step++ % 10);
        Q_EMIT temperatureChanged(m_temperature);
    }

Q_SIGNALS:
    void temperatureChanged(double temperature);

private:
    double m_temperature = 20.0;
    int m_step = 0;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.sensor, which emits temperatureChanged."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    const QCommandLineOption interval(u"interval"_s, u"Milliseconds between readings (default 200)."_s,
                                      u"ms"_s, u"200"_s);
    parser.addOption(interval);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    Sensor sensor;
    const PyroUri uri = daemon.registerObject(&sensor, u"example.sensor"_s);
    if (!ExampleSupport::publish(parser, u"example.sensor"_s, uri))
        return 1;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, &sensor, &Sensor::measure);
    timer.start(parser.value(interval).toInt());
    return app.exec();
}

#include "server.moc"
