#pragma once

#include <QCoreApplication>
#include <QString>

class QSqlError;
class ConnectionSpec;

// An error from the database layer, classified so the GUI and the command line can say what
// to fix. Messages never contain the password.
struct DbError
{
    Q_DECLARE_TR_FUNCTIONS(DbError)
public:
    enum class Kind {
        None,
        MalformedUrl,
        HostUnreachable,
        AuthenticationFailed,
        TooManyConnections,
        DatabaseMissing,
        TablesMissing,
        ConnectionLost,
        PermissionDenied,
        Conflict,
        Cancelled,
        Timeout,
        Query,
        UntrustedSchema, // the schema or the tables in it are not owned by trusted roles
    };

    Kind kind = Kind::None;
    QString message; // what happened and what to do next, translated
    QString detail;  // the server's own words, redacted
    QString sqlState;

    bool isError() const { return kind != Kind::None; }
    // The server's primary message alone: the first line of detail, without "ERROR:  ".
    QString primary() const;
    explicit operator bool() const { return isError(); }

    // elapsedMs: how long the failed attempt took (-1 when unknown); at the connect timeout
    // the attempt is not repeated to find out more.
    static DbError fromConnect(const QSqlError& error, const ConnectionSpec& spec,
                               qint64 elapsedMs = -1);
    static DbError fromQuery(const QSqlError& error, const ConnectionSpec& spec);
    static DbError make(Kind kind, const QString& message, const QString& detail = {});
    // The server's words, else libpq's or the driver's, else the SQLSTATE: never empty.
    static QString reasonOf(const QSqlError& error);
};
