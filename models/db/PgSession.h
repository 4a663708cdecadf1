#pragma once

#include <QCoreApplication>

class ConnectionSpec;
class QSqlDatabase;
class QSqlError;
struct DbError;
struct pg_conn;

// What every connection of the app does right after it opens, from ConnectionSpec's session
// fields: drop the server's notices when asked (libpq prints them to stderr otherwise) and
// apply the session settings with set_config() (not as startup options, which a pooler may
// refuse).
//
// Behind a transaction pooler a session setting would reach one server session, for as long
// as the pooler lends it, and stay there for the next client (the bot among them). There the
// settings are applied per transaction instead, with set_config(..., true): PgQuery wraps a
// statement run outside a transaction in BEGIN, the settings, the statement and COMMIT, and
// begin() opens a transaction with them.
class PgSession final
{
    Q_DECLARE_TR_FUNCTIONS(PgSession)
public:
    // A dynamic property of the connection's QSqlDriver: the SELECT set_config(..., true)
    // each transaction runs first; empty on a direct connection.
    static constexpr const char* kTransactionSettings = "haTransactionSettings";

    static pg_conn* connection(const QSqlDatabase& db); // libpq's handle, or null
    static bool configure(QSqlDatabase& db, const ConnectionSpec& spec, DbError* error);

    // Whether a pooler stands between the app and the server: the backend key libpq got at
    // login (PgBouncer makes one up) names another process than the one that answers.
    // False (and error) when the question could not be asked.
    static bool detectPooler(const QSqlDatabase& db, bool* pooled, QSqlError* error);
    // BEGIN, and the session settings for this transaction when they are applied per
    // transaction (behind a pooler).
    static bool begin(const QSqlDatabase& db, QSqlError* error);
};
