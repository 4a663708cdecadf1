#include "CommandLine.h"

#include "ZodiacSign.h"

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

CommandLine::CommandLine()
    : m_demo(u"demo"_s, tr("Use the embedded demo database: a private PostgreSQL server in your "
                           "data directory, filled with sample horoscopes and view counts."))
    , m_url(u"database-url"_s,
            tr("Connect to <url>: postgresql://user:password@host:5432/db, an SQLAlchemy URL "
               "(postgresql+asyncpg://…, postgresql+psycopg2://…) or a libpq string "
               "(\"host=… dbname=…\"). Default: $DATABASE_URL; without either, libpq's PG* "
               "variables, service= and ~/.pgpass apply."),
            u"url"_s)
    , m_profile(u"profile"_s, tr("Open the saved connection profile <name>."), u"name"_s)
    , m_lang(u"lang"_s, tr("Language of the interface: en, ru or system."), u"code"_s)
    , m_migrationsDir(u"migrations-dir"_s,
                      tr("Read migrations from <dir> instead of the ones built into the app."),
                      u"dir"_s)
    , m_to(u"to"_s,
           tr("migrate up/down: stop at migration <id> (down --to 0 rolls back all). "
              "views export: the last day, as YYYY-MM-DD."),
           u"id|date"_s)
    , m_dryRun(u"dry-run"_s, tr("migrate up/down: print the SQL that would run; change nothing."))
    , m_lockWait(u"lock-wait"_s,
                 tr("migrate: wait up to <seconds> for another migration runner (default 30)."),
                 u"seconds"_s, u"30"_s)
    , m_from(u"from"_s, tr("views export: the first day, as YYYY-MM-DD."), u"date"_s)
    , m_bucket(u"bucket"_s, tr("views export: day, week (ISO, Monday start) or month."),
               u"bucket"_s, u"day"_s)
    , m_format(u"format"_s, tr("views export: csv or json."), u"format"_s, u"csv"_s)
    , m_sign(u"sign"_s, tr("regenerate: the sign (aries … pisces) or all."), u"sign"_s)
    , m_date(u"date"_s, tr("regenerate: the day, as YYYY-MM-DD."), u"date"_s)
    , m_provider(u"provider"_s,
                 tr("regenerate: demo (offline texts) or openai (any OpenAI-compatible service; "
                    "the key comes from HOROSCOPE_AI_API_KEY or OPENAI_API_KEY). Default: the "
                    "one chosen in the settings."),
                 u"name"_s)
    , m_aiBaseUrl(u"ai-base-url"_s, tr("regenerate: the OpenAI-compatible endpoint, up to /v1."),
                  u"url"_s)
    , m_aiModel(u"ai-model"_s, tr("regenerate: the model name."), u"model"_s)
    , m_yes(u"yes"_s, tr("regenerate: write the new texts. Without it they are only printed."))
    , m_help(QStringList() << u"h"_s << u"help"_s, tr("Show this help and exit."))
    , m_version(QStringList() << u"v"_s << u"version"_s, tr("Show the version and exit."))
{
    m_parser.setApplicationDescription(
        tr("Horoscope Admin: the desktop tool for the horoscope bot's PostgreSQL database.\n"
           "\n"
           "Without a command it opens the window. Commands for scripts:\n"
           "  migrate status     each migration and its state (applied, pending, drifted, "
           "adopted)\n"
           "  migrate up         apply pending migrations [--to ID] [--dry-run]\n"
           "  migrate down       roll back the last migration [--to ID] [--dry-run]\n"
           "  migrate history    applied migrations: when, by whom, how long\n"
           "  views export       views per sign, aggregated and zero-filled as the chart shows "
           "them:\n"
           "                     --from DATE --to DATE [--bucket day|week|month] "
           "[--format csv|json]\n"
           "  regenerate         new texts from the AI provider, printed for review:\n"
           "                     --sign SIGN|all --date DATE [--provider NAME] [--yes]\n"
           "\n"
           "Exit status: 0 on success; 1 when the command failed (the reason is on stderr); "
           "2 for wrong usage."));
    m_parser.addOptions({m_demo, m_url, m_profile, m_lang, m_migrationsDir, m_to, m_dryRun,
                         m_lockWait, m_from, m_bucket, m_format, m_sign, m_date, m_provider,
                         m_aiBaseUrl, m_aiModel, m_yes, m_help, m_version});
    m_parser.addPositionalArgument(
        u"command"_s, tr("migrate status|up|down|history, or views export"), u"[command]"_s);
}

bool CommandLine::wantsCommand(int argc, char** argv)
{
    // --help and --version too: they must work in a terminal without a display.
    for (int i = 1; i < argc; ++i) {
        for (const char* word :
             {"migrate", "views", "regenerate", "-h", "--help", "-v", "--version"}) {
            if (qstrcmp(argv[i], word) == 0)
                return true;
        }
    }
    return false;
}

QString CommandLine::helpText() const
{
    return m_parser.helpText();
}

bool CommandLine::parse(const QStringList& arguments, int* exitCode)
{
    if (!m_parser.parse(arguments)) {
        std::fprintf(stderr, "%s\n%s\n", qPrintable(m_parser.errorText()),
                     qPrintable(tr("Run horoscope-admin --help for the options.")));
        *exitCode = 2;
        return false;
    }
    if (m_parser.isSet(m_help)) {
        std::fputs(qPrintable(m_parser.helpText()), stdout);
        *exitCode = 0;
        return false;
    }
    if (m_parser.isSet(m_version)) {
        std::printf("horoscope-admin %s\n", qPrintable(QCoreApplication::applicationVersion()));
        *exitCode = 0;
        return false;
    }
    const QStringList cmd = command();
    const QStringList migrateVerbs{u"status"_s, u"up"_s, u"down"_s, u"history"_s};
    const bool views = cmd == QStringList{u"views"_s, u"export"_s};
    const bool regenerate = cmd == QStringList{u"regenerate"_s};
    const bool valid =
        cmd.isEmpty() || views || regenerate ||
        (cmd.size() == 2 && cmd.first() == u"migrate" && migrateVerbs.contains(cmd.at(1)));
    if (!valid) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(tr("Unknown command \"%1\". Commands: migrate status|up|down|"
                                   "history, views export, regenerate. Run horoscope-admin --help.")
                                    .arg(cmd.join(u' '))));
        *exitCode = 2;
        return false;
    }
    if (regenerate) {
        QString problem;
        if (sign() != u"all" && !ZodiacSign::isKnown(sign()))
            problem = tr("regenerate needs --sign with a sign key (aries … pisces) or all.");
        else if (!date().isValid())
            problem = tr("regenerate needs --date as a date, such as --date 2026-11-28.");
        if (!problem.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(problem));
            *exitCode = 2;
            return false;
        }
    }
    if (views) {
        QString problem;
        if (!fromDate().isValid() || !toDate().isValid())
            problem = tr("views export needs --from and --to as dates, such as --from 2026-01-01 "
                         "--to 2026-01-31.");
        else if (fromDate() > toDate())
            problem = tr("--from must not be after --to.");
        else if (!QStringList{u"day"_s, u"week"_s, u"month"_s}.contains(bucket()))
            problem = tr("--bucket must be day, week or month.");
        else if (format() != u"csv" && format() != u"json")
            problem = tr("--format must be csv or json.");
        if (!problem.isEmpty()) {
            std::fprintf(stderr, "%s\n", qPrintable(problem));
            *exitCode = 2;
            return false;
        }
    }
    if (m_parser.isSet(m_demo) && m_parser.isSet(m_url)) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(tr("Use either --demo or --database-url, not both.")));
        *exitCode = 2;
        return false;
    }
    bool ok = false;
    const int wait = m_parser.value(m_lockWait).toInt(&ok);
    if (!ok || wait < 0) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(tr("--lock-wait needs a number of seconds, such as 30.")));
        *exitCode = 2;
        return false;
    }
    return true;
}

bool CommandLine::demo() const
{
    return m_parser.isSet(m_demo);
}

QString CommandLine::databaseUrl() const
{
    return m_parser.isSet(m_url) ? m_parser.value(m_url) : qEnvironmentVariable("DATABASE_URL");
}

QString CommandLine::profile() const
{
    return m_parser.value(m_profile);
}

QString CommandLine::language() const
{
    return m_parser.value(m_lang);
}

QString CommandLine::migrationsDir() const
{
    return m_parser.isSet(m_migrationsDir) ? m_parser.value(m_migrationsDir) : u":/migrations"_s;
}

QString CommandLine::to() const
{
    return m_parser.value(m_to);
}

bool CommandLine::dryRun() const
{
    return m_parser.isSet(m_dryRun);
}

int CommandLine::lockWaitSeconds() const
{
    return m_parser.value(m_lockWait).toInt();
}

QDate CommandLine::fromDate() const
{
    return QDate::fromString(m_parser.value(m_from), Qt::ISODate);
}

QDate CommandLine::toDate() const
{
    return QDate::fromString(m_parser.value(m_to), Qt::ISODate);
}

QString CommandLine::bucket() const
{
    return m_parser.value(m_bucket);
}

QString CommandLine::format() const
{
    return m_parser.value(m_format);
}

QString CommandLine::sign() const
{
    return m_parser.value(m_sign);
}

QDate CommandLine::date() const
{
    return QDate::fromString(m_parser.value(m_date), Qt::ISODate);
}

QString CommandLine::provider() const
{
    return m_parser.value(m_provider);
}

QString CommandLine::aiBaseUrl() const
{
    return m_parser.value(m_aiBaseUrl);
}

QString CommandLine::aiModel() const
{
    return m_parser.value(m_aiModel);
}

bool CommandLine::yes() const
{
    return m_parser.isSet(m_yes);
}

QStringList CommandLine::command() const
{
    return m_parser.positionalArguments();
}
