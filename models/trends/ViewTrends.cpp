#include "ViewTrends.h"

#include "TrendCompare.h"

#include "ConnectionSpec.h"
#include "DbError.h"
#include "PgQuery.h"
#include "ZodiacSign.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::Literals::StringLiterals;

qint64 ViewTrends::bucketCount(const QDate& from, const QDate& to, Bucket bucket)
{
    switch (bucket) {
    case Bucket::Day:
        return from.daysTo(to) + 1;
    case Bucket::Week: // Monday to Monday
        return from.addDays(1 - from.dayOfWeek()).daysTo(to.addDays(1 - to.dayOfWeek())) / 7 + 1;
    case Bucket::Month:
        return (qint64(to.year()) - from.year()) * 12 + to.month() - from.month() + 1;
    }
    return 0;
}

QString ViewTrends::bucketKey(Bucket bucket)
{
    switch (bucket) {
    case Bucket::Day:
        return u"day"_s;
    case Bucket::Week:
        return u"week"_s;
    case Bucket::Month:
        return u"month"_s;
    }
    return {};
}

bool ViewTrends::parseBucket(const QString& key, Bucket* out)
{
    for (Bucket b : {Bucket::Day, Bucket::Week, Bucket::Month}) {
        if (bucketKey(b) == key) {
            *out = b;
            return true;
        }
    }
    return false;
}

QList<QDate> ViewTrends::bucketStarts(const QDate& from, const QDate& to, Bucket bucket)
{
    QList<QDate> starts;
    QDate d = from;
    switch (bucket) {
    case Bucket::Day:
        break;
    case Bucket::Week:
        d = from.addDays(1 - from.dayOfWeek()); // ISO weeks start on Monday
        break;
    case Bucket::Month:
        d = QDate(from.year(), from.month(), 1);
        break;
    }
    while (d <= to) {
        starts << d;
        d = bucket == Bucket::Day    ? d.addDays(1)
            : bucket == Bucket::Week ? d.addDays(7)
                                     : d.addMonths(1);
    }
    return starts;
}

qint64 ViewTrends::total() const
{
    qint64 sum = 0;
    for (qint64 v : totals)
        sum += v;
    return sum;
}

QDate ViewTrends::bucketEnd(qsizetype i) const
{
    if (i < 0 || i >= buckets.size())
        return {};
    const QDate start = buckets.at(i);
    switch (bucket) {
    case Bucket::Day:
        return start;
    case Bucket::Week:
        return start.addDays(6);
    case Bucket::Month:
        return start.addMonths(1).addDays(-1);
    }
    return start;
}

bool ViewTrends::isPartial(qsizetype i) const
{
    const QDate end = bucketEnd(i);
    return end.isValid() && (end > to || (today.isValid() && end >= today));
}

bool ViewTrends::isBeforeData(qsizetype i) const
{
    const QDate end = bucketEnd(i);
    return end.isValid() && firstRecorded.isValid() && end < firstRecorded;
}

ViewTrends ViewTrends::slice(qsizetype first, qsizetype last) const
{
    ViewTrends s = *this;
    first = std::clamp<qsizetype>(first, 0, std::max<qsizetype>(0, buckets.size() - 1));
    last = std::clamp<qsizetype>(last, first, std::max<qsizetype>(0, buckets.size() - 1));
    if (buckets.isEmpty() || (first == 0 && last == buckets.size() - 1))
        return s;
    s.buckets = buckets.mid(first, last - first + 1);
    s.from = std::max(from, buckets.at(first));
    s.to = std::min(to, bucketEnd(last));
    s.previous.clear();
    s.compared = compared.slice(first, last);
    for (const QString& sign : signs) {
        const QList<qint64> part = counts.value(sign).mid(first, last - first + 1);
        qint64 sum = 0;
        for (qint64 v : part)
            sum += v;
        s.counts.insert(sign, part);
        s.totals.insert(sign, sum);
    }
    sliceExtras(&s, first, last);
    return s;
}

double ViewTrends::share(const QString& sign) const
{
    const qint64 all = total();
    return all > 0 ? static_cast<double>(totals.value(sign)) / static_cast<double>(all) : 0.0;
}

double ViewTrends::change(const QString& sign) const
{
    const qint64 before = previous.value(sign);
    if (before == 0)
        return std::numeric_limits<double>::quiet_NaN();
    return static_cast<double>(totals.value(sign) - before) / static_cast<double>(before);
}

bool ViewTrends::load(QSqlDatabase& db, const ConnectionSpec& spec, const Range& range,
                      ViewTrends* out, DbError* error)
{
    ViewTrends t;
    t.bucket = range.bucket;
    t.from = range.from;
    t.to = range.to;
    // The first recorded day: buckets before it are "no data yet", not zero views. Today is the
    // server's (Database::today()).
    PgQuery span(db);
    if (!span.exec(u"SELECT min(view_date), max(view_date), current_date FROM horoscope_views"_s) ||
        !span.next()) {
        *error = DbError::fromQuery(span.lastError(), spec);
        return false;
    }
    t.firstRecorded = span.value(0).toDate();
    t.today = span.value(2).toDate();
    if (!t.from.isValid() || !t.to.isValid()) {
        t.from = span.value(0).toDate();
        t.to = span.value(1).toDate();
        if (!t.from.isValid()) { // no views at all
            t.from = t.to = t.today;
        }
    }
    if (t.to < t.from)
        std::swap(t.from, t.to);
    t.buckets = bucketStarts(t.from, t.to, t.bucket);
    const QString unit = bucketKey(range.bucket);
    const QString from = t.from.toString(Qt::ISODate);
    const QString to = t.to.toString(Qt::ISODate);

    // Aggregated in the database, one row per sign with its buckets as arrays: a bucket's
    // position and its views. Buckets without a row stay 0 here: zero-filled, never
    // interpolated.
    PgQuery q(db);
    q.setForwardOnly(true);
    const bool prepared = q.prepare(uR"sql(
        WITH counts AS (
            SELECT zodiac_sign,
                   CASE ?
                       WHEN 'day' THEN view_date - ?::date
                       WHEN 'week' THEN (date_trunc('week', view_date)::date
                                         - date_trunc('week', ?::date)::date) / 7
                       ELSE ((extract(year FROM view_date) - extract(year FROM ?::date)) * 12
                             + extract(month FROM view_date) - extract(month FROM ?::date))::int
                   END AS position,
                   sum(view_count)::bigint AS views
            FROM horoscope_views
            WHERE view_date BETWEEN ?::date AND ?::date
            GROUP BY 1, 2)
        SELECT zodiac_sign, array_agg(position)::text, array_agg(views)::text
        FROM counts GROUP BY zodiac_sign
    )sql"_s);
    for (const QVariant& v : QVariantList{unit, from, from, from, from, from, to})
        q.addBindValue(v);
    if (!prepared || !q.exec()) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    const qsizetype size = t.buckets.size();
    for (const QString& key : ZodiacSign::keys()) {
        t.signs << key;
        t.counts.insert(key, QList<qint64>(size, 0));
    }
    QStringList others;
    QMap<QString, QList<bool>> present; // which buckets have a row of the key
    while (q.next()) {
        const QString sign = q.value(0).toString();
        if (!t.counts.contains(sign)) {
            others << sign;
            t.counts.insert(sign, QList<qint64>(size, 0));
        }
        QList<qint64>& counts = t.counts[sign];
        QList<bool>& rows = present[sign];
        rows.resize(size, false);
        const QList<QByteArray> positions = q.value(1).toByteArray().mid(1).chopped(1).split(',');
        const QList<QByteArray> views = q.value(2).toByteArray().mid(1).chopped(1).split(',');
        for (qsizetype i = 0; i < positions.size() && i < views.size(); ++i) {
            const qsizetype position = positions.at(i).toLongLong();
            if (position >= 0 && position < size) {
                counts[position] += views.at(i).toLongLong();
                rows[position] = true;
            }
        }
    }
    // Zodiac order first, then whatever else the bot stored.
    std::sort(others.begin(), others.end());
    t.signs << others;
    for (const QString& sign : std::as_const(t.signs)) {
        qint64 sum = 0;
        for (qint64 v : t.counts.value(sign))
            sum += v;
        t.totals.insert(sign, sum);
        t.previous.insert(sign, 0);
    }

    const QDate prevTo = t.from.addDays(-1);
    const QDate prevFrom = prevTo.addDays(-t.from.daysTo(t.to));
    PgQuery previous(db);
    const bool previousPrepared =
        previous.prepare(u"SELECT zodiac_sign, sum(view_count)::bigint FROM horoscope_views "
                         "WHERE view_date BETWEEN ?::date AND ?::date GROUP BY zodiac_sign"_s);
    previous.addBindValue(prevFrom.toString(Qt::ISODate));
    previous.addBindValue(prevTo.toString(Qt::ISODate));
    if (!previousPrepared || !previous.exec()) {
        *error = DbError::fromQuery(previous.lastError(), spec);
        return false;
    }
    while (previous.next()) {
        const QString sign = previous.value(0).toString();
        if (t.previous.contains(sign)) // only in the previous period: not part of this chart
            t.previous[sign] = previous.value(1).toLongLong();
    }
    t.findAbsent(present);
    if (!loadDaily(db, spec, &t, error) || !loadAnnotations(db, spec, &t, error))
        return false;
    *out = t;
    return true;
}

bool ViewTrends::loadAnnotations(QSqlDatabase& db, const ConnectionSpec& spec, ViewTrends* t,
                                 DbError* error)
{
    // The history is this app's table (migration 0002): on a database without it, or for a
    // role that may not read it, there are simply no marks.
    PgQuery readable(db);
    if (!readable.exec(u"SELECT CASE WHEN to_regclass('horoscope_cache_revisions') IS NULL "
                       "THEN false ELSE has_table_privilege(to_regclass("
                       "'horoscope_cache_revisions'), 'SELECT') END"_s) ||
        !readable.next()) {
        *error = DbError::fromQuery(readable.lastError(), spec);
        return false;
    }
    if (!readable.value(0).toBool())
        return true;
    PgQuery q(db);
    q.setForwardOnly(true);
    // change_kind and changed_by_person came with migration 0006: read through to_jsonb so a
    // history table from before it still gives its marks (named by operation alone).
    const bool prepared = q.prepare(uR"sql(
        SELECT horoscope_date, zodiac_sign,
               coalesce(to_jsonb(r) ->> 'change_kind',
                        CASE WHEN operation = 'DELETE' THEN 'invalidated'
                             WHEN operation = 'INSERT' THEN 'generated'
                             WHEN regenerated THEN 'regenerated'
                             ELSE 'edited' END),
               coalesce(to_jsonb(r) ->> 'changed_by_person', ''),
               count(*)
        FROM horoscope_cache_revisions r
        WHERE horoscope_date >= ?::date AND horoscope_date <= ?::date
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    )sql"_s);
    q.addBindValue(t->from.toString(Qt::ISODate));
    q.addBindValue(t->to.toString(Qt::ISODate));
    if (!prepared || !q.exec()) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    while (q.next()) {
        Annotation a;
        a.day = q.value(0).toDate();
        a.sign = q.value(1).toString();
        a.kind = q.value(2).toString();
        a.person = q.value(3).toString();
        a.count = q.value(4).toInt();
        if (a.kind == u"regenerated")
            a.regenerated = a.count;
        else if (a.kind == u"invalidated")
            a.invalidated = a.count;
        else if (a.kind != u"generated")
            a.corrected = a.count;
        t->annotations.append(a);
    }
    return true;
}

qsizetype ViewTrends::bucketOf(const QDate& day) const
{
    const auto it = std::upper_bound(buckets.cbegin(), buckets.cend(), day);
    if (it == buckets.cbegin() || day > to || day < from)
        return -1;
    return (it - buckets.cbegin()) - 1;
}

QByteArray ViewTrends::csvField(const QString& text)
{
    QByteArray field = text.toUtf8();
    // RFC 4180: a field with a comma, a quote or a line break goes in quotes, quotes doubled.
    if (field.contains(',') || field.contains('"') || field.contains('\n') ||
        field.contains('\r')) {
        field.replace("\"", "\"\"");
        field = '"' + field + '"';
    }
    return field;
}

QByteArray ViewTrends::toCsv(bool gaps) const
{
    QList<QByteArray> quotedSigns;
    for (const QString& sign : signs)
        quotedSigns << csvField(sign);
    const bool comparing = compared.isOn();
    QByteArray csv = "bucket,sign,views,first_day,last_day,days,complete";
    csv += comparing ? ",compared_bucket,compared_views\r\n" : "\r\n";
    for (qsizetype b = 0; b < buckets.size(); ++b) {
        const QByteArray day = buckets.at(b).toString(Qt::ISODate).toUtf8();
        const QByteArray frame = ',' + firstDay(b).toString(Qt::ISODate).toUtf8() + ',' +
                                 lastDay(b).toString(Qt::ISODate).toUtf8() + ',' +
                                 QByteArray::number(dayCount(b)) +
                                 (isComplete(b) ? ",true" : ",false");
        // The compared bucket: none (empty) before the first recorded view.
        const QDate counterpart = comparing ? compared.buckets.value(b) : QDate();
        for (qsizetype s = 0; s < signs.size(); ++s) {
            const QString& sign = signs.at(s);
            csv += day + ',' + quotedSigns.at(s) + ',' +
                   (gaps && isAbsent(sign, b) ? QByteArray()
                                              : QByteArray::number(counts.value(sign).value(b))) +
                   frame;
            if (comparing) {
                csv += ',' + counterpart.toString(Qt::ISODate).toUtf8() + ',' +
                       (counterpart.isValid()
                            ? QByteArray::number(compared.counts.value(sign).value(b))
                            : QByteArray());
            }
            csv += "\r\n";
        }
    }
    return csv;
}

QByteArray ViewTrends::toJson(bool gaps) const
{
    const bool comparing = compared.isOn();
    QJsonArray rows;
    for (qsizetype b = 0; b < buckets.size(); ++b) {
        const QDate counterpart = comparing ? compared.buckets.value(b) : QDate();
        for (const QString& sign : signs) {
            QJsonObject row{{u"bucket"_s, buckets.at(b).toString(Qt::ISODate)},
                            {u"sign"_s, sign},
                            {u"views"_s, gaps && isAbsent(sign, b)
                                             ? QJsonValue(QJsonValue::Null)
                                             : QJsonValue(counts.value(sign).value(b))},
                            {u"first_day"_s, firstDay(b).toString(Qt::ISODate)},
                            {u"last_day"_s, lastDay(b).toString(Qt::ISODate)},
                            {u"days"_s, dayCount(b)},
                            {u"complete"_s, isComplete(b)}};
            if (comparing) {
                const bool valid = counterpart.isValid();
                row.insert(u"compared_bucket"_s, valid
                                                     ? QJsonValue(counterpart.toString(Qt::ISODate))
                                                     : QJsonValue(QJsonValue::Null));
                row.insert(u"compared_views"_s,
                           valid ? QJsonValue(compared.counts.value(sign).value(b))
                                 : QJsonValue(QJsonValue::Null));
            }
            rows.append(row);
        }
    }
    QJsonObject doc{{u"from"_s, from.toString(Qt::ISODate)},
                    {u"to"_s, to.toString(Qt::ISODate)},
                    {u"bucket"_s, bucketKey(bucket)},
                    {u"missing"_s, gaps ? u"gap"_s : u"zero"_s},
                    {u"rows"_s, rows}};
    if (comparing) {
        QJsonObject comparedTotals;
        for (auto it = compared.totals.cbegin(); it != compared.totals.cend(); ++it)
            comparedTotals.insert(it.key(), it.value());
        doc.insert(u"compare"_s, QJsonObject{{u"mode"_s, TrendCompare::key(compared)},
                                             {u"from"_s, compared.from.toString(Qt::ISODate)},
                                             {u"to"_s, compared.to.toString(Qt::ISODate)},
                                             {u"totals"_s, comparedTotals}});
    }
    return QJsonDocument(doc).toJson(QJsonDocument::Indented);
}
