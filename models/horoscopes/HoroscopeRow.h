#pragma once

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QStringList>

// One row of horoscope_cache as the browser lists it: the text only as a preview, so a page
// stays small whatever the texts' size. sortKey holds the row's keyset position exactly as
// the server printed it (timestamps keep their microseconds).
struct HoroscopeRow
{
    int id = 0;
    QString sign;
    QDate date;
    QString preview; // the first 200 characters
    int length = 0;  // in characters
    QDateTime generatedAt;
    QString generatedText;  // as the server prints it; only from a full-text query
    bool corrected = false; // the text was changed by hand since it was generated
    QString xmin;           // row version, as text
    QStringList sortKey;

    QString firstLine() const { return preview.section(QLatin1Char('\n'), 0, 0); }
};
