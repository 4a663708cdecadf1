#include "PgSession.h"

#include "ConnectionSpec.h"
#include "DbError.h"

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

bool PgSession::configure(QSqlDatabase& db, const ConnectionSpec& spec, DbError* error)
{
    if (spec.quietNotices) {
        if (PGconn* conn = connection(db))
            PQsetNoticeProcessor(conn, dropNotice, nullptr);
    }
    if (spec.sessionSettings.isEmpty())
        return true;
    // One simple statement, one round trip: nothing prepared that a pooler could lose.
    QStringList calls;
    for (const ConnectionSpec::Option& s : spec.sessionSettings) {
        QSqlField name(QString(), QMetaType(QMetaType::QString));
        name.setValue(s.first);
        QSqlField value(QString(), QMetaType(QMetaType::QString));
        value.setValue(s.second);
        calls << u"set_config(%1, %2, false)"_s.arg(db.driver()->formatValue(name),
                                                    db.driver()->formatValue(value));
    }
    QSqlQuery q(db);
    if (!q.exec(u"SELECT "_s + calls.join(u", "_s))) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    return true;
}
