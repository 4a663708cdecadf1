#include "ViewsReportCommand.h"

#include "CommandConnection.h"
#include "CommandLine.h"
#include "DbError.h"
#include "TrendCompare.h"
#include "TrendReport.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Request
{
    ViewTrends::Range range;
    TrendComparison compare;
    QString out;
};

// The options' values, or the one line that says what is wrong with them (the messages views
// export and chart share keep CommandLine's translation context).
QString parse(const CommandLine& cli, Request* r)
{
    if (!cli.isSet("from") || !cli.isSet("to"))
        return CommandLine::tr("%1 needs --from and --to as YYYY-MM-DD, such as --from "
                               "2026-01-01 --to 2026-01-31.")
            .arg(u"views report"_s);
    if (const QString p = cli.dateOption("from", &r->range.from); !p.isEmpty())
        return p;
    if (const QString p = cli.dateOption("to", &r->range.to); !p.isEmpty())
        return p;
    if (r->range.from > r->range.to)
        return CommandLine::tr("--from must not be after --to.");
    const QString bucket = cli.value("bucket");
    if (!ViewTrends::parseBucket(bucket, &r->range.bucket))
        return CommandLine::tr("--bucket must be day, week or month; \"%1\" is none of them.")
            .arg(bucket);
    if (cli.isSet("compare")) {
        const QString mode = cli.value("compare");
        if (mode != u"previous" && mode != u"year")
            return ViewsReportCommand::tr("views report compares with previous or year; \"%1\" "
                                          "is neither.")
                .arg(mode);
        TrendCompare::parse(mode, r->range.bucket, &r->compare);
    }
    const qint64 buckets = ViewTrends::bucketCount(r->range.from, r->range.to, r->range.bucket);
    if (buckets > ViewTrends::maxBuckets)
        return ViewsReportCommand::tr("views report draws at most %1 points per sign; %2 to %3 "
                                      "by %4 is %5. Use --bucket week or month, or a shorter "
                                      "range.")
            .arg(ViewTrends::maxBuckets)
            .arg(r->range.from.toString(Qt::ISODate), r->range.to.toString(Qt::ISODate), bucket)
            .arg(buckets);
    r->out = cli.value("out");
    if (!cli.isSet("out") || !r->out.endsWith(u".pdf"_s, Qt::CaseInsensitive))
        return ViewsReportCommand::tr("views report needs --out with a file name ending in .pdf, "
                                      "such as --out trends.pdf.");
    return {};
}

} // namespace

int ViewsReportCommand::run(const CommandLine& cli)
{
    Request request;
    if (const QString problem = parse(cli, &request); !problem.isEmpty())
        return CommandLine::usageError(problem);
    CommandConnection connection(cli.connectionOptions());
    connection.readFromStandby(cli.readUrl());
    if (!connection.open())
        return 1;
    ViewTrends trends;
    DbError error;
    if (!TrendCompare::load(connection.database(), connection.spec(), request.range,
                            request.compare, &trends, &error))
        return connection.fail(error);
    // Written whole or not at all: a report half drawn is not left behind.
    QSaveFile file(request.out);
    QString reason;
    if (!file.open(QIODevice::WriteOnly))
        reason = file.errorString();
    else if (!TrendReport::write(trends, &file, &reason))
        file.cancelWriting();
    else if (!file.commit())
        reason = file.errorString();
    if (!reason.isEmpty())
        return CommandConnection::fail(
            tr("Could not write the report to %1: %2. Check that the folder exists and that you "
               "may write there.")
                .arg(QDir::toNativeSeparators(QFileInfo(request.out).absoluteFilePath()), reason));
    return 0;
}
