// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrouri.h"

#include <QtCore/QHash>
#include <QtCore/QSet>

#include <limits>

using namespace Qt::StringLiterals;

namespace {
constexpr int DefaultNsPort = 9090; // NS_PORT: the port of PYRONAME/PYROMETA URIs without one
}

class PyroUriData : public QSharedData
{
public:
    PyroUri::Protocol protocol = PyroUri::Protocol::Invalid;
    QString object;     // PYROMETA: the tags joined by ','
    QStringList tags;   // PYROMETA only
    QString host;
    int port = 0;
    // A host:port location was given (even with an empty host, as in "PYRO:obj@:1"):
    // Python's state then has host and port, otherwise None for both.
    bool tcpLocation = false;
    QString socketPath;
    PyroError error;
};

PyroUri::PyroUri() : d(new PyroUriData)
{
    d->error = PyroError(PyroError::Code::PyroError, u"invalid uri"_s);
}

PyroUri::PyroUri(const QString &text) : PyroUri(fromString(text)) { }
PyroUri::PyroUri(const PyroUri &other) = default;
PyroUri::PyroUri(PyroUri &&other) noexcept = default;
PyroUri &PyroUri::operator=(const PyroUri &other) = default;
PyroUri &PyroUri::operator=(PyroUri &&other) noexcept = default;
PyroUri::~PyroUri() = default;

// Python's str.isspace() (what \s and \S mean in Pyro5's URI pattern): Qt's notion plus the
// ASCII separators 0x1c..0x1f.
static bool isPythonSpace(QChar c)
{
    return c.isSpace() || (c.unicode() >= 0x1c && c.unicode() <= 0x1f);
}

// Python's int() on a port text: surrounding whitespace, a sign, underscores between
// digits and any Unicode decimal digits are accepted. Ports beyond int are refused (Python
// would keep them; no socket can use them anyway).
static bool parsePythonInt(QStringView text, int *value)
{
    while (!text.isEmpty() && isPythonSpace(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isPythonSpace(text.back()))
        text.chop(1);
    if (text.isEmpty())
        return false;
    bool negative = false;
    if (text.front() == u'+' || text.front() == u'-') {
        negative = text.front() == u'-';
        text = text.sliced(1);
    }
    if (text.isEmpty())
        return false;
    qint64 result = 0;
    bool lastUnderscore = true; // no leading underscore
    for (QChar c : text) {
        if (c == u'_') {
            if (lastUnderscore)
                return false;
            lastUnderscore = true;
            continue;
        }
        const int digit = c.digitValue();
        if (digit < 0 || c.category() != QChar::Number_DecimalDigit)
            return false;
        lastUnderscore = false;
        result = result * 10 + digit;
        if (result > std::numeric_limits<int>::max())
            return false;
    }
    if (lastUnderscore)
        return false;
    *value = int(negative ? -result : result);
    return true;
}

static bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

static bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// "[::1]" -> "::1": the factories take hosts with or without IPv6 brackets.
static QString withoutBrackets(const QString &host)
{
    if (host.size() >= 2 && host.startsWith(u'[') && host.endsWith(u']'))
        return host.sliced(1, host.size() - 2);
    return host;
}

// PYROMETA tags are a set: first occurrence kept, in linear time (hostile input may carry
// hundreds of thousands of tags).
static QStringList uniqueTags(const QStringList &tags)
{
    QStringList unique;
    unique.reserve(tags.size());
    QSet<QString> seen;
    seen.reserve(tags.size());
    for (const QString &tag : tags) {
        if (!seen.contains(tag)) {
            seen.insert(tag);
            unique.append(tag);
        }
    }
    return unique;
}

PyroUri PyroUri::fromString(const QString &text, PyroError *error)
{
    const auto fail = [error](const QString &message) {
        PyroUri uri;
        uri.d->error = PyroError(PyroError::Code::PyroError, message);
        if (error)
            *error = uri.d->error;
        return uri;
    };

    // Pyro5 matches  PYRO[letters]:<\S+? object>(@<.+ location>)?$  : the object is the
    // shortest run of non-space characters after which either the end follows or '@' and a
    // location without line breaks. '$' also matches before one final '\n'.
    if (text.size() < 5 || QStringView(text).first(4).compare(u"PYRO", Qt::CaseInsensitive) != 0)
        return fail(u"invalid uri"_s);
    qsizetype i = 4;
    while (i < text.size() && isAsciiLetter(text.at(i)))
        ++i;
    if (i >= text.size() || text.at(i) != u':')
        return fail(u"invalid uri"_s);
    const QString protocol = text.first(i).toUpper();

    qsizetype end = text.size();
    if (text.at(end - 1) == u'\n')
        --end;
    const QStringView body = QStringView(text).sliced(i + 1, end - i - 1);
    const qsizetype lastNewline = body.lastIndexOf(u'\n');
    QStringView objectPart;
    QStringView location; // null: no location
    bool matched = false;
    for (qsizetype k = 1; k <= body.size(); ++k) {
        if (isPythonSpace(body.at(k - 1)))
            break;
        if (k == body.size()) {
            objectPart = body;
            matched = true;
            break;
        }
        if (body.at(k) == u'@' && k + 1 < body.size() && lastNewline < k + 1) {
            objectPart = body.first(k);
            location = body.sliced(k + 1);
            matched = true;
            break;
        }
    }
    if (!matched)
        return fail(u"invalid uri"_s);

    PyroUri uri;
    PyroUriData *dd = uri.d.data();
    if (protocol == u"PYRO")
        dd->protocol = Protocol::Pyro;
    else if (protocol == u"PYRONAME")
        dd->protocol = Protocol::PyroName;
    else if (protocol == u"PYROMETA")
        dd->protocol = Protocol::PyroMeta;
    else
        return fail(u"invalid uri (protocol)"_s);

    if (dd->protocol == Protocol::Pyro && location.isNull())
        return fail(u"invalid uri"_s);

    if (dd->protocol == Protocol::PyroMeta) {
        QStringList tags;
        for (QStringView tag : objectPart.split(u','))
            tags.append(tag.trimmed().toString());
        dd->tags = uniqueTags(tags);
        dd->object = dd->tags.join(u',');
    } else {
        dd->object = objectPart.toString();
    }

    if (!location.isNull()) {
        bool portGiven = false;
        if (location.startsWith(u"./u:")) {
            const QStringView path = location.sliced(4);
            if (path.isEmpty() || path.contains(u':'))
                return fail(u"invalid uri (location)"_s);
            dd->socketPath = path.toString();
        } else if (location.startsWith(u"[[")) {
            return fail(u"invalid ipv6 address: enclosed in too many brackets"_s);
        } else if (location.startsWith(u'[')) {
            // Only the prefix  [hex:%]  (':' digits)?  counts; what follows is ignored.
            qsizetype close = 1;
            while (close < location.size()
                   && (isHexDigit(location.at(close)) || location.at(close) == u':'
                       || location.at(close) == u'%'))
                ++close;
            if (close == 1 || close >= location.size() || location.at(close) != u']')
                return fail(u"invalid ipv6 address: the part between brackets must be a numeric ipv6 address"_s);
            dd->host = location.sliced(1, close - 1).toString();
            dd->tcpLocation = true;
            const QStringView rest = location.sliced(close + 1);
            if (rest.startsWith(u':')) {
                qsizetype n = 1; // Python's \d: any Unicode decimal digit
                while (n < rest.size() && rest.at(n).category() == QChar::Number_DecimalDigit)
                    ++n;
                if (n > 1) {
                    const QStringView portText = rest.sliced(1, n - 1);
                    if (!parsePythonInt(portText, &dd->port))
                        return fail(u"invalid port in uri, port="_s + portText.toString());
                    portGiven = true;
                }
            }
        } else {
            const qsizetype colon = location.indexOf(u':');
            dd->host = (colon < 0 ? location : location.first(colon)).toString();
            dd->tcpLocation = true;
            if (colon >= 0 && colon + 1 < location.size()) {
                const QStringView portText = location.sliced(colon + 1);
                if (!parsePythonInt(portText, &dd->port))
                    return fail(u"invalid port in uri, port="_s + portText.toString());
                portGiven = true;
            }
        }
        if (dd->tcpLocation && !portGiven) {
            if (dd->protocol == Protocol::Pyro)
                return fail(u"invalid port in uri, port=None"_s);
            dd->port = DefaultNsPort;
        }
    }
    dd->error = PyroError();
    if (error)
        *error = PyroError();
    return uri;
}

PyroUri PyroUri::forTcp(const QString &objectId, const QString &host, quint16 port)
{
    PyroUri uri;
    uri.d->protocol = Protocol::Pyro;
    uri.d->object = objectId;
    uri.d->host = withoutBrackets(host);
    uri.d->port = port;
    uri.d->tcpLocation = true;
    uri.d->error = PyroError();
    return uri;
}

PyroUri PyroUri::forUnixSocket(const QString &objectId, const QString &socketPath)
{
    PyroUri uri;
    uri.d->protocol = Protocol::Pyro;
    uri.d->object = objectId;
    uri.d->socketPath = socketPath;
    uri.d->error = PyroError();
    return uri;
}

PyroUri PyroUri::forName(const QString &name, const QString &nsHost, quint16 nsPort)
{
    PyroUri uri;
    uri.d->protocol = Protocol::PyroName;
    uri.d->object = name;
    if (nsHost.startsWith(u"./u:")) {
        uri.d->socketPath = nsHost.sliced(4);
    } else if (!nsHost.isEmpty()) {
        uri.d->host = withoutBrackets(nsHost);
        uri.d->port = nsPort > 0 ? nsPort : DefaultNsPort;
        uri.d->tcpLocation = true;
    }
    uri.d->error = PyroError();
    return uri;
}

PyroUri PyroUri::forMetadata(const QStringList &tags, const QString &nsHost, quint16 nsPort)
{
    PyroUri uri = forName(QString(), nsHost, nsPort);
    uri.d->protocol = Protocol::PyroMeta;
    uri.d->tags = uniqueTags(tags);
    uri.d->object = uri.d->tags.join(u',');
    return uri;
}

static QVariantList stateItems(const QVariant &v)
{
    if (v.typeId() == qMetaTypeId<PyroTuple>())
        return v.value<PyroTuple>().items();
    if (v.typeId() == qMetaTypeId<PyroSet>())
        return v.value<PyroSet>().items();
    return v.toList();
}

static bool isStringOrNone(const QVariant &v)
{
    return v.typeId() == QMetaType::QString || PyroValues::isNone(v);
}

PyroUri PyroUri::fromState(const QVariantList &state, PyroError *error)
{
    const auto fail = [error](const QString &message) {
        PyroUri uri;
        uri.d->error = PyroError(PyroError::Code::PyroError, message);
        if (error)
            *error = uri.d->error;
        return uri;
    };
    if (state.size() != 5)
        return fail(u"invalid uri state"_s);
    const QVariant &protocolField = state.at(0);
    const QVariant &objectField = state.at(1);
    const QVariant &socketField = state.at(2);
    const QVariant &hostField = state.at(3);
    const QVariant &portField = state.at(4);
    if (protocolField.typeId() != QMetaType::QString || !isStringOrNone(socketField)
        || !isStringOrNone(hostField))
        return fail(u"invalid uri state"_s);
    int port = 0;
    if (!PyroValues::isNone(portField)) {
        bool ok = false;
        const qlonglong value = portField.toLongLong(&ok);
        if (!ok || !PyroValues::isIntegral(portField) || portField.typeId() == QMetaType::Bool
            || value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max())
            return fail(u"invalid uri state"_s);
        port = int(value);
    }
    const QString protocol = protocolField.toString().toUpper();
    const QString socket = socketField.toString();
    const bool hasHost = !PyroValues::isNone(hostField);

    PyroUri uri;
    if (protocol == u"PYRO" || protocol == u"PYRONAME") {
        if (objectField.typeId() != QMetaType::QString)
            return fail(u"invalid uri state"_s);
        uri.d->protocol = protocol == u"PYRO" ? Protocol::Pyro : Protocol::PyroName;
        uri.d->object = objectField.toString();
    } else if (protocol == u"PYROMETA") {
        QStringList tags;
        if (objectField.typeId() == QMetaType::QString) {
            tags = objectField.toString().split(u',');
        } else {
            const int type = objectField.typeId();
            if (type != qMetaTypeId<PyroSet>() && type != qMetaTypeId<PyroTuple>()
                && type != QMetaType::QVariantList && type != QMetaType::QStringList)
                return fail(u"invalid uri state"_s);
            for (const QVariant &tag : stateItems(objectField)) {
                if (tag.typeId() != QMetaType::QString)
                    return fail(u"invalid uri state"_s);
                tags.append(tag.toString());
            }
        }
        uri = forMetadata(tags, QString(), 0);
    } else {
        return fail(u"invalid uri (protocol)"_s);
    }
    uri.d->host = hasHost ? hostField.toString() : QString();
    uri.d->tcpLocation = hasHost;
    uri.d->port = port;
    uri.d->socketPath = socket;
    uri.d->error = PyroError();
    if (error)
        *error = PyroError();
    return uri;
}

bool PyroUri::isValid() const { return d->protocol != Protocol::Invalid; }
PyroError PyroUri::error() const { return d->error; }
PyroUri::Protocol PyroUri::protocol() const { return d->protocol; }

QString PyroUri::protocolString() const
{
    switch (d->protocol) {
    case Protocol::Pyro: return u"PYRO"_s;
    case Protocol::PyroName: return u"PYRONAME"_s;
    case Protocol::PyroMeta: return u"PYROMETA"_s;
    case Protocol::Invalid: break;
    }
    return QString();
}

QString PyroUri::object() const { return d->object; }
QStringList PyroUri::metadataTags() const { return d->tags; }
QString PyroUri::host() const { return d->host; }
quint16 PyroUri::port() const
{
    return d->port >= 0 && d->port <= 0xffff ? quint16(d->port) : 0;
}
QString PyroUri::socketPath() const { return d->socketPath; }
bool PyroUri::isUnixSocket() const { return !d->socketPath.isEmpty(); }
bool PyroUri::hasLocation() const { return !location().isEmpty(); }

QString PyroUri::location() const
{
    // Pyro5 looks at the host first: an empty host means no location at all.
    if (!d->host.isEmpty()) {
        if (d->host.contains(u':'))
            return u'[' + d->host + u"]:"_s + QString::number(d->port);
        return d->host + u':' + QString::number(d->port);
    }
    if (!d->socketPath.isEmpty())
        return u"./u:"_s + d->socketPath;
    return QString();
}

QString PyroUri::toString() const
{
    if (!isValid())
        return QString();
    QString text = protocolString() + u':' + d->object;
    const QString loc = location();
    if (!loc.isEmpty())
        text += u'@' + loc;
    return text;
}

QVariant PyroUri::toState() const
{
    QVariant object = d->object;
    if (d->protocol == Protocol::PyroMeta)
        object = QVariant::fromValue(PyroSet(QVariantList(d->tags.cbegin(), d->tags.cend())));
    const QVariant socket = d->socketPath.isEmpty() ? PyroValues::none() : QVariant(d->socketPath);
    return QVariant::fromValue(PyroTuple{
        protocolString(), object, socket,
        d->tcpLocation ? QVariant(d->host) : PyroValues::none(),
        d->tcpLocation ? QVariant(qlonglong(d->port)) : PyroValues::none()});
}

static QStringList sortedTags(const QStringList &tags)
{
    QStringList sorted = tags;
    sorted.sort();
    return sorted;
}

// Like Pyro5's URI.__eq__ (which compares the state tuples): PYROMETA tags are a set.
bool operator==(const PyroUri &a, const PyroUri &b)
{
    if (a.d == b.d)
        return true;
    if (a.d->protocol != b.d->protocol || a.d->tcpLocation != b.d->tcpLocation
        || a.d->host != b.d->host || a.d->port != b.d->port || a.d->socketPath != b.d->socketPath)
        return false;
    if (a.d->protocol == PyroUri::Protocol::PyroMeta)
        return a.d->tags.size() == b.d->tags.size() && sortedTags(a.d->tags) == sortedTags(b.d->tags);
    return a.d->object == b.d->object;
}

size_t qHash(const PyroUri &uri, size_t seed)
{
    // Must agree with operator==, so PYROMETA hashes its tags in sorted order.
    const QString object = uri.protocol() == PyroUri::Protocol::PyroMeta
        ? sortedTags(uri.metadataTags()).join(u',')
        : uri.object();
    return qHashMulti(seed, int(uri.protocol()), object, uri.host(), uri.port(), uri.socketPath());
}

QDebug operator<<(QDebug debug, const PyroUri &uri)
{
    QDebugStateSaver saver(debug);
    if (uri.isValid())
        debug.nospace().noquote() << "PyroUri(" << uri.toString() << ')';
    else
        debug.nospace() << "PyroUri(invalid)";
    return debug;
}
