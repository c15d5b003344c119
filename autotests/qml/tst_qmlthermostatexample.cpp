// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// examples/qml-thermostat as a user runs it: alone (its own name server and C++
// thermostat), against example-qml-thermostat-server through pyro-ns, and against the
// Python server.py through Pyro5's name server (interop, skipped without PYRO5_SRC).
// --screenshot renders the window offscreen, prints one status line and quits.
#include "pyrotestprocess.h"

#include <QtCore/QTemporaryDir>
#include <QtGui/QImage>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_QmlThermostatExample : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void routes_data();
    void routes();

private:
    QTemporaryDir m_tmp;
};

void tst_QmlThermostatExample::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY(QFileInfo::exists(PyroTestProcess::tool(u"qml-thermostat"_s)));
}

void tst_QmlThermostatExample::routes_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("room");
    QTest::newRow("one command") << QString() << u"Living room"_s;
    QTest::newRow("C++ server") << u"cpp"_s << u"Living room"_s;
    QTest::newRow("Python server") << u"python"_s << u"Living room (Python)"_s;
}

void tst_QmlThermostatExample::routes()
{
    QFETCH(QString, server);
    QFETCH(QString, room);
    PyroTestProcess ns, thermostat;
    QStringList arguments;
    if (!server.isEmpty()) {
        const QString port = QString::number(freeTcpPort());
        QProcessEnvironment env = server == u"python"_s ? PyroTestProcess::pythonEnvironment()
                                                        : toolEnvironment();
        env.insert(u"PYRO_NS_HOST"_s, u"127.0.0.1"_s);
        env.insert(u"PYRO_NS_PORT"_s, port);
        ns.setEnvironment(env);
        thermostat.setEnvironment(env);
        if (server == u"python"_s) {
            if (PyroTestProcess::pyro5Source().isEmpty())
                QSKIP("PYRO5_SRC is not set: no Python Pyro5 to test against");
            QVERIFY2(!ns.start(PyroTestProcess::python(),
                               {u"-m"_s, u"Pyro5.nameserver"_s, u"-n"_s, u"127.0.0.1"_s, u"-p"_s, port, u"-x"_s},
                               QRegularExpression(u"URI = (PYRO:\\S+)"_s)).isEmpty(), qPrintable(ns.errorString()));
            QVERIFY2(!thermostat.start(PyroTestProcess::python(),
                                       {QStringLiteral(QTPYRO_EXAMPLES_DIR) + u"/qml-thermostat/server.py"_s})
                          .isEmpty(), qPrintable(thermostat.errorString()));
        } else {
            QVERIFY2(!ns.start(PyroTestProcess::tool(u"pyro-ns"_s),
                               {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, port, u"-x"_s},
                               QRegularExpression(u"URI = (PYRO:\\S+)"_s)).isEmpty(), qPrintable(ns.errorString()));
            QVERIFY2(!thermostat.start(PyroTestProcess::tool(u"example-qml-thermostat-server"_s),
                                       {u"-n"_s, u"-H"_s, u"127.0.0.1"_s}).isEmpty(),
                     qPrintable(thermostat.errorString()));
        }
        arguments << u"--ns"_s << u"127.0.0.1:"_s + port;
    }
    const QString shot = m_tmp.filePath(u"shot-%1.png"_s.arg(QString::fromUtf8(QTest::currentDataTag())).replace(u' ', u'-'));
    arguments << u"--screenshot"_s << shot;
    QProcessEnvironment env = toolEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"qml-thermostat"_s), arguments, env, {}, 60000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    // Connected, the attributes read, the name server listed, its own panel called.
    const QString status = (run.out + run.err).section(u"status: "_s, 1).section(u'\n', 0, 0);
    QVERIFY2(status.startsWith(room + u", "_s), qPrintable(run.out + run.err));
    QVERIFY2(status.contains(u" names, "_s) && !status.contains(u", 0 names"_s), qPrintable(status));
    QVERIFY2(status.endsWith(u"1 panel calls"_s), qPrintable(status));
    const QImage image(shot);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(980, 600));
}

QTEST_GUILESS_MAIN(tst_QmlThermostatExample)
#include "tst_qmlthermostatexample.moc"
