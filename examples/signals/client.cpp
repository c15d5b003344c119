// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Subscribes to the sensor's temperatureChanged signal and prints a few readings, once
// into a slot (PyroSignals::connect, the argument converted to double) and once as a
// live property (PyroLiveProperties).
//
//   example-signals-client URI [--count N] [--push]

#include "examplesupport.h"

#include <pyroliveproperties.h>
#include <pyroproxy.h>
#include <pyrosignalsubscription.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

using namespace Qt::StringLiterals;

class Display : public QObject
{
public:
    explicit Display(int count) : m_left(count) { }
    void showTemperature(double celsius)
    {
        ExampleSupport::print(u"temperature: %1"_s.arg(celsius, 0, 'f', 1));
        if (--m_left == 0)
            QCoreApplication::quit();
    }

private:
    int m_left;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Prints the sensor's temperature readings."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"uri"_s, u"The sensor's URI (PYRO:example.sensor@host:port or PYRONAME:example.sensor)."_s);
    const QCommandLineOption count(u"count"_s, u"Readings to print (default 5)."_s, u"n"_s, u"5"_s);
    const QCommandLineOption push(u"push"_s, u"Push mode: the daemon calls back a local daemon."_s);
    parser.addOption(count);
    parser.addOption(push);
    parser.process(app);
    if (parser.positionalArguments().isEmpty())
        parser.showHelp(1);

    PyroProxy sensor(PyroUri(parser.positionalArguments().constFirst()));
    Display display(parser.value(count).toInt());
    if (parser.isSet(push)) {
        auto *sub = new PyroSignalSubscription(&sensor, {u"temperatureChanged"_s},
                                               PyroSignalSubscription::Mode::Push, &sensor);
        QObject::connect(sub, &PyroSignalSubscription::emitted, &display,
                         [&display](const QVariantList &args) { display.showTemperature(args.value(0).toDouble()); });
    } else {
        PyroSignals::connect(&sensor, u"temperatureChanged"_s, &display, &Display::showTemperature);
    }

    // The same value kept as a live property.
    PyroLiveProperties live(&sensor);
    QObject::connect(&live, &PyroLiveProperties::readyChanged, &app, [&live] {
        ExampleSupport::print(u"live temperature property: %1"_s.arg(live.value(u"temperature"_s).toDouble(), 0, 'f', 1));
    });
    QObject::connect(&live, &PyroLiveProperties::errorOccurred, &app,
                     [](const PyroError &e) { ExampleSupport::printError(e.message()); });
    return app.exec();
}
