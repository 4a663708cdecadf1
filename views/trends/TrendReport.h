#pragma once

#include "ViewTrends.h"

#include <QCoreApplication>

class QIODevice;

// `views report`: one page for a meeting, drawn without a display (QPdfWriter): the title,
// the range and bucket, the trends chart as the window draws it (TrendChart), the totals with
// their change, and the biggest movers, in the interface's language.
class TrendReport final
{
    Q_DECLARE_TR_FUNCTIONS(TrendReport)
public:
    struct Mover
    {
        QString sign;
        qint64 views = 0;
        qint64 before = 0; // the compared period, else the previous one of the same length
    };
    // The signs whose views rose (up) or fell the most, in views, at most `count` of them.
    static QList<Mover> movers(const ViewTrends& trends, bool up, int count = 3);
    // What a sign's change is measured against: the comparison when there is one.
    static qint64 before(const ViewTrends& trends, const QString& sign);

    // Draws the page into device (opened for writing); false with the reason in *error.
    static bool write(const ViewTrends& trends, QIODevice* device, QString* error);
};
