#pragma once

#include "ActivityLog.h"
#include "Service.h"

#include <optional>

// The activity log for the window: pages of entries and restoring a deletion, on the
// database's worker; every request is answered exactly once (see Service).
class ActivityService final : public Service
{
public:
    using Service::Service;

    struct Page
    {
        QList<ActivityEntry> entries;
        bool more = false; // another page follows
    };
    static constexpr int kPageSize = 100;

    // Without history (an old database, no right to read it) the log is empty.
    void page(QObject* context, const ActivityFilter& filter,
              const std::optional<ActivityLog::Position>& after, Reply<Page> done) const;
    void restore(QObject* context, qint64 revisionId, Reply<ActivityLog::Restored> done) const;
};
