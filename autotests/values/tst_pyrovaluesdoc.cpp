// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// docs/values.md compiles: every ```cpp block is a quote of examples/valuetypes/valuetypes.cpp
// (which the build compiles and this test runs), every ```python block a quote of the
// interop test's Python client (which tst_pyrovaluesinterop runs).

#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

QString readSource(const QString &relative)
{
    QFile file(QStringLiteral(QTPYRO_SOURCE_DIR) + u'/' + relative);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll());
}

// The lines of text without leading and trailing blanks, empty lines dropped.
QStringList normalizedLines(const QString &text)
{
    QStringList lines;
    for (const QString &line : text.split(u'\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(line.trimmed());
    }
    return lines;
}

bool containsLines(const QStringList &haystack, const QStringList &needle)
{
    for (qsizetype i = 0; i + needle.size() <= haystack.size(); ++i) {
        if (haystack.mid(i, needle.size()) == needle)
            return true;
    }
    return false;
}

} // namespace

class tst_PyroValuesDoc : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void snippets_data();
    void snippets();
    void exampleRuns();
};

void tst_PyroValuesDoc::snippets_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("code");
    const QString doc = readSource(u"docs/values.md"_s);
    QVERIFY(!doc.isEmpty());
    static const QRegularExpression block(u"```(\\w+)\\n(.*?)```"_s, QRegularExpression::DotMatchesEverythingOption);
    int n = 0;
    for (auto it = block.globalMatch(doc); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        QTest::addRow("%d %s", ++n, qPrintable(m.captured(1))) << m.captured(1) << m.captured(2);
    }
    QVERIFY(n >= 8);
}

void tst_PyroValuesDoc::snippets()
{
    QFETCH(QString, language);
    QFETCH(QString, code);
    QString source;
    if (language == u"cpp")
        source = readSource(u"examples/valuetypes/valuetypes.cpp"_s);
    else if (language == u"python")
        source = readSource(u"autotests/interop/values_client.py"_s);
    else
        QFAIL(qPrintable(u"a code block in an unchecked language: "_s + language));
    QVERIFY(!source.isEmpty());
    QVERIFY2(containsLines(normalizedLines(source), normalizedLines(code)),
             qPrintable(u"not quoted from the compiled source:\n"_s + code));
}

void tst_PyroValuesDoc::exampleRuns()
{
#ifndef QTPYRO_EXAMPLE_VALUETYPES
    QSKIP("examples are not built (QTPYRO_BUILD_EXAMPLES=OFF)");
#else
    QProcess example;
    example.setProcessChannelMode(QProcess::MergedChannels);
    example.start(QStringLiteral(QTPYRO_EXAMPLE_VALUETYPES), QStringList());
    QVERIFY2(example.waitForFinished(60000), qPrintable(example.errorString()));
    const QString output = QString::fromUtf8(example.readAll());
    QVERIFY2(example.exitStatus() == QProcess::NormalExit && example.exitCode() == 0, qPrintable(output));
    QVERIFY2(!output.contains(u"FAILED"_s), qPrintable(output));
#endif
}

QTEST_GUILESS_MAIN(tst_PyroValuesDoc)
#include "tst_pyrovaluesdoc.moc"
