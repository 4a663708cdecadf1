#pragma once

#include "ConnectionSpec.h"
#include "DbError.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

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
    QString operation; // UPDATE or DELETE
    bool regenerated = false;
    QDateTime changedAt;
    QString changedBy;
    QString application;
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
    SaveResult save(int id, const QString& expectedXmin, const QString& text);
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

private:
    bool loadWhere(const QString& condition, const QVariantList& values, HoroscopeRecord* out,
                   bool* found, DbError* error);

    QSqlDatabase& m_db;
    ConnectionSpec m_spec;
    bool m_revisions;
};
