// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Remote exceptions: slots that fail in different ways. A Python client raises the
// matching Python exception class, with a remote traceback; a C++ client gets the same
// as a PyroError. The daemon keeps serving whatever a slot throws.
//
//   example-exceptions-server [-H HOST] [-p PORT] [-n]

#include "examplesupport.h"

#include <pyrocallcontext.h>
#include <pyrodaemon.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QLineF>

#include <stdexcept>
#include <vector>

using namespace Qt::StringLiterals;

// Something that fails a few calls deep, to show the traceback of a C++ exception.
class Inventory
{
public:
    int itemAt(size_t index) const { return lookup(index); }

private:
    int lookup(size_t index) const { return m_items.at(index); }  // throws std::out_of_range
    std::vector<int> m_items{1, 2, 3};
};

class TestClass : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("pyro.oneway", "onewayerr")
public Q_SLOTS:
    double div(double a, double b) const
    {
        // Choosing the Python exception: throw PyroException with its class and message.
        if (b == 0)
            throw PyroException(u"builtins.ZeroDivisionError"_s, u"division by zero"_s);
        return a / b;
    }
    void error() const { throw PyroException(u"builtins.ValueError"_s, u"this value is not acceptable"_s); }
    // Returned, not raised: the client gets an exception object as the result.
    QVariant error2() const
    {
        return QVariant::fromValue(PyroError::exception(u"builtins.ValueError"_s, u"this value is not acceptable"_s));
    }
    // A std::exception becomes the fitting Python class (here RuntimeError).
    void othererr() const { throw std::runtime_error("a runtime error in C++"); }
    // Oneway: the client never hears of this error; the daemon just carries on.
    void onewayerr() const { throw PyroException(u"builtins.ValueError"_s, u"error in oneway call!"_s); }
    void complexerror() const { Inventory().itemAt(10); }
    // A value no serializer knows how to send.
    QVariant unserializable() const { return QVariant::fromValue(QLineF(1, 2, 3, 4)); }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.exceptions."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    TestClass test;
    const PyroUri uri = daemon.registerObject(&test, u"example.exceptions"_s);
    if (!ExampleSupport::publish(parser, u"example.exceptions"_s, uri))
        return 1;
    return app.exec();
}

#include "server.moc"
