#include "HoroscopeService.h"

void HoroscopeService::load(QObject* context, int id, Reply<HoroscopeRecord> done) const
{
    request<HoroscopeRecord>(
        context,
        [id, spec = spec(), revisions = historyReadable()](QSqlDatabase& db, HoroscopeRecord* out,
                                                           DbError* error) {
            return HoroscopeStore(db, spec, revisions).load(id, out, error);
        },
        std::move(done));
}

void HoroscopeService::save(QObject* context, const HoroscopeRecord& record, const QString& text,
                            bool recreate, Reply<Saved> done, qint64 restoredFrom,
                            std::shared_ptr<const Cancellation> cancel) const
{
    requestWrite<Saved>(
        context,
        [record, text, recreate, restoredFrom, cancel = std::move(cancel), spec = spec(),
         revisions = historyReadable()](QSqlDatabase& db, Saved* out, DbError* error) {
            if (cancel && cancel->isCancelled()) {
                *error = DbError::make(DbError::Kind::Cancelled, DbError::tr("Cancelled."));
                return false;
            }
            HoroscopeStore store(db, spec, revisions);
            const HoroscopeStore::SaveResult r =
                recreate ? store.recreate(record.sign, record.date, text)
                         : store.save(record.id, record.xmin, text, restoredFrom);
            using In = HoroscopeStore::SaveResult::Outcome;
            out->current = r.current;
            switch (r.outcome) {
            case In::Saved:
                out->outcome = Saved::Outcome::Saved;
                return true;
            case In::Conflict:
                out->outcome = Saved::Outcome::Conflict;
                return true;
            case In::Deleted:
                out->outcome = Saved::Outcome::Deleted;
                return true;
            case In::Failed:
                break;
            }
            *error = r.error;
            return false;
        },
        std::move(done));
}

void HoroscopeService::history(QObject* context, const HoroscopeRecord& record,
                               Reply<QList<HoroscopeRevision>> done) const
{
    request<QList<HoroscopeRevision>>(
        context,
        [record, spec = spec(), revisions = historyReadable()](
            QSqlDatabase& db, QList<HoroscopeRevision>* out, DbError* error) {
            return HoroscopeStore(db, spec, revisions)
                .revisions(record.sign, record.date, out, error);
        },
        std::move(done));
}

void HoroscopeService::invalidate(QObject* context, const RowVersions& rows,
                                  Reply<QList<int>> done) const
{
    requestWrite<QList<int>>(
        context,
        [rows, spec = spec(), revisions = historyReadable()](QSqlDatabase& db, QList<int>* out,
                                                             DbError* error) {
            return HoroscopeStore(db, spec, revisions).remove(rows, out, error);
        },
        std::move(done));
}

void HoroscopeService::coverage(QObject* context, const QDate& from, const QDate& to,
                                Reply<QList<CoverageCell>> done) const
{
    requestRead<QList<CoverageCell>>(
        context,
        [from, to, spec = spec(), revisions = historyReadable()](
            QSqlDatabase& db, QList<CoverageCell>* out, DbError* error) {
            return HoroscopeStore(db, spec, revisions).coverage(from, to, out, error);
        },
        std::move(done));
}

void HoroscopeService::summary(QObject* context, Reply<QList<SignSummary>> done) const
{
    requestRead<QList<SignSummary>>(
        context,
        [spec = spec()](QSqlDatabase& db, QList<SignSummary>* out, DbError* error) {
            return SignSummary::load(db, spec, out, error);
        },
        std::move(done));
}
