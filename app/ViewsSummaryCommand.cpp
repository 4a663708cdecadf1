#include "ViewsSummaryCommand.h"

#include "CommandConnection.h"
#include "CommandLine.h"
#include "CommandOutput.h"
#include "DbError.h"
#include "SignSummary.h"
#include "ViewTrends.h"
#include "ZodiacSign.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <cstdlib>

using namespace Qt::Literals::StringLiterals;

namespace {

enum class Format { Table, Csv, Json };

// The change in tenths of a percent, rounded half away from zero as PostgreSQL's round() does,
// in integers (a double can land on the wrong side of .x5). Only when the previous is not 0.
qint64 changeTenths(const SignSummary& s)
{
    const qint64 n = (s.viewsLast - s.viewsPrevious) * 1000;
    const qint64 d = s.viewsPrevious;
    qint64 q = n / d;
    if (2 * std::llabs(n % d) >= d)
        q += n < 0 ? -1 : 1;
    return q;
}

QString changeText(const SignSummary& s)
{
    if (s.viewsPrevious == 0)
        return {};
    const qint64 q = changeTenths(s);
    return (q < 0 ? u"-"_s : QString()) + QString::number(std::llabs(q) / 10) + u'.' +
           QString::number(std::llabs(q) % 10);
}

QString isoDate(const QDate& d)
{
    return d.toString(Qt::ISODate);
}

QByteArray toCsv(const QList<SignSummary>& rows)
{
    QByteArray csv = "sign,views_last,views_previous,change_percent,latest_date,today,tomorrow\r\n";
    for (const SignSummary& s : rows) {
        csv += ViewTrends::csvField(s.sign) + ',' + QByteArray::number(s.viewsLast) + ',' +
               QByteArray::number(s.viewsPrevious) + ',' + changeText(s).toLatin1() + ',' +
               isoDate(s.latest).toLatin1() + ',' + (s.hasToday ? "true" : "false") + ',' +
               (s.hasTomorrow ? "true" : "false") + "\r\n";
    }
    return csv;
}

QByteArray toJson(const QList<SignSummary>& rows, int days, const QDate& today)
{
    QJsonArray out;
    for (const SignSummary& s : rows) {
        out.append(QJsonObject{
            {u"sign"_s, s.sign},
            {u"known_sign"_s, ZodiacSign::isKnown(s.sign)},
            {u"views_last"_s, s.viewsLast},
            {u"views_previous"_s, s.viewsPrevious},
            {u"change_percent"_s, s.viewsPrevious == 0
                                      ? QJsonValue(QJsonValue::Null)
                                      : QJsonValue(static_cast<double>(changeTenths(s)) / 10.0)},
            {u"latest_date"_s,
             s.latest.isValid() ? QJsonValue(isoDate(s.latest)) : QJsonValue(QJsonValue::Null)},
            {u"today"_s, s.hasToday},
            {u"tomorrow"_s, s.hasTomorrow},
        });
    }
    SignSummary span;
    span.days = days;
    span.today = today;
    const QJsonObject doc{
        {u"today"_s, isoDate(today)},
        {u"days"_s, days},
        {u"last"_s,
         QJsonObject{{u"from"_s, isoDate(span.lastFrom())}, {u"to"_s, isoDate(span.lastTo())}}},
        {u"previous"_s, QJsonObject{{u"from"_s, isoDate(span.previousFrom())},
                                    {u"to"_s, isoDate(span.previousTo())}}},
        {u"rows"_s, out},
    };
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}

// A table for people: the columns padded to their widest cell, numbers to the right.
QString toTable(const QList<SignSummary>& rows, int days, const QDate& today)
{
    SignSummary span;
    span.days = days;
    span.today = today;
    const QLocale locale;
    QList<QStringList> cells{{ViewsSummaryCommand::tr("Sign"), ViewsSummaryCommand::tr("Views"),
                              ViewsSummaryCommand::tr("Before"), ViewsSummaryCommand::tr("Change"),
                              ViewsSummaryCommand::tr("Latest"), ViewsSummaryCommand::tr("Today"),
                              ViewsSummaryCommand::tr("Tomorrow")}};
    const QString yes = ViewsSummaryCommand::tr("yes");
    const QString no = ViewsSummaryCommand::tr("no");
    for (const SignSummary& s : rows) {
        const QString change = changeText(s);
        cells << QStringList{
            ZodiacSign::isKnown(s.sign) ? ZodiacSign::display(s.sign)
                                        : ViewsSummaryCommand::tr("%1 (not a sign)").arg(s.sign),
            locale.toString(s.viewsLast),
            locale.toString(s.viewsPrevious),
            change.isEmpty() ? u"—"_s
                             : (s.viewsLast > s.viewsPrevious ? u"+"_s : QString()) +
                                   locale.toString(changeTenths(s) / 10.0, 'f', 1) + u" %"_s,
            s.latest.isValid() ? isoDate(s.latest) : u"—"_s,
            s.hasToday ? yes : no,
            s.hasTomorrow ? yes : no};
    }
    QList<qsizetype> widths(cells.first().size(), 0);
    for (const QStringList& row : std::as_const(cells))
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    QString text =
        ViewsSummaryCommand::tr("Views per sign in the last %1 complete days (%2 to %3) "
                                "against the %1 days before (%4 to %5); today, %6, is "
                                "left out.")
            .arg(days)
            .arg(isoDate(span.lastFrom()), isoDate(span.lastTo()), isoDate(span.previousFrom()),
                 isoDate(span.previousTo()), isoDate(today)) +
        u"\n\n"_s;
    for (const QStringList& row : std::as_const(cells)) {
        QStringList padded;
        for (qsizetype c = 0; c < row.size(); ++c) {
            const int width = static_cast<int>(widths.at(c));
            padded << (c == 0 ? row.at(c).leftJustified(width) : row.at(c).rightJustified(width));
        }
        text += padded.join(u"  "_s) + u'\n';
    }
    return text;
}

} // namespace

int ViewsSummaryCommand::run(const CommandLine& cli)
{
    int days = SignSummary::defaultDays;
    if (cli.isSet("days")) {
        static const QRegularExpression digits(u"^\\d{1,5}$"_s);
        const QString text = cli.value("days");
        days = digits.match(text).hasMatch() ? text.toInt() : 0;
        if (days < 1 || days > SignSummary::maxDays)
            return CommandLine::usageError(
                tr("--days needs a whole number of days from 1 to %1, such as 7; \"%2\" is not "
                   "one.")
                    .arg(SignSummary::maxDays)
                    .arg(text));
    }
    Format format = Format::Table;
    if (cli.isSet("format")) {
        const QString f = cli.value("format");
        if (f != u"csv" && f != u"json")
            return CommandLine::usageError(
                CommandLine::tr("--format must be csv or json; \"%1\" is neither.").arg(f));
        format = f == u"csv" ? Format::Csv : Format::Json;
    }
    CommandConnection connection(cli.connectionOptions());
    connection.readFromStandby(cli.readUrl());
    if (!connection.open())
        return 1;
    QList<SignSummary> rows;
    DbError error;
    if (!SignSummary::load(connection.database(), connection.spec(), &rows, &error, days))
        return connection.fail(error);
    const QDate today = rows.isEmpty() ? QDate() : rows.first().today;
    switch (format) {
    case Format::Csv:
        CommandOutput::write(toCsv(rows));
        break;
    case Format::Json:
        CommandOutput::write(toJson(rows, days, today));
        break;
    case Format::Table:
        CommandOutput::print(toTable(rows, days, today));
        break;
    }
    return CommandOutput::finish(0);
}
