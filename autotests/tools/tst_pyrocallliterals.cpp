// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// pyro-call's literals against pyro-echoserver: arguments read like ast.literal_eval()
// (surrounding whitespace, \N{...} with the full name table), results printed like
// repr() (set(), frozenset(), None as a dict key or set item). The same table runs
// against Python's echo server and Python's own literal_eval()/repr() in
// tst_pyrofidelityinterop.

#include "pyrocallliterals.h"
#include "pyroliteral.h"
#include "pyrotestprocess.h"

#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_PyroCallLiterals : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void echo_data();
    void echo();
    void errorPosition_data();
    void errorPosition();
    void printLiteral_data();
    void printLiteral();

private:
    PyroTestProcess m_server;
    QString m_uri;
};

void tst_PyroCallLiterals::initTestCase()
{
    m_server.setEnvironment(toolEnvironment());
    m_uri = m_server.start(PyroTestProcess::tool(u"pyro-echoserver"_s), {u"-H"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s},
                           QRegularExpression(u"echo uri: (PYRO:\\S+)"_s));
    QVERIFY2(!m_uri.isEmpty(), qPrintable(m_server.errorString()));
}

void tst_PyroCallLiterals::echo_data()
{
    addPyroCallLiteralRows();
}

void tst_PyroCallLiterals::echo()
{
    QFETCH(QString, serializer);
    QFETCH(QString, argument);
    QFETCH(QString, output);
    const PyroToolRun run = runTool(PyroTestProcess::tool(u"pyro-call"_s),
                                    {u"-s"_s, serializer, m_uri, u"echo"_s, argument}, toolEnvironment());
    if (output.isEmpty()) {
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(u"is not a Python literal"_s), qPrintable(run.err));
        return;
    }
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, output + u'\n');
}

// Where a refused argument is wrong: the line and column ast.literal_eval() reports for
// the same text (SyntaxError.lineno and .offset, Python 3.11), counted in the argument
// itself (serpent's header line, which the decoder once saw first, does not count).
void tst_PyroCallLiterals::errorPosition_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("indent-line-2") << u"1\n  2"_s << 2 << 2;
    QTest::newRow("indent-tab") << u"1\n\t2"_s << 2 << 1;
    QTest::newRow("indent-after-comment") << u"# c\n  1"_s << 2 << 2;
    QTest::newRow("indent-after-blank-line") << u"  \n   5"_s << 2 << 3;
    QTest::newRow("indented-blank-last-line") << u"1\n  "_s << 2 << 2;
    QTest::newRow("one-line") << u" 1 2"_s << 1 << 3;
    QTest::newRow("unterminated-string") << u"'abc"_s << 1 << 1;
    QTest::newRow("unterminated-string-line-2") << u"[1,\n 'a\n]"_s << 2 << 2;
    QTest::newRow("syntax-line-3") << u"[1,\n 2,\n 3 +]"_s << 3 << 5;
    QTest::newRow("mismatched-bracket-line-3") << u"[1,\n 2,\n 3 )"_s << 3 << 4;
    QTest::newRow("unmatched-after-blank-lines") << u"\n\n[1,\n 2 ]]"_s << 4 << 5;
}

void tst_PyroCallLiterals::errorPosition()
{
    QFETCH(QString, argument);
    QFETCH(int, line);
    QFETCH(int, column);
    PyroError error;
    const QVariant value = PyroLiteral::parse(argument, &error);
    QVERIFY(!value.isValid());
    QVERIFY(error.isError());
    const QString where = u"(line %1, column %2)"_s.arg(line).arg(column);
    QVERIFY2(error.message().endsWith(where), qPrintable(error.message()));
}

// What no literal can send: frozensets, and the other shapes, printed directly.
void tst_PyroCallLiterals::printLiteral_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("text");
    const QVariant none = PyroValues::none();
    QTest::newRow("empty-frozenset") << QVariant::fromValue(PyroSet({}, PyroSet::Kind::FrozenSet)) << u"frozenset()"_s;
    QTest::newRow("frozenset") << QVariant::fromValue(PyroSet({1, none}, PyroSet::Kind::FrozenSet))
                               << u"frozenset({1,None})"_s;
    QTest::newRow("frozenset-key") << QVariant::fromValue(PyroDict{{QVariant::fromValue(PyroSet({}, PyroSet::Kind::FrozenSet)), 1}})
                                   << u"{frozenset():1}"_s;
    QTest::newRow("none-key-nan") << QVariant::fromValue(PyroDict{{none, qQNaN()}}) << u"{None:nan}"_s;
    QTest::newRow("tuple-of-one") << QVariant::fromValue(PyroTuple{QVariant::fromValue(PyroSet())}) << u"(set(),)"_s;
    QTest::newRow("plain-stays-serpent") << QVariant(QVariantList{1, u"a"_s, -qInf()}) << u"[1,'a',-inf]"_s;
}

void tst_PyroCallLiterals::printLiteral()
{
    QFETCH(QVariant, value);
    QFETCH(QString, text);
    PyroError error;
    QCOMPARE(PyroLiteral::printLiteral(value, &error), text);
    QVERIFY(!error.isError());
}

QTEST_GUILESS_MAIN(tst_PyroCallLiterals)
#include "tst_pyrocallliterals.moc"
