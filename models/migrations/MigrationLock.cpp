#include "MigrationLock.h"

#include "PgSession.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace {

// pg_advisory_lock(int, int) keys: "Horo" and the runner's slot.
constexpr int kLockClass = 0x486F726F;
constexpr int kLockObject = 1;

} // namespace

MigrationLock::MigrationLock(QSqlDatabase db)
    : m_db(std::move(db))
{}

MigrationLock::~MigrationLock()
{
    release();
}

bool MigrationLock::acquire(int waitMs, const std::function<bool()>& cancelled,
                            const std::function<void(const QString&)>& waiting, DbError* error)
{
    // A session lock through a transaction pooler is taken in one server session and
    // released (or not) in another, and CREATE INDEX CONCURRENTLY needs a session of its own.
    bool pooled = false;
    if (QSqlError failed; !PgSession::detectPooler(m_db, &pooled, &failed)) {
        *error =
            DbError::make(DbError::Kind::Query,
                          tr("The database reported an error: %1").arg(DbError::reasonOf(failed)));
        error->sqlState = failed.nativeErrorCode();
        return false;
    }
    if (pooled) {
        *error = DbError::make(
            DbError::Kind::Query,
            tr("This connection goes through a connection pooler (such as PgBouncer), and "
               "migrations need one server session of their own: run them over a direct "
               "connection to PostgreSQL (the server's own host and port, not the pooler's)."));
        return false;
    }
    QElapsedTimer waited;
    waited.start();
    const QString trySql =
        u"SELECT pg_try_advisory_lock(%1, %2)"_s.arg(kLockClass).arg(kLockObject);
    while (true) {
        QSqlQuery q(m_db);
        if (!q.exec(trySql) || !q.next()) {
            *error = DbError::make(
                DbError::Kind::Query,
                tr("The database reported an error: %1").arg(DbError::reasonOf(q.lastError())));
            error->sqlState = q.lastError().nativeErrorCode();
            return false;
        }
        if (q.value(0).toBool()) {
            m_held = true;
            return true;
        }
        if (cancelled()) {
            *error = DbError::make(DbError::Kind::Cancelled, {});
            return false;
        }
        const qint64 left = waitMs - waited.elapsed();
        QSqlQuery holder(m_db);
        holder.exec(u"SELECT a.pid, coalesce(a.usename, ''), coalesce(a.application_name, ''), "
                    "coalesce(host(a.client_addr), 'local'), "
                    "to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS') FROM pg_locks l "
                    "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
                    "AND l.granted AND l.classid = %1 AND l.objid = %2"_s.arg(kLockClass)
                        .arg(kLockObject));
        QString who = tr("another session");
        if (holder.next())
            who = tr("process %1 (%2, %3, from %4, connected since %5)")
                      .arg(holder.value(0).toString(), holder.value(1).toString(),
                           holder.value(2).toString(), holder.value(3).toString(),
                           holder.value(4).toString());
        if (left <= 0) {
            *error = DbError::make(
                DbError::Kind::Timeout,
                tr("Gave up after waiting %n second(s) for the migration lock, which another "
                   "migration runner holds: %1. Wait for it to finish and try again, or allow a "
                   "longer wait with --lock-wait.",
                   nullptr, static_cast<int>(waited.elapsed() / 1000))
                    .arg(who));
            return false;
        }
        waiting(tr("Waiting for another migration runner, %1 (%n second(s) left)…", nullptr,
                   static_cast<int>((left + 999) / 1000))
                    .arg(who));
        QThread::msleep(static_cast<unsigned long>(std::min<qint64>(left, 200)));
    }
}

void MigrationLock::release()
{
    if (!m_held)
        return;
    m_held = false;
    QSqlQuery q(m_db);
    q.exec(u"SELECT pg_advisory_unlock(%1, %2)"_s.arg(kLockClass).arg(kLockObject));
}
