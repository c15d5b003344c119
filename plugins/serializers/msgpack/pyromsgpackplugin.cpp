// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyromsgpackserializer.h"

class PyroMsgpackPlugin : public PyroSerializerPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID PyroSerializerPlugin_iid FILE "msgpack.json")
    Q_INTERFACES(PyroSerializerPlugin)
public:
    std::unique_ptr<PyroSerializer> create() override
    {
        return std::make_unique<PyroMsgpackSerializer>();
    }
};

#include "pyromsgpackplugin.moc"
