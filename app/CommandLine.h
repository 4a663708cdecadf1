#pragma once

#include "CommandConnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QString>
#include <QStringList>

// The options and subcommands of horoscope-admin. The same executable opens the window or, with
// a subcommand, runs the same models/ code for scripts. CommandLine holds what every command
// shares: the options' descriptions (--help, CommandLineHelp.cpp), which option belongs to which
// command (CommandLineRules.cpp; given to another command it is a usage error), the connection
// options, --lang and --profile. Each command reads and checks its own options into its own
// request (MigrateCommand, ViewsCommand, RegenerateCommand, HoroscopesCommand,
// ReplaceCommand).
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
        ViewsSummary = 1u << 9,
        ViewsReport = 1u << 10,
        HistoryList = 1u << 11,
        HistoryRestore = 1u << 12,
        HoroscopesReplace = 1u << 13,
    };

    static constexpr int defaultStatementTimeoutMs = 60'000;
    // migrate up/down: an index built CONCURRENTLY on a large table takes minutes.
    static constexpr int defaultMigrateStatementTimeoutMs = 900'000;
    static constexpr int defaultLockTimeoutMs = 5'000;     // data commands
    static constexpr int defaultMigrateLockTimeoutMs = 50; // migrate: one DDL lock attempt
    static constexpr int maxSeconds = 86'400;              // any wait or timeout

    CommandLine();

    // Parses and checks the arguments against the rules every command shares; on --help,
    // --version or a usage error prints and returns false with the exit code to use (0, or 2
    // with one line on stderr). A command's own values are checked by the command.
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
    int statementTimeoutMs() const;
    int lockTimeoutMs() const;   // per command: see defaultLockTimeoutMs
    QStringList command() const; // e.g. {"migrate", "up"}; empty for the window
    // Any option by name, for the command that checks it.
    bool isSet(const char* name) const { return m_parser.isSet(QString::fromLatin1(name)); }
    QString value(const char* name) const { return m_parser.value(QString::fromLatin1(name)); }
    // The date option <name> as YYYY-MM-DD in *date; otherwise the usage error's line.
    QString dateOption(const char* name, QDate* date) const;

    // True unless argv is for the window: any command word, --help, --version, or an option
    // the window does not take (so the usage error is printed without a display). main() calls
    // it before any application object exists.
    static bool wantsCommand(int argc, char** argv);
    // True for "views chart" and "views report", which draw with widgets (offscreen when there
    // is no display).
    static bool wantsWidgets(int argc, char** argv);
    QString helpText() const;

    // "horoscope-admin: <message>" on one line to stderr; returns 2.
    static int usageError(const QString& message);
    // A date exactly as YYYY-MM-DD; invalid otherwise.
    static QDate strictDate(const QString& text);
    // Seconds, decimals allowed, more than 0 and at most maxSeconds; -1 when not.
    static int secondsToMs(const QString& text);

private:
    // CommandLineRules.cpp
    static QStringList withoutQtOptions(const QStringList& arguments);
    QString checkOptions() const;

    QString checkValues() const;
    bool readUrlFile(QString* url, QString* error) const; // --database-url-file's first line

    QCommandLineParser m_parser;
    Command m_command = Window;
};
