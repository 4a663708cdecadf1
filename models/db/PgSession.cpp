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
    if (!conn || !q.exec(u"SELECT pg_backend_pid()"_s) || !q.next()) {
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

bool PgSession::configure(QSqlDatabase& db, const ConnectionSpec& spec, DbError* error)
{
    if (spec.quietNotices) {
        if (PGconn* conn = connection(db))
            PQsetNoticeProcessor(conn, dropNotice, nullptr);
    }
    db.driver()->setProperty(kTransactionSettings, QVariant());
    if (spec.sessionSettings.isEmpty())
        return true;
    bool pooled = false;
    QSqlError failed;
    if (!detectPooler(db, &pooled, &failed)) {
        *error = DbError::fromQuery(failed, spec);
        return false;
    }
    // One simple statement, one round trip: nothing prepared that a pooler could lose.
    QStringList calls;
    for (const ConnectionSpec::Option& s : spec.sessionSettings) {
        QSqlField name(QString(), QMetaType(QMetaType::QString));
        name.setValue(s.first);
        QSqlField value(QString(), QMetaType(QMetaType::QString));
        value.setValue(s.second);
        calls << u"set_config(%1, %2, %3)"_s.arg(db.driver()->formatValue(name),
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
