#include "SignSummary.h"

#include "DbError.h"
#include "PgQuery.h"
#include "ZodiacSign.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

bool SignSummary::load(QSqlDatabase& db, const ConnectionSpec& spec, QList<SignSummary>* out,
                       DbError* error)
{
    PgQuery q(db);
    q.setForwardOnly(true);
    const bool ok = q.exec(uR"sql(
        WITH c AS (
            SELECT zodiac_sign, count(*) AS n, max(horoscope_date) AS latest,
                   bool_or(horoscope_date = current_date) AS has_today
            FROM horoscope_cache GROUP BY zodiac_sign),
        v AS (
            SELECT zodiac_sign,
                   sum(view_count) FILTER (WHERE view_date > current_date - 7) AS last7,
                   sum(view_count) FILTER (WHERE view_date <= current_date - 7) AS prev7
            FROM horoscope_views
            WHERE view_date > current_date - 14 AND view_date <= current_date
            GROUP BY zodiac_sign)
        SELECT coalesce(c.zodiac_sign, v.zodiac_sign), coalesce(c.n, 0), c.latest,
               coalesce(c.has_today, false), coalesce(v.last7, 0), coalesce(v.prev7, 0)
        FROM c FULL JOIN v ON v.zodiac_sign = c.zodiac_sign
    )sql"_s);
    if (!ok) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    QList<SignSummary> rows;
    while (q.next()) {
        SignSummary s;
        s.sign = q.value(0).toString();
        s.horoscopes = q.value(1).toInt();
        s.latest = q.value(2).toDate();
        s.hasToday = q.value(3).toBool();
        s.viewsLast7 = q.value(4).toLongLong();
        s.viewsPrevious7 = q.value(5).toLongLong();
        rows << s;
    }
    // Zodiac order first, then anything the bot stored that is not a known sign.
    const QStringList& order = ZodiacSign::keys();
    std::stable_sort(rows.begin(), rows.end(),
                     [&order](const SignSummary& a, const SignSummary& b) {
                         const auto ia = order.indexOf(a.sign);
                         const auto ib = order.indexOf(b.sign);
                         if ((ia < 0) != (ib < 0))
                             return ia >= 0;
                         return ia < 0 ? a.sign < b.sign : ia < ib;
                     });
    *out = rows;
    return true;
}
