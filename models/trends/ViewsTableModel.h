#pragma once

#include <QAbstractTableModel>
#include <QDate>
#include <QStringList>

class QSqlDatabase;
class ConnectionSpec;
struct DbError;

// The raw horoscope_views rows, read-only: view_count belongs to the bot, which increments it.
class ViewsTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    struct Row
    {
        int id = 0;
        QString sign;
        QDate date;
        qint64 views = 0;
    };
    enum Column { SignColumn, DateColumn, ViewsColumn, ColumnCount };
    static constexpr int kLimit = 20'000;

    explicit ViewsTableModel(QObject* parent = nullptr);
    void setRows(const QList<Row>& rows, bool truncated);
    bool isTruncated() const { return m_truncated; }

    // Newest first; at most kLimit rows (truncated says there were more).
    static bool load(QSqlDatabase& db, const ConnectionSpec& spec, const QStringList& signs,
                     const QDate& from, const QDate& to, QList<Row>* out, bool* truncated,
                     DbError* error);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

private:
    QList<Row> m_rows;
    bool m_truncated = false;
};
