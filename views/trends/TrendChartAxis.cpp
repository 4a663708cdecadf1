// TrendChart: the axes' ticks.
#include "TrendChart.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

QList<QDate> TrendChart::xTickDates() const
{
    QList<QDate> dates;
    const qreal lo = static_cast<qreal>(m_x->min().toMSecsSinceEpoch());
    const qreal hi = static_cast<qreal>(m_x->max().toMSecsSinceEpoch());
    for (int i = 0; i < m_x->tickCount(); ++i) {
        const qreal x = lo + (hi - lo) * i / std::max(1, m_x->tickCount() - 1);
        dates << QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(x)).date();
    }
    return dates;
}

QList<qreal> TrendChart::xTickPositions() const
{
    QList<qreal> xs;
    QLineSeries* any = m_series.value(m_order.value(0));
    if (!any)
        return xs;
    const qreal lo = static_cast<qreal>(m_x->min().toMSecsSinceEpoch());
    const qreal hi = static_cast<qreal>(m_x->max().toMSecsSinceEpoch());
    for (int i = 0; i < m_x->tickCount(); ++i) {
        const qreal x = lo + (hi - lo) * i / std::max(1, m_x->tickCount() - 1);
        const QPointF inChart = m_chart->mapToPosition(QPointF(x, 0), any);
        xs << m_view->mapFromScene(m_chart->mapToScene(inChart)).x();
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
