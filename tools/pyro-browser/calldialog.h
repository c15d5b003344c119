// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#pragma once

#include "browserliterals.h"
#include "objectmodels.h"

#include "pyrouri.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QPointer>
#include <QtWidgets/QDialog>

class PyroProxy;
class PyroStream;
class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QToolButton;
class QTreeView;

namespace PyroBrowser {

class BrowserSession;
class CallHistoryModel;
class ValueTreeModel;

/*
 * Calls one method of an object: arguments and keyword arguments typed as Python
 * literals (checked as they are typed, the error's position marked), the serializer for
 * this call, oneway. The result shows as a tree of typed values and as a literal; a
 * stream's items appear as they arrive until Stop; a remote exception with its
 * traceback. Each call goes into the object's history. Non-modal; the call is async.
 */
class CallDialog : public QDialog
{
    Q_OBJECT
public:
    enum class CopyFormat { Python, Cpp, PyroCall };

    CallDialog(BrowserSession *session, const PyroUri &uri, const ObjectMetadata &metadata,
               CallHistoryModel *history, QWidget *parent = nullptr);
    ~CallDialog() override;

    void setMethod(const QString &method);
    void setArgumentsText(const QString &text);
    void setKeywordArgumentsText(const QString &text);
    void setSerializer(const QString &serializer);     // empty: the connection's
    void setOneway(bool oneway);
    // Fills the fields from a recorded call.
    void setCall(const CallText &call);

    bool isValid() const;
    bool isRunning() const;
    QString validationText() const;
    QString copyText(CopyFormat format) const;
    CallText currentCall() const;

    ValueTreeModel *resultModel() const { return m_result; }
    QString rawText() const;
    QString errorText() const;
    QString timingText() const;
    int streamedItems() const { return m_items; }

public Q_SLOTS:
    void call();
    void stop();

Q_SIGNALS:
    void callFinished(bool ok);
    void streamItemReceived(int count);

private:
    void validate();
    void finish(bool ok, const QString &summary);
    PyroProxy *proxyFor(const QString &serializer);

    BrowserSession *m_session;
    PyroUri m_uri;
    ObjectMetadata m_metadata;
    QPointer<CallHistoryModel> m_history;
    QHash<QString, PyroProxy *> m_proxies;
    QComboBox *m_method;
    QPlainTextEdit *m_args;
    QPlainTextEdit *m_kwargs;
    QLabel *m_validation;
    QComboBox *m_serializer;
    QCheckBox *m_oneway;
    QPushButton *m_callButton;
    QPushButton *m_stopButton;
    QToolButton *m_copyButton;
    QTabWidget *m_results;
    QTreeView *m_tree;
    ValueTreeModel *m_result;
    QPlainTextEdit *m_raw;
    QPlainTextEdit *m_error;
    QLabel *m_timing;
    QPointer<PyroStream> m_stream;
    QElapsedTimer m_timer;
    double m_roundTrip = -1;
    bool m_running = false;
    bool m_connecting = false;
    bool m_valid = true;
    int m_items = 0;
    int m_historyRow = -1;
};

} // namespace PyroBrowser
