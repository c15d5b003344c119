// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-bench's call modes (sync, async, oneway, batch, transfer, connect, nslookup,
// clients), each measured next to its floors in interleaved rounds.

#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>

struct CallBenchOptions
{
    QString mode;
    QString argument;     // transfer: SIZE (e.g. 100M); clients: N
    QString uri;          // empty: an in-process daemon (nslookup: name server) in a thread
    QString serializer = QStringLiteral("serpent");
    QString lookupName = QStringLiteral("Pyro.NameServer");
    int rounds = 3;
    double seconds = 1.0; // per figure and round
    bool json = false;
    bool smoke = false;   // small bursts, so a CI run takes well under a second per figure
};

// The modes runCallBench() knows.
QStringList callBenchModes();
// Runs one mode, prints its table (or JSON) on stdout; returns the exit code.
int runCallBench(const CallBenchOptions &options);
