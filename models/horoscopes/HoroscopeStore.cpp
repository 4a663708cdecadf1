#include "HoroscopeStore.h"

#include "HoroscopeQuery.h"
#include "PgQuery.h"
#include "PgSession.h"
#include "Privileges.h"

#include <QSqlError>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

HoroscopeStore::HoroscopeStore(QSqlDatabase& db, const ConnectionSpec& spec,
                               bool revisionsAvailable)
    : m_db(db)
    , m_spec(spec)
    , m_revisions(revisionsAvailable)
{}

QString HoroscopeStore::validate(const QString& text)
{
    if (text.trimmed().isEmpty())
        return tr("A horoscope cannot be empty. Write the text, or press Esc to go back to the "
                  "saved one.");
    return {};
}

bool HoroscopeStore::loadWhere(const QString& condition, const QVariantList& values,
                               HoroscopeRecord* out, bool* found, DbError* error)
{
    PgQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT c.id, c.zodiac_sign, c.horoscope_date, c.content, c.generated_at, "
              "c.xmin::text, "_s +
              HoroscopeQuery::correctedExpression(m_revisions) +
              u" FROM horoscope_cache c WHERE "_s + condition);
    for (const QVariant& v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        *error = DbError::fromQuery(q.lastError(), m_spec);
        return false;
    }
    *found = q.next();
    if (*found) {
        out->id = q.value(0).toInt();
        out->sign = q.value(1).toString();
        out->date = q.value(2).toDate();
        out->content = q.value(3).toString();
        out->generatedAt = q.value(4).toDateTime();
        out->xmin = q.value(5).toString();
        out->corrected = q.value(6).toBool();
    }
    return true;
}

bool HoroscopeStore::load(int id, HoroscopeRecord* out, DbError* error)
{
    bool found = false;
    if (!loadWhere(u"c.id = ?"_s, {id}, out, &found, error))
        return false;
    if (!found) {
        *error = DbError::make(DbError::Kind::Conflict,
                               tr("This horoscope no longer exists: it was deleted meanwhile."));
        return false;
    }
    return true;
}

HoroscopeStore::SaveResult HoroscopeStore::save(int id, const QString& expectedXmin,
                                                const QString& text, qint64 restoredFrom)
{
    SaveResult r;
    if (const QString problem = validate(text); !problem.isEmpty()) {
        r.error = DbError::make(DbError::Kind::Query, problem);
        return r;
    }
    PgQuery q(m_db);
    if (QSqlError failed; !PgSession::begin(m_db, &failed)) {
        r.error = DbError::fromQuery(failed, m_spec);
        return r;
    }
    const ChangeNote note{restoredFrom > 0 ? ChangeNote::Kind::Restored : ChangeNote::Kind::Edited,
                          m_spec.person, restoredFrom};
    if (QSqlError noteError; !note.apply(m_db, &noteError)) {
        r.error = DbError::fromQuery(noteError, m_spec);
        q.exec(u"ROLLBACK"_s);
        return r;
    }
    // The saved row comes back from the UPDATE itself: a read after COMMIT could already see
    // someone else's next change, or fail and make a stored save look lost.
    PgQuery update(m_db);
    const QString corrected = m_revisions ? u"(("_s + HoroscopeQuery::correctedExpression(true) +
                                                u") OR o.old_content IS DISTINCT FROM c.content)"_s
                                          : u"false"_s;
    update.prepare(u"UPDATE horoscope_cache c SET content = ? "
                   "FROM (SELECT content AS old_content FROM horoscope_cache WHERE id = ?) o "
                   "WHERE c.id = ? AND c.xmin = ?::xid "
                   "RETURNING c.id, c.zodiac_sign, c.horoscope_date, c.content, c.generated_at, "
                   "c.xmin::text, "_s +
                   corrected);
    update.addBindValue(text);
    update.addBindValue(id);
    update.addBindValue(id);
    update.addBindValue(expectedXmin);
    if (!update.exec()) {
        r.error = DbError::fromQuery(update.lastError(), m_spec);
        q.exec(u"ROLLBACK"_s);
        Privileges::explainRefusal(m_db, Privileges::Action::EditText, &r.error);
        return r;
    }
    int changed = 0;
    while (update.next()) {
        ++changed;
        r.current.id = update.value(0).toInt();
        r.current.sign = update.value(1).toString();
        r.current.date = update.value(2).toDate();
        r.current.content = update.value(3).toString();
        r.current.generatedAt = update.value(4).toDateTime();
        r.current.xmin = update.value(5).toString();
        r.current.corrected = update.value(6).toBool();
    }
    if (changed > 1) {
        q.exec(u"ROLLBACK"_s);
        r.error = DbError::make(DbError::Kind::Query,
                                tr("The save would have changed %1 rows instead of one, so "
                                   "nothing was saved.")
                                    .arg(changed));
        return r;
    }
    if (!q.exec(u"COMMIT"_s)) {
        r.error = DbError::fromQuery(q.lastError(), m_spec);
        if (changed == 1)
            r.error.message = tr("The connection broke while the save was being committed, so "
                                 "it may or may not be stored. Your text is kept; once the "
                                 "connection is back, reload the horoscope (select it again) "
                                 "to see which text is stored.");
        return r;
    }
    if (changed == 1) {
        r.outcome = SaveResult::Outcome::Saved;
        return r;
    }
    bool found = false;
    if (!loadWhere(u"c.id = ?"_s, {id}, &r.current, &found, &r.error))
        return r;
    r.outcome = found ? SaveResult::Outcome::Conflict : SaveResult::Outcome::Deleted;
    return r;
}

HoroscopeStore::SaveResult HoroscopeStore::recreate(const QString& sign, const QDate& date,
                                                    const QString& text)
{
    SaveResult r;
    if (const QString problem = validate(text); !problem.isEmpty()) {
        r.error = DbError::make(DbError::Kind::Query, problem);
        return r;
    }
    PgQuery insert(m_db);
    insert.prepare(u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) "
                   "VALUES (?, ?::date, ?) ON CONFLICT ON CONSTRAINT uq_horoscope_cache_sign_date "
                   "DO NOTHING RETURNING id"_s);
    insert.addBindValue(sign);
    insert.addBindValue(date.toString(Qt::ISODate));
    insert.addBindValue(text);
    if (!insert.exec()) {
        r.error = DbError::fromQuery(insert.lastError(), m_spec);
        return r;
    }
    const bool inserted = insert.next();
    bool found = false;
    if (!loadWhere(u"c.zodiac_sign = ? AND c.horoscope_date = ?::date"_s,
                   {sign, date.toString(Qt::ISODate)}, &r.current, &found, &r.error))
        return r;
    r.outcome = inserted ? SaveResult::Outcome::Saved
                         : (found ? SaveResult::Outcome::Conflict : SaveResult::Outcome::Failed);
    return r;
}

bool HoroscopeStore::remove(const QList<std::pair<int, QString>>& idsAndXmins, QList<int>* removed,
                            DbError* error)
{
    QStringList ids;
    QStringList xmins;
    for (const auto& [id, xmin] : idsAndXmins) {
        ids << QString::number(id);
        xmins << xmin;
    }
    if (QSqlError failed; !PgSession::begin(m_db, &failed)) {
        *error = DbError::fromQuery(failed, m_spec);
        return false;
    }
    PgQuery tx(m_db);
    const ChangeNote note{ChangeNote::Kind::Invalidated, m_spec.person, 0};
    PgQuery q(m_db);
    q.prepare(u"DELETE FROM horoscope_cache c USING unnest(?::integer[], ?::xid[]) AS t(id, x) "
              "WHERE c.id = t.id AND c.xmin = t.x RETURNING c.id"_s);
    q.addBindValue(HoroscopeQuery::arrayLiteral(ids));
    q.addBindValue(HoroscopeQuery::arrayLiteral(xmins));
    QSqlError failure;
    if (!note.apply(m_db, &failure) || !q.exec()) {
        *error = DbError::fromQuery(failure.isValid() ? failure : q.lastError(), m_spec);
        tx.exec(u"ROLLBACK"_s);
        Privileges::explainRefusal(m_db, Privileges::Action::Invalidate, error);
        return false;
    }
    QList<int> gone;
    while (q.next())
        gone << q.value(0).toInt();
    if (!tx.exec(u"COMMIT"_s)) {
        *error = DbError::fromQuery(tx.lastError(), m_spec);
        return false;
    }
    *removed = gone;
    return true;
}

bool HoroscopeStore::revisions(const QString& sign, const QDate& date,
                               QList<HoroscopeRevision>* out, DbError* error)
{
    out->clear();
    if (!m_revisions)
        return true;
    PgQuery q(m_db);
    q.setForwardOnly(true);
    // The columns of migration 0006 read through to_jsonb, so the history still loads on a
    // database that does not have them yet.
    q.prepare(u"SELECT revision_id, content, generated_at, operation, regenerated, changed_at, "
              "changed_by, application_name, to_jsonb(r) ->> 'changed_by_person', "
              "to_jsonb(r) ->> 'change_kind', to_jsonb(r) ->> 'restored_from' "
              "FROM horoscope_cache_revisions r "
              "WHERE zodiac_sign = ? AND horoscope_date = ?::date ORDER BY revision_id DESC"_s);
    q.addBindValue(sign);
    q.addBindValue(date.toString(Qt::ISODate));
    if (!q.exec()) {
        *error = DbError::fromQuery(q.lastError(), m_spec);
        return false;
    }
    while (q.next()) {
        HoroscopeRevision r;
        r.revisionId = q.value(0).toLongLong();
        r.content = q.value(1).toString();
        r.generatedAt = q.value(2).toDateTime();
        r.operation = q.value(3).toString();
        r.regenerated = q.value(4).toBool();
        r.changedAt = q.value(5).toDateTime();
        r.changedBy = q.value(6).toString();
        r.application = q.value(7).toString();
        r.person = q.value(8).toString();
        r.kind = q.value(9).toString();
        r.restoredFrom = q.value(10).toLongLong();
        *out << r;
    }
    return true;
}

bool HoroscopeStore::coverage(const QDate& from, const QDate& to, QList<CoverageCell>* out,
                              DbError* error)
{
    out->clear();
    PgQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT c.zodiac_sign, c.horoscope_date, c.id, "_s +
              HoroscopeQuery::correctedExpression(m_revisions) +
              u" FROM horoscope_cache c WHERE c.horoscope_date BETWEEN ?::date AND ?::date"_s);
    q.addBindValue(from.toString(Qt::ISODate));
    q.addBindValue(to.toString(Qt::ISODate));
    if (!q.exec()) {
        *error = DbError::fromQuery(q.lastError(), m_spec);
        return false;
    }
    while (q.next())
        *out << CoverageCell{q.value(0).toString(), q.value(1).toDate(), q.value(2).toInt(),
                             q.value(3).toBool()};
    return true;
}
