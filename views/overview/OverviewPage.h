#pragma once

#include "HoroscopeService.h"

#include <QWidget>

class QLabel;
class QTableView;
class QTimer;
class QToolButton;
class SignSummaryModel;
struct DbError;

// Per sign, at a glance: horoscopes cached, the latest date, whether today's exists, and
// views in the last 7 complete days against the 7 before (today, under way, left out).
// Loaded on the worker thread.
class OverviewPage final : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPage(Database* database, QWidget* parent = nullptr);

    void reload();
    SignSummaryModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    bool isLoading() const { return m_loading; }
    // Issue 23: once loaded, reloads by itself while shown (each minute) and on being shown.
    void setAutoRefreshMs(int ms);
    bool isAutoRefreshing() const;
    int reloadCount() const { return m_reloads; }

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

signals:
    void loadFailed(const DbError& error);

private:
    HoroscopeService m_horoscopes;
    SignSummaryModel* m_model;
    QTableView* m_view;
    QLabel* m_status;
    QToolButton* m_refresh;
    QTimer* m_timer;
    bool m_loading = false;
    int m_reloads = 0;
    bool m_loaded = false; // auto-refresh starts after the first load that worked
};
