// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "testserver.h"

#include "pyrotestprocess.h"

#include <QtPyro/PyroCallContext>
#include <QtPyro/PyroConfig>
#include <QtPyro/PyroNameServerProxy>
#include <QtPyro/PyroValues>

#include <QtCore/QDateTime>

#include <limits>

using namespace Qt::StringLiterals;

void Thermostat::setTarget(double t)
{
    if (qFuzzyCompare(m_target, t))
        return;
    m_target = t;
    Q_EMIT targetChanged(t);
}

void Thermostat::setTemperature(double t)
{
    m_temperature = t;
    Q_EMIT temperatureChanged(t);
}

QString Thermostat::pythonType(const QVariant &value)
{
    return PyroValues::pythonTypeName(value);
}

QString Thermostat::pythonRepr(const QVariant &value)
{
    return PyroValues::pythonRepr(value);
}

QVariant Thermostat::sample(const QString &kind)
{
    if (kind == u"none")
        return PyroValues::none();
    if (kind == u"int")
        return qlonglong(42);
    if (kind == u"int53")                 // 2^53 + 1: no longer exact as a JS number
        return qlonglong(9007199254740993LL);
    if (kind == u"bigint")
        return QVariant::fromValue(PyroBigInt::fromString(u"123456789012345678901234567890"));
    if (kind == u"float")
        return 2.5;
    if (kind == u"nan")
        return std::numeric_limits<double>::quiet_NaN();
    if (kind == u"inf")
        return std::numeric_limits<double>::infinity();
    if (kind == u"str")
        return u"grüße"_s;
    if (kind == u"bytes")
        return QByteArray("\x00\x01\xff", 3);
    if (kind == u"list")
        return QVariantList{1, u"two"_s, 3.5};
    if (kind == u"tuple")
        return QVariant::fromValue(PyroTuple{1, 2});
    if (kind == u"set")
        return QVariant::fromValue(PyroSet{1, 2});
    if (kind == u"dict")
        return QVariantMap{{u"a"_s, 1}, {u"b"_s, QVariantList{true}}};
    if (kind == u"dictIntKeys")
        return QVariant::fromValue(PyroDict{{1, u"one"_s}, {2, u"two"_s}});
    if (kind == u"datetime")
        return QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15), Qt::UTC);
    if (kind == u"bool")
        return true;
    if (kind == u"complex")
        return QVariant::fromValue(PyroComplex(1.5, -2));
    if (kind == u"negInf")
        return -std::numeric_limits<double>::infinity();
    PyroCallContext::current()->setError(PyroError::exception(u"builtins.KeyError"_s, kind));
    return {};
}

void Thermostat::fail(const QString &message)
{
    PyroCallContext::current()->setError(PyroError::exception(u"builtins.ValueError"_s, message));
}

PyroGenerator Thermostat::countdown(int from)
{
    return PyroGenerator([i = from]() mutable -> std::optional<QVariant> {
        if (i <= 0)
            return std::nullopt;
        return i--;
    });
}

PyroGenerator Thermostat::ticks()
{
    // Endless in practice (bounded so a test that forgets to cancel still ends).
    return PyroGenerator([i = 0]() mutable -> std::optional<QVariant> {
        if (i >= 1'000'000)
            return std::nullopt;
        QThread::msleep(5);
        return i++;
    });
}

QVariant SlowObject::slowEcho(const QVariant &value, int msecs)
{
    QThread::msleep(ulong(msecs));
    return value;
}

void TestOperation::finish(const QVariant &value, const QString &error)
{
    m_finished = true;
    m_value = value;
    m_error = error;
    Q_EMIT changed();
}

TestServer::TestServer(QObject *parent)
    : QObject(parent)
{
    m_thread.start();
    m_context.moveToThread(&m_thread);
    QMetaObject::invokeMethod(&m_context, [this] {
        m_daemon = std::make_unique<PyroDaemon>();
        if (!m_daemon->listen(u"127.0.0.1"_s, 0))
            qFatal("test daemon cannot listen");
        m_thermostat = std::make_unique<Thermostat>();
        m_slow = std::make_unique<SlowObject>();
        m_thermostatUri = m_daemon->registerObject(m_thermostat.get(), u"test.thermostat"_s).toString();
        m_slowUri = m_daemon->registerObject(m_slow.get(), u"test.slow"_s).toString();
        PyroConfig tls = PyroConfig::global();
        tls.setSsl(true);
        tls.setSslServerCert(certDir() + u"/server.pem"_s);
        tls.setSslServerKey(certDir() + u"/server.key"_s);
        tls.setSslCaCerts(certDir() + u"/ca.pem"_s);
        tls.setSslRequireClientCert(true);
        m_tlsDaemon = std::make_unique<PyroDaemon>(tls);
        if (m_tlsDaemon->listen(u"127.0.0.1"_s, 0))
            m_tlsUri = m_tlsDaemon->registerObject(m_thermostat.get(), u"test.tls"_s).toString();
        m_nameServer = std::make_unique<PyroNameServer>();
        m_nameServer->setBroadcastAddress(u"127.0.0.1"_s, qEnvironmentVariableIntValue("PYRO_NS_BCPORT"));
        if (!m_nameServer->start(u"127.0.0.1"_s, 0))
            qFatal("test name server cannot start");
        m_nsPort = m_nameServer->uri().port();
    }, Qt::BlockingQueuedConnection);
}

TestServer::~TestServer()
{
    QMetaObject::invokeMethod(&m_context, [this] {
        m_nameServer.reset();
        m_tlsDaemon.reset();
        m_daemon.reset();
        m_thermostat.reset();
        m_slow.reset();
    }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QString TestServer::certDir() const
{
    return QStringLiteral(QTPYRO_TEST_DATA) + u"/certs"_s;
}

bool TestServer::pythonAvailable() const
{
    return !qEnvironmentVariableIsEmpty("PYRO5_SRC");
}

QStringList TestServer::serializers() const
{
    return {u"serpent"_s, u"json"_s, u"marshal"_s, u"msgpack"_s};
}

bool TestServer::registerName(const QString &name, const QString &uri, const QStringList &metadata)
{
    PyroNameServerProxy ns(PyroNameServerProxy::uriFor(nsHost(), m_nsPort));
    std::unique_ptr<PyroCallReply> reply(ns.registerName(name, PyroUri(uri), PyroNameServerProxy::RegisterMode::Replace, metadata));
    return reply->waitForFinished(QDeadlineTimer(20000)) && !reply->isError();
}

bool TestServer::removeName(const QString &name)
{
    PyroNameServerProxy ns(PyroNameServerProxy::uriFor(nsHost(), m_nsPort));
    std::unique_ptr<PyroCallReply> reply(ns.remove(name));
    return reply->waitForFinished(QDeadlineTimer(20000)) && !reply->isError();
}

TestOperation *TestServer::cppCall(const QString &uri, const QString &method, const QVariantList &args)
{
    auto *op = new TestOperation(this);
    auto *proxy = new PyroProxy(PyroUri(uri), op);
    PyroCallReply *reply = proxy->asyncCall(method, args);
    connect(reply, &PyroCallReply::finished, op, [op, reply] {
        reply->deleteLater();
        op->finish(reply->value(), reply->isError() ? reply->error().toString() : QString());
    });
    return op;
}

TestOperation *TestServer::pythonCall(const QString &uri, const QString &method, const QString &argsLiteral)
{
    auto *op = new TestOperation(this);
    auto *process = new QProcess(op);
    process->setProcessEnvironment(PyroTestProcess::pythonEnvironment());
    const QString code = u"import Pyro5.api, sys\n"
                         "p = Pyro5.api.Proxy(sys.argv[1])\n"
                         "print(repr(getattr(p, sys.argv[2])(*eval(sys.argv[3]))))\n"_s;
    connect(process, &QProcess::finished, op, [op, process](int exitCode) {
        const QString out = QString::fromUtf8(process->readAllStandardOutput()).trimmed();
        const QString err = QString::fromUtf8(process->readAllStandardError());
        op->finish(out, exitCode == 0 ? QString() : err);
    });
    process->start(PyroTestProcess::python(), {u"-c"_s, code, uri, method, argsLiteral});
    return op;
}
