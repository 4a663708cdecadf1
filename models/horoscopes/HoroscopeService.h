#pragma once

#include "HoroscopeStore.h"
#include "Service.h"
#include "SignSummary.h"

// Single horoscopes for the window: open, save (never over someone else's change), history,
// invalidate, the coverage grid and the per-sign overview. Every request is answered exactly
// once (see Service).
class HoroscopeService final : public Service
{
public:
    using Service::Service;

    // How a save ended when it reached the database; a failed save is a DbError.
    struct Saved
    {
        enum class Outcome { Saved, Conflict, Deleted };
        Outcome outcome = Outcome::Saved;
        HoroscopeRecord current; // Saved: as stored now; Conflict: the other side's version
    };
    using RowVersions = QList<std::pair<int, QString>>; // (id, xmin)

    void load(QObject* context, int id, Reply<HoroscopeRecord> done) const;
    // Saves `text` if the row is still at record.xmin; recreate: puts a deleted one back.
    // restoredFrom > 0: the text is that revision's (the history says "restored").
    // A save still queued when `cancel` is cancelled (the person kept the text as a draft
    // instead) writes nothing and is answered "cancelled".
    void save(QObject* context, const HoroscopeRecord& record, const QString& text, bool recreate,
              Reply<Saved> done, qint64 restoredFrom = 0,
              std::shared_ptr<const Cancellation> cancel = {}) const;
    void history(QObject* context, const HoroscopeRecord& record,
                 Reply<QList<HoroscopeRevision>> done) const;
    // Deletes each row still at the version listed; answers the ids that went.
    void invalidate(QObject* context, const RowVersions& rows, Reply<QList<int>> done) const;
    void coverage(QObject* context, const QDate& from, const QDate& to,
                  Reply<QList<CoverageCell>> done) const;
    void summary(QObject* context, Reply<QList<SignSummary>> done) const;
};
