#include "ViewsCommand.h"

#include "CommandConnection.h"
#include "CommandLine.h"
#include "CommandOutput.h"
#include "DbError.h"
#include "TrendChart.h"
#include "ViewTrends.h"

#include <QFileInfo>
#include <QImageWriter>
#include <cstdio>

namespace {

// The trends the command line asks for (--from, --to, --bucket), as the window loads them;
// on failure prints the one-line reason and returns the exit status in *exitCode.
bool loadTrends(const CommandLine& cli, ViewTrends* trends, int* exitCode)
{
    CommandConnection connection(cli.connectionOptions());
    connection.readFromStandby(cli.readUrl());
    if (!connection.open()) {
        *exitCode = 1;
        return false;
    }
    ViewTrends::Range range;
    range.from = cli.fromDate();
    range.to = cli.toDate();
    ViewTrends::parseBucket(cli.bucket(), &range.bucket);
    DbError error;
    if (!ViewTrends::load(connection.database(), connection.spec(), range, trends, &error)) {
        *exitCode = connection.fail(error);
        return false;
    }
    return true;
}

} // namespace

int ViewsCommand::run(const CommandLine& cli)
{
    ViewTrends trends;
    if (int code = 0; !loadTrends(cli, &trends, &code))
        return code;
    const QByteArray out = cli.format() == QLatin1String("json") ? trends.toJson() : trends.toCsv();
    CommandOutput::write(out);
    return CommandOutput::finish(0);
}

int ViewsCommand::chart(const CommandLine& cli)
{
    ViewTrends trends;
    if (int code = 0; !loadTrends(cli, &trends, &code))
        return code;
    // Only the signs asked for: a report's legend lists what it draws.
    if (const QStringList wanted = cli.signs(); !wanted.isEmpty()) {
        QStringList kept;
        for (const QString& sign : std::as_const(trends.signs)) {
            if (wanted.contains(sign)) {
                kept << sign;
            } else {
                trends.counts.remove(sign);
                trends.totals.remove(sign);
                trends.previous.remove(sign);
            }
        }
        trends.signs = kept;
    }
    TrendChart::Kind kind = TrendChart::Kind::Lines;
    TrendChart::parseKind(cli.kind(), &kind);
    TrendChart chart;
    chart.setAttribute(Qt::WA_DontShowOnScreen);
    chart.resize(cli.chartSize());
    chart.show();
    chart.setKind(kind);
    chart.setTrends(trends);
    // Qt Charts lays out the title, axes and legend in posted events: let them run, then draw.
    for (int pass = 0; pass < 3; ++pass) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
    QImageWriter writer(cli.out(), "png");
    if (!writer.write(chart.toImage(1.0))) {
        return CommandConnection::fail(
            tr("Could not write the chart to %1: %2. Check that the folder exists and that you "
               "may write there.")
                .arg(QFileInfo(cli.out()).absoluteFilePath(), writer.errorString()));
    }
    return 0;
}
