// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QtCore/QString>

#include <functional>

class QWidget;

namespace PyroBrowser {

// Asks before a destructive action: a window-modal message box shown with open() (no
// nested event loop, so tests answer it by finding the box, objectName "confirmation",
// and clicking a button). onYes runs when the user agrees.
void confirm(QWidget *parent, const QString &title, const QString &text, std::function<void()> onYes);

} // namespace PyroBrowser
