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

#if defined(Q_OS_UNIX)
#include <dlfcn.h>
#endif

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcPyroPlugins, "qtpyro.plugins", QtWarningMsg)

namespace PyroPlugins {

// The folder of libQtPyro itself (empty where that cannot be told, e.g. a static build).
static QString libraryDirectory()
{
#if defined(Q_OS_UNIX)
    Dl_info info;
    if (dladdr(reinterpret_cast<const void *>(&libraryDirectory), &info) && info.dli_fname)
        return QFileInfo(QFile::decodeName(info.dli_fname)).canonicalPath();
#endif
    return {};
}

QString ownPluginDirectory()
{
    // No absolute path is compiled in: the plugins sit at the same place relative to the
    // library in the build tree (build/lib/qt6/plugins/pyro) and in an installed prefix
    // (<prefix>/lib/qt6/plugins/pyro), so an installed program never looks into a build
    // tree, and a prefix can be moved as a whole.
    const QString libDir = libraryDirectory();
    if (libDir.isEmpty())
        return QStringLiteral(QTPYRO_INSTALL_PLUGIN_DIR);
    return QDir::cleanPath(libDir + u'/' + QStringLiteral(QTPYRO_PLUGIN_DIR_FROM_LIBRARY));
}

QStringList searchDirectories()
{
    QStringList dirs;
    const QString env = qEnvironmentVariable("QTPYRO_PLUGIN_PATH");
    for (const QString &dir : env.split(QDir::listSeparator(), Qt::SkipEmptyParts))
        dirs.append(dir);
    // A test can hide the library's own plugins to see what a missing plugin looks like.
    if (!qEnvironmentVariableIsSet("QTPYRO_IGNORE_BUILD_PLUGINS"))
        dirs.append(ownPluginDirectory());
    for (const QString &libraryPath : QCoreApplication::libraryPaths())
        dirs.append(libraryPath + u"/pyro"_s);
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
