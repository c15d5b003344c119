// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrofuzzentries.h"

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

// Every input a fuzzer found (crash-*, timeout-*, oom-*, leak-*) and every hand-made
// hostile input (hand-*) in autotests/data/fuzz/<target>/ goes through the fuzz target's
// body again. Under ./run test --sanitize, ASan/UBSan check them as the fuzzer did.
class tst_PyroFuzzRegressions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyTargetHasInputs_data();
    void everyTargetHasInputs();
    void replay_data();
    void replay();

private:
    static QStringList targets()
    {
        return {u"messagereader"_s, u"serpent"_s, u"json"_s, u"marshal"_s, u"msgpack"_s, u"uri"_s};
    }
    static QStringList inputsOf(const QString &target)
    {
        return QDir(QStringLiteral(QTPYRO_FUZZ_DATA) + u'/' + target)
                .entryList(QDir::Files | QDir::Hidden, QDir::Name);
    }
};

void tst_PyroFuzzRegressions::initTestCase()
{
    PyroError error;
    QVERIFY2(PyroSerializer::byName(u"msgpack", &error), qPrintable(error.message()));
}

void tst_PyroFuzzRegressions::everyTargetHasInputs_data()
{
    QTest::addColumn<QString>("target");
    for (const QString &target : targets())
        QTest::newRow(qPrintable(target)) << target;
}

// An empty folder would make replay() pass vacuously for that target.
void tst_PyroFuzzRegressions::everyTargetHasInputs()
{
    QFETCH(QString, target);
    const QStringList inputs = inputsOf(target);
    QVERIFY2(inputs.size() >= 3, qPrintable(u"only %1 inputs for %2"_s.arg(inputs.size()).arg(target)));
}

void tst_PyroFuzzRegressions::replay_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("path");
    for (const QString &target : targets()) {
        for (const QString &file : inputsOf(target)) {
            QTest::newRow(qPrintable(target + u'/' + file))
                    << target << QStringLiteral(QTPYRO_FUZZ_DATA) + u'/' + target + u'/' + file;
        }
    }
}

void tst_PyroFuzzRegressions::replay()
{
    QFETCH(QString, target);
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    const QByteArray input = file.readAll();

    QElapsedTimer timer;
    timer.start();
    QString broken;
    if (target == u"messagereader") {
        broken = PyroFuzz::messageReader(input);
    } else if (target == u"uri") {
        broken = PyroFuzz::uri(input);
    } else {
        PyroError error;
        const PyroSerializer *serializer = PyroSerializer::byName(target, &error);
        QVERIFY2(serializer, qPrintable(error.message()));
        broken = PyroFuzz::serializer(serializer, input);
    }
    QVERIFY2(broken.isEmpty(), qPrintable(broken));
    // The fuzzers run with -timeout=10; a hostile input must stay far below that even in a
    // sanitizer build.
    QVERIFY2(timer.elapsed() < 5000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
}

QTEST_GUILESS_MAIN(tst_PyroFuzzRegressions)
#include "tst_pyrofuzzregressions.moc"
