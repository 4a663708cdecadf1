#pragma once

#include "ConnectionSpec.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <memory>

class DemoDatabase;
class ServerWatchdog;
struct DbError;

// The database a subcommand works on: the demo, a URL (--database-url or $DATABASE_URL), or
// libpq's own defaults. Every wait is bounded: statement_timeout and lock_timeout are set on
// the session, the server's notices are dropped, and a server that stops answering is given
// up on (ServerWatchdog). Closes the connection and stops a demo server it started when it
// goes away.
class CommandConnection final
{
    Q_DECLARE_TR_FUNCTIONS(CommandConnection)
public:
    struct Options
    {
        bool demo = false;
        QString databaseUrl;
        int statementTimeoutMs = 60'000;
        int lockTimeoutMs = 5'000; // 0: left to whoever runs the statements (migrate)
        // Given as options: kept even when the role's or database's own limit is lower.
        // Otherwise the lower of the two applies (a DBA's stricter limit stays).
        bool statementTimeoutGiven = false;
        bool lockTimeoutGiven = false;
        bool urlOnCommandLine = false; // a password in it is visible in ps: warn
    };
    static constexpr int silenceGraceMs = 5'000; // beyond statement_timeout

    explicit CommandConnection(Options options);
    ~CommandConnection();

    // Before open(), for a command that only reads: from the standby ($DATABASE_READ_URL, or
    // one of several hosts), from the primary when it is unreachable. Ignored with the demo.
    void readFromStandby(const QString& readUrl);
    bool open(); // on failure prints the one-line reason
    // After open(), for a command that reads until it is done (horoscopes list): SIGINT and
    // SIGTERM cancel the statement running now, so the server stops its work too, and are
    // remembered (interruptedBy()); the command then ends with interrupted(). A second signal
    // ends the process at once, as without this.
    void cancelOnSignals();
    static int interruptedBy(); // the signal, or 0
    // Prints that the command was interrupted; returns the exit code 128 + the signal.
    static int interrupted();
    // Done with this connection (the regenerate command goes on with a worker of its own):
    // the spec, the deadline and describe() stay.
    void close();
    QSqlDatabase& database() { return m_db; }
    // For another connection to the same database (the regenerate worker): with the same
    // session settings and deadline.
    const ConnectionSpec& spec() const { return m_spec; }

    // The reason, with what to change when a limit was reached: the command's own option, or
    // the role's or database's stricter limit that was kept.
    QString describe(const DbError& error) const;
    int fail(const DbError& error) const { return fail(describe(error)); }

    // Prints "horoscope-admin: <reason>" on one line to stderr; returns the exit code 1.
    static int fail(const QString& message);
    // A progress line on stderr, only when it is a terminal (or HA_DEBUG is set): a script's
    // log gets nothing but the result, or the one line that says why it failed.
    static void progress(const QString& message);
    static bool debug(); // HA_DEBUG is set: Qt's warnings and progress go to stderr too

private:
    // A limit in force on the session: the command's, or the server's when that was lower.
    struct Limit
    {
        int ms = 0;
        QString setBy; // empty: the command (its option or default); else where the DBA set it
    };

    bool openTarget(const ConnectionSpec& target, bool last);
    void keepStricterServerLimits();

    Options m_options;
    bool m_reads = false;
    QString m_readUrl;
    ConnectionSpec m_spec;
    std::unique_ptr<DemoDatabase> m_demo;
    std::unique_ptr<ServerWatchdog> m_watchdog;
    QSqlDatabase m_db;
    Limit m_statementTimeout;
    Limit m_lockTimeout;
};
