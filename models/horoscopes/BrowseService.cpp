#include "BrowseService.h"

#include "PgQuery.h"
#include "PgSession.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::Literals::StringLiterals;

namespace {

// Below this many rows (by the planner's statistics) an exact count is cheap.
constexpr qint64 kExactCountBelow = 200'000;

// Runs a count(*) in its own transaction with a statement timeout and an optional planner
// setting; false when it failed or ran out of time.
bool countWithin(QSqlDatabase& db, const HoroscopeQuery::Sql& sql, const QString& setting,
                 int timeoutMs, qint64* total)
{
    PgQuery count(db);
    QSqlQuery q(db);
    QSqlError beginError;
    // BEGIN with the session's settings (search_path) when they are applied per transaction.
    if (!PgSession::begin(db, &beginError))
        return false;
    bool ok = q.exec(u"SET LOCAL statement_timeout = %1"_s.arg(timeoutMs)) &&
              (setting.isEmpty() || q.exec(u"SET LOCAL "_s + setting));
    if (ok) {
        ok = count.prepare(sql.text);
        HoroscopeQuery::bind(count, sql);
        ok = ok && count.exec() && count.next();
        if (ok)
            *total = count.value(0).toLongLong();
    }
    q.exec(ok ? u"COMMIT"_s : u"ROLLBACK"_s); // never leave the connection in a failed transaction
    return ok;
}

} // namespace

std::shared_ptr<Cancellation> BrowseService::page(QObject* context, const HoroscopeQuery& query,
                                                  std::optional<HoroscopeQuery::Position> after,
                                                  bool backward, int pageSize,
                                                  const HoroscopePager::Options& options,
                                                  Reply<HoroscopePager::Answer> done) const
{
    return requestCancellableRead<HoroscopePager::Answer>(
        context,
        [query, after, backward, pageSize, options,
         spec = spec()](QSqlDatabase& db, HoroscopePager::Answer* out, DbError* error) {
            *out = HoroscopePager::fetch(db, query, after ? &*after : nullptr, backward, pageSize,
                                         options);
            if (!out->ok)
                *error = DbError::fromQuery(out->error, spec);
            return out->ok;
        },
        std::move(done));
}

std::shared_ptr<Cancellation> BrowseService::count(QObject* context, const HoroscopeQuery& query,
                                                   int cap, int timeoutMs, Reply<Count> done) const
{
    return requestCancellableRead<Count>(
        context,
        // Out of time, or the connection's error: the total stays -1, "unknown", which is an
        // answer too (the count says so); a request that could not run gets its error.
        [query, cap, timeoutMs](QSqlDatabase& db, Count* out, DbError*) {
            PgQuery q(db);
            if (!query.filter().hasConditions()) {
                if (q.exec(u"SELECT reltuples::bigint FROM pg_class "
                           "WHERE oid = 'horoscope_cache'::regclass"_s) &&
                    q.next() && q.value(0).toLongLong() >= kExactCountBelow) {
                    out->total = q.value(0).toLongLong();
                    out->estimate = true;
                    return true;
                }
                countWithin(db, query.count(), {}, 3000, &out->total);
                return true;
            }
            // Counted up to `cap`, never longer than `timeoutMs`: a search walks the table
            // (stops soon for a common term), then, for a rare one, asks the trigram index.
            const HoroscopeQuery::Sql sql = query.cappedCount(cap);
            const bool search = !query.filter().search.isEmpty();
            const bool trigrams = search && query.searchUsesTrigrams();
            const int firstMs = trigrams ? timeoutMs / 2 : timeoutMs;
            const bool counted =
                countWithin(db, sql, search ? u"enable_bitmapscan = off"_s : QString(), firstMs,
                            &out->total) ||
                (trigrams &&
                 countWithin(db, sql, u"enable_seqscan = off"_s, timeoutMs - firstMs, &out->total));
            if (counted && out->total > cap) {
                out->total = cap;
                out->lowerBound = true;
            }
            return true;
        },
        std::move(done));
}
