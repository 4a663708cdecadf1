// TrendChart: what tells the reader how far to trust a line: the partial first bucket, days
// without rows (as gaps or as 0, said above the title), keys that are not signs, the legend's
// swatches.
#include "TrendChart.h"

#include "Downsample.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QFontMetricsF>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

QColor TrendChart::annotationColor()
{
    // Deep pink: at least 30 apart (CIE76) from every sign's colour, Leo's black included.
    return QColor(0xE7, 0x29, 0x8A);
}

QColor TrendChart::unknownColor(int n)
{
    return ViewTrends::unknownKeyColor(n);
}

qsizetype TrendChart::firstSolidBucket() const
{
    // A first week or month cut by the range's first day holds fewer days than its neighbours:
    // dotted, like the unfinished last one, not solid.
    const qsizetype first = firstDataBucket();
    return first == 0 && m_trends.buckets.size() > 1 && m_trends.buckets.first() < m_trends.from
               ? 1
               : first;
}

namespace {

void showLonePoint(QLineSeries* series, bool lone)
{
    if (series->pointsVisible() != lone)
        series->setPointsVisible(lone);
}

} // namespace

QLineSeries* TrendChart::ensureHead(const QString& sign)
{
    if (QLineSeries* head = m_head.value(sign))
        return head;
    auto* head = new QLineSeries;
    head->setName(m_series.value(sign)->name());
    head->setPen(m_partial.value(sign)->pen());
    m_chart->addSeries(head);
    head->attachAxis(m_x);
    head->attachAxis(m_y);
    for (QLegendMarker* marker : m_chart->legend()->markers(head))
        marker->setVisible(false);
    m_head.insert(sign, head);
    return head;
}

void TrendChart::dropExtraSeries(const QString& sign)
{
    QList<QLineSeries*> extra = m_segments.take(sign);
    if (QLineSeries* head = m_head.take(sign))
        extra << head;
    for (QLineSeries* series : std::as_const(extra)) {
        m_chart->removeSeries(series);
        delete series;
    }
}

void TrendChart::drawHeadAndGaps(qsizetype first, qsizetype last, int threshold)
{
    const qsizetype dataFrom = std::max(first, firstSolidBucket());
    const qsizetype solidTo = std::min(last, lastCompleteBucket());
    const bool head = firstSolidBucket() == 1 && first == 0 && m_trends.buckets.size() > 1;
    for (const QString& sign : std::as_const(m_order)) {
        const bool shown = m_kind == Kind::Lines && m_visible.value(sign, true);
        const QList<QPointF>& all = m_data.value(sign);
        if (head || m_head.contains(sign)) {
            QLineSeries* dotted = ensureHead(sign);
            dotted->replace(head && shown ? all.mid(0, 2) : QList<QPointF>());
            dotted->setVisible(shown);
        }
        // With gaps: the solid part split where the key has no row while a sign has one.
        QList<QList<QPointF>> parts;
        if (shown && m_missingDays == MissingDays::Gap && solidTo >= dataFrom) {
            QList<QPointF> part;
            for (qsizetype i = dataFrom; i <= solidTo; ++i) {
                if (!m_trends.isAbsent(sign, i)) {
                    part << all.at(i);
                    continue;
                }
                if (!part.isEmpty())
                    parts << std::exchange(part, {});
            }
            if (!part.isEmpty())
                parts << part;
            m_series.value(sign)->replace(
                parts.isEmpty() ? QList<QPointF>() : Downsample::lttb(parts.first(), threshold));
        }
        // A part of one point has no line to draw: a dot then.
        showLonePoint(m_series.value(sign), !parts.isEmpty() && parts.first().size() == 1);
        QList<QLineSeries*>& extra = m_segments[sign];
        while (extra.size() < parts.size() - 1) {
            auto* series = new QLineSeries;
            series->setName(m_series.value(sign)->name());
            m_chart->addSeries(series);
            series->attachAxis(m_x);
            series->attachAxis(m_y);
            for (QLegendMarker* marker : m_chart->legend()->markers(series))
                marker->setVisible(false);
            extra << series;
        }
        for (qsizetype p = 0; p < extra.size(); ++p) {
            QLineSeries* series = extra.at(p);
            series->setPen(m_series.value(sign)->pen());
            series->replace(p + 1 < parts.size() ? Downsample::lttb(parts.at(p + 1), threshold)
                                                 : QList<QPointF>());
            series->setVisible(shown);
            showLonePoint(series, p + 1 < parts.size() && parts.at(p + 1).size() == 1);
        }
    }
}

QString TrendChart::partialNote(qsizetype i) const
{
    const int days = m_trends.dayCount(i);
    const int full = m_trends.fullDayCount(i);
    if (days <= 0 || days >= full)
        return {};
    return tr(", %1, %2 of %3 days")
        .arg(ViewTrends::dayRange(m_trends.firstDay(i), m_trends.lastDay(i)))
        .arg(days)
        .arg(full);
}

QList<QPointF> TrendChart::partialHeadPoints(const QString& sign) const
{
    const QLineSeries* head = m_head.value(sign);
    return head ? head->points() : QList<QPointF>();
}

QList<QList<QPointF>> TrendChart::drawnSegments(const QString& sign) const
{
    QList<QList<QPointF>> parts;
    if (!drawnPoints(sign).isEmpty())
        parts << drawnPoints(sign);
    for (const QLineSeries* series : m_segments.value(sign))
        if (series->count() > 0)
            parts << series->points();
    return parts;
}

void TrendChart::setMissingDays(MissingDays missing)
{
    if (m_missingDays == missing)
        return;
    m_missingDays = missing;
    setKind(m_kind);
}

void TrendChart::updateWarnings()
{
    if (!m_warning) {
        m_warning = new QGraphicsSimpleTextItem(m_chart);
        m_warning->setBrush(QColor(0x9A, 0x3C, 0x00)); // dark orange: 6.6:1 on white
        m_warning->setZValue(1000);
        connect(m_chart, &QChart::geometryChanged, this, &TrendChart::updateWarnings);
    }
    QStringList lines;
    if (!m_xs.isEmpty()) {
        const ViewTrends shown = visibleTrends();
        const QStringList signs = visibleSigns();
        for (const QString& text : {shown.missingSummary(signs), shown.unknownSummary(signs)})
            if (!text.isEmpty())
                lines << text.split(u'\n');
    }
    m_warningText = lines.join(u'\n');
    // Above the title, each line cut to the chart's width: the full text is in the tooltips.
    const QFontMetricsF metrics(m_warning->font());
    const qreal width = std::max<qreal>(50, m_chart->size().width() - 16);
    QStringList drawn;
    for (const QString& line : std::as_const(lines))
        drawn << metrics.elidedText(u"⚠ "_s + line, Qt::ElideRight, width);
    m_warning->setText(drawn.join(u'\n'));
    m_warning->setPos(8, 4);
    m_warning->setVisible(!drawn.isEmpty());
    const int top = 4 + static_cast<int>(std::ceil(metrics.lineSpacing() * drawn.size()));
    if (m_chart->margins().top() != top) {
        QMargins margins = m_chart->margins();
        margins.setTop(top);
        m_chart->setMargins(margins);
    }
    updateDescription();
}

QString TrendChart::warningText() const
{
    return m_warningText;
}

void TrendChart::styleLegendPens()
{
    // Swatches as short lines in the sign's own dash style (a filled box hides the dashes).
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    for (const QString& sign : std::as_const(m_order)) {
        const QLineSeries* series = m_series.value(sign);
        if (!series)
            continue;
        const bool on = m_visible.value(sign, true);
        QColor colour = series->pen().color();
        colour.setAlphaF(on ? 1.0 : 0.25);
        const QPen pen(colour, 2.0, m_styles.value(sign, Qt::SolidLine));
        for (QLegendMarker* marker : m_chart->legend()->markers(m_series.value(sign)))
            marker->setPen(pen);
    }
}

QPen TrendChart::legendPen(const QString& sign) const
{
    const auto markers = m_chart->legend()->markers(m_series.value(sign));
    return markers.isEmpty() ? QPen() : markers.first()->pen();
}
