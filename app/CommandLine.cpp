// CommandLine: parsing, --help and --version, and the values every command shares (the
// connection options, --lang, --profile, --migrations-dir).
#include "CommandLine.h"

#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <cmath>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

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
    const QStringList arguments = withoutQtOptions(given);
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
    else if (joined == u"views summary")
        m_command = ViewsSummary;
    else if (joined == u"views report")
        m_command = ViewsReport;
    else if (joined == u"regenerate")
        m_command = Regenerate;
    else if (joined == u"horoscopes list")
        m_command = HoroscopesList;
    else if (joined == u"history list")
        m_command = HistoryList;
    else if (joined == u"history restore")
        m_command = HistoryRestore;
    else if (joined == u"horoscopes replace")
        m_command = HoroscopesReplace;
    else {
        usageError(tr("Unknown command \"%1\". Commands: migrate status|up|down|history, views "
                      "export|chart|summary|report, regenerate, horoscopes list|replace, history "
                      "list|restore. Run horoscope-admin --help.")
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

// The values every command shares; each command checks its own.
QString CommandLine::checkValues() const
{
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
    return {};
}

QString CommandLine::dateOption(const char* name, QDate* date) const
{
    const QString value = m_parser.value(QString::fromLatin1(name));
    *date = strictDate(value);
    if (date->isValid())
        return {};
    return tr("--%1 needs a date as YYYY-MM-DD, such as 2026-11-28; \"%2\" is not one.")
        .arg(QString::fromLatin1(name), value);
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

QStringList CommandLine::command() const
{
    return m_parser.positionalArguments();
}
