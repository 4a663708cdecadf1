#pragma once

#include "ViewTrends.h"

#include <QAbstractTableModel>

// Beside the chart: per sign, the views in the range, its share, and the change against the
// previous period of the same length; with a comparison on (ViewTrends::compared), the compared
// period's views in a last column and the change against them.
class TrendTotalsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SignColumn, TotalColumn, ShareColumn, ChangeColumn, ComparedColumn, ColumnCount };
    static constexpr int RawValueRole = Qt::UserRole + 1;
    static constexpr int SignKeyRole = Qt::UserRole + 2;

    explicit TrendTotalsModel(QObject* parent = nullptr);
    void setTrends(const ViewTrends& trends);
    // Signs not drawn: their rows say so, greyed, and have no share (the shares are of what is
    // drawn, as in the share chart).
    void setHiddenSigns(const QStringList& hidden);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    qint64 shownTotal() const;
    QString signNotes(const QString& sign) const; // hidden, missing rows, not a sign

    ViewTrends m_trends;
    QStringList m_hidden;
};
