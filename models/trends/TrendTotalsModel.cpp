#include "TrendTotalsModel.h"

#include "TrendCompare.h"
#include "ZodiacSign.h"

#include <QLocale>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

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
    // Hidden signs are not drawn: no share of what is drawn (the share chart's).
    const bool hidden = m_hidden.contains(sign);
    const qint64 shown = shownTotal();
    const double share =
        shown > 0 ? static_cast<double>(m_trends.totals.value(sign)) / static_cast<double>(shown)
                  : 0.0;
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
            return hidden ? QVariant() : QVariant(share);
        case ChangeColumn:
            return std::isnan(change) ? QVariant() : QVariant(change);
        case ComparedColumn:
            return m_trends.compared.totals.value(sign);
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (index.column() != SignColumn)
            return {};
        return ViewTrends::isSign(sign) ? ZodiacSign::color(sign)
                                        : ViewTrends::unknownKeyColor(static_cast<int>(
                                              m_trends.unknownKeys().indexOf(sign)));
    case Qt::TextAlignmentRole:
        return index.column() == SignColumn
                   ? QVariant()
                   : QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (hidden)
            return QColor(0x76, 0x76, 0x76);
        if (index.column() == ChangeColumn && !std::isnan(change))
            return change < 0 ? QColor(0xc0, 0x1c, 0x28) : QColor(0x26, 0xa2, 0x69);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SignColumn)
            return signNotes(sign);
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
        case SignColumn: {
            QString name = ViewTrends::keyName(sign);
            if (!m_trends.missingText(sign).isEmpty() || !ViewTrends::isSign(sign))
                name += u" ⚠"_s;
            return hidden ? tr("%1 (hidden)").arg(name) : name;
        }
        case TotalColumn:
            return locale.toString(m_trends.totals.value(sign));
        case ShareColumn:
            if (hidden)
                return QStringLiteral("—");
            return locale.toString(share * 100.0, 'f', 1) + QLatin1Char('%');
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

void TrendTotalsModel::setHiddenSigns(const QStringList& hidden)
{
    if (m_hidden == hidden)
        return;
    m_hidden = hidden;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

qint64 TrendTotalsModel::shownTotal() const
{
    qint64 sum = 0;
    for (const QString& sign : m_trends.signs)
        if (!m_hidden.contains(sign))
            sum += m_trends.totals.value(sign);
    return sum;
}

QString TrendTotalsModel::signNotes(const QString& sign) const
{
    QStringList notes;
    if (m_hidden.contains(sign))
        notes << tr("Hidden in the chart: left out of the shares");
    for (const QString& text : {m_trends.missingText(sign), m_trends.unknownSummary({sign})})
        if (!text.isEmpty())
            notes << text;
    return notes.join(u'\n');
}
