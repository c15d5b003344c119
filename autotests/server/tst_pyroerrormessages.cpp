// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Error messages a first-time user runs into, each as precise as Python's: the range of a
// 64-bit parameter, Q_ENUM/Q_FLAG numbers that are no value of the enum, the proxy's own
// AttributeError looking like the daemon's, "connection closed by the peer" with the
// likely reason, and a daemon without the client's serializer saying so (CONNECTFAIL).

#include "pyroserverthread.h"
#include "pyrotestprocess.h"
#include "pyrowatchdog.h"

#include "pyroproxy.h"

#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;

class Typed : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Off, Heat, Cool };
    Q_ENUM(Mode)
    enum Option { Fan = 1, Eco = 2, Night = 8 };
    Q_DECLARE_FLAGS(Options, Option)
    Q_FLAG(Options)

public Q_SLOTS:
    qlonglong takeLong(qlonglong v) { return v; }
    QString takeMode(Typed::Mode mode) { return QString::fromLatin1(QMetaEnum::fromType<Mode>().valueToKey(int(mode))); }
    int takeOptions(Typed::Options options) { return int(options); }
};

class tst_PyroErrorMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup() { m_server.reset(); }
    void arguments_data();
    void arguments();
    void localAttributeErrorLooksRemote();
    void closedByThePeer();
    void daemonWithoutTheSerializer();
    void pyroCallUnknownMethod();

private:
    std::unique_ptr<PyroServerThread> m_server;
};

void tst_PyroErrorMessages::init()
{
    auto *typed = new Typed;
    typed->setObjectName(u"typed"_s);
    m_server = std::make_unique<PyroServerThread>(std::initializer_list<QObject *>{typed});
    QVERIFY(m_server->uri().isValid());
}

void tst_PyroErrorMessages::arguments_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QVariant>("argument");
    QTest::addColumn<QVariant>("expected");   // invalid: a TypeError
    QTest::addColumn<QString>("message");     // part of the TypeError's message

    const QVariant typeError;
    QTest::newRow("int64 ok") << u"takeLong"_s << QVariant(qlonglong(1) << 62) << QVariant(qlonglong(1) << 62) << QString();
    QTest::newRow("int beyond 64 bits") << u"takeLong"_s
                                        << QVariant::fromValue(PyroBigInt::fromString(u"99999999999999999999"_s))
                                        << typeError
                                        << u"must be int (-9223372036854775808 to 9223372036854775807), not int"_s;
    QTest::newRow("enum value") << u"takeMode"_s << QVariant(2) << QVariant(u"Cool"_s) << QString();
    QTest::newRow("enum name") << u"takeMode"_s << QVariant(u"Heat"_s) << QVariant(u"Heat"_s) << QString();
    QTest::newRow("enum out of range") << u"takeMode"_s << QVariant(7) << typeError
                                       << u"must be Mode (Off=0, Heat=1, Cool=2), not int"_s;
    QTest::newRow("enum negative") << u"takeMode"_s << QVariant(-1) << typeError << u"must be Mode"_s;
    QTest::newRow("enum unknown name") << u"takeMode"_s << QVariant(u"Warm"_s) << typeError << u"must be Mode"_s;
    QTest::newRow("flags combined") << u"takeOptions"_s << QVariant(1 | 8) << QVariant(9) << QString();
    QTest::newRow("flags unknown bit") << u"takeOptions"_s << QVariant(4) << typeError
                                       << u"must be Options (flags of Fan=1, Eco=2, Night=8), not int"_s;
}

void tst_PyroErrorMessages::arguments()
{
    QFETCH(QString, method);
    QFETCH(QVariant, argument);
    QFETCH(QVariant, expected);
    QFETCH(QString, message);
    PyroWatchdog watchdog("arguments", 60);
    PyroProxy proxy(m_server->uri());
    const PyroResult result = proxy.call(method, {argument});
    if (expected.isValid()) {
        QVERIFY2(!result.isError(), qPrintable(result.error().toString()));
        QCOMPARE(result.value().toString(), expected.toString());
        return;
    }
    QCOMPARE(result.error().remoteType(), u"builtins.TypeError"_s);
    QVERIFY2(result.error().message().contains(message), qPrintable(result.error().message()));
}

void tst_PyroErrorMessages::localAttributeErrorLooksRemote()
{
    PyroWatchdog watchdog("localAttributeErrorLooksRemote", 60);
    PyroProxy proxy(m_server->uri());
    QVERIFY(proxy.waitForConnected()); // the metadata is known: the proxy answers itself
    const PyroResult local = proxy.call(u"nosuch"_s);
    QVERIFY(local.isError());
    QVERIFY(local.error().isRemote());
    QCOMPARE(local.error().remoteType(), u"builtins.AttributeError"_s);
    QCOMPARE(local.error().code(), PyroError::Code::RemoteException);
    QVERIFY2(local.error().message().contains(u"has no exposed attribute or method 'nosuch'"_s),
             qPrintable(local.error().message()));
}

void tst_PyroErrorMessages::closedByThePeer()
{
    // Something that takes the connection and closes it without a word (as a TLS-only
    // daemon does with a plain CONNECT).
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [&server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            socket->close();
            socket->deleteLater();
        }
    });
    PyroProxy proxy(PyroUri(u"PYRO:obj@127.0.0.1:%1"_s.arg(server.serverPort())));
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"echo"_s));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
    const QString text = reply->error().message();
    QVERIFY2(text.contains(u"connection closed by the peer (receiving: not enough data)"_s), qPrintable(text));
    QVERIFY2(text.contains(u"does the daemon expect TLS (PYRO_SSL=1)"_s), qPrintable(text));
}

void tst_PyroErrorMessages::daemonWithoutTheSerializer()
{
    // A daemon without the msgpack plugin: Pyro5 would just close; ours says why.
    QProcessEnvironment env = toolEnvironment();
    env.insert(u"QTPYRO_PLUGIN_PATH"_s, u"/nonexistent"_s);
    env.insert(u"QTPYRO_IGNORE_BUILD_PLUGINS"_s, u"1"_s);
    PyroTestProcess echo;
    echo.setEnvironment(env);
    const QString uri = echo.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-H"_s, u"127.0.0.1"_s},
                                   QRegularExpression(u"(PYRO:\\S+)"_s));
    QVERIFY2(!uri.isEmpty(), qPrintable(echo.errorString()));
    PyroProxy proxy{PyroUri(uri)};
    proxy.setSerializer(u"msgpack"_s);
    std::unique_ptr<PyroCallReply> reply(proxy.asyncCall(u"echo"_s, {1}));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20000);
    QCOMPARE(reply->error().code(), PyroError::Code::CommunicationError);
    QVERIFY2(reply->error().message().contains(
                     u"rejected: the daemon does not have the serializer the client asked for (id 4, msgpack)"_s),
             qPrintable(reply->error().message()));
}

void tst_PyroErrorMessages::pyroCallUnknownMethod()
{
    // The proxy's own AttributeError is the object's exception: pyro-call prints it as
    // Python prints a remote exception and exits 1, like for one the daemon raised.
    PyroTestProcess echo;
    echo.setEnvironment(toolEnvironment());
    const QString uri = echo.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-H"_s, u"127.0.0.1"_s},
                                   QRegularExpression(u"(PYRO:\\S+)"_s));
    QVERIFY2(!uri.isEmpty(), qPrintable(echo.errorString()));
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"pyro-call"_s), {uri, u"nosuch"_s}, toolEnvironment());
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.err.trimmed(), u"builtins.AttributeError: remote object '%1' has no exposed attribute or method 'nosuch'"_s.arg(uri));
}

QTEST_GUILESS_MAIN(tst_PyroErrorMessages)
#include "tst_pyroerrormessages.moc"
