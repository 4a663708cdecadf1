#include "ExportService.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSaveFile>

std::shared_ptr<Cancellation> ExportService::exportRows(QObject* context, const QString& fileName,
                                                        const HoroscopeFilter& filter,
                                                        HoroscopeExporter::Format format,
                                                        std::function<void(qint64 rows)> progress,
                                                        Reply<qint64> done) const
{
    // Goes with the context when that goes first; tearing it down never waits for its thread.
    // From the standby when there is one (unless a change of ours has not reached it yet).
    auto* worker = new DatabaseWorker(readTargets(), context);
    worker->start();
    QPointer<DatabaseWorker> guardWorker(worker);
    auto cancellation = std::make_shared<Cancellation>([guardWorker] {
        if (guardWorker)
            guardWorker->cancelRunningQuery();
    });
    QPointer<QObject> guard(context);
    // Called on the worker thread; shown on the GUI thread, where the context may be gone.
    auto report = [guard, progress = std::move(progress)](qint64 rows) {
        QMetaObject::invokeMethod(
            qApp,
            [guard, progress, rows] {
                if (guard && progress)
                    progress(rows);
            },
            Qt::QueuedConnection);
    };
    requestOn<qint64>(
        worker, context,
        [fileName, filter, format, report, cancellation, spec = spec(),
         revisions = historyReadable()](QSqlDatabase& db, qint64* rows, DbError* error) {
            if (cancellation->isCancelled()) { // while the connection was being made
                *error = DbError::make(DbError::Kind::Cancelled, tr("The export was cancelled."));
                return false;
            }
            QSaveFile out(fileName);
            if (!out.open(QIODevice::WriteOnly)) {
                *error =
                    DbError::make(DbError::Kind::Query,
                                  tr("Could not write %1: %2").arg(fileName, out.errorString()));
                return false;
            }
            if (!HoroscopeExporter::write(db, spec, filter, revisions, format, &out, report,
                                          cancellation->flag(), rows, error)) {
                if (cancellation->isCancelled()) // whatever the cancel broke, it was the user's
                    *error =
                        DbError::make(DbError::Kind::Cancelled, tr("The export was cancelled."));
                return false; // QSaveFile drops the partial file
            }
            if (!out.commit()) {
                *error =
                    DbError::make(DbError::Kind::Query,
                                  tr("Could not write %1: %2").arg(fileName, out.errorString()));
                return false;
            }
            return true;
        },
        [guardWorker, done = std::move(done)](DbResult<qint64> r) {
            if (guardWorker)
                guardWorker->deleteLater();
            done(std::move(r));
        });
    return cancellation;
}
