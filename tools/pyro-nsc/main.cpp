// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-nsc [-n HOST] [-p PORT] [-u SOCKET] [-v] COMMAND [ARGS]
//
// The name server control tool, with the commands and the output of Pyro5's nsc
// (pyro5-nsc): ping, list, listmatching, lookup, register, remove, removematching,
// setmeta, yplookup_all, yplookup_any (and Pyro4's names listmeta_all/listmeta_any).
// Exit code 0 on success, non-zero with a one-line reason on failure.

#include "pyroliteral.h"

#include "pyrocallreply.h"
#include "pyroconfig.h"
#include "pyrolocator.h"
#include "pyronameserverproxy.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QTextStream>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

// Something about the command line itself (Python's SystemExit / argparse errors).
int usage(const QString &reason, int code = 1)
{
    out().flush();
    err() << reason << Qt::endl;
    return code;
}

QString shortClassName(const PyroError &error)
{
    const QString cls = error.pythonClass();
    return cls.mid(cls.lastIndexOf(u'.') + 1);
}

// What Pyro5's nsc prints for an exception of a command: "Error: <Type> - <message>".
int commandError(const PyroError &error)
{
    out() << "Error: " << shortClassName(error) << " - " << error.message() << Qt::endl;
    return 1;
}

// Python's repr() of a metadata collection (set, list or tuple of strings).
QString metadataRepr(const QVariant &value)
{
    const PyroKind kind = PyroValues::kindOf(value);
    if (kind == PyroKind::Set || kind == PyroKind::Tuple || kind == PyroKind::List)
        return PyroValues::pythonRepr(value);
    return PyroValues::pythonRepr(value.toList());
}

bool isEmptyCollection(const QVariant &value)
{
    if (PyroValues::isNone(value) || !value.isValid())
        return true;
    if (value.typeId() == qMetaTypeId<PyroSet>())
        return value.value<PyroSet>().isEmpty();
    if (value.typeId() == qMetaTypeId<PyroTuple>())
        return value.value<PyroTuple>().isEmpty();
    return value.toList().isEmpty();
}

QVariantList sequenceItems(const QVariant &value)
{
    if (value.typeId() == qMetaTypeId<PyroTuple>())
        return value.value<PyroTuple>().items();
    return value.toList();
}

// Entries of a name -> value dict, sorted by name (Python's sorted(d.items())).
QList<std::pair<QString, QVariant>> sortedEntries(const QVariant &dict)
{
    QList<std::pair<QString, QVariant>> entries;
    if (dict.typeId() == QMetaType::QVariantMap) {
        const QVariantMap map = dict.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            entries.append({it.key(), it.value()});
    } else if (dict.typeId() == qMetaTypeId<PyroDict>()) {
        for (const auto &e : dict.value<PyroDict>().entries())
            entries.append({e.first.toString(), e.second});
    }
    std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    return entries;
}

void printListResult(const QVariant &result, const QString &title = QString())
{
    out() << "--------START LIST " << title << '\n';
    for (const auto &[name, entry] : sortedEntries(result)) {
        const QVariantList pair = sequenceItems(entry);
        const QVariant uri = pair.value(0, entry);
        out() << name << " --> " << uri.toString() << '\n';
        const QVariant metadata = pair.value(1);
        if (pair.size() > 1 && !isEmptyCollection(metadata))
            out() << "    metadata: " << metadataRepr(metadata) << '\n';
    }
    out() << "--------END LIST " << title << '\n';
    out().flush();
}

// Runs one name server call to completion (no event loop needed).
PyroResult run(PyroCallReply *call)
{
    std::unique_ptr<PyroCallReply> reply(call);
    reply->waitForFinished();
    return reply->result();
}


int pingCommand(PyroNameServerProxy &ns, const QStringList &)
{
    const PyroResult r = run(ns.ping());
    if (r.isError())
        return commandError(r.error());
    out() << "Name server ping ok." << Qt::endl;
    return 0;
}

int listCommand(PyroNameServerProxy &ns, const QStringList &args)
{
    const QString prefix = args.isEmpty() ? QString() : args.first();
    const PyroResult r = run(ns.list(prefix, {}, PyroNameServerProxy::Metadata::Included));
    if (r.isError())
        return commandError(r.error());
    printListResult(r.value(), args.isEmpty() ? QString() : u"- prefix '%1'"_s.arg(args.first()));
    return 0;
}

int listmatchingCommand(PyroNameServerProxy &ns, const QStringList &args)
{
    if (args.size() != 1)
        return usage(u"requires one argument: pattern"_s);
    const PyroResult r = run(ns.list({}, args.first(), PyroNameServerProxy::Metadata::Included));
    if (r.isError())
        return commandError(r.error());
    printListResult(r.value(), u"- regex '%1'"_s.arg(args.first()));
    return 0;
}

int lookupCommand(PyroNameServerProxy &ns, const QStringList &args)
{
    if (args.size() != 1)
        return usage(u"requires one argument: name"_s);
    const PyroResult r = run(ns.lookup(args.first(), PyroNameServerProxy::Metadata::Included));
    if (r.isError())
        return commandError(r.error());
    const QVariantList pair = sequenceItems(r.value());
    const QVariant uri = pair.value(0);
    out() << (uri.typeId() == qMetaTypeId<PyroUri>() ? uri.value<PyroUri>().toString() : uri.toString())
          << '\n';
    if (!isEmptyCollection(pair.value(1)))
        out() << "metadata: " << metadataRepr(pair.value(1)) << '\n';
    out().flush();
    return 0;
}

int registerCommand(PyroNameServerProxy &ns, const QStringList &args)
{
    if (args.size() != 2)
        return usage(u"requires two arguments: name uri"_s);
    PyroError uriError;
    const PyroUri uri = PyroUri::fromString(args.at(1), &uriError);
    if (!uri.isValid())
        return commandError(uriError);
    // safe: an existing name is an error, never silently replaced.
    const PyroResult r = run(ns.registerName(args.first(), uri, PyroNameServerProxy::RegisterMode::Safe));
    if (r.isError())
        return commandError(r.error());
    out() << "Registered " << args.first() << Qt::endl;
    return 0;
}

int removeCommand(PyroNameServerProxy &ns, const QStringList &args)
{
    if (args.size() != 1)
        return usage(u"requires one argument: name"_s);
    const PyroResult r = run(ns.remove(args.first()));
    if (r.isError())
        return commandError(r.error());
    if (r.value().toLongLong() > 0)
        out() << "Removed " << args.first() << Qt::endl;
    else
        out() << "Nothing removed" << Qt::endl;
    return 0;
}

int removematchingCommand(PyroNameServerProxy &ns, const QStringList &args)
{
    if (args.size() != 1)
        return usage(u"requires one argument: pattern"_s);
    out() << "Potentially removing lots of items from the Name server. Are you sure (y/n)?";
    out().flush();
    QTextStream in(stdin);
    const QString sure = in.readLine().trimmed();
    if (sure != u"y" && sure != u"Y")
        return 0;
    const PyroResult r = run(ns.removeByRegex(args.first()));
    if (r.isError())
        return commandError(r.error());
    out() << r.value().toLongLong() << " items removed." << Qt::endl;
    return 0;
}

int setmetaCommand(PyroNameServerProxy &ns, const QStringList &args)
{
    if (args.isEmpty())
        return usage(u"requires arguments: uri and zero or more meta tags"_s);
    QStringList tags;
    for (const QString &tag : args.mid(1)) {
        if (!tags.contains(tag))
            tags.append(tag);
    }
    const PyroResult r = run(ns.setMetadata(args.first(), tags));
    if (r.isError())
        return commandError(r.error());
    out() << (tags.isEmpty() ? "Metadata cleared" : "Metadata updated") << Qt::endl;
    return 0;
}

// yplookup_all / yplookup_any: names whose metadata have all / any of the tags.
int yplookup(PyroNameServerProxy &ns, const QStringList &all, const QStringList &any)
{
    if (all.isEmpty() && any.isEmpty())
        return usage(u"requires at least one metadata tag argument"_s);
    const PyroResult r = run(ns.lookupByMetadata(all, any, PyroNameServerProxy::Metadata::Included));
    if (r.isError())
        return commandError(r.error());
    printListResult(r.value(), u" - searched by metadata"_s);
    return 0;
}

int yplookupAllCommand(PyroNameServerProxy &ns, const QStringList &args)
{
    return yplookup(ns, args, {});
}

int yplookupAnyCommand(PyroNameServerProxy &ns, const QStringList &args)
{
    return yplookup(ns, {}, args);
}

using Command = int (*)(PyroNameServerProxy &ns, const QStringList &args);

// Pyro5 nsc's commands.
const QList<std::pair<QString, Command>> &commandTable()
{
    static const QList<std::pair<QString, Command>> table{
        {u"ping"_s, pingCommand},
        {u"list"_s, listCommand},
        {u"listmatching"_s, listmatchingCommand},
        {u"lookup"_s, lookupCommand},
        {u"register"_s, registerCommand},
        {u"remove"_s, removeCommand},
        {u"removematching"_s, removematchingCommand},
        {u"setmeta"_s, setmetaCommand},
        {u"yplookup_all"_s, yplookupAllCommand},
        {u"yplookup_any"_s, yplookupAnyCommand},
    };
    return table;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"pyro-nsc"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Pyro name server control utility."_s);
    parser.addHelpOption();
    const QCommandLineOption hostOption({u"n"_s, u"host"_s}, u"hostname of the NS"_s, u"HOST"_s);
    const QCommandLineOption portOption({u"p"_s, u"port"_s},
                                        u"port of the NS (or bc-port if host isn't specified)"_s, u"PORT"_s);
    const QCommandLineOption socketOption({u"u"_s, u"unixsocket"_s}, u"Unix domain socket name of the NS"_s,
                                          u"SOCKET"_s);
    const QCommandLineOption verboseOption({u"v"_s, u"verbose"_s}, u"verbose output"_s);
    parser.addOptions({hostOption, portOption, socketOption, verboseOption});
    parser.addPositionalArgument(
            u"command"_s,
            u"list, lookup, register, remove, removematching, listmatching, yplookup_all, yplookup_any, "
            "setmeta, ping (listmeta_all, listmeta_any: the same as yplookup_all, yplookup_any)"_s);
    parser.addPositionalArgument(u"args"_s, u"arguments of the command"_s, u"[ARGS...]"_s);
    if (!parser.parse(app.arguments()))
        return usage(u"pyro-nsc: "_s + parser.errorText(), 2);
    if (parser.isSet(u"help"_s)) {
        out() << parser.helpText();
        return 0;
    }
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usage(u"pyro-nsc: the following arguments are required: command"_s, 2);
    QString command = positional.takeFirst();
    const QStringList args = positional;
    if (command == u"listmeta_all")
        command = u"yplookup_all"_s;
    else if (command == u"listmeta_any")
        command = u"yplookup_any"_s;
    const auto &commands = commandTable();
    const auto found = std::find_if(commands.cbegin(), commands.cend(),
                                    [&](const auto &entry) { return entry.first == command; });
    if (found == commands.cend())
        return usage(u"pyro-nsc: argument command: invalid choice: '%1'"_s.arg(command), 2);
    const Command handler = found->second;

    QStringList configErrors;
    const PyroConfig config = PyroConfig::fromEnvironment(&configErrors);
    if (!configErrors.isEmpty())
        return usage(u"pyro-nsc: "_s + configErrors.first());

    const bool verbose = parser.isSet(verboseOption);
    QString host = parser.value(hostOption);
    int port = 0;
    if (parser.isSet(portOption)) {
        bool ok = false;
        port = parser.value(portOption).toInt(&ok);
        if (!ok || port < 0 || port > 65535)
            return usage(u"pyro-nsc: argument -p/--port: invalid int value: '%1'"_s.arg(parser.value(portOption)), 2);
    }
    if (parser.isSet(socketOption))
        host = u"./u:"_s + parser.value(socketOption);

    if (verbose)
        out() << "Locating name server..." << Qt::endl;
    PyroLocator locator(config);
    locator.locate(host, port);
    locator.waitForFinished(QDeadlineTimer(QDeadlineTimer::Forever));
    if (locator.error().isError()) {
        out() << "Error: " << locator.error().message() << Qt::endl;
        return 1;
    }
    std::unique_ptr<PyroNameServerProxy> ns(locator.takeNameServer());
    if (!ns) {
        out() << "Error: Failed to locate the nameserver" << Qt::endl;
        return 1;
    }
    if (verbose)
        out() << "Name server found: " << ns->uri().toString() << Qt::endl;

    const int code = handler(*ns, args);
    if (code == 0 && verbose)
        out() << "Done." << Qt::endl;
    return code;
}
