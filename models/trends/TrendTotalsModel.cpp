#include "TrendTotalsModel.h"

#include "TrendCompare.h"
#include "ZodiacSign.h"

#include <QLocale>
#include <cmath>

TrendTotalsModel::TrendTotalsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void TrendTotalsModel::setTrends(const ViewTrends& trends)
{
    // Same signs: update in place, so a refresh keeps the selection and the scroll position.
    if (trends.signs == m_trends.signs && trends.compared.isOn() == m_trends.compared.isOn()) {
        m_trends = trends;
        if (!m_trends.signs.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_trends = trends;
    endResetModel();
}

int TrendTotalsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_trends.signs.size());
}

int TrendTotalsModel::columnCount(const QModelIndex& parent) const
{
    // The compared column only with a comparison on.
    return parent.isValid() ? 0 : m_trends.compared.isOn() ? ColumnCount : ComparedColumn;
}

QVariant TrendTotalsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString& sign = m_trends.signs.at(index.row());
    const bool compared = m_trends.compared.isOn();
    const double change = compared ? TrendCompare::change(m_trends, sign) : m_trends.change(sign);
    switch (role) {
    case SignKeyRole:
        return sign;
    case RawValueRole:
        switch (index.column()) {
        case SignColumn:
            return sign;
        case TotalColumn:
            return m_trends.totals.value(sign);
        case ShareColumn:
            return m_trends.share(sign);
        case ChangeColumn:
            return std::isnan(change) ? QVariant() : QVariant(change);
        case ComparedColumn:
            return m_trends.compared.totals.value(sign);
        default:
            return {};
        }
    case Qt::DecorationRole:
        return index.column() == SignColumn ? QVariant(ZodiacSign::color(sign)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == SignColumn
                   ? QVariant()
                   : QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == ChangeColumn && !std::isnan(change))
            return change < 0 ? QColor(0xc0, 0x1c, 0x28) : QColor(0x26, 0xa2, 0x69);
        return {};
    case Qt::ToolTipRole:
        if (compared && (index.column() == ChangeColumn || index.column() == ComparedColumn))
            return tr("%1 views in %2")
                .arg(QLocale().toString(m_trends.compared.totals.value(sign)),
                     TrendCompare::describe(m_trends.compared));
        if (index.column() == ChangeColumn)
            return tr("%1 views in the %2 days before")
                .arg(QLocale().toString(m_trends.previous.value(sign)))
                .arg(m_trends.from.daysTo(m_trends.to) + 1);
        return {};
    case Qt::DisplayRole: {
        const QLocale locale;
        switch (index.column()) {
        case SignColumn:
            return ZodiacSign::display(sign);
        case TotalColumn:
            return locale.toString(m_trends.totals.value(sign));
        case ShareColumn:
            return locale.toString(m_trends.share(sign) * 100.0, 'f', 1) + QLatin1Char('%');
        case ChangeColumn:
            if (std::isnan(change))
                return QStringLiteral("—");
            return (change > 0 ? QStringLiteral("+") : QString()) +
                   locale.toString(change * 100.0, 'f', 1) + QLatin1Char('%');
        case ComparedColumn:
            return locale.toString(m_trends.compared.totals.value(sign));
        default:
            return {};
        }
    }
    default:
        return {};
    }
}

QVariant TrendTotalsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && m_trends.compared.isOn() &&
        (section == ChangeColumn || section == ComparedColumn))
        return tr("Compared with %1").arg(TrendCompare::describe(m_trends.compared));
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SignColumn:
        return tr("Sign");
    case TotalColumn:
        return tr("Views");
    case ShareColumn:
        return tr("Share");
    case ChangeColumn:
        return tr("Change"); // against what: the header's tooltip
    case ComparedColumn:
        return tr("Compared");
    default:
        return {};
    }
}
