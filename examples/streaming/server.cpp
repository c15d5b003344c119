// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Item streaming: a slot (or a property) returning a PyroGenerator gives the client an
// iterator that pulls the items one by one, produced only when asked for, like a Python
// generator. A list is sent whole.
//
//   example-streaming-server [-H HOST] [-p PORT] [-n]

#include "examplesupport.h"

#include <pyrodaemon.h>
#include <pyrogenerator.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

#include <limits>

using namespace Qt::StringLiterals;

namespace {

// 1, 2, ... last, made one at a time.
PyroGenerator counter(int first, int last, double interval = 0)
{
    return PyroGenerator([i = first, last, interval]() mutable -> std::optional<QVariant> {
        if (i > last)
            return std::nullopt;  // the end of the stream (StopIteration)
        if (interval != 0)
            ExampleSupport::sleep(interval);   // ValueError for a negative one, like Python
        return QVariant(i++);
    });
}

} // namespace

class Streamer : public QObject
{
    Q_OBJECT
    // slow_generator() sleeps between items: the daemon's pool runs this object's methods
    // and its generators' items, so other clients are served meanwhile.
    Q_CLASSINFO("pyro.threading", "pool")
    Q_PROPERTY(PyroGenerator prop_iter READ propIter)
    Q_PROPERTY(PyroGenerator prop_generator READ propGenerator)
public:
    PyroGenerator propIter() const { return PyroGenerator::fromList({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}); }
    PyroGenerator propGenerator() const { return counter(0, 9); }

public Q_SLOTS:
    QVariantList list() const { return {1, 2, 3, 4, 5, 6, 7, 8, 9}; }
    PyroGenerator iterator() const { return PyroGenerator::fromList(list()); }
    PyroGenerator generator() const { return counter(1, 9); }
    PyroGenerator slow_generator(double interval = 0.5) const { return counter(1, 9, interval); }
    // Endless (until 64 bits overflow): the client decides how many it takes.
    PyroGenerator fibonacci() const
    {
        return PyroGenerator([a = qlonglong(0), b = qlonglong(1)]() mutable -> std::optional<QVariant> {
            if (a < 0)
                return std::nullopt;
            const qlonglong value = a;
            const qlonglong next = b > std::numeric_limits<qlonglong>::max() - a ? -1 : a + b;
            a = b;
            b = next;
            return QVariant(value);
        });
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.streamer."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    Streamer streamer;
    const PyroUri uri = daemon.registerObject(&streamer, u"example.streamer"_s);
    if (!ExampleSupport::publish(parser, u"example.streamer"_s, uri))
        return 1;
    return app.exec();
}

#include "server.moc"
