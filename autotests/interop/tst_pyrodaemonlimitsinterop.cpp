// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// What tst_pyrodaemonlimits checks where Pyro5 defines the behaviour (a half-closed
// client gets its reply, stream items in a batch and a oneway call, a live server's Unix
// socket is not taken over), checked with the real Pyro5: its client against
// pyro-limitsserver, and the same checks against a Pyro5 daemon. QSKIPs without PYRO5_SRC.

#include "pyrotestprocess.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using namespace Qt::StringLiterals;

class tst_PyroDaemonLimitsInterop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void checks_data();
    void checks();

private:
    QJsonObject run(const QStringList &arguments);
    QJsonObject m_ours;
    QJsonObject m_pyro5;
    QTemporaryDir m_dir;
    PyroTestProcess m_tcpServer;
    PyroTestProcess m_unixServer;
};

QJsonObject tst_PyroDaemonLimitsInterop::run(const QStringList &arguments)
{
    const QString script = QStringLiteral(QTPYRO_INTEROP_DIR) + u"/daemonlimits_client.py"_s;
    const PyroToolRun result = runTool(PyroTestProcess::python(), QStringList{script} + arguments,
                                       PyroTestProcess::pythonEnvironment(), {}, 120000);
    const qsizetype at = result.out.indexOf(u"RESULTS "_s);
    if (at < 0) {
        qWarning().noquote() << result.out;
        return {};
    }
    return QJsonDocument::fromJson(result.out.mid(at + 8).section(u'\n', 0, 0).toUtf8()).object();
}

void tst_PyroDaemonLimitsInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set: no Python Pyro5 to test against");
    const QRegularExpression uriLine(u"uri: (PYRO:\\S+)"_s);
    const QString tcp = m_tcpServer.start(PyroTestProcess::tool(u"pyro-limitsserver"_s), {}, uriLine);
    QVERIFY2(!tcp.isEmpty(), qPrintable(m_tcpServer.errorString()));
    const QString path = m_dir.filePath(u"limits.sock"_s);
    QVERIFY2(!m_unixServer.start(PyroTestProcess::tool(u"pyro-limitsserver"_s), {u"-u"_s, path}, uriLine).isEmpty(),
             qPrintable(m_unixServer.errorString()));
    const QString location = tcp.section(u'@', 1);
    m_ours = run({location.section(u':', 0, 0), location.section(u':', 1), path});
    m_pyro5 = run({u"--pyro5"_s});
    QVERIFY(!m_ours.isEmpty());
    QVERIFY(!m_pyro5.isEmpty());
}

void tst_PyroDaemonLimitsInterop::checks_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name : {"half-closed client gets its reply", "stream items in a batch",
                             "stream item taken by a oneway call", "listening on a live server's socket fails"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void tst_PyroDaemonLimitsInterop::checks()
{
    QFETCH(QString, name);
    const QJsonObject ours = m_ours.value(name).toObject();
    QVERIFY2(ours.value(u"ok"_s).toBool(), qPrintable(u"QtPyro daemon: "_s + ours.value(u"detail"_s).toString()));
    // The same check against Pyro5's own daemon (the Unix socket one is Pyro5's daemon
    // refusing our socket: no second run).
    if (m_pyro5.contains(name)) {
        const QJsonObject theirs = m_pyro5.value(name).toObject();
        QVERIFY2(theirs.value(u"ok"_s).toBool(), qPrintable(u"Pyro5 daemon: "_s + theirs.value(u"detail"_s).toString()));
    }
}

QTEST_GUILESS_MAIN(tst_PyroDaemonLimitsInterop)
#include "tst_pyrodaemonlimitsinterop.moc"
