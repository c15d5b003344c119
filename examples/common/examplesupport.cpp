// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "examplesupport.h"

#include <pyrocallcontext.h>
#include <pyrocallreply.h>
#include <pyrodaemon.h>
#include <pyrolocator.h>
#include <pyronameserverproxy.h>
#include <pyroobjectref.h>
#include <pyrovalues.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QTextStream>
#include <QtCore/QThread>

#include <cmath>
#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace ExampleSupport {

void print(const QString &line)
{
    const QByteArray bytes = line.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void printError(const QString &line)
{
    std::fprintf(stderr, "%s\n", line.toUtf8().constData());
    std::fflush(stderr);
}

QString repr(const QVariant &value)
{
    // Pyro5's own classes print as Python prints them; the rest is repr().
    if (value.typeId() == qMetaTypeId<PyroUri>())
        return u"<Pyro5.core.URI at "_s + value.value<PyroUri>().toString() + u'>';
    if (value.typeId() == qMetaTypeId<PyroObjectRef>())
        return u"<Pyro5.client.Proxy at "_s + value.value<PyroObjectRef>().uri().toString() + u'>';
    if (value.typeId() == qMetaTypeId<PyroError>()) {
        const PyroError error = value.value<PyroError>();
        QString cls = error.pythonClass();
        cls = cls.mid(cls.lastIndexOf(u'.') + 1);
        QStringList args;
        for (const QVariant &arg : error.remoteArgs())
            args.append(repr(arg));
        return cls + u'(' + args.join(u", "_s) + u')';
    }
    if (PyroValues::kindOf(value) != PyroKind::Other)
        return PyroValues::pythonRepr(value);
    QString text;
    QDebug(&text).nospace().noquote() << value;
    return text;
}

void addServerOptions(QCommandLineParser &parser, ServerOption options)
{
    parser.addOption({{u"H"_s, u"host"_s}, u"Host name or address to listen on (default localhost)."_s,
                      u"HOST"_s, u"localhost"_s});
    parser.addOption({{u"p"_s, u"port"_s}, u"TCP port to listen on (default 0: any free port)."_s,
                      u"PORT"_s, u"0"_s});
    if (options == ServerOption::TcpOrUnix)
        parser.addOption({{u"u"_s, u"unixsocket"_s}, u"Listen on this Unix domain socket instead."_s, u"PATH"_s});
    parser.addOption({{u"n"_s, u"naming"_s},
                      u"Also register with the name server (found like Pyro5 does: PYRO_NS_HOST, "
                      "PYRO_NS_PORT, broadcast)."_s});
}

bool listen(PyroDaemon &daemon, const QCommandLineParser &parser)
{
    bool ok = false;
    if (parser.optionNames().contains(u"u"_s) || parser.optionNames().contains(u"unixsocket"_s)) {
        ok = daemon.listenUnix(parser.value(u"unixsocket"_s));
    } else {
        bool portOk = false;
        const uint port = parser.value(u"port"_s).toUInt(&portOk);
        if (!portOk || port > 65535) {
            printError(u"invalid port: "_s + parser.value(u"port"_s));
            return false;
        }
        ok = daemon.listen(parser.value(u"host"_s), quint16(port));
    }
    if (!ok)
        printError(u"cannot listen: "_s + daemon.errorString());
    return ok;
}

bool publish(const QCommandLineParser &parser, const QString &name, const PyroUri &uri)
{
    if (!uri.isValid()) {
        printError(u"cannot register %1"_s.arg(name));
        return false;
    }
    print(u"uri = "_s + uri.toString());
    if (!parser.isSet(u"naming"_s))
        return true;
    QString error;
    if (!registerWithNameServer(name, uri, &error)) {
        printError(u"name server registration of %1 failed: %2"_s.arg(name, error));
        return false;
    }
    print(u"name = "_s + name);
    return true;
}

bool registerWithNameServer(const QString &name, const PyroUri &uri, QString *error)
{
    PyroError locateError;
    const PyroUri nsUri = PyroLocator::locateNameServer(&locateError);
    if (locateError.isError()) {
        *error = locateError.message();
        return false;
    }
    PyroNameServerProxy ns(nsUri);
    std::unique_ptr<PyroCallReply> reply(ns.registerName(name, uri));
    if (!reply->waitForFinished(QDeadlineTimer(10000))) {
        *error = u"the name server did not answer"_s;
        return false;
    }
    if (reply->isError()) {
        *error = reply->error().toString();
        return false;
    }
    return true;
}

QString prompt(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
    std::fflush(stdout);
    static QTextStream in(stdin);
    return in.readLine().trimmed();
}

void sleep(double seconds)
{
    if (std::isnan(seconds))
        throw PyroException(u"builtins.ValueError"_s, u"Invalid value NaN (not a number)"_s);
    // Python keeps time in signed 64-bit nanoseconds.
    if (std::abs(seconds) >= 9223372036.854775807)
        throw PyroException(u"builtins.OverflowError"_s, u"timestamp too large to convert to C _PyTime_t"_s);
    if (seconds < 0)
        throw PyroException(u"builtins.ValueError"_s, u"sleep length must be non-negative"_s);
    QThread::usleep(quint64(seconds * 1e6));
}

} // namespace ExampleSupport
