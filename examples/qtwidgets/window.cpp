// Copyright (C) 2026 The QtPyro Authors
// SPDX-License-Identifier: MIT

// A Qt Widgets window that talks Pyro without ever freezing, and without threads:
//  - its buttons call a remote calculator asynchronously (PyroCallReply::finished), so
//    the clock keeps ticking and the window keeps painting while a slow call runs;
//  - a second proxy (a second connection) lets a quick call overtake the slow one, since
//    Pyro answers the calls of one connection in order;
//  - the window also runs a PyroDaemon in the same event loop with a message board that
//    Pyro clients (client.py) write to.
// Pyro5's gui_eventloop example needs threads or polling for this with Tkinter; in Qt the
// sockets simply are part of the event loop.
//
//   example-qtwidgets [URI] [--seconds S] [--self-test] [--wait-messages N]
//
// URI is the calculator (default PYRONAME:example.calculator). --self-test clicks the
// buttons itself, checks that the clock kept ticking during the slow call and that the
// replies arrived, prints the outcome and exits (0 = passed): it runs headless with
// QT_QPA_PLATFORM=offscreen. --wait-messages makes it also wait for N board messages
// from outside.

#include "examplesupport.h"

#include <pyrocallreply.h>
#include <pyrodaemon.h>
#include <pyroproxy.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QElapsedTimer>
#include <QtCore/QTime>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;
using ExampleSupport::print;

// The object the window serves: remote clients post messages to it.
class MessageBoard : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int count READ count)   // a read-only remote attribute
public:
    int count() const { return m_count; }

Q_SIGNALS:
    // Signals are never callable remotely; this one feeds the window.
    void messageReceived(const QString &text);

public Q_SLOTS:
    // Runs in the GUI thread (the daemon's thread), so it may touch widgets via the signal.
    void message(const QString &text)
    {
        ++m_count;
        Q_EMIT messageReceived(text);
    }

private:
    int m_count = 0;
};

class CalculatorWindow : public QWidget
{
    Q_OBJECT
public:
    explicit CalculatorWindow(const PyroUri &calculator, QWidget *parent = nullptr)
        : QWidget(parent),
          m_slowProxy(new PyroProxy(calculator, this)),
          m_quickProxy(new PyroProxy(calculator, this)),
          m_daemon(new PyroDaemon(this))
    {
        setWindowTitle(u"QtPyro in a Qt Widgets window"_s);
        m_clock = new QLabel(this);
        m_number = new QSpinBox(this);
        m_number->setRange(-1000, 1000);
        m_number->setValue(7);
        m_seconds = new QDoubleSpinBox(this);
        m_seconds->setRange(0, 60);
        m_seconds->setSingleStep(0.5);
        m_seconds->setValue(2);
        m_slowButton = new QPushButton(u"Square slowly"_s, this);
        m_quickButton = new QPushButton(u"Add 2 + 3 now"_s, this);
        m_busy = new QProgressBar(this);
        m_busy->setRange(0, 0);  // an endless "busy" animation: it only moves if we stay responsive
        m_busy->setVisible(false);
        m_log = new QListWidget(this);

        auto *controls = new QHBoxLayout;
        controls->addWidget(new QLabel(u"Number"_s, this));
        controls->addWidget(m_number);
        controls->addWidget(new QLabel(u"Seconds"_s, this));
        controls->addWidget(m_seconds);
        controls->addWidget(m_slowButton);
        controls->addWidget(m_quickButton);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_clock);
        layout->addLayout(controls);
        layout->addWidget(m_busy);
        layout->addWidget(new QLabel(u"Replies and Pyro messages:"_s, this));
        layout->addWidget(m_log);
        resize(600, 400);

        connect(m_slowButton, &QPushButton::clicked, this, &CalculatorWindow::squareSlowly);
        connect(m_quickButton, &QPushButton::clicked, this, &CalculatorWindow::addQuickly);
        connect(&m_clockTimer, &QTimer::timeout, this, &CalculatorWindow::tick);
        m_clockTimer.start(50);
        tick();

        connect(&m_board, &MessageBoard::messageReceived, this, [this](const QString &text) {
            log(u"from Pyro: "_s + text);
        });
    }

    // Serves the message board on a free port of this host; returns its URI.
    PyroUri startBoard()
    {
        if (!m_daemon->listen(u"localhost"_s, 0)) {
            log(u"cannot serve the message board: "_s + m_daemon->errorString());
            return PyroUri();
        }
        const PyroUri uri = m_daemon->registerObject(&m_board, u"example.board"_s);
        log(u"message board at "_s + uri.toString());
        return uri;
    }

    int ticks() const { return m_ticks; }
    int boardMessages() const { return m_board.count(); }
    double slowSeconds() const { return m_seconds->value(); }
    void setSlowSeconds(double seconds) { m_seconds->setValue(seconds); }
    QPushButton *slowButton() const { return m_slowButton; }
    QPushButton *quickButton() const { return m_quickButton; }

Q_SIGNALS:
    void slowAnswered(const PyroResult &result);
    void quickAnswered(const PyroResult &result);
    void boardMessageReceived();

public Q_SLOTS:
    void squareSlowly()
    {
        const int number = m_number->value();
        log(u"asking for %1 squared, slowly..."_s.arg(number));
        m_slowButton->setEnabled(false);
        m_busy->setVisible(true);
        // Returns at once; the window goes on while the call runs.
        PyroCallReply *reply = m_slowProxy->asyncCall(u"slow_square"_s, {number, m_seconds->value()});
        connect(reply, &PyroCallReply::finished, this, [this, reply, number] {
            if (reply->isError())
                log(u"slow_square failed: "_s + reply->error().toString());
            else
                log(u"%1 squared is %2"_s.arg(number).arg(reply->value().toDouble()));
            m_slowButton->setEnabled(true);
            m_busy->setVisible(false);
            Q_EMIT slowAnswered(reply->result());
            reply->deleteLater();
        });
    }

    void addQuickly()
    {
        // Another proxy, so this call does not wait behind a slow one on the same connection.
        PyroCallReply *reply = m_quickProxy->asyncCall(u"add"_s, {2, 3});
        connect(reply, &PyroCallReply::finished, this, [this, reply] {
            if (reply->isError())
                log(u"add failed: "_s + reply->error().toString());
            else
                log(u"2 + 3 = %1"_s.arg(reply->value().toDouble()));
            Q_EMIT quickAnswered(reply->result());
            reply->deleteLater();
        });
    }

private:
    void tick()
    {
        ++m_ticks;
        m_clock->setText(u"%1   (clock ticks: %2)"_s.arg(QTime::currentTime().toString(u"hh:mm:ss.zzz"_s)).arg(m_ticks));
    }

    void log(const QString &line)
    {
        m_log->addItem(u"[%1] %2"_s.arg(QTime::currentTime().toString(u"hh:mm:ss"_s), line));
        m_log->scrollToBottom();
        if (line.startsWith(u"from Pyro: "_s))
            Q_EMIT boardMessageReceived();
    }

    PyroProxy *m_slowProxy;
    PyroProxy *m_quickProxy;
    PyroDaemon *m_daemon;
    MessageBoard m_board;
    QTimer m_clockTimer;
    int m_ticks = 0;
    QLabel *m_clock;
    QSpinBox *m_number;
    QDoubleSpinBox *m_seconds;
    QPushButton *m_slowButton;
    QPushButton *m_quickButton;
    QProgressBar *m_busy;
    QListWidget *m_log;
};

// Drives the window like a user would and checks that it stayed responsive.
class SelfTest : public QObject
{
    Q_OBJECT
public:
    SelfTest(CalculatorWindow *window, const PyroUri &board, int externalMessages)
        : m_window(window), m_boardProxy(new PyroProxy(board, this)), m_wantedMessages(1 + externalMessages)
    {
        connect(window, &CalculatorWindow::slowAnswered, this, [this](const PyroResult &result) {
            m_slow = result;
            m_slowDone = true;
            m_ticksDuringSlow = m_window->ticks() - m_ticksAtStart;
            m_slowElapsed = m_elapsed.elapsed();
            check();
        });
        connect(window, &CalculatorWindow::quickAnswered, this, [this](const PyroResult &result) {
            m_quick = result;
            m_quickBeforeSlow = !m_slowDone;
        });
        connect(window, &CalculatorWindow::boardMessageReceived, this, &SelfTest::check);
    }

    void start()
    {
        QTimer::singleShot(30000, this, [this] { finish(u"timed out"_s); });
        m_ticksAtStart = m_window->ticks();
        m_elapsed.start();
        m_window->slowButton()->click();
        QTimer::singleShot(300, this, [this] {
            m_window->quickButton()->click();
            // The window's own daemon answers a proxy of the same thread: both are just
            // sockets in the one event loop.
            PyroCallReply *reply = m_boardProxy->asyncCall(u"message"_s, {u"hello from the window itself"_s});
            connect(reply, &PyroCallReply::finished, reply, &QObject::deleteLater);
        });
    }

private:
    void check()
    {
        if (m_slowDone && m_window->boardMessages() >= m_wantedMessages)
            finish(QString());
    }

    void finish(const QString &failure)
    {
        if (m_finished)
            return;
        m_finished = true;
        QStringList problems;
        if (!failure.isEmpty())
            problems << failure;
        const double seconds = m_window->slowSeconds();
        print(u"self-test: slow reply %1 after %2 s, the clock ticked %3 times meanwhile"_s
                  .arg(m_slow.isError() ? m_slow.error().toString() : ExampleSupport::repr(m_slow.value()))
                  .arg(m_slowElapsed / 1000.0, 0, 'f', 2)
                  .arg(m_ticksDuringSlow));
        print(u"self-test: quick reply %1 %2"_s.arg(m_quick.isError() ? m_quick.error().toString()
                                                                       : ExampleSupport::repr(m_quick.value()),
                                                    m_quickBeforeSlow ? u"arrived while the slow call was running"_s
                                                                      : u"did not overtake the slow call"_s));
        print(u"self-test: the message board got %1 messages"_s.arg(m_window->boardMessages()));
        if (!m_slowDone || m_slow.isError() || m_slow.value().toDouble() != 49.0)
            problems << u"no correct slow reply"_s;
        // The clock runs every 50 ms: half of the expected ticks is plenty on a busy machine.
        if (m_ticksDuringSlow < int(seconds * 1000 / 50 / 2))
            problems << u"the clock did not keep ticking"_s;
        if (m_quick.isError() || m_quick.value().toDouble() != 5.0 || !m_quickBeforeSlow)
            problems << u"the quick call did not overtake the slow one"_s;
        if (m_window->boardMessages() < m_wantedMessages)
            problems << u"missing board messages"_s;
        print(problems.isEmpty() ? u"self-test passed"_s : u"self-test FAILED: "_s + problems.join(u", "_s));
        QCoreApplication::exit(problems.isEmpty() ? 0 : 1);
    }

    CalculatorWindow *m_window;
    PyroProxy *m_boardProxy;
    int m_wantedMessages;
    QElapsedTimer m_elapsed;
    int m_ticksAtStart = 0;
    int m_ticksDuringSlow = 0;
    qint64 m_slowElapsed = 0;
    bool m_slowDone = false;
    bool m_quickBeforeSlow = false;
    bool m_finished = false;
    PyroResult m_slow;
    PyroResult m_quick{PyroError(PyroError::Code::PyroError, u"no reply"_s)};
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"A Qt Widgets window calling example.calculator asynchronously."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"uri"_s, u"The calculator (default PYRONAME:example.calculator)."_s, u"[URI]"_s);
    const QCommandLineOption secondsOption(u"seconds"_s, u"How long the slow call takes (default 2)."_s,
                                           u"S"_s, u"2"_s);
    const QCommandLineOption selfTestOption(u"self-test"_s, u"Click the buttons, check responsiveness, exit."_s);
    const QCommandLineOption waitOption(u"wait-messages"_s, u"Self-test: also wait for N board messages."_s,
                                        u"N"_s, u"0"_s);
    parser.addOptions({secondsOption, selfTestOption, waitOption});
    parser.process(app);

    CalculatorWindow window(PyroUri(parser.positionalArguments().value(0, u"PYRONAME:example.calculator"_s)));
    window.setSlowSeconds(parser.value(secondsOption).toDouble());
    const PyroUri board = window.startBoard();
    if (!board.isValid())
        return 1;
    print(u"board uri = "_s + board.toString());
    window.show();

    std::unique_ptr<SelfTest> selfTest;
    if (parser.isSet(selfTestOption)) {
        selfTest = std::make_unique<SelfTest>(&window, board, parser.value(waitOption).toInt());
        QTimer::singleShot(0, selfTest.get(), &SelfTest::start);
    }
    return app.exec();
}

#include "window.moc"
