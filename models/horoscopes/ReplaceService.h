#pragma once

#include "ReplaceStore.h"
#include "Service.h"

// Find and replace across horoscopes for the window (ReplaceStore on its connections): the
// preview on the read connection (cancellable), apply on the primary in short transactions,
// cancellable between them. Every request is answered exactly once (see Service).
class ReplaceService final : public Service
{
public:
    using Service::Service;

    std::shared_ptr<Cancellation> preview(QObject* context, const HoroscopeFilter& filter,
                                          const TextReplace::Options& options, int cap,
                                          Reply<ReplacePreview> done) const;
    // progress(settled, total) runs on the GUI thread while apply runs, never after `context`
    // is gone. A cancel stops before the next transaction: the answer then says cancelled and
    // lists what was written.
    std::shared_ptr<Cancellation> apply(QObject* context, const QList<ReplaceChange>& changes,
                                        std::function<void(int settled, int total)> progress,
                                        Reply<ReplaceOutcome> done) const;
};
