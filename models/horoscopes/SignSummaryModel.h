#pragma once

#include "SignSummary.h"

#include <QAbstractTableModel>

class SignSummaryModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        SignColumn,
        HoroscopesColumn,
        LatestColumn,
        TodayColumn,
        ViewsColumn,
        ChangeColumn,
        ColumnCount
    };
    static constexpr int RawValueRole = Qt::UserRole + 1; // for sorting proxies

    explicit SignSummaryModel(QObject* parent = nullptr);

    void setRows(const QList<SignSummary>& rows);
    const QList<SignSummary>& rows() const { return m_rows; }
    int days() const; // the length of each compared period
    // Which days the views and the change cover, for the headers' tooltips.
    QString periodsText() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<SignSummary> m_rows;
};
