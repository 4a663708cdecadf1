// TrendChart: what a picture of the chart needs to stand alone on a slide.
#include "TrendChart.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>

QStringList TrendChart::legendLabels() const
{
    QStringList labels;
    for (QLegendMarker* marker : m_chart->legend()->markers())
        if (marker->isVisible())
            labels << marker->label();
    return labels;
}
