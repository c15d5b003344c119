// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

// pyro-call's arguments are ast.literal_eval() and its output is repr(): one table for the
// C++-only test (pyro-echoserver) and the interop test (Python's echo server, and Python's
// own literal_eval()/repr() of each row).

#include <QtCore/QString>
#include <QtTest/QTest>

#include <vector>

struct PyroCallLiteralRow
{
    const char *tag;
    const char *serializer;
    QString argument;
    QString output; // what pyro-call prints for the echoed value; empty: the argument is refused
};

inline std::vector<PyroCallLiteralRow> pyroCallLiteralRows()
{
    using namespace Qt::StringLiterals;
    return {
        // ast.literal_eval() strips leading spaces and tabs; trailing whitespace and blank
        // lines are fine; other leading whitespace is not
        {"leading-space", "marshal", u" 42"_s, u"42"_s},
        {"tab-list-newline", "marshal", u"\t[1, 2]\n"_s, u"[1,2]"_s},
        {"leading-blank-line", "marshal", u"\n42"_s, u"42"_s},
        {"space-then-blank-line", "marshal", u" \n42"_s, u"42"_s},
        {"trailing-whitespace", "marshal", u"42 \t\n\n"_s, u"42"_s},
        {"leading-form-feed", "marshal", u"\f42"_s, u"42"_s},
        {"indented-after-comment", "marshal", u" # c\n 42"_s, QString()},
        {"leading-vertical-tab", "marshal", u"\v42"_s, QString()},
        {"leading-no-break-space", "marshal", u"\u00a042"_s, QString()},
        // \N{...}: every Unicode 14.0 name and alias, case-insensitive
        {"name-snake", "marshal", u"'\\N{SNAKE}'"_s, u"'\U0001F40D'"_s},
        {"name-lower-case", "marshal", u"'\\N{snake} \\N{em dash}'"_s, u"'\U0001F40D \u2014'"_s},
        {"name-hangul", "marshal", u"'\\N{HANGUL SYLLABLE GA}'"_s, u"'\uAC00'"_s},
        {"name-cjk", "marshal", u"'\\N{CJK UNIFIED IDEOGRAPH-4E00}'"_s, u"'\u4E00'"_s},
        {"name-control-alias", "marshal", u"'\\N{END OF LINE}\\N{BEL}'"_s, u"'\\n\\x07'"_s},
        {"name-correction-alias", "marshal", u"'\\N{LATIN CAPITAL LETTER GHA}'"_s, u"'\u01A2'"_s},
        {"name-abbreviation", "marshal", u"'\\N{ZWJ}\\N{NBSP}'"_s, u"'\\u200d\\xa0'"_s},
        {"name-unknown", "marshal", u"'\\N{NO SUCH NAME}'"_s, QString()},
        {"name-space", "marshal", u"'\\N{SNAKE }'"_s, QString()},
        {"name-tangut", "marshal", u"'\\N{TANGUT IDEOGRAPH-17000}'"_s, QString()},
        {"name-in-bytes-is-text", "marshal", u"b'\\N{SNAKE}'"_s, u"b'\\\\N{SNAKE}'"_s},
        // marshal carries sets and None keys: repr() prints them
        {"none-key", "marshal", u"{None: 1, 'a': None}"_s, u"{None:1,'a':None}"_s},
        {"none-in-set", "marshal", u"{None}"_s, u"{None}"_s},
        {"empty-set", "marshal", u"set()"_s, u"set()"_s},
        {"nested", "marshal", u"(None, {None: set()}, [{(1, None)}])"_s, u"(None,{None:set()},[{(1,None)}])"_s},
        {"surrogate-pair", "marshal", u"'\\ud83d\\ude00'"_s, u"'\\ud83d\\ude00'"_s},
        // serpent carries an empty set as an empty tuple, json sets as lists and None keys as 'null'
        {"serpent-empty-set", "serpent", u"set()"_s, u"()"_s},
        {"serpent-surrogate-pair", "serpent", u"['\\ud83d\\ude00']"_s, u"['\\ud83d\\ude00']"_s},
        {"json-none-in-set", "json", u"{None}"_s, u"[None]"_s},
        {"json-none-key", "json", u"{None: 1}"_s, u"{'null':1}"_s},
    };
}

// The table as Qt Test rows (columns serializer, argument, output).
inline void addPyroCallLiteralRows()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("output");
    for (const PyroCallLiteralRow &row : pyroCallLiteralRows())
        QTest::newRow(row.tag) << QString::fromLatin1(row.serializer) << row.argument << row.output;
}
