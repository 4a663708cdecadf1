// ViewTrends: what a bucket covers, days without rows, keys that are not signs.
#include "ViewTrends.h"

#include "ConnectionSpec.h"
#include "DbError.h"
#include "PgQuery.h"
#include "ZodiacSign.h"

#include <QLocale>
#include <QSqlError>
#include <QVariant>
#include <algorithm>
#include <map>

using namespace Qt::Literals::StringLiterals;

QDate ViewTrends::firstDay(qsizetype i) const
{
    if (i < 0 || i >= buckets.size())
        return {};
    return std::max(buckets.at(i), from);
}

QDate ViewTrends::lastDay(qsizetype i) const
{
    const QDate end = bucketEnd(i);
    return end.isValid() ? std::min(end, to) : end;
}

int ViewTrends::dayCount(qsizetype i) const
{
    const QDate first = firstDay(i);
    return first.isValid() ? static_cast<int>(first.daysTo(lastDay(i))) + 1 : 0;
}

int ViewTrends::fullDayCount(qsizetype i) const
{
    return i >= 0 && i < buckets.size() ? static_cast<int>(buckets.at(i).daysTo(bucketEnd(i))) + 1
                                        : 0;
}

bool ViewTrends::isComplete(qsizetype i) const
{
    if (i < 0 || i >= buckets.size())
        return false;
    const QDate end = bucketEnd(i);
    return buckets.at(i) >= from && end <= to && (!today.isValid() || end < today);
}

bool ViewTrends::isAbsent(const QString& sign, qsizetype i) const
{
    return absent.value(sign).value(i, false);
}

bool ViewTrends::isSign(const QString& key)
{
    return ZodiacSign::keys().contains(key);
}

QString ViewTrends::keyName(const QString& key)
{
    return isSign(key) ? ZodiacSign::display(key) : tr("%1 (not a sign)").arg(key);
}

QColor ViewTrends::unknownKeyColor(int n)
{
    // Browns: far from every sign's colour (ZodiacSign::color) and from the marks for changed
    // texts, and unlike the grey a sign has.
    static constexpr QRgb browns[] = {0x6B3E26, 0x8C6D31, 0x5D4037};
    return QColor(browns[static_cast<std::size_t>(std::max(0, n)) % std::size(browns)]);
}

QStringList ViewTrends::unknownKeys() const
{
    QStringList keys;
    for (const QString& key : signs)
        if (!isSign(key))
            keys << key;
    return keys;
}

QString ViewTrends::dayRange(const QDate& first, const QDate& last)
{
    const QLocale locale;
    const bool years = first.year() != last.year();
    const QString format = years ? u"d MMM yyyy"_s : u"d MMM"_s;
    if (first == last)
        return locale.toString(first, format);
    if (!years && first.month() == last.month())
        return u"%1–%2"_s.arg(first.day()).arg(locale.toString(last, format));
    return u"%1 – %2"_s.arg(locale.toString(first, format), locale.toString(last, format));
}

QString ViewTrends::missingSummary(const QStringList& keys, int maxLines) const
{
    // One line per stretch, naming every sign that has it: three signs without rows on the same
    // days are one event, not three.
    std::map<std::pair<QDate, QDate>, QStringList> stretches; // signs in zodiac order
    for (const Missing& m : missing) {
        if (keys.contains(m.sign))
            stretches[{m.first, m.last}] << ZodiacSign::localizedName(m.sign);
    }
    QList<std::pair<std::pair<QDate, QDate>, QStringList>> lines(stretches.cbegin(),
                                                                 stretches.cend());
    // The longest stretches first (those mislead most), then by date.
    std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
        const qint64 lengthA = a.first.first.daysTo(a.first.second);
        const qint64 lengthB = b.first.first.daysTo(b.first.second);
        return lengthA != lengthB ? lengthA > lengthB : a.first.first < b.first.first;
    });
    QStringList text;
    for (qsizetype i = 0; i < lines.size() && i < maxLines; ++i) {
        text << tr("%1: no rows %2 while other signs have")
                    .arg(lines.at(i).second.join(u", "),
                         dayRange(lines.at(i).first.first, lines.at(i).first.second));
    }
    if (lines.size() > maxLines)
        text << tr("Stretches without rows not listed here: %1 (see the totals' tooltips)")
                    .arg(lines.size() - maxLines);
    return text.join(u'\n');
}

QString ViewTrends::missingText(const QString& sign) const
{
    // A tooltip of a few lines: sparse data can have hundreds of stretches.
    constexpr int kLines = 5;
    QStringList text;
    int more = 0;
    for (const Missing& m : missing) {
        if (m.sign != sign)
            continue;
        if (text.size() < kLines)
            text << tr("No rows %1 while other signs have: counted as 0")
                        .arg(dayRange(m.first, m.last));
        else
            ++more;
    }
    if (more > 0)
        text << tr("Other stretches without rows: %1").arg(more);
    return text.join(u'\n');
}

QString ViewTrends::unknownSummary(const QStringList& keys) const
{
    QStringList text;
    for (const QString& key : keys) {
        if (isSign(key) || !signs.contains(key))
            continue;
        text << tr("%1: not one of the 12 signs; its %2 views are drawn apart and counted in the "
                   "total")
                    .arg(key, QLocale().toString(totals.value(key)));
    }
    return text.join(u'\n');
}

void ViewTrends::findAbsent(const QMap<QString, QList<bool>>& present)
{
    // A bucket in which some sign has a row, but this key has none.
    QList<bool> anySign(buckets.size(), false);
    for (const QString& key : ZodiacSign::keys()) {
        const QList<bool> rows = present.value(key);
        for (qsizetype i = 0; i < rows.size() && i < anySign.size(); ++i)
            anySign[i] = anySign.at(i) || rows.at(i);
    }
    absent.clear();
    for (const QString& key : std::as_const(signs)) {
        const QList<bool> rows = present.value(key, QList<bool>(buckets.size(), false));
        QList<bool> gaps(buckets.size(), false);
        for (qsizetype i = 0; i < gaps.size(); ++i)
            gaps[i] = anySign.at(i) && !rows.value(i, false);
        absent.insert(key, gaps);
    }
}

void ViewTrends::findMissing()
{
    missing.clear();
    if (daily.isEmpty()) {
        // A range too long to read by day: the stretches of buckets without rows.
        for (const QString& sign : ZodiacSign::keys()) {
            const QList<bool> gaps = absent.value(sign);
            for (qsizetype i = 0; i < gaps.size(); ++i) {
                if (!gaps.at(i))
                    continue;
                qsizetype j = i;
                while (j + 1 < gaps.size() && gaps.at(j + 1))
                    ++j;
                missing.append({sign, firstDay(i), lastDay(j),
                                static_cast<int>(firstDay(i).daysTo(lastDay(j))) + 1});
                i = j;
            }
        }
        return;
    }
    const qsizetype start = dailyFrom.daysTo(from);
    const qsizetype end = dailyFrom.daysTo(to);
    QList<bool> anySign(end + 1, false);
    for (const QString& sign : ZodiacSign::keys()) {
        const QList<qint64> days = daily.value(sign);
        for (qsizetype d = start; d <= end && d < days.size(); ++d)
            anySign[d] = anySign.at(d) || days.at(d) >= 0;
    }
    for (const QString& sign : ZodiacSign::keys()) {
        const QList<qint64> days = daily.value(sign);
        Missing run{sign, {}, {}, 0};
        for (qsizetype d = start; d <= end; ++d) {
            if (!anySign.at(d))
                continue; // nobody's day: neither breaks nor extends a stretch
            if (days.value(d, -1) >= 0) {
                if (run.days > 0)
                    missing.append(run);
                run = {sign, {}, {}, 0};
                continue;
            }
            if (run.days == 0)
                run.first = dailyFrom.addDays(d);
            run.last = dailyFrom.addDays(d);
            ++run.days;
        }
        if (run.days > 0)
            missing.append(run);
    }
}

bool ViewTrends::loadDaily(QSqlDatabase& db, const ConnectionSpec& spec, ViewTrends* t,
                           DbError* error)
{
    // Every key's rows by day, for the range and as many days before it: which days lack rows,
    // and what a zoomed range compares with. A range longer than maxBuckets days is not read by
    // day (its stretches are found by bucket, and a zoom into it has no comparison).
    const qint64 days = t->from.daysTo(t->to) + 1;
    t->daily.clear();
    t->dailyFrom = t->from.addDays(-days);
    if (days > maxBuckets) {
        t->findMissing();
        return true;
    }
    PgQuery q(db);
    q.setForwardOnly(true);
    const bool prepared = q.prepare(uR"sql(
        SELECT zodiac_sign, array_agg(view_date - ?::date)::text, array_agg(view_count)::text
        FROM horoscope_views
        WHERE view_date BETWEEN ?::date AND ?::date
        GROUP BY zodiac_sign
    )sql"_s);
    const QString from = t->dailyFrom.toString(Qt::ISODate);
    for (const QVariant& v : QVariantList{from, from, t->to.toString(Qt::ISODate)})
        q.addBindValue(v);
    if (!prepared || !q.exec()) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    const qsizetype size = t->dailyFrom.daysTo(t->to) + 1;
    while (q.next()) {
        QList<qint64> values(size, -1);
        const QList<QByteArray> offsets = q.value(1).toByteArray().mid(1).chopped(1).split(',');
        const QList<QByteArray> views = q.value(2).toByteArray().mid(1).chopped(1).split(',');
        for (qsizetype i = 0; i < offsets.size() && i < views.size(); ++i) {
            const qsizetype d = offsets.at(i).toLongLong();
            if (d >= 0 && d < size)
                values[d] = views.at(i).toLongLong();
        }
        t->daily.insert(q.value(0).toString(), values);
    }
    t->findMissing();
    return true;
}

void ViewTrends::sliceExtras(ViewTrends* s, qsizetype first, qsizetype last) const
{
    for (auto it = absent.cbegin(); it != absent.cend(); ++it)
        s->absent.insert(it.key(), it.value().mid(first, last - first + 1));
    // The stretches, cut to the slice.
    s->missing.clear();
    for (const Missing& m : missing) {
        const QDate a = std::max(m.first, s->from);
        const QDate b = std::min(m.last, s->to);
        if (a > b)
            continue;
        int days = static_cast<int>(a.daysTo(b)) + 1;
        if (!daily.isEmpty()) { // only the days when other signs have rows
            days = 0;
            for (QDate d = a; d <= b; d = d.addDays(1))
                days += daily.value(m.sign).value(dailyFrom.daysTo(d), -1) < 0 ? 1 : 0;
        }
        s->missing.append({m.sign, a, b, days});
    }
    // The change of a zoomed range: against as many days just before it.
    if (daily.isEmpty())
        return;
    const qint64 length = s->from.daysTo(s->to) + 1;
    const qint64 before = dailyFrom.daysTo(s->from) - length;
    if (before < 0)
        return;
    for (const QString& key : std::as_const(signs)) {
        const QList<qint64> values = daily.value(key);
        qint64 sum = 0;
        for (qint64 d = before; d < before + length; ++d)
            sum += std::max<qint64>(0, values.value(d, -1));
        s->previous.insert(key, sum);
    }
}
