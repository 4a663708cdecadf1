#include "MigrationService.h"

#include "DatabaseWorker.h"
#include "Service.h"

#include <QSqlQuery>
#include <QVariant>

MigrationService::MigrationService(ConnectionSpec spec, QList<Migration> migrations,
                                   QObject* parent)
    : QObject(parent)
    , m_migrations(std::move(migrations))
    , m_worker(std::make_unique<DatabaseWorker>(std::move(spec)))
    , m_cancel(std::make_shared<std::atomic_bool>(false))
{
    // A connection only while there is migration work: one fewer per window all day.
    Connection::Timing timing;
    timing.connectOnDemand = true;
    m_worker->setTiming(timing);
    m_worker->start();
}

MigrationService::~MigrationService()
{
    m_cancel->store(true);
    m_worker->cancelRunningQuery();
}

void MigrationService::refresh()
{
    using Entries = QList<MigrationRunner::Entry>;
    // A copy (implicitly shared): the job may still run after this service is gone.
    Service::requestOn<Entries>(
        m_worker.get(), this,
        [migrations = m_migrations](QSqlDatabase& db, Entries* out, DbError* error) {
            return MigrationRunner(db, migrations, {}).status(out, error);
        },
        [this](DbResult<Entries> r) {
            if (r.ok())
                emit statusChanged(r.value);
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

void MigrationService::previewRollback(const QString& toId)
{
    struct Preview
    {
        QList<MigrationGuards::TableLoss> losses;
        QString database;
    };
    Service::requestOn<Preview>(
        m_worker.get(), this,
        [migrations = m_migrations, toId](QSqlDatabase& db, Preview* out, DbError* error) {
            if (!MigrationRunner(db, migrations, {}).rollbackLosses(toId, &out->losses, error))
                return false;
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT current_database()")) && q.next())
                out->database = q.value(0).toString();
            return true;
        },
        [this, toId](DbResult<Preview> r) {
            emit rollbackPreviewed(toId, r.value.losses, r.value.database, r.error);
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
    QPointer<MigrationService> self(this);
    auto cancel = m_cancel;
    // The migrations by value: the job may still run after this service is gone.
    Service::requestOn<std::monostate>(
        m_worker.get(), this,
        [migrations = m_migrations, options, cancel, self, upward,
         toId](QSqlDatabase& db, std::monostate*, DbError* error) {
            MigrationRunner runner(db, migrations, options);
            runner.setCancelFlag(cancel.get());
            // The runner reports from the worker thread, where this service may be deleted at
            // any moment (closing the window does not wait): the report goes to the application
            // and `self` is read there, on the GUI thread, never here.
            runner.setProgress([self](const QString& message, int done, int total) {
                DatabaseWorker::deliver([self, message, done, total] {
                    if (self)
                        emit self->progress(message, done, total);
                });
            });
            runner.setOutput([self](const QString& text) {
                DatabaseWorker::deliver([self, text] {
                    if (self)
                        emit self->output(text);
                });
            });
            return upward ? runner.up(toId, error) : runner.down(toId, error);
        },
        [this](DbResult<> result) {
            m_busy = false;
            emit finished(result.ok(), result.error);
            refresh();
        });
}
