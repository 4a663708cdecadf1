#include "ViewsCommand.h"

#include "CommandConnection.h"
#include "CommandLine.h"
#include "DbError.h"
#include "ViewTrends.h"

#include <cstdio>

int ViewsCommand::run(const CommandLine& cli)
{
    CommandConnection connection(
        {cli.demo(), cli.databaseUrl(), cli.statementTimeoutMs(), cli.lockTimeoutMs()});
    if (!connection.open())
        return 1;
    ViewTrends::Range range;
    range.from = cli.fromDate();
    range.to = cli.toDate();
    ViewTrends::parseBucket(cli.bucket(), &range.bucket);
    ViewTrends trends;
    DbError error;
    if (!ViewTrends::load(connection.database(), connection.spec(), range, &trends, &error))
        return connection.fail(error);
    const QByteArray out = cli.format() == QLatin1String("json") ? trends.toJson() : trends.toCsv();
    std::fwrite(out.constData(), 1, static_cast<size_t>(out.size()), stdout);
    return 0;
}
