#include "SignSummary.h"

#include "DbError.h"
#include "PgQuery.h"
#include "ZodiacSign.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::Literals::StringLiterals;

double SignSummary::change() const
{
    if (viewsPrevious == 0)
        return std::numeric_limits<double>::quiet_NaN();
    return static_cast<double>(viewsLast - viewsPrevious) / static_cast<double>(viewsPrevious);
}

bool SignSummary::load(QSqlDatabase& db, const ConnectionSpec& spec, QList<SignSummary>* out,
                       DbError* error, int days)
{
    days = std::clamp(days, 1, maxDays);
    PgQuery q(db);
    q.setForwardOnly(true);
    // The one row of current_date comes back even when both tables are empty.
    const bool prepared = q.prepare(uR"sql(
        WITH c AS (
            SELECT zodiac_sign, count(*) AS n, max(horoscope_date) AS latest,
                   bool_or(horoscope_date = current_date) AS has_today,
                   bool_or(horoscope_date = current_date + 1) AS has_tomorrow
            FROM horoscope_cache GROUP BY zodiac_sign),
        v AS (
            SELECT zodiac_sign,
                   sum(view_count) FILTER (WHERE view_date >= current_date - ?::int) AS last,
                   sum(view_count) FILTER (WHERE view_date < current_date - ?::int) AS prev
            FROM horoscope_views
            WHERE view_date >= current_date - 2 * ?::int AND view_date < current_date
            GROUP BY zodiac_sign)
        SELECT coalesce(c.zodiac_sign, v.zodiac_sign), coalesce(c.n, 0), c.latest,
               coalesce(c.has_today, false), coalesce(c.has_tomorrow, false),
               coalesce(v.last, 0), coalesce(v.prev, 0), t.today
        FROM (SELECT current_date AS today) t
        LEFT JOIN (c FULL JOIN v ON v.zodiac_sign = c.zodiac_sign) ON true
    )sql"_s);
    for (int i = 0; i < 3; ++i)
        q.addBindValue(days);
    if (!prepared || !q.exec()) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    QList<SignSummary> rows;
    QDate today;
    while (q.next()) {
        today = q.value(7).toDate();
        if (q.isNull(0))
            continue; // no horoscopes and no views at all
        SignSummary s;
        s.sign = q.value(0).toString();
        s.horoscopes = q.value(1).toInt();
        s.latest = q.value(2).toDate();
        s.hasToday = q.value(3).toBool();
        s.hasTomorrow = q.value(4).toBool();
        s.viewsLast = q.value(5).toLongLong();
        s.viewsPrevious = q.value(6).toLongLong();
        s.today = today;
        s.days = days;
        rows << s;
    }
    // Every one of the twelve signs, with or without rows: a sign never viewed reads 0.
    for (const QString& key : ZodiacSign::keys()) {
        const bool present = std::any_of(rows.cbegin(), rows.cend(),
                                         [&key](const SignSummary& s) { return s.sign == key; });
        if (!present) {
            SignSummary s;
            s.sign = key;
            s.days = days;
            s.today = today;
            rows << s;
        }
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
