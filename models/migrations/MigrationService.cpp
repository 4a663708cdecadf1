#include "MigrationService.h"

#include "DatabaseWorker.h"

#include <QSqlQuery>
#include <QVariant>

MigrationService::MigrationService(ConnectionSpec spec, QList<Migration> migrations,
                                   QObject* parent)
    : QObject(parent)
    , m_migrations(std::move(migrations))
    , m_worker(std::make_unique<DatabaseWorker>(std::move(spec)))
    , m_cancel(std::make_shared<std::atomic_bool>(false))
{
    m_worker->start();
}

MigrationService::~MigrationService()
{
    m_cancel->store(true);
    m_worker->cancelRunningQuery();
}

namespace {

struct StatusResult
{
    bool ok = false;
    QList<MigrationRunner::Entry> entries;
    DbError error;
};

} // namespace

void MigrationService::refresh()
{
    const QList<Migration>* migrations = &m_migrations;
    m_worker->run<StatusResult>(
        this,
        [migrations](QSqlDatabase& db) {
            StatusResult r;
            MigrationRunner runner(db, *migrations, {});
            r.ok = runner.status(&r.entries, &r.error);
            return r;
        },
        [this](StatusResult r) {
            if (r.ok)
                emit statusChanged(r.entries);
            else
                emit statusFailed(r.error);
        });
}

void MigrationService::up(const QString& toId, bool dryRun, bool createSeedTables)
{
    start(true, toId, {.dryRun = dryRun, .createSeedTables = createSeedTables});
}

void MigrationService::down(const QString& toId, bool dryRun, bool acceptDataLoss)
{
    start(false, toId, {.dryRun = dryRun, .acceptDataLoss = acceptDataLoss});
}

namespace {

struct PreviewResult
{
    QList<MigrationGuards::TableLoss> losses;
    QString database;
    DbError error;
};

} // namespace

void MigrationService::previewRollback(const QString& toId)
{
    const QList<Migration>* migrations = &m_migrations;
    m_worker->run<PreviewResult>(
        this,
        [migrations, toId](QSqlDatabase& db) {
            PreviewResult r;
            MigrationRunner runner(db, *migrations, {});
            if (runner.rollbackLosses(toId, &r.losses, &r.error)) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral("SELECT current_database()")) && q.next())
                    r.database = q.value(0).toString();
            }
            return r;
        },
        [this, toId](PreviewResult r) {
            emit rollbackPreviewed(toId, r.losses, r.database, r.error);
        });
}

void MigrationService::cancel()
{
    m_cancel->store(true);
    m_worker->cancelRunningQuery();
}

void MigrationService::start(bool upward, const QString& toId, MigrationRunner::Options options)
{
    if (m_busy)
        return;
    m_busy = true;
    m_cancel->store(false);
    emit started();
    const QList<Migration>* migrations = &m_migrations;
    QPointer<MigrationService> self(this);
    auto cancel = m_cancel;
    struct RunResult
    {
        bool ok = false;
        DbError error;
    };
    m_worker->run<RunResult>(
        this,
        [=](QSqlDatabase& db) {
            MigrationRunner runner(db, *migrations, options);
            runner.setCancelFlag(cancel.get());
            // The runner reports from the worker thread; hand it to ours.
            runner.setProgress([self](const QString& message, int done, int total) {
                QMetaObject::invokeMethod(self, [self, message, done, total] {
                    if (self)
                        emit self->progress(message, done, total);
                });
            });
            runner.setOutput([self](const QString& text) {
                QMetaObject::invokeMethod(self, [self, text] {
                    if (self)
                        emit self->output(text);
                });
            });
            DbError error;
            const bool ok = upward ? runner.up(toId, &error) : runner.down(toId, &error);
            return RunResult{ok, error};
        },
        [this](RunResult result) {
            m_busy = false;
            emit finished(result.ok, result.error);
            refresh();
        });
}
