#include "HoroscopesCommand.h"

#include "CommandConnection.h"
#include "CommandLine.h"
#include "CommandOutput.h"
#include "DbError.h"
#include "HoroscopeExporter.h"
#include "HoroscopePager.h"
#include "HoroscopeQuery.h"
#include "ZodiacSign.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <cstdio>
#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Request
{
    HoroscopeFilter filter;
    int limit = HoroscopesCommand::defaultLimit;
    bool json = false;
};

// The options' values, or the one line that says what is wrong with them.
QString parse(const CommandLine& cli, Request* r)
{
    if (cli.isSet("sign")) {
        if (!ZodiacSign::isKnown(cli.value("sign")))
            return HoroscopesCommand::tr("--sign needs a sign key (aries … pisces); \"%1\" is "
                                         "not one.")
                .arg(cli.value("sign"));
        r->filter.signs = {cli.value("sign")};
    }
    for (const char* name : {"from", "to"}) {
        if (!cli.isSet(name))
            continue;
        const QDate date = CommandLine::strictDate(cli.value(name));
        if (!date.isValid())
            return HoroscopesCommand::tr("--%1 needs a date as YYYY-MM-DD, such as 2026-11-28; "
                                         "\"%2\" is not one.")
                .arg(QString::fromLatin1(name), cli.value(name));
        (name[0] == 'f' ? r->filter.from : r->filter.to) = date;
    }
    if (r->filter.from.isValid() && r->filter.to.isValid() && r->filter.from > r->filter.to)
        return HoroscopesCommand::tr("--from must not be after --to.");
    r->filter.search = cli.value("search");
    if (r->filter.search.size() > HoroscopeFilter::maxSearchLength)
        return HoroscopesCommand::tr("--search takes at most %1 characters; this one has %2. "
                                     "Search for a shorter, distinctive part of the text.")
            .arg(HoroscopeFilter::maxSearchLength)
            .arg(r->filter.search.size());
    using C = HoroscopeFilter::SortColumn;
    const QString sort = cli.isSet("sort") ? cli.value("sort") : u"date"_s;
    const QList<std::pair<QString, C>> sorts{{u"date"_s, C::Date},
                                             {u"sign"_s, C::Sign},
                                             {u"text"_s, C::Text},
                                             {u"length"_s, C::Length},
                                             {u"generated"_s, C::GeneratedAt}};
    bool known = false;
    for (const auto& [name, column] : sorts) {
        if (name == sort) {
            r->filter.sort = column;
            known = true;
        }
    }
    if (!known)
        return HoroscopesCommand::tr("--sort must be date, sign, text, length or generated; "
                                     "\"%1\" is none of them.")
            .arg(sort);
    if (cli.isSet("asc") && cli.isSet("desc"))
        return HoroscopesCommand::tr("Use either --asc or --desc, not both.");
    r->filter.order = cli.isSet("asc") ? Qt::AscendingOrder : Qt::DescendingOrder;
    if (cli.isSet("limit")) {
        static const QRegularExpression digits(u"^\\d{1,8}$"_s);
        const int limit = cli.value("limit").toInt();
        if (!digits.match(cli.value("limit")).hasMatch() || limit < 1 ||
            limit > HoroscopesCommand::maxLimit)
            return HoroscopesCommand::tr("--limit needs a whole number of rows from 1 to %1, "
                                         "such as 100; \"%2\" is not one.")
                .arg(HoroscopesCommand::maxLimit)
                .arg(cli.value("limit"));
        r->limit = limit;
    }
    const QString format = cli.value("format");
    if (format != u"csv" && format != u"json")
        return HoroscopesCommand::tr("--format must be csv or json; \"%1\" is neither.")
            .arg(format);
    r->json = format == u"json";
    return {};
}

QByteArray csvLine(const HoroscopeRow& row)
{
    const auto f = HoroscopeExporter::csvField;
    return (QString::number(row.id) + u',' + f(row.sign) + u',' + row.date.toString(Qt::ISODate) +
            u',' + QString::number(row.length) + u',' + row.generatedText + u',' +
            (row.corrected ? u"true"_s : u"false"_s) + u',' + f(row.preview) + u"\r\n"_s)
        .toUtf8();
}

QByteArray jsonObject(const HoroscopeRow& row)
{
    const QJsonObject object{
        {u"id"_s, row.id},
        {u"zodiac_sign"_s, row.sign},
        {u"horoscope_date"_s, row.date.toString(Qt::ISODate)},
        {u"length"_s, row.length},
        {u"generated_at"_s, row.generatedText},
        {u"corrected"_s, row.corrected},
        {u"content"_s, row.preview},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

bool put(const QByteArray& bytes)
{
    return CommandOutput::write(bytes);
}

} // namespace

int HoroscopesCommand::run(const CommandLine& cli)
{
    Request request;
    if (const QString problem = parse(cli, &request); !problem.isEmpty())
        return CommandLine::usageError(problem);
    CommandConnection connection(cli.connectionOptions());
    connection.readFromStandby(cli.readUrl());
    if (!connection.open())
        return 1;
    connection.cancelOnSignals();
    HoroscopeQuery query(request.filter, HoroscopeQuery::hasRevisionsTable(connection.database()));
    query.setFullText(true);
    // The browser's pages, one after the other. Each statement is bounded by the statement
    // timeout, and so is a search as a whole: a term that no index narrows, rare or absent,
    // would otherwise read the whole table one bounded step after the other.
    const bool searching = !request.filter.search.isEmpty();
    const int deadlineMs = cli.statementTimeoutMs();
    QElapsedTimer clock;
    clock.start();
    const auto stopped = [&connection, deadlineMs] {
        return connection.fail(
            tr("The search was stopped after %1 s: no index narrows this term, and reading "
               "the texts one by one took longer. Narrow it with --sign, --from and --to or a "
               "longer term, or raise --statement-timeout.")
                .arg(QLocale::c().toString(deadlineMs / 1000.0, 'g', 6)));
    };
    HoroscopePager::Options options;
    options.budgetMs = deadlineMs;
    // Nobody sees rows before the page is complete: when walking on would take longer than this,
    // one statement reads the rest, which the server can run as a parallel scan of the table
    // (a term in no row: 2.6 s at a million rows against 7 s in steps; docs/benchmarks.md).
    options.fullScanBeyondMs = 1'000;
    // A signal's cancel ends the page at once, also when it hits the pager's own timed attempt
    // at the trigram index (which would otherwise walk on).
    options.superseded = [] { return CommandConnection::interruptedBy() != 0; };
    std::optional<HoroscopeQuery::Position> after;
    int written = 0;
    if (!put(request.json
                 ? "["
                 : "id,zodiac_sign,horoscope_date,length,generated_at,corrected,content\r\n"))
        return CommandOutput::finish(0);
    while (written < request.limit) {
        if (CommandConnection::interruptedBy() != 0)
            return CommandConnection::interrupted();
        if (searching) {
            options.budgetMs = static_cast<int>(deadlineMs - clock.elapsed());
            if (options.budgetMs <= 0)
                return stopped();
        }
        const int pageSize = std::min(request.limit - written, 1000);
        const HoroscopePager::Answer a = HoroscopePager::fetch(
            connection.database(), query, after ? &*after : nullptr, false, pageSize, options);
        if (CommandConnection::interruptedBy() != 0)
            return CommandConnection::interrupted();
        // A step that the statement timeout ended once the search's time was up.
        if (!a.ok && searching && a.error.nativeErrorCode() == u"57014" &&
            clock.elapsed() >= deadlineMs)
            return stopped();
        if (!a.ok)
            return connection.fail(DbError::fromQuery(a.error, connection.spec()));
        for (const HoroscopeRow& row : a.rows) {
            // A failed write stops the query: the rest would be lost too.
            if (!put(request.json ? (written == 0 ? "\n  " : ",\n  ") + jsonObject(row)
                                  : csvLine(row)))
                return CommandOutput::finish(0);
            ++written;
        }
        if (!a.more)
            break;
        after = a.partial ? a.scanned : HoroscopeQuery::positionOf(a.rows.last());
    }
    if (request.json)
        put(written == 0 ? "]\n" : "\n]\n");
    return CommandOutput::finish(0);
}
