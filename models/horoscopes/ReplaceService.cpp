#include "ReplaceService.h"

#include <QCoreApplication>
#include <QPointer>

std::shared_ptr<Cancellation> ReplaceService::preview(QObject* context,
                                                      const HoroscopeFilter& filter,
                                                      const TextReplace::Options& options, int cap,
                                                      Reply<ReplacePreview> done) const
{
    // The rows stream while they are matched, so a cancel of the running statement stops it.
    return requestCancellableRead<ReplacePreview>(
        context,
        [filter, options, cap, spec = spec(),
         revisions = historyReadable()](QSqlDatabase& db, ReplacePreview* out, DbError* error) {
            const TextReplace replace(options);
            return ReplaceStore(db, spec, revisions)
                .preview(filter, replace, cap, nullptr, out, error);
        },
        std::move(done));
}

std::shared_ptr<Cancellation>
ReplaceService::apply(QObject* context, const QList<ReplaceChange>& changes,
                      std::function<void(int settled, int total)> progress,
                      Reply<ReplaceOutcome> done) const
{
    auto cancellation = std::make_shared<Cancellation>();
    QPointer<QObject> guard(context);
    // Called on the worker thread; shown on the GUI thread, where the context may be gone.
    auto report = [guard, progress = std::move(progress)](int settled, int total) {
        QMetaObject::invokeMethod(
            qApp,
            [guard, progress, settled, total] {
                if (guard && progress)
                    progress(settled, total);
            },
            Qt::QueuedConnection);
    };
    requestWrite<ReplaceOutcome>(
        context,
        [changes, report, cancellation, spec = spec(),
         revisions = historyReadable()](QSqlDatabase& db, ReplaceOutcome* out, DbError* error) {
            return ReplaceStore(db, spec, revisions)
                .apply(changes, cancellation->flag(), report, out, error);
        },
        std::move(done));
    return cancellation;
}
