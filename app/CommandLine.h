#pragma once

#include "CommandConnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

// The options and subcommands of horoscope-admin. The same executable opens the window or, with
// a subcommand, runs the same models/ code for scripts. Every option belongs to the commands it
// is listed for (CommandLineRules.cpp); given to another command it is a usage error.
class CommandLine final
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
public:
    // The window and each subcommand: what an option may apply to.
    enum Command : unsigned {
        Window = 1u << 0,
        MigrateStatus = 1u << 1,
        MigrateHistory = 1u << 2,
        MigrateUp = 1u << 3,
        MigrateDown = 1u << 4,
        ViewsExport = 1u << 5,
        Regenerate = 1u << 6,
        HoroscopesList = 1u << 7,
        ViewsChart = 1u << 8,
    };

    static constexpr int defaultStatementTimeoutMs = 60'000;
    // migrate up/down: an index built CONCURRENTLY on a large table takes minutes.
    static constexpr int defaultMigrateStatementTimeoutMs = 900'000;
    static constexpr int defaultLockTimeoutMs = 5'000;     // data commands
    static constexpr int defaultMigrateLockTimeoutMs = 50; // migrate: one DDL lock attempt
    static constexpr int maxSeconds = 86'400;              // any wait or timeout
    static constexpr int minChartSide = 200;               // views chart --size, pixels
    static constexpr int maxChartSide = 8000;

    CommandLine();

    // Parses and checks arguments; on --help, --version or a usage error prints and returns
    // false with the exit code to use (0, or 2 with one line on stderr).
    bool parse(const QStringList& arguments, int* exitCode);

    Command which() const { return m_command; }
    bool demo() const;
    QString databaseUrl() const; // --database-url(-file), else $DATABASE_URL
    // What a command connects with: the URL, the timeouts and whether they were given.
    CommandConnection::Options connectionOptions() const;
    QString readUrl() const; // a hot standby for reads: $DATABASE_READ_URL
    QString profile() const;
    QString language() const;
    QString migrationsDir() const; // ":/migrations" unless --migrations-dir
    QString to() const;
    bool dryRun() const;
    int lockWaitMs() const;
    bool acceptDataLoss() const;
    bool createBotTables() const;
    int statementTimeoutMs() const;
    int lockTimeoutMs() const; // per command: see defaultLockTimeoutMs
    QDate fromDate() const;    // views export
    QDate toDate() const;      // views export: --to as a date
    QString bucket() const;    // day, week or month
    QString format() const;    // csv or json
    QStringList signs() const; // views chart: sign keys; empty for all
    QString kind() const;      // views chart: lines, small-multiples or share
    QString out() const;       // views chart: the PNG to write
    QSize chartSize() const;   // views chart: invalid when --size is not WxH within limits
    QString sign() const;      // regenerate: a sign key or "all"
    QDate date() const;        // regenerate
    QString provider() const;  // regenerate: demo or openai
    QString aiBaseUrl() const;
    QString aiModel() const;
    bool yes() const;
    QStringList command() const; // e.g. {"migrate", "up"}; empty for the window
    // Any option by name (horoscopes list checks its own values: HoroscopesCommand).
    bool isSet(const char* name) const { return m_parser.isSet(QString::fromLatin1(name)); }
    QString value(const char* name) const { return m_parser.value(QString::fromLatin1(name)); }

    // True unless argv is for the window: any command word, --help, --version, or an option
    // the window does not take (so the usage error is printed without a display). main() calls
    // it before any application object exists.
    static bool wantsCommand(int argc, char** argv);
    // True for "views chart", which draws with widgets (offscreen when there is no display).
    static bool wantsWidgets(int argc, char** argv);
    QString helpText() const;

    // "horoscope-admin: <message>" on one line to stderr; returns 2.
    static int usageError(const QString& message);
    // A date exactly as YYYY-MM-DD; invalid otherwise.
    static QDate strictDate(const QString& text);
    // Seconds, decimals allowed, more than 0 and at most maxSeconds; -1 when not.
    static int secondsToMs(const QString& text);

private:
    QString checkOptions() const;
    QString checkValues() const;
    QString chartProblem() const;
    bool readUrlFile(QString* url, QString* error) const; // --database-url-file's first line

    QCommandLineParser m_parser;
    QList<QCommandLineOption> m_options;
    Command m_command = Window;
};
