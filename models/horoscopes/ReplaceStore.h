#pragma once

#include "ConnectionSpec.h"
#include "DbError.h"
#include "HoroscopeFilter.h"
#include "TextReplace.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <atomic>
#include <functional>

class QSqlDatabase;

// One horoscope a find and replace would change: the text it was previewed against and the
// text that replaces it, which is exactly what apply writes.
struct ReplaceChange
{
    int id = 0;
    QString sign;
    QDate date;
    QString before;
    QString after;
    int hits = 0;
    QList<TextReplace::Context> contexts;
};

struct ReplacePreview
{
    QList<ReplaceChange> changes;
    bool truncated = false; // more rows match than the preview holds
    int leftEmpty = 0;      // rows left out: the replacement would leave them without text
};

// A row apply did not write, for the person to decide about.
struct ReplaceSkip
{
    enum class Reason { Changed, Deleted, Busy };
    int id = 0;
    QString sign;
    QDate date;
    Reason reason = Reason::Changed;
};

struct ReplaceOutcome
{
    QList<int> replaced;
    QList<ReplaceSkip> skipped;
    bool cancelled = false; // stopped between batches: the rest was not written
};

// Find and replace across horoscopes in the database. The preview narrows the candidates with
// the browser's filter and LIKE/ILIKE (the trigram index), then TextReplace decides each match.
// Apply writes a row only while its text is still the one previewed, in short transactions of
// a few rows: each locks only rows nobody else holds (SKIP LOCKED, so it never waits for the
// bot), updates them and commits at once, so the bot never waits on it for long either. Each
// change goes to the history as "replaced" with the person (ChangeNote).
class ReplaceStore final
{
    Q_DECLARE_TR_FUNCTIONS(ReplaceStore)
public:
    static constexpr int defaultCap = 10'000; // changes in one preview
    static constexpr int batchSize = 50;      // rows per transaction

    ReplaceStore(QSqlDatabase& db, const ConnectionSpec& spec, bool revisionsAvailable);

    // The filter's own search is ignored: the term is options.search.
    bool preview(const HoroscopeFilter& filter, const TextReplace& replace, int cap,
                 const std::atomic_bool* cancelled, ReplacePreview* out, DbError* error);
    // progress(written or skipped so far, total) after each batch, on the calling thread.
    bool apply(const QList<ReplaceChange>& changes, const std::atomic_bool* cancelled,
               const std::function<void(int, int)>& progress, ReplaceOutcome* out, DbError* error);

    static QString reasonText(ReplaceSkip::Reason reason);

private:
    struct Batch
    {
        QList<int> written;
        QList<int> changed;
        QList<int> deleted;
        QList<int> busy;
    };
    bool applyBatch(const QList<const ReplaceChange*>& batch, Batch* out, DbError* error);

    QSqlDatabase& m_db;
    ConnectionSpec m_spec;
    bool m_revisions;
};
