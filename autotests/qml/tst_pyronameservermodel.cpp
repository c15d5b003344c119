// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroNameServerModel (QML's view of a name server) under QAbstractItemModelTester while
// names come and go, filters change and the periodic refresh runs: every row insertion,
// removal and change it reports must be consistent.
#include <QtPyro/PyroDaemon>
#include <QtPyro/PyroNameServer>
#include <QtPyro/PyroNameServerProxy>

#include <QtCore/QAbstractItemModel>
#include <QtQml/QQmlComponent>
#include <QtQml/QQmlEngine>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;

class tst_PyroNameServerModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void changes_data();
    void changes();

private:
    bool registerName(const QString &name, const QStringList &metadata = {});
    bool removeName(const QString &name);
    QStringList names() const;

    // The name server runs in its own thread: the test thread blocks on its calls.
    QThread m_thread;
    QObject m_context;
    std::unique_ptr<PyroNameServer> m_ns;
    PyroUri m_nsUri;
    QQmlEngine *m_engine = nullptr;
    QAbstractItemModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void tst_PyroNameServerModel::initTestCase()
{
    m_thread.start();
    m_context.moveToThread(&m_thread);
    QMetaObject::invokeMethod(&m_context, [this] {
        m_ns = std::make_unique<PyroNameServer>();
        m_ns->setBroadcastEnabled(false);
        if (m_ns->start(u"127.0.0.1"_s, 0))
            m_nsUri = m_ns->uri();
    }, Qt::BlockingQueuedConnection);
    QVERIFY(m_nsUri.isValid());

    m_engine = new QQmlEngine(this);
    m_engine->addImportPath(QStringLiteral(QTPYRO_QML_BUILD_DIR));
    QQmlComponent component(m_engine);
    component.setData(u"import QtPyro\nPyroNameServerModel { host: \"127.0.0.1\"; port: %1; prefix: \"t.\"; refreshInterval: 50 }"_s
                          .arg(m_nsUri.port()).toUtf8(), QUrl());
    QObject *object = component.create();
    QVERIFY2(object, qPrintable(component.errorString()));
    object->setParent(this);
    m_model = qobject_cast<QAbstractItemModel *>(object);
    QVERIFY(m_model);
    m_tester = new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->property("status").toInt(), 2 /* Ready */, 20000);
    const QHash<int, QByteArray> roles = m_model->roleNames();
    QVERIFY(roles.values().contains("name"));
    QVERIFY(roles.values().contains("uri"));
    QVERIFY(roles.values().contains("metadata"));
}

void tst_PyroNameServerModel::cleanupTestCase()
{
    delete m_tester;
    delete m_engine;
    QMetaObject::invokeMethod(&m_context, [this] { m_ns.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool tst_PyroNameServerModel::registerName(const QString &name, const QStringList &metadata)
{
    PyroNameServerProxy ns(m_nsUri);
    std::unique_ptr<PyroCallReply> reply(ns.registerName(name, PyroUri(u"PYRO:x@127.0.0.1:1"_s), PyroNameServerProxy::RegisterMode::Replace, metadata));
    return reply->waitForFinished(QDeadlineTimer(20000)) && !reply->isError();
}

bool tst_PyroNameServerModel::removeName(const QString &name)
{
    PyroNameServerProxy ns(m_nsUri);
    std::unique_ptr<PyroCallReply> reply(ns.remove(name));
    return reply->waitForFinished(QDeadlineTimer(20000)) && !reply->isError();
}

QStringList tst_PyroNameServerModel::names() const
{
    QStringList out;
    for (int row = 0; row < m_model->rowCount(); ++row)
        out.append(m_model->index(row, 0).data().toString());
    return out;
}

void tst_PyroNameServerModel::changes_data()
{
    QTest::addColumn<QStringList>("add");
    QTest::addColumn<QStringList>("remove");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("first names") << QStringList{u"t.b"_s, u"t.d"_s, u"other"_s} << QStringList{} << u"t."_s
                                 << QStringList{u"t.b"_s, u"t.d"_s};
    QTest::newRow("insert before, between, after") << QStringList{u"t.a"_s, u"t.c"_s, u"t.e"_s} << QStringList{}
                                                   << u"t."_s
                                                   << QStringList{u"t.a"_s, u"t.b"_s, u"t.c"_s, u"t.d"_s, u"t.e"_s};
    QTest::newRow("remove first, middle, last") << QStringList{} << QStringList{u"t.a"_s, u"t.c"_s, u"t.e"_s}
                                                << u"t."_s << QStringList{u"t.b"_s, u"t.d"_s};
    QTest::newRow("add and remove at once") << QStringList{u"t.a"_s, u"t.f"_s} << QStringList{u"t.d"_s} << u"t."_s
                                            << QStringList{u"t.a"_s, u"t.b"_s, u"t.f"_s};
    QTest::newRow("narrower prefix") << QStringList{} << QStringList{} << u"t.b"_s << QStringList{u"t.b"_s};
    QTest::newRow("other prefix") << QStringList{} << QStringList{} << u"oth"_s << QStringList{u"other"_s};
    QTest::newRow("all removed") << QStringList{} << QStringList{u"other"_s} << u"oth"_s << QStringList{};
}

void tst_PyroNameServerModel::changes()
{
    QFETCH(QStringList, add);
    QFETCH(QStringList, remove);
    QFETCH(QString, prefix);
    QFETCH(QStringList, expected);
    for (const QString &name : add)
        QVERIFY(registerName(name, {u"tag"_s}));
    for (const QString &name : remove)
        QVERIFY(removeName(name));
    m_model->setProperty("prefix", prefix);
    QTRY_COMPARE_WITH_TIMEOUT(names(), expected, 20000);
    QCOMPARE(m_model->property("count").toInt(), expected.size());
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row, 0);
        QCOMPARE(index.data(m_model->roleNames().key("uri")).toString(), u"PYRO:x@127.0.0.1:1"_s);
        QCOMPARE(index.data(m_model->roleNames().key("metadata")).toStringList(), QStringList{u"tag"_s});
    }
}

QTEST_MAIN(tst_PyroNameServerModel)
#include "tst_pyronameservermodel.moc"
