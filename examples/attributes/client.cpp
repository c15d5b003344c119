// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Reads and writes remote attributes (Pyro5 properties, Q_PROPERTYs on a QtPyro daemon)
// and shows what is not reachable. A plain script, so it uses the blocking calls.
//
//   example-attributes-client [URI]

#include "examplesupport.h"

#include <pyroproxy.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

using namespace Qt::StringLiterals;
using ExampleSupport::print;
using ExampleSupport::repr;

namespace {

bool failed(const PyroResult &result)
{
    if (result.isError())
        ExampleSupport::printError(u"unexpected error: "_s + result.error().toString());
    return result.isError();
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Uses the attributes of example.attributes."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"uri"_s, u"The object (default PYRONAME:example.attributes)."_s, u"[URI]"_s);
    parser.process(app);
    const PyroUri uri(parser.positionalArguments().value(0, u"PYRONAME:example.attributes"_s));

    PyroProxy p(uri);
    print(u"Direct attribute access:"_s);
    const PyroResult before = p.readAttribute(u"prop_value"_s);
    if (failed(before))
        return 1;
    print(u"p.prop_value= "_s + repr(before.value()));
    print(u"adding 500 to p.prop_value"_s);
    if (failed(p.writeAttribute(u"prop_value"_s, before.value().toLongLong() + 500)))
        return 1;
    const PyroResult after = p.readAttribute(u"prop_value"_s);
    const PyroResult remote = p.call(u"getValue"_s);
    if (failed(after) || failed(remote))
        return 1;
    print(u"p.prop_value= "_s + repr(after.value()));
    print(u"actual remote value: %1 (via p.getValue() remote method call)"_s.arg(repr(remote.value())));
    if (after.value().toLongLong() == before.value().toLongLong() + 500 && after.value() == remote.value())
        print(u"the attribute was changed remotely"_s);
    const PyroResult dunder = p.call(u"__dunder__"_s);
    const PyroResult length = p.call(u"__len__"_s);
    if (failed(dunder) || failed(length))
        return 1;
    print(u"calling p.__dunder__(): "_s + repr(dunder.value()));
    print(u"len(p): "_s + repr(length.value()));
    // The metadata the daemon sent at connection time: what a proxy may use.
    print(u"exposed methods: "_s + repr(sorted(p.methods())));
    print(u"exposed attributes: "_s + repr(sorted(p.attributes())));

    print();
    print(u"Accessing unexposed attributes:"_s);
    int refused = 0;
    for (const QString &name : {u"sub"_s, u"value"_s, u"_value"_s, u"__value"_s}) {
        print(u"accessing p.%1..."_s.arg(name));
        const PyroResult r = p.readAttribute(name);
        if (!r.isError()) {
            ExampleSupport::printError(u"this should not be possible: got "_s + repr(r.value()));
            return 1;
        }
        print(u"ok, got expected error: "_s + r.error().message());
        ++refused;
    }
    print(u"%1 of 4 unexposed attributes refused"_s.arg(refused));

    print();
    print(u"Changing a copy:"_s);
    // An attribute's value is a copy: changing it changes nothing on the server.
    QVariantMap sub = p.readAttribute(u"prop_sub"_s).value().toMap();
    print(u"value gotten from p.prop_sub= "_s + repr(sub));
    sub.insert(u"test"_s, u"nope"_s);
    const QVariant again = p.readAttribute(u"prop_sub"_s).value();
    print(u"value gotten from p.prop_sub= %1 (should be unchanged!)"_s.arg(repr(again)));
    if (again.toMap().contains(u"test"_s)) {
        ExampleSupport::printError(u"the update should not have been done remotely"_s);
        return 1;
    }
    print(u"the remote dict is unchanged"_s);
    return 0;
}
