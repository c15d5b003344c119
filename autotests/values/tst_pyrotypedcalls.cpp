// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Typed calls against a QtPyro daemon: PyroProxy::call<T>() with variadic arguments,
// futureCall<T>(), PyroCallReply::value<T>()/result<T>()/future<T>(), the
// PyroProxy(QString) constructor, and conversion failures as clear errors.

#include "pyrocallreply.h"
#include "pyroproxy.h"
#include "pyrotypedresult.h"
#include "pyrovaluetypes.h"

#include "valuehost.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_PyroTypedCalls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void blocking();
    void arguments();
    void conversionFailures_data();
    void conversionFailures();
    void remoteErrorStaysRemote();
    void replyValue();
    void futures();
    void uriText();

private:
    DaemonThread m_daemon;
    PyroUri m_uri;
};

void tst_PyroTypedCalls::initTestCase()
{
    PyroValues::registerGadget<Span>();
    m_uri = m_daemon.start();
    QVERIFY(m_uri.isValid());
}

void tst_PyroTypedCalls::blocking()
{
    PyroProxy proxy(m_uri);
    const PyroTypedResult<int> sum = proxy.call<int>(u"add"_s, 1, 2);
    QVERIFY2(sum, qPrintable(sum.error().toString()));
    QCOMPARE(sum.value(), 3);
    QCOMPARE(sum.optional(), std::optional<int>(3));
    QCOMPARE(sum.result().value(), QVariant(qlonglong(3))); // the untyped result
    QCOMPARE(proxy.call<double>(u"add"_s, 1, 2).value(), 3.0); // int -> float, as Python
    QCOMPARE(proxy.call<QPoint>(u"point"_s, QPoint(4, 5)).value(), QPoint(4, 5));
    QCOMPARE(proxy.call<Span>(u"span"_s, Span{1, 2}).value(), (Span{1, 2}));
    QCOMPARE(proxy.call<Reading>(u"makeReading"_s).value().sensor, u"attic"_s); // no arguments
    QCOMPARE(proxy.call<QVariant>(u"echo"_s, 7).value(), QVariant(qlonglong(7)));
}

void tst_PyroTypedCalls::arguments()
{
    PyroProxy proxy(m_uri);
    QCOMPARE(proxy.call<QString>(u"pythonType"_s, "text").value(), u"str"_s);
    QCOMPARE(proxy.call<QString>(u"pythonType"_s, u"text"_s).value(), u"str"_s);
    QCOMPARE(proxy.call<QString>(u"pythonType"_s, u"text").value(), u"str"_s);
    // serpent sends bytes as Pyro5 does: a base64 dict (a QByteArray parameter takes it)
    QCOMPARE(proxy.call<QString>(u"pythonType"_s, QByteArray("b")).value(), u"dict"_s);
    QCOMPARE(proxy.call<QString>(u"pythonType"_s, QVariantList{1}).value(), u"list"_s);
    QCOMPARE(proxy.call<QString>(u"pythonType"_s, QVariant(2.5)).value(), u"float"_s);
    QCOMPARE(proxy.call<QString>(u"pythonType"_s, PyroValues::none()).value(), u"NoneType"_s);
    QCOMPARE(proxy.call<QString>(u"pythonType"_s, QPoint(1, 2)).value(), u"dict"_s);
    QCOMPARE(PyroValues::arguments(1, "a", 2.5).size(), 3);
}

void tst_PyroTypedCalls::conversionFailures_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QVariant>("argument");
    QTest::addColumn<QString>("message");
    QTest::newRow("str for int") << u"echo"_s << QVariant(u"three"_s) << u"echo(): expected int, got str 'three'"_s;
    QTest::newRow("int beyond int") << u"echo"_s << QVariant(qlonglong(1) << 40)
                                    << u"echo(): expected int, got int 1099511627776"_s;
    QTest::newRow("None for int") << u"echo"_s << PyroValues::none() << u"echo(): expected int, got NoneType None"_s;
    QTest::newRow("float for int") << u"echo"_s << QVariant(2.5) << u"echo(): expected int, got float 2.5"_s;
}

void tst_PyroTypedCalls::conversionFailures()
{
    QFETCH(QString, method);
    QFETCH(QVariant, argument);
    QFETCH(QString, message);
    PyroProxy proxy(m_uri);
    const PyroTypedResult<int> r = proxy.call<int>(method, argument);
    QVERIFY(r.isError());
    QVERIFY(!r);
    QCOMPARE(r.error().code(), PyroError::Code::SerializeError);
    QCOMPARE(r.error().message(), message);
    QCOMPARE(r.value(), 0);
    QCOMPARE(r.valueOr(-1), -1);
    QVERIFY(!r.result().isError()); // the call itself went fine

    PyroError error;
    QVERIFY(!PyroValues::to<QPoint>(u"x"_s, &error));
    QCOMPARE(error.message(), u"expected QPoint, got str 'x'"_s);
}

void tst_PyroTypedCalls::remoteErrorStaysRemote()
{
    PyroProxy proxy(m_uri);
    const PyroTypedResult<int> r = proxy.call<int>(u"add"_s, u"x"_s, 1);
    QVERIFY(r.isError());
    QCOMPARE(r.error().code(), PyroError::Code::RemoteException);
    QCOMPARE(r.error().remoteType(), u"builtins.TypeError"_s);
}

void tst_PyroTypedCalls::replyValue()
{
    PyroProxy proxy(m_uri);
    PyroCallReply *reply = proxy.asyncCall(u"point"_s, {QPoint(7, 8)});
    QSignalSpy finished(reply, &PyroCallReply::finished);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(reply->value<QPoint>(), QPoint(7, 8));
    QCOMPARE(reply->value<QPointF>(), QPointF(7, 8));
    PyroError error;
    QCOMPARE(reply->value<QString>(&error), QString());
    QCOMPARE(error.message(), u"point(): expected QString, got dict {'x': 7, 'y': 8}"_s);
    QCOMPARE(reply->result<QSize>().error().message(),
             u"point(): expected QSize, got dict {'x': 7, 'y': 8}"_s);
    delete reply;
}

void tst_PyroTypedCalls::futures()
{
    PyroProxy proxy(m_uri);
    QFuture<int> sum = proxy.futureCall<int>(u"add"_s, 20, 22);
    QTRY_VERIFY_WITH_TIMEOUT(sum.isFinished(), 30000);
    QCOMPARE(sum.result(), 42);

    // A value that does not convert, and a remote exception: both a PyroException.
    const auto failure = [](QFuture<int> future) -> PyroError {
        try {
            future.waitForFinished();
            future.result();
        } catch (const PyroException &e) {
            return e.error();
        }
        return PyroError();
    };
    QFuture<int> wrong = proxy.futureCall<int>(u"echo"_s, u"x"_s);
    QTRY_VERIFY_WITH_TIMEOUT(wrong.isFinished(), 30000);
    QCOMPARE(failure(wrong).message(), u"echo(): expected int, got str 'x'"_s);
    QFuture<int> remote = proxy.futureCall<int>(u"add"_s, u"x"_s, 1);
    QTRY_VERIFY_WITH_TIMEOUT(remote.isFinished(), 30000);
    QCOMPARE(failure(remote).remoteType(), u"builtins.TypeError"_s);

    PyroCallReply *reply = proxy.asyncCall(u"rect"_s, {QRect(1, 2, 3, 4)});
    QFuture<QRect> rect = reply->future<QRect>();
    QTRY_VERIFY_WITH_TIMEOUT(rect.isFinished(), 30000);
    QCOMPARE(rect.result(), QRect(1, 2, 3, 4));
    delete reply;
}

void tst_PyroTypedCalls::uriText()
{
    PyroProxy proxy(m_uri.toString());
    QCOMPARE(proxy.uri(), m_uri);
    QCOMPARE(proxy.call<qlonglong>(u"add"_s, 2, 3).value(), 5);
    PyroProxy bad(u"not a uri"_s);
    QVERIFY(!bad.uri().isValid());
    const PyroTypedResult<int> r = bad.call<int>(u"add"_s, 1, 2);
    QVERIFY(r.isError());
    QCOMPARE(r.error().message(), u"invalid uri"_s);
}

QTEST_GUILESS_MAIN(tst_PyroTypedCalls)
#include "tst_pyrotypedcalls.moc"
