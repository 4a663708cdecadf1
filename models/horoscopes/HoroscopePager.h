#pragma once

#include "HoroscopeQuery.h"
#include "HoroscopeRow.h"

#include <QList>
#include <QSqlError>
#include <functional>

class QSqlDatabase;

// One page of the browser, fetched on the calling (worker) thread in bounded time whatever the
// table's size and the search's frequency. Without a search the order's index answers directly.
// With one, it walks the order's index a window of rows at a time and filters them (fast for a
// frequent term); when the first window shows the term is rare and the trigram index can help,
// the rest comes from the trigram index, under a statement timeout (the cheaper of two plans). A
// term with no trigrams (one or two letters), or a term rare here and common further on, stops when
// the time budget is spent: the answer is then partial and says where to go on. Rows are always
// those a plain ORDER BY ... LIMIT would return, in that order.
//
// With a sign or date filter as well, a term that a sample shows to be in few rows is looked up
// first in the trigram index ANDed with the filter's indexes: the walk would read every row of
// the other signs, and the trigram index alone every row of the term (issue 22: a sign with a
// term common elsewhere and absent for it took 1.4 s). A caller that waits for the whole answer
// anyway (horoscopes list) may let the rest come from one statement the server runs as a
// parallel scan of the table (fullScanBeyondMs), instead of many bounded steps.
class HoroscopePager final
{
public:
    struct Options
    {
        int window = 500;   // the first window (10 to 20 µs a row for a search); later ones grow
        int budgetMs = 150; // then a partial answer
        bool tryIndexPlan = true;         // false: an earlier trigram attempt ran out of time
        std::function<bool()> superseded; // the answer is no longer wanted: stop
        // Once the walk's estimate for the rest of the page is longer than this, one statement
        // reads the rest (the server's fastest full scan) and the answer is never partial.
        // Negative: never (the window, which shows what each bounded step found).
        int fullScanBeyondMs = -1;
        // The most matches of the trigram and filter indexes sorted in memory; past it, the walk.
        int bitmapCap = 2'000;
    };
    struct Answer
    {
        bool ok = false;
        QSqlError error;
        QList<HoroscopeRow> rows; // in walk order (backward: nearest first)
        bool more = false;        // there are (or may be) rows beyond these
        // Stopped by the budget with fewer than a page: every row up to `scanned` was looked at.
        bool partial = false;
        HoroscopeQuery::Position scanned;
        bool indexPlanTimedOut = false; // or found too many rows: the next page need not try it
    };

    static Answer fetch(QSqlDatabase& db, const HoroscopeQuery& query,
                        const HoroscopeQuery::Position* after, bool backward, int pageSize,
                        const Options& options);
};
