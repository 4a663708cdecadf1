#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGINT, SIGTERM and SIGHUP into a normal quit, so the window saves its state and the
// demo server is stopped instead of left running (self-pipe: a signal handler may only write).
class QuitOnSignal final : public QObject
{
public:
    explicit QuitOnSignal(QObject* parent = nullptr);
    ~QuitOnSignal() override;

private:
    QSocketNotifier* m_notifier = nullptr;
};
