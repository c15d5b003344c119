// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// Tracebacks: the Python-format traceback a daemon sends with an error, and how a C++
// exception thrown by an invoked method becomes a Python exception.
#include "pyroinvoker_p.h"
#include "pyroinvokersupport_p.h"

#include "pyrocallcontext.h"
#include "pyrocallcontext_p.h"
#include "pyroerror_p.h"
#include "pyrovalues_p.h"

#include <QtCore/QException>
#include <QtCore/QObject>
#include <QtCore/QThread>

#include <cstdlib>
#include <new>
#include <stdexcept>
#include <system_error>

#if __has_include(<cxxabi.h>)
#  include <cxxabi.h>
#  define QTPYRO_HAVE_CXXABI 1
#endif

using namespace Qt::StringLiterals;

namespace PyroInvokerDetail {


QString repr(const QVariant &value, int depth)
{
    if (depth > 8)
        return u"..."_s;
    PyroValues::ReprOptions shortened;
    shortened.maxDepth = 9 - depth;
    shortened.maxLength = 200;
    return PyroValues::pythonRepr(value, shortened);
}

QString cppTypeName(const std::type_info &info)
{
#ifdef QTPYRO_HAVE_CXXABI
    int status = 0;
    char *demangled = abi::__cxa_demangle(info.name(), nullptr, nullptr, &status);
    if (status == 0 && demangled) {
        const QString name = QString::fromLatin1(demangled);
        std::free(demangled);
        return name;
    }
    std::free(demangled);
#endif
    return QString::fromLatin1(info.name());
}

QStringList detailsFor(QObject *object, const PyroClassInfo &cls, const QVariantList &args,
                       const QVariant &kwargs)
{
    QStringList lines;
    lines.append(u"    args = %1\n"_s.arg(repr(QVariant::fromValue(PyroTuple(args)))));
    lines.append(u"    kwargs = %1\n"_s.arg(repr(kwargs)));
    if (object) {
        lines.append(u"    self = <%1 object>\n"_s.arg(QString::fromLatin1(object->metaObject()->className())));
        for (auto it = cls.properties.cbegin(); it != cls.properties.cend(); ++it)
            lines.append(u"        self.%1 = %2\n"_s.arg(it.key(), repr(it->read(object))));
        lines.append(u"    thread = %1\n"_s.arg(QThread::currentThread()->objectName().isEmpty()
                                                   ? u"0x"_s + QString::number(quintptr(QThread::currentThreadId()), 16)
                                                   : QThread::currentThread()->objectName()));
    }
    return lines;
}

bool wantsDetails()
{
    // The daemon puts its DETAILED_TRACEBACK setting into the connection of the call.
    const PyroCallContext *context = PyroCallContext::current();
    if (!context)
        return false;
    const auto *cd = PyroCallContextPrivate::get(context);
    return cd->connection && cd->connection->detailedTraceback;
}

} // namespace PyroInvokerDetail

namespace PyroInvoker {

using PyroInvokerDetail::cppTypeName;

QStringList traceback(const PyroError &error, const QString &where, const QString &cppException,
                      const QStringList &details)
{
    QString cls = error.pythonClass();
    if (cls.startsWith(u"builtins."_s))
        cls = cls.mid(9);
    const QString message = error.message();
    const QString last = (message.isEmpty() ? cls : cls + u": "_s + message) + u'\n';
    QStringList lines;
    lines.append(u"Traceback (most recent call last):\n"_s);
    lines.append(u"  File \"<QtPyro>\", line 0, in PyroDaemon::handleRequest\n"_s);
    if (!where.isEmpty())
        lines.append(u"  File \"<C++>\", line 0, in %1\n"_s.arg(where));
    if (!cppException.isEmpty())
        lines.append(u"    (C++ exception %1)\n"_s.arg(cppException));
    lines.append(last);
    if (!details.isEmpty()) {
        // Pyro5's DETAILED_TRACEBACK layout: the frame with its local values.
        const QString rule = QString(52, u'-') + u'\n';
        QStringList detailed;
        detailed << rule << u" EXCEPTION %1: %2\n"_s.arg(cls, message)
                 << u" Extended stacktrace follows (most recent call last)\n"_s << rule
                 << u"File \"<C++>\", line 0, in %1\n"_s.arg(where.isEmpty() ? u"PyroDaemon::handleRequest"_s : where);
        if (!cppException.isEmpty())
            detailed << u"C++ exception: %1\n"_s.arg(cppException);
        detailed << u"Local values:\n"_s;
        detailed += details;
        detailed << rule << u" EXCEPTION %1: %2\n"_s.arg(cls, message) << rule;
        return detailed;
    }
    return lines;
}

void addTraceback(PyroError *error, const QString &where, const QString &cppException,
                  const QStringList &details)
{
    if (error->attributes().contains(u"_pyroTraceback"_s))
        return;
    PyroErrorEditor::setTraceback(*error, traceback(*error, where, cppException, details));
}

PyroError currentExceptionError(const QString &where, const QStringList &details)
{
    PyroError error;
    QString cppType;
    try {
        throw;
    } catch (const PyroException &e) {
        error = e.error();
        if (!error.isError())
            error = PyroError::exception(u"builtins.RuntimeError"_s, u"PyroException without an error"_s);
    } catch (const QUnhandledException &e) {
        if (e.exception()) {
            try {
                std::rethrow_exception(e.exception());
            } catch (...) {
                return currentExceptionError(where, details);
            }
        }
        error = PyroError::exception(u"builtins.RuntimeError"_s, u"unhandled exception in a QFuture"_s);
        cppType = u"QUnhandledException"_s;
    } catch (const std::exception &e) {
        cppType = cppTypeName(typeid(e));
        QString cls = u"builtins.RuntimeError"_s;
        if (dynamic_cast<const std::invalid_argument *>(&e) || dynamic_cast<const std::domain_error *>(&e)
            || dynamic_cast<const std::length_error *>(&e) || dynamic_cast<const std::range_error *>(&e))
            cls = u"builtins.ValueError"_s;
        else if (dynamic_cast<const std::out_of_range *>(&e))
            cls = u"builtins.IndexError"_s;
        else if (dynamic_cast<const std::overflow_error *>(&e) || dynamic_cast<const std::underflow_error *>(&e))
            cls = u"builtins.OverflowError"_s;
        else if (dynamic_cast<const std::bad_alloc *>(&e))
            cls = u"builtins.MemoryError"_s;
        else if (dynamic_cast<const std::system_error *>(&e))
            cls = u"builtins.OSError"_s;
        error = PyroError::exception(cls, QString::fromLocal8Bit(e.what()));
    } catch (...) {
        cppType = u"(not a std::exception)"_s;
        error = PyroError::exception(u"builtins.RuntimeError"_s, u"unknown C++ exception"_s);
    }
    addTraceback(&error, where, cppType, details);
    return error;
}

PyroInvokeResult guarded(const std::function<PyroInvokeResult()> &fn, const QString &where)
{
    try {
        return fn();
    } catch (...) {
        return PyroInvokeResult::fromError(currentExceptionError(where));
    }
}

} // namespace PyroInvoker
