// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "qtpyro_export.h"

#include <QtCore/QJsonObject>
#include <QtCore/QStringList>

#include <functional>

class QObject;

// Where QtPyro plugins are found: QTPYRO_PLUGIN_PATH (':'-separated), the library's own
// plugin folder (qt6/plugins/pyro next to libQtPyro: the install location, or in the build
// tree build/lib/qt6/plugins/pyro), and "pyro/" below each of Qt's library paths.
namespace PyroPlugins {

// qt6/plugins/pyro relative to the folder libQtPyro was loaded from.
QTPYRO_PRIVATE_EXPORT QString ownPluginDirectory();

QTPYRO_PRIVATE_EXPORT QStringList searchDirectories();

// Loads the first plugin in the search directories whose IID is iid and whose
// metadata (the JSON given to Q_PLUGIN_METADATA) satisfies accept. The plugin stays
// loaded for the life of the process. searched gets the directories that were looked in.
QTPYRO_PRIVATE_EXPORT QObject *load(const char *iid,
                                    const std::function<bool(const QJsonObject &)> &accept,
                                    QString *searched = nullptr);

// Metadata of every plugin with this IID in the search directories.
QTPYRO_PRIVATE_EXPORT QList<QJsonObject> available(const char *iid);

} // namespace PyroPlugins
