#include "HistoryCommand.h"

#include "ActivityLog.h"
#include "CommandConnection.h"
#include "CommandLine.h"
#include "CommandOutput.h"
#include "HoroscopeExporter.h"
#include "ZodiacSign.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace {

enum class Format { Text, Csv, Json };

struct Request
{
    ActivityFilter filter;
    int limit = HistoryCommand::defaultLimit;
    Format format = Format::Text;
};

// The options' values, or the one line that says what is wrong with them.
QString parse(const CommandLine& cli, Request* r)
{
    for (const char* name : {"since", "until"}) {
        if (!cli.isSet(name))
            continue;
        QDate date;
        if (QString problem = cli.dateOption(name, &date); !problem.isEmpty())
            return problem;
        (name[0] == 's' ? r->filter.since : r->filter.until) = date;
    }
    if (r->filter.since.isValid() && r->filter.until.isValid() && r->filter.since > r->filter.until)
        return HistoryCommand::tr("--since must not be after --until.");
    if (cli.isSet("sign")) {
        if (!ZodiacSign::isKnown(cli.value("sign")))
            return HistoryCommand::tr("--sign needs a sign key (aries … pisces); \"%1\" is not "
                                      "one.")
                .arg(cli.value("sign"));
        r->filter.sign = cli.value("sign");
    }
    if (cli.isSet("person")) {
        r->filter.person = cli.value("person").trimmed();
        if (r->filter.person.isEmpty())
            return HistoryCommand::tr("--person needs a name, as the history records it.");
    }
    if (cli.isSet("kind")) { // a kind a newer version records is still a kind to filter by
        static const QRegularExpression word(u"^[a-z_-]{1,40}$"_s);
        if (!word.match(cli.value("kind")).hasMatch())
            return HistoryCommand::tr("--kind must be one of %1; \"%2\" is not one.")
                .arg(ActivityLog::kinds().join(u", "_s), cli.value("kind"));
        r->filter.kind = cli.value("kind");
    }
    if (cli.isSet("limit")) {
        static const QRegularExpression digits(u"^\\d{1,8}$"_s);
        const int limit = cli.value("limit").toInt();
        if (!digits.match(cli.value("limit")).hasMatch() || limit < 1 ||
            limit > HistoryCommand::maxLimit)
            return HistoryCommand::tr("--limit needs a whole number of entries from 1 to %1, "
                                      "such as 100; \"%2\" is not one.")
                .arg(HistoryCommand::maxLimit)
                .arg(cli.value("limit"));
        r->limit = limit;
    }
    if (cli.isSet("format")) {
        const QString format = cli.value("format");
        if (format == u"csv")
            r->format = Format::Csv;
        else if (format == u"json")
            r->format = Format::Json;
        else if (format == u"text")
            r->format = Format::Text;
        else
            return HistoryCommand::tr("--format must be text, csv or json; \"%1\" is none of "
                                      "them.")
                .arg(format);
    }
    return {};
}

QString utc(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray line(const ActivityEntry& e, Format format, bool first)
{
    const QString person = e.person;
    switch (format) {
    case Format::Text:
        return (utc(e.changedAt) + u"  "_s + e.sign + u' ' + e.date.toString(Qt::ISODate) +
                u"  #"_s + QString::number(e.revisionId) + u"  "_s + e.summary + u'\n')
            .toUtf8();
    case Format::Csv: {
        const auto f = HoroscopeExporter::csvField;
        return (QString::number(e.revisionId) + u',' + utc(e.changedAt) + u',' + f(e.sign) + u',' +
                e.date.toString(Qt::ISODate) + u',' + e.operation + u',' +
                f(ActivityLog::kindOf(e)) + u',' + f(person) + u',' + f(e.changedBy) + u',' +
                f(e.application) + u',' + f(e.summary) + u"\r\n"_s)
            .toUtf8();
    }
    case Format::Json: {
        const QJsonObject object{
            {u"revision_id"_s, e.revisionId},
            {u"changed_at"_s, utc(e.changedAt)},
            {u"zodiac_sign"_s, e.sign},
            {u"horoscope_date"_s, e.date.toString(Qt::ISODate)},
            {u"operation"_s, e.operation},
            {u"kind"_s, ActivityLog::kindOf(e)},
            {u"person"_s, person.isEmpty() ? QJsonValue() : QJsonValue(person)},
            {u"role"_s, e.changedBy},
            {u"application"_s, e.application},
            {u"summary"_s, e.summary},
            {u"current_id"_s, e.currentId == 0 ? QJsonValue() : QJsonValue(e.currentId)},
        };
        return (first ? "\n  " : ",\n  ") + QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    }
    return {};
}

} // namespace

int HistoryCommand::run(const CommandLine& cli)
{
    Request request;
    if (const QString problem = parse(cli, &request); !problem.isEmpty())
        return CommandLine::usageError(problem);
    CommandConnection connection(cli.connectionOptions());
    connection.readFromStandby(cli.readUrl());
    if (!connection.open())
        return 1;
    connection.cancelOnSignals();
    if (request.format == Format::Json && !CommandOutput::write("["))
        return CommandOutput::finish(0);
    if (request.format == Format::Csv &&
        !CommandOutput::write("revision_id,changed_at,zodiac_sign,horoscope_date,operation,kind,"
                              "person,role,application,summary\r\n"))
        return CommandOutput::finish(0);
    std::optional<ActivityLog::Position> after;
    int written = 0;
    while (written < request.limit) {
        if (CommandConnection::interruptedBy() != 0)
            return CommandConnection::interrupted();
        const int pageSize = std::min(request.limit - written, 1000);
        QList<ActivityEntry> entries;
        DbError error;
        if (!ActivityLog::page(connection.database(), connection.spec(), request.filter,
                               after ? &*after : nullptr, pageSize, &entries, &error)) {
            if (CommandConnection::interruptedBy() != 0)
                return CommandConnection::interrupted();
            return connection.fail(error);
        }
        for (const ActivityEntry& e : entries) {
            if (!CommandOutput::write(line(e, request.format, written == 0)))
                return CommandOutput::finish(0);
            ++written;
        }
        if (entries.size() < pageSize)
            break;
        after = ActivityLog::positionOf(entries.last());
    }
    if (request.format == Format::Json)
        CommandOutput::write(written == 0 ? "]\n" : "\n]\n");
    return CommandOutput::finish(0);
}

int HistoryCommand::restore(const CommandLine& cli)
{
    static const QRegularExpression digits(u"^[1-9]\\d{0,17}$"_s);
    if (!cli.isSet("id") || !digits.match(cli.value("id")).hasMatch())
        return CommandLine::usageError(
            tr("history restore needs --id with the revision_id of a deletion, as history list "
               "--kind invalidated prints it (#N); \"%1\" is not one.")
                .arg(cli.value("id")));
    const qint64 id = cli.value("id").toLongLong();
    CommandConnection::Options options = cli.connectionOptions();
    CommandConnection connection(options);
    if (!connection.open())
        return 1;
    ConnectionSpec spec = connection.spec();
    // Who the history names: --person, else the login name (as the window's default).
    spec.person = cli.isSet("person")
                      ? cli.value("person").trimmed()
                      : qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
    ActivityEntry entry;
    HoroscopeRecord current;
    DbError error;
    if (!ActivityLog::deletion(connection.database(), spec, id, &entry, &current, &error))
        return connection.fail(error);
    const QString day = entry.sign + u' ' + entry.date.toString(Qt::ISODate);
    CommandOutput::print(tr("#%1 %2: %3").arg(id).arg(day, entry.summary) + u'\n');
    if (!cli.isSet("yes")) {
        CommandOutput::print(
            (current.id == 0 ? tr("The day is free: --yes puts the deleted text back.")
             : current.content == entry.content
                 ? tr("It is back already (horoscope %1 has the deleted text).").arg(current.id)
                 : tr("Horoscope %1 has a new text for that day; --yes would write "
                      "nothing. Choose or merge on the Activity page.")
                       .arg(current.id)) +
            u'\n');
        return CommandOutput::finish(0);
    }
    ActivityLog::Restored r;
    if (!ActivityLog::restore(connection.database(), spec, id, &r, &error))
        return connection.fail(error);
    if (r.outcome == ActivityLog::Restored::Outcome::Restored) {
        CommandOutput::print(
            tr("Restored: horoscope %1 has the deleted text again.").arg(r.current.id) + u'\n');
        return CommandOutput::finish(0);
    }
    if (r.current.content == r.deletedText) {
        CommandOutput::print(
            tr("It is back already (horoscope %1 has the deleted text).").arg(r.current.id) +
            u'\n');
        return CommandOutput::finish(0);
    }
    CommandOutput::print(tr("Deleted text:") + u'\n' + r.deletedText + u'\n' + tr("Current text:") +
                         u'\n' + r.current.content + u'\n');
    CommandOutput::finish(0);
    return connection.fail(tr("%1 has a new text since the deletion; nothing was written. "
                              "Choose or merge the two on the Activity page.")
                               .arg(day));
}
