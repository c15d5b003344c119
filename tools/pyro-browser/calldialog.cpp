// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT
#include "calldialog.h"

#include "browsersession.h"
#include "recordmodels.h"
#include "valuetreemodel.h"

#include "pyroproxy.h"
#include "pyrostream.h"

#include <QtGui/QClipboard>
#include <QtGui/QFontDatabase>
#include <QtGui/QTextCursor>
#include <QtGui/QGuiApplication>
#include <QtGui/QKeySequence>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenu>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtGui/QShortcut>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTextEdit>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QTreeView>
#include <QtWidgets/QVBoxLayout>

using namespace Qt::StringLiterals;

namespace PyroBrowser {

namespace {

QPlainTextEdit *literalEdit(const QString &name, const QString &placeholder, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setTabChangesFocus(true);
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    edit->setFont(font);
    const int lines = 3;
    edit->setFixedHeight(QFontMetrics(font).lineSpacing() * lines + 12);
    return edit;
}

// Marks the character at offset in edit (an empty selection at the end marks nothing).
void markError(QPlainTextEdit *edit, int offset)
{
    QList<QTextEdit::ExtraSelection> selections;
    if (offset >= 0) {
        QTextEdit::ExtraSelection s;
        s.cursor = QTextCursor(edit->document());
        s.cursor.setPosition(qMin(offset, edit->document()->characterCount() - 1));
        s.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
        if (!s.cursor.hasSelection() || s.cursor.selectedText() == QChar(QChar::ParagraphSeparator)) {
            s.cursor.setPosition(qMax(0, offset - 1));
            s.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
        }
        s.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        s.format.setUnderlineColor(Qt::red);
        s.format.setBackground(QColor(0xff, 0xd8, 0xd8));
        selections.append(s);
    }
    edit->setExtraSelections(selections);
}

} // namespace

CallDialog::CallDialog(BrowserSession *session, const PyroUri &uri, const ObjectMetadata &metadata,
                       CallHistoryModel *history, QWidget *parent)
    : QDialog(parent), m_session(session), m_uri(uri), m_metadata(metadata), m_history(history)
{
    setObjectName(u"callDialog"_s);
    setWindowTitle(tr("Call %1").arg(uri.object()));
    setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(this);

    auto *title = new QLabel(u"<b>%1</b>"_s.arg(uri.toString().toHtmlEscaped()), this);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(title);

    auto *form = new QFormLayout;
    m_method = new QComboBox(this);
    m_method->setObjectName(u"method"_s);
    m_method->setEditable(true);
    m_method->addItems(metadata.methods);
    form->addRow(tr("&Method"), m_method);
    m_args = literalEdit(u"arguments"_s, tr("Python literals: 42, 'text', [1, 2], {'a': (1, 2)}, b'raw', None"), this);
    form->addRow(tr("&Arguments"), m_args);
    m_kwargs = literalEdit(u"keywordArguments"_s, tr("name=value, …  or a dict: {'name': value}"), this);
    form->addRow(tr("&Keyword arguments"), m_kwargs);
    m_validation = new QLabel(this);
    m_validation->setObjectName(u"validation"_s);
    m_validation->setWordWrap(true);
    form->addRow(QString(), m_validation);
    auto *options = new QHBoxLayout;
    m_serializer = new QComboBox(this);
    m_serializer->setObjectName(u"callSerializer"_s);
    m_serializer->addItem(tr("connection default (%1)").arg(session->settings().serializer), QString());
    for (const QString &s : {u"serpent"_s, u"json"_s, u"marshal"_s, u"msgpack"_s})
        m_serializer->addItem(s, s);
    options->addWidget(m_serializer);
    m_oneway = new QCheckBox(tr("&Oneway"), this);
    m_oneway->setObjectName(u"oneway"_s);
    options->addWidget(m_oneway);
    options->addStretch();
    form->addRow(tr("Serializer"), options);
    layout->addLayout(form);

    auto *buttons = new QHBoxLayout;
    m_callButton = new QPushButton(tr("&Call"), this);
    m_callButton->setObjectName(u"call"_s);
    m_callButton->setDefault(true);
    m_callButton->setToolTip(tr("Call (Ctrl+Return)"));
    m_stopButton = new QPushButton(tr("&Stop"), this);
    m_stopButton->setObjectName(u"stop"_s);
    m_stopButton->setEnabled(false);
    m_copyButton = new QToolButton(this);
    m_copyButton->setObjectName(u"copyAs"_s);
    m_copyButton->setText(tr("Copy as…"));
    m_copyButton->setPopupMode(QToolButton::InstantPopup);
    auto *copyMenu = new QMenu(m_copyButton);
    const auto addCopy = [this, copyMenu](const QString &text, CopyFormat format) {
        copyMenu->addAction(text, this, [this, format] { QGuiApplication::clipboard()->setText(copyText(format)); });
    };
    addCopy(tr("Python"), CopyFormat::Python);
    addCopy(tr("C++"), CopyFormat::Cpp);
    addCopy(tr("pyro-call command line"), CopyFormat::PyroCall);
    m_copyButton->setMenu(copyMenu);
    m_timing = new QLabel(this);
    m_timing->setObjectName(u"timing"_s);
    buttons->addWidget(m_callButton);
    buttons->addWidget(m_stopButton);
    buttons->addWidget(m_copyButton);
    buttons->addStretch();
    buttons->addWidget(m_timing);
    layout->addLayout(buttons);

    m_results = new QTabWidget(this);
    m_results->setObjectName(u"results"_s);
    m_result = new ValueTreeModel(this);
    m_tree = new QTreeView(m_results);
    m_tree->setObjectName(u"resultTree"_s);
    m_tree->setModel(m_result);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(ValueTreeModel::ValueColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(true);
    m_raw = new QPlainTextEdit(m_results);
    m_raw->setObjectName(u"raw"_s);
    m_raw->setReadOnly(true);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_error = new QPlainTextEdit(m_results);
    m_error->setObjectName(u"error"_s);
    m_error->setReadOnly(true);
    m_error->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_results->addTab(m_tree, tr("Result"));
    m_results->addTab(m_raw, tr("Python literal"));
    m_results->addTab(m_error, tr("Exception"));
    layout->addWidget(m_results, 1);

    connect(m_args, &QPlainTextEdit::textChanged, this, &CallDialog::validate);
    connect(m_kwargs, &QPlainTextEdit::textChanged, this, &CallDialog::validate);
    connect(m_method, &QComboBox::currentTextChanged, this, [this](const QString &m) {
        m_oneway->setChecked(m_metadata.oneway.contains(m));
        validate();
    });
    connect(m_callButton, &QPushButton::clicked, this, &CallDialog::call);
    connect(m_stopButton, &QPushButton::clicked, this, &CallDialog::stop);
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(shortcut, &QShortcut::activated, this, &CallDialog::call);
    resize(640, 560);
    if (!metadata.methods.isEmpty())
        m_oneway->setChecked(metadata.oneway.contains(m_method->currentText()));
    validate();
}

CallDialog::~CallDialog()
{
    // A running stream ends with the dialog, before its proxy (a child too) goes.
    delete m_stream;
}

void CallDialog::setMethod(const QString &method)
{
    m_method->setCurrentText(method);
}

void CallDialog::setArgumentsText(const QString &text)
{
    m_args->setPlainText(text);
}

void CallDialog::setKeywordArgumentsText(const QString &text)
{
    m_kwargs->setPlainText(text);
}

void CallDialog::setSerializer(const QString &serializer)
{
    const int i = m_serializer->findData(serializer);
    m_serializer->setCurrentIndex(i < 0 ? 0 : i);
}

void CallDialog::setOneway(bool oneway)
{
    m_oneway->setChecked(oneway);
}

void CallDialog::setCall(const CallText &call)
{
    setMethod(call.method);
    QStringList args;
    for (const QVariant &v : call.args)
        args.append(literal(v));
    setArgumentsText(args.join(u", "_s));
    QStringList kwargs;
    for (auto it = call.kwargs.cbegin(); it != call.kwargs.cend(); ++it)
        kwargs.append(it.key() + u'=' + literal(it.value()));
    setKeywordArgumentsText(kwargs.join(u", "_s));
    setSerializer(call.serializer);
    setOneway(call.oneway);
}

void CallDialog::validate()
{
    const LiteralCheck args = parseArguments(m_args->toPlainText());
    const LiteralCheck kwargs = parseKeywordArguments(m_kwargs->toPlainText());
    markError(m_args, args.ok ? -1 : args.offset);
    markError(m_kwargs, kwargs.ok ? -1 : kwargs.offset);
    const QString method = m_method->currentText().trimmed();
    m_valid = args.ok && kwargs.ok && !method.isEmpty();
    QString text;
    if (!args.ok || !kwargs.ok) {
        const LiteralCheck &bad = args.ok ? kwargs : args;
        const QString field = args.ok ? tr("keyword arguments") : tr("arguments");
        text = bad.line > 0 ? tr("%1, line %2, column %3: %4").arg(field).arg(bad.line).arg(bad.column).arg(bad.message)
                            : tr("%1: %2").arg(field, bad.message);
        m_validation->setStyleSheet(u"color: #a01010"_s);
    } else if (method.isEmpty()) {
        text = tr("choose a method");
        m_validation->setStyleSheet(u"color: #a01010"_s);
    } else {
        const qsizetype n = args.value.toList().size() + kwargs.value.toMap().size();
        text = n == 1 ? tr("✓ 1 argument") : tr("✓ %1 arguments").arg(n);
        if (!m_metadata.methods.isEmpty() && !m_metadata.methods.contains(method))
            text += tr(" — %1 is not in the object's metadata").arg(method);
        m_validation->setStyleSheet(u"color: #1a7f37"_s);
    }
    m_validation->setText(text);
    m_callButton->setEnabled(m_valid && !m_running);
}

bool CallDialog::isValid() const
{
    return m_valid;
}

bool CallDialog::isRunning() const
{
    return m_running;
}

QString CallDialog::validationText() const
{
    return m_validation->text();
}

CallText CallDialog::currentCall() const
{
    CallText c;
    c.uri = m_uri.toString();
    c.method = m_method->currentText().trimmed();
    c.args = parseArguments(m_args->toPlainText()).value.toList();
    c.kwargs = parseKeywordArguments(m_kwargs->toPlainText()).value.toMap();
    c.serializer = m_serializer->currentData().toString();
    c.oneway = m_oneway->isChecked();
    return c;
}

QString CallDialog::copyText(CopyFormat format) const
{
    const CallText c = currentCall();
    switch (format) {
    case CopyFormat::Python: return copyAsPython(c);
    case CopyFormat::Cpp: return copyAsCpp(c);
    case CopyFormat::PyroCall: return copyAsPyroCall(c);
    }
    return QString();
}

QString CallDialog::rawText() const
{
    return m_raw->toPlainText();
}

QString CallDialog::errorText() const
{
    return m_error->toPlainText();
}

QString CallDialog::timingText() const
{
    return m_timing->text();
}

PyroProxy *CallDialog::proxyFor(const QString &serializer)
{
    if (PyroProxy *p = m_proxies.value(serializer))
        return p;
    PyroProxy *p = m_session->createProxy(m_uri, serializer, this);
    m_proxies.insert(serializer, p);
    return p;
}

void CallDialog::call()
{
    validate();
    if (!m_valid || m_running)
        return;
    const CallText c = currentCall();
    m_running = true;
    m_callButton->setEnabled(false);
    m_items = 0;
    m_roundTrip = -1;
    m_result->clear();
    m_raw->clear();
    m_error->clear();
    m_timing->setText(tr("calling…"));
    if (m_history) {
        CallHistoryModel::Entry e;
        e.time = QDateTime::currentDateTime();
        e.call = c;
        m_historyRow = m_history->add(e);
    }
    PyroCallOptions options;
    options.setOneway(c.oneway ? PyroCallOptions::Oneway::Force : PyroCallOptions::Oneway::Never);
    QStringList shown;
    for (const QVariant &v : c.args)
        shown.append(literal(v));
    for (auto it = c.kwargs.cbegin(); it != c.kwargs.cend(); ++it)
        shown.append(it.key() + u'=' + literal(it.value()));
    QString what = u"%1(%2)"_s.arg(c.method, shown.join(u", "_s));
    if (what.size() > 200)
        what = what.left(199) + u'…';
    if (c.oneway)
        what += u" oneway"_s;
    PyroProxy *proxy = proxyFor(c.serializer);
    // The first call of a proxy also connects (and resolves, handshakes): say so.
    m_connecting = proxy->state() != PyroProxy::State::Connected;
    m_timer.start();
    QPointer<CallDialog> self(this);
    m_session->request(proxy->asyncCall(c.method, c.args, c.kwargs, options), m_uri.toString(), what,
                       [self, oneway = c.oneway](PyroCallReply *reply, double ms) {
        if (!self)
            return;
        self->m_roundTrip = ms;
        if (reply->isError()) {
            const PyroError e = reply->error();
            QString text = e.isRemote() ? e.remoteType() + u": "_s + e.message() : e.toString();
            const QStringList traceback = e.remoteTraceback();
            if (!traceback.isEmpty())
                text += u"\n\nRemote traceback:\n"_s + traceback.join(QString());
            self->m_error->setPlainText(text);
            self->m_results->setCurrentWidget(self->m_error);
            self->finish(false, e.toString());
            return;
        }
        if (reply->isStream()) {
            PyroStream *stream = reply->takeStream();
            stream->setParent(self);
            self->m_stream = stream;
            self->m_stopButton->setEnabled(true);
            self->m_results->setCurrentWidget(self->m_tree);
            self->m_timing->setText(tr("stream opened in %1").arg(formatDuration(ms)));
            connect(stream, &PyroStream::itemReceived, self, [self](const QVariant &item) {
                ++self->m_items;
                self->m_result->append(item);
                self->m_raw->appendPlainText(literal(item));
                self->m_timing->setText(tr("%1 items, %2").arg(self->m_items).arg(formatDuration(double(self->m_timer.nsecsElapsed()) / 1e6)));
                emit self->streamItemReceived(self->m_items);
            });
            connect(stream, &PyroStream::finished, self, [self, stream] {
                self->m_stopButton->setEnabled(false);
                const PyroError e = stream->error();
                if (e.isError() && !e.is(PyroError::Code::ConnectionClosed)) {
                    self->m_error->setPlainText(e.toString() + u"\n"_s + e.remoteTraceback().join(QString()));
                    self->finish(false, e.toString());
                } else {
                    self->finish(true, tr("stream: %1 items").arg(self->m_items));
                }
                stream->deleteLater();
            });
            stream->fetchAll();
            return;
        }
        if (oneway) {
            self->m_raw->setPlainText(tr("(oneway: no result)"));
            self->finish(true, tr("sent oneway"));
            return;
        }
        const QVariant value = reply->value();
        self->m_result->setValue(value);
        self->m_tree->expandToDepth(1);
        self->m_raw->setPlainText(literal(value));
        self->m_results->setCurrentWidget(self->m_tree);
        self->finish(true, BrowserSession::summary(reply));
    });
}

void CallDialog::stop()
{
    if (m_stream)
        m_stream->close();
}

void CallDialog::finish(bool ok, const QString &summary)
{
    m_running = false;
    if (m_stream && m_items >= 0) {
        const double total = double(m_timer.nsecsElapsed()) / 1e6;
        m_timing->setText(tr("round trip %1 · %2 items in %3").arg(formatDuration(m_roundTrip)).arg(m_items).arg(formatDuration(total)));
    } else {
        m_timing->setText(m_connecting ? tr("round trip %1 (with connecting)").arg(formatDuration(m_roundTrip))
                                       : tr("round trip %1").arg(formatDuration(m_roundTrip)));
    }
    m_timing->setStyleSheet(ok ? QString() : u"color: #a01010"_s);
    if (m_history && m_historyRow >= 0)
        m_history->finish(m_historyRow, ok, summary, m_roundTrip);
    m_historyRow = -1;
    validate();
    emit callFinished(ok);
}

} // namespace PyroBrowser
