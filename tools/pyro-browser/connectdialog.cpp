// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "connectdialog.h"

#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QVBoxLayout>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

namespace {

QWidget *fileField(QLineEdit *edit, QWidget *parent, bool directoryAllowed)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit);
    auto *browse = new QPushButton(QObject::tr("Browse…"), row);
    layout->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, directoryAllowed] {
        auto *dialog = new QFileDialog(edit->window(), QObject::tr("Choose a file"), edit->text());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(directoryAllowed ? QFileDialog::AnyFile : QFileDialog::ExistingFile);
        QObject::connect(dialog, &QFileDialog::fileSelected, edit, &QLineEdit::setText);
        dialog->open();
    });
    return row;
}

} // namespace

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"connectDialog"_s);
    setWindowTitle(tr("Connect"));
    auto *layout = new QVBoxLayout(this);

    auto *form = new QFormLayout;
    m_kind = new QComboBox(this);
    m_kind->setObjectName(u"kind"_s);
    m_kind->addItems({tr("Name server at host:port"), tr("Name server by broadcast"),
                      tr("Name server on a Unix socket"), tr("Daemon URI (no name server)")});
    form->addRow(tr("Connect to"), m_kind);
    layout->addLayout(form);

    m_pages = new QStackedWidget(this);
    auto *hostPage = new QWidget;
    auto *hostForm = new QFormLayout(hostPage);
    m_host = new QLineEdit(u"localhost"_s, hostPage);
    m_host->setObjectName(u"host"_s);
    m_port = new QSpinBox(hostPage);
    m_port->setObjectName(u"port"_s);
    m_port->setRange(1, 65535);
    m_port->setValue(9090);
    hostForm->addRow(tr("Host"), m_host);
    hostForm->addRow(tr("Port"), m_port);
    m_pages->addWidget(hostPage);

    auto *bcPage = new QWidget;
    auto *bcForm = new QFormLayout(bcPage);
    m_broadcastPort = new QSpinBox(bcPage);
    m_broadcastPort->setObjectName(u"broadcastPort"_s);
    m_broadcastPort->setRange(1, 65535);
    m_broadcastPort->setValue(9091);
    bcForm->addRow(tr("Broadcast port"), m_broadcastPort);
    bcForm->addRow(new QLabel(tr("Asks PYRO_BROADCAST_ADDRS (default: the local network) for a name server."), bcPage));
    m_pages->addWidget(bcPage);

    auto *unixPage = new QWidget;
    auto *unixForm = new QFormLayout(unixPage);
    m_socket = new QLineEdit(unixPage);
    m_socket->setObjectName(u"socket"_s);
    unixForm->addRow(tr("Socket path"), fileField(m_socket, unixPage, false));
    m_pages->addWidget(unixPage);

    auto *uriPage = new QWidget;
    auto *uriForm = new QFormLayout(uriPage);
    m_uri = new QLineEdit(uriPage);
    m_uri->setObjectName(u"uri"_s);
    m_uri->setPlaceholderText(u"PYRO:object@host:port"_s);
    uriForm->addRow(tr("URI"), m_uri);
    m_pages->addWidget(uriPage);
    layout->addWidget(m_pages);

    auto *common = new QFormLayout;
    m_serializer = new QComboBox(this);
    m_serializer->setObjectName(u"serializer"_s);
    m_serializer->addItems({u"serpent"_s, u"json"_s, u"marshal"_s, u"msgpack"_s});
    common->addRow(tr("Serializer"), m_serializer);
    layout->addLayout(common);

    m_tls = new QGroupBox(tr("TLS"), this);
    m_tls->setObjectName(u"tls"_s);
    m_tls->setCheckable(true);
    m_tls->setChecked(false);
    auto *tlsForm = new QFormLayout(m_tls);
    m_caCerts = new QLineEdit(m_tls);
    m_clientCert = new QLineEdit(m_tls);
    m_clientKey = new QLineEdit(m_tls);
    tlsForm->addRow(tr("CA certificates"), fileField(m_caCerts, m_tls, true));
    tlsForm->addRow(tr("Client certificate"), fileField(m_clientCert, m_tls, false));
    tlsForm->addRow(tr("Client key"), fileField(m_clientKey, m_tls, false));
    layout->addWidget(m_tls);

    layout->addWidget(new QLabel(tr("Recent connections"), this));
    m_recent = new QListWidget(this);
    m_recent->setObjectName(u"recent"_s);
    m_recentList = recentConnections();
    for (const ConnectionSettings &s : std::as_const(m_recentList))
        m_recent->addItem(s.title() + u"  ("_s + s.serializer + (s.ssl ? u", TLS)"_s : u")"_s));
    connect(m_recent, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_recentList.size())
            setSettings(m_recentList.at(row));
    });
    connect(m_recent, &QListWidget::itemActivated, this, &QDialog::accept);
    layout->addWidget(m_recent);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateKind);
    if (!m_recentList.isEmpty())
        setSettings(m_recentList.first());
    updateKind();
}

void ConnectDialog::updateKind()
{
    m_pages->setCurrentIndex(m_kind->currentIndex());
}

// The combo's order: host:port, broadcast, unix, uri.
static int pageOf(ConnectionSettings::Kind kind)
{
    switch (kind) {
    case ConnectionSettings::Kind::HostPort: return 0;
    case ConnectionSettings::Kind::Broadcast: return 1;
    case ConnectionSettings::Kind::UnixSocket: return 2;
    case ConnectionSettings::Kind::DaemonUri: return 3;
    }
    return 0;
}

void ConnectDialog::setSettings(const ConnectionSettings &s)
{
    m_kind->setCurrentIndex(pageOf(s.kind));
    m_host->setText(s.host);
    if (s.kind == ConnectionSettings::Kind::Broadcast)
        m_broadcastPort->setValue(s.port);
    else
        m_port->setValue(s.port);
    m_socket->setText(s.socketPath);
    m_uri->setText(s.uri);
    m_serializer->setCurrentText(s.serializer);
    m_tls->setChecked(s.ssl);
    m_caCerts->setText(s.caCerts);
    m_clientCert->setText(s.clientCert);
    m_clientKey->setText(s.clientKey);
}

ConnectionSettings ConnectDialog::settings() const
{
    static const ConnectionSettings::Kind kinds[] = {ConnectionSettings::Kind::HostPort,
                                                     ConnectionSettings::Kind::Broadcast,
                                                     ConnectionSettings::Kind::UnixSocket,
                                                     ConnectionSettings::Kind::DaemonUri};
    ConnectionSettings s;
    s.kind = kinds[m_kind->currentIndex()];
    s.host = m_host->text().trimmed();
    s.port = s.kind == ConnectionSettings::Kind::Broadcast ? m_broadcastPort->value() : m_port->value();
    s.socketPath = m_socket->text().trimmed();
    s.uri = m_uri->text().trimmed();
    s.serializer = m_serializer->currentText();
    s.ssl = m_tls->isChecked();
    s.caCerts = m_caCerts->text().trimmed();
    s.clientCert = m_clientCert->text().trimmed();
    s.clientKey = m_clientKey->text().trimmed();
    return s;
}

} // namespace PyroBrowser
