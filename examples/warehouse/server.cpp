// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The warehouse of Pyro5's tutorial: one shared object everybody stores things in and
// takes things from.
//
//   example-warehouse-server [-H HOST] [-p PORT] [-n]

#include "examplesupport.h"

#include <pyrocallcontext.h>
#include <pyrodaemon.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

using namespace Qt::StringLiterals;

class Warehouse : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QStringList list_contents() const { return m_contents; }

    void take(const QString &name, const QString &item)
    {
        // A Python client gets a ValueError raised with this message.
        if (!m_contents.removeOne(item))
            throw PyroException(u"builtins.ValueError"_s, u"there is no %1 in the warehouse"_s.arg(item));
        ExampleSupport::print(u"%1 took the %2."_s.arg(name, item));
    }

    void store(const QString &name, const QString &item)
    {
        m_contents.append(item);
        ExampleSupport::print(u"%1 stored the %2."_s.arg(name, item));
    }

private:
    QStringList m_contents{u"chair"_s, u"bike"_s, u"flashlight"_s, u"laptop"_s, u"couch"_s};
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.warehouse."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    // One instance for all clients (Pyro5's instance_mode "single").
    Warehouse warehouse;
    const PyroUri uri = daemon.registerObject(&warehouse, u"example.warehouse"_s);
    if (!ExampleSupport::publish(parser, u"example.warehouse"_s, uri))
        return 1;
    return app.exec();
}

#include "server.moc"
