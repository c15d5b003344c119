// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// TLS between QtPyro and the real Python Pyro5, both configured only by Pyro5's PYRO_SSL*
// environment variables (the same variables for both sides, as a Pyro5 user would set
// them), one-way and two-way: the Python client against pyro-echoserver, PyroProxy and
// pyro-call against Python's daemon and echo server, pyro-nsc against Python's name
// server, Python's name server client against pyro-ns. The certificates are ours (autotests/data/certs; Pyro5's bundled ones have
// expired). Needs PYRO5_SRC; skipped without it.

#include "pyrotestcalls.h"
#include "pyrocallreply.h"
#include "pyroconfig.h"
#include "pyroproxy.h"
#include "pyroresult.h"
#include "pyrotestprocess.h"

#include <QtNetwork/QSslSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using PyroTest::callAndWait;

namespace {

QString certPath(const QString &name)
{
    return QStringLiteral(QTPYRO_TEST_DATA) + u"/certs/"_s + name;
}

using Settings = QMap<QString, QString>; // PYRO_SSL_* item (without prefix) -> value

QProcessEnvironment withoutPyroVariables(QProcessEnvironment env)
{
    for (const QString &key : env.keys()) {
        if (key.startsWith(u"PYRO_SSL"_s))
            env.remove(key);
    }
    return env;
}

QProcessEnvironment sslEnvironment(QProcessEnvironment env, const Settings &settings)
{
    env = withoutPyroVariables(env);
    env.insert(u"PYRO_SSL"_s, u"1"_s);
    for (auto it = settings.cbegin(); it != settings.cend(); ++it)
        env.insert(u"PYRO_"_s + it.key(), it.value());
    return env;
}

QProcessEnvironment toolEnvironment(const Settings &settings)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys()) {
        if (key.startsWith(u"PYRO_"_s))
            env.remove(key);
    }
    return sslEnvironment(env, settings);
}

// The server side of a row, as Pyro5 names the items.
Settings serverSettings(bool twoWay, bool encryptedKey = false, const QString &cert = u"server.pem"_s)
{
    Settings s{{u"SSL_SERVERCERT"_s, certPath(cert)},
               {u"SSL_SERVERKEY"_s, certPath(cert == u"server.pem"_s
                                                 ? (encryptedKey ? u"server-encrypted.key"_s : u"server.key"_s)
                                                 : QString(cert).replace(u".pem"_s, u".key"_s))},
               {u"SSL_CACERTS"_s, certPath(u"ca.pem"_s)}};
    if (encryptedKey)
        s.insert(u"SSL_SERVERKEYPASSWD"_s, u"serverpass"_s);
    if (twoWay)
        s.insert(u"SSL_REQUIRECLIENTCERT"_s, u"true"_s);
    return s;
}

Settings clientSettings(const QString &clientCert, bool encryptedKey = false, const QString &ca = u"ca.pem"_s)
{
    Settings s{{u"SSL_CACERTS"_s, certPath(ca)}};
    if (!clientCert.isEmpty()) {
        s.insert(u"SSL_CLIENTCERT"_s, certPath(clientCert));
        s.insert(u"SSL_CLIENTKEY"_s, certPath(encryptedKey ? u"client-encrypted.key"_s
                                                            : QString(clientCert).replace(u".pem"_s, u".key"_s)));
        if (encryptedKey)
            s.insert(u"SSL_CLIENTKEYPASSWD"_s, u"clientpass"_s);
    }
    return s;
}

// A Python client: one echo call; prints "OK <repr> <server certificate CN>" or
// "ERR <exception class> <message>".
const char pythonClient[] = R"(
import sys
import Pyro5.api
try:
    with Pyro5.api.Proxy(sys.argv[1]) as p:
        r = p.echo([1, "two", (4, 5), {"six": 6.5}])
        cert = p._pyroConnection.getpeercert()
        subject = dict(x[0] for x in cert["subject"])
        print("OK", repr(r), subject.get("commonName"))
except Exception as x:
    print("ERR", type(x).__module__ + "." + type(x).__name__, str(x).replace("\n", " "))
)";

// A Python daemon whose method tells the client certificate's CN (or "anonymous").
const char pythonDaemon[] = R"(
from Pyro5.api import expose, Daemon, current_context

@expose
class Vault:
    def echo(self, x):
        return x
    def whoami(self):
        cert = current_context.client.getpeercert()
        if not cert:
            return "anonymous"
        return dict(x[0] for x in cert["subject"]).get("commonName")

with Daemon(host="127.0.0.1", port=0) as d:
    print("URI", d.register(Vault(), "vault"), flush=True)
    d.requestLoop()
)";

} // namespace

class tst_PyroTlsInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pythonClientToEchoServer_data();
    void pythonClientToEchoServer();
    void proxyToPythonDaemon_data();
    void proxyToPythonDaemon();
    void pyroCallToPythonEchoServer();
    void pyroNscToPythonNameServer();
    void pythonToPyroNs();
};

void tst_PyroTlsInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set to a Pyro5 source tree");
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
}

void tst_PyroTlsInterop::pythonClientToEchoServer_data()
{
    QTest::addColumn<Settings>("server");
    QTest::addColumn<Settings>("client");
    QTest::addColumn<QString>("expected"); // "OK" or a piece of the Python error

    QTest::newRow("one-way") << serverSettings(false) << clientSettings(QString()) << u"OK"_s;
    QTest::newRow("one-way, client cert not asked for") << serverSettings(false) << clientSettings(u"client.pem"_s) << u"OK"_s;
    QTest::newRow("two-way") << serverSettings(true) << clientSettings(u"client.pem"_s) << u"OK"_s;
    QTest::newRow("two-way, encrypted keys") << serverSettings(true, true) << clientSettings(u"client.pem"_s, true) << u"OK"_s;
    QTest::newRow("two-way, ca directory") << [] { Settings s = serverSettings(true); s[u"SSL_CACERTS"_s] = certPath(u"cadir"_s); return s; }()
                                           << clientSettings(u"client2.pem"_s) << u"OK"_s;
    QTest::newRow("two-way, no client cert") << serverSettings(true) << clientSettings(QString()) << u"ERR"_s;
    QTest::newRow("two-way, untrusted client cert") << serverSettings(true) << clientSettings(u"untrusted-client.pem"_s) << u"ERR"_s;
    QTest::newRow("untrusted server") << serverSettings(false) << clientSettings(QString(), false, u"untrusted-ca.pem"_s)
                                      << u"CERTIFICATE_VERIFY_FAILED"_s;
    QTest::newRow("expired server cert") << serverSettings(false, false, u"server-expired.pem"_s) << clientSettings(QString())
                                         << u"certificate has expired"_s;
}

void tst_PyroTlsInterop::pythonClientToEchoServer()
{
    QFETCH(Settings, server);
    QFETCH(Settings, client);
    QFETCH(QString, expected);

    PyroTestProcess echo;
    echo.setEnvironment(toolEnvironment(server));
    const QString uri = echo.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s},
                                   QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!uri.isEmpty(), qPrintable(echo.errorString()));

    const QProcessEnvironment pyEnv = sslEnvironment(PyroTestProcess::pythonEnvironment(), client);
    const PyroToolRun run = runTool(PyroTestProcess::python(), {u"-c"_s, QString::fromLatin1(pythonClient), uri}, pyEnv);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    const QString out = run.out.trimmed();
    if (expected == u"OK"_s) {
        QCOMPARE(out, u"OK [1, 'two', (4, 5), {'six': 6.5}] localhost"_s);
    } else {
        QVERIFY2(out.startsWith(u"ERR "_s) && out.contains(expected), qPrintable(out));
        // A refused client cost the daemon nothing: a good one is served right after.
        const PyroToolRun good = runTool(PyroTestProcess::python(), {u"-c"_s, QString::fromLatin1(pythonClient), uri},
                                         sslEnvironment(PyroTestProcess::pythonEnvironment(), clientSettings(u"client.pem"_s)));
        if (!server.value(u"SSL_SERVERCERT"_s).contains(u"expired"_s))
            QVERIFY2(good.out.startsWith(u"OK "_s), qPrintable(good.out + good.err));
    }
}

void tst_PyroTlsInterop::proxyToPythonDaemon_data()
{
    QTest::addColumn<Settings>("server");
    QTest::addColumn<Settings>("client");
    QTest::addColumn<QString>("expected"); // the CN the daemon saw, or a piece of our error

    QTest::newRow("one-way") << serverSettings(false) << clientSettings(QString()) << u"anonymous"_s;
    QTest::newRow("two-way") << serverSettings(true) << clientSettings(u"client.pem"_s) << u"QtPyro Test Client"_s;
    QTest::newRow("two-way, encrypted keys") << serverSettings(true, true) << clientSettings(u"client.pem"_s, true)
                                             << u"QtPyro Test Client"_s;
    QTest::newRow("two-way, second client") << serverSettings(true) << clientSettings(u"client2.pem"_s)
                                            << u"QtPyro Other Client"_s;
    QTest::newRow("two-way, no client cert") << serverSettings(true) << clientSettings(QString())
                                             << u"rejected during the TLS handshake"_s;
    QTest::newRow("two-way, expired client cert") << serverSettings(true) << clientSettings(u"client-expired.pem"_s)
                                                  << u"rejected during the TLS handshake"_s;
    QTest::newRow("untrusted server") << serverSettings(false) << clientSettings(QString(), false, u"untrusted-ca.pem"_s)
                                      << u"TLS handshake failed"_s;
}

void tst_PyroTlsInterop::proxyToPythonDaemon()
{
    QFETCH(Settings, server);
    QFETCH(Settings, client);
    QFETCH(QString, expected);

    PyroTestProcess daemon;
    daemon.setEnvironment(sslEnvironment(PyroTestProcess::pythonEnvironment(), server));
    const QString uri = daemon.start(PyroTestProcess::python(), {u"-c"_s, QString::fromLatin1(pythonDaemon)},
                                     QRegularExpression(u"URI (PYRO:\\S+)"_s));
    QVERIFY2(!uri.isEmpty(), qPrintable(daemon.errorString()));

    // Our side reads the very same kind of variables.
    QStringList problems;
    const PyroConfig config = PyroConfig::fromEnvironment(toolEnvironment(client), &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QVERIFY(config.ssl());
    PyroProxy proxy{PyroUri(uri), config};
    const PyroResult r = callAndWait(proxy, u"whoami"_s, {}, 30000);
    if (expected.contains(u' ') && (expected.startsWith(u"rejected"_s) || expected.startsWith(u"TLS"_s))) {
        QVERIFY(r.isError());
        QVERIFY2(r.error().is(PyroError::Code::CommunicationError), qPrintable(r.error().toString()));
        QVERIFY2(r.error().message().contains(expected), qPrintable(r.error().toString()));
        return;
    }
    QVERIFY2(!r.isError(), qPrintable(r.error().toString() + daemon.output()));
    QCOMPARE(r.value().toString(), expected);
    const QVariantList value{1, u"two"_s, 3.5};
    const PyroResult echoed = callAndWait(proxy, u"echo"_s, QVariantList{QVariant(value)}, 30000);
    QVERIFY2(!echoed.isError(), qPrintable(echoed.error().toString()));
    QCOMPARE(echoed.value().toList(), value);
}

void tst_PyroTlsInterop::pyroCallToPythonEchoServer()
{
    PyroTestProcess echo;
    echo.setEnvironment(sslEnvironment(PyroTestProcess::pythonEnvironment(), serverSettings(true)));
    const QString uri = echo.start(PyroTestProcess::python(),
                                   {u"-m"_s, u"Pyro5.utils.echoserver"_s, u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s},
                                   QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!uri.isEmpty(), qPrintable(echo.errorString()));

    const PyroToolRun ok = runTool(PyroTestProcess::tool(u"pyro-call"_s), {uri, u"echo"_s, u"'over tls'"_s},
                                   toolEnvironment(clientSettings(u"client.pem"_s, true)));
    QCOMPARE(ok.exitCode, 0);
    QCOMPARE(ok.out, u"'over tls'\n"_s);

    const PyroToolRun refused = runTool(PyroTestProcess::tool(u"pyro-call"_s), {uri, u"echo"_s, u"1"_s},
                                        toolEnvironment(clientSettings(QString())));
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(u"rejected during the TLS handshake"_s), qPrintable(refused.err));
}

void tst_PyroTlsInterop::pyroNscToPythonNameServer()
{
    PyroTestProcess ns;
    ns.setEnvironment(sslEnvironment(PyroTestProcess::pythonEnvironment(), serverSettings(true)));
    const QString uri = ns.start(PyroTestProcess::python(),
                                 {u"-m"_s, u"Pyro5.nameserver"_s, u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s},
                                 QRegularExpression(u"URI = (PYRO:\\S+)"_s));
    QVERIFY2(!uri.isEmpty(), qPrintable(ns.errorString()));
    const QString port = QString::number(PyroUri(uri).port());

    const QProcessEnvironment env = toolEnvironment(clientSettings(u"client2.pem"_s));
    const PyroToolRun reg = runTool(PyroTestProcess::tool(u"pyro-nsc"_s),
                                    {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, port, u"register"_s, u"tls.thing"_s,
                                     u"PYRO:thing@127.0.0.1:4444"_s}, env);
    QVERIFY2(reg.exitCode == 0, qPrintable(reg.out + reg.err));
    const PyroToolRun list = runTool(PyroTestProcess::tool(u"pyro-nsc"_s),
                                     {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, port, u"list"_s}, env);
    QVERIFY2(list.exitCode == 0, qPrintable(list.out + list.err));
    QVERIFY2(list.out.contains(u"tls.thing --> PYRO:thing@127.0.0.1:4444"_s), qPrintable(list.out));

    const PyroToolRun refused = runTool(PyroTestProcess::tool(u"pyro-nsc"_s),
                                        {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, port, u"list"_s},
                                        toolEnvironment(clientSettings(QString())));
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains(u"TLS"_s) || refused.out.contains(u"TLS"_s), qPrintable(refused.out + refused.err));
}

void tst_PyroTlsInterop::pythonToPyroNs()
{
    PyroTestProcess ns;
    ns.setEnvironment(toolEnvironment(serverSettings(true)));
    const QString uri = ns.start(PyroTestProcess::tool(u"pyro-ns"_s), {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s},
                                 QRegularExpression(u"URI = (PYRO:\\S+)"_s));
    QVERIFY2(!uri.isEmpty(), qPrintable(ns.errorString()));
    const QString port = QString::number(PyroUri(uri).port());

    const char code[] = R"(
import sys
import Pyro5.api
try:
    ns = Pyro5.api.locate_ns("127.0.0.1", int(sys.argv[1]))
    ns.register("py.thing", "PYRO:thing@127.0.0.1:4321", metadata={"made:by:python"})
    print("OK", ns.lookup("py.thing"), sorted(ns.yplookup(meta_all={"made:by:python"})))
except Exception as x:
    print("ERR", type(x).__module__ + "." + type(x).__name__, str(x).replace("\n", " "))
)";
    const PyroToolRun run = runTool(PyroTestProcess::python(), {u"-c"_s, QString::fromLatin1(code), port},
                                    sslEnvironment(PyroTestProcess::pythonEnvironment(), clientSettings(u"client.pem"_s, true)));
    QCOMPARE(run.out.trimmed(), u"OK PYRO:thing@127.0.0.1:4321 ['py.thing']"_s);

    const PyroToolRun refused = runTool(PyroTestProcess::python(), {u"-c"_s, QString::fromLatin1(code), port},
                                        sslEnvironment(PyroTestProcess::pythonEnvironment(), clientSettings(QString())));
    QVERIFY2(refused.out.startsWith(u"ERR "_s), qPrintable(refused.out + refused.err));

    const PyroToolRun list = runTool(PyroTestProcess::tool(u"pyro-nsc"_s), {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, port, u"list"_s},
                                     toolEnvironment(clientSettings(u"client2.pem"_s)));
    QVERIFY2(list.out.contains(u"py.thing --> PYRO:thing@127.0.0.1:4321"_s), qPrintable(list.out + list.err));
}

QTEST_MAIN(tst_PyroTlsInterop)
#include "tst_pyrotlsinterop.moc"
