#include "SignSummaryModel.h"

#include "ZodiacSign.h"

#include <QColor>
#include <QLocale>

SignSummaryModel::SignSummaryModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void SignSummaryModel::setRows(const QList<SignSummary>& rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int SignSummaryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SignSummaryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

// For sorting: no previous views sorts as no change.
double changeRatio(const SignSummary& s)
{
    return s.viewsPrevious > 0 ? s.change() : 0.0;
}

QString daysText(const QDate& from, const QDate& to)
{
    const QLocale locale;
    return from == to ? locale.toString(from, QLocale::ShortFormat)
                      : locale.toString(from, QLocale::ShortFormat) + QStringLiteral(" – ") +
                            locale.toString(to, QLocale::ShortFormat);
}

} // namespace

int SignSummaryModel::days() const
{
    return m_rows.isEmpty() ? SignSummary::defaultDays : m_rows.first().days;
}

QString SignSummaryModel::periodsText() const
{
    if (m_rows.isEmpty() || !m_rows.first().today.isValid())
        return tr("The last %1 complete days against the %1 days before them; today, still "
                  "under way, is left out.")
            .arg(days());
    const SignSummary& s = m_rows.first();
    return tr("The last %1 complete days (%2) against the %1 days before them (%3); today, "
              "still under way, is left out.")
        .arg(days())
        .arg(daysText(s.lastFrom(), s.lastTo()), daysText(s.previousFrom(), s.previousTo()));
}

QVariant SignSummaryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SignSummary& s = m_rows.at(index.row());
    const QLocale locale;
    if (role == RawValueRole) {
        switch (index.column()) {
        case SignColumn:
            return s.sign;
        case HoroscopesColumn:
            return s.horoscopes;
        case LatestColumn:
            return s.latest;
        case TodayColumn:
            return s.hasToday;
        case ViewsColumn:
            return s.viewsLast;
        case ChangeColumn:
            return changeRatio(s);
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != SignColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole) {
        if (index.column() == TodayColumn && !s.hasToday)
            return QColor(0xc0, 0x1c, 0x28);
        if (index.column() == ChangeColumn && s.viewsPrevious > 0)
            return changeRatio(s) < 0 ? QColor(0xc0, 0x1c, 0x28) : QColor(0x26, 0xa2, 0x69);
    }
    if (role == Qt::ToolTipRole && index.column() == SignColumn && !ZodiacSign::isKnown(s.sign))
        return tr("\"%1\" is not one of the twelve signs the bot knows.").arg(s.sign);
    if (role == Qt::ToolTipRole &&
        (index.column() == ViewsColumn || index.column() == ChangeColumn))
        return tr("%1 views in %2, %3 in %4 before; today is left out.")
            .arg(locale.toString(s.viewsLast), daysText(s.lastFrom(), s.lastTo()),
                 locale.toString(s.viewsPrevious), daysText(s.previousFrom(), s.previousTo()));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case SignColumn:
        return ZodiacSign::display(s.sign);
    case HoroscopesColumn:
        return locale.toString(s.horoscopes);
    case LatestColumn:
        return s.latest.isValid() ? locale.toString(s.latest, QLocale::ShortFormat) : QString();
    case TodayColumn:
        return s.hasToday ? tr("ready") : tr("missing");
    case ViewsColumn:
        return locale.toString(s.viewsLast);
    case ChangeColumn:
        if (s.viewsPrevious == 0)
            return QStringLiteral("—");
        return locale.toString(changeRatio(s) * 100.0, 'f', 1) + QLatin1Char('%');
    default:
        return {};
    }
}

QVariant SignSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && (section == ViewsColumn || section == ChangeColumn))
        return periodsText();
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SignColumn:
        return tr("Sign");
    case HoroscopesColumn:
        return tr("Horoscopes");
    case LatestColumn:
        return tr("Latest date");
    case TodayColumn:
        return tr("Today");
    case ViewsColumn:
        return tr("Views, last %1 complete days").arg(days());
    case ChangeColumn:
        return tr("Change vs the %1 complete days before").arg(days());
    default:
        return {};
    }
}
