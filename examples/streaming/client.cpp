// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// Pulls items from remote iterators and generators. The first parts block (takeAll(),
// next()); the slow generator is streamed asynchronously: itemReceived() per item while
// the event loop keeps running.
//
//   example-streaming-client [URI] [--interval SECONDS]

#include "examplesupport.h"

#include <pyrocallreply.h>
#include <pyroproxy.h>
#include <pyrostream.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

#include <memory>

using namespace Qt::StringLiterals;
using ExampleSupport::print;
using ExampleSupport::repr;

namespace {

// Blocks for a call's reply: only a reply hands out the stream of an iterator result.
std::unique_ptr<PyroCallReply> finished(PyroCallReply *reply)
{
    reply->waitForFinished();
    return std::unique_ptr<PyroCallReply>(reply);
}

// All items of a stream result, as a list.
std::optional<QVariantList> drain(const std::unique_ptr<PyroCallReply> &reply)
{
    if (reply->isError() || !reply->isStream()) {
        ExampleSupport::printError(reply->isError() ? reply->error().toString() : u"not a stream"_s);
        return std::nullopt;
    }
    std::unique_ptr<PyroStream> stream(reply->takeStream());
    PyroError error;
    const QVariantList items = stream->takeAll(&error);
    if (error.isError()) {
        ExampleSupport::printError(error.toString());
        return std::nullopt;
    }
    return items;
}

bool printAll(const QString &title, const std::unique_ptr<PyroCallReply> &reply)
{
    print();
    print(title);
    const auto items = drain(reply);
    if (items)
        print(repr(*items));
    return bool(items);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Streams items from example.streamer."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"uri"_s, u"The streamer (default PYRONAME:example.streamer)."_s, u"[URI]"_s);
    const QCommandLineOption intervalOption(u"interval"_s, u"Seconds between the slow generator's items (default 0.5)."_s,
                                            u"SECONDS"_s, u"0.5"_s);
    parser.addOption(intervalOption);
    parser.process(app);

    PyroProxy p(PyroUri(parser.positionalArguments().value(0, u"PYRONAME:example.streamer"_s)));
    print(u"normal list:"_s);
    const PyroResult list = p.call(u"list"_s);
    if (list.isError()) {
        ExampleSupport::printError(list.error().toString());
        return 1;
    }
    print(repr(list.value()));
    if (!printAll(u"via iterator:"_s, finished(p.asyncCall(u"iterator"_s)))
        || !printAll(u"via generator:"_s, finished(p.asyncCall(u"generator"_s))))
        return 1;

    // An endless generator: take what we need, and closing the stream ends it remotely.
    print();
    print(u"fibonacci, first 20:"_s);
    const std::unique_ptr<PyroCallReply> fib = finished(p.asyncCall(u"fibonacci"_s));
    if (!fib->isStream())
        return 1;
    std::unique_ptr<PyroStream> fibonacci(fib->takeStream());
    QVariantList numbers;
    while (numbers.size() < 20) {
        const std::optional<QVariant> item = fibonacci->next();
        if (!item)
            return 1;
        numbers.append(*item);
    }
    fibonacci->close();
    print(repr(numbers));

    if (!printAll(u"property iterator:"_s, finished(p.asyncReadAttribute(u"prop_iter"_s)))
        || !printAll(u"property generator:"_s, finished(p.asyncReadAttribute(u"prop_generator"_s))))
        return 1;

    // Asynchronously: each item is printed when it arrives.
    print();
    print(u"slow generator:"_s);
    PyroCallReply *reply = p.asyncCall(u"slow_generator"_s, {parser.value(intervalOption).toDouble()});
    QObject::connect(reply, &PyroCallReply::finished, &app, [reply] {
        reply->deleteLater();
        PyroStream *stream = reply->isStream() ? reply->takeStream() : nullptr;
        if (!stream) {
            ExampleSupport::printError(u"slow_generator: "_s + reply->error().toString());
            QCoreApplication::exit(1);
            return;
        }
        QObject::connect(stream, &PyroStream::itemReceived, stream, [](const QVariant &item) { print(repr(item)); });
        QObject::connect(stream, &PyroStream::finished, stream, [stream] {
            stream->deleteLater();
            if (stream->error().isError())
                ExampleSupport::printError(stream->error().toString());
            else
                print(u"end of the slow generator"_s);
            QCoreApplication::exit(stream->error().isError() ? 1 : 0);
        });
        stream->fetchAll();
    });
    return app.exec();
}
