// The view-trends chart on 12 signs x 10 years of daily counters: time to query and to draw a
// full-range daily chart (43,836 points), a monthly one, and the daily small multiples (one
// chart per sign) and share of total, offscreen.
#include "HoroscopeFixtures.h"
#include "TrendChart.h"
#include "ViewTrends.h"

#include <QApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kRuns = 7;

double ms(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    TestCluster& tc = TestCluster::instance();
    if (!tc.isReady())
        qFatal("no cluster: %s", qPrintable(tc.error()));
    const ConnectionSpec spec = migratedTestDatabase(u"bench_trends"_s);
    const QDate last(2026, 11, 28);
    const QDate first = last.addYears(-10).addDays(1);
    const QString error = TestCluster::execute(spec, uR"(
        INSERT INTO horoscope_views (zodiac_sign, view_date, view_count)
        SELECT s, d::date, 50 + abs(hashtext(s || d::text)) % 200
        FROM unnest(ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio',
                          'sagittarius','capricorn','aquarius','pisces']) s,
             generate_series('%1'::date, '%2'::date, interval '1 day') d;
        ANALYZE horoscope_views;)"_s.arg(first.toString(Qt::ISODate), last.toString(Qt::ISODate)));
    if (!error.isEmpty())
        qFatal("%s", qPrintable(error));

    QSqlDatabase db = TestCluster::open(spec);
    TrendChart chart;
    chart.resize(1200, 700);
    chart.show();
    struct Case
    {
        ViewTrends::Bucket bucket;
        TrendChart::Kind kind;
        const char* name;
    };
    for (const auto& [bucket, kind, name] :
         {Case{ViewTrends::Bucket::Day, TrendChart::Kind::Lines, "daily"},
          Case{ViewTrends::Bucket::Month, TrendChart::Kind::Lines, "monthly"},
          Case{ViewTrends::Bucket::Day, TrendChart::Kind::SmallMultiples, "small_multiples_daily"},
          Case{ViewTrends::Bucket::Day, TrendChart::Kind::Share, "share_daily"}}) {
        chart.setKind(kind);
        QList<double> query, draw, total;
        qsizetype points = 0;
        for (int run = 0; run < kRuns; ++run) {
            QElapsedTimer t;
            t.start();
            ViewTrends trends;
            DbError dbError;
            if (!ViewTrends::load(db, spec, {first, last, bucket}, &trends, &dbError))
                qFatal("%s", qPrintable(dbError.message));
            const double q = ms(t);
            QElapsedTimer d;
            d.start();
            chart.setTrends(trends);
            const double set = ms(d);
            chart.grab(); // lays out and paints every series
            if (qEnvironmentVariableIsSet("HA_BENCH_DETAIL"))
                std::fprintf(stderr, "setTrends %.1f ms, paint %.1f ms\n", set, ms(d) - set);
            const double p = ms(d);
            query << q;
            draw << p;
            total << q + p;
            points = trends.buckets.size() * trends.signs.size();
        }
        std::printf("trends_%s_points %lld points\n", name, static_cast<long long>(points));
        std::printf("trends_%s_query_median %.1f ms\n", name, median(query));
        std::printf("trends_%s_draw_median %.1f ms\n", name, median(draw));
        std::printf("trends_%s_query_and_draw_median %.1f ms\n", name, median(total));
    }
    TestCluster::close(db);
    return 0;
}
