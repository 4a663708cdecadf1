#include "TrendChart.h"

#include "Downsample.h"
#include "TrendChartMultiples.h"
#include "ZodiacSign.h"

#include <QAction>
#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QGraphicsLineItem>
#include <QKeyEvent>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QScatterSeries>
#include <QStackedLayout>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

qreal xOf(const QDate& day)
{
    return static_cast<qreal>(day.startOfDay().toMSecsSinceEpoch());
}

QDateTime timeOf(qreal x)
{
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(x));
}

} // namespace

QColor TrendChart::paletteColor(int index)
{
    // The sign's colour everywhere in the app; a key the bot stored that is none of the twelve
    // is brown (no sign's colour).
    const QString key = ZodiacSign::keys().value(index);
    return key.isEmpty() ? unknownColor(index - 12) : ZodiacSign::color(key);
}

Qt::PenStyle TrendChart::paletteStyle(int index)
{
    if (index >= 12)
        return Qt::DashDotLine; // a key that is no sign: no sign's style, not the dotted tail
    return index < 6 ? Qt::SolidLine : Qt::DashLine;
}

TrendChart::TrendChart(QWidget* parent)
    : QWidget(parent)
    , m_chart(new QChart)
    , m_view(new QChartView(m_chart, this))
    , m_stack(new QStackedLayout)
    , m_multiples(new TrendChartMultiples(this))
    , m_x(new QDateTimeAxis(m_chart))
    , m_y(new QValueAxis(m_chart))
    , m_crosshair(new QGraphicsLineItem(m_chart))
    , m_signsMenu(new QMenu(tr("Signs"), this))
    , m_marks(new QScatterSeries)
{
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    QFont titleFont = m_chart->titleFont();
    titleFont.setBold(true);
    m_chart->setTitleFont(titleFont);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_x->setTickCount(6);
    // The time axis' ticks are TrendChartAxis.cpp's, on bucket starts: Qt's own labels keep
    // their room, unseen.
    m_x->setGridLineVisible(false);
    m_x->setLineVisible(false);
    m_x->setLabelsColor(Qt::transparent);
    connect(m_chart, &QChart::plotAreaChanged, this, &TrendChart::layoutOverlays);
    m_y->setLabelFormat(u"%.0f"_s);
    m_y->setTitleText(tr("Views"));
    m_marks->setName(tr("Texts changed"));
    m_marks->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    m_marks->setMarkerSize(11);
    m_marks->setColor(annotationColor());
    m_marks->setBorderColor(Qt::white);
    m_chart->addSeries(m_marks);
    m_marks->attachAxis(m_x);
    m_marks->attachAxis(m_y);
    m_crosshair->setPen(QPen(QColor(0x44, 0x44, 0x44), 1, Qt::DashLine));
    m_crosshair->setZValue(1000);
    m_crosshair->hide();
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setRubberBand(QChartView::HorizontalRubberBand);
    m_view->setFocusPolicy(Qt::NoFocus); // the keys are the chart's (keyPressEvent)
    m_view->viewport()->installEventFilter(this);
    setFocusPolicy(Qt::StrongFocus);
    // It takes the focus and keys: a screen reader (and a journey) must be able to name it.
    setAccessibleName(tr("Chart of views per sign"));
    updateDescription();
    // Room around the chart for the focus frame (paintEvent); a stacked layout has no margins.
    auto* frame = new QVBoxLayout(this);
    frame->setContentsMargins(3, 3, 3, 3);
    frame->addLayout(m_stack);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_multiples);
    QAction* all = m_signsMenu->addAction(tr("Show all signs"), this, &TrendChart::showAll);
    all->setShortcut(Qt::Key_A);
    m_signsMenu->addSeparator();
    // A mouse zoom (drag, right-click) changes the axis; so do the keys, through setXRange.
    connect(m_x, &QDateTimeAxis::rangeChanged, this, [this] {
        if (m_redrawing)
            return;
        redraw();
        fitY();
        updateTitle();
        hideCrosshair();
        emit viewChanged();
    });
}

void TrendChart::addSeries(const QString& sign, int index)
{
    const QColor colour = paletteColor(index);
    auto* series = new QLineSeries;
    series->setName(ViewTrends::keyName(sign));
    QPen pen(colour, 2.0, paletteStyle(index));
    series->setPen(pen);
    m_styles.insert(sign, pen.style());
    auto* partial = new QLineSeries; // the unfinished last bucket: dotted, fainter
    partial->setName(series->name());
    QColor faint = colour;
    faint.setAlphaF(0.6);
    partial->setPen(QPen(faint, 2.0, Qt::DotLine));
    for (QLineSeries* s : {series, partial}) {
        m_chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    m_series.insert(sign, series);
    m_partial.insert(sign, partial);
    const auto markers = m_chart->legend()->markers(series);
    for (QLegendMarker* marker : markers) {
        connect(marker, &QLegendMarker::clicked, this,
                [this, sign] { setSignVisible(sign, !isSignVisible(sign)); });
    }
    QAction* action = m_signsMenu->addAction(series->name());
    action->setCheckable(true);
    action->setChecked(true);
    connect(action, &QAction::toggled, this, [this, sign](bool on) { setSignVisible(sign, on); });
    m_actions.insert(sign, action);
}

void TrendChart::setTrends(const ViewTrends& trends)
{
    const bool sameRange = trends.from == m_trends.from && trends.to == m_trends.to &&
                           trends.bucket == m_trends.bucket && !m_xs.isEmpty();
    const qreal lo = static_cast<qreal>(m_x->min().toMSecsSinceEpoch());
    const qreal hi = static_cast<qreal>(m_x->max().toMSecsSinceEpoch());
    const bool zoomed = sameRange && (lo > m_xs.first() + 0.5 || hi < m_xs.last() - 0.5);
    // A refresh keeps the crosshair on its bucket.
    const QDate crossed = m_trends.buckets.value(m_crossBucket);
    m_trends = trends;

    m_redrawing = true;
    // Series that are gone; new ones are created below in legend order.
    for (auto it = m_series.begin(); it != m_series.end();) {
        if (trends.signs.contains(it.key())) {
            ++it;
            continue;
        }
        const QString sign = it.key();
        m_chart->removeSeries(it.value());
        delete it.value();
        QLineSeries* partial = m_partial.take(sign);
        m_chart->removeSeries(partial);
        delete partial;
        if (QAreaSeries* area = m_areas.take(sign)) {
            m_chart->removeSeries(area);
            delete area;
        }
        delete m_actions.take(sign);
        dropExtraSeries(sign);
        m_styles.remove(sign);
        m_visible.remove(sign);
        it = m_series.erase(it);
    }
    m_order = trends.signs;
    // Every axis change re-lays out every series: empty them first, fill them once at the end.
    for (QLineSeries* series : std::as_const(m_series))
        series->clear();
    // Local midnight of each bucket, once: converting a date to local time is not cheap.
    m_xs.clear();
    m_xs.reserve(trends.buckets.size());
    for (const QDate& day : trends.buckets)
        m_xs.append(xOf(day));
    int others = 12;
    for (const QString& sign : std::as_const(m_order)) {
        const qsizetype known = ZodiacSign::keys().indexOf(sign);
        const int index = known >= 0 ? static_cast<int>(known) : others++;
        if (!m_series.contains(sign)) {
            addSeries(sign, index);
            m_visible.insert(sign, true);
        }
        const QList<qint64>& counts = trends.counts.value(sign);
        QList<QPointF> points;
        points.reserve(trends.buckets.size());
        for (qsizetype i = 0; i < trends.buckets.size(); ++i)
            points.append(QPointF(m_xs.at(i), static_cast<qreal>(counts.value(i))));
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
    // A refresh keeps the zoom; a new range or bucket starts from the whole of it.
    if (zoomed)
        m_x->setRange(timeOf(lo), timeOf(hi));
    else if (!m_xs.isEmpty())
        m_x->setRange(timeOf(m_xs.first()), timeOf(m_xs.last()));
    m_redrawing = false;
    setKind(m_kind); // visibility per kind, markers, then redraw, fitY, title, viewChanged
    if (const qsizetype at = crossed.isValid() ? m_trends.buckets.indexOf(crossed) : -1; at >= 0)
        showCrosshairAt(static_cast<int>(at), false);
    else
        hideCrosshair();
}

void TrendChart::setKind(Kind kind)
{
    m_kind = kind;
    m_stack->setCurrentWidget(kind == Kind::SmallMultiples ? static_cast<QWidget*>(m_multiples)
                                                           : m_view);
    for (const QString& sign : std::as_const(m_order)) {
        const bool on = m_visible.value(sign, true);
        m_series.value(sign)->setVisible(on && kind == Kind::Lines);
        m_partial.value(sign)->setVisible(on && kind == Kind::Lines);
        if (QAreaSeries* area = m_areas.value(sign))
            area->setVisible(on && kind == Kind::Share);
        if (QAction* action = m_actions.value(sign)) {
            const QSignalBlocker block(action);
            action->setChecked(on);
        }
    }
    m_view->setRubberBand(kind == Kind::SmallMultiples ? QChartView::NoRubberBand
                                                       : QChartView::HorizontalRubberBand);
    redraw();
    styleMarkers();
    fitY();
    updateTitle();
    emit viewChanged();
}

std::pair<qsizetype, qsizetype> TrendChart::visibleBuckets() const
{
    if (m_xs.isEmpty())
        return {0, -1};
    const qreal lo = static_cast<qreal>(m_x->min().toMSecsSinceEpoch());
    const qreal hi = static_cast<qreal>(m_x->max().toMSecsSinceEpoch());
    // A bucket counts as in view when its start is; at least the one nearest to the view.
    qsizetype first = std::lower_bound(m_xs.cbegin(), m_xs.cend(), lo - 0.5) - m_xs.cbegin();
    qsizetype last = std::upper_bound(m_xs.cbegin(), m_xs.cend(), hi + 0.5) - m_xs.cbegin() - 1;
    first = std::clamp<qsizetype>(first, 0, m_xs.size() - 1);
    last = std::clamp<qsizetype>(last, first, m_xs.size() - 1);
    return {first, last};
}

qsizetype TrendChart::firstDataBucket() const
{
    qsizetype i = 0;
    while (i < m_trends.buckets.size() && m_trends.isBeforeData(i))
        ++i;
    return i;
}

qsizetype TrendChart::lastCompleteBucket() const
{
    const qsizetype last = m_trends.buckets.size() - 1;
    return last >= 0 && m_trends.isPartial(last) ? last - 1 : last;
}

void TrendChart::redraw()
{
    m_redrawing = true;
    auto [first, last] = visibleBuckets();
    // One point beyond each edge, so the line reaches the border.
    first = std::max<qsizetype>(0, first - 1);
    last = std::min<qsizetype>(m_xs.size() - 1, last + 1);
    // About one point per pixel: Qt Charts' cost grows with the points, the picture does not.
    const int pixels = static_cast<int>(m_chart->plotArea().width());
    const int threshold = std::max(300, pixels > 0 ? pixels : m_view->width());
    const qsizetype dataFrom = std::max(first, firstSolidBucket());
    const qsizetype solidTo = std::min(last, lastCompleteBucket());
    const qsizetype end = m_xs.size() - 1;
    const bool tail = end >= 0 && solidTo < end && last == end && end >= firstDataBucket();
    bool dense = false;
    for (const QString& sign : std::as_const(m_order)) {
        const QList<QPointF>& all = m_data.value(sign);
        if (m_kind != Kind::Lines) {
            m_series.value(sign)->clear();
            m_partial.value(sign)->clear();
            continue;
        }
        const QList<QPointF> visible =
            solidTo >= dataFrom ? all.mid(dataFrom, solidTo - dataFrom + 1) : QList<QPointF>();
        QLineSeries* series = m_series.value(sign);
        // Dashes only where a line has room for them: a dashed line through a point every
        // pixel or two reads as solid and costs Qt 0.4 s per series to draw.
        const bool roomy = visible.size() * 4 <= threshold;
        const Qt::PenStyle style = roomy ? m_styles.value(sign, Qt::SolidLine) : Qt::SolidLine;
        if (series->pen().style() != style) {
            QPen pen = series->pen();
            pen.setStyle(style);
            series->setPen(pen);
        }
        series->replace(Downsample::lttb(visible, threshold)); // one re-layout
        dense = dense || visible.size() > threshold / 2;
        const qsizetype tailFrom = std::max(dataFrom, end - 1);
        m_partial.value(sign)->replace(tail ? all.mid(tailFrom, end - tailFrom + 1)
                                            : QList<QPointF>());
    }
    drawHeadAndGaps(first, last, threshold);
    drawCompared(first, last, threshold);
    const auto [inFirst, inLast] = visibleBuckets(); // the marks only for buckets in view
    drawAnnotations(inFirst, inLast);
    if (m_kind == Kind::Share) {
        drawShare(first, last, threshold / 3); // bands: a point every 3 pixels is plenty
        dense = true;                          // 12 filled bands: no antialiasing either
    } else if (m_kind == Kind::SmallMultiples)
        drawMultiples();
    // At about a point per pixel, smoothing the edges costs more than it shows.
    m_view->setRenderHint(QPainter::Antialiasing, !dense);
    showUnfinishedKey(tail && m_kind == Kind::Lines);
    layoutOverlays();
    m_redrawing = false;
}

void TrendChart::fitY()
{
    if (m_kind == Kind::Share) {
        m_y->setRange(0, 100);
        m_y->setTickCount(5); // 0, 25, 50, 75, 100 %
        m_y->setTitleText(tr("Share of views, %"));
        return;
    }
    m_y->setTitleText(tr("Views"));
    auto [first, last] = visibleBuckets();
    first = std::max({qsizetype(0), first - 1, firstDataBucket()});
    last = std::min<qsizetype>(m_xs.size() - 1, last + 1);
    qreal most = 0;
    for (const QString& sign : visibleSigns()) {
        const QList<QPointF>& all = m_data.value(sign);
        for (qsizetype i = first; i <= last && i < all.size(); ++i)
            most = std::max(most, all.at(i).y());
    }
    most = std::max(most, comparedMax(first, last));
    // A round top just above the largest value, in 4 to 7 steps of 1, 2, 2.5 or 5 x 10^n
    // (QValueAxis::applyNiceNumbers can double the range and leave half the plot empty).
    const qreal top = std::max<qreal>(10, most) * 1.05;
    const qreal magnitude = std::pow(10.0, std::floor(std::log10(top / 5)));
    qreal step = magnitude * 10;
    for (qreal f : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (top / (f * magnitude) <= 6) {
            step = f * magnitude;
            break;
        }
    }
    const qreal max = std::ceil(top / step) * step;
    m_y->setRange(0, max);
    m_y->setTickCount(static_cast<int>(std::lround(max / step)) + 1);
}

void TrendChart::updateTitle()
{
    QString title;
    if (!m_xs.isEmpty()) {
        const ViewTrends shown = visibleTrends();
        const QLocale locale;
        QString per;
        switch (m_trends.bucket) {
        case ViewTrends::Bucket::Day:
            per = tr("by day");
            break;
        case ViewTrends::Bucket::Week:
            per = tr("by week (from Monday)");
            break;
        case ViewTrends::Bucket::Month:
            per = tr("by month");
            break;
        }
        const QString what =
            m_kind == Kind::Share ? tr("Share of views per sign") : tr("Views per sign");
        title = tr("%1, %2 – %3, %4")
                    .arg(what, locale.toString(shown.from, u"d MMM yyyy"_s),
                         locale.toString(shown.to, u"d MMM yyyy"_s), per);
        qint64 total = 0;
        for (const QString& sign : visibleSigns())
            total += shown.totals.value(sign);
        title = tr("%1: %2 views").arg(title, locale.toString(total));
    }
    m_chart->setTitle(title);
    m_multiples->setTitle(title);
    updateWarnings();
}

QString TrendChart::title() const
{
    return m_chart->title();
}

void TrendChart::setXRange(qreal lo, qreal hi)
{
    if (m_xs.isEmpty())
        return;
    m_redrawing = true;
    m_x->setRange(timeOf(lo), timeOf(hi));
    m_redrawing = false;
    redraw();
    fitY();
    updateTitle();
    hideCrosshair();
    emit viewChanged();
}

void TrendChart::resetZoom()
{
    m_chart->zoomReset(); // forget Qt's own zoom steps (right-click would go back to them)
    if (!m_xs.isEmpty())
        setXRange(m_xs.first(), m_xs.last());
}

void TrendChart::zoomTo(const QDate& from, const QDate& to)
{
    setXRange(xOf(from), xOf(to));
}

void TrendChart::zoomBy(double factor)
{
    if (m_xs.size() < 2 || factor <= 0)
        return;
    const qreal lo = static_cast<qreal>(m_x->min().toMSecsSinceEpoch());
    const qreal hi = static_cast<qreal>(m_x->max().toMSecsSinceEpoch());
    const qreal full = m_xs.last() - m_xs.first();
    const qreal smallest = 2 * (m_xs.at(1) - m_xs.at(0)); // at least two buckets in view
    const qreal span = std::clamp((hi - lo) / factor, std::min(smallest, full), full);
    const qreal mid = (lo + hi) / 2;
    const qreal start = std::clamp(mid - span / 2, m_xs.first(), m_xs.last() - span);
    setXRange(start, start + span);
}

void TrendChart::pan(double fraction)
{
    if (m_xs.isEmpty())
        return;
    const qreal lo = static_cast<qreal>(m_x->min().toMSecsSinceEpoch());
    const qreal hi = static_cast<qreal>(m_x->max().toMSecsSinceEpoch());
    const qreal span = hi - lo;
    const qreal start =
        std::clamp(lo + span * fraction, m_xs.first(), std::max(m_xs.first(), m_xs.last() - span));
    setXRange(start, start + span);
}

std::pair<QDate, QDate> TrendChart::visibleRange() const
{
    return {m_x->min().date(), m_x->max().date()};
}

std::pair<qreal, qreal> TrendChart::yRange() const
{
    return {m_y->min(), m_y->max()};
}

ViewTrends TrendChart::visibleTrends() const
{
    const auto [first, last] = visibleBuckets();
    return m_trends.slice(first, last);
}

void TrendChart::styleMarkers()
{
    // A hidden sign stays in the legend, faded, so it can be clicked back; the dotted tails
    // have no entry of their own, and each kind shows the entries of its own series.
    int others = 12;
    for (QLegendMarker* marker : m_chart->legend()->markers(m_marks))
        marker->setVisible(m_marks->count() > 0);
    for (const QString& sign : std::as_const(m_order)) {
        const qsizetype known = ZodiacSign::keys().indexOf(sign);
        const int index = known >= 0 ? static_cast<int>(known) : others++;
        const bool on = m_visible.value(sign, true);
        const auto style = [&](QAbstractSeries* series, bool shown) {
            if (!series)
                return;
            const auto markers = m_chart->legend()->markers(series);
            for (QLegendMarker* marker : markers) {
                marker->setVisible(shown);
                QColor label = m_chart->legend()->labelColor();
                label.setAlphaF(on ? 1.0 : 0.4);
                marker->setLabelBrush(label);
                QColor box = paletteColor(index);
                box.setAlphaF(on ? 1.0 : 0.25);
                marker->setBrush(box);
                // The legend draws lines' swatches as their lines (styleLegendPens); an area's
                // "shape from series" is an empty box: a filled one instead.
                if (series->type() == QAbstractSeries::SeriesTypeArea)
                    marker->setShape(QLegend::MarkerShapeRectangle);
            }
        };
        style(m_series.value(sign), m_kind == Kind::Lines);
        style(m_areas.value(sign), m_kind == Kind::Share);
        for (QLegendMarker* marker : m_chart->legend()->markers(m_partial.value(sign)))
            marker->setVisible(false);
    }
    styleLegendPens();
}

void TrendChart::setSignVisible(const QString& sign, bool visible)
{
    if (!m_series.contains(sign) || m_visible.value(sign) == visible)
        return;
    m_visible.insert(sign, visible);
    setKind(m_kind);
}

void TrendChart::showOnly(const QString& sign)
{
    for (const QString& s : std::as_const(m_order))
        m_visible.insert(s, s == sign);
    setKind(m_kind);
}

void TrendChart::showAll()
{
    for (const QString& s : std::as_const(m_order))
        m_visible.insert(s, true);
    setKind(m_kind);
}

bool TrendChart::isSignVisible(const QString& sign) const
{
    return m_series.contains(sign) && m_visible.value(sign, true);
}

QStringList TrendChart::visibleSigns() const
{
    QStringList signs;
    for (const QString& sign : m_order)
        if (m_visible.value(sign, true))
            signs << sign;
    return signs;
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

QList<QPointF> TrendChart::partialPoints(const QString& sign) const
{
    const QLineSeries* series = m_partial.value(sign);
    return series ? series->points() : QList<QPointF>();
}

QPen TrendChart::seriesPen(const QString& sign) const
{
    const QLineSeries* series = m_series.value(sign);
    return series ? series->pen() : QPen();
}

QList<QPointF> TrendChart::annotationPoints() const
{
    return m_marks->points();
}

QWidget* TrendChart::viewport() const
{
    return m_view->viewport();
}

QImage TrendChart::toImage(qreal scale) const
{
    return toImage((QSizeF(size()) * scale).toSize()); // TrendChartSlide.cpp
}
