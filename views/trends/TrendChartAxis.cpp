// TrendChart: the time axis' gridlines and labels, each on a bucket's start (a day; a Monday
// for weeks; the 1st for months), so a gridline passes through its points. QDateTimeAxis can
// only divide its range evenly, which put "3 Dec" nearest the 4 Dec point and weekly labels on
// Wednesdays: its own labels stay (transparent, for the space they take) and these are drawn
// over them.
#include "TrendChart.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QFontMetricsF>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QLocale>
#include <QPen>
#include <QValueAxis>
#include <functional>

using namespace Qt::Literals::StringLiterals;

namespace {

using Rule = std::function<bool(qsizetype index, const QDate& start)>;

// From finer to coarser: which bucket starts may carry a label.
QList<Rule> rulesFor(ViewTrends::Bucket bucket)
{
    QList<Rule> rules;
    const auto months = [&](int every) {
        rules << [every](qsizetype, const QDate& d) {
            return d.day() == 1 && (d.month() - 1) % every == 0;
        };
    };
    const auto years = [&](int every) {
        rules << [every](qsizetype, const QDate& d) {
            return d.day() == 1 && d.month() == 1 && d.year() % every == 0;
        };
    };
    switch (bucket) {
    case ViewTrends::Bucket::Day:
        rules << [](qsizetype, const QDate&) { return true; };
        rules << [](qsizetype, const QDate& d) { return d.day() % 2 == 1 && d.day() < 31; };
        rules << [](qsizetype, const QDate& d) { return d.dayOfWeek() == 1; };
        rules <<
            [](qsizetype, const QDate& d) { return d.dayOfWeek() == 1 && d.weekNumber() % 2 == 1; };
        break;
    case ViewTrends::Bucket::Week:
        rules << [](qsizetype, const QDate& d) { return d.dayOfWeek() == 1; };
        rules <<
            [](qsizetype, const QDate& d) { return d.dayOfWeek() == 1 && d.weekNumber() % 2 == 1; };
        // The first Monday of a month, of every other month, of a quarter…
        for (int every : {1, 2, 3, 6, 12}) {
            rules << [every](qsizetype, const QDate& d) {
                return d.dayOfWeek() == 1 && d.day() <= 7 && (d.month() - 1) % every == 0;
            };
        }
        break;
    case ViewTrends::Bucket::Month:
        break;
    }
    if (bucket != ViewTrends::Bucket::Week) {
        for (int every : {1, 2, 3, 6})
            months(every);
        for (int every : {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000})
            years(every);
    }
    return rules;
}

} // namespace

QList<qsizetype> TrendChart::tickBuckets() const
{
    if (m_xs.isEmpty())
        return {};
    const auto [first, last] = visibleBuckets();
    const QLocale locale;
    const QFontMetricsF metrics(m_x->labelsFont());
    // Room for the widest label, and some air between two.
    const qreal label =
        metrics.horizontalAdvance(locale.toString(QDate(2026, 12, 30), m_x->format())) + 16;
    const qreal width = m_chart->plotArea().width() > 0 ? m_chart->plotArea().width() : 600;
    const qsizetype most = std::max<qsizetype>(2, static_cast<qsizetype>(width / label));
    const QList<Rule> rules = rulesFor(m_trends.bucket);
    QList<qsizetype> picked;
    for (const Rule& rule : rules) {
        picked.clear();
        for (qsizetype i = first; i <= last && picked.size() <= most; ++i)
            if (rule(i, m_trends.buckets.at(i)))
                picked << i;
        if (picked.size() <= most)
            break;
    }
    return picked;
}

void TrendChart::layoutTicks()
{
    m_ticks = m_kind == Kind::SmallMultiples ? QList<qsizetype>() : tickBuckets();
    QLineSeries* any = m_series.value(m_order.value(0));
    const QRectF plot = m_chart->plotArea();
    while (m_gridLines.size() < m_ticks.size()) {
        auto* line = new QGraphicsLineItem(m_chart);
        line->setPen(m_y->gridLinePen());
        line->setZValue(-1); // under the series, like the value axis' gridlines
        auto* text = new QGraphicsSimpleTextItem(m_chart);
        m_gridLines << line;
        m_tickLabels << text;
    }
    const QLocale locale;
    for (qsizetype k = 0; k < m_gridLines.size(); ++k) {
        QGraphicsLineItem* line = m_gridLines.at(k);
        QGraphicsSimpleTextItem* text = m_tickLabels.at(k);
        const bool shown = any && k < m_ticks.size();
        line->setVisible(shown);
        text->setVisible(shown);
        if (!shown)
            continue;
        const qsizetype i = m_ticks.at(k);
        const qreal x = m_chart->mapToPosition(QPointF(m_xs.at(i), 0), any).x();
        // A gridline through the points, and a short tick below the plot.
        line->setLine(x, plot.top(), x, plot.bottom() + 4);
        text->setFont(m_x->labelsFont());
        text->setBrush(m_y->labelsBrush());
        text->setText(locale.toString(m_trends.buckets.at(i), m_x->format()));
        const QRectF box = text->boundingRect();
        text->setPos(x - box.width() / 2, plot.bottom() + 6);
    }
}

QList<QDate> TrendChart::xTickDates() const
{
    QList<QDate> dates;
    for (qsizetype i : m_ticks)
        dates << m_trends.buckets.at(i);
    return dates;
}

QList<qreal> TrendChart::xTickPositions() const
{
    QList<qreal> xs;
    for (qsizetype k = 0; k < m_ticks.size() && k < m_gridLines.size(); ++k) {
        const QPointF inScene = m_chart->mapToScene(m_gridLines.at(k)->line().p1());
        xs << m_view->mapFromScene(inScene).x();
    }
    return xs;
}

QList<qreal> TrendChart::yTickValues() const
{
    QList<qreal> ys;
    for (int i = 0; i < m_y->tickCount(); ++i)
        ys << m_y->min() + (m_y->max() - m_y->min()) * i / std::max(1, m_y->tickCount() - 1);
    return ys;
}

void TrendChart::layoutOverlays()
{
    layoutTicks();
    layoutAnnotations();
}
