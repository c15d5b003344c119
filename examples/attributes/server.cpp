// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Remote attribute access: a Q_PROPERTY is a Pyro attribute (proxy.prop_value in
// Python), readable and, with a WRITE accessor, writable. Everything else about the object
// stays private: plain C++ members and functions, and any name starting with '_'.
//
//   example-attributes-server [-H HOST] [-p PORT] [-n]

#include "examplesupport.h"

#include <pyrodaemon.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

using namespace Qt::StringLiterals;

class Thingy : public QObject
{
    Q_OBJECT
    Q_PROPERTY(qlonglong prop_value READ value WRITE setValue)
    Q_PROPERTY(QVariantMap prop_sub READ sub)
public:
    // Ordinary member functions: not exposed (only slots, Q_INVOKABLEs and properties are).
    qlonglong value() const { return m_value; }
    void setValue(qlonglong value) { m_value = value; }
    QVariantMap sub() const { return m_sub; }

public Q_SLOTS:
    qlonglong getValue() const { return m_value; }
    // Dunder names are exposed like in Pyro5 (a Python proxy's len() calls __len__).
    QString __dunder__() const { return u"yep"_s; }
    int __len__() const { return 200; }
    // A leading underscore keeps a slot private, even though it is a slot.
    qlonglong _value() const { return 123; }

private:
    QVariantMap m_sub{{u"name"_s, u"value"_s}};
    qlonglong m_value = 42;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.attributes."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    Thingy thingy;
    const PyroUri uri = daemon.registerObject(&thingy, u"example.attributes"_s);
    if (!ExampleSupport::publish(parser, u"example.attributes"_s, uri))
        return 1;
    return app.exec();
}

#include "server.moc"
