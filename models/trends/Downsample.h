#pragma once

#include <QList>
#include <QPointF>

// Fewer points for a line that has more of them than the screen has pixels, chosen so the
// line looks the same: Largest-Triangle-Three-Buckets (Steinarsson, 2013), as Grafana-style
// charts do. Every point returned is one of the input points (nothing is interpolated); the
// first and the last are always kept.
class Downsample final
{
public:
    static QList<QPointF> lttb(const QList<QPointF>& points, int threshold);
};
