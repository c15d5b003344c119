// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Shows which instance answered each call in the three instance modes: a new one for
// every call (percall), one per proxy connection (session), always the same (single).
//
//   example-instancemode-client [LOCATION]
//
// LOCATION is the server's host:port (or ./u:socketpath) as in its URIs; without it the
// objects are looked up in the name server (PYRONAME:instance.<mode>).

#include "examplesupport.h"

#include <pyroproxy.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QSet>

using namespace Qt::StringLiterals;
using ExampleSupport::print;

namespace {

QString location;

PyroUri uriFor(const QString &mode)
{
    const QString object = u"instance."_s + mode;
    return PyroUri(location.isEmpty() ? u"PYRONAME:"_s + object : u"PYRO:%1@%2"_s.arg(object, location));
}

// proxies x calls, each proxy a connection of its own; prints every number, then how
// many calls and how many different instances there were.
bool run(const QString &mode, int proxies, int calls)
{
    QSet<int> instances;
    for (int i = 1; i <= proxies; ++i) {
        if (i > 1 && mode == u"session"_s)
            print(u" ..new proxy.."_s);
        PyroProxy p(uriFor(mode));
        for (int c = 0; c < calls; ++c) {
            const PyroResult r = p.call(u"msg"_s, {u"hello%1"_s.arg(i)});
            if (r.isError()) {
                ExampleSupport::printError(r.error().toString());
                return false;
            }
            print(QString::number(r.value().toInt()));
            instances.insert(r.value().toInt());
        }
    }
    print(u"%1: %2 calls, %3 different instances"_s.arg(mode).arg(proxies * calls).arg(instances.size()));
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Calls instance.percall, instance.session and instance.single."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"location"_s, u"host:port of the server (default: use the name server)."_s,
                                 u"[LOCATION]"_s);
    parser.process(app);
    location = parser.positionalArguments().value(0);

    print(u"Showing the different instancing modes."_s);
    print(u"The number printed is the number of the instance that handled the call."_s);
    print();
    print(u"-----PERCALL (a new instance every time) -----"_s);
    if (!run(u"percall"_s, 3, 3))
        return 1;
    print();
    print(u"-----SESSION (same instance within a proxy's connection) -----"_s);
    if (!run(u"session"_s, 2, 3))
        return 1;
    print();
    print(u"-----SINGLE (same instance always, even over proxies) -----"_s);
    if (!run(u"single"_s, 3, 3))
        return 1;
    return 0;
}
