#pragma once

#include "TrendComparison.h"

#include <QColor>
#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

class QSqlDatabase;
class ConnectionSpec;
struct DbError;

// Views per sign over time from horoscope_views, aggregated in the database into buckets of a
// day, an ISO week (Monday start) or a month. A day without a row counts as 0 views: every
// bucket of the range is present for every sign (zero-filled, never interpolated); where a sign
// has no rows while others have, `missing` and `absent` say so.
class ViewTrends final
{
    Q_DECLARE_TR_FUNCTIONS(ViewTrends)
public:
    enum class Bucket { Day, Week, Month };

    struct Range
    {
        QDate from; // invalid with to: all time (the first to the last day with a row)
        QDate to;
        Bucket bucket = Bucket::Day;
    };

    QDate from; // the range actually used (all time resolved)
    QDate to;
    Bucket bucket = Bucket::Day;
    QList<QDate> buckets; // bucket starts, ascending, contiguous; a week or month bucket at an
                          // edge counts only the days inside the range
    QStringList signs;    // the 12 signs in zodiac order, then any other value found
    QMap<QString, QList<qint64>> counts; // per sign, one number per bucket
    QMap<QString, qint64> totals;        // per sign over the range
    QMap<QString, qint64> previous;      // per sign over the same length just before
                                         // (empty after slice(): no comparison then)
    QDate firstRecorded; // the first day with any row in horoscope_views; invalid: none/unknown
    QDate today;         // the day the numbers were read (a bucket reaching it is unfinished)
    // Horoscopes whose texts changed (horoscope_cache_revisions, when it exists and may be
    // read), for marks on the time axis: did a change in views follow a change in content?
    // Dated by the horoscope's own date, the day its views happen, not the day of the change.
    struct Annotation
    {
        QDate day;           // horoscope_date
        QString sign;        // zodiac_sign
        QString kind;        // regenerated, edited, restored, invalidated or generated
        QString person;      // changed_by_person; empty when not known (the bot, psql)
        int count = 0;       // changes of that horoscope of that kind by that person
        int regenerated = 0; // of count: replaced by a new generation
        int corrected = 0;   // edited or restored by hand
        int invalidated = 0; // deleted
    };
    QList<Annotation> annotations; // ascending by day, then sign, within from..to
    TrendComparison compared;      // a second period, when asked for (TrendCompare::load)

    // Days a sign (one of the 12) has no row while another sign has one: the bot writes a row
    // only when a sign is viewed, so 0 may be true, or rows may be missing. Maximal stretches of
    // such days (days when no sign has a row neither break nor extend one), per sign.
    struct Missing
    {
        QString sign;
        QDate first;
        QDate last;
        int days = 0; // days in first..last when other signs have rows
    };
    QList<Missing> missing;            // by sign (zodiac order), then by first day
    QMap<QString, QList<bool>> absent; // per key and bucket: no row in it while a sign has one

    qint64 total() const;
    // The days of bucket i inside the range: a week or a month cut by the range's first or last
    // day holds fewer days than its label says.
    QDate firstDay(qsizetype i) const;
    QDate lastDay(qsizetype i) const;
    int dayCount(qsizetype i) const;     // firstDay..lastDay
    int fullDayCount(qsizetype i) const; // the whole week or month
    // All the bucket's days are in the range and over (none is today or later).
    bool isComplete(qsizetype i) const;
    bool isAbsent(const QString& sign, qsizetype i) const;
    static bool isSign(const QString& key); // one of the 12 (anything else the bot stored is not)
    static QString keyName(const QString& key); // "♈ Aries", or "ophiuchus (not a sign)"
    static QColor unknownKeyColor(int n);       // the n-th key that is not a sign: no sign's
    QStringList unknownKeys() const;            // the keys that are not signs, in signs' order
    // "Taurus, Gemini, Leo: no rows 12–21 Nov while other signs have", one line per stretch
    // shared by the same signs (of those given), at most maxLines and a line saying how many
    // more.
    QString missingSummary(const QStringList& keys, int maxLines = 3) const;
    QString missingText(const QString& sign) const; // the sign's own stretches, one a line
    // "ophiuchus: not one of the 12 signs, 7 views", one line per such key (of those given).
    QString unknownSummary(const QStringList& keys) const;
    static QString dayRange(const QDate& first, const QDate& last); // "7–9 Nov", "30 Oct – 2 Nov"
    QDate bucketEnd(qsizetype i) const; // the last day of bucket i (not clipped to the range)
    // The bucket is not complete: it ends after the range or reaches today.
    bool isPartial(qsizetype i) const;
    // The bucket ends before the first recorded view: "no data yet", not zero.
    bool isBeforeData(qsizetype i) const;
    // Buckets first..last (inclusive) with their totals; previous stays empty.
    ViewTrends slice(qsizetype first, qsizetype last) const;
    double share(const QString& sign) const;  // 0..1 of the range's total
    double change(const QString& sign) const; // vs the previous period; NaN when it had none

    static bool load(QSqlDatabase& db, const ConnectionSpec& spec, const Range& range,
                     ViewTrends* out, DbError* error);

    static bool loadAnnotations(QSqlDatabase& db, const ConnectionSpec& spec, ViewTrends* out,
                                DbError* error);
    qsizetype bucketOf(const QDate& day) const; // -1 when outside

    // The most buckets a range may have per sign, for views export and views chart alike: the
    // whole calendar by day is 3.65 million of them (a chart of it took 29 s and 1.17 GB).
    static constexpr qint64 maxBuckets = 10'000;
    // How many buckets from..to has, without listing them (from <= to).
    static qint64 bucketCount(const QDate& from, const QDate& to, Bucket bucket);

    static QString bucketKey(Bucket bucket); // "day", "week", "month"
    static QList<QDate> bucketStarts(const QDate& from, const QDate& to, Bucket bucket);
    static bool parseBucket(const QString& key, Bucket* out);

    // The aggregated numbers, one row per bucket and sign, as the command line prints them: the
    // bucket's start, the sign, its views, then the bucket's days in the range and whether it
    // is complete. gaps: a bucket where the key has no row while a sign has one has no number
    // (an empty field, null), as the chart draws it with MissingDays::Gap.
    // With a comparison (compared), each row also has compared_bucket and compared_views, and
    // the JSON the compared range and totals.
    QByteArray toCsv(bool gaps = false) const; // RFC 4180
    QByteArray toJson(bool gaps = false) const;

    // Per key, one number per day from dailyFrom to the range's last day (-1: no row), for the
    // range and as many days before it; empty when the range is longer than maxBuckets days.
    QMap<QString, QList<qint64>> daily;
    QDate dailyFrom;

    static QByteArray csvField(const QString& text);

private:
    // TrendGaps.cpp
    void findAbsent(const QMap<QString, QList<bool>>& present); // present: per key and bucket
    void findMissing();
    static bool loadDaily(QSqlDatabase& db, const ConnectionSpec& spec, ViewTrends* t,
                          DbError* error);
    void sliceExtras(ViewTrends* s, qsizetype first, qsizetype last) const;
};
