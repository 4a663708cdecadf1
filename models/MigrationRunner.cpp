#include "MigrationRunner.h"

#include "SchemaSnapshot.h"
#include "SqlSplitter.h"

#include <QElapsedTimer>
#include <QHostInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace {

// pg_advisory_lock(int, int) keys: "Horo" and the runner's slot.
constexpr int kLockClass = 0x486F726F;
constexpr int kLockObject = 1;

QString shortened(const QString& statement)
{
    QString s = statement.simplified();
    return s.size() > 300 ? s.left(300) + u"…"_s : s;
}

struct Unlocker
{
    std::function<void()> release;
    ~Unlocker()
    {
        if (release)
            release();
    }
};

} // namespace

MigrationRunner::MigrationRunner(QSqlDatabase db, QList<Migration> migrations, Options options)
    : m_db(std::move(db))
    , m_migrations(std::move(migrations))
    , m_options(std::move(options))
{}

QString MigrationRunner::stateName(State state)
{
    switch (state) {
    case State::Pending:
        return tr("pending");
    case State::Applied:
        return tr("applied");
    case State::Adopted:
        return tr("adopted");
    case State::Drifted:
        return tr("drifted");
    case State::Unknown:
        return tr("unknown");
    }
    return {};
}

void MigrationRunner::progress(const QString& message, int done, int total) const
{
    if (m_progress)
        m_progress(message, done, total);
}

bool MigrationRunner::cancelled(DbError* error) const
{
    if (m_cancel && m_cancel->load()) {
        *error = DbError::make(DbError::Kind::Cancelled,
                               tr("Cancelled before the next migration. The migrations that "
                                  "finished stay applied."));
        return true;
    }
    return false;
}

bool MigrationRunner::exec(const QString& sql, DbError* error, const Migration* m, int statementNo)
{
    QSqlQuery q(m_db);
    if (q.exec(sql))
        return true;
    DbError e;
    e.kind = DbError::Kind::Query;
    e.sqlState = q.lastError().nativeErrorCode();
    e.detail = q.lastError().databaseText().trimmed();
    if (e.detail.isEmpty())
        e.detail = q.lastError().text();
    if (e.sqlState == u"57014")
        e.kind = DbError::Kind::Cancelled;
    else if (e.sqlState == u"55P03")
        e.kind = DbError::Kind::Timeout;
    if (m) {
        e.message = tr("Migration %1 failed at statement %2: %3\nStatement: %4")
                        .arg(m->fileName)
                        .arg(statementNo)
                        .arg(e.detail, shortened(sql));
        if (e.kind == DbError::Kind::Timeout && m->transactional)
            e.message +=
                u'\n' + tr("A table was busy for longer than lock_timeout (%1). Nothing was "
                           "changed; run the migration again when the bot is less busy.")
                            .arg(tr("%1 ms").arg(m_options.lockTimeoutMs));
    } else {
        e.message = tr("The database reported an error: %1").arg(e.detail);
    }
    *error = e;
    return false;
}

bool MigrationRunner::ensureHistoryTable(DbError* error)
{
    // Only called with the runner lock held, so checking first cannot race.
    QSqlQuery exists(m_db);
    if (exists.exec(u"SELECT to_regclass('"_s + QLatin1StringView(historyTable) +
                    u"') IS NOT NULL"_s) &&
        exists.next() && exists.value(0).toBool())
        return true;
    return exec(u"CREATE TABLE "_s + QLatin1StringView(historyTable) + uR"sql( (
            id text PRIMARY KEY,
            description text NOT NULL,
            checksum text NOT NULL,
            applied_by text NOT NULL DEFAULT current_user,
            applied_from text NOT NULL DEFAULT '',
            applied_at timestamptz NOT NULL DEFAULT now(),
            duration_ms integer NOT NULL DEFAULT 0,
            adopted boolean NOT NULL DEFAULT false
        ))sql"_s,
                error);
}

bool MigrationRunner::readHistory(QList<Entry>* out, DbError* error)
{
    QList<Entry> entries;
    for (const Migration& m : std::as_const(m_migrations)) {
        Entry e;
        e.id = m.id;
        e.description = m.description;
        e.fileName = m.fileName;
        e.migration = &m;
        entries << e;
    }
    QSqlQuery exists(m_db);
    if (!exists.exec(u"SELECT to_regclass('"_s + QLatin1StringView(historyTable) +
                     u"') IS NOT NULL"_s) ||
        !exists.next()) {
        *error = DbError::make(
            DbError::Kind::Query,
            tr("Could not read the migration history: %1").arg(exists.lastError().text()));
        return false;
    }
    if (exists.value(0).toBool()) {
        QSqlQuery q(m_db);
        if (!q.exec(u"SELECT id, description, checksum, applied_by, applied_at, duration_ms, "
                    "adopted FROM "_s +
                    QLatin1StringView(historyTable))) {
            *error = DbError::make(
                DbError::Kind::Query,
                tr("Could not read the migration history: %1").arg(q.lastError().databaseText()));
            return false;
        }
        while (q.next()) {
            const QString id = q.value(0).toString();
            auto it = std::find_if(entries.begin(), entries.end(),
                                   [&](const Entry& e) { return e.id == id; });
            if (it == entries.end()) {
                Entry e;
                e.id = id;
                e.description = q.value(1).toString();
                e.state = State::Unknown;
                entries << e;
                it = entries.end() - 1;
            } else if (it->migration->checksum != q.value(2).toString()) {
                it->state = State::Drifted;
            } else {
                it->state = q.value(6).toBool() ? State::Adopted : State::Applied;
            }
            it->appliedBy = q.value(3).toString();
            it->appliedAt = q.value(4).toDateTime();
            it->durationMs = q.value(5).toInt();
        }
    }
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.id.toLongLong() < b.id.toLongLong(); });
    *out = entries;
    return true;
}

bool MigrationRunner::status(QList<Entry>* out, DbError* error)
{
    return readHistory(out, error);
}

bool MigrationRunner::checkConsistency(const QList<Entry>& entries, DbError* error) const
{
    QString lastApplied;
    for (const Entry& e : entries) {
        if (e.state == State::Drifted) {
            *error = DbError::make(
                DbError::Kind::Query,
                tr("The migration file %1 was changed after it was applied (its checksum "
                   "differs from the one recorded in %2). Restore the file as it was applied; to "
                   "change the schema further, add a new migration.")
                    .arg(e.fileName, QLatin1StringView(historyTable)));
            return false;
        }
        if (e.state == State::Unknown) {
            *error = DbError::make(
                DbError::Kind::Query,
                tr("The database has migration %1 (\"%2\") applied, which this version of "
                   "Horoscope Admin does not know. Use the version that applied it, or a newer "
                   "one.")
                    .arg(e.id, e.description));
            return false;
        }
        if (e.state == State::Applied || e.state == State::Adopted)
            lastApplied = e.fileName;
    }
    bool seenApplied = false;
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        if (it->state == State::Applied || it->state == State::Adopted)
            seenApplied = true;
        else if (seenApplied && it->state == State::Pending) {
            *error = DbError::make(
                DbError::Kind::Query,
                tr("Migration %1 is pending, but the later migration %2 is already applied. "
                   "Give the new file an id after the last applied one.")
                    .arg(it->fileName, lastApplied));
            return false;
        }
    }
    return true;
}

bool MigrationRunner::lock(DbError* error)
{
    QElapsedTimer waited;
    waited.start();
    const QString trySql =
        u"SELECT pg_try_advisory_lock(%1, %2)"_s.arg(kLockClass).arg(kLockObject);
    while (true) {
        QSqlQuery q(m_db);
        if (!q.exec(trySql) || !q.next())
            return exec(trySql, error);
        if (q.value(0).toBool()) {
            m_locked = true;
            return true;
        }
        if (cancelled(error))
            return false;
        const qint64 left = m_options.lockWaitMs - waited.elapsed();
        QSqlQuery holder(m_db);
        holder.exec(u"SELECT a.pid, coalesce(a.usename, ''), coalesce(a.application_name, ''), "
                    "coalesce(host(a.client_addr), 'local') FROM pg_locks l "
                    "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
                    "AND l.granted AND l.classid = %1 AND l.objid = %2"_s.arg(kLockClass)
                        .arg(kLockObject));
        QString who = tr("another session");
        if (holder.next())
            who = tr("process %1 (%2, %3, from %4)")
                      .arg(holder.value(0).toString(), holder.value(1).toString(),
                           holder.value(2).toString(), holder.value(3).toString());
        if (left <= 0) {
            *error =
                DbError::make(DbError::Kind::Timeout,
                              tr("Another migration runner, %1, has held the migration lock for %n "
                                 "second(s). Wait for it to finish and try again.",
                                 nullptr, static_cast<int>(waited.elapsed() / 1000))
                                  .arg(who));
            return false;
        }
        progress(tr("Waiting for another migration runner, %1 (%n second(s) left)…", nullptr,
                    static_cast<int>((left + 999) / 1000))
                     .arg(who),
                 0, 0);
        QThread::msleep(static_cast<unsigned long>(std::min<qint64>(left, 200)));
    }
}

void MigrationRunner::unlock()
{
    if (!m_locked)
        return;
    m_locked = false;
    QSqlQuery q(m_db);
    q.exec(u"SELECT pg_advisory_unlock(%1, %2)"_s.arg(kLockClass).arg(kLockObject));
}

bool MigrationRunner::adoptIfPresent(const Migration& m, bool* adopted, DbError* error)
{
    *adopted = false;
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT current_schema()"_s) || !q.next())
        return exec(u"SELECT current_schema()"_s, error);
    const QString schema = q.value(0).toString();
    int present = 0;
    for (const QString& table : m.adoptTables) {
        QSqlQuery t(m_db);
        t.prepare(u"SELECT to_regclass(quote_ident(?) || '.' || quote_ident(?)) IS NOT NULL"_s);
        t.addBindValue(schema);
        t.addBindValue(table);
        if (!t.exec() || !t.next()) {
            *error = DbError::make(DbError::Kind::Query, t.lastError().text());
            return false;
        }
        present += t.value(0).toBool() ? 1 : 0;
    }
    if (present == 0)
        return true; // a fresh database: apply the migration normally

    // What the migration would create, built in a scratch schema that is rolled back.
    const QString probe = u"ha_probe_"_s + QUuid::createUuid().toString(QUuid::Id128);
    SchemaSnapshot expected;
    SchemaSnapshot actual;
    QString snapError;
    if (!exec(u"BEGIN"_s, error))
        return false;
    bool ok = exec(u"CREATE SCHEMA "_s + probe, error) &&
              exec(u"SELECT set_config('search_path', '"_s + probe + u"', true)"_s, error);
    const QStringList statements = SqlSplitter::split(m.upSql);
    for (int i = 0; ok && i < statements.size(); ++i)
        ok = exec(statements.at(i), error, &m, i + 1);
    if (ok && !SchemaSnapshot::capture(m_db, probe, m.adoptTables, &expected, &snapError)) {
        *error = DbError::make(DbError::Kind::Query, snapError);
        ok = false;
    }
    exec(u"ROLLBACK"_s, error);
    if (!ok)
        return false;
    if (!exec(u"BEGIN"_s, error))
        return false;
    ok = SchemaSnapshot::capture(m_db, schema, m.adoptTables, &actual, &snapError);
    exec(u"ROLLBACK"_s, error);
    if (!ok) {
        *error = DbError::make(DbError::Kind::Query, snapError);
        return false;
    }
    const QStringList diffs = SchemaSnapshot::differences(expected, actual);
    if (!diffs.isEmpty()) {
        *error = DbError::make(
            DbError::Kind::Query,
            tr("The tables %1 already exist but differ from what %2 creates, so they are not "
               "adopted and nothing was changed. Differences:\n%3")
                .arg(m.adoptTables.join(u", "_s), m.fileName, u"  - "_s + diffs.join(u"\n  - "_s)));
        return false;
    }
    *adopted = true;
    if (m_options.dryRun) {
        if (m_output)
            m_output(tr("-- %1: the existing tables match; it would be recorded as adopted "
                        "without running.\n")
                         .arg(m.fileName));
        return true;
    }
    QSqlQuery insert(m_db);
    insert.prepare(u"INSERT INTO "_s + QLatin1StringView(historyTable) +
                   u" (id, description, checksum, applied_from, duration_ms, adopted) "
                   "VALUES (?, ?, ?, ?, 0, true)"_s);
    insert.addBindValue(m.id);
    insert.addBindValue(m.description);
    insert.addBindValue(m.checksum);
    insert.addBindValue(QHostInfo::localHostName());
    if (!insert.exec()) {
        *error = DbError::make(DbError::Kind::Query, insert.lastError().text());
        return false;
    }
    return true;
}

bool MigrationRunner::apply(const Migration& m, bool upward, DbError* error)
{
    const QStringList statements = SqlSplitter::split(upward ? m.upSql : m.downSql);
    if (m_options.dryRun) {
        if (m_output) {
            QString text = u"-- "_s + m.fileName + (upward ? u" (up)"_s : u" (down)"_s);
            if (!m.transactional)
                text += u", "_s + tr("outside a transaction");
            text += u'\n';
            for (const QString& s : statements)
                text += s + u";\n"_s;
            m_output(text + u'\n');
        }
        return true;
    }
    QElapsedTimer timer;
    timer.start();
    const QString lockTimeout =
        u"SELECT set_config('lock_timeout', '%1ms', true)"_s.arg(m_options.lockTimeoutMs);
    // Outside a transaction (CREATE INDEX CONCURRENTLY) nothing blocks the bot's writes, and
    // a lock_timeout would only leave a half-built INVALID index behind.
    if (m.transactional && (!exec(u"BEGIN"_s, error) || !exec(lockTimeout, error)))
        return false;
    auto fail = [&] {
        DbError keep = *error;
        if (m.transactional) {
            DbError ignored;
            exec(u"ROLLBACK"_s, &ignored);
        } else {
            keep.message += u'\n' + tr("This migration runs outside a transaction: the statements "
                                       "before the failed one stay applied.");
        }
        *error = keep;
        return false;
    };
    for (int i = 0; i < statements.size(); ++i) {
        if (!exec(statements.at(i), error, &m, i + 1))
            return fail();
    }
    if (!m.transactional && !checkNoInvalidIndexes(m, error))
        return fail();
    QSqlQuery record(m_db);
    if (upward) {
        record.prepare(u"INSERT INTO "_s + QLatin1StringView(historyTable) +
                       u" (id, description, checksum, applied_from, duration_ms) "
                       "VALUES (?, ?, ?, ?, ?)"_s);
        record.addBindValue(m.id);
        record.addBindValue(m.description);
        record.addBindValue(m.checksum);
        record.addBindValue(QHostInfo::localHostName());
        record.addBindValue(static_cast<int>(timer.elapsed()));
    } else {
        record.prepare(u"DELETE FROM "_s + QLatin1StringView(historyTable) + u" WHERE id = ?"_s);
        record.addBindValue(m.id);
    }
    if (!record.exec()) {
        *error = DbError::make(DbError::Kind::Query,
                               tr("Could not record %1 in the migration history: %2")
                                   .arg(m.fileName, record.lastError().databaseText()));
        return fail();
    }
    if (m.transactional)
        return exec(u"COMMIT"_s, error) || fail();
    return true;
}

// An interrupted CREATE INDEX CONCURRENTLY leaves an INVALID index that IF NOT EXISTS then
// skips: never record such a migration as applied.
bool MigrationRunner::checkNoInvalidIndexes(const Migration& m, DbError* error)
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT string_agg(c.relname, ', ') FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE NOT i.indisvalid AND n.nspname = current_schema()"_s) ||
        !q.next())
        return exec(u"SELECT 1"_s, error);
    const QString invalid = q.value(0).toString();
    if (invalid.isEmpty())
        return true;
    *error = DbError::make(DbError::Kind::Query,
                           tr("%1 left the index %2 INVALID (an interrupted CREATE INDEX "
                              "CONCURRENTLY). Drop it with DROP INDEX CONCURRENTLY %2; and run the "
                              "migration again.")
                               .arg(m.fileName, invalid));
    return false;
}

bool MigrationRunner::prepare(const QString& toId, bool upward, QList<Entry>* entries,
                              DbError* error)
{
    const bool everything = !upward && !toId.isEmpty() && toId.toLongLong() == 0;
    if (!toId.isEmpty() && !everything &&
        std::none_of(m_migrations.cbegin(), m_migrations.cend(),
                     [&](const Migration& m) { return m.id == toId; })) {
        *error =
            DbError::make(DbError::Kind::Query, tr("There is no migration with id %1.").arg(toId));
        return false;
    }
    if (!m_options.dryRun) {
        if (!lock(error))
            return false;
        if (upward && !ensureHistoryTable(error))
            return false;
    }
    return readHistory(entries, error) && checkConsistency(*entries, error);
}

bool MigrationRunner::up(const QString& toId, DbError* error)
{
    const Unlocker unlocker{[this] { unlock(); }};
    QList<Entry> entries;
    if (!prepare(toId, true, &entries, error))
        return false;
    QList<const Migration*> todo;
    for (const Entry& e : std::as_const(entries)) {
        if (e.state == State::Pending && (toId.isEmpty() || e.id.toLongLong() <= toId.toLongLong()))
            todo << e.migration;
    }
    const int total = static_cast<int>(todo.size());
    if (total == 0) {
        progress(tr("The database is up to date."), 0, 0);
        return true;
    }
    for (int i = 0; i < total; ++i) {
        if (cancelled(error))
            return false;
        const Migration& m = *todo.at(i);
        progress(tr("Applying %1…").arg(m.fileName), i, total);
        bool adopted = false;
        if (!m.adoptTables.isEmpty() && !adoptIfPresent(m, &adopted, error))
            return false;
        if (!adopted && !apply(m, true, error))
            return false;
    }
    progress(tr("%n migration(s) applied.", nullptr, total), total, total);
    return true;
}

bool MigrationRunner::down(const QString& toId, DbError* error)
{
    const Unlocker unlocker{[this] { unlock(); }};
    QList<Entry> entries;
    if (!prepare(toId, false, &entries, error))
        return false;
    QList<const Entry*> todo;
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        if (it->state != State::Applied && it->state != State::Adopted)
            continue;
        if (toId.isEmpty() && !todo.isEmpty())
            break; // without --to: only the last one
        if (!toId.isEmpty() && it->id.toLongLong() <= toId.toLongLong())
            break;
        todo << &*it;
    }
    const int total = static_cast<int>(todo.size());
    if (total == 0) {
        progress(tr("Nothing to roll back."), 0, 0);
        return true;
    }
    for (int i = 0; i < total; ++i) {
        if (cancelled(error))
            return false;
        const Entry& e = *todo.at(i);
        if (e.state == State::Adopted) {
            *error = DbError::make(
                DbError::Kind::Query,
                tr("Migration %1 was adopted from tables the bot's Alembic created. Rolling it "
                   "back would drop the bot's tables and their data, so it is refused; use "
                   "Alembic for that.")
                    .arg(e.fileName));
            return false;
        }
        progress(tr("Rolling back %1…").arg(e.fileName), i, total);
        if (!apply(*e.migration, false, error))
            return false;
    }
    progress(tr("%n migration(s) rolled back.", nullptr, total), total, total);
    return true;
}
