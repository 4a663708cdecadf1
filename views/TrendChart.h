#pragma once

#include "ViewTrends.h"

#include <QHash>
#include <QImage>
#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

// The view-trend chart: one line per sign, in the sign's colour. Click a sign in the legend to
// hide or show it; showOnly() isolates one. Hover shows date, sign and count; drag to zoom,
// and a refresh keeps the zoom. Every use of Qt Charts in the app is in this class (Qt Charts
// is deprecated from Qt 6.10 in favour of Qt Graphs), so it can be swapped in one place.
class TrendChart final : public QWidget
{
    Q_OBJECT
public:
    explicit TrendChart(QWidget* parent = nullptr);

    void setTrends(const ViewTrends& trends);
    void setSignVisible(const QString& sign, bool visible);
    void showOnly(const QString& sign);
    void showAll();
    void resetZoom();
    void zoomTo(const QDate& from, const QDate& to); // what a drag with the mouse does
    std::pair<QDate, QDate> visibleRange() const;
    bool isSignVisible(const QString& sign) const;

    QStringList seriesNames() const; // sign keys, in legend order
    // The series' data: one point per bucket (x = the bucket's start in ms, y = views).
    QList<QPointF> points(const QString& sign) const;
    // What is drawn now: the data in view, thinned to about one point per pixel when denser.
    QList<QPointF> drawnPoints(const QString& sign) const;
    QString hoverText() const { return m_hoverText; }
    QString describePoint(const QString& sign, int bucketIndex) const; // the hover text

    // The chart drawn at twice its on-screen size, for export.
    QImage toImage() const;

signals:
    void hovered(const QString& text);

private:
    void onHovered(const QString& sign, const QPointF& point, bool state);
    void styleMarker(const QString& sign);
    void redraw(); // the visible part of every series, thinned to the plot's width

    QChart* m_chart;
    QChartView* m_view;
    QDateTimeAxis* m_x;
    QValueAxis* m_y;
    QHash<QString, QLineSeries*> m_series;
    QHash<QString, QList<QPointF>> m_data;
    bool m_redrawing = false;
    QStringList m_order;
    ViewTrends m_trends;
    QString m_hoverText;
};
