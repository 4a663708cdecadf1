// TrendChart: the kinds beside the lines: share of total (100 % stacked) and small multiples.
#include "TrendChart.h"

#include "Downsample.h"
#include "TrendChartMultiples.h"
#include "ZodiacSign.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

bool TrendChart::parseKind(const QString& key, Kind* out)
{
    const std::pair<const char16_t*, Kind> kinds[] = {{u"lines", Kind::Lines},
                                                      {u"small-multiples", Kind::SmallMultiples},
                                                      {u"share", Kind::Share}};
    for (const auto& [name, kind] : kinds) {
        if (key == QStringView(name)) {
            *out = kind;
            return true;
        }
    }
    return false;
}

void TrendChart::drawShare(qsizetype first, qsizetype last, int threshold)
{
    first = std::max(first, firstDataBucket());
    const qsizetype count = last - first + 1;
    const qsizetype step = std::max<qsizetype>(1, count / std::max(1, threshold));
    QList<qsizetype> picked;
    for (qsizetype i = first; i <= last; i += step)
        picked << i;
    if (!picked.isEmpty() && picked.last() != last && last >= first)
        picked << last;
    const QStringList signs = visibleSigns();
    QList<qreal> totals(picked.size(), 0.0);
    for (const QString& sign : signs)
        for (qsizetype p = 0; p < picked.size(); ++p)
            totals[p] += m_data.value(sign).at(picked.at(p)).y();
    QList<qreal> below(picked.size(), 0.0);
    int index = 0;
    for (const QString& sign : std::as_const(m_order)) {
        const qsizetype known = ZodiacSign::keys().indexOf(sign);
        const int colourIndex = known >= 0 ? static_cast<int>(known) : 12 + index;
        ++index;
        QAreaSeries* area = m_areas.value(sign);
        if (!area) {
            area = new QAreaSeries(new QLineSeries, new QLineSeries);
            area->setName(ViewTrends::keyName(sign));
            QColor fill = paletteColor(colourIndex);
            area->setBrush(fill);
            area->setPen(Qt::NoPen); // an outline is a stroked path of every point: slow
            m_chart->addSeries(area);
            area->attachAxis(m_x);
            area->attachAxis(m_y);
            m_areas.insert(sign, area);
            const auto markers = m_chart->legend()->markers(area);
            for (QLegendMarker* marker : markers) {
                connect(marker, &QLegendMarker::clicked, this,
                        [this, sign] { setSignVisible(sign, !isSignVisible(sign)); });
            }
            area->setVisible(m_visible.value(sign, true));
        }
        if (!signs.contains(sign)) {
            area->upperSeries()->clear();
            area->lowerSeries()->clear();
            continue;
        }
        QList<QPointF> lower, upper;
        lower.reserve(picked.size());
        upper.reserve(picked.size());
        const QList<QPointF>& all = m_data.value(sign);
        for (qsizetype p = 0; p < picked.size(); ++p) {
            const qreal x = m_xs.at(picked.at(p));
            const qreal share =
                totals.at(p) > 0 ? 100.0 * all.at(picked.at(p)).y() / totals.at(p) : 0.0;
            lower << QPointF(x, below.at(p));
            below[p] += share;
            upper << QPointF(x, below.at(p));
        }
        area->lowerSeries()->replace(lower);
        area->upperSeries()->replace(upper);
    }
}

void TrendChart::drawMultiples()
{
    const auto [first, last] = visibleBuckets();
    const qsizetype dataFrom = std::max(first, firstDataBucket());
    const qsizetype solidTo = std::min(last, lastCompleteBucket());
    const qsizetype end = m_xs.size() - 1;
    const bool tail = end >= 0 && solidTo < end && last == end && end >= firstDataBucket();
    QList<TrendChartMultiples::Panel> panels;
    qreal yMax = 0;
    int others = 12;
    for (const QString& sign : std::as_const(m_order)) {
        const qsizetype known = ZodiacSign::keys().indexOf(sign);
        const int index = known >= 0 ? static_cast<int>(known) : others++;
        if (!m_visible.value(sign, true))
            continue;
        const QList<QPointF>& all = m_data.value(sign);
        TrendChartMultiples::Panel panel;
        panel.name = ViewTrends::keyName(sign);
        panel.colour = paletteColor(index);
        if (solidTo >= dataFrom)
            panel.solid = Downsample::lttb(all.mid(dataFrom, solidTo - dataFrom + 1), 240);
        if (tail) {
            const qsizetype from = std::max(dataFrom, end - 1);
            panel.partial = all.mid(from, end - from + 1);
        }
        for (const QList<QPointF>* line : {&panel.solid, &panel.partial})
            for (const QPointF& p : *line)
                yMax = std::max(yMax, p.y());
        panels << panel;
    }
    const qreal lo = m_xs.isEmpty() ? 0 : m_xs.at(first);
    const qreal hi = m_xs.isEmpty() ? 0 : m_xs.at(last);
    m_multiples->setPanels(panels, lo, hi, std::max<qreal>(10, yMax * 1.05), m_x->format());
}
