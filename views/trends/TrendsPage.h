#pragma once

#include "TrendsService.h"

#include "TrendChart.h"
#include "ViewTrends.h"

#include <QTime>

#include <QWidget>

class DateRangePicker;
class QComboBox;
class QDateEdit;
class QLabel;
class QSpinBox;
class QTableView;
class QTimer;
class TrendTotalsModel;
class ViewsTableModel;

// What managers look at: views per sign over time with range presets and buckets, totals,
// shares and change against the previous period, auto-refresh, PNG and CSV export, and the
// raw counters, read-only.
class TrendsPage final : public QWidget
{
    Q_OBJECT
public:
    // In the order of the picker's entries; Custom is the picker's own last entry.
    enum class Preset { Days7, Days30, Days90, Days365, AllTime, Custom };

    explicit TrendsPage(Database* database, QWidget* parent = nullptr);

    void setRange(Preset preset, const QDate& from = {}, const QDate& to = {});
    void setBucket(ViewTrends::Bucket bucket);
    void setAutoRefreshSeconds(int seconds); // 0 turns it off; never faster than 5 s
    int autoRefreshSeconds() const;
    void refresh();
    void reloadRawViews();

    ViewTrends::Range currentRange() const;
    // The period to compare with: none, the previous one, a year before or `days` before.
    void setComparison(TrendComparison::Mode mode, int days = 7);
    // Mode::None, with the reason in *problem, when the choice does not fit the bucket.
    TrendComparison currentComparison(QString* problem = nullptr) const;
    const ViewTrends& trends() const { return m_trends; }
    TrendChart* chart() const { return m_chart; }
    TrendTotalsModel* totals() const { return m_totals; }
    ViewsTableModel* rawViews() const { return m_raw; }
    QTableView* rawTable() const { return m_rawTable; }
    int refreshCount() const { return m_refreshes; }
    QString caption() const; // under the chart: the dates, views and signs drawn
    void setKind(TrendChart::Kind kind);

    bool exportPng(const QString& fileName) const;
    bool exportCsv(const QString& fileName) const;

signals:
    void message(const QString& text, bool error);
    void refreshed();

private:
    void setUpComparison(); // TrendsPageCompare.cpp
    void choosePng();
    void chooseCsv();
    void updateCaption(); // what the chart draws now: zoom, hidden signs

    TrendsService m_service;
    LatestOnly m_rawLoads;
    TrendChart* m_chart;
    TrendTotalsModel* m_totals;
    ViewsTableModel* m_raw;
    QTableView* m_rawTable;
    DateRangePicker* m_dates;
    QComboBox* m_bucket;
    QComboBox* m_kind;
    QComboBox* m_autoRefresh;
    QComboBox* m_compare;
    QSpinBox* m_compareDays;
    QComboBox* m_rawSign;
    QDateEdit* m_rawFrom;
    QDateEdit* m_rawTo;
    QLabel* m_rawStatus;
    QLabel* m_status;
    QTimer* m_timer;
    ViewTrends m_trends;
    bool m_loading = false;
    bool m_again = false;
    int m_refreshes = 0;
    QTime m_updated;
};
