#include "TrendReport.h"

#include "TrendChart.h"
#include "TrendCompare.h"
#include "ZodiacSign.h"

#include <QApplication>
#include <QDateTime>
#include <QIODevice>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kDpi = 96; // layout units: one per pixel of the same picture on a screen

QString percent(double ratio)
{
    if (std::isnan(ratio))
        return u"—"_s;
    return (ratio > 0 ? u"+"_s : QString()) + QLocale().toString(ratio * 100.0, 'f', 1) + u" %"_s;
}

QString bucketText(ViewTrends::Bucket bucket)
{
    switch (bucket) {
    case ViewTrends::Bucket::Day:
        return TrendReport::tr("by day");
    case ViewTrends::Bucket::Week:
        return TrendReport::tr("by week (from Monday)");
    case ViewTrends::Bucket::Month:
        return TrendReport::tr("by month");
    }
    return {};
}

double changeOf(const ViewTrends& trends, const QString& sign)
{
    return trends.compared.isOn() ? TrendCompare::change(trends, sign) : trends.change(sign);
}

// A table of text, columns after the first aligned right; returns the bottom.
qreal drawTable(QPainter& p, const QRectF& area, const QList<QStringList>& rows,
                const QList<qreal>& widths)
{
    const qreal height = p.fontMetrics().height() * 1.35;
    qreal y = area.top();
    for (qsizetype r = 0; r < rows.size(); ++r) {
        QFont font = p.font();
        font.setBold(r == 0);
        p.setFont(font);
        qreal x = area.left();
        for (qsizetype c = 0; c < rows.at(r).size() && c < widths.size(); ++c) {
            const QRectF cell(x, y, widths.at(c) * area.width(), height);
            p.drawText(cell.adjusted(2, 0, -4, 0),
                       Qt::AlignVCenter | (c == 0 ? Qt::AlignLeft : Qt::AlignRight),
                       rows.at(r).at(c));
            x += cell.width();
        }
        y += height;
        if (r == 0) {
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y));
        }
    }
    QFont font = p.font();
    font.setBold(false);
    p.setFont(font);
    return y;
}

} // namespace

qint64 TrendReport::before(const ViewTrends& trends, const QString& sign)
{
    return trends.compared.isOn() ? trends.compared.totals.value(sign)
                                  : trends.previous.value(sign);
}

QList<TrendReport::Mover> TrendReport::movers(const ViewTrends& trends, bool up, int count)
{
    QList<Mover> all;
    for (const QString& sign : trends.signs) {
        const Mover m{sign, trends.totals.value(sign), before(trends, sign)};
        // A change needs something to change from: a sign without views before is not a mover.
        if (m.before > 0 && (up ? m.views > m.before : m.views < m.before))
            all << m;
    }
    std::stable_sort(all.begin(), all.end(), [up](const Mover& a, const Mover& b) {
        return up ? a.views - a.before > b.views - b.before
                  : a.views - a.before < b.views - b.before;
    });
    return all.mid(0, count);
}

bool TrendReport::write(const ViewTrends& trends, QIODevice* device, QString* error)
{
    QPdfWriter writer(device);
    writer.setResolution(kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape,
                                     QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter));
    writer.setTitle(tr("Views per sign"));
    writer.setCreator(u"Horoscope Admin"_s);
    QPainter p;
    if (!p.begin(&writer)) {
        *error = device->errorString();
        return false;
    }
    const QLocale locale;
    const QRectF page(0, 0, writer.width(), writer.height());
    QFont base(u"DejaVu Sans"_s);
    base.setPointSizeF(9);
    p.setFont(base);

    // Title, range, bucket, comparison.
    QFont title = base;
    title.setPointSizeF(16);
    title.setBold(true);
    p.setFont(title);
    const qreal titleHeight = p.fontMetrics().height();
    p.drawText(QRectF(page.left(), page.top(), page.width(), titleHeight), Qt::AlignLeft,
               tr("Views per sign"));
    QFont sub = base;
    sub.setPointSizeF(11);
    p.setFont(sub);
    QString range =
        tr("%1 to %2, %3")
            .arg(locale.toString(trends.from, u"d MMMM yyyy"_s),
                 locale.toString(trends.to, u"d MMMM yyyy"_s), bucketText(trends.bucket));
    if (trends.compared.isOn())
        range += u"; "_s + tr("compared with %1").arg(TrendCompare::describe(trends.compared));
    qreal y = page.top() + titleHeight + 2;
    const qreal subHeight = p.fontMetrics().height();
    p.drawText(QRectF(page.left(), y, page.width(), subHeight), Qt::AlignLeft, range);
    y += subHeight;
    p.setFont(base);
    p.setPen(QColor(0x55, 0x55, 0x55));
    p.drawText(QRectF(page.left(), y, page.width(), p.fontMetrics().height()), Qt::AlignLeft,
               tr("%1 views in all. Made %2.")
                   .arg(locale.toString(trends.total()),
                        locale.toString(QDateTime::currentDateTime(), QLocale::ShortFormat)));
    p.setPen(Qt::black);
    y += p.fontMetrics().height() * 1.6;

    // The chart on the left, as the window draws it.
    const QRectF chartArea(page.left(), y, page.width() * 0.6, page.height() - y);
    {
        TrendChart chart;
        chart.setAttribute(Qt::WA_DontShowOnScreen);
        chart.resize(chartArea.size().toSize());
        chart.show();
        chart.setTrends(trends);
        for (int pass = 0; pass < 3; ++pass) {
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
        }
        chart.renderInto(&p, chartArea);
    }

    // The totals on the right, then the movers.
    const bool compared = trends.compared.isOn();
    const QRectF side(chartArea.right() + 16, y, page.right() - chartArea.right() - 16,
                      page.height() - y);
    QList<QStringList> rows{{tr("Sign"), tr("Views"), tr("Share"),
                             compared ? tr("Compared") : tr("Before"), tr("Change")}};
    for (const QString& sign : trends.signs) {
        rows << QStringList{ZodiacSign::isKnown(sign) ? ZodiacSign::display(sign)
                                                      : tr("%1 (not a sign)").arg(sign),
                            locale.toString(trends.totals.value(sign)),
                            locale.toString(trends.share(sign) * 100.0, 'f', 1) + u" %"_s,
                            locale.toString(before(trends, sign)), percent(changeOf(trends, sign))};
    }
    qint64 allBefore = 0;
    for (const QString& sign : trends.signs)
        allBefore += before(trends, sign);
    rows << QStringList{tr("Total"), locale.toString(trends.total()), u"100 %"_s,
                        locale.toString(allBefore),
                        percent(allBefore > 0 ? static_cast<double>(trends.total() - allBefore) /
                                                    static_cast<double>(allBefore)
                                              : std::nan(""))};
    y = drawTable(p, side, rows, {0.30, 0.16, 0.14, 0.22, 0.18});
    y += p.fontMetrics().height();
    QFont bold = base;
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRectF(side.left(), y, side.width(), p.fontMetrics().height()), Qt::AlignLeft,
               compared ? tr("Biggest movers against the compared period")
                        : tr("Biggest movers against the period before"));
    y += p.fontMetrics().height() * 1.4;
    p.setFont(base);
    for (bool up : {true, false}) {
        const QList<Mover> list = movers(trends, up);
        QString line = (up ? tr("Up:") : tr("Down:")) + u' ';
        QStringList parts;
        for (const Mover& m : list) {
            const double ratio = m.before > 0 ? static_cast<double>(m.views - m.before) /
                                                    static_cast<double>(m.before)
                                              : std::nan("");
            parts << tr("%1 %2 (%3)")
                         .arg(ZodiacSign::display(m.sign),
                              (m.views > m.before ? u"+"_s : QString()) +
                                  locale.toString(m.views - m.before),
                              percent(ratio));
        }
        line += parts.isEmpty() ? tr("none") : parts.join(u"; "_s);
        const QRectF box(side.left(), y, side.width(), page.bottom() - y);
        const QRectF used = p.boundingRect(box, Qt::TextWordWrap | Qt::AlignLeft, line);
        p.drawText(box, Qt::TextWordWrap | Qt::AlignLeft, line);
        y += used.height() + p.fontMetrics().height() * 0.5;
    }
    if (!p.end()) {
        *error = device->errorString();
        return false;
    }
    return true;
}
