#include "PgSession.h"

#include "ConnectionSpec.h"
#include "DbError.h"
#include "PgQuery.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlQuery>
#include <QStringList>

#include <libpq-fe.h>

using namespace Qt::Literals::StringLiterals;

namespace {

void dropNotice(void*, const char*) {}

} // namespace

pg_conn* PgSession::connection(const QSqlDatabase& db)
{
    if (!db.isValid() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    // Qt 6 names the type after the struct behind libpq's typedef.
    if (!handle.isValid() ||
        (qstrcmp(handle.typeName(), "PGconn*") != 0 && qstrcmp(handle.typeName(), "pg_conn*") != 0))
        return nullptr;
    return *static_cast<PGconn* const*>(handle.data());
}

bool PgSession::detectPooler(const QSqlDatabase& db, bool* pooled, QSqlError* error)
{
    PGconn* conn = connection(db);
    PgQuery q(db);
    if (!conn || !q.exec(u"SELECT pg_catalog.pg_backend_pid()"_s) || !q.next()) {
        *error = q.lastError();
        return false;
    }
    *pooled = q.value(0).toInt() != PQbackendPID(conn);
    return true;
}

bool PgSession::begin(const QSqlDatabase& db, QSqlError* error)
{
    PGconn* conn = connection(db);
    const QByteArray settings =
        db.driver() ? db.driver()->property(kTransactionSettings).toByteArray() : QByteArray();
    if (!conn) {
        *error = QSqlError(QString(), tr("Not connected to the database."),
                           QSqlError::ConnectionError, u"08003"_s);
        return false;
    }
    // One simple query, one round trip (its text is ours: no values from outside).
    PGresult* r = PQexec(conn, settings.isEmpty() ? "BEGIN" : "BEGIN; " + settings);
    const ExecStatusType status = PQresultStatus(r);
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok) {
        QString state = QString::fromLatin1(PQresultErrorField(r, PG_DIAG_SQLSTATE));
        if (state.isEmpty() && PQstatus(conn) == CONNECTION_BAD)
            state = u"08006"_s;
        *error = QSqlError(QString(), QString::fromUtf8(PQerrorMessage(conn)),
                           QSqlError::StatementError, state);
        if (PQtransactionStatus(conn) == PQTRANS_INERROR)
            PQclear(PQexec(conn, "ROLLBACK"));
    }
    PQclear(r);
    return ok;
}

QString PgSession::schema(const QSqlDatabase& db)
{
    const QString name = db.driver() ? db.driver()->property(kSchema).toString() : QString();
    return name.isEmpty() ? u"public"_s : name;
}

QString PgSession::untrustedReason(const QSqlDatabase& db, const ConnectionSpec& spec, bool* pooled,
                                   DbError* error)
{
    const QString& schema = spec.schema;
    // Runs before search_path is pinned: every function and operator is named with
    // pg_catalog, so nothing here can resolve to an object someone else planted.
    PgQuery q(db);
    q.prepare(uR"sql(
        WITH s AS (SELECT n.oid, n.nspowner, n.nspacl FROM pg_catalog.pg_namespace n
                   WHERE n.nspname OPERATOR(pg_catalog.=) ?)
        SELECT EXISTS (SELECT FROM s),
               coalesce((SELECT pg_catalog.bool_or(a.grantee OPERATOR(pg_catalog.=) 0)
                         FROM s, pg_catalog.aclexplode(s.nspacl) a
                         WHERE a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'), false),
               coalesce((SELECT pg_catalog.string_agg(pg_catalog.format('%s (%s)', c.relname,
                                    pg_catalog.pg_get_userbyid(c.relowner)), ', '
                                    ORDER BY c.relname)
                         FROM s JOIN pg_catalog.pg_class c
                              ON c.relnamespace OPERATOR(pg_catalog.=) s.oid
                         WHERE c.relname OPERATOR(pg_catalog.=) ANY (?::pg_catalog.name[])
                           AND NOT pg_catalog.pg_has_role(c.relowner, s.nspowner, 'MEMBER')
                           AND NOT EXISTS (
                               SELECT FROM pg_catalog.aclexplode(s.nspacl) a
                               WHERE a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'
                                 AND a.grantee OPERATOR(pg_catalog.<>) 0
                                 AND pg_catalog.pg_has_role(c.relowner, a.grantee, 'MEMBER'))),
                        ''),
               pg_catalog.pg_backend_pid()
    )sql"_s);
    q.addBindValue(schema);
    q.addBindValue(u"{horoscope_cache,horoscope_views,horoscope_cache_revisions,"
                   "horoscope_admin_schema_history,alembic_version}"_s);
    PGconn* conn = connection(db);
    if (!conn || !q.exec() || !q.next()) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return {};
    }
    *pooled = q.value(3).toInt() != PQbackendPID(conn);
    if (!q.value(0).toBool()) {
        return tr("The schema %1 does not exist in this database. Set HOROSCOPE_SCHEMA to the "
                  "schema that holds the bot's tables.")
            .arg(schema);
    }
    if (q.value(1).toBool()) {
        return tr("Anyone may create objects in schema %1 (CREATE is granted to PUBLIC), so a "
                  "name there could be someone else's table or function. Ask the database "
                  "owner to run: REVOKE CREATE ON SCHEMA %1 FROM PUBLIC;")
            .arg(schema);
    }
    const QString strangers = q.value(2).toString();
    if (!strangers.isEmpty()) {
        return tr("The tables %1 in schema %2 belong to roles that may not create objects "
                  "there, so they may be someone else's copies of the bot's tables. Nothing was "
                  "read; ask the database owner to check who created them.")
            .arg(strangers, schema);
    }
    return {};
}

bool PgSession::configure(QSqlDatabase& db, const ConnectionSpec& spec, DbError* error)
{
    if (spec.quietNotices) {
        if (PGconn* conn = connection(db))
            PQsetNoticeProcessor(conn, dropNotice, nullptr);
    }
    db.driver()->setProperty(kTransactionSettings, QVariant());
    db.driver()->setProperty(kSchema, spec.schema);
    bool pooled = false;
    DbError checkError; // *error may still hold an earlier target's failure
    const QString untrusted = untrustedReason(db, spec, &pooled, &checkError);
    if (checkError.isError()) {
        *error = checkError;
        return false;
    }
    if (!untrusted.isEmpty()) {
        *error = DbError::make(DbError::Kind::UntrustedSchema, untrusted);
        return false;
    }
    // One simple statement, one round trip: nothing prepared that a pooler could lose.
    QList<ConnectionSpec::Option> settings{
        {u"search_path"_s, ConnectionSpec::searchPath(spec.schema)}};
    settings += spec.sessionSettings;
    QStringList calls;
    for (const ConnectionSpec::Option& s : std::as_const(settings)) {
        QSqlField name(QString(), QMetaType(QMetaType::QString));
        name.setValue(s.first);
        QSqlField value(QString(), QMetaType(QMetaType::QString));
        value.setValue(s.second);
        calls << u"pg_catalog.set_config(%1, %2, %3)"_s.arg(db.driver()->formatValue(name),
                                                            db.driver()->formatValue(value),
                                                            pooled ? u"true"_s : u"false"_s);
    }
    if (pooled) {
        db.driver()->setProperty(kTransactionSettings, u"SELECT "_s + calls.join(u", "_s));
        return true;
    }
    QSqlQuery q(db);
    if (!q.exec(u"SELECT "_s + calls.join(u", "_s))) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    return true;
}
