#pragma once

#include "DbError.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <functional>

// The one-runner-at-a-time lock of the migration runner: a PostgreSQL session advisory lock, so
// it serializes runners on every machine and dies with a crashed runner's session. Refused
// through a connection pooler (PgSession::detectPooler): the runner needs one server session.
class MigrationLock final
{
    Q_DECLARE_TR_FUNCTIONS(MigrationLock)
public:
    explicit MigrationLock(QSqlDatabase db);
    ~MigrationLock();

    // Waits up to waitMs for another runner, saying who holds the lock through `waiting`.
    // Fails with Kind::Cancelled when `cancelled` says so, Kind::Timeout when the wait ran out.
    bool acquire(int waitMs, const std::function<bool()>& cancelled,
                 const std::function<void(const QString&)>& waiting, DbError* error);
    void release();

private:
    QSqlDatabase m_db;
    bool m_held = false;
};
