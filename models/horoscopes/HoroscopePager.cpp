#include "HoroscopePager.h"

#include "PgQuery.h"
#include "PgSession.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <limits>
#include <optional>

using namespace Qt::Literals::StringLiterals;

namespace {

// Measured at a million rows (docs/benchmarks.md, bench_browse): ILIKE on a row of about 1 KB while
// walking an index, and one match found through the trigram index (bitmap, heap, recheck).
constexpr double kWalkMsPerRow = 0.015;
constexpr double kIndexMsPerMatch = 0.05;
// The trigram plan reads one random page per match: allow for pages not yet in the server's
// cache. Past this the term is common further on (skewed data), and the walk goes on.
constexpr int kMinIndexTimeoutMs = 300;
constexpr int kMaxWindow = 50'000;
// Trigram index ANDed with the sign and date indexes (at most Options::bitmapCap matches are read
// and sorted in memory): only for a term a sample puts in at most kBitmapMaxCandidates rows
// (reading the trigram index's entries costs about 0.7 µs each at a million rows: a term in every
// row, 1,000,000 entries, took 240 ms; "луна", 100,000, 70 ms). Tables smaller than kSmallTable
// are not sampled; a sample reads about kSampleRows rows.
constexpr double kBitmapMaxCandidates = 250'000;
constexpr double kSmallTable = 20'000;
constexpr double kSampleRows = 600;

bool exec(PgQuery& q, const HoroscopeQuery::Sql& sql, QSqlError* error)
{
    q.setForwardOnly(true);
    if (!q.prepare(sql.text)) {
        *error = q.lastError();
        return false;
    }
    HoroscopeQuery::bind(q, sql);
    if (!q.exec()) {
        *error = q.lastError();
        return false;
    }
    return true;
}

double estimatedRows(QSqlDatabase& db)
{
    PgQuery q(db);
    if (q.exec(u"SELECT reltuples FROM pg_class WHERE oid = 'horoscope_cache'::regclass"_s) &&
        q.next())
        return std::max(0.0, q.value(0).toDouble());
    return 0;
}

enum class Plan { Bitmaps, TableScan };

// BEGIN (with search_path behind a pooler) and this transaction's settings: a statement timeout
// and the plan's.
// Bitmaps: a planner left with bitmap scans, enough work_mem for exact bitmaps (a lossy one ANDs
// whole pages: at a million rows, half the table) and a heap row priced so high that every index
// which leaves fewer rows to read is ANDed in. Without that the planner, which guesses about 100
// rows for any ILIKE term, read the term's 100,000 rows to keep none. No JIT: the costs that
// high made the server compile the plan (450 ms of 650).
// TableScan: no index. For a term without trigrams the planner otherwise reads the whole trigram
// index and then every row through it, or walks the order's index alone.
bool beginPlanned(QSqlDatabase& db, int timeoutMs, Plan plan, QSqlError* error)
{
    if (!PgSession::begin(db, error))
        return false;
    QStringList settings{u"set_config('statement_timeout', '%1', true)"_s.arg(timeoutMs)};
    settings << u"set_config('enable_indexscan', 'off', true)"_s
             << u"set_config('enable_indexonlyscan', 'off', true)"_s;
    if (plan == Plan::Bitmaps)
        settings << u"set_config('enable_seqscan', 'off', true)"_s
                 << u"set_config('work_mem', '64MB', true)"_s
                 << u"set_config('cpu_tuple_cost', '1000000', true)"_s
                 << u"set_config('jit', 'off', true)"_s; // those costs would make it compile
    else
        settings << u"set_config('enable_bitmapscan', 'off', true)"_s;
    QSqlQuery t(db);
    if (t.exec(u"SELECT "_s + settings.join(u", "_s)))
        return true;
    *error = t.lastError();
    t.exec(u"ROLLBACK"_s);
    return false;
}

void endTransaction(QSqlDatabase& db, bool commit)
{
    QSqlQuery t(db);
    t.exec(commit ? u"COMMIT"_s : u"ROLLBACK"_s);
}

// Whether the term is in few enough rows for the bitmap plan, from a sample of the table.
bool fewCandidates(QSqlDatabase& db, const HoroscopeQuery& query)
{
    const double rows = estimatedRows(db);
    if (rows < kSmallTable)
        return true;
    PgQuery q(db);
    QSqlError error;
    if (!exec(q, query.termSample(std::min(100.0, 100.0 * kSampleRows / rows)), &error) ||
        !q.next())
        return false; // the walk meets the error, if it stays
    const double hits = q.value(0).toDouble();
    const double sampled = q.value(1).toDouble();
    return sampled <= 0 || hits / sampled * rows <= kBitmapMaxCandidates;
}

} // namespace

HoroscopePager::Answer HoroscopePager::fetch(QSqlDatabase& db, const HoroscopeQuery& query,
                                             const HoroscopeQuery::Position* after, bool backward,
                                             int pageSize, const Options& options)
{
    Answer a;
    const int want = pageSize + 1;
    const auto finish = [&a, pageSize] {
        a.more = a.rows.size() > pageSize;
        if (a.more)
            a.rows.resize(pageSize);
        a.ok = true;
        return a;
    };
    PgQuery q(db);
    if (query.filter().search.isEmpty()) {
        if (!exec(q, query.page(after, backward, want), &a.error))
            return a;
        while (q.next())
            a.rows << query.readRow(q);
        return finish();
    }

    QElapsedTimer clock;
    clock.start();
    std::optional<HoroscopeQuery::Position> pos;
    if (after)
        pos = *after;
    bool mayUseIndex = options.tryIndexPlan && query.searchUsesTrigrams();
    if (mayUseIndex && options.bitmapCap > 0 && query.hasIndexedFilter() &&
        fewCandidates(db, query)) {
        mayUseIndex = false; // one attempt at an index plan a page
        QSqlError error;
        bool complete = false;
        if (beginPlanned(db, std::max(kMinIndexTimeoutMs, options.budgetMs), Plan::Bitmaps,
                         &error)) {
            if (exec(q, query.cappedMatches(after, backward, want, options.bitmapCap), &error)) {
                int read = 0;
                while (q.next()) {
                    read = query.readMatchCount(q);
                    a.rows << query.readRow(q);
                }
                complete = read <= options.bitmapCap;
            }
            endTransaction(db, error.type() == QSqlError::NoError);
        }
        if (complete)
            return finish();
        a.rows.clear();
        if (error.type() != QSqlError::NoError &&
            (error.nativeErrorCode() != u"57014" || (options.superseded && options.superseded()))) {
            a.error = error;
            return a;
        }
        a.indexPlanTimedOut = true; // common for these filters, or slow: the walk finds them
    }
    // A small first window tells how common the term is; later ones are sized to find the rest
    // of the page, or to fill the time left.
    int window = std::max(1, options.window);
    for (;;) {
        if (options.superseded && options.superseded())
            return a; // not ok: nobody waits for it
        const int before = static_cast<int>(a.rows.size());
        const qint64 started = clock.elapsed();
        if (!exec(q,
                  query.window(pos ? &*pos : nullptr, backward, window,
                               want - static_cast<int>(a.rows.size())),
                  &a.error))
            return a;
        while (q.next())
            a.rows << query.readRow(q);
        if (a.rows.size() >= want)
            return finish();
        if (!exec(q, query.windowEnd(pos ? &*pos : nullptr, backward, window), &a.error))
            return a;
        if (!q.next())
            return finish(); // the window reached the last row
        pos = query.readPosition(q);
        const double frequency = double(a.rows.size() - before) / window;
        const int needed = want - static_cast<int>(a.rows.size());
        const double msPerRow = std::max(0.001, double(clock.elapsed() - started) / window);

        if (mayUseIndex) {
            // The cheaper of two plans, from what this window showed: walk on (rows needed /
            // frequency) or fetch every match left through the trigram index (frequency x rows).
            mayUseIndex = false;
            const double indexMs = frequency * estimatedRows(db) * kIndexMsPerMatch;
            const double walkMs = frequency > 0 ? needed / frequency * kWalkMsPerRow
                                                : std::numeric_limits<double>::infinity();
            if (indexMs < walkMs) {
                const int timeoutMs =
                    std::max<int>(kMinIndexTimeoutMs, options.budgetMs - int(clock.elapsed()));
                QSqlQuery t(db);
                QSqlError beginError;
                PgSession::begin(db, &beginError); // with search_path behind a pooler
                t.exec(u"SET LOCAL statement_timeout = %1"_s.arg(timeoutMs));
                QSqlError error;
                if (exec(q, query.matches(&*pos, backward, needed), &error)) {
                    while (q.next())
                        a.rows << query.readRow(q);
                    t.exec(u"COMMIT"_s);
                    return finish();
                }
                t.exec(u"ROLLBACK"_s);
                if (error.nativeErrorCode() != u"57014" ||
                    (options.superseded && options.superseded())) {
                    a.error = error;
                    return a;
                }
                a.indexPlanTimedOut = true; // common further on: walk on
            }
        }
        if (options.fullScanBeyondMs >= 0) {
            const double restMs = frequency > 0 ? needed / frequency * msPerRow
                                                : std::numeric_limits<double>::infinity();
            if (restMs > options.fullScanBeyondMs) {
                const qint64 leftMs = std::max<qint64>(1, options.budgetMs - clock.elapsed());
                if (!beginPlanned(db, static_cast<int>(leftMs), Plan::TableScan, &a.error))
                    return a;
                QStringList ids;
                const bool ran = exec(q, query.fullScan(&*pos, backward, needed), &a.error);
                while (ran && q.next())
                    ids << q.value(0).toString();
                endTransaction(db, ran);
                if (!ran)
                    return a;
                if (!ids.isEmpty()) {
                    if (!exec(q, query.rowsWithIds(ids, backward), &a.error))
                        return a;
                    while (q.next())
                        a.rows << query.readRow(q);
                }
                return finish();
            }
        }
        const qint64 left = options.budgetMs - clock.elapsed();
        if (left <= 0) {
            a.partial = true;
            a.more = true;
            a.scanned = *pos;
            a.ok = true;
            return a;
        }
        const double wanted = frequency > 0 ? needed / frequency * 1.2 : 4.0 * window;
        const double fits = double(left) / msPerRow;
        window = static_cast<int>(
            std::clamp(std::min(wanted, fits), double(options.window), double(kMaxWindow)));
    }
}
