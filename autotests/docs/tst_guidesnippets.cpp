// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Every C++ and CMake block of docs/guide.md is a quote of a program that is built: the
// line before the block names it, <!-- snippet: PATH [NAME] -->, and the block must be
// exactly the lines between the two "//! [NAME]" (or "# [NAME]") markers of PATH, less
// their common indentation. So the guide cannot show code that does not compile.

#include <QtCore/QFile>
#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

QStringList readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll()).split(u'\n');
}

QString region(const QString &path, const QString &name, QString *why)
{
    const QStringList lines = readLines(QStringLiteral(QTPYRO_SOURCE_DIR) + u'/' + path);
    if (lines.isEmpty()) {
        *why = u"cannot read "_s + path;
        return {};
    }
    const QStringList markers{u"//! ["_s + name + u']', u"# ["_s + name + u']'};
    QList<int> at;
    for (int i = 0; i < lines.size(); ++i) {
        if (markers.contains(lines.at(i).trimmed()))
            at.append(i);
    }
    if (at.size() != 2) {
        *why = u"%1 has %2 markers [%3], not 2"_s.arg(path).arg(at.size()).arg(name);
        return {};
    }
    QStringList body = lines.mid(at[0] + 1, at[1] - at[0] - 1);
    auto leadingSpaces = [](const QString &line) {
        qsizetype n = 0;
        while (n < line.size() && line.at(n) == u' ')
            ++n;
        return n;
    };
    qsizetype indent = -1;
    for (const QString &line : std::as_const(body)) {
        if (!line.trimmed().isEmpty())
            indent = indent < 0 ? leadingSpaces(line) : std::min(indent, leadingSpaces(line));
    }
    for (QString &line : body)
        line = line.mid(std::min(leadingSpaces(line), std::max<qsizetype>(indent, 0)));
    return body.join(u'\n');
}

struct Block
{
    QString path, name, language, text;
    int line = 0;
};

QList<Block> guideBlocks(QStringList *unmarked)
{
    const QStringList lines = readLines(QStringLiteral(QTPYRO_SOURCE_DIR) + u"/docs/guide.md"_s);
    static const QRegularExpression marker(u"^<!-- snippet: (\\S+) \\[([\\w-]+)\\] -->$"_s);
    QList<Block> blocks;
    QString lastNonBlank;
    for (int i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (!line.startsWith(u"```"_s) || line.size() == 3) {
            if (!line.trimmed().isEmpty())
                lastNonBlank = line;
            continue;
        }
        Block block;
        block.language = line.mid(3).trimmed();
        block.line = i + 1;
        QStringList text;
        for (++i; i < lines.size() && !lines.at(i).startsWith(u"```"_s); ++i)
            text.append(lines.at(i));
        block.text = text.join(u'\n');
        if (block.language != u"cpp" && block.language != u"cmake") {
            lastNonBlank.clear();
            continue;
        }
        const QRegularExpressionMatch m = marker.match(lastNonBlank);
        if (!m.hasMatch()) {
            unmarked->append(u"docs/guide.md:%1"_s.arg(block.line));
        } else {
            block.path = m.captured(1);
            block.name = m.captured(2);
            blocks.append(block);
        }
        lastNonBlank.clear();
    }
    return blocks;
}

} // namespace

class tst_GuideSnippets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyBlockIsAQuote();
    void quote_data();
    void quote();
};

void tst_GuideSnippets::everyBlockIsAQuote()
{
    QStringList unmarked;
    const QList<Block> blocks = guideBlocks(&unmarked);
    QVERIFY2(unmarked.isEmpty(), qPrintable(u"C++/CMake blocks without a snippet marker: "_s + unmarked.join(u", "_s)));
    QVERIFY(blocks.size() >= 10);
}

void tst_GuideSnippets::quote_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");
    QStringList unmarked;
    for (const Block &block : guideBlocks(&unmarked))
        QTest::addRow("%s [%s] (line %d)", qPrintable(block.path), qPrintable(block.name), block.line)
                << block.path << block.name << block.text;
}

void tst_GuideSnippets::quote()
{
    QFETCH(QString, path);
    QFETCH(QString, name);
    QFETCH(QString, text);
    QString why;
    const QString source = region(path, name, &why);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(text, source);
}

QTEST_GUILESS_MAIN(tst_GuideSnippets)
#include "tst_guidesnippets.moc"
