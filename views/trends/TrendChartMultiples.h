#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QWidget>

class QChartView;
class QGridLayout;
class QLabel;

// Small multiples for TrendChart: one small line chart per sign, every one on the same
// scale, under one title. Fed with the points to draw (already thinned), nothing else.
class TrendChartMultiples final : public QWidget
{
    Q_OBJECT
public:
    struct Panel
    {
        QString name;
        QColor colour;
        QList<QPointF> solid;   // complete buckets
        QList<QPointF> partial; // the unfinished last bucket and the one before it
    };

    explicit TrendChartMultiples(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    // xMin..xMax in ms since the epoch; one Y scale 0..yMax for all.
    void setPanels(const QList<Panel>& panels, qreal xMin, qreal xMax, qreal yMax,
                   const QString& dateFormat);
    int panelCount() const { return m_shown; }
    qreal yMax() const { return m_yMax; }

private:
    QLabel* m_title;
    QGridLayout* m_grid;
    QList<QChartView*> m_views;
    int m_shown = 0;
    qreal m_yMax = 0;
};
