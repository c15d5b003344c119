// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrotestvectors.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QMetaProperty>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSet>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

QVariant none() { return PyroValues::none(); }

QVariant tagSet(const QStringList &tags)
{
    return QVariant::fromValue(PyroSet(QVariantList(tags.cbegin(), tags.cend())));
}

// Pyro5's state tuple (protocol, object, sockname, host, port).
QVariant state(const QString &protocol, const QVariant &object, const QVariant &sockname,
               const QVariant &host, const QVariant &port)
{
    return QVariant::fromValue(PyroTuple{protocol, object, sockname, host, port});
}

QVariant port(qlonglong p) { return QVariant(p); }

QString describe(const QVariant &v)
{
    QString text;
    QDebug(&text) << v;
    return text;
}

// A row tag that survives control characters and non-ASCII input.
QByteArray readableTag(int index, const QString &input)
{
    QString tag = QString::number(index).rightJustified(2, u'0') + u' ';
    for (QChar c : input) {
        if (c.unicode() == '\n')
            tag += u"\\n"_s;
        else if (c.unicode() == '\t')
            tag += u"\\t"_s;
        else if (c.unicode() == '\r')
            tag += u"\\r"_s;
        else if (c.unicode() < 0x20 || c.unicode() >= 0x7f)
            tag += u"\\u"_s + QString::number(c.unicode(), 16).rightJustified(4, u'0');
        else
            tag += c;
    }
    if (input.isEmpty())
        tag += u"(empty)"_s;
    return tag.toUtf8();
}

QVariant typedToState(const QJsonObject &c)
{
    const auto optString = [](const QJsonValue &v) {
        return v.isNull() ? none() : QVariant(v.toString());
    };
    QVariant object;
    if (c.value(u"object"_s).isArray()) {
        QStringList tags;
        for (const QJsonValue &t : c.value(u"object"_s).toArray())
            tags.append(t.toString());
        object = tagSet(tags);
    } else {
        object = c.value(u"object"_s).toString();
    }
    const QJsonValue p = c.value(u"port"_s);
    return state(c.value(u"protocol"_s).toString(), object, optString(c.value(u"sockname"_s)),
                 optString(c.value(u"host"_s)), p.isNull() ? none() : port(p.toInteger()));
}

} // namespace

class tst_PyroUri : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void vectors_data();
    void vectors();
    void pythonEdgeCases_data();
    void pythonEdgeCases();
    void stricterThanPython_data();
    void stricterThanPython();

    void stateRoundTrip_data();
    void stateRoundTrip();
    void fromStateLenient();
    void fromStateRejects_data();
    void fromStateRejects();

    void forTcp();
    void forUnixSocket();
    void forName();
    void forMetadata();
    void ipv6CanonicalForm_data();
    void ipv6CanonicalForm();

    void equalityAndHash();
    void defaultAndErrors();
    void debugAndMetaType();

    void hostileInput_data();
    void hostileInput();
    void hugeInput();
    void randomGarbage();
    void mutatedVectors();
};

// Every case of autotests/data/pyro5/vectors/uris.json (Pyro5 5.17's URI class).
void tst_PyroUri::vectors_data()
{
    QTest::addColumn<QJsonObject>("c");
    const QJsonArray cases = PyroTestVectors::loadManifest(u"uris.json"_s).value(u"cases"_s).toArray();
    QCOMPARE(cases.size(), 48);
    int i = 0;
    for (const QJsonValue &c : cases) {
        const QJsonObject o = c.toObject();
        QTest::newRow(readableTag(i++, o.value(u"input"_s).toString()).constData()) << o;
    }
}

void tst_PyroUri::vectors()
{
    QFETCH(QJsonObject, c);
    const QString input = c.value(u"input"_s).toString();
    PyroError error(PyroError::Code::DaemonError, u"stale"_s);
    const PyroUri uri = PyroUri::fromString(input, &error);

    if (!c.value(u"ok"_s).toBool()) {
        const QJsonObject e = c.value(u"error"_s).toObject();
        QCOMPARE(e.value(u"class"_s).toString(), u"Pyro5.errors.PyroError"_s);
        QVERIFY(!uri.isValid());
        QCOMPARE(error.code(), PyroError::Code::PyroError);
        QCOMPARE(error.message(), e.value(u"message"_s).toString());
        QCOMPARE(uri.error().message(), e.value(u"message"_s).toString());
        QCOMPARE(uri.error().pythonClass(), u"Pyro5.errors.PyroError"_s);
        QCOMPARE(PyroUri(input).error(), error);
        QCOMPARE(uri.protocol(), PyroUri::Protocol::Invalid);
        QVERIFY(uri.toString().isEmpty());
        return;
    }

    QVERIFY2(uri.isValid(), qPrintable(uri.error().message()));
    QVERIFY(!error.isError());
    QVERIFY(!uri.error().isError());
    QCOMPARE(uri.protocolString(), c.value(u"protocol"_s).toString());
    const QJsonValue object = c.value(u"object"_s);
    if (object.isArray()) {
        QCOMPARE(uri.protocol(), PyroUri::Protocol::PyroMeta);
        QStringList expected;
        for (const QJsonValue &t : object.toArray())
            expected.append(t.toString());
        QStringList actual = uri.metadataTags();
        actual.sort();
        expected.sort();
        QCOMPARE(actual, expected);
        QCOMPARE(uri.object().split(u',').size(), expected.size());
    } else {
        QCOMPARE(uri.object(), object.toString());
    }
    QCOMPARE(uri.host(), c.value(u"host"_s).isNull() ? QString() : c.value(u"host"_s).toString());
    // port() is the usable TCP port: 0 for none and for Pyro5's out-of-range ones.
    const int port = c.value(u"port"_s).isNull() ? 0 : c.value(u"port"_s).toInt();
    QCOMPARE(uri.port(), quint16(port >= 0 && port <= 0xffff ? port : 0));
    QCOMPARE(uri.socketPath(),
             c.value(u"sockname"_s).isNull() ? QString() : c.value(u"sockname"_s).toString());
    QCOMPARE(uri.isUnixSocket(), !c.value(u"sockname"_s).isNull());
    const QJsonValue location = c.value(u"location"_s);
    QCOMPARE(uri.location(), location.isNull() ? QString() : location.toString());
    QCOMPARE(uri.hasLocation(), !location.isNull());
    if (c.contains(u"str"_s)) {
        QCOMPARE(uri.toString(), c.value(u"str"_s).toString());
    } else {
        // Several PYROMETA tags: Python's set order; any order is right.
        const QString text = uri.toString();
        QVERIFY(text.startsWith(u"PYROMETA:"_s));
        QVERIFY(text.endsWith(u'@' + location.toString()));
    }

    // Python's __getstate__, exactly (types included).
    const QVariant actualState = uri.toState();
    const QVariant expectedState = typedToState(c);
    QVERIFY2(PyroValues::identical(actualState, expectedState),
             qPrintable(describe(actualState) + u" != "_s + describe(expectedState)));
    QCOMPARE(PyroUri::fromState(actualState.value<PyroTuple>().items()), uri);

    // The canonical text parses back to the same URI (not for "PYRO:obj@:1", whose text
    // "PYRO:obj" has lost its location, in Python too).
    if (c.value(u"host"_s).toString() != u""_s || c.value(u"host"_s).isNull())
        QCOMPARE(PyroUri(uri.toString()), uri);
    else
        QVERIFY(!PyroUri(uri.toString()).isValid());
}

// Further inputs, with what Pyro5 5.17 makes of them (URI(text).__getstate__() / str()).
void tst_PyroUri::pythonEdgeCases_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QVariant>("expectedState"); // invalid: an error is expected
    QTest::addColumn<QString>("expected");       // str(uri) or the error message

    int i = 0;
    const auto ok = [&i](const QString &input, const QVariant &st, const QString &str) {
        QTest::newRow(readableTag(i++, input).constData()) << input << st << str;
    };
    const auto err = [&i](const QString &input, const QString &message) {
        QTest::newRow(readableTag(i++, input).constData()) << input << QVariant() << message;
    };
    const QString badIpv6 = u"invalid ipv6 address: the part between brackets must be a numeric ipv6 address"_s;

    // The object is the shortest non-space run followed by the end or by '@' + location.
    ok(u"PYRONAME:@x"_s, state(u"PYRONAME"_s, u"@x"_s, none(), none(), none()), u"PYRONAME:@x"_s);
    ok(u"PYRONAME:obj@"_s, state(u"PYRONAME"_s, u"obj@"_s, none(), none(), none()), u"PYRONAME:obj@"_s);
    err(u"PYRO:obj@"_s, u"invalid uri"_s);
    ok(u"PYRONAME:a@@b"_s, state(u"PYRONAME"_s, u"a"_s, none(), u"@b"_s, port(9090)), u"PYRONAME:a@@b:9090"_s);
    ok(u"PYROMETA:a@b@c"_s, state(u"PYROMETA"_s, tagSet({u"a"_s}), none(), u"b@c"_s, port(9090)),
       u"PYROMETA:a@b@c:9090"_s);
    ok(u"PYRO::@h:1"_s, state(u"PYRO"_s, u":"_s, none(), u"h"_s, port(1)), u"PYRO::@h:1"_s);
    ok(u"PYRO:obj:x@h:1"_s, state(u"PYRO"_s, u"obj:x"_s, none(), u"h"_s, port(1)), u"PYRO:obj:x@h:1"_s);
    err(u"PYRO:"_s, u"invalid uri"_s);
    err(u"PYRO:@"_s, u"invalid uri"_s);
    // Python's '$' matches before one final newline; '.' never matches a newline.
    ok(u"PYRONAME:obj\n"_s, state(u"PYRONAME"_s, u"obj"_s, none(), none(), none()), u"PYRONAME:obj"_s);
    ok(u"PYRO:obj@host:1\n"_s, state(u"PYRO"_s, u"obj"_s, none(), u"host"_s, port(1)), u"PYRO:obj@host:1"_s);
    err(u"PYRO:obj@host:1\n\n"_s, u"invalid uri"_s);
    err(u"PYRO:obj@ho\nst:1"_s, u"invalid uri"_s);
    err(u"PYRO:a@b\n@h:1"_s, u"invalid uri"_s);
    err(u"PYRONAME:a\n@h"_s, u"invalid uri"_s);
    ok(u"PYRO:obj@host:1\r"_s, state(u"PYRO"_s, u"obj"_s, none(), u"host"_s, port(1)), u"PYRO:obj@host:1"_s);
    // Python's whitespace: NBSP and the ASCII separators 0x1c..0x1f too.
    err(u"PYRO:obj\u00a0x@h:1"_s, u"invalid uri"_s);
    err(u"PYRO:obj\u001fx@h:1"_s, u"invalid uri"_s);
    err(u"PYROMETA: a"_s, u"invalid uri"_s);
    // Scheme letters are ASCII only; any case.
    err(u"PYRO\u00e9:x@h:1"_s, u"invalid uri"_s);
    ok(u"PYROname:x"_s, state(u"PYRONAME"_s, u"x"_s, none(), none(), none()), u"PYRONAME:x"_s);
    ok(u"pyroMETA:x"_s, state(u"PYROMETA"_s, tagSet({u"x"_s}), none(), none(), none()), u"PYROMETA:x"_s);
    // Ports: Python int(), and no port after ':' counts as none.
    ok(u"PYRO:obj@host:1_000"_s, state(u"PYRO"_s, u"obj"_s, none(), u"host"_s, port(1000)), u"PYRO:obj@host:1000"_s);
    err(u"PYRO:obj@host:_1"_s, u"invalid port in uri, port=_1"_s);
    ok(u"PYRO:obj@host:\t5\t"_s, state(u"PYRO"_s, u"obj"_s, none(), u"host"_s, port(5)), u"PYRO:obj@host:5"_s);
    ok(u"PYRO:obj@h:0"_s, state(u"PYRO"_s, u"obj"_s, none(), u"h"_s, port(0)), u"PYRO:obj@h:0"_s);
    ok(u"PYRO:obj@h:-0"_s, state(u"PYRO"_s, u"obj"_s, none(), u"h"_s, port(0)), u"PYRO:obj@h:0"_s);
    err(u"PYRO:obj@h:1 2"_s, u"invalid port in uri, port=1 2"_s);
    err(u"PYRONAME:obj@h:1:2"_s, u"invalid port in uri, port=1:2"_s);
    err(u"PYRO:obj@h:"_s, u"invalid port in uri, port=None"_s);
    ok(u"PYRONAME:obj@h:"_s, state(u"PYRONAME"_s, u"obj"_s, none(), u"h"_s, port(9090)), u"PYRONAME:obj@h:9090"_s);
    err(u"PYRO:obj@:"_s, u"invalid port in uri, port=None"_s);
    // An empty host: host and port in the state, no location in the text.
    ok(u"PYRONAME:x@:5"_s, state(u"PYRONAME"_s, u"x"_s, none(), u""_s, port(5)), u"PYRONAME:x"_s);
    ok(u"PYRONAME:obj@:"_s, state(u"PYRONAME"_s, u"obj"_s, none(), u""_s, port(9090)), u"PYRONAME:obj"_s);
    // IPv6
    ok(u"PYRO:obj@[::1]:\uff11\uff12"_s, state(u"PYRO"_s, u"obj"_s, none(), u"::1"_s, port(12)), u"PYRO:obj@[::1]:12"_s);
    err(u"PYRO:obj@[::1]:"_s, u"invalid port in uri, port=None"_s);
    ok(u"PYRONAME:obj@[::1]:"_s, state(u"PYRONAME"_s, u"obj"_s, none(), u"::1"_s, port(9090)),
       u"PYRONAME:obj@[::1]:9090"_s);
    err(u"PYRO:obj@[]:1"_s, badIpv6);
    err(u"PYRO:obj@[::1"_s, badIpv6);
    err(u"PYRO:obj@[::1]]:5"_s, u"invalid port in uri, port=None"_s);
    err(u"PYRO:obj@[::1]x:5"_s, u"invalid port in uri, port=None"_s);
    ok(u"PYRO:obj@[0:0:0:0:0:0:0:1]:1"_s, state(u"PYRO"_s, u"obj"_s, none(), u"0:0:0:0:0:0:0:1"_s, port(1)),
       u"PYRO:obj@[0:0:0:0:0:0:0:1]:1"_s);
    ok(u"PYRO:obj@[FE80::A]:1"_s, state(u"PYRO"_s, u"obj"_s, none(), u"FE80::A"_s, port(1)), u"PYRO:obj@[FE80::A]:1"_s);
    ok(u"PYRO:obj@[1:2:3:4:5:6:7:8]:65535"_s,
       state(u"PYRO"_s, u"obj"_s, none(), u"1:2:3:4:5:6:7:8"_s, port(65535)), u"PYRO:obj@[1:2:3:4:5:6:7:8]:65535"_s);
    // Hosts and socket paths are taken as they are.
    ok(u"PYRONAME:obj@\u00e9:1"_s, state(u"PYRONAME"_s, u"obj"_s, none(), u"\u00e9"_s, port(1)), u"PYRONAME:obj@\u00e9:1"_s);
    ok(u"PYRO:obj@./u:x@y"_s, state(u"PYRO"_s, u"obj"_s, u"x@y"_s, none(), none()), u"PYRO:obj@./u:x@y"_s);
    ok(u"PYRO:o@./u: "_s, state(u"PYRO"_s, u"o"_s, u" "_s, none(), none()), u"PYRO:o@./u: "_s);
    ok(u"PYRO:obj@./u:/tmp/a b"_s, state(u"PYRO"_s, u"obj"_s, u"/tmp/a b"_s, none(), none()), u"PYRO:obj@./u:/tmp/a b"_s);
    err(u"PYRONAME:n@./u:"_s, u"invalid uri (location)"_s);
    ok(u"PYRO:obj@\u0000:1"_s, state(u"PYRO"_s, u"obj"_s, none(), u"\u0000"_s, port(1)), u"PYRO:obj@\u0000:1"_s);
    ok(u"PYRO:\u0000@h:1"_s, state(u"PYRO"_s, u"\u0000"_s, none(), u"h"_s, port(1)), u"PYRO:\u0000@h:1"_s);
    // Commas only split PYROMETA objects.
    ok(u"PYRONAME:a,b"_s, state(u"PYRONAME"_s, u"a,b"_s, none(), none(), none()), u"PYRONAME:a,b"_s);
    ok(u"PYROMETA:,"_s, state(u"PYROMETA"_s, tagSet({u""_s}), none(), none(), none()), u"PYROMETA:"_s);
    ok(u"PYROMETA:b,a,b@h"_s, state(u"PYROMETA"_s, tagSet({u"a"_s, u"b"_s}), none(), u"h"_s, port(9090)),
       QString());
}

void tst_PyroUri::pythonEdgeCases()
{
    QFETCH(QString, input);
    QFETCH(QVariant, expectedState);
    QFETCH(QString, expected);

    PyroError error;
    const PyroUri uri = PyroUri::fromString(input, &error);
    if (!expectedState.isValid()) {
        QVERIFY2(!uri.isValid(), qPrintable(uri.toString()));
        QCOMPARE(error.message(), expected);
        QCOMPARE(uri.error().message(), expected);
        return;
    }
    QVERIFY2(uri.isValid(), qPrintable(error.message()));
    const QVariant actualState = uri.toState();
    QVERIFY2(PyroValues::identical(actualState, expectedState),
             qPrintable(describe(actualState) + u" != "_s + describe(expectedState)));
    if (!expected.isNull())
        QCOMPARE(uri.toString(), expected);
    QCOMPARE(PyroUri::fromState(actualState.value<PyroTuple>().items()), uri);
}

// Where QtPyro refuses what Python accepts: ports beyond int (Python keeps any int).
void tst_PyroUri::stricterThanPython_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");
    QTest::newRow("port beyond int") << u"PYRO:obj@host:99999999999"_s
                                     << u"invalid port in uri, port=99999999999"_s;
    QTest::newRow("ipv6 port beyond int") << u"PYRO:obj@[::1]:99999999999"_s
                                          << u"invalid port in uri, port=99999999999"_s;
    QTest::newRow("negative port beyond int") << u"PYRONAME:obj@host:-99999999999"_s
                                              << u"invalid port in uri, port=-99999999999"_s;
}

void tst_PyroUri::stricterThanPython()
{
    QFETCH(QString, input);
    QFETCH(QString, message);
    const PyroUri uri(input);
    QVERIFY(!uri.isValid());
    QCOMPARE(uri.error().message(), message);
}

void tst_PyroUri::stateRoundTrip_data()
{
    QTest::addColumn<PyroUri>("uri");
    QTest::addColumn<QVariant>("expectedState");

    // The states Pyro5 puts in its "Pyro5.core.URI" class dicts (PROTOCOL.md §7.1).
    QTest::newRow("tcp") << PyroUri(u"PYRO:test.echoserver@127.0.0.1:47301"_s)
                         << state(u"PYRO"_s, u"test.echoserver"_s, none(), u"127.0.0.1"_s, port(47301));
    QTest::newRow("unix socket") << PyroUri(u"PYRO:obj@./u:pyro-example.sock"_s)
                                 << state(u"PYRO"_s, u"obj"_s, u"pyro-example.sock"_s, none(), none());
    QTest::newRow("name without location") << PyroUri(u"PYRONAME:my.object"_s)
                                           << state(u"PYRONAME"_s, u"my.object"_s, none(), none(), none());
    QTest::newRow("name with ns") << PyroUri(u"PYRONAME:my.object@ns.local"_s)
                                  << state(u"PYRONAME"_s, u"my.object"_s, none(), u"ns.local"_s, port(9090));
    QTest::newRow("meta") << PyroUri(u"PYROMETA:b,a@[::1]:5"_s)
                          << state(u"PYROMETA"_s, tagSet({u"a"_s, u"b"_s}), none(), u"::1"_s, port(5));
    QTest::newRow("forTcp") << PyroUri::forTcp(u"o"_s, u"h"_s, 1)
                            << state(u"PYRO"_s, u"o"_s, none(), u"h"_s, port(1));
    QTest::newRow("forUnixSocket") << PyroUri::forUnixSocket(u"o"_s, u"/run/x.sock"_s)
                                   << state(u"PYRO"_s, u"o"_s, u"/run/x.sock"_s, none(), none());
    QTest::newRow("forName") << PyroUri::forName(u"n"_s)
                             << state(u"PYRONAME"_s, u"n"_s, none(), none(), none());
    QTest::newRow("forMetadata") << PyroUri::forMetadata({u"x"_s}, u"h"_s, 7)
                                 << state(u"PYROMETA"_s, tagSet({u"x"_s}), none(), u"h"_s, port(7));
}

void tst_PyroUri::stateRoundTrip()
{
    QFETCH(PyroUri, uri);
    QFETCH(QVariant, expectedState);
    QVERIFY(uri.isValid());
    const QVariant st = uri.toState();
    QCOMPARE(st.typeId(), qMetaTypeId<PyroTuple>());
    QVERIFY2(PyroValues::identical(st, expectedState),
             qPrintable(describe(st) + u" != "_s + describe(expectedState)));
    PyroError error(PyroError::Code::DaemonError, u"stale"_s);
    const PyroUri back = PyroUri::fromState(st.value<PyroTuple>().items(), &error);
    QVERIFY(!error.isError());
    QVERIFY(back.isValid());
    QCOMPARE(back, uri);
    QCOMPARE(back.toString(), uri.toString());
    QCOMPARE(qHash(back), qHash(uri));
    QVERIFY(PyroValues::identical(back.toState(), st));
}

// json and msgpack carry the state as a list, PYROMETA tags as a list too; Python takes that.
void tst_PyroUri::fromStateLenient()
{
    const PyroUri a = PyroUri::fromState({u"PYRO"_s, u"obj"_s, none(), u"h"_s, 5});
    QCOMPARE(a, PyroUri(u"PYRO:obj@h:5"_s));
    const PyroUri b = PyroUri::fromState({u"PYROMETA"_s, QVariantList{u"b"_s, u"a"_s}, none(), none(), none()});
    QCOMPARE(b, PyroUri(u"PYROMETA:a,b"_s));
    const PyroUri c = PyroUri::fromState({u"PYROMETA"_s, u"a,b"_s, none(), none(), none()});
    QCOMPARE(c, PyroUri(u"PYROMETA:a,b"_s));
    const PyroUri d = PyroUri::fromState({u"PYRONAME"_s, u"n"_s, none(), u"h"_s, qlonglong(9090)});
    QCOMPARE(d, PyroUri(u"PYRONAME:n@h"_s));
    const PyroUri e = PyroUri::fromState({u"PYRONAME"_s, u"n"_s, u"ns.sock"_s, none(), none()});
    QCOMPARE(e, PyroUri(u"PYRONAME:n@./u:ns.sock"_s));
    // An invalid QVariant counts as None.
    const PyroUri f = PyroUri::fromState({u"PYRO"_s, u"o"_s, QVariant(), QVariant(), QVariant()});
    QVERIFY(f.isValid());
    QVERIFY(!f.hasLocation());
}

void tst_PyroUri::fromStateRejects_data()
{
    QTest::addColumn<QVariantList>("st");
    QTest::addColumn<QString>("message");
    const QString bad = u"invalid uri state"_s;
    QTest::newRow("empty") << QVariantList() << bad;
    QTest::newRow("four items") << QVariantList{u"PYRO"_s, u"o"_s, none(), u"h"_s} << bad;
    QTest::newRow("six items") << QVariantList{u"PYRO"_s, u"o"_s, none(), u"h"_s, 1, 2} << bad;
    QTest::newRow("protocol None") << QVariantList{none(), u"o"_s, none(), u"h"_s, 1} << bad;
    QTest::newRow("protocol int") << QVariantList{1, u"o"_s, none(), u"h"_s, 1} << bad;
    QTest::newRow("unknown protocol") << QVariantList{u"HTTP"_s, u"o"_s, none(), u"h"_s, 1}
                                      << u"invalid uri (protocol)"_s;
    QTest::newRow("object None") << QVariantList{u"PYRO"_s, none(), none(), u"h"_s, 1} << bad;
    QTest::newRow("object int") << QVariantList{u"PYRONAME"_s, 5, none(), none(), none()} << bad;
    QTest::newRow("meta object int") << QVariantList{u"PYROMETA"_s, 5, none(), none(), none()} << bad;
    QTest::newRow("meta tag int") << QVariantList{u"PYROMETA"_s, QVariantList{1}, none(), none(), none()} << bad;
    QTest::newRow("sockname int") << QVariantList{u"PYRO"_s, u"o"_s, 1, none(), none()} << bad;
    QTest::newRow("host int") << QVariantList{u"PYRO"_s, u"o"_s, none(), 1, 1} << bad;
    QTest::newRow("port str") << QVariantList{u"PYRO"_s, u"o"_s, none(), u"h"_s, u"1"_s} << bad;
    QTest::newRow("port float") << QVariantList{u"PYRO"_s, u"o"_s, none(), u"h"_s, 1.5} << bad;
    QTest::newRow("port bool") << QVariantList{u"PYRO"_s, u"o"_s, none(), u"h"_s, true} << bad;
    QTest::newRow("port huge") << QVariantList{u"PYRO"_s, u"o"_s, none(), u"h"_s, qlonglong(1) << 40} << bad;
    QTest::newRow("port bigint") << QVariantList{u"PYRO"_s, u"o"_s, none(), u"h"_s,
                                                 QVariant::fromValue(PyroBigInt::fromString(u"123456789012345678901234567890"))}
                                 << bad;
}

void tst_PyroUri::fromStateRejects()
{
    QFETCH(QVariantList, st);
    QFETCH(QString, message);
    PyroError error;
    const PyroUri uri = PyroUri::fromState(st, &error);
    QVERIFY(!uri.isValid());
    QCOMPARE(error.code(), PyroError::Code::PyroError);
    QCOMPARE(error.message(), message);
    QCOMPARE(uri.error().message(), message);
}

void tst_PyroUri::forTcp()
{
    const PyroUri uri = PyroUri::forTcp(u"thermostat"_s, u"localhost"_s, 9999);
    QVERIFY(uri.isValid());
    QVERIFY(!uri.error().isError());
    QCOMPARE(uri.protocol(), PyroUri::Protocol::Pyro);
    QCOMPARE(uri.toString(), u"PYRO:thermostat@localhost:9999"_s);
    QCOMPARE(uri, PyroUri(u"pyro:thermostat@localhost:9999"_s));
    QCOMPARE(uri.location(), u"localhost:9999"_s);
    QVERIFY(!uri.isUnixSocket());

    const PyroUri v6 = PyroUri::forTcp(u"o"_s, u"fe80::1%4"_s, 1);
    QCOMPARE(v6.host(), u"fe80::1%4"_s);
    QCOMPARE(v6.toString(), u"PYRO:o@[fe80::1%4]:1"_s);
    QCOMPARE(v6, PyroUri(v6.toString()));
    // Brackets given by the caller are not doubled.
    const PyroUri bracketed = PyroUri::forTcp(u"o"_s, u"[::1]"_s, 2);
    QCOMPARE(bracketed.host(), u"::1"_s);
    QCOMPARE(bracketed.toString(), u"PYRO:o@[::1]:2"_s);
}

void tst_PyroUri::forUnixSocket()
{
    const PyroUri uri = PyroUri::forUnixSocket(u"obj"_s, u"/run/pyro.sock"_s);
    QVERIFY(uri.isValid());
    QVERIFY(uri.isUnixSocket());
    QCOMPARE(uri.socketPath(), u"/run/pyro.sock"_s);
    QVERIFY(uri.host().isEmpty());
    QCOMPARE(uri.port(), 0);
    QCOMPARE(uri.location(), u"./u:/run/pyro.sock"_s);
    QCOMPARE(uri.toString(), u"PYRO:obj@./u:/run/pyro.sock"_s);
    QCOMPARE(PyroUri(uri.toString()), uri);
}

void tst_PyroUri::forName()
{
    const PyroUri bare = PyroUri::forName(u"example.greeting"_s);
    QVERIFY(bare.isValid());
    QCOMPARE(bare.protocol(), PyroUri::Protocol::PyroName);
    QCOMPARE(bare.toString(), u"PYRONAME:example.greeting"_s);
    QVERIFY(!bare.hasLocation());
    QCOMPARE(bare.port(), 0);
    QCOMPARE(bare, PyroUri(u"PYRONAME:example.greeting"_s));

    const PyroUri defaultPort = PyroUri::forName(u"n"_s, u"ns.local"_s);
    QCOMPARE(defaultPort.port(), 9090);
    QCOMPARE(defaultPort.toString(), u"PYRONAME:n@ns.local:9090"_s);
    QCOMPARE(defaultPort, PyroUri(u"PYRONAME:n@ns.local"_s));

    const PyroUri withPort = PyroUri::forName(u"n"_s, u"::1"_s, 1234);
    QCOMPARE(withPort.toString(), u"PYRONAME:n@[::1]:1234"_s);
    QCOMPARE(withPort, PyroUri(u"PYRONAME:n@[::1]:1234"_s));
    QCOMPARE(PyroUri::forName(u"n"_s, u"[::1]"_s, 1234), withPort);

    const PyroUri socket = PyroUri::forName(u"n"_s, u"./u:ns.sock"_s);
    QVERIFY(socket.isUnixSocket());
    QCOMPARE(socket.socketPath(), u"ns.sock"_s);
    QCOMPARE(socket.toString(), u"PYRONAME:n@./u:ns.sock"_s);
    QCOMPARE(socket, PyroUri(u"PYRONAME:n@./u:ns.sock"_s));
}

void tst_PyroUri::forMetadata()
{
    const PyroUri uri = PyroUri::forMetadata({u"class:thermostat"_s, u"floor:2"_s, u"class:thermostat"_s});
    QVERIFY(uri.isValid());
    QCOMPARE(uri.protocol(), PyroUri::Protocol::PyroMeta);
    QCOMPARE(uri.metadataTags(), (QStringList{u"class:thermostat"_s, u"floor:2"_s}));
    QCOMPARE(uri.object(), u"class:thermostat,floor:2"_s);
    QCOMPARE(uri.toString(), u"PYROMETA:class:thermostat,floor:2"_s);
    // Tags are a set: order does not matter for equality or hashing.
    const PyroUri reversed = PyroUri(u"PYROMETA:floor:2,class:thermostat"_s);
    QCOMPARE(reversed, uri);
    QCOMPARE(qHash(reversed), qHash(uri));
    QCOMPARE(qHash(reversed, 42), qHash(uri, 42));
    QVERIFY(uri != PyroUri(u"PYROMETA:floor:2"_s));

    const PyroUri located = PyroUri::forMetadata({u"a"_s}, u"ns"_s);
    QCOMPARE(located.toString(), u"PYROMETA:a@ns:9090"_s);
    QCOMPARE(located, PyroUri(u"PYROMETA:a@ns"_s));
}

void tst_PyroUri::ipv6CanonicalForm_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("canonical");
    // Pyro5 keeps the address text as written and puts brackets around any host with ':'.
    QTest::newRow("loopback") << u"PYRO:o@[::1]:1"_s << u"::1"_s << u"PYRO:o@[::1]:1"_s;
    QTest::newRow("not compressed") << u"PYRO:o@[0:0:0:0:0:0:0:1]:1"_s << u"0:0:0:0:0:0:0:1"_s
                                    << u"PYRO:o@[0:0:0:0:0:0:0:1]:1"_s;
    QTest::newRow("upper case kept") << u"PYRO:o@[FE80::A]:1"_s << u"FE80::A"_s << u"PYRO:o@[FE80::A]:1"_s;
    QTest::newRow("numeric scope") << u"PYRO:o@[fe80::1%4]:9999"_s << u"fe80::1%4"_s
                                   << u"PYRO:o@[fe80::1%4]:9999"_s;
    QTest::newRow("junk after port dropped") << u"PYRO:o@[::1]:9999junk"_s << u"::1"_s << u"PYRO:o@[::1]:9999"_s;
    QTest::newRow("name default port") << u"pyroname:n@[::]"_s << u"::"_s << u"PYRONAME:n@[::]:9090"_s;
    QTest::newRow("mapped v4") << u"PYRO:o@[::ffff:7f00:1]:80"_s << u"::ffff:7f00:1"_s
                               << u"PYRO:o@[::ffff:7f00:1]:80"_s;
}

void tst_PyroUri::ipv6CanonicalForm()
{
    QFETCH(QString, input);
    QFETCH(QString, host);
    QFETCH(QString, canonical);
    const PyroUri uri(input);
    QVERIFY2(uri.isValid(), qPrintable(uri.error().message()));
    QCOMPARE(uri.host(), host);
    QCOMPARE(uri.toString(), canonical);
    QCOMPARE(PyroUri(canonical), uri);
    QCOMPARE(PyroUri::forTcp(uri.object(), host, uri.port()).location(), uri.location());
}

void tst_PyroUri::equalityAndHash()
{
    const PyroUri a(u"PYRO:obj@host:1"_s);
    QCOMPARE(a, PyroUri(u"pyro:obj@host:1"_s));
    QCOMPARE(a, PyroUri(u"PYRO:obj@host: 1"_s));
    QVERIFY(a != PyroUri(u"PYRO:obj@host:2"_s));
    QVERIFY(a != PyroUri(u"PYRO:Obj@host:1"_s)); // object ids are case-sensitive
    QVERIFY(a != PyroUri(u"PYRO:obj@HOST:1"_s)); // so are hosts, as in Python
    QVERIFY(a != PyroUri(u"PYRONAME:obj@host:1"_s));
    QVERIFY(PyroUri(u"PYRONAME:x"_s) != PyroUri(u"PYRONAME:x@:5"_s)); // None vs '' host

    QSet<PyroUri> set;
    set.insert(a);
    set.insert(PyroUri(u"pyro:obj@host:1"_s));
    set.insert(PyroUri(u"PYROMETA:a,b"_s));
    set.insert(PyroUri(u"PYROMETA:b,a"_s));
    set.insert(PyroUri(u"PYROMETA:b , a"_s.remove(u' ')));
    QCOMPARE(set.size(), 2);
    QVERIFY(set.contains(PyroUri::forMetadata({u"b"_s, u"a"_s})));

    // Copies share until written.
    PyroUri b = a;
    QCOMPARE(b, a);
    b = PyroUri(u"PYRO:other@host:1"_s);
    QCOMPARE(a.object(), u"obj"_s);
    PyroUri c;
    c.swap(b);
    QCOMPARE(c.object(), u"other"_s);
    QVERIFY(!b.isValid());
}

void tst_PyroUri::defaultAndErrors()
{
    const PyroUri none;
    QVERIFY(!none.isValid());
    QCOMPARE(none.protocol(), PyroUri::Protocol::Invalid);
    QVERIFY(none.protocolString().isEmpty());
    QVERIFY(none.toString().isEmpty());
    QVERIFY(none.error().isError());
    QCOMPARE(none.error().message(), u"invalid uri"_s);

    // The constructor keeps the reason, not just "invalid uri".
    const PyroUri noPort(u"PYRO:obj@host"_s);
    QCOMPARE(noPort.error().message(), u"invalid port in uri, port=None"_s);
    QCOMPARE(PyroUri(u"PYROX:obj@host:1"_s).error().message(), u"invalid uri (protocol)"_s);

    // A successful parse clears a stale error.
    PyroError error(PyroError::Code::Timeout, u"stale"_s);
    QVERIFY(PyroUri::fromString(u"PYRO:o@h:1"_s, &error).isValid());
    QVERIFY(!error.isError());
}

void tst_PyroUri::debugAndMetaType()
{
    QString text;
    QDebug(&text) << PyroUri(u"pyro:o@h:1"_s) << PyroUri();
    QCOMPARE(text.trimmed(), u"PyroUri(PYRO:o@h:1) PyroUri(invalid)"_s);

    const PyroUri uri(u"PYRO:o@[::1]:5"_s);
    const QVariant v = QVariant::fromValue(uri);
    QCOMPARE(v.value<PyroUri>(), uri);

    // Q_GADGET properties, as QML sees them.
    const QMetaObject &mo = PyroUri::staticMetaObject;
    const auto read = [&](const char *name) {
        return mo.property(mo.indexOfProperty(name)).readOnGadget(&uri);
    };
    QCOMPARE(read("host").toString(), u"::1"_s);
    QCOMPARE(read("port").toInt(), 5);
    QCOMPARE(read("object").toString(), u"o"_s);
    QCOMPARE(read("valid").toBool(), true);
    QCOMPARE(read("protocol").value<PyroUri::Protocol>(), PyroUri::Protocol::Pyro);
}

void tst_PyroUri::hostileInput_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QString() << u"invalid uri"_s;
    QTest::newRow("empty non-null") << u""_s << u"invalid uri"_s;
    QTest::newRow("only PYRO:") << u"PYRO:"_s << u"invalid uri"_s;
    QTest::newRow("only pyroname:") << u"pyroname:"_s << u"invalid uri"_s;
    QTest::newRow("only PYRO") << u"PYRO"_s << u"invalid uri"_s;
    QTest::newRow("PYR") << u"PYR"_s << u"invalid uri"_s;
    QTest::newRow("colon") << u":"_s << u"invalid uri"_s;
    QTest::newRow("at") << u"@"_s << u"invalid uri"_s;
    QTest::newRow("newline") << u"\n"_s << u"invalid uri"_s;
    QTest::newRow("PYRO:\\n") << u"PYRO:\n"_s << u"invalid uri"_s;
    QTest::newRow("nul") << QString(QChar(0)) << u"invalid uri"_s;
    QTest::newRow("nul in scheme") << QStringView(u"PY\0RO:o@h:1", 11).toString() << u"invalid uri"_s;
    QTest::newRow("lone surrogate port") << u"PYRO:o@h:"_s + QChar(0xd800) << u"invalid port in uri, port="_s + QChar(0xd800);
    QTest::newRow("brackets only") << u"PYRO:o@[]"_s
        << u"invalid ipv6 address: the part between brackets must be a numeric ipv6 address"_s;
    QTest::newRow("open bracket only") << u"PYRO:o@["_s
        << u"invalid ipv6 address: the part between brackets must be a numeric ipv6 address"_s;
    QTest::newRow("triple bracket") << u"PYRO:o@[[[::1]]]:1"_s << u"invalid ipv6 address: enclosed in too many brackets"_s;
    QTest::newRow("socket prefix only") << u"PYRO:o@./u:"_s << u"invalid uri (location)"_s;
    QTest::newRow("only at signs") << u"PYRO:@@@"_s << u"invalid port in uri, port=None"_s;
    QTest::newRow("tab object") << u"PYRO:\t@h:1"_s << u"invalid uri"_s;
    QTest::newRow("scheme with digits") << u"PYRO5:o@h:1"_s << u"invalid uri"_s;
}

void tst_PyroUri::hostileInput()
{
    QFETCH(QString, input);
    QFETCH(QString, message);
    PyroError error;
    const PyroUri uri = PyroUri::fromString(input, &error);
    QVERIFY(!uri.isValid());
    QCOMPARE(error.message(), message);
    QCOMPARE(uri.error().message(), message);
    QVERIFY(uri.toString().isEmpty());
}

void tst_PyroUri::hugeInput()
{
    QElapsedTimer timer;
    timer.start();
    const qsizetype n = 1 << 20;

    const QString bigObject(n, u'x');
    const PyroUri a(u"PYRO:"_s + bigObject + u"@h:1"_s);
    QVERIFY(a.isValid());
    QCOMPARE(a.object().size(), n);

    QVERIFY(!PyroUri(u"PYRO:"_s + bigObject).isValid()); // no location
    QVERIFY(PyroUri(u"PYRONAME:"_s + bigObject).isValid());
    QVERIFY(!PyroUri(u"PYRO:"_s + QString(n, u' ')).isValid());
    QVERIFY(!PyroUri(u"PYRO:"_s + QString(n, u'@')).isValid());
    QVERIFY(!PyroUri(u"PYRO:"_s + QString(n, u'\n')).isValid());
    QVERIFY(!PyroUri(u"PYRO:o@["_s + QString(n, u':')).isValid());
    QVERIFY(!PyroUri(u"PYRO:o@"_s + QString(n, u'[')).isValid());
    QVERIFY(!PyroUri(u"PYRO:o@h:"_s + QString(n, u'9')).isValid());
    QVERIFY(!PyroUri(u"PYRO:o@[::1]:"_s + QString(n, u'9')).isValid());
    QVERIFY(PyroUri(u"PYRONAME:o@"_s + QString(n, u'h')).isValid());
    const PyroUri meta(u"PYROMETA:"_s + QString(n / 2, u',') + u"@h"_s);
    QVERIFY(meta.isValid());
    QCOMPARE(meta.metadataTags(), QStringList{QString(u""_s)});
    // A scheme of a million letters is no PYRO protocol.
    QCOMPARE(PyroUri(u"PYRO"_s + QString(n, u'a') + u":o@h:1"_s).error().message(),
             u"invalid uri (protocol)"_s);
    // Many distinct tags: deduplicating them must not be quadratic.
    QString tags;
    for (int i = 0; i < 200000; ++i)
        tags += QString::number(i % 150000) + u',';
    QCOMPARE(PyroUri(u"PYROMETA:"_s + tags + u"x"_s).metadataTags().size(), 150001);

    QVERIFY2(timer.elapsed() < 20000, "URI parsing is not linear");
}

static void checkInvariants(const QString &input)
{
    PyroError error;
    const PyroUri uri = PyroUri::fromString(input, &error);
    if (!uri.isValid()) {
        QVERIFY2(error.isError(), qPrintable(input));
        QVERIFY(error.message().startsWith(u"invalid "_s));
        QCOMPARE(uri.error(), error);
        return;
    }
    QVERIFY(!error.isError());
    const QString text = uri.toString();
    QVERIFY(!text.isEmpty());
    QVERIFY(text.startsWith(uri.protocolString() + u':'));
    const QVariant st = uri.toState();
    QCOMPARE(PyroUri::fromState(st.value<PyroTuple>().items()), uri);
    QCOMPARE(qHash(PyroUri::fromState(st.value<PyroTuple>().items())), qHash(uri));
    // The canonical text reads back as the same URI, except where an empty host made the
    // location vanish from it (Python behaves the same).
    const QVariant host = st.value<PyroTuple>().at(3);
    const bool emptyHost = host.typeId() == QMetaType::QString && host.toString().isEmpty();
    // "PYROMETA:," has the single tag "" and the text "PYROMETA:", unparsable in Python too.
    const bool emptyObject = uri.object().isEmpty();
    if (!emptyHost && !emptyObject) {
        const PyroUri again(text);
        QVERIFY2(again == uri, qPrintable(u"input "_s + input + u" text "_s + text));
        QCOMPARE(again.toString(), text);
    }
}

void tst_PyroUri::randomGarbage()
{
    QRandomGenerator rng(20260502);
    const QString alphabet = u"PYROpyroNAMEMETA:@[]./u%,_-+ \t\n0123456789abcdefxX:::@@"_s;
    const QString prefixes[] = {u""_s, u"PYRO:"_s, u"PYRONAME:"_s, u"PYROMETA:"_s, u"pyro:o@"_s,
                                u"PYRO:o@["_s, u"PYRO:o@./u:"_s, u"PYRONAME:n@h:"_s};
    for (int i = 0; i < 20000; ++i) {
        QString s = prefixes[rng.bounded(int(std::size(prefixes)))];
        const int len = rng.bounded(40);
        for (int j = 0; j < len; ++j) {
            const int kind = rng.bounded(10);
            if (kind < 8)
                s += alphabet.at(rng.bounded(int(alphabet.size())));
            else if (kind == 8)
                s += QChar(char16_t(rng.bounded(0x20)));
            else
                s += QChar(char16_t(rng.bounded(0x80, 0x10000)));
        }
        checkInvariants(s);
        if (QTest::currentTestFailed()) {
            qWarning() << "input:" << s;
            return;
        }
    }
}

void tst_PyroUri::mutatedVectors()
{
    const QJsonArray cases = PyroTestVectors::loadManifest(u"uris.json"_s).value(u"cases"_s).toArray();
    QRandomGenerator rng(7);
    const QString specials = u":@[]./u%, \n9"_s;
    for (const QJsonValue &c : cases) {
        const QString input = c.toObject().value(u"input"_s).toString();
        for (int i = 0; i < 300; ++i) {
            QString s = input;
            const int edits = 1 + rng.bounded(3);
            for (int e = 0; e < edits; ++e) {
                const int pos = s.isEmpty() ? 0 : rng.bounded(int(s.size()) + 1);
                const QChar ch = specials.at(rng.bounded(int(specials.size())));
                switch (rng.bounded(3)) {
                case 0:
                    s.insert(pos, ch);
                    break;
                case 1:
                    if (pos < s.size())
                        s.remove(pos, 1);
                    break;
                default:
                    if (pos < s.size())
                        s[pos] = ch;
                    break;
                }
            }
            checkInvariants(s);
            if (QTest::currentTestFailed()) {
                qWarning() << "input:" << s;
                return;
            }
        }
    }
}

QTEST_GUILESS_MAIN(tst_PyroUri)
#include "tst_pyrouri.moc"
