#pragma once

#include "MigrationRunner.h"

#include <QAbstractTableModel>

// The migrations and their state, for the Migrations view.
class MigrationsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        DescriptionColumn,
        StateColumn,
        AppliedAtColumn,
        AppliedByColumn,
        DurationColumn,
        ColumnCount
    };
    enum Role { StateRole = Qt::UserRole + 1, IdRole };

    explicit MigrationsModel(QObject* parent = nullptr);

    void setEntries(const QList<MigrationRunner::Entry>& entries);
    const MigrationRunner::Entry* entry(int row) const;
    int pendingCount() const;
    // A shipped migration's description in the interface's language; any other as its file says.
    static QString displayDescription(const QString& id, const QString& description);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<MigrationRunner::Entry> m_entries;
};
