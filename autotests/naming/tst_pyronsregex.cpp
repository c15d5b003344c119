// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The name server's regex filters read Python's re syntax (issue 18.4): each pattern of
// pyroregexcases.h gives the answer Python's name server gives, through the name server
// object itself (list() and remove()), without Python.

#include "pyroregexcases.h"

#include "pyrocallcontext.h"
#include "pyronameserver_p.h"
#include "pyrostorage.h"

#include <QtTest/QTest>

#include <functional>

using namespace Qt::StringLiterals;

class tst_PyroNsRegex : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pythonSyntax_data();
    void pythonSyntax();
    void removeAgrees();
};

static QString answer(const std::function<QVariant()> &call, const QString &subject)
{
    try {
        const QVariant result = call();
        return result.toMap().contains(subject) ? u"match"_s : u"no match"_s;
    } catch (const PyroException &e) {
        return RegexCases::describe(e.error());
    }
}

void tst_PyroNsRegex::pythonSyntax_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("expected");
    for (const RegexCases::Case &c : RegexCases::cases())
        QTest::newRow(c.tag) << c.pattern << c.subject << c.expected;
}

void tst_PyroNsRegex::pythonSyntax()
{
    QFETCH(QString, pattern);
    QFETCH(QString, subject);
    QFETCH(QString, expected);
    std::unique_ptr<PyroStorage> storage = PyroStorage::create(u"memory"_s);
    PyroNaming::NameServer ns(storage.get());
    ns.registerName(subject, u"PYRO:x@127.0.0.1:1"_s);
    QCOMPARE(answer([&] { return ns.list(QVariant(), pattern); }, subject), expected);
}

// remove(regex=...) selects exactly what list(regex=...) does.
void tst_PyroNsRegex::removeAgrees()
{
    for (const RegexCases::Case &c : RegexCases::cases()) {
        std::unique_ptr<PyroStorage> storage = PyroStorage::create(u"memory"_s);
        PyroNaming::NameServer ns(storage.get());
        ns.registerName(c.subject, u"PYRO:x@127.0.0.1:1"_s);
        const QString removed = answer([&] {
            const qlonglong n = ns.remove(QVariant(), QVariant(), c.pattern);
            QVariantMap gone;
            if (n > 0 && ns.count() == 0)
                gone.insert(c.subject, n);
            return QVariant(gone);
        }, c.subject);
        QVERIFY2(removed == c.expected, qPrintable(u"%1: %2"_s.arg(QLatin1StringView(c.tag), removed)));
    }
}

QTEST_GUILESS_MAIN(tst_PyroNsRegex)
#include "tst_pyronsregex.moc"
