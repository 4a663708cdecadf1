#include "TrendCompare.h"

#include "DbError.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <cmath>
#include <limits>

using namespace Qt::Literals::StringLiterals;

namespace {

// A day of the compared period moved forward onto the trends' calendar.
QDate forward(const QDate& day, const TrendComparison& c)
{
    return c.shiftMonths != 0 ? day.addMonths(c.shiftMonths) : day.addDays(c.shiftDays);
}

QDate back(const QDate& day, const TrendComparison& c, bool lastDay)
{
    if (c.shiftMonths == 0)
        return day.addDays(-c.shiftDays);
    // The last day of a month stays the last day of its month (31 Mar a month back: 29 Feb).
    const QDate moved = day.addMonths(-c.shiftMonths);
    if (lastDay && day.day() == day.daysInMonth())
        return QDate(moved.year(), moved.month(), moved.daysInMonth());
    return moved;
}

} // namespace

qint64 TrendComparison::total() const
{
    qint64 sum = 0;
    for (qint64 v : totals)
        sum += v;
    return sum;
}

TrendComparison TrendComparison::slice(qsizetype first, qsizetype last) const
{
    TrendComparison s = *this;
    if (!isOn() || buckets.isEmpty())
        return s;
    first = std::clamp<qsizetype>(first, 0, buckets.size() - 1);
    last = std::clamp<qsizetype>(last, first, buckets.size() - 1);
    s.buckets = buckets.mid(first, last - first + 1);
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const QList<qint64> part = it.value().mid(first, last - first + 1);
        qint64 sum = 0;
        for (qint64 v : part)
            sum += v;
        s.counts.insert(it.key(), part);
        s.totals.insert(it.key(), sum);
    }
    return s;
}

QString TrendCompare::parse(const QString& text, ViewTrends::Bucket bucket, TrendComparison* out)
{
    *out = {};
    if (text == u"previous") {
        out->mode = TrendComparison::Mode::Previous;
        return {};
    }
    if (text == u"year") {
        out->mode = TrendComparison::Mode::Year;
        return {};
    }
    static const QRegularExpression shape(u"^(\\d{1,6})d$"_s);
    const QRegularExpressionMatch m = shape.match(text);
    const int days = m.hasMatch() ? m.captured(1).toInt() : 0;
    if (days < 1 || days > maxOffsetDays)
        return tr("--compare must be previous, year or a number of days such as 7d (1d to "
                  "%1d); \"%2\" is none of them.")
            .arg(maxOffsetDays)
            .arg(text);
    if (bucket == ViewTrends::Bucket::Week && days % 7 != 0)
        return tr("By week, --compare %1 would split weeks: use a multiple of 7 days such as "
                  "%2d, or previous or year.")
            .arg(text)
            .arg(std::max(7, days / 7 * 7));
    if (bucket == ViewTrends::Bucket::Month)
        return tr("By month, --compare takes previous or year, not a number of days (\"%1\").")
            .arg(text);
    out->mode = TrendComparison::Mode::Days;
    out->offsetDays = days;
    return {};
}

QString TrendCompare::key(const TrendComparison& c)
{
    switch (c.mode) {
    case TrendComparison::Mode::None:
        return {};
    case TrendComparison::Mode::Previous:
        return u"previous"_s;
    case TrendComparison::Mode::Year:
        return u"year"_s;
    case TrendComparison::Mode::Days:
        return QString::number(c.offsetDays) + u'd';
    }
    return {};
}

void TrendCompare::place(const QDate& from, const QDate& to, ViewTrends::Bucket bucket,
                         TrendComparison* c)
{
    c->shiftDays = 0;
    c->shiftMonths = 0;
    const qint64 length = from.daysTo(to) + 1;
    switch (c->mode) {
    case TrendComparison::Mode::None:
        return;
    case TrendComparison::Mode::Previous:
        if (bucket == ViewTrends::Bucket::Month)
            c->shiftMonths = static_cast<int>(ViewTrends::bucketCount(from, to, bucket));
        else if (bucket == ViewTrends::Bucket::Week) // whole weeks: the same weekdays
            c->shiftDays = static_cast<int>((length + 6) / 7 * 7);
        else
            c->shiftDays = static_cast<int>(length);
        break;
    case TrendComparison::Mode::Year:
        if (bucket == ViewTrends::Bucket::Week)
            c->shiftDays = 364; // 52 weeks: the same weekdays a year before
        else
            c->shiftMonths = 12;
        break;
    case TrendComparison::Mode::Days:
        c->shiftDays = c->offsetDays;
        break;
    }
    c->from = back(from, *c, false);
    c->to = back(to, *c, true);
}

bool TrendCompare::load(QSqlDatabase& db, const ConnectionSpec& spec,
                        const ViewTrends::Range& range, const TrendComparison& request,
                        ViewTrends* out, DbError* error)
{
    ViewTrends trends;
    if (!ViewTrends::load(db, spec, range, &trends, error))
        return false;
    if (request.isOn()) {
        TrendComparison c = request;
        place(trends.from, trends.to, trends.bucket, &c);
        ViewTrends compared;
        if (!ViewTrends::load(db, spec, {c.from, c.to, trends.bucket}, &compared, error))
            return false;
        align(trends, compared, &c);
        trends.compared = c;
    }
    *out = trends;
    return true;
}

void TrendCompare::align(const ViewTrends& trends, const ViewTrends& compared, TrendComparison* c)
{
    const qsizetype size = trends.buckets.size();
    QHash<QDate, qsizetype> at;
    for (qsizetype i = 0; i < size; ++i)
        at.insert(trends.buckets.at(i), i);
    c->buckets = QList<QDate>(size);
    c->counts.clear();
    c->totals.clear();
    for (const QString& sign : trends.signs)
        c->counts.insert(sign, QList<qint64>(size, 0));
    for (qsizetype j = 0; j < compared.buckets.size(); ++j) {
        // Before the first recorded view there is no data to compare with, not zero views.
        if (compared.isBeforeData(j))
            continue;
        const qsizetype i = at.value(forward(compared.buckets.at(j), *c), -1);
        if (i < 0)
            continue; // 29 Feb of a leap year by day has no day a year later: it is left out
        if (!c->buckets.at(i).isValid())
            c->buckets[i] = compared.buckets.at(j);
        else
            continue;
        for (const QString& sign : trends.signs)
            c->counts[sign][i] += compared.counts.value(sign).value(j);
    }
    for (auto it = c->counts.cbegin(); it != c->counts.cend(); ++it) {
        qint64 sum = 0;
        for (qint64 v : it.value())
            sum += v;
        c->totals.insert(it.key(), sum);
    }
}

QString TrendCompare::describe(const TrendComparison& c)
{
    const QLocale locale;
    const QString range = tr("%1 – %2").arg(locale.toString(c.from, u"d MMM yyyy"_s),
                                            locale.toString(c.to, u"d MMM yyyy"_s));
    switch (c.mode) {
    case TrendComparison::Mode::None:
        return {};
    case TrendComparison::Mode::Previous:
        return tr("%1, the previous period").arg(range);
    case TrendComparison::Mode::Year:
        return tr("%1, a year before").arg(range);
    case TrendComparison::Mode::Days:
        return tr("%1, %2 days before").arg(range).arg(c.offsetDays);
    }
    return {};
}

QString TrendCompare::rangeText(const TrendComparison& c)
{
    const QLocale locale;
    const bool oneYear = c.from.year() == c.to.year();
    return tr("%1 – %2").arg(locale.toString(c.from, oneYear ? u"d MMM"_s : u"d MMM yyyy"_s),
                             locale.toString(c.to, u"d MMM yyyy"_s));
}

double TrendCompare::change(const ViewTrends& trends, const QString& sign)
{
    const qint64 before = trends.compared.totals.value(sign);
    if (before == 0)
        return std::numeric_limits<double>::quiet_NaN();
    return static_cast<double>(trends.totals.value(sign) - before) / static_cast<double>(before);
}
