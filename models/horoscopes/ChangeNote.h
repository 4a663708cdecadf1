#pragma once

#include <QString>

class QSqlDatabase;
class QSqlError;

// What the history records about a change this app makes: who (the person at the keyboard,
// not only the shared role) and what it was. Migration 0006 gives the revisions table columns
// whose defaults read these settings; they are local to the transaction, so they also work
// through a transaction-mode pooler and never label a later change. Since 0007 the defaults
// also require horoscope_admin.xact to name the current transaction, which apply() sets.
struct ChangeNote
{
    // Generated: a horoscope the app inserted where there was none (0008 records inserts).
    // Replaced: changed by a find and replace across texts (ReplaceService).
    enum class Kind { Edited, Restored, Regenerated, Invalidated, Generated, Replaced };

    Kind kind = Kind::Edited;
    QString person;
    qint64 restoredFrom = 0; // Restored: the revision_id of the version put back

    static QString kindName(Kind kind);
    // Run inside the change's transaction, before the change.
    bool apply(QSqlDatabase& db, QSqlError* error) const;
};
