// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyrodecodeguard_p.h"
#include "pyroclassmapping_p.h"

#include <exception>
#include <limits>
#include <new>

using namespace Qt::StringLiterals;

namespace PyroDecodeGuard {

PyroDecodeOptions options(const PyroConfig &config, qsizetype payloadSize, PyroDecodeOptions base)
{
    const qint64 perByte = config.maxDecodeItemsPerByte();
    if (perByte <= 0)
        return base;
    const qint64 bytes = std::max<qint64>(payloadSize, 0);
    base.maxItems = bytes > (std::numeric_limits<qint64>::max() - MinItemAllowance) / perByte
        ? 0 : bytes * perByte + MinItemAllowance;
    return base;
}

namespace {

template<typename Fn>
bool guarded(PyroError *error, Fn fn)
{
    PyroError caught;
    try {
        return fn();
    } catch (const std::bad_alloc &) {
        caught = PyroClassMapping::outOfMemory();
    } catch (const std::exception &e) {
        caught = PyroClassMapping::serializeError(u"decoding failed: "_s + QString::fromLocal8Bit(e.what()));
    } catch (...) {
        caught = PyroClassMapping::serializeError(u"decoding failed"_s);
    }
    if (error)
        *error = caught;
    return false;
}

} // namespace

QVariant decode(const PyroSerializer *serializer, QByteArrayView data,
                const PyroDecodeOptions &options, PyroError *error)
{
    QVariant value;
    guarded(error, [&] {
        value = serializer->decode(data, options, error);
        return value.isValid();
    });
    return value;
}

bool decodeCall(const PyroSerializer *serializer, QByteArrayView data, PyroCall *call,
                const PyroDecodeOptions &options, PyroError *error)
{
    return guarded(error, [&] { return serializer->decodeCall(data, call, options, error); });
}

} // namespace PyroDecodeGuard
