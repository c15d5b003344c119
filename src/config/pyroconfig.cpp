// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroconfig.h"
#include "pyrotext_p.h"

#include <QtCore/QLoggingCategory>
#include <QtCore/QMutex>
#include <QtCore/QProcessEnvironment>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPyroConfig, "qtpyro.config")

namespace {

// How an item converts from text: the Python type of its default decides, as in Pyro5.
enum class ItemType {
    String,         // str
    OptionalString, // None by default: any text is taken as it is
    Int,            // int, range int
    Int64,          // int, range qint64
    Float,
    Bool,
    StringList      // list of str, comma separated
};

// Pyro5's items in Pyro5's declaration order, then QtPyro's extension items.
enum Item {
    Host, NsHost, NsPort, NsBcPort, NsBcHost, NsAutoClean, NsLookupDelay, NatHost, NatPort,
    Compression, ServerType, CommTimeout, PollTimeout, MaxRetries, SockReuse, SockNoDelay,
    DetailedTraceback, ThreadPoolSize, ThreadPoolSizeMin, MaxMessageSize, BroadcastAddrs,
    PreferIpVersion, Serializer, SerpentBytesRepr, IterStreaming, IterStreamLifetime,
    IterStreamLinger, LogFile, LogLevel, LogWire, Ssl, SslServerCert, SslServerKey,
    SslServerKeyPasswd, SslRequireClientCert, SslClientCert, SslClientKey, SslClientKeyPasswd,
    SslCaCerts,
    PyroItemCount,
    MaxConnections = PyroItemCount,
    MaxStreamsPerClient,
    MaxOnewayInFlight,
    HandshakeTimeout,
    MaxReplyBuffer,
    ReplyDrainTimeout,
    NsMaxNameLength,
    NsMaxUriLength,
    NsMaxMetadataTags,
    NsMaxMetadataLength,
    NsMaxRegistrations,
    NsRegexTimeBudget,
    SignalQueue,
    MaxInflateRatio,
    MaxDecodeItemsPerByte,
    ItemCount
};

struct ItemInfo
{
    const char *name;
    ItemType type;
};

constexpr ItemInfo itemInfo[ItemCount] = {
    {"HOST", ItemType::String},
    {"NS_HOST", ItemType::String},
    {"NS_PORT", ItemType::Int},
    {"NS_BCPORT", ItemType::Int},
    {"NS_BCHOST", ItemType::OptionalString},
    {"NS_AUTOCLEAN", ItemType::Float},
    {"NS_LOOKUP_DELAY", ItemType::Float},
    {"NATHOST", ItemType::OptionalString},
    {"NATPORT", ItemType::Int},
    {"COMPRESSION", ItemType::Bool},
    {"SERVERTYPE", ItemType::String},
    {"COMMTIMEOUT", ItemType::Float},
    {"POLLTIMEOUT", ItemType::Float},
    {"MAX_RETRIES", ItemType::Int},
    {"SOCK_REUSE", ItemType::Bool},
    {"SOCK_NODELAY", ItemType::Bool},
    {"DETAILED_TRACEBACK", ItemType::Bool},
    {"THREADPOOL_SIZE", ItemType::Int},
    {"THREADPOOL_SIZE_MIN", ItemType::Int},
    {"MAX_MESSAGE_SIZE", ItemType::Int64},
    {"BROADCAST_ADDRS", ItemType::StringList},
    {"PREFER_IP_VERSION", ItemType::Int},
    {"SERIALIZER", ItemType::String},
    {"SERPENT_BYTES_REPR", ItemType::Bool},
    {"ITER_STREAMING", ItemType::Bool},
    {"ITER_STREAM_LIFETIME", ItemType::Float},
    {"ITER_STREAM_LINGER", ItemType::Float},
    {"LOGFILE", ItemType::String},
    {"LOGLEVEL", ItemType::OptionalString},
    {"LOGWIRE", ItemType::Bool},
    {"SSL", ItemType::Bool},
    {"SSL_SERVERCERT", ItemType::String},
    {"SSL_SERVERKEY", ItemType::String},
    {"SSL_SERVERKEYPASSWD", ItemType::String},
    {"SSL_REQUIRECLIENTCERT", ItemType::Bool},
    {"SSL_CLIENTCERT", ItemType::String},
    {"SSL_CLIENTKEY", ItemType::String},
    {"SSL_CLIENTKEYPASSWD", ItemType::String},
    {"SSL_CACERTS", ItemType::String},
    {"MAX_CONNECTIONS", ItemType::Int},
    {"MAX_STREAMS_PER_CLIENT", ItemType::Int},
    {"MAX_ONEWAY_IN_FLIGHT", ItemType::Int},
    {"HANDSHAKE_TIMEOUT", ItemType::Float},
    {"MAX_REPLY_BUFFER", ItemType::Int},
    {"REPLY_DRAIN_TIMEOUT", ItemType::Float},
    {"NS_MAX_NAME_LENGTH", ItemType::Int},
    {"NS_MAX_URI_LENGTH", ItemType::Int},
    {"NS_MAX_METADATA_TAGS", ItemType::Int},
    {"NS_MAX_METADATA_LENGTH", ItemType::Int},
    {"NS_MAX_REGISTRATIONS", ItemType::Int},
    {"NS_REGEX_TIME_BUDGET", ItemType::Float},
    {"SIGNAL_QUEUE", ItemType::Int},
    {"MAX_INFLATE_RATIO", ItemType::Int},
    {"MAX_DECODE_ITEMS_PER_BYTE", ItemType::Int},
};

using Values = std::array<QVariant, ItemCount>;

const Values &defaults()
{
    static const Values values = [] {
        Values v;
        const QString empty = u""_s;
        v[Host] = u"localhost"_s;
        v[NsHost] = u"localhost"_s;
        v[NsPort] = qlonglong(9090);
        v[NsBcPort] = qlonglong(9091);
        v[NsBcHost] = PyroValues::none();
        v[NsAutoClean] = 0.0;
        v[NsLookupDelay] = 0.0;
        v[NatHost] = PyroValues::none();
        v[NatPort] = qlonglong(0);
        v[Compression] = false;
        v[ServerType] = u"thread"_s;
        v[CommTimeout] = 0.0;
        v[PollTimeout] = 2.0;
        v[MaxRetries] = qlonglong(0);
        v[SockReuse] = true;
        v[SockNoDelay] = false;
        v[DetailedTraceback] = false;
        v[ThreadPoolSize] = qlonglong(80);
        v[ThreadPoolSizeMin] = qlonglong(4);
        v[MaxMessageSize] = qlonglong(1024) * 1024 * 1024;
        v[BroadcastAddrs] = QStringList{u"<broadcast>"_s, u"0.0.0.0"_s};
        v[PreferIpVersion] = qlonglong(0);
        v[Serializer] = u"serpent"_s;
        v[SerpentBytesRepr] = false;
        v[IterStreaming] = true;
        v[IterStreamLifetime] = 0.0;
        v[IterStreamLinger] = 30.0;
        // Pyro5 takes these two from PYRO_LOGFILE / PYRO_LOGLEVEL when it is imported;
        // without them they are "pyro5.log" and None.
        v[LogFile] = u"pyro5.log"_s;
        v[LogLevel] = PyroValues::none();
        v[LogWire] = false;
        v[Ssl] = false;
        v[SslServerCert] = empty;
        v[SslServerKey] = empty;
        v[SslServerKeyPasswd] = empty;
        v[SslRequireClientCert] = false;
        v[SslClientCert] = empty;
        v[SslClientKey] = empty;
        v[SslClientKeyPasswd] = empty;
        v[SslCaCerts] = empty;
        v[MaxConnections] = qlonglong(1000);
        v[MaxStreamsPerClient] = qlonglong(200);
        v[MaxOnewayInFlight] = qlonglong(16);
        v[HandshakeTimeout] = 10.0;
        v[MaxReplyBuffer] = qlonglong(8 * 1024 * 1024);
        v[ReplyDrainTimeout] = 10.0;
        // Name server quotas (docs/security.md): generous for real registries, small
        // enough that no client can make the server hold gigabytes or spin for seconds.
        v[NsMaxNameLength] = qlonglong(1024);
        v[NsMaxUriLength] = qlonglong(2048);
        v[NsMaxMetadataTags] = qlonglong(1024);
        v[NsMaxMetadataLength] = qlonglong(65536);
        v[NsMaxRegistrations] = qlonglong(100000);
        v[NsRegexTimeBudget] = 1.0;
        v[SignalQueue] = qlonglong(1000);
        v[MaxInflateRatio] = qlonglong(16);
        v[MaxDecodeItemsPerByte] = qlonglong(1);
        return v;
    }();
    return values;
}

int itemIndex(QStringView name)
{
    for (int i = 0; i < ItemCount; ++i) {
        if (name.compare(QLatin1StringView(itemInfo[i].name), Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

// Python's str.isspace(): Qt's notion plus the four ASCII separators 0x1c..0x1f.
bool isPythonSpace(QChar c)
{
    return c.isSpace() || (c.unicode() >= 0x1c && c.unicode() <= 0x1f);
}

QStringView pythonStrip(QStringView text)
{
    while (!text.isEmpty() && isPythonSpace(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isPythonSpace(text.back()))
        text.chop(1);
    return text;
}

// Python's int() and float() accept any Unicode decimal digit (Nd) in place of 0-9;
// everything else non-ASCII is refused. Returns false for text that cannot be a number.
bool toAsciiNumber(QStringView text, QByteArray *out)
{
    out->clear();
    out->reserve(text.size());
    for (QChar c : text) {
        if (c.unicode() < 0x80) {
            out->append(char(c.unicode()));
        } else if (c.category() == QChar::Number_DecimalDigit && c.digitValue() >= 0) {
            out->append(char('0' + c.digitValue()));
        } else {
            return false;
        }
    }
    return true;
}

bool isAsciiDigit(char c)
{
    return c >= '0' && c <= '9';
}

// An underscore may only stand between two digits ("1_000", "1_0e1_0"); strips them.
bool removeDigitSeparators(QByteArray *text)
{
    if (!text->contains('_'))
        return true;
    QByteArray result;
    result.reserve(text->size());
    for (qsizetype i = 0; i < text->size(); ++i) {
        const char c = text->at(i);
        if (c == '_') {
            if (i == 0 || i + 1 >= text->size() || !isAsciiDigit(text->at(i - 1))
                || !isAsciiDigit(text->at(i + 1)))
                return false;
            continue;
        }
        result.append(c);
    }
    *text = result;
    return true;
}

// The ASCII form of a number's text as Python's int() and float() read it (stripped,
// Unicode digits as ASCII, "_" separators removed) and whether it has a minus sign.
bool numberText(QStringView text, QByteArray *ascii, bool *negative)
{
    if (!toAsciiNumber(pythonStrip(text), ascii) || !removeDigitSeparators(ascii))
        return false;
    *negative = ascii->startsWith('-');
    return true;
}

// Python's int(text) for base 10, limited to what a qint64 holds.
bool parsePythonInt(QStringView text, qint64 *value)
{
    QByteArray ascii;
    bool negative = false;
    if (!numberText(text, &ascii, &negative))
        return false;
    qsizetype i = negative || ascii.startsWith('+') ? 1 : 0;
    if (i >= ascii.size())
        return false;
    // Accumulate negatively so that INT64_MIN fits.
    qint64 result = 0;
    for (; i < ascii.size(); ++i) {
        if (!isAsciiDigit(ascii[i]))
            return false;
        const int digit = ascii[i] - '0';
        if (result < (std::numeric_limits<qint64>::min() + digit) / 10)
            return false;
        result = result * 10 - digit;
    }
    if (!negative) {
        if (result == std::numeric_limits<qint64>::min())
            return false;
        result = -result;
    }
    *value = result;
    return true;
}

// Python's float(text): decimal literals with optional exponent, "inf"/"infinity"/"nan"
// in any case, overflow to +-inf and underflow to +-0.0 instead of an error.
bool parsePythonFloat(QStringView text, double *value)
{
    QByteArray ascii;
    bool negative = false;
    if (!numberText(text, &ascii, &negative))
        return false;
    const QByteArray body = ascii.sliced(negative || ascii.startsWith('+') ? 1 : 0).toLower();
    const double sign = negative ? -1.0 : 1.0;
    if (body == "inf" || body == "infinity") {
        *value = sign * std::numeric_limits<double>::infinity();
        return true;
    }
    if (body == "nan") {
        *value = std::copysign(std::numeric_limits<double>::quiet_NaN(), sign);
        return true;
    }
    // from_chars would take a second sign, hex or "nan(...)"; Python's float() does not.
    if (body.isEmpty() || !(isAsciiDigit(body[0]) || body[0] == '.'))
        return false;
    for (char c : body) {
        if (!isAsciiDigit(c) && c != '.' && c != 'e' && c != '+' && c != '-')
            return false;
    }
    double result = 0;
    if (!PyroText::decimalToDouble(body.constData(), body.constData() + body.size(), &result))
        return false;
    *value = sign * result;
    return true;
}

enum class BoolText { False, True, Invalid };

BoolText parsePythonBool(QStringView text)
{
    const QString lower = text.toString().toLower();
    if (lower == "0"_L1 || lower == "off"_L1 || lower == "no"_L1 || lower == "false"_L1)
        return BoolText::False;
    if (lower == "1"_L1 || lower == "yes"_L1 || lower == "on"_L1 || lower == "true"_L1)
        return BoolText::True;
    return BoolText::Invalid;
}

QStringList parsePythonList(QStringView text)
{
    QStringList list;
    for (QStringView part : text.split(u','))
        list.append(pythonStrip(part).toString());
    return list;
}

bool inRange(ItemType type, qint64 value)
{
    if (type == ItemType::Int)
        return value >= std::numeric_limits<int>::min() && value <= std::numeric_limits<int>::max();
    return true;
}

// Text to the item's type, the way Pyro5 converts PYRO_* values.
bool convertText(ItemType type, QStringView text, QVariant *out)
{
    switch (type) {
    case ItemType::String:
    case ItemType::OptionalString:
        *out = text.toString();
        return true;
    case ItemType::Int:
    case ItemType::Int64: {
        qint64 v = 0;
        if (!parsePythonInt(text, &v) || !inRange(type, v))
            return false;
        *out = qlonglong(v);
        return true;
    }
    case ItemType::Float: {
        double v = 0;
        if (!parsePythonFloat(text, &v))
            return false;
        *out = v;
        return true;
    }
    case ItemType::Bool: {
        const BoolText b = parsePythonBool(text);
        if (b == BoolText::Invalid)
            return false;
        *out = b == BoolText::True;
        return true;
    }
    case ItemType::StringList:
        *out = parsePythonList(text);
        return true;
    }
    return false;
}

bool isIntKind(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::Short:
    case QMetaType::UShort:
        return true;
    default:
        return false;
    }
}

// Any QVariant to the item's type; strings go through convertText().
bool convertValue(ItemType type, const QVariant &in, QVariant *out)
{
    if (in.typeId() == QMetaType::QString)
        return convertText(type, in.toString(), out);
    switch (type) {
    case ItemType::String:
        return false;
    case ItemType::OptionalString:
        if (!PyroValues::isNone(in))
            return false;
        *out = PyroValues::none();
        return true;
    case ItemType::Int:
    case ItemType::Int64: {
        if (!isIntKind(in))
            return false;
        if (in.typeId() == QMetaType::ULongLong
            && in.toULongLong() > quint64(std::numeric_limits<qint64>::max()))
            return false;
        const qint64 v = in.toLongLong();
        if (!inRange(type, v))
            return false;
        *out = qlonglong(v);
        return true;
    }
    case ItemType::Float:
        if (in.typeId() == QMetaType::Double || in.typeId() == QMetaType::Float || isIntKind(in)) {
            *out = in.toDouble();
            return true;
        }
        return false;
    case ItemType::Bool:
        if (in.typeId() == QMetaType::Bool) {
            *out = in.toBool();
            return true;
        }
        // 0 and 1, like the texts "0" and "1".
        if (isIntKind(in) && (in.toLongLong() == 0 || in.toLongLong() == 1)) {
            *out = in.toLongLong() == 1;
            return true;
        }
        return false;
    case ItemType::StringList: {
        if (in.typeId() == QMetaType::QStringList) {
            *out = in.toStringList();
            return true;
        }
        QVariantList items;
        if (in.typeId() == QMetaType::QVariantList)
            items = in.toList();
        else if (in.typeId() == qMetaTypeId<PyroTuple>())
            items = in.value<PyroTuple>().items();
        else
            return false;
        QStringList list;
        for (const QVariant &item : items) {
            if (item.typeId() != QMetaType::QString)
                return false;
            list.append(item.toString());
        }
        *out = list;
        return true;
    }
    }
    return false;
}

const char *typeDescription(ItemType type)
{
    switch (type) {
    case ItemType::String: return "a string";
    case ItemType::OptionalString: return "a string or None";
    case ItemType::Int: return "an int (32-bit range)";
    case ItemType::Int64: return "an int";
    case ItemType::Float: return "a float";
    case ItemType::Bool: return "a bool (0/off/no/false or 1/yes/on/true)";
    case ItemType::StringList: return "a comma separated list";
    }
    return "";
}

bool isPasswordItem(int index)
{
    return index == SslServerKeyPasswd || index == SslClientKeyPasswd;
}

// Python's str() of a config value (what Pyro5's dump() prints); repr=true gives repr().
QString pythonText(const QVariant &value, bool repr)
{
    if (PyroValues::isNone(value))
        return u"None"_s;
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? u"True"_s : u"False"_s;
    case QMetaType::Double:
        return QString::fromLatin1(PyroValues::floatRepr(value.toDouble()));
    case QMetaType::LongLong:
        return QString::number(value.toLongLong());
    case QMetaType::QStringList: {
        QStringList parts;
        for (const QString &s : value.toStringList())
            parts.append(PyroValues::pythonRepr(s));
        return u'[' + parts.join(u", "_s) + u']';
    }
    case QMetaType::QString:
        return repr ? PyroValues::pythonRepr(value) : value.toString();
    default:
        return value.toString();
    }
}

QString displayText(int index, const QVariant &value, bool repr)
{
    if (isPasswordItem(index) && !value.toString().isEmpty())
        return u"***"_s;
    return pythonText(value, repr);
}

} // namespace

class PyroConfigData : public QSharedData
{
public:
    Values values = defaults();
};

PyroConfig::PyroConfig() : d(new PyroConfigData) { }
PyroConfig::PyroConfig(const PyroConfig &other) = default;
PyroConfig::PyroConfig(PyroConfig &&other) noexcept = default;
PyroConfig &PyroConfig::operator=(const PyroConfig &other) = default;
PyroConfig &PyroConfig::operator=(PyroConfig &&other) noexcept = default;
PyroConfig::~PyroConfig() = default;

PyroConfig PyroConfig::fromEnvironment(const QProcessEnvironment &environment, QStringList *errors)
{
    PyroConfig config;
    const auto report = [errors](const QString &message) {
        if (errors)
            errors->append(message);
    };
    const QStringList keys = environment.keys();
    for (const QString &key : keys) {
        QString name = key;
#ifdef Q_OS_WIN
        // Python's os.environ upper-cases the names on Windows.
        name = name.toUpper();
#endif
        if (!name.startsWith("PYRO_"_L1))
            continue;
        const QString value = environment.value(key);
        const QStringView itemName = QStringView(name).sliced(5);
        int index = -1;
        for (int i = 0; i < PyroItemCount; ++i) {
            // Python compares the names case-sensitively.
            if (itemName == QLatin1StringView(itemInfo[i].name)) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            report(u"invalid Pyro environment config variable: "_s + name);
            continue;
        }
        const ItemType type = itemInfo[index].type;
        QVariant converted;
        if (!convertText(type, value, &converted)) {
            if (type == ItemType::Bool)
                report(u"invalid boolean value: "_s + name + u'=' + value.toLower());
            else
                report(u"invalid Pyro environment config value: "_s + name + u'=' + value);
            continue;
        }
        config.d->values[index] = converted;
    }

    for (int index = PyroItemCount; index < ItemCount; ++index) {
        const QString name = "QTPYRO_"_L1 + QLatin1StringView(itemInfo[index].name);
        if (!environment.contains(name))
            continue;
        const QString value = environment.value(name);
        QVariant converted;
        if (!convertText(itemInfo[index].type, value, &converted)) {
            report(u"invalid QtPyro environment config value: "_s + name + u'=' + value);
            continue;
        }
        config.d->values[index] = converted;
    }
    return config;
}

PyroConfig PyroConfig::fromEnvironment(QStringList *errors)
{
    return fromEnvironment(QProcessEnvironment::systemEnvironment(), errors);
}

namespace {
struct GlobalConfig
{
    QMutex mutex;
    std::optional<PyroConfig> config;
};
Q_GLOBAL_STATIC(GlobalConfig, globalConfig)
} // namespace

PyroConfig PyroConfig::global()
{
    GlobalConfig *g = globalConfig();
    if (!g)
        return PyroConfig(); // during static destruction
    {
        QMutexLocker locker(&g->mutex);
        if (g->config)
            return *g->config;
    }
    // Read outside the lock: logging may run a message handler that asks for the config.
    QStringList errors;
    const PyroConfig fromEnv = fromEnvironment(&errors);
    bool installed = false;
    PyroConfig result;
    {
        QMutexLocker locker(&g->mutex);
        if (!g->config) {
            g->config = fromEnv;
            installed = true;
        }
        result = *g->config;
    }
    if (installed) {
        for (const QString &error : std::as_const(errors))
            qCWarning(lcPyroConfig).noquote() << error << "(the default is used)";
    }
    return result;
}

void PyroConfig::setGlobal(const PyroConfig &config)
{
    GlobalConfig *g = globalConfig();
    if (!g)
        return;
    QMutexLocker locker(&g->mutex);
    g->config = config;
}

QStringList PyroConfig::itemNames()
{
    QStringList names;
    names.reserve(PyroItemCount);
    for (int i = 0; i < PyroItemCount; ++i)
        names.append(QLatin1StringView(itemInfo[i].name));
    return names;
}

QStringList PyroConfig::extensionItemNames()
{
    QStringList names;
    for (int i = PyroItemCount; i < ItemCount; ++i)
        names.append(QLatin1StringView(itemInfo[i].name));
    return names;
}

bool PyroConfig::isItem(QStringView name)
{
    const int index = itemIndex(name);
    return index >= 0 && index < PyroItemCount;
}

QVariant PyroConfig::defaultValue(QStringView name)
{
    const int index = itemIndex(name);
    return index < 0 ? QVariant() : defaults()[index];
}

QVariant PyroConfig::value(QStringView name) const
{
    const int index = itemIndex(name);
    return index < 0 ? QVariant() : d->values[index];
}

bool PyroConfig::setValue(QStringView name, const QVariant &value, PyroError *error)
{
    const int index = itemIndex(name);
    if (index < 0) {
        if (error)
            *error = PyroError(PyroError::Code::PyroError,
                               u"unknown config item: "_s + name.toString());
        return false;
    }
    QVariant converted;
    if (!convertValue(itemInfo[index].type, value, &converted)) {
        if (error) {
            const QString shown = value.typeId() == QMetaType::QString
                ? PyroValues::pythonRepr(value.toString())
                : PyroValues::pythonTypeName(value);
            *error = PyroError(PyroError::Code::PyroError,
                               u"invalid value for config item %1: %2 (expected %3)"_s
                                   .arg(QLatin1StringView(itemInfo[index].name), shown,
                                        QLatin1StringView(typeDescription(itemInfo[index].type))));
        }
        return false;
    }
    d->values[index] = converted;
    if (error)
        *error = PyroError();
    return true;
}

QString PyroConfig::dump() const
{
    QString text;
    for (int i = 0; i < ItemCount; ++i) {
        if (i == PyroItemCount)
            text += u"QtPyro extensions:\n"_s;
        text += QLatin1StringView(itemInfo[i].name) + u" = "_s
            + displayText(i, d->values[i], false) + u'\n';
    }
    return text;
}

// ---- typed accessors -------------------------------------------------------------------

namespace {
QString stringOrNull(const QVariant &v)
{
    return PyroValues::isNone(v) ? QString() : v.toString();
}
QVariant noneIfNull(const QString &s)
{
    return s.isNull() ? PyroValues::none() : QVariant(s);
}
int clampedInt(qint64 v)
{
    return int(std::clamp<qint64>(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}
} // namespace

#define PYRO_STRING_ITEM(getter, setter, item) \
    QString PyroConfig::getter() const { return d->values[item].toString(); } \
    void PyroConfig::setter(const QString &v) { d->values[item] = v; }
#define PYRO_OPTIONAL_STRING_ITEM(getter, setter, item) \
    QString PyroConfig::getter() const { return stringOrNull(d->values[item]); } \
    void PyroConfig::setter(const QString &v) { d->values[item] = noneIfNull(v); }
#define PYRO_INT_ITEM(getter, setter, item) \
    int PyroConfig::getter() const { return clampedInt(d->values[item].toLongLong()); } \
    void PyroConfig::setter(int v) { d->values[item] = qlonglong(v); }
#define PYRO_FLOAT_ITEM(getter, setter, item) \
    double PyroConfig::getter() const { return d->values[item].toDouble(); } \
    void PyroConfig::setter(double v) { d->values[item] = v; }
#define PYRO_BOOL_ITEM(getter, setter, item) \
    bool PyroConfig::getter() const { return d->values[item].toBool(); } \
    void PyroConfig::setter(bool v) { d->values[item] = v; }

PYRO_STRING_ITEM(host, setHost, Host)
PYRO_STRING_ITEM(nsHost, setNsHost, NsHost)
PYRO_INT_ITEM(nsPort, setNsPort, NsPort)
PYRO_INT_ITEM(nsBroadcastPort, setNsBroadcastPort, NsBcPort)
PYRO_OPTIONAL_STRING_ITEM(nsBroadcastHost, setNsBroadcastHost, NsBcHost)
PYRO_FLOAT_ITEM(nsAutoClean, setNsAutoClean, NsAutoClean)
PYRO_FLOAT_ITEM(nsLookupDelay, setNsLookupDelay, NsLookupDelay)
PYRO_OPTIONAL_STRING_ITEM(natHost, setNatHost, NatHost)
PYRO_INT_ITEM(natPort, setNatPort, NatPort)
PYRO_BOOL_ITEM(compression, setCompression, Compression)
PYRO_STRING_ITEM(serverType, setServerType, ServerType)
PYRO_FLOAT_ITEM(commTimeout, setCommTimeout, CommTimeout)
PYRO_FLOAT_ITEM(pollTimeout, setPollTimeout, PollTimeout)
PYRO_INT_ITEM(maxRetries, setMaxRetries, MaxRetries)
PYRO_BOOL_ITEM(sockReuse, setSockReuse, SockReuse)
PYRO_BOOL_ITEM(sockNoDelay, setSockNoDelay, SockNoDelay)
PYRO_BOOL_ITEM(detailedTraceback, setDetailedTraceback, DetailedTraceback)
PYRO_INT_ITEM(threadPoolSize, setThreadPoolSize, ThreadPoolSize)
PYRO_INT_ITEM(threadPoolSizeMin, setThreadPoolSizeMin, ThreadPoolSizeMin)
PYRO_INT_ITEM(preferIpVersion, setPreferIpVersion, PreferIpVersion)
PYRO_STRING_ITEM(serializer, setSerializer, Serializer)
PYRO_BOOL_ITEM(serpentBytesRepr, setSerpentBytesRepr, SerpentBytesRepr)
PYRO_BOOL_ITEM(iterStreaming, setIterStreaming, IterStreaming)
PYRO_FLOAT_ITEM(iterStreamLifetime, setIterStreamLifetime, IterStreamLifetime)
PYRO_FLOAT_ITEM(iterStreamLinger, setIterStreamLinger, IterStreamLinger)
PYRO_BOOL_ITEM(logWire, setLogWire, LogWire)
PYRO_BOOL_ITEM(ssl, setSsl, Ssl)
PYRO_STRING_ITEM(sslServerCert, setSslServerCert, SslServerCert)
PYRO_STRING_ITEM(sslServerKey, setSslServerKey, SslServerKey)
PYRO_STRING_ITEM(sslServerKeyPassword, setSslServerKeyPassword, SslServerKeyPasswd)
PYRO_BOOL_ITEM(sslRequireClientCert, setSslRequireClientCert, SslRequireClientCert)
PYRO_STRING_ITEM(sslClientCert, setSslClientCert, SslClientCert)
PYRO_STRING_ITEM(sslClientKey, setSslClientKey, SslClientKey)
PYRO_STRING_ITEM(sslClientKeyPassword, setSslClientKeyPassword, SslClientKeyPasswd)
PYRO_STRING_ITEM(sslCaCerts, setSslCaCerts, SslCaCerts)
PYRO_INT_ITEM(maxConnections, setMaxConnections, MaxConnections)
PYRO_INT_ITEM(maxStreamsPerClient, setMaxStreamsPerClient, MaxStreamsPerClient)
PYRO_INT_ITEM(maxOnewayInFlight, setMaxOnewayInFlight, MaxOnewayInFlight)
PYRO_FLOAT_ITEM(handshakeTimeout, setHandshakeTimeout, HandshakeTimeout)
PYRO_FLOAT_ITEM(replyDrainTimeout, setReplyDrainTimeout, ReplyDrainTimeout)
PYRO_INT_ITEM(nsMaxNameLength, setNsMaxNameLength, NsMaxNameLength)
PYRO_INT_ITEM(nsMaxUriLength, setNsMaxUriLength, NsMaxUriLength)
PYRO_INT_ITEM(nsMaxMetadataTags, setNsMaxMetadataTags, NsMaxMetadataTags)
PYRO_INT_ITEM(nsMaxMetadataLength, setNsMaxMetadataLength, NsMaxMetadataLength)
PYRO_INT_ITEM(nsMaxRegistrations, setNsMaxRegistrations, NsMaxRegistrations)
PYRO_FLOAT_ITEM(nsRegexTimeBudget, setNsRegexTimeBudget, NsRegexTimeBudget)
PYRO_INT_ITEM(signalQueue, setSignalQueue, SignalQueue)
PYRO_INT_ITEM(maxInflateRatio, setMaxInflateRatio, MaxInflateRatio)
PYRO_INT_ITEM(maxDecodeItemsPerByte, setMaxDecodeItemsPerByte, MaxDecodeItemsPerByte)

#undef PYRO_STRING_ITEM
#undef PYRO_OPTIONAL_STRING_ITEM
#undef PYRO_INT_ITEM
#undef PYRO_FLOAT_ITEM
#undef PYRO_BOOL_ITEM

qint64 PyroConfig::maxMessageSize() const { return d->values[MaxMessageSize].toLongLong(); }
void PyroConfig::setMaxMessageSize(qint64 bytes) { d->values[MaxMessageSize] = qlonglong(bytes); }
qint64 PyroConfig::maxReplyBuffer() const { return d->values[MaxReplyBuffer].toLongLong(); }
void PyroConfig::setMaxReplyBuffer(qint64 bytes) { d->values[MaxReplyBuffer] = qlonglong(bytes); }
QStringList PyroConfig::broadcastAddresses() const { return d->values[BroadcastAddrs].toStringList(); }
void PyroConfig::setBroadcastAddresses(const QStringList &addresses) { d->values[BroadcastAddrs] = addresses; }
QString PyroConfig::logFile() const { return d->values[LogFile].toString(); }
QString PyroConfig::logLevel() const { return stringOrNull(d->values[LogLevel]); }

bool operator==(const PyroConfig &a, const PyroConfig &b)
{
    if (a.d == b.d)
        return true;
    for (int i = 0; i < ItemCount; ++i) {
        if (!PyroValues::identical(a.d->values[i], b.d->values[i]))
            return false;
    }
    return true;
}

QDebug operator<<(QDebug debug, const PyroConfig &config)
{
    QDebugStateSaver saver(debug);
    debug.nospace().noquote() << "PyroConfig(";
    const Values &defaultValues = defaults();
    bool first = true;
    const QStringList names = PyroConfig::itemNames() + PyroConfig::extensionItemNames();
    for (int i = 0; i < ItemCount; ++i) {
        const QVariant value = config.value(names.at(i));
        if (PyroValues::identical(value, defaultValues[i]))
            continue;
        if (!first)
            debug << ", ";
        first = false;
        debug << names.at(i) << '=' << displayText(i, value, true);
    }
    debug << ')';
    return debug;
}
