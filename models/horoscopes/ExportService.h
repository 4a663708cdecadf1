#pragma once

#include "HoroscopeExporter.h"
#include "HoroscopeFilter.h"
#include "Service.h"

// Writes the rows of a filter to a file, as the browser shows them, on a connection of its own
// so that a long export holds up neither browsing nor saving. The file appears only once it is
// complete: a failed or cancelled export leaves nothing behind.
class ExportService final : public Service
{
    Q_DECLARE_TR_FUNCTIONS(ExportService)
public:
    using Service::Service;

    // progress(rows) runs on the GUI thread while the export runs, never after `context` is
    // gone. The answer is the number of rows written.
    std::shared_ptr<Cancellation> exportRows(QObject* context, const QString& fileName,
                                             const HoroscopeFilter& filter,
                                             HoroscopeExporter::Format format,
                                             std::function<void(qint64 rows)> progress,
                                             Reply<qint64> done) const;
};
