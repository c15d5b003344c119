// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// C++ twins of the objects the golden vectors were recorded with: Pyro5's echo server
// (test.echoserver) and the generator's extra objects (test.extras, the counters,
// test.partly, test.callback), with the same method names, results and errors.

#include "pyrocallcontext.h"
#include "pyrodaemon.h"
#include "pyrogenerator.h"
#include "pyroserializedblob.h"
#include "pyrovalues.h"

#include <QtCore/QObject>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtCore/QUuid>

#include <limits>

class EchoServer : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool verbose READ verbose WRITE setVerbose)
    Q_CLASSINFO("pyro.oneway", "oneway_echo,oneway_slow")
public:
    bool verbose() const { return m_verbose; }
    void setVerbose(bool on) { m_verbose = on; }
    bool mustShutdown() const { return m_shutdown; }

public Q_SLOTS:
    QVariant echo(const QVariant &message) { return message; }
    void error()
    {
        throw PyroException(QStringLiteral("builtins.ValueError"),
                            QStringLiteral("this is the generated error from echoserver echo() method"));
    }
    void error_with_text()
    {
        throw PyroException(QStringLiteral("builtins.ValueError"), QStringLiteral("the message of the error"));
    }
    QString oneway_echo(const QVariant &) { return QStringLiteral("bogus return value"); }
    QString slow()
    {
        PyroDelayedReply reply = PyroCallContext::current()->delayReply();
        QTimer::singleShot(5000, this, [reply]() mutable { reply.send(QStringLiteral("Finally, an answer!")); });
        return QString();
    }
    PyroGenerator generator()
    {
        return PyroGenerator::fromList({QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")});
    }
    double nan() { return std::numeric_limits<double>::quiet_NaN(); }
    double inf() { return std::numeric_limits<double>::infinity(); }
    QString oneway_slow() { return QStringLiteral("bogus return value"); }
    QString __dunder__() { return QStringLiteral("should be allowed (dunder)"); }
    void shutdown() { m_shutdown = true; }
    QString _private() { return QStringLiteral("should not be allowed"); }

private:
    bool m_verbose = false;
    bool m_shutdown = false;
};

class Child : public QObject
{
    Q_OBJECT
public:
    explicit Child(const QString &name, QObject *parent = nullptr) : QObject(parent), m_name(name) { }
public Q_SLOTS:
    QString name() const { return m_name; }

private:
    QString m_name;
};

class Extras : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int value READ value WRITE setValue)
    Q_PROPERTY(QString readonly READ readonly)
    Q_CLASSINFO("pyro.oneway", "fire")
public:
    explicit Extras(PyroDaemon *daemon = nullptr) : m_daemon(daemon) { }
    int value() const { return m_value; }
    void setValue(int v) { m_value = v; }
    QString readonly() const { return QStringLiteral("read only property"); }
    int fired = 0;

public Q_SLOTS:
    QVariantMap blob(const PyroSerializedBlob &blob)
    {
        return {{QStringLiteral("blob_type"), QStringLiteral("SerializedBlob")},
                {QStringLiteral("info"), blob.info()},
                {QStringLiteral("data"), blob.deserialized()}};
    }
    void raise_custom()
    {
        throw PyroException(QStringLiteral("vecservers.CustomError"), QStringLiteral("custom exception class"));
    }
    PyroTuple whoami()
    {
        PyroCallContext *context = PyroCallContext::current();
        return PyroTuple{context->clientAddress(), qlonglong(context->clientPort())};
    }
    QVariant call_back(const PyroObjectRef &handler, const QString &message)
    {
        Q_UNUSED(message);
        lastHandler = handler;
        PyroCallContext::current()->setError(PyroError::exception(
            QStringLiteral("builtins.RuntimeError"), QStringLiteral("no client side in this test")));
        return QVariant();
    }
    void fire(const QVariant &) { ++fired; }
    QVariantMap annotated(const QString &message)
    {
        PyroCallContext *context = PyroCallContext::current();
        QVariantMap received;
        const auto annotations = context->annotations();
        for (auto it = annotations.cbegin(); it != annotations.cend(); ++it)
            received.insert(QString::fromLatin1(it.key()), QString::fromLatin1(it.value().toHex()));
        context->setResponseAnnotation("XRSP", "response annotation for " + message.toUtf8());
        return {{QStringLiteral("received_annotations"), received},
                {QStringLiteral("correlation_id"), context->correlationId().toString(QUuid::WithoutBraces)}};
    }
    PyroGenerator counter()
    {
        return PyroGenerator([i = qlonglong(0)]() mutable -> std::optional<QVariant> { return QVariant(i++); });
    }
    QString big(int n) { return QStringLiteral("ABCDEFGHIJ").repeated(n); }
    QVariantMap kwargs_call(const QVariant &a, const QVariant &b = 2, const QVariantList &args = {},
                            const QVariantMap &kwargs = {})
    {
        return {{QStringLiteral("a"), a}, {QStringLiteral("b"), b},
                {QStringLiteral("args"), args}, {QStringLiteral("kwargs"), kwargs}};
    }
    QObject *make_child(const QString &name)
    {
        auto *child = new Child(name, this);
        m_daemon->registerObject(child, QStringLiteral("test.child.%1").arg(++m_children));
        return child;
    }
    QObject *make_child_generated_id(const QString &name)
    {
        auto *child = new Child(name, this);
        m_daemon->registerObject(child);
        return child;
    }
    void raise_naming()
    {
        throw PyroException(PyroError(PyroError::Code::NamingError, QStringLiteral("unknown name: does.not.exist")));
    }
    void raise_with_attribute()
    {
        PyroError error = PyroError::exception(QStringLiteral("builtins.ValueError"),
                                               QStringLiteral("value error with an extra attribute"));
        error.setAttribute(QStringLiteral("code"), 1234);
        PyroCallContext::current()->setError(error);
    }

public:
    PyroObjectRef lastHandler;

private:
    PyroDaemon *m_daemon;
    int m_value = 42;
    int m_children = 0;
};

class Counter : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    int incr() { return ++m_count; }

private:
    int m_count = 0;
};

class Partly : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString prop READ prop)
    Q_CLASSINFO("pyro.exclude", "invisible")
public:
    QString prop() const { return QStringLiteral("prop"); }
public Q_SLOTS:
    QString visible() { return QStringLiteral("visible"); }
    PYRO_ONEWAY void visible_oneway() { }
    QString invisible() { return QStringLiteral("invisible"); }
};

class CallbackHandler : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("pyro.callback", "notify")
public Q_SLOTS:
    QString notify(const QString &message)
    {
        if (message == QStringLiteral("fail"))
            throw PyroException(QStringLiteral("builtins.ValueError"), QStringLiteral("callback failure requested"));
        return QStringLiteral("callback got ") + message;
    }
};

// Registers the objects of the vectors' daemon, in its order.
inline void registerVectorObjects(PyroDaemon *daemon, QObject *owner)
{
    auto *echo = new EchoServer;
    echo->setParent(owner);
    daemon->registerObject(echo, QStringLiteral("test.echoserver"));
    auto *extras = new Extras(daemon);
    extras->setParent(owner);
    daemon->registerObject(extras, QStringLiteral("test.extras"));
    daemon->registerType<Counter>(QStringLiteral("test.counter.single"), PyroDaemon::InstanceMode::Single);
    daemon->registerType<Counter>(QStringLiteral("test.counter.session"), PyroDaemon::InstanceMode::Session);
    daemon->registerType<Counter>(QStringLiteral("test.counter.percall"), PyroDaemon::InstanceMode::PerCall);
    auto *partly = new Partly;
    partly->setParent(owner);
    daemon->registerObject(partly, QStringLiteral("test.partly"));
}
