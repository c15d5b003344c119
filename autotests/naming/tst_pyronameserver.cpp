// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// PyroNameServer in one process: every call of the Pyro.NameServer API through a proxy,
// with Pyro5's semantics and error texts, in each serializer (global data rows); the
// typed PyroNameServerProxy API against it; embedding (own daemon, a caller's daemon,
// Unix socket, NAT, failures); the broadcast responder on loopback; two name servers on
// one SQLite registry. The name server runs in a thread of its own so the test can use
// blocking calls. No Python needed.

#include "pyrotestprocess.h"
#include "pyrobroadcastresponder_p.h"
#include "pyrocallreply.h"
#include "pyrodaemon.h"
#include "pyrolocator.h"
#include "pyronameserver.h"
#include "pyronameserverproxy.h"
#include "pyroprotocol_p.h"
#include "pyroproxy.h"
#include "pyroresult.h"
#include "pyroserializer.h"
#include "pyrostorage.h"
#include "pyrovalues.h"

#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtNetwork/QNetworkDatagram>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QUdpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

const QString nsName = u"Pyro.NameServer"_s;
const QString nsClass = u"class:Pyro5.nameserver.NameServer"_s;

// A PyroNameServer living in a thread of its own.
class NameServerHost
{
public:
    ~NameServerHost() { stop(); }

    bool start(const std::function<void(PyroNameServer *)> &configure = {},
               const std::function<bool(PyroNameServer *)> &starter = {})
    {
        m_thread.start();
        m_context.moveToThread(&m_thread);
        bool ok = false;
        QMetaObject::invokeMethod(&m_context, [&] {
            PyroConfig config;
            config.setNsBroadcastPort(0);
            m_ns = new PyroNameServer(config);
            m_ns->setBroadcastEnabled(false);
            if (configure)
                configure(m_ns);
            ok = starter ? starter(m_ns) : m_ns->start(u"127.0.0.1"_s, 0);
            m_error = m_ns->error();
            m_uri = m_ns->uri();
        }, Qt::BlockingQueuedConnection);
        return ok;
    }
    void stop()
    {
        if (!m_thread.isRunning())
            return;
        QMetaObject::invokeMethod(&m_context, [this] {
            delete m_ns;
            m_ns = nullptr;
        }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    // Runs fn in the name server's thread.
    void run(const std::function<void(PyroNameServer *)> &fn)
    {
        QMetaObject::invokeMethod(&m_context, [&] { fn(m_ns); }, Qt::BlockingQueuedConnection);
    }

    PyroNameServer *ns() const { return m_ns; }
    PyroUri uri() const { return m_uri; }
    PyroError error() const { return m_error; }

private:
    QThread m_thread;
    QObject m_context;
    PyroNameServer *m_ns = nullptr;
    PyroUri m_uri;
    PyroError m_error;
};

// Both sides of a comparison in one form: tuples and lists as lists, sets as sorted
// lists, URIs as "uri:<text>", str-keyed dicts as QVariantMap.
QVariant normalized(const QVariant &v)
{
    const int id = v.typeId();
    if (id == qMetaTypeId<PyroUri>())
        return u"uri:"_s + v.value<PyroUri>().toString();
    if (id == qMetaTypeId<PyroTuple>() || id == QMetaType::QVariantList || id == QMetaType::QStringList) {
        const QVariantList items = id == qMetaTypeId<PyroTuple>() ? v.value<PyroTuple>().items() : v.toList();
        QVariantList out;
        for (const QVariant &item : items)
            out.append(normalized(item));
        return out;
    }
    if (id == qMetaTypeId<PyroSet>()) {
        QStringList items;
        for (const QVariant &item : v.value<PyroSet>().items())
            items.append(item.toString());
        items.sort();
        return QVariant(QVariantList(items.cbegin(), items.cend()));
    }
    if (id == qMetaTypeId<PyroDict>() || id == QMetaType::QVariantMap) {
        QVariantMap out;
        if (id == QMetaType::QVariantMap) {
            const QVariantMap map = v.toMap();
            for (auto it = map.cbegin(); it != map.cend(); ++it)
                out.insert(it.key(), normalized(it.value()));
        } else {
            for (const auto &e : v.value<PyroDict>().entries())
                out.insert(e.first.toString(), normalized(e.second));
        }
        return out;
    }
    if (PyroValues::isNone(v))
        return u"None"_s;
    if (id == QMetaType::Int || id == QMetaType::LongLong)
        return v.toLongLong();
    return v;
}

QString show(const QVariant &v)
{
    return QDebug::toString(normalized(v));
}

QVariant uriValue(const QString &text)
{
    return u"uri:"_s + text;
}

QVariant entry(const QString &uri, const QStringList &tags)
{
    QStringList sorted = tags;
    sorted.sort();
    return QVariantList{uri, QVariantList(sorted.cbegin(), sorted.cend())};
}

QVariant set(const QStringList &items)
{
    return QVariant::fromValue(PyroSet(QVariantList(items.cbegin(), items.cend())));
}

struct Step
{
    QString method;
    QVariantList args;
    QVariantMap kwargs;
    QVariant expected;   // normalized form; "@NS" is replaced by the name server's URI
    QString error;       // "<python class>: <message prefix>" when the call must fail
};
using Steps = QList<Step>;

Step ok(const QString &method, const QVariantList &args, const QVariantMap &kwargs, const QVariant &expected)
{
    return {method, args, kwargs, expected, {}};
}

Step fails(const QString &method, const QVariantList &args, const QVariantMap &kwargs, const QString &error)
{
    return {method, args, kwargs, {}, error};
}

QVariant withNsUri(const QVariant &v, const QString &nsUri)
{
    if (v.typeId() == QMetaType::QString)
        return QString(v.toString()).replace(u"@NS"_s, nsUri);
    if (v.typeId() == QMetaType::QVariantList) {
        QVariantList out;
        for (const QVariant &item : v.toList())
            out.append(withNsUri(item, nsUri));
        return out;
    }
    if (v.typeId() == QMetaType::QVariantMap) {
        QVariantMap out;
        const QVariantMap map = v.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            out.insert(it.key(), withNsUri(it.value(), nsUri));
        return out;
    }
    return v;
}

} // namespace

Q_DECLARE_METATYPE(Steps)

class tst_PyroNameServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup();

    void api_data();
    void api();
    void typedProxy_data() { serializerRows(); }
    void typedProxy();
    void metadataOfEveryResult_data() { serializerRows(); }
    void metadataOfEveryResult();

    void embedOwnDaemon();
    void embedInCallersDaemon_data() { serializerRows(); }
    void embedInCallersDaemon();
    void unixSocket_data() { serializerRows(); }
    void unixSocket();
    void natUri();
    void startFailures();
    void restartKeepsSqlRegistrations_data() { serializerRows(); }
    void restartKeepsSqlRegistrations();
    void sharedRegistry_data() { serializerRows(); }
    void sharedRegistry();

    void broadcastRawRequest();
    void broadcastLocator_data() { serializerRows(); }
    void broadcastLocator();
    void broadcastDisabled();
    void broadcastReplySubstitutesAnyAddress();

private:
    static QStringList serializers() { return {u"serpent"_s, u"marshal"_s, u"json"_s, u"msgpack"_s}; }
    static void serializerRows()
    {
        QTest::addColumn<QString>("serializer");
        for (const QString &s : serializers())
            QTest::newRow(qPrintable(s)) << s;
    }
    PyroConfig clientConfig() const
    {
        PyroConfig config;
        config.setSerializer(m_serializer);
        config.setCommTimeout(10);
        return config;
    }
    void addFixture()
    {
        PyroStorage *s = m_host.ns()->storage();
        QVERIFY(s->store(u"a.one"_s, {u"PYRO:one@127.0.0.1:1001"_s, {u"tag:a"_s, u"tag:b"_s}}));
        QVERIFY(s->store(u"a.two"_s, {u"PYRO:two@127.0.0.1:1002"_s, {}}));
        QVERIFY(s->store(u"b.three"_s, {u"PYRO:three@127.0.0.1:1003"_s, {u"tag:b"_s}}));
    }

    QString m_serializer = u"serpent"_s;
    NameServerHost m_host;
    QTemporaryDir m_dir;
};

// The serializer column of the current row: the clients of the test use it.
#define USE_SERIALIZER()                                                          \
    do {                                                                          \
        QFETCH(QString, serializer);                                              \
        if (!PyroSerializer::byName(serializer))                                  \
            QSKIP("serializer not available (plugin not found)");               \
        m_serializer = serializer;                                                \
    } while (false)

void tst_PyroNameServer::cleanup()
{
    m_host.stop();
    m_serializer = u"serpent"_s;
}

void tst_PyroNameServer::api_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<Steps>("steps");
    QList<std::pair<QByteArray, Steps>> rows;
    struct Rows
    {
        QList<std::pair<QByteArray, Steps>> *rows;
        struct Row
        {
            QList<std::pair<QByteArray, Steps>> *rows;
            QByteArray tag;
            void operator<<(const Steps &steps) { rows->append({tag, steps}); }
        };
        Row newRow(const char *tag) { return {rows, tag}; }
    } table{&rows};
    const QString one = u"PYRO:one@127.0.0.1:1001"_s, two = u"PYRO:two@127.0.0.1:1002"_s,
                  three = u"PYRO:three@127.0.0.1:1003"_s, c = u"PYRO:c@127.0.0.1:5"_s;
    const QVariantMap none;
    const QVariant None = u"None"_s;
    auto kw = [](const QString &k, const QVariant &v) { return QVariantMap{{k, v}}; };
    const QString typeError = u"builtins.TypeError: "_s;
    const QString namingError = u"Pyro5.errors.NamingError: "_s;
    const QString valueError = u"builtins.ValueError: "_s;

    table.newRow("ping") << Steps{ok(u"ping"_s, {}, none, None)};
    table.newRow("count") << Steps{ok(u"count"_s, {}, none, 4)};
    table.newRow("count after register")
        << Steps{ok(u"register"_s, {u"c"_s, c}, none, None), ok(u"count"_s, {}, none, 5)};

    // lookup
    table.newRow("lookup") << Steps{ok(u"lookup"_s, {u"a.one"_s}, none, uriValue(one))};
    table.newRow("lookup return_metadata=True")
        << Steps{ok(u"lookup"_s, {u"a.one"_s}, kw(u"return_metadata"_s, true),
                    QVariantList{uriValue(one), QVariantList{u"tag:a"_s, u"tag:b"_s}})};
    table.newRow("lookup 0.0 (resolve())") << Steps{ok(u"lookup"_s, {u"a.one"_s, 0.0}, none, uriValue(one))};
    table.newRow("lookup truthy int") << Steps{ok(u"lookup"_s, {u"a.two"_s, 1}, none,
                                                   QVariantList{uriValue(two), QVariantList()})};
    table.newRow("lookup own entry") << Steps{ok(u"lookup"_s, {nsName}, none, uriValue(u"@NS"_s))};
    table.newRow("lookup unknown") << Steps{fails(u"lookup"_s, {u"nope"_s}, none, namingError + u"unknown name: nope"_s)};
    table.newRow("lookup int name")
        << Steps{fails(u"lookup"_s, {5}, none, typeError + u"can only concatenate str (not \"int\") to str"_s)};
    table.newRow("lookup missing name")
        << Steps{fails(u"lookup"_s, {}, none, typeError + u"NameServer.lookup() missing 1 required positional argument: 'name'"_s)};
    table.newRow("lookup unknown keyword")
        << Steps{fails(u"lookup"_s, {u"a.one"_s}, kw(u"metadata"_s, true),
                       typeError + u"NameServer.lookup() got an unexpected keyword argument 'metadata'"_s)};

    // register
    table.newRow("register str uri")
        << Steps{ok(u"register"_s, {u"c"_s, c}, none, None),
                 ok(u"lookup"_s, {u"c"_s}, kw(u"return_metadata"_s, true), QVariantList{uriValue(c), QVariantList()})};
    table.newRow("register URI object")
        << Steps{ok(u"register"_s, {u"c"_s, QVariant::fromValue(PyroUri(c))}, none, None),
                 ok(u"list"_s, {u"c"_s}, none, QVariantMap{{u"c"_s, c}})};
    table.newRow("register metadata keyword (safe skipped)")
        << Steps{ok(u"register"_s, {u"c"_s, c}, kw(u"metadata"_s, set({u"m:1"_s, u"m:2"_s})), None),
                 ok(u"lookup"_s, {u"c"_s, true}, none, QVariantList{uriValue(c), QVariantList{u"m:1"_s, u"m:2"_s}})};
    table.newRow("register metadata list positional")
        << Steps{ok(u"register"_s, {u"c"_s, c, false, QVariantList{u"x"_s}}, none, None),
                 ok(u"lookup"_s, {u"c"_s, true}, none, QVariantList{uriValue(c), QVariantList{u"x"_s}})};
    table.newRow("register metadata dict keys")
        << Steps{ok(u"register"_s, {u"c"_s, c}, kw(u"metadata"_s, QVariantMap{{u"k"_s, 1}}), None),
                 ok(u"lookup"_s, {u"c"_s, true}, none, QVariantList{uriValue(c), QVariantList{u"k"_s}})};
    table.newRow("register metadata None")
        << Steps{ok(u"register"_s, {u"c"_s, c}, kw(u"metadata"_s, PyroValues::none()), None)};
    table.newRow("register replaces uri and metadata")
        << Steps{ok(u"register"_s, {u"a.one"_s, c}, none, None),
                 ok(u"lookup"_s, {u"a.one"_s, true}, none, QVariantList{uriValue(c), QVariantList()})};
    table.newRow("register safe new")
        << Steps{ok(u"register"_s, {u"c"_s, c}, kw(u"safe"_s, true), None), ok(u"count"_s, {}, none, 5)};
    table.newRow("register safe existing")
        << Steps{fails(u"register"_s, {u"a.one"_s, c}, kw(u"safe"_s, true), namingError + u"name already registered: a.one"_s),
                 ok(u"lookup"_s, {u"a.one"_s}, none, uriValue(one))};
    table.newRow("register safe positional truthy")
        << Steps{fails(u"register"_s, {u"a.one"_s, c, 1}, none, namingError + u"name already registered: a.one"_s)};
    table.newRow("register bad uri")
        << Steps{fails(u"register"_s, {u"c"_s, u"nonsense"_s}, none, u"Pyro5.errors.PyroError: invalid uri"_s)};
    table.newRow("register uri int")
        << Steps{fails(u"register"_s, {u"c"_s, 5}, none, typeError + u"only URIs or strings can be registered"_s)};
    table.newRow("register name int")
        << Steps{fails(u"register"_s, {5, c}, none, typeError + u"name must be a str"_s)};
    table.newRow("register metadata str")
        << Steps{fails(u"register"_s, {u"c"_s, c}, kw(u"metadata"_s, u"tag"_s),
                       typeError + u"metadata should not be a str, but another iterable (set, list, etc)"_s)};
    table.newRow("register metadata int")
        << Steps{fails(u"register"_s, {u"c"_s, c}, kw(u"metadata"_s, 5), typeError + u"'int' object is not iterable"_s),
                 ok(u"count"_s, {}, none, 4)};
    table.newRow("register missing uri")
        << Steps{fails(u"register"_s, {u"c"_s}, none,
                       typeError + u"NameServer.register() missing 1 required positional argument: 'uri'"_s)};

    // set_metadata
    table.newRow("set_metadata")
        << Steps{ok(u"set_metadata"_s, {u"a.two"_s, QVariantList{u"z"_s, u"y"_s}}, none, None),
                 ok(u"lookup"_s, {u"a.two"_s, true}, none, QVariantList{uriValue(two), QVariantList{u"y"_s, u"z"_s}})};
    table.newRow("set_metadata None clears")
        << Steps{ok(u"set_metadata"_s, {u"a.one"_s, PyroValues::none()}, none, None),
                 ok(u"lookup"_s, {u"a.one"_s, true}, none, QVariantList{uriValue(one), QVariantList()})};
    table.newRow("set_metadata by keyword")
        << Steps{ok(u"set_metadata"_s, {}, QVariantMap{{u"name"_s, u"a.one"_s}, {u"metadata"_s, set({u"q"_s})}}, None),
                 ok(u"yplookup"_s, {QVariant(QVariantList{u"q"_s})}, none, QVariantMap{{u"a.one"_s, entry(one, {u"q"_s})}})};
    table.newRow("set_metadata unknown")
        << Steps{fails(u"set_metadata"_s, {u"nope"_s, QVariantList()}, none, namingError + u"unknown name: nope"_s)};
    table.newRow("set_metadata str")
        << Steps{fails(u"set_metadata"_s, {u"a.one"_s, u"x"_s}, none,
                       typeError + u"metadata should not be a str, but another iterable (set, list, etc)"_s)};
    table.newRow("set_metadata name int")
        << Steps{fails(u"set_metadata"_s, {1, QVariantList()}, none, typeError + u"name must be a str"_s)};

    // remove
    table.newRow("remove name")
        << Steps{ok(u"remove"_s, {u"a.one"_s}, none, 1), ok(u"count"_s, {}, none, 3),
                 fails(u"lookup"_s, {u"a.one"_s}, none, namingError + u"unknown name: a.one"_s)};
    table.newRow("remove unknown") << Steps{ok(u"remove"_s, {u"nope"_s}, none, 0)};
    table.newRow("remove own entry refused")
        << Steps{ok(u"remove"_s, {nsName}, none, 0), ok(u"lookup"_s, {nsName}, none, uriValue(u"@NS"_s))};
    table.newRow("remove prefix")
        << Steps{ok(u"remove"_s, {}, kw(u"prefix"_s, u"a."_s), 2),
                 ok(u"list"_s, {}, none, QVariantMap{{nsName, u"@NS"_s}, {u"b.three"_s, three}})};
    table.newRow("remove prefix keeps own entry")
        << Steps{ok(u"remove"_s, {}, kw(u"prefix"_s, u"Pyro"_s), 0), ok(u"count"_s, {}, none, 4)};
    table.newRow("remove regex")
        << Steps{ok(u"remove"_s, {}, kw(u"regex"_s, u"a\\.o"_s), 1),
                 ok(u"list"_s, {}, kw(u"prefix"_s, u"a"_s), QVariantMap{{u"a.two"_s, two}})};
    table.newRow("remove regex everything but own entry")
        << Steps{ok(u"remove"_s, {}, kw(u"regex"_s, u".*"_s), 3), ok(u"count"_s, {}, none, 1)};
    table.newRow("remove name and prefix: name wins")
        << Steps{ok(u"remove"_s, {u"b.three"_s}, kw(u"prefix"_s, u"a."_s), 1), ok(u"count"_s, {}, none, 3)};
    table.newRow("remove own name falls through to prefix")
        << Steps{ok(u"remove"_s, {nsName, u"a."_s}, none, 2), ok(u"count"_s, {}, none, 2)};
    table.newRow("remove invalid regex")
        << Steps{fails(u"remove"_s, {}, kw(u"regex"_s, u"("_s), namingError + u"invalid regex: "_s)};
    table.newRow("remove nothing") << Steps{ok(u"remove"_s, {}, none, 0), ok(u"count"_s, {}, none, 4)};

    // list
    table.newRow("list")
        << Steps{ok(u"list"_s, {}, none, QVariantMap{{nsName, u"@NS"_s}, {u"a.one"_s, one}, {u"a.two"_s, two},
                                                      {u"b.three"_s, three}})};
    table.newRow("list prefix keyword")
        << Steps{ok(u"list"_s, {}, kw(u"prefix"_s, u"a."_s), QVariantMap{{u"a.one"_s, one}, {u"a.two"_s, two}})};
    table.newRow("list prefix positional")
        << Steps{ok(u"list"_s, {u"b"_s}, none, QVariantMap{{u"b.three"_s, three}})};
    table.newRow("list regex matches from the start")
        << Steps{ok(u"list"_s, {}, kw(u"regex"_s, u"one"_s), QVariantMap()),
                 ok(u"list"_s, {}, kw(u"regex"_s, u".*one"_s), QVariantMap{{u"a.one"_s, one}}),
                 ok(u"list"_s, {}, kw(u"regex"_s, u"a"_s), QVariantMap{{u"a.one"_s, one}, {u"a.two"_s, two}})};
    table.newRow("list regex with metadata")
        << Steps{ok(u"list"_s, {}, QVariantMap{{u"regex"_s, u"b"_s}, {u"return_metadata"_s, true}},
                    QVariantMap{{u"b.three"_s, entry(three, {u"tag:b"_s})}})};
    table.newRow("list return_metadata")
        << Steps{ok(u"list"_s, {}, kw(u"return_metadata"_s, true),
                    QVariantMap{{nsName, entry(u"@NS"_s, {nsClass})}, {u"a.one"_s, entry(one, {u"tag:a"_s, u"tag:b"_s})},
                                {u"a.two"_s, entry(two, {})}, {u"b.three"_s, entry(three, {u"tag:b"_s})}})};
    table.newRow("list empty filters are no filters")
        << Steps{ok(u"list"_s, {u""_s, PyroValues::none(), false}, none,
                    QVariantMap{{nsName, u"@NS"_s}, {u"a.one"_s, one}, {u"a.two"_s, two}, {u"b.three"_s, three}})};
    table.newRow("list prefix and regex")
        << Steps{fails(u"list"_s, {u"a"_s, u"b"_s}, none, valueError + u"you can only filter on one thing at a time"_s)};
    table.newRow("list invalid regex")
        << Steps{fails(u"list"_s, {}, kw(u"regex"_s, u"[a-"_s), namingError + u"invalid regex: "_s)};

    // yplookup
    table.newRow("yplookup meta_all")
        << Steps{ok(u"yplookup"_s, {}, kw(u"meta_all"_s, QVariantList{u"tag:b"_s}),
                    QVariantMap{{u"a.one"_s, entry(one, {u"tag:a"_s, u"tag:b"_s})}, {u"b.three"_s, entry(three, {u"tag:b"_s})}})};
    table.newRow("yplookup meta_all two tags")
        << Steps{ok(u"yplookup"_s, {}, kw(u"meta_all"_s, set({u"tag:a"_s, u"tag:b"_s})),
                    QVariantMap{{u"a.one"_s, entry(one, {u"tag:a"_s, u"tag:b"_s})}})};
    table.newRow("yplookup meta_any (meta_all skipped)")
        << Steps{ok(u"yplookup"_s, {}, kw(u"meta_any"_s, QVariantList{u"tag:a"_s, u"nope"_s}),
                    QVariantMap{{u"a.one"_s, entry(one, {u"tag:a"_s, u"tag:b"_s})}})};
    table.newRow("yplookup without metadata")
        << Steps{ok(u"yplookup"_s, {}, QVariantMap{{u"meta_any"_s, QVariantList{u"tag:b"_s}}, {u"return_metadata"_s, false}},
                    QVariantMap{{u"a.one"_s, one}, {u"b.three"_s, three}})};
    table.newRow("yplookup positional (PYROMETA resolve())")
        << Steps{ok(u"yplookup"_s, {set({u"tag:a"_s}), PyroValues::none(), false}, none, QVariantMap{{u"a.one"_s, one}})};
    table.newRow("yplookup own class")
        << Steps{ok(u"yplookup"_s, {QVariant(QVariantList{nsClass})}, none, QVariantMap{{nsName, entry(u"@NS"_s, {nsClass})}})};
    table.newRow("yplookup nothing") << Steps{ok(u"yplookup"_s, {}, none, QVariantMap())};
    table.newRow("yplookup non-str tag")
        << Steps{ok(u"yplookup"_s, {QVariant(QVariantList{u"tag:a"_s, 1})}, none, QVariantMap())};
    table.newRow("yplookup both")
        << Steps{fails(u"yplookup"_s, {QVariantList{u"a"_s}, QVariantList{u"b"_s}}, none,
                       valueError + u"you can't use meta_all or meta_any at the same time"_s)};
    table.newRow("yplookup meta_all str")
        << Steps{fails(u"yplookup"_s, {u"tag:a"_s}, none,
                       typeError + u"metadata_all should not be a str, but another iterable (set, list, etc)"_s)};
    table.newRow("yplookup meta_any str")
        << Steps{fails(u"yplookup"_s, {}, kw(u"meta_any"_s, u"tag:a"_s),
                       typeError + u"metadata_any should not be a str, but another iterable (set, list, etc)"_s)};
    table.newRow("yplookup meta_all int")
        << Steps{fails(u"yplookup"_s, {5}, none, typeError + u"'int' object is not iterable"_s)};

    table.newRow("unknown method")
        << Steps{fails(u"frobnicate"_s, {}, none, u"builtins.AttributeError: "_s)};

    for (const QString &serializer : serializers()) {
        for (const auto &[tag, steps] : std::as_const(rows))
            QTest::addRow("%s/%s", qPrintable(serializer), tag.constData()) << serializer << steps;
    }
}

void tst_PyroNameServer::api()
{
    USE_SERIALIZER();
    QFETCH(Steps, steps);
    QVERIFY2(m_host.start(), qPrintable(m_host.error().toString()));
    addFixture();
    const QString nsUri = m_host.uri().toString();
    PyroProxy proxy(m_host.uri(), clientConfig());
    int n = 0;
    for (const Step &step : std::as_const(steps)) {
        ++n;
        const PyroResult r = proxy.call(step.method, step.args, step.kwargs);
        const QString where = u"step %1 (%2)"_s.arg(n).arg(step.method);
        if (!step.error.isEmpty()) {
            QVERIFY2(r.isError(), qPrintable(where + u": expected an error, got "_s + show(r.value())));
            const QString actual = r.error().pythonClass() + u": "_s + r.error().message();
            QVERIFY2(actual.startsWith(step.error), qPrintable(where + u": "_s + actual));
            continue;
        }
        QVERIFY2(!r.isError(), qPrintable(where + u": "_s + r.error().toString()));
        const QVariant expected = normalized(withNsUri(step.expected, nsUri));
        QVERIFY2(normalized(r.value()) == expected,
                 qPrintable(where + u": got "_s + show(r.value()) + u", expected "_s + QDebug::toString(expected)));
    }
    // The connection survived every error.
    QVERIFY(!proxy.call(u"ping"_s).isError());
}

void tst_PyroNameServer::typedProxy()
{
    USE_SERIALIZER();
    QVERIFY2(m_host.start(), qPrintable(m_host.error().toString()));
    PyroNameServerProxy ns(m_host.uri(), clientConfig());
    auto run = [](PyroCallReply *call) {
        std::unique_ptr<PyroCallReply> reply(call);
        reply->waitForFinished();
        return reply->result();
    };
    const PyroUri echo(u"PYRO:echo@127.0.0.1:4001"_s);
    QVERIFY(!run(ns.ping()).isError());
    QCOMPARE(run(ns.count()).value().toInt(), 1);
    QVERIFY(!run(ns.registerName(u"x.echo"_s, echo, PyroNameServerProxy::RegisterMode::Replace, {u"class:echo"_s, u"tag:a"_s})).isError());
    QVERIFY(!run(ns.registerName(u"x.plain"_s, PyroUri(u"PYRO:plain@127.0.0.1:4002"_s), PyroNameServerProxy::RegisterMode::Safe)).isError());
    const PyroResult twice = run(ns.registerName(u"x.plain"_s, echo, PyroNameServerProxy::RegisterMode::Safe));
    QCOMPARE(twice.error().code(), PyroError::Code::NamingError);
    QCOMPARE(twice.error().message(), u"name already registered: x.plain"_s);
    QCOMPARE(run(ns.lookup(u"x.echo"_s)).value().value<PyroUri>(), echo);
    QCOMPARE(normalized(run(ns.lookup(u"x.echo"_s, PyroNameServerProxy::Metadata::Included)).value()),
             QVariant(QVariantList{uriValue(echo.toString()), QVariantList{u"class:echo"_s, u"tag:a"_s}}));
    QCOMPARE(run(ns.lookup(u"x.none"_s)).error().message(), u"unknown name: x.none"_s);
    QCOMPARE(normalized(run(ns.list(u"x."_s)).value()),
             QVariant(QVariantMap{{u"x.echo"_s, echo.toString()}, {u"x.plain"_s, u"PYRO:plain@127.0.0.1:4002"_s}}));
    QCOMPARE(normalized(run(ns.list({}, u"x\\.e"_s, PyroNameServerProxy::Metadata::Included)).value()),
             QVariant(QVariantMap{{u"x.echo"_s, entry(echo.toString(), {u"class:echo"_s, u"tag:a"_s})}}));
    QCOMPARE(normalized(run(ns.lookupByMetadata({u"tag:a"_s})).value()),
             QVariant(QVariantMap{{u"x.echo"_s, entry(echo.toString(), {u"class:echo"_s, u"tag:a"_s})}}));
    QCOMPARE(normalized(run(ns.lookupByMetadata({}, {u"tag:a"_s, u"nope"_s}, PyroNameServerProxy::Metadata::Excluded)).value()),
             QVariant(QVariantMap{{u"x.echo"_s, echo.toString()}}));
    QVERIFY(!run(ns.setMetadata(u"x.plain"_s, {u"tag:a"_s})).isError());
    QCOMPARE(normalized(run(ns.lookupByMetadata({u"tag:a"_s}, {}, PyroNameServerProxy::Metadata::Excluded)).value()).toMap().size(), 2);
    QCOMPARE(run(ns.removeByRegex(u"x\\.p"_s)).value().toInt(), 1);
    QCOMPARE(run(ns.remove(u"x.plain"_s)).value().toInt(), 0);
    QCOMPARE(run(ns.removeByPrefix(u"x."_s)).value().toInt(), 1);
    QCOMPARE(run(ns.count()).value().toInt(), 1);
    QCOMPARE(run(ns.lookup(nsName)).value().value<PyroUri>(), m_host.uri());
    // The whole API is what the name server says it has.
    QVERIFY(ns.proxy()->waitForConnected());
    QStringList methods = ns.proxy()->methods();
    methods.sort();
    QCOMPARE(methods, (QStringList{u"count"_s, u"list"_s, u"lookup"_s, u"ping"_s, u"register"_s, u"remove"_s,
                                   u"set_metadata"_s, u"yplookup"_s}));
    QVERIFY(ns.proxy()->onewayMethods().isEmpty());
    QVERIFY(ns.proxy()->attributes().isEmpty());
}

void tst_PyroNameServer::metadataOfEveryResult()
{
    USE_SERIALIZER();
    // Metadata are sets (json and msgpack carry them as lists), entries without any have an
    // empty one (where Pyro5's memory storage has a frozenset json/msgpack cannot carry).
    QVERIFY2(m_host.start(), qPrintable(m_host.error().toString()));
    addFixture();
    PyroProxy proxy(m_host.uri(), clientConfig());
    const PyroResult r = proxy.call(u"list"_s, {}, {{u"return_metadata"_s, true}});
    QVERIFY2(!r.isError(), qPrintable(r.error().toString()));
    const bool hasSets = m_serializer == u"serpent"_s || m_serializer == u"marshal"_s;
    const QVariantMap map = r.value().toMap();
    QCOMPARE(map.size(), 4);
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        const QVariant pair = it.value();
        const QVariantList items = pair.typeId() == qMetaTypeId<PyroTuple>() ? pair.value<PyroTuple>().items()
                                                                              : pair.toList();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).typeId(), int(QMetaType::QString));
        if (hasSets)
            QVERIFY2(items.at(1).typeId() == qMetaTypeId<PyroSet>() || (it.key() == u"a.two"_s && m_serializer == u"serpent"_s),
                     qPrintable(it.key() + u": "_s + QString::fromLatin1(items.at(1).typeName())));
        else
            QCOMPARE(items.at(1).typeId(), int(QMetaType::QVariantList));
    }
}

void tst_PyroNameServer::embedOwnDaemon()
{
    QVERIFY2(m_host.start(), qPrintable(m_host.error().toString()));
    m_host.run([](PyroNameServer *ns) {
        QVERIFY(ns->isRunning());
        QCOMPARE(ns->uri().object(), nsName);
        QCOMPARE(ns->uri(), ns->internalUri());
        QVERIFY(ns->daemon()->isListening());
        QCOMPARE(ns->storage()->description(), u"memory"_s);
        QVERIFY(!ns->isBroadcasting());
        PyroStorageEntry own;
        QVERIFY(ns->storage()->lookup(nsName, &own));
        QCOMPARE(own.uri, ns->uri().toString());
        QCOMPARE(own.metadata, QSet<QString>{nsClass});
        // Running already.
        QVERIFY(!ns->start(u"127.0.0.1"_s, 0));
        QCOMPARE(ns->error().code(), PyroError::Code::DaemonError);
        ns->stop();
        QVERIFY(!ns->isRunning());
        QVERIFY(!ns->uri().isValid());
        QVERIFY(!ns->storage());
        // And again (a fresh memory storage).
        QVERIFY(ns->start(u"127.0.0.1"_s, 0));
    });
    PyroUri uri;
    m_host.run([&uri](PyroNameServer *ns) { uri = ns->uri(); });
    PyroProxy again(uri, clientConfig());
    QCOMPARE(again.call(u"count"_s).value().toInt(), 1);
}

// A caller's daemon in its own thread, serving its own object and the name server.
class Greeter : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
public Q_SLOTS:
    QString hello() { return u"hello"_s; }
};

void tst_PyroNameServer::embedInCallersDaemon()
{
    USE_SERIALIZER();
    PyroDaemon *daemon = nullptr;
    QVERIFY(m_host.start({}, [&](PyroNameServer *ns) {
        daemon = new PyroDaemon(ns);
        if (!daemon->listen(u"127.0.0.1"_s, 0))
            return false;
        daemon->registerObject(new Greeter(daemon), u"greeter"_s);
        return ns->start(daemon);
    }));
    PyroUri greeterUri;
    m_host.run([&](PyroNameServer *ns) {
        QCOMPARE(ns->daemon(), daemon);
        QCOMPARE(ns->uri().port(), int(daemon->port()));
        greeterUri = daemon->uriFor(u"greeter"_s);
        ns->storage()->store(u"greeter"_s, {greeterUri.toString(), {}});
    });
    PyroProxy proxy(m_host.uri(), clientConfig());
    QCOMPARE(proxy.call(u"lookup"_s, {u"greeter"_s}).value().value<PyroUri>(), greeterUri);
    PyroProxy greeterProxy(greeterUri, clientConfig());
    QCOMPARE(greeterProxy.call(u"hello"_s).value().toString(), u"hello"_s);
    // Stopping takes the name server off the daemon and leaves the daemon serving.
    m_host.run([&](PyroNameServer *ns) {
        ns->stop();
        QVERIFY(daemon->isListening());
        QVERIFY(!daemon->object(nsName));
        QVERIFY(daemon->registeredIds().contains(u"greeter"_s));
    });
    QCOMPARE(greeterProxy.call(u"hello"_s).value().toString(), u"hello"_s);
}

void tst_PyroNameServer::unixSocket()
{
    USE_SERIALIZER();
    const QString path = m_dir.filePath(u"ns-%1.sock"_s.arg(m_serializer));
    QVERIFY(m_host.start([](PyroNameServer *ns) { ns->setBroadcastEnabled(true); },
                         [&](PyroNameServer *ns) { return ns->startUnix(path); }));
    QCOMPARE(m_host.uri().toString(), u"PYRO:Pyro.NameServer@./u:"_s + path);
    m_host.run([](PyroNameServer *ns) { QVERIFY(!ns->isBroadcasting()); }); // never for a Unix socket
    PyroNameServerProxy ns(PyroNameServerProxy::uriFor(u"./u:"_s + path), clientConfig());
    std::unique_ptr<PyroCallReply> reply(ns.lookup(nsName));
    QVERIFY(reply->waitForFinished());
    QCOMPARE(reply->value().value<PyroUri>(), m_host.uri());
}

void tst_PyroNameServer::natUri()
{
    QVERIFY(m_host.start([](PyroNameServer *ns) { ns->setNat(u"ns.example.org"_s, 4444); }));
    QCOMPARE(m_host.uri().toString(), u"PYRO:Pyro.NameServer@ns.example.org:4444"_s);
    m_host.run([](PyroNameServer *ns) {
        QCOMPARE(ns->internalUri().host(), u"127.0.0.1"_s);
        QCOMPARE(ns->internalUri().port(), int(ns->daemon()->port()));
        PyroStorageEntry own;
        QVERIFY(ns->storage()->lookup(nsName, &own));
        QCOMPARE(own.uri, u"PYRO:Pyro.NameServer@ns.example.org:4444"_s); // what Pyro5 registers
    });
}

void tst_PyroNameServer::startFailures()
{
    {
        PyroNameServer ns;
        ns.setStorageSpec(u"nosuchscheme:whatever"_s);
        QVERIFY(!ns.start(u"127.0.0.1"_s, 0));
        QCOMPARE(ns.error().code(), PyroError::Code::NamingError);
        QVERIFY(!ns.isRunning());
        QVERIFY(!ns.daemon());
    }
    {
        QTcpServer busy;
        QVERIFY(busy.listen(QHostAddress::LocalHost, 0));
        PyroNameServer ns;
        ns.setBroadcastEnabled(false);
        QVERIFY(!ns.start(u"127.0.0.1"_s, busy.serverPort()));
        QCOMPARE(ns.error().code(), PyroError::Code::CommunicationError);
        QVERIFY(!ns.storage());
    }
    {
        QUdpSocket busy;
        QVERIFY(busy.bind(QHostAddress::AnyIPv4, 0, QUdpSocket::DontShareAddress));
        PyroConfig config;
        config.setSockReuse(false);
        PyroNameServer ns(config);
        ns.setBroadcastAddress(QString(), busy.localPort());
        QVERIFY(!ns.start(u"127.0.0.1"_s, 0));
        QCOMPARE(ns.error().code(), PyroError::Code::CommunicationError);
        QVERIFY2(ns.error().message().contains(u"broadcast"_s), qPrintable(ns.error().message()));
        QVERIFY(!ns.daemon());
    }
    {
        PyroDaemon notListening;
        PyroNameServer ns;
        QVERIFY(!ns.start(&notListening));
        QCOMPARE(ns.error().code(), PyroError::Code::DaemonError);
    }
}

void tst_PyroNameServer::restartKeepsSqlRegistrations()
{
    USE_SERIALIZER();
    if (!PyroStorage::create(u"sql:"_s + m_dir.filePath(u"probe.sqlite"_s)))
        QSKIP("sql storage plugin not available");
    const QString spec = u"sql:"_s + m_dir.filePath(u"restart-%1.sqlite"_s.arg(m_serializer));
    QVERIFY(m_host.start([&](PyroNameServer *ns) { ns->setStorageSpec(spec); }));
    {
        PyroNameServerProxy ns(m_host.uri(), clientConfig());
        std::unique_ptr<PyroCallReply> r(ns.registerName(u"kept"_s, PyroUri(u"PYRO:kept@127.0.0.1:1"_s), PyroNameServerProxy::RegisterMode::Replace, {u"t"_s}));
        QVERIFY(r->waitForFinished());
        QVERIFY(!r->error().isError());
    }
    const PyroUri first = m_host.uri();
    m_host.stop();
    QVERIFY(m_host.start([&](PyroNameServer *ns) { ns->setStorageSpec(spec); }));
    QVERIFY(m_host.uri() != first); // another port: the own entry is updated
    PyroProxy proxy(m_host.uri(), clientConfig());
    QCOMPARE(normalized(proxy.call(u"list"_s, {}, {{u"return_metadata"_s, true}}).value()),
             QVariant(QVariantMap{{nsName, entry(m_host.uri().toString(), {nsClass})},
                                  {u"kept"_s, entry(u"PYRO:kept@127.0.0.1:1"_s, {u"t"_s})}}));
}

void tst_PyroNameServer::sharedRegistry()
{
    USE_SERIALIZER();
    // Two name servers on one registry: names are shared, each names itself.
    if (!PyroStorage::create(u"sql:"_s + m_dir.filePath(u"probe.sqlite"_s)))
        QSKIP("sql storage plugin not available");
    const QString spec = u"sql:"_s + m_dir.filePath(u"shared-%1.sqlite"_s.arg(m_serializer));
    QVERIFY(m_host.start([&](PyroNameServer *ns) { ns->setStorageSpec(spec); }));
    NameServerHost second;
    QVERIFY(second.start([&](PyroNameServer *ns) { ns->setStorageSpec(spec); }));
    PyroProxy a(m_host.uri(), clientConfig());
    PyroProxy b(second.uri(), clientConfig());
    QVERIFY(!a.call(u"register"_s, {u"from.a"_s, u"PYRO:a@127.0.0.1:1"_s}).isError());
    QVERIFY(!b.call(u"register"_s, {u"from.b"_s, u"PYRO:b@127.0.0.1:2"_s}).isError());
    QCOMPARE(b.call(u"lookup"_s, {u"from.a"_s}).value().value<PyroUri>().toString(), u"PYRO:a@127.0.0.1:1"_s);
    QCOMPARE(a.call(u"lookup"_s, {u"from.b"_s}).value().value<PyroUri>().toString(), u"PYRO:b@127.0.0.1:2"_s);
    QCOMPARE(a.call(u"lookup"_s, {nsName}).value().value<PyroUri>(), m_host.uri());
    QCOMPARE(b.call(u"lookup"_s, {nsName}).value().value<PyroUri>(), second.uri());
    const QVariantMap listA = normalized(a.call(u"list"_s).value()).toMap();
    const QVariantMap listB = normalized(b.call(u"list"_s).value()).toMap();
    QCOMPARE(listA.value(nsName).toString(), m_host.uri().toString());
    QCOMPARE(listB.value(nsName).toString(), second.uri().toString());
    QCOMPARE(listA.keys(), listB.keys());
    QCOMPARE(a.call(u"count"_s).value().toInt(), 3);
    QCOMPARE(b.call(u"count"_s).value().toInt(), 3);
    QCOMPARE(normalized(b.call(u"yplookup"_s, {QVariant(QVariantList{nsClass})}).value()),
             QVariant(QVariantMap{{nsName, entry(second.uri().toString(), {nsClass})}}));
    // Safe registration is atomic across both.
    QVERIFY(!a.call(u"register"_s, {u"once"_s, u"PYRO:x@127.0.0.1:3"_s, true}).isError());
    QCOMPARE(b.call(u"register"_s, {u"once"_s, u"PYRO:y@127.0.0.1:4"_s, true}).error().message(),
             u"name already registered: once"_s);
    // One stops: the other keeps naming itself and serving everything.
    second.stop();
    QCOMPARE(a.call(u"lookup"_s, {nsName}).value().value<PyroUri>(), m_host.uri());
    QCOMPARE(a.call(u"remove"_s, {}, {{u"prefix"_s, u"from."_s}}).value().toInt(), 2);
}

// ---- broadcast discovery ----

void tst_PyroNameServer::broadcastRawRequest()
{
    QVERIFY(m_host.start([](PyroNameServer *ns) {
        ns->setBroadcastEnabled(true);
        ns->setBroadcastAddress(u"127.0.0.1"_s, 0);
    }));
    quint16 bcport = 0;
    QString location;
    m_host.run([&](PyroNameServer *ns) {
        QVERIFY(ns->isBroadcasting()); // also for a loopback name server
        bcport = ns->broadcastPort();
        location = ns->broadcastLocation();
    });
    QVERIFY(bcport != 0);
    QCOMPARE(location, u"127.0.0.1:%1"_s.arg(bcport));

    QUdpSocket client;
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    // Not the request: ignored.
    for (const QByteArray &junk : {QByteArray("GET_NSUR"), QByteArray("GET_NSURI\n"), QByteArray("get_nsuri"),
                                   QByteArray("GET_NSURI") + QByteArray(200, 'x'), QByteArray()})
        client.writeDatagram(junk, QHostAddress::LocalHost, bcport);
    client.writeDatagram(QByteArray(PyroProtocol::BroadcastRequest), QHostAddress::LocalHost, bcport);
    QTRY_VERIFY_WITH_TIMEOUT(client.hasPendingDatagrams(), 5000);
    const QNetworkDatagram reply = client.receiveDatagram();
    QCOMPARE(reply.data(), m_host.uri().toString().toLatin1());
    QCOMPARE(reply.senderPort(), int(bcport));
    QTest::qWait(200); // nothing else arrives for the junk
    QVERIFY(!client.hasPendingDatagrams());
}

void tst_PyroNameServer::broadcastLocator()
{
    USE_SERIALIZER();
    // Python's broadcast_locate transcript: NS_HOST 127.0.0.1 with a closed NS_PORT, so
    // the direct attempt fails and the broadcast to 127.0.0.1 answers.
    const quint16 bcport = freeUdpPort();
    QVERIFY(m_host.start([&](PyroNameServer *ns) {
        ns->setBroadcastEnabled(true);
        ns->setBroadcastAddress(QString(), bcport);
    }));
    PyroConfig config = clientConfig();
    config.setNsHost(u"127.0.0.1"_s);
    config.setNsPort(freeTcpPort());
    config.setNsBroadcastPort(bcport);
    config.setBroadcastAddresses({u"127.0.0.1"_s});
    PyroError error;
    const PyroUri found = PyroLocator::locateNameServer(&error, QString(), 0, PyroLocator::Broadcast::Enabled, config);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(found, m_host.uri());
    PyroNameServerProxy ns(found, config);
    std::unique_ptr<PyroCallReply> reply(ns.ping());
    QVERIFY(reply->waitForFinished());
    QVERIFY(!reply->error().isError());
    // And PYRONAME resolution through it.
    m_host.run([](PyroNameServer *ns) {
        ns->storage()->store(u"some.thing"_s, {u"PYRO:thing@127.0.0.1:7"_s, {u"kind:thing"_s}});
    });
    const PyroUri resolved = PyroLocator::resolve(PyroUri(u"PYRONAME:some.thing"_s), &error, config);
    QVERIFY2(!error.isError(), qPrintable(error.toString()));
    QCOMPARE(resolved.toString(), u"PYRO:thing@127.0.0.1:7"_s);
    QCOMPARE(PyroLocator::resolve(PyroUri(u"PYROMETA:kind:thing"_s), &error, config).toString(),
             u"PYRO:thing@127.0.0.1:7"_s);
}

void tst_PyroNameServer::broadcastDisabled()
{
    const quint16 bcport = freeUdpPort();
    QVERIFY(m_host.start([&](PyroNameServer *ns) {
        ns->setBroadcastEnabled(false);
        ns->setBroadcastAddress(QString(), bcport);
    }));
    m_host.run([](PyroNameServer *ns) {
        QVERIFY(!ns->isBroadcasting());
        QVERIFY(ns->broadcastLocation().isEmpty());
    });
    PyroConfig config;
    config.setNsHost(u"127.0.0.1"_s);
    config.setNsPort(freeTcpPort());
    config.setNsBroadcastPort(bcport);
    config.setBroadcastAddresses({u"127.0.0.1"_s});
    PyroError error;
    const PyroUri found = PyroLocator::locateNameServer(&error, QString(), 0, PyroLocator::Broadcast::Enabled, config);
    QVERIFY(!found.isValid());
    QCOMPARE(error.code(), PyroError::Code::NamingError);
}

void tst_PyroNameServer::broadcastReplySubstitutesAnyAddress()
{
    // A name server bound to 0.0.0.0 answers with the interface that reaches the requester.
    const PyroUri any(u"PYRO:Pyro.NameServer@0.0.0.0:9090"_s);
    QCOMPARE(PyroBroadcastResponder::replyFor(any, QHostAddress::LocalHost),
             QByteArray("PYRO:Pyro.NameServer@127.0.0.1:9090"));
    const PyroUri fixed(u"PYRO:Pyro.NameServer@10.1.2.3:9090"_s);
    QCOMPARE(PyroBroadcastResponder::replyFor(fixed, QHostAddress::LocalHost),
             QByteArray("PYRO:Pyro.NameServer@10.1.2.3:9090"));

    QVERIFY(m_host.start([](PyroNameServer *ns) {
        ns->setBroadcastEnabled(true);
        ns->setBroadcastAddress(QString(), 0);
    }, [](PyroNameServer *ns) { return ns->start(u"0.0.0.0"_s, 0); }));
    quint16 bcport = 0;
    m_host.run([&](PyroNameServer *ns) {
        bcport = ns->broadcastPort();
        QCOMPARE(ns->broadcastLocation(), u"0.0.0.0:%1"_s.arg(bcport));
    });
    QUdpSocket client;
    QVERIFY(client.bind(QHostAddress::LocalHost, 0));
    client.writeDatagram(QByteArray(PyroProtocol::BroadcastRequest), QHostAddress::LocalHost, bcport);
    QTRY_VERIFY_WITH_TIMEOUT(client.hasPendingDatagrams(), 5000);
    QCOMPARE(client.receiveDatagram().data(),
             u"PYRO:Pyro.NameServer@127.0.0.1:%1"_s.arg(m_host.uri().port()).toLatin1());
}

QTEST_MAIN(tst_PyroNameServer)
#include "tst_pyronameserver.moc"
