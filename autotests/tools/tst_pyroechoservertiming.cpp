// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Durations that are part of pyro-echoserver's contract are never cut short: slow()
// answers after 5 s like Python's (time.sleep(5)), so a client that gives up at 4.9 s
// gets a timeout, and an idle connection lives its whole COMMTIMEOUT. A coarse timer
// fires up to 5 % early; these would fail with one. Takes about 5 s.

#include "pyroproxy.h"
#include "pyrocallreply.h"
#include "pyroerror.h"
#include "pyrotestprocess.h"

#include <QtCore/QElapsedTimer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_PyroEchoServerTiming : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void slowTakesFiveSeconds();
};

void tst_PyroEchoServerTiming::slowTakesFiveSeconds()
{
    PyroTestProcess server;
    server.setEnvironment(toolEnvironment());
    const QStringList args{u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s};
    const QRegularExpression uriLine(u"echo uri: (PYRO:\\S+)"_s);
    const QString uri = server.start(PyroTestProcess::tool(u"pyro-echoserver"_s), args, uriLine);
    QVERIFY2(!uri.isEmpty(), qPrintable(server.errorString()));
    PyroTestProcess strictServer;
    QProcessEnvironment env = toolEnvironment();
    env.insert(u"PYRO_COMMTIMEOUT"_s, u"2"_s);
    strictServer.setEnvironment(env);
    const QString strictUri = strictServer.start(PyroTestProcess::tool(u"pyro-echoserver"_s), args, uriLine);
    QVERIFY2(!strictUri.isEmpty(), qPrintable(strictServer.errorString()));

    // The three waits run side by side: one ~5 s wait in all.
    PyroProxy patient{PyroUri(uri)};
    PyroProxy hasty{PyroUri(uri)};
    hasty.setCallTimeout(4900);
    QVERIFY(patient.call(u"echo"_s, {1}).value().isValid()); // connected before the clocks start
    QVERIFY(hasty.call(u"echo"_s, {1}).value().isValid());

    const PyroUri parsed(strictUri);
    QTcpSocket idle;
    idle.connectToHost(parsed.host(), quint16(parsed.port()));
    QVERIFY(idle.waitForConnected(10000));
    QElapsedTimer idleClock;
    idleClock.start();
    qint64 idleLived = -1;
    connect(&idle, &QTcpSocket::disconnected, this, [&] { idleLived = idleClock.elapsed(); });

    QElapsedTimer clock;
    clock.start();
    qint64 patientTook = -1;
    qint64 hastyTook = -1;
    PyroCallReply *slow = patient.asyncCall(u"slow"_s);
    PyroCallReply *tooSlow = hasty.asyncCall(u"slow"_s);
    connect(slow, &PyroCallReply::finished, this, [&] { patientTook = clock.elapsed(); });
    connect(tooSlow, &PyroCallReply::finished, this, [&] { hastyTook = clock.elapsed(); });
    QTRY_VERIFY_WITH_TIMEOUT(patientTook >= 0 && hastyTook >= 0 && idleLived >= 0, 60000);

    QVERIFY2(!slow->error().isError(), qPrintable(slow->error().toString()));
    QCOMPARE(slow->result().value().toString(), u"Finally, an answer!"_s);
    QVERIFY2(patientTook >= 5000, qPrintable(u"slow() answered after %1 ms"_s.arg(patientTook)));
    QCOMPARE(tooSlow->error().code(), PyroError::Code::Timeout);
    QVERIFY2(hastyTook >= 4900, qPrintable(u"timed out after %1 ms"_s.arg(hastyTook)));
    QVERIFY2(idleLived >= 2000, qPrintable(u"idle connection closed after %1 ms (COMMTIMEOUT 2 s)"_s.arg(idleLived)));
    delete slow;
    delete tooSlow;
}

QTEST_GUILESS_MAIN(tst_PyroEchoServerTiming)
#include "tst_pyroechoservertiming.moc"
