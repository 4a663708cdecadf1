// The activity log (issue 24, part 3) against horoscope_cache_revisions with 1,000,000
// revisions: the first page (101 entries, as the Activity page and `history list` ask) newest
// first, unfiltered, for a rare person (50 entries), for one kind (invalidated, 2 %), for the
// bot's changes (no kind, 70 %), for a sign between two days, and the page after the 50th
// page (keyset); each the median of five runs of ActivityLog::page, the code the window and
// the command line use. Then the same without migration 0010's indexes, as the baseline.
// Target: under 200 ms each. Prints "name value unit" lines.
#include "ActivityLog.h"
#include "HoroscopeFixtures.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <functional>

using namespace Qt::Literals::StringLiterals;

namespace {

double medianMs(const std::function<void()>& run)
{
    QList<double> times;
    for (int i = 0; i < 5; ++i) {
        QElapsedTimer t;
        t.start();
        run();
        times << static_cast<double>(t.nsecsElapsed()) / 1e6;
    }
    std::sort(times.begin(), times.end());
    return times.at(2);
}

void measure(QSqlDatabase& db, const ConnectionSpec& spec, const char* suffix)
{
    const auto firstPage = [&](const ActivityFilter& f, const ActivityLog::Position* after) {
        QList<ActivityEntry> out;
        DbError error;
        if (!ActivityLog::page(db, spec, f, after, 101, &out, &error))
            qFatal("%s", qPrintable(error.message));
        if (out.isEmpty()) // a smaller BENCH_ROWS does not reach every filter's rows
            std::fprintf(stderr, "no entries for %s\n", qPrintable(f.person + f.kind + f.sign));
        return out;
    };
    const auto filter = [](const QString& person, const QString& kind, const QString& sign,
                           const QDate& since, const QDate& until) {
        ActivityFilter f;
        f.person = person;
        f.kind = kind;
        f.sign = sign;
        f.since = since;
        f.until = until;
        return f;
    };
    const QList<std::pair<const char*, ActivityFilter>> cases{
        {"unfiltered", {}},
        {"rare_person", filter(u"Rare Person"_s, {}, {}, {}, {})},
        {"kind_invalidated", filter({}, u"invalidated"_s, {}, {}, {})},
        {"kind_outside", filter({}, u"outside"_s, {}, {}, {})},
        {"sign_and_days", filter({}, {}, u"leo"_s, QDate(2025, 3, 1), QDate(2025, 3, 31))},
    };
    for (const auto& [name, f] : cases) {
        const double t = medianMs([&, f = f] { firstPage(f, nullptr); });
        std::printf("activity_first_page_%s%s %.1f ms\n", name, suffix, t);
        std::fflush(stdout);
    }
    // Page 51: walk 50 pages, then time the next one.
    std::optional<ActivityLog::Position> after;
    for (int i = 0; i < 50; ++i)
        after = ActivityLog::positionOf(firstPage({}, after ? &*after : nullptr).last());
    const double t = medianMs([&] { firstPage({}, &*after); });
    std::printf("activity_page_51%s %.1f ms\n", suffix, t);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (!TestCluster::instance().isReady())
        qFatal("%s", qPrintable(TestCluster::instance().error()));
    const ConnectionSpec spec = migratedTestDatabase(u"benchactivity"_s);
    // BENCH_ROWS: fewer revisions, to try the benchmark quickly.
    const int rows = qEnvironmentVariableIsSet("BENCH_ROWS")
                         ? qEnvironmentVariableIntValue("BENCH_ROWS")
                         : 1'000'000;
    QElapsedTimer fill;
    fill.start();
    // Two years of days for 12 signs; 1,000,000 revisions over them, about 300 characters each.
    const QString error = TestCluster::execute(spec, uR"(
        INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content)
        SELECT s, d::date, s || ' ' || d::date || ' current text'
        FROM unnest(ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio',
                          'sagittarius','capricorn','aquarius','pisces']) s,
             generate_series(date '2024-06-01', date '2026-05-31', interval '1 day') d;
        INSERT INTO horoscope_cache_revisions (cache_id, zodiac_sign, horoscope_date, content,
            generated_at, operation, regenerated, changed_at, changed_by, changed_by_person,
            change_kind)
        SELECT g, (ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio',
                         'sagittarius','capricorn','aquarius','pisces'])[1 + g % 12],
               date '2024-06-01' + (g / 12) % 730,
               repeat(md5(g::text), 9), now(),
               CASE WHEN g % 50 = 7 THEN 'DELETE' ELSE 'UPDATE' END,
               g % 10 < 7,
               timestamptz '2024-06-01 00:00+00' + make_interval(secs => g * 63.0),
               'horoscope',
               CASE WHEN g % 20000 = 11 THEN 'Rare Person'
                    WHEN g % 10 >= 7 THEN 'Editor ' || (g % 9) END,
               CASE WHEN g % 50 = 7 THEN 'invalidated'
                    WHEN g % 10 = 7 THEN 'edited' WHEN g % 10 = 8 THEN 'regenerated'
                    WHEN g % 10 = 9 THEN 'replaced' END
        FROM generate_series(1, %1) g)"_s.arg(rows));
    if (!error.isEmpty())
        qFatal("%s", qPrintable(error));
    for (const QString& table : {u"horoscope_cache_revisions"_s, u"horoscope_cache"_s}) {
        if (const QString failed = TestCluster::execute(spec, u"VACUUM ANALYZE "_s + table);
            !failed.isEmpty())
            qFatal("%s", qPrintable(failed));
    }
    const qint64 count =
        TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache_revisions"_s).toLongLong();
    if (count != rows)
        qFatal("%lld revisions instead of %d", count, rows);
    std::printf("activity_fill_%d %.1f s\n", rows, static_cast<double>(fill.elapsed()) / 1000.0);
    std::fflush(stdout);
    QSqlDatabase db = TestCluster::open(spec);
    measure(db, spec, "");
    TestCluster::close(db);
    TestCluster::execute(spec, uR"(
        DROP INDEX ix_horoscope_cache_revisions_activity;
        DROP INDEX ix_horoscope_cache_revisions_activity_person;
        DROP INDEX ix_horoscope_cache_revisions_activity_kind;
        DROP INDEX ix_horoscope_cache_revisions_activity_sign;)"_s);
    db = TestCluster::open(spec);
    measure(db, spec, "_without_0010");
    TestCluster::close(db);
    return 0;
}
