#include "TrendChart.h"

#include "Downsample.h"
#include "ZodiacSign.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPainter>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace {

qreal xOf(const QDate& day)
{
    return static_cast<qreal>(day.startOfDay().toMSecsSinceEpoch());
}

} // namespace

TrendChart::TrendChart(QWidget* parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart, this))
    , m_x(new QDateTimeAxis(m_chart))
    , m_y(new QValueAxis(m_chart))
{
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_x->setTickCount(6);
    m_y->setLabelFormat(u"%.0f"_s);
    m_y->setTitleText(tr("Views"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setRubberBand(QChartView::HorizontalRubberBand);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    // Zooming in brings back the detail that thinning left out.
    connect(m_x, &QDateTimeAxis::rangeChanged, this, [this] {
        if (!m_redrawing)
            redraw();
    });
}

void TrendChart::redraw()
{
    m_redrawing = true;
    const qreal lo = static_cast<qreal>(m_x->min().toMSecsSinceEpoch());
    const qreal hi = static_cast<qreal>(m_x->max().toMSecsSinceEpoch());
    // About one point per pixel: Qt Charts' cost grows with the points, the picture does not.
    const int pixels = static_cast<int>(m_chart->plotArea().width());
    const int threshold = std::max(300, pixels > 0 ? pixels : m_view->width());
    bool dense = false;
    for (auto it = m_series.cbegin(); it != m_series.cend(); ++it) {
        const QList<QPointF>& all = m_data.value(it.key());
        auto first = std::lower_bound(all.cbegin(), all.cend(), lo,
                                      [](const QPointF& p, qreal x) { return p.x() < x; });
        auto last = std::upper_bound(all.cbegin(), all.cend(), hi,
                                     [](qreal x, const QPointF& p) { return x < p.x(); });
        if (first != all.cbegin())
            --first; // one point beyond each edge, so the line reaches the border
        if (last != all.cend())
            ++last;
        const QList<QPointF> visible(first, last);
        it.value()->replace(Downsample::lttb(visible, threshold)); // one re-layout per series
        dense = dense || visible.size() > threshold / 2;
    }
    // At about a point per pixel, smoothing the edges costs more than it shows.
    m_view->setRenderHint(QPainter::Antialiasing, !dense);
    m_redrawing = false;
}

void TrendChart::setTrends(const ViewTrends& trends)
{
    const bool zoomed = m_chart->isZoomed() && m_trends.bucket == trends.bucket;
    const qreal xMin = m_x->min().toMSecsSinceEpoch();
    const qreal xMax = m_x->max().toMSecsSinceEpoch();
    m_trends = trends;

    // Series that are gone; new ones are created below in legend order.
    for (auto it = m_series.begin(); it != m_series.end();) {
        if (!trends.signs.contains(it.key())) {
            m_chart->removeSeries(it.value());
            delete it.value();
            it = m_series.erase(it);
        } else {
            ++it;
        }
    }
    m_order = trends.signs;
    // Every axis change re-lays out every series: empty them first, fill them once at the end.
    m_redrawing = true;
    for (QLineSeries* series : std::as_const(m_series))
        series->clear();
    qint64 maxCount = 0;
    // Local midnight of each bucket, once: converting a date to local time is not cheap.
    QList<qreal> xs;
    xs.reserve(trends.buckets.size());
    for (const QDate& day : trends.buckets)
        xs.append(xOf(day));
    for (const QString& sign : std::as_const(m_order)) {
        QLineSeries* series = m_series.value(sign);
        if (!series) {
            series = new QLineSeries;
            series->setName(ZodiacSign::display(sign));
            QPen pen(ZodiacSign::color(sign));
            pen.setWidthF(1.6);
            series->setPen(pen);
            m_chart->addSeries(series);
            series->attachAxis(m_x);
            series->attachAxis(m_y);
            m_series.insert(sign, series);
            connect(series, &QLineSeries::hovered, this,
                    [this, sign](const QPointF& p, bool state) { onHovered(sign, p, state); });
            const auto markers = m_chart->legend()->markers(series);
            for (QLegendMarker* marker : markers) {
                connect(marker, &QLegendMarker::clicked, this,
                        [this, sign] { setSignVisible(sign, !isSignVisible(sign)); });
            }
        }
        const QList<qint64>& counts = trends.counts.value(sign);
        QList<QPointF> points;
        points.reserve(trends.buckets.size());
        for (qsizetype i = 0; i < trends.buckets.size(); ++i) {
            points.append(QPointF(xs.at(i), static_cast<qreal>(counts.value(i))));
            maxCount = std::max(maxCount, counts.value(i));
        }
        m_data.insert(sign, points);
    }
    for (auto it = m_data.begin(); it != m_data.end();)
        it = m_series.contains(it.key()) ? std::next(it) : m_data.erase(it);

    // Short labels that fit; the year only where the range spans more than one.
    const bool years = trends.from.year() != trends.to.year();
    switch (trends.bucket) {
    case ViewTrends::Bucket::Day:
    case ViewTrends::Bucket::Week:
        m_x->setFormat(years ? u"d MMM yy"_s : u"d MMM"_s);
        break;
    case ViewTrends::Bucket::Month:
        m_x->setFormat(u"MMM yy"_s);
        break;
    }
    if (zoomed) {
        m_x->setRange(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(xMin)),
                      QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(xMax)));
    } else if (!trends.buckets.isEmpty()) {
        m_x->setRange(trends.buckets.first().startOfDay(), trends.buckets.last().startOfDay());
    }
    m_y->setRange(0, std::max<qint64>(10, maxCount) * 1.05);
    m_y->applyNiceNumbers();
    m_redrawing = false;
    redraw();
}

void TrendChart::resetZoom()
{
    m_chart->zoomReset();
    if (!m_trends.buckets.isEmpty())
        m_x->setRange(m_trends.buckets.first().startOfDay(), m_trends.buckets.last().startOfDay());
}

void TrendChart::zoomTo(const QDate& from, const QDate& to)
{
    if (m_series.isEmpty())
        return;
    QLineSeries* any = m_series.value(m_order.value(0));
    const QPointF left = m_chart->mapToPosition(QPointF(xOf(from), 0), any);
    const QPointF right = m_chart->mapToPosition(QPointF(xOf(to), 0), any);
    QRectF area = m_chart->plotArea();
    area.setLeft(left.x());
    area.setRight(right.x());
    m_chart->zoomIn(area);
}

std::pair<QDate, QDate> TrendChart::visibleRange() const
{
    return {m_x->min().date(), m_x->max().date()};
}

void TrendChart::styleMarker(const QString& sign)
{
    QLineSeries* series = m_series.value(sign);
    if (!series)
        return;
    // A hidden sign stays in the legend, faded, so it can be clicked back.
    const auto markers = m_chart->legend()->markers(series);
    for (QLegendMarker* marker : markers) {
        marker->setVisible(true);
        QColor label = marker->labelBrush().color();
        label.setAlphaF(series->isVisible() ? 1.0 : 0.4);
        marker->setLabelBrush(label);
        QColor box = ZodiacSign::color(sign);
        box.setAlphaF(series->isVisible() ? 1.0 : 0.25);
        marker->setBrush(box);
    }
}

void TrendChart::setSignVisible(const QString& sign, bool visible)
{
    if (QLineSeries* series = m_series.value(sign)) {
        series->setVisible(visible);
        styleMarker(sign);
    }
}

void TrendChart::showOnly(const QString& sign)
{
    for (const QString& s : std::as_const(m_order))
        setSignVisible(s, s == sign);
}

void TrendChart::showAll()
{
    for (const QString& s : std::as_const(m_order))
        setSignVisible(s, true);
}

bool TrendChart::isSignVisible(const QString& sign) const
{
    const QLineSeries* series = m_series.value(sign);
    return series && series->isVisible();
}

QStringList TrendChart::seriesNames() const
{
    return m_order;
}

QList<QPointF> TrendChart::points(const QString& sign) const
{
    return m_data.value(sign);
}

QList<QPointF> TrendChart::drawnPoints(const QString& sign) const
{
    const QLineSeries* series = m_series.value(sign);
    return series ? series->points() : QList<QPointF>();
}

QString TrendChart::describePoint(const QString& sign, int i) const
{
    if (i < 0 || i >= m_trends.buckets.size())
        return {};
    const QLocale locale;
    const QDate start = m_trends.buckets.at(i);
    QString when;
    switch (m_trends.bucket) {
    case ViewTrends::Bucket::Day:
        when = locale.toString(start, QLocale::ShortFormat);
        break;
    case ViewTrends::Bucket::Week:
        when = tr("week of %1").arg(locale.toString(start, QLocale::ShortFormat));
        break;
    case ViewTrends::Bucket::Month:
        when = locale.toString(start, u"LLLL yyyy"_s);
        break;
    }
    return tr("%1 — %2: %3 views")
        .arg(when, ZodiacSign::display(sign),
             locale.toString(m_trends.counts.value(sign).value(i)));
}

void TrendChart::onHovered(const QString& sign, const QPointF& point, bool state)
{
    if (!state) {
        QToolTip::hideText();
        return;
    }
    // The nearest bucket to the pointer, not a point in between.
    const auto it = std::lower_bound(m_trends.buckets.cbegin(), m_trends.buckets.cend(), point.x(),
                                     [](const QDate& d, qreal x) { return xOf(d) < x; });
    int i = static_cast<int>(it - m_trends.buckets.cbegin());
    if (i > 0 && (i == m_trends.buckets.size() || point.x() - xOf(m_trends.buckets.at(i - 1)) <
                                                      xOf(m_trends.buckets.at(i)) - point.x()))
        --i;
    m_hoverText = describePoint(sign, i);
    QToolTip::showText(QCursor::pos(), m_hoverText, m_view);
    emit hovered(m_hoverText);
}

QImage TrendChart::toImage() const
{
    const QSize size = m_view->size() * 2;
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    m_view->render(&painter, QRectF(QPointF(0, 0), size), m_view->rect());
    return image;
}
