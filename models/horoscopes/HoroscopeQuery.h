#pragma once

#include "HoroscopeFilter.h"
#include "HoroscopeRow.h"

#include <QString>
#include <QVariantList>

class QSqlDatabase;
class PgQuery;

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

    // A place in display order: a row's sort key and id, or a bound between rows.
    struct Position
    {
        QStringList sortKey;
        qint64 id = 0;
    };

    HoroscopeQuery(HoroscopeFilter filter, bool revisionsAvailable);

    const HoroscopeFilter& filter() const { return m_filter; }
    // Rows carry the whole text in `preview` and generated_at as the server's ISO 8601 text
    // in `generatedText` (microseconds and offset kept), for horoscopes list.
    void setFullText(bool full) { m_fullText = full; }
    // The search as LIKE (exact case) instead of ILIKE, for find and replace; the trigram
    // index serves both.
    void setCaseSensitiveSearch(bool exact) { m_caseSensitive = exact; }

    // Rows after `after` in display order (from the top when null), or before it when
    // `backward` (then returned nearest-first: reverse them for display).
    Sql page(const Position* after, bool backward, int limit) const;
    // The matches of the search among the next `window` rows that pass the other filters,
    // walking the sort order's index: bounded work whatever the search term.
    Sql window(const Position* after, bool backward, int window, int limit) const;
    // The position of the last row of that window (no row: the window reached the end).
    Sql windowEnd(const Position* after, bool backward, int window) const;
    // All matches after `after`, found with the planner's own plan (for a search, the trigram
    // index), then sorted: fast when the matches are few, whatever the order.
    Sql matches(const Position* after, bool backward, int limit) const;
    // The same for a planner left only bitmap scans (HoroscopePager), so that it can AND the
    // trigram index with the sign and date indexes: at most `cap` + 1 matches of the filters are
    // read (whatever `after`), sorted, and the rows after `after` returned; the last column says
    // how many were read (readMatchCount): more than `cap`, and the rows are not all there.
    Sql cappedMatches(const Position* after, bool backward, int limit, int cap) const;
    int readMatchCount(const PgQuery& query) const;
    // The ids of the rows after `after` that pass the filters, in order: the statement for a
    // parallel scan of the whole table (no index helps a term without trigrams; HoroscopePager
    // leaves the planner no index). rowsWithIds() reads those rows then, with the indexes.
    Sql fullScan(const Position* after, bool backward, int limit) const;
    Sql rowsWithIds(const QStringList& ids, bool backward) const;
    // How many of a sample of about `percent` % of the table's pages hold the search term, and
    // how many rows the sample had.
    Sql termSample(double percent) const;
    // A filter besides the search that an index serves (signs, dates).
    bool hasIndexedFilter() const
    {
        return !m_filter.signs.isEmpty() || m_filter.from.isValid() || m_filter.to.isValid();
    }
    // Just before the first row of `date` in display order (date sort only).
    static Position dateBound(const QDate& date, Qt::SortOrder order);
    static Position positionOf(const HoroscopeRow& row) { return {row.sortKey, row.id}; }
    // Whether the trigram index can narrow the search: a run of three letters or digits.
    bool searchUsesTrigrams() const;
    Sql count() const;
    // count(*) of at most `cap` + 1 rows: stops early when there are more.
    Sql cappedCount(int cap) const;
    Position readPosition(const PgQuery& query) const; // from windowEnd() results
    Sql exportRows() const; // full text and generated_at as ISO 8601 text, in display order

    static void bind(PgQuery& query, const Sql& sql);
    HoroscopeRow readRow(const PgQuery& query) const; // from page() and fromDate() results
    // `%`, `_` and `\` match themselves in ILIKE.
    static QString likePattern(const QString& text);
    static QString arrayLiteral(const QStringList& values);
    // SQL for "changed by hand since generated" of the row aliased c (false without revisions).
    static QString correctedExpression(bool revisionsAvailable);
    // Whether migration 0002's revisions table is there (the "corrected" marks need it).
    static bool hasRevisionsTable(QSqlDatabase& db);

private:
    struct Key
    {
        QString expression;
        QString type;
    };
    QList<Key> keys() const;
    QString where(QVariantList* values, bool withSearch = true) const;
    QString keyset(const Position& after, bool backward, QVariantList* values) const;
    QString orderBy(bool reversed) const;
    QString selectList(QVariantList* values) const;

    HoroscopeFilter m_filter;
    bool m_revisions;
    bool m_fullText = false;
    bool m_caseSensitive = false;
};
