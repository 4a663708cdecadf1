// TrendsPage: the choice of a period to compare with (a dashed line per sign, a column in the
// totals).
#include "TrendsPage.h"

#include "TrendCompare.h"

#include <QComboBox>
#include <QSpinBox>

using namespace Qt::Literals::StringLiterals;

void TrendsPage::setUpComparison()
{
    m_compare->addItem(tr("No comparison"), static_cast<int>(TrendComparison::Mode::None));
    m_compare->addItem(tr("vs previous period"), static_cast<int>(TrendComparison::Mode::Previous));
    m_compare->addItem(tr("vs a year before"), static_cast<int>(TrendComparison::Mode::Year));
    m_compare->addItem(tr("vs days before:"), static_cast<int>(TrendComparison::Mode::Days));
    m_compare->setAccessibleName(tr("Compare with"));
    m_compare->setToolTip(tr("Draw a second, dashed line per sign for another period and add "
                             "its views to the totals"));
    m_compareDays->setRange(1, TrendCompare::maxOffsetDays);
    m_compareDays->setValue(7);
    m_compareDays->setSuffix(tr(" d"));
    m_compareDays->setAccessibleName(tr("Days before"));
    m_compareDays->setToolTip(tr("How many days before; by week a multiple of 7"));
    m_compareDays->setEnabled(false);
    m_compareDays->setKeyboardTracking(false); // one refresh per value, not per digit
    connect(m_compare, &QComboBox::currentIndexChanged, this, [this] {
        m_compareDays->setEnabled(m_compare->currentData().toInt() ==
                                  static_cast<int>(TrendComparison::Mode::Days));
        refresh();
    });
    connect(m_compareDays, &QSpinBox::valueChanged, this, &TrendsPage::refresh);
}

void TrendsPage::setComparison(TrendComparison::Mode mode, int days)
{
    const QSignalBlocker block(m_compareDays);
    m_compareDays->setValue(days);
    const int index = m_compare->findData(static_cast<int>(mode));
    if (index == m_compare->currentIndex())
        refresh();
    else
        m_compare->setCurrentIndex(index);
}

TrendComparison TrendsPage::currentComparison(QString* problem) const
{
    const ViewTrends::Bucket bucket = currentRange().bucket;
    QString key;
    switch (static_cast<TrendComparison::Mode>(m_compare->currentData().toInt())) {
    case TrendComparison::Mode::None:
        return {};
    case TrendComparison::Mode::Previous:
        key = u"previous"_s;
        break;
    case TrendComparison::Mode::Year:
        key = u"year"_s;
        break;
    case TrendComparison::Mode::Days: {
        int days = m_compareDays->value();
        if (bucket == ViewTrends::Bucket::Week) // whole weeks, so weeks meet weeks
            days = std::max(7, (days + 3) / 7 * 7);
        if (bucket == ViewTrends::Bucket::Month) {
            if (problem)
                *problem = tr("By month, compare with the previous period or a year before.");
            return {};
        }
        key = QString::number(days) + u'd';
        break;
    }
    }
    TrendComparison c;
    if (const QString p = TrendCompare::parse(key, bucket, &c); !p.isEmpty()) {
        if (problem)
            *problem = p;
        return {};
    }
    return c;
}
