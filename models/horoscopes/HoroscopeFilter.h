#pragma once

#include <QDate>
#include <QString>
#include <QStringList>

// What the horoscope browser shows: filters and the sort order, all applied in the database.
struct HoroscopeFilter
{
    // No index narrows a term of punctuation, and ILIKE lowers the term again for every row it
    // reads: a term this long costs a backend minutes over a large table. The command line
    // refuses a longer one, the window's search field takes no more.
    static constexpr int maxSearchLength = 200;

    enum class SortColumn { Sign, Date, Text, Length, GeneratedAt };

    QStringList signs; // empty: every sign
    QDate from;        // invalid: open
    QDate to;          // invalid: open
    QString search;    // case-insensitive substring of the text; % _ \ are literal
    bool correctedOnly = false;
    SortColumn sort = SortColumn::Date;
    Qt::SortOrder order = Qt::DescendingOrder;

    bool hasConditions() const
    {
        return !signs.isEmpty() || from.isValid() || to.isValid() || !search.isEmpty() ||
               correctedOnly;
    }
    bool operator==(const HoroscopeFilter&) const = default;
};
