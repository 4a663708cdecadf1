#include "MigrationRunner.h"

#include "ConnectionSpec.h"
#include "PgQuery.h"
#include "PgSession.h"
#include "SchemaSnapshot.h"
#include "SqlSplitter.h"

#include <QElapsedTimer>
#include <QHostInfo>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace {

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
    , m_lock(m_db)
{}

MigrationRunner::~MigrationRunner()
{
    if (m_pinnedSearchPath && m_db.isOpen())
        setSearchPath(ConnectionSpec::searchPath(PgSession::schema(m_db)));
}

bool MigrationRunner::setSearchPath(const QString& path, QSqlError* error)
{
    PgQuery q(m_db);
    q.prepare(u"SELECT pg_catalog.set_config('search_path', ?, false)"_s);
    q.addBindValue(path);
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError();
    return false;
}

bool MigrationRunner::pinSearchPath(DbError* error)
{
    if (m_pinnedSearchPath)
        return true;
    const QString schema = PgSession::schema(m_db);
    QSqlError failed;
    if (!setSearchPath(ConnectionSpec::migrationSearchPath(schema), &failed)) {
        *error =
            DbError::make(DbError::Kind::Query, tr("Could not pin the search path to schema %1: %2")
                                                    .arg(schema, failed.databaseText().trimmed()));
        return false;
    }
    m_pinnedSearchPath = true;
    return true;
}

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
        e.kind = m_cancel && m_cancel->load() ? DbError::Kind::Cancelled : DbError::Kind::Timeout;
    else if (e.sqlState == u"55P03")
        e.kind = DbError::Kind::Timeout;
    if (m) {
        e.message = tr("Migration %1 failed at statement %2: %3\nStatement: %4")
                        .arg(m->fileName)
                        .arg(statementNo)
                        .arg(e.detail, shortened(sql));
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
    m_createdHistoryTable = true;
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
    if (!pinSearchPath(error))
        return false;
    QList<Entry> entries;
    for (const Migration& m : std::as_const(m_migrations)) {
        Entry e;
        e.id = m.id;
        e.description = m.description;
        e.fileName = m.fileName;
        e.migration = m;
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

bool MigrationRunner::lock(DbError* error)
{
    if (!m_lock.acquire(
            m_options.lockWaitMs, [this] { return m_cancel && m_cancel->load(); },
            [this](const QString& message) { progress(message, 0, 0); }, error)) {
        if (error->kind == DbError::Kind::Cancelled)
            cancelled(error);
        return false;
    }
    return true;
}

void MigrationRunner::unlock()
{
    m_lock.release();
}

bool MigrationRunner::record(const Migration& m, bool upward, int durationMs, bool adopted,
                             DbError* error)
{
    PgQuery q(m_db);
    if (upward) {
        q.prepare(u"INSERT INTO "_s + QLatin1StringView(historyTable) +
                  u" (id, description, checksum, applied_from, duration_ms, adopted) "
                  "VALUES (?, ?, ?, ?, ?, ?)"_s);
        q.addBindValue(m.id);
        q.addBindValue(m.description);
        q.addBindValue(m.checksum);
        q.addBindValue(QHostInfo::localHostName());
        q.addBindValue(durationMs);
        q.addBindValue(adopted);
    } else {
        q.prepare(u"DELETE FROM "_s + QLatin1StringView(historyTable) + u" WHERE id = ?"_s);
        q.addBindValue(m.id);
    }
    if (q.exec())
        return true;
    *error =
        DbError::make(DbError::Kind::Query, tr("Could not record %1 in the migration history: %2")
                                                .arg(m.fileName, q.lastError().databaseText()));
    return false;
}

// Every write of the bot queues behind a DDL statement that waits for a lock, so a migration
// asks for its locks briefly (lockTimeoutMs), and when a table is busy rolls back, lets the
// bot through, and tries again with backoff until lockWaitMs is spent.
bool MigrationRunner::apply(const Migration& m, bool upward, DbError* error)
{
    if (m_options.dryRun || !m.transactional)
        return applyOnce(m, upward, error);
    QElapsedTimer waited;
    waited.start();
    int delayMs = 50;
    for (int attempt = 1;; ++attempt) {
        if (applyOnce(m, upward, error))
            return true;
        if (error->sqlState != u"55P03")
            return false;
        const qint64 left = m_options.lockWaitMs - waited.elapsed();
        if (left <= 0) {
            error->message =
                tr("Migration %1 gave up after %2 attempts in %3 s: a table it changes stayed "
                   "busy (the bot or another session held a lock on it). Each attempt waited at "
                   "most %4 ms, so the bot's writes never queued behind it. Nothing was changed; "
                   "run it again when the database is quieter, or allow a longer wait with "
                   "--lock-wait.")
                    .arg(m.fileName)
                    .arg(attempt)
                    .arg(QLocale().toString(waited.elapsed() / 1000.0, 'f', 1))
                    .arg(m_options.lockTimeoutMs);
            return false;
        }
        if (cancelled(error))
            return false;
        // The lock we asked for is held by a transaction that was open before we asked. Wait
        // for those to end without asking again (asking is what makes the bot queue), then try
        // once more; with nothing to wait for, back off briefly.
        const int holders = waitForLockHolders(left, m, attempt + 1);
        if (holders == 0) {
            const int pauseMs = static_cast<int>(std::min<qint64>(
                left, delayMs + QRandomGenerator::global()->bounded(delayMs / 2 + 1)));
            QThread::msleep(static_cast<unsigned long>(pauseMs));
            delayMs = std::min(delayMs * 2, 1000);
        }
    }
}

int MigrationRunner::waitForLockHolders(qint64 budgetMs, const Migration& m, int nextAttempt)
{
    return MigrationGuards::waitForLockHolders(
        m_db, budgetMs, m_options.lockTimeoutMs, [this] { return m_cancel && m_cancel->load(); },
        [&](int count, qint64 leftMs) {
            progress(tr("%1: waiting for %n transaction(s) that hold a table it needs; the bot's "
                        "work goes on meanwhile (attempt %2 follows, at most %3 s more).",
                        nullptr, count)
                         .arg(m.fileName)
                         .arg(nextAttempt)
                         .arg((leftMs + 999) / 1000),
                     0, 0);
        });
}

bool MigrationRunner::applyOnce(const Migration& m, bool upward, DbError* error)
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
    if (!record(m, upward, static_cast<int>(timer.elapsed()), false, error))
        return fail();
    if (m.transactional)
        return exec(u"COMMIT"_s, error) || fail();
    return true;
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
    if (!pinSearchPath(error))
        return false;
    if (!m_options.dryRun) {
        if (!lock(error))
            return false;
        if (upward && !ensureHistoryTable(error))
            return false;
    }
    return readHistory(entries, error) && checkConsistency(*entries, error);
}

void MigrationRunner::dropHistoryTableIfUnused()
{
    if (!m_createdHistoryTable)
        return;
    m_createdHistoryTable = false;
    QSqlQuery q(m_db);
    if (q.exec(u"SELECT NOT EXISTS (SELECT FROM "_s + QLatin1StringView(historyTable) + u")"_s) &&
        q.next() && q.value(0).toBool()) {
        DbError ignored;
        exec(u"DROP TABLE "_s + QLatin1StringView(historyTable), &ignored);
    }
}

bool MigrationRunner::up(const QString& toId, DbError* error)
{
    bool ok = false;
    // A run that applied nothing leaves the database exactly as it found it.
    const Unlocker unlocker{[this, &ok] {
        if (!ok)
            dropHistoryTableIfUnused();
        unlock();
    }};
    QList<Entry> entries;
    if (!prepare(toId, true, &entries, error))
        return false;
    QList<const Migration*> todo;
    for (const Entry& e : std::as_const(entries)) {
        if (e.state == State::Pending && (toId.isEmpty() || e.id.toLongLong() <= toId.toLongLong()))
            todo << &*e.migration;
    }
    const int total = static_cast<int>(todo.size());
    if (total == 0) {
        progress(tr("The database is up to date."), 0, 0);
        return ok = true;
    }
    for (int i = 0; i < total; ++i) {
        if (cancelled(error))
            return false;
        const Migration& m = *todo.at(i);
        progress(m_options.dryRun ? tr("Would apply %1.").arg(m.fileName)
                                  : tr("Applying %1…").arg(m.fileName),
                 i, total);
        bool adopted = false;
        if (!m.adoptTables.isEmpty() && !adoptIfPresent(m, &adopted, error))
            return false;
        if (!adopted && !apply(m, true, error))
            return false;
    }
    progress(m_options.dryRun ? tr("Dry run: %n migration(s) would be applied; nothing was "
                                   "changed.",
                                   nullptr, total)
                              : tr("%n migration(s) applied.", nullptr, total),
             total, total);
    return ok = true;
}

QList<const MigrationRunner::Entry*>
MigrationRunner::rollbackPlan(const QString& toId, const QList<Entry>& entries) const
{
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
    return todo;
}

bool MigrationRunner::rollbackLosses(const QString& toId, QList<MigrationGuards::TableLoss>* out,
                                     DbError* error)
{
    out->clear();
    QList<Entry> entries;
    if (!readHistory(&entries, error) || !checkConsistency(entries, error))
        return false;
    for (const Entry* e : rollbackPlan(toId, entries)) {
        if (e->migration && !MigrationGuards::losses(m_db, *e->migration, out, error))
            return false;
    }
    return true;
}

bool MigrationRunner::down(const QString& toId, DbError* error)
{
    const Unlocker unlocker{[this] { unlock(); }};
    QList<Entry> entries;
    if (!prepare(toId, false, &entries, error))
        return false;
    const QList<const Entry*> todo = rollbackPlan(toId, entries);
    const int total = static_cast<int>(todo.size());
    if (total == 0) {
        progress(tr("Nothing to roll back."), 0, 0);
        return true;
    }
    // Everything that could refuse is checked before the first change.
    QList<MigrationGuards::TableLoss> losses;
    for (const Entry* e : todo) {
        if (!mayRollBack(*e, error) ||
            !MigrationGuards::losses(m_db, *e->migration, &losses, error))
            return false;
    }
    if (!losses.isEmpty() && m_options.dryRun && m_output) {
        m_output(tr("-- This rollback deletes %1; it runs only when the loss is accepted "
                    "(--accept-data-loss).\n")
                     .arg(MigrationGuards::describe(losses)));
    } else if (!losses.isEmpty() && !m_options.acceptDataLoss) {
        QSqlQuery name(m_db);
        const QString database = name.exec(u"SELECT current_database()"_s) && name.next()
                                     ? name.value(0).toString()
                                     : m_db.databaseName();
        *error = DbError::make(
            DbError::Kind::Query,
            tr("Rolling back would delete %1 in database %2, so nothing was changed. If that "
               "is really wanted, back the data up first and accept the loss (on the command "
               "line: --accept-data-loss).")
                .arg(MigrationGuards::describe(losses), database));
        return false;
    }
    for (int i = 0; i < total; ++i) {
        if (cancelled(error))
            return false;
        const Entry& e = *todo.at(i);
        progress(m_options.dryRun ? tr("Would roll back %1.").arg(e.fileName)
                                  : tr("Rolling back %1…").arg(e.fileName),
                 i, total);
        if (!apply(*e.migration, false, error))
            return false;
    }
    progress(m_options.dryRun ? tr("Dry run: %n migration(s) would be rolled back; nothing was "
                                   "changed.",
                                   nullptr, total)
                              : tr("%n migration(s) rolled back.", nullptr, total),
             total, total);
    return true;
}
