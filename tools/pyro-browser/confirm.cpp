// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "confirm.h"

#include <QtWidgets/QMessageBox>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

void confirm(QWidget *parent, const QString &title, const QString &text, std::function<void()> onYes)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Yes | QMessageBox::Cancel, parent);
    box->setObjectName(u"confirmation"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(box, &QMessageBox::finished, box, [onYes = std::move(onYes)](int result) {
        if (result == QMessageBox::Yes)
            onYes();
    });
    box->open();
}

} // namespace PyroBrowser
