// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// ./run demo: what QtPyro does, shown step by step.

#include "pyromessage_p.h"
#include "pyroserializer.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QTextStream>

#include <cmath>

using namespace Qt::StringLiterals;

static QTextStream out(stdout);

static void heading(const QString &text)
{
    out << "\n== " << text << " ==\n";
    out.flush();
}

static QString printable(const QByteArray &bytes, bool binary)
{
    if (!binary)
        return QString::fromUtf8(bytes);
    QString hex = QString::fromLatin1(bytes.toHex(' '));
    if (hex.size() > 150)
        hex = hex.left(150) + u" ..."_s;
    return hex;
}

// A Python value with the distinctions Python makes and Qt alone would lose.
static QVariant sampleValue()
{
    PyroDict dict;
    dict.append(u"name"_s, u"thermostat ☀"_s);
    dict.append(u"target"_s, 21.5);
    dict.append(u"history"_s, QVariant::fromValue(PyroTuple{19, 20.5, 21}));
    dict.append(u"tags"_s, QVariant::fromValue(PyroSet{u"heating"_s, u"living-room"_s}));
    dict.append(u"big"_s, QVariant::fromValue(PyroBigInt::fromString(u"1180591620717411303424"_s)));
    dict.append(u"calibration"_s, std::nan(""));
    dict.append(u"enabled"_s, true);
    dict.append(u"owner"_s, PyroValues::none());
    return QVariant::fromValue(dict);
}

static void showSerializers()
{
    heading(u"One Python value through the four Pyro5 serializers and back"_s);
    const QVariant value = sampleValue();
    for (const char *name : {"serpent", "json", "marshal", "msgpack"}) {
        PyroError error;
        const PyroSerializer *serializer = PyroSerializer::byName(QString::fromLatin1(name), &error);
        if (!serializer) {
            out << name << ": " << error.message() << '\n';
            continue;
        }
        const QByteArray bytes = serializer->serialize(value, &error);
        if (bytes.isEmpty() && error.isError()) {
            out << name << ": cannot encode: " << error.message() << '\n';
            continue;
        }
        const bool binary = serializer->id() == 2 || serializer->id() == 4;
        out << name << " (id " << serializer->id() << ", " << bytes.size() << " bytes):\n  "
            << printable(bytes, binary) << '\n';
        const QVariant back = serializer->deserialize(bytes, &error);
        if (!back.isValid()) {
            out << "  cannot decode: " << error.message() << '\n';
            continue;
        }
        if (PyroValues::identical(back, value)) {
            out << "  decoded back: the same Python value, every type kept\n";
        } else {
            const QVariantMap fields = back.toMap();
            out << "  decoded back: history is a " << PyroValues::pythonTypeName(fields.value(u"history"_s))
                << ", tags a " << PyroValues::pythonTypeName(fields.value(u"tags"_s))
                << " (the format has no tuple or set), big is still "
                << fields.value(u"big"_s).toString() << ", calibration is "
                << PyroValues::floatRepr(fields.value(u"calibration"_s).toDouble()) << '\n';
        }
    }
    out.flush();
}

static void showMessage()
{
    heading(u"A Pyro5 CONNECT message, as Python's Pyro5 sends it"_s);
    // Captured from Python Pyro5 (autotests/data/pyro5/vectors/messages/serpent/
    // connect_echoserver-01-c2s-CONNECT.bin).
    const QByteArray wire = QByteArray::fromHex(
        "5059524f01f60101000000000000004a00000000000000000000000000000000000000000000"
        "4dc5")
        + QByteArray("# serpent utf-8 python3.2\n{'handshake':'hello','object':'test.echoserver'}");
    out << "bytes: " << printable(wire.left(40), true) << " | " << wire.mid(40).size() << " payload bytes\n";
    PyroError error;
    const PyroMessage message = PyroMessage::parse(wire, &error);
    if (error.isError()) {
        out << "parse error: " << error.toString() << '\n';
        return;
    }
    out << "type " << message.header.type << " (CONNECT), serializer " << message.header.serializerId
        << ", seq " << message.header.seq << ", flags " << message.header.flags << '\n';
    const PyroSerializer *serpent = PyroSerializer::byId(message.header.serializerId);
    const QVariantMap payload = serpent->deserialize(message.payload, &error).toMap();
    out << "handshake: " << payload.value(u"handshake"_s).toString()
        << ", object: " << payload.value(u"object"_s).toString() << '\n';
    const QByteArray again = message.toBytes(&error);
    out << "re-encoded: " << (again == wire ? "byte-identical" : "DIFFERENT") << '\n';

    const PyroUri uri(u"PYRO:test.echoserver@[::1]:9999"_s);
    out << "a URI: " << uri.toString() << " -> object " << uri.object() << ", host " << uri.host()
        << ", port " << uri.port() << "\n\n";
    out.flush();
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationVersion(QStringLiteral(QTPYRO_VERSION));
    out << "QtPyro " << QCoreApplication::applicationVersion()
        << " - the Pyro5 wire protocol for Qt\n";
    showSerializers();
    showMessage();
    return 0;
}
