#include "PresenceService.h"

#include "PgQuery.h"

using namespace Qt::Literals::StringLiterals;

namespace {

int fromEnvironment(const char* name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

// The table is missing (0009 not applied) or this role may not use it: presence is off.
bool unavailable(const QSqlError& error)
{
    const QString state = error.nativeErrorCode();
    return state == u"42P01"_s || state == u"42501"_s;
}

bool fail(const PgQuery& q, const ConnectionSpec& spec, DbError* error)
{
    *error = DbError::fromQuery(q.lastError(), spec);
    return false;
}

} // namespace

int PresenceService::heartbeatMs()
{
    return fromEnvironment("HOROSCOPE_ADMIN_PRESENCE_HEARTBEAT_MS", kHeartbeatMs);
}

int PresenceService::expirySeconds()
{
    return fromEnvironment("HOROSCOPE_ADMIN_PRESENCE_EXPIRY_S", kExpirySeconds);
}

void PresenceService::beat(QObject* context, const Mine& mine, bool opening, Reply<Beat> done) const
{
    request<Beat>(
        context,
        [mine, opening, spec = spec(), expiry = expirySeconds()](QSqlDatabase& db, Beat* out,
                                                                 DbError* error) {
            PgQuery q(db);
            if (mine.sign.isEmpty()) {
                q.prepare(u"DELETE FROM horoscope_admin_presence WHERE session_id = ?"_s);
                q.addBindValue(mine.session);
            } else if (opening) {
                // Rows of windows gone for a day go too: nothing else ever removes them.
                q.exec(u"DELETE FROM horoscope_admin_presence "
                       "WHERE heartbeat_at < now() - interval '1 day'"_s);
                q.prepare(u"INSERT INTO horoscope_admin_presence AS p (session_id, zodiac_sign, "
                          "horoscope_date, person, has_unsaved) VALUES (?, ?, ?, ?, ?) "
                          "ON CONFLICT (session_id) DO UPDATE SET zodiac_sign = "
                          "EXCLUDED.zodiac_sign, horoscope_date = EXCLUDED.horoscope_date, "
                          "person = EXCLUDED.person, since = now(), heartbeat_at = now(), "
                          "has_unsaved = EXCLUDED.has_unsaved, taken_over_by = NULL, "
                          "taken_over_at = NULL RETURNING p.taken_over_by, p.taken_over_at"_s);
            } else {
                // A row removed meanwhile comes back; a taken-over one keeps saying so.
                q.prepare(u"INSERT INTO horoscope_admin_presence AS p (session_id, zodiac_sign, "
                          "horoscope_date, person, has_unsaved) VALUES (?, ?, ?, ?, ?) "
                          "ON CONFLICT (session_id) DO UPDATE SET heartbeat_at = now(), "
                          "person = EXCLUDED.person, has_unsaved = EXCLUDED.has_unsaved "
                          "RETURNING p.taken_over_by, p.taken_over_at"_s);
            }
            if (!mine.sign.isEmpty()) {
                q.addBindValue(mine.session);
                q.addBindValue(mine.sign);
                q.addBindValue(mine.date);
                q.addBindValue(mine.person);
                q.addBindValue(mine.unsaved);
            }
            if (!q.exec()) {
                if (unavailable(q.lastError())) {
                    out->available = false;
                    return true;
                }
                return fail(q, spec, error);
            }
            if (q.next() && !q.isNull(0)) {
                out->takenOverBy = q.value(0).toString();
                out->takenOverAt = q.value(1).toDateTime();
            }
            q.prepare(u"SELECT session_id, zodiac_sign, horoscope_date, person, since, "
                      "has_unsaved FROM horoscope_admin_presence WHERE session_id <> ? "
                      "AND taken_over_by IS NULL AND heartbeat_at > now() - make_interval(secs "
                      "=> ?) ORDER BY since, session_id LIMIT 1000"_s);
            q.addBindValue(mine.session);
            q.addBindValue(expiry);
            if (!q.exec()) {
                if (unavailable(q.lastError())) {
                    out->available = false;
                    return true;
                }
                return fail(q, spec, error);
            }
            while (q.next()) {
                out->others.append({q.value(0).toString(), q.value(1).toString(),
                                    q.value(2).toDate(), q.value(3).toString(),
                                    q.value(4).toDateTime(), q.value(5).toBool()});
            }
            return true;
        },
        std::move(done));
}

void PresenceService::takeOver(QObject* context, const Mine& mine, Reply<int> done) const
{
    request<int>(
        context,
        [mine, spec = spec(), expiry = expirySeconds()](QSqlDatabase& db, int* out,
                                                        DbError* error) {
            PgQuery q(db);
            q.prepare(u"UPDATE horoscope_admin_presence SET taken_over_by = ?, taken_over_at = "
                      "now() WHERE zodiac_sign = ? AND horoscope_date = ? AND session_id <> ? "
                      "AND taken_over_by IS NULL AND heartbeat_at > now() - make_interval(secs "
                      "=> ?)"_s);
            q.addBindValue(mine.person);
            q.addBindValue(mine.sign);
            q.addBindValue(mine.date);
            q.addBindValue(mine.session);
            q.addBindValue(expiry);
            if (!q.exec())
                return fail(q, spec, error);
            *out = q.numRowsAffected();
            return true;
        },
        std::move(done));
}

void PresenceService::leave(QObject* context, const QString& session, Reply<> done) const
{
    request<std::monostate>(
        context,
        [session, spec = spec()](QSqlDatabase& db, std::monostate*, DbError* error) {
            PgQuery q(db);
            q.prepare(u"DELETE FROM horoscope_admin_presence WHERE session_id = ?"_s);
            q.addBindValue(session);
            if (!q.exec() && !unavailable(q.lastError()))
                return fail(q, spec, error);
            return true;
        },
        std::move(done));
}
