// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-httpgateway [-H HOST] [-p PORT] [-e REGEX] [-g KEY] [-c ORIGIN] [-t SECONDS]
//                  [--pool N] [--max-body BYTES] [--max-sse N] [--https-cert FILE --https-key FILE]
//
// Pyro5's HTTP gateway (python -m Pyro5.utils.httpgateway) with the same options, routes
// and JSON answers; see docs/httpgateway.md. The name server is found as Pyro5 finds it
// (PYRO_NS_HOST/PYRO_NS_PORT, broadcast); every PYRO_* variable applies to the Pyro side,
// TLS (PYRO_SSL=1 ...) included.

#include "pyrohttpgateway.h"

#include "pyrosslconfig.h"
#include "pyrostorage.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QLoggingCategory>
#include <QtNetwork/QHostInfo>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslKey>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

void printLine(const QString &line)
{
    std::fputs(line.toLocal8Bit().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int usageError(const QString &message)
{
    std::fprintf(stderr, "pyro-httpgateway: %s\n", qPrintable(message));
    return 2;
}

QHostAddress hostAddress(const QString &host)
{
    QHostAddress address(host);
    if (!address.isNull())
        return address;
    if (host == u"localhost")
        return QHostAddress::LocalHost;
    const QHostInfo info = QHostInfo::fromName(host);
    return info.addresses().isEmpty() ? QHostAddress() : info.addresses().first();
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"pyro-httpgateway"_s);

    QStringList configProblems;
    PyroConfig config = PyroConfig::fromEnvironment(&configProblems);
    for (const QString &problem : std::as_const(configProblems))
        std::fprintf(stderr, "pyro-httpgateway: warning: %s\n", qPrintable(problem));
    const PyroHttpGatewaySettings defaults;

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Pyro http gateway command line launcher (QtPyro)."_s);
    parser.addHelpOption();
    const QCommandLineOption hostOption({u"H"_s, u"host"_s}, u"hostname to bind server on (default=localhost)"_s,
                                        u"HOST"_s, u"localhost"_s);
    const QCommandLineOption corsOption({u"c"_s, u"cors"_s}, u"Allow cross origin domain/url (default=*, empty: no CORS headers)"_s,
                                        u"CORS"_s, u"*"_s);
    const QCommandLineOption portOption({u"p"_s, u"port"_s}, u"port to bind server on (default=8080)"_s, u"PORT"_s,
                                        u"8080"_s);
    const QCommandLineOption exposeOption({u"e"_s, u"expose"_s},
                                          u"a regex of object names to expose (default=%1)"_s.arg(defaults.expose),
                                          u"EXPOSE"_s, defaults.expose);
    const QCommandLineOption keyOption({u"g"_s, u"gatewaykey"_s}, u"the api key to use to connect to the gateway itself"_s,
                                       u"GATEWAYKEY"_s);
    const QCommandLineOption timeoutOption({u"t"_s, u"timeout"_s},
                                           u"Pyro timeout value to use (COMMTIMEOUT setting, default=%1)"_s.arg(config.commTimeout()),
                                           u"TIMEOUT"_s);
    const QCommandLineOption poolOption(u"pool"_s, u"connections kept per Pyro object (default=%1)"_s.arg(defaults.poolSize),
                                        u"N"_s);
    const QCommandLineOption maxSseOption(u"max-sse"_s,
                                          u"concurrent $signals (Server-Sent Events) streams (default=%1)"_s
                                              .arg(defaults.maxSignalStreams),
                                          u"N"_s);
    const QCommandLineOption maxBodyOption(u"max-body"_s, u"largest request body in bytes (default=1048576)"_s, u"BYTES"_s);
    const QCommandLineOption certOption(u"https-cert"_s, u"serve HTTPS with this PEM certificate (chain)"_s, u"FILE"_s);
    const QCommandLineOption keyFileOption(u"https-key"_s, u"the PEM private key of --https-cert"_s, u"FILE"_s);
    const QCommandLineOption verboseOption({u"v"_s, u"verbose"_s}, u"log every request"_s);
    parser.addOptions({hostOption, corsOption, portOption, exposeOption, keyOption, timeoutOption, poolOption,
                       maxBodyOption, maxSseOption, certOption, keyFileOption, verboseOption});
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        return usageError(u"unrecognized arguments: "_s + parser.positionalArguments().join(u' '));

    bool ok = false;
    const int port = parser.value(portOption).toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        return usageError(u"argument -p/--port: invalid int value: '%1'"_s.arg(parser.value(portOption)));
    if (parser.isSet(timeoutOption)) {
        const double timeout = parser.value(timeoutOption).toDouble(&ok);
        if (!ok || timeout < 0)
            return usageError(u"argument -t/--timeout: invalid float value: '%1'"_s.arg(parser.value(timeoutOption)));
        config.setCommTimeout(timeout);
    }
    if (parser.isSet(verboseOption))
        QLoggingCategory::setFilterRules(u"qtpyro.httpgateway*.debug=true"_s);

    PyroHttpGatewaySettings settings;
    settings.expose = parser.value(exposeOption);
    settings.gatewayKey = parser.value(keyOption).toUtf8();
    settings.cors = parser.value(corsOption).toUtf8();
    if (const PyroError error = PyroStorageFilter::regex(settings.expose).error(); error.isError())
        return usageError(u"argument -e/--expose: %1"_s.arg(error.message()));
    if (parser.isSet(poolOption)) {
        settings.poolSize = parser.value(poolOption).toInt(&ok);
        if (!ok || settings.poolSize < 1)
            return usageError(u"argument --pool: invalid value '%1'"_s.arg(parser.value(poolOption)));
    }
    if (parser.isSet(maxSseOption)) {
        settings.maxSignalStreams = parser.value(maxSseOption).toInt(&ok);
        if (!ok || settings.maxSignalStreams < 0)
            return usageError(u"argument --max-sse: invalid value '%1'"_s.arg(parser.value(maxSseOption)));
    }

    PyroHttpGateway gateway(config);
    gateway.setSettings(settings);
    HttpLimits limits = gateway.httpServer()->limits();
    if (parser.isSet(maxBodyOption)) {
        limits.maxBodyBytes = parser.value(maxBodyOption).toLongLong(&ok);
        if (!ok || limits.maxBodyBytes < 0)
            return usageError(u"argument --max-body: invalid value '%1'"_s.arg(parser.value(maxBodyOption)));
    }
    gateway.httpServer()->setLimits(limits);
    if (parser.isSet(certOption) != parser.isSet(keyFileOption))
        return usageError(u"--https-cert and --https-key go together"_s);
    if (parser.isSet(certOption)) {
        PyroError error;
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        const auto chain = PyroSslConfig::loadCertificates(parser.value(certOption), u"--https-cert"_s, &error);
        const QSslKey key = error.isError() ? QSslKey()
                                            : PyroSslConfig::loadPrivateKey(parser.value(keyFileOption), {},
                                                                            u"--https-key"_s, &error);
        if (error.isError() || chain.isEmpty())
            return usageError(error.isError() ? error.message() : u"--https-cert: no certificate"_s);
        tls.setLocalCertificateChain(chain);
        tls.setPrivateKey(key);
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        gateway.httpServer()->setSslConfiguration(tls);
    }

    if (settings.expose.isEmpty())
        printLine(u"Warning: exposing all objects (no expose regex set)"_s);
    else
        printLine(u"Exposing objects with names matching:  %1"_s.arg(settings.expose));
    const QString host = parser.value(hostOption);
    const QHostAddress address = hostAddress(host);
    if (address.isNull() || !gateway.listen(address, quint16(port))) {
        std::fprintf(stderr, "pyro-httpgateway: cannot listen on %s:%d: %s\n", qPrintable(host), port,
                     qPrintable(gateway.httpServer()->errorString()));
        return 1;
    }
    const QString shownHost = address.protocol() == QAbstractSocket::IPv6Protocol
                                  ? u'[' + address.toString() + u']' : address.toString();
    gateway.locateNameServer([&](const PyroUri &uri, const PyroError &error) {
        if (error.isError())
            printLine(u"Not yet connected to a name server."_s);
        else
            printLine(u"Connected to name server at:  %1"_s.arg(uri.toString()));
        printLine(u"Pyro HTTP gateway running on %1://%2:%3/pyro/"_s
                      .arg(gateway.httpServer()->isSecure() ? u"https"_s : u"http"_s, shownHost)
                      .arg(gateway.port()));
    });
    return app.exec();
}
