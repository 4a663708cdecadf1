#pragma once

#include "DbError.h"
#include "Migration.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <functional>

// What the migration runner checks before it changes anything that belongs to someone else or
// holds data: which tables a rollback would drop and how many rows they hold, and whether the
// bot's own Alembic manages the database.
class MigrationGuards final
{
    Q_DECLARE_TR_FUNCTIONS(MigrationGuards)
public:
    struct TableLoss
    {
        QString fileName; // the migration whose down part drops the table
        QString table;
        QString column;       // empty: the whole table's rows; else the column's values
        qint64 rows = 0;      // rows, or rows where the column is not NULL
        bool atLeast = false; // more rows than were counted
    };

    // What the down part of m destroys in the current schema, with its rows: the tables it
    // drops (DROP TABLE) or empties (TRUNCATE), the columns it drops (ALTER TABLE … DROP
    // COLUMN), and whatever the file declares ("-- Destroys:"). Tables and columns that do not
    // exist or hold nothing are left out.
    static bool losses(QSqlDatabase& db, const Migration& m, QList<TableLoss>* out, DbError* error);
    // "horoscope_cache (360 rows), horoscope_cache_revisions.changed_by_person (12 values)"
    static QString describe(const QList<TableLoss>& losses);

    // The bot's Alembic revision when alembic_version exists (its table, or empty when the
    // table is there but holds no row); *present is false when the bot never migrated here.
    static bool alembicRevision(QSqlDatabase& db, bool* present, QString* revision, DbError* error);

    // The tables of an "-- Adopt:" migration belong to the bot's Alembic: creating them here
    // would make the bot's own deploy fail later (DuplicateTable). Never where the bot's
    // Alembic manages the database, elsewhere only when `allowed` (an explicit choice).
    static bool mayCreateBotTables(QSqlDatabase& db, const Migration& m, bool allowed,
                                   DbError* error);
    // Never an adopted migration, nor one that created the bot's tables once the bot's
    // Alembic manages the database: both would drop the bot's tables.
    static bool mayRollBack(QSqlDatabase& db, const Migration& m, bool adopted, DbError* error);

    // After a lock timeout: waits, without asking for any lock, until the transactions that
    // held table locks since before the attempt (the blocker is one of them) have ended, at
    // most budgetMs. `waiting` is told about once a second. Returns nonzero when there were
    // such transactions and they ended.
    static int waitForLockHolders(QSqlDatabase& db, qint64 budgetMs, int lockTimeoutMs,
                                  const std::function<bool()>& cancelled,
                                  const std::function<void(int count, qint64 leftMs)>& waiting);

    // The tables named after DROP TABLE or TRUNCATE in SQL, lower-cased, unqualified.
    static QStringList droppedTables(const QString& sql);
    // The columns named in ALTER TABLE … DROP COLUMN in SQL, as "table.column", lower-cased.
    static QStringList droppedColumns(const QString& sql);
};
