// Find and replace at scale (issue 24, part 2): the preview of 1,000 matches in a
// 1,000,000-row horoscope_cache (about 1 KB of Russian text a row, as bench_browse fills it),
// narrowed by the trigram index and matched in C++, and the apply of those 1,000 rows in
// transactions of ReplaceStore::batchSize. Prints "name value unit" lines.
//
//   bench_replace [--rows N] [--runs N]
#include "HoroscopeFixtures.h"
#include "ReplaceStore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {

double ms(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

// bench_browse's rows: every 1,000th starts with "Меркурий ретроградный."
void fill(const ConnectionSpec& spec, int rows)
{
    // The trigram index is built once after the rows are in (the same index, sooner).
    if (const QString e =
            TestCluster::execute(spec, u"DROP INDEX IF EXISTS ix_horoscope_cache_content_trgm"_s);
        !e.isEmpty())
        qFatal("%s", qPrintable(e));
    const QString error = TestCluster::execute(spec, uR"(
        INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content, generated_at)
        SELECT (ARRAY['aries','taurus','gemini','cancer','leo','virgo','libra','scorpio',
                      'sagittarius','capricorn','aquarius','pisces'])[1 + g % 12],
               date '2026-12-31' - (g / 12),
               CASE WHEN g % 1000 = 7 THEN 'Меркурий ретроградный. ' ELSE '' END
               || CASE WHEN g % 10 = 3 THEN 'Луна в Раке. ' ELSE '' END
               || repeat('Сегодня звёзды ' || md5(g::text) || ' ', 18),
               now() - make_interval(mins => g)
        FROM generate_series(0, %1 - 1) g)"_s.arg(rows));
    if (!error.isEmpty())
        qFatal("%s", qPrintable(error));
    // Each on its own: VACUUM cannot run inside a transaction.
    for (const QString& sql : {u"CREATE INDEX ix_horoscope_cache_content_trgm ON horoscope_cache "
                               "USING gin (content gin_trgm_ops)"_s,
                               u"VACUUM ANALYZE horoscope_cache"_s}) {
        if (const QString e = TestCluster::execute(spec, sql); !e.isEmpty())
            qFatal("%s", qPrintable(e));
    }
}

void print(const QString& name, double value, const char* unit)
{
    std::printf("%s %.*f %s\n", qPrintable(name), qstrcmp(unit, "ms") == 0 ? 1 : 0, value, unit);
    std::fflush(stdout);
}

// The first run (cold for this term) and the median of the runs.
ReplacePreview measurePreview(QSqlDatabase& db, const ConnectionSpec& spec, const QString& name,
                              const TextReplace& replace, int runs)
{
    ReplaceStore store(db, spec, true);
    QList<double> times;
    ReplacePreview p;
    for (int i = 0; i < runs; ++i) {
        DbError e;
        QElapsedTimer t;
        t.start();
        if (!store.preview({}, replace, ReplaceStore::defaultCap, nullptr, &p, &e))
            qFatal("preview: %s", qPrintable(e.message));
        times << ms(t);
    }
    const double first = times.first();
    std::sort(times.begin(), times.end());
    print(name + u"_first"_s, first, "ms");
    print(name + u"_median"_s, times.at(times.size() / 2), "ms");
    print(name + u"_matches"_s, static_cast<double>(p.changes.size()), "count");
    return p;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int rows = 1'000'000;
    int runs = 5;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == u"--rows")
            rows = args.at(i + 1).toInt();
        else if (args.at(i) == u"--runs")
            runs = std::max(1, args.at(i + 1).toInt());
    }
    TestCluster& tc = TestCluster::instance();
    if (!tc.isReady())
        qFatal("no cluster: %s", qPrintable(tc.error()));
    const ConnectionSpec spec = migratedTestDatabase(u"bench_replace"_s);
    QElapsedTimer t;
    t.start();
    fill(spec, rows);
    std::fprintf(stderr, "filled %d rows in %.1f s\n", rows, ms(t) / 1000.0);
    std::fprintf(stderr, "rows with the term: %lld of %lld\n",
                 TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache WHERE content "
                                           "LIKE '%Меркурий%'"_s)
                     .toLongLong(),
                 TestCluster::scalar(spec, u"SELECT count(*) FROM horoscope_cache"_s).toLongLong());
    QSqlDatabase db = TestCluster::open(spec);
    const QString size = rows >= 1'000'000 ? u"1m"_s : QString::number(rows);
    // Whole words in any case: the trigram index narrows to the rows with "меркурий", C++
    // decides; then the same term exactly, with LIKE.
    measurePreview(db, spec, u"replace_preview_%1_whole_word"_s.arg(size),
                   TextReplace({u"меркурий"_s, u"Венера"_s, true, false}), runs);
    const ReplacePreview p =
        measurePreview(db, spec, u"replace_preview_%1_case_sensitive"_s.arg(size),
                       TextReplace({u"Меркурий"_s, u"Венера"_s, false, true}), runs);
    ReplaceStore store(db, spec, true);
    ReplaceOutcome o;
    DbError e;
    t.restart();
    if (!store.apply(p.changes, nullptr, {}, &o, &e))
        qFatal("apply: %s", qPrintable(e.message));
    print(u"replace_apply_%1_rows"_s.arg(p.changes.size()), ms(t), "ms");
    print(u"replace_apply_written"_s, static_cast<double>(o.replaced.size()), "count");
    TestCluster::close(db);
    return 0;
}
