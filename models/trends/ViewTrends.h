#pragma once

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
// bucket of the range is present for every sign (zero-filled, never interpolated).
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

    qint64 total() const;
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

    // The aggregated numbers, one row per bucket and sign, as the command line prints them.
    QByteArray toCsv() const; // RFC 4180
    QByteArray toJson() const;
    static QByteArray csvField(const QString& text);
};
