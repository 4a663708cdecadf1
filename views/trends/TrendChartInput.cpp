// TrendChart: the crosshair under the pointer and the keyboard.
#include "TrendChart.h"

#include "ZodiacSign.h"

#include <QAccessible>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QGraphicsLineItem>
#include <QKeyEvent>
#include <QLineSeries>
#include <QLocale>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
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
        // The month as the locale writes it alone ("ноябрь", not "ноября"): Qt 6.4 has no
        // pattern for it ("LLLL" came out as is).
        when = u"%1 %2"_s.arg(locale.standaloneMonthName(start.month()),
                              locale.toString(start, u"yyyy"_s));
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
    QStringList changes;
    for (const ViewTrends::Annotation& a : m_trends.annotations)
        if (m_trends.bucketOf(a.day) == i)
            changes << describeAnnotation(a);
    if (!changes.isEmpty())
        lines << tr("Texts changed: %1").arg(changes.join(u"; "_s));
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
    showCrosshairAt(bucketAt(m_chart->mapToValue(inChart, any).x()), false);
    QToolTip::showText(m_view->viewport()->mapToGlobal(viewportPos), m_hoverText,
                       m_view->viewport());
}

void TrendChart::showCrosshairAt(int i, bool tooltip)
{
    QLineSeries* any = m_series.value(m_order.value(0));
    if (!any || i < 0 || i >= m_xs.size() || m_kind == Kind::SmallMultiples) {
        hideCrosshair();
        return;
    }
    const QRectF plot = m_chart->plotArea();
    const qreal x = std::clamp(m_chart->mapToPosition(QPointF(m_xs.at(i), 0), any).x(), plot.left(),
                               plot.right());
    m_crosshair->setLine(x, plot.top(), x, plot.bottom());
    m_crosshair->show();
    m_crossBucket = i;
    m_hoverText = crosshairText(i);
    if (tooltip) {
        const QPoint at = m_view->mapFromScene(m_chart->mapToScene(QPointF(x, plot.top())));
        QToolTip::showText(m_view->viewport()->mapToGlobal(at), m_hoverText, m_view->viewport());
    }
    updateDescription();
    emit hovered(m_hoverText);
}

void TrendChart::moveCrosshairTo(int i)
{
    const auto [first, last] = visibleBuckets();
    if (m_xs.isEmpty())
        return;
    showCrosshairAt(static_cast<int>(std::clamp<qsizetype>(i, first, last)), true);
}

void TrendChart::updateDescription()
{
    // What a screen reader says of the chart: its keys, and the values under the crosshair.
    QString description = tr("Left and Right move the crosshair, Home and End go to the first "
                             "and last bucket; + and - zoom, Shift+Left and Shift+Right (or "
                             "Page Up and Page Down) move the chart, 0 resets, A shows all "
                             "signs");
    if (m_crosshair->isVisible() && !m_hoverText.isEmpty())
        description = m_hoverText + u"\n\n"_s + description;
    if (!m_warningText.isEmpty()) // missing rows, keys that are not signs: read first
        description = m_warningText + u"\n\n"_s + description;
    if (description == accessibleDescription())
        return;
    setAccessibleDescription(description);
    QAccessibleEvent event(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&event);
}

bool TrendChart::isCrosshairVisible() const
{
    return m_crosshair->isVisible();
}

void TrendChart::hideCrosshair()
{
    m_crossBucket = -1;
    if (!m_crosshair->isVisible())
        return;
    m_crosshair->hide();
    QToolTip::hideText();
    updateDescription();
}

bool TrendChart::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport()) {
        if (event->type() == QEvent::MouseMove)
            hoverAt(static_cast<QMouseEvent*>(event)->position().toPoint());
        else if (event->type() == QEvent::Leave &&
                 !m_view->viewport()->rect().contains(
                     m_view->viewport()->mapFromGlobal(QCursor::pos())))
            hideCrosshair(); // not when the crosshair's own tooltip came up under the pointer
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
    // Left and Right move the crosshair (from the first or last bucket in view when it is
    // hidden); with Shift, or Page Up and Page Down, they move the chart.
    case Qt::Key_Left:
    case Qt::Key_Right: {
        const bool back = event->key() == Qt::Key_Left;
        if (event->modifiers() & Qt::ShiftModifier) {
            pan(back ? -0.25 : 0.25);
        } else {
            const auto [first, last] = visibleBuckets();
            const int from = m_crossBucket >= 0 ? m_crossBucket + (back ? -1 : 1)
                                                : static_cast<int>(back ? last : first);
            moveCrosshairTo(from);
        }
        break;
    }
    case Qt::Key_PageUp:
        pan(-0.25);
        break;
    case Qt::Key_PageDown:
        pan(0.25);
        break;
    case Qt::Key_Home:
        moveCrosshairTo(static_cast<int>(visibleBuckets().first));
        break;
    case Qt::Key_End:
        moveCrosshairTo(static_cast<int>(visibleBuckets().second));
        break;
    case Qt::Key_0:
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

void TrendChart::paintEvent(QPaintEvent* event)
{
    QWidget::paintEvent(event);
    if (!hasFocus())
        return;
    // The focus frame, in the margin around the chart: the keys go to the chart now.
    QPainter painter(this);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
    painter.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
}

void TrendChart::focusInEvent(QFocusEvent* event)
{
    QWidget::focusInEvent(event);
    update();
}

void TrendChart::focusOutEvent(QFocusEvent* event)
{
    QWidget::focusOutEvent(event);
    update();
}
