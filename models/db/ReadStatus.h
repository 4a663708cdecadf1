#pragma once

#include "DbError.h"

#include <QString>

// Where the window's reads come from and how far the standby is behind, for the status bar.
struct ReadStatus
{
    bool standbyConfigured = false;
    bool known = false;     // the first check has answered
    bool onStandby = false; // the read connection is on a server in recovery
    QString server;         // host:port of the read connection
    DbError standbyError;   // why reads went to the primary instead (when they did)
    bool caughtUp = false;  // replayed all the primary had written when checked
    double lagSeconds = -1; // now() - the last replayed transaction's commit; -1: none replayed
    qint64 bytesBehind = -1;
    bool replayPaused = false;
    bool pinned = false; // reads go to the primary until the standby has your last change
};
