#include "Privileges.h"

#include "DbError.h"
#include "PgQuery.h"
#include "PgSession.h"

#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace {

// A role name as it must be written in SQL.
QString ident(const QString& name)
{
    static const QRegularExpression plain(u"^[a-z_][a-z0-9_$]*$"_s);
    if (plain.match(name).hasMatch())
        return name;
    return u'"' + QString(name).replace(u'"', u"\"\""_s) + u'"';
}

int index(Privileges::Action action)
{
    return static_cast<int>(action);
}

} // namespace

QString Privileges::reason(Action action) const
{
    return m_reasons.at(static_cast<size_t>(index(action)));
}

void Privileges::deny(Action action, const QString& reason)
{
    QString& r = m_reasons[static_cast<size_t>(index(action))];
    r = r.isEmpty() ? reason : r + u' ' + reason;
}

bool Privileges::mayWriteHoroscopes() const
{
    return may(Action::EditText) || may(Action::Invalidate) || may(Action::Regenerate);
}

bool Privileges::load(QSqlDatabase& db, Privileges* out, QString* error)
{
    PgQuery q(db);
    QSqlField schemaField(QString(), QMetaType(QMetaType::QString));
    schemaField.setValue(PgSession::schema(db));
    const QString schemaLiteral = db.driver()->formatValue(schemaField);
    // One round trip. to_regclass gives NULL for a missing table, and the privilege functions
    // give NULL for a NULL table, so a database without the tables is read without an error.
    const bool ok = q.exec(uR"sql(
        WITH t AS (SELECT to_regclass('horoscope_cache') AS cache,
                          to_regclass('horoscope_views') AS views,
                          to_regclass('horoscope_cache_revisions') AS revs,
                          to_regclass('horoscope_admin_schema_history') AS hist)
        SELECT current_user,
               pg_is_in_recovery(),
               current_setting('transaction_read_only') = 'on',
               cache IS NOT NULL,
               coalesce(has_table_privilege(cache, 'SELECT'), false),
               coalesce(has_column_privilege(cache, 'content', 'UPDATE'), false),
               coalesce(has_column_privilege(cache, 'generated_at', 'UPDATE'), false),
               coalesce(has_column_privilege(cache, 'zodiac_sign', 'INSERT')
                        AND has_column_privilege(cache, 'horoscope_date', 'INSERT')
                        AND has_column_privilege(cache, 'content', 'INSERT')
                        AND has_column_privilege(cache, 'generated_at', 'INSERT'), false),
               coalesce(has_table_privilege(cache, 'DELETE'), false),
               CASE WHEN cache IS NULL THEN ''
                    ELSE coalesce(pg_get_serial_sequence(cache::text, 'id'), '') END,
               CASE WHEN cache IS NULL THEN true
                    ELSE coalesce(has_sequence_privilege(pg_get_serial_sequence(cache::text, 'id'),
                                                         'USAGE, UPDATE'), true) END,
               revs IS NOT NULL,
               coalesce(has_table_privilege(revs, 'SELECT'), false),
               views IS NOT NULL,
               coalesce(has_table_privilege(views, 'SELECT'), false),
               %1::text,
               coalesce(has_schema_privilege(%1, 'CREATE'), false),
               current_database(),
               has_database_privilege(current_database(), 'CREATE'),
               EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_trgm'),
               (SELECT coalesce(string_agg(c.relname, ', ' ORDER BY c.relname DESC), '')
                FROM pg_class c
                WHERE c.oid IN (cache, hist) AND NOT pg_has_role(c.relowner, 'USAGE')),
               (SELECT coalesce(string_agg(c.relname, ', ' ORDER BY c.relname DESC), '')
                FROM pg_class c
                WHERE c.oid IN (cache, views, revs, hist)
                  AND NOT pg_has_role(c.relowner, 'USAGE'))
        FROM t
    )sql"_s.arg(schemaLiteral));
    if (!ok || !q.next()) {
        *error = q.lastError().text();
        return false;
    }
    Privileges p;
    p.m_known = true;
    const QString role = p.m_role = q.value(0).toString();
    if (q.value(1).toBool())
        p.m_readOnlySession = tr("The server is a read-only standby.");
    else if (q.value(2).toBool())
        p.m_readOnlySession = tr("The session is read-only (default_transaction_read_only).");
    const bool hasCache = q.value(3).toBool();
    const bool selectCache = q.value(4).toBool();
    const bool updateContent = q.value(5).toBool();
    const bool updateGeneratedAt = q.value(6).toBool();
    const bool insertCache = q.value(7).toBool();
    const bool deleteCache = q.value(8).toBool();
    const QString sequence = q.value(9).toString();
    const bool useSequence = q.value(10).toBool();
    const bool hasRevisions = q.value(11).toBool();
    const bool selectRevisions = q.value(12).toBool();
    const bool hasViews = q.value(13).toBool();
    const bool selectViews = q.value(14).toBool();
    const QString schema = q.value(15).toString();
    const bool createInSchema = q.value(16).toBool();
    const QString database = p.m_database = q.value(17).toString();
    const bool createInDatabase = q.value(18).toBool();
    const bool hasTrigram = q.value(19).toBool();
    const QString notOwnedForApply = q.value(20).toString(); // "a, b"
    const QString notOwnedAtAll = q.value(21).toString();

    const auto mayNot = [&role](const QString& what) {
        return tr("Your role %1 may not %2.").arg(role, what);
    };
    using A = Action;
    const QString noCache = tr("This database has no table horoscope_cache.");
    const QString noSelect = mayNot(u"SELECT horoscope_cache"_s);

    if (!hasCache) {
        for (A a : {A::ReadHoroscopes, A::EditText, A::Invalidate, A::Regenerate})
            p.deny(a, noCache);
    } else if (!selectCache) {
        for (A a : {A::ReadHoroscopes, A::EditText, A::Invalidate, A::Regenerate})
            p.deny(a, noSelect);
    }
    if (hasCache && !updateContent)
        p.deny(A::EditText, mayNot(u"UPDATE horoscope_cache.content"_s));
    if (hasCache && !deleteCache)
        p.deny(A::Invalidate, mayNot(u"DELETE FROM horoscope_cache"_s));
    if (hasCache) {
        QStringList missing;
        if (!insertCache)
            missing << u"INSERT INTO horoscope_cache"_s;
        if (!updateContent)
            missing << u"UPDATE horoscope_cache.content"_s;
        if (!updateGeneratedAt)
            missing << u"UPDATE horoscope_cache.generated_at"_s;
        if (!useSequence)
            missing << u"USAGE ON SEQUENCE "_s + sequence;
        if (!missing.isEmpty())
            p.deny(A::Regenerate,
                   tr("Your role %1 may not %2 (a regeneration inserts the row or updates it).")
                       .arg(role, missing.join(u", "_s)));
    }
    if (!hasRevisions)
        p.deny(A::ReadHistory, tr("This database has no table horoscope_cache_revisions (apply "
                                  "migration 0002 to keep the history)."));
    else if (!selectRevisions)
        p.deny(A::ReadHistory, mayNot(u"SELECT horoscope_cache_revisions"_s));
    p.deny(A::RestoreVersion, p.reason(A::ReadHistory));
    p.deny(A::RestoreVersion, p.reason(A::EditText));
    if (!hasViews)
        p.deny(A::ReadViews, tr("This database has no table horoscope_views."));
    else if (!selectViews)
        p.deny(A::ReadViews, mayNot(u"SELECT horoscope_views"_s));

    // What the migrations need: CREATE on the schema for new tables, functions and the
    // extension's objects; the owner's rights for indexes and triggers on existing tables and
    // for the history rows; CREATE on the database for CREATE EXTENSION pg_trgm (0003).
    if (!createInSchema)
        p.deny(A::ApplyMigrations, tr("Your role %1 may not CREATE in schema %2.")
                                       .arg(role, schema.isEmpty() ? u"public"_s : schema));
    if (!notOwnedForApply.isEmpty())
        p.deny(A::ApplyMigrations, tr("Your role %1 does not own %2: only a table's owner may "
                                      "add indexes and triggers to it.")
                                       .arg(role, notOwnedForApply));
    if (!hasTrigram && !createInDatabase)
        p.deny(A::ApplyMigrations, tr("Your role %1 may not CREATE in database %2 (migration "
                                      "0003 creates the extension pg_trgm).")
                                       .arg(role, database));
    if (!notOwnedAtAll.isEmpty())
        p.deny(A::RollBackMigrations, tr("Your role %1 does not own %2: only a table's owner may "
                                         "drop it or its indexes and triggers.")
                                          .arg(role, notOwnedAtAll));

    if (!p.m_readOnlySession.isEmpty()) {
        for (A a : {A::EditText, A::Invalidate, A::Regenerate, A::RestoreVersion,
                    A::ApplyMigrations, A::RollBackMigrations})
            p.m_reasons[static_cast<size_t>(index(a))] = p.m_readOnlySession;
    }
    *out = p;
    return true;
}

QString Privileges::grantFor(Action action, const QString& role, const QString& database)
{
    const QString r = ident(role);
    switch (action) {
    case Action::ReadHoroscopes:
        return u"GRANT SELECT ON horoscope_cache TO %1;"_s.arg(r);
    case Action::EditText:
    case Action::RestoreVersion:
        return u"GRANT SELECT, UPDATE (content) ON horoscope_cache TO %1;"_s.arg(r);
    case Action::Invalidate:
        return u"GRANT SELECT, DELETE ON horoscope_cache TO %1;"_s.arg(r);
    case Action::Regenerate:
        return u"GRANT SELECT, INSERT, UPDATE ON horoscope_cache TO %1; "
               "GRANT USAGE ON SEQUENCE horoscope_cache_id_seq TO %1;"_s.arg(r);
    case Action::ReadHistory:
        return u"GRANT SELECT ON horoscope_cache_revisions TO %1;"_s.arg(r);
    case Action::ReadViews:
        return u"GRANT SELECT ON horoscope_views TO %1;"_s.arg(r);
    case Action::ApplyMigrations:
        return u"GRANT <owner of the tables> TO %1; GRANT CREATE ON SCHEMA public TO %1; "
               "GRANT CREATE ON DATABASE %2 TO %1;"_s.arg(r, database.isEmpty() ? u"<database>"_s
                                                                                : ident(database));
    case Action::RollBackMigrations:
        return u"GRANT <owner of the tables> TO %1;"_s.arg(r);
    }
    return {};
}

void Privileges::explainRefusal(QSqlDatabase& db, Action action, DbError* error)
{
    if (error->kind != DbError::Kind::PermissionDenied)
        return;
    if (error->sqlState == u"25006")
        return; // a read-only session: DbError already says so, and no GRANT helps
    const QString detail = error->detail.isEmpty() ? tr("permission denied") : error->primary();
    QString role;
    PgQuery q(db);
    if (q.exec(u"SELECT current_user"_s) && q.next())
        role = q.value(0).toString();
    QString what;
    QString needs;
    switch (action) {
    case Action::EditText:
    case Action::RestoreVersion:
        what = tr("saving the text");
        needs = u"UPDATE horoscope_cache.content, SELECT horoscope_cache"_s;
        break;
    case Action::Invalidate:
        what = tr("deleting the horoscopes");
        needs = u"DELETE FROM horoscope_cache, SELECT horoscope_cache"_s;
        break;
    case Action::Regenerate:
        what = tr("writing the new text");
        needs = u"INSERT/UPDATE horoscope_cache"_s;
        break;
    default:
        what = tr("this change");
        needs = tr("the privilege");
        break;
    }
    error->message = tr("The server refused %1 (%2): your role %3 needs %4. Ask the database "
                        "administrator for: %5")
                         .arg(what, detail, role.isEmpty() ? tr("(unknown)") : role, needs,
                              grantFor(action, role.isEmpty() ? u"<role>"_s : role));
}
