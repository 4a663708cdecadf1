#pragma once

#include <QObject>

// Where a connection of the app stands, and how it watches and re-establishes itself.
namespace Connection {
Q_NAMESPACE

enum class State { Idle, Connecting, Connected, Reconnecting, Failed };
Q_ENUM_NS(State)

struct Timing
{
    int healthCheckMs = 5'000; // how often an idle connection is checked
    int firstRetryMs = 500;    // the first reconnect delay; doubles up to maxRetryMs
    int maxRetryMs = 15'000;
    // A connection that fell back from its first target (a standby) tries it again this often.
    int firstTargetRetryMs = 60'000;
    // How often the window asks where reads come from and how far the standby lags.
    int standbyStatusMs = 5'000;
    // Connect only for queued work and close once the queue is empty (the migrations: used
    // now and then, never worth a server connection held all day).
    bool connectOnDemand = false;
};

} // namespace Connection
