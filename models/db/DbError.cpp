#include "DbError.h"

#include "ConnectProbe.h"
#include "ConnectionSpec.h"

#include <QSqlError>

using namespace Qt::Literals::StringLiterals;

namespace {

// libpq's words on one line ("connection to server at … failed: SSL error: …"), or a
// placeholder: a message never ends in an empty reason.
QString libpqReason(const QString& detail)
{
    const QString line = detail.simplified();
    return line.isEmpty() ? DbError::tr("libpq gave no reason") : line;
}

} // namespace

QString DbError::primary() const
{
    QString line = detail.section(u'\n', 0, 0).trimmed();
    // libpq writes "SEVERITY:  message"; the severity word is in the server's language.
    if (const qsizetype colon = line.indexOf(u":  "); colon > 0 && colon < 24)
        line = line.mid(colon + 3);
    return line;
}

QString DbError::reasonOf(const QSqlError& error)
{
    if (const QString text = error.databaseText().trimmed(); !text.isEmpty())
        return text;
    if (const QString text = error.driverText().trimmed(); !text.isEmpty())
        return text;
    if (!error.nativeErrorCode().isEmpty())
        return tr("SQLSTATE %1, with no message").arg(error.nativeErrorCode());
    return tr("no reason given by the server or libpq");
}

DbError DbError::make(Kind kind, const QString& message, const QString& detail)
{
    DbError e;
    e.kind = kind;
    e.message = message;
    e.detail = detail;
    return e;
}

// Told apart by SQLSTATE and libpq's state, never by the text: the server writes its messages
// in its own lc_messages, which a client cannot change for errors before the login.
DbError DbError::fromConnect(const QSqlError& error, const ConnectionSpec& spec, qint64 elapsedMs)
{
    DbError e;
    e.detail = spec.redact(error.databaseText().trimmed());
    const QString where = spec.displayName();
    const qint64 timeoutMs =
        (spec.option(u"connect_timeout"_s).isEmpty() ? 10
                                                     : spec.option(u"connect_timeout"_s).toInt()) *
        1000LL;
    // An attempt that ran into the connect timeout would only time out again.
    const ConnectProbe probe = elapsedMs >= 0 && elapsedMs + 500 >= timeoutMs && timeoutMs > 0
                                   ? ConnectProbe{}
                                   : ConnectProbe::run(spec);
    e.sqlState = probe.sqlState;
    const QString& state = probe.sqlState;
    // libpq logs in as the operating system user when the spec names none.
    const QString user = spec.user.isEmpty() ? qEnvironmentVariable("USER") : spec.user;
    if (state == u"28P01" || (state.isEmpty() && probe.needsPassword)) {
        e.kind = Kind::AuthenticationFailed;
        e.message = tr("The server at %1 rejected the user name or password. Check the user and "
                       "password in the connection dialog (or in ~/.pgpass) and try again.")
                        .arg(where);
    } else if (state == u"28000") {
        e.kind = Kind::AuthenticationFailed;
        e.message = tr("The server at %1 does not let user \"%2\" log in (no such role, or "
                       "pg_hba.conf does not allow it). Check the user name, or ask the DBA.")
                        .arg(where, user);
    } else if (state == u"3D000") {
        e.kind = Kind::DatabaseMissing;
        e.message = tr("The server is reachable, but the database \"%1\" does not exist there. "
                       "Check the database name, or create it with createdb.")
                        .arg(spec.database.isEmpty() ? spec.user : spec.database);
    } else if (state == u"53300") {
        e.kind = Kind::TooManyConnections;
        e.message = tr("The server at %1 refused another connection: the CONNECTION LIMIT of role "
                       "\"%2\" or the server's max_connections is reached. Close other sessions "
                       "of this role (other windows, scripts), or ask the DBA to raise the limit.")
                        .arg(where, user);
    } else if (state == u"57P03") {
        e.kind = Kind::HostUnreachable;
        e.message = tr("The server at %1 is not accepting connections right now (it is starting, "
                       "stopping or recovering). Try again in a moment.")
                        .arg(where);
    } else if (!state.isEmpty()) {
        e.kind = Kind::HostUnreachable;
        e.message = tr("The server at %1 refused the connection (SQLSTATE %2): %3")
                        .arg(where, state, e.detail.isEmpty() ? tr("no reason given") : e.detail);
    } else if (probe.tlsFailed) {
        // Not "could not reach": the server answered, and libpq's reason is what to fix.
        e.kind = Kind::HostUnreachable;
        e.message = tr("The server at %1 was reached, but the secure connection (sslmode=%2) "
                       "failed: %3. Check sslrootcert (the authority that signed the server's "
                       "certificate), the host name in the certificate, and sslmode.")
                        .arg(where, probe.sslMode, libpqReason(e.detail));
    } else if (probe.connected) {
        e.kind = Kind::ConnectionLost;
        e.message = tr("The connection to %1 failed once and then worked. Try again.").arg(where);
    } else if (elapsedMs + 500 >= timeoutMs) {
        e.kind = Kind::HostUnreachable;
        e.message = tr("No answer from %1 within the connect timeout (%n second(s)). Check the "
                       "host name, the port, the VPN or firewall, and that the server is running.",
                       nullptr, static_cast<int>(timeoutMs / 1000))
                        .arg(where);
    } else {
        e.kind = Kind::HostUnreachable;
        e.message = tr("Could not reach a PostgreSQL server at %1 (%2). Check the host name and "
                       "port, and that the server is running and accepts connections.")
                        .arg(where, libpqReason(e.detail));
    }
    return e;
}

DbError DbError::fromQuery(const QSqlError& error, const ConnectionSpec& spec)
{
    DbError e;
    e.kind = Kind::Query;
    e.sqlState = error.nativeErrorCode();
    e.detail = spec.redact(error.databaseText().trimmed());
    if (e.detail.isEmpty())
        e.detail = spec.redact(error.driverText().trimmed());
    const QString state = e.sqlState;
    // When the server goes away libpq often has no SQLSTATE to give, only its words.
    const bool connectionGone = state.startsWith(u"08") || state == u"57P01" || state == u"57P02" ||
                                state == u"57P03" ||
                                e.detail.contains(u"server closed the connection") ||
                                e.detail.contains(u"terminating connection") ||
                                e.detail.contains(u"no connection to the server") ||
                                e.detail.contains(u"connection to server was lost");
    if (connectionGone) {
        e.kind = Kind::ConnectionLost;
        e.message = tr("The connection to the database was lost. The app reconnects by itself "
                       "as soon as the server is back.");
    } else if (state == u"57014") {
        // A cancel the app asked for is marked as such by the worker that asked; anything
        // else is the server's statement_timeout (or a DBA's pg_cancel_backend).
        e.kind = Kind::Timeout;
        e.message = tr("The server stopped the query after the statement_timeout of this role, "
                       "database or server. Narrow the filter, or ask the DBA to raise "
                       "statement_timeout for your role.");
    } else if (state == u"55P03") {
        e.kind = Kind::Timeout;
        e.message = tr("Another session is changing a row this needs, or holds a lock on its "
                       "table (lock timeout). Try again in a moment.");
    } else if (state == u"25006") {
        e.kind = Kind::PermissionDenied;
        e.message = tr("The server refused to write: the session is read-only (%1). Connect to "
                       "the primary server, or as a role whose sessions may write.")
                        .arg(e.primary());
    } else if (state == u"42501") {
        // Callers that know the operation say which privilege it needs (Privileges).
        e.kind = Kind::PermissionDenied;
        e.message = tr("The server refused this: %1. Ask the database administrator for the "
                       "privilege, or connect as a role that has it.")
                        .arg(e.primary());
    } else {
        e.message = tr("The database reported an error: %1")
                        .arg(e.detail.isEmpty() ? reasonOf(error) : e.detail);
    }
    return e;
}
