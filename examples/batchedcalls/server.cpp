// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The server of the batched calls example: small, fast methods that a client calls many
// times, one by one or in batches.
//
//   example-batchedcalls-server [-H HOST] [-p PORT] [-n]

#include "examplesupport.h"

#include <pyrocallcontext.h>
#include <pyrodaemon.h>
#include <pyrovalues.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

QVariant pythonInt(__int128 value)
{
    if (value >= std::numeric_limits<qlonglong>::min() && value <= std::numeric_limits<qlonglong>::max())
        return qlonglong(value);
    const bool negative = value < 0;
    unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(value) : value;
    QString digits;
    while (magnitude) {
        digits.prepend(QChar(u'0' + int(magnitude % 10)));
        magnitude /= 10;
    }
    return QVariant::fromValue(PyroBigInt::fromString(negative ? u'-' + digits : digits));
}

} // namespace

class Thingy : public QObject
{
    Q_OBJECT
    // delay() sleeps, so calls run on the daemon's thread pool instead of its own thread,
    // where a sleep would stop every other client. The class has no state, so that is safe.
    Q_CLASSINFO("pyro.threading", "pool")
public Q_SLOTS:
    // Python's ints do not overflow: a result beyond 64 bits goes back as a big int, exactly
    // what the Python server answers (the product or sum of two 64-bit ints fits in 128).
    QVariant multiply(qlonglong a, qlonglong b) const { return pythonInt(__int128(a) * b); }
    QVariant add(qlonglong a, qlonglong b) const { return pythonInt(__int128(a) + b); }
    // Python's a // b: rounds toward minus infinity. -2**63 // -1 is 2**63, one past qlonglong
    // (and a SIGFPE in 64-bit C++ division).
    QVariant divide(qlonglong a, qlonglong b) const
    {
        if (b == 0)
            throw PyroException(u"builtins.ZeroDivisionError"_s, u"integer division or modulo by zero"_s);
        const __int128 q = __int128(a) / b;
        const __int128 r = __int128(a) % b;   // in 128 bits: -2**63 % -1 traps in 64
        return pythonInt((r != 0 && (a < 0) != (b < 0)) ? q - 1 : q);
    }
    void error() const { divide(1, 0); }
    double delay(double seconds) const
    {
        ExampleSupport::sleep(seconds);   // ValueError for a negative one, like time.sleep()
        return seconds;
    }
    int printmessage(const QString &message) const
    {
        ExampleSupport::print(message);
        return 0;
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Serves example.batched."_s);
    parser.addHelpOption();
    ExampleSupport::addServerOptions(parser);
    parser.process(app);

    PyroDaemon daemon;
    if (!ExampleSupport::listen(daemon, parser))
        return 1;
    Thingy thingy;
    const PyroUri uri = daemon.registerObject(&thingy, u"example.batched"_s);
    if (!ExampleSupport::publish(parser, u"example.batched"_s, uri))
        return 1;
    return app.exec();
}

#include "server.moc"
