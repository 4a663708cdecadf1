#pragma once

#include <QWidget>

class DatabaseWorker;
class QLabel;
class QTableView;
class QToolButton;
class SignSummaryModel;
struct DbError;

// Per sign, at a glance: horoscopes cached, the latest date, whether today's exists, and
// views this week against last week. Loaded on the worker thread.
class OverviewPage final : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPage(DatabaseWorker* worker, QWidget* parent = nullptr);

    void reload();
    SignSummaryModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    bool isLoading() const { return m_loading; }

signals:
    void loadFailed(const DbError& error);

private:
    DatabaseWorker* m_worker;
    SignSummaryModel* m_model;
    QTableView* m_view;
    QLabel* m_status;
    QToolButton* m_refresh;
    bool m_loading = false;
};
