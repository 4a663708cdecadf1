#include "ActivityModel.h"

#include "ZodiacSign.h"

#include <QLocale>

ActivityModel::ActivityModel(Database* database, QObject* parent)
    : QAbstractTableModel(parent)
    , m_service(database)
{}

void ActivityModel::setFilter(const ActivityFilter& filter)
{
    beginResetModel();
    m_filter = filter;
    m_entries.clear();
    m_more = false;
    endResetModel();
    request();
}

const ActivityEntry* ActivityModel::entry(int row) const
{
    return row >= 0 && row < m_entries.size() ? &m_entries.at(row) : nullptr;
}

void ActivityModel::request()
{
    m_loading = true;
    std::optional<ActivityLog::Position> after;
    if (!m_entries.isEmpty())
        after = ActivityLog::positionOf(m_entries.last());
    m_service.page(this, m_filter, after,
                   m_pages.wrap<ActivityService::Page>([this](DbResult<ActivityService::Page> r) {
                       m_loading = false;
                       if (!r.ok()) {
                           emit failed(r.error);
                           return;
                       }
                       if (!r.value.entries.isEmpty()) {
                           const int first = static_cast<int>(m_entries.size());
                           beginInsertRows({}, first,
                                           first + static_cast<int>(r.value.entries.size()) - 1);
                           m_entries << r.value.entries;
                           endInsertRows();
                       }
                       m_more = r.value.more;
                       emit loaded();
                   }));
}

int ActivityModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int ActivityModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActivityModel::data(const QModelIndex& index, int role) const
{
    const ActivityEntry* e = entry(index.row());
    if (!e || !index.isValid())
        return {};
    if (role == Qt::ToolTipRole && index.column() == Summary)
        return e->summary;
    if (role == Qt::UserRole) // the raw value, for sorting and tests
        return e->revisionId;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case When:
        return QLocale().toString(e->changedAt.toLocalTime(), QLocale::ShortFormat);
    case Sign:
        return ZodiacSign::display(e->sign);
    case Day:
        return QLocale().toString(e->date, QLocale::ShortFormat);
    case Summary:
        return e->summary;
    case Who:
        return e->person.isEmpty() ? tr("role %1").arg(e->changedBy)
                                   : tr("%1 (role %2)").arg(e->person, e->changedBy);
    }
    return {};
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case When:
        return tr("When");
    case Sign:
        return tr("Sign");
    case Day:
        return tr("Day");
    case Summary:
        return tr("What happened");
    case Who:
        return tr("Who");
    }
    return {};
}

bool ActivityModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_more && !m_loading;
}

void ActivityModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        request();
}
