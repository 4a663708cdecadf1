#pragma once

#include <QCoreApplication>

class ConnectionSpec;
class QSqlDatabase;
struct DbError;
struct pg_conn;

// What every connection of the app does right after it opens, from ConnectionSpec's session
// fields: drop the server's notices when asked (libpq prints them to stderr otherwise) and
// apply the session settings with set_config() (not as startup options, which a pooler may
// refuse).
class PgSession final
{
    Q_DECLARE_TR_FUNCTIONS(PgSession)
public:
    static pg_conn* connection(const QSqlDatabase& db); // libpq's handle, or null
    static bool configure(QSqlDatabase& db, const ConnectionSpec& spec, DbError* error);
};
