// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrosslconfig.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslSocket>

using namespace Qt::StringLiterals;

namespace {

bool fail(PyroError *error, const QString &message)
{
    if (error)
        *error = PyroError(PyroError::Code::SecurityError, message);
    return false;
}

// The certificate a file starts with, the rest being its chain (Python's load_cert_chain).
bool loadChain(const QString &file, const QString &item, QList<QSslCertificate> *chain, PyroError *error)
{
    if (QFileInfo(file).isDir())
        return fail(error, u"%1: %2 is a directory, not a certificate file"_s.arg(item, file));
    *chain = PyroSslConfig::loadCertificates(file, item, error);
    return !chain->isEmpty();
}

// The system's CAs, read once: setting our own CA list turns Qt's on-demand loading of
// the system store off, while Python's default client context trusts both.
const QList<QSslCertificate> &systemCaCertificates()
{
    static const QList<QSslCertificate> certificates = QSslConfiguration::systemCaCertificates();
    return certificates;
}

} // namespace

QList<QSslCertificate> PyroSslConfig::loadCertificates(const QString &fileOrDirectory, const QString &item,
                                                       PyroError *error)
{
    const QFileInfo info(fileOrDirectory);
    if (!info.exists()) {
        fail(error, u"%1: %2 does not exist"_s.arg(item, fileOrDirectory));
        return {};
    }
    QList<QSslCertificate> certificates;
    if (info.isDir()) {
        const QDir dir(fileOrDirectory);
        const QFileInfoList files = dir.entryInfoList(QDir::Files | QDir::Readable, QDir::Name);
        for (const QFileInfo &f : files) {
            QFile file(f.filePath());
            if (file.size() > 1024 * 1024 || !file.open(QIODevice::ReadOnly))
                continue; // not a certificate
            certificates += QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        }
        if (certificates.isEmpty())
            fail(error, u"%1: no PEM certificate in directory %2"_s.arg(item, fileOrDirectory));
        return certificates;
    }
    QFile file(fileOrDirectory);
    if (!file.open(QIODevice::ReadOnly)) {
        fail(error, u"%1: cannot read %2: %3"_s.arg(item, fileOrDirectory, file.errorString()));
        return {};
    }
    certificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    if (certificates.isEmpty())
        fail(error, u"%1: no PEM certificate in %2"_s.arg(item, fileOrDirectory));
    return certificates;
}

QSslKey PyroSslConfig::loadPrivateKey(const QString &file, const QString &password, const QString &item,
                                      PyroError *error)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        fail(error, u"%1: cannot read %2: %3"_s.arg(item, file, f.errorString()));
        return QSslKey();
    }
    const QByteArray data = f.readAll();
    if (!data.contains("PRIVATE KEY-----")) {
        fail(error, u"%1: no PEM private key in %2"_s.arg(item, file));
        return QSslKey();
    }
    const QByteArray pass = password.toUtf8();
    // QSslKey wants to be told the algorithm; the file does not always say (PKCS#8).
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(data, algorithm, QSsl::Pem, QSsl::PrivateKey, pass);
        if (!key.isNull())
            return key;
    }
    const bool encrypted = data.contains("ENCRYPTED") || data.contains("Proc-Type: 4,ENCRYPTED");
    if (encrypted)
        fail(error, password.isEmpty()
                 ? u"%1: the private key in %2 is encrypted and no password was given"_s.arg(item, file)
                 : u"%1: cannot decrypt the private key in %2 (wrong password?)"_s.arg(item, file));
    else
        fail(error, u"%1: cannot load the private key in %2"_s.arg(item, file));
    return QSslKey();
}

bool PyroSslConfig::isAvailable(PyroError *error)
{
    if (QSslSocket::supportsSsl())
        return true;
    return fail(error, u"TLS is not available: Qt has no TLS backend (%1)"_s
                           .arg(QSslSocket::activeBackend().isEmpty() ? u"none"_s : QSslSocket::activeBackend()));
}

QSslConfiguration PyroSslConfig::serverConfiguration(const PyroConfig &config, PyroError *error)
{
    if (!isAvailable(error))
        return QSslConfiguration();
    const QString certFile = config.sslServerCert();
    if (certFile.isEmpty()) {
        fail(error, u"SSL_SERVERCERT is not set: a TLS daemon needs a certificate"_s);
        return QSslConfiguration();
    }
    QList<QSslCertificate> chain;
    if (!loadChain(certFile, u"SSL_SERVERCERT"_s, &chain, error))
        return QSslConfiguration();
    const QString keyFile = config.sslServerKey().isEmpty() ? certFile : config.sslServerKey();
    const QSslKey key = loadPrivateKey(keyFile, config.sslServerKeyPassword(),
                                       config.sslServerKey().isEmpty() ? u"SSL_SERVERCERT"_s : u"SSL_SERVERKEY"_s,
                                       error);
    if (key.isNull())
        return QSslConfiguration();

    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificateChain(chain);
    conf.setPrivateKey(key);
    QList<QSslCertificate> cas;
    if (!config.sslCaCerts().isEmpty()) {
        cas = loadCertificates(config.sslCaCerts(), u"SSL_CACERTS"_s, error);
        if (cas.isEmpty())
            return QSslConfiguration();
    }
    // Python's server context trusts only what SSL_CACERTS names (it loads no system CAs).
    conf.setCaCertificates(cas);
    if (config.sslRequireClientCert()) {
        if (cas.isEmpty()) {
            fail(error, u"SSL_REQUIRECLIENTCERT needs SSL_CACERTS: no client certificate could be verified"_s);
            return QSslConfiguration();
        }
        conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    } else {
        conf.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    if (error)
        *error = PyroError();
    return conf;
}

QSslConfiguration PyroSslConfig::clientConfiguration(const PyroConfig &config, PyroError *error)
{
    if (!isAvailable(error))
        return QSslConfiguration();
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!config.sslCaCerts().isEmpty()) {
        const QList<QSslCertificate> cas = loadCertificates(config.sslCaCerts(), u"SSL_CACERTS"_s, error);
        if (cas.isEmpty())
            return QSslConfiguration();
        conf.setCaCertificates(systemCaCertificates() + cas);
    }
    const QString certFile = config.sslClientCert();
    if (!certFile.isEmpty()) {
        QList<QSslCertificate> chain;
        if (!loadChain(certFile, u"SSL_CLIENTCERT"_s, &chain, error))
            return QSslConfiguration();
        const QString keyFile = config.sslClientKey().isEmpty() ? certFile : config.sslClientKey();
        const QSslKey key = loadPrivateKey(keyFile, config.sslClientKeyPassword(),
                                           config.sslClientKey().isEmpty() ? u"SSL_CLIENTCERT"_s : u"SSL_CLIENTKEY"_s,
                                           error);
        if (key.isNull())
            return QSslConfiguration();
        conf.setLocalCertificateChain(chain);
        conf.setPrivateKey(key);
    }
    if (error)
        *error = PyroError();
    return conf;
}
