#include "HoroscopeQuery.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

HoroscopeQuery::HoroscopeQuery(HoroscopeFilter filter, bool revisionsAvailable)
    : m_filter(std::move(filter))
    , m_revisions(revisionsAvailable)
{}

// Each ordering is backed by an index where the table is large in practice: date by
// ix_horoscope_cache_horoscope_date, sign by uq_horoscope_cache_sign_date.
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

QString HoroscopeQuery::where(QVariantList* values) const
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
    if (!m_filter.search.isEmpty()) {
        conditions << u"c.content ILIKE ?"_s;
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

QString HoroscopeQuery::selectList() const
{
    QString list = u"SELECT c.id, c.zodiac_sign, c.horoscope_date, left(c.content, 200), "
                   "char_length(c.content), c.generated_at, c.xmin::text, "_s +
                   correctedExpression(m_revisions);
    for (const Key& k : keys())
        list += u", ("_s + k.expression + u")::text"_s;
    return list + u" FROM horoscope_cache c"_s;
}

HoroscopeQuery::Sql HoroscopeQuery::page(const HoroscopeRow* after, bool backward, int limit) const
{
    Sql sql;
    QString conditions = where(&sql.values);
    if (after) {
        const QList<Key> ks = keys();
        QStringList left;
        QStringList right;
        for (qsizetype i = 0; i < ks.size(); ++i) {
            left << ks.at(i).expression;
            right << u"?::"_s + ks.at(i).type;
            sql.values << after->sortKey.value(i);
        }
        left << u"c.id"_s;
        right << u"?"_s;
        sql.values << after->id;
        const bool descending = (m_filter.order == Qt::DescendingOrder) != backward;
        const QString keyset = u"("_s + left.join(u", "_s) +
                               (descending ? u") < ("_s : u") > ("_s) + right.join(u", "_s) +
                               u")"_s;
        conditions += (conditions.isEmpty() ? u" WHERE "_s : u" AND "_s) + keyset;
    }
    sql.text =
        selectList() + conditions + orderBy(backward) + u" LIMIT "_s + QString::number(limit);
    return sql;
}

HoroscopeQuery::Sql HoroscopeQuery::fromDate(const QDate& date, int limit) const
{
    Sql sql;
    QString conditions = where(&sql.values);
    const bool descending = m_filter.order == Qt::DescendingOrder;
    conditions +=
        (conditions.isEmpty() ? u" WHERE "_s : u" AND "_s) +
        (descending ? u"c.horoscope_date <= ?::date"_s : u"c.horoscope_date >= ?::date"_s);
    sql.values << date.toString(Qt::ISODate);
    sql.text = selectList() + conditions + orderBy(false) + u" LIMIT "_s + QString::number(limit);
    return sql;
}

HoroscopeQuery::Sql HoroscopeQuery::count() const
{
    Sql sql;
    sql.text = u"SELECT count(*) FROM horoscope_cache c"_s + where(&sql.values);
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

void HoroscopeQuery::bind(QSqlQuery& query, const Sql& sql)
{
    for (const QVariant& v : sql.values)
        query.addBindValue(v);
}

HoroscopeRow HoroscopeQuery::readRow(const QSqlQuery& q) const
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
    return r;
}
