// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Fidelity with the real Python Pyro5, both ways:
// - strs with surrogate code points ('\ud83d\ude00' is two code points) through
//   pyro-echoserver for a Python client, and through Python's echo server for PyroProxy;
// - pyro-call's literals (the table of tst_pyrocallliterals) against Python's echo server,
//   each checked with Python's own ast.literal_eval() and repr();
// - pyro-echoserver's slow() taking its full 5 s for a Python client.
// Needs PYRO5_SRC (a Pyro5 source tree); skipped without it. Takes about 5 s more than
// the pyro-call runs.

#include "../tools/pyrocallliterals.h"
#include "pyroproxy.h"
#include "pyroresult.h"
#include "pyrotestprocess.h"
#include "pyrovalues.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

QVariant codePoints(std::initializer_list<char32_t> cps)
{
    return QVariant::fromValue(PyroSurrogateString(QList<char32_t>(cps)));
}

// Python's verdict on one pyro-call row: REFUSED when ast.literal_eval() refuses the
// argument, SAME when pyro-call's output denotes the value Python's echo server answers
// (the argument after a trip through the serializer), else DIFF with both reprs.
const char *const pythonVerdict = R"(
import ast, math, sys
from Pyro5 import serializers
name, argument, printed = sys.argv[1:4]
try:
    value = ast.literal_eval(argument)
except Exception:
    print("REFUSED")
    sys.exit(0)
s = serializers.serializers[name]
expected = s.loads(s.dumps(value))
ours = eval(printed, {"__builtins__": {}, "set": set, "frozenset": frozenset, "inf": math.inf, "nan": math.nan})
print("SAME" if repr(ours) == repr(expected) and type(ours) is type(expected) else "DIFF %r %r" % (expected, ours))
)";

} // namespace

class tst_PyroFidelityInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pythonClientAgainstQtPyro();
    void proxyAgainstPython_data();
    void proxyAgainstPython();
    void callLiterals_data();
    void callLiterals();

private:
    PyroTestProcess m_qtEcho;
    PyroTestProcess m_pythonEcho;
    QString m_qtUri;
    QString m_pythonUri;
};

void tst_PyroFidelityInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set: no Python Pyro5 to test against");
    const QRegularExpression uriLine(u"echo uri: (PYRO:\\S+)"_s);
    m_qtEcho.setEnvironment(toolEnvironment());
    m_qtUri = m_qtEcho.start(PyroTestProcess::tool(u"pyro-echoserver"_s),
                             {u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s}, uriLine);
    QVERIFY2(!m_qtUri.isEmpty(), qPrintable(m_qtEcho.errorString()));
    m_pythonEcho.setEnvironment(PyroTestProcess::pythonEnvironment());
    m_pythonUri = m_pythonEcho.start(PyroTestProcess::python(),
                                     {u"-m"_s, u"Pyro5.utils.echoserver"_s, u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s},
                                     uriLine);
    QVERIFY2(!m_pythonUri.isEmpty(), qPrintable(m_pythonEcho.errorString()));
}

void tst_PyroFidelityInterop::pythonClientAgainstQtPyro()
{
    const PyroToolRun run = runTool(PyroTestProcess::python(),
                                    {QStringLiteral(QTPYRO_INTEROP_DIR) + u"/fidelity_client.py"_s, m_qtUri},
                                    PyroTestProcess::pythonEnvironment(), {}, 120000);
    const qsizetype at = run.out.indexOf(u"RESULTS "_s);
    QVERIFY2(run.exitCode == 0 && at >= 0, qPrintable(run.out + run.err));
    const QJsonObject checks = QJsonDocument::fromJson(run.out.mid(at + 8).section(u'\n', 0, 0).toUtf8()).object();
    QCOMPARE(checks.size(), 5);
    QStringList failed;
    for (auto it = checks.begin(); it != checks.end(); ++it) {
        const QJsonObject result = it.value().toObject();
        if (!result.value(u"ok"_s).toBool())
            failed.append(it.key() + u": "_s + result.value(u"detail"_s).toString());
    }
    QVERIFY2(failed.isEmpty(), qPrintable(failed.join(u'\n')));
}

void tst_PyroFidelityInterop::proxyAgainstPython_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::newRow("serpent") << u"serpent"_s;
    QTest::newRow("marshal") << u"marshal"_s;
}

// Python's echo server hands back the code points PyroProxy sent, as Python strs.
void tst_PyroFidelityInterop::proxyAgainstPython()
{
    QFETCH(QString, serializer);
    PyroProxy proxy{PyroUri(m_pythonUri)};
    proxy.setSerializer(serializer);
    const QVariant value = QVariantList{codePoints({0xd83d, 0xde00}), codePoints({U'a', 0xdbff, 0xdfff, 0xdc80}),
                                        QVariant::fromValue(PyroDict{{codePoints({0xd800, 0xdc00}), 1}}),
                                        QString(QChar(0xdc80)), QString(u"\U0001F600"_s)};
    const PyroResult result = proxy.call(u"echo"_s, {value});
    QVERIFY2(!result.isError(), qPrintable(result.error().toString()));
    QVERIFY2(PyroValues::identical(result.value(), value), qPrintable(PyroValues::pythonRepr(result.value())));
}

void tst_PyroFidelityInterop::callLiterals_data()
{
    addPyroCallLiteralRows();
}

void tst_PyroFidelityInterop::callLiterals()
{
    QFETCH(QString, serializer);
    QFETCH(QString, argument);
    QFETCH(QString, output);
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"pyro-call"_s),
                                    {u"-s"_s, serializer, m_pythonUri, u"echo"_s, argument}, toolEnvironment());
    const PyroToolRun python = runTool(PyroTestProcess::python(),
                                       {u"-c"_s, QString::fromLatin1(pythonVerdict), serializer, argument,
                                        run.out.trimmed()},
                                       PyroTestProcess::pythonEnvironment());
    if (output.isEmpty()) {
        QCOMPARE(python.out.trimmed(), u"REFUSED"_s);
        QCOMPARE(run.exitCode, 2);
        return;
    }
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, output + u'\n');
    QCOMPARE(python.out.trimmed(), u"SAME"_s);
}

QTEST_GUILESS_MAIN(tst_PyroFidelityInterop)
#include "tst_pyrofidelityinterop.moc"
