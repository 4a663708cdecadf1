// CommandLine: every option's description and the --help text. Which option belongs to which
// command is in CommandLineRules.cpp.
#include "CommandLine.h"

using namespace Qt::Literals::StringLiterals;

CommandLine::CommandLine()
{
    QList<QCommandLineOption> options;
    const auto add = [&options](const char* name, const QString& description,
                                const QString& valueName = {}, const QString& defaultValue = {}) {
        QCommandLineOption o(QString::fromLatin1(name), description, valueName, defaultValue);
        options << o;
    };
    add("demo", tr("Use the embedded demo database: a private PostgreSQL server in your data "
                   "directory, filled with sample horoscopes and view counts."));
    add("database-url",
        tr("Connect to <url>: postgresql://user:password@host:5432/db, an SQLAlchemy URL "
           "(postgresql+asyncpg://…, postgresql+psycopg2://…) or a libpq string "
           "(\"host=… dbname=…\"). Default: $DATABASE_URL; without either, libpq's PG* "
           "variables, service= and ~/.pgpass apply. A password here is visible to every user "
           "of the machine (ps): put it in --database-url-file, $DATABASE_URL, PGPASSWORD or "
           "~/.pgpass instead."),
        u"url"_s);
    add("database-url-file",
        tr("Read the URL from the first line of <file> (mode 0600), so that its password "
           "stays out of the process list."),
        u"file"_s);
    add("profile", tr("The window: open the saved connection profile <name>."), u"name"_s);
    add("lang", tr("Language of the interface: en, ru or system."), u"code"_s);
    add("migrations-dir",
        tr("The window and migrate: read migrations from <dir> instead of the ones built into "
           "the app."),
        u"dir"_s);
    add("statement-timeout",
        tr("Commands: the server cancels a statement that runs longer than <seconds> "
           "(default 60; migrate up/down: 900, for indexes built on large tables; decimals "
           "allowed). A server that leaves a request unanswered 5 seconds longer than that is "
           "given up on."),
        u"seconds"_s);
    add("lock-timeout",
        tr("Commands: give up when a row or table lock is not granted within <seconds> "
           "(decimals allowed; default 5). migrate: one attempt at a DDL lock (default 0.05), "
           "retried within --lock-wait."),
        u"seconds"_s);
    add("to",
        tr("migrate up/down: stop at migration <id> (down --to 0 rolls back all). "
           "views export, chart and report, horoscopes list and replace: the last day, as "
           "YYYY-MM-DD."),
        u"id|date"_s);
    add("dry-run", tr("migrate up/down: print the SQL that would run; change nothing. "
                      "horoscopes replace: print the changes only (the default)."));
    add("lock-wait",
        tr("migrate up/down: wait up to <seconds> for another migration runner and for busy "
           "tables (default 30, at most 86400)."),
        u"seconds"_s, u"30"_s);
    add("accept-data-loss",
        tr("migrate down: roll back even migrations whose tables still hold rows (they are "
           "lost)."));
    add("create-bot-tables",
        tr("migrate up: create the bot's own tables (horoscope_cache, horoscope_views) when "
           "they are missing."));
    add("from",
        tr("views export, chart and report, horoscopes list and replace: the first day, as "
           "YYYY-MM-DD."),
        u"date"_s);
    add("bucket", tr("views export, chart and report: day, week (ISO, Monday start) or month."),
        u"bucket"_s, u"day"_s);
    add("format",
        tr("views export, horoscopes list: csv or json. views summary: csv or json (default: a "
           "table). history list: text (default), csv or json. horoscopes replace: text or json."),
        u"format"_s, u"csv"_s);
    add("compare",
        tr("views export, chart and report: compare with the previous period, the same period "
           "a year before (by week: 52 weeks) or <N>d days before (by week: a multiple of 7; "
           "not by month). views report: previous or year."),
        u"previous|year|Nd"_s);
    add("days",
        tr("views summary: compare the last <n> complete days with the <n> before (default 7; "
           "today is left out)."),
        u"n"_s);
    add("missing",
        tr("views export and chart: a bucket where a sign has no row while other signs have: "
           "zero (counted as 0 views, the default) or gap (no number, the line broken)."),
        u"how"_s, u"zero"_s);
    add("signs",
        tr("views chart: the signs to draw, comma-separated keys such as aries,leo. Default: "
           "all."),
        u"list"_s);
    add("kind",
        tr("views chart: lines, small-multiples (one chart per sign, same scale) or share "
           "(each sign's share of the total). history list: only changes of that kind (edited, "
           "restored, regenerated, replaced, invalidated, generated, or outside: by the bot or "
           "psql)."),
        u"kind"_s, u"lines"_s);
    add("out",
        tr("views chart: the PNG file to write. Default: view-trends-FROM-TO-BUCKET.png in the "
           "current folder. views report: the PDF file to write."),
        u"file"_s);
    add("size",
        tr("views chart: the picture's size in pixels, WIDTHxHEIGHT, at most 4000x4000; the text "
           "grows with it."),
        u"WxH"_s, u"1600x1000"_s);
    add("sign",
        tr("regenerate: the sign (aries … pisces) or all. horoscopes list and replace, history "
           "list: only "
           "that sign."),
        u"sign"_s);
    add("search",
        tr("horoscopes list: only texts that contain <text>, in any case; % _ \\ match "
           "themselves. horoscopes replace: the words to find."),
        u"text"_s);
    add("replace", tr("horoscopes replace: what replaces the words found (may be empty)."),
        u"text"_s);
    add("whole-word",
        tr("horoscopes replace: only whole words (letters of any alphabet, digits and _ "
           "end a word)."));
    add("case-sensitive", tr("horoscopes replace: match the case exactly."));
    add("sort", tr("horoscopes list: date (default), sign, text, length or generated."),
        u"column"_s);
    add("asc", tr("horoscopes list: ascending order."));
    add("desc", tr("horoscopes list: descending order (the default)."));
    add("limit", tr("horoscopes list, history list: at most <n> rows (default 100)."), u"n"_s);
    add("since", tr("history list: changes on or after this day, as YYYY-MM-DD."), u"date"_s);
    add("until", tr("history list: changes on or before this day, as YYYY-MM-DD."), u"date"_s);
    add("person",
        tr("history list: only changes by this person, as the history names them. history "
           "restore: the name the history records (default: your login name)."),
        u"name"_s);
    add("id", tr("history restore: the revision_id of the deletion (#N in history list)."), u"n"_s);
    add("date", tr("regenerate: the day, as YYYY-MM-DD."), u"date"_s);
    add("provider",
        tr("regenerate: demo (offline texts) or openai (any OpenAI-compatible service; the key "
           "comes from HOROSCOPE_AI_API_KEY or OPENAI_API_KEY). Default: the one chosen in the "
           "settings."),
        u"name"_s);
    add("ai-base-url", tr("regenerate: the OpenAI-compatible endpoint, up to /v1."), u"url"_s);
    add("ai-model", tr("regenerate: the model name."), u"model"_s);
    add("yes", tr("regenerate, horoscopes replace: write the new texts. Without it they are "
                  "only printed. history restore: put the text back. Without it, only says "
                  "what it would do."));
    options << QCommandLineOption(QStringList() << u"h"_s << u"help"_s,
                                  tr("Show this help and exit."))
            << QCommandLineOption(QStringList() << u"v"_s << u"version"_s,
                                  tr("Show the version and exit."));

    m_parser.setApplicationDescription(
        tr("Horoscope Admin: the desktop tool for the horoscope bot's PostgreSQL database.\n"
           "\n"
           "Without a command it opens the window. Commands for scripts:\n"
           "  migrate status     each migration and its state (applied, pending, drifted, "
           "adopted)\n"
           "  migrate up         apply pending migrations [--to ID] [--dry-run] "
           "[--create-bot-tables]\n"
           "  migrate down       roll back the last migration [--to ID] [--dry-run] "
           "[--accept-data-loss]\n"
           "  migrate history    applied migrations: when, by whom, how long\n"
           "  views export       views per sign, aggregated as the chart shows them:\n"
           "                     --from DATE --to DATE [--bucket day|week|month] "
           "[--format csv|json]\n"
           "                     [--missing zero|gap] (at most 10000 buckets: a longer range "
           "needs week\n"
           "                     or month)\n"
           "  views chart        the trends chart as a PNG, drawn without a display:\n"
           "                     --from DATE --to DATE [--bucket day|week|month] [--signs "
           "LIST]\n"
           "                     [--kind lines|small-multiples|share] [--out FILE.png] "
           "[--size WxH]\n"
           "                     (export and chart: [--compare previous|year|Nd], a second "
           "series)\n"
           "  views summary      per sign: views in the last N complete days, the N before, the "
           "change,\n"
           "                     the latest horoscope, today's and tomorrow's: [--days N] "
           "[--format csv|json]\n"
           "  views report       a one-page PDF for a meeting, drawn without a display:\n"
           "                     --from DATE --to DATE [--bucket day|week|month] "
           "[--compare previous|year]\n"
           "                     --out FILE.pdf\n"
           "  regenerate         new texts from the AI provider, printed for review:\n"
           "                     --sign SIGN|all --date DATE [--provider NAME] [--yes]\n"
           "  horoscopes list    the browser's rows, in its order: [--sign SIGN] [--from DATE]\n"
           "                     [--to DATE] [--search TEXT] [--sort date|sign|text|length|"
           "generated]\n"
           "                     [--asc|--desc] [--limit N] [--format csv|json]\n"
           "  horoscopes replace find and replace across texts, printed for review:\n"
           "                     --search TEXT --replace TEXT [--sign SIGN] [--from DATE]\n"
           "                     [--to DATE] [--whole-word] [--case-sensitive]\n"
           "                     [--dry-run|--yes] [--format text|json]\n"
           "  history list       every change to every horoscope, newest first: [--since DATE]\n"
           "                     [--until DATE] [--person NAME] [--kind KIND] [--sign SIGN]\n"
           "                     [--limit N] [--format text|csv|json]\n"
           "  history restore    put an invalidated horoscope back: --id N [--yes] [--person "
           "NAME]\n"
           "Every command takes --statement-timeout and --lock-timeout; an option that does\n"
           "not belong to the command is refused. Dates are YYYY-MM-DD.\n"
           "\n"
           "Exit status: 0 on success; 1 when the command failed (one line on stderr says\n"
           "why); 2 for wrong usage. Progress lines appear only when stderr is a terminal;\n"
           "HA_DEBUG=1 also shows them, the server's notices and Qt's warnings."));
    m_parser.addOptions(options);
    m_parser.addPositionalArgument(
        u"command"_s,
        tr("migrate status|up|down|history, views export|chart|summary|report, regenerate, "
           "horoscopes list|replace, or history list|restore"),
        u"[command]"_s);
}
