// TrendChart: what a picture of the chart needs to stand alone on a slide: a legend entry for
// the dotted, unfinished bucket, and text that grows with the picture.
#include "TrendChart.h"

#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QStackedLayout>
#include <QValueAxis>

QStringList TrendChart::legendLabels() const
{
    QStringList labels;
    for (QLegendMarker* marker : m_chart->legend()->markers())
        if (marker->isVisible() && marker->series()->isVisible())
            labels << marker->label();
    return labels;
}

void TrendChart::showUnfinishedKey(bool shown)
{
    if (!m_unfinishedKey) {
        // A series without points: only its legend entry is seen, the dotted tails' key.
        m_unfinishedKey = new QLineSeries;
        m_unfinishedKey->setName(tr("Unfinished (dotted)"));
        m_unfinishedKey->setPen(QPen(QColor(0x77, 0x77, 0x77), 2.0, Qt::DotLine));
        m_chart->addSeries(m_unfinishedKey);
        m_unfinishedKey->attachAxis(m_x);
        m_unfinishedKey->attachAxis(m_y);
    }
    m_unfinishedKey->setVisible(shown);
    for (QLegendMarker* marker : m_chart->legend()->markers(m_unfinishedKey))
        marker->setVisible(shown);
}

QImage TrendChart::toImage(const QSize& pixels) const
{
    QWidget* shown = m_stack->currentWidget();
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    if (shown == m_view) {
        m_view->render(&painter, QRectF(QPointF(0, 0), QSizeF(pixels)), m_view->rect(),
                       Qt::IgnoreAspectRatio);
    } else {
        painter.scale(qreal(pixels.width()) / shown->width(),
                      qreal(pixels.height()) / shown->height());
        shown->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    }
    return image;
}
