#include "ViewsCommand.h"

#include "CommandConnection.h"
#include "CommandLine.h"
#include "CommandOutput.h"
#include "DbError.h"
#include "TrendChart.h"
#include "TrendCompare.h"
#include "ViewTrends.h"
#include "ZodiacSign.h"

#include <QFileInfo>
#include <QImageWriter>
#include <QRegularExpression>
#include <algorithm>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Request
{
    ViewTrends::Range range; // --from, --to, --bucket
    bool json = false;       // export: --format
    bool gaps = false;       // --missing gap
    TrendComparison compare; // --compare
    // chart
    QStringList signs; // sign keys; empty for all
    TrendChart::Kind kind = TrendChart::Kind::Lines;
    QString out; // the PNG to write
    QSize size;
};

// views chart --size: WIDTHxHEIGHT within limits, invalid otherwise.
QSize chartSize(const QString& text)
{
    static const QRegularExpression shape(u"^(\\d{1,5})x(\\d{1,5})$"_s);
    const QRegularExpressionMatch m = shape.match(text);
    if (!m.hasMatch())
        return {};
    const int w = m.captured(1).toInt();
    const int h = m.captured(2).toInt();
    if (w < ViewsCommand::minChartSide || h < ViewsCommand::minChartSide ||
        w > ViewsCommand::maxChartSide || h > ViewsCommand::maxChartSide)
        return {};
    return {w, h};
}

// The picture's file when --out is not given: what and when, such as
// view-trends-2026-11-01-2026-11-30-week.png.
QString defaultChartName(const ViewTrends::Range& range)
{
    return u"view-trends-%1-%2-%3.png"_s.arg(range.from.toString(Qt::ISODate),
                                             range.to.toString(Qt::ISODate),
                                             ViewTrends::bucketKey(range.bucket));
}

// How much larger than a screen's chart (800 x 500) the picture is drawn.
qreal slideScale(const QSize& size)
{
    return std::max(1.0, std::min(size.width() / 800.0, size.height() / 500.0));
}

// More buckets than the picture's plot has pixels draws a smear, not a chart: refused with what
// to do instead.
QString unreadableRange(const Request& r)
{
    const qint64 buckets = ViewTrends::bucketCount(r.range.from, r.range.to, r.range.bucket);
    const int pixels = static_cast<int>(r.size.width() * 0.8); // the plot, without the legend
    if (buckets <= pixels)
        return {};
    return CommandLine::tr("views chart: %1 to %2 by %3 is %4 points per sign, more than the "
                           "picture's %5 pixels of plot can show. Use --bucket week or month, a "
                           "shorter range, or a wider --size.")
        .arg(r.range.from.toString(Qt::ISODate), r.range.to.toString(Qt::ISODate),
             ViewTrends::bucketKey(r.range.bucket))
        .arg(buckets)
        .arg(pixels);
}

// views chart: the options only it takes. The range's limit (ViewTrends::maxBuckets) is checked
// with export's: the chart thins what it draws, but reads and holds every point first.
QString parseChart(const CommandLine& cli, Request* r)
{
    const QStringList words = cli.value("signs").split(u',', Qt::SkipEmptyParts);
    for (const QString& word : words)
        r->signs << word.trimmed().toLower();
    for (const QString& sign : std::as_const(r->signs)) {
        if (!ZodiacSign::isKnown(sign))
            return CommandLine::tr("--signs takes sign keys separated by commas, such as "
                                   "aries,leo; \"%1\" is not a sign.")
                .arg(sign);
    }
    if (cli.isSet("signs") && r->signs.isEmpty())
        return CommandLine::tr("--signs needs at least one sign key, such as aries,leo.");
    const QString kind = cli.value("kind");
    if (!QStringList{u"lines"_s, u"small-multiples"_s, u"share"_s}.contains(kind))
        return CommandLine::tr("--kind must be lines, small-multiples or share; \"%1\" is none "
                               "of them.")
            .arg(kind);
    TrendChart::parseKind(kind, &r->kind);
    r->out = cli.isSet("out") ? cli.value("out") : defaultChartName(r->range);
    if (!r->out.endsWith(u".png"_s, Qt::CaseInsensitive))
        return CommandLine::tr("views chart needs --out with a file name ending in .png, such as "
                               "--out trends.png.");
    r->size = chartSize(cli.value("size"));
    if (!r->size.isValid())
        return CommandLine::tr("--size needs WIDTHxHEIGHT in pixels, each from %1 to %2, such as "
                               "1600x1000; \"%3\" is not one.")
            .arg(ViewsCommand::minChartSide)
            .arg(ViewsCommand::maxChartSide)
            .arg(cli.value("size"));
    return unreadableRange(*r);
}

// The options' values, or the one line that says what is wrong with them. The messages keep
// CommandLine's translation context, where they were first written.
QString parse(const CommandLine& cli, bool chart, Request* r)
{
    const QString command = chart ? u"views chart"_s : u"views export"_s;
    if (!cli.isSet("from") || !cli.isSet("to"))
        return CommandLine::tr("%1 needs --from and --to as YYYY-MM-DD, such as --from "
                               "2026-01-01 --to 2026-01-31.")
            .arg(command);
    if (const QString p = cli.dateOption("from", &r->range.from); !p.isEmpty())
        return p;
    if (const QString p = cli.dateOption("to", &r->range.to); !p.isEmpty())
        return p;
    if (r->range.from > r->range.to)
        return CommandLine::tr("--from must not be after --to.");
    const QString bucket = cli.value("bucket");
    if (!QStringList{u"day"_s, u"week"_s, u"month"_s}.contains(bucket))
        return CommandLine::tr("--bucket must be day, week or month; \"%1\" is none of them.")
            .arg(bucket);
    const QString format = cli.value("format");
    if (format != u"csv" && format != u"json")
        return CommandLine::tr("--format must be csv or json; \"%1\" is neither.").arg(format);
    r->json = format == u"json";
    const QString missing = cli.value("missing");
    if (missing != u"zero" && missing != u"gap")
        return CommandLine::tr("--missing must be zero or gap; \"%1\" is neither.").arg(missing);
    r->gaps = missing == u"gap";
    ViewTrends::parseBucket(bucket, &r->range.bucket);
    if (cli.isSet("compare")) {
        const QString p = TrendCompare::parse(cli.value("compare"), r->range.bucket, &r->compare);
        if (!p.isEmpty())
            return p;
    }
    const qint64 buckets = ViewTrends::bucketCount(r->range.from, r->range.to, r->range.bucket);
    if (buckets > ViewTrends::maxBuckets)
        return (chart ? CommandLine::tr("views chart draws at most %1 points per sign; %2 to %3 "
                                        "by %4 is %5. Use --bucket week or month, or a shorter "
                                        "range.")
                      : CommandLine::tr("views export gives at most %1 buckets per sign; %2 to "
                                        "%3 by %4 is %5. Use --bucket week or month, or a "
                                        "shorter range."))
            .arg(ViewTrends::maxBuckets)
            .arg(r->range.from.toString(Qt::ISODate), r->range.to.toString(Qt::ISODate), bucket)
            .arg(buckets);
    return chart ? parseChart(cli, r) : QString();
}

// The trends the request asks for, as the window loads them; on failure prints the one-line
// reason and returns the exit status in *exitCode.
bool loadTrends(const CommandLine& cli, const Request& request, ViewTrends* trends, int* exitCode)
{
    CommandConnection connection(cli.connectionOptions());
    connection.readFromStandby(cli.readUrl());
    if (!connection.open()) {
        *exitCode = 1;
        return false;
    }
    DbError error;
    if (!TrendCompare::load(connection.database(), connection.spec(), request.range,
                            request.compare, trends, &error)) {
        *exitCode = connection.fail(error);
        return false;
    }
    return true;
}

} // namespace

int ViewsCommand::run(const CommandLine& cli)
{
    Request request;
    if (const QString problem = parse(cli, false, &request); !problem.isEmpty())
        return CommandLine::usageError(problem);
    ViewTrends trends;
    if (int code = 0; !loadTrends(cli, request, &trends, &code))
        return code;
    // With --compare, each row also has compared_bucket and compared_views (ViewTrends).
    const QByteArray out = request.json ? trends.toJson(request.gaps) : trends.toCsv(request.gaps);
    CommandOutput::write(out);
    return CommandOutput::finish(0);
}

int ViewsCommand::chart(const CommandLine& cli)
{
    Request request;
    if (const QString problem = parse(cli, true, &request); !problem.isEmpty())
        return CommandLine::usageError(problem);
    ViewTrends trends;
    if (int code = 0; !loadTrends(cli, request, &trends, &code))
        return code;
    // Only the signs asked for: a report's legend lists what it draws.
    if (const QStringList& wanted = request.signs; !wanted.isEmpty()) {
        QStringList kept;
        for (const QString& sign : std::as_const(trends.signs)) {
            if (wanted.contains(sign)) {
                kept << sign;
            } else {
                trends.counts.remove(sign);
                trends.totals.remove(sign);
                trends.previous.remove(sign);
                trends.compared.counts.remove(sign);
                trends.compared.totals.remove(sign);
            }
        }
        trends.signs = kept;
    }
    TrendChart chart;
    chart.setAttribute(Qt::WA_DontShowOnScreen);
    // Laid out at a screen's size and drawn scaled up: the text grows with the picture (at
    // 1600 x 1000 it was 11 px, as on screen), and the widget stays small.
    const qreal scale = slideScale(request.size);
    chart.resize((QSizeF(request.size) / scale).toSize());
    chart.show();
    chart.setKind(request.kind);
    chart.setMissingDays(request.gaps ? TrendChart::MissingDays::Gap
                                      : TrendChart::MissingDays::Zero);
    chart.setTrends(trends);
    // Qt Charts lays out the title, axes and legend in posted events: let them run, then draw.
    for (int pass = 0; pass < 3; ++pass) {
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
    }
    QImageWriter writer(request.out, "png");
    if (!writer.write(chart.toImage(request.size))) {
        return CommandConnection::fail(
            tr("Could not write the chart to %1: %2. Check that the folder exists and that you "
               "may write there.")
                .arg(QFileInfo(request.out).absoluteFilePath(), writer.errorString()));
    }
    return 0;
}
