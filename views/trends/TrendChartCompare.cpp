// TrendChart: the compared period's lines (ViewTrends::compared) and drawing into a painter.
#include "TrendChart.h"

#include "Downsample.h"
#include "TrendCompare.h"
#include "ZodiacSign.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPainter>
#include <QStackedLayout>
#include <QValueAxis>

namespace {

// Thinner, fainter and with longer dashes than any sign's own line (signs 7 to 12 are dashed
// too), and nothing like the dotted unfinished bucket.
QPen comparedPen(const QColor& colour)
{
    QColor faint = colour;
    faint.setAlphaF(0.7);
    QPen pen(faint, 1.5, Qt::CustomDashLine);
    pen.setDashPattern({6.0, 3.0});
    pen.setCapStyle(Qt::FlatCap);
    return pen;
}

} // namespace

void TrendChart::drawCompared(qsizetype first, qsizetype last, int threshold)
{
    const TrendComparison& c = m_trends.compared;
    const bool on = c.isOn() && m_kind == Kind::Lines;
    for (auto it = m_compared.begin(); it != m_compared.end();) {
        if (on && m_order.contains(it.key())) {
            ++it;
            continue;
        }
        m_chart->removeSeries(it.value());
        delete it.value();
        it = m_compared.erase(it);
    }
    if (on && !m_comparedKey) {
        m_comparedKey = new QLineSeries;
        m_comparedKey->setPen(comparedPen(QColor(0x55, 0x55, 0x55)));
        m_comparedKey->setVisible(false);
        m_chart->addSeries(m_comparedKey);
        m_comparedKey->attachAxis(m_x);
        m_comparedKey->attachAxis(m_y);
    }
    if (m_comparedKey) {
        m_comparedKey->setName(tr("Dashed: %1").arg(TrendCompare::rangeText(c)));
        // The series draws nothing (a one-point path, which Qt's PDF engine writes with a stray
        // closepath); only its legend entry shows.
        m_comparedKey->setVisible(false);
        for (QLegendMarker* marker : m_chart->legend()->markers(m_comparedKey))
            marker->setVisible(on);
    }
    if (!on)
        return;
    int others = 12;
    for (const QString& sign : std::as_const(m_order)) {
        const qsizetype known = ZodiacSign::keys().indexOf(sign);
        const int index = known >= 0 ? static_cast<int>(known) : others++;
        QLineSeries* series = m_compared.value(sign);
        if (!series) {
            series = new QLineSeries;
            series->setName(ZodiacSign::display(sign));
            series->setPen(comparedPen(paletteColor(index)));
            m_chart->addSeries(series);
            series->attachAxis(m_x);
            series->attachAxis(m_y);
            for (QLegendMarker* marker : m_chart->legend()->markers(series))
                marker->setVisible(false);
            m_compared.insert(sign, series);
        }
        series->setVisible(m_visible.value(sign, true));
        const QList<qint64>& counts = c.counts.value(sign);
        QList<QPointF> points;
        for (qsizetype i = std::max<qsizetype>(0, first); i <= last && i < m_xs.size(); ++i) {
            if (c.buckets.value(i).isValid())
                points.append(QPointF(m_xs.at(i), static_cast<qreal>(counts.value(i))));
        }
        series->replace(Downsample::lttb(points, threshold));
    }
}

qreal TrendChart::comparedMax(qsizetype first, qsizetype last) const
{
    const TrendComparison& c = m_trends.compared;
    if (!c.isOn() || m_kind != Kind::Lines)
        return 0;
    qreal most = 0;
    for (const QString& sign : visibleSigns()) {
        const QList<qint64>& counts = c.counts.value(sign);
        for (qsizetype i = std::max<qsizetype>(0, first); i <= last && i < counts.size(); ++i)
            most = std::max(most, static_cast<qreal>(counts.at(i)));
    }
    return most;
}

QList<QPointF> TrendChart::comparedPoints(const QString& sign) const
{
    const QLineSeries* series = m_compared.value(sign);
    return series ? series->points() : QList<QPointF>();
}

QString TrendChart::comparedLegend() const
{
    const bool on = m_trends.compared.isOn() && m_kind == Kind::Lines;
    return on && m_comparedKey ? m_comparedKey->name() : QString();
}

QString TrendChart::comparedSuffix(const QString& sign, int i) const
{
    const TrendComparison& c = m_trends.compared;
    if (!c.isOn() || m_kind != Kind::Lines || !c.buckets.value(i).isValid())
        return {};
    const QLocale locale;
    if (!sign.isEmpty())
        return tr(" (compared: %1)").arg(locale.toString(c.counts.value(sign).value(i)));
    qint64 sum = 0;
    for (const QString& s : visibleSigns())
        sum += c.counts.value(s).value(i);
    return tr(" (compared, from %1: %2)")
        .arg(locale.toString(c.buckets.value(i), QLocale::ShortFormat), locale.toString(sum));
}

void TrendChart::renderInto(QPainter* painter, const QRectF& target) const
{
    QWidget* shown = m_stack->currentWidget();
    if (shown == m_view) {
        m_view->render(painter, target, m_view->rect());
        return;
    }
    painter->save();
    painter->translate(target.topLeft());
    painter->scale(target.width() / shown->width(), target.height() / shown->height());
    shown->render(painter, QPoint(), QRegion(), QWidget::DrawChildren);
    painter->restore();
}
