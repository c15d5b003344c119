// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// The call modes of pyro-bench. Every round measures the call figure and then its floors
// for --seconds each, so a machine whose speed drifts disturbs all of them alike; the
// ratio to a floor is the median of the per-round ratios.
//
// Floors, all over TCP on 127.0.0.1 against one thread that reads a whole message of the
// given size and writes it back (store and forward, like an echo call):
//   raw_pingpong  blocking POSIX write()/read() of 40 header bytes + the call's payload size
//   qt_pingpong   the same exchange driven by QTcpSocket::readyRead in an event loop
//   raw_bulk, qt_bulk  (transfer SIZE) the same with SIZE bytes, in MiB/s

#include "callbench.h"

#include "benchsupport.h"
#include "pyrobatch.h"
#include "pyrocallreply.h"
#include "pyrodaemon.h"
#include "pyronameserver.h"
#include "pyronameserverproxy.h"
#include "pyroproxy.h"
#include "pyroserializer.h"
#include "pyrouri.h"
#include "pyrovaluetypes.h"

#include <QtCore/QAbstractEventDispatcher>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtNetwork/QTcpSocket>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype HeaderSize = 40; // a Pyro5 message header (protocol 502)
const QString EchoObject = u"test.echoserver"_s; // pyro-echoserver's and Pyro5's name

// The object an in-process daemon serves.
class BenchEcho : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE QVariant echo(const QVariant &value) { return value; }
};

// ---- floors ---------------------------------------------------------------------------

// Repeats read() or write() until all size bytes went through; false on EOF or an error.
template<typename Io, typename Pointer>
bool ioAll(Io io, int fd, Pointer data, qsizetype size)
{
    while (size > 0) {
        const ssize_t n = io(fd, data, size_t(size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= n;
    }
    return true;
}

bool writeAll(int fd, const char *data, qsizetype size)
{
    return ioAll(::write, fd, data, size);
}

bool readAll(int fd, char *data, qsizetype size)
{
    return ioAll(::read, fd, data, size);
}

void setNoDelay(int fd)
{
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Accepts one connection on 127.0.0.1 and echoes messages of a fixed size until EOF.
class RawEchoServer
{
public:
    explicit RawEchoServer(qsizetype messageSize)
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr *>(&address), length) != 0
            || ::listen(m_listener, 1) != 0
            || ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
            return;
        }
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this, messageSize] {
            const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0)
                return;
            setNoDelay(fd);
            QByteArray buffer(messageSize, Qt::Uninitialized);
            while (readAll(fd, buffer.data(), messageSize) && writeAll(fd, buffer.constData(), messageSize)) { }
            ::close(fd);
        });
    }
    ~RawEchoServer()
    {
        if (m_thread.joinable()) {
            ::shutdown(m_listener, SHUT_RDWR); // wakes accept() if nobody connected
            m_thread.join();
        }
        if (m_listener >= 0)
            ::close(m_listener);
    }
    quint16 port() const { return m_port; }

private:
    int m_listener = -1;
    quint16 m_port = 0;
    std::thread m_thread;
};

// Round trips per second of blocking write()/read() pairs.
double rawPingPong(qsizetype size, double seconds)
{
    RawEchoServer server(size);
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(server.port());
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        if (fd >= 0)
            ::close(fd);
        return -1;
    }
    setNoDelay(fd);
    QByteArray out(size, 'x');
    QByteArray in(size, Qt::Uninitialized);
    qint64 count = 0;
    QElapsedTimer timer;
    timer.start();
    bool ok = true;
    do {
        ok = writeAll(fd, out.constData(), size) && readAll(fd, in.data(), size);
        ++count;
    } while (ok && timer.nsecsElapsed() < seconds * 1e9);
    const double elapsed = timer.nsecsElapsed() / 1e9;
    ::close(fd);
    return ok ? count / elapsed : -1;
}

// The same exchange with a QTcpSocket: the next message is written from readyRead.
double qtPingPong(qsizetype size, double seconds)
{
    RawEchoServer server(size);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server.port());
    if (!socket.waitForConnected(30000))
        return -1;
    socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QByteArray out(size, 'x');
    QByteArray in(qMin<qsizetype>(size, 1 << 20), Qt::Uninitialized);
    qint64 count = 0;
    qsizetype received = 0;
    bool failed = false;
    QEventLoop loop;
    QElapsedTimer timer;
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        while (socket.bytesAvailable() > 0)
            received += socket.read(in.data(), in.size());
        if (received < size)
            return;
        received -= size;
        ++count;
        if (timer.nsecsElapsed() < seconds * 1e9)
            socket.write(out);
        else
            loop.quit();
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, [&] {
        failed = true;
        loop.quit();
    });
    timer.start();
    socket.write(out);
    loop.exec();
    const double elapsed = timer.nsecsElapsed() / 1e9;
    const double rate = failed ? -1 : count / elapsed;
    QObject::disconnect(&socket, nullptr, &loop, nullptr);
    socket.abort();
    return rate;
}

// ---- the Pyro side --------------------------------------------------------------------

struct Figure
{
    QString name;
    QString unit;
    QString floor;        // the figure this one is compared with; empty for a floor
    std::function<double(double seconds)> run; // one round: the rate, or < 0 on failure
    QList<double> samples;
};

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

qsizetype parseSize(const QString &text)
{
    QString t = text.trimmed().toUpper();
    qsizetype factor = 1;
    if (t.endsWith(u'K')) {
        factor = 1 << 10;
        t.chop(1);
    } else if (t.endsWith(u'M')) {
        factor = 1 << 20;
        t.chop(1);
    }
    bool ok = false;
    const qsizetype n = t.toLongLong(&ok);
    return ok && n > 0 ? n * factor : -1;
}

QString loadAverage()
{
    QFile file(u"/proc/loadavg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromLatin1(file.readAll()).section(u' ', 0, 2);
}

// Prints why a round failed (once) and makes the run's exit code 1.
QString g_failure;
double fail(const QString &why)
{
    if (g_failure.isEmpty()) {
        g_failure = why;
        std::fprintf(stderr, "pyro-bench: %s\n", qPrintable(why));
    }
    return -1;
}

std::unique_ptr<PyroProxy> makeProxy(const PyroUri &uri, const QString &serializer)
{
    auto proxy = std::make_unique<PyroProxy>(uri);
    proxy->setSerializer(serializer);
    return proxy;
}

// Calls per second of a loop of blocking calls for the given time (at least one call).
template<typename Call>
double loop(double seconds, qint64 callsPerStep, Call step)
{
    qint64 count = 0;
    QElapsedTimer timer;
    timer.start();
    do {
        if (!step())
            return -1;
        count += callsPerStep;
    } while (timer.nsecsElapsed() < seconds * 1e9);
    return count / (timer.nsecsElapsed() / 1e9);
}

bool checked(const PyroResult &result)
{
    if (result.isError()) {
        fail(result.error().toString());
        return false;
    }
    return true;
}

} // namespace

QStringList callBenchModes()
{
    return {u"sync"_s, u"async"_s, u"oneway"_s, u"batch"_s, u"transfer"_s,
            u"connect"_s, u"nslookup"_s, u"clients"_s};
}

namespace {

// What the figures of one run share.
struct CallBench
{
    const CallBenchOptions &options;
    QString mode;
    QString serializerName;
    PyroUri uri;
    QVariantList args;
    qsizetype transferSize = 0;
    int clients = 0;
    int onewayBurst = 0;
    int batchSize = 0;
    std::unique_ptr<PyroProxy> proxy;
    std::unique_ptr<PyroNameServerProxy> nsProxy;
};

// The target: the given URI, or our daemon (name server) in a thread of its own. Returns
// 0, or the exit code.
int startTarget(const CallBenchOptions &options, bool nameServer, std::unique_ptr<ServerThread> *server,
                PyroUri *uri)
{
    if (!options.uri.isEmpty()) {
        *uri = PyroUri(options.uri);
        if (!uri->isValid()) {
            std::fprintf(stderr, "pyro-bench: invalid URI '%s'\n", qPrintable(options.uri));
            return 2;
        }
    } else if (nameServer) {
        *server = std::make_unique<ServerThread>();
        PyroDaemon *daemon = (*server)->adopt(new PyroDaemon); // see ServerThread::adopt()
        PyroNameServer *ns = (*server)->adopt(new PyroNameServer);
        bool started = false;
        (*server)->run([&] {
            ns->setBroadcastEnabled(false);
            started = daemon->listen(u"127.0.0.1"_s, 0) && ns->start(daemon);
            *uri = ns->uri();
        });
        if (!started) {
            std::fprintf(stderr, "pyro-bench: the name server did not start\n");
            return 1;
        }
    } else {
        *server = std::make_unique<ServerThread>();
        PyroDaemon *daemon = (*server)->adopt(new PyroDaemon);
        BenchEcho *echo = (*server)->make<BenchEcho>([] { return new BenchEcho; });
        bool listening = false;
        (*server)->run([&] {
            listening = daemon->listen(u"127.0.0.1"_s, 0);
            *uri = daemon->registerObject(echo, EchoObject);
        });
        if (!listening) {
            std::fprintf(stderr, "pyro-bench: the daemon did not start\n");
            return 1;
        }
    }
    return 0;
}


// The figure a mode measures (one of callBenchModes(); main() checks it).
Figure modeFigure(CallBench &b)
{
    if (b.mode == u"sync"_s) {
        return {u"sync"_s, u"calls/s"_s, u"raw_pingpong"_s, [&b](double seconds) {
                return loop(seconds, 1, [&b] { return checked(b.proxy->call(u"echo"_s, b.args)); });
            }, {}};
    } else if (b.mode == u"async"_s) {
        return {u"async"_s, u"calls/s"_s, u"qt_pingpong"_s, [&b](double seconds) {
                // each call started from the previous one's finished()
                qint64 count = 0;
                bool failed = false;
                QEventLoop events;
                QElapsedTimer timer;
                std::function<void()> next = [&] {
                    PyroCallReply *reply = b.proxy->asyncCall(u"echo"_s, b.args);
                    QObject::connect(reply, &PyroCallReply::finished, &events, [&, reply] {
                        reply->deleteLater();
                        if (reply->isError()) {
                            fail(reply->error().toString());
                            failed = true;
                            events.quit();
                        } else if (++count, timer.nsecsElapsed() < seconds * 1e9) {
                            next();
                        } else {
                            events.quit();
                        }
                    });
                };
                timer.start();
                next();
                events.exec();
                return failed ? -1 : count / (timer.nsecsElapsed() / 1e9);
            }, {}};
    } else if (b.mode == u"oneway"_s) {
        return {u"oneway"_s, u"calls/s"_s, u"raw_pingpong"_s, [&b](double seconds) {
                // a burst of oneway calls, then a normal call as the barrier
                return loop(seconds, b.onewayBurst + 1, [&] {
                    for (int i = 0; i < b.onewayBurst; ++i)
                        b.proxy->callOneway(u"echo"_s, b.args);
                    return checked(b.proxy->call(u"echo"_s, b.args));
                });
            }, {}};
    } else if (b.mode == u"batch"_s) {
        return {u"batch"_s, u"calls/s"_s, u"raw_pingpong"_s, [&b](double seconds) {
                return loop(seconds, b.batchSize, [&] {
                    PyroBatch batch(b.proxy.get());
                    for (int i = 0; i < b.batchSize; ++i)
                        batch.add(u"echo"_s, b.args);
                    const QList<PyroResult> results = batch.execute(QDeadlineTimer(120000));
                    if (results.size() != b.batchSize) {
                        fail(u"a batch returned %1 results of %2"_s.arg(results.size()).arg(b.batchSize));
                        return false;
                    }
                    return std::all_of(results.begin(), results.end(), checked);
                });
            }, {}};
    } else if (b.mode == u"transfer"_s) {
        return {u"transfer"_s, u"MiB/s"_s, u"raw_bulk"_s, [&b](double seconds) {
                const double calls = loop(seconds, 1, [&] {
                    const PyroResult result = b.proxy->call(u"echo"_s, b.args);
                    if (!checked(result))
                        return false;
                    // serpent sends bytes as a base64 dict: decoding it is part of the cost
                    const QByteArray bytes = PyroValues::toBytes(result.value());
                    if (bytes.size() != b.transferSize) {
                        fail(u"the echo came back with %1 bytes, not %2"_s.arg(bytes.size()).arg(b.transferSize));
                        return false;
                    }
                    return true;
                });
                return calls < 0 ? calls : calls * b.transferSize / double(1 << 20);
            }, {}};
    } else if (b.mode == u"connect"_s) {
        return {u"connect"_s, u"cycles/s"_s, u"raw_pingpong"_s, [&b](double seconds) {
                // connect + handshake + one call + close
                return loop(seconds, 1, [&] {
                    return checked(makeProxy(b.uri, b.serializerName)->call(u"echo"_s, b.args));
                });
            }, {}};
    } else if (b.mode == u"nslookup"_s) {
        return {u"nslookup"_s, u"lookups/s"_s, u"raw_pingpong"_s, [&b](double seconds) {
                return loop(seconds, 1, [&] {
                    std::unique_ptr<PyroCallReply> reply(b.nsProxy->lookup(b.options.lookupName));
                    reply->waitForFinished(QDeadlineTimer(120000));
                    return checked(reply->result());
                });
            }, {}};
    } else if (b.mode == u"clients"_s) {
        return {u"clients"_s, u"calls/s"_s, u"raw_pingpong"_s, [&b](double seconds) {
                // N threads, each its own proxy and connection, blocking calls
                std::atomic<int> ready{0};
                std::atomic<bool> go{false};
                std::atomic<bool> failed{false};
                std::vector<qint64> counts(size_t(b.clients), 0);
                std::vector<std::unique_ptr<QThread>> threads;
                for (int i = 0; i < b.clients; ++i) {
                    threads.emplace_back(QThread::create([&, i] {
                        auto own = makeProxy(b.uri, b.serializerName);
                        if (own->call(u"echo"_s, b.args).isError())
                            failed = true;
                        ++ready;
                        while (!go)
                            QThread::yieldCurrentThread();
                        QElapsedTimer timer;
                        timer.start();
                        while (!failed && timer.nsecsElapsed() < seconds * 1e9) {
                            if (own->call(u"echo"_s, b.args).isError())
                                failed = true;
                            ++counts[size_t(i)];
                        }
                    }));
                    threads.back()->start();
                }
                while (ready < b.clients)
                    QThread::msleep(1);
                QElapsedTimer timer;
                timer.start();
                go = true;
                for (auto &thread : threads)
                    thread->wait();
                const double elapsed = timer.nsecsElapsed() / 1e9;
                if (failed)
                    return fail(u"a client's call failed"_s);
                qint64 total = 0;
                for (qint64 c : counts)
                    total += c;
                return total / elapsed;
            }, {}};
    }
    return {};
}

// A report row per figure: median, min, max, samples, and the ratio to its floor.
QJsonArray figureRows(const QList<Figure> &figures)
{
    const auto byName = [&](const QString &name) -> const Figure * {
        for (const Figure &f : figures) {
            if (f.name == name)
                return &f;
        }
        return nullptr;
    };
    QJsonArray rows;
    for (const Figure &figure : figures) {
        QJsonObject row{{u"name"_s, figure.name}, {u"unit"_s, figure.unit},
                        {u"median"_s, median(figure.samples)},
                        {u"min"_s, *std::min_element(figure.samples.begin(), figure.samples.end())},
                        {u"max"_s, *std::max_element(figure.samples.begin(), figure.samples.end())}};
        QJsonArray samples;
        for (double s : figure.samples)
            samples.append(s);
        row.insert(u"samples"_s, samples);
        if (const Figure *floor = byName(figure.floor)) {
            QList<double> ratios;
            for (qsizetype i = 0; i < figure.samples.size(); ++i)
                ratios.append(floor->samples[i] > 0 ? figure.samples[i] / floor->samples[i] : 0);
            row.insert(u"floor"_s, floor->name);
            row.insert(u"ratio"_s, median(ratios));
            row.insert(u"ratio_min"_s, *std::min_element(ratios.begin(), ratios.end()));
            row.insert(u"ratio_max"_s, *std::max_element(ratios.begin(), ratios.end()));
        } else {
            row.insert(u"floor"_s, QJsonValue::Null);
        }
        rows.append(row);
    }
    return rows;
}

// The report as a table on stdout.
void printReport(const CallBenchOptions &options, const QJsonObject &report)
{
    std::printf("pyro-bench %s%s%s: %s, %s, message %lld B, %d round(s) x %g s, %s, load %s\n",
                qPrintable(options.mode), options.argument.isEmpty() ? "" : " ", qPrintable(options.argument),
                qPrintable(options.serializer), qPrintable(report.value(u"target"_s).toString()),
                static_cast<long long>(report.value(u"message_bytes"_s).toDouble()), options.rounds,
                options.seconds, qPrintable(report.value(u"event_dispatcher"_s).toString()),
                qPrintable(report.value(u"load_average"_s).toString()));
    std::printf("%-14s %-14s %12s %12s %12s  %-14s %s\n", "figure", "unit", "median", "min", "max", "floor",
                "ratio (min-max)");
    const QJsonArray rows = report.value(u"figures"_s).toArray();
    for (const QJsonValue &v : rows) {
        const QJsonObject row = v.toObject();
        std::printf("%-14s %-14s %12.0f %12.0f %12.0f", qPrintable(row.value(u"name"_s).toString()),
                    qPrintable(row.value(u"unit"_s).toString()), row.value(u"median"_s).toDouble(),
                    row.value(u"min"_s).toDouble(), row.value(u"max"_s).toDouble());
        if (row.value(u"floor"_s).isString()) {
            std::printf("  %-14s %.3f (%.3f-%.3f)", qPrintable(row.value(u"floor"_s).toString()),
                        row.value(u"ratio"_s).toDouble(), row.value(u"ratio_min"_s).toDouble(),
                        row.value(u"ratio_max"_s).toDouble());
        }
        std::printf("\n");
    }
}

} // namespace

int runCallBench(const CallBenchOptions &options)
{
    const QString &mode = options.mode;
    const QString &serializerName = options.serializer;
    const PyroSerializer *serializer = PyroSerializer::byName(serializerName);
    if (!serializer) {
        std::fprintf(stderr, "pyro-bench: unknown serializer '%s'\n", qPrintable(serializerName));
        return 2;
    }
    qsizetype transferSize = 0;
    int clients = 0;
    if (mode == u"transfer"_s) {
        transferSize = parseSize(options.argument);
        if (transferSize <= 0) {
            std::fprintf(stderr, "pyro-bench: transfer needs a SIZE (bytes, or with K or M: 100M)\n");
            return 2;
        }
    } else if (mode == u"clients"_s) {
        clients = options.argument.toInt();
        if (clients < 1 || clients > 1000) {
            std::fprintf(stderr, "pyro-bench: clients needs a number of clients N (1-1000)\n");
            return 2;
        }
    }
    const bool nameServer = mode == u"nslookup"_s;

    std::unique_ptr<ServerThread> server;
    PyroUri uri;
    if (const int code = startTarget(options, nameServer, &server, &uri))
        return code;

    const QVariant value = transferSize > 0 ? QVariant(QByteArray(transferSize, 'x'))
                                            : QVariant(u"twenty-nine characters, echo!"_s);
    const QString method = nameServer ? u"lookup"_s : u"echo"_s;
    const QVariantList args{nameServer ? QVariant(options.lookupName) : value};
    QByteArray encoded;
    serializer->encodeCall(encoded, PyroCall{uri.object(), method, args}, PyroEncodeContext(), nullptr);
    const qsizetype messageSize = HeaderSize + encoded.size();
    encoded.clear();

    const int onewayBurst = options.smoke ? 100 : 10000;
    const int batchSize = options.smoke ? 100 : 1000;
    CallBench bench{options};
    bench.mode = mode;
    bench.serializerName = serializerName;
    bench.uri = uri;
    bench.args = args;
    bench.transferSize = transferSize;
    bench.clients = clients;
    bench.onewayBurst = onewayBurst;
    bench.batchSize = batchSize;
    if (nameServer) {
        bench.nsProxy = std::make_unique<PyroNameServerProxy>(uri);
        bench.nsProxy->proxy()->setSerializer(serializerName);
    } else if (mode != u"connect"_s && mode != u"clients"_s) {
        bench.proxy = makeProxy(uri, serializerName);
        if (!checked(bench.proxy->call(u"echo"_s, {value}))) // connects; the first call is not timed
            return 1;
    }

    QList<Figure> figures{modeFigure(bench)};
    if (transferSize > 0) {
        const double mib = transferSize / double(1 << 20);
        figures.append({u"raw_bulk"_s, u"MiB/s"_s, {}, [=](double s) { return rawPingPong(transferSize, s) * mib; }, {}});
        figures.append({u"qt_bulk"_s, u"MiB/s"_s, {}, [=](double s) { return qtPingPong(transferSize, s) * mib; }, {}});
    } else {
        figures.append({u"raw_pingpong"_s, u"round trips/s"_s, {}, [=](double s) { return rawPingPong(messageSize, s); }, {}});
        figures.append({u"qt_pingpong"_s, u"round trips/s"_s, {}, [=](double s) { return qtPingPong(messageSize, s); }, {}});
    }

    for (int round = 0; round < options.rounds && g_failure.isEmpty(); ++round) {
        for (Figure &figure : figures) {
            const double rate = figure.run(options.seconds);
            if (rate < 0) {
                fail(u"%1 failed"_s.arg(figure.name));
                break;
            }
            figure.samples.append(rate);
        }
    }
    if (!g_failure.isEmpty())
        return 1;

    const QJsonArray rows = figureRows(figures);
    const QString dispatcher = QString::fromLatin1(QAbstractEventDispatcher::instance()->metaObject()->className());
    QJsonObject report{{u"mode"_s, mode},
                       {u"serializer"_s, serializerName},
                       {u"target"_s, options.uri.isEmpty() ? u"in-process"_s : uri.toString()},
                       {u"message_bytes"_s, double(messageSize)},
                       {u"rounds"_s, options.rounds},
                       {u"seconds"_s, options.seconds},
                       {u"event_dispatcher"_s, dispatcher},
                       {u"load_average"_s, loadAverage()},
                       {u"figures"_s, rows}};
    if (transferSize > 0)
        report.insert(u"size"_s, double(transferSize));
    if (clients > 0)
        report.insert(u"clients"_s, clients);
    if (mode == u"oneway"_s)
        report.insert(u"burst"_s, onewayBurst);
    if (mode == u"batch"_s)
        report.insert(u"batch"_s, batchSize);

    if (options.json) {
        std::printf("%s", QJsonDocument(report).toJson(QJsonDocument::Indented).constData());
        return 0;
    }
    printReport(options, report);
    return 0;
}

#include "callbench.moc"
