// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Python strs holding surrogate code points ('\ud83d\ude00' is two code points, not one
// astral character): what each serializer does with them, as Pyro5 does. Serpent and
// marshal carry them exactly (PyroSurrogateString where UTF-16 would merge a pair);
// json and msgpack refuse to encode them, like Python's encoders. The golden bytes were
// written by Pyro5 5.17 (serpent 1.41, CPython 3.11 marshal) for these values. An echo
// through a QtPyro daemon hands the same code points back.

#include "pyrodaemon.h"
#include "pyroproxy.h"
#include "pyroresult.h"
#include "pyroserializer.h"
#include "pyrovalues.h"

#include <QtCore/QThread>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(QByteArray(text).replace(' ', ""));
}

QVariant codePoints(std::initializer_list<char32_t> cps)
{
    return QVariant::fromValue(PyroSurrogateString(QList<char32_t>(cps)));
}

const QByteArray SerpentHeader = "# serpent utf-8 python3.2\n";

} // namespace

class Echo : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    QVariant echo(const QVariant &v) { return v; }
    int length(const QVariant &v) { return int(v.value<PyroSurrogateString>().size()); }
};

class tst_PyroSurrogates : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void valueType();
    void golden_data();
    void golden();
    void serpentForms_data();
    void serpentForms();
    void refusedByJsonAndMsgpack_data();
    void refusedByJsonAndMsgpack();
    void jsonEscapesMergeLikePython();
    void echoThroughDaemon_data();
    void echoThroughDaemon();
};

void tst_PyroSurrogates::valueType()
{
    const QVariant pair = codePoints({0xd83d, 0xde00});
    QCOMPARE(pair.value<PyroSurrogateString>().size(), 2);
    QCOMPARE(PyroValues::pythonTypeName(pair), u"str"_s);
    QCOMPARE(PyroValues::pythonRepr(pair), u"'\\ud83d\\ude00'"_s);
    // not the astral character it would become in UTF-16, though that is its QString form
    QVERIFY(!PyroValues::equals(pair, QString(u"\U0001F600"_s)));
    QCOMPARE(pair.toString(), u"\U0001F600"_s);
    QVERIFY(PyroValues::identical(pair, codePoints({0xd83d, 0xde00})));
    QVERIFY(!PyroValues::equals(pair, codePoints({0xd83d, 0xde01})));
    // a lone surrogate fits a QString exactly: equal either way, and normalized() picks QString
    QVERIFY(PyroValues::equals(codePoints({U'a', 0xdc80}), QString(u"a"_s + QChar(0xdc80))));
    QCOMPARE(PyroSurrogateString::normalized({U'a', 0xdc80}).typeId(), QMetaType::QString);
    QCOMPARE(PyroSurrogateString::normalized({0xd800, 0xdc00}).typeId(), qMetaTypeId<PyroSurrogateString>());
    QCOMPARE(PyroSurrogateString::fromString(u"\U0001F600x"_s).codePoints(), QList<char32_t>({0x1F600, U'x'}));
    // usable as a dict key and set item next to the astral character
    PyroDict dict;
    dict.insert(pair, 1);
    dict.insert(QString(u"\U0001F600"_s), 2);
    QCOMPARE(dict.size(), 2);
    QCOMPARE(dict.value(codePoints({0xd83d, 0xde00})), QVariant(1));
}

void tst_PyroSurrogates::golden_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<bool>("byteExact"); // marshal's FLAG_REF bits follow CPython's reference counts

    const QVariant pair = codePoints({0xd83d, 0xde00});
    const QVariant inText = codePoints({U'a', 0xd83d, 0xde00, U'b'});
    const QVariant loneAndPair = codePoints({0xdc80, 0xd83d, 0xde00, 0xd800});
    const QVariant astralAndPair = codePoints({0x1F600, 0xd83d, 0xde00});
    const QVariant nested = QVariantList{pair, QVariant::fromValue(PyroDict{
            {codePoints({0xdbff, 0xdfff}), QVariant::fromValue(PyroTuple{codePoints({0xd800, 0xdc00})})}})};

    QTest::newRow("serpent/pair") << u"serpent"_s << SerpentHeader + "'\\ud83d\\ude00'" << pair << true;
    QTest::newRow("serpent/pair-in-text") << u"serpent"_s << SerpentHeader + "'a\\ud83d\\ude00b'" << inText << true;
    QTest::newRow("serpent/lone-and-pair") << u"serpent"_s << SerpentHeader + "'\\udc80\\ud83d\\ude00\\ud800'"
                                           << loneAndPair << true;
    QTest::newRow("serpent/astral-and-pair") << u"serpent"_s << SerpentHeader + "'\xf0\x9f\x98\x80\\ud83d\\ude00'"
                                             << astralAndPair << true;
    QTest::newRow("serpent/nested")
        << u"serpent"_s << SerpentHeader + "['\\ud83d\\ude00',{'\\udbff\\udfff':('\\ud800\\udc00',)}]" << nested << true;
    QTest::newRow("marshal/pair") << u"marshal"_s << hex("f5 06000000 eda0bd edb880") << pair << false;
    QTest::newRow("marshal/pair-in-text") << u"marshal"_s << hex("f5 08000000 61 eda0bd edb880 62") << inText << false;
    QTest::newRow("marshal/lone-and-pair") << u"marshal"_s << hex("f5 0c000000 edb280 eda0bd edb880 eda080")
                                           << loneAndPair << false;
    QTest::newRow("marshal/astral-and-pair") << u"marshal"_s << hex("f5 0a000000 f09f9880 eda0bd edb880")
                                             << astralAndPair << false;
    QTest::newRow("marshal/nested")
        << u"marshal"_s
        << hex("db 02000000 f5 06000000 eda0bdedb880 7b f5 06000000 edafbfedbfbf a9 01 f5 06000000 eda080edb080 30")
        << nested << false;
}

// Decoding keeps every code point; encoding writes what Python writes (the same bytes
// where the format is deterministic, else bytes that decode to the same value).
void tst_PyroSurrogates::golden()
{
    QFETCH(QString, serializer);
    QFETCH(QByteArray, bytes);
    QFETCH(QVariant, value);
    QFETCH(bool, byteExact);
    const PyroSerializer *s = PyroSerializer::byName(serializer);
    QVERIFY(s);
    PyroError error;
    const QVariant decoded = s->decode(bytes, PyroDecodeOptions(), &error);
    QVERIFY2(decoded.isValid(), qPrintable(error.toString()));
    QVERIFY2(PyroValues::identical(decoded, value), qPrintable(PyroValues::pythonRepr(decoded)));
    QCOMPARE(PyroValues::pythonRepr(decoded), PyroValues::pythonRepr(value));

    QByteArray encoded;
    QVERIFY2(s->encode(encoded, value, PyroEncodeContext(), &error), qPrintable(error.toString()));
    if (byteExact)
        QCOMPARE(encoded, bytes);
    const QVariant again = s->decode(encoded, PyroDecodeOptions(), &error);
    QVERIFY2(PyroValues::identical(again, value), qPrintable(PyroValues::pythonRepr(again)));
}

// Adjacent literals, raw strings and strings UTF-16 holds exactly stay what they were.
void tst_PyroSurrogates::serpentForms_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QVariant>("value");
    QTest::newRow("adjacent-literals") << QByteArray("'\\ud83d' '\\ude00'") << codePoints({0xd83d, 0xde00});
    QTest::newRow("adjacent-after-pair") << QByteArray("'x\\ud83d\\ude00' 'y'") << codePoints({U'x', 0xd83d, 0xde00, U'y'});
    QTest::newRow("32-bit-escapes") << QByteArray("'\\U0000d83d\\U0000de00'") << codePoints({0xd83d, 0xde00});
    QTest::newRow("reversed-is-qstring") << QByteArray("'\\ude00\\ud83d'")
                                         << QVariant(QString(QChar(0xde00)) + QChar(0xd83d));
    QTest::newRow("lone-is-qstring") << QByteArray("'\\udc80'") << QVariant(QString(QChar(0xdc80)));
    QTest::newRow("astral-escape-is-qstring") << QByteArray("'\\U0001f600'") << QVariant(u"\U0001F600"_s);
    QTest::newRow("raw-keeps-backslashes") << QByteArray("r'\\ud83d\\ude00'") << QVariant(u"\\ud83d\\ude00"_s);
    QTest::newRow("dict-key") << QByteArray("{'\\ud83d\\ude00':1}")
                              << QVariant::fromValue(PyroDict{{codePoints({0xd83d, 0xde00}), 1}});
}

void tst_PyroSurrogates::serpentForms()
{
    QFETCH(QByteArray, text);
    QFETCH(QVariant, value);
    PyroError error;
    const QVariant decoded = PyroSerializer::byName(u"serpent")->decode(SerpentHeader + text, PyroDecodeOptions(), &error);
    QVERIFY2(decoded.isValid(), qPrintable(error.toString()));
    QCOMPARE(decoded.typeId(), value.typeId());
    QVERIFY2(PyroValues::identical(decoded, value), qPrintable(PyroValues::pythonRepr(decoded)));
}

// Python's json and msgpack encode str as strict UTF-8 and raise UnicodeEncodeError.
void tst_PyroSurrogates::refusedByJsonAndMsgpack_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("message");
    for (const QString &s : {u"json"_s, u"msgpack"_s}) {
        QTest::addRow("%s/pair", qPrintable(s))
            << s << codePoints({U'a', 0xd83d, 0xde00})
            << u"'utf-8' codec can't encode characters in position 1-2: surrogates not allowed"_s;
        QTest::addRow("%s/key", qPrintable(s))
            << s << QVariant::fromValue(PyroDict{{codePoints({0xd83d, 0xde00}), 1}})
            << u"'utf-8' codec can't encode characters in position 0-1: surrogates not allowed"_s;
        QTest::addRow("%s/lone-qstring", qPrintable(s))
            << s << QVariant(QVariantList{QString(u"ab"_s + QChar(0xdc80))})
            << u"'utf-8' codec can't encode character '\\udc80' in position 2: surrogates not allowed"_s;
    }
}

void tst_PyroSurrogates::refusedByJsonAndMsgpack()
{
    QFETCH(QString, serializer);
    QFETCH(QVariant, value);
    QFETCH(QString, message);
    PyroError error;
    const PyroSerializer *s = PyroSerializer::byName(serializer, &error);
    QVERIFY2(s, qPrintable(error.toString()));
    QByteArray out;
    QVERIFY(!s->encode(out, value, PyroEncodeContext(), &error));
    QCOMPARE(error.code(), PyroError::Code::SerializeError);
    QVERIFY2(error.message().contains(message), qPrintable(error.message()));
}

// json.loads() joins a \u escape pair into one character, and keeps a lone one.
void tst_PyroSurrogates::jsonEscapesMergeLikePython()
{
    const PyroSerializer *json = PyroSerializer::byName(u"json");
    PyroError error;
    const QVariant pair = json->decode(R"(["\ud83d\ude00", "\udc80", "\ud83dx"])", PyroDecodeOptions(), &error);
    QVERIFY2(pair.isValid(), qPrintable(error.toString()));
    const QVariantList items = pair.toList();
    QCOMPARE(items.size(), 3);
    QCOMPARE(items.at(0).typeId(), QMetaType::QString);
    QCOMPARE(items.at(0).toString(), u"\U0001F600"_s);
    QCOMPARE(items.at(1).toString(), QString(QChar(0xdc80)));
    QCOMPARE(items.at(2).toString(), QString(QChar(0xd83d)) + u'x');
}

void tst_PyroSurrogates::echoThroughDaemon_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::newRow("serpent") << u"serpent"_s;
    QTest::newRow("marshal") << u"marshal"_s;
}

// A QtPyro daemon hands the code points back as they came, and its methods see them.
void tst_PyroSurrogates::echoThroughDaemon()
{
    QFETCH(QString, serializer);
    QThread thread;
    QObject context;
    thread.start();
    context.moveToThread(&thread);
    PyroDaemon *daemon = nullptr;
    Echo *echo = nullptr;
    PyroUri uri;
    QMetaObject::invokeMethod(&context, [&] {
        daemon = new PyroDaemon(PyroConfig());
        if (daemon->listen(u"127.0.0.1"_s, 0)) {
            echo = new Echo;
            uri = daemon->registerObject(echo, u"echo"_s);
        }
    }, Qt::BlockingQueuedConnection);
    const auto stop = qScopeGuard([&] {
        QMetaObject::invokeMethod(&context, [&] {
            delete daemon;
            delete echo;
        }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    });
    QVERIFY(uri.isValid());

    PyroProxy proxy(uri);
    proxy.setSerializer(serializer);
    const QVariant value = QVariantList{codePoints({0xd83d, 0xde00}),
                                        QVariant::fromValue(PyroDict{{codePoints({U'k', 0xdbff, 0xdfff}), 1}}),
                                        QString(u"\U0001F600"_s)};
    const PyroResult result = proxy.call(u"echo"_s, {value});
    QVERIFY2(!result.isError(), qPrintable(result.error().toString()));
    QVERIFY2(PyroValues::identical(result.value(), value), qPrintable(PyroValues::pythonRepr(result.value())));
    const PyroResult length = proxy.call(u"length"_s, {codePoints({U'a', 0xd83d, 0xde00})});
    QCOMPARE(length.value().toInt(), 3);
}

QTEST_GUILESS_MAIN(tst_PyroSurrogates)
#include "tst_pyrosurrogates.moc"
