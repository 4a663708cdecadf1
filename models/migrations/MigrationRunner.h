#pragma once

#include "DbError.h"
#include "Migration.h"
#include "MigrationGuards.h"
#include "MigrationLock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <atomic>
#include <functional>
#include <optional>

class QSqlError;

// Applies and rolls back migrations on one connection. Safer than Alembic: a PostgreSQL
// advisory lock serializes runners, each migration runs in one transaction with a
// lock_timeout, applied files are checksummed, and tables the bot's Alembic already created
// are adopted after their structure is checked. It never touches alembic_version.
class MigrationRunner final
{
    Q_DECLARE_TR_FUNCTIONS(MigrationRunner)
public:
    enum class State { Pending, Applied, Adopted, Drifted, Unknown };

    struct Entry
    {
        QString id;
        QString description;
        QString fileName;
        State state = State::Pending;
        QString appliedBy;
        QDateTime appliedAt;
        int durationMs = 0;
        std::optional<Migration> migration; // a copy: an entry outlives the runner; none for
                                            // State::Unknown
    };

    struct Options
    {
        // How long, in all, to wait for another runner's lock and for tables the bot is busy
        // with.
        int lockWaitMs = 30'000;
        // One attempt at a table lock for DDL. Short, because every write of the bot queues
        // behind a waiting lock request; a busy table is retried with backoff within lockWaitMs.
        int lockTimeoutMs = 50;
        bool dryRun = false;           // print the SQL, change nothing
        bool acceptDataLoss = false;   // down: roll back migrations that drop tables with rows
        bool createSeedTables = false; // up: create the bot's own tables when they are absent
    };

    using Progress = std::function<void(const QString& message, int done, int total)>;
    using Output = std::function<void(const QString& text)>;

    MigrationRunner(QSqlDatabase db, QList<Migration> migrations, Options options);
    ~MigrationRunner();

    void setProgress(Progress progress) { m_progress = std::move(progress); }
    void setOutput(Output output) { m_output = std::move(output); } // dry-run SQL, notices
    void setCancelFlag(const std::atomic_bool* cancel) { m_cancel = cancel; }

    bool status(QList<Entry>* out, DbError* error);
    bool up(const QString& toId, DbError* error);
    // Refuses, changing nothing, when a migration to roll back would drop or empty tables that
    // hold rows, unless Options::acceptDataLoss.
    bool down(const QString& toId, DbError* error);
    // What down(toId) would destroy, for a confirmation asked before it runs.
    bool rollbackLosses(const QString& toId, QList<MigrationGuards::TableLoss>* out,
                        DbError* error);
    // Why this role may not run the migrations up() (or down()) would run: empty when it may,
    // or when there is nothing to run. Asked before anything is touched.
    QString missingPrivilege(bool up);

    const QList<Migration>& migrations() const { return m_migrations; }
    static QString stateName(State state);
    static constexpr const char* historyTable = "horoscope_admin_schema_history";

private:
    // Checks the target, takes the runner lock (unless dry run) and reads a consistent history.
    bool prepare(const QString& toId, bool upward, QList<Entry>* entries, DbError* error);
    bool readHistory(QList<Entry>* out, DbError* error);
    // Migrations run with search_path = the trusted schema, pg_temp (pg_catalog is searched
    // first all the same): unqualified names in the files resolve and are created only there,
    // never in a schema named like the migrating role. Set once per runner; the destructor
    // gives the connection back with the app's own path.
    bool pinSearchPath(DbError* error);
    bool setSearchPath(const QString& path, QSqlError* error = nullptr);
    bool ensureHistoryTable(DbError* error);
    bool lock(DbError* error);
    void unlock();
    bool checkConsistency(const QList<Entry>& entries, DbError* error) const;
    QList<const Entry*> rollbackPlan(const QString& toId, const QList<Entry>& entries) const;
    bool adoptIfPresent(const Migration& m, bool* adopted, DbError* error);
    bool mayCreateSeedTables(const Migration& m, DbError* error);
    bool mayRollBack(const Entry& e, DbError* error);
    bool apply(const Migration& m, bool upward, DbError* error);
    bool applyOnce(const Migration& m, bool upward, DbError* error);
    // Adds (upward) or removes the history row of m, in the transaction that changed the schema.
    bool record(const Migration& m, bool upward, int durationMs, bool adopted, DbError* error);
    // Waits (within budgetMs) for the transactions that held table locks before the last
    // attempt began; returns nonzero when there were some and they ended.
    int waitForLockHolders(qint64 budgetMs, const Migration& m, int nextAttempt);
    void dropHistoryTableIfUnused();
    bool checkNoInvalidIndexes(const Migration& m, DbError* error);
    bool exec(const QString& sql, DbError* error, const Migration* m = nullptr,
              int statementNo = 0);
    bool cancelled(DbError* error) const;
    void progress(const QString& message, int done, int total) const;

    QSqlDatabase m_db;
    QList<Migration> m_migrations;
    Options m_options;
    Progress m_progress;
    Output m_output;
    const std::atomic_bool* m_cancel = nullptr;
    MigrationLock m_lock;
    bool m_createdHistoryTable = false;
    bool m_pinnedSearchPath = false;
};
