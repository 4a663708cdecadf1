#pragma once

#include <QDate>
#include <QList>
#include <QString>

class QSqlDatabase;
class ConnectionSpec;
struct DbError;

// Per sign: how many horoscopes are cached, the latest date, whether today's and tomorrow's
// exist, and the views of the last N complete days against the N days before them. Today is
// left out of both: a day still under way would read as a fall every morning. One query,
// aggregated in the database; the Overview and `views summary` both read it.
struct SignSummary
{
    static constexpr int defaultDays = 7;
    static constexpr int maxDays = 3660; // views summary --days

    QString sign;
    int horoscopes = 0;
    QDate latest;
    bool hasToday = false;
    bool hasTomorrow = false;
    qint64 viewsLast = 0;     // the last `days` complete days: today - days … today - 1
    qint64 viewsPrevious = 0; // the `days` days before them
    int days = defaultDays;
    QDate today; // the server's current_date when read

    QDate lastFrom() const { return today.addDays(-days); }
    QDate lastTo() const { return today.addDays(-1); }
    QDate previousFrom() const { return today.addDays(-2 * days); }
    QDate previousTo() const { return today.addDays(-days - 1); }
    // viewsLast against viewsPrevious, as a ratio (0.1: +10 %); NaN when the previous is 0.
    double change() const;

    static bool load(QSqlDatabase& db, const ConnectionSpec& spec, QList<SignSummary>* out,
                     DbError* error, int days = defaultDays);
};
