#pragma once

#include "ActivityService.h"

#include <QAbstractTableModel>

// The activity log as a table, newest first: a page is read when the filter is set, and the
// next one when the view scrolls to the end (canFetchMore/fetchMore). Answers to an older
// filter are dropped.
class ActivityModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { When, Sign, Day, Summary, Who, ColumnCount };

    explicit ActivityModel(Database* database, QObject* parent = nullptr);

    void setFilter(const ActivityFilter& filter); // and reads the first page
    void reload() { setFilter(m_filter); }
    const ActivityFilter& filter() const { return m_filter; }
    const ActivityEntry* entry(int row) const;
    bool isLoading() const { return m_loading; }
    const ActivityService& service() const { return m_service; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

signals:
    void loaded(); // a page arrived
    void failed(const DbError& error);

private:
    void request();

    ActivityService m_service;
    LatestOnly m_pages;
    ActivityFilter m_filter;
    QList<ActivityEntry> m_entries;
    bool m_more = false;
    bool m_loading = false;
};
