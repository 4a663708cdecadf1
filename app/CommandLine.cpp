#include "CommandLine.h"

#include "ViewTrends.h"
#include "ZodiacSign.h"

#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <cmath>
#include <cstdio>
#include <cstring>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr unsigned kMigrate = CommandLine::MigrateStatus | CommandLine::MigrateHistory |
                              CommandLine::MigrateUp | CommandLine::MigrateDown;
constexpr unsigned kList = CommandLine::HoroscopesList;
constexpr unsigned kCommands =
    kMigrate | CommandLine::ViewsExport | CommandLine::ViewsChart | CommandLine::Regenerate | kList;
constexpr unsigned kViews = CommandLine::ViewsExport | CommandLine::ViewsChart;
constexpr unsigned kEverywhere = kCommands | CommandLine::Window;

// Which option applies to which command. The single source for parsing, for the check that an
// option belongs to its command, and for wantsCommand() (which runs before Qt is set up).
struct Rule
{
    const char* name;
    bool takesValue;
    unsigned commands;
};

constexpr Rule kRules[] = {
    {"demo", false, kEverywhere},
    {"database-url", true, kEverywhere},
    {"database-url-file", true, kEverywhere},
    {"lang", true, kEverywhere},
    {"profile", true, CommandLine::Window},
    {"migrations-dir", true, CommandLine::Window | kMigrate},
    {"statement-timeout", true, kCommands},
    {"lock-timeout", true, kCommands},
    {"to", true, CommandLine::MigrateUp | CommandLine::MigrateDown | kViews | kList},
    {"dry-run", false, CommandLine::MigrateUp | CommandLine::MigrateDown},
    {"lock-wait", true, CommandLine::MigrateUp | CommandLine::MigrateDown},
    {"accept-data-loss", false, CommandLine::MigrateDown},
    {"create-bot-tables", false, CommandLine::MigrateUp},
    {"from", true, kViews | kList},
    {"bucket", true, kViews},
    {"format", true, CommandLine::ViewsExport | kList},
    {"signs", true, CommandLine::ViewsChart},
    {"kind", true, CommandLine::ViewsChart},
    {"out", true, CommandLine::ViewsChart},
    {"size", true, CommandLine::ViewsChart},
    {"sign", true, CommandLine::Regenerate | kList},
    {"search", true, kList},
    {"sort", true, kList},
    {"asc", false, kList},
    {"desc", false, kList},
    {"limit", true, kList},
    {"date", true, CommandLine::Regenerate},
    {"provider", true, CommandLine::Regenerate},
    {"ai-base-url", true, CommandLine::Regenerate},
    {"ai-model", true, CommandLine::Regenerate},
    {"yes", false, CommandLine::Regenerate},
};

// Options QGuiApplication takes for itself (with one or two dashes) and removes before
// QCommandLineParser sees the arguments.
constexpr const char* kQtOptionsWithValue[] = {"platform",        "platformpluginpath",
                                               "platformtheme",   "plugin",
                                               "qwindowgeometry", "qwindowtitle",
                                               "qwindowicon",     "style",
                                               "stylesheet",      "session",
                                               "display",         "geometry"};
constexpr const char* kQtFlags[] = {"reverse", "widgetcount", "nograb", "dograb", "sync"};

const Rule* ruleFor(const char* name, std::size_t length)
{
    for (const Rule& rule : kRules) {
        if (std::strlen(rule.name) == length && std::strncmp(rule.name, name, length) == 0)
            return &rule;
    }
    return nullptr;
}

template <std::size_t N>
bool isOneOf(const char* const (&names)[N], const char* name, std::size_t length)
{
    for (const char* candidate : names) {
        if (std::strlen(candidate) == length && std::strncmp(candidate, name, length) == 0)
            return true;
    }
    return false;
}

// "--name=value", "--name" or "-name": the name, and whether the value is in the same word.
struct OptionWord
{
    const char* name;
    std::size_t length;
    bool hasValue;
};

OptionWord optionWord(const char* arg)
{
    const char* name = arg + (arg[1] == '-' ? 2 : 1);
    const char* equals = std::strchr(name, '=');
    return {name, equals ? std::size_t(equals - name) : std::strlen(name), equals != nullptr};
}

// Qt's own options (-platform offscreen, -reverse…), which QApplication takes out of argv.
enum class QtOption { None, Flag, WithValue };

QtOption qtOption(const OptionWord& word)
{
    if (isOneOf(kQtOptionsWithValue, word.name, word.length))
        return QtOption::WithValue;
    return isOneOf(kQtFlags, word.name, word.length) ? QtOption::Flag : QtOption::None;
}

QString commandName(CommandLine::Command command)
{
    switch (command) {
    case CommandLine::Window:
        return CommandLine::tr("the window (no command)");
    case CommandLine::MigrateStatus:
        return u"migrate status"_s;
    case CommandLine::MigrateHistory:
        return u"migrate history"_s;
    case CommandLine::MigrateUp:
        return u"migrate up"_s;
    case CommandLine::MigrateDown:
        return u"migrate down"_s;
    case CommandLine::ViewsExport:
        return u"views export"_s;
    case CommandLine::ViewsChart:
        return u"views chart"_s;
    case CommandLine::Regenerate:
        return u"regenerate"_s;
    case CommandLine::HoroscopesList:
        return u"horoscopes list"_s;
    }
    return {};
}

QStringList commandsOf(unsigned mask)
{
    QStringList names;
    for (unsigned bit = 1; bit <= CommandLine::ViewsChart; bit <<= 1) {
        if (mask & bit)
            names << commandName(static_cast<CommandLine::Command>(bit));
    }
    return names;
}

} // namespace

CommandLine::CommandLine()
{
    const auto add = [this](const char* name, const QString& description,
                            const QString& valueName = {}, const QString& defaultValue = {}) {
        QCommandLineOption o(QString::fromLatin1(name), description, valueName, defaultValue);
        m_options << o;
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
           "views export and chart, horoscopes list: the last day, as YYYY-MM-DD."),
        u"id|date"_s);
    add("dry-run", tr("migrate up/down: print the SQL that would run; change nothing."));
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
    add("from", tr("views export and chart, horoscopes list: the first day, as YYYY-MM-DD."),
        u"date"_s);
    add("bucket", tr("views export and chart: day, week (ISO, Monday start) or month."),
        u"bucket"_s, u"day"_s);
    add("format", tr("views export, horoscopes list: csv or json."), u"format"_s, u"csv"_s);
    add("signs",
        tr("views chart: the signs to draw, comma-separated keys such as aries,leo. Default: "
           "all."),
        u"list"_s);
    add("kind",
        tr("views chart: lines, small-multiples (one chart per sign, same scale) or share "
           "(each sign's share of the total)."),
        u"kind"_s, u"lines"_s);
    add("out", tr("views chart: the PNG file to write."), u"file"_s);
    add("size", tr("views chart: the picture's size in pixels, WIDTHxHEIGHT."), u"WxH"_s,
        u"1600x1000"_s);
    add("sign",
        tr("regenerate: the sign (aries … pisces) or all. horoscopes list: only that sign."),
        u"sign"_s);
    add("search",
        tr("horoscopes list: only texts that contain <text>, in any case; % _ \\ match "
           "themselves."),
        u"text"_s);
    add("sort", tr("horoscopes list: date (default), sign, text, length or generated."),
        u"column"_s);
    add("asc", tr("horoscopes list: ascending order."));
    add("desc", tr("horoscopes list: descending order (the default)."));
    add("limit", tr("horoscopes list: at most <n> rows (default 100)."), u"n"_s);
    add("date", tr("regenerate: the day, as YYYY-MM-DD."), u"date"_s);
    add("provider",
        tr("regenerate: demo (offline texts) or openai (any OpenAI-compatible service; the key "
           "comes from HOROSCOPE_AI_API_KEY or OPENAI_API_KEY). Default: the one chosen in the "
           "settings."),
        u"name"_s);
    add("ai-base-url", tr("regenerate: the OpenAI-compatible endpoint, up to /v1."), u"url"_s);
    add("ai-model", tr("regenerate: the model name."), u"model"_s);
    add("yes", tr("regenerate: write the new texts. Without it they are only printed."));
    m_options << QCommandLineOption(QStringList() << u"h"_s << u"help"_s,
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
           "  views export       views per sign, aggregated and zero-filled as the chart shows "
           "them:\n"
           "                     --from DATE --to DATE [--bucket day|week|month] "
           "[--format csv|json]\n"
           "                     (at most 10000 buckets: a longer range needs week or month)\n"
           "  views chart        the trends chart as a PNG, drawn without a display:\n"
           "                     --from DATE --to DATE [--bucket day|week|month] [--signs "
           "LIST]\n"
           "                     [--kind lines|small-multiples|share] --out FILE.png "
           "[--size WxH]\n"
           "  regenerate         new texts from the AI provider, printed for review:\n"
           "                     --sign SIGN|all --date DATE [--provider NAME] [--yes]\n"
           "  horoscopes list    the browser's rows, in its order: [--sign SIGN] [--from DATE]\n"
           "                     [--to DATE] [--search TEXT] [--sort date|sign|text|length|"
           "generated]\n"
           "                     [--asc|--desc] [--limit N] [--format csv|json]\n"
           "Every command takes --statement-timeout and --lock-timeout; an option that does\n"
           "not belong to the command is refused. Dates are YYYY-MM-DD.\n"
           "\n"
           "Exit status: 0 on success; 1 when the command failed (one line on stderr says\n"
           "why); 2 for wrong usage. Progress lines appear only when stderr is a terminal;\n"
           "HA_DEBUG=1 also shows them, the server's notices and Qt's warnings."));
    m_parser.addOptions(m_options);
    m_parser.addPositionalArgument(
        u"command"_s,
        tr("migrate status|up|down|history, views export|chart, regenerate, or horoscopes list"),
        u"[command]"_s);
}

bool CommandLine::wantsCommand(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const char* arg = argv[i];
        if (arg[0] != '-' || std::strcmp(arg, "-") == 0 || std::strcmp(arg, "--") == 0)
            return true; // a command word (or something the parser will refuse)
        const OptionWord word = optionWord(arg);
        if (const QtOption qt = qtOption(word); qt != QtOption::None) {
            if (qt == QtOption::WithValue && !word.hasValue)
                ++i;
            continue;
        }
        const Rule* rule = ruleFor(word.name, word.length);
        if (!rule || !(rule->commands & Window))
            return true; // --help, --version, or a usage error to print without a display
        if (rule->takesValue && !word.hasValue)
            ++i;
    }
    return false;
}

QString CommandLine::helpText() const
{
    return m_parser.helpText();
}

int CommandLine::usageError(const QString& message)
{
    std::fprintf(stderr, "horoscope-admin: %s\n", qPrintable(message.simplified()));
    return 2;
}

QDate CommandLine::strictDate(const QString& text)
{
    static const QRegularExpression shape(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    if (!shape.match(text).hasMatch())
        return {};
    return QDate::fromString(text, u"yyyy-MM-dd"_s);
}

int CommandLine::secondsToMs(const QString& text)
{
    static const QRegularExpression shape(u"^\\d+(\\.\\d+)?$"_s);
    if (!shape.match(text).hasMatch())
        return -1;
    bool ok = false;
    const double seconds = QLocale::c().toDouble(text, &ok);
    if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > maxSeconds)
        return -1;
    return std::max(1, static_cast<int>(std::lround(seconds * 1000)));
}

bool CommandLine::parse(const QStringList& given, int* exitCode)
{
    *exitCode = 2;
    // A GUI application has taken its own options (-platform offscreen) out already; a command
    // runs without one, so they are dropped here.
    QStringList arguments;
    for (qsizetype i = 0; i < given.size(); ++i) {
        const QByteArray arg = given.at(i).toLocal8Bit();
        if (i > 0 && arg.startsWith('-') && arg != "-" && arg != "--") {
            const OptionWord word = optionWord(arg.constData());
            if (const QtOption qt = qtOption(word); qt != QtOption::None) {
                if (qt == QtOption::WithValue && !word.hasValue)
                    ++i;
                continue;
            }
        }
        arguments << given.at(i);
    }
    if (!m_parser.parse(arguments)) {
        usageError(m_parser.errorText() + u' ' + tr("Run horoscope-admin --help for the options."));
        return false;
    }
    if (m_parser.isSet(u"help"_s)) {
        std::fputs(qPrintable(m_parser.helpText()), stdout);
        *exitCode = 0;
        return false;
    }
    if (m_parser.isSet(u"version"_s)) {
        std::printf("horoscope-admin %s\n", qPrintable(QCoreApplication::applicationVersion()));
        *exitCode = 0;
        return false;
    }
    const QStringList cmd = command();
    const QString joined = cmd.join(u' ');
    if (cmd.isEmpty())
        m_command = Window;
    else if (joined == u"migrate status")
        m_command = MigrateStatus;
    else if (joined == u"migrate history")
        m_command = MigrateHistory;
    else if (joined == u"migrate up")
        m_command = MigrateUp;
    else if (joined == u"migrate down")
        m_command = MigrateDown;
    else if (joined == u"views export")
        m_command = ViewsExport;
    else if (joined == u"views chart")
        m_command = ViewsChart;
    else if (joined == u"regenerate")
        m_command = Regenerate;
    else if (joined == u"horoscopes list")
        m_command = HoroscopesList;
    else {
        usageError(tr("Unknown command \"%1\". Commands: migrate status|up|down|history, views "
                      "export|chart, regenerate, horoscopes list. Run horoscope-admin --help.")
                       .arg(joined));
        return false;
    }
    QString problem = checkOptions();
    if (problem.isEmpty())
        problem = checkValues();
    if (!problem.isEmpty()) {
        usageError(problem);
        return false;
    }
    *exitCode = 0;
    return true;
}

// Each option at most once, and only for the commands it belongs to.
QString CommandLine::checkOptions() const
{
    for (const Rule& rule : kRules) {
        const QString name = QString::fromLatin1(rule.name);
        if (!m_parser.isSet(name))
            continue;
        if (m_parser.values(name).size() > 1 ||
            (!rule.takesValue && m_parser.optionNames().count(name) > 1))
            return tr("The option --%1 is given more than once; give it once.").arg(name);
        if (!(rule.commands & m_command))
            return tr("The option --%1 does not apply to %2; it is for %3.")
                .arg(name, commandName(m_command), commandsOf(rule.commands).join(u", "_s));
    }
    if (m_parser.isSet(u"demo"_s) && m_parser.isSet(u"database-url"_s))
        return tr("Use either --demo or --database-url, not both.");
    if ((m_parser.isSet(u"demo"_s) || m_parser.isSet(u"database-url"_s)) &&
        m_parser.isSet(u"database-url-file"_s))
        return tr("Use only one of --demo, --database-url and --database-url-file.");
    return {};
}

QString CommandLine::checkValues() const
{
    const auto dateProblem = [this](const char* name) -> QString {
        const QString value = m_parser.value(QString::fromLatin1(name));
        if (strictDate(value).isValid())
            return {};
        return tr("--%1 needs a date as YYYY-MM-DD, such as 2026-11-28; \"%2\" is not one.")
            .arg(QString::fromLatin1(name), value);
    };
    if (QString error; m_parser.isSet(u"database-url-file"_s) && !readUrlFile(nullptr, &error))
        return error;
    for (const char* name : {"statement-timeout", "lock-timeout"}) {
        const QString key = QString::fromLatin1(name);
        if (m_parser.isSet(key) && secondsToMs(m_parser.value(key)) < 0)
            return tr("--%1 needs a number of seconds above 0 and at most %2, such as 5 or 0.5; "
                      "\"%3\" is not one.")
                .arg(key)
                .arg(maxSeconds)
                .arg(m_parser.value(key));
    }
    if (m_command == MigrateUp || m_command == MigrateDown) {
        static const QRegularExpression digits(u"^\\d{1,9}$"_s);
        bool ok = false;
        const int wait = m_parser.value(u"lock-wait"_s).toInt(&ok);
        if (!digits.match(m_parser.value(u"lock-wait"_s)).hasMatch() || !ok || wait > maxSeconds)
            return tr("--lock-wait needs a whole number of seconds from 0 to %1, such as 30; "
                      "\"%2\" is not one.")
                .arg(maxSeconds)
                .arg(m_parser.value(u"lock-wait"_s));
        const QString target = to();
        if (m_parser.isSet(u"to"_s) && !digits.match(target).hasMatch())
            return tr("--to needs a migration id such as 0002 (down --to 0 rolls back all); "
                      "\"%1\" is not one.")
                .arg(target);
        if (m_command == MigrateUp && m_parser.isSet(u"to"_s) && target.toInt() == 0)
            return tr("migrate up --to needs the id of a migration, such as 0002; to roll back "
                      "everything use migrate down --to 0.");
    }
    if (m_command == Regenerate) {
        if (sign() != u"all" && !ZodiacSign::isKnown(sign()))
            return tr("regenerate needs --sign with a sign key (aries … pisces) or all.");
        if (!m_parser.isSet(u"date"_s))
            return tr("regenerate needs --date as YYYY-MM-DD, such as --date 2026-11-28.");
        if (const QString p = dateProblem("date"); !p.isEmpty())
            return p;
        if (m_parser.isSet(u"provider"_s) && provider() != u"demo" && provider() != u"openai")
            return tr("--provider must be demo or openai; \"%1\" is neither.").arg(provider());
    }
    if (m_command & kViews) {
        if (!m_parser.isSet(u"from"_s) || !m_parser.isSet(u"to"_s))
            return tr("%1 needs --from and --to as YYYY-MM-DD, such as --from "
                      "2026-01-01 --to 2026-01-31.")
                .arg(commandName(m_command));
        if (const QString p = dateProblem("from"); !p.isEmpty())
            return p;
        if (const QString p = dateProblem("to"); !p.isEmpty())
            return p;
        if (fromDate() > toDate())
            return tr("--from must not be after --to.");
        if (!QStringList{u"day"_s, u"week"_s, u"month"_s}.contains(bucket()))
            return tr("--bucket must be day, week or month; \"%1\" is none of them.").arg(bucket());
        if (format() != u"csv" && format() != u"json")
            return tr("--format must be csv or json; \"%1\" is neither.").arg(format());
        ViewTrends::Bucket unit = ViewTrends::Bucket::Day;
        ViewTrends::parseBucket(bucket(), &unit);
        const qint64 buckets = ViewTrends::bucketCount(fromDate(), toDate(), unit);
        if (buckets > ViewTrends::maxBuckets)
            return (m_command == ViewsChart
                        ? tr("views chart draws at most %1 points per sign; %2 to %3 by %4 is "
                             "%5. Use --bucket week or month, or a shorter range.")
                        : tr("views export gives at most %1 buckets per sign; %2 to %3 by %4 is "
                             "%5. Use --bucket week or month, or a shorter range."))
                .arg(ViewTrends::maxBuckets)
                .arg(fromDate().toString(Qt::ISODate), toDate().toString(Qt::ISODate), bucket())
                .arg(buckets);
        if (m_command == ViewsChart)
            return chartProblem();
    }
    return {};
}

bool CommandLine::wantsWidgets(int argc, char** argv)
{
    // The command words, skipping the values of options: "views chart" draws with widgets.
    QStringList words;
    for (int i = 1; i < argc; ++i) {
        const char* arg = argv[i];
        if (arg[0] != '-' || std::strcmp(arg, "-") == 0) {
            words << QString::fromLocal8Bit(arg);
            continue;
        }
        if (std::strcmp(arg, "--") == 0)
            break;
        const OptionWord word = optionWord(arg);
        const QtOption qt = qtOption(word);
        const Rule* rule = ruleFor(word.name, word.length);
        if (((qt == QtOption::WithValue) || (rule && rule->takesValue)) && !word.hasValue)
            ++i;
    }
    return words.size() >= 2 && words.at(0) == u"views" && words.at(1) == u"chart";
}

bool CommandLine::demo() const
{
    return m_parser.isSet(u"demo"_s);
}

QString CommandLine::databaseUrl() const
{
    if (QString url; m_parser.isSet(u"database-url-file"_s) && readUrlFile(&url, nullptr))
        return url;
    return m_parser.isSet(u"database-url"_s) ? m_parser.value(u"database-url"_s)
                                             : qEnvironmentVariable("DATABASE_URL");
}

bool CommandLine::readUrlFile(QString* url, QString* error) const
{
    const QString name = m_parser.value(u"database-url-file"_s);
    QFile file(name);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        if (error)
            *error = tr("Could not read --database-url-file %1: %2.").arg(name, file.errorString());
        return false;
    }
    const QString first = QString::fromUtf8(file.readLine(64 * 1024)).trimmed();
    if (first.isEmpty()) {
        if (error)
            *error =
                tr("The file %1 (--database-url-file) has no URL on its first line.").arg(name);
        return false;
    }
    if (url)
        *url = first;
    return true;
}

CommandConnection::Options CommandLine::connectionOptions() const
{
    CommandConnection::Options o;
    o.demo = demo();
    o.databaseUrl = databaseUrl();
    o.urlOnCommandLine = m_parser.isSet(u"database-url"_s);
    o.statementTimeoutMs = statementTimeoutMs();
    o.statementTimeoutGiven = m_parser.isSet(u"statement-timeout"_s);
    o.lockTimeoutMs = lockTimeoutMs();
    o.lockTimeoutGiven = m_parser.isSet(u"lock-timeout"_s);
    return o;
}

QString CommandLine::readUrl() const
{
    return qEnvironmentVariable("DATABASE_READ_URL");
}

QString CommandLine::profile() const
{
    return m_parser.value(u"profile"_s);
}

QString CommandLine::language() const
{
    return m_parser.value(u"lang"_s);
}

QString CommandLine::migrationsDir() const
{
    return m_parser.isSet(u"migrations-dir"_s) ? m_parser.value(u"migrations-dir"_s)
                                               : u":/migrations"_s;
}

QString CommandLine::to() const
{
    return m_parser.value(u"to"_s);
}

bool CommandLine::dryRun() const
{
    return m_parser.isSet(u"dry-run"_s);
}

int CommandLine::lockWaitMs() const
{
    return m_parser.value(u"lock-wait"_s).toInt() * 1000; // at most 86,400,000: fits an int
}

bool CommandLine::acceptDataLoss() const
{
    return m_parser.isSet(u"accept-data-loss"_s);
}

bool CommandLine::createBotTables() const
{
    return m_parser.isSet(u"create-bot-tables"_s);
}

int CommandLine::statementTimeoutMs() const
{
    return m_parser.isSet(u"statement-timeout"_s)
               ? secondsToMs(m_parser.value(u"statement-timeout"_s))
           : (m_command & (MigrateUp | MigrateDown)) ? defaultMigrateStatementTimeoutMs
                                                     : defaultStatementTimeoutMs;
}

int CommandLine::lockTimeoutMs() const
{
    if (m_parser.isSet(u"lock-timeout"_s))
        return secondsToMs(m_parser.value(u"lock-timeout"_s));
    return (m_command & (MigrateUp | MigrateDown | MigrateStatus | MigrateHistory))
               ? defaultMigrateLockTimeoutMs
               : defaultLockTimeoutMs;
}

QDate CommandLine::fromDate() const
{
    return strictDate(m_parser.value(u"from"_s));
}

QDate CommandLine::toDate() const
{
    return strictDate(m_parser.value(u"to"_s));
}

QString CommandLine::bucket() const
{
    return m_parser.value(u"bucket"_s);
}

QString CommandLine::format() const
{
    return m_parser.value(u"format"_s);
}

QString CommandLine::sign() const
{
    return m_parser.value(u"sign"_s);
}

QDate CommandLine::date() const
{
    return strictDate(m_parser.value(u"date"_s));
}

QString CommandLine::provider() const
{
    return m_parser.value(u"provider"_s);
}

QString CommandLine::aiBaseUrl() const
{
    return m_parser.value(u"ai-base-url"_s);
}

QString CommandLine::aiModel() const
{
    return m_parser.value(u"ai-model"_s);
}

bool CommandLine::yes() const
{
    return m_parser.isSet(u"yes"_s);
}

QStringList CommandLine::command() const
{
    return m_parser.positionalArguments();
}
