#include "HoroscopeQuery.h"

#include "PgQuery.h"
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

HoroscopeQuery::HoroscopeQuery(HoroscopeFilter filter, bool revisionsAvailable)
    : m_filter(std::move(filter))
    , m_revisions(revisionsAvailable)
{}

// Each ordering is backed by an index, so a first page reads only its rows: date by
// ix_horoscope_cache_horoscope_date, sign by uq_horoscope_cache_sign_date, text, length and
// generation time by the indexes of migration 0005 (expression, then id; the expressions here
// must stay exactly those of the indexes).
QList<HoroscopeQuery::Key> HoroscopeQuery::keys() const
{
    using C = HoroscopeFilter::SortColumn;
    switch (m_filter.sort) {
    case C::Sign:
        return {{u"c.zodiac_sign"_s, u"text"_s}, {u"c.horoscope_date"_s, u"date"_s}};
    case C::Date:
        return {{u"c.horoscope_date"_s, u"date"_s}};
    case C::Text:
        return {{u"left(c.content, 200)"_s, u"text"_s}};
    case C::Length:
        return {{u"char_length(c.content)"_s, u"integer"_s}};
    case C::GeneratedAt:
        return {{u"c.generated_at"_s, u"timestamptz"_s}};
    }
    return {};
}

bool HoroscopeQuery::hasRevisionsTable(QSqlDatabase& db)
{
    PgQuery q(db);
    return q.exec(u"SELECT to_regclass('horoscope_cache_revisions') IS NOT NULL"_s) && q.next() &&
           q.value(0).toBool();
}

QString HoroscopeQuery::correctedExpression(bool revisionsAvailable)
{
    if (!revisionsAvailable)
        return u"false"_s;
    // Changed by hand after it was generated: a revision of an UPDATE that kept generated_at.
    return uR"(EXISTS (SELECT 1 FROM horoscope_cache_revisions r
                       WHERE r.zodiac_sign = c.zodiac_sign
                         AND r.horoscope_date = c.horoscope_date
                         AND r.operation = 'UPDATE' AND NOT r.regenerated
                         AND r.changed_at >= c.generated_at))"_s;
}

QString HoroscopeQuery::likePattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'%', u"\\%"_s).replace(u'_', u"\\_"_s);
    return u'%' + escaped + u'%';
}

QString HoroscopeQuery::arrayLiteral(const QStringList& values)
{
    QStringList quoted;
    for (QString v : values) {
        v.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
        quoted << u'"' + v + u'"';
    }
    return u'{' + quoted.join(u',') + u'}';
}

QString HoroscopeQuery::where(QVariantList* values, bool withSearch) const
{
    QStringList conditions;
    if (!m_filter.signs.isEmpty()) {
        conditions << u"c.zodiac_sign = ANY (?::text[])"_s;
        *values << arrayLiteral(m_filter.signs);
    }
    if (m_filter.from.isValid()) {
        conditions << u"c.horoscope_date >= ?::date"_s;
        *values << m_filter.from.toString(Qt::ISODate);
    }
    if (m_filter.to.isValid()) {
        conditions << u"c.horoscope_date <= ?::date"_s;
        *values << m_filter.to.toString(Qt::ISODate);
    }
    if (withSearch && !m_filter.search.isEmpty()) {
        conditions << (m_caseSensitive ? u"c.content LIKE ?"_s : u"c.content ILIKE ?"_s);
        *values << likePattern(m_filter.search);
    }
    if (m_filter.correctedOnly)
        conditions << correctedExpression(m_revisions);
    return conditions.isEmpty() ? QString() : u" WHERE "_s + conditions.join(u" AND "_s);
}

QString HoroscopeQuery::orderBy(bool reversed) const
{
    const bool descending = (m_filter.order == Qt::DescendingOrder) != reversed;
    const QString dir = descending ? u" DESC"_s : u" ASC"_s;
    QStringList parts;
    for (const Key& k : keys())
        parts << k.expression + dir;
    parts << u"c.id"_s + dir;
    return u" ORDER BY "_s + parts.join(u", "_s);
}

// The values it binds come first in the statement: call it before adding the others.
QString HoroscopeQuery::selectList(QVariantList* values) const
{
    QString text = u"left(c.content, 200)"_s;
    if (m_fullText) {
        text = u"c.content"_s;
    } else if (!m_filter.search.isEmpty()) {
        // A search shows the text around its first hit, so the hit is in the list's column
        // even when it comes late in the text.
        text = u"(SELECT CASE WHEN hit > 80 THEN '…' || substr(c.content, hit - 60, 200) "
               "ELSE left(c.content, 200) END "
               "FROM (SELECT strpos(lower(c.content), lower(?::text)) AS hit) h)"_s;
        *values << m_filter.search;
    }
    QString list = u"SELECT c.id, c.zodiac_sign, c.horoscope_date, "_s + text +
                   u", char_length(c.content), c.generated_at, c.xmin::text, "_s +
                   correctedExpression(m_revisions);
    for (const Key& k : keys())
        list += u", ("_s + k.expression + u")::text"_s;
    if (m_fullText)
        list += u", to_json(c.generated_at) #>> '{}'"_s;
    return list;
}

// The row comparison matches the order's index (key expressions, then id) as an index
// condition. The id is bound as bigint so that a bound may lie beyond every int id.
QString HoroscopeQuery::keyset(const Position& after, bool backward, QVariantList* values) const
{
    const QList<Key> ks = keys();
    QStringList left;
    QStringList right;
    for (qsizetype i = 0; i < ks.size(); ++i) {
        left << ks.at(i).expression;
        right << u"?::"_s + ks.at(i).type;
        *values << after.sortKey.value(i);
    }
    left << u"c.id"_s;
    right << u"?::bigint"_s;
    *values << after.id;
    const bool descending = (m_filter.order == Qt::DescendingOrder) != backward;
    return u"("_s + left.join(u", "_s) + (descending ? u") < ("_s : u") > ("_s) +
           right.join(u", "_s) + u")"_s;
}

namespace {

QString andAlso(const QString& conditions, const QString& more)
{
    return conditions + (conditions.isEmpty() ? u" WHERE "_s : u" AND "_s) + more;
}

} // namespace

HoroscopeQuery::Sql HoroscopeQuery::page(const Position* after, bool backward, int limit) const
{
    Sql sql;
    const QString select = selectList(&sql.values);
    QString conditions = where(&sql.values);
    if (after)
        conditions = andAlso(conditions, keyset(*after, backward, &sql.values));
    sql.text = select + u" FROM horoscope_cache c"_s + conditions + orderBy(backward) +
               u" LIMIT "_s + QString::number(limit);
    return sql;
}

// The inner query walks the order's index through the other filters and stops after `window`
// rows; the search filters only those (a subquery with LIMIT is never flattened, so ILIKE
// cannot be pushed into it and turned into a scan of the trigram index).
HoroscopeQuery::Sql HoroscopeQuery::window(const Position* after, bool backward, int window,
                                           int limit) const
{
    Sql sql;
    const QString select = selectList(&sql.values);
    QString conditions = where(&sql.values, false);
    if (after)
        conditions = andAlso(conditions, keyset(*after, backward, &sql.values));
    sql.text = select + u" FROM (SELECT c.*, c.xmin FROM horoscope_cache c"_s + conditions +
               orderBy(backward) + u" LIMIT "_s + QString::number(window) + u") c"_s;
    if (!m_filter.search.isEmpty()) {
        sql.text += u" WHERE c.content ILIKE ?"_s;
        sql.values << likePattern(m_filter.search);
    }
    sql.text += orderBy(backward) + u" LIMIT "_s + QString::number(limit);
    return sql;
}

HoroscopeQuery::Sql HoroscopeQuery::matches(const Position* after, bool backward, int limit) const
{
    Sql sql;
    QString conditions = where(&sql.values);
    if (after)
        conditions = andAlso(conditions, keyset(*after, backward, &sql.values));
    QVariantList selectValues;
    const QString select = selectList(&selectValues);
    sql.values += selectValues; // the select list comes after the CTE here
    sql.text = u"WITH m AS MATERIALIZED (SELECT c.*, c.xmin FROM horoscope_cache c"_s + conditions +
               u") "_s + select + u" FROM m c"_s + orderBy(backward) + u" LIMIT "_s +
               QString::number(limit);
    return sql;
}

// The position is applied outside the CTE: inside, the planner would read a row comparison's
// selectivity from its first column alone and could choose the order's index for it (at a
// million rows, where most texts have the same length, it guessed 1 row for 900,000).
HoroscopeQuery::Sql HoroscopeQuery::cappedMatches(const Position* after, bool backward, int limit,
                                                  int cap) const
{
    Sql sql;
    const QString conditions = where(&sql.values);
    QVariantList selectValues;
    const QString select = selectList(&selectValues);
    sql.values += selectValues;
    sql.text = u"WITH m AS MATERIALIZED (SELECT c.*, c.xmin FROM horoscope_cache c"_s + conditions +
               u" LIMIT "_s + QString::number(cap + 1) + u") "_s + select +
               u", (SELECT count(*) FROM m) FROM m c"_s;
    if (after)
        sql.text += u" WHERE "_s + keyset(*after, backward, &sql.values);
    sql.text += orderBy(backward) + u" LIMIT "_s + QString::number(limit);
    return sql;
}

int HoroscopeQuery::readMatchCount(const PgQuery& q) const
{
    return q.value(8 + static_cast<int>(keys().size()) + (m_fullText ? 1 : 0)).toInt();
}

// Only the ids: the select list's history lookup (correctedExpression) needs the index the
// scan must not have. With no index the server scans the table in parallel workers, each keeping
// its own first rows (the planner chose a serial scan when the rows themselves had to be
// gathered, or walked the order's index).
HoroscopeQuery::Sql HoroscopeQuery::fullScan(const Position* after, bool backward, int limit) const
{
    Sql sql;
    QString conditions = where(&sql.values);
    if (after)
        conditions = andAlso(conditions, keyset(*after, backward, &sql.values));
    sql.text = u"SELECT c.id FROM horoscope_cache c"_s + conditions + orderBy(backward) +
               u" LIMIT "_s + QString::number(limit);
    return sql;
}

HoroscopeQuery::Sql HoroscopeQuery::rowsWithIds(const QStringList& ids, bool backward) const
{
    Sql sql;
    const QString select = selectList(&sql.values);
    sql.text =
        select + u" FROM horoscope_cache c WHERE c.id = ANY (?::bigint[])"_s + orderBy(backward);
    sql.values << arrayLiteral(ids);
    return sql;
}

HoroscopeQuery::Sql HoroscopeQuery::termSample(double percent) const
{
    Sql sql;
    sql.text = u"SELECT count(*) FILTER (WHERE c.content ILIKE ?), count(*) "
               "FROM horoscope_cache c TABLESAMPLE SYSTEM (?::real)"_s;
    sql.values << likePattern(m_filter.search) << QString::number(percent, 'f', 6);
    return sql;
}

HoroscopeQuery::Sql HoroscopeQuery::windowEnd(const Position* after, bool backward,
                                              int window) const
{
    Sql sql;
    QString conditions = where(&sql.values, false);
    if (after)
        conditions = andAlso(conditions, keyset(*after, backward, &sql.values));
    QString list = u"SELECT c.id"_s;
    for (const Key& k : keys())
        list += u", ("_s + k.expression + u")::text"_s;
    sql.text = list + u" FROM horoscope_cache c"_s + conditions + orderBy(backward) +
               u" OFFSET "_s + QString::number(window - 1) + u" LIMIT 1"_s;
    return sql;
}

HoroscopeQuery::Position HoroscopeQuery::dateBound(const QDate& date, Qt::SortOrder order)
{
    // Descending: (date, id) < (D, 2^31) is date <= D; ascending: > (D, -2^31 - 1) is >= D.
    constexpr qint64 beyond = qint64(1) << 31;
    return {{date.toString(Qt::ISODate)}, order == Qt::DescendingOrder ? beyond : -beyond - 1};
}

bool HoroscopeQuery::searchUsesTrigrams() const
{
    int run = 0;
    for (const QChar ch : m_filter.search) {
        run = ch.isLetterOrNumber() ? run + 1 : 0;
        if (run >= 3)
            return true;
    }
    return false;
}

HoroscopeQuery::Position HoroscopeQuery::readPosition(const PgQuery& q) const
{
    Position p;
    p.id = q.value(0).toLongLong();
    const int keyCount = static_cast<int>(keys().size());
    for (int i = 0; i < keyCount; ++i)
        p.sortKey << q.value(1 + i).toString();
    return p;
}

HoroscopeQuery::Sql HoroscopeQuery::count() const
{
    Sql sql;
    sql.text = u"SELECT count(*) FROM horoscope_cache c"_s + where(&sql.values);
    return sql;
}

HoroscopeQuery::Sql HoroscopeQuery::cappedCount(int cap) const
{
    Sql sql;
    sql.text = u"SELECT count(*) FROM (SELECT 1 FROM horoscope_cache c"_s + where(&sql.values) +
               u" LIMIT "_s + QString::number(cap + 1) + u") s"_s;
    return sql;
}

HoroscopeQuery::Sql HoroscopeQuery::exportRows() const
{
    Sql sql;
    const QString conditions = where(&sql.values);
    // generated_at in the server's own ISO 8601 form: microseconds and offset kept.
    sql.text = u"SELECT c.id, c.zodiac_sign, c.horoscope_date, c.content, "
               "to_json(c.generated_at) #>> '{}', "_s +
               correctedExpression(m_revisions) + u" FROM horoscope_cache c"_s + conditions +
               orderBy(false);
    return sql;
}

void HoroscopeQuery::bind(PgQuery& query, const Sql& sql)
{
    for (const QVariant& v : sql.values)
        query.addBindValue(v);
}

HoroscopeRow HoroscopeQuery::readRow(const PgQuery& q) const
{
    HoroscopeRow r;
    r.id = q.value(0).toInt();
    r.sign = q.value(1).toString();
    r.date = q.value(2).toDate();
    r.preview = q.value(3).toString();
    r.length = q.value(4).toInt();
    r.generatedAt = q.value(5).toDateTime();
    r.xmin = q.value(6).toString();
    r.corrected = q.value(7).toBool();
    const int keyCount = static_cast<int>(keys().size());
    for (int i = 0; i < keyCount; ++i)
        r.sortKey << q.value(8 + i).toString();
    if (m_fullText)
        r.generatedText = q.value(8 + keyCount).toString();
    return r;
}
