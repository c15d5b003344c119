// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// Small helpers the examples share, so each example's code is about Pyro and not about
// command lines: the server options every example server takes, the "uri = ..." line it
// prints, optional name server registration, and Python-style printing of values so the
// C++ and the Python side of an example print the same text.

#include <pyrouri.h>

#include <QtCore/QString>
#include <QtCore/QVariant>

class PyroDaemon;
class QCommandLineParser;

namespace ExampleSupport {

// One line on stdout, flushed at once (scripts and tests read it while we still run).
void print(const QString &line = QString());
// One line on stderr.
void printError(const QString &line);

// Python's repr() of a decoded value: 'text', [1, 2], (1,), {'a': 1}, None, True, 1.5.
QString repr(const QVariant &value);

// Adds -H/--host, -p/--port, -n/--naming (and -u/--unixsocket when asked) to parser.
enum class ServerOption { Tcp, TcpOrUnix };
void addServerOptions(QCommandLineParser &parser, ServerOption options = ServerOption::Tcp);
// Makes daemon listen where the options say (default localhost, a free port); on failure
// prints why and returns false.
bool listen(PyroDaemon &daemon, const QCommandLineParser &parser);
// Prints "uri = <uri>" and, with -n, registers name with the name server. Returns false
// (after printing the reason) when the registration failed.
bool publish(const QCommandLineParser &parser, const QString &name, const PyroUri &uri);
// Registers name -> uri with the name server found like Pyro5's locate_ns() does
// (PYRO_NS_HOST, PYRO_NS_PORT, broadcast): Python's name server or pyro-ns.
bool registerWithNameServer(const QString &name, const PyroUri &uri, QString *error);

// Interactive input for the clients' prompt mode: prints text, reads one line from stdin.
QString prompt(const QString &text);

// Python's time.sleep(seconds) for a method body: a negative or NaN length fails the call
// with ValueError, one past what Python can count in nanoseconds with OverflowError (the
// messages are Python's). Throws PyroException; call it from a slot or a PyroGenerator.
void sleep(double seconds);

} // namespace ExampleSupport
