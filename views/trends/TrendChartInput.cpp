// TrendChart: the crosshair under the pointer and the keyboard.
#include "TrendChart.h"

#include "ZodiacSign.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsLineItem>
#include <QKeyEvent>
#include <QLineSeries>
#include <QLocale>
#include <QMenu>
#include <QMouseEvent>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

QString TrendChart::describePoint(const QString& sign, int i) const
{
    if (i < 0 || i >= m_trends.buckets.size())
        return {};
    const QLocale locale;
    const QDate start = m_trends.buckets.at(i);
    QString when;
    switch (m_trends.bucket) {
    case ViewTrends::Bucket::Day:
        when = locale.toString(start, QLocale::ShortFormat);
        break;
    case ViewTrends::Bucket::Week:
        when = tr("week of %1").arg(locale.toString(start, QLocale::ShortFormat));
        break;
    case ViewTrends::Bucket::Month:
        when = locale.toString(start, u"LLLL yyyy"_s);
        break;
    }
    if (sign.isEmpty())
        return when;
    return tr("%1 — %2: %3 views")
        .arg(when, ZodiacSign::display(sign),
             locale.toString(m_trends.counts.value(sign).value(i)));
}

QString TrendChart::crosshairText(int i) const
{
    if (i < 0 || i >= m_trends.buckets.size())
        return {};
    const QLocale locale;
    QString when = describePoint({}, i);
    if (m_trends.isBeforeData(i)) {
        return tr("%1: no data yet (the first recorded view is on %2)")
            .arg(when, locale.toString(m_trends.firstRecorded, QLocale::ShortFormat));
    }
    if (m_trends.isPartial(i))
        when = tr("%1 (unfinished)").arg(when);
    when += partialNote(i);
    QList<std::pair<qint64, QString>> rows;
    qint64 total = 0;
    for (const QString& sign : visibleSigns()) {
        const qint64 count = m_trends.counts.value(sign).value(i);
        rows << std::pair{count, sign};
        total += count;
    }
    // Largest first; equal counts in zodiac order.
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    QStringList lines{when};
    for (const auto& [count, sign] : std::as_const(rows)) {
        QString line = tr("%1: %2").arg(ZodiacSign::display(sign), locale.toString(count));
        if (m_kind == Kind::Share && total > 0)
            line += u" (%1%)"_s.arg(locale.toString(100.0 * double(count) / double(total), 'f', 1));
        lines << line + comparedSuffix(sign, i);
    }
    lines << tr("Total: %1").arg(locale.toString(total)) + comparedSuffix({}, i);
    int regenerated = 0, corrected = 0, deleted = 0;
    for (const ViewTrends::Annotation& a : m_trends.annotations) {
        if (m_trends.bucketOf(a.day) == i) {
            regenerated += a.regenerated;
            corrected += a.corrected;
            deleted += a.invalidated;
        }
    }
    if (regenerated + corrected + deleted > 0) {
        lines << tr("Texts changed: %1 regenerated, %2 corrected, %3 deleted")
                     .arg(regenerated)
                     .arg(corrected)
                     .arg(deleted);
    }
    return lines.join(u'\n');
}

int TrendChart::bucketAt(qreal x) const
{
    if (m_xs.isEmpty())
        return -1;
    const auto it = std::lower_bound(m_xs.cbegin(), m_xs.cend(), x);
    int i = static_cast<int>(it - m_xs.cbegin());
    if (i > 0 && (i == m_xs.size() || x - m_xs.at(i - 1) < m_xs.at(i) - x))
        --i;
    return i;
}

QPoint TrendChart::positionOf(int i) const
{
    QLineSeries* any = m_series.value(m_order.value(0));
    if (!any || i < 0 || i >= m_xs.size())
        return {};
    const QPointF inChart =
        m_chart->mapToPosition(QPointF(m_xs.at(i), (m_y->min() + m_y->max()) / 2), any);
    return m_view->mapFromScene(m_chart->mapToScene(inChart));
}

void TrendChart::hoverAt(const QPoint& viewportPos)
{
    QLineSeries* any = m_series.value(m_order.value(0));
    if (!any || m_kind == Kind::SmallMultiples) {
        hideCrosshair();
        return;
    }
    const QPointF inChart = m_chart->mapFromScene(m_view->mapToScene(viewportPos));
    const QRectF plot = m_chart->plotArea();
    if (!plot.contains(inChart)) {
        hideCrosshair();
        return;
    }
    // The nearest bucket to the pointer, not a point in between.
    const int i = bucketAt(m_chart->mapToValue(inChart, any).x());
    const qreal x = std::clamp(m_chart->mapToPosition(QPointF(m_xs.at(i), 0), any).x(), plot.left(),
                               plot.right());
    m_crosshair->setLine(x, plot.top(), x, plot.bottom());
    m_crosshair->show();
    m_hoverText = crosshairText(i);
    QToolTip::showText(m_view->viewport()->mapToGlobal(viewportPos), m_hoverText,
                       m_view->viewport());
    emit hovered(m_hoverText);
}

bool TrendChart::isCrosshairVisible() const
{
    return m_crosshair->isVisible();
}

void TrendChart::hideCrosshair()
{
    if (!m_crosshair->isVisible())
        return;
    m_crosshair->hide();
    QToolTip::hideText();
}

bool TrendChart::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport()) {
        if (event->type() == QEvent::MouseMove)
            hoverAt(static_cast<QMouseEvent*>(event)->position().toPoint());
        else if (event->type() == QEvent::Leave)
            hideCrosshair();
    }
    return QWidget::eventFilter(watched, event);
}

void TrendChart::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(2.0);
        break;
    case Qt::Key_Minus:
        zoomBy(0.5);
        break;
    case Qt::Key_Left:
        pan(-0.25);
        break;
    case Qt::Key_Right:
        pan(0.25);
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        resetZoom();
        break;
    case Qt::Key_A:
        showAll();
        break;
    case Qt::Key_Menu:
        m_signsMenu->popup(mapToGlobal(rect().center()));
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}
