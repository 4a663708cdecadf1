#pragma once

#include "ViewTrends.h"

#include <QHash>
#include <QImage>
#include <QPen>
#include <QWidget>

class QAction;
class QAreaSeries;
class QChart;
class QChartView;
class QDateTimeAxis;
class QGraphicsLineItem;
class QGraphicsPolygonItem;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QMenu;
class QScatterSeries;
class QStackedLayout;
class QValueAxis;
class TrendChartMultiples;

// The view-trend chart: one line per sign (lines), one small chart per sign on a shared scale
// (small multiples) or each sign's share of the total (100 % stacked). Click a sign in the
// legend or use signsMenu() to hide or show it; showOnly() isolates one. A crosshair follows
// the pointer (or Left/Right, Home/End) and lists every visible sign at that bucket. Drag or
// press + and - to zoom, Shift+Left/Right or Page Up/Down to pan, 0 to reset; a refresh keeps
// the zoom and the crosshair, a new range or bucket starts unzoomed.
// The Y axis, the title and visibleTrends() always match what is drawn. The unfinished last
// bucket and a first one cut by the range are dotted; missing rows and keys that are not signs
// are said above the title; buckets before the first recorded view are not drawn ("no data yet");
// triangles on the time axis mark days when horoscope texts were regenerated, corrected or
// deleted.
// Every use of Qt Charts in the app is in TrendChart* (Qt Charts is deprecated from Qt 6.10 in
// favour of Qt Graphs), so it can be swapped in one place.
class TrendChart final : public QWidget
{
    Q_OBJECT
public:
    enum class Kind { Lines, SmallMultiples, Share };
    // A bucket where a key has no row while a sign has one: drawn as 0 (the default: the bot
    // writes a row only when a sign is viewed) or left out, breaking the line.
    enum class MissingDays { Zero, Gap };

    explicit TrendChart(QWidget* parent = nullptr);

    void setTrends(const ViewTrends& trends);
    void setKind(Kind kind);
    Kind kind() const { return m_kind; }
    static bool parseKind(const QString& key, Kind* out); // lines, small-multiples, share
    void setSignVisible(const QString& sign, bool visible);
    void showOnly(const QString& sign);
    void showAll();
    void resetZoom();
    void zoomTo(const QDate& from, const QDate& to); // what a drag with the mouse does
    void zoomBy(double factor);                      // > 1 zooms in, around the middle
    void pan(double fraction);                       // of the visible span; < 0 goes back
    std::pair<QDate, QDate> visibleRange() const;
    std::pair<qreal, qreal> yRange() const;
    bool isSignVisible(const QString& sign) const;
    QStringList visibleSigns() const;
    // The buckets in view with their totals: what the caption and the totals table show.
    ViewTrends visibleTrends() const;
    QString title() const; // what, which dates, which bucket: also in every exported picture

    QStringList seriesNames() const; // sign keys, in legend order
    // The series' data: one point per bucket (x = the bucket's start in ms, y = views).
    QList<QPointF> points(const QString& sign) const;
    // What is drawn now as a solid line: the data in view from the first recorded view to the
    // last complete bucket, thinned to about one point per pixel when denser.
    QList<QPointF> drawnPoints(const QString& sign) const;
    QList<QPointF> partialPoints(const QString& sign) const; // the dashed unfinished tail
    QPen seriesPen(const QString& sign) const;
    // The dotted partial first bucket (a week or month cut by the range's first day) and the
    // point after it.
    QList<QPointF> partialHeadPoints(const QString& sign) const;
    // The solid line as drawn, one list per unbroken part (more than one only with gaps).
    QList<QList<QPointF>> drawnSegments(const QString& sign) const;
    void setMissingDays(MissingDays missing);
    MissingDays missingDays() const { return m_missingDays; }
    // The warnings drawn above the title: signs without rows while others have, keys that are
    // not signs. Empty when there is nothing to say.
    QString warningText() const;
    QPen legendPen(const QString& sign) const; // the swatch's line in the legend
    static QColor annotationColor();           // the marks for changed texts: no sign's colour
    static QColor unknownColor(int n);         // the n-th key that is not a sign
    // Where horoscope texts changed (ViewTrends::annotations): one mark per bucket on the axis.
    QList<QPointF> annotationPoints() const;
    static QColor paletteColor(int index);
    static Qt::PenStyle paletteStyle(int index);

    QString hoverText() const { return m_hoverText; }
    QString describePoint(const QString& sign, int bucketIndex) const;
    QString crosshairText(int bucketIndex) const; // every visible sign, largest first, and total
    int bucketAt(qreal x) const;                  // the nearest bucket to x (ms)
    QPoint positionOf(int bucketIndex) const;     // in viewport() coordinates, on the plot
    void hoverAt(const QPoint& viewportPos);      // what moving the pointer does
    bool isCrosshairVisible() const;
    QWidget* viewport() const;
    QMenu* signsMenu() const { return m_signsMenu; }

    // The chart as drawn, scaled (2: twice the on-screen size, for export).
    QImage toImage(qreal scale = 2.0) const;
    // The chart as drawn, into target (vector when the painter's device is: the PDF report).
    void renderInto(QPainter* painter, const QRectF& target) const;
    // The compared period (ViewTrends::compared), lines only: one thinner dashed line per sign
    // in its colour, at each bucket's own place (TrendChartCompare.cpp).
    QList<QPointF> comparedPoints(const QString& sign) const;
    QString comparedLegend() const; // the legend's entry for the dashed lines; empty: none
    // For the crosshair: " (compared: 20)" after a sign's value at bucket i; with no sign, the
    // visible signs' sum and the compared bucket's date. Empty without a comparison there.
    QString comparedSuffix(const QString& sign, int i) const;

    // Issue 23 (TrendChartAxis.cpp): the time axis' labelled gridlines, each on a bucket's start,
    // their x in viewport() coordinates, and the value axis' ticks.
    QList<QDate> xTickDates() const;
    QList<qreal> xTickPositions() const;
    QList<qreal> yTickValues() const;
    // The marks of text changes (TrendChartAnnotations.cpp), in viewport() coordinates.
    QList<QRectF> annotationRects() const;
    QStringList legendLabels() const; // the legend's visible entries (TrendChartSlide.cpp)
    // The picture at exactly `pixels`, its text scaled with it (a slide, views chart).
    QImage toImage(const QSize& pixels) const;
    // The crosshair from the keyboard (TrendChartInput.cpp): to bucket i, its values read out.
    void moveCrosshairTo(int bucketIndex);
    int crosshairBucket() const { return m_crossBucket; }

signals:
    void hovered(const QString& text);
    void viewChanged(); // zoom, range, bucket, kind or a sign's visibility: what is drawn

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void paintEvent(QPaintEvent* event) override; // the focus frame
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    void addSeries(const QString& sign, int index);
    void styleMarkers();
    void redraw(); // the visible part of every series, thinned to the plot's width
    void drawShare(qsizetype first, qsizetype last, int threshold);
    void drawMultiples();
    void drawAnnotations(qsizetype first, qsizetype last);
    void drawCompared(qsizetype first, qsizetype last, int threshold);
    qreal comparedMax(qsizetype first, qsizetype last) const;
    void fitY();
    void updateTitle();
    void hideCrosshair();
    std::pair<qsizetype, qsizetype> visibleBuckets() const;
    qsizetype firstDataBucket() const;
    qsizetype lastCompleteBucket() const; // the last bucket drawn solid
    qsizetype firstSolidBucket() const;   // the first bucket drawn solid
    void setXRange(qreal lo, qreal hi);
    // TrendChartStyle.cpp: the partial first bucket, gaps, warnings, legend swatches.
    void drawHeadAndGaps(qsizetype first, qsizetype last, int threshold);
    void updateWarnings();
    QString partialNote(qsizetype i) const; // ", 7–9 Nov, 3 of 7 days" for a cut bucket
    void styleLegendPens();
    QLineSeries* ensureHead(const QString& sign);
    void dropExtraSeries(const QString& sign);
    // Issue 23: ticks and gridlines on bucket starts, marks of text changes and the legend's
    // entry for the dotted tail, laid out over the chart (TrendChartAxis.cpp,
    // TrendChartAnnotations.cpp, TrendChartSlide.cpp).
    void layoutOverlays();
    QList<qsizetype> tickBuckets() const;
    void layoutTicks();
    void layoutAnnotations();
    QString describeAnnotation(const ViewTrends::Annotation& annotation) const;
    void showUnfinishedKey(bool shown);
    void showCrosshairAt(int bucketIndex, bool tooltip);
    void updateDescription();

    QChart* m_chart;
    QChartView* m_view;
    QStackedLayout* m_stack;
    TrendChartMultiples* m_multiples;
    QDateTimeAxis* m_x;
    QValueAxis* m_y;
    QGraphicsLineItem* m_crosshair;
    QMenu* m_signsMenu;
    QHash<QString, QLineSeries*> m_series;
    QHash<QString, QLineSeries*> m_partial;
    QHash<QString, QLineSeries*> m_head;            // the partial first bucket, dotted
    QHash<QString, QList<QLineSeries*>> m_segments; // with gaps: the parts after the first
    QGraphicsSimpleTextItem* m_warning = nullptr;   // above the title
    QString m_warningText;
    MissingDays m_missingDays = MissingDays::Zero;
    QHash<QString, QAreaSeries*> m_areas;
    QScatterSeries* m_marks;
    QHash<QString, QLineSeries*> m_compared; // the compared period's dashed lines
    QLineSeries* m_comparedKey = nullptr;    // their one legend entry
    QHash<QString, QAction*> m_actions;
    QHash<QString, QList<QPointF>> m_data;
    QHash<QString, bool> m_visible;
    QHash<QString, Qt::PenStyle> m_styles; // the sign's own style, used where lines are sparse
    QList<qreal> m_xs;                     // each bucket's start, ms
    bool m_redrawing = false;
    Kind m_kind = Kind::Lines;
    QStringList m_order;
    ViewTrends m_trends;
    QString m_hoverText;
    int m_crossBucket = -1; // where the crosshair is; -1 hidden
    QList<QGraphicsLineItem*> m_gridLines;
    QList<QGraphicsSimpleTextItem*> m_tickLabels;
    QList<QGraphicsPolygonItem*> m_markItems;
    QList<qsizetype> m_ticks;       // the buckets with a labelled gridline
    QList<qsizetype> m_markBuckets; // the buckets with a mark of text changes
    QLineSeries* m_unfinishedKey = nullptr;
};
