#include "ServerInfo.h"

#include "ConnectionSpec.h"
#include "PgQuery.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>

using namespace Qt::Literals::StringLiterals;

QString ServerInfo::where() const
{
    QString h = host;
    if (h.contains(u':') && !h.startsWith(u'/'))
        h = u'[' + h + u']';
    return user + u'@' + h + u':' + port + u'/' + database;
}

QDate ServerInfo::today() const
{
    if (!serverDate.isValid())
        return {};
    constexpr qint64 kDay = 24 * 60 * 60;
    const qint64 since = std::max<qint64>(0, QDateTime::currentMSecsSinceEpoch() - readAtMs) / 1000;
    return serverDate.addDays((secondsIntoServerDay + since) / kDay);
}

bool ServerInfo::load(QSqlDatabase& db, const ConnectionSpec& spec, ServerInfo* out, QString* error)
{
    PgQuery q(db);
    const bool ok = q.exec(uR"sql(
        SELECT current_user,
               current_database(),
               coalesce(host(inet_server_addr()), ''),
               current_setting('port'),
               current_setting('server_version'),
               pg_is_in_recovery(),
               current_setting('transaction_read_only') = 'on',
               to_regclass('horoscope_cache') IS NOT NULL,
               to_regclass('horoscope_views') IS NOT NULL,
               to_regclass('horoscope_cache_revisions') IS NOT NULL,
               current_date,
               extract(epoch FROM now() - date_trunc('day', now()))::bigint
    )sql"_s);
    if (!ok || !q.next()) {
        *error = spec.redact(q.lastError().text());
        return false;
    }
    ServerInfo info;
    info.user = q.value(0).toString();
    info.database = q.value(1).toString();
    info.host = q.value(2).toString();
    if (info.host.isEmpty())
        info.host = spec.host.isEmpty() ? tr("local socket") : spec.host;
    info.port = q.value(3).toString();
    info.serverVersion = q.value(4).toString();
    const bool inRecovery = q.value(5).toBool();
    const bool txReadOnly = q.value(6).toBool();
    info.hasCacheTable = q.value(7).toBool();
    info.hasViewsTable = q.value(8).toBool();
    info.hasRevisionsTable = q.value(9).toBool();
    info.serverDate = q.value(10).toDate();
    info.secondsIntoServerDay = q.value(11).toLongLong();
    info.readAtMs = QDateTime::currentMSecsSinceEpoch();
    // Tells this cluster from any other (drafts are kept per database). Only some roles may
    // call pg_control_system(); for the others the untranslated address stands in.
    if (PgQuery id(db);
        id.exec(u"SELECT system_identifier::text FROM pg_control_system()"_s) && id.next())
        info.serverIdentity = u"system:"_s + id.value(0).toString();
    else
        info.serverIdentity =
            u"address:"_s + (q.value(2).toString().isEmpty() ? spec.host : q.value(2).toString()) +
            u':' + info.port;
    QString privilegeError;
    if (!Privileges::load(db, &info.privileges, &privilegeError))
        qWarning("could not read the role's privileges: %s",
                 qPrintable(spec.redact(privilegeError)));
    // Without the tables there is nothing to write yet; the migrations say what they need.
    const bool mayWrite = !info.hasCacheTable || info.privileges.mayWriteHoroscopes();
    if (inRecovery)
        info.readOnlyReason = tr("the server is a read-only standby");
    else if (txReadOnly)
        info.readOnlyReason = tr("the session is read-only (default_transaction_read_only)");
    else if (!mayWrite)
        info.readOnlyReason = tr("role %1 may not change horoscope_cache").arg(info.user);
    info.readOnly = !info.readOnlyReason.isEmpty();
    *out = info;
    return true;
}
