// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "pyroplugins_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QLoggingCategory>
#include <QtCore/QPluginLoader>
#include <QtCore/QProcessEnvironment>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPyroPlugins, "qtpyro.plugins", QtWarningMsg)

namespace PyroPlugins {

QStringList searchDirectories()
{
    QStringList dirs;
    const QString env = qEnvironmentVariable("QTPYRO_PLUGIN_PATH");
    for (const QString &dir : env.split(u':', Qt::SkipEmptyParts))
        dirs.append(dir);
    // The build tree's plugins are found without set-up; a test can hide them to see
    // what a missing plugin looks like.
    if (!qEnvironmentVariableIsSet("QTPYRO_IGNORE_BUILD_PLUGINS"))
        dirs.append(QStringLiteral(QTPYRO_BUILD_PLUGIN_DIR));
    for (const QString &libraryPath : QCoreApplication::libraryPaths())
        dirs.append(libraryPath + u"/pyro"_s);
    dirs.append(QStringLiteral(QTPYRO_INSTALL_PLUGIN_DIR));
    dirs.removeDuplicates();
    return dirs;
}

static QStringList candidateFiles()
{
    QStringList files;
    for (const QString &dir : searchDirectories()) {
        const QDir d(dir);
        if (!d.exists())
            continue;
        for (const QFileInfo &info : d.entryInfoList(QDir::Files))
            if (QLibrary::isLibrary(info.fileName()))
                files.append(info.absoluteFilePath());
    }
    return files;
}

QObject *load(const char *iid, const std::function<bool(const QJsonObject &)> &accept,
              QString *searched)
{
    if (searched)
        *searched = searchDirectories().join(u", "_s);
    for (const QString &file : candidateFiles()) {
        QPluginLoader loader(file);
        const QJsonObject meta = loader.metaData();
        if (meta.value(u"IID"_s).toString() != QLatin1StringView(iid))
            continue;
        if (!accept(meta.value(u"MetaData"_s).toObject()))
            continue;
        QObject *instance = loader.instance();
        if (!instance) {
            qCWarning(lcPyroPlugins) << "cannot load plugin" << file << ':' << loader.errorString();
            continue;
        }
        qCDebug(lcPyroPlugins) << "loaded plugin" << file;
        return instance;
    }
    return nullptr;
}

QList<QJsonObject> available(const char *iid)
{
    QList<QJsonObject> result;
    for (const QString &file : candidateFiles()) {
        QPluginLoader loader(file);
        const QJsonObject meta = loader.metaData();
        if (meta.value(u"IID"_s).toString() == QLatin1StringView(iid))
            result.append(meta.value(u"MetaData"_s).toObject());
    }
    return result;
}

} // namespace PyroPlugins
