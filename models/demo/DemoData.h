#pragma once

#include <QDate>
#include <QString>

class QSqlDatabase;

// Deterministic, realistic-looking demo content: a Russian horoscope for each of the 12 signs
// for the last `days` days (varied length and wording, built from phrase banks), and view
// counts with per-sign popularity, a weekly rhythm, a slow trend and a few missing days.
// Only fills what is missing, so a reused demo database is topped up to today.
class DemoData final
{
public:
    static bool fill(QSqlDatabase& db, const QDate& today, int days, QString* error);
    static QString horoscopeText(const QString& sign, const QDate& date);
};
