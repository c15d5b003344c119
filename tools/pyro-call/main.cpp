// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-call [-s SERIALIZER] [--oneway] [--timeout SECONDS] [-n NSHOST] [-p NSPORT] URI METHOD [ARG...]
//
// Calls one method of a Pyro5 object (Python's or QtPyro's) and prints the result as a
// Python literal (a streamed result: one literal per line). Exit codes: 0 success,
// 1 the remote method raised (class, message and remote traceback on stderr), 2 any
// other failure (one line on stderr). PYRO_* environment variables apply.

#include "pyroliteral.h"

#include "pyroconfig.h"
#include "pyroproxy.h"
#include "pyrostream.h"
#include "pyrouri.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QTextStream>

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

int fail(const QString &reason)
{
    out().flush();
    err() << "pyro-call: " << reason << Qt::endl;
    return 2;
}

// A remote exception as Python shows one that happened in a Pyro daemon.
int remoteFailure(const PyroError &error)
{
    out().flush();
    QString head = error.remoteType();
    if (!error.message().isEmpty())
        head += u": "_s + error.message();
    err() << head << '\n';
    const QStringList traceback = error.remoteTraceback();
    if (!traceback.isEmpty()) {
        err() << " +--- This exception occurred remotely (Pyro) - Remote traceback:\n";
        for (const QString &chunk : traceback) {
            // An entry may hold several lines (frame + source line).
            QStringList lines = chunk.split(u'\n');
            if (!lines.isEmpty() && lines.last().isEmpty())
                lines.removeLast();
            for (const QString &line : std::as_const(lines))
                err() << " | " << line << '\n';
        }
        err() << " +--- End of remote traceback\n";
    }
    err().flush();
    return 1;
}

int reportError(const PyroError &error)
{
    if (error.isRemote())
        return remoteFailure(error);
    return fail(error.toString());
}

bool printValue(const QVariant &value)
{
    PyroError error;
    const QString text = PyroLiteral::printLiteral(value, &error);
    if (error.isError()) {
        fail(u"cannot print the result: "_s + error.message());
        return false;
    }
    out() << text << '\n';
    out().flush();
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"pyro-call"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
            u"Calls a method of a Pyro5 object and prints the result as a Python literal.\n"
            "Each ARG is a Python literal: 42, 'text', [1, 2], {'a': (1, 2)}, b'raw', None."_s);
    parser.addHelpOption();
    const QCommandLineOption serializerOption({u"s"_s, u"serializer"_s},
                                              u"Serializer: serpent, json, marshal, msgpack (default: PYRO_SERIALIZER or serpent)."_s,
                                              u"SERIALIZER"_s);
    const QCommandLineOption onewayOption(u"oneway"_s, u"Send the call oneway: do not wait for a result."_s);
    const QCommandLineOption timeoutOption(u"timeout"_s, u"Timeout in seconds for connecting and for the call."_s,
                                           u"SECONDS"_s);
    const QCommandLineOption nsHostOption({u"n"_s, u"nshost"_s},
                                          u"Name server host for PYRONAME:/PYROMETA: URIs."_s, u"NSHOST"_s);
    const QCommandLineOption nsPortOption({u"p"_s, u"nsport"_s}, u"Name server port."_s, u"NSPORT"_s);
    parser.addOptions({serializerOption, onewayOption, timeoutOption, nsHostOption, nsPortOption});
    parser.addPositionalArgument(u"URI"_s, u"PYRO:, PYRONAME: or PYROMETA: URI of the object."_s);
    parser.addPositionalArgument(u"METHOD"_s, u"Method to call."_s);
    parser.addPositionalArgument(u"ARG"_s, u"Arguments, each a Python literal."_s, u"[ARG...]"_s);
    // Options come before the URI; everything after it is the call (so "-1" is an argument).
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    if (!parser.parse(app.arguments()))
        return fail(parser.errorText());
    if (parser.isSet(u"help"_s)) {
        out() << parser.helpText();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2)
        return fail(u"usage: pyro-call [options] URI METHOD [ARG...]"_s);

    QStringList configErrors;
    PyroConfig config = PyroConfig::fromEnvironment(&configErrors);
    if (!configErrors.isEmpty())
        return fail(configErrors.first());

    PyroError error;
    PyroUri uri = PyroUri::fromString(positional.at(0), &error);
    if (!uri.isValid())
        return fail(u"invalid URI '%1': %2"_s.arg(positional.at(0), error.message()));

    int nsPort = 0;
    if (parser.isSet(nsPortOption)) {
        bool ok = false;
        nsPort = parser.value(nsPortOption).toInt(&ok);
        if (!ok || nsPort <= 0 || nsPort > 65535)
            return fail(u"invalid name server port '%1'"_s.arg(parser.value(nsPortOption)));
        config.setNsPort(nsPort);
    }
    if (parser.isSet(nsHostOption) && uri.protocol() != PyroUri::Protocol::Pyro && !uri.hasLocation()) {
        // An explicit name server: connect to it directly, like locate_ns(host).
        const QString host = parser.value(nsHostOption);
        if (uri.protocol() == PyroUri::Protocol::PyroName)
            uri = PyroUri::forName(uri.object(), host, nsPort ? nsPort : config.nsPort());
        else
            uri = PyroUri::forMetadata(uri.metadataTags(), host, nsPort ? nsPort : config.nsPort());
        if (!uri.isValid())
            return fail(u"invalid name server host '%1'"_s.arg(host));
    }

    QVariantList args;
    for (qsizetype i = 2; i < positional.size(); ++i) {
        PyroError argError;
        const QVariant value = PyroLiteral::parse(positional.at(i), &argError);
        if (argError.isError() || !value.isValid())
            return fail(u"argument %1 is not a Python literal: %2 (%3)"_s.arg(i - 1).arg(positional.at(i),
                                                                                       argError.message()));
        args.append(value);
    }

    PyroProxy proxy(uri, config);
    if (parser.isSet(serializerOption)) {
        const QString name = parser.value(serializerOption);
        PyroError serializerError;
        if (!PyroSerializer::byName(name, &serializerError))
            return fail(serializerError.message());
        proxy.setSerializer(name);
    }
    if (parser.isSet(timeoutOption)) {
        bool ok = false;
        const double seconds = parser.value(timeoutOption).toDouble(&ok);
        if (!ok || seconds < 0)
            return fail(u"invalid timeout '%1'"_s.arg(parser.value(timeoutOption)));
        proxy.setConnectTimeout(int(seconds * 1000));
        proxy.setCallTimeout(int(seconds * 1000));
    }

    // Trouble reaching the object (name lookup included) is not an exception of the
    // method, even when a name server raised it.
    bool connectFailed = false;
    QObject::connect(&proxy, &PyroProxy::errorOccurred, &proxy, [&connectFailed, &proxy] {
        if (proxy.state() != PyroProxy::State::Connected)
            connectFailed = true;
    });
    PyroCallOptions options;
    if (parser.isSet(onewayOption))
        options.setOneway(PyroCallOptions::Oneway::Force);
    // The reply form even though it blocks: only a reply hands out a stream.
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(positional.at(1), args, {}, options));
    if (!reply->waitForFinished())
        return fail(u"the call did not complete"_s);
    const PyroResult result = reply->result();
    if (result.isError())
        return connectFailed ? fail(result.error().toString()) : reportError(result.error());
    if (parser.isSet(onewayOption))
        return 0;

    if (result.isStream()) {
        std::unique_ptr<PyroStream> stream(reply->takeStream());
        PyroError streamError;
        while (auto item = stream->next(&streamError)) {
            if (!printValue(*item))
                return 2;
        }
        if (streamError.isError())
            return reportError(streamError);
        return 0;
    }
    return printValue(result.value()) ? 0 : 2;
}
