// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroconfig.h"
#include "pyroerror.h"

#include <QtCore/QList>
#include <QtCore/QString>

class QSslCertificate;
class QSslConfiguration;
class QSslKey;

/*
 * Turns Pyro5's SSL_* configuration items into the QSslConfiguration of a TLS server
 * (daemon) or client (proxy), with the semantics of Pyro5's SSL contexts:
 *
 *   PyroConfig config = PyroConfig::global();      // PYRO_SSL=1, PYRO_SSL_CACERTS=..., ...
 *   PyroError error;
 *   QSslConfiguration tls = PyroSslConfig::clientConfiguration(config, &error);
 *   if (error.isError()) qWarning() << error;     // SecurityError naming the item and file
 *   tls.setProtocol(QSsl::TlsV1_3OrLater);          // adjust, then
 *   proxy->setSslConfiguration(tls);
 *
 * Proxies and daemons whose config has SSL=true call these by themselves; they are public
 * for code that wants to start from Pyro5's configuration and adjust it.
 */
class QTPYRO_EXPORT PyroSslConfig
{
public:
    // Server side: SSL_SERVERCERT (the certificate, optionally followed by its chain),
    // SSL_SERVERKEY (empty: the key is in the certificate file), SSL_SERVERKEYPASSWD,
    // SSL_REQUIRECLIENTCERT (clients must present a certificate that SSL_CACERTS
    // verifies; otherwise none is asked for) and SSL_CACERTS (file or directory).
    // A null configuration and a SecurityError when something cannot be loaded.
    static QSslConfiguration serverConfiguration(const PyroConfig &config, PyroError *error = nullptr);
    // Client side: the server's certificate must verify against the system's CAs plus
    // SSL_CACERTS and match the host name of the URI (Python's default context);
    // SSL_CLIENTCERT / SSL_CLIENTKEY / SSL_CLIENTKEYPASSWD give the client's own
    // certificate for daemons that require one.
    static QSslConfiguration clientConfiguration(const PyroConfig &config, PyroError *error = nullptr);

    // The building blocks. item names the configuration item in error messages.
    // Every PEM certificate of a file, or of every regular file in a directory (any file
    // name, unlike OpenSSL's capath). Empty, and a SecurityError, when there is none.
    static QList<QSslCertificate> loadCertificates(const QString &fileOrDirectory, const QString &item,
                                                   PyroError *error = nullptr);
    // A PEM private key (PKCS#1, PKCS#8 or SEC1; RSA, EC, DSA; other PEM blocks may
    // surround it), encrypted with password when that is not empty. A null key and a
    // SecurityError on failure.
    static QSslKey loadPrivateKey(const QString &file, const QString &password, const QString &item,
                                  PyroError *error = nullptr);
    // False (and a SecurityError) when Qt has no TLS backend.
    static bool isAvailable(PyroError *error = nullptr);
};
