// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Visitors of the warehouse, as in Pyro5's tutorial: each looks at the contents, stores
// something and takes something. A plain script, so it uses the blocking call().
//
//   example-warehouse-client [URI] [--visit NAME:STORE:TAKE]...
//
// Without --visit, Janet and Henry visit and are asked what to store and take. A field
// may be empty ("Henry::bike" stores nothing).

#include "examplesupport.h"

#include <pyroproxy.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

#include <optional>

using namespace Qt::StringLiterals;

class Person
{
public:
    explicit Person(const QString &name) : m_name(name) { }

    // store/take: what to do; none means "ask".
    bool visit(PyroProxy &warehouse, const std::optional<QString> &store, const std::optional<QString> &take)
    {
        ExampleSupport::print(u"This is %1."_s.arg(m_name));
        const bool ok = deposit(warehouse, store) && retrieve(warehouse, take);
        ExampleSupport::print(u"Thank you, come again!"_s);
        return ok;
    }

private:
    bool showContents(PyroProxy &warehouse)
    {
        const PyroResult contents = warehouse.call(u"list_contents"_s);
        if (contents.isError()) {
            ExampleSupport::printError(contents.error().toString());
            return false;
        }
        ExampleSupport::print(u"The warehouse contains: "_s + ExampleSupport::repr(contents.value()));
        return true;
    }

    bool deposit(PyroProxy &warehouse, const std::optional<QString> &what)
    {
        if (!showContents(warehouse))
            return false;
        const QString item = what ? *what : ExampleSupport::prompt(u"Type a thing you want to store (or empty): "_s);
        if (item.isEmpty())
            return true;
        const PyroResult r = warehouse.call(u"store"_s, {m_name, item});
        if (r.isError()) {
            ExampleSupport::printError(r.error().toString());
            return false;
        }
        ExampleSupport::print(u"%1 stores the %2."_s.arg(m_name, item));
        return true;
    }

    bool retrieve(PyroProxy &warehouse, const std::optional<QString> &what)
    {
        if (!showContents(warehouse))
            return false;
        const QString item = what ? *what : ExampleSupport::prompt(u"Type something you want to take (or empty): "_s);
        if (item.isEmpty())
            return true;
        const PyroResult r = warehouse.call(u"take"_s, {m_name, item});
        if (r.isError()) {
            // The warehouse raised ValueError: an answer, not a failure of the visit.
            if (r.error().remoteType() != u"builtins.ValueError"_s) {
                ExampleSupport::printError(r.error().toString());
                return false;
            }
            ExampleSupport::print(u"%1 could not take the %2: %3"_s.arg(m_name, item, r.error().message()));
            return true;
        }
        ExampleSupport::print(u"%1 takes the %2."_s.arg(m_name, item));
        return true;
    }

    QString m_name;
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Visits example.warehouse."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"uri"_s, u"The warehouse (default PYRONAME:example.warehouse)."_s, u"[URI]"_s);
    const QCommandLineOption visitOption(u"visit"_s, u"A visit without questions: NAME:STORE:TAKE."_s, u"VISIT"_s);
    parser.addOption(visitOption);
    parser.process(app);

    PyroProxy warehouse(PyroUri(parser.positionalArguments().value(0, u"PYRONAME:example.warehouse"_s)));
    bool ok = true;
    if (parser.isSet(visitOption)) {
        for (const QString &visit : parser.values(visitOption)) {
            const QStringList parts = visit.split(u':');
            Person person(parts.value(0));
            ok = person.visit(warehouse, parts.value(1), parts.value(2)) && ok;
        }
    } else {
        Person janet(u"Janet"_s);
        Person henry(u"Henry"_s);
        ok = janet.visit(warehouse, std::nullopt, std::nullopt) && henry.visit(warehouse, std::nullopt, std::nullopt);
    }
    return ok ? 0 : 1;
}
