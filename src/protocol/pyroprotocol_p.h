// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "pyroserializerid.h"

#include <QtCore/QtGlobal>

// Every Pyro5 wire constant, once (protocol 502).
namespace PyroProtocol {

constexpr char Tag[4] = {'P', 'Y', 'R', 'O'};
constexpr quint16 Version = 502;
constexpr quint16 Magic = 0x4dc5;
constexpr int HeaderSize = 40;
constexpr int AnnotationChunkHeaderSize = 8;
constexpr qint64 DefaultMaxMessageSize = 1073741824; // MAX_MESSAGE_SIZE
constexpr int CompressionThreshold = 100;            // payloads longer than this get compressed
constexpr int CompressionLevel = 4;

// Header field offsets.
namespace Offset {
constexpr int Tag = 0x00;
constexpr int Version = 0x04;
constexpr int Type = 0x06;
constexpr int SerializerId = 0x07;
constexpr int Flags = 0x08;
constexpr int Seq = 0x0a;
constexpr int DataSize = 0x0c;
constexpr int AnnotationsSize = 0x10;
constexpr int CorrelationId = 0x14;
constexpr int Reserved = 0x24;
constexpr int Magic = 0x26;
} // namespace Offset

enum MessageType : quint8 {
    MsgConnect = 1,
    MsgConnectOk = 2,
    MsgConnectFail = 3,
    MsgInvoke = 4,
    MsgResult = 5,
    MsgPing = 6,
};

enum Flag : quint16 {
    FlagException = 0x0001,
    FlagCompressed = 0x0002,
    FlagOneway = 0x0004,
    FlagBatch = 0x0008,
    FlagItemStreamResult = 0x0010,
    FlagKeepSerialized = 0x0020,
    FlagCorrelationId = 0x0040,
};

enum SerializerId : quint8 {
    SerializerSerpent = PyroSerializerIds::Serpent,
    SerializerMarshal = PyroSerializerIds::Marshal,
    SerializerJson = PyroSerializerIds::Json,
    SerializerMsgpack = PyroSerializerIds::Msgpack,
    SerializerPing = 42, // what Python puts in PING headers; never interpreted
};

// Annotation ids Pyro5 itself uses.
constexpr char AnnotationStream[4] = {'S', 'T', 'R', 'M'};
constexpr char AnnotationBlobInfo[4] = {'B', 'L', 'B', 'I'};

// Well-known object ids and names.
constexpr const char DaemonObjectId[] = "Pyro.Daemon";
constexpr const char NameServerObjectId[] = "Pyro.NameServer";
constexpr const char NameServerClassMetadata[] = "class:Pyro5.nameserver.NameServer";

// Special method names of INVOKE.
constexpr const char MethodGetAttr[] = "__getattr__";
constexpr const char MethodSetAttr[] = "__setattr__";
constexpr const char MethodBatch[] = "<batch>";

// UDP name server discovery.
constexpr const char BroadcastRequest[] = "GET_NSURI";
constexpr int BroadcastReadBuffer = 100;

// Pyro5.server.DaemonObject methods.
constexpr const char DaemonMethodGetMetadata[] = "get_metadata";
constexpr const char DaemonMethodNextStreamItem[] = "get_next_stream_item";
constexpr const char DaemonMethodCloseStream[] = "close_stream";
constexpr const char DaemonMethodPing[] = "ping";
constexpr const char DaemonMethodInfo[] = "info";
constexpr const char DaemonMethodRegistered[] = "registered";

} // namespace PyroProtocol
