#pragma once

#include "ChangeNote.h"
#include "ConnectionSpec.h"
#include "DbError.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <algorithm>

class QSqlDatabase;

// One horoscope, whole.
struct HoroscopeRecord
{
    int id = 0;
    QString sign;
    QDate date;
    QString content;
    QDateTime generatedAt;
    QString xmin; // row version, as text (the xid type does not fit Qt's int)
    bool corrected = false;
};

// A previous text, kept by the revisions trigger.
struct HoroscopeRevision
{
    qint64 revisionId = 0;
    QString content;
    QDateTime generatedAt;
    // UPDATE or DELETE: content is the text before; INSERT (migration 0008, only the app's own
    // inserts): not a version, content is the text inserted, and the row says who made it.
    QString operation;
    bool regenerated = false;
    QDateTime changedAt;
    QString changedBy;   // the database role
    QString application; // application_name of the session that changed it
    // Recorded by Horoscope Admin (migration 0006); empty when the bot, psql or an older
    // version of the app made the change.
    QString person;
    QString kind;            // edited, restored, regenerated, invalidated, generated
    qint64 restoredFrom = 0; // kind restored: the revision that was put back
};

// A day of a sign in the coverage grid.
struct CoverageCell
{
    QString sign;
    QDate date;
    int id = 0;
    bool corrected = false;
};

// Reading and changing single horoscopes without ever overwriting a change silently: every
// save names the row version it started from, and checks that exactly one row changed.
class HoroscopeStore final
{
    Q_DECLARE_TR_FUNCTIONS(HoroscopeStore)
public:
    struct SaveResult
    {
        enum class Outcome { Saved, Conflict, Deleted, Failed };
        Outcome outcome = Outcome::Failed;
        HoroscopeRecord current; // Saved: as stored now; Conflict: the other side's version
        DbError error;
    };

    HoroscopeStore(QSqlDatabase& db, const ConnectionSpec& spec, bool revisionsAvailable);

    bool load(int id, HoroscopeRecord* out, DbError* error);
    // Saves `text` if the row is still at version `expectedXmin`.
    // restoredFrom > 0: the text is that revision's, put back (the history says so).
    SaveResult save(int id, const QString& expectedXmin, const QString& text,
                    qint64 restoredFrom = 0);
    // Puts a deleted horoscope back; a Conflict if someone (the bot) created it meanwhile.
    SaveResult recreate(const QString& sign, const QDate& date, const QString& text);
    // Deletes each row only if it is still at the version listed; `removed` gets the ids that
    // went, the others changed meanwhile and stay.
    bool remove(const QList<std::pair<int, QString>>& idsAndXmins, QList<int>* removed,
                DbError* error);
    bool revisions(const QString& sign, const QDate& date, QList<HoroscopeRevision>* out,
                   DbError* error);
    bool coverage(const QDate& from, const QDate& to, QList<CoverageCell>* out, DbError* error);

    static QString validate(const QString& text); // an error message, or empty when fine
    // The bot sends a horoscope as one Telegram message, which holds at most this many
    // characters (UTF-16 code units, as Telegram counts them).
    static constexpr int kTelegramMessageLimit = 4096;
    // By how much `text` exceeds one Telegram message (0: it fits).
    static int overTelegramLimit(const QString& text)
    {
        return std::max<int>(0, static_cast<int>(text.size()) - kTelegramMessageLimit);
    }

private:
    bool loadWhere(const QString& condition, const QVariantList& values, HoroscopeRecord* out,
                   bool* found, DbError* error);

    QSqlDatabase& m_db;
    ConnectionSpec m_spec;
    bool m_revisions;
};
