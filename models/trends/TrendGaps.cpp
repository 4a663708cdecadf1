// ViewTrends: what a bucket covers, days without rows, keys that are not signs.
#include "ViewTrends.h"

QDate ViewTrends::firstDay(qsizetype i) const
{
    return buckets.value(i);
}
QDate ViewTrends::lastDay(qsizetype i) const
{
    return bucketEnd(i);
}
int ViewTrends::dayCount(qsizetype) const
{
    return 0;
}
int ViewTrends::fullDayCount(qsizetype) const
{
    return 0;
}
bool ViewTrends::isComplete(qsizetype) const
{
    return true;
}
