// TrendChart: what tells the reader how far to trust a line: the partial first bucket, days
// without rows (as gaps or as 0, said above the title), keys that are not signs, the legend's
// swatches.
#include "TrendChart.h"

QList<QPointF> TrendChart::partialHeadPoints(const QString&) const
{
    return {};
}
QList<QList<QPointF>> TrendChart::drawnSegments(const QString& sign) const
{
    return {drawnPoints(sign)};
}
void TrendChart::setMissingDays(MissingDays) {}
QString TrendChart::warningText() const
{
    return {};
}
QPen TrendChart::legendPen(const QString&) const
{
    return {};
}
QColor TrendChart::annotationColor()
{
    return QColor(0x33, 0x33, 0x33);
}
QColor TrendChart::unknownColor(int)
{
    return QColor(0x99, 0x99, 0x99);
}
