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
// The first of those settings is always search_path, pinned to pg_catalog, the trusted schema
// (ConnectionSpec::schema), pg_temp: no name the app uses can resolve through "$user" (a schema
// named like the login role, which anyone with CREATE on the database may make) or through a
// temporary table. In the same round trip it checks that the schema can be trusted: PUBLIC
// may not create objects in it, and the bot's tables found there belong to roles that may (the
// schema's owner, a role granted CREATE on it, a superuser). Otherwise it refuses the
// connection with DbError::Kind::UntrustedSchema, saying which table or grant is wrong.
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
    // A dynamic property of the connection's QSqlDriver: the trusted schema's name.
    static constexpr const char* kSchema = "haSchema";

    static pg_conn* connection(const QSqlDatabase& db); // libpq's handle, or null
    static bool configure(QSqlDatabase& db, const ConnectionSpec& spec, DbError* error);
    // The trusted schema configure() pinned (public when the connection was not configured).
    static QString schema(const QSqlDatabase& db);

    // Whether a pooler stands between the app and the server: the backend key libpq got at
    // login (PgBouncer makes one up) names another process than the one that answers.
    // False (and error) when the question could not be asked.
    static bool detectPooler(const QSqlDatabase& db, bool* pooled, QSqlError* error);
    // BEGIN, and the session settings for this transaction when they are applied per
    // transaction (behind a pooler).
    static bool begin(const QSqlDatabase& db, QSqlError* error);

private:
    // Why spec.schema cannot be trusted on db (a one-line message), or empty when it can; in
    // the same round trip, whether a pooler stands in between (as detectPooler()). Asks with
    // qualified names only: it runs before search_path is pinned.
    static QString untrustedReason(const QSqlDatabase& db, const ConnectionSpec& spec, bool* pooled,
                                   DbError* error);
};
