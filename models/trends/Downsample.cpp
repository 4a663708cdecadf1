#include "Downsample.h"

#include <cmath>

QList<QPointF> Downsample::lttb(const QList<QPointF>& points, int threshold)
{
    const qsizetype n = points.size();
    if (threshold >= n || threshold < 3)
        return points;
    QList<QPointF> out;
    out.reserve(threshold);
    out.append(points.first());
    // The middle points are split into threshold - 2 buckets; from each, keep the point that
    // makes the largest triangle with the point kept before and the next bucket's average.
    const double every = static_cast<double>(n - 2) / static_cast<double>(threshold - 2);
    qsizetype kept = 0;
    for (int bucket = 0; bucket < threshold - 2; ++bucket) {
        const auto start = static_cast<qsizetype>(std::floor(bucket * every)) + 1;
        const auto end =
            std::min(static_cast<qsizetype>(std::floor((bucket + 1) * every)) + 1, n - 1);
        const auto nextStart = end;
        const auto nextEnd =
            std::min(static_cast<qsizetype>(std::floor((bucket + 2) * every)) + 1, n);
        double avgX = 0;
        double avgY = 0;
        for (qsizetype i = nextStart; i < nextEnd; ++i) {
            avgX += points.at(i).x();
            avgY += points.at(i).y();
        }
        const auto count = static_cast<double>(std::max<qsizetype>(1, nextEnd - nextStart));
        avgX /= count;
        avgY /= count;
        const QPointF a = points.at(kept);
        double best = -1;
        qsizetype chosen = start;
        for (qsizetype i = start; i < end; ++i) {
            const QPointF& p = points.at(i);
            const double area =
                std::abs((a.x() - avgX) * (p.y() - a.y()) - (a.x() - p.x()) * (avgY - a.y()));
            if (area > best) {
                best = area;
                chosen = i;
            }
        }
        out.append(points.at(chosen));
        kept = chosen;
    }
    out.append(points.last());
    return out;
}
