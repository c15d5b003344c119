// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// TLS between QtPyro's proxy and daemon, configured like Pyro5 (SSL, SSL_SERVERCERT,
// SSL_SERVERKEY, SSL_SERVERKEYPASSWD, SSL_CACERTS, SSL_REQUIRECLIENTCERT,
// SSL_CLIENTCERT, SSL_CLIENTKEY, SSL_CLIENTKEYPASSWD) or in code (QSslConfiguration,
// a caller's QSslServer): building the configurations and their errors, one-way TLS
// (server certificate verified against the CA and the host name, expiry), two-way TLS
// (a client without an acceptable certificate never reaches the daemon), and
// authorisation by the peer certificate in the handshake hook and in calls.
// Certificates: autotests/data/certs (make-certs.sh).

#include "pyrotestcalls.h"
#include "pyrocallcontext.h"
#include "pyrocallreply.h"
#include "pyrodaemon.h"
#include "pyroproxy.h"
#include "pyroresult.h"
#include "pyrosslconfig.h"

#include <QtCore/QTemporaryDir>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslServer>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using PyroTest::callAndWait;

namespace {

QString certPath(const QString &name)
{
    return QStringLiteral(QTPYRO_TEST_DATA) + u"/certs/"_s + name;
}

QString commonName(const QSslCertificate &certificate)
{
    return certificate.isNull() ? u"anonymous"_s
                                : certificate.subjectInfo(QSslCertificate::CommonName).join(u", "_s);
}

// A server config as PYRO_SSL=1 PYRO_SSL_SERVERCERT=... would give.
PyroConfig serverConfig(const QString &cert = u"server.pem"_s, const QString &key = u"server.key"_s,
                        bool requireClientCert = false)
{
    PyroConfig config;
    config.setSsl(true);
    config.setSslServerCert(certPath(cert));
    config.setSslServerKey(key.isEmpty() ? QString() : certPath(key));
    config.setSslCaCerts(certPath(u"ca.pem"_s));
    config.setSslRequireClientCert(requireClientCert);
    return config;
}

PyroConfig clientConfig(const QString &cert = QString(), const QString &key = QString(),
                        const QString &password = QString(), const QString &ca = u"ca.pem"_s)
{
    PyroConfig config;
    config.setSsl(true);
    if (!ca.isEmpty())
        config.setSslCaCerts(certPath(ca));
    if (!cert.isEmpty())
        config.setSslClientCert(certPath(cert));
    if (!key.isEmpty())
        config.setSslClientKey(certPath(key));
    config.setSslClientKeyPassword(password);
    return config;
}

// Runs a call with the event loop going (the daemon lives in this thread too).

} // namespace

class Vault : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QString whoAmI() { return commonName(PyroCallContext::current()->peerCertificate()); }
    // Authorisation inside a method: only one client certificate may read the secret.
    QString secret()
    {
        const QString who = commonName(PyroCallContext::current()->peerCertificate());
        if (who != u"QtPyro Test Client"_s)
            throw PyroException(u"builtins.PermissionError"_s, u"%1 may not read the secret"_s.arg(who));
        return u"42"_s;
    }
};

class tst_PyroTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void serverConfiguration_data();
    void serverConfiguration();
    void clientConfiguration_data();
    void clientConfiguration();
    void listenFailsWithBadConfig();
    void oneWay_data();
    void oneWay();
    void twoWay_data();
    void twoWay();
    void authoriseInHandshake();
    void configurationInCode();
    void callerProvidedSslServer();
    void stalledHandshakeIsDropped();
    void stalledHandshakesDoNotBlockOthers();
    void plainAndTlsDoNotMix();

private:
    QTemporaryDir m_dir;
};

void tst_PyroTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    QVERIFY(m_dir.isValid());
    // A certificate and its key in one file, as Python's load_cert_chain also accepts.
    QFile combined(m_dir.filePath(u"server-combined.pem"_s));
    QVERIFY(combined.open(QIODevice::WriteOnly));
    for (const QString &part : {u"server.pem"_s, u"server.key"_s}) {
        QFile f(certPath(part));
        QVERIFY(f.open(QIODevice::ReadOnly));
        combined.write(f.readAll());
    }
}

void tst_PyroTls::serverConfiguration_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("ca");
    QTest::addColumn<bool>("requireClientCert");
    QTest::addColumn<QString>("expectedError"); // empty: success

    const QString ca = certPath(u"ca.pem"_s);
    QTest::newRow("cert+key") << certPath(u"server.pem"_s) << certPath(u"server.key"_s) << QString() << ca << false << QString();
    QTest::newRow("two-way") << certPath(u"server.pem"_s) << certPath(u"server.key"_s) << QString() << ca << true << QString();
    QTest::newRow("ca directory") << certPath(u"server.pem"_s) << certPath(u"server.key"_s) << QString()
                                  << certPath(u"cadir"_s) << true << QString();
    QTest::newRow("encrypted key") << certPath(u"server.pem"_s) << certPath(u"server-encrypted.key"_s)
                                   << u"serverpass"_s << ca << false << QString();
    QTest::newRow("key in cert file") << u"combined"_s << QString() << QString() << ca << false << QString();
    QTest::newRow("no cert") << QString() << QString() << QString() << ca << false << u"SSL_SERVERCERT is not set"_s;
    QTest::newRow("missing cert file") << certPath(u"nosuch.pem"_s) << certPath(u"server.key"_s) << QString() << ca
                                       << false << u"SSL_SERVERCERT: "_s;
    QTest::newRow("key is no cert") << certPath(u"server.key"_s) << certPath(u"server.key"_s) << QString() << ca
                                    << false << u"no PEM certificate"_s;
    QTest::newRow("missing key") << certPath(u"server.pem"_s) << QString() << QString() << ca << false
                                 << u"SSL_SERVERCERT: no PEM private key"_s;
    QTest::newRow("encrypted key, no password") << certPath(u"server.pem"_s) << certPath(u"server-encrypted.key"_s)
                                                << QString() << ca << false << u"no password was given"_s;
    QTest::newRow("encrypted key, wrong password") << certPath(u"server.pem"_s) << certPath(u"server-encrypted.key"_s)
                                                   << u"nope"_s << ca << false << u"wrong password"_s;
    QTest::newRow("two-way without CA") << certPath(u"server.pem"_s) << certPath(u"server.key"_s) << QString()
                                        << QString() << true << u"SSL_REQUIRECLIENTCERT needs SSL_CACERTS"_s;
    QTest::newRow("missing CA") << certPath(u"server.pem"_s) << certPath(u"server.key"_s) << QString()
                                << certPath(u"nosuch-ca.pem"_s) << true << u"SSL_CACERTS: "_s;
}

void tst_PyroTls::serverConfiguration()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, password);
    QFETCH(QString, ca);
    QFETCH(bool, requireClientCert);
    QFETCH(QString, expectedError);
    if (cert == u"combined"_s)
        cert = m_dir.filePath(u"server-combined.pem"_s);

    PyroConfig config;
    config.setSsl(true);
    config.setSslServerCert(cert);
    config.setSslServerKey(key);
    config.setSslServerKeyPassword(password);
    config.setSslCaCerts(ca);
    config.setSslRequireClientCert(requireClientCert);
    PyroError error;
    const QSslConfiguration tls = PyroSslConfig::serverConfiguration(config, &error);
    if (!expectedError.isEmpty()) {
        QVERIFY(tls.isNull());
        QCOMPARE(error.code(), PyroError::Code::SecurityError);
        QVERIFY2(error.message().contains(expectedError), qPrintable(error.message()));
        return;
    }
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(tls.localCertificate(), QSslCertificate::fromPath(certPath(u"server.pem"_s)).value(0));
    QVERIFY(!tls.privateKey().isNull());
    QCOMPARE(tls.privateKey().algorithm(), QSsl::Ec);
    QCOMPARE(tls.peerVerifyMode(), requireClientCert ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
    // Only the CA named: a daemon requiring client certificates trusts nothing else.
    QCOMPARE(tls.caCertificates(), QSslCertificate::fromPath(certPath(u"ca.pem"_s)));
}

void tst_PyroTls::clientConfiguration_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("no client cert") << QString() << QString() << QString() << QString();
    QTest::newRow("rsa client cert") << u"client.pem"_s << u"client.key"_s << QString() << QString();
    QTest::newRow("encrypted rsa key") << u"client.pem"_s << u"client-encrypted.key"_s << u"clientpass"_s << QString();
    QTest::newRow("wrong password") << u"client.pem"_s << u"client-encrypted.key"_s << u"serverpass"_s
                                    << u"SSL_CLIENTKEY: cannot decrypt"_s;
    QTest::newRow("missing cert") << u"nosuch.pem"_s << u"client.key"_s << QString() << u"SSL_CLIENTCERT: "_s;
}

void tst_PyroTls::clientConfiguration()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, password);
    QFETCH(QString, expectedError);
    PyroError error;
    const QSslConfiguration tls = PyroSslConfig::clientConfiguration(clientConfig(cert, key, password), &error);
    if (!expectedError.isEmpty()) {
        QVERIFY(tls.isNull());
        QCOMPARE(error.code(), PyroError::Code::SecurityError);
        QVERIFY2(error.message().contains(expectedError), qPrintable(error.message()));
        return;
    }
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(tls.peerVerifyMode(), QSslSocket::VerifyPeer);
    // Python's client context: the system's CAs and SSL_CACERTS.
    const QSslCertificate ca = QSslCertificate::fromPath(certPath(u"ca.pem"_s)).value(0);
    QVERIFY(tls.caCertificates().contains(ca));
    QVERIFY(tls.caCertificates().size() >= QSslConfiguration::systemCaCertificates().size() + 1);
    if (cert.isEmpty()) {
        QVERIFY(tls.localCertificate().isNull());
    } else {
        QCOMPARE(commonName(tls.localCertificate()), u"QtPyro Test Client"_s);
        QCOMPARE(tls.privateKey().algorithm(), QSsl::Rsa);
    }
}

void tst_PyroTls::listenFailsWithBadConfig()
{
    PyroConfig config = serverConfig();
    config.setSslServerKeyPassword(u"irrelevant"_s);
    config.setSslServerKey(certPath(u"server-encrypted.key"_s)); // wrong password
    PyroDaemon daemon(config);
    QVERIFY(!daemon.listen(u"127.0.0.1"_s, 0));
    QVERIFY2(daemon.errorString().contains(u"SSL_SERVERKEY"_s), qPrintable(daemon.errorString()));
    QVERIFY(!daemon.isListening());

    // The proxy side: a clear SecurityError before anything is sent.
    PyroProxy proxy(PyroUri(u"PYRO:vault@127.0.0.1:1"_s), clientConfig(u"client.pem"_s, u"client-encrypted.key"_s));
    const PyroResult r = callAndWait(proxy, u"whoAmI"_s);
    QCOMPARE(r.error().code(), PyroError::Code::SecurityError);
    QVERIFY2(r.error().message().contains(u"no password was given"_s), qPrintable(r.error().toString()));
}

void tst_PyroTls::oneWay_data()
{
    QTest::addColumn<QString>("serverCert");
    QTest::addColumn<QString>("serverKey");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("clientCa");   // "" = the system CAs only
    QTest::addColumn<QString>("expectedError");

    QTest::newRow("localhost") << u"server.pem"_s << u"server.key"_s << u"localhost"_s << u"ca.pem"_s << QString();
    QTest::newRow("127.0.0.1") << u"server.pem"_s << u"server.key"_s << u"127.0.0.1"_s << u"ca.pem"_s << QString();
    QTest::newRow("::1") << u"server.pem"_s << u"server.key"_s << u"::1"_s << u"ca.pem"_s << QString();
    QTest::newRow("ca directory") << u"server.pem"_s << u"server.key"_s << u"localhost"_s << u"cadir"_s << QString();
    QTest::newRow("encrypted server key") << u"server.pem"_s << u"server-encrypted.key"_s << u"localhost"_s
                                          << u"ca.pem"_s << QString();
    QTest::newRow("untrusted CA") << u"server.pem"_s << u"server.key"_s << u"localhost"_s << u"untrusted-ca.pem"_s
                                  << u"self-signed, and untrusted"_s;
    QTest::newRow("system CAs only") << u"server.pem"_s << u"server.key"_s << u"localhost"_s << QString()
                                     << u"self-signed, and untrusted"_s;
    QTest::newRow("wrong host") << u"server-wronghost.pem"_s << u"server-wronghost.key"_s << u"localhost"_s
                                << u"ca.pem"_s << u"host name did not match"_s;
    QTest::newRow("expired") << u"server-expired.pem"_s << u"server-expired.key"_s << u"localhost"_s
                             << u"ca.pem"_s << u"expired"_s;
}

void tst_PyroTls::oneWay()
{
    QFETCH(QString, serverCert);
    QFETCH(QString, serverKey);
    QFETCH(QString, host);
    QFETCH(QString, clientCa);
    QFETCH(QString, expectedError);

    PyroConfig sc = serverConfig(serverCert, serverKey);
    sc.setSslServerKeyPassword(u"serverpass"_s); // only the encrypted key needs it
    PyroDaemon daemon(sc);
    if (!daemon.listen(host, 0)) {
        if (host == u"::1"_s)
            QSKIP("no IPv6 loopback here");
        QFAIL(qPrintable(daemon.errorString()));
    }
    Vault vault;
    const PyroUri uri = daemon.registerObject(&vault, u"vault"_s);
    QSignalSpy connected(&daemon, &PyroDaemon::clientConnected);

    PyroProxy proxy(uri, clientConfig(QString(), QString(), QString(), clientCa));
    const PyroResult r = callAndWait(proxy, u"whoAmI"_s);
    if (expectedError.isEmpty()) {
        QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
        QCOMPARE(r.value().toString(), u"anonymous"_s); // one-way: no client certificate asked for
        QCOMPARE(connected.size(), 1);
        return;
    }
    QVERIFY(r.isError());
    QCOMPARE(r.error().code(), PyroError::Code::CommunicationError);
    QVERIFY2(r.error().message().contains(u"TLS handshake failed"_s), qPrintable(r.error().toString()));
    QVERIFY2(r.error().message().contains(expectedError, Qt::CaseInsensitive), qPrintable(r.error().toString()));
    QCOMPARE(connected.size(), 0);
    QCOMPARE(daemon.connectionCount(), 0);
}

void tst_PyroTls::twoWay_data()
{
    QTest::addColumn<QString>("cert");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("expectedName"); // empty: refused

    QTest::newRow("client cert") << u"client.pem"_s << u"client.key"_s << QString() << u"QtPyro Test Client"_s;
    QTest::newRow("encrypted client key") << u"client.pem"_s << u"client-encrypted.key"_s << u"clientpass"_s
                                          << u"QtPyro Test Client"_s;
    QTest::newRow("second client") << u"client2.pem"_s << u"client2.key"_s << QString() << u"QtPyro Other Client"_s;
    QTest::newRow("no client cert") << QString() << QString() << QString() << QString();
    QTest::newRow("untrusted client cert") << u"untrusted-client.pem"_s << u"untrusted-client.key"_s << QString() << QString();
    QTest::newRow("expired client cert") << u"client-expired.pem"_s << u"client-expired.key"_s << QString() << QString();
}

void tst_PyroTls::twoWay()
{
    QFETCH(QString, cert);
    QFETCH(QString, key);
    QFETCH(QString, password);
    QFETCH(QString, expectedName);

    PyroDaemon daemon(serverConfig(u"server.pem"_s, u"server.key"_s, true));
    QVERIFY2(daemon.listen(u"localhost"_s, 0), qPrintable(daemon.errorString()));
    Vault vault;
    const PyroUri uri = daemon.registerObject(&vault, u"vault"_s);
    QSignalSpy connected(&daemon, &PyroDaemon::clientConnected);
    QSignalSpy protocolErrors(&daemon, &PyroDaemon::protocolErrorOccurred);

    PyroProxy proxy(uri, clientConfig(cert, key, password));
    const PyroResult r = callAndWait(proxy, u"whoAmI"_s);
    if (!expectedName.isEmpty()) {
        QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
        QCOMPARE(r.value().toString(), expectedName);
        const PyroResult s = callAndWait(proxy, u"secret"_s);
        if (expectedName == u"QtPyro Test Client"_s) {
            QCOMPARE(s.value().toString(), u"42"_s);
        } else {
            QCOMPARE(s.error().remoteType(), u"builtins.PermissionError"_s);
            QCOMPARE(s.error().message(), u"QtPyro Other Client may not read the secret"_s);
        }
        return;
    }
    // Refused in the TLS handshake: the daemon never saw a Pyro message from it.
    QVERIFY(r.isError());
    QVERIFY2(r.error().is(PyroError::Code::CommunicationError), qPrintable(r.error().toString()));
    QVERIFY2(r.error().message().contains(u"rejected during the TLS handshake"_s), qPrintable(r.error().toString()));
    QCOMPARE(connected.size(), 0);
    QCOMPARE(protocolErrors.size(), 0);
    QCOMPARE(daemon.connectionCount(), 0);
}

void tst_PyroTls::authoriseInHandshake()
{
    PyroDaemon daemon(serverConfig(u"server.pem"_s, u"server.key"_s, true));
    QStringList seen;
    daemon.setHandshakeValidator([&seen](const QVariant &, PyroCallContext &context) -> QVariant {
        const QString who = commonName(context.peerCertificate());
        seen.append(who);
        if (who != u"QtPyro Test Client"_s)
            return QVariant::fromValue(PyroError(PyroError::Code::SecurityError, u"certificate %1 is not authorised"_s.arg(who)));
        return u"welcome %1"_s.arg(who);
    });
    QVERIFY2(daemon.listen(u"localhost"_s, 0), qPrintable(daemon.errorString()));
    Vault vault;
    const PyroUri uri = daemon.registerObject(&vault, u"vault"_s);

    PyroProxy allowed(uri, clientConfig(u"client.pem"_s, u"client.key"_s));
    QCOMPARE(callAndWait(allowed, u"whoAmI"_s).value().toString(), u"QtPyro Test Client"_s);
    QCOMPARE(allowed.handshakeResponse().toString(), u"welcome QtPyro Test Client"_s);

    PyroProxy other(uri, clientConfig(u"client2.pem"_s, u"client2.key"_s));
    const PyroResult r = callAndWait(other, u"whoAmI"_s);
    QCOMPARE(r.error().code(), PyroError::Code::CommunicationError);
    QVERIFY2(r.error().message().contains(u"rejected: certificate QtPyro Other Client is not authorised"_s),
             qPrintable(r.error().toString()));
    QCOMPARE(seen, (QStringList{u"QtPyro Test Client"_s, u"QtPyro Other Client"_s}));
}

void tst_PyroTls::configurationInCode()
{
    // No SSL items at all: QSslConfiguration objects handed over in code.
    QSslConfiguration server = QSslConfiguration::defaultConfiguration();
    server.setLocalCertificate(QSslCertificate::fromPath(certPath(u"server.pem"_s)).value(0));
    QFile keyFile(certPath(u"server.key"_s));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    server.setPrivateKey(QSslKey(&keyFile, QSsl::Ec));
    server.setCaCertificates(QSslCertificate::fromPath(certPath(u"ca.pem"_s)));
    server.setPeerVerifyMode(QSslSocket::VerifyPeer);

    PyroDaemon daemon{PyroConfig()};
    daemon.setSslConfiguration(server);
    QVERIFY2(daemon.listen(u"localhost"_s, 0), qPrintable(daemon.errorString()));
    Vault vault;
    const PyroUri uri = daemon.registerObject(&vault, u"vault"_s);

    PyroError error;
    QSslConfiguration client = PyroSslConfig::clientConfiguration(clientConfig(u"client2.pem"_s, u"client2.key"_s), &error);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    PyroProxy proxy(uri, PyroConfig()); // SSL off in the config: the code decides
    proxy.setSslConfiguration(client);
    QCOMPARE(callAndWait(proxy, u"whoAmI"_s).value().toString(), u"QtPyro Other Client"_s);

    // A plain proxy to the same daemon gets nowhere.
    PyroProxy plain(uri, PyroConfig());
    const PyroResult r = callAndWait(plain, u"whoAmI"_s);
    QVERIFY(r.isError());
    QVERIFY2(r.error().is(PyroError::Code::CommunicationError), qPrintable(r.error().toString()));
}

void tst_PyroTls::callerProvidedSslServer()
{
    PyroError error;
    const QSslConfiguration tls = PyroSslConfig::serverConfiguration(serverConfig(u"server.pem"_s, u"server.key"_s, true), &error);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QSslServer server;
    server.setSslConfiguration(tls);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    PyroDaemon daemon{PyroConfig()};
    daemon.setServer(&server, u"localhost"_s);
    Vault vault;
    const PyroUri uri = daemon.registerObject(&vault, u"vault"_s);
    QCOMPARE(uri.host(), u"localhost"_s);
    QCOMPARE(uri.port(), int(server.serverPort()));

    PyroProxy proxy(uri, clientConfig(u"client.pem"_s, u"client.key"_s));
    QCOMPARE(callAndWait(proxy, u"secret"_s).value().toString(), u"42"_s);
    PyroProxy anonymous(uri, clientConfig());
    QVERIFY(callAndWait(anonymous, u"whoAmI"_s).isError());
}

void tst_PyroTls::stalledHandshakeIsDropped()
{
    // A client that connects and never says hello holds nothing for long: the TLS
    // handshake times out after COMMTIMEOUT.
    PyroConfig config = serverConfig();
    config.setCommTimeout(0.5);
    PyroDaemon daemon(config);
    QVERIFY2(daemon.listen(u"127.0.0.1"_s, 0), qPrintable(daemon.errorString()));
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, daemon.port());
    QVERIFY(silent.waitForConnected(5000));
    QSignalSpy disconnected(&silent, &QTcpSocket::disconnected);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(disconnected.wait(5000));
    QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(daemon.connectionCount(), 0);
}

void tst_PyroTls::stalledHandshakesDoNotBlockOthers()
{
    // Many clients that connect and never start TLS must not keep a good client waiting
    // (QSslServer counts clients in their handshake as pending connections).
    PyroDaemon daemon(serverConfig());
    QVERIFY2(daemon.listen(u"127.0.0.1"_s, 0), qPrintable(daemon.errorString()));
    Vault vault;
    const PyroUri uri = daemon.registerObject(&vault, u"vault"_s);
    std::vector<std::unique_ptr<QTcpSocket>> silent;
    for (int i = 0; i < 100; ++i) {
        silent.push_back(std::make_unique<QTcpSocket>());
        silent.back()->connectToHost(QHostAddress::LocalHost, daemon.port());
    }
    QTRY_VERIFY(std::all_of(silent.begin(), silent.end(), [](const auto &s) {
        return s->state() == QAbstractSocket::ConnectedState;
    }));
    QElapsedTimer timer;
    timer.start();
    PyroProxy proxy(uri, clientConfig());
    const PyroResult r = callAndWait(proxy, u"whoAmI"_s);
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
}

void tst_PyroTls::plainAndTlsDoNotMix()
{
    // A TLS proxy against a plain daemon: its ClientHello is not a Pyro message, the
    // daemon refuses it and the proxy reports a TLS failure (no hang).
    PyroDaemon plainDaemon{PyroConfig()};
    QVERIFY(plainDaemon.listen(u"localhost"_s, 0));
    Vault vault;
    const PyroUri uri = plainDaemon.registerObject(&vault, u"vault"_s);
    QSignalSpy protocolErrors(&plainDaemon, &PyroDaemon::protocolErrorOccurred);
    PyroProxy tlsProxy(uri, clientConfig());
    const PyroResult r = callAndWait(tlsProxy, u"whoAmI"_s);
    QVERIFY(r.isError());
    QVERIFY2(r.error().is(PyroError::Code::CommunicationError), qPrintable(r.error().toString()));
    QCOMPARE(protocolErrors.size(), 1);
    // The daemon serves plain clients as before.
    PyroProxy plainProxy(uri, PyroConfig());
    QCOMPARE(callAndWait(plainProxy, u"whoAmI"_s).value().toString(), u"anonymous"_s);
}

QTEST_MAIN(tst_PyroTls)
#include "tst_pyrotls.moc"
