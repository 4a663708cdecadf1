#include "ReplaceCommand.h"

#include "CommandConnection.h"
#include "CommandLine.h"
#include "CommandOutput.h"
#include "HoroscopeQuery.h"
#include "ReplaceStore.h"
#include "ZodiacSign.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Request
{
    HoroscopeFilter filter;
    TextReplace::Options options;
    bool write = false;
    bool json = false;
};

QString parse(const CommandLine& cli, Request* r)
{
    if (!cli.isSet("search") || cli.value("search").isEmpty())
        return ReplaceCommand::tr("horoscopes replace needs --search TEXT, the words to find.");
    if (!cli.isSet("replace"))
        return ReplaceCommand::tr("horoscopes replace needs --replace TEXT, what replaces them "
                                  "(--replace \"\" removes them).");
    r->options.search = cli.value("search");
    r->options.replacement = cli.value("replace");
    if (r->options.search.size() > HoroscopeFilter::maxSearchLength)
        return ReplaceCommand::tr("--search takes at most %1 characters; this one has %2.")
            .arg(HoroscopeFilter::maxSearchLength)
            .arg(r->options.search.size());
    r->options.wholeWord = cli.isSet("whole-word");
    r->options.caseSensitive = cli.isSet("case-sensitive");
    if (cli.isSet("sign")) {
        if (!ZodiacSign::isKnown(cli.value("sign")))
            return ReplaceCommand::tr("--sign needs a sign key (aries … pisces); \"%1\" is not "
                                      "one.")
                .arg(cli.value("sign"));
        r->filter.signs = {cli.value("sign")};
    }
    for (const char* name : {"from", "to"}) {
        if (!cli.isSet(name))
            continue;
        QDate date;
        if (const QString problem = cli.dateOption(name, &date); !problem.isEmpty())
            return problem;
        (name[0] == 'f' ? r->filter.from : r->filter.to) = date;
    }
    if (r->filter.from.isValid() && r->filter.to.isValid() && r->filter.from > r->filter.to)
        return ReplaceCommand::tr("--from must not be after --to.");
    if (cli.isSet("dry-run") && cli.isSet("yes"))
        return ReplaceCommand::tr("Use either --dry-run or --yes, not both.");
    r->write = cli.isSet("yes");
    const QString format = cli.isSet("format") ? cli.value("format") : u"text"_s;
    if (format != u"text" && format != u"json")
        return ReplaceCommand::tr("--format must be text or json for horoscopes replace; \"%1\" "
                                  "is neither.")
            .arg(format);
    r->json = format == u"json";
    r->filter.sort = HoroscopeFilter::SortColumn::Date;
    r->filter.order = Qt::AscendingOrder;
    return {};
}

QJsonObject jsonOf(const ReplaceChange& c)
{
    QJsonArray contexts;
    for (const TextReplace::Context& context : c.contexts)
        contexts << TextReplace::plainContext(context);
    return {{u"id"_s, c.id},
            {u"zodiac_sign"_s, c.sign},
            {u"horoscope_date"_s, c.date.toString(Qt::ISODate)},
            {u"replacements"_s, c.hits},
            {u"contexts"_s, contexts},
            {u"before"_s, c.before},
            {u"after"_s, c.after}};
}

} // namespace

int ReplaceCommand::run(const CommandLine& cli)
{
    Request request;
    if (const QString problem = parse(cli, &request); !problem.isEmpty())
        return CommandLine::usageError(problem);
    CommandConnection connection(cli.connectionOptions());
    if (!connection.open())
        return 1;
    connection.cancelOnSignals();
    const bool revisions = HoroscopeQuery::hasRevisionsTable(connection.database());
    ReplaceStore store(connection.database(), connection.spec(), revisions);
    ReplacePreview preview;
    DbError error;
    if (!store.preview(request.filter, TextReplace(request.options), ReplaceStore::defaultCap,
                       nullptr, &preview, &error)) {
        if (CommandConnection::interruptedBy() != 0)
            return CommandConnection::interrupted();
        return connection.fail(error);
    }
    if (preview.truncated)
        return CommandConnection::fail(
            tr("More than %1 horoscopes match; nothing was written. Narrow the replace with "
               "--sign, --from and --to, and run it once per part.")
                .arg(ReplaceStore::defaultCap));
    int hits = 0;
    for (const ReplaceChange& c : std::as_const(preview.changes))
        hits += c.hits;
    ReplaceOutcome outcome;
    if (request.write && !preview.changes.isEmpty()) {
        if (!store.apply(preview.changes, nullptr, {}, &outcome, &error)) {
            if (CommandConnection::interruptedBy() != 0)
                return CommandConnection::interrupted();
            return connection.fail(error);
        }
    }
    QSet<int> skipped;
    for (const ReplaceSkip& s : std::as_const(outcome.skipped))
        skipped.insert(s.id);
    int written = 0;
    for (const ReplaceChange& c : std::as_const(preview.changes)) {
        if (request.write && !skipped.contains(c.id))
            written += c.hits;
    }
    if (request.json) {
        QJsonArray changes;
        for (const ReplaceChange& c : std::as_const(preview.changes)) {
            QJsonObject o = jsonOf(c);
            if (request.write)
                o.insert(u"written"_s, !skipped.contains(c.id));
            changes << o;
        }
        QJsonArray notWritten;
        for (const ReplaceSkip& s : std::as_const(outcome.skipped))
            notWritten << QJsonObject{{u"id"_s, s.id},
                                      {u"zodiac_sign"_s, s.sign},
                                      {u"horoscope_date"_s, s.date.toString(Qt::ISODate)},
                                      {u"reason"_s, ReplaceStore::reasonText(s.reason)}};
        const QJsonObject o{
            {u"written"_s, request.write},  {u"horoscopes"_s, preview.changes.size()},
            {u"replacements"_s, hits},      {u"replaced"_s, outcome.replaced.size()},
            {u"not_written"_s, notWritten}, {u"changes"_s, changes}};
        if (!CommandOutput::write(QJsonDocument(o).toJson(QJsonDocument::Indented)))
            return 1;
    } else {
        for (const ReplaceChange& c : std::as_const(preview.changes)) {
            for (const TextReplace::Context& context : c.contexts)
                if (!CommandOutput::print(u"%1\t%2\t%3\t%4\n"_s.arg(c.id).arg(
                        c.sign, c.date.toString(Qt::ISODate), TextReplace::plainContext(context))))
                    return 1;
        }
        for (const ReplaceSkip& s : std::as_const(outcome.skipped))
            CommandOutput::print(
                tr("%1\t%2\t%3\tnot written: %4\n")
                    .arg(s.id)
                    .arg(s.sign, s.date.toString(Qt::ISODate), ReplaceStore::reasonText(s.reason)));
        const QString count =
            request.write
                ? tr("Horoscopes changed: %1, replacements: %2.")
                      .arg(outcome.replaced.size())
                      .arg(written)
                : tr("Horoscopes to change: %1, replacements: %2. Nothing was written; run again "
                     "with --yes to write them.")
                      .arg(preview.changes.size())
                      .arg(hits);
        if (!CommandOutput::print(count + u'\n'))
            return 1;
    }
    if (!outcome.skipped.isEmpty())
        return CommandConnection::fail(
            tr("%1 horoscopes were not written: they changed meanwhile or were busy. Run the "
               "command again to see what they hold now.")
                .arg(outcome.skipped.size()));
    return 0;
}
