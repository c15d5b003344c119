// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "connectionsettings.h"

#include <QtWidgets/QDialog>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QStackedWidget;

namespace PyroBrowser {

// Where to connect: broadcast, host:port, Unix socket or a daemon URI; the serializer and
// TLS files; the recent connections to pick from.
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget *parent = nullptr);
    void setSettings(const ConnectionSettings &settings);
    ConnectionSettings settings() const;

private:
    void updateKind();
    QComboBox *m_kind;
    QStackedWidget *m_pages;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QSpinBox *m_broadcastPort;
    QLineEdit *m_socket;
    QLineEdit *m_uri;
    QComboBox *m_serializer;
    QGroupBox *m_tls;
    QLineEdit *m_caCerts;
    QLineEdit *m_clientCert;
    QLineEdit *m_clientKey;
    QListWidget *m_recent;
    QList<ConnectionSettings> m_recentList;
};

} // namespace PyroBrowser
