// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-browser's models without a window: each under QAbstractItemModelTester while it
// is filled, changed and cleared; the registry filter; the literal checks of the call
// dialog (with error positions) and its copy-as texts.

#include "browserliterals.h"
#include "objectmodels.h"
#include "recordmodels.h"
#include "registrymodel.h"
#include "valuetreemodel.h"

#include "pyrovalues.h"

#include <QtCore/QBuffer>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace PyroBrowser;

namespace {

Registration reg(const QString &name, const QStringList &metadata = {})
{
    Registration r;
    r.name = name;
    r.uri = u"PYRO:%1@127.0.0.1:9999"_s.arg(name);
    r.metadata = metadata;
    return r;
}

QList<Registration> sample()
{
    return {reg(u"Pyro.NameServer"_s, {u"class:Pyro5.nameserver.NameServer"_s}),
            reg(u"house.kitchen.light"_s, {u"light"_s, u"dimmable"_s}),
            reg(u"house.kitchen"_s, {u"room"_s}),
            reg(u"house.hall.light"_s, {u"light"_s}),
            reg(u"sensor"_s, {u"thermo"_s, u"light"_s})};
}

} // namespace

class tst_PyroBrowserModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void registryTree();
    void registryFilter_data();
    void registryFilter();
    void registryStatus();
    void memberModel();
    void attributeModel();
    void valueTree();
    void historyModel();
    void logModel();
    void logModelBounded();
    void signalEvents();
    void arguments_data();
    void arguments();
    void keywordArguments_data();
    void keywordArguments();
    void copyAs();
};

void tst_PyroBrowserModels::registryTree()
{
    RegistryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRegistrations(sample());
    QCOMPARE(model.registrationCount(), 5);
    QCOMPARE(model.rowCount(), 3);                    // Pyro, house, sensor
    const QModelIndex house = model.index(1, 0);
    QCOMPARE(house.data(RegistryModel::NameRole).toString(), u"house"_s);
    QVERIFY(!house.data(RegistryModel::IsEntryRole).toBool());
    QCOMPARE(house.data().toString(), u"house  (3)"_s);   // a group counts its entries
    const QModelIndex kitchen = model.indexForName(u"house.kitchen"_s);
    QVERIFY(kitchen.isValid());
    QVERIFY(kitchen.data(RegistryModel::IsEntryRole).toBool());   // an entry with children
    QCOMPARE(model.rowCount(kitchen), 1);
    QCOMPARE(model.index(0, 0, kitchen).data().toString(), u"light"_s);
    QCOMPARE(model.index(0, RegistryModel::MetadataColumn, kitchen).data().toString(), u"dimmable, light"_s);
    QVERIFY(!model.indexForName(u"house"_s).isValid());
    QVERIFY(!model.indexForName(u"nothing.here"_s).isValid());
    model.setRegistrations({reg(u"a..b"_s), reg(u".x"_s)});   // empty parts are parts
    QCOMPARE(model.registrationCount(), 2);
    QVERIFY(model.indexForName(u"a..b"_s).isValid());
    model.setRegistrations({});
    QCOMPARE(model.rowCount(), 0);
}

void tst_PyroBrowserModels::registryFilter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<QStringList>("tags");
    QTest::addColumn<bool>("all");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("none") << QString() << false << QStringList() << false
                          << QStringList{u"Pyro.NameServer"_s, u"house.hall.light"_s, u"house.kitchen"_s,
                                         u"house.kitchen.light"_s, u"sensor"_s};
    QTest::newRow("substring-any-case") << u"KITCH"_s << false << QStringList() << false
                                        << QStringList{u"house.kitchen"_s, u"house.kitchen.light"_s};
    QTest::newRow("metadata-text") << u"dimm"_s << false << QStringList() << false << QStringList{u"house.kitchen.light"_s};
    QTest::newRow("uri-text") << u"sensor@127"_s << false << QStringList() << false << QStringList{u"sensor"_s};
    QTest::newRow("regex") << u"^house\\.[a-z]+\\.light$"_s << true << QStringList() << false
                           << QStringList{u"house.hall.light"_s, u"house.kitchen.light"_s};
    QTest::newRow("bad-regex") << u"("_s << true << QStringList() << false << QStringList();
    QTest::newRow("tags-any") << QString() << false << QStringList{u"room"_s, u"thermo"_s} << false
                              << QStringList{u"house.kitchen"_s, u"sensor"_s};
    QTest::newRow("tags-all") << QString() << false << QStringList{u"light"_s, u"thermo"_s} << true
                              << QStringList{u"sensor"_s};
    QTest::newRow("tags-and-text") << u"house"_s << false << QStringList{u"light"_s} << false
                                   << QStringList{u"house.hall.light"_s, u"house.kitchen.light"_s};
}

void tst_PyroBrowserModels::registryFilter()
{
    QFETCH(QString, text);
    QFETCH(bool, regex);
    QFETCH(QStringList, tags);
    QFETCH(bool, all);
    QFETCH(QStringList, expected);
    RegistryModel model;
    RegistryFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRegistrations(sample());
    filter.setRegexMode(regex);
    filter.setText(text);
    filter.setTags(tags, all ? RegistryFilterModel::TagMode::All : RegistryFilterModel::TagMode::Any);
    QStringList shown;
    std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int r = 0; r < filter.rowCount(parent); ++r) {
            const QModelIndex i = filter.index(r, 0, parent);
            if (i.data(RegistryModel::IsEntryRole).toBool()) {
                // Only entries that pass show (a group or parent entry stays for its children).
                const QString name = i.data(RegistryModel::NameRole).toString();
                if (expected.contains(name) || (text.isEmpty() && tags.isEmpty()))
                    shown.append(name);
            }
            walk(i);
        }
    };
    walk(QModelIndex());
    shown.sort();
    QCOMPARE(shown, expected);
    QCOMPARE(filter.visibleRegistrationCount(), int(expected.size()));
    // Changes under the filter keep the tester happy too.
    model.setRegistrations(sample().mid(1));
    filter.setText(QString());
    filter.setTags({}, RegistryFilterModel::TagMode::Any);
    QCOMPARE(filter.visibleRegistrationCount(), 4);
}

void tst_PyroBrowserModels::registryStatus()
{
    RegistryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRegistrations(sample());
    model.setStatus(u"sensor"_s, Registration::Status::Unreachable, u"connection refused"_s);
    const QModelIndex sensor = model.indexForName(u"sensor"_s);
    QCOMPARE(sensor.siblingAtColumn(RegistryModel::StatusColumn).data().toString(), u"unreachable"_s);
    QCOMPARE(sensor.data(Qt::ToolTipRole).toString(), u"connection refused"_s);
    QVERIFY(sensor.data(Qt::ForegroundRole).isValid());
    // A refresh with the same URI keeps what is known; a new URI starts unknown.
    QList<Registration> again = sample();
    model.setRegistrations(again);
    QCOMPARE(model.indexForName(u"sensor"_s).data(RegistryModel::StatusRole).toInt(),
             int(Registration::Status::Unreachable));
    again.last().uri = u"PYRO:sensor@127.0.0.1:1"_s;
    model.setRegistrations(again);
    QCOMPARE(model.indexForName(u"sensor"_s).data(RegistryModel::StatusRole).toInt(), int(Registration::Status::Unknown));
}

void tst_PyroBrowserModels::memberModel()
{
    MemberModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // As a QtPyro daemon sends it through serpent: sets, and the signals/notify dicts.
    PyroDict signalDict;
    signalDict.append(u"temperatureChanged"_s, QVariantList{u"temperature"_s});
    signalDict.append(u"counted"_s, QVariantList{u"n"_s, u"total"_s});
    PyroDict metadata;
    metadata.append(u"methods"_s, QVariant::fromValue(PyroSet({u"add"_s, u"log"_s, u"fail"_s})));
    metadata.append(u"oneway"_s, QVariant::fromValue(PyroSet({u"log"_s})));
    metadata.append(u"attrs"_s, QVariant::fromValue(PyroSet({u"temperature"_s, u"label"_s})));
    metadata.append(u"signals"_s, QVariant::fromValue(signalDict));
    metadata.append(u"notify"_s, QVariantMap{{u"temperature"_s, u"temperatureChanged"_s}});
    const ObjectMetadata m = ObjectMetadata::fromVariant(QVariant::fromValue(metadata));
    QCOMPARE(m.signalParameters.value(u"counted"_s), (QStringList{u"n"_s, u"total"_s}));
    model.setMetadata(m);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.index(0, 0).data().toString(), u"Methods (2)"_s);   // oneway ones apart
    QCOMPARE(model.index(1, 0).data().toString(), u"Oneway methods (1)"_s);
    const QModelIndex signal = model.indexFor(MemberModel::Kind::Signal, u"counted"_s);
    QCOMPARE(signal.data().toString(), u"counted(n, total)"_s);
    const QModelIndex attr = model.indexFor(MemberModel::Kind::Attribute, u"temperature"_s);
    QCOMPARE(attr.siblingAtColumn(1).data().toString(), u"notify: temperatureChanged"_s);
    // Pyro5's own metadata (json: lists) and no signals.
    model.setMetadata(ObjectMetadata::fromVariant(QVariantMap{{u"methods"_s, QVariantList{u"echo"_s}},
                                                              {u"oneway"_s, QVariantList{}},
                                                              {u"attrs"_s, QVariantList{}}}));
    QCOMPARE(model.rowCount(model.index(3, 0)), 0);
    QCOMPARE(model.indexFor(MemberModel::Kind::Method, u"echo"_s).data().toString(), u"echo"_s);
}

void tst_PyroBrowserModels::attributeModel()
{
    AttributeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAttributes({u"label"_s, u"temperature"_s}, {{u"temperature"_s, u"temperatureChanged"_s}});
    QVERIFY(model.canWatchLive(u"temperature"_s));
    QVERIFY(!model.canWatchLive(u"label"_s));
    model.setValue(u"label"_s, u"hall"_s);
    QCOMPARE(model.index(0, AttributeModel::ValueColumn).data().toString(), u"'hall'"_s);
    QCOMPARE(model.index(0, AttributeModel::TypeColumn).data().toString(), u"str"_s);
    QVERIFY(model.history(u"label"_s).isEmpty());          // not a number: no sparkline
    for (int i = 0; i < AttributeModel::historySize + 5; ++i)
        model.setValue(u"temperature"_s, 20.0 + i);
    QCOMPARE(model.history(u"temperature"_s).size(), AttributeModel::historySize);
    QCOMPARE(model.history(u"temperature"_s).last(), 20.0 + AttributeModel::historySize + 4);
    model.setWatch(u"temperature"_s, AttributeModel::Watch::Live);
    QCOMPARE(model.index(1, AttributeModel::WatchColumn).data().toString(), u"live"_s);
    model.setError(u"label"_s, u"AttributeError: nope"_s);
    QCOMPARE(model.index(0, AttributeModel::ValueColumn).data().toString(), u"AttributeError: nope"_s);
    model.setAttributes({}, {});
    QCOMPARE(model.rowCount(), 0);
}

void tst_PyroBrowserModels::valueTree()
{
    ValueTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    PyroDict dict;
    dict.append(1, QVariant::fromValue(PyroTuple({2.5, u"x"_s})));
    dict.append(u"k"_s, QVariantList{true, PyroValues::none(), QByteArray("ab")});
    model.setValue(QVariant::fromValue(dict));
    const QModelIndex root = model.index(0, 0);
    QCOMPARE(root.siblingAtColumn(ValueTreeModel::TypeColumn).data().toString(), u"dict"_s);
    QCOMPARE(root.siblingAtColumn(ValueTreeModel::ValueColumn).data().toString(), u"2 items"_s);
    const QModelIndex tuple = model.index(0, 0, root);
    QCOMPARE(tuple.data().toString(), u"1"_s);
    QCOMPARE(tuple.siblingAtColumn(ValueTreeModel::TypeColumn).data().toString(), u"tuple"_s);
    QCOMPARE(model.index(1, ValueTreeModel::ValueColumn, tuple).data().toString(), u"'x'"_s);
    const QModelIndex list = model.index(1, 0, root);
    QCOMPARE(list.data().toString(), u"'k'"_s);
    QCOMPARE(model.index(1, ValueTreeModel::TypeColumn, list).data().toString(), u"NoneType"_s);
    QCOMPARE(model.index(2, ValueTreeModel::ValueColumn, list).data().toString(), u"b'ab'"_s);
    // A long list is cut with a summary row.
    QVariantList big;
    for (int i = 0; i < ValueTreeModel::maxChildren + 7; ++i)
        big.append(i);
    model.setValue(big);
    QCOMPARE(model.rowCount(model.index(0, 0)), ValueTreeModel::maxChildren + 1);
    // Streamed items, one by one.
    model.clear();
    for (int i = 0; i < 3; ++i)
        model.append(QVariantList{i, i * i});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, 0).data().toString(), u"item 3"_s);
}

void tst_PyroBrowserModels::historyModel()
{
    CallHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    CallHistoryModel::Entry e;
    e.time = QDateTime::currentDateTime();
    e.call = CallText{u"PYRO:x@h:1"_s, u"add"_s, {1, 2}, {{u"scale"_s, 2}}, u"json"_s, false};
    const int row = model.add(e);
    QCOMPARE(model.index(0, CallHistoryModel::ArgumentsColumn).data().toString(), u"1, 2, scale=2"_s);
    model.finish(row, true, u"6"_s, 1.25);
    QCOMPARE(model.index(0, CallHistoryModel::DurationColumn).data().toString(), u"1.25 ms"_s);
    QCOMPARE(model.entry(0).call.method, u"add"_s);
    // Bounded: the oldest go, rows returned by add() still reach their entry.
    int last = -1;
    for (int i = 0; i < CallHistoryModel::maxEntries + 3; ++i)
        last = model.add(e);
    QCOMPARE(model.rowCount(), CallHistoryModel::maxEntries);
    model.finish(last, false, u"boom"_s, 3);
    QCOMPARE(model.index(model.rowCount() - 1, CallHistoryModel::ResultColumn).data().toString(), u"boom"_s);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void tst_PyroBrowserModels::logModel()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const quint64 a = model.begin(u"PYRO:obj@127.0.0.1:1"_s, u"echo(1)"_s);
    const quint64 b = model.begin(u"PYRO:obj@127.0.0.1:1"_s, u"fail()"_s);
    QCOMPARE(model.index(0, LogModel::DurationColumn).data().toString(), u"…"_s);
    model.finish(b, false, u"ValueError: no"_s, 2500);
    model.finish(a, true, u"1"_s, 0.5);
    QCOMPARE(model.index(0, LogModel::DurationColumn).data().toString(), u"500 µs"_s);
    QCOMPARE(model.index(1, LogModel::DurationColumn).data().toString(), u"2.50 s"_s);
    QVERIFY(model.index(1, 0).data(LogModel::IsErrorRole).toBool());
    QVERIFY(model.index(1, 0).data(Qt::BackgroundRole).isValid());   // highlighted
    QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());
    QCOMPARE(model.index(0, 0).data(LogModel::UriRole).toString(), u"PYRO:obj@127.0.0.1:1"_s);
    QCOMPARE(model.errorCount(), 1);
    const QString text = model.rowsAsText({1});
    QVERIFY2(text.contains(u"\tPYRO:obj@127.0.0.1:1\tfail()\t2.50 s\tValueError: no\n"_s), qPrintable(text));
    model.finish(a + 1000, true, u"unknown"_s, 1);    // an unknown id: ignored
    QCOMPARE(model.rowCount(), 2);
}

// Bounded (without the tester: it checks the whole model on every row).
void tst_PyroBrowserModels::logModelBounded()
{
    LogModel model;
    const quint64 first = model.begin(u"x"_s, u"first"_s);
    for (int i = 0; i < LogModel::maxEntries + 10; ++i)
        model.note(u"x"_s, u"note"_s);
    QCOMPARE(model.rowCount(), LogModel::maxEntries);
    QCOMPARE(model.index(0, LogModel::RequestColumn).data().toString(), u"note"_s);
    model.finish(first, true, u"gone"_s, 1);     // an id trimmed away: ignored
}

void tst_PyroBrowserModels::signalEvents()
{
    SignalEventModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime t = QDateTime::fromString(u"2026-12-07T05:00:01.250"_s, Qt::ISODateWithMs);
    model.add(t, u"sensor"_s, u"temperatureChanged"_s, {21.5});
    model.add(t, u"sensor"_s, u"counted"_s, {1, u"a\tb"_s});
    QCOMPARE(model.index(0, SignalEventModel::ArgumentsColumn).data().toString(), u"(21.5,)"_s);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    model.exportTo(&buffer);
    const QStringList lines = QString::fromUtf8(buffer.data()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines.at(0), u"time\tobject\tsignal\targuments"_s);
    QCOMPARE(lines.at(1), u"2026-12-07T05:00:01.250\tsensor\ttemperatureChanged\t(21.5,)"_s);
    QCOMPARE(lines.at(2), u"2026-12-07T05:00:01.250\tsensor\tcounted\t(1,'a\\tb')"_s);   // a tab escaped
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void tst_PyroBrowserModels::arguments_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QVariantList>("values");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("empty") << u"  "_s << true << QVariantList() << 0 << 0;
    QTest::newRow("two") << u"1, 'two'"_s << true << QVariantList{1, u"two"_s} << 0 << 0;
    QTest::newRow("trailing-comma") << u"1,"_s << true << QVariantList{1} << 0 << 0;
    QTest::newRow("comment") << u"[1, 2]  # a list"_s << true << QVariantList{QVariantList{1, 2}} << 0 << 0;
    QTest::newRow("multi-line") << u"1,\n{'a': 2}"_s << true << QVariantList{1, QVariantMap{{u"a"_s, 2}}} << 0 << 0;
    QTest::newRow("bad-first-line") << u"1, 2 3"_s << false << QVariantList() << 1 << 6;
    QTest::newRow("bad-second-line") << u"1,\n  [2, )"_s << false << QVariantList() << 2 << 7;
    QTest::newRow("unterminated") << u"'abc"_s << false << QVariantList() << 1 << 1;
    QTest::newRow("not-literal") << u"os.system('x')"_s << false << QVariantList() << 1 << 1;
}

void tst_PyroBrowserModels::arguments()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QVariantList, values);
    QFETCH(int, line);
    QFETCH(int, column);
    const LiteralCheck check = parseArguments(text);
    QVERIFY2(check.ok == ok, qPrintable(check.message));
    if (ok) {
        QCOMPARE(check.value.toList(), values);
        return;
    }
    QVERIFY(!check.message.isEmpty());
    QVERIFY2(!check.message.contains(u"(line"_s), qPrintable(check.message));
    QCOMPARE(check.line, line);
    QCOMPARE(check.column, column);
    QVERIFY(check.offset >= 0 && check.offset <= text.size());
}

void tst_PyroBrowserModels::keywordArguments_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QVariantMap>("values");
    QTest::addColumn<int>("column");
    QTest::newRow("empty") << QString() << true << QVariantMap() << 0;
    QTest::newRow("call-syntax") << u"name='x', count=2"_s << true
                                 << QVariantMap{{u"name"_s, u"x"_s}, {u"count"_s, 2}} << 0;
    QTest::newRow("dict") << u"{'a': [1]}"_s << true << QVariantMap{{u"a"_s, QVariantList{1}}} << 0;
    QTest::newRow("value-with-equals-string") << u"q='a=b'"_s << true << QVariantMap{{u"q"_s, u"a=b"_s}} << 0;
    QTest::newRow("bad-value") << u"a=1, b=[1,"_s << false << QVariantMap() << 11;
    QTest::newRow("bad-second-value") << u"a=1, b=2 3"_s << false << QVariantMap() << 10;
    QTest::newRow("no-name") << u"42"_s << false << QVariantMap() << 1;
    QTest::newRow("int-keys") << u"{1: 2}"_s << false << QVariantMap() << 0;
}

void tst_PyroBrowserModels::keywordArguments()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QVariantMap, values);
    QFETCH(int, column);
    const LiteralCheck check = parseKeywordArguments(text);
    QVERIFY2(check.ok == ok, qPrintable(check.message));
    if (ok)
        QCOMPARE(check.value.toMap(), values);
    else
        QCOMPARE(check.column, column);
}

void tst_PyroBrowserModels::copyAs()
{
    const CallText call{u"PYRO:sensor@127.0.0.1:4000"_s, u"add"_s, {1, QVariant::fromValue(PyroTuple({u"it's"_s}))},
                        {{u"scale"_s, 2.5}}, u"json"_s, false};
    const QString python = copyAsPython(call);
    QVERIFY2(python.contains(u"Pyro5.config.SERIALIZER = 'json'\n"_s), qPrintable(python));
    QVERIFY2(python.contains(u"proxy = Pyro5.api.Proxy('PYRO:sensor@127.0.0.1:4000')\n"_s), qPrintable(python));
    QVERIFY2(python.contains(u"print(proxy.add(1, (\"it's\",), scale=2.5))"_s), qPrintable(python));
    const QString cpp = copyAsCpp(call);
    QVERIFY2(cpp.contains(u"PyroProxy proxy(PyroUri(u\"PYRO:sensor@127.0.0.1:4000\"_s));"_s), qPrintable(cpp));
    QVERIFY2(cpp.contains(u"proxy.asyncCall(u\"add\"_s, {QVariant(qint64(1)), QVariant::fromValue(PyroTuple(QVariantList{QVariant(u\"it's\"_s)}))}, QVariantMap{{u\"scale\"_s, QVariant(2.5)}})"_s),
             qPrintable(cpp));
    const QString line = copyAsPyroCall(call);
    QVERIFY2(line.startsWith(u"pyro-call -s json PYRO:sensor@127.0.0.1:4000 add 1 '(\"it'\\''s\",)'"_s), qPrintable(line));
    QVERIFY2(line.contains(u"# pyro-call takes no keyword arguments: scale=2.5"_s), qPrintable(line));
    CallText oneway = call;
    oneway.oneway = true;
    oneway.kwargs.clear();
    QVERIFY(copyAsPyroCall(oneway).contains(u" --oneway "_s));
    QVERIFY(copyAsCpp(oneway).contains(u"proxy.callOneway("_s));
    QVERIFY(copyAsPython(oneway).contains(u"proxy._pyroOneway.add('add')"_s));
}

QTEST_GUILESS_MAIN(tst_PyroBrowserModels)
#include "tst_pyrobrowsermodels.moc"
