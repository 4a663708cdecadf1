#pragma once

#include <QDate>
#include <QString>
#include <QStringList>

// What the horoscope browser shows: filters and the sort order, all applied in the database.
struct HoroscopeFilter
{
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
