#pragma once

#include "Privileges.h"

#include <QWidget>

#include "MigrationGuards.h"

class MigrationService;
class MigrationsModel;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QTabWidget;
struct DbError;

// Every migration with its state, the SQL of each, Apply and Roll back with confirmation,
// progress with Cancel, and the log of the last run.
class MigrationsView final : public QWidget
{
    Q_OBJECT
public:
    explicit MigrationsView(MigrationService* service, QWidget* parent = nullptr);

    MigrationsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QString log() const;
    int pendingCount() const;
    // Apply and Roll back need the table owner's rights; the tooltip says what is missing.
    void setPrivileges(const Privileges& privileges);

    void applyPending();
    void applyUpToSelected();
    void rollBackToBeforeSelected();
    void previewPending();

signals:
    void pendingCountChanged(int pending);
    void schemaChanged();

private:
    void explainPrivileges();
    void showSelectedSql();
    void updateButtons();
    void onFinished(bool ok, const DbError& error);
    void onRollbackPreviewed(const QString& toId, const QList<MigrationGuards::TableLoss>& losses,
                             const QString& database, const DbError& error);
    void appendLog(const QString& text);
    QString selectedId() const;

    QString m_lastUpTarget;
    bool m_lastRunWasPreview = false;
    QString m_rollbackFile; // the migration the user asked to roll back

    MigrationService* m_service;
    MigrationsModel* m_model;
    QTableView* m_table;
    QLabel* m_summary;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_sql;
    QPlainTextEdit* m_log;
    QProgressBar* m_progress;
    QPushButton* m_apply;
    QPushButton* m_applyTo;
    QPushButton* m_rollBack;
    QPushButton* m_preview;
    QPushButton* m_cancel;
    Privileges m_privileges;
    QString m_readSummary; // what the last read of the state said, before any "may not"
};
