#include "HoroscopesCommand.h"

#include "CommandConnection.h"
#include "CommandLine.h"
#include "CommandOutput.h"
#include "DbError.h"
#include "HoroscopeExporter.h"
#include "HoroscopePager.h"
#include "HoroscopeQuery.h"
#include "ZodiacSign.h"

#include <QJsonDocument>
#include <QJsonObject>
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
    const QString format = cli.format();
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
    HoroscopeQuery query(request.filter, HoroscopeQuery::hasRevisionsTable(connection.database()));
    query.setFullText(true);
    // The browser's pages, one after the other; no time budget: a script waits for its rows.
    HoroscopePager::Options options;
    options.budgetMs = cli.statementTimeoutMs();
    std::optional<HoroscopeQuery::Position> after;
    int written = 0;
    if (!put(request.json
                 ? "["
                 : "id,zodiac_sign,horoscope_date,length,generated_at,corrected,content\r\n"))
        return CommandOutput::finish(0);
    while (written < request.limit) {
        const int pageSize = std::min(request.limit - written, 1000);
        const HoroscopePager::Answer a = HoroscopePager::fetch(
            connection.database(), query, after ? &*after : nullptr, false, pageSize, options);
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
