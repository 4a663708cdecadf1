#pragma once

#include "TrendComparison.h"
#include "ViewTrends.h"

#include <QCoreApplication>

// Comparing periods on the trends page, in views export, chart and report. The compared period
// is read by the same aggregation (ViewTrends::load) over a range moved back by whole buckets
// (by week: whole weeks, so each partial week meets the same weekdays; by month: whole months),
// then aligned with the trends' buckets.
class TrendCompare final
{
    Q_DECLARE_TR_FUNCTIONS(TrendCompare)
public:
    // "previous", "year" or "<N>d" (N from 1 to maxOffsetDays). Returns the one-line reason
    // when the text, or its combination with the bucket, is refused; empty when accepted.
    static QString parse(const QString& text, ViewTrends::Bucket bucket, TrendComparison* out);
    static constexpr int maxOffsetDays = 36'600;
    static QString key(const TrendComparison& c); // "previous", "year", "7d"
    // The shift for a range (from <= to), filled into c: where its compared period lies.
    static void place(const QDate& from, const QDate& to, ViewTrends::Bucket bucket,
                      TrendComparison* c);
    // Loads the trends and, when request is on, the compared period into out->compared.
    static bool load(QSqlDatabase& db, const ConnectionSpec& spec, const ViewTrends::Range& range,
                     const TrendComparison& request, ViewTrends* out, DbError* error);
    // The compared trends' numbers onto the trends' buckets (c's shift already placed).
    static void align(const ViewTrends& trends, const ViewTrends& compared, TrendComparison* c);
    // For people: "1 Jan – 31 Jan 2024, the previous period".
    static QString describe(const TrendComparison& c);
    // Only the dates, short: "1 Jan – 31 Jan 2024" (the year once when it is the same).
    static QString rangeText(const TrendComparison& c);
    // The change of a sign against the comparison; NaN when it had no views.
    static double change(const ViewTrends& trends, const QString& sign);
};
