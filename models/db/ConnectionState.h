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
};

} // namespace Connection
