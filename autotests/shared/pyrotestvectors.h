// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QString>
#include <QtCore/QVariant>

#include <map>
#include <vector>

// Access to the golden Pyro5 vectors in autotests/data/pyro5 and the "typed value form"
// their manifests use (see autotests/data/pyro5/README.md).
namespace PyroTestVectors {

// autotests/data/pyro5 (the folder the manifests' paths are relative to).
QString vectorRoot();
QJsonObject loadManifest(const QString &name); // "values.json", "messages.json", ...
QByteArray readVectorFile(const QString &relativePath);

// Sets TZ=UTC for the process, as the vectors were captured with it.
void useUtc();

// Builds the QtPyro value for a typed value. Types without a C++ counterpart
// (decimal, timedelta, array, ext, object...) give an invalid QVariant and set
// *unsupported to the type name.
QVariant fromTyped(const QJsonValue &typed, QString *unsupported = nullptr);

// Strict comparison of a decoded QtPyro value with a typed value: Python types must
// match (int vs float vs bool, tuple vs list, set vs frozenset), floats by bits (any NaN
// matches), sets and dicts ignore order. On mismatch *why says where.
bool matchesTyped(const QVariant &actual, const QJsonValue &typed, QString *why);

// A short readable form of a typed value, for failure messages.
QString describeTyped(const QJsonValue &typed);

// One step of a recorded transcript session: a connection opens, carries a message (the
// manifest's message object: dir, offset, size, header...) or closes.
struct TranscriptEvent
{
    enum Kind { Open, Message, Close };
    int order = 0;
    Kind kind = Open;
    QString connection;
    QJsonObject message;
};
// The events of a session's connections to target ("echo", "ns", ...) in recorded order;
// *connections gets those connections' manifest objects by id.
std::vector<TranscriptEvent> transcriptEvents(const QJsonObject &session, const QString &target,
                                              std::map<QString, QJsonObject> *connections);

} // namespace PyroTestVectors
