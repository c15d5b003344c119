// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroerror.h"

#include <QtCore/QFuture>
#include <QtCore/QHash>
#include <QtCore/QMetaMethod>
#include <QtCore/QMetaProperty>
#include <QtCore/QSet>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

class QObject;

// One callable signature of an exposed method (moc lists each default-argument variant
// as a signature of its own).
struct QTPYRO_PRIVATE_EXPORT PyroMethodOverload
{
    QMetaMethod method;
    QList<QByteArray> names;   // parameter names
    QList<QMetaType> types;    // parameter types
    int argsIndex = -1;        // QVariantList "args": takes extra positional arguments
    int kwargsIndex = -1;      // QVariantMap "kwargs": takes extra keyword arguments
    // The first parameter a shorter default-argument variant of the same method leaves
    // out (-1: none). A QVariant parameter from here on that a call skips while passing a
    // later one by keyword arrives as an invalid QVariant ("not given").
    int optionalFrom = -1;
    QMetaType returnType;       // as moc has it (invalid: void or unregistered)
    bool returnsFuture = false; // QFuture<T> (T is looked up when a call returns one)
    bool isVariadic() const { return argsIndex >= 0 || kwargsIndex >= 0; }
};

struct QTPYRO_PRIVATE_EXPORT PyroExposedMethod
{
    QString name;              // the exposed (Python) name; see "pyro.names"
    QList<PyroMethodOverload> overloads;
    bool oneway = false;
    bool callback = false;     // Pyro5's @callback: a failure also closes the connection
};

/*
 * What a class exposes, worked out once per QMetaObject (see DESIGN.md "Exposure"):
 * the public slots, Q_INVOKABLEs and readable Q_PROPERTYs of the class and its bases down
 * to (not including) Qt's own classes, minus private names and "pyro.exclude", under
 * the names "pyro.names" gives them.
 */
struct QTPYRO_PRIVATE_EXPORT PyroClassInfo
{
    enum InstanceMode { NoInstanceMode = -1, Single = 0, Session = 1, PerCall = 2 };

    const QMetaObject *metaObject = nullptr;
    QString className;          // for Python-style messages: "EchoServer"
    QHash<QString, PyroExposedMethod> methods;
    QHash<QString, QMetaProperty> properties;
    QSet<QString> unexposed;    // names the class has but does not expose
    QStringList methodNames, onewayNames, attributeNames;
    bool pool = false;          // Q_CLASSINFO("pyro.threading", "pool")
    InstanceMode instanceMode = NoInstanceMode; // Q_CLASSINFO("pyro.instance_mode", ...)
    QVariant metadata;          // the get_metadata() dict {methods, oneway, attrs}

    const PyroExposedMethod *method(const QString &name) const
    {
        const auto it = methods.constFind(name);
        return it == methods.cend() ? nullptr : &it.value();
    }
};

// What an invocation gave: a value, an error, or a reply still to come.
struct QTPYRO_PRIVATE_EXPORT PyroInvokeResult
{
    QVariant value;
    PyroError error;
    bool delayed = false;       // the method called PyroCallContext::setDelayedReply()
    bool closeConnection = false; // a "pyro.callback" method failed
    // A QFuture<T> the method returned: the reply waits for it.
    QVariant futureHolder;      // the QFuture<T> itself (keeps its results alive)
    QMetaType futureResultType; // T (invalid for void)
    bool hasFuture = false;
    // A QFuture<void> sharing the state of the held QFuture<T> (made on demand: even an
    // empty QFuture allocates).
    QFuture<void> future() const;

    bool isError() const { return error.isError(); }
    static PyroInvokeResult fromError(const PyroError &error)
    {
        PyroInvokeResult r;
        r.error = error;
        return r;
    }
};

/*
 * Reflection and dispatch on QObjects. The call functions run in the thread the object
 * may be used from (the daemon arranges that); everything here is thread-safe.
 * pyroexposure.cpp: what a class exposes; pyroarguments.cpp: binding and converting
 * arguments; pyroinvoker.cpp: invoking; pyrotraceback.cpp: errors and tracebacks.
 */
namespace PyroInvoker {

// Cached per QMetaObject, never freed (like Pyro5's metadata cache).
QTPYRO_PRIVATE_EXPORT const PyroClassInfo &classInfo(const QMetaObject *metaObject);
// Pyro5's is_private_attribute(): '_x' and '__x' are private, dunder names (except
// Python's own list) are not.
QTPYRO_PRIVATE_EXPORT bool isPrivateName(QStringView name);
// True for QObject and the other classes Qt itself defines.
QTPYRO_PRIVATE_EXPORT bool isQtClass(const QMetaObject *metaObject);
// The Q_CLASSINFO("pyro.names", "cppName=pythonName,...") renames of a class and its
// bases (the most derived class wins for a name): C++ name -> exposed name.
QTPYRO_PRIVATE_EXPORT QHash<QString, QString> exposedNames(const QMetaObject *metaObject);

// The comma-separated names of a Q_CLASSINFO list ("pyro.exclude", "pyro.oneway") of the
// class and its bases.
QTPYRO_PRIVATE_EXPORT QSet<QString> classInfoNames(const QMetaObject *metaObject, const char *key);

// Pyro5's _get_attribute(): an AttributeError for private, unexposed and unknown names;
// no error when the method is exposed.
QTPYRO_PRIVATE_EXPORT PyroError resolve(const PyroClassInfo &cls, const QString &name);
// The exposed method of that name, with one hash of the name and no error object made;
// null otherwise (then resolve() says why).
QTPYRO_PRIVATE_EXPORT const PyroExposedMethod *lookup(const PyroClassInfo &cls, const QString &name);

// Calls an exposed method with decoded arguments; kwargs is a QVariantMap, a PyroDict,
// or None (a TypeError, like Python's f(*args, **None)). C++ exceptions are caught.
QTPYRO_PRIVATE_EXPORT PyroInvokeResult call(QObject *object, const PyroClassInfo &cls,
                                            const PyroExposedMethod &method,
                                            const QVariantList &args, const QVariant &kwargs);
// Remote attributes (Pyro5's __getattr__/__setattr__ on exposed properties).
QTPYRO_PRIVATE_EXPORT PyroInvokeResult getAttribute(QObject *object, const PyroClassInfo &cls,
                                                    const QString &name);
QTPYRO_PRIVATE_EXPORT PyroInvokeResult setAttribute(QObject *object, const PyroClassInfo &cls,
                                                    const QString &name, const QVariant &value);

// How well a decoded value fits a parameter type, worst first: not at all, only as a
// QVariant (or by a metatype conversion), by conversion (int -> double, tuple -> list...),
// exactly. Overloads are chosen by it.
enum class Fit { None, AsVariant, Converted, Exact };
QTPYRO_PRIVATE_EXPORT Fit fit(const QVariant &value, QMetaType type);
// The value as a QVariant of exactly that type (for QVariant parameters: the value
// itself). False when it does not convert.
QTPYRO_PRIVATE_EXPORT bool convert(const QVariant &value, QMetaType type, QVariant *out);
// Python's name for what a parameter type takes ("int", "str", "list"...), for messages.
QTPYRO_PRIVATE_EXPORT QString pythonTypeName(QMetaType type);
// "QFuture<T>": true, and *resultType = T (invalid for void).
QTPYRO_PRIVATE_EXPORT bool isFutureType(QMetaType type, QMetaType *resultType = nullptr);
// The outcome of a finished future (value, or the exception it holds as an error).
QTPYRO_PRIVATE_EXPORT PyroInvokeResult futureOutcome(const PyroInvokeResult &pending,
                                                     const QString &where);

// The traceback lines a daemon sends with an error raised at "where"
// ("EchoServer::error"), in Python's format; detailed adds Pyro5-style local values.
QTPYRO_PRIVATE_EXPORT QStringList traceback(const PyroError &error, const QString &where,
                                            const QString &cppException = QString(),
                                            const QStringList &details = QStringList());
// Adds a traceback to error unless it has one.
QTPYRO_PRIVATE_EXPORT void addTraceback(PyroError *error, const QString &where,
                                        const QString &cppException = QString(),
                                        const QStringList &details = QStringList());
// Runs fn, turning a PyroException or any other C++ exception into an error.
QTPYRO_PRIVATE_EXPORT PyroInvokeResult guarded(const std::function<PyroInvokeResult()> &fn,
                                               const QString &where);
// The error a caught exception becomes (call inside a catch block).
QTPYRO_PRIVATE_EXPORT PyroError currentExceptionError(const QString &where,
                                                      const QStringList &details = QStringList());

} // namespace PyroInvoker
