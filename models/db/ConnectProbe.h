#pragma once

#include "ConnectionSpec.h"

#include <QString>

// Why a connection attempt failed, told by what libpq knows rather than by message text: the
// server's SQLSTATE (its words come in its own lc_messages, its codes do not) and libpq's own
// state. QPSQL hides both, so after a failed open() this repeats the attempt with libpq alone.
struct ConnectProbe
{
    bool connected = false;     // this attempt worked (the failure was passing)
    QString sqlState;           // from the server's ErrorResponse; empty when it sent none
    bool needsPassword = false; // the server asked for a password and none was given
    bool usedPassword = false;  // a password was sent (and refused, when sqlState says so)
    // sslmode required TLS, the server was reached, and the TLS handshake (the certificate
    // check, or the server's refusal of TLS) failed before any login.
    bool tlsFailed = false;
    QString sslMode; // in effect, from the spec or PGSSLMODE

    static ConnectProbe run(const ConnectionSpec& spec);
};
