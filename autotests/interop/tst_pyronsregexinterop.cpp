// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Python regexes against Pyro5's name server and ours (issue 18.4): for every pattern of
// pyroregexcases.h, list(regex=...) must give the same answer from both (a match, no match,
// or the same error class and message), and that answer must be the table's.
// Needs PYRO5_SRC (a Pyro5 source tree); skipped without it.

#include "../naming/pyroregexcases.h"

#include "pyroproxy.h"
#include "pyroresult.h"
#include "pyrotestprocess.h"
#include "pyrouri.h"

#include <QtTest/QTest>

using namespace Qt::StringLiterals;

class tst_PyroNsRegexInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sameAnswers_data();
    void sameAnswers();

private:
    PyroTestProcess m_python;
    PyroTestProcess m_ours;
    std::unique_ptr<PyroProxy> m_pythonNs;
    std::unique_ptr<PyroProxy> m_ourNs;
};

void tst_PyroNsRegexInterop::initTestCase()
{
    if (PyroTestProcess::pyro5Source().isEmpty())
        QSKIP("PYRO5_SRC is not set");
    const QRegularExpression uriLine(u"URI = (PYRO:\\S+)"_s);
    m_python.setEnvironment(PyroTestProcess::pythonEnvironment());
    const QString pythonUri = m_python.start(PyroTestProcess::python(),
                                             {u"-m"_s, u"Pyro5.nameserver"_s, u"-n"_s, u"127.0.0.1"_s,
                                              u"-p"_s, u"0"_s, u"-x"_s}, uriLine);
    QVERIFY2(!pythonUri.isEmpty(), qPrintable(m_python.errorString()));
    m_ours.setEnvironment(toolEnvironment());
    const QString ourUri = m_ours.start(PyroTestProcess::tool(u"pyro-ns"_s),
                                        {u"-n"_s, u"127.0.0.1"_s, u"-p"_s, u"0"_s, u"-x"_s}, uriLine);
    QVERIFY2(!ourUri.isEmpty(), qPrintable(m_ours.errorString()));
    m_pythonNs = std::make_unique<PyroProxy>(PyroUri(pythonUri));
    m_ourNs = std::make_unique<PyroProxy>(PyroUri(ourUri));
}

static QString answer(PyroProxy *ns, const QString &pattern, const QString &subject)
{
    const PyroResult registered = ns->call(u"register"_s, {subject, u"PYRO:x@127.0.0.1:1"_s});
    if (registered.error().isError())
        return u"register failed: "_s + registered.error().toString();
    const PyroResult r = ns->call(u"list"_s, {}, {{u"regex"_s, pattern}});
    ns->call(u"remove"_s, {subject});
    if (!r.error().isError())
        return r.value().toMap().contains(subject) ? u"match"_s : u"no match"_s;
    return RegexCases::describe(r.error());
}

void tst_PyroNsRegexInterop::sameAnswers_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("expected");
    for (const RegexCases::Case &c : RegexCases::cases())
        QTest::newRow(c.tag) << c.pattern << c.subject << c.expected;
}

void tst_PyroNsRegexInterop::sameAnswers()
{
    QFETCH(QString, pattern);
    QFETCH(QString, subject);
    QFETCH(QString, expected);
    const QString python = answer(m_pythonNs.get(), pattern, subject);
    const QString ours = answer(m_ourNs.get(), pattern, subject);
    QCOMPARE(ours, python);
    QCOMPARE(python, expected);
}

QTEST_GUILESS_MAIN(tst_PyroNsRegexInterop)
#include "tst_pyronsregexinterop.moc"
