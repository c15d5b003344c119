// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Batched calls: many calls sent as one request and answered as one reply, compared with
// the same calls made one by one; a oneway batch; and a batch that stops at an error.
// A plain script, so it uses the blocking forms (PyroBatch::execute, PyroProxy::call).
//
//   example-batchedcalls-client [URI] [--loops N]

#include "examplesupport.h"

#include <pyrobatch.h>
#include <pyrocallreply.h>
#include <pyroproxy.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>

using namespace Qt::StringLiterals;
using ExampleSupport::print;

namespace {

double seconds(const QElapsedTimer &timer)
{
    return qMax<qint64>(1, timer.nsecsElapsed()) / 1e9;
}

bool failed(const PyroResult &result)
{
    if (result.isError())
        ExampleSupport::printError(u"unexpected error: "_s + result.error().toString());
    return result.isError();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Compares normal and batched calls on example.batched."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"uri"_s, u"The object (default PYRONAME:example.batched)."_s, u"[URI]"_s);
    const QCommandLineOption loopsOption(u"loops"_s, u"Loops of two calls each (default 20000)."_s, u"N"_s, u"20000"_s);
    parser.addOption(loopsOption);
    parser.process(app);
    const int loops = qMax(1, parser.value(loopsOption).toInt());
    const qlonglong expected = qlonglong(loops) * (7 * 6 + 10 + 20);

    PyroProxy p(PyroUri(parser.positionalArguments().value(0, u"PYRONAME:example.batched"_s)));

    print(u"Normal remote calls..."_s);
    QElapsedTimer timer;
    timer.start();
    qlonglong total = 0;
    if (failed(p.call(u"printmessage"_s, {u"beginning normal calls"_s})))
        return 1;
    for (int i = 0; i < loops; ++i) {
        const PyroResult product = p.call(u"multiply"_s, {7, 6});
        const PyroResult sum = p.call(u"add"_s, {10, 20});
        if (failed(product) || failed(sum))
            return 1;
        total += product.value().toLongLong() + sum.value().toLongLong();
    }
    p.call(u"printmessage"_s, {u"end of normal calls"_s});
    const double normal = seconds(timer);
    print(u"total %1 %2"_s.arg(total).arg(total == expected ? u"(correct)"_s : u"(WRONG)"_s));
    print(u"that took %1 seconds (%2 calls/sec)"_s.arg(normal, 0, 'f', 2).arg(loops * 2 / normal, 0, 'f', 0));

    print();
    print(u"Batched remote calls..."_s);
    timer.restart();
    PyroBatch batch(&p);
    batch.add(u"printmessage"_s, {u"beginning batch #1"_s});
    for (int i = 0; i < loops; ++i) {
        batch.add(u"multiply"_s, {7, 6});  // queued locally, nothing sent yet
        batch.add(u"add"_s, {10, 20});
    }
    batch.add(u"printmessage"_s, {u"end of batch #1"_s});
    print(u"processing the results..."_s);
    total = 0;
    for (const PyroResult &r : batch.execute()) {  // one request, one reply
        if (failed(r))
            return 1;
        total += r.value().toLongLong();
    }
    const double batched = seconds(timer);
    print(u"total %1 %2"_s.arg(total).arg(total == expected ? u"(correct)"_s : u"(WRONG)"_s));
    print(u"total time taken %1 seconds (%2 calls/sec)"_s.arg(batched, 0, 'f', 2).arg(loops * 2 / batched, 0, 'f', 0));
    print(u"batched calls were %1 times faster than normal remote calls"_s.arg(normal / batched, 0, 'f', 1));

    print();
    print(u"Oneway batched remote calls..."_s);
    timer.restart();
    batch.add(u"printmessage"_s, {u"beginning batch #2"_s});
    for (int i = 0; i < loops; ++i) {
        batch.add(u"multiply"_s, {7, 6});
        batch.add(u"add"_s, {10, 20});
    }
    batch.add(u"delay"_s, {2});  // the server takes 2 s more, we do not wait for it
    batch.add(u"printmessage"_s, {u"end of batch #2"_s});
    print(u"executing batch, there will be no result values. Check server to see printed messages..."_s);
    PyroCallReply *oneway = batch.send(PyroBatch::Mode::Oneway);
    oneway->waitForFinished(QDeadlineTimer(30000));  // finished once sent
    if (oneway->isError()) {
        ExampleSupport::printError(oneway->error().toString());
        return 1;
    }
    delete oneway;
    const double onewayTime = seconds(timer);
    print(u"total time taken %1 seconds (%2 calls/sec)"_s.arg(onewayTime, 0, 'f', 2).arg(loops * 2 / onewayTime, 0, 'f', 0));
    print(u"oneway batched calls were %1 times faster than normal remote calls"_s.arg(normal / onewayTime, 0, 'f', 1));

    print();
    print(u"Batch with an error. Dividing a number by decreasing divisors..."_s);
    for (int d = 3; d > -3; --d)  // 3, 2, 1, 0 (!), -1, -2
        batch.add(u"divide"_s, {100, d});
    print(u"getting results..."_s);
    int divisor = 3;
    // The daemon stops at the failing call; its error is the last result.
    for (const PyroResult &r : batch.execute()) {
        if (r.isError()) {
            if (r.error().remoteType() != u"builtins.ZeroDivisionError"_s) {
                ExampleSupport::printError(r.error().toString());
                return 1;
            }
            print(u"A divide by zero error occurred during the batch! (expected)"_s);
            print(r.error().remoteTraceback().join(QString()).trimmed());
            break;
        }
        print(u"100//%1 = %2"_s.arg(divisor).arg(r.value().toLongLong()));
        --divisor;
    }
    return 0;
}
