// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-browser's window against Python's Pyro5 name server and echo server (PYRO5_SRC;
// skipped without it): the registry, the echo object's members from Pyro5's own
// metadata, calls (a value, a stream, an exception with Python's traceback), the
// verbose attribute, reachability, and the daemon's own view.

#include "pyrotestprocess.h"

#include "calldialog.h"
#include "connectiontab.h"
#include "mainwindow.h"
#include "objectpanel.h"
#include "registrymodel.h"
#include "browsersession.h"

#include <QtCore/QStandardPaths>
#include <QtCore/QSettings>
#include <QtWidgets/QApplication>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace PyroBrowser;

namespace {
constexpr int Wait = 30000;
}

class tst_PyroBrowserInterop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void browseAndCall_data();
    void browseAndCall();
    void daemonView();

private:
    PyroTestProcess m_nameServer;
    PyroTestProcess m_echoServer;
    QString m_echoUri;
    int m_nsPort = 0;
};

void tst_PyroBrowserInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set: no Python Pyro5 to test against");
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"QtPyroTest"_s);
    QCoreApplication::setApplicationName(u"tst_pyrobrowserinterop"_s);
    QSettings().clear();
    m_nameServer.setEnvironment(PyroTestProcess::pythonEnvironment());
    const QString nsUri = m_nameServer.start(PyroTestProcess::python(),
                                             {u"-m"_s, u"Pyro5.nameserver"_s, u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s},
                                             QRegularExpression(u"URI = (PYRO:\\S+)"_s));
    QVERIFY2(!nsUri.isEmpty(), qPrintable(m_nameServer.errorString()));
    m_nsPort = nsUri.section(u':', -1).toInt();
    QProcessEnvironment env = PyroTestProcess::pythonEnvironment();
    env.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
    env.insert(u"PYRO_NS_PORT"_s, QString::number(m_nsPort));
    m_echoServer.setEnvironment(env);
    m_echoUri = m_echoServer.start(PyroTestProcess::python(),
                                   {u"-m"_s, u"Pyro5.utils.echoserver"_s, u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-n"_s},
                                   QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!m_echoUri.isEmpty(), qPrintable(m_echoServer.errorString()));
}

void tst_PyroBrowserInterop::browseAndCall_data()
{
    QTest::addColumn<QString>("serializer");
    for (const QString &s : {u"serpent"_s, u"json"_s, u"marshal"_s, u"msgpack"_s})
        QTest::newRow(qPrintable(s)) << s;
}

void tst_PyroBrowserInterop::browseAndCall()
{
    QFETCH(QString, serializer);
    MainWindow window;
    window.show();
    ConnectionSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = m_nsPort;
    settings.serializer = serializer;
    ConnectionTab *tab = window.openConnection(settings);
    RegistryModel *registry = tab->session()->registry();
    QTRY_VERIFY2_WITH_TIMEOUT(registry->indexForName(u"test.echoserver"_s).isValid(),
                              qPrintable(tab->session()->stateText()), Wait);
    QVERIFY(registry->indexForName(u"Pyro.NameServer"_s).isValid());
    // Python's name server cannot send its metadata (frozensets) in json or msgpack: the
    // browser lists without it then.
    const bool metadata = serializer == u"serpent" || serializer == u"marshal";
    QCOMPARE(registry->indexForName(u"Pyro.NameServer"_s).data(RegistryModel::MetadataRole).toStringList()
                     .contains(u"class:Pyro5.nameserver.NameServer"_s), metadata);
    tab->setFilterText(u"echo"_s);
    QCOMPARE(tab->filterModel()->visibleRegistrationCount(), 1);

    QVERIFY(tab->selectName(u"test.echoserver"_s));
    ObjectPanel *panel = tab->objectPanel();
    QVERIFY(panel);
    QTRY_VERIFY_WITH_TIMEOUT(panel->hasMetadata(), Wait);
    QVERIFY(panel->members()->indexFor(MemberModel::Kind::Method, u"echo"_s).isValid());
    QVERIFY(panel->members()->indexFor(MemberModel::Kind::Oneway, u"oneway_echo"_s).isValid());
    QVERIFY(panel->members()->indexFor(MemberModel::Kind::Attribute, u"verbose"_s).isValid());
    QCOMPARE(panel->members()->rowCount(panel->members()->index(3, 0)), 0);   // Pyro5: no signals
    QTRY_COMPARE_WITH_TIMEOUT(panel->attributes()->value(u"verbose"_s).toBool(), false, Wait);

    CallDialog *dialog = panel->openCallDialog(u"echo"_s);
    QSignalSpy finished(dialog, &CallDialog::callFinished);
    dialog->setArgumentsText(u"{'a': [1, 2.5, None, 'ü']}"_s);
    dialog->call();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Wait);
    QVERIFY2(finished.last().first().toBool(), qPrintable(dialog->errorText()));
    QCOMPARE(dialog->rawText(), u"{'a':[1,2.5,None,'ü']}"_s);
    QVERIFY(dialog->timingText().startsWith(u"round trip"_s));

    dialog->setMethod(u"generator"_s);
    dialog->setArgumentsText(QString());
    dialog->call();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, Wait);
    QCOMPARE(dialog->streamedItems(), 3);
    QCOMPARE(dialog->rawText(), u"'one'\n'two'\n'three'"_s);

    dialog->setMethod(u"error"_s);
    dialog->call();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, Wait);
    QVERIFY2(dialog->errorText().startsWith(u"builtins.ValueError: this is the generated error from echoserver echo() method"_s),
             qPrintable(dialog->errorText()));
    QVERIFY2(dialog->errorText().contains(u"Traceback (most recent call last)"_s), qPrintable(dialog->errorText()));
    dialog->close();

    // Set the attribute and read it back.
    QSignalSpy set(panel, &ObjectPanel::attributeSet);
    panel->setAttribute(u"verbose"_s, u"False"_s);
    QTRY_COMPARE_WITH_TIMEOUT(set.size(), 1, Wait);
    QVERIFY(set.first().at(1).toBool());

    tab->checkReachability();
    QTRY_COMPARE_WITH_TIMEOUT(Registration::Status(registry->indexForName(u"test.echoserver"_s)
                                                           .data(RegistryModel::StatusRole).toInt()),
                              Registration::Status::Reachable, Wait);
}

void tst_PyroBrowserInterop::daemonView()
{
    MainWindow window;
    window.show();
    ConnectionTab *tab = window.openUri(m_echoUri);
    QVERIFY(tab);
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->registry()->indexForName(u"test.echoserver"_s).isValid(), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(tab->objectPanel() && tab->objectPanel()->hasMetadata(), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(tab->objectPanel()->daemonObjects().contains(u"Pyro.Daemon"_s), Wait);
    QTRY_VERIFY_WITH_TIMEOUT(!tab->objectPanel()->daemonInfo().isEmpty(), Wait);
}

QTEST_MAIN(tst_PyroBrowserInterop)
#include "tst_pyrobrowserinterop.moc"
