#pragma once

#include <QDate>
#include <QList>
#include <QString>

class QSqlDatabase;
class ConnectionSpec;
struct DbError;

// Per sign: how many horoscopes are cached, the latest date, whether today's exists, and
// views over the last 7 days against the 7 before. One query, aggregated in the database.
struct SignSummary
{
    QString sign;
    int horoscopes = 0;
    QDate latest;
    bool hasToday = false;
    qint64 viewsLast7 = 0;
    qint64 viewsPrevious7 = 0;

    static bool load(QSqlDatabase& db, const ConnectionSpec& spec, QList<SignSummary>* out,
                     DbError* error);
};
