#include "ActivityLog.h"

#include "ChangeNote.h"
#include "HoroscopeQuery.h"
#include "PgQuery.h"
#include "PgSession.h"
#include "Privileges.h"
#include "TextDiff.h"

#include <QSqlError>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace {

// How much of a deleted or inserted text the summary quotes.
constexpr int kQuoted = 80;

QString quoted(const QString& text)
{
    QString line = text.simplified();
    if (line.size() > kQuoted)
        line = line.left(kQuoted - 1) + u'…';
    return u"“"_s + line + u"”"_s;
}

} // namespace

bool ActivityLog::page(QSqlDatabase& db, const ConnectionSpec& spec, const ActivityFilter& filter,
                       const Position* after, int limit, QList<ActivityEntry>* out, DbError* error)
{
    out->clear();
    // Each filter is an equality on the leading column of one of 0010's indexes, then the
    // order's key: the first page reads only its own rows.
    QStringList where;
    QVariantList values;
    if (!filter.person.isEmpty()) {
        where << u"r.changed_by_person = ?"_s;
        values << filter.person;
    }
    if (filter.kind == QLatin1String(ActivityFilter::kOutside)) {
        where << u"r.change_kind IS NULL"_s;
    } else if (!filter.kind.isEmpty()) {
        where << u"r.change_kind = ?"_s;
        values << filter.kind;
    }
    if (!filter.sign.isEmpty()) {
        where << u"r.zodiac_sign = ?"_s;
        values << filter.sign;
    }
    if (filter.since.isValid()) {
        where << u"r.changed_at >= (?::date)::timestamptz"_s;
        values << filter.since.toString(Qt::ISODate);
    }
    if (filter.until.isValid()) {
        where << u"r.changed_at < (?::date + 1)::timestamptz"_s;
        values << filter.until.toString(Qt::ISODate);
    }
    if (after) {
        where << u"(r.changed_at, r.revision_id) < (?::timestamptz, ?)"_s;
        values << after->changedAt << after->revisionId;
    }
    // The text a change made is the next version's (the next change's text before), or the
    // current text: read for the page's rows only (the sign and date index of 0002).
    PgQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT r.revision_id, r.cache_id, r.zodiac_sign, r.horoscope_date, r.operation, "
              "r.change_kind, r.regenerated, r.changed_at, r.changed_at::text, r.changed_by, "
              "r.changed_by_person, r.application_name, r.content, r.restored_from, c.id, "
              "CASE WHEN r.operation = 'UPDATE' THEN coalesce("
              "(SELECT n.content FROM horoscope_cache_revisions n "
              "WHERE n.zodiac_sign = r.zodiac_sign AND n.horoscope_date = r.horoscope_date "
              "AND n.revision_id > r.revision_id AND n.operation <> 'INSERT' "
              "ORDER BY n.revision_id LIMIT 1), c.content) END "
              "FROM horoscope_cache_revisions r LEFT JOIN horoscope_cache c "
              "ON c.zodiac_sign = r.zodiac_sign AND c.horoscope_date = r.horoscope_date "_s +
              (where.isEmpty() ? QString() : u"WHERE "_s + where.join(u" AND "_s)) +
              u" ORDER BY r.changed_at DESC, r.revision_id DESC LIMIT ?"_s);
    for (const QVariant& v : values)
        q.addBindValue(v);
    q.addBindValue(limit);
    if (!q.exec()) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    while (q.next()) {
        ActivityEntry e;
        e.revisionId = q.value(0).toLongLong();
        e.cacheId = q.value(1).toInt();
        e.sign = q.value(2).toString();
        e.date = q.value(3).toDate();
        e.operation = q.value(4).toString();
        e.kind = q.value(5).toString();
        e.regenerated = q.value(6).toBool();
        e.changedAt = q.value(7).toDateTime();
        e.position = q.value(8).toString();
        e.changedBy = q.value(9).toString();
        e.person = q.value(10).toString();
        e.application = q.value(11).toString();
        e.content = q.value(12).toString();
        e.restoredFrom = q.value(13).toLongLong();
        e.currentId = q.value(14).toInt();
        e.after = q.value(15).toString();
        e.summary = summary(e);
        *out << e;
    }
    return true;
}

QStringList ActivityLog::kinds()
{
    return {u"edited"_s,
            u"restored"_s,
            u"regenerated"_s,
            u"replaced"_s,
            u"invalidated"_s,
            u"generated"_s,
            QString::fromLatin1(ActivityFilter::kOutside)};
}

QString ActivityLog::kindLabel(const QString& kind)
{
    if (kind == u"edited")
        return tr("Edited");
    if (kind == u"restored")
        return tr("Restored");
    if (kind == u"regenerated")
        return tr("Regenerated");
    if (kind == u"replaced")
        return tr("Replaced");
    if (kind == u"invalidated")
        return tr("Invalidated");
    if (kind == u"generated")
        return tr("Inserted by the app");
    if (kind == QLatin1String(ActivityFilter::kOutside))
        return tr("By the bot or psql");
    return kind;
}

QString ActivityLog::kindOf(const ActivityEntry& entry)
{
    return entry.kind.isEmpty() ? QString::fromLatin1(ActivityFilter::kOutside) : entry.kind;
}

QString ActivityLog::who(const ActivityEntry& entry)
{
    return entry.person.isEmpty() ? entry.changedBy : entry.person;
}

QString ActivityLog::title(const ActivityEntry& e)
{
    const QString by = who(e);
    const bool insert = e.operation == u"INSERT";
    const bool remove = e.operation == u"DELETE";
    if (e.kind.isEmpty()) { // the bot or psql: no person, the role says who
        if (remove)
            return tr("Deleted outside Horoscope Admin by %1").arg(by);
        if (insert)
            return tr("Inserted outside Horoscope Admin by %1").arg(by);
        return e.regenerated ? tr("Regenerated by the bot (%1)").arg(by)
                             : tr("Changed outside Horoscope Admin by %1").arg(by);
    }
    if (e.kind == u"edited")
        return tr("Edited by %1").arg(by);
    if (e.kind == u"restored")
        return insert ? tr("Restored after an invalidation by %1").arg(by)
                      : tr("Restored an earlier version: %1").arg(by);
    if (e.kind == u"regenerated")
        return tr("Regenerated by %1").arg(by);
    if (e.kind == u"replaced")
        return tr("Replaced by %1").arg(by);
    if (e.kind == u"invalidated")
        return tr("Invalidated by %1").arg(by);
    if (e.kind == u"generated")
        return tr("Generated by %1 in Horoscope Admin").arg(by);
    // A kind this version does not know yet (a newer app wrote it): named as recorded.
    return tr("%1 by %2").arg(e.kind, by);
}

QString ActivityLog::summary(const ActivityEntry& e)
{
    QString what;
    if (e.operation == u"UPDATE") {
        const auto [removed, added] =
            TextDiff::changedCharacters(TextDiff::compute(e.content, e.after));
        what = tr("%n character(s) removed", nullptr, static_cast<int>(removed)) + u", "_s +
               tr("%n added", nullptr, static_cast<int>(added));
    } else {
        what = quoted(e.content);
    }
    return title(e) + u": "_s + what;
}

bool ActivityLog::deletion(QSqlDatabase& db, const ConnectionSpec& spec, qint64 revisionId,
                           ActivityEntry* entry, HoroscopeRecord* current, DbError* error)
{
    PgQuery q(db);
    q.prepare(u"SELECT r.zodiac_sign, r.horoscope_date, r.content, r.operation, r.change_kind, "
              "r.changed_at, r.changed_by, r.changed_by_person, c.id, c.content, c.xmin::text "
              "FROM horoscope_cache_revisions r LEFT JOIN horoscope_cache c "
              "ON c.zodiac_sign = r.zodiac_sign AND c.horoscope_date = r.horoscope_date "
              "WHERE r.revision_id = ?"_s);
    q.addBindValue(revisionId);
    if (!q.exec()) {
        *error = DbError::fromQuery(q.lastError(), spec);
        return false;
    }
    if (!q.next() || q.value(3).toString() != u"DELETE") {
        *error = DbError::make(DbError::Kind::Query,
                               tr("History entry %1 is not a deletion, so there is nothing to "
                                  "restore. Choose an invalidated horoscope (kind invalidated).")
                                   .arg(revisionId));
        return false;
    }
    *entry = {};
    entry->revisionId = revisionId;
    entry->sign = q.value(0).toString();
    entry->date = q.value(1).toDate();
    entry->content = q.value(2).toString();
    entry->operation = q.value(3).toString();
    entry->kind = q.value(4).toString();
    entry->changedAt = q.value(5).toDateTime();
    entry->changedBy = q.value(6).toString();
    entry->person = q.value(7).toString();
    entry->currentId = q.value(8).toInt();
    entry->summary = summary(*entry);
    *current = {};
    current->id = entry->currentId;
    current->sign = entry->sign;
    current->date = entry->date;
    current->content = q.value(9).toString();
    current->xmin = q.value(10).toString();
    return true;
}

bool ActivityLog::restore(QSqlDatabase& db, const ConnectionSpec& spec, qint64 revisionId,
                          Restored* out, DbError* error)
{
    out->revisionId = revisionId;
    PgQuery deleted(db);
    deleted.prepare(u"SELECT zodiac_sign, horoscope_date, content, operation "
                    "FROM horoscope_cache_revisions WHERE revision_id = ?"_s);
    deleted.addBindValue(revisionId);
    if (!deleted.exec()) {
        *error = DbError::fromQuery(deleted.lastError(), spec);
        return false;
    }
    if (!deleted.next() || deleted.value(3).toString() != u"DELETE") {
        *error = DbError::make(DbError::Kind::Query,
                               tr("History entry %1 is not a deletion, so there is nothing to "
                                  "restore. Choose an invalidated horoscope (kind invalidated).")
                                   .arg(revisionId));
        return false;
    }
    const QString sign = deleted.value(0).toString();
    const QDate date = deleted.value(1).toDate();
    out->deletedText = deleted.value(2).toString();

    if (QSqlError failed; !PgSession::begin(db, &failed)) {
        *error = DbError::fromQuery(failed, spec);
        return false;
    }
    PgQuery tx(db);
    // The history's INSERT row (0008) says "restored", who, and from which deletion.
    const ChangeNote note{ChangeNote::Kind::Restored, spec.person, revisionId};
    // A bot insert racing this one wins: ON CONFLICT never waits for the bot's row lock, and
    // this transaction holds nothing the bot could wait on for longer than the one insert.
    PgQuery insert(db);
    insert.prepare(u"INSERT INTO horoscope_cache (zodiac_sign, horoscope_date, content) "
                   "VALUES (?, ?::date, ?) ON CONFLICT ON CONSTRAINT uq_horoscope_cache_sign_date "
                   "DO NOTHING RETURNING id"_s);
    insert.addBindValue(sign);
    insert.addBindValue(date.toString(Qt::ISODate));
    insert.addBindValue(out->deletedText);
    QSqlError failure;
    if (!note.apply(db, &failure) || !insert.exec()) {
        *error = DbError::fromQuery(failure.isValid() ? failure : insert.lastError(), spec);
        tx.exec(u"ROLLBACK"_s);
        Privileges::explainRefusal(db, Privileges::Action::Regenerate, error);
        return false;
    }
    const bool inserted = insert.next();
    if (!tx.exec(u"COMMIT"_s)) {
        *error = DbError::fromQuery(tx.lastError(), spec);
        return false;
    }
    out->outcome = inserted ? Restored::Outcome::Restored : Restored::Outcome::Taken;
    PgQuery now(db);
    now.prepare(u"SELECT c.id, c.zodiac_sign, c.horoscope_date, c.content, c.generated_at, "
                "c.xmin::text FROM horoscope_cache c "
                "WHERE c.zodiac_sign = ? AND c.horoscope_date = ?::date"_s);
    now.addBindValue(sign);
    now.addBindValue(date.toString(Qt::ISODate));
    if (!now.exec()) {
        *error = DbError::fromQuery(now.lastError(), spec);
        return false;
    }
    if (!now.next()) {
        if (inserted) // and deleted again at once
            return true;
        *error = DbError::make(DbError::Kind::Conflict,
                               tr("A horoscope for that sign and day appeared and went again "
                                  "while it was being restored; nothing was written. Restore "
                                  "it again."));
        return false;
    }
    out->current.id = now.value(0).toInt();
    out->current.sign = now.value(1).toString();
    out->current.date = now.value(2).toDate();
    out->current.content = now.value(3).toString();
    out->current.generatedAt = now.value(4).toDateTime();
    out->current.xmin = now.value(5).toString();
    return true;
}
