#include "ReplaceStore.h"

#include "ChangeNote.h"
#include "HoroscopeQuery.h"
#include "PgQuery.h"
#include "PgSession.h"
#include "Privileges.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSqlError>
#include <QThread>

using namespace Qt::Literals::StringLiterals;

namespace {

// Rows another transaction (the bot) holds are tried again this many times, a moment apart,
// before they are reported busy.
constexpr int kBusyRounds = 3;
constexpr int kBusyPauseMs = 200;
// Between two batches the connection rests as long as the last one took (at most this long):
// a thousand rows written back to back kept a core and the WAL busy enough to delay one of the
// bot's transactions by 95 ms (bench_botload replace); at half the pace the bot does not notice.
constexpr qint64 kMaxRestMs = 50;

} // namespace

ReplaceStore::ReplaceStore(QSqlDatabase& db, const ConnectionSpec& spec, bool revisionsAvailable)
    : m_db(db)
    , m_spec(spec)
    , m_revisions(revisionsAvailable)
{}

QString ReplaceStore::reasonText(ReplaceSkip::Reason reason)
{
    switch (reason) {
    case ReplaceSkip::Reason::Changed:
        return tr("changed meanwhile");
    case ReplaceSkip::Reason::Deleted:
        return tr("deleted meanwhile");
    case ReplaceSkip::Reason::Busy:
        return tr("being changed by someone else");
    }
    return {};
}

bool ReplaceStore::preview(const HoroscopeFilter& filter, const TextReplace& replace, int cap,
                           const std::atomic_bool* cancelled, ReplacePreview* out, DbError* error)
{
    *out = {};
    if (!replace.isValid())
        return true;
    HoroscopeFilter f = filter;
    f.search = replace.options().search;
    HoroscopeQuery query(f, m_revisions);
    query.setCaseSensitiveSearch(replace.options().caseSensitive);
    const HoroscopeQuery::Sql sql = query.exportRows();
    PgQuery q(m_db);
    q.setForwardOnly(true); // rows stream: a preview stops reading at its cap
    q.prepare(sql.text);
    HoroscopeQuery::bind(q, sql);
    if (!q.exec()) {
        *error = DbError::fromQuery(q.lastError(), m_spec);
        return false;
    }
    while (q.next()) {
        if (cancelled && cancelled->load()) {
            q.finish();
            *error = DbError::make(DbError::Kind::Cancelled, DbError::tr("Cancelled."));
            return false;
        }
        const QString content = q.value(3).toString();
        const QList<TextReplace::Hit> hits = replace.hits(content);
        if (hits.isEmpty())
            continue; // the database's candidate, not a match (a part of a word, another case)
        ReplaceChange c;
        c.after = replace.replaced(content, hits);
        if (c.after == content)
            continue;
        if (c.after.trimmed().isEmpty()) {
            ++out->leftEmpty;
            continue;
        }
        if (out->changes.size() >= cap) {
            out->truncated = true;
            q.finish();
            break;
        }
        c.id = q.value(0).toInt();
        c.sign = q.value(1).toString();
        c.date = q.value(2).toDate();
        c.before = content;
        c.hits = static_cast<int>(hits.size());
        c.contexts = replace.contexts(content, hits);
        out->changes << c;
    }
    if (q.lastError().isValid()) {
        *error = DbError::fromQuery(q.lastError(), m_spec);
        return false;
    }
    return true;
}

bool ReplaceStore::applyBatch(const QList<const ReplaceChange*>& batch, Batch* out, DbError* error)
{
    QStringList ids;
    QStringList before;
    QStringList after;
    for (const ReplaceChange* c : batch) {
        ids << QString::number(c->id);
        before << c->before;
        after << c->after;
    }
    if (QSqlError failed; !PgSession::begin(m_db, &failed)) {
        *error = DbError::fromQuery(failed, m_spec);
        return false;
    }
    PgQuery tx(m_db);
    const auto rollback = [&tx] { tx.exec(u"ROLLBACK"_s); };
    // The app's lock_timeout (a command's --lock-timeout) when one is set, else a short one.
    // Nothing here should wait: the rows are taken with SKIP LOCKED.
    PgQuery limit(m_db);
    QSqlError failure;
    const ChangeNote note{ChangeNote::Kind::Replaced, m_spec.person, 0};
    if (!limit.exec(u"SELECT set_config('lock_timeout', '1000', true) "
                    "WHERE current_setting('lock_timeout') IN ('0', '0ms')"_s)) {
        *error = DbError::fromQuery(limit.lastError(), m_spec);
        rollback();
        return false;
    }
    if (!note.apply(m_db, &failure)) {
        *error = DbError::fromQuery(failure, m_spec);
        rollback();
        return false;
    }
    // A row is written only while its text is the one previewed (content = t.old) and only
    // when no one else holds it (SKIP LOCKED): the bot's row is left for a later round.
    PgQuery q(m_db);
    q.prepare(u"WITH t AS (SELECT * FROM unnest(?::integer[], ?::text[], ?::text[]) "
              "AS t(id, old, new)), "
              "l AS (SELECT c.id FROM horoscope_cache c JOIN t ON t.id = c.id "
              "ORDER BY c.id FOR UPDATE OF c SKIP LOCKED), "
              "u AS (UPDATE horoscope_cache c SET content = t.new FROM t "
              "WHERE c.id = t.id AND c.id IN (SELECT id FROM l) AND c.content = t.old "
              "RETURNING c.id) "
              "SELECT t.id, t.id IN (SELECT id FROM u), t.id IN (SELECT id FROM l), "
              "EXISTS (SELECT 1 FROM horoscope_cache c WHERE c.id = t.id) FROM t"_s);
    q.addBindValue(HoroscopeQuery::arrayLiteral(ids));
    q.addBindValue(HoroscopeQuery::arrayLiteral(before));
    q.addBindValue(HoroscopeQuery::arrayLiteral(after));
    if (!q.exec()) {
        *error = DbError::fromQuery(q.lastError(), m_spec);
        rollback();
        Privileges::explainRefusal(m_db, Privileges::Action::EditText, error);
        return false;
    }
    Batch b;
    while (q.next()) {
        const int id = q.value(0).toInt();
        if (q.value(1).toBool())
            b.written << id;
        else if (q.value(2).toBool())
            b.changed << id;
        else if (q.value(3).toBool())
            b.busy << id;
        else
            b.deleted << id;
    }
    if (!tx.exec(u"COMMIT"_s)) {
        *error = DbError::fromQuery(tx.lastError(), m_spec);
        return false;
    }
    *out = b;
    return true;
}

bool ReplaceStore::apply(const QList<ReplaceChange>& changes, const std::atomic_bool* cancelled,
                         const std::function<void(int, int)>& progress, ReplaceOutcome* out,
                         DbError* error)
{
    *out = {};
    QHash<int, const ReplaceChange*> byId;
    QList<const ReplaceChange*> pending;
    for (const ReplaceChange& c : changes) {
        byId.insert(c.id, &c);
        pending << &c;
    }
    const int total = static_cast<int>(changes.size());
    int settled = 0;
    const auto skip = [&](const QList<int>& ids, ReplaceSkip::Reason reason) {
        for (int id : ids) {
            const ReplaceChange* c = byId.value(id);
            out->skipped << ReplaceSkip{id, c->sign, c->date, reason};
        }
    };
    qint64 lastBatchMs = 0;
    for (int round = 0; round <= kBusyRounds && !pending.isEmpty(); ++round) {
        if (round > 0)
            QThread::msleep(kBusyPauseMs); // the bot's transaction is short
        QList<const ReplaceChange*> busy;
        for (qsizetype at = 0; at < pending.size(); at += batchSize) {
            if (cancelled && cancelled->load()) {
                out->cancelled = true;
                return true;
            }
            if (at > 0 || round > 0)
                QThread::msleep(static_cast<unsigned long>(std::min(lastBatchMs, kMaxRestMs)));
            Batch b;
            QElapsedTimer took;
            took.start();
            if (!applyBatch(pending.mid(at, batchSize), &b, error))
                return false;
            lastBatchMs = took.elapsed();
            out->replaced << b.written;
            skip(b.changed, ReplaceSkip::Reason::Changed);
            skip(b.deleted, ReplaceSkip::Reason::Deleted);
            for (int id : std::as_const(b.busy))
                busy << byId.value(id);
            settled += static_cast<int>(b.written.size() + b.changed.size() + b.deleted.size());
            if (progress)
                progress(settled, total);
        }
        pending = busy;
    }
    QList<int> stillBusy;
    for (const ReplaceChange* c : std::as_const(pending))
        stillBusy << c->id;
    skip(stillBusy, ReplaceSkip::Reason::Busy);
    if (progress)
        progress(total, total);
    return true;
}
