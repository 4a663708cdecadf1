#pragma once

#include "HoroscopePager.h"
#include "HoroscopeQuery.h"
#include "Service.h"

#include <optional>

// The horoscope list's reads: its pages and its counts, on the window's read connection through
// Database, like every other feature's (see Service): the standby when there is one, the
// primary right after a change of ours. Each request is cancellable on its own; a cancel never
// stops another request sharing the connection (an editor's save, a chart).
class BrowseService final : public Service
{
public:
    using Service::Service;

    // Filtered counts stop at `cap` ("at least cap") and after `timeoutMs` (unknown).
    struct Count
    {
        qint64 total = -1;
        bool estimate = false;   // the planner's, for a large table without conditions
        bool lowerBound = false; // "at least total"
    };

    // One page: HoroscopePager::fetch on the read connection.
    std::shared_ptr<Cancellation> page(QObject* context, const HoroscopeQuery& query,
                                       std::optional<HoroscopeQuery::Position> after, bool backward,
                                       int pageSize, const HoroscopePager::Options& options,
                                       Reply<HoroscopePager::Answer> done) const;
    std::shared_ptr<Cancellation> count(QObject* context, const HoroscopeQuery& query, int cap,
                                        int timeoutMs, Reply<Count> done) const;
};
