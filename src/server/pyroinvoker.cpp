// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
// Invocation: calling an exposed method or property of a QObject with decoded
// arguments, and what its return value (or QFuture) becomes.
#include "pyroinvoker_p.h"
#include "pyroinvokersupport_p.h"

#include "pyrocallcontext.h"
#include "pyrocallcontext_p.h"
#include "pyrovalues_p.h"

#include <QtCore/QFutureInterface>
#include <QtCore/QObject>

using namespace Qt::StringLiterals;
using namespace PyroInvokerDetail;

namespace {

PyroInvokeResult returnValue(const PyroMethodOverload &overload, QVariant &ret)
{
    PyroInvokeResult r;
    const int type = overload.returnType.id();
    if (type == QMetaType::Void || type == QMetaType::UnknownType) {
        r.value = PyroValues::none();
        return r;
    }
    if (overload.returnsFuture) {
        // T by name only now: a user type may have been registered after the class info
        // was built.
        PyroInvoker::isFutureType(overload.returnType, &r.futureResultType);
        r.hasFuture = true;
        r.futureHolder = ret;
        return r;
    }
    r.value = ret.isValid() ? std::move(ret) : PyroValues::none();
    return r;
}

} // namespace

QFuture<void> PyroInvokeResult::future() const
{
    // QFuture<T> holds exactly one QFutureInterface<T>, whose base is QFutureInterfaceBase.
    auto *fi = const_cast<QFutureInterfaceBase *>(
        static_cast<const QFutureInterfaceBase *>(futureHolder.constData()));
    return fi ? QFuture<void>(fi) : QFuture<void>();
}

namespace PyroInvoker {

bool isFutureType(QMetaType type, QMetaType *resultType)
{
    const QByteArrayView name(type.name());
    if (!name.startsWith("QFuture<") || !name.endsWith(">"))
        return false;
    if (resultType) {
        const QByteArray inner = name.sliced(8, name.size() - 9).trimmed().toByteArray();
        *resultType = inner == "void" ? QMetaType() : QMetaType::fromName(inner);
    }
    return true;
}

PyroInvokeResult futureOutcome(const PyroInvokeResult &pending, const QString &where)
{
    PyroInvokeResult r;
    auto *fi = const_cast<QFutureInterfaceBase *>(
        static_cast<const QFutureInterfaceBase *>(pending.futureHolder.constData()));
    if (!fi)
        return PyroInvokeResult::fromError(PyroError(PyroError::Code::PyroError, u"no future"_s));
    if (fi->hasException()) {
        try {
            fi->exceptionStore().rethrowException();
        } catch (...) {
            r.error = currentExceptionError(where);
        }
        return r;
    }
    if (fi->isCanceled() && fi->resultCount() == 0) {
        r.error = PyroError::exception(u"builtins.RuntimeError"_s, u"the call's QFuture was canceled"_s);
        addTraceback(&r.error, where);
        return r;
    }
    if (!pending.futureResultType.isValid()) {
        r.value = PyroValues::none();
        return r;
    }
    QMutexLocker locker(&fi->mutex());
    const QtPrivate::ResultStoreBase &store = fi->resultStoreBase();
    if (!store.contains(0)) {
        r.error = PyroError::exception(u"builtins.RuntimeError"_s, u"the call's QFuture finished without a result"_s);
        addTraceback(&r.error, where);
        return r;
    }
    const QtPrivate::ResultIteratorBase it = store.resultAt(0);
    if (it.isVector()) {
        r.error = PyroError::exception(u"builtins.RuntimeError"_s, u"QFuture results reported as a list are not supported"_s);
        addTraceback(&r.error, where);
        return r;
    }
    r.value = QVariant(pending.futureResultType, it.pointer<char>());
    if (r.value.typeId() == QMetaType::QVariant)
        r.value = r.value.value<QVariant>();
    return r;
}
PyroInvokeResult call(QObject *object, const PyroClassInfo &cls, const PyroExposedMethod &method,
                      const QVariantList &args, const QVariant &kwargs)
{
    // Only failures need these names: build them then.
    auto whereText = [&] { return cls.className + u"::"_s + method.name; };
    auto details = [&] { return wantsDetails() ? detailsFor(object, cls, args, kwargs) : QStringList(); };
    auto failed = [&](PyroError error) {
        PyroInvokeResult r = PyroInvokeResult::fromError(error);
        r.closeConnection = method.callback;
        return r;
    };

    KeywordList kw;
    ErrorSlot error;
    if (!keywordArguments(cls, method, kwargs, &kw, &error))
        return PyroInvokeResult::fromError(*error);
    Binding binding;
    const PyroMethodOverload *best = bestOverload(cls, method, args, kw, &binding, &error);
    if (!best) {
        addTraceback(&*error, whereText());
        return PyroInvokeResult::fromError(*error);
    }
    const int n = best->types.size();
    QVarLengthArray<QVariant, 8> holders(n);
    QVarLengthArray<void *, 9> argv(n + 1);
    if (!convertArguments(cls, method, *best, binding, holders, argv, &error)) {
        addTraceback(&*error, whereText());
        return PyroInvokeResult::fromError(*error);
    }
    const QMetaType returnType = best->returnType;
    QVariant ret;
    if (returnType.id() == QMetaType::QVariant) {
        argv[0] = &ret;
    } else if (returnType.id() != QMetaType::Void && returnType.isValid()) {
        ret = QVariant(returnType);
        argv[0] = ret.data();
    } else {
        argv[0] = nullptr;
    }

    PyroCallContext *context = PyroCallContext::current();
    try {
        QMetaObject::metacall(object, QMetaObject::InvokeMetaMethod, best->method.methodIndex(), argv.data());
    } catch (...) {
        return failed(currentExceptionError(whereText(), details()));
    }
    if (context) {
        auto *cd = PyroCallContextPrivate::get(context);
        if (cd->error.isError()) {
            PyroInvokeResult r = failed(cd->error);
            addTraceback(&r.error, whereText(), QString(), details());
            return r;
        }
        if (cd->delayed) {
            PyroInvokeResult r;
            r.delayed = true;
            return r;
        }
    }
    return returnValue(*best, ret);
}

PyroInvokeResult getAttribute(QObject *object, const PyroClassInfo &cls, const QString &name)
{
    const QString where = cls.className + u"::"_s + name;
    const auto it = cls.properties.constFind(name);
    if (it == cls.properties.cend()) {
        PyroError e = (cls.unexposed.contains(name) || cls.methods.contains(name))
            ? attributeError(u"attempt to access unexposed or unknown remote attribute '%1'"_s.arg(name))
            : attributeError(u"type object '%1' has no attribute '%2'"_s.arg(cls.className, name));
        addTraceback(&e, QString());
        return PyroInvokeResult::fromError(e);
    }
    return guarded([&] {
        PyroInvokeResult r;
        QVariant v = it->read(object);
        if (v.typeId() == QMetaType::QVariant)
            v = v.value<QVariant>();
        r.value = v.isValid() ? v : PyroValues::none();
        return r;
    }, where);
}

PyroInvokeResult setAttribute(QObject *object, const PyroClassInfo &cls, const QString &name,
                              const QVariant &value)
{
    const QString where = cls.className + u"::"_s + name;
    const auto it = cls.properties.constFind(name);
    if (it == cls.properties.cend() || !it->isWritable()) {
        PyroError e = (it != cls.properties.cend() || cls.unexposed.contains(name) || cls.methods.contains(name))
            ? attributeError(u"attempt to access unexposed or unknown remote attribute '%1'"_s.arg(name))
            : attributeError(u"type object '%1' has no attribute '%2'"_s.arg(cls.className, name));
        addTraceback(&e, QString());
        return PyroInvokeResult::fromError(e);
    }
    QVariant converted;
    if (!convert(value, it->metaType(), &converted)) {
        PyroError e = typeError(u"attribute '%1' of '%2' must be %3, not %4"_s
                                    .arg(name, cls.className, pythonTypeName(it->metaType()),
                                         PyroValues::pythonTypeName(value)));
        addTraceback(&e, where);
        return PyroInvokeResult::fromError(e);
    }
    return guarded([&] {
        PyroInvokeResult r;
        if (!it->write(object, converted)) {
            r.error = typeError(u"could not set attribute '%1' of '%2'"_s.arg(name, cls.className));
            addTraceback(&r.error, where);
            return r;
        }
        r.value = PyroValues::none();
        return r;
    }, where);
}

} // namespace PyroInvoker
