#include "TrendsService.h"

#include "TrendCompare.h"

void TrendsService::trends(QObject* context, const ViewTrends::Range& range,
                           const TrendComparison& compare, Reply<ViewTrends> done) const
{
    requestRead<ViewTrends>(
        context,
        [range, compare, spec = spec()](QSqlDatabase& db, ViewTrends* out, DbError* error) {
            return TrendCompare::load(db, spec, range, compare, out, error);
        },
        std::move(done));
}

void TrendsService::rawViews(QObject* context, const QStringList& signs, const QDate& from,
                             const QDate& to, Reply<RawViews> done) const
{
    requestRead<RawViews>(
        context,
        [signs, from, to, spec = spec()](QSqlDatabase& db, RawViews* out, DbError* error) {
            return ViewsTableModel::load(db, spec, signs, from, to, &out->rows, &out->truncated,
                                         error);
        },
        std::move(done));
}
