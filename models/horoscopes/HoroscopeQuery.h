#pragma once

#include "HoroscopeFilter.h"
#include "HoroscopeRow.h"

#include <QString>
#include <QVariantList>

class QSqlQuery;

// Builds the SQL behind the browser: keyset pages in either direction on an ordering that ends
// in the primary key (so it is unique), a jump to a date, counts and exports. Every user value
// is bound, never spliced into the text.
class HoroscopeQuery final
{
public:
    struct Sql
    {
        QString text;
        QVariantList values;
    };

    HoroscopeQuery(HoroscopeFilter filter, bool revisionsAvailable);

    const HoroscopeFilter& filter() const { return m_filter; }

    // Rows after `after` in display order (from the top when null), or before it when
    // `backward` (then returned nearest-first: reverse them for display).
    Sql page(const HoroscopeRow* after, bool backward, int limit) const;
    // The first rows at or after `date` in display order (date sort only).
    Sql fromDate(const QDate& date, int limit) const;
    Sql count() const;
    Sql exportRows() const; // full text and generated_at as ISO 8601 text, in display order

    static void bind(QSqlQuery& query, const Sql& sql);
    HoroscopeRow readRow(const QSqlQuery& query) const; // from page() and fromDate() results
    // `%`, `_` and `\` match themselves in ILIKE.
    static QString likePattern(const QString& text);
    static QString arrayLiteral(const QStringList& values);
    // SQL for "changed by hand since generated" of the row aliased c (false without revisions).
    static QString correctedExpression(bool revisionsAvailable);

private:
    struct Key
    {
        QString expression;
        QString type;
    };
    QList<Key> keys() const;
    QString where(QVariantList* values) const;
    QString orderBy(bool reversed) const;
    QString selectList() const;

    HoroscopeFilter m_filter;
    bool m_revisions;
};
