// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Calls methods that fail and shows what arrives: the Python exception class
// (PyroError::remoteType()), its message and the remote traceback. A plain script, so
// it uses the blocking call().
//
//   example-exceptions-client [URI]

#include "examplesupport.h"

#include <pyroproxy.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

using namespace Qt::StringLiterals;
using ExampleSupport::print;
using ExampleSupport::repr;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Shows the remote exceptions of example.exceptions."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"uri"_s, u"The object (default PYRONAME:example.exceptions)."_s, u"[URI]"_s);
    parser.process(app);

    PyroProxy test(PyroUri(parser.positionalArguments().value(0, u"PYRONAME:example.exceptions"_s)));
    // Checks that a call failed with the expected Python class; prints the message.
    auto expectError = [&](const QString &method, const QVariantList &args, const QString &pythonClass,
                           const QString &label) {
        const PyroResult r = test.call(method, args);
        if (!r.isError()) {
            print(u"%1 returned %2, expected an error"_s.arg(method, repr(r.value())));
            return false;
        }
        print(label + r.error().message());
        if (!pythonClass.isEmpty() && r.error().remoteType() != pythonClass) {
            print(u"unexpected exception class %1 (expected %2)"_s.arg(r.error().pythonClass(), pythonClass));
            return false;
        }
        return true;
    };

    bool ok = true;
    const PyroResult quotient = test.call(u"div"_s, {2.0, 9.0});
    print(quotient.isError() ? quotient.error().toString() : repr(quotient.value()));
    ok = !quotient.isError() && ok;
    ok = expectError(u"div"_s, {2, 0}, u"builtins.ZeroDivisionError"_s, u"DIVIDE BY ZERO: "_s) && ok;
    ok = expectError(u"error"_s, {}, u"builtins.ValueError"_s, u"VALUERROR: "_s) && ok;

    // error2 returns an exception object instead of raising it.
    const PyroResult returned = test.call(u"error2"_s);
    if (!returned.isError() && returned.value().canConvert<PyroError>()) {
        const PyroError e = returned.value().value<PyroError>();
        print(u"%1, %2"_s.arg(repr(returned.value()), e.message()));
    } else {
        print(u"error2 did not return an exception object"_s);
        ok = false;
    }
    ok = expectError(u"othererr"_s, {}, u"builtins.RuntimeError"_s, u"ANOTHER ERROR: "_s) && ok;

    // onewayerr is oneway by the object's metadata: call() returns at once, without result.
    const PyroResult oneway = test.call(u"onewayerr"_s);
    print(oneway.isError() ? u"SHOULD NOT HAPPEN: exception from oneway call "_s + oneway.error().toString()
                           : u"oneway call simply succeeded"_s);
    ok = !oneway.isError() && ok;
    ok = expectError(u"unserializable"_s, {}, QString(), u"UNSERIALIZABLE ERROR: "_s) && ok;

    print();
    print(u"*** invoking server method that crashes, catching traceback ***"_s);
    const PyroResult crash = test.call(u"complexerror"_s);
    if (crash.isError()) {
        print(u"CAUGHT ERROR  >>> "_s + crash.error().message());
        print(u"Printing Pyro traceback >>>>>>"_s);
        print(crash.error().remoteTraceback().join(QString()).trimmed());
        print(u"<<<<<<< end of Pyro traceback"_s);
    } else {
        print(u"complexerror did not fail"_s);
        ok = false;
    }
    print(ok ? u"all errors arrived as expected"_s : u"SOME ERRORS WERE NOT AS EXPECTED"_s);
    return ok ? 0 : 1;
}
