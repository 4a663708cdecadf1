#include "ActivityService.h"

void ActivityService::page(QObject* context, const ActivityFilter& filter,
                           const std::optional<ActivityLog::Position>& after,
                           Reply<Page> done) const
{
    requestRead<Page>(
        context,
        [filter, after, spec = spec(), readable = historyReadable()](QSqlDatabase& db, Page* out,
                                                                     DbError* error) {
            if (!readable)
                return true;
            // One more than a page says whether another follows.
            if (!ActivityLog::page(db, spec, filter, after ? &*after : nullptr, kPageSize + 1,
                                   &out->entries, error))
                return false;
            out->more = out->entries.size() > kPageSize;
            if (out->more)
                out->entries.removeLast();
            return true;
        },
        std::move(done));
}

void ActivityService::restore(QObject* context, qint64 revisionId,
                              Reply<ActivityLog::Restored> done) const
{
    requestWrite<ActivityLog::Restored>(
        context,
        [revisionId, spec = spec()](QSqlDatabase& db, ActivityLog::Restored* out, DbError* error) {
            return ActivityLog::restore(db, spec, revisionId, out, error);
        },
        std::move(done));
}
