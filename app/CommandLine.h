#pragma once

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QString>
#include <QStringList>

// The options and subcommands of horoscope-admin. The same executable opens the window or, with
// a subcommand, runs the same models/ code for scripts.
class CommandLine final
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
public:
    CommandLine();

    // Parses arguments; on --help, --version or an error prints and returns false with the
    // exit code to use.
    bool parse(const QStringList& arguments, int* exitCode);

    bool demo() const;
    QString databaseUrl() const; // --database-url, else $DATABASE_URL
    QString profile() const;
    QString language() const;
    QString migrationsDir() const; // ":/migrations" unless --migrations-dir
    QString to() const;
    bool dryRun() const;
    int lockWaitSeconds() const;
    QDate fromDate() const;   // views export
    QDate toDate() const;     // views export: --to as a date
    QString bucket() const;   // day, week or month
    QString format() const;   // csv or json
    QString sign() const;     // regenerate: a sign key or "all"
    QDate date() const;       // regenerate
    QString provider() const; // regenerate: demo or openai
    QString aiBaseUrl() const;
    QString aiModel() const;
    bool yes() const;
    QStringList command() const; // e.g. {"migrate", "up"}; empty for the GUI

    // True when argv asks for no window (a subcommand, --help, --version), so main() can skip
    // creating a GUI application.
    static bool wantsCommand(int argc, char** argv);
    QString helpText() const;

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_demo;
    QCommandLineOption m_url;
    QCommandLineOption m_profile;
    QCommandLineOption m_lang;
    QCommandLineOption m_migrationsDir;
    QCommandLineOption m_to;
    QCommandLineOption m_dryRun;
    QCommandLineOption m_lockWait;
    QCommandLineOption m_from;
    QCommandLineOption m_bucket;
    QCommandLineOption m_format;
    QCommandLineOption m_sign;
    QCommandLineOption m_date;
    QCommandLineOption m_provider;
    QCommandLineOption m_aiBaseUrl;
    QCommandLineOption m_aiModel;
    QCommandLineOption m_yes;
    QCommandLineOption m_help;
    QCommandLineOption m_version;
};
