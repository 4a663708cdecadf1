#include "DbError.h"

#include "ConnectionSpec.h"

#include <QSqlError>

using namespace Qt::Literals::StringLiterals;

QString DbError::primary() const
{
    QString line = detail.section(u'\n', 0, 0).trimmed();
    // libpq writes "SEVERITY:  message"; the severity word is in the server's language.
    if (const qsizetype colon = line.indexOf(u":  "); colon > 0 && colon < 24)
        line = line.mid(colon + 3);
    return line;
}

DbError DbError::make(Kind kind, const QString& message, const QString& detail)
{
    DbError e;
    e.kind = kind;
    e.message = message;
    e.detail = detail;
    return e;
}

// libpq reports connection failures as text only (no SQLSTATE), so they are told apart by the
// phrases libpq and the server use; the server side is forced to English (lc_messages=C).
DbError DbError::fromConnect(const QSqlError& error, const ConnectionSpec& spec)
{
    DbError e;
    e.detail = spec.redact(error.databaseText().trimmed());
    e.sqlState = error.nativeErrorCode();
    const QString text = error.databaseText();
    const QString where = spec.displayName();
    if (text.contains(u"password authentication failed") ||
        text.contains(u"no password supplied") || text.contains(u"authentication failed") ||
        text.contains(u"password is required") || text.contains(u"fe_sendauth")) {
        e.kind = Kind::AuthenticationFailed;
        e.message = tr("The server at %1 rejected the user name or password. Check the user and "
                       "password in the connection dialog (or in ~/.pgpass) and try again.")
                        .arg(where);
    } else if (text.contains(u"database \"") && text.contains(u"does not exist")) {
        e.kind = Kind::DatabaseMissing;
        e.message = tr("The server is reachable, but the database \"%1\" does not exist there. "
                       "Check the database name, or create it with createdb.")
                        .arg(spec.database.isEmpty() ? spec.user : spec.database);
    } else if (text.contains(u"role \"") && text.contains(u"does not exist")) {
        e.kind = Kind::AuthenticationFailed;
        e.message =
            tr("The server does not know the user \"%1\". Check the user name.").arg(spec.user);
    } else if (text.contains(u"timeout expired")) {
        e.kind = Kind::HostUnreachable;
        e.message = tr("No answer from %1 within the connect timeout. Check the host name, the "
                       "port, the VPN or firewall, and that the server is running.")
                        .arg(where);
    } else if (text.contains(u"could not connect") || text.contains(u"could not translate host") ||
               text.contains(u"Connection refused") || text.contains(u"No such file") ||
               text.contains(u"unreachable") || text.contains(u"No route to host")) {
        e.kind = Kind::HostUnreachable;
        e.message = tr("Could not reach a PostgreSQL server at %1. Check the host name and port, "
                       "and that the server is running and accepts connections.")
                        .arg(where);
    } else {
        e.kind = Kind::HostUnreachable;
        e.message = tr("The server at %1 refused the connection: %2")
                        .arg(where, e.detail.isEmpty() ? tr("no reason given") : e.detail);
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
        e.kind = Kind::Cancelled;
        e.message = tr("The query was cancelled.");
    } else if (state == u"55P03") {
        e.kind = Kind::Timeout;
        e.message = tr("A table is busy (lock timeout). Try again in a moment.");
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
        e.message = tr("The database reported an error: %1").arg(e.detail);
    }
    return e;
}
