#include "MigrationRunner.h"

#include "PgQuery.h"
#include "Privileges.h"
#include "SchemaSnapshot.h"
#include "SqlSplitter.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

// What the runner checks before it changes anything: a consistent history, tables the bot
// already has (adopted when they match), rows a rollback would destroy, indexes an interrupted
// build left invalid, and the privileges the run needs.

using namespace Qt::Literals::StringLiterals;

QString MigrationRunner::missingPrivilege(bool up)
{
    Privileges privileges;
    QString error;
    DbError pinError;
    if (!pinSearchPath(&pinError))
        return {}; // the run itself reports it
    const auto action =
        up ? Privileges::Action::ApplyMigrations : Privileges::Action::RollBackMigrations;
    if (!Privileges::load(m_db, &privileges, &error) || privileges.may(action))
        return {}; // the run itself reports what the server says
    QList<Entry> entries;
    DbError statusError;
    if (status(&entries, &statusError)) {
        const auto wanted = up ? State::Pending : State::Applied;
        if (std::none_of(entries.cbegin(), entries.cend(),
                         [wanted](const auto& e) { return e.state == wanted; }))
            return {};
    }
    return tr("Nothing was changed: %1 Connect as the role that owns the tables, or ask the "
              "database administrator for: %2")
        .arg(privileges.reason(action), privileges.grantFor(action));
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

bool MigrationRunner::adoptIfPresent(const Migration& m, bool* adopted, DbError* error)
{
    *adopted = false;
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT current_schema()"_s) || !q.next())
        return exec(u"SELECT current_schema()"_s, error);
    const QString schema = q.value(0).toString();
    int present = 0;
    for (const QString& table : m.adoptTables) {
        PgQuery t(m_db);
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
        return mayCreateSeedTables(m, error);
    // A dry run needs only what it reads. The comparison builds the tables among this
    // session's temporary objects, which takes TEMPORARY on the database (PUBLIC has it unless
    // the DBA revoked it): without it, say what a real run would check.
    QSqlQuery mayCreate(m_db);
    if (m_options.dryRun &&
        mayCreate.exec(u"SELECT has_database_privilege(current_database(), 'TEMPORARY')"_s) &&
        mayCreate.next() && !mayCreate.value(0).toBool()) {
        *adopted = true;
        if (m_output)
            m_output(tr("-- %1: the tables %2 exist. A real run compares them with what it "
                        "creates and records it as adopted when they match; this dry run could "
                        "not compare them, because that needs TEMPORARY on the database.\n")
                         .arg(m.fileName, m.adoptTables.join(u", "_s)));
        return true;
    }

    // What the migration would create, built among this session's temporary objects (the
    // first schema in the path is where unqualified names are created) and rolled back: no
    // scratch schema, so adopting needs no CREATE on the database.
    SchemaSnapshot expected;
    SchemaSnapshot actual;
    QString snapError;
    if (!exec(u"BEGIN"_s, error))
        return false;
    bool ok = exec(u"SELECT set_config('search_path', 'pg_temp', true)"_s, error);
    const QStringList statements = SqlSplitter::split(m.upSql);
    for (int i = 0; ok && i < statements.size(); ++i)
        ok = exec(statements.at(i), error, &m, i + 1);
    QString probe;
    if (ok) {
        QSqlQuery temp(m_db);
        ok = temp.exec(u"SELECT nspname FROM pg_catalog.pg_namespace "
                       "WHERE oid = pg_catalog.pg_my_temp_schema()"_s) &&
             temp.next();
        probe = ok ? temp.value(0).toString() : QString();
        if (!ok)
            *error = DbError::make(DbError::Kind::Query, temp.lastError().text());
    }
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
    return record(m, true, 0, true, error);
}

bool MigrationRunner::mayCreateSeedTables(const Migration& m, DbError* error)
{
    return MigrationGuards::mayCreateBotTables(m_db, m, m_options.createSeedTables, error);
}

bool MigrationRunner::mayRollBack(const Entry& e, DbError* error)
{
    return MigrationGuards::mayRollBack(m_db, *e.migration, e.state == State::Adopted, error);
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
