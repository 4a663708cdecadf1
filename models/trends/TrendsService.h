#pragma once

#include "Service.h"
#include "TrendComparison.h"
#include "ViewTrends.h"
#include "ViewsTableModel.h"

// View counts for the trends page: the aggregated trends and the raw rows (see Service).
class TrendsService final : public Service
{
public:
    using Service::Service;

    struct RawViews
    {
        QList<ViewsTableModel::Row> rows; // newest first
        bool truncated = false;           // there were more than ViewsTableModel::kLimit
    };

    void trends(QObject* context, const ViewTrends::Range& range, Reply<ViewTrends> done) const
    {
        trends(context, range, {}, std::move(done));
    }
    // With compare on, the compared period comes in the answer's `compared` (TrendCompare).
    void trends(QObject* context, const ViewTrends::Range& range, const TrendComparison& compare,
                Reply<ViewTrends> done) const;
    // signs: empty for all.
    void rawViews(QObject* context, const QStringList& signs, const QDate& from, const QDate& to,
                  Reply<RawViews> done) const;
};
