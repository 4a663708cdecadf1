#pragma once

#include "ConnectionSpec.h"
#include "DbError.h"
#include "HoroscopeStore.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

class QSqlDatabase;

// One change to one horoscope, as the history (horoscope_cache_revisions) recorded it.
struct ActivityEntry
{
    qint64 revisionId = 0;
    int cacheId = 0; // the row that changed (gone after a deletion)
    QString sign;
    QDate date;
    QString operation; // UPDATE, DELETE, INSERT
    QString kind;      // change_kind as stored; empty for the bot's and psql's changes
    bool regenerated = false;
    QDateTime changedAt;
    QString position;    // changed_at exactly as the server wrote it (microseconds), for paging
    QString changedBy;   // the database role
    QString person;      // recorded by Horoscope Admin; empty for the bot and psql
    QString application; // application_name
    // UPDATE and DELETE: the text before the change; INSERT: the text inserted.
    QString content;
    QString after; // UPDATE: the text the change made
    qint64 restoredFrom = 0;
    int currentId = 0; // the horoscope of that sign and day now (0: there is none)
    QString summary;   // ActivityLog::summary(), filled by page()
};

// What the log shows: all of it, or one person, one kind, one sign, between two days.
struct ActivityFilter
{
    QString person;
    // A change_kind (edited, restored, regenerated, replaced, invalidated, generated…), or
    // kOutside for changes with none (the bot, psql). Empty: every kind.
    QString kind;
    QString sign;
    QDate since; // first day of changed_at, inclusive (the session's time zone)
    QDate until; // last day, inclusive
    static constexpr const char* kOutside = "outside";
};

// The activity log: every change to every horoscope, newest first, a page at a time (keyset:
// after the last entry seen, so paging never repeats or skips an entry while changes go on),
// with a one-line summary of each; and putting an invalidated horoscope back. Used by the
// Activity page and by `history list`, so both say the same. Reads through the indexes of
// migration 0010.
class ActivityLog final
{
    Q_DECLARE_TR_FUNCTIONS(ActivityLog)
public:
    struct Position
    {
        QString changedAt; // ActivityEntry::position
        qint64 revisionId = 0;
    };

    // Up to `limit` entries after `after` (null: the newest).
    static bool page(QSqlDatabase& db, const ConnectionSpec& spec, const ActivityFilter& filter,
                     const Position* after, int limit, QList<ActivityEntry>* out, DbError* error);
    static Position positionOf(const ActivityEntry& entry)
    {
        return {entry.position, entry.revisionId};
    }

    // The kinds a filter can name, in the order the page offers them.
    static QStringList kinds();
    static QString kindLabel(const QString& kind); // "Edited", "By the bot or psql"
    // The entry's kind as the filter names it: change_kind, or "outside".
    static QString kindOf(const ActivityEntry& entry);
    // Who: the person Horoscope Admin recorded, else the database role.
    static QString who(const ActivityEntry& entry);
    // "Edited by Anna Petrova" — what happened and by whom.
    static QString title(const ActivityEntry& entry);
    // The title and what changed, on one line: "Edited by Anna: 3 characters removed, 5 added".
    static QString summary(const ActivityEntry& entry);
    // True for an invalidation (or any deletion) whose text can be put back.
    static bool isDeletion(const ActivityEntry& entry) { return entry.operation == u"DELETE"; }

    // What restoring the deletion `revisionId` would do: its entry, and the horoscope of that
    // sign and day now (id 0: none, the day is free). False with *error when it is no deletion.
    static bool deletion(QSqlDatabase& db, const ConnectionSpec& spec, qint64 revisionId,
                         ActivityEntry* entry, HoroscopeRecord* current, DbError* error);

    struct Restored
    {
        // Restored: the text is back. Taken: a horoscope for that sign and day exists (the bot
        // generated a new one, or someone restored it): nothing was written, `current` is it.
        enum class Outcome { Restored, Taken };
        Outcome outcome = Outcome::Restored;
        HoroscopeRecord current;
        QString deletedText;
        qint64 revisionId = 0; // the deletion
    };
    // Puts the text a deletion removed back (INSERT; the history records it as "restored" by
    // spec.person) unless that sign and day has a horoscope again. Never overwrites one and
    // never makes the bot wait: a bot insert racing this one wins (ON CONFLICT DO NOTHING).
    static bool restore(QSqlDatabase& db, const ConnectionSpec& spec, qint64 revisionId,
                        Restored* out, DbError* error);
};
