#pragma once

#include "ConnectionSpec.h"
#include "DbError.h"
#include "Migration.h"
#include "MigrationRunner.h"

#include <QObject>
#include <atomic>
#include <memory>

class DatabaseWorker;

// Runs the MigrationRunner for the GUI on a connection of its own, so waiting for another
// runner's lock never holds up the app's other queries. Progress arrives as signals; Cancel
// stops between migrations and cancels the statement running now.
class MigrationService final : public QObject
{
    Q_OBJECT
public:
    MigrationService(ConnectionSpec spec, QList<Migration> migrations, QObject* parent = nullptr);
    ~MigrationService() override;

    const QList<Migration>& migrations() const { return m_migrations; }
    bool isBusy() const { return m_busy; }

    void refresh();
    void up(const QString& toId, bool dryRun = false, bool createSeedTables = false);
    void down(const QString& toId, bool dryRun = false, bool acceptDataLoss = false);
    // What down(toId) would delete, answered by rollbackPreviewed(), so the window can ask first.
    void previewRollback(const QString& toId);
    void cancel();

signals:
    void statusChanged(const QList<MigrationRunner::Entry>& entries);
    void statusFailed(const DbError& error);
    void started();
    void progress(const QString& message, int done, int total);
    void output(const QString& text);
    void finished(bool ok, const DbError& error);
    void rollbackPreviewed(const QString& toId, const QList<MigrationGuards::TableLoss>& losses,
                           const QString& database, const DbError& error);

private:
    void start(bool upward, const QString& toId, MigrationRunner::Options options);

    QList<Migration> m_migrations;
    std::unique_ptr<DatabaseWorker> m_worker;
    std::shared_ptr<std::atomic_bool> m_cancel;
    bool m_busy = false;
};
