// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// ./run demo: what QtPyro does, shown step by step.

#include "thermostat.h"

#include "pyrobatch.h"
#include "pyrocallreply.h"
#include "pyrodaemon.h"
#include "pyromessage_p.h"
#include "pyronameserver.h"
#include "pyronameserverproxy.h"
#include "pyroproxy.h"
#include "pyroserializer.h"
#include "pyrostream.h"
#include "pyrouri.h"
#include "pyrovalues.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QTextStream>
#include <QtCore/QThread>
#include <QtCore/QTimer>

#include <functional>

#include <cmath>

using namespace Qt::StringLiterals;

static QTextStream out(stdout);

static void heading(const QString &text)
{
    out << "\n== " << text << " ==\n";
    out.flush();
}

static QString printable(const QByteArray &bytes, bool binary)
{
    if (!binary)
        return QString::fromUtf8(bytes);
    QString hex = QString::fromLatin1(bytes.toHex(' '));
    if (hex.size() > 150)
        hex = hex.left(150) + u" ..."_s;
    return hex;
}

// A Python value with the distinctions Python makes and Qt alone would lose.
static QVariant sampleValue()
{
    PyroDict dict;
    dict.append(u"name"_s, u"thermostat ☀"_s);
    dict.append(u"target"_s, 21.5);
    dict.append(u"history"_s, QVariant::fromValue(PyroTuple{19, 20.5, 21}));
    dict.append(u"tags"_s, QVariant::fromValue(PyroSet{u"heating"_s, u"living-room"_s}));
    dict.append(u"big"_s, QVariant::fromValue(PyroBigInt::fromString(u"1180591620717411303424"_s)));
    dict.append(u"calibration"_s, std::nan(""));
    dict.append(u"enabled"_s, true);
    dict.append(u"owner"_s, PyroValues::none());
    return QVariant::fromValue(dict);
}

static void showSerializers()
{
    heading(u"One Python value through the four Pyro5 serializers and back"_s);
    const QVariant value = sampleValue();
    for (const char *name : {"serpent", "json", "marshal", "msgpack"}) {
        PyroError error;
        const PyroSerializer *serializer = PyroSerializer::byName(QString::fromLatin1(name), &error);
        if (!serializer) {
            out << name << ": " << error.message() << '\n';
            continue;
        }
        const QByteArray bytes = serializer->serialize(value, &error);
        if (bytes.isEmpty() && error.isError()) {
            out << name << ": cannot encode: " << error.message() << '\n';
            continue;
        }
        const bool binary = serializer->id() == 2 || serializer->id() == 4;
        out << name << " (id " << serializer->id() << ", " << bytes.size() << " bytes):\n  "
            << printable(bytes, binary) << '\n';
        const QVariant back = serializer->deserialize(bytes, &error);
        if (!back.isValid()) {
            out << "  cannot decode: " << error.message() << '\n';
            continue;
        }
        if (PyroValues::identical(back, value)) {
            out << "  decoded back: the same Python value, every type kept\n";
        } else {
            const QVariantMap fields = back.toMap();
            out << "  decoded back: history is a " << PyroValues::pythonTypeName(fields.value(u"history"_s))
                << ", tags a " << PyroValues::pythonTypeName(fields.value(u"tags"_s))
                << " (the format has no tuple or set), big is still "
                << fields.value(u"big"_s).toString() << ", calibration is "
                << PyroValues::floatRepr(fields.value(u"calibration"_s).toDouble()) << '\n';
        }
    }
    out.flush();
}

static void showMessage()
{
    heading(u"A Pyro5 CONNECT message, as Python's Pyro5 sends it"_s);
    // Captured from Python Pyro5 (autotests/data/pyro5/vectors/messages/serpent/
    // connect_echoserver-01-c2s-CONNECT.bin).
    const QByteArray wire = QByteArray::fromHex(
        "5059524f01f60101000000000000004a00000000000000000000000000000000000000000000"
        "4dc5")
        + QByteArray("# serpent utf-8 python3.2\n{'handshake':'hello','object':'test.echoserver'}");
    out << "bytes: " << printable(wire.left(40), true) << " | " << wire.mid(40).size() << " payload bytes\n";
    PyroError error;
    const PyroMessage message = PyroMessage::parse(wire, &error);
    if (error.isError()) {
        out << "parse error: " << error.toString() << '\n';
        return;
    }
    out << "type " << message.header.type << " (CONNECT), serializer " << message.header.serializerId
        << ", seq " << message.header.seq << ", flags " << message.header.flags << '\n';
    const PyroSerializer *serpent = PyroSerializer::byId(message.header.serializerId);
    const QVariantMap payload = serpent->deserialize(message.payload, &error).toMap();
    out << "handshake: " << payload.value(u"handshake"_s).toString()
        << ", object: " << payload.value(u"object"_s).toString() << '\n';
    const QByteArray again = message.toBytes(&error);
    out << "re-encoded: " << (again == wire ? "byte-identical" : "DIFFERENT") << '\n';

    const PyroUri uri(u"PYRO:test.echoserver@[::1]:9999"_s);
    out << "a URI: " << uri.toString() << " -> object " << uri.object() << ", host " << uri.host()
        << ", port " << uri.port() << '\n';
    out.flush();
}

// Python-style text of a value, for the printout.
static QString literal(const QVariant &value)
{
    return PyroValues::pythonRepr(value);
}

static void printError(const PyroError &error)
{
    out << "  -> " << error.pythonClass() << ": " << error.message() << '\n';
    const QStringList traceback = error.remoteTraceback();
    if (!traceback.isEmpty())
        out << "     remote traceback:\n       " << traceback.join(QString()).trimmed().replace(u"\n"_s, u"\n       "_s) << '\n';
}

/*
    The remote part: a PyroDaemon serving a Thermostat from its own thread, and a
    PyroProxy in the main thread calling it asynchronously, step after step, while a
    timer shows that the event loop never blocks.
*/
class RemoteDemo : public QObject
{
public:
    RemoteDemo(const PyroUri &objectUri, const PyroUri &nameServerUri)
        : m_objectUri(objectUri), m_nameServerUri(nameServerUri)
    {
        // Found by name: the name server is asked on first use (a host in the PYRONAME:
        // URI means no broadcast search).
        m_proxy = new PyroProxy(PyroUri(u"PYRONAME:demo.thermostat@%1:%2"_s.arg(nameServerUri.host())
                                            .arg(nameServerUri.port())), this);
        connect(&m_ticker, &QTimer::timeout, this, [this] { ++m_ticks; });
        m_ticker.start(5);
        m_steps = {
            [this] { registerStep(); },
            [this] { listStep(); },
            [this] { connectStep(); },
            [this] { callStep(u"status"_s); },
            [this] { attributeStep(); },
            [this] { badAttributeStep(); },
            [this] { onewayStep(); },
            [this] { streamStep(); },
            [this] { batchStep(); },
            [this] { slowStep(); },
            [this] { serializerStep(); },
        };
    }

    void start() { next(); }

private:
    void next()
    {
        if (m_step >= m_steps.size()) {
            out << "\nEvery call above went over TCP through the Pyro5 protocol; a Python program\n"
                   "could make the same calls with Pyro5.api.Proxy(\"" << m_proxy->uri().toString() << "\").\n";
            out.flush();
            QCoreApplication::quit();
            return;
        }
        m_steps.at(m_step++)();
    }

    void whenDone(PyroCallReply *reply, std::function<void(PyroCallReply *)> show)
    {
        connect(reply, &PyroCallReply::finished, this, [this, reply, show] {
            if (reply->isError())
                printError(reply->error());
            else
                show(reply);
            out.flush();
            reply->deleteLater();
            next();
        });
    }

    void registerStep()
    {
        heading(u"Name server: PyroNameServer on the same daemon, asked through PyroNameServerProxy"_s);
        m_nameServer = new PyroNameServerProxy(m_nameServerUri, this);
        out << "> ns.register('demo.thermostat', " << m_objectUri.toString()
            << ", metadata={'demo', 'class:Thermostat'})\n";
        whenDone(m_nameServer->registerName(u"demo.thermostat"_s, m_objectUri, PyroNameServerProxy::RegisterMode::Safe,
                                            {u"demo"_s, u"class:Thermostat"_s}),
                 [](PyroCallReply *) { out << "  -> registered\n"; });
    }

    void listStep()
    {
        out << "> ns.list(return_metadata=True)\n";
        whenDone(m_nameServer->list({}, {}, PyroNameServerProxy::Metadata::Included), [](PyroCallReply *reply) {
            out << "  -> " << literal(reply->value()) << '\n';
        });
    }

    void connectStep()
    {
        heading(u"Remote calls: a QObject served by PyroDaemon, called through PyroProxy"_s);
        out << "proxy for " << m_proxy->uri().toString() << " (resolves and connects on first use)\n";
        out << "> status()   [first call: connect + handshake, metadata arrives]\n";
        whenDone(m_proxy->asyncCall(u"status"_s), [this](PyroCallReply *reply) {
            out << "  -> " << literal(reply->value()) << '\n';
            out << "  the name server said: " << m_proxy->resolvedUri().toString() << '\n';
            out << "  exposed methods: " << m_proxy->methods().join(u", "_s)
                << "; oneway: " << m_proxy->onewayMethods().join(u", "_s)
                << "; attributes: " << m_proxy->attributes().join(u", "_s) << '\n';
        });
    }

    void callStep(const QString &method)
    {
        out << "> temperature()\n";
        Q_UNUSED(method);
        whenDone(m_proxy->asyncCall(u"temperature"_s), [](PyroCallReply *reply) {
            out << "  -> " << literal(reply->value()) << " (a Python float)\n";
        });
    }

    void attributeStep()
    {
        out << "> target = 22.5   [a Q_PROPERTY is a Pyro5 remote attribute]\n";
        whenDone(m_proxy->asyncWriteAttribute(u"target"_s, 22.5), [this](PyroCallReply *) {
            const PyroResult target = m_proxy->readAttribute(u"target"_s); // the blocking form
            out << "> target\n  -> " << literal(target.value()) << '\n';
        });
    }

    void badAttributeStep()
    {
        out << "> target = 99   [the setter throws PyroException(\"builtins.ValueError\", ...)]\n";
        whenDone(m_proxy->asyncWriteAttribute(u"target"_s, 99), [](PyroCallReply *) {});
    }

    void onewayStep()
    {
        out << "> log('demo was here')   [oneway: returns at once, no reply]\n";
        m_proxy->callOneway(u"log"_s, {u"demo was here"_s});
        out << "> logLines()\n";
        whenDone(m_proxy->asyncCall(u"logLines"_s), [](PyroCallReply *reply) {
            out << "  -> " << literal(reply->value()) << '\n';
        });
    }

    void streamStep()
    {
        out << "> warmUp(4)   [returns a PyroGenerator: the items are streamed one by one]\n";
        PyroCallReply *reply = m_proxy->asyncCall(u"warmUp"_s, {4});
        connect(reply, &PyroCallReply::finished, this, [this, reply] {
            reply->deleteLater();
            if (reply->isError()) {
                printError(reply->error());
                next();
                return;
            }
            PyroStream *stream = reply->takeStream();
            connect(stream, &PyroStream::itemReceived, this, [](const QVariant &item) {
                out << "  item " << literal(item) << '\n';
                out.flush();
            });
            connect(stream, &PyroStream::finished, this, [this, stream] {
                out << "  (end of stream)\n";
                stream->deleteLater();
                next();
            });
            stream->fetchAll();
        });
    }

    void batchStep()
    {
        out << "> batch: temperature(), status(), logLines()   [one request, results in order]\n";
        m_batch = std::make_unique<PyroBatch>(m_proxy);
        m_batch->add(u"temperature"_s);
        m_batch->add(u"status"_s);
        m_batch->add(u"logLines"_s);
        whenDone(m_batch->send(), [](PyroCallReply *reply) {
            for (const PyroResult &result : reply->batchResults())
                out << "  -> " << literal(result.value()) << '\n';
        });
    }

    void slowStep()
    {
        out << "> calibrate()   [takes 0.4 s on the daemon's side; this thread stays free]\n";
        const int ticksBefore = m_ticks;
        whenDone(m_proxy->asyncCall(u"calibrate"_s), [this, ticksBefore](PyroCallReply *reply) {
            out << "  -> " << literal(reply->value()) << "   (meanwhile a 5 ms timer here fired "
                << (m_ticks - ticksBefore) << " times)\n";
        });
    }

    void serializerStep()
    {
        auto *json = new PyroProxy(m_proxy->uri(), this);
        json->setSerializer(u"json"_s);
        out << "> status() through a second proxy speaking json (serializer id 3)\n";
        whenDone(json->asyncCall(u"status"_s), [](PyroCallReply *reply) {
            out << "  -> " << literal(reply->value()) << '\n';
        });
    }

    PyroUri m_objectUri;
    PyroUri m_nameServerUri;
    PyroNameServerProxy *m_nameServer = nullptr;
    PyroProxy *m_proxy = nullptr;
    std::unique_ptr<PyroBatch> m_batch;
    QTimer m_ticker;
    int m_ticks = 0;
    QList<std::function<void()>> m_steps;
    qsizetype m_step = 0;
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationVersion(QStringLiteral(QTPYRO_VERSION));
    out << "QtPyro " << QCoreApplication::applicationVersion()
        << " - the Pyro5 wire protocol for Qt\n";
    showSerializers();
    showMessage();

    // The daemon and its object live in their own thread, as a server in another
    // process would; everything between them goes over TCP on 127.0.0.1.
    QThread serverThread;
    serverThread.setObjectName(u"daemon"_s);
    auto *daemon = new PyroDaemon;
    auto *thermostat = new Thermostat(daemon);
    if (!daemon->listen(u"127.0.0.1"_s, 0)) {
        out << "cannot listen: " << daemon->errorString() << '\n';
        return 1;
    }
    const PyroUri uri = daemon->registerObject(thermostat, u"demo.thermostat"_s);
    daemon->moveToThread(&serverThread);
    serverThread.start();

    // A name server on the same daemon, made in the daemon's thread where it will live.
    PyroNameServer *nameServer = nullptr;
    PyroUri nameServerUri;
    QMetaObject::invokeMethod(daemon, [&] {
        nameServer = new PyroNameServer;
        nameServer->setBroadcastEnabled(false);   // the demo needs no UDP discovery
        if (nameServer->start(daemon))
            nameServerUri = nameServer->uri();
        else
            out << "cannot start the name server: " << nameServer->error().toString() << '\n';
    }, Qt::BlockingQueuedConnection);

    int code = 1;
    if (nameServerUri.isValid()) {
        out << "\ndaemon listening, object registered as " << uri.toString() << '\n';
        out << "name server on the same daemon: " << nameServerUri.toString() << '\n';
        RemoteDemo demo(uri, nameServerUri);
        QTimer::singleShot(0, &demo, &RemoteDemo::start);
        code = app.exec();
    }
    QMetaObject::invokeMethod(daemon, [&] {
        delete nameServer;
        delete daemon;
    }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return code;
}
