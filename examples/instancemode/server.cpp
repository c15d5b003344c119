// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Instance modes: the daemon makes the objects itself, from a registered type, either one
// for everybody (single), one per client connection (session) or one per call (percall),
// like Pyro5's @behavior(instance_mode=...). Each instance answers msg() with its number.
//
//   example-instancemode-server [-H HOST] [-p PORT] [-n]

#include "examplesupport.h"

#include <pyrodaemon.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

using namespace Qt::StringLiterals;
using ExampleSupport::print;

// The numbers count instances of all three kinds, so no two instances share one.
static int instancesCreated = 0;

class Instance : public QObject
{
    Q_OBJECT
public:
    int number() const { return m_number; }

public Q_SLOTS:
    // Slots of a base class are exposed too (down to, never including, QObject).
    int msg(const QString &message) const
    {
        print(u"[%1] %2.msg: %3"_s.arg(m_number).arg(QString::fromLatin1(metaObject()->className()), message));
        return m_number;
    }

protected:
    void announce() { print(u"created %1 instance #%2"_s.arg(QString::fromLatin1(metaObject()->className())).arg(m_number)); }

private:
    int m_number = ++instancesCreated;
};

// The mode is part of the class, as in Pyro5; registerType() could also be given one.
class SingleInstance : public Instance
{
    Q_OBJECT
    Q_CLASSINFO("pyro.instance_mode", "single")
public:
    SingleInstance() { announce(); }
};

class SessionInstance : public Instance
{
    Q_OBJECT
    Q_CLASSINFO("pyro.instance_mode", "session")
public:
    SessionInstance() { announce(); }
};

class PercallInstance : public Instance
{
    Q_OBJECT
    Q_CLASSINFO("pyro.instance_mode", "percall")
public:
    PercallInstance() { announce(); }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves instance.single, instance.session and instance.percall."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    // Types, not objects: the daemon creates (and deletes) the instances.
    if (!ExampleSupport::publish(parser, u"instance.single"_s, daemon.registerType<SingleInstance>(u"instance.single"_s))
        || !ExampleSupport::publish(parser, u"instance.session"_s, daemon.registerType<SessionInstance>(u"instance.session"_s))
        || !ExampleSupport::publish(parser, u"instance.percall"_s, daemon.registerType<PercallInstance>(u"instance.percall"_s)))
        return 1;
    return app.exec();
}

#include "server.moc"
