// TrendChart: marks where horoscope texts changed.
#include "TrendChart.h"

#include <QChart>
#include <QChartView>
#include <QScatterSeries>

QList<QRectF> TrendChart::annotationRects() const
{
    QList<QRectF> rects;
    const qreal size = m_marks->markerSize();
    for (const QPointF& p : m_marks->points()) {
        const QPointF at =
            m_view->mapFromScene(m_chart->mapToScene(m_chart->mapToPosition(p, m_marks)));
        rects << QRectF(at.x() - size / 2, at.y() - size / 2, size, size)
                     .intersected(m_chart->plotArea().translated(
                         m_view->mapFromScene(m_chart->mapToScene(QPointF(0, 0)))));
    }
    return rects;
}
