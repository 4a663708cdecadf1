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
