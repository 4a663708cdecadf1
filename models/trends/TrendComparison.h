#pragma once

#include <QDate>
#include <QList>
#include <QMap>
#include <QString>

// A second period to hold the trends against: the previous one, the same one a year before,
// or any offset in days (TrendCompare loads and aligns it). Its numbers are aligned bucket by
// bucket with the trends they belong to: counts[sign][i] is what bucket i's counterpart held.
struct TrendComparison
{
    enum class Mode { None, Previous, Year, Days };

    Mode mode = Mode::None;
    int offsetDays = 0; // Mode::Days: how many days before
    // How the compared period lies before the trends': months (by month, and a year by day)
    // or days; every bucket meets the bucket of the same place in the other period.
    int shiftMonths = 0;
    int shiftDays = 0;
    QDate from; // the compared range
    QDate to;
    QList<QDate> buckets; // per bucket of the trends: its counterpart's start (invalid: none)
    QMap<QString, QList<qint64>> counts; // per sign, one number per bucket of the trends
    QMap<QString, qint64> totals;        // per sign, over those buckets

    bool isOn() const { return mode != Mode::None; }
    qint64 total() const;
    // Buckets first..last (inclusive), as ViewTrends::slice cuts the trends (from and to stay
    // the whole compared range).
    TrendComparison slice(qsizetype first, qsizetype last) const;
};
