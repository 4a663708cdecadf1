#pragma once

#include <QCoreApplication>
#include <QObject>
#include <functional>

class QSocketNotifier;

// Turns SIGINT, SIGTERM and SIGHUP into a normal quit, so the window saves its state and the
// demo server is stopped instead of left running (self-pipe: a signal handler may only write).
// `quit` runs on the GUI thread; it must end the program without asking anything (a logout
// or a shutdown waits for no answer).
class QuitOnSignal final : public QObject
{
public:
    explicit QuitOnSignal(std::function<void()> quit = &QCoreApplication::quit,
                          QObject* parent = nullptr);
    ~QuitOnSignal() override;

private:
    QSocketNotifier* m_notifier = nullptr;
};
